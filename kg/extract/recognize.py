"""Recognition: typed candidate spans (person, organisation, place, post, date) over one text.

Everything here is a pure function of the text, its sentences, the tagger's words and
the resources (lexicons, gazetteer). The spaCy components in ``kg.extract.pipeline``
call :func:`recognize` and turn the candidates into ``Doc`` spans.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import takewhile

from kg.extract.gazetteer import Gazetteer
from kg.extract.lexicons import Lexicons, OrgSuffix, post_regex, unit_suffixes
from kg.extract.rules import Rule
from kg.extract.spanindex import SpanIndex
from kg.read.credits import CREDIT_POSTS, credit_names
from kg.read.segment import sentences
from kg.records import OrgKind, PlaceLevel


@dataclass(frozen=True, slots=True)
class Token:
    """One tagger word located in the text."""

    start: int
    end: int
    text: str
    tag: str


class Tokens(list[Token]):
    """The tagger's words in text order, with their starts for a binary search in C (``_token_index``);
    built once per text by :func:`recognize` and :func:`kg.extract.entity_rules.apply_rules`."""

    __slots__ = ("starts",)

    def __init__(self, tokens: Iterable[Token] = ()) -> None:
        super().__init__(tokens)
        # words out of order or overlapping (never from the tagger) are searched as before, by hand
        self.starts: list[int] | None = [t.start for t in self] if _in_order(self) else None


def indexed(tokens: list[Token]) -> Tokens:
    """The words as :class:`Tokens` (the list itself when it is one)."""
    return tokens if isinstance(tokens, Tokens) else Tokens(tokens)


def _in_order(tokens: Sequence[Token]) -> bool:
    """Each word ends at or after its start and starts at or after the end of the word before."""
    end = 0
    for t in tokens:
        if t.start < end or t.end < t.start:
            return False
        end = t.end
    return True


@dataclass(frozen=True, slots=True)
class Cand:
    """A recognised span with what resolution needs."""

    label: str                       # PERSON | ORG | PLACE | POST | DATE | DEIXIS
    start: int
    end: int
    text: str
    source: str
    name: str = ""                   # canonical name (expanded), defaults to text
    level: PlaceLevel | None = None
    code: str | None = None
    kind: OrgKind | None = None
    relative: bool = False           # relative unit name (区委组织部): belongs to the home division
    parent: str | None = None        # name of the organisation this one belongs to
    parent_legal: bool = False       # the parent is an enterprise with a legal form (its own node)
    generic: bool = False
    attrs: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def canonical(self) -> str:
        return self.name or self.text


@dataclass(frozen=True, slots=True)
class Resources:
    lexicons: Lexicons
    gazetteer: Gazetteer
    post_re: re.Pattern[str]
    entity_rules: tuple[Rule, ...] = ()   # kg/extract/patterns/entities, applied after recognition
    # derived from the lexicons once: the words a unit's name ends with (a compound of a unit: 某厂宿舍),
    # and the place suffixes in the order they are looked for (sites last)
    unit_words: tuple[str, ...] = field(init=False, repr=False, compare=False)
    place_suffixes: tuple[tuple[str, PlaceLevel], ...] = field(init=False, repr=False, compare=False)
    team_words: tuple[str, ...] = field(init=False, repr=False, compare=False)   # the team kind's unit suffixes
    branch_suffixes: tuple[OrgSuffix, ...] = field(init=False, repr=False, compare=False)   # longest first
    site_words: tuple[str, ...] = field(init=False, repr=False, compare=False)   # the site level's place suffixes
    long_site_words: tuple[str, ...] = field(init=False, repr=False, compare=False)   # ... of 3 characters or more
    long_place_words: tuple[str, ...] = field(init=False, repr=False, compare=False)  # place suffixes of 2 or more

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit_words", (*unit_suffixes(self.lexicons.org_suffixes), "厂"))
        # sites last: their names may begin after a community or village found first (某社区|某超市卡口)
        object.__setattr__(self, "place_suffixes", tuple(sorted(self.lexicons.place_suffixes,
                                                                key=lambda p: p[1] == PlaceLevel.SITE)))
        object.__setattr__(self, "site_words", tuple(w for w, level in self.lexicons.place_suffixes
                                                    if level is PlaceLevel.SITE))
        object.__setattr__(self, "long_site_words", tuple(w for w in self.site_words if len(w) >= 3))
        object.__setattr__(self, "long_place_words", tuple(w for w, _level in self.lexicons.place_suffixes
                                                           if len(w) >= 2))
        object.__setattr__(self, "team_words", tuple(s.suffix for s in self.lexicons.org_suffixes
                                                    if s.kind is OrgKind.TEAM and s.role != "short"))
        object.__setattr__(self, "branch_suffixes", tuple(sorted(
            (s for s in self.lexicons.org_suffixes if s.kind in _BRANCH_KINDS), key=lambda s: len(s.suffix),
            reverse=True)))


def make_resources(lexicons: Lexicons, gazetteer: Gazetteer, rules: Sequence[Rule] | None = None) -> Resources:
    """The resources, the lexicons extended by the entity rules (default: the shipped ones)."""
    from kg.extract.entity_rules import check_entity_kinds, extend_lexicons, shipped_entity_rules

    if rules is None:
        rules = shipped_entity_rules()   # checked when read
    else:
        rules = tuple(rules)
        check_entity_kinds(rules)
    lexicons = extend_lexicons(lexicons, rules)
    return Resources(lexicons, gazetteer, post_regex(lexicons), rules)


# --------------------------------------------------------------------------- sentences

_CJK = re.compile(r"[\u4e00-\u9fff]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a text that came without them: the reading stage's segmenter."""
    return [(span.start, span.end) for span in sentences(text)]


# --------------------------------------------------------------------------- dates

_NUM = r"(?:\d{1,4}|[〇零一二两三四五六七八九十]{1,3})"
DATE_RE = re.compile(
    rf"(?:(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})年)?(?:(?P<m>{_NUM})月)?(?:(?P<d>{_NUM})[日号])"
    rf"(?P<part>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间|夜间|深夜|晚|夜)?(?:(?P<h>{_NUM})[点时])?"
    rf"|(?:(?P<y2>\d{{4}})年)?(?P<m2>{_NUM})月(?:份|初|中旬|下旬|底)?"
    r"|(?P<rel>第二天|第三天|次日|翌日|当天|当日|当晚|当夜|次日凌晨|昨天|昨日|今天|今日)"
)


# what a date opens with: a digit or numeral (year, month, day), or the first character of a relative day
_DATE_START = re.compile(r"[\d〇零一二两三四五六七八九十第次翌当昨今]")


def _date_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``DATE_RE.finditer(text)``, tried only where a date can open (``_DATE_START``)."""
    pos = 0
    for opening in _DATE_START.finditer(text):
        start = opening.start()
        if start < pos:
            continue
        m = DATE_RE.match(text, start)
        if m is not None:
            yield m
            pos = max(m.end(), start + 1)


def find_dates(text: str) -> list[Cand]:
    out = []
    for m in _date_matches(text):
        if not m.group(0):
            continue
        # ``每日`` / ``多日`` are not dates; a bare number of days (``3日``) needs no prefix check.
        if m.group("rel") is None and m.start() > 0 and text[m.start() - 1] in "每多数几":
            continue
        out.append(Cand("DATE", m.start(), m.end(), m.group(0), "rule:date"))
    return out


# --------------------------------------------------------------------------- helpers

_PUNCT = set("，,。；;：:！!？?、（）()“”‘’「」《》【】—…·- \t\n\u3000")
_BOUNDARY_TAGS = {"w", "p", "c", "u", "xc", "d", "r", "q", "m", "f", "TIME", "ad", "vd"}
# Tagger tags that may be inside an organisation or place name.
_NAME_TAGS = {"n", "nz", "ORG", "LOC", "PER", "j", "vn", "an", "nw", "s", "a"}
# Verbs that occur inside response-unit names (驰援X区志愿服务队, 流调溯源组).
NAME_VERBS = {"援助", "支援", "驰援", "援", "隔离", "抗疫", "防疫", "防控", "转运", "消杀", "采样",
              "流调", "保障", "服务", "观察", "检测", "突击", "帮扶", "追阳", "值守", "巡逻", "督查",
              "考核", "应急", "疫情", "志愿", "核酸", "管控", "协调", "联防联控", "指挥", "宣传", "组织",
              "综合", "物资", "医疗", "感染", "社会面", "封控", "后勤", "秩序", "维护", "安保",
              "应对", "处置", "救治", "前方", "前线", "附属", "驻", "派驻", "驻村", "对口", "援建", "检验",
              "流行病学", "调查", "救援"}
# Words that are never inside a unit name.
_NOT_NAME = {"党员", "干部", "群众", "人员", "职工", "全员", "志愿者", "居民", "同志", "我们", "他们", "广大",
             "各级", "各部门", "多个", "一线", "基层", "全体", "部分", "专门", "此次", "本次", "当地",
             "现场", "时间", "第一时间", "工作", "领导", "主要", "分管", "一名", "每个"}
_QUOTED_TEAM_PEOPLE = frozenset({"党员", "共产党员", "青年", "巾帼", "志愿者", "干部"})   # “某某”党员志愿服务队
_QUOTED_TEAM_STOPS = frozenset({"v", "vd", "p", "c", "u", "d", "w", "r", "xc"})
_GENERIC_TEAM_HEAD = {"党员", "志愿者", "青年", "巾帼", "党员志愿者", "青年志愿者", "一线", "临时", "应急"}
_FORMING = ("成立", "组建", "组成", "设立", "建立", "成立了", "组建了", "组织成立", "牵头成立")
# the level words a relative unit name opens with (区委, 县卫健局): the home division's unit
RELATIVE_HEADS = frozenset("省市州区县镇乡旗")
_PLACE_ENDINGS = ("宿舍", "小区", "社区", "村", "镇", "街道", "大院", "家属院", "公寓")   # 某厂宿舍和某中学: two
_UNIT_ENDINGS = ("委", "局", "办", "部", "厅", "处", "院", "队", "组", "站", "所", "中心", "公司", "政府",
                 "支部")
_COMMON_ENDINGS = {"干部", "全部", "内部", "外部", "局部", "东部", "西部", "南部", "北部", "中部", "腹部",
                   "胸部", "场所", "住所", "处所", "厕所", "车站", "网站", "到处", "好处", "难处", "出处",
                   "各处"}
BARE = "rule:org-bare"
_REFERABLE = (OrgKind.TEMPORARY_BRANCH, OrgKind.PARTY_BRANCH, OrgKind.COMMAND, OrgKind.TEAM)
_BODIES = (OrgKind.GOVERNMENT, OrgKind.INSTITUTION)
_PARTY_UNITS = ("党组", "党委", "党支部", "党总支", "机关党委", "临时党支部", "临时党委", "党工委")
_SUPPORT_VERBS = ("对口支援", "支援", "援助", "驰援", "援")
_INSTITUTIONAL = ("中共", "第", "学校", "校长", "党委", "党工委", "党组", "院党委", "公司党委",
                  "社区", "街道", "村")   # the last: units of the place in focus (社区党委, 街道工委)
_ORDINAL_HEADS = frozenset("第一二三四五六七八九十0123456789")   # 三中队, 第二派出所: numbered, no proper name
_DEIXIS = re.compile(r"(?:我|本|全)(?:省|市|州|区|县|镇|乡|街道|旗)")
_ONE_CHARACTER_UNITS = frozenset("局院所校厂厅")   # a unit written by its kind alone (局党委: the bureau's)
_REFERENCE_HEADS = ("该", "此")   # 该局, 此单位: a reference to a unit named before, no unit's name
_NOT_AFTER_COMMUNITY = ("干部", "工作", "防控", "居民", "医院", "卫生")
_STOP_PLACE_PREFIX = {"居住地", "所在地", "户籍地", "住地", "目的地", "共建", "结对共建", "结对", "织密", "织牢",
                      "所有", "所有居民", "当地", "街道",
                      "各", "该", "本", "全", "无疫", "自然", "行政", "农村", "城市", "老旧", "涉疫", "封控",
                      "管控", "重点", "所在", "周边", "附近", "辖区", "其他", "其它", "多个", "这个", "那个",
                      "下沉", "村", "社区", "小区", "城中",
                      "居民", "农民", "进", "回", "个", "的", "和", "与", "及", "在", "到", "至", "驻",
                      "入", "出", "住", "老", "新建", "高风险", "中风险", "低风险", "封闭", "无疫情",
                      "帮扶", "包联", "联系", "核酸", "核酸检测", "采样", "检测"}


def _token_index(tokens: list[Token], pos: int) -> int:
    """Index of the token containing character ``pos`` (binary search)."""
    starts = tokens.starts if isinstance(tokens, Tokens) else None
    if starts is not None:
        k = bisect_right(starts, pos) - 1
        return k if k >= 0 and tokens[k].end > pos else -1
    lo, hi = 0, len(tokens) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        t = tokens[mid]
        if t.end <= pos:
            lo = mid + 1
        elif t.start > pos:
            hi = mid - 1
        else:
            return mid
    return -1


def token_at(tokens: list[Token], pos: int) -> Token | None:
    """The tagger word containing character ``pos``."""
    k = _token_index(tokens, pos)
    return tokens[k] if k >= 0 else None


def _tag(tok: Token) -> str:
    # The tagger sometimes glues name characters to a bracket (``）建材科技``): read
    # such a word as a noun.
    if tok.tag == "w" and _CJK.search(tok.text):
        return "n"
    return tok.tag


def _inside_quotes(text: str, start: int, end: int) -> bool:
    """True when [start, end) is exactly a quoted term (“无疫社区”)."""
    return start > 0 and end < len(text) and text[start - 1] in "“‘「『\"" and text[end] in "”’」』\""


def occurrences(text: str, word: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every occurrence of ``word``, left to right and not overlapping: the matches of
    ``re.finditer(re.escape(word), text)``, found with ``str.find``."""
    if not word:
        yield from ((i, i) for i in range(len(text) + 1))
        return
    n = len(word)
    i = text.find(word)
    while i >= 0:
        yield i, i + n
        i = text.find(word, i + n)


def starts_of(text: str, word: str) -> tuple[int, ...]:
    """Every start of ``word`` in ``text``, overlapping ones too (``occurrences`` skips those); none for an
    empty word."""
    found = []
    i = text.find(word) if word else -1
    while i >= 0:
        found.append(i)
        i = text.find(word, i + 1)
    return tuple(found)


def starts_of_each(text: str, words: Iterable[str]) -> dict[str, list[int]]:
    """``starts_of(text, w)`` for each of many non-empty ``words`` at once, in one pass over the text (an
    Aho-Corasick automaton of the words): a search of the whole text per word is quadratic where the words grow
    with the text (the names of an article's entities)."""
    unique = list(dict.fromkeys(words))
    goto: list[dict[str, int]] = [{}]       # the trie of the words: node -> character -> node
    ending: list[list[str]] = [[]]          # the words ending at each node, then those its suffixes end
    for w in unique:
        node = 0
        for ch in w:
            nxt = goto[node].get(ch)
            if nxt is None:
                nxt = goto[node][ch] = len(goto)
                goto.append({})
                ending.append([])
            node = nxt
        ending[node].append(w)
    fail = [0] * len(goto)                  # the node of the longest proper suffix of each node's string
    queue = [0]
    for node in queue:                      # breadth first: a suffix's node comes before
        for ch, nxt in goto[node].items():
            if node:
                f = fail[node]
                while f and ch not in goto[f]:
                    f = fail[f]
                fail[nxt] = goto[f].get(ch, 0)
                ending[nxt] += ending[fail[nxt]]
            queue.append(nxt)
    found: dict[str, list[int]] = {w: [] for w in unique}
    node = 0
    for i, ch in enumerate(text, 1):
        while node and ch not in goto[node]:
            node = fail[node]
        node = goto[node].get(ch, 0)
        for w in ending[node]:
            found[w].append(i - len(w))
    return found


# --------------------------------------------------------------------------- places


def find_places(text: str, tokens: list[Token], res: Resources, home: str | None) -> list[Cand]:
    """Divisions from the gazetteer (full names; short forms confirmed by the tagger or the
    home division) and sub-town places by suffix."""
    gaz = res.gazetteer
    home_short = set()
    if home and home in gaz.divisions:
        home_short = {gaz.divisions[home].name}
        from kg.extract.gazetteer import short_form

        s = short_form(gaz.divisions[home].name)
        if s:
            home_short.add(s)
    out: list[Cand] = []
    n = len(text)
    i = 0
    max_len = min(gaz.max_len, 14)
    lengths, short_lengths, by_name, prefixes = gaz.lengths, gaz.short_lengths, gaz.by_name, gaz.prefixes
    while i < n:
        if text[i:i + 2] not in prefixes:
            i += 1   # no division name starts with these two characters (most positions)
            continue
        ch = text[i]
        full, short = lengths.get(ch), short_lengths.get(ch)
        found = None
        for L in full or ():
            if max_len < L or i + L > n:
                continue
            frag = text[i:i + L]
            if frag in by_name and not _tail_of_word(text, tokens, i, i + L, gaz):
                found = Cand("PLACE", i, i + L, frag, "gazetteer")
                break
        if found is None:
            for L in short or ():
                frag = text[i:i + L]
                if frag in gaz.by_short and _short_ok(text, tokens, i, i + L, frag in home_short, gaz):
                    found = Cand("PLACE", i, i + L, frag, "gazetteer:short")
                    break
        if found is not None:
            out.append(found)
            i = found.end
        else:
            i += 1
    # 某县城区 / 某市郊区: the generic part of a division, not the district named 城区 elsewhere
    # (阳泉市城区 is the district named 城区 of that city: kept when the city before has one)
    by_end = {c.end: c for c in out}
    out = [c for c in out if c.text not in _GENERIC_DIVISION or _named_child(gaz, by_end.get(c.start), c.text)]
    # 东方网, 某某日报, 某某电视台: a division name inside a media outlet's name is no mention (not before a
    # word that only opens with a media word: 某县|报告, 某区|报到, 某镇|网格员, 某市|台账)
    lex = res.lexicons
    out = [c for c in out if not (c.source.startswith("gazetteer") and text.startswith(lex.outlet_words, c.end)
                                  and not text.startswith(lex.not_outlet_words, c.end))]
    # 河北|乡村, 镇|村: a town's level character that opens the word 乡村/镇村 names no town
    out = [c for c in out if not (c.source == "gazetteer" and c.text[-1] in "乡镇"
                                  and text[c.end:c.end + 1] in ("村", "镇")
                                  and not _whole_token(tokens, c.start, c.end, ("LOC",)))]
    out.extend(_suffix_places(text, tokens, res, out))
    out.extend(_listed_towns(text, out, res))
    out = _glued_heads(text, tokens, out)
    out.extend(_numbered_compounds(text, out))
    out.extend(_listed_places(text, tokens, out, res.lexicons.list_joins))
    out.extend(_listed_same_suffix(text, tokens, out, res))
    out = _checkpoints(text, tokens, out)
    # a place name never holds 的: a modifier clause swallowed before it (防控难度大的某路8号院) goes
    out = [replace(c, start=c.start + c.text.rindex("的") + 1, text=c.text[c.text.rindex("的") + 1:])
           if "的" in c.text else c for c in out]
    return [c for c in out if len(c.text) >= 2]


# checkpoints of the response: sites (not units) named after the place they guard
_CHECKPOINT = re.compile(r"检查站|卡口|服务点")
# words between the guarded place and the checkpoint word (某村|村口疫情防控|检查站, 某县|高速|卡口)
_CHECKPOINT_GAP = re.compile(r"(?:村口|路口|镇口|道口|出口|入口|收费站)?"
                             r"(?:疫情防控|疫情|防控|防疫|联合|临时|交通|公路|高速|国道|省道|核酸检测|治安|便民)*")


_GENERIC_CHECKPOINT = re.compile(_CHECKPOINT_GAP.pattern + r"(?:检查站|卡口|服务点)")


def _checkpoints(text: str, tokens: list[Token], places: list[Cand]) -> list[Cand]:
    """``某村村口疫情防控检查站``, ``某地高速卡口``, ``某街服务点``: a site whose name starts with
    the place it guards (kept as its own mention, the site nested in it)."""
    out = list(places)
    for m in _CHECKPOINT.finditer(text):
        s, e = m.start(), m.end()
        start = None
        inner = [c for c in places if c.level is not PlaceLevel.SITE and c.start < c.end <= s
                 and s - c.end <= 10 and _CHECKPOINT_GAP.fullmatch(text, c.end, s)]
        if inner:
            start = max(inner, key=lambda c: c.end).start
        else:
            k = _token_index(tokens, e - 1)
            k0 = _token_index(tokens, s - 1) if s > 0 else -1
            if k >= 0 and tokens[k].end == e and tokens[k].start < s and tokens[k].tag in ("LOC", "nz", "ORG"):
                start = tokens[k].start   # 东城检查站 read as one place word
            elif k0 >= 0 and tokens[k0].end == s and tokens[k0].tag in ("LOC", "nz", "ORG") and (
                    tokens[k0].text not in _GENERIC_SITE):
                start = tokens[k0].start
        if start is None or "的" in text[start:e]:
            continue
        out = [c for c in out if not (c.level is PlaceLevel.SITE and c.start < e and start < c.end)]
        out.append(Cand("PLACE", start, e, text[start:e], "rule:checkpoint", level=PlaceLevel.SITE))
    return out


# 长江路88号院, 东风街12号院: a numbered compound off a named road (a place, not an institution)
_COMPOUND_WORD = "号院"   # every numbered compound ends with it: a text without it has none
_NUMBERED = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?(?:路|街|大街|道|巷|里|胡同|弄)|[\u4e00-\u9fff]{2,4})"
                       r"(?:\d{1,5}(?:[-－—~～至]\d{1,5})?|[一二三四五六七八九十百]{1,4})" + _COMPOUND_WORD)




def _whole_token(tokens: list[Token], s: int, e: int, tags: tuple[str, ...]) -> bool:
    """Is [s, e) exactly one tagger word with one of ``tags``?"""
    k = _token_index(tokens, s)
    return k >= 0 and tokens[k].start == s and tokens[k].end == e and tokens[k].tag in tags


# 甲、乙、丙等乡镇 / 甲、乙与丙三个乡镇: town names written without their level word before the level word.
# The tail is found by a pattern; the list before it is parsed by a loop (``_list_start``): a pattern of
# repeated items and separators, both Han characters (与, 和, 及), backtracked for seconds over a run of 与.
_TOWN_TAIL = re.compile(r"(?:等|[一二两三四五六七八九十\d]{1,2}个)(?:边界|相邻|周边|偏远)?(乡镇|镇|乡|街道)")
_TOWN_SEPARATORS = "、和与及"
_TOWN_ITEMS = (2, 4)          # characters in an item
_TOWN_MAX_SEPARATORS = 12


def _list_start(text: str, lo: int, end: int) -> int | None:
    """The leftmost start ``p >= lo`` from which ``text[p:end]`` is a list of 1 to 12 separators between
    items of two to four Han characters (``甲、乙与丙``), by dynamic programming over at most 64 characters:
    for each position, the separator counts with which the rest of the text up to ``end`` parses."""
    shortest, longest = _TOWN_ITEMS
    lo = max(lo, end - (longest + 1) * _TOWN_MAX_SEPARATORS - longest)
    # counts[j]: the separator counts with which text[j:end] parses as items and separators (an item last)
    counts: dict[int, set[int]] = {}
    best = None
    for j in range(end - shortest, lo - 1, -1):
        found: set[int] = set()
        for n in range(shortest, longest + 1):
            k = j + n
            if k > end or not _HAN.fullmatch(text, j, k):
                break
            if k == end:
                found.add(0)
            elif text[k] in _TOWN_SEPARATORS:
                found.update(c + 1 for c in counts.get(k + 1, ()) if c < _TOWN_MAX_SEPARATORS)
        if found:
            counts[j] = found
            if any(c >= 1 for c in found):
                best = j
    return best


def _listed_towns(text: str, known: list[Cand], res: Resources) -> list[Cand]:
    """``王庄、李集等乡镇``: each item that is a town of the gazetteer with the level word is that town."""
    gaz = res.gazetteer
    taken = [(c.start, c.end) for c in known]
    out = []
    last = 0
    for m in _TOWN_TAIL.finditer(text):
        start = _list_start(text, last, m.start())
        if start is None:
            continue
        last = m.end()
        level = m.group(1)
        pos = start
        for i, item in enumerate(re.split(f"[{_TOWN_SEPARATORS}]", text[start:m.start()])):
            s, e = pos, pos + len(item)
            pos = e + 1
            if len(item) >= 3 and item.endswith("等"):
                item, e = item[:-1], e - 1   # 甲、乙等9个乡镇: the last item took the 等 before the count
            if i == 0:   # the first item may carry the words before the list (赶赴|甲镇名)
                head = next((k for k in range(min(4, len(item)), 1, -1)
                             if any(len(c) > 6 for c in gaz.by_name.get(item[-k:] + level[-1], ()))
                             or any(len(c) > 6 for c in gaz.by_name.get(item[-k:] + level[0], ()))), len(item))
                s, item = e - head, item[-head:]
            if any(a < e and s < b and not (s <= a and b <= e and b - a < e - s) for a, b in taken):
                continue   # (a shorter place inside the item, 红旗 of 红旗营, gives way to the listed town)
            for suffix in (("镇", "乡") if level == "乡镇" else (level,)):
                full = item + suffix
                if any(len(code) > 6 for code in gaz.by_name.get(full, ())):
                    out.append(Cand("PLACE", s, e, item, "rule:listed-town", name=full, level=PlaceLevel.TOWN))
                    break
    return out


def _glued_heads(text: str, tokens: list[Token], places: list[Cand]) -> list[Cand]:
    """A compound or village whose proper name the tagger split: 某某|丰源小区 (an unknown place word
    glued before), 某某·国秀家园小区 (a middle dot inside), 该镇东|小营村 (the head glued to 该镇)."""
    starts = {c.end for c in places}
    out = []
    for c in places:
        if c.source == "rule:suffix" and c.level in (PlaceLevel.COMPOUND, PlaceLevel.VILLAGE, PlaceLevel.COMMUNITY,
                                                   PlaceLevel.NATURAL_VILLAGE) and c.start > 1:
            s = c.start
            if text[s - 1] in "·•" and _CJK.match(text[s - 2]):
                k = _token_index(tokens, s - 2)
                if k >= 0 and tokens[k].tag in ("LOC", "nz", "ORG"):
                    s = tokens[k].start
            else:
                k = _token_index(tokens, s - 1)
                tok = tokens[k] if k >= 0 else None
                if tok is not None and tok.end == s and tok.tag == "LOC" and s not in starts:
                    if (len(tok.text) == 2 and tok.text[0] in "镇乡村区县市"
                            and text[tok.start - 1:tok.start] in ("该", "本", "全", "各")):
                        s = tok.start + 1   # 该镇东|小营村: the head is the last character of the word
                    elif (c.level is PlaceLevel.COMPOUND and len(tok.text) == 2
                          and not tok.text.endswith(("路", "街", "道", "巷", "区", "县", "市", "镇", "乡", "村"))):
                        s = tok.start       # 某江|丰源小区: two-character trade name before the compound
            if s < c.start:
                c = replace(c, start=s, text=text[s:c.end], name="")
        out.append(c)
    return out


def _numbered_compounds(text: str, known: list[Cand]) -> list[Cand]:
    out: list[Cand] = []
    if _COMPOUND_WORD not in text:
        return out
    for m in _NUMBERED.finditer(text):
        s = m.start()
        # the road name begins after a place already found (某区|长江路88号院) or punctuation
        inner = [c.end for c in known if s < c.end < m.end()]
        s = max(inner, default=s)
        while s < m.end() and text[s] in "在到于的和与及":
            s += 1
        s = _after_motion(text, s, m.end() - 2)
        out.append(Cand("PLACE", s, m.end(), text[s:m.end()], "rule:suffix", level=PlaceLevel.COMPOUND))
    return out


def _named_child(gaz: Gazetteer, parent: Cand | None, name: str) -> bool:
    """Is ``name`` a division directly under the place ``parent`` (阳泉市 + 城区)?"""
    if parent is None:
        return False
    codes = set(gaz.candidates(parent.text))
    return any(gaz.divisions[c].parent in codes for c in gaz.by_name.get(name, ()))


_GENERIC_DIVISION = {"城区", "郊区", "矿区", "新区", "市区", "县城"}


def _tail_of_word(text: str, tokens: list[Token], s: int, e: int, gaz: Gazetteer) -> bool:
    """A town name that is only the tail of a longer place word (赵陵|铺镇): not that town."""
    k = _token_index(tokens, s)
    if k < 0 or tokens[k].start >= s or tokens[k].tag not in ("LOC", "ORG", "nz"):
        return False
    head = text[tokens[k].start:s]
    if any(head[i:] in gaz.by_name or head[i:] in gaz.by_short for i in range(len(head) - 1)):
        return False   # the word before is (ends with) a division: 某市某区|某街道
    # a town name, or a two-character name (城区 inside 下城区), is not a division there
    return e - s <= 2 or all(len(code) > 6 for code in gaz.by_name[text[s:e]])


_LISTED_LEVELS = (PlaceLevel.SITE, PlaceLevel.COMPOUND, PlaceLevel.COMMUNITY, PlaceLevel.VILLAGE)


def _listed_same_suffix(text: str, tokens: list[Token], places: list[Cand], res: Resources) -> list[Cand]:
    """Sites and compounds listed with one found by its suffix and ending with the same suffix (分布在甲|路口、
    乙路口和丙路口, 甲小区、乙小区): places too, though the tagger read their heads as a verb or a name (团结|路口,
    彭|家|路口). Each item's head is the tagger words right before the suffix, at least two characters and at
    most six, with no punctuation; a head that only says which kind (主要, 十字) names none."""
    found = [p for p in places if p.source == "rule:suffix" and p.level in _LISTED_LEVELS]
    if not found:
        return []
    taken = [(p.start, p.end) for p in places]
    suffixes = [w for w, level in res.place_suffixes if level in _LISTED_LEVELS]
    joins = res.lexicons.list_joins   # 、和及以及 (entities.recognition-words)
    out: list[Cand] = []

    def item_ending(end: int, suffix: str, level: PlaceLevel | None) -> None:
        """The item whose suffix ends at ``end`` (when its head is a name), added to ``out``."""
        s = end - len(suffix)
        k = _token_index(tokens, s - 1)
        start = s
        while k >= 0 and s - start < 2 and tokens[k].end == start and _CJK.match(text, tokens[k].start) \
                and tokens[k].tag not in ("p", "c", "u", "w", "m", "r"):
            start = tokens[k].start
            k -= 1
        head = text[start:s]
        if (not 2 <= len(head) <= 6 or head in res.lexicons.site_modifiers or _ONLY_GENERIC.fullmatch(head)
                or any(a < end and start < b for a, b in taken)):
            return
        cand = Cand("PLACE", start, end, text[start:end], "rule:listed-suffix", level=level)
        out.append(cand)
        taken.append((start, end))

    for p in found:
        suffix = next((w for w in suffixes if p.text.endswith(w) and len(p.text) > len(w)), None)
        if suffix is None:
            continue
        pos = p.end   # forward: 、乙路口、丙路口和丁路口
        while (join := next((w for w in joins if text.startswith(w, pos)), None)) is not None:
            after = pos + len(join)
            nxt = text.find(suffix, after, after + 6 + len(suffix))
            if nxt < 0 or any(ch in _NAME_BREAKS for ch in text[after:nxt]):
                break
            item_ending(nxt + len(suffix), suffix, p.level)
            pos = nxt + len(suffix)
        pos = p.start   # backward: 甲路口、|乙路口
        while (join := next((w for w in joins if text.endswith(w, 0, pos)), None)) is not None \
                and text.endswith(suffix, 0, pos - len(join)):
            before = len(out)
            item_ending(pos - len(join), suffix, p.level)
            if len(out) == before:
                break
            pos = out[-1].start
    return out


_NAME_GOES_ON = frozenset({"n", "nz", "nw", "LOC", "ORG"})   # a word that may carry on the name of the word before
_COUNTED_LEVELS = re.compile("[一二三四五六七八九十两几][个]?[省市区县镇乡村]{1,2}$")


def _listed_places(text: str, tokens: list[Token], places: list[Cand], joins: tuple[str, ...]) -> list[Cand]:
    """Tagger place words listed with a recognised place (甲竹海、乙园、丙酒店等各点位, 甲园、乙园和丙家园): places
    too. A list is a run of words joined by ``joins`` (、和及以及: ``list_joins``); it is read once, whole: an
    item that opens or closes a recognised place makes the list one of places."""
    starts = {p.start for p in places}
    ends = {p.end for p in places}
    covered = SpanIndex(len(text), ((p.start, p.end) for p in places))
    seps = set(joins)
    out: list[Cand] = []
    n = len(tokens)
    i = 0
    while i < n:
        chain = [i]
        while chain[-1] + 2 < n and tokens[chain[-1] + 1].text in seps:
            chain.append(chain[-1] + 2)
        i = chain[-1] + 1
        if len(chain) == 1 or not any(tokens[k].start in starts or tokens[k].end in ends for k in chain):
            continue
        for k in chain:
            tok = tokens[k]
            if tok.tag != "LOC" or len(tok.text) < 2 or covered.overlaps(tok.start, tok.end):
                continue
            after = tokens[k + 1] if k + 1 < n else None
            if after is not None and after.start == tok.end and (after.tag in _NAME_GOES_ON or after.text == "里") \
                    and not tok.text.endswith("等"):
                continue   # 甲区和航空|港区, 甲公寓和植园|里: the name runs on into the next word (not this item's)
            if _COUNTED_LEVELS.search(tok.text):
                continue   # 甲、乙和丙三区县: the list's count glued to its last item
            # 甲、乙等市县: the tagger may glue the list's closing 等 to the last item
            end = tok.end - 1 if tok.text.endswith("等") and len(tok.text) >= 3 else tok.end
            out.append(Cand("PLACE", tok.start, end, text[tok.start:end], "lac:listed", level=PlaceLevel.SITE))
    return out


def _short_ok(text: str, tokens: list[Token], s: int, e: int, is_home: bool, gaz: Gazetteer) -> bool:
    """A short form counts when the tagger calls it a place (or it is the home division),
    and it is not the head of a longer word."""
    k = _token_index(tokens, s)
    if k < 0:
        return False
    tok = tokens[k]
    if tok.start == s and tok.end == e and tok.tag in ("LOC", "ORG", "nz"):
        return True
    if tok.start == s and tok.tag == "LOC" and tok.end > e:
        # ``成都市武侯区`` glued: a short form at the head of a LOC word only if the rest is a division
        return text[e:tok.end] in gaz.by_name
    if is_home:
        # The home short form is trusted, but not when it is a character of another word (武侯祠).
        return tok.start == s or (tok.start < s and tok.tag in ("ORG", "nz", "LOC"))
    return False


class _Ends:
    """Where the places found so far end: a set, and the same offsets ascending for the last end within a range (a
    bisection: sorting the set for each name read, or a pass over it, is quadratic in a long list of places)."""

    __slots__ = ("_ascending", "_set")

    def __init__(self, ends: Iterable[int]) -> None:
        self._set = set(ends)
        self._ascending = sorted(self._set)

    def __contains__(self, x: object) -> bool:
        return x in self._set

    def add(self, x: int) -> None:
        if x not in self._set:
            self._set.add(x)
            insort(self._ascending, x)

    def last_between(self, a: int, b: int) -> int | None:
        """The last end ``x`` with ``a < x < b``, else None."""
        i = bisect_left(self._ascending, b) - 1
        return self._ascending[i] if i >= 0 and self._ascending[i] > a else None


def _suffix_places(text: str, tokens: list[Token], res: Resources, known: list[Cand]) -> list[Cand]:
    out: list[Cand] = []
    ends = _Ends(c.end for c in known)
    start_by_end = {c.end: c.start for c in known}
    starts_of_places = set(start_by_end.values())      # (kept with it: read by _past_stray_head)
    unit_words = res.unit_words
    covered = SpanIndex(len(text), ((c.start, c.end) for c in known))
    gaz = res.gazetteer
    for suffix, level in res.place_suffixes:   # sites last
        for s, e in occurrences(text, suffix):
            if covered.holds(s, e):
                continue
            if suffix == "乡" and (text[s - 1:s] in ("城", "返", "回", "家", "故", "老", "下", "镇", "道")
                                  or text[e:e + 1] in ("村", "镇", "亲", "土", "间", "情", "愁")):
                continue   # 城乡, 返乡, 乡村, 乡镇: words, not a township's name
            if level is PlaceLevel.TOWN and _inside_division(text, s, e, res.gazetteer):
                continue   # 某乡|县, 某乡|市: the head of a county's or a city's name, no township
            start = _place_prefix(text, tokens, s, e, ends, site=level == PlaceLevel.SITE, place_starts=start_by_end,
                                  unit_words=unit_words if level == PlaceLevel.COMPOUND else (),
                                  site_numbers=res.lexicons.site_numbers)
            if (start is None or start >= s) and level in (PlaceLevel.VILLAGE, PlaceLevel.COMMUNITY):
                start = _chained_head(text, tokens, s, ends, (*res.lexicons.not_one_char_names,
                                                             *res.lexicons.site_modifiers))
            if start is None or start >= s:
                continue
            if (level in (PlaceLevel.VILLAGE, PlaceLevel.COMMUNITY) and start - 1 in ends
                    and _orphan_char(text, tokens, start - 1, res.lexicons.not_one_char_names)):
                start -= 1   # 某乡|勾|挂岭村: a character the tagger cut off between a place and a village's name
            if s - start == 1 and level in (PlaceLevel.TOWN, PlaceLevel.VILLAGE, PlaceLevel.COMMUNITY):
                kp = _token_index(tokens, start - 1) if start > 0 else -1
                if kp >= 0 and tokens[kp].end == start and tokens[kp].tag in ("PER", "LOC", "nz", "ORG"):
                    start = tokens[kp].start
            if start in ends and level in (PlaceLevel.VILLAGE, PlaceLevel.COMMUNITY):
                # 某街道|办事处|某社区: the street office's word after the street is no part of the community's name
                office = next((w for w in _OFFICE_AS_PLACE if text.startswith(w, start) and start + len(w) < s), "")
                start += len(office)
            prefix = text[start:s]
            # 又转战到某路某号院, 驻某乡: a motion verb or 驻 glued before the name is cut off, with what precedes it
            start = _after_motion(text, start, s)
            start = _past_stray_head(text, start, e, res, starts_of_places)
            prefix = text[start:s]
            stopped = prefix in _STOP_PLACE_PREFIX or (prefix in res.lexicons.campaign_heads and not (
                _named_campaign_place(text, start, e, start_by_end, res.lexicons)))
            if stopped or prefix[:1] in "各该本全多" or prefix.startswith(_MOTION_PREFIX):
                continue
            if level in (PlaceLevel.TOWN, PlaceLevel.COMMUNITY, PlaceLevel.VILLAGE) and any(
                    gaz.divisions[code].level in _ABOVE_TOWN for code in gaz.by_name.get(prefix, ())):
                continue   # 某区|街道社区, 某区|社区工作人员: the district's streets or communities, none by name
            if prefix.endswith(_GLUED_BEFORE_PLACE):
                continue   # 某校驻|村工作队: 驻村 (stationed in the village), no village's name before the verb
            if level == PlaceLevel.SITE and (_ONLY_GENERIC.fullmatch(prefix)
                                              or prefix.endswith(res.lexicons.site_modifiers)):
                continue   # 临时卡点, 防控卡点, 重要路口: a kind of site, no site's name
            if prefix in res.lexicons.site_modifiers:
                continue   # 相关村, 周边社区, 对口村: which ones, no name
            if level in (PlaceLevel.VILLAGE, PlaceLevel.COMMUNITY, PlaceLevel.COMPOUND) and prefix.endswith(
                    res.lexicons.not_name_endings):
                continue   # 某街道|村（社区）: the street's villages; 做实城市|小区: urban compounds, no name
            if len(prefix) == 1 and prefix in res.lexicons.not_one_char_names and not (
                    prefix in "上下" and _whole_token(tokens, start, e, ("LOC",))):
                continue   # 大村, 一村, 天社区: a word before a level word, not a village's name
            if prefix[-1:] in "下进回驻" and _whole_token(tokens, start + len(prefix) - 1, e, ("LOC", "v")):
                continue   # 几天|下村: the verb 下村 (go down to the village), not a village
            if _inside_quotes(text, start, e):
                continue
            if (level == PlaceLevel.VILLAGE and text[e:e + 1] and text[e] in "民委干级庄里局部厅办所站工振支"
                    and text[e:e + 3] not in res.lexicons.stationed_team_words):
                continue   # 村民, 村委, 村干部: village words (驻某村工作队: the village the team is stationed in)
            if prefix.endswith(suffix):
                continue   # 李家村|村支两委: the village was named just before
            if (level == PlaceLevel.COMMUNITY and text[e:e + 2] in _NOT_AFTER_COMMUNITY
                    and text[e:e + 3] not in (*res.lexicons.stationed_team_words, "工作站")   # 驻某社区工作组: a place
                    and not (s - start >= 2 and _whole_token(tokens, start, s, ("PER", "LOC", "nz", "ORG")))
                    and not (s - start >= 2 and _whole_token(tokens, start, e, ("LOC", "nz", "ORG")))):
                continue   # (a proper name before it stays: 某某社区工作人员, or the tagger's whole name 某某社区)
            if text[start:e].endswith(suffix + suffix):
                e -= len(suffix)   # 某村村口 read as one word 某村村: the village is 某村
            if suffix in _COMMITTEES and text[start:s].endswith(_COMMITTEES[suffix]) and s - start >= 2:
                e = s   # 某村|村委会, 某社区|居委会: the committee of the village (community) named right before
            cand = Cand("PLACE", start, e, text[start:e], "rule:suffix", level=level)
            out.append(cand)
            covered.add(start, e)
            ends.add(e)
            start_by_end[e] = start
            starts_of_places.add(start)
    return out


_TOWN_ENDINGS = ("镇", "乡", "街道", "办事处")
_ABOVE_TOWN = (PlaceLevel.PROVINCE, PlaceLevel.CITY, PlaceLevel.DISTRICT)
_COMMITTEES = {"村委会": "村", "居委会": "社区"}


def _named_campaign_place(text: str, start: int, e: int, start_by_end: dict[int, int], lex: Lexicons) -> bool:
    """某镇|和谐社区: a campaign's kind of community or village (和谐社区, 文明村: ``campaign_heads``) written right
    after the town or street it is in is that town's place of the name, unless the campaign goes on after it
    (某镇文明村|创建, 获评某省和谐社区|称号: ``campaign_tails``); after a province or a city it is a title."""
    town = start_by_end.get(start)
    return (town is not None and text[town:start].endswith(_TOWN_ENDINGS)
            and not text.startswith(lex.campaign_tails, e))


def _chained_head(text: str, tokens: list[Token], s: int, ends: _Ends, not_names: tuple[str, ...]) -> int | None:
    """某镇|二居社区, 某街道|站前社区, 某街道办|陶瓷社区: two characters between a place (or its office, 办) and a
    community's or village's level word are its name, whatever the tagger reads them as (a numeral, an
    adjective, a noun, pieces of words); None when no place ends right before them, or when they are one
    verb, adverb or function word (某镇|协助社区, 某镇|相关村: the clause goes on)."""
    head = s - 2
    if head < 0 or not all(_CJK.match(text, i) for i in (head, head + 1)) or text[head:s] in not_names \
            or text[head] in "各该本全多每此这那其某" or text[head + 1] in _MEASURES:
        return None   # (各社区, 两个村: which or how many, no name)
    k = _token_index(tokens, head)
    if k >= 0 and tokens[k].start == head and tokens[k].end == s and tokens[k].tag in (
            "v", "vn", "vd", "d", "ad", "p", "c", "u", "r"):
        return None
    if head in ends or (text[head - 1:head] == "办" and head - 1 in ends):
        return head
    return None


def _inside_division(text: str, s: int, e: int, gaz: Gazetteer) -> bool:
    """Does a division of the gazetteer run on past ``e`` over the level word ending at ``e`` (安乡|县: the
    county 安乡县; its name starts at most four characters before ``s``)?"""
    return any(text[a:e + k] in gaz.by_name for a in range(max(0, s - 4), s) for k in (1, 2))


def _orphan_char(text: str, tokens: list[Token], i: int, not_names: tuple[str, ...]) -> bool:
    """Is ``text[i]`` one Han character standing alone as a tagger word, and no word that names no place
    (和, 与, 在 …: ``not_one_char_names``) nor a joiner?"""
    k = _token_index(tokens, i)
    return (k >= 0 and tokens[k].start == i and tokens[k].end == i + 1 and _CJK.match(text, i) is not None
            and text[i] not in not_names and text[i] not in "、，到至在于赴驻进回办")


# motion verbs the tagger glues to a following level word (某村|通往镇内): no place name starts so
_MOTION_PREFIX = ("通往", "前往", "途经", "经过", "开往", "去往", "来自", "返回", "回到", "进入", "离开",
                  "转战到", "转战", "奔赴", "赶赴", "来到", "下沉到", "下沉")
_STATION_PREFIX = ("驻", "包保", "包联")   # 包保/包联某村: the cadres answering for a village (the genre's verbs)
_GLUED_BEFORE_PLACE = _MOTION_PREFIX + _STATION_PREFIX


def _after_motion(text: str, start: int, end: int) -> int:
    """Where a place's proper name starts when a motion verb or 驻 is glued before it in [start, end)
    (又转战到|某路某号院, 驻|某乡): right after the last such word, if two characters or more remain."""
    prefix = text[start:end]
    cut = max((prefix.rfind(v) + len(v) for v in _GLUED_BEFORE_PLACE if v in prefix), default=-1)
    if cut <= 0:
        # the tagger may cut such a word in two and glue its tail to the name (包|保某村): the tail goes
        cut = max((len(v) - k for v in _GLUED_BEFORE_PLACE for k in range(1, len(v))
                   if text.startswith(v[:k], start - k) and prefix.startswith(v[k:])), default=-1)
    return start + cut if cut > 0 and len(prefix) - cut >= 2 else start


def _past_stray_head(text: str, start: int, end: int, res: Resources, place_starts: Container[int]) -> int:
    """Where a unit's or place's name in [start, end) starts when the tagger glued a stray word before it
    (来|自|某县医院, 危急关头|市某局, 落实好|某县委, 出发前|县人民政府: ``stray_heads``): right after the word, if a
    division's name, a place found there or a relative level word (市, 县) follows; never when the whole
    name opens with a division (前郭县, 自贡市, 向阳区: the word is the head of its name)."""
    for head in res.lexicons.stray_heads:
        if not text.startswith(head, start):
            continue
        rest = start + len(head)
        gaz = res.gazetteer
        if end - rest < 2 or gaz.name_at(text, start, end):
            return start
        if text[rest] in RELATIVE_HEADS or rest in place_starts or gaz.name_at(text, rest, end):
            return rest
        return start
    return start


_LISTED_PLACE = re.compile(r"(?:村|社区|小区|街道|镇|乡)、$")
_LISTED_REACH = 4   # characters a match of _LISTED_PLACE starts at most before its search's end (社区、 then a newline)


_GOING_TO = {"在", "到", "至", "赴", "来到", "走进", "深入", "进驻", "前往", "抵达", "到达", "驻守", "值守"}
# words of generic site names (核酸采样点, 集中隔离点): not the proper part of a site's name
_GENERIC_SITE = {"核酸", "采样", "检测", "隔离", "集中", "临时", "防疫", "疫情", "防控", "服务", "志愿", "新冠", "病毒"}
# a site's name made of such words only, of road words (临时卡点, 高速出入口) or of level words (小区核酸采样点,
# 社区检测点: the compound's or community's own site, whichever): a kind of site, no name
_ONLY_GENERIC = re.compile("(?:" + "|".join(sorted(_GENERIC_SITE | {"高速", "交通", "进出", "出入", "小区", "社区",
                                                                     "村", "自然村", "行政村", "村组", "街道"},
                                                    key=len, reverse=True)) + ")+")


_LONG_NOUN = 4     # a noun of this many characters before a site word is the site's own name (某某酒店)


def _site_number(tok: Token, closers: tuple[str, ...]) -> bool:
    """A number or letter of a site's name (``1号``, ``A``, ``3期``): up to four ASCII letters or digits,
    closed by one of ``closers`` or by nothing."""
    if tok.tag not in ("m", "xc"):
        return False
    body = next((tok.text[:-len(w)] for w in closers if tok.text.endswith(w)), tok.text)
    return 1 <= len(body) <= 4 and body.isascii() and body.isalnum()


def _place_prefix(text: str, tokens: list[Token], s: int, e: int, ends: _Ends, *, site: bool = False,
                  unit_words: tuple[str, ...] = (), place_starts: dict[int, int] | None = None,
                  site_numbers: tuple[str, ...] = ()) -> int | None:
    """Where the proper part of a ``…村/社区/小区`` name starts, or None (``place_starts``: the start of
    each place found so far, by its end; ``unit_words``: for a compound, the words a unit ends with)."""
    place_starts = place_starts or {}
    k = _token_index(tokens, e - 1)
    if k < 0:
        return None
    tok = tokens[k]
    # The tagger saw the whole name as one place/organisation word (新立村, 黄门街社区), or as a person's
    # name closed by a level word of two characters or more (郭家娄居民区)
    if tok.end == e and tok.start < s and (tok.tag in ("LOC", "ORG", "nz") or (tok.tag == "PER" and e - s >= 2)):
        # split off a division glued in front (塔河镇新立村 as one word)
        glued = ends.last_between(tok.start, s)
        return tok.start if glued is None else glued
    # Otherwise the word right before the suffix is the proper part.
    k0 = _token_index(tokens, s - 1) if s > 0 else -1
    if k0 < 0:
        return None
    prev = tokens[k0]
    if prev.end != s and prev.start < s:
        # the suffix starts inside a word (下沉村): not a name, unless the tagger calls the word a
        # place (平乐镇青华社区部, glued to what follows): split off a division glued in front
        if prev.tag == "n" and prev.end == e and prev.start in ends and 3 <= prev.end - prev.start <= 5:
            return prev.start   # 某区|店上村 read as a noun right after a division: the village
        if prev.tag in ("LOC", "nz", "ORG") and prev.start < s:
            glued = ends.last_between(prev.start, s)
            return prev.start if glued is None else glued
        return None
    tag = _tag(prev)
    if site:
        # 人民路超市卡口: a site is named by a run of words, one of them a proper name
        start, proper, j = s, False, k0
        while j >= 0 and tokens[j].end == start and s - tokens[j].start <= 10 and start not in ends:
            tag_j = _tag(tokens[j])
            # (an adjective or verbal noun inside the run: 某某高速收费站, 某某防控卡点; a number: 某小区1号采样点)
            if tag_j not in ("LOC", "nz", "ORG", "n", "PER", "a", "vn") and not _site_number(
                    tokens[j], site_numbers):
                break
            proper = proper or (tokens[j].tag in ("LOC", "nz", "ORG") and tokens[j].text not in _GENERIC_SITE) \
                or (tag_j == "n" and len(tokens[j].text) >= _LONG_NOUN)   # a name the tagger left a noun
            glued = ends.last_between(tokens[j].start, tokens[j].end)
            if glued is not None:
                start = glued     # 某镇某某酒店|隔离点 read as one word: the division is split off
                break
            start = tokens[j].start
            j -= 1
        if not proper and start < s and start in place_starts:
            # 绥阳|高速收费站: a place right before a run of plain words names the site with them (the place
            # whole: 宽|巷子社区 keeps its adjective)
            return place_starts[start]
        while start < s and _tag(tokens[_token_index(tokens, start)]) in ("a", "vn"):
            start = tokens[_token_index(tokens, start)].end     # the run does not open with 高速 or 防控
        if proper and start < s:
            return start
    if tag in ("LOC", "nz", "ORG", "PER", "nw") and 1 <= len(prev.text) <= (10 if site else 5) and not (
            site and prev.text in _GENERIC_SITE):
        # split off a division glued in front (某镇某某酒店|隔离点 read as one word)
        glued = ends.last_between(prev.start, s)
        return prev.start if glued is None else glued
    # a run of nouns after 在/到/走进 (在石油大院社区): the name of the place one goes to or is at
    j, start = k0, s
    while (j >= 0 and tokens[j].end == start and s - tokens[j].start <= 6 and start not in ends
           and _tag(tokens[j]) in ("n", "nz", "LOC", "a")):
        start = tokens[j].start
        j -= 1
    if start < s and j >= 0 and tokens[j].end == start and tokens[j].text in _GOING_TO:
        return start
    if unit_words:
        # 某某学校小区, 某医院生活小区, 某厂宿舍: the compound of a unit (a unit word, or a word ending like
        # one, in the run of nouns before it; not 单位管理类小区)
        j, start, org = k0, s, False
        while j >= 0 and tokens[j].end == start and s - tokens[j].start <= 8 and start not in ends \
                and _tag(tokens[j]) in ("n", "ORG", "nz"):
            org = org or _tag(tokens[j]) == "ORG" or tokens[j].text.endswith(unit_words)
            start = tokens[j].start
            j -= 1
        if start < s and org and not (j >= 0 and tokens[j].end == start and _tag(tokens[j]) in ("r", "m", "q")):
            return start
    if not site:
        # a short run of plain words right after another place: 某街道|宽巷子|社区
        pe = max((x for x in range(max(0, s - 4), s) if x in ends), default=None)
        if pe is not None and all(_tag(t) in ("n", "a", "s", "an", "nz", "f", "LOC")
                                  for t in tokens[_token_index(tokens, pe):k0 + 1]):
            return pe
    if tag in ("n", "a", "s", "an", "nz", "f") and 1 <= len(prev.text) <= 3 and not site and (
            prev.start in ends or _LISTED_PLACE.search(text, max(0, prev.start - _LISTED_REACH), max(0, prev.start))):
        # a plain word right after another place (某镇东光社区), or listed after one (甲村、高祖社区)
        return prev.start
    return None


# --------------------------------------------------------------------------- organisations


_CONJUNCTIONS = "和及与"


def split_joined_units(tokens: list[Token], lex: Lexicons) -> list[Token]:
    """The tagger's unit words that are two units joined by 和/及/与 (``县总工会和县个体劳动者协会``,
    ``某镇派出所和卫生院``), each side ending like a unit (not a suffix of one character), as three
    words: one official name holding 和 (``发展和改革局``) stays whole, its first part ending like no unit.
    A unit word that runs on into a sending verb (``某市卫健委派出``, ``lexicons.sending_verbs``) is cut
    before the verb."""
    suffixes = unit_suffixes(lex.org_suffixes)
    out: list[Token] = []
    for t in tokens:
        if t.tag not in ("ORG", "nt", "LOC", "ns"):     # (the tagger may read two units as a place)
            out.append(t)
            continue
        verb = next((v for v in lex.sending_verbs
                     if t.text.endswith(v) and t.text[:len(t.text) - len(v)].endswith(suffixes)), None)
        if verb is not None:     # 某市卫健委派出: the unit, then the verb it sends with
            a = t.end - len(verb)
            out += [Token(t.start, a, t.text[:len(t.text) - len(verb)], t.tag), Token(a, t.end, verb, "v")]
            continue
        cut = next((j for j in range(2, len(t.text) - 2) if t.text[j] in _CONJUNCTIONS
                    and t.text[:j].endswith(suffixes) and t.text[j + 1:].endswith(suffixes)), None)
        if cut is None:
            out.append(t)
            continue
        a = t.start + cut
        out += [Token(t.start, a, t.text[:cut], t.tag), Token(a, a + 1, t.text[cut], "c"),
                Token(a + 1, t.end, t.text[cut + 1:], t.tag)]
    return out


def find_orgs(text: str, tokens: list[Token], res: Resources, places: list[Cand], posts: list[Cand]
              ) -> list[Cand]:
    """Suffix-anchored unit names extended to the left over name words, split into units."""
    lex = res.lexicons
    post_spans = [(p.start, p.end) for p in posts]
    in_posts = SpanIndex(len(text), post_spans)
    post_starts = {a for a, _b in post_spans}
    place_starts = {p.start: p for p in places}
    village_at = {p.end: p for p in places if p.level in (PlaceLevel.VILLAGE, PlaceLevel.COMMUNITY)}
    site_at = {p.end: p for p in places if p.level in (PlaceLevel.SITE, PlaceLevel.COMPOUND)}
    places_by_start = sorted(places, key=lambda p: p.start)
    place_firsts = [p.start for p in places_by_start]
    place_reach = max((p.end - p.start for p in places), default=0)
    raw: dict[tuple[int, int], OrgSuffix] = {}
    raw_start_at: dict[int, int] = {}            # each end of ``raw`` -> its earliest start
    member_heads: set[tuple[int, int]] = set()   # teams whose 队 heads the role 队员 written once
    unjoined = frozenset(lex.unjoined_words)
    for suf in lex.org_suffixes:
        for s, e in occurrences(text, suf.suffix):
            ke = _token_index(tokens, e - 1)
            head_of_post = _team_head_of_post(text, e, suf)
            if head_of_post:
                member_heads.add((s, e))   # 队员 or 队长 written once: a kind of member or post, unless named
            if ke < 0 or (tokens[ke].end != e and not res.post_re.fullmatch(text, e, tokens[ke].end)
                          and not _unit_inside_unit_word(tokens[ke], e, suf) and not head_of_post):
                continue   # the suffix ends inside a word (部署, 组建): not a unit end (but 党委|书记 is)
            if suf.role == "short" and text[max(0, e - 2):e] in _COMMON_ENDINGS:
                continue   # 乡村干部, 全部, 内部: common words ending like a unit
            if suf.suffix == "院" and text[s - 1:s] == "号":
                continue   # 某路88号院: a residential compound
            if text.endswith(suf.suffix, 0, s):
                continue   # 临时党支部|支部书记: the unit's head written again for the post, no unit of its own
            if suf.role == "short" and (text[e:e + 1] in ("", "\n") or text[e] in "署分面有理置位"):
                continue   # 部署, 局面, 所有, 处理: a verb or noun, not a unit
            if suf.role == "short" and tokens[ke].tag == "u":
                continue   # “收到”所刷屏: the particle 所, not a unit
            if suf.role == "short" and tokens[ke].tag == "PER" and tokens[ke].end == e and tokens[ke].start < s:
                continue   # 书记陈某科, 主任李某所: a person's name the tagger reads ends in the character, no unit
            if (tokens[ke].text == suf.suffix and tokens[ke].tag == "v" and ke > 0 and tokens[ke - 1].tag == "PER"
                    and tokens[ke - 1].end == s):
                continue   # 某某|站|了出来: a person and the verb (站, to stand) the tagger reads, no station
            if lex.not_unit_runs and any(text.startswith(w, s) for w in lex.not_unit_runs):
                continue   # 某市中心|城区: the suffix runs on into a common word (the city centre), no unit
            if suf.role == "short" and tokens[ke].tag == "v" and tokens[ke].text == suf.suffix and (
                    ke + 1 < len(tokens) and tokens[ke + 1].text in ("前", "后")):
                continue   # 某街道|站|前社区: a name like 站前 read as a verb and a locative, not a unit
            if suf.role == "short" and tokens[ke].start < s and (
                    tokens[ke].end - tokens[ke].start < 3 and tokens[ke].tag != "ORG"):
                continue   # 干部, 场所, 全部: a short suffix inside a common two-character word
            # an org suffix that is the head of a post (组长, 部长, 所长, 站长) is not an org end: a post covers its
            # first character or its end (and none starts right after it)
            if ((in_posts.covers(s) or in_posts.covers_end(e)) and e not in post_starts and not head_of_post):
                continue
            if raw_start_at.get(e, s + 1) <= s:
                continue   # a unit ending here that starts no later is already read
            raw[(s, e)] = suf
            raw_start_at[e] = min(raw_start_at.get(e, s), s)
    cands: list[Cand] = []
    team_at: dict[int, int] = {}       # the end of each team's name -> its start (某某突击队|临时党支部)
    for (s, e), suf in sorted(raw.items()):
        written: int | None = None     # where the whole written name starts, when the unit is named from later on
        start = _org_left(text, tokens, s, suf, place_starts, res.unit_words, lex.posts_and_roles, unjoined)
        if start is None:
            continue
        if suf.kind in _BRANCH_KINDS and s in team_at:
            start = min(start, team_at[s])   # a branch set up in a team is named with the team's whole name
        if suf.kind in _BRANCH_KINDS and start in site_at:
            # 某某宾馆隔离点|临时党支部: a branch written right after the site it is set up at is named with it,
            # though the tagger reads the site's last word as a verb (隔离|点)
            start = site_at[start].start
        # a unit's name never starts inside a place's (某乡|勾|挂岭村工作队: the village is 勾挂岭村)
        across = _places_across(places_by_start, place_firsts, start, place_reach)
        start = next((p.start for p in across if p.end <= s), start)
        start = _quoted_whole(text, tokens, start, e)
        start = _past_stray_head(text, start, e, res, place_starts)
        if suf.kind in _FORMED_KINDS:
            # 组成(了)(一支)某某抗“疫”小分队, 设立某某检查站临时党支部: a team or a temporary branch formed right
            # here is named by all the words after the verb
            start = min(start, _formed_name_start(text, tokens, s, res))
            # 组建我省|第九批某某医疗队, 我|省第九批某某医疗队: the home division's deixis opens no team's name,
            # whether the name was read from the verb on or from its suffix back (我省卫健委 is a unit)
            deixis = next((d for at in (start - 1, start) if at >= 0 and (d := _DEIXIS.match(text, at, e))), None)
            if deixis and deixis.end() > start:
                start = deixis.end()
        if suf.kind in _OWN_UNIT_KINDS or suf.suffix in _OWN_UNIT_SUFFIXES:
            # 某区某街道|某社区|党支部: a village's or a community's own unit is named from the village (community)
            # written right before its unit word; the divisions before it are places of their own
            own = village_at.get(s)
            if own is not None and start < own.start:
                written, start = start, own.start
        name = text[start:e]
        if suf.role == "short" and (start >= s - 1 or len(name) < 3):
            continue
        if (s, e) in member_heads and not _named_part(tokens, start, s, place_starts):
            continue   # 驻村工作队员, 驻村工作队长: a kind of member or post, no team (某市援沪医疗队员: the city's)
        if (len(name) <= len(suf.suffix) and suf.suffix not in ("区委", "县委", "市委", "省委", "州委")
                and not _formed_before(text, start)):
            # a bare unit word (临时党支部) is a new unit only when formed right here; otherwise it
            # may refer back to the one unit of its kind the article names (resolved later)
            if suf.role != "short" and suf.kind in _REFERABLE:
                cands.append(Cand("ORG", start, e, name, BARE, kind=suf.kind, generic=True))
            continue
        if suf.kind is OrgKind.TEAM:
            team_at[e] = start
        cands.append(Cand("ORG", start, e, name, "rule:org", kind=suf.kind,
                          attrs={"written": text[written:e]} if written is not None else {}))
    # keep maximal spans; a shorter candidate inside a longer one is dropped (sorted by start, the longest first:
    # a candidate lies inside a kept one exactly when the furthest end kept so far reaches its end)
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    maximal: list[Cand] = []
    furthest = -1
    for c in cands:
        if c.end <= furthest:
            continue
        maximal.append(c)
        furthest = c.end
    maximal = [_without_department(c, text, lex, post_spans) for c in maximal]
    out: list[Cand] = []
    for c in maximal:
        pieces = [c] if c.source == BARE else _split_org(c, text, tokens, res, place_starts)
        for carried in ("department_end", "written"):
            if carried in c.attrs:
                pieces = [replace(p, attrs={**p.attrs, carried: c.attrs[carried]}) if p.end == c.end else p
                          for p in pieces]
        out.extend(pieces)
        j = c.text.find("驻")
        if c.source != BARE and j >= 2 and (c.start + j + 1 in place_starts or c.text.startswith(
                _STATIONED_AT, j + 1)) and lex.org_suffix_at_end(c.text[:j].removesuffix("派")):
            # 某局驻某社区工作组, 某局驻村工作队: the unit that stations the team is a unit of its own
            out.append(_org_piece(text, c.start, c.start + j - c.text[:j].endswith("派"), lex, tokens, place_starts))
        elif c.source != BARE and c.kind is OrgKind.TEAM:
            owner = _owner_of_team(c, lex)
            if owner:
                # 某医院医疗队, 某医院援鄂医疗队: the institution that sends the team is a unit of its own
                out.append(_org_piece(text, c.start, c.start + owner, lex, tokens, place_starts))
    # A generic unit (党员服务队, 居家办) is an entity only when formed right here (成立临时党支部).
    kept: list[Cand] = []
    kept_ends: set[int] = set()   # where a unit kept ends (a look-up for each unit listed after one, not a walk)
    formed_teams: set[tuple[int, int]] = set()   # teams named by the words after a forming verb (组建了一支某某队)
    for o in sorted(out, key=lambda x: x.start):
        # ... or listed right after one that is (成立了甲组、乙组、丙组)
        listed = o.start > 0 and text[o.start - 1] == "、" and o.start - 1 in kept_ends
        team_suf = lex.org_suffix_at_end(o.text) if o.kind is OrgKind.TEAM else None
        named = team_suf is not None and len(o.text) > len(team_suf.suffix) and _formed_name_start(
            text, tokens, o.end - len(team_suf.suffix), res) == o.start
        if named:
            formed_teams.add((o.start, o.end))
            o = replace(o, generic=False)     # its own name, introduced here
        if not o.generic or _formed_before(text, o.start) or listed or o.source == BARE or named:
            kept.append(o)
            kept_ends.add(o.end)
    kept += _shared_owner(text, raw, kept, place_starts)
    kept = [o for o in kept if not o.text.endswith(lex.not_units)   # 垃圾转运站, 上海市中心: no unit
            and not (len(o.text) > 3 and o.text.endswith(res.long_site_words)    # 某某收费站, 某某检查站: a site
                     and not _unit_over_site(o.text, lex, res))                # (某乡退役军人服务站: a unit)
            and "们" not in o.text                                   # 村干部们站: people, no unit
            and not o.text.startswith(_CREDIT_WORDS)                 # 记者某某厂: a reporter's name
            and not (o.text.endswith("科") and o.source != BARE and o.start not in place_starts
                     and not any(lex.org_suffix_at_end(o.text[:i]) for i in range(2, len(o.text) - 1)))
            and not (o.start not in place_starts and not o.text.startswith("第")    # 30个村民小组: a kind of unit
                     and (o.start, o.end) not in formed_teams and _COUNTED.search(text, max(0, o.start - 5), o.start))]
    kept = _offices_as_addresses(text, kept, place_starts)
    addresses = [o for o in kept if ADDRESS in o.attrs]     # (places: recognize makes them so)
    kept = sorted((o for o in kept if ADDRESS not in o.attrs), key=lambda o: (o.start, o.end))
    kept = _short_names(text, kept)
    kept = _party_and_government(text, kept, lex)
    kept = _media_outlets(text, kept, lex)
    return _counted_list(_formed_list(_coordinate(kept, text, res), text, res), text, res) + addresses


# a credit of the article names the outlet with its reporter: X记者, 来源：X 本报记者, X讯（记者…）,
# X某地X月X日电（记者…）: the reporter word follows within a short stretch with no sentence break; or the
# outlet acts as a unit: its staff (X工作的, X党员), a cadre it stations or sends (X驻某村第一书记, X选派)
_CREDIT_AFTER = re.compile(r"[^。，,；;！？\n]{0,16}?(?:记者|通讯员|摄影|编辑)|工作的|党员|干部|职工"
                           r"|驻[\u4e00-\u9fff]|派驻|选派")
_SOURCE_BEFORE = re.compile(r"(?:来源|稿源|本文来源|文章来源)[：:][ \t\u3000]{0,4}$")
# an outlet named at the head of a line or after 来源： (某某日报讯, 来源：某某网), glued to 讯 by the tagger
_OUTLET = re.compile(r"(?:^|(?<=[\n】]|[：:]))[ \t\u3000]{0,4}"
                     r"([\u4e00-\u9fff]{2,8}?(?:日报|晚报|新闻网|网|在线|融媒体中心|电视台|信息港|报))"
                     r"(?=讯|消息|[ \t\u3000]|$|\n|·|（|\()", re.M)


_OFFICE_AS_PLACE = ("办事处", "街道办")
_AT_OFFICE = re.compile(r"(?:镇守|驻守|深入|下沉到|来到|前往|在)$")
ADDRESS = "address"   # attrs key: a street office named as where people are, a place (recognize makes it one)


def _unit_over_site(name: str, lex: Lexicons, res: Resources) -> bool:
    """Does a unit's word longer than the site word ``name`` ends with end it (退役军人服务站 over 服务站)?"""
    suf = lex.org_suffix_at_end(name)
    site = next((w for w in res.long_site_words if name.endswith(w)), "")
    return suf is not None and suf.role != "short" and len(suf.suffix) > len(site)


def _offices_as_addresses(text: str, orgs: list[Cand], place_starts: dict[int, Cand]) -> list[Cand]:
    """A street office written as an address (某街道办事处|某社区) or as where people go or keep watch (镇守某办事处,
    and the offices listed after it: 镇守甲办事处、乙办事处) is the street, a place: marked ``attrs[ADDRESS]``."""
    addressed: set[tuple[int, int]] = set()     # the offices read as addresses, in text order
    ends: set[int] = set()
    for o in sorted(orgs, key=lambda c: c.start):
        if o.text.endswith(_OFFICE_AS_PLACE) and (
                o.end in place_starts or _AT_OFFICE.search(text, max(0, o.start - 4), o.start)
                or (text[o.start - 1:o.start] == "、" and o.start - 1 in ends)):
            addressed.add((o.start, o.end))
            ends.add(o.end)
    return [replace(o, attrs={**o.attrs, ADDRESS: "1"}) if (o.start, o.end) in addressed else o for o in orgs]


def _streets_of_offices(text: str, orgs: list[Cand], places: list[Cand]) -> tuple[list[Cand], list[Cand]]:
    """The units, and the places the street offices read as addresses (``attrs[ADDRESS]``) are: each named from
    its own name on, after the places its name opens with (镇守某区|甲办事处: 甲办事处); an office word with no
    name of its own (某街道|办事处) is the street already found."""
    units: list[Cand] = []
    streets: list[Cand] = []
    for o in orgs:
        if ADDRESS not in o.attrs:
            units.append(o)
            continue
        start = max((p.end for p in places if o.start <= p.start and p.end < o.end), default=o.start)
        name = text[start:o.end]
        if name.endswith(_OFFICE_AS_PLACE) and name not in _OFFICE_AS_PLACE:
            streets.append(Cand("PLACE", start, o.end, name, "rule:office-address", level=PlaceLevel.TOWN))
    return units, streets
_CREDIT_WORDS = ("记者", "通讯员", "摄影", "编辑", "见习记者", "特约记者")
_SHORT_NAME = re.compile(r"[（(](?:以下)?简称[“‘]?([\u4e00-\u9fff]{2,10})[”’]?[）)]")


_GOVERNMENT = "政府"
_COMMITTEE = "党委"


def _party_and_government(text: str, orgs: list[Cand], lex: Lexicons) -> list[Cand]:
    """某镇党委政府 / 某镇党委、政府: the place's party committee and its government, the government written
    without the place's name again: two units, the second named 某镇政府 (as 县委县政府 names 县政府)."""
    out: list[Cand] = []
    for o in orgs:
        head = o.text[: -len(_COMMITTEE + _GOVERNMENT)]
        if o.text.endswith(_COMMITTEE + _GOVERNMENT) and len(head) >= 2:
            cut = o.end - len(_GOVERNMENT)
            committee = lex.org_suffix_at_end(text[o.start:cut])
            out.append(replace(o, end=cut, text=text[o.start:cut], name="",
                               kind=committee.kind if committee else o.kind))
            out.append(replace(o, start=cut, text=_GOVERNMENT, name=head + _GOVERNMENT, relative=False, generic=False))
            continue
        before = out[-1] if out else None
        if (o.text == _GOVERNMENT and before is not None and before.text.endswith(_COMMITTEE)
                and text[before.end:o.start] in lex.list_joins and len(before.text) > len(_COMMITTEE)):
            o = replace(o, name=before.canonical[: -len(_COMMITTEE)] + _GOVERNMENT, relative=False, generic=False)
        out.append(o)
    return out


# a reporter's title after an outlet's name (某报全媒体记者): the name before it is the outlet's, no person's
# (the credit parser's titles: kg.read.credits.CREDIT_POSTS)
_OUTLET_TITLES = tuple(t for t in CREDIT_POSTS if t.endswith("记者"))


def _team_head_of_post(text: str, e: int, suf: OrgSuffix) -> bool:
    """某村驻村工作队长, 某市援沪医疗队员: the team's 队 is the head of the post 队长 or the role 队员 too (written
    once for 工作队队长, 医疗队队员), so the team's name ends at 队 though the word runs on over it."""
    return (suf.kind is OrgKind.TEAM and len(suf.suffix) >= 3 and suf.suffix.endswith("队")
            and text.startswith(("长", "员"), e))


def _named_part(tokens: list[Token], start: int, s: int, place_starts: dict[int, Cand]) -> bool:
    """Does a place start in ``[start, s)``, or a word there that the tagger reads as a place, a unit or a
    proper name?"""
    return any(start <= p < s for p in place_starts) or any(
        t.tag in ("LOC", "ORG", "nz", "ns") for t in tokens if start <= t.start and t.end <= s)


def _name_verb(word: str) -> bool:
    """A verb of a team's name (支援, 驰援, 驻 …: ``NAME_VERBS``), or 援 with the one-character short name of
    where the team went (援沪, 援鄂, 援邻: the tagger reads them as one verb)."""
    return word in NAME_VERBS or (len(word) == 2 and word[0] == "援" and _CJK.match(word, 1) is not None)


def _unit_inside_unit_word(tok: Token, e: int, suf: OrgSuffix) -> bool:
    """A unit's whole suffix (医院, 委员会; not a one-character 局 or 部) ending inside a word the tagger reads
    as one unit, with a facility of it after (某市人民医院|核酸检测实验室 as one word): the unit ends there.
    A unit word continued by a longer unit suffix (某医院管理协会) is found by that suffix and keeps it."""
    return suf.role != "short" and tok.tag == "ORG" and tok.end - e >= 2


def _short_names(text: str, orgs: list[Cand]) -> list[Cand]:
    """``某某联合会（以下简称某联）``: the short name given is a mention of the unit, wherever written."""
    out = list(orgs)
    for o in orgs:
        m = _SHORT_NAME.match(text, o.end)
        if m is None or m.group(1) == o.text:
            continue
        short = m.group(1)
        out = [replace(x, name=o.canonical) if x.text == short else x for x in out]
        start = text.find(short)
        while start >= 0:
            end = start + len(short)
            if not any(x.start < end and start < x.end for x in out):
                out.append(Cand("ORG", start, end, short, "rule:short-name", name=o.canonical, kind=o.kind,
                                relative=o.relative))
            start = text.find(short, end)
    return out


def _media_outlets(text: str, orgs: list[Cand], lex: Lexicons) -> list[Cand]:
    """Outlets known by name (新华社, 总台), and every outlet marked when a credit of the article names
    it (``attrs["credit"]``): only those become entities (the rest is the article's channel)."""
    out = list(orgs)
    taken = [(o.start, o.end) for o in orgs]
    for m in _OUTLET.finditer(text):
        s, e = m.start(1), m.end(1)
        if not any(a < e and s < b for a, b in taken) and not m.group(1).startswith(("网络", "本网", "来源")):
            out.append(Cand("ORG", s, e, m.group(1), "rule:outlet", kind=OrgKind.MEDIA))
            taken.append((s, e))
    for name in lex.media:   # longest first
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(a < end and start < b for a, b in taken):
                out.append(Cand("ORG", start, end, name, "lexicon:media", kind=OrgKind.MEDIA))
                taken.append((start, end))
            start = text.find(name, end)
    out.sort(key=lambda o: o.start)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        if a.kind is OrgKind.MEDIA and b.kind is OrgKind.MEDIA and a.end == b.start:
            out[i] = replace(b, name=a.canonical)   # 中央广播电视总台|央视: one outlet written twice
    marked = []
    for o in out:
        if o.kind is OrgKind.MEDIA and (_CREDIT_AFTER.match(text, o.end, o.end + 24)
                                        or _SOURCE_BEFORE.search(text, max(0, o.start - 8), o.start)):
            o = replace(o, attrs={**o.attrs, "credit": "1"})
        marked.append(o)
    return marked


_STATIONED_AT = ("村", "社区", "镇", "乡", "街道")
_BODY_ENDINGS = ("政府", "党委", "委员会", "局", "厅", "委", "办公室", "中心", "医院", "公司", "社区", "居委会",
                 "村委会", "机关", "自治区")
_STATIONED_TEAM = ("驻村", "驻社区")
_COUNTED = re.compile(r"(?:[一二两三四五六七八九十百\d]+[支个]|各级|各|每个|多支|全体)$")
_SENDING_INSTITUTIONS = (OrgKind.INSTITUTION,)
# a department written between an institution and a post belongs to the post (某医院感染科|主任); a
# department's name may run to eight characters and join two specialties (呼吸与危重症医学科|主任)
_DEPARTMENT_MAX = 8


def _department_gap_end(text: str, start: int, post_starts: set[int]) -> int | None:
    """Where a department written right after an institution ends (某医院|感染科|主任): the first 科 within
    ``_DEPARTMENT_MAX`` Han characters at which a post starts (a later 科 in the sentence, 王某科学施策, is none)."""
    for j in range(start + 1, min(len(text), start + _DEPARTMENT_MAX + 1)):
        ch = text[j - 1]
        if not "\u4e00" <= ch <= "\u9fff":
            return None
        if text[j] == "科" and j in post_starts:
            return j
    return None
_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{1,8}(?:科|护理部|医务部|科室|检验中心|实验室)$")


def _without_department(c: Cand, text: str, lex: Lexicons, post_spans: list[tuple[int, int]]) -> Cand:
    """``某医院感染科主任``: the unit is the institution; the department goes with the post."""
    if c.source == BARE or not any(c.start < a <= c.end < b for a, b in post_spans):
        return c
    for i in range(len(c.text) - 1, 2, -1):
        inner = lex.org_suffix_at_end(c.text[:i])
        if inner is not None and inner.kind is OrgKind.INSTITUTION and inner.role != "short":
            if _DEPARTMENT.fullmatch(c.text, i):
                return replace(c, end=c.start + i, text=c.text[:i], kind=inner.kind,
                               attrs={**c.attrs, "department_end": str(c.end)})
            break
    return c


def _owner_of_team(c: Cand, lex: Lexicons) -> int:
    """Length of the institution a team is named after (某医院|医疗队), or 0."""
    for i in range(len(c.text) - 2, 2, -1):
        inner = lex.org_suffix_at_end(c.text[:i])
        if inner is not None and inner.kind in _SENDING_INSTITUTIONS and inner.role != "short":
            rest = lex.org_suffix_at_end(c.text[i:])
            return i if rest is not None and rest.kind is OrgKind.TEAM and not c.text[i:].startswith("驻") else 0
    return 0


def _shared_owner(text: str, raw: dict[tuple[int, int], OrgSuffix], orgs: list[Cand],
                  place_starts: dict[int, Cand]) -> list[Cand]:
    """``某区党工委书记、管委会主任``: a bare unit word listed after a unit (and its post)
    belongs to the same division: 某区管委会."""
    out = []
    for (s, e), suf in raw.items():
        if text[s:e] != suf.suffix or s == 0 or text[s - 1] != "、":
            continue
        if any(o.start <= s < o.end for o in orgs):
            continue
        near = [o for o in orgs if o.end <= s - 1 and s - 1 - o.end <= 6]
        owner = max(near, key=lambda o: o.end, default=None)
        if owner is None:
            continue
        place = place_starts.get(owner.start)
        osuf = next((x for x in raw.values() if owner.text.endswith(x.suffix)), None)
        body = owner.text[: len(owner.text) - len(osuf.suffix)] if osuf else ""
        if place is not None and place.end < owner.end:
            prefix = place.text
        elif len(body) >= 2 and body.endswith(("区", "县", "市", "镇", "乡", "旗", "街道")):
            prefix = body   # 高新区党工委 -> 高新区
        elif owner.relative:
            prefix = owner.text[0]
        else:
            continue
        out.append(Cand("ORG", s, e, text[s:e], "rule:shared-owner", name=prefix + text[s:e], kind=suf.kind,
                        relative=owner.relative))
    return out


def _numbered_at(text: str, start: int) -> bool:
    """A number opens a name at ``start`` (十六公司, 111地质队): numerals followed by a word that is no measure
    (十二个组, 23处 are counts)."""
    number = _NUMBER_NAME.match(text, start)
    return number is not None and number.end() < len(text) and text[number.end()] not in _NOT_AFTER_NUMBER


def _numbered_unit(word: str) -> bool:
    """A word the tagger reads as a number that is a numbered unit's name (十六公司|机关党总支), not a count."""
    return _numbered_at(word, 0) and word[-1] not in _NOT_AFTER_NUMBER


def _quoted_whole(text: str, tokens: list[Token], start: int, end: int) -> int:
    """A unit's name that closes a quotation (“抗击疫情党群突击队”) is the whole quoted text, verbs and all:
    the quotation marks name it. Only a short quotation with no punctuation inside, closed right at the
    suffix's end, and no words of a clause in it (a pronoun, an adverb, a preposition, a particle: “大家要
    服从指挥部” is somebody's words); otherwise ``start`` as found."""
    if text[end:end + 1] != "”":
        return start
    q = text.rfind("“", max(0, start - 12), start)
    if q < 0 or any(ch in _QUOTE_BREAKS for ch in text[q + 1:start]):
        return start
    k = _token_index(tokens, q + 1)
    while 0 <= k < len(tokens) and tokens[k].start < start:
        if tokens[k].tag in _CLAUSE_TAGS:
            return start
        k += 1
    return q + 1


_CLAUSE_TAGS = frozenset({"r", "d", "p", "u", "c", "xc", "ad"})


_QUOTE_BREAKS = frozenset("”“，。、；：！？,;:!?\n")


_FORMED_NAME_MAX = 14       # at most this many characters between a forming verb and a team's word
_FORMED_QUANTITY = re.compile(r"[了起]?了?(?:一[支个])?的?")      # (one team: 3支某某队 is a kind of team)
_NAME_BREAKS = frozenset("，。；：、！？,;:!?（）()《》\n")        # punctuation no name runs across


def _formed_name_start(text: str, tokens: list[Token], s: int, res: Resources) -> int:
    """Where a team's name starts that a forming verb introduces (组成|下沉社区抗“疫”|小分队, 组成的|驰援某地
    核酸检测|应急队): right after the verb (and a complement of ``forming_complements``, 了, a count of teams,
    的), when the words up to the team
    word ``s`` hold no punctuation, no word of ``formed_name_stops`` (的, 和, 每 …), no other team word
    (组建“甲先锋队”“乙服务队”: two teams) and no person's name, the verb opens none of ``not_forming`` (建立健全)
    and no word of ``naming_words`` (叫作) stands among them; else ``s`` (no such start). The word lists are
    the ``entities.recognition-words`` params of those names."""
    lex = res.lexicons
    lo = max(0, s - _FORMED_NAME_MAX - 6)
    window = text[lo:s]
    at = max(((window.rfind(v), v) for v in _FORMING if v in window), default=(-1, ""))
    if at[0] < 0:
        return s
    start = lo + at[0] + len(at[1])
    start += next((len(w) for w in lex.forming_complements if text.startswith(w, start)), 0)   # 组建完成
    m = _FORMED_QUANTITY.match(text, start, s)
    if m:
        start = m.end()
    while start < s and text[start] in "“‘「":
        start += 1      # a quoted name: the quote is no part of it
    people = _PEOPLE_COUNT.match(text, start, s)
    if people and people.end() < s:
        start = people.end()   # 组建403人|支援某地核酸采样医疗队: a team of so many people, named after the count
    words = text[start:s]
    if _HEADCOUNT.match(words) or text.startswith(lex.not_forming, lo + at[0]) or any(
            w in words for w in lex.naming_words):
        return s        # 成立了3支某某队: counted; 建立健全某某队管理制度: no forming; 叫作“某某”队: named apart
    if not 0 < s - start <= _FORMED_NAME_MAX or any(ch in _NAME_BREAKS for ch in words) or any(
            w in words for w in lex.formed_name_stops) or any(w in words for w in res.team_words):
        return s
    k = _token_index(tokens, start)
    if k < 0 or tokens[k].start != start:
        return s    # the name would start inside a word
    if any(t.tag == "PER" for t in takewhile(lambda t: t.start < s, tokens[k:])):
        return s
    return start


def _proper_at(tokens: list[Token], pos: int, place_starts: dict[int, Cand]) -> bool:
    """Does a place, or a word the tagger calls a place or a name, start at ``pos``?"""
    k = _token_index(tokens, pos)
    return pos in place_starts or (k >= 0 and tokens[k].start == pos and tokens[k].tag in ("LOC", "nz", "ORG"))


def _places_across(places: list[Cand], firsts: list[int], x: int, reach: int) -> list[Cand]:
    """The places of ``places`` (sorted by start, ``firsts`` their starts) that start before ``x`` and end after it:
    those starting at most ``reach`` (the longest place's length) characters before it, found by bisection."""
    lo = bisect_left(firsts, x - reach)
    hi = bisect_left(firsts, x)
    return [p for p in places[lo:hi] if p.end > x]


def _formed_before(text: str, start: int) -> bool:
    before = text[max(0, start - 7):start].rstrip("“‘「")
    return any(before.endswith(v) for v in _FORMING) or before.endswith("便成立")


def _org_left(text: str, tokens: list[Token], s: int, suf: OrgSuffix, place_starts: dict[int, Cand],
              units: tuple[str, ...] = (), people: frozenset[str] = frozenset(),
              unjoined: frozenset[str] = frozenset()) -> int | None:
    """Extend a unit name leftwards from its suffix start ``s`` over name words (``units``: the unit suffixes;
    a word ending like none of them before 和 is a common word of one official name, 水利和湖泊局)."""
    k = _token_index(tokens, s)
    if k < 0:
        return None
    start = s
    tok = tokens[k]
    if tok.start < s:
        # the suffix starts inside a word: that word's head belongs to the name
        head = text[tok.start:s]
        glued = head[:1] in "和与" and len(head) > 1   # the tagger glued 和 to the next word (和改革局)
        numbered = _tag(tok) == "m" and _NUMBER_NAME.fullmatch(head) is not None   # 十六|公司, 111|地质队
        if _tag(tok) in _NAME_TAGS or _name_verb(head) or glued or numbered:
            if head in _NOT_NAME or _DEIXIS.fullmatch(head) or head[:1] in _REFERENCE_HEADS:
                return s
            start = tok.start
        else:
            return s
    start = _skip_brackets(text, start, s)
    k = _token_index(tokens, start - 1) if start > 0 else -1
    steps = 0
    while k >= 0 and steps < 12:
        if text[start:start + 1] == "区" and text[max(0, start - 2):start] == "居民":
            start -= 2   # 某某居民|区党总支: the residents' district's name goes on before 居民
            k = _token_index(tokens, start - 1) if start > 0 else -1
            steps += 1
            continue
        d = _DISEASE_OF.search(text, max(0, start - 10), start) if text.startswith("肺炎", start) else None
        if d is not None:
            start = d.start()
            k = _token_index(tokens, start - 1) if start > 0 else -1
            steps += 1
            continue
        m = _ENCLOSED_END.search(text[max(0, start - 12):start])
        if m and (m.group(0)[0] in "“‘" or _CJK.search(m.group(0))):
            # a bracketed place (某某（福建）建材) or a short quoted name (“清零”工作组) inside the name
            start -= len(m.group(0))
            k = _token_index(tokens, start - 1) if start > 0 else -1
            steps += 1
            continue
        tok = tokens[k]
        tag = _tag(tok)
        word = tok.text
        # “某某”党员志愿服务队: a people word right after a team's quoted name
        quoted_people = (word in _QUOTED_TEAM_PEOPLE and text[tok.start - 1:tok.start] == "”"
                         and suf.kind is OrgKind.TEAM)
        if word == "领导" and text.startswith("小组", tok.end):
            pass   # 疫情防控领导小组: 领导 inside the name of a leading group
        elif word == "工作" and tok.end == s and suf.kind in (OrgKind.COMMAND, OrgKind.TEAM):
            pass   # 疫情防控工作指挥部, 某某工作队: 工作 right before the suffix is part of the name
        elif word == "下沉" and tok.end == s and suf.kind in (OrgKind.COMMAND, OrgKind.TEAM):
            # 某社区下沉工作组: the team sent down is named by it (not 下沉|某社区工会: the verb before a unit)
            start = tok.start
            k = _token_index(tokens, start - 1) if start > 0 else -1
            steps += 1
            continue
        elif word in _NOT_NAME or any(word.endswith(x) for x in ("党员", "干部", "群众")) or quoted_people:
            quoted = _ENCLOSED_END.search(text[max(0, tok.start - 12):tok.start]) if quoted_people else None
            if quoted is None:
                break
            # “某某”党员志愿服务队: the people word after a team's quoted name belongs to the name, and so does
            # the quotation; a unit's name before it too, not a verb (组织|“某某”党员志愿服务队)
            start = tok.start - len(quoted.group(0))
            k = _token_index(tokens, start - 1) if start > 0 else -1
            if k < 0 or _tag(tokens[k]) in _QUOTED_TEAM_STOPS:
                break
            steps += 1
            continue
        if tag == "r" or _DEIXIS.fullmatch(word) or _HEADCOUNT.fullmatch(word) or (
                word[:1] in _REFERENCE_HEADS and tag not in ("ORG", "LOC", "PER")) or (
                word in ("人", "名") and k > 0 and _tag(tokens[k - 1]) == "m"):   # (120|人: a head count)
            break   # (某某两人服务小组: a head count ends the unit's name; 该局|党组: a reference, no name)
        if tag == "PER" and k + 1 < len(tokens) and tokens[k + 1].start == start < s and (
                tokens[k + 1].text in NAME_VERBS or _tag(tokens[k + 1]) == "v"):
            start = tokens[k + 1].end   # 孙某|值守|某纸厂: a person and the verb of the clause, not a name
            break
        if word == "区" and text[max(0, tok.start - 2):tok.start] == "居民":
            pass   # 某某居民区|党总支: 区 closes the residents' district's name, not a relative unit
        elif word in RELATIVE_HEADS and tag in ("n", "q", "ORG", "LOC", "nz", "v"):
            # a bare 区/县/市 starts a relative unit name unless it belongs to a preceding word
            start = tok.start
            break
        joiner = (word in ("和", "与", "及") and k > 0
                  # (the tagger may read the place and the first common word as a unit: 某县水利|和|湖泊局)
                  and (_tag(tokens[k - 1]) in ("n", "vn", "nz") or (
                      _tag(tokens[k - 1]) in ("ORG", "nt") and not tokens[k - 1].text.endswith(units)))
                  and not tokens[k - 1].text.endswith(_UNIT_ENDINGS + _PLACE_ENDINGS)   # 卫健委和民政局: two units
                  and tokens[k - 1].text not in people   # 某卫生院医生和派出所民警: people of two units
                  # 某机制和某自治区党委: a division's name after 和 opens a second unit (one official name
                  # joins common words: 发展和改革局)
                  and tok.end not in place_starts and not (k + 1 < len(tokens) and tokens[k + 1].tag == "LOC")
                  # 救治专家和|自治区某专家组, 相关要求和|厅党组: a unit of its own after it (自治区…, 厅党组)
                  and not text.startswith(_AUTONOMOUS, tok.end)
                  and not (text[tok.end:tok.end + 1] in _ONE_CHARACTER_UNITS
                           and text.startswith(_PARTY_UNITS, tok.end + 1))
                  # 决策部署和|某某公司: a word no official name holds before 和 (entities.recognition-words)
                  and tokens[k - 1].text not in unjoined
                  # 元宵及|市妇联: a level word after it opens a relative unit of its own
                  and text[tok.end:tok.end + 1] not in RELATIVE_HEADS)
        if tag in _NAME_TAGS or _name_verb(word) or (tag == "m" and word.startswith("第")) or joiner \
                or (tag == "m" and _numbered_unit(word)):
            # (joiner: 发展和改革局, 人力资源和社会保障局 — 和 between the words of one official name)
            if tag == "a" and word not in ("临时", "新型"):
                break
            start = _skip_brackets(text, tok.start, s)
            k = _token_index(tokens, start - 1) if start > 0 else -1
            steps += 1
            continue
        break
    joined = text.rfind("和", start, s)
    if joined > start and any(text[start:j].endswith(_BODY_ENDINGS) for j in range(start + 2, joined + 1)):
        start = joined + 1   # 省政府决策部署和省卫健委: a unit before 和 closes its own name
    while start < s and text[start] in _PUNCT and text[start] not in "“‘（(":
        start += 1
    if start > 0 and text[start - 1] == "的" and not _DISEASE_OF.search(text, max(0, start - 10), start):
        # 应对…感染的|肺炎疫情防控领导小组: the disease word belongs to the phrase before 的
        for word in ("新冠肺炎", "肺炎"):
            if text.startswith(word, start) and start + len(word) < s:
                start += len(word)
                break
    return start


_AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
_HEADCOUNT = re.compile(r"[一二两三四五六七八九十百\d]+[人名位个地家支批]")
_PEOPLE_COUNT = re.compile(r"[一二两三四五六七八九十百千余多\d]{1,6}[人名](?:的)?")   # 403人, 二十余名
# a number the tagger reads into one word with a unit's suffix is the unit's name (十六公司, 111地质队); a
# count (5个组, 3支队伍) has its measure word and is no name
_NUMBER_NAME = re.compile(r"[一二三四五六七八九十百零〇\d]{2,4}")
_MEASURES = frozenset("人名位个地家支批次年月日号届期处所条座栋户辆台项")
# after the number of a numbered unit (十六公司): also no age or approximate count (50多岁, 30余, 3天)
_NOT_AFTER_NUMBER = _MEASURES | frozenset("多余岁天")
# the disease's early official name holds 的: 某市新型冠状病毒感染的肺炎疫情防控指挥部 is one name
_DISEASE_OF = re.compile(r"(?:新型冠状病毒|新冠病毒)(?:感染)?的$")
_ENCLOSED_END = re.compile(r"(?:[（(][\u4e00-\u9fff]{1,6}[）)]|[“‘][^“”‘’，。、]{1,8}[”’])$")


def _skip_brackets(text: str, start: int, limit: int) -> int:
    """When the name so far (up to the suffix at ``limit``) holds an unopened closing bracket,
    take in the bracketed part: 某某（福建）建材公司."""
    close = -1
    for i in range(start, min(limit, start + 12)):
        if text[i] in "（(":
            break
        if text[i] in "）)":
            close = i
            break
    if close >= 0:
        j = text.rfind("（", max(0, start - 8), start)
        if j < 0:
            j = text.rfind("(", max(0, start - 8), start)
        if j >= 0:
            return j
    return start


def _anchored(start: int, end: int, text: str, tokens: list[Token], place_starts: dict[int, Cand]) -> bool:
    """Does the name [start, end) start with something proper: a place, a relative 区/县/市, a tagged name."""
    if start in place_starts:
        return True
    first = text[start]
    k0 = _token_index(tokens, start)
    if first in RELATIVE_HEADS and k0 >= 0 and (tokens[k0].text == first or tokens[k0].tag == "ORG"):
        return True   # a bare 区/县/市 word (区卫健局), not the head of a word (乡镇党委)
    if start > 0 and text[start - 1] in "“‘「" and "”" not in text[start:end]:
        return True   # “蓝天抗疫小组”: a quoted proper name
    if text.startswith("自治区", start):
        return True   # 自治区疫情防控指挥部: the region's own unit (a relative name like 区委)
    if _numbered_at(text, start):
        return True   # 十六公司, 111地质队: a numbered unit (not 十二个组: a count)
    if first in "“(（" or text.startswith(_INSTITUTIONAL, start):
        return True   # quoted name, 中共…, 第二…, or a unit of the institution itself (学校党委)
    if text.startswith(_STATIONED_TEAM, start) and not _COUNTED.search(text, max(0, start - 4), start):
        return True   # 驻村工作队: the team stationed in the village in focus (not 15支驻村工作队)
    k = _token_index(tokens, start)
    if k >= 0:
        tok = tokens[k]
        if tok.tag in ("ORG", "nz", "LOC", "PER") and tok.start == start:
            return True
        if tok.text in NAME_VERBS and k + 1 < len(tokens) and tokens[k + 1].start in place_starts:
            return True
    return False


_QUOTED_TEAM = re.compile(r"[“‘]([^“”‘’，。、]{2,16})[”’](.+)")


def _split_org(c: Cand, text: str, tokens: list[Token], res: Resources, place_starts: dict[int, Cand]
               ) -> list[Cand]:
    """Split ``区委区政府`` into two units, ``指挥部综合协调组`` into unit and sub-unit (named in full after the
    unit); name a branch of an enterprise after it and link it."""
    lex = res.lexicons
    name = c.text
    quoted = _QUOTED_TEAM.match(name)
    if quoted and lex.org_suffix_at_end(quoted.group(1)) is not None and quoted.group(2) in _PARTY_UNITS:
        # “某某抗疫小组”临时党支部: the team is set up as a temporary branch; one unit, known by the
        # quoted team name (the whole written form stays an alias)
        branch = _org_piece(text, c.start, c.end, lex, tokens, place_starts)
        return [replace(branch, generic=False, name=quoted.group(1))]
    # inner suffix ends, left to right
    cuts: list[tuple[int, OrgSuffix]] = []
    chained: set[int] = set()          # 某公安分局|某某派出所: a parent unit before a named sub-unit
    links: set[int] = set()            # where a named sub-unit of such a chain starts
    chain_memo: dict[int, bool] = {}
    for i in range(2, len(name)):
        inner = lex.org_suffix_at_end(name[:i])
        if inner is not None and (inner.role != "short" or name[i:].startswith(_PARTY_UNITS)) and not (
                name[i:].startswith(_PARTY_UNITS) and name[:i].endswith(res.site_words)):
            cuts.append((i, inner))   # (某某收费站|临时党支部: the site the branch is set up at is no unit)
        if inner is not None and _chain_cut(name, i, lex, chain_memo):
            chained.add(i)
            if not cuts or cuts[-1][0] != i:
                cuts.append((i, inner))
    pieces: list[Cand] = []
    begin = 0
    parent: str | None = None
    parent_legal = False
    head_name: str | None = None       # the command a sub-unit belongs to (its name opens the sub-unit's)
    for i, inner in cuts:
        rest = name[i:]
        if not rest:
            continue
        rest_start = c.start + i
        joined = next((w for w in lex.joining if rest.startswith(w)), "")
        if (joined and i - begin >= 3 and rest[len(joined):len(joined) + 1] in RELATIVE_HEADS
                and lex.org_suffix_at_end(rest[len(joined):]) is not None):
            # 某县公安局|联合|县交通运输局: two units joined by a verb the tagger read into one word
            pieces.append(_org_piece(text, c.start + begin, rest_start, lex, tokens, place_starts))
            begin = i + len(joined)
            parent = head_name = None
        elif rest[0] in RELATIVE_HEADS and lex.org_suffix_at_end(rest) is not None and i - begin >= 2:
            # 区委|区政府: a new relative unit starts
            pieces.append(_org_piece(text, c.start + begin, rest_start, lex, tokens, place_starts))
            begin = i
            parent = head_name = None
        elif ((inner.role == "head" or (inner.suffix == "管委会" and rest not in _PARTY_UNITS))
              and len(rest) >= 3 and lex.org_suffix_at_end(rest) is not None
              and not rest.startswith(("办公室", "办", "驻", "派驻"))):
            # 指挥部|综合协调组: a sub-unit of a command
            head = _org_piece(text, c.start + begin, rest_start, lex, tokens, place_starts)
            pieces.append(head)
            parent = head_name = head.canonical
            parent_legal = False
            begin = i
        elif i in chained:
            # 某公安分局|某某派出所, 某电网公司|某某供电局|某某供电所: the parent and each named sub-unit are units
            piece = _org_piece(text, c.start + begin, rest_start, lex, tokens, place_starts)
            if begin in links:
                piece = replace(piece, generic=False, parent=parent, parent_legal=False)   # a named link
            pieces.append(piece)
            links.add(i)
            parent, parent_legal, head_name = piece.canonical, False, None
            begin = i
        elif ((inner.role == "legal" or (rest in _PARTY_UNITS and inner.kind in _BODIES))
              and lex.org_suffix_at_end(rest)):
            # 某局|党组, 某某有限公司|党支部: the party unit of a body, named in full, linked to it
            parent = name[begin:i]
            parent_legal = True
            head_name = None
    last = _org_piece(text, c.start + begin, c.end, lex, tokens, place_starts)
    if parent is not None:
        last = replace(last, parent=parent, parent_legal=parent_legal, generic=False)
    if head_name is not None and parent == head_name:
        # a sub-unit is named in full, after its command (某指挥部综合协调组): the short name as written is
        # an alias, and 综合协调组 of two commands are two units
        last = replace(last, name=head_name + last.canonical)
    pieces.append(last)
    return [p for p in pieces if p.end - p.start >= 2]


def _chain_cut(name: str, i: int, lex: Lexicons, memo: dict[int, bool]) -> bool:
    """Does ``name`` split at ``i`` into a parent unit and a chain of named sub-units (某公安分局|某某派出所,
    某公安局|某某分局某某派出所)? The parent ends with a parent word and has a name before it; each link
    after it is a proper name (two characters or more, no function word, no ordinal) and a parent word,
    and the chain closes with a sub-unit word (``entities.named-sub-units``). ``memo`` holds, per start,
    whether a chain from there closes, so a name is read once however many parent words it holds."""
    if not lex.named_sub_units or not any(name.endswith(w, 0, i) and i > len(w) for w in lex.chain_parents):
        return False
    return _chain_closes(name, i, lex, memo)


_LINK_MAX = 16   # the longest link of a chain read: a proper name and its unit word


def _chain_closes(name: str, pos: int, lex: Lexicons, memo: dict[int, bool]) -> bool:
    walked: list[int] = []
    closes = False
    while True:
        if pos in memo:
            closes = memo[pos]
            break
        walked.append(pos)
        link = next(((e, w) for e in range(pos + 3, min(len(name), pos + _LINK_MAX) + 1)
                     for w in (*lex.named_sub_units, *lex.chain_parents)
                     if name.endswith(w, pos, e) and e - len(w) - pos >= 2), None)
        if link is None:
            break
        e, w = link
        own = name[pos:e - len(w)]
        if own.startswith(lex.not_sub_unit_names) or own[0] in _ORDINAL_HEADS:
            break
        if w in lex.named_sub_units:
            closes = True
            break
        pos = e   # a parent word: the chain goes on
    for at in walked:
        memo[at] = closes
    return closes


def _org_piece(text: str, s: int, e: int, lex: Lexicons, tokens: list[Token],
               place_starts: dict[int, Cand]) -> Cand:
    name = text[s:e]
    suf = lex.org_suffix_at_end(name)
    lead = next((v for v in _SUPPORT_VERBS if name.startswith(v)), None)
    if lead and (suf is None or suf.kind not in (OrgKind.TEAM, OrgKind.TEMPORARY_BRANCH)
                 or text[max(0, s - 2):s] == "对口"):
        # 对口支援某区指挥部: the verb is the predicate; 援助某区志愿服务队 names a task force
        s += len(lead)
        name = text[s:e]
    if name[:1] in "和与及" and len(name) > 3 and name[1:2] in "村镇乡社街区县市":
        s += 1   # 和|村两委: the conjunction before a level word joins two units
        name = text[s:e]
    if name.endswith("”支部") and name[:-3].endswith(("支部", "党委")):
        e -= 2   # “临时党支部”|支部书记: the quoted branch, the post's head read into it
        name = text[s:e]
        suf = lex.org_suffix_at_end(name.rstrip("”"))
    for dup in ("支部支部", "党委党委", "支部党支部"):
        if name.endswith(dup):
            # 临时党支部|支部书记: the post's head read into the branch name
            e -= 2
            name = text[s:e]
            suf = lex.org_suffix_at_end(name)
    kind = suf.kind if suf else OrgKind.OTHER
    relative = name[0] in RELATIVE_HEADS and s not in place_starts
    generic = not _anchored(s, e, text, tokens, place_starts)
    if generic and lead and suf is not None and suf.kind in (OrgKind.TEAM, OrgKind.TEMPORARY_BRANCH) and (
            len(name) >= len(lead) + len(suf.suffix) + 2) and _proper_at(tokens, s + len(lead), place_starts):
        generic = False   # 支援某区抗疫突击队: a team named after where it went is that one team (not 支援社区…)
    if generic and kind == OrgKind.ENTERPRISE and suf is not None and suf.role == "legal" and len(name) >= 5:
        generic = False
    if (generic and relative and suf is not None and suf.role != "short" and len(suf.suffix) == len(name) - 1
            and kind not in (OrgKind.TEAM, OrgKind.TEMPORARY_BRANCH, OrgKind.PARTY_BRANCH)):
        generic = False   # 县|科协, 县融|媒体中心: a level word and a unit's word the tagger cut across (not 乡|镇党委)
    if generic and name[:1] in _ONE_CHARACTER_UNITS and name[1:] in _PARTY_UNITS:
        generic = False   # 局党委, 所党委: the party body of the unit the article is about (局党委书记某某)
    if generic and (name[: len(name) - len(suf.suffix) if suf else 0] in _GENERIC_TEAM_HEAD):
        generic = True
    return Cand("ORG", s, e, name, "rule:org", kind=kind, relative=relative, generic=generic)


# the conjunct written before 、/和 (the text up to it ends with it)
_CONJUNCT_END = re.compile(r"([\u4e00-\u9fff（）()]{1,12})$")


def _coordinate(orgs: list[Cand], text: str, res: Resources) -> list[Cand]:
    """``甲物业、乙物业党支部`` -> two branches: the first conjunct borrows the shared suffix."""
    out = list(orgs)
    for c in orgs:
        suf = res.lexicons.org_suffix_at_end(c.text)
        if suf is None or c.start < 2 or text[c.start - 1] not in "、和及与":
            continue
        body = c.text[: len(c.text) - len(suf.suffix)]
        if len(body) < 3:
            continue
        head = body[-2:]
        # the conjunct before the comma ends with the same head noun (物业, 公司, 医院)
        m = _CONJUNCT_END.search(text, max(0, c.start - 14), c.start - 1)   # (12 characters, and a newline)
        if not m:
            continue
        prev = m.group(1)
        if not prev.endswith(head) or len(prev) <= len(head):
            continue
        own = res.lexicons.org_suffix_at_end(prev)
        if suf.kind is OrgKind.TEAM and own is not None and own.kind is OrgKind.INSTITUTION and own.role != "short":
            continue   # 甲医院、乙医院医疗队: the first is the hospital itself (its team is not written)
        pstart = c.start - 1 - len(prev)
        for o in orgs:
            # the conjunct was recognised on its own (甲物业): it becomes the expanded branch
            if o.end == c.start - 1 and o in out:
                out.remove(o)
                pstart = o.start
                prev = o.text
        expanded = prev + suf.suffix
        out.append(Cand("ORG", pstart, c.start - 1, prev, "rule:coordination", name=expanded,
                        kind=suf.kind))
    return out


def _formed_list(orgs: list[Cand], text: str, res: Resources, reach: int = 60) -> list[Cand]:
    """``成立甲、乙、丙临时党支部`` -> three branches: names listed between a forming verb and a party unit
    share its suffix (each item a short name, two to six characters, joined by 、 or 和). Not where the verb
    comes after the list, nor where anything but names stands between the verb and the unit."""
    out = list(orgs)
    taken = {(o.start, o.end) for o in orgs}
    for c in orgs:
        suf = res.lexicons.org_suffix_at_end(c.text)
        if suf is None or suf.kind not in _BRANCH_KINDS or c.start < 3 or text[c.start - 1] not in "、和":
            continue
        window = text[max(0, c.start - reach):c.start - 1]
        verb = max((window.rfind(v) + len(v) for v in _FORMING if v in window), default=-1)
        if verb < 0:
            continue
        base = c.start - 1 - len(window)
        items = re.split("[、和]", window[verb:])
        if not items or not all(2 <= len(x) <= 6 and _HAN.fullmatch(x) for x in items):
            continue
        pos = base + verb
        for item in items:
            span = (pos, pos + len(item))
            if not any(a < span[1] and span[0] < b for a, b in taken):   # an item already a unit stays it
                out.append(Cand("ORG", span[0], span[1], item, "rule:formed-list", name=item + suf.suffix,
                                kind=suf.kind))
                taken.add(span)
            pos += len(item) + 1
    return out


_BRANCH_KINDS = (OrgKind.PARTY_BRANCH, OrgKind.TEMPORARY_BRANCH)
# a village's or community's own standing units (its party branch or committee, its residents' or villagers'
# committee): named from the village, as the corpus annotates them (111 of 112 in train and dev); a temporary
# branch keeps its fullest written name
_OWN_UNIT_KINDS = (OrgKind.PARTY_BRANCH, OrgKind.PARTY_COMMITTEE)
_OWN_UNIT_SUFFIXES = ("居委会", "村委会", "两委")
_FORMED_KINDS = (OrgKind.TEAM, OrgKind.TEMPORARY_BRANCH)   # named by the words after a forming verb
_COUNT_WORD = re.compile(r"(?<![0-9])([0-9]{1,2}|[一二两三四五六七八九十]{1,2})个")


def _joined_at(text: str, join: str, pos: int) -> bool:
    """``join`` is written right before ``pos`` (never read across the start of the text)."""
    return pos >= len(join) and text.startswith(join, pos - len(join))


def _counted_list(orgs: list[Cand], text: str, res: Resources, reach: int = 8) -> list[Cand]:
    """``甲、乙、丙以及丁4个临时党支部`` -> four branches: the names listed right before a count of party
    units share its suffix, when the list holds exactly that many names (each two to ``reach``
    characters, joined by ``Lexicons.list_joins``: 、, 和, 及, 以及; the first one after a forming verb or
    a word of ``Lexicons.list_leads``: 在, 共, 分别 …). The count is the
    check: ``5个临时党支部`` after three names, or a list that runs on before the counted names, makes
    nothing."""
    from kg.extract.dates import count_number  # (dates reads this module's DATE_RE)

    joins = res.lexicons.list_joins
    added: list[Cand] = []
    named: set[tuple[int, int]] = set()
    taken = {(o.start, o.end) for o in orgs}
    for m in _COUNT_WORD.finditer(text):
        branch = next((x for x in res.branch_suffixes if text.startswith(x.suffix, m.end())), None)
        n = count_number(m.group(1)) or 0
        if branch is None or n < 2:
            continue
        items: list[tuple[int, int]] = []
        end = m.start()
        while len(items) < n:
            start = end
            while start > 0 and end - start < reach and _HAN.fullmatch(text[start - 1]) and not any(
                    _joined_at(text, j, start) for j in joins):
                start -= 1
            items.append((start, end))
            join = next((j for j in joins if _joined_at(text, j, start)), None)
            if join is None:
                break
            end = start - len(join)
        if len(items) != n:
            continue
        first_start, first_end = items[-1]
        if any(_joined_at(text, j, first_start) for j in joins):
            continue      # the list runs on before the counted names
        run = text[first_start:first_end]
        # the first name starts after the last forming verb or preposition of its run (县公安局在|西高)
        cut = max((run.rfind(w) + len(w) for w in (*_FORMING, *res.lexicons.list_leads) if w in run[:-2]), default=0)
        cut = max([cut, *(o.end - first_start for o in orgs if first_start < o.end <= first_end - 2)])
        items[-1] = (first_start + cut, first_end)
        if not all(2 <= b - a <= reach for a, b in items):
            continue
        named.update(items)
        for a, b in items:
            if not any(x < b and a < y and (x, y) != (a, b) for x, y in taken):
                added.append(Cand("ORG", a, b, text[a:b], "rule:counted-list", name=text[a:b] + branch.suffix,
                                  kind=branch.kind))
                taken.add((a, b))
    # a name read as a unit of its own (某警务站) names the branch set up there
    return [o for o in orgs if (o.start, o.end) not in named] + added


# --------------------------------------------------------------------------- posts, persons


def find_posts(text: str, res: Resources) -> list[Cand]:
    return [Cand("POST", m.start(), m.end(), m.group(0), "lexicon:post") for m in res.post_re.finditer(text)]


_LEVEL_BEFORE_POST = ("社区", "街道", "村", "镇", "乡", "区", "县", "市", "省", "州", "旗", "队", "组")


def inner_boundaries(n: int, spans: list[Cand]) -> list[bool]:
    """For each boundary 0..n of a text of ``n`` characters, whether some span runs across it (start < i < end):
    one pass of a difference array, linear in the text and the spans."""
    delta = [0] * (n + 2)
    for c in spans:
        if c.end - c.start > 1:
            delta[c.start + 1] += 1
            delta[c.end] -= 1
    out, depth = [False] * (n + 1), 0
    for i in range(n + 1):
        depth += delta[i]
        out[i] = depth > 0
    return out


def whole_posts(text: str, posts: list[Cand], orgs: list[Cand]) -> list[Cand]:
    """A post is whole: written right after its unit (区委组织部|部长, 街道党工委|副书记) or a level word
    (村|副书记, 社区|书记), its name is the whole post and ``attrs["whole_start"]`` where it begins.
    The span stays on the post's own word, so the unit keeps its own mention before it."""
    ends = {o.end: o for o in orgs}
    out = []
    for p in posts:
        start = None
        unit = ends.get(p.start)
        if unit is not None and unit.kind is not OrgKind.MEDIA:
            start = unit.start
        else:
            word = next((w for w in _LEVEL_BEFORE_POST if text.startswith(w, p.start - len(w))), None)
            if word is not None and (p.start - len(word) == 0 or text[p.start - len(word) - 1] in _PUNCT):
                start = p.start - len(word)   # 村副书记 after punctuation: the level word is the post's
        if start is not None and start < p.start:
            p = replace(p, name=text[start:p.end], attrs={**p.attrs, "whole_start": str(start)})
        out.append(p)
    return out


_NAME_AFTER = set("，,。；;：:、）)”’…！!？? \n\t等和及与在到赴来从为是也就已则将被向带率从自")
_AFTER_NAME_TAGS = frozenset({"v", "d", "p", "c", "u"})   # LAC: verb, adverb, preposition, conjunction, particle
_CUT_NAME_AFTER = frozenset(_NAME_AFTER | {"正"})    # where a name the tagger ran on may be cut (X正在, X正和)
_PET_NAME = re.compile(r"(.)\1|.[娃宝妹仔哥姐弟儿]|[一二三四五六七八九十].+")   # 佳佳, 二娃, 三妹: a pet name
_ADDRESS_HEADS = frozenset("小老阿大")   # 小王, 老李, 阿强, 大刘: a word of address before a surname or a name
_TRANSCRIBED = re.compile(r"[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8}){1,3}")
_NOT_IN_NAMES = ("书记", "主任", "党员", "干部", "组成", "组长", "队长", "志愿", "科员", "部长", "支部",
                 "委员", "医生", "护士", "老师", "同志", "大姐", "大哥", "局长", "站长", "所长", "镇长",
                 "村长", "院长", "经理", "师傅")
_NOT_IN_NAMES_RE = re.compile("|".join(map(re.escape, _NOT_IN_NAMES)))
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_ENUMERATION = re.compile(r"((?:[\u4e00-\u9fff]{2,4}[、，,]+){1,30}[\u4e00-\u9fff]{2,4})"
                          r"(?=等\d*|等[一二三四五六七八九十百]+|同志|老师|[，,。]|[一二两三四五六七八九十\d]{1,3}[人名位])")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,4}")
_ANON = ("某", "老板", "师傅", "先生", "女士", "阿姨", "大爷", "大妈", "奶奶", "爷爷", "某某")


def _valid_name(name: str, lex: Lexicons, *, surname: bool = True, tagged: bool = False) -> bool:
    """Can ``name`` be a person's name: two to four Han characters opening with a surname (with
    ``surname`` False, where the position already says it is a name, three or four characters with no
    credit word will do; with ``tagged`` too, where the tagger also read it as a name, two), no post or
    common word."""
    if _TRANSCRIBED.fullmatch(name):
        return True   # 买买提·艾力: a transcribed (Uyghur, Tibetan, foreign) name has no Han surname
    if not 2 <= len(name) <= 4 or not _HAN.fullmatch(name):
        return False
    if name in lex.posts_and_roles:
        return False
    if not lex.is_surname_start(name) and (surname or (len(name) < 3 and not tagged)
                                           or any(w in name for w in lex.not_credited_names)):
        return False   # with no surname, only a credited name of three characters or more (热点, 本报记者: no)
    if _NOT_IN_NAMES_RE.search(name):
        return False   # 支部书记, 党员组成: a surname character heading a common phrase
    if name in _COMMON_WORDS or name.endswith(("图片", "照片", "视频")):
        return False   # 单位, 文章图片: common words opening with a surname character
    return "某" not in name and not name.endswith(_ANON)


_COMMON_WORDS = {"单位", "文章", "方面", "方式", "全面", "周边", "任务", "程度", "常态", "党委", "高度", "关键",
                 "司机", "车辆", "全力", "全体", "安全", "向前", "于是", "万一", "时间", "时任", "现任", "曾任"}
# a wire dateline's reporter in brackets with no label: 某社某地5月18日电（某某）
_WIRE_REPORTER = re.compile(r"\d{1,2}日电[（(]([\u4e00-\u9fff]{2,4})[）)]")


def find_persons(text: str, tokens: list[Token], res: Resources, posts: list[Cand]) -> list[Cand]:
    """Tagger names checked against the surname list, names after posts and roles,
    enumerations (A、B、C等N人) and credit lines (X 摄, (特约记者 X))."""
    lex = res.lexicons
    out: dict[tuple[int, int], Cand] = {}
    for tok in tokens:
        if tok.tag != "PER":
            continue
        name = tok.text
        after = text[tok.end:tok.end + 2]
        if _inside_quotes(text, tok.start, tok.end):
            continue   # “包保”机制: a quoted term, not a name
        if after.startswith(_ANON) or not _valid_name(name, lex):
            # a lone surname tagged PER followed by the given name as another word (余 少林)
            if len(name) == 1 and name in lex.surnames:
                k = _token_index(tokens, tok.end)
                if k >= 0 and 1 <= len(tokens[k].text) <= 2 and tokens[k].end <= len(text):
                    full = text[tok.start:tokens[k].end]
                    nxt = text[tokens[k].end:tokens[k].end + 1]
                    # the name ends where a function word or a verb begins (戴|儒舟|正在, 仝|雅婷|说)
                    nk = k + 1 if k + 1 < len(tokens) and tokens[k + 1].start == tokens[k].end else -1
                    ends = (not nxt or nxt in _NAME_AFTER or nxt == "摄"
                            or (nk >= 0 and tokens[nk].tag in _AFTER_NAME_TAGS))
                    if _valid_name(full, lex) and ends:
                        span = (tok.start, tokens[k].end)
                        out[span] = Cand("PERSON", span[0], span[1], full, "lac+surname")
            continue
        out[(tok.start, tok.end)] = Cand("PERSON", tok.start, tok.end, name, "lac")
    # names right after a post or role word: 一级科员X, 志愿者X
    # (a post in quotes, “第一书记”X: the name after the closing quote)
    anchors = [(p.end + (text[p.end:p.end + 1] in ("”", "’")), "post") for p in posts]
    # 名叫X / 名字叫X: a name introduced as such
    for m in re.finditer(r"(?:名叫|名字叫|叫做|名为)([\u4e00-\u9fff]{2,3})(?=[，,。；;、）)])", text):
        if _valid_name(m.group(1), lex):
            out[(m.start(1), m.end(1))] = Cand("PERSON", m.start(1), m.end(1), m.group(1), "rule:naming")
    role_ends = [e for role in lex.roles for _s, e in occurrences(text, role)]
    anchors += [(e, "role") for e in role_ends]
    named = SpanIndex(len(text) + 1, out)   # the names found so far, looked up (not walked) per anchor
    for pos, why in anchors:
        for _ in range(2):   # 某局工作人员 某某 (a caption naming the person shown): a space or two between
            pos += text[pos:pos + 1] in (" ", "\u3000")
        cand = _name_at(text, tokens, pos, lex)
        if cand is not None and not named.covers(cand[0]):
            out[cand] = Cand("PERSON", cand[0], cand[1], text[cand[0]:cand[1]], f"rule:after-{why}")
            named.add(*cand)
    # credits: "X 摄", "X、Y摄", "(记者 X)", "（特约记者 X Y）": the names the one credit parser reads
    for s, e, name in credit_names(text):
        if _valid_name(name, lex, surname=False) and name not in res.gazetteer.by_name:   # (某镇 供图: a town)
            # the credit parser placed the name (记者 X): a rare surname (苑) or a minority name (吾提库)
            # with no Han surname is still the credited person's
            out.setdefault((s, e), Cand("PERSON", s, e, name, "rule:credit"))
    for m in _WIRE_REPORTER.finditer(text):
        if _valid_name(m.group(1), lex):
            out.setdefault((m.start(1), m.end(1)), Cand("PERSON", m.start(1), m.end(1), m.group(1), "rule:credit"))
    # a credit name is the whole name: the tagger's shorter piece of it (张杰|人) is no person
    credited = SpanIndex(len(text) + 1, (k for k, c in out.items() if c.source == "rule:credit"))
    for key in [k for k in out if out[k].source != "rule:credit" and credited.holds(*k)]:
        del out[key]
    # transcribed names (买买提·艾力) after a post, role or punctuation: the tagger splits them
    after_roles = {p.end for p in posts} | set(role_ends)
    found = sorted(out)          # the names by start, for the pieces a transcribed name replaces (by bisection)
    longest = max((b - a for a, b in found), default=0)
    for dot in re.finditer(r"[·•・]", text):
        i = dot.start()
        start = next((b for b in range(i - 1, max(-1, i - 7), -1) if b in after_roles
                      or (b > 0 and not _CJK.match(text[b - 1]))), None)
        k = _token_index(tokens, i + 1)
        if start is None or k < 0 or not _CJK.match(text[i + 1:i + 2] or " "):
            continue
        end = tokens[k].end if tokens[k].tag == "PER" else None
        if end is None or not _TRANSCRIBED.fullmatch(text, start, end):
            continue
        near = found[bisect_left(found, (start - longest, -1)):bisect_left(found, (end, -1))]
        for key in [key for key in near if key in out and (start <= key[0] < end or start < key[1] <= end)]:
            del out[key]   # the tagger's pieces of the name
        out[(start, end)] = Cand("PERSON", start, end, text[start:end], "rule:transcribed")
        insort(found, (start, end))
        longest = max(longest, end - start)
    # enumerations: at least one member already a person; the others are 2-4-char names too
    starts = {t.start: t for t in tokens}
    for m in _ENUMERATION.finditer(text):
        items = [_enumerated(text, m.start(1) + x.start(), m.start(1) + x.end(), starts, lex)
                 for x in _CJK_RUN.finditer(m.group(1))]
        known = [it for it in items if it in out]
        if not known or len(items) < 2:
            continue
        if all(_valid_name(text[s:e], lex) for s, e in items):
            for s, e in items:
                out.setdefault((s, e), Cand("PERSON", s, e, text[s:e], "rule:enumeration"))
                for key in [k for k in out if k[0] == s and k[1] < e]:
                    del out[key]   # the tagger's shorter piece of a listed name (马某|进: 马某进)
    # an item between two enumeration commas, next to a known person (李某某、X、王某某立刻…)
    for _ in range(2):
        for m in re.finditer(r"(?<=、)([\u4e00-\u9fff]{2,4})(?=、)", text):
            s, e = m.start(1), m.end(1)
            if (s, e) in out or not _valid_name(m.group(1), lex):
                continue
            if any(b == s - 1 or a == e + 1 for a, b in out):
                out[(s, e)] = Cand("PERSON", s, e, m.group(1), "rule:enumeration")
    out = _recurring_tails(text, tokens, out, lex)
    # a name of a rare surname after a post (_name_at) that is the given name of a full name written in the
    # article (王晓燕 … 书记晓燕说) names no new person
    given = {c.text[i:] for c in out.values() for i in range(1, len(c.text) - 1)}   # 王晓燕 -> 晓燕 (one look-up)
    for key in [k for k, c in out.items() if c.source.startswith("rule:after-") and not lex.is_surname_start(c.text)
                and c.text in given]:
        del out[key]
    return [c for c in (_trim_person(c, text, lex) for c in out.values()) if c is not None]


_TAIL_STOPS = frozenset("说告表介讲坦谈笑带领率负主副书同一每都对把给让还又便就的了们着过正已曾再亦仍摄图文")


def _recurring_tails(text: str, tokens: list[Token], out: dict[tuple[int, int], Cand], lex: Lexicons
                     ) -> dict[tuple[int, int], Cand]:
    """A two-character name the tagger cut off its third character (王某|见, 沈某|好): where every one of at
    least two occurrences of the name is followed by the same character, which the tagger reads as a word of
    its own (not the head of a verb: 坚守, 负责), is no function word or common verb after a name (说, 带,
    的 …: ``_TAIL_STOPS``, ``_CUT_NAME_AFTER``) and opens no post or role, the three characters are the
    name. A name varies nothing; the words after it do."""
    starts = {t.start: t for t in tokens}
    by_name: dict[str, list[tuple[int, int]]] = {}
    for (s, e), c in out.items():
        if c.source == "lac" and e - s == 2:
            by_name.setdefault(text[s:e], []).append((s, e))
    for name, spans in by_name.items():     # (each name decided once, however often it is written)
        at = starts_of(text, name)
        tails = {text[i + 2:i + 3] for i in at}
        if len(at) < 2 or len(tails) != 1:
            continue
        tail = tails.pop()
        if (not tail or not _CJK.match(tail) or tail in _TAIL_STOPS or tail in _CUT_NAME_AFTER
                or any(i + 2 not in starts or starts[i + 2].end != i + 3 for i in at)
                or not _valid_name(name + tail, lex)):
            continue
        heads = tuple(w for w in lex.posts_and_roles if w[:1] == tail)   # (the lexicon read last, rarely)
        if any(text.startswith(heads, i + 2) for i in at):
            continue
        for s, e in spans:
            del out[(s, e)]
            out[(s, e + 1)] = Cand("PERSON", s, e + 1, name + tail, "lac+tail")
    return out


def _enumerated(text: str, s: int, e: int, starts: Mapping[int, Token], lex: Lexicons) -> tuple[int, int]:
    """One item of an enumeration of names, without the 等 that closes the list (胡某等同志) and without a word
    glued before the first name (还有|蒋某某: the item starts where a tagger word does; 由|谢某某: a one-character
    preposition, conjunction or verb the tagger reads as a word of its own, before a name, when the item
    with it is none: 于|某某 stays, 于 being a surname)."""
    if e - s >= 3 and text[e - 1] == "等":
        e -= 1
    if s not in starts:
        inner = next((i for i in range(s + 1, e - 1) if i in starts), None)
        if inner is not None:
            s = inner
    elif (e - s >= 3 and starts[s].end == s + 1 and starts[s].tag in ("p", "c", "v", "d") and s + 1 in starts
          and not _valid_name(text[s:e], lex) and _valid_name(text[s + 1:e], lex)):
        s += 1
    return s, e


_TITLE_AFTER = ("通讯员", "记者", "摄影", "编辑", "责编")
_VERB_BEFORE = ("担任", "出任", "兼任", "现任", "曾任", "继任", "新任", "调任", "升任")
_COLOURS = set("红橙黄绿青蓝紫白黑灰粉褐")


def _trim_person(c: Cand, text: str, lex: Lexicons) -> Cand | None:
    """Drop or trim names that swallowed a neighbour: a byline label (张三|通讯员 read as 张三通),
    the verb before a post (担|任联络员), colour words (蓝白相间), 包括."""
    if text[c.start - 1:c.start + 1] in _VERB_BEFORE or c.text.startswith(("包括", "任职")):
        return None
    if len(c.text) == 2 and all(ch in _COLOURS for ch in c.text) or text.startswith(("相间", "色"), c.end):
        return None
    if c.end - c.start >= 3 and text[c.end - 1] in "文图" and text[c.end:c.end + 1] in ("/", "／"):
        # 通讯员范某某文/图, 记者赵某图/: the credit's one-character title glued to the name
        return replace(c, end=c.end - 1, text=text[c.start:c.end - 1])
    for k in (1, 2):
        if c.end - k - c.start >= 2 and text.startswith(_TITLE_AFTER, c.end - k) and _valid_name(
                text[c.start:c.end - k], lex):
            return replace(c, end=c.end - k, text=text[c.start:c.end - k])
    return c


def _name_at(text: str, tokens: list[Token], pos: int, lex: Lexicons) -> tuple[int, int] | None:
    """A 2-3 character name starting at ``pos`` and ending at a word boundary."""
    k = _token_index(tokens, pos)
    if (k >= 0 and tokens[k].start == pos and tokens[k].tag == "PER" and len(tokens[k].text) <= 3
            and not lex.is_surname_start(tokens[k].text) and tokens[k].text[0] not in _ADDRESS_HEADS
            and not _PET_NAME.fullmatch(tokens[k].text)
            and tokens[k].end < len(text)
            and (text[tokens[k].end] in _CUT_NAME_AFTER or text[tokens[k].end] == "说")
            and _valid_name(tokens[k].text, lex, surname=False, tagged=True)):
        # 民警智小辉说, 科员尧成在现场: a name of a rare surname (not in the list) that the tagger reads as a
        # name right after a post, and that a verb, a particle or punctuation closes: both say it is one
        # (not 小王, 老李: a word of address, nor 佳佳, 二娃: a pet name; they name nobody the article identifies)
        return tokens[k].start, tokens[k].end
    if pos >= len(text) or not lex.is_surname_start(text[pos:pos + 2]):
        return None
    if k < 0 or tokens[k].start != pos:
        return None
    if tokens[k].tag == "PER":
        if _valid_name(tokens[k].text, lex):
            return tokens[k].start, tokens[k].end
        # 苑丁波正和|同事: the tagger's name ran into the words after it; cut where a name may end
        for length in (3, 2) if len(tokens[k].text) > 3 else ():
            if _valid_name(text[pos:pos + length], lex) and text[pos + length:pos + length + 1] in _CUT_NAME_AFTER:
                return pos, pos + length
        return None
    # a compound surname (欧阳, 司马) takes a given name of one or two characters
    for length in ((4, 3) if text[pos:pos + 2] in lex.compound_surnames else (3, 2)):
        end = pos + length
        if end > len(text):
            continue
        nxt = text[end:end + 1]
        name = text[pos:end]
        if not _valid_name(name, lex):
            continue
        ke = _token_index(tokens, end - 1)
        if ke < 0 or tokens[ke].end != end:
            continue
        if ke == k and tokens[k].tag not in ("PER", "nz"):
            continue   # one common word (干部, 广泛), not a name
        if any(t.tag not in ("PER", "n", "nz", "nr", "LOC", "a") for t in tokens[k:ke + 1]):
            continue   # 包|保 (verbs), not a name the tagger missed
        if name in lex.posts_and_roles:
            continue
        if nxt == "" or nxt in _NAME_AFTER:
            return pos, end
        kn = _token_index(tokens, end)
        if kn >= 0 and tokens[kn].tag in ("v", "d", "TIME", "p") and tokens[k].tag not in ("v",):
            return pos, end
    return None


def find_deixis(text: str) -> list[Cand]:
    return [Cand("DEIXIS", m.start(), m.end(), m.group(0), "rule:deixis") for m in _DEIXIS.finditer(text)]


# --------------------------------------------------------------------------- all together


def recognize(text: str, tokens: list[Token], res: Resources, home: str | None) -> list[Cand]:
    """Every candidate span of the text, overlaps resolved by type priority."""
    tokens = indexed(tokens)
    dates = find_dates(text)
    posts = find_posts(text, res)
    places = find_places(text, tokens, res, home)
    # 西安市|长安区, 某县|长丰镇: a place's name that runs on past a post's last character holds no post (市长, 县长)
    inside = inner_boundaries(len(text), places)
    posts = [p for p in posts if not inside[p.end]]
    orgs = find_orgs(text, tokens, res, places, posts)
    orgs, streets = _streets_of_offices(text, orgs, places)   # 镇守某区某办事处: a street office as an address
    places += streets
    # 某医院|感染科主任: the department left out of the unit opens the post written after it
    moved = [(o.end, int(o.attrs["department_end"])) for o in orgs if "department_end" in o.attrs]
    post_starts = {p.start for p in posts}
    moved += [(o.end, end) for o in orgs if o.kind is OrgKind.INSTITUTION and "department_end" not in o.attrs
              and (end := _department_gap_end(text, o.end, post_starts)) is not None]
    posts = [next((replace(p, start=a, text=text[a:p.end]) for a, b in moved if a <= p.start <= b < p.end), p)
             for p in posts]
    posts = whole_posts(text, posts, orgs)
    persons = find_persons(text, tokens, res, posts)
    deixis = find_deixis(text)
    # Places inside an enterprise name are part of its trade name, not mentions.
    def _of_enterprise(o: Cand) -> bool:
        suf = res.lexicons.org_suffix_at_end(o.parent) if o.parent_legal and o.parent else None
        return o.kind == OrgKind.ENTERPRISE or (suf is not None and suf.kind == OrgKind.ENTERPRISE)

    # 某市塑料厂|小区: a unit's name that runs into the name of a compound named after it (the compound starts
    # inside the unit's name and ends after it) is the compound's, no unit here
    compounds = sorted((p.start, p.end) for p in places if p.level is PlaceLevel.COMPOUND)
    orgs = [o for o in orgs if not any(o.end < b for _a, b in compounds[bisect_right(compounds, (o.start, len(text))):
                                                                   bisect_left(compounds, (o.end, -1))])]
    def _trade_name_end(o: Cand) -> int:
        """Where the enterprise's own name ends: a unit it sends (某集团|驻某县某村工作队) keeps the places after it."""
        own = o.kind != OrgKind.ENTERPRISE and o.parent and text.startswith(o.parent, o.start)
        return o.start + len(o.parent) if own and o.parent else o.end

    # (start, end of the trade name, end of the unit): a place starting in the trade name and inside the unit goes
    enterprise = sorted((o.start, _trade_name_end(o), o.end) for o in orgs if _of_enterprise(o))
    firsts = [a for a, _n, _b in enterprise]
    reach = max((n - a for a, n, _b in enterprise), default=0)   # (by bisection over the units' starts)
    def _in_trade_name(p: Cand) -> bool:
        near = enterprise[bisect_left(firsts, p.start - reach):bisect_right(firsts, p.start)]
        return any(p.start < n and p.end <= b and (a, b) != (p.start, p.end) for a, n, b in near)

    places = [p for p in places if not _in_trade_name(p)]
    # 某乡退役军人服务站: a unit whose own word is longer than the site word it ends with holds no site
    unit_ends = {o.end: o.start for o in orgs if _unit_over_site(o.text, res.lexicons, res)}
    places = [p for p in places if not (p.level is PlaceLevel.SITE and unit_ends.get(p.end, p.end) <= p.start)]
    # Nested place candidates: the longest wins (黄冈社区 over 黄冈).
    places.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[Cand] = []
    dropped: set[int] = set()     # positions in kept of places a later, longer one replaced
    live: list[int] = []          # positions in kept of the places ending after the current start: only they
    for p in places:              # can hold it or start with it (the others end before it, sorted by start)
        live = [i for i in live if kept[i].end > p.start]
        # a checkpoint keeps the place it is named after (某村村口检查站 and 某村)
        # ... and a site keeps the compound or village it is named after (某小区核酸检测点 and 某小区)
        if any((k := kept[i]).start <= p.start and p.end <= k.end and k.source != "rule:checkpoint"
               and not (k.level is PlaceLevel.SITE and k.start == p.start and p.level is not PlaceLevel.SITE)
               for i in live):
            continue
        gone = {i for i in live if p.start <= (k := kept[i]).start and k.end <= p.end and p.source != "rule:checkpoint"
                and not (p.level is PlaceLevel.SITE and k.start == p.start and k.level is not PlaceLevel.SITE)}
        if gone:
            dropped |= gone
            live = [i for i in live if i not in gone]
        live.append(len(kept))
        kept.append(p)
    places = [k for i, k in enumerate(kept) if i not in dropped]
    # Places that sit inside an org name but are not divisions or named places (台 in 区台办) go.
    org_spans = [(o.start, o.end) for o in orgs]
    in_orgs = SpanIndex(len(text), org_spans)
    places = [p for p in places if p.source.startswith("gazetteer") or p.source in ("rule:suffix", "rule:checkpoint")
              or not in_orgs.holds(p.start, p.end)]
    # A sub-town place whose span is exactly an org (某某村委会) stays an org.
    exact = set(org_spans)
    places = [p for p in places if p.source == "rule:checkpoint" or (p.start, p.end) not in exact]
    # a checkpoint is a site, not a unit (某村村口疫情防控检查站, 东城检查站): no unit ends where one ends
    checkpoint_ends = {p.end for p in places if p.source == "rule:checkpoint"}
    orgs = [o for o in orgs if o.end not in checkpoint_ends
            and not _GENERIC_CHECKPOINT.fullmatch(o.text)]   # 设立检查站12个, 村口检查站: no unit
    # Persons inside org/place names are not persons (张记 in 张记（广东）…公司): no unit or place covers the
    # name's first character or its end
    taken = SpanIndex(len(text), org_spans + [(p.start, p.end) for p in places])
    persons = [p for p in persons if not (taken.covers(p.start) or taken.covers_end(p.end))
               and not (p.text.endswith(("报", "网", "台")) and text.startswith(_OUTLET_TITLES, p.end))]
    # a post inside a unit's name is the unit's
    posts = [p for p in posts if not in_orgs.holds(p.start, p.end)]
    # 某某6-7号院: a house number inside a place name is no date
    in_places = SpanIndex(len(text), ((p.start, p.end) for p in places))
    dates = [d for d in dates if not in_places.holds(d.start, d.end)]
    return sorted(dates + posts + places + orgs + persons + deixis, key=lambda c: (c.start, -c.end))
