"""Resolution within one article: home division, candidates -> entities with keys.

Places get their gazetteer code and path (ambiguous names decided by the codes of the
home division and of the places written next to them); short forms expand to the full
name; relative unit names (区委组织部) get the home division as qualifier; branches of an
enterprise point to it; mentions of one name merge into one entity.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from kg.extract.gazetteer import Gazetteer, short_form
from kg.extract.lexicons import Lexicons
from kg.extract.recognize import BARE, RELATIVE_HEADS, Cand, Resources
from kg.read.credits import credit_outlet, is_outlet_name, read_credits, reporter_before
from kg.records import Article, Entity, EntityType, Fact, Mention, OrgKind, PlaceLevel, Predicate

_SITE_SUFFIX = re.compile(r"(?:新闻网|新闻|融媒体中心|融媒|发布|日报|晚报|网|电视台|广播电视台|广电|报"
                          r"|在线|之窗|频道)+$")
# 新华社武汉2月9日电 / 本报成都3月2日讯: the place the report was filed from
_WIRE_DATELINE = re.compile(r"^[^\n]{0,30}?(?:社|报|网|台)([\u4e00-\u9fff]{2,6}?)\d{1,2}月\d{1,2}日(?:电|讯)")
_DATELINE = re.compile(r"^\s*(?:【)?([\u4e00-\u9fff]{2,12}?)(?:新闻网|融媒体中心|日报|晚报|网)?讯")
_LEVEL_RANK = {PlaceLevel.COUNTRY: 0, PlaceLevel.PROVINCE: 1, PlaceLevel.CITY: 2, PlaceLevel.DISTRICT: 3,
               PlaceLevel.TOWN: 4, PlaceLevel.COMMUNITY: 5, PlaceLevel.VILLAGE: 5,
               PlaceLevel.NATURAL_VILLAGE: 6,
               PlaceLevel.COMPOUND: 6, PlaceLevel.SITE: 7, PlaceLevel.AREA: 7}


def level_rank(level: PlaceLevel | None) -> int:
    return _LEVEL_RANK.get(level, 8) if level is not None else 8


def find_home(article: Article, gaz: Gazetteer) -> str | None:
    """The home division code: from the site name, else the dateline (``某某新闻网讯``)."""
    site = (article.site or "").strip()
    name = _SITE_SUFFIX.sub("", site)
    if site[len(name):] in _BRAND_SUFFIX:
        # 东方网, 大众网: a brand written with a bare 网/报 names a place only in full (某某市网)
        code = gaz.by_name[name][0] if len(gaz.by_name.get(name, ())) == 1 else None
    else:
        code = _division_in(name, gaz)
        if code and "报" in site[len(name):] and name not in gaz.by_name and gaz.divisions[code].level not in (
                PlaceLevel.PROVINCE, PlaceLevel.CITY):
            code = None   # 某某日报/晚报 is a city's or a province's paper (新民晚报 is no county 新民)
    if code:
        return code
    head = article.text.lstrip()[:120]
    for pattern in (_DATELINE, _WIRE_DATELINE):
        m = pattern.search(head)
        if m:
            code = _division_in(m.group(1), gaz)
            if code:
                return code
    return None


_BRAND_SUFFIX = ("网", "报", "在线", "之窗", "频道")


def _division_in(name: str, gaz: Gazetteer) -> str | None:
    if not name:
        return None
    for text in (name, name[:3], name[:2]):
        codes = gaz.candidates(text)
        if len(codes) == 1:
            return codes[0]
        if codes:
            # several: prefer the highest level, as a site is named after a county or city
            codes.sort(key=len)
            if len(codes[0]) < len(codes[1]):
                return codes[0]
            return None
    return None


@dataclass(slots=True)
class Draft:
    """An entity being assembled from its mentions."""

    key: str
    type: EntityType
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    level: PlaceLevel | None = None
    code: str | None = None
    path: tuple[str, ...] = ()
    kind: OrgKind | None = None
    qualifier: str | None = None
    parent: str | None = None

    def add(self, c: Cand, sentence: int) -> None:
        self.mentions.append(Mention(c.text, c.start, c.end, c.label, sentence, c.source))
        if c.text != self.name and c.text not in self.aliases and c.label != "DEIXIS":
            self.aliases.append(c.text)
        written = c.attrs.get("written")    # the whole written form of a unit named from part of it
        if written and written != self.name and written not in self.aliases:
            self.aliases.append(written)


@dataclass(slots=True)
class Resolution:
    """Entities of the article and which candidate became which entity."""

    drafts: dict[str, Draft]
    of: dict[tuple[int, int, str], str]          # (start, end, label) -> entity key
    home: str | None

    def key(self, c: Cand) -> str | None:
        return self.of.get((c.start, c.end, c.label))


_DEIXIS_LEVEL = {"省": PlaceLevel.PROVINCE, "市": PlaceLevel.CITY, "州": PlaceLevel.CITY,
                 "区": PlaceLevel.DISTRICT, "县": PlaceLevel.DISTRICT, "旗": PlaceLevel.DISTRICT,
                 "镇": PlaceLevel.TOWN, "乡": PlaceLevel.TOWN}


_LEVEL_WORDS = {"社区": PlaceLevel.COMMUNITY, "村": PlaceLevel.VILLAGE, "街道": PlaceLevel.TOWN,
                "镇": PlaceLevel.TOWN, "乡": PlaceLevel.TOWN}


def _last_place_of_level(places: list[Cand], of: dict[tuple[int, int, str], str], drafts: dict[str, Draft],
                         level: PlaceLevel, pos: int) -> str | None:
    keys = [of.get((p.start, p.end, p.label)) for p in places if p.end <= pos]
    keys = [k for k in keys if k and drafts[k].level is level]
    return keys[-1] if keys else None


_TOWN_WORDS = ("街道", "镇", "乡")


def town_code(gaz: Gazetteer, name: str, context: list[str]) -> str | None:
    """The gazetteer's town of a town found by its level word (驻|某某镇, glued to a verb the gazetteer scan
    does not cut) or listed without it (甲、乙等乡镇, read by its full name): its own name, else the same
    name under another town word in the article's prefecture (a town that has become a street office since:
    某某镇 -> 某某街道), only where exactly one town of the context's prefecture takes it."""
    own = [c for c in gaz.by_name.get(name, ()) if len(c) > 6]
    if own:
        return gaz.resolve(name, context, short=False)
    word = next((w for w in _TOWN_WORDS if name.endswith(w) and len(name) > len(w) + 1), None)
    if word is None:
        return None
    stem = name[: -len(word)]
    prefectures = {c[:4] for c in context if c}
    found = [c for w in _TOWN_WORDS if w != word for c in gaz.by_name.get(stem + w, ())
             if len(c) > 6 and c[:4] in prefectures]
    return found[0] if len(found) == 1 else None


def _home_from_deixis(cands: list[Cand], places: list[Cand], gaz: Gazetteer) -> str | None:
    """No site or dateline: ``我市`` refers to the first city the article names (likewise 我区, 我县)."""
    deixis = [c for c in cands if c.label == "DEIXIS" and c.text[0] == "我"]
    if not deixis:
        return None
    level = _DEIXIS_LEVEL.get(deixis[0].text[-1])
    for p in places:
        if not p.source.startswith("gazetteer"):
            continue
        code = gaz.resolve(p.text, [])
        if code is not None and gaz.divisions[code].level is level:
            return code
    return None


def _level_of_name(name: str) -> PlaceLevel:
    """The level a division name's suffix says, for a name the gazetteer cannot place (龙泉镇 x18)."""
    if name.endswith(("镇", "乡", "街道")):
        return PlaceLevel.TOWN
    if name.endswith(("区", "县", "旗")):
        return PlaceLevel.DISTRICT
    if name.endswith(("市", "州", "盟")):
        return PlaceLevel.CITY
    if name.endswith("省"):
        return PlaceLevel.PROVINCE
    return PlaceLevel.AREA


def place_key(code: str | None, path: tuple[str, ...]) -> str:
    return f"place:{code}" if code else "place:" + "/".join(path)


def resolve(article: Article, cands: list[Cand], res: Resources, home: str | None,
            sentence_of: dict[int, int]) -> Resolution:
    """Turn candidates into entity drafts and remember the mapping."""
    gaz = res.gazetteer
    drafts: dict[str, Draft] = {}
    of: dict[tuple[int, int, str], str] = {}
    home_key = None
    if home and home in gaz.divisions:
        d = gaz.divisions[home]
        home_key = place_key(home, ())
        drafts[home_key] = Draft(home_key, EntityType.PLACE, d.name, level=d.level, code=home,
                                 path=gaz.path(home))
    places = [c for c in cands if c.label == "PLACE"]
    if home is None:
        home = _home_from_deixis(cands, places, gaz)
        if home is not None:
            d = gaz.divisions[home]
            home_key = place_key(home, ())
            drafts[home_key] = Draft(home_key, EntityType.PLACE, d.name, level=d.level, code=home,
                                     path=gaz.path(home))
    context = [home] if home else []
    # first pass: unambiguous divisions give context for the ambiguous ones
    for c in places:
        codes = gaz.candidates(c.text)
        if len(codes) == 1:
            context.append(codes[0])
    # each code once (every use of the context is a max, an any or a set over it): a place named a thousand
    # times is one code to compare, not a thousand, for each place resolved (quadratic before)
    context = list(dict.fromkeys(context))
    prev: Cand | None = None
    prev_code: str | None = None
    prev_path: tuple[str, ...] = ()
    prev_level: PlaceLevel | None = None
    last_path_of: dict[str, tuple[tuple[str, ...], str | None]] = {}
    # a village/community named alone in one place and nested elsewhere is one place: resolve the
    # nested mentions first so that the lone ones take their path
    ordered = sorted(places, key=lambda x: x.start)
    for i, c in enumerate(ordered):
        if c.source.startswith("gazetteer") or i == 0 or ordered[i - 1].end != c.start:
            continue
        p = ordered[i - 1]
        pcode = gaz.resolve(p.text, context) if p.source.startswith("gazetteer") else None
        if pcode is not None and c.canonical not in last_path_of:
            last_path_of[c.canonical] = (gaz.path(pcode) + (c.canonical,), None)
    for c in ordered:
        adjacent = prev is not None and prev.end == c.start
        local_ctx = ([prev_code] if adjacent and prev_code else []) + context
        code = gaz.resolve(c.text, local_ctx) if c.source.startswith("gazetteer") else None
        if code is None and c.level is PlaceLevel.TOWN and not c.source.startswith("gazetteer"):
            # a town found by its level word (驻|某某镇) or listed without it (甲、乙等乡镇: its full name)
            code = town_code(gaz, c.canonical, local_ctx)
        if (code is not None and c.source == "gazetteer:short" and home is not None
                and gaz.divisions[code].level is PlaceLevel.DISTRICT
                and not any(x[:2] == code[:2] for x in context if x != code)):
            # a district's short form in another province with nothing else of that province in the
            # article (城北 -> 西宁市城北区 in a Zhejiang report): the context does not support it
            continue
        if code is None and c.text.endswith("古镇") and len(c.text) >= 4:
            # 某某古镇 is the tourist name of the town 某某镇
            code = gaz.resolve(c.text[:-2] + "镇", local_ctx, short=False)
        if code is not None:
            d = gaz.divisions[code]
            name, level, path = d.name, d.level, gaz.path(code)
        else:
            name, level = c.canonical, c.level or _level_of_name(c.canonical)
            listed = (prev is not None and prev.end == c.start - 1 and article.text[c.start - 1] == "、"
                      and len(prev_path) > 1 and level_rank(level) >= 5 and level_rank(prev_level) >= 5)
            if adjacent and prev_path:
                path = prev_path + (name,)
            elif listed and name not in last_path_of:
                # 某镇甲村、乙社区: the items of a list share the town written with the first
                path = prev_path[:-1] + (name,)
            elif name in last_path_of:
                path = last_path_of[name][0]
            else:
                path = (name,)
                # a village/community written alone: under the nearest town/district before it
        key = place_key(code, path)
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = Draft(key, EntityType.PLACE, name, level=level, code=code, path=path)
        draft.add(c, sentence_of.get(c.start, -1))
        of[(c.start, c.end, c.label)] = key
        last_path_of[name] = (path, code)
        prev, prev_code, prev_path, prev_level = c, code, path, level
    _merge_place_variants(drafts, of)
    # organisations
    for c in (x for x in cands if x.label == "ORG" and x.source != BARE):
        name = c.canonical
        stationed = next((w for w in ("驻村", "驻社区") if name.startswith(w)), None)
        if stationed is not None:
            # 驻村工作队: the team stationed in the village (community) the text is about, named after it
            focus = _last_place_of_level(places, of, drafts, _LEVEL_WORDS[stationed[1:]], c.start)
            if focus is not None:
                name = drafts[focus].name + name
        word = next((w for w in _LEVEL_WORDS if name.startswith(w) and name != w), None)
        if word is not None and c.source != BARE:
            # 社区党委 / 村委会 written bare: the unit of the community (village) the text is about
            focus = _last_place_of_level(places, of, drafts, _LEVEL_WORDS[word], c.start)
            if focus is not None:
                name = drafts[focus].name + name[len(word):]
            elif c.source == "rule:org" and not c.parent and res.lexicons.org_suffix_at_end(name[len(word):]) and (
                    res.lexicons.org_suffix_at_end(name[len(word):]).suffix == name[len(word):]):  # type: ignore[union-attr]
                continue   # 社区两委 with no community named before it: a kind of unit, not one unit
        if c.kind == OrgKind.MEDIA and not c.attrs.get("credit"):
            continue   # the source site or paper is the article's channel, not an actor, unless credited
        key = f"org:{name}"
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = Draft(key, EntityType.ORGANIZATION, name, kind=c.kind,
                                        qualifier=home_key if c.relative else None)
        psuf = res.lexicons.org_suffix_at_end(c.parent) if c.parent else None
        bare_parent = psuf is not None and c.parent == psuf.suffix
        if c.parent and not bare_parent:   # 学校党委: 学校 alone names no particular school
            pkey = f"org:{c.parent}"
            if c.parent_legal and pkey not in drafts:
                suf = res.lexicons.org_suffix_at_end(c.parent)
                drafts[pkey] = Draft(pkey, EntityType.ORGANIZATION, c.parent,
                                     kind=suf.kind if suf else OrgKind.ENTERPRISE,
                                     qualifier=home_key if c.relative else None)
            draft.parent = pkey
        draft.add(c, sentence_of.get(c.start, -1))
        of[(c.start, c.end, c.label)] = key
    _merge_org_variants(drafts, of, res.lexicons.abbreviate)
    _merge_abbreviated_units(drafts, of)
    _merge_team_references(drafts, of, res.lexicons)
    _formed_by_named_unit(drafts, of, cands, article.text)
    _chain_aliases(drafts, gaz.province_shorts)
    _system_aliases(drafts, res.lexicons)
    _merge_written_forms(drafts, of)
    _merge_later_bare_branches(drafts, of)
    # a bare unit word (临时党支部) refers back to the one unit of its kind named in the article
    for c in (x for x in cands if x.label == "ORG" and x.source == BARE):
        same = [k for k, d in drafts.items() if d.type is EntityType.ORGANIZATION and d.kind is c.kind
                and d.name.endswith(c.text) and d.name != c.text]
        if len(same) == 1:
            drafts[same[0]].mentions.append(Mention(c.text, c.start, c.end, c.label,
                                                    sentence_of.get(c.start, -1), c.source))
            of[(c.start, c.end, c.label)] = same[0]
    # persons
    for c in (x for x in cands if x.label == "PERSON"):
        key = f"person:{c.text}"
        draft = drafts.setdefault(key, Draft(key, EntityType.PERSON, c.text))
        draft.add(c, sentence_of.get(c.start, -1))
        of[(c.start, c.end, c.label)] = key
    # deixis: 我区/全区 are mentions of the home division
    if home_key:
        for c in (x for x in cands if x.label == "DEIXIS"):
            drafts[home_key].add(c, sentence_of.get(c.start, -1))
            of[(c.start, c.end, c.label)] = home_key
    _credit_entities(article, cands, res, drafts, sentence_of)
    _name_formed_units(drafts, of, cands, sentence_of, article.text, res.long_place_words,
                       res.lexicons.site_kinds)
    return Resolution(drafts, of, home_key)


def _credit_entities(article: Article, cands: list[Cand], res: Resources, drafts: dict[str, Draft],
                     sentence_of: dict[int, int]) -> None:
    """The people the credits name (``kg.read.credits``, the one credit parser) and the outlets their
    titles name (某某日报社全媒体记者, 本报记者, 新民晚报记者张三 in the text): entities of the article,
    made here so that no relation rule creates one."""
    lex = res.lexicons
    names = {d.name for d in drafts.values() if d.type is EntityType.PERSON}
    starts = sorted(sentence_of.items())
    for cr in article.credits or read_credits(article.text):
        if (cr.name in lex.posts or cr.name in lex.roles or not lex.is_surname_start(cr.name)
                or cr.name in res.gazetteer.by_name):
            continue   # a title read as a name (``记者`` before a list of names), a town credited (某镇 供图)
        if cr.name not in names:
            key = f"person:{cr.name}"
            d = drafts.setdefault(key, Draft(key, EntityType.PERSON, cr.name))
            sentence = max((i for s, i in starts if s <= cr.start), default=-1)
            d.add(Cand("PERSON", cr.start, cr.end, cr.name, "credit"), sentence)
            names.add(cr.name)
        split = credit_outlet(article.text, cr, site=article.site)
        if split is not None:
            _outlet(drafts, split[0], res)
    for c in (x for x in cands if x.label == "PERSON"):
        found = reporter_before(article.text, c.start, site=article.site)
        if found is not None:
            _outlet(drafts, found[0], res)


def outlet_key(drafts: dict[str, Draft], name: str, res: Resources) -> str:
    """The key of the outlet a credit names: the unit of the article written by that name (its name or an
    alias), else the outlet's own name (``entities.outlet-names``: 总台 is 中央广播电视总台); a national
    outlet's name closing words that name no outlet (某某现场央广网) is that outlet."""
    # 新闻发布会现场|央广网记者: words run into the title before a national outlet's name are not the outlet's
    known = next((m for m in res.lexicons.media if name.endswith(m) and name != m
                  and not is_outlet_name(name[: -len(m)].rstrip("·"))), None)   # (某报·某网: two outlets)
    name = known or name
    for key, d in drafts.items():
        if d.type is EntityType.ORGANIZATION and (d.name == name or name in d.aliases):
            return key
    return f"org:{res.lexicons.outlets.get(name, name)}"


def _outlet(drafts: dict[str, Draft], name: str, res: Resources) -> None:
    key = outlet_key(drafts, name, res)
    if key not in drafts:
        drafts[key] = Draft(key, EntityType.ORGANIZATION, key.removeprefix("org:"), kind=OrgKind.MEDIA)
        if drafts[key].name != name:
            drafts[key].aliases.append(name)


def _name_formed_units(drafts: dict[str, Draft], of: dict[tuple[int, int, str], str], cands: list[Cand],
                       sentence_of: dict[int, int], text: str, place_words: tuple[str, ...] = (),
                       site_kinds: tuple[str, ...] = ()) -> None:
    """A unit formed on the spot and written without a place (成立临时党支部) is named after the place
    of its sentence (新立村临时党支部; the bare name stays an alias): the innermost community or village
    written before it in the sentence, else the innermost place at or below the town level after it. A
    name that holds a place's word of two characters or more (某某宾馆隔离点临时党支部, 某某小区临时党小组) is
    named after that place already, though recognition did not read the place; not a place's word after
    nothing but words of its kind (卡口临时党支部, 疫情防控卡点临时党支部: ``site_kinds``)."""
    by_sentence: dict[int, list[Cand]] = {}
    for c in sorted((c for c in cands if c.label == "PLACE" and (c.start, c.end, c.label) in of),
                    key=lambda c: c.start):
        by_sentence.setdefault(sentence_of.get(c.start, -2), []).append(c)
    for o in (c for c in cands if c.label == "ORG" and c.generic and c.source != BARE):
        okey = of.get((o.start, o.end, o.label))
        if okey is None or okey not in drafts:
            continue
        d = drafts[okey]
        if d.name != o.canonical:
            continue   # named already
        if text.startswith("的", o.end):
            continue   # 成立临时党支部的批复: a unit named, not formed here
        if _named_after_place(d.name, place_words, site_kinds):
            continue   # 某某宾馆隔离点临时党支部: named after the place it is set up at
        si = sentence_of.get(o.start, -1)
        same = [p for p in by_sentence.get(si, ()) if not (p.start < o.end and o.start < p.end)]

        def rank(p: Cand) -> int:
            return level_rank(drafts[of[(p.start, p.end, p.label)]].level)

        before = [p for p in same if p.end <= o.start and rank(p) >= 5]   # a community or village before it
        after = [p for p in same if p.start >= o.end and rank(p) >= 4]    # where it went (进驻某街道某社区)
        if before:
            place = before[-1]
        elif after:
            place = after[0]
            chained = {p.start: p for p in after}
            while place.end in chained:
                place = chained[place.end]   # 某街道某社区: the innermost of the chain
        else:
            continue
        pname = drafts[of[(place.start, place.end, place.label)]].name
        if d.name.startswith(pname):
            continue
        if d.name not in d.aliases:
            d.aliases.append(d.name)
        d.name = pname + d.name


def _named_after_place(name: str, place_words: tuple[str, ...], site_kinds: tuple[str, ...]) -> bool:
    """Does a place's word in ``name`` close a name of its own (某某小区, not 卡口, 疫情防控卡点 or 集中隔离点)? The
    head before it loses the words of a site's kind and the place words it ends with, and a place word that is
    the tail of a longer one (隔离点 of 集中隔离点, 酒店 of 隔离酒店) is read as the longer one."""
    for w in place_words:
        at = name.find(w)
        while at >= 0:
            if any(len(w2) > len(w) and name.endswith(w2, 0, at + len(w)) for w2 in place_words):
                at = name.find(w, at + 1)
                continue   # 集中|隔离点: the tail of a longer place word read at the same end
            head = name[:at]
            while head:
                kind = next((k for k in (*site_kinds, *place_words) if head.endswith(k)), None)
                if kind is None:
                    break
                head = head[:-len(kind)]
            if len(head) >= 2:
                return True
            at = name.find(w, at + 1)
    return False


def _merge_place_variants(drafts: dict[str, Draft], of: dict[tuple[int, int, str], str]) -> None:
    """One village/community named with more or fewer of its ancestors is one place:
    (杭州市, 王马社区) and (杭州市, 某区, 王马社区) -> the fuller path."""
    by_name: dict[str, list[str]] = {}
    for k, d in drafts.items():
        if d.type is EntityType.PLACE and not d.code:
            by_name.setdefault(d.name, []).append(k)
    for keys in by_name.values():
        if len(keys) < 2:
            continue
        keys.sort(key=lambda k: len(drafts[k].path), reverse=True)
        full = keys[0]
        ancestors = set(drafts[full].path[:-1])
        for k in keys[1:]:
            if not set(drafts[k].path[:-1]) <= ancestors:
                continue   # a namesake under another division
            d = drafts.pop(k)
            drafts[full].mentions.extend(d.mentions)
            for a in d.aliases:
                if a not in drafts[full].aliases:
                    drafts[full].aliases.append(a)
            for span, kk in list(of.items()):
                if kk == k:
                    of[span] = full


_ORGAN_OFFICES = "机关"
_QUOTED_HEAD = re.compile(r"“[^”]{2,12}”")   # a team's quoted name opening its name


def _place_names(drafts: dict[str, Draft]) -> tuple[list[str], list[str]]:
    """The article's place names and their short forms (some of them have none)."""
    places = [d.name for d in drafts.values() if d.type is EntityType.PLACE]
    return places, [x for x in (short_form(p) for p in places) if x]


def _merge_org_variants(drafts: dict[str, Draft], of: dict[tuple[int, int, str], str],
                        abbreviate: Callable[[str], str] = str) -> None:
    """One unit written two ways is one entity: ``四平支援队``/``四平市支援队`` (short place form),
    ``区党工委``/``某某区党工委`` (relative name next to the full one), ``区卫健局``/``区卫生健康局``
    (official short words, compared in their short form)."""
    orgs = {d.name: k for k, d in drafts.items() if d.type is EntityType.ORGANIZATION}
    places, place_shorts = _place_names(drafts)
    alias_of: dict[str, str] = {}
    by_short: dict[str, list[str]] = {}

    def compared(name: str) -> str:
        # 省政协机关 is 省政协: the organ's offices (机关) are the unit
        name = abbreviate(name)
        return name[:-2] if name.endswith(_ORGAN_OFFICES) and len(name) > 4 else name

    for name in sorted(orgs, key=lambda n: (-len(n), n)):
        # 中共某市某工委 and 某市某工委: the party's prefix written or not, one unit
        bare = name[2:] if name.startswith("中共") and len(name) > 4 else name
        by_short.setdefault(compared(bare), []).append(name)
    for names in by_short.values():
        for other in names[1:]:
            alias_of[orgs[other]] = orgs[names[0]]   # the longest (official) form is the name
    orgs = {compared(n): k for n, k in orgs.items() if k not in alias_of}
    # indexes built once (an article of a thousand units is not walked once per unit): the places by their short
    # form, in order; the units by each ending of their names, in order; the units by their quoted names
    order = {n: i for i, n in enumerate(orgs)}
    by_place_short: dict[str, list[tuple[int, str]]] = {}
    for i, full in enumerate(places):
        short = short_form(full)
        if short:
            by_place_short.setdefault(short, []).append((i, full))
    ending: dict[str, list[str]] = {}
    for n in orgs:
        for i in range(1, len(n)):
            ending.setdefault(n[i:], []).append(n)
    by_quote: dict[str, list[str]] = {}
    for n in orgs:
        if (q := _QUOTED_HEAD.match(n)) is not None:
            by_quote.setdefault(q.group(0), []).append(n)
    heads = _PlaceHeads(places)
    for name, key in orgs.items():
        # 四平支援队 and 四平市支援队: the later place of the article whose short form opens the name wins
        for _i, full in sorted(x for k in range(1, len(name) + 1) for x in by_place_short.get(name[:k], ())):
            if not name.startswith(full):
                target = full + name[len(short_form(full) or ""):]
                if target in orgs and orgs[target] != key:
                    alias_of[key] = orgs[target]
        for other in sorted((name[i:] for i in range(1, len(name)) if name[i:] in orgs), key=order.__getitem__):
            # 某市某区农业农村局 and 某区农业农村局: the longer is the shorter written with its city (or
            # its province's short name: 湖南第五批某医疗队 and 第五批某医疗队)
            okey = orgs[other]
            if okey == key or key in alias_of:
                continue
            head = name[: len(name) - len(other)]
            if (head in places and any(other.startswith(p) for p in places)) or (
                    head in place_shorts and drafts[okey].kind is OrgKind.TEAM
                    and drafts[key].kind is OrgKind.TEAM):
                alias_of[key] = okey
        quoted = _QUOTED_HEAD.match(name)
        if quoted and key not in alias_of:
            # “某某之星”志愿服务队 / “某某之星”支援队: one team under its quoted name
            same = next((orgs[n] for n in by_quote.get(quoted.group(0), ()) if orgs[n] != key
                         and drafts[orgs[n]].kind is drafts[key].kind and orgs[n] not in alias_of), None)
            if same is not None:
                alias_of[key] = same
        if key not in alias_of and len(name) >= 3 and not any(name.startswith(p) for p in places):
            # 卫生健康局 after 某区卫生健康局: a unit written without its place is the one unit of the
            # article whose name ends with it (only when exactly one does)
            owners = sorted(n for n in ending.get(name, ()) if heads.holds(n[: len(n) - len(name)]))
            # 某市某区某局 and 某区某局 are already one unit: keep the shortest of such a family
            among = set(owners)
            owners = [o for o in owners if not any(o[i:] in among for i in range(1, len(o)))]
            if len(owners) == 1 and orgs[owners[0]] not in alias_of:
                alias_of[key] = orgs[owners[0]]
        if name[:1] in RELATIVE_HEADS and key not in alias_of:
            # 县民政局 and 某县民政局, or 某省某县民政局 (the chain of places before it)
            pool = ending.get(name[1:], ()) if len(name) > 1 else list(orgs)
            fulls = [n for n in pool if n != name and len(n) > len(name)
                     and n[len(n) - len(name)] == name[0] and heads.holds(n[: len(n) - len(name) + 1])]
            if len(fulls) == 1:
                alias_of[key] = orgs[fulls[0]]
    _merge_aliases(drafts, of, alias_of)


def _merge_aliases(drafts: dict[str, Draft], of: dict[tuple[int, int, str], str], alias_of: dict[str, str]
                   ) -> None:
    """Merge each entity of ``alias_of`` into its target (following chains): mentions, written forms as
    aliases, the spans that named it, and the units that had it as parent."""
    for key, target in alias_of.items():
        seen = {key}
        while target in alias_of and target not in seen:   # A -> B -> C: merge into C
            seen.add(target)
            target = alias_of[target]
        if target == key or key not in drafts or target not in drafts:
            continue
        d, t = drafts.pop(key), drafts[target]
        for m in d.mentions:
            t.mentions.append(m)
            if m.text != t.name and m.text not in t.aliases:
                t.aliases.append(m.text)
        for span, k in list(of.items()):
            if k == key:
                of[span] = target
        for draft in drafts.values():
            if draft.parent == key:
                draft.parent = target


_ABBREVIATED_MIN = 4       # characters of a unit's abbreviation (市医院 is too short to tell)
_DROPPED_MIN = 3           # characters an abbreviation leaves out (市中医院 is no 市中心医院)
_ABBREVIATION_PEERS = 64   # longer units of one shape a short name is read against, at most
# what an abbreviation never leaves out: an ordinal (市人民医院 is no 市第一人民医院) or a division's level
# word (天津市委 is no 天津市南开区委)
_NOT_DROPPED = re.compile(r"[第0-9０-９一二三四五六七八九十百省市区县州旗镇乡村]")


def _dropped(short: str, name: str) -> str | None:
    """The characters of ``name`` that ``short`` leaves out when ``short`` is read in it left to right
    (遵医附院 in 遵义医科大学附属医院: 义科大学属医); None when it cannot be read in it."""
    out: list[str] = []
    i = 0
    for ch in name:
        if i < len(short) and ch == short[i]:
            i += 1
        else:
            out.append(ch)
    return "".join(out) if i == len(short) else None


def abbreviates(short: str, name: str) -> bool:
    """``short`` may be an abbreviation of the unit ``name`` (see :func:`_merge_abbreviated_units`)."""
    if len(short) < _ABBREVIATED_MIN or len(name) <= len(short) or name[0] != short[0] or name[-1] != short[-1] \
            or short in name:
        return False
    dropped = _dropped(short, name)
    return (dropped is not None and _DROPPED_MIN <= len(dropped) <= len(short)
            and not _NOT_DROPPED.search(dropped))


def _merge_abbreviated_units(drafts: dict[str, Draft], of: dict[tuple[int, int, str], str]) -> None:
    """A unit written by an abbreviation of a longer unit of the article (遵医附院 / 遵义医科大学附属医院,
    市工程项目中心 / 市政府投资工程项目服务中心, 某市移动方舱实验室医疗队 / 某市某医院移动方舱实验室医疗队)
    is that unit: both of one kind, the same first and last character, the short one read in the long one
    left to right, leaving out ``_DROPPED_MIN`` characters or more but no more than the short name has
    (市中心医院 is no 市中西医结合心血管医院), none of them an ordinal or a level word (``_NOT_DROPPED``), and
    exactly one longer unit of the article reads so."""
    units = [(k, d) for k, d in drafts.items() if d.type is EntityType.ORGANIZATION]
    # the units of one kind, first and last character, by length: only they can be read so, and only those
    # ``_DROPPED_MIN`` to ``len(short)`` characters longer; a short name among more than ``_ABBREVIATION_PEERS``
    # of them (no article's units, a list built to be slow) is left alone
    shaped: dict[tuple[OrgKind | None, str, str], list[tuple[int, str]]] = {}
    for k, t in units:
        if t.name:
            shaped.setdefault((t.kind, t.name[0], t.name[-1]), []).append((len(t.name), k))
    for peers in shaped.values():
        peers.sort()
    alias_of: dict[str, str] = {}
    for key, d in units:
        short = d.name
        if len(short) < _ABBREVIATED_MIN:
            continue
        peers = shaped[(d.kind, short[0], short[-1])]
        lo = bisect_left(peers, (len(short) + _DROPPED_MIN, ""))
        hi = bisect_right(peers, (2 * len(short), "\U0010ffff"))
        if hi - lo > _ABBREVIATION_PEERS:
            continue
        longer = [k for _n, k in peers[lo:hi] if k != key and abbreviates(short, drafts[k].name)]
        if len(longer) == 1:
            alias_of[key] = longer[0]
    _merge_aliases(drafts, of, alias_of)


def _merge_team_references(drafts: dict[str, Draft], of: dict[tuple[int, int, str], str], lex: Lexicons
                           ) -> None:
    """A team written by a short descriptive name (抗疫突击队, 巾帼突击队) is the team the article names in
    full with the same head word (某某疫情防控志愿突击队) when it names exactly one such longer team. Only
    team words of three characters or more that are not groups (突击队, 医疗队; the groups of one team,
    物资组 and 医疗组, are many); not a team whose name opens with a place, a relative 市/区 or a unit of the
    article (甲县医疗队, 某医院医疗队 are their own), holds a quoted name or a batch (第二批援某医疗队 is named
    by it), nor one that belongs to a unit; two longer teams of one head word leave the short name alone.
    The longer team may end with the short name (某医院核酸检测采样队 and 组建核酸检测采样队)."""
    places, shorts = _place_names(drafts)
    units = [d.name for d in drafts.values() if d.type is EntityType.ORGANIZATION and d.kind is not OrgKind.TEAM]
    teams = [(k, d) for k, d in drafts.items()
             if d.type is EntityType.ORGANIZATION and d.kind is OrgKind.TEAM]
    heads = {k: suf.suffix if (suf := lex.org_suffix_at_end(d.name)) else None for k, d in teams}
    alias_of: dict[str, str] = {}
    for key, d in teams:
        head = heads[key]
        if (head is None or len(head) < 3 or head.endswith("组") or len(d.name) <= len(head) or d.parent
                or d.name[:1] in RELATIVE_HEADS or "“" in d.name or "批" in d.name
                or any(d.name.startswith(p) for p in (*places, *shorts, *units))):
            continue
        longer = [k for k, t in teams if k != key and heads[k] == head and len(t.name) > len(d.name)]
        if len(longer) == 1:
            alias_of[key] = longer[0]
    _merge_aliases(drafts, of, alias_of)


_FORMED_BY = re.compile(r"(?:成立|组建)了?$")


def _formed_by_named_unit(drafts: dict[str, Draft], of: dict[tuple[int, int, str], str], cands: list[Cand],
                          text: str) -> None:
    """``某局成立临时党支部`` and later ``某局临时党支部``: the branch formed there is the one named
    after the unit that formed it (one entity, not a second branch named after its place)."""
    org_ending: dict[int, Cand] = {}
    for o in cands:
        if o.label == "ORG":
            org_ending.setdefault(o.end, o)
    for c in (x for x in cands if x.label == "ORG" and x.generic and x.source != BARE
              and x.kind is OrgKind.TEMPORARY_BRANCH):
        span = (c.start, c.end, c.label)
        m = _FORMED_BY.search(text, max(0, c.start - 3), c.start)   # (the verb right before it, not a scan from 0)
        owner = org_ending.get(m.start()) if m else None
        okey = of.get((owner.start, owner.end, owner.label)) if owner else None
        key = of.get(span)
        if okey is None or key is None or okey not in drafts or key not in drafts:
            continue
        target = f"org:{drafts[okey].name}{c.canonical}"
        if target == key or target not in drafts:
            continue
        src = drafts[key]
        moved = [mn for mn in src.mentions if (mn.start, mn.end) == (c.start, c.end)]
        src.mentions = [mn for mn in src.mentions if mn not in moved]
        drafts[target].mentions.extend(moved)
        of[span] = target
        if not src.mentions:
            del drafts[key]


_BATCH = re.compile(r"^第[一二三四五六七八九十\d]{1,3}批(?:次)?")


def _merge_later_bare_branches(drafts: dict[str, Draft], of: dict[tuple[int, int, str], str]) -> None:
    """A temporary branch written by its bare word only (设立临时党支部信息明示牌), every time after the
    article has named exactly one temporary branch in full (成立了某某临时党支部), is that branch; a bare
    branch written before the named one, or beside two named ones, stays its own."""
    branches = [(k, d) for k, d in drafts.items()
                if d.type is EntityType.ORGANIZATION and d.kind is OrgKind.TEMPORARY_BRANCH and d.mentions]
    alias_of: dict[str, str] = {}
    for key, d in branches:
        first = min(m.start for m in d.mentions)
        named = [k for k, t in branches if k != key and t.name.endswith(d.name) and len(t.name) > len(d.name)]
        if (all(m.text == d.name for m in d.mentions) and len(named) == 1
                and min(m.start for m in drafts[named[0]].mentions) < first):
            alias_of[key] = named[0]
    _merge_aliases(drafts, of, alias_of)


def _merge_written_forms(drafts: dict[str, Draft], of: dict[tuple[int, int, str], str]) -> None:
    """A unit whose name is another unit's shorter written form (文安村驻村工作队 beside 某乡文安村驻村工作队)
    or the same team with its batch written (第二批某某医疗队 / 某某医疗队) is that unit."""
    orgs = {k: d for k, d in drafts.items() if d.type is EntityType.ORGANIZATION}
    # the units each name is a written form of, in the article's order (looked up, not walked per unit)
    order = {k: i for i, k in enumerate(orgs)}
    written: dict[str, list[str]] = {}
    for k2, d2 in orgs.items():
        for form in {*d2.aliases, *([_BATCH.sub("", d2.name)] if _BATCH.match(d2.name) else [])}:
            written.setdefault(form, []).append(k2)
    target: dict[str, str] = {}
    for k, d in orgs.items():
        found = next((k2 for k2 in sorted(written.get(d.name, ()), key=order.__getitem__)
                      if k2 != k and k2 not in target), None)
        if found is not None:
            target[k] = found
    for k, k2 in target.items():
        while k2 in target and target[k2] != k:
            k2 = target[k2]
        if k not in drafts or k2 not in drafts or k2 == k:
            continue
        d, t = drafts.pop(k), drafts[k2]
        t.mentions.extend(d.mentions)
        for a in (d.name, *d.aliases):
            if a != t.name and a not in t.aliases:
                t.aliases.append(a)
        for span, kk in list(of.items()):
            if kk == k:
                of[span] = k2
        for draft in drafts.values():
            if draft.parent == k:
                draft.parent = k2


def _chain_aliases(drafts: dict[str, Draft], province_shorts: frozenset[str] = frozenset()) -> None:
    """A unit named with a chain of places (某省某县某镇某村党支部, 安徽合肥市某区委) is also known by the
    shorter forms from each inner place on (某村党支部, 某镇某村党支部)."""
    names = {d.name for d in drafts.values() if d.type is EntityType.PLACE}
    # a province written by its short name opens the chain too (安徽合肥市某区委)
    places = sorted(names | province_shorts, key=len, reverse=True)
    for d in drafts.values():
        if d.type is not EntityType.ORGANIZATION:
            continue
        # the name, and the longer written forms ending with it (某镇某村党支部 written, named 某村党支部)
        longer = [a for a in d.aliases if len(a) > len(d.name) and a.endswith(d.name)]
        for form in (d.name, *longer):
            for alias in _chained_forms(form, places):
                if alias not in d.aliases and alias != d.name:
                    d.aliases.append(alias)


_NUMBERED = frozenset("第一二三四五六七八九十0123456789")


def _system_aliases(drafts: dict[str, Draft], lex: Lexicons) -> None:
    """A unit named with its national system first (国家税务总局某市税务局, 国网某县供电公司) is also known by the
    rest, and a hospital named with its university (某大学附属某某医院) by its own name (entities.system-prefixes)."""
    if not (lex.system_prefixes or lex.affiliating_words):
        return
    for d in drafts.values():
        if d.type is not EntityType.ORGANIZATION:
            continue
        for form in (d.name, *d.aliases):
            alias = _system_rest(form, lex)
            if alias and alias != d.name and alias not in d.aliases:
                d.aliases.append(alias)


def _system_rest(form: str, lex: Lexicons) -> str | None:
    prefix = next((p for p in lex.system_prefixes if form.startswith(p)), None)
    if prefix is not None:
        rest = form[len(prefix):]
        suf = lex.org_suffix_at_end(rest)
        return rest if suf is not None and len(rest) > len(suf.suffix) + 1 else None
    for word in lex.affiliating_words:
        at = form.find(word)
        if at < 2:
            continue
        rest = form[at + len(word):]
        head = next((h for h in lex.affiliated_heads if rest.endswith(h)), None)
        if (head is not None and len(rest) >= len(head) + 2 and rest[0] not in _NUMBERED
                and rest not in lex.generic_affiliated and not any(w in rest for w in lex.affiliating_words)):
            return rest   # (某大学医学院第二附属医院: the rest is no hospital's own name)
    return None


def _chained_forms(name: str, places: list[str]) -> list[str]:
    """The shorter forms of a unit's name that open with one of the inner places of its chain (``_chain_aliases``);
    for a team stationed somewhere (某局驻某镇某村工作队, 驻某镇某村工作队), also the forms after 驻, from each place
    of the chain written after it on (驻某镇某村工作队, 某镇某村工作队, 某村工作队)."""
    out: list[str] = []
    j = name.find("驻")
    if j >= 0 and (stationed := name[j + 1:]) and any(stationed.startswith(p) for p in places):
        if j > 0:
            out.append(name[j:])
        out.append(stationed)
        out += _chained_forms(stationed, places)
    rest, cuts = name, []
    while True:
        p = next((p for p in places if rest.startswith(p) and len(rest) > len(p)), None)
        if p is None:
            break
        rest = rest[len(p):]
        cuts.append(len(name) - len(rest))
    if len(cuts) < 2 or rest[:1] in "，、":
        return out
    return out + [name[cut:] for cut in cuts[:-1]]


class _PlaceHeads:
    """Is a head a run of place names (某市某区) or a relative level word (区, 市)? The places are read longest
    first from the head's start, each looked up in a set (not a walk over the article's places)."""

    def __init__(self, places: list[str]) -> None:
        self.places = frozenset(places)
        self.longest = max((len(p) for p in places), default=0)

    def holds(self, head: str) -> bool:
        if head and head in "省市州区县镇乡旗":
            return True
        while head:
            n = next((n for n in range(min(self.longest, len(head)), 0, -1) if head[:n] in self.places), 0)
            if not n:
                return False
            head = head[n:]
        return True


def to_entities(article: Article, resolution: Resolution) -> tuple[Entity, ...]:
    """Freeze the drafts, adding the Traditional surface forms when the source had them."""
    out = []
    trad_text = article.text_traditional
    aligned = trad_text is not None and len(trad_text) == len(article.text)
    for d in resolution.drafts.values():
        aliases = list(d.aliases)
        if d.type is EntityType.PLACE and d.code:
            s = short_form(d.name)
            if s and s not in aliases and any(m.text == s for m in d.mentions):
                aliases.append(s)
        traditional: list[str] = []
        if aligned and trad_text is not None:
            # the Traditional form of the name itself first (it becomes the zh-Hant label)
            for m in sorted(d.mentions, key=lambda m: (m.text != d.name, m.start)):
                if m.label == "DEIXIS":
                    continue
                t = trad_text[m.start:m.end]
                if t != m.text and t not in traditional:
                    traditional.append(t)
        mentions = tuple(sorted(d.mentions, key=lambda m: m.start))
        out.append(Entity(
            key=d.key, type=d.type, name=d.name, aliases=tuple(a for a in aliases if a != d.name),
            traditional=tuple(traditional), mentions=mentions, level=d.level, admin_code=d.code,
            path=d.path if d.type is EntityType.PLACE else (), org_kind=d.kind, qualifier=d.qualifier,
            parent=d.parent if d.parent in resolution.drafts else None,
        ))
    return tuple(sorted(out, key=lambda e: (e.type.value, e.key)))


# --------------------------------------------------------------------------- places named only inside names

_DIVISIONS_INSIDE_NAMES = frozenset({PlaceLevel.PROVINCE, PlaceLevel.CITY, PlaceLevel.DISTRICT})
_UNDER_COUNTIES = frozenset({PlaceLevel.TOWN, PlaceLevel.COMMUNITY, PlaceLevel.VILLAGE})
_SUPPORT_MARK = "援"          # 援 in a team's name after its place: 支援, 援鄂, 驰援


def _home_referred(resolution: Resolution, home: Draft) -> bool:
    """Does the article refer to its home division otherwise than inside a name: a deixis (我市, 全区), or a
    relative unit it qualifies (区委组织部)?"""
    return (any(m.label == "DEIXIS" for m in home.mentions)
            or any(d.qualifier == resolution.home for d in resolution.drafts.values()))


def unstated_places(resolution: Resolution, cands: Sequence[Cand], text: str, facts: Iterable[Fact]) -> set[str]:
    """The divisions the article names only inside a unit's name (深圳市 in 深圳市司法局): every mention of
    the place lies inside an organisation's mention, none is part of a written chain of places
    (海口市琼山区某镇工作队 writes one: each division of it is a place), and the place is an end of no fact
    but containment. A place named inside another name is no place (annotation guideline §1.3), unless the
    article uses it as one: a team named after the place that sends it (某省医疗队, 某市支援队, 某省援某地工作组:
    the place supports), or a county that is a town's direct parent (§2.5). The home division is kept when the
    article refers to it (我市, 全区: a deixis; 区委组织部: a relative unit, qualified by it) or names it outside a
    name; known only from the outlet's name (某某晚报: the paper's city) or from the site alone, it goes like
    any other."""
    facts = list(facts)
    used = {end for f in facts if f.predicate is not Predicate.CONTAINED_IN for end in (f.subject, f.object)}
    parents = {f.object for f in facts if f.predicate is Predicate.CONTAINED_IN and f.subject in resolution.drafts
               and resolution.drafts[f.subject].level in _UNDER_COUNTIES}
    drafts = {key: d for key, d in resolution.drafts.items()
              if d.type is EntityType.PLACE and d.level in _DIVISIONS_INSIDE_NAMES
              and not (key == resolution.home and _home_referred(resolution, d))
              and key not in used and not (d.level is PlaceLevel.DISTRICT and key in parents)}
    if not drafts:
        return set()     # (most articles: nothing to look at)
    orgs = sorted((c for c in cands if c.label == "ORG"), key=lambda c: c.start)
    org_starts = [o.start for o in orgs]
    reach = max((o.end - o.start for o in orgs), default=0)
    place_starts = {c.start for c in cands if c.label == "PLACE"}
    place_ends = {c.end for c in cands if c.label == "PLACE"}

    def inside_a_name(m: Mention) -> bool:
        near = orgs[bisect_left(org_starts, m.start - reach):bisect_right(org_starts, m.start)]
        holders = [o for o in near if m.end <= o.end and (o.start, o.end) != (m.start, m.end)]
        return bool(holders) and m.end not in place_starts and m.start not in place_ends \
            and not any(o.kind is OrgKind.TEAM or _SUPPORT_MARK in text[m.end:o.end] for o in holders)

    out = set()
    for key, d in drafts.items():
        named = [m for m in d.mentions if m.label == "PLACE"]
        # (the home may have no mention at all: known only from the outlet, it is written nowhere as a place)
        if (named or key == resolution.home) and all(inside_a_name(m) for m in named):
            out.add(key)
    return out
