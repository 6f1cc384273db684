"""Entity rules are data: ``kg/extract/patterns/entities/*.yaml`` (``relation: null``).

Each rule names a registered entity *kind* (``ENTITY_RULE_KINDS``), its parameters (the words the
recogniser treats specially) and examples and counter-examples written as ``[name, type]`` pairs,
type one of ``Person``, ``Organization``, ``Place`` or ``Post``::

    name: entities.set-phrases
    relation: null
    kind: set-phrases
    params: {phrases: [东山再起, 江南水乡]}
    examples:
      - text: 区卫健局干部张建华下沉到江南街道。
        expect: [[江南街道, Place]]
    counter_examples:
      - text: 江南水乡的小镇里，志愿者王丽在卡口值守。
        reject: [[江南, Place], [江南区, Place]]

A kind works at one or both of two moments:

* ``extend(lexicons, rule) -> lexicons`` when the resources are built (new unit suffixes, posts,
  media outlets join the lexicons);
* ``apply(text, tokens, cands, resources, rule) -> cands`` after recognition, before resolution
  (drop a place inside a set phrase, a common word read as a division's short form, a village cut
  out of a longer village name).

The kinds are a registry of their own: the candidate component runs the relation rules only.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kg.extract.lexicons import Lexicons, OrgSuffix, with_additions
from kg.extract.rules import Rule, RuleError, entity_rules, load_rules
from kg.extract.spanindex import SpanIndex
from kg.records import OrgKind, PlaceLevel
from kg.registry import Registry

if TYPE_CHECKING:
    from kg.extract.gazetteer import Gazetteer
    from kg.extract.recognize import Cand, Resources, Token

ENTITY_TYPES = ("Person", "Organization", "Place", "Post")

Extend = Callable[[Lexicons, Rule], Lexicons]
Apply = Callable[[str, "list[Token]", "list[Cand]", "Resources", Rule], "list[Cand]"]


@dataclass(frozen=True, slots=True)
class EntityKind:
    extend: Extend | None = None
    apply: Apply | None = None


ENTITY_RULE_KINDS: Registry[EntityKind] = Registry("entity_rule_kinds")


def register(name: str, kind: EntityKind) -> None:
    ENTITY_RULE_KINDS.register(name, kind)


def _words(rule: Rule, key: str) -> list[str]:
    raw = rule.params.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(w, str) and w for w in raw):
        raise RuleError(f"{rule.source}: rule {rule.name!r}: params.{key} must be a list of words")
    return raw


def check_entity_kinds(rules: Sequence[Rule]) -> None:
    """Every entity rule's kind is registered (fails early, naming the rule and the known kinds)."""
    for rule in entity_rules(rules):
        if rule.kind not in ENTITY_RULE_KINDS.names():
            raise RuleError(f"{rule.source}: entity rule {rule.name!r}: unknown kind {rule.kind!r}; "
                            f"known: {', '.join(ENTITY_RULE_KINDS.names())}")


def shipped_entity_rules() -> tuple[Rule, ...]:
    """The entity rules of the shipped pattern directory, their kinds checked."""
    rules = tuple(entity_rules(load_rules()))
    check_entity_kinds(rules)
    return rules


def extend_lexicons(lexicons: Lexicons, rules: Sequence[Rule]) -> Lexicons:
    for rule in rules:
        kind = ENTITY_RULE_KINDS.get(rule.kind)
        if kind.extend is not None:
            lexicons = kind.extend(lexicons, rule)
    return lexicons


def apply_rules(text: str, tokens: list[Token], cands: list[Cand], res: Resources,
                rules: Sequence[Rule]) -> list[Cand]:
    from kg.extract.recognize import indexed

    tokens = indexed(tokens)
    for rule in rules:
        kind = ENTITY_RULE_KINDS.get(rule.kind)
        if kind.apply is not None:
            cands = kind.apply(text, tokens, cands, res, rule)
    return cands


# --------------------------------------------------------------------------- lexicon kinds


def _org_suffixes(lex: Lexicons, rule: Rule) -> Lexicons:
    """``params.suffixes``: ``[suffix, kind, role]`` triples (kind an ``OrgKind``, role as in
    data/lexicons/org_suffixes.tsv) ending unit names."""
    added = []
    for item in rule.params.get("suffixes", []):
        if not (isinstance(item, list) and len(item) == 3):
            raise RuleError(f"{rule.source}: rule {rule.name!r}: a suffix is [suffix, kind, role]")
        try:
            added.append(OrgSuffix(str(item[0]), OrgKind(item[1]), str(item[2])))
        except ValueError:
            raise RuleError(f"{rule.source}: rule {rule.name!r}: unknown unit kind {item[1]!r}") from None
    return with_additions(lex, suffixes=added)


def _posts(lex: Lexicons, rule: Rule) -> Lexicons:
    """``params.posts``: whole post words (written as one post, never cut: 党工委副书记)."""
    return with_additions(lex, posts=_words(rule, "posts"))


def _media(lex: Lexicons, rule: Rule) -> Lexicons:
    """``params.outlets``: national outlets known by a name with no unit suffix (新华社, 总台)."""
    return with_additions(lex, media=_words(rule, "outlets"))


def _not_after_unit(lex: Lexicons, rule: Rule) -> Lexicons:
    """``params.words``: generic words that end like a unit but name none (转运站, 采样处); ``params.runs``
    (optional): words a unit's suffix runs on into, which make it no unit's end (中心城区: the city centre)."""
    return with_additions(lex, not_units=_words(rule, "words"), not_unit_runs=_words(rule, "runs"))


def _place_suffixes(lex: Lexicons, rule: Rule) -> Lexicons:
    """``params.suffixes``: ``[suffix, level]`` pairs (level a ``PlaceLevel``) ending place names below
    the town (sites of the response: 某某核酸检测点, 某某执勤点)."""
    added = []
    for item in rule.params.get("suffixes", []):
        try:
            added.append((str(item[0]), PlaceLevel(item[1])))
        except (ValueError, TypeError, IndexError, KeyError):
            raise RuleError(f"{rule.source}: rule {rule.name!r}: a place suffix is [suffix, level]") from None
    return with_additions(lex, place_suffixes=added)


# --------------------------------------------------------------------------- filter kinds


def _set_phrases(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule) -> list[Cand]:
    """``params.phrases``: idioms and set phrases; a place, person or unit found inside one of them,
    or read as the whole phrase (东山再起, 江南水乡, 南征北战), is no mention (a longer name holding
    the phrase stays)."""
    spans = []
    for phrase in _words(rule, "phrases"):
        start = text.find(phrase)
        while start >= 0:
            spans.append((start, start + len(phrase)))
            start = text.find(phrase, start + 1)
    if not spans:
        return cands
    phrases = SpanIndex(len(text), spans)   # (a look-up per mention, not a walk over every phrase found)
    return [c for c in cands if c.label not in ("PLACE", "PERSON", "ORG") or c.start >= c.end
            or not phrases.holds(c.start, c.end)]


def _common_short_forms(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule
                        ) -> list[Cand]:
    """``params.words``: short forms of divisions that are also common words (平安, 和平, 通道):
    a place only where the tagger reads the word itself as a place or unit name."""
    from kg.extract.recognize import token_at

    words = set(_words(rule, "words"))
    out = []
    for c in cands:
        if c.label == "PLACE" and c.source == "gazetteer:short" and c.text in words:
            tok = token_at(tokens, c.start)
            if tok is None or (tok.start, tok.end) != (c.start, c.end) or tok.tag not in ("LOC", "ORG"):
                continue
        out.append(c)
    return out


def _merged(cands: list[Cand], added: list[Cand]) -> list[Cand]:
    """The mentions with the ``added`` ones, in text order (the list itself when nothing was added)."""
    return sorted([*cands, *added], key=lambda c: (c.start, c.end)) if added else cands


def _cue_short_forms(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule
                      ) -> list[Cand]:
    """``params.cues``: motion and support verbs of the genre (驰援, 赶赴, 支援); ``params.levels``: the
    division levels admitted. A division's short form written as a whole tagger word right after a cue
    (``params.skip``: particles in between), or as a later item of the list the cue opens (驰援甲、乙), is a
    place even where the tagger reads it as a common noun (驰援|铜仁): the cue says a place follows. Person
    names and words the tagger glues to more characters stay what they are."""
    from kg.extract.recognize import Cand, token_at

    gaz = res.gazetteer
    levels = {PlaceLevel(x) for x in _words(rule, "levels")}
    skip = str(rule.params.get("skip", ""))
    # the mentions and the places, found and added, as span indexes: a look-up for each word read after a cue, not
    # a pass over every mention (quadratic in a long list of cues: 东山区支援石桥区、……)
    taken = SpanIndex(len(text), ((c.start, c.end) for c in cands))
    places = SpanIndex(len(text), ((c.start, c.end) for c in cands if c.label == "PLACE"))
    added: list[Cand] = []
    for cue in _words(rule, "cues"):
        i = text.find(cue)
        while i >= 0:
            pos = i + len(cue)
            while pos < len(text) and text[pos] in skip:
                pos += 1
            while True:
                tok = token_at(tokens, pos)
                if tok is None or tok.start != pos or tok.tag in ("PER", "nr"):
                    break
                head = _short_head(tok, text, gaz, levels) if tok.tag in ("ORG", "LOC", "nz") else None
                if head is not None and not places.overlaps(pos, head):
                    # 驰援|忻州核酸检测应急队: a team named after where it went, read as one word by the tagger
                    added.append(Cand("PLACE", pos, head, text[pos:head], "gazetteer:short"))
                    places.add(pos, head)
                    break
                # the short form as one tagger word, or two it was cut into (道|里)
                end = _short_words(tokens, pos, text, gaz, levels) or tok.end
                # a word already a mention (a place read by the gazetteer, a unit's name) goes on the list
                if not taken.overlaps(pos, end):
                    if end == tok.end and not _is_short(tok.text, gaz, levels):
                        break
                    added.append(Cand("PLACE", pos, end, text[pos:end], "gazetteer:short"))
                    taken.add(pos, end)
                # 支援扬州宝应: a county's short form right after its city's
                chained = _short_words(tokens, end, text, gaz, levels)
                if chained is not None and not places.overlaps(end, chained):
                    # (inside a unit's name too: 支援扬州宝应核酸采样医疗队)
                    added.append(Cand("PLACE", end, chained, text[end:chained], "gazetteer:short"))
                    taken.add(end, chained)
                    places.add(end, chained)
                    end = chained
                if text[end:end + 1] not in ("、", "和"):
                    break
                pos = end + 1
            i = text.find(cue, i + 1)
    return _merged(cands, added)


def _is_short(word: str, gaz: Gazetteer, levels: set[PlaceLevel]) -> bool:
    codes = gaz.by_short.get(word, [])
    return bool(codes) and all(gaz.divisions[c].level in levels for c in codes)


def _short_words(tokens: list[Token], pos: int, text: str, gaz: Gazetteer, levels: set[PlaceLevel]) -> int | None:
    """Where a division's short form (of ``levels``) ends that is one tagger word starting at ``pos`` or two
    (道|里), else None; a person's name is none."""
    from kg.extract.recognize import token_at

    tok = token_at(tokens, pos)
    if tok is None or tok.start != pos or tok.tag in ("PER", "nr"):
        return None
    if _is_short(tok.text, gaz, levels):
        return tok.end
    nxt = token_at(tokens, tok.end)
    if (nxt is not None and nxt.start == tok.end and nxt.tag not in ("PER", "nr", "w")
            and 2 <= nxt.end - pos <= 3 and _is_short(text[pos:nxt.end], gaz, levels)):
        return nxt.end
    return None


def _short_head(tok: Token, text: str, gaz: Gazetteer, levels: set[PlaceLevel]) -> int | None:
    """Where a division's short form (of ``levels``) ends that opens a longer tagger word (忻州|核酸检测应急队),
    the longest first; None when none does or only the whole word is one."""
    for n in (3, 2):
        end = tok.start + n
        if (end < tok.end and _is_short(text[tok.start:end], gaz, levels)
                and text[end] not in "路街道巷村镇乡区县市州省"):   # (平凉路: a road named after the city)
            return end
    return None


def _short_unit_names(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule
                      ) -> list[Cand]:
    """``params.prefixes`` + ``params.middles`` + ``params.heads`` (one word of each, in that order, written
    together): the short names of units the tagger cuts apart (县|一|医院, 团|市委), a unit of
    ``params.kind``, relative to the article's division like 区委组织部. The prefix must open a tagger word
    (集团 holds no 团), and a longer unit already found over the span stays."""
    from kg.extract.recognize import Cand, token_at

    kind = OrgKind(str(rule.params.get("kind", "other")))
    prefixes, middles, heads = _words(rule, "prefixes"), _words(rule, "middles"), _words(rule, "heads")
    heads = sorted(heads, key=len, reverse=True)
    middles = sorted(middles, key=len, reverse=True)
    firsts = {m[:1] for m in middles}
    found: list[tuple[int, int]] = []
    for prefix in prefixes:
        i = text.find(prefix)
        while i >= 0:
            j = i + len(prefix)
            tok = token_at(tokens, i) if text[j:j + 1] in firsts else None
            if tok is not None and tok.start == i:
                middle = next((m for m in middles if text.startswith(m, j)), None)
                if middle is not None:
                    head = next((h for h in heads if text.startswith(h, j + len(middle))), None)
                    if head is not None:
                        found.append((i, j + len(middle) + len(head)))
            i = text.find(prefix, i + 1)
    if not found:
        return cands
    added: list[Cand] = []
    for s, e in found:
        if any(c.label == "ORG" and c.start <= s and e <= c.end for c in cands):
            continue
        added.append(Cand("ORG", s, e, text[s:e], "rule:short-unit", kind=kind, relative=True))
    spans = [(c.start, c.end) for c in added]
    kept = [c for c in cands if not any(s <= c.start and c.end <= e and (c.start, c.end) != (s, e) for s, e in spans)
            or c.label in ("DATE", "PERSON")]
    return _merged(kept, added)


def _known_places(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule) -> list[Cand]:
    """``params.levels``: a place of these levels recognised once (a village, a community, a town) is a
    mention wherever its name is written again in the article, though the tagger cut the later one apart
    (某乡旭光村 … 区卫健局驻某乡|旭光|村工作队). A later writing counts where a tagger word or another
    place starts with it (never from inside a longer name: 东林村 in 小东林村), and not inside a person's
    name; it may sit inside a unit's name, as the first one may."""
    from kg.extract.recognize import starts_of_each

    levels = {PlaceLevel(x) for x in _words(rule, "levels")}
    min_len = int(rule.params.get("min_length", 3))
    known: dict[str, Cand] = {}
    for c in cands:
        if c.label == "PLACE" and c.level in levels and len(c.text) >= min_len:
            known.setdefault(c.text, c)
    if not known:
        return cands
    token_starts = {t.start for t in tokens}
    place_ends = {c.end for c in cands if c.label == "PLACE"}
    # the places and persons found so far (and the repetitions as they are added): a repetition overlaps none
    taken = SpanIndex(len(text), ((c.start, c.end) for c in cands if c.label in ("PLACE", "PERSON")))
    added: list[Cand] = []
    written = starts_of_each(text, known)   # one pass over the text for all the names, not one per name
    for name, first in known.items():
        for i in written[name]:
            e = i + len(name)
            if not taken.overlaps(i, e) and (i in token_starts or i in place_ends):
                added.append(replace(first, start=i, end=e, attrs={**first.attrs, "repeated": "1"}))
                taken.add(i, e)
    return _merged(cands, added)


def _chrome_lines(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule) -> list[Cand]:
    """``params.markers``: words of a page's chrome left in a scraped copy (a breadcrumb ``某地 > 正文``, ``当前
    位置``, a contact address, a forum's post header): a place named on such a line is the site's, not the
    article's, and is no mention. ``params.unit_markers``: words of a site's footer (``某中心 主办 | 某办
    主管``): the units named on such a line run the site and are no mention either. ``params.site_markers``:
    words of a site's own lines (its legal adviser, its portal's links: ``网站法律顾问：某律师事务所 某某``, ``某市政府
    门户网站``): no person, unit or place named on such a line is the article's. ``params.source_fields``: the
    labels of a page's source field (来源, 稿件来源): the value names the outlet or unit the copy came from
    (来源：新某某客户端), and a place or person read inside it (某某市 from 新某某) is no mention (a person who is the
    whole value, 来源：张三, wrote the copy and stays); the value ends at
    one of ``params.source_ends`` (the next field's label) as well."""
    markers = _words(rule, "markers")
    unit_markers = _words(rule, "unit_markers") if "unit_markers" in rule.params else []
    site_markers = _words(rule, "site_markers") if "site_markers" in rule.params else []
    spans: list[tuple[int, int, str]] = []      # (start, end, the label dropped there; "" for every label)
    whole: set[tuple[int, int]] = set()         # source values: a person who is the whole value is its writer
    if "source_fields" in rule.params:
        for a, b in _source_values(text, _words(rule, "source_fields"), _words(rule, "source_ends")):
            spans += [(a, b, "PLACE"), (a, b, "PERSON")]
            whole.add((a, b))
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if any(m in line for m in markers):
            spans.append((start, end, "PLACE"))
        if any(m in line for m in unit_markers):
            spans.append((start, end, "ORG"))
        if len(line) <= _SITE_LINE and any(m in line for m in site_markers):
            spans.append((start, end, ""))   # (a short line: a paragraph of the article may name the portal)
        start = end + 1
    if not spans:
        return cands
    return [c for c in cands
            if (c.label == "PERSON" and (c.start, c.end) in whole)
            or not any(a <= c.start and c.end <= b and label in ("", c.label) for a, b, label in spans)]


_SITE_LINE = 60   # characters at most of a site's own line (a link bar, a footer's contact)
_SOURCE_VALUE = 30   # characters at most of a source field's value (an outlet's or a unit's name)
_SENTENCE_ENDS = frozenset("。，,；;！？!?")
_SOURCE_STOPS = frozenset(" \t\u3000\n|｜】]）)") | _SENTENCE_ENDS
_FIELD_OPENERS = frozenset(" \t\u3000\n|｜【[（(•·:：")   # what precedes a page's field label (or a line's start)


def _source_values(text: str, fields: Sequence[str], ends: Sequence[str]) -> list[tuple[int, int]]:
    """The spans of the values of a page's source fields (来源：某某客户端, 稿件来源：某区融媒体中心): from after the
    colon to a space, a bar, a bracket, the line's end or the next field's label (``ends``), at most
    ``_SOURCE_VALUE`` characters. Only a label that opens a line or follows a space, a bar, a bracket or a
    stamp's digits, and only a value that does not end at a sentence's punctuation: the page's field, not
    a source named in the article's own prose (感染来源：某社区一名确诊病例。)."""
    out: list[tuple[int, int]] = []
    for field in fields:
        i = text.find(field)
        while i >= 0:
            if i and text[i - 1] not in _FIELD_OPENERS and not text[i - 1].isdigit():
                i = text.find(field, i + len(field))
                continue    # 感染来源：某社区: a source in the article's own prose, not the page's field
            j = i + len(field)
            while j < len(text) and text[j] in " \t\u3000":
                j += 1
            if j < len(text) and text[j] in ":：":
                a = j + 1
                while a < len(text) and text[a] in " \t\u3000":
                    a += 1
                b = a
                while b < len(text) and b - a < _SOURCE_VALUE and text[b] not in _SOURCE_STOPS and not any(
                        text.startswith(e, b) for e in ends):
                    b += 1
                if b > a and text[b:b + 1] not in _SENTENCE_ENDS:
                    out.append((a, b))      # (a value ending at a sentence's punctuation is prose)
            i = text.find(field, i + len(field))
    return out


_RECOGNITION_WORDS = ("site_modifiers", "stationed_team_words", "list_joins", "list_leads", "not_credited_names",
                      "site_numbers", "not_one_char_names", "formed_name_stops", "not_forming", "naming_words",
                      "forming_complements", "not_name_endings", "stray_heads", "outlet_words", "not_outlet_words",
                      "campaign_heads", "campaign_tails", "unjoined_words",
                      "site_kinds")


def _recognition_words(lex: Lexicons, rule: Rule) -> Lexicons:
    """``params``: the word lists recognition reads from ``Lexicons`` (``_RECOGNITION_WORDS``); the
    joins are tried longest first."""
    unknown = set(rule.params) - set(_RECOGNITION_WORDS)
    if unknown:
        raise RuleError(f"{rule.source}: rule {rule.name!r}: unknown params {sorted(unknown)}; "
                        f"known: {', '.join(_RECOGNITION_WORDS)}")
    def words(key: str, held: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_words(rule, key)) if key in rule.params else held

    return replace(lex, site_modifiers=words("site_modifiers", lex.site_modifiers),
                   stationed_team_words=words("stationed_team_words", lex.stationed_team_words),
                   list_joins=tuple(sorted(words("list_joins", lex.list_joins), key=len, reverse=True)),
                   list_leads=words("list_leads", lex.list_leads),
                   not_credited_names=words("not_credited_names", lex.not_credited_names),
                   site_numbers=words("site_numbers", lex.site_numbers),
                   not_one_char_names=words("not_one_char_names", lex.not_one_char_names),
                   formed_name_stops=words("formed_name_stops", lex.formed_name_stops),
                   not_forming=words("not_forming", lex.not_forming),
                   naming_words=words("naming_words", lex.naming_words),
                   forming_complements=words("forming_complements", lex.forming_complements),
                   not_name_endings=words("not_name_endings", lex.not_name_endings),
                   stray_heads=tuple(sorted(words("stray_heads", lex.stray_heads), key=len, reverse=True)),
                   outlet_words=words("outlet_words", lex.outlet_words),
                   not_outlet_words=words("not_outlet_words", lex.not_outlet_words),
                   campaign_heads=words("campaign_heads", lex.campaign_heads),
                   campaign_tails=words("campaign_tails", lex.campaign_tails),
                   unjoined_words=words("unjoined_words", lex.unjoined_words),
                   site_kinds=words("site_kinds", lex.site_kinds))


def _joining_verbs(lex: Lexicons, rule: Rule) -> Lexicons:
    """``params.joining``: verbs that join two units the tagger may read into one word (某局联合县某局);
    recognition splits the word there (``Lexicons.joining``)."""
    return with_additions(lex, joining=_words(rule, "joining"))


def _named_sub_units(lex: Lexicons, rule: Rule) -> Lexicons:
    """``params.parents``, ``params.sub_units`` and ``params.not_names``: a unit whose name ends with a parent
    word, written right before a sub-unit named by a proper name and a sub-unit word (某公安分局|某某派出所,
    某供电公司|某某供电所), is a unit of its own, and so is the sub-unit; a function word (交警, 刑侦) names
    no sub-unit (某公安局|交警中队 stays one unit). Recognition splits the written chain there."""
    return replace(lex, chain_parents=tuple(sorted(_words(rule, "parents"), key=len, reverse=True)),
                   named_sub_units=tuple(sorted(_words(rule, "sub_units"), key=len, reverse=True)),
                   not_sub_unit_names=tuple(_words(rule, "not_names")))


def _system_prefixes(lex: Lexicons, rule: Rule) -> Lexicons:
    """``params.prefixes``, ``params.affiliating`` and ``params.heads``: a unit whose name opens with a national
    system's name (国家税务总局, 国网) is also known by the rest of its name when that is a unit's name of its
    own (某市税务局); a hospital named after the university it belongs to (某大学附属某某医院, 某医科大学某某医院)
    is also known by its own name (某某医院), unless that is a number (附属第一医院: 第一医院 names none) or a kind of
    hospital (``params.generic``: 人民医院, 中心医院 name none either)."""
    return replace(lex, system_prefixes=tuple(sorted(_words(rule, "prefixes"), key=len, reverse=True)),
                   affiliating_words=tuple(sorted(_words(rule, "affiliating"), key=len, reverse=True)),
                   affiliated_heads=tuple(_words(rule, "heads")),
                   generic_affiliated=frozenset(_words(rule, "generic")))


def _conjunction_places(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule
                        ) -> list[Cand]:
    """``params.conjunctions`` and ``params.joining``: a place whose name opens with a conjunction or a joining
    verb written between two units (县公安局和县卫健局: 和县; 某局会同县某局: 会同县) is that word and the next
    unit's level word, not that place."""
    conjunctions = [*_words(rule, "conjunctions"), *_words(rule, "joining")]
    unit_ends = {c.end for c in cands if c.label == "ORG"}
    unit_starts = {c.start for c in cands if c.label == "ORG"}
    return [c for c in cands
            if not (c.label == "PLACE" and c.start in unit_ends
                    and any(c.text.startswith(w) and c.start + len(w) in unit_starts for w in conjunctions))]


def _anchored_places(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule
                     ) -> list[Cand]:
    """``params.suffix`` (街) after a name of ``params.name_length`` Han characters, written right after a place of
    ``params.anchor_levels`` (某区|某某街: a street sub-district written short), is a place of ``params.level``;
    so is each item of the same form listed after it with ``params.separators`` (某区甲街、乙街). Not a name in
    ``params.not_names`` (步行街, 商业街), ending in ``params.not_name_ends`` (某某大街, 某某步行街) or holding
    ``params.not_chars`` (的), not a name that does not open a tagger word or holds a word tagged ``params.not_tags``
    (这|条, 两|条: a pronoun, a count), not where the suffix runs on into a word, a number or a direction
    (``params.not_after``: 街道, 街头, 某街二段, 某街北段, 某街与某路), and not over another mention."""
    from kg.extract.recognize import Cand

    anchors = {PlaceLevel(x) for x in _words(rule, "anchor_levels")}
    gaz = res.gazetteer

    def anchor(c: Cand) -> bool:
        """A place of the anchor levels: by its level, or (a division the gazetteer read) by its codes'."""
        if c.level is not None:
            return c.level in anchors
        codes = gaz.candidates(c.text, short=False)
        return bool(codes) and all(gaz.divisions[k].level in anchors for k in codes)

    anchor_ends = {c.end for c in cands if c.label == "PLACE" and anchor(c)}
    if not anchor_ends:
        return cands
    suffix = str(rule.params["suffix"])
    level = PlaceLevel(str(rule.params["level"]))
    shortest, longest = (int(n) for n in rule.params.get("name_length", (2, 4)))
    not_names = set(_words(rule, "not_names"))
    not_after = tuple(_words(rule, "not_after"))
    not_name_ends = tuple(_words(rule, "not_name_ends"))
    not_tags = set(_words(rule, "not_tags"))
    not_chars = set(str(rule.params.get("not_chars", "")))
    separators = set(_words(rule, "separators"))
    # with ``params.name_ends``: a name must end with one of these characters (家, 沟, 坪: a place name's) or be one
    # word the tagger reads as a place
    name_ends = set(str(rule.params.get("name_ends", "")))
    tag_at = {t.start: t for t in tokens}

    def wordy(start: int, end: int) -> bool:
        """Does [start, end) open a tagger word and hold no word of a tag in ``not_tags`` (的, 这, 两, 条, 在)?
        (The tagger's words do not overlap: a word's start is no boundary another word runs across.)"""
        i = start
        while i < end:
            t = tag_at.get(i)
            if t is None or t.tag in not_tags:
                return False
            i = t.end
        return True

    # with ``params.over_units``: a unit read over the item and ending with it (某村某某组 read as a team) gives way,
    # and a site named after the item (某某组检查点, 某村某某组检查点) keeps it
    over_units = bool(rule.params.get("over_units", False))
    units_at = {c.end: c for c in cands if c.label == "ORG" and c.text.endswith(suffix)} if over_units else {}
    taken = SpanIndex(len(text), ((c.start, c.end) for c in cands if c.label != "POST"
                                  and not (over_units and (units_at.get(c.end) is c or c.level is PlaceLevel.SITE))))
    in_site = SpanIndex(len(text), ((c.start, c.end) for c in cands if over_units and c.label == "PLACE"
                                    and c.level is PlaceLevel.SITE))

    def item(start: int) -> int | None:
        """The end of a ``name + suffix`` item opening at ``start`` (the shortest name), else None."""
        for n in range(shortest, longest + 1):
            at = start + n
            name = text[start:at]
            if len(name) < n or not all("\u4e00" <= ch <= "\u9fff" for ch in name) or suffix in name:
                return None
            if text.startswith(suffix, at) and not text.startswith(not_after, at + len(suffix)):
                named = (name not in not_names and not name.endswith(not_name_ends)
                         and not any(ch in not_chars for ch in name) and wordy(start, at))
                end = at + len(suffix)
                clear = not taken.overlaps(start, at + 1) and (not in_site.overlaps(start, end)
                                                               or in_site.holds(start, end))
                word = tag_at.get(start)
                placed = (not name_ends or name[-1] in name_ends
                          or (word is not None and word.tag == "LOC" and word.end == at))
                return end if named and clear and placed else None
        return None

    added: list[Cand] = []
    gone: set[int] = set()
    for start in sorted(anchor_ends):
        end = item(start)
        while end is not None:
            added.append(Cand("PLACE", start, end, text[start:end], "rule:anchored-place", level=level))
            if end in units_at:
                gone.add(id(units_at[end]))   # the group read as a team is the place
            taken.add(start, end)
            if text[end:end + 1] not in separators:
                break
            start = end + 1
            end = item(start)
    return _merged([c for c in cands if id(c) not in gone], added)


_NAME_TAGS = frozenset({"LOC", "ORG", "nz", "nw", "ns", "nt", "TIME", "m"})   # the tagger's names (and numbers)


def _infix_sites(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule) -> list[Cand]:
    """A site named by a road and an exit (某某高速某某出口, G75高速某某出入口, 某某高速公路某某站口): an infix
    (``params.infixes``: 高速公路, 高速) with a head before it and an ending after it (``params.endings``: 出口,
    出入口, 站口 ...), the two at most ``params.head_length`` / ``params.tail_length`` characters from it; and a
    site word written right after the ending (``params.extensions``: 疫情防控卡点, 检查站) is part of the name.

    The head is the tagger's words right before the infix (or the part of the infix's own word before it:
    连霍高速 read as one word), Han characters, digits or a road's Latin code, none of a word class in
    ``params.head_stops`` (在|高速, 从|高速: a preposition, a verb); a place right before the infix, or before a
    direction written after it (某市|南高速出口), is the head whole. A site with no head must have a tail of
    two characters or more, not a kind of place (``params.generic_tails``: 高速|收费站|入口), to be named
    (高速公路某某出入口); with neither it names no site (在高速出口). A site found before inside it (某某高速|
    某某收费站|出口) is the same site cut short, and gives way to the whole. A word of two
    characters or more in the tail of a class in ``params.tail_stops`` (高速|发展|出口, 高速|驶入|站口: the
    adverb 高速 and a verb), or of one character in ``params.tail_stop_chars`` (高速交警|在|某某出口: a clause goes
    on), names none, nor does an ending followed by ``params.not_after`` (出口|贸易)."""
    from kg.extract.recognize import Cand, _token_index, token_at

    infixes = sorted(_words(rule, "infixes"), key=len, reverse=True)
    if not any(w in text for w in infixes):
        return cands
    endings = sorted(_words(rule, "endings"), key=len, reverse=True)
    extensions = sorted(_words(rule, "extensions"), key=len, reverse=True)
    head_stops = set(_words(rule, "head_stops"))
    tail_stops = set(_words(rule, "tail_stops"))
    tail_stop_chars = set(_words(rule, "tail_stop_chars"))
    not_after = tuple(_words(rule, "not_after"))
    generic_tails = set(_words(rule, "generic_tails"))
    directions = str(rule.params.get("directions", ""))
    max_head, max_tail = (int(n) for n in (rule.params.get("head_length", 5), rule.params.get("tail_length", 8)))
    level = PlaceLevel(str(rule.params.get("level", "site")))
    place_at_end = {c.end: c for c in cands if c.label == "PLACE"}
    sites = sorted((c for c in cands if c.label == "PLACE" and c.level is PlaceLevel.SITE), key=lambda c: c.start)
    site_starts = [c.start for c in sites]
    units_places = SpanIndex(len(text), ((c.start, c.end) for c in cands if c.label in ("PLACE", "ORG")))
    person_ends = {c.end for c in cands if c.label == "PERSON"}
    added: list[Cand] = []
    taken = SpanIndex(len(text))
    cut: set[tuple[int, int]] = set()

    def crossed_or_held(first: int, end: int) -> bool:
        """Does a place or unit run across the edge of ``[first, end)`` (starting before it and ending inside,
        or starting inside and ending after) or hold it whole? (Mentions inside it are its parts.)"""
        return units_places.holds(first, end) or units_places.straddles(first) or units_places.straddles(end)

    def namely(ch: str) -> bool:
        return "\u4e00" <= ch <= "\u9fff" or ch.isascii() and ch.isalnum()

    def head_start(pos: int) -> int | None:
        """Where the head ending at ``pos`` starts (None: no head): whole tagger words, at most ``max_head``
        characters in all (so the walk is bounded), never a person's name or a word of ``head_stops``; a word
        before the one next to the infix only if the tagger reads it as a name (not 志愿者|某某)."""
        start = pos
        k = _token_index(tokens, pos - 1) if pos > 0 else -1
        while k >= 0:
            if pos - start in (0, 1) and start in place_at_end and text[start:pos] in ("", *directions):
                return place_at_end[start].start     # 某市|高速, 某市南|高速: the place is the head
            if start in place_at_end and start < pos:
                break   # 某镇|某某高速: the head ends at the place before it (the site is in that place)
            tok = tokens[k]
            if tok.end != start or pos - tok.start > max_head or start in person_ends \
                    or not all(namely(ch) for ch in text[tok.start:start]):
                break   # a word across the head's start, a head grown too long, a person's name (王强|某某高速)
            if tok.tag in head_stops or tok.tag == "PER" or (start < pos and tok.tag not in _NAME_TAGS):
                break   # a preposition or a verb (在|高速, 从|高速); a common noun before the road (志愿者|某某高速)
            start = tok.start
            k -= 1
        return start if start < pos else None

    def tail_stopped(tail: int, ending: int) -> bool:
        """Does the tail [tail, ending) hold a word of ``tail_stops`` (two characters or more) or of
        ``tail_stop_chars`` (one)?"""
        k = _token_index(tokens, tail)
        while 0 <= k < len(tokens) and tokens[k].start < ending:
            t = tokens[k]
            if t.start >= tail and t.end <= ending and (
                    t.tag in tail_stops if len(t.text) >= 2 else t.tag in tail_stop_chars):
                return True
            k += 1
        return False

    def site_at(pos: int, infix: str) -> tuple[int, int] | None:
        """The span of the site whose infix is written at ``pos``, else None."""
        if taken.covers(pos) or any(len(w) > len(infix) and text.startswith(w, pos) for w in infixes):
            return None   # inside a site found before, or a longer infix's (高速|公路)
        # the infix's own word may hold the head (连霍高速): the head then ends at the infix
        own = token_at(tokens, pos)
        start = own.start if own is not None and 0 < pos - own.start <= max_head and all(
            namely(ch) for ch in text[own.start:pos]) else head_start(pos)
        tail = pos + len(infix) + (text[pos + len(infix):pos + len(infix) + 1] == "·")
        found = None
        for i in range(tail, min(len(text), tail + max_tail) + 1):
            ending = next((w for w in endings if text.startswith(w, i)), None)
            if ending is not None:
                found = (i, i + len(ending))
                break
            if i < len(text) and not namely(text[i]):
                break
        if found is None or text.startswith(not_after, found[1]):
            return None
        if start is None and (found[0] - tail < 2 or text[tail:found[0]] in generic_tails):
            return None   # 在高速出口, 各个高速收费站入口: no site named
        if tail_stopped(tail, found[0]):
            return None
        first = pos if start is None else start
        end = found[1] + len(next((w for w in extensions if text.startswith(w, found[1])), ""))
        return None if crossed_or_held(first, end) else (first, end)   # (a mention across its edge, or holding it)

    for infix in infixes:
        pos = text.find(infix)
        while pos >= 0:
            span = site_at(pos, infix)
            if span is not None:
                first, end = span
                # a site inside it (某某|出口疫情防控卡点, 某某高速|某某收费站|出口) is the same site cut short: the
                # whole replaces it (the divisions inside stay: the site is in them)
                i = bisect_left(site_starts, first)
                while i < len(site_starts) and site_starts[i] < end:
                    if sites[i].end <= end:
                        cut.add((sites[i].start, sites[i].end))
                    i += 1
                added.append(Cand("PLACE", first, end, text[first:end], "rule:infix-site", level=level))
                taken.add(first, end)
            pos = text.find(infix, pos + 1)
    if cut:
        cands = [c for c in cands if not (c.label == "PLACE" and (c.start, c.end) in cut)]
    return _merged(cands, added)


_VILLAGE_LEVELS = (PlaceLevel.VILLAGE, PlaceLevel.COMMUNITY, PlaceLevel.NATURAL_VILLAGE)


def _whole_village(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule) -> list[Cand]:
    """``params.heads``: one-character heads of village names (小, 东, 新); a village or community
    name written right after one of them, the tagger splitting it off (小|赵家庄村), is cut out of
    the longer name: the place is the whole name. A village name that is the tail of another
    village of the article (林村 beside 东林村) is that village."""
    from kg.extract.recognize import token_at

    heads = set(_words(rule, "heads"))
    taken = {(c.start, c.end) for c in cands}
    out: list[Cand] = []
    for c in cands:
        if c.label == "PLACE" and c.level in _VILLAGE_LEVELS and c.start > 0 and text[c.start - 1] in heads:
            tok = token_at(tokens, c.start - 1)
            before = text[c.start - 2:c.start - 1]
            glued = tok is not None and tok.text == text[c.start - 1] and tok.tag in ("a", "f", "n", "LOC", "nz")
            if glued and (c.start - 1, c.end) not in taken and not (before and before in heads):
                c = replace(c, start=c.start - 1, text=text[c.start - 1:c.end], name="")
        out.append(c)
    # the villages by their tails of up to 3 characters (the short forms read): a look-up per village mention, not
    # a pass over every village name
    longer: dict[str, set[str]] = {}
    for v in {c.text for c in out if c.label == "PLACE" and c.level in _VILLAGE_LEVELS}:
        for n in range(1, min(3, len(v) - 1) + 1):
            longer.setdefault(v[-n:], set()).add(v)
    result = []
    for c in out:
        if c.label == "PLACE" and c.level in _VILLAGE_LEVELS and len(c.text) <= 3:
            whole = longer.get(c.text, ())
            if len(whole) == 1:
                c = replace(c, name=next(iter(whole)))   # the short written form is a mention of the whole name
        result.append(c)
    return result


def outlet_names(rules: Sequence[Rule]) -> dict[str, str]:
    """Other name -> outlet, from the ``outlet-names`` rules among ``rules`` (``params.outlets``:
    ``[name, [other names]]``)."""
    canonical: dict[str, str] = {}
    for rule in rules:
        if rule.kind != "outlet-names":
            continue
        for item in rule.params.get("outlets", []):
            try:
                name, others = str(item[0]), [str(x) for x in item[1]]
            except (TypeError, IndexError):
                raise RuleError(f"{rule.source}: rule {rule.name!r}: an outlet is [name, [other names]]") from None
            canonical.update((o, name) for o in others)
    return canonical


def _outlet_lexicon(lex: Lexicons, rule: Rule) -> Lexicons:
    """The outlets' other names, kept in the lexicons (read once, where the credits' outlets are named)."""
    return replace(lex, outlets={**lex.outlets, **outlet_names([rule])})


def _outlet_names(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule) -> list[Cand]:
    """One national outlet written by several names (总台央视, 总台, 央视 for 中央广播电视总台): a unit
    mention by one of the other names is that outlet, so its reporters credited in two articles have
    one home unit (and one IRI). The credits' outlets are named the same way (``kg.extract.resolve``)."""
    canonical = res.lexicons.outlets
    return [replace(c, name=canonical[c.canonical]) if c.label == "ORG" and c.canonical in canonical else c
            for c in cands]


def _address_forms(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule) -> list[Cand]:
    """``params.words``: words of address (叔, 阿姨, 师傅). A person's name that is a surname and then a post
    or role of the lexicons or one of these words (魏处长, 李书记, 王阿姨) addresses somebody; it names
    nobody the article identifies, and is no mention."""
    words = tuple(_words(rule, "words"))
    lex = res.lexicons

    def addressed(name: str) -> bool:
        for cut in (2, 1):     # a compound surname first (欧阳主任)
            head, rest = name[:cut], name[cut:]
            if rest and (head in lex.compound_surnames if cut == 2 else head in lex.surnames) and (
                    rest in lex.posts_and_roles or rest in words):
                return True
        return False

    return [c for c in cands if not (c.label == "PERSON" and addressed(c.text))]


def _name_completion(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule) -> list[Cand]:
    """A two-character person's name (a surname and one character) that the tagger cut from a three-character
    one: every time the article writes it, the same character follows (never a word of ``params.not_last``,
    never the start of another mention or a post), and at least once that character is followed by a
    boundary (``params.boundary``, a line's end or a post, or a count where the name is a list's item):
    吕鹏|飞⏎, 甲、郭娟|巧3位, 潘伟|强副支队长. The name is the three characters, at every mention. One pass over
    the text finds every occurrence of the candidate names (linear in the text, whatever their number)."""
    not_last = set(_words(rule, "not_last"))
    boundary = set("".join(_words(rule, "boundary"))) | {"\n", "\r", "\t", " ", "\u3000"}
    names = {c.text for c in cands if c.label == "PERSON" and c.end - c.start == 2 and c.text == text[c.start:c.end]}
    if not names:
        return cands
    starts = {c.start for c in cands if c.label != "PERSON" or c.end - c.start != 2}
    # every three characters of a place's or unit's name: a name completed into one of them is none
    inside = {o.text[i:i + 3] for o in cands if o.label in ("PLACE", "ORG") for i in range(len(o.text) - 2)}
    at: dict[str, list[int]] = {}
    for i in range(len(text) - 1):
        if text[i:i + 2] in names:
            at.setdefault(text[i:i + 2], []).append(i)
    post_re = res.post_re
    done: set[str] = set()
    for name, positions in at.items():
        last = text[positions[0] + 2:positions[0] + 3]
        ok, closed = "\u4e00" <= last <= "\u9fff" and last not in not_last, False
        for pos in positions:
            x = pos + 2
            if not ok or text[x:x + 1] != last or x in starts or post_re.match(text, x) is not None:
                ok = False
                break
            after = text[x + 1:x + 2]
            listed = text[pos - 1:pos] in ("、", "，", ",")
            closed = closed or after == "" or after in boundary or (after.isdigit() and listed) or (
                post_re.match(text, x + 1) is not None)
        if ok and closed and name + last not in inside:
            done.add(name)
    return [replace(c, end=c.end + 1, text=text[c.start:c.end + 1], name=text[c.start:c.end + 1])
            if c.label == "PERSON" and c.end - c.start == 2 and c.text in done and c.text == text[c.start:c.end]
            else c for c in cands]


def _departments(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule) -> list[Cand]:
    """``params.heads``: ``[suffix, [posts]]`` pairs (处 with 处长, 副处长): a department named right before the
    post of its head (宣传处|处长, 某局|立法一处|副处长) is a unit of its own, the sub-unit (``parent``) of the
    unit written right before it. Its name is the tagger's words back from the suffix over ``params.name_tags``
    (and ``params.joiners`` inside: 社会服务与联络处), up to another mention, the end of a unit's name, a
    separator or any other word; ``params.min_length`` to ``params.max_length`` characters, not opening with
    a numeral of ``params.not_first`` (一处处长) nor with, or after, one of ``params.generic`` (各业务处处长,
    相关职能科科长: no one department named), nor a generic word of ``params.not_names`` with less than two
    characters before it (工作组组长, 专家组组长: a kind of group). The suffix must close a tagger word
    (到处|处长 does not), and the post must be followed by a person's name (回到住处|处长时间: no post, no department).
    Where recognition read the unit and its department as one name (某局财务科), that
    name is the department's (the guideline's full name of a sub-unit) and the unit before it is added."""
    from kg.extract.recognize import Cand, _org_piece, _token_index

    heads = rule.params.get("heads", [])
    if not isinstance(heads, list) or not all(
            isinstance(h, list) and len(h) == 2 and isinstance(h[0], str) and h[0] and isinstance(h[1], list)
            for h in heads):
        raise RuleError(f"{rule.source}: rule {rule.name!r}: params.heads is a list of [suffix, [posts]]")
    name_tags = set(_words(rule, "name_tags"))
    joiners = _words(rule, "joiners")
    not_first = "".join(_words(rule, "not_first"))
    generic = tuple(_words(rule, "generic"))
    not_names = tuple(_words(rule, "not_names")) if "not_names" in rule.params else ()
    lo_len, hi_len = int(rule.params.get("min_length", 3)), int(rule.params.get("max_length", 12))
    kind = OrgKind(str(rule.params.get("kind", "government")))
    lex = res.lexicons
    ends = {c.end: c for c in cands if c.label in ("ORG", "PERSON", "POST", "PLACE")}
    persons = {c.start for c in cands if c.label == "PERSON"}
    orgs = [c for c in cands if c.label == "ORG"]
    spans = {(c.start, c.end) for c in orgs}
    place_starts = {c.start: c for c in cands if c.label == "PLACE"}
    added: list[Cand] = []
    named: dict[tuple[int, int], str] = {}     # a glued unit-and-department name -> its unit's name

    def unit_word(word: str) -> bool:
        suf = lex.org_suffix_at_end(word)
        return suf is not None and suf.suffix == word

    def names_one(name: str, before: str) -> bool:
        """``name`` (with the word ``before`` it) names one department or group: not too short or long, no
        numeral or which-word opening it or before it, no generic group word with too little before it."""
        return (lo_len <= len(name) <= hi_len and name[0] not in not_first and not name.startswith(generic)
                and not before.endswith(generic)
                and not any(name.endswith(w) and len(name) - len(w) < 2 for w in not_names))

    def unit_ends(lo: int, pos: int) -> bool:
        suf = lex.org_suffix_at_end(text[lo:pos]) if pos > lo else None
        return suf is not None and suf.role != "short"

    for suffix, posts in heads:
        for post in sorted(map(str, posts), key=len, reverse=True):
            i = text.find(suffix + post)
            while i >= 0:
                e = i + len(suffix)
                k = _token_index(tokens, e - 1)
                cover = next((c for c in orgs if c.start < e <= c.end), None)
                after = e + len(post)
                while text[after:after + 1] in (" ", "\u3000"):
                    after += 1
                if k >= 0 and tokens[k].end == e and (cover is None or cover.end == e) and after in persons:
                    start = tokens[k].start
                    j = k - 1
                    while j >= 0 and tokens[j].end not in ends and not unit_word(tokens[j].text) and (
                            tokens[j].tag in name_tags or tokens[j].text in joiners) and not (
                            cover is not None and unit_ends(cover.start, tokens[j].end)):
                        # (a unit's word alone, 医院|某某组: the unit the group belongs to, not the group's name)
                        start = tokens[j].start
                        j -= 1
                    while start < e and (w := next((w for w in joiners if text.startswith(w, start)), None)):
                        start += len(w)
                    name = text[start:e]
                    before = tokens[j].text if j >= 0 and tokens[j].end == start else ""
                    one = names_one(name, before)   # (else a kind of department or group, or which ones)
                    if one and cover is not None:
                        if start > cover.start and unit_ends(cover.start, start):
                            named[(cover.start, cover.end)] = text[cover.start:start]
                            if (cover.start, start) not in spans:
                                spans.add((cover.start, start))
                                added.append(_org_piece(text, cover.start, start, lex, tokens, place_starts))
                    elif one and cover is None and not any(c.start < e and start < c.end for c in added):
                        owner = ends.get(start)
                        parent = owner.canonical if owner is not None and owner.label == "ORG" else None
                        added.append(Cand("ORG", start, e, name, "rule:department", kind=kind, parent=parent))
                i = text.find(suffix + post, i + 1)
    if named:
        cands = [replace(c, parent=named[(c.start, c.end)]) if c.label == "ORG" and (c.start, c.end) in named
                 and c.parent is None else c for c in cands]
    return _merged(cands, added)


def _facility_sites(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule) -> list[Cand]:
    """A facility (``params.endings``: 医院, 小学, 体育中心 …) that the article uses only as a destination or a
    site is a place (a site), so that deployments can point at it: a mention stands after a word of motion or
    location (``params.before``: 在, 进驻, 抵达, 前往 …), or right after 、/和 following such a mention (在甲医院、
    乙医院等地); and no mention has the facility employ, send, hold, back or lead people (a person, a post or a
    unit right after it, a longer unit holding it, ``params.after``: 派出, 医护人员, 党委, 担任 …, or 的 and
    ``params.backing``: 在某医院的支持下). A facility that is both stays a unit (one name is one entity)."""
    from kg.extract.recognize import Cand

    endings = tuple(_words(rule, "endings"))
    before = tuple(sorted(_words(rule, "before"), key=len, reverse=True))
    after = tuple(_words(rule, "after"))
    backing = tuple(_words(rule, "backing"))
    orgs = [c for c in cands if c.label == "ORG"]
    names = {c.canonical for c in orgs if not c.generic and c.canonical.endswith(endings)}
    if not names:
        return cands
    starts = {c.start for c in cands if c.label in ("ORG", "PERSON", "POST")}
    mentions = sorted((c for c in orgs if c.canonical in names), key=lambda c: c.start)
    # a longer unit holds a mention: one starting before it and ending at or after its end (the span index), or
    # starting with it and ending after it
    units = SpanIndex(len(text), ((o.start, o.end) for o in orgs))
    end_at: dict[int, int] = {}
    for o in orgs:
        end_at[o.start] = max(end_at.get(o.start, 0), o.end)

    def employs(c: Cand) -> bool:
        if c.end in starts or (text[c.end:c.end + 1] == "的" and c.end + 1 in starts):
            return True
        if units.holds(c.start - 1, c.end) or end_at.get(c.start, 0) > c.end:
            return True
        rest = text[c.end:c.end + 12]
        if rest.startswith("的") and any(w in rest.split("，")[0] for w in backing):
            return True   # 在某医院的大力支持下, 某医院领导的带领下
        return rest.lstrip("的").startswith(after)

    unit_names = {c.canonical for c in mentions if employs(c)}
    site_ends: set[int] = set()      # where the site mentions so far end, in text order
    site_names: set[str] = set()
    for c in mentions:
        if c.canonical in unit_names:
            continue
        head = text[max(0, c.start - 6):c.start]
        listed = head.endswith(("、", "和", "及")) and c.start - 1 in site_ends
        if head.endswith(before) or listed:
            site_ends.add(c.end)
            site_names.add(c.canonical)
    if not site_names:
        return cands
    return [Cand("PLACE", c.start, c.end, c.text, "rule:facility-site", name=c.canonical, level=PlaceLevel.SITE)
            if c.label == "ORG" and c.canonical in site_names else c for c in cands]


def _plural_units(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule) -> list[Cand]:
    """``params.heads``: words before a level word that make a relative unit's name plural (全市法院、检察院:
    all the courts and procuratorates of the city, not the city's court): such a unit is no entity, nor are
    the units that share its level word after 、/和 (``rule:shared-owner``)."""
    heads = tuple(_words(rule, "heads"))
    plural = [c for c in cands if c.label == "ORG" and c.relative and c.source != "rule:shared-owner"
              and text[max(0, c.start - 1):c.start].endswith(heads)]
    if not plural:
        return cands
    drop = {(c.start, c.end) for c in plural}
    shared = sorted((o for o in cands if o.label == "ORG" and o.source == "rule:shared-owner"), key=lambda o: o.start)
    for c in sorted(plural, key=lambda c: c.start):
        end = c.end
        for o in shared:
            if o.start <= c.start:
                continue
            if o.start - end <= 1 and text[end:o.start] in ("、", "和", "及", "与", ""):
                drop.add((o.start, o.end))
                end = o.end
    return [c for c in cands if not (c.label == "ORG" and (c.start, c.end) in drop)]


register("org-suffixes", EntityKind(extend=_org_suffixes))
register("address-forms", EntityKind(apply=_address_forms))
register("posts", EntityKind(extend=_posts))
register("media-outlets", EntityKind(extend=_media))
register("not-units", EntityKind(extend=_not_after_unit))
register("place-suffixes", EntityKind(extend=_place_suffixes))
register("set-phrases", EntityKind(apply=_set_phrases))
register("common-short-forms", EntityKind(apply=_common_short_forms))
register("cue-short-forms", EntityKind(apply=_cue_short_forms))
register("chrome-lines", EntityKind(apply=_chrome_lines))
register("known-places", EntityKind(apply=_known_places))
register("short-unit-names", EntityKind(apply=_short_unit_names))
register("whole-village", EntityKind(apply=_whole_village))
register("anchored-places", EntityKind(apply=_anchored_places))
register("infix-sites", EntityKind(apply=_infix_sites))
register("conjunction-places", EntityKind(extend=_joining_verbs, apply=_conjunction_places))
register("named-sub-units", EntityKind(extend=_named_sub_units))
register("system-prefixes", EntityKind(extend=_system_prefixes))
register("recognition-words", EntityKind(extend=_recognition_words))
register("outlet-names", EntityKind(extend=_outlet_lexicon, apply=_outlet_names))
register("departments", EntityKind(apply=_departments))
register("name-completion", EntityKind(apply=_name_completion))
register("facility-sites", EntityKind(apply=_facility_sites))
register("plural-units", EntityKind(apply=_plural_units))


def _head_listed_places(text: str, tokens: list[Token], cands: list[Cand], res: Resources, rule: Rule
                        ) -> list[Cand]:
    """``params.heads``: ``[head, level]`` pairs. A list closed by 等 and a head word (甲、乙、丙等小区) names
    places of the head's level, each item one place, even where the tagger reads an item as a common
    noun or cuts it apart: the head says what the items are (recognition's own ``_listed_places`` takes
    single place-tagged words listed with a known place; this one needs the head, not the tag).
    ``params.separators`` join the items; a word tagged one of ``params.stop_tags`` (a verb, a preposition,
    的) ends the first item. A count alone may close the list instead of 等 (甲、乙和丙3个小区), when it
    matches the items. Only where the head ends the noun phrase (等社区力量: the head is a modifier, the
    items are no places), or goes on to a part of the places or what goes on there (``params.place_parts``:
    等小区入口), and where one item at least is already a place or tagged as a proper name. An item that is
    a person's name or overlaps a unit stays what it is; a person's name read at the start of a longer item
    (甲乙|里) gives way to the place."""
    from kg.extract.recognize import Cand, _token_index

    heads = {str(h): PlaceLevel(str(lv)) for h, lv in rule.params.get("heads", [])}
    seps = set(_words(rule, "separators"))
    stop_tags = set(_words(rule, "stop_tags"))
    max_len = int(rule.params.get("max_length", 8))
    place_parts = set(_words(rule, "place_parts")) if "place_parts" in rule.params else set()
    vague = set(_words(rule, "vague_counts")) if "vague_counts" in rule.params else set()
    names = {c.text for c in cands if c.label == "PLACE"}
    units = [(c.start, c.end) for c in cands if c.label == "ORG"]
    persons = [(c.start, c.end) for c in cands if c.label == "PERSON"]
    places = [(c.start, c.end) for c in cands if c.label == "PLACE"]
    short = {(c.start, c.end) for c in cands if c.label == "PLACE" and c.name and c.name != c.text}   # 龙湾 -> 龙湾区
    added: list[Cand] = []
    given_way: list[tuple[int, int]] = []    # items of a counted list read as names: places now
    swallowed: list[tuple[int, int]] = []   # places read inside the middle of a listed item (临|江西|里): none
    for k in range(len(tokens) - 1):
        closed = tokens[k].text == "等"
        if closed:
            # 甲、乙和丙等三个街镇: a count of the items may stand between 等 and the head (as many or more: 等 says
            # the list goes on, 甲、乙和丙等5个社区)
            counted = _item_count(tokens[k + 1]) if k + 2 < len(tokens) else None
            # 甲、乙等多个社区, 甲、乙等20余个社区: a count that states no number (params.vague_counts) or only
            # about how many may stand there as well
            h = k + 2 if counted is not None or _about_count(tokens[k + 1]) else _past_vague_count(
                tokens, k + 1, vague)
        elif (counted := _item_count(tokens[k])) is not None and tokens[k + 1].text in heads:
            h = k + 1    # 甲、乙和丙3个小区: the count alone closes the list (and must match its items)
        elif tokens[k + 1].text in heads and k > 0 and tokens[k - 1].tag not in ("w", "c") and (
                tokens[k - 1].text not in seps) and (counted := _bare_count(tokens[k])) is not None:
            # 甲、乙两村: a numeral written right after the last item and before the head closes the list too (and
            # must match its items); not a numeral that is itself an item (甲、乙和两镇: the two towns besides)
            h = k + 1
        else:
            continue
        if h >= len(tokens):
            continue
        level = heads.get(tokens[h].text)
        if level is None:
            continue
        nxt = tokens[h + 1] if h + 1 < len(tokens) else None
        if nxt is not None and (nxt.tag.startswith("n") or nxt.tag in ("LOC", "ORG", "PER")) and (
                nxt.text not in place_parts):
            continue   # 等社区力量: the head modifies the next noun (but 等小区入口: the compounds' entrances)
        # a counted list's first item may be a word the tagger read as a name (金苍|PER、糖厂两村): the count
        # checks the items instead
        items = _list_items(tokens, k, seps, stop_tags - {"PER"} if counted is not None else stop_tags)
        # 来到某社区|甲小区、乙小区: the place the first item's words open with is not the item's
        items = [(max([s] + [b for a, b in places if a == s and b < e]), e) for s, e in items]
        if items:
            # 来到百纺|老院、…: a proper word the tagger read as a unit, glued before the first item and no unit
            # or place of the article, is the head of its name
            s0, e0 = items[-1]
            j = _token_index(tokens, s0 - 1) if s0 > 0 else -1
            if j >= 0 and tokens[j].end == s0 and tokens[j].tag in ("ORG", "LOC", "nz") and e0 - s0 <= 2 and not any(
                    a < s0 and tokens[j].start < b for a, b in units + places):
                items[-1] = (tokens[j].start, e0)
        sized = [(s, e) for s, e in items if 2 <= e - s <= max_len and not any(a < e and s < b for a, b in units)]
        # a count that matches the items says what they are, even where the tagger read one as a name (金苍|PER、
        # 糖厂两村); else a person's name stays one (but gives way where it opens a longer item: 甲乙|里)
        confirmed = counted is not None and counted == len(sized) == len(items) and not all(
            any(a < e and s < b for a, b in persons) for s, e in sized)      # not where every item is a name
        spans = [(s, e) for s, e in sized
                 if confirmed or not any(a < e and s < b and not (a == s and b < e) for a, b in persons)]
        named = confirmed or any(_proper(tokens, s, e) or any(a < e and s < b for a, b in places) for s, e in spans)
        if len(spans) < 2 or not named or (counted is not None and (
                counted < len(spans) if closed else counted != len(spans))):
            continue
        if confirmed:
            given_way.extend(spans)
        head = tokens[h].text
        for s, e in spans:
            inner = [(a, b) for a, b in places if a < e and s < b]
            if inner and not _item_takes(text, s, e, inner, short):
                continue
            swallowed.extend(inner)     # (a short form read inside the item's name: 临|江西|里)
            item = text[s:e]
            # a community's or village's name holds its level word (东坪、西岭等社区: 东坪社区); a compound's
            # often does not (青松园), so it takes the head only where the article writes the name so
            whole = level in _NAMED_WITH_HEAD and not item.endswith(head)
            name = item + head if item + head in names or whole else item
            added.append(Cand("PLACE", s, e, item, "rule:listed-places", name=name, level=level))
            places.append((s, e))
    if not added:
        return cands
    inside = [(c.start, c.end) for c in added]
    kept = [c for c in cands if not (c.label == "PERSON" and (any(s == c.start and c.end < e for s, e in inside)
                                                              or (c.start, c.end) in given_way))
            and not (c.label == "PLACE" and (c.start, c.end) in swallowed)]
    return _merged(kept, added)


_NAMED_WITH_HEAD = (PlaceLevel.COMMUNITY, PlaceLevel.VILLAGE)
_LEVEL_ENDS = frozenset("省市区县镇乡村组屯")    # the last character of a division's own name (某某村, 某某镇)


def _item_takes(text: str, s: int, e: int, inner: list[tuple[int, int]], short: set[tuple[int, int]]) -> bool:
    """May the listed item [s, e) take the places read inside it (临|江西|里)? Not a place it opens with, nor one it
    ends with by a level word (某某|毛庄村: the item is no name of its own) unless a short form, nor in an item
    holding 的."""
    return "的" not in text[s:e] and all(
        s < a and (b < e or (a, b) in short or text[b - 1] not in _LEVEL_ENDS) for a, b in inner)


def _item_count(tok: Token) -> int | None:
    """The number a count word states (三个, 3个, 十二处, 两个), or None."""
    if tok.tag != "m" or tok.text[-1:] not in ("个", "处"):
        return None     # (most words: decided before the import below, which runs on every call)
    from kg.extract.dates import count_number

    return count_number(tok.text[:-1])


def _bare_count(tok: Token) -> int | None:
    """The number a numeral word written without a measure word states (两, 三, 3), or None."""
    from kg.extract.dates import count_number

    if tok.tag != "m" or tok.text[-1:] in ("个", "处") or len(tok.text) > 2:
        return None
    return count_number(tok.text)


def _about_count(tok: Token) -> bool:
    """A count that states about how many (20余个, 十多个, 30多处)."""
    from kg.extract.dates import count_number

    return (tok.tag == "m" and tok.text[-1:] in ("个", "处") and tok.text[-2:-1] in ("余", "多")
            and count_number(tok.text[:-2]) is not None)


def _past_vague_count(tokens: list[Token], i: int, vague: set[str]) -> int:
    """The index after a count that states no number at ``tokens[i]`` (多个, 多|个, 几个), or ``i``."""
    t = tokens[i]
    if t.text[:-1] in vague and t.text[-1:] in ("个", "处"):
        return i + 1
    if t.text in vague and i + 1 < len(tokens) and tokens[i + 1].text in ("个", "处"):
        return i + 2
    return i


def _list_items(tokens: list[Token], k: int, seps: set[str], stop_tags: set[str], reach: int = 120
                ) -> list[tuple[int, int]]:
    """The items of the list that ends right before ``tokens[k]`` (等), last first: the words between
    separators, back to a punctuation mark (or ``reach`` characters); the first item is the run of words
    before its separator that holds no word of ``stop_tags`` (下沉到|甲: the verb is not the item's)."""
    segments: list[list[Token]] = [[]]
    limit = tokens[k].start - reach
    j = k - 1
    while j >= 0 and tokens[j].start >= limit and tokens[j].end == (segments[-1][0].start if segments[-1]
                                                                     else tokens[j + 1].start):
        t = tokens[j]
        if t.text in seps:
            segments.append([])
        elif t.tag == "w":
            break
        else:
            segments[-1].insert(0, t)
        j -= 1
    first = segments[-1]
    n = len(first)
    while n > 0 and first[n - 1].tag not in stop_tags:
        n -= 1
    segments[-1] = first[n:]
    return [(seg[0].start, seg[-1].end) for seg in segments if seg]


def _proper(tokens: list[Token], s: int, e: int) -> bool:
    """Some word of the span [s, e) is tagged a place or another proper name."""
    return any(t.tag in ("LOC", "nz", "ns") for t in tokens if s <= t.start and t.end <= e)


register("listed-places", EntityKind(apply=_head_listed_places))


# --------------------------------------------------------------------------- examples


def entity_names(doc: Any) -> set[tuple[str, str]]:
    """``(name, type)`` of every entity (canonical name and every alias) and every post mention of a
    processed doc."""
    from kg.extract.pipeline import CANDS, CONTEXT

    out: set[tuple[str, str]] = set()
    for d in doc.user_data[CONTEXT].resolution.drafts.values():
        if not d.mentions:
            continue   # the home division is an entity only when the text names it
        out |= {(n, d.type.value) for n in (d.name, *d.aliases)}
    for c in doc.user_data[CANDS]:
        if c.label == "POST":
            out.add((c.canonical, "Post"))
    return out


def example_problems(nlp: Any, rule: Rule) -> list[str]:
    """What is wrong with an entity rule's examples and counter-examples on the real pipeline."""
    from kg.extract import analyse, prepared
    from kg.read import normalize

    problems: list[str] = []
    for where, examples in (("example", rule.examples), ("counter-example", rule.counter_examples)):
        for ex in examples:
            pairs = [t for t in ex.triples if len(t) == 2]
            bad = [t for t in pairs if t[1] not in ENTITY_TYPES]
            if bad or len(pairs) != len(ex.triples) or (where == "counter-example" and not pairs):
                problems.append(f"{rule.name}: {where} {ex.text!r}: give [name, type] pairs, type one of "
                                f"{', '.join(ENTITY_TYPES)}")
                continue
            got = entity_names(analyse(prepared(normalize(ex.text, source=where)), nlp=nlp))
            for name, etype in pairs:
                if where == "example" and (name, etype) not in got:
                    problems.append(f"{rule.name}: example {ex.text!r}: expected {etype} {name}; "
                                    f"found {sorted(got)}")
                if where == "counter-example" and (name, etype) in got:
                    problems.append(f"{rule.name}: counter-example {ex.text!r}: found {etype} {name}")
    return problems
