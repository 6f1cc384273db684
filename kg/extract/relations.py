"""The sentence-level relation rule kinds: generic proposers whose trigger words, cue lists and
windows come from each rule's ``params`` (``kg/extract/patterns/<relation>/*.yaml``).

Each kind registers in ``RULE_KINDS`` with a *stage*: kinds that read what earlier kinds found
(``known_facts``: the deployments read the appositions' memberships, the formed units read the
deployments, the stationing rules read all of those) run after them. A kind runs once per article
and parameter set; every rule naming it keeps the facts of its own relation. No kind creates or
renames an entity: ends are looked up in the article's resolution, built before any relation rule
runs. No kind sets a confidence: the scorer does (``kg.extract.scorer``).
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.context import Context, from_fact
from kg.extract.dates import resolve_date
from kg.extract.recognize import BARE, Cand, starts_of
from kg.extract.resolve import Draft, level_rank, place_key
from kg.extract.rules import Rule, RuleError, derived, rule_kind
from kg.read.credits import credit_outlet, read_credits, reporter_before
from kg.records import (
    ARTICLE,
    JOINED_ON_DUTY,
    Candidate,
    CreditRole,
    EntityType,
    Evidence,
    Fact,
    OrgKind,
    PartialDate,
    PlaceLevel,
    Predicate,
)

_CLAUSE = re.compile(r"[，,；;：:。！？!?…—]")
_JOINERS = "、，, 　"
_AUTHOR_ROLES = {CreditRole.REPORTER, CreditRole.SPECIAL_CORRESPONDENT, CreditRole.CORRESPONDENT,
                 CreditRole.AUTHOR}
KNOWN = "relations:known"   # ctx.cache: every fact the kinds run so far found (all relations)
_PLACE_AT = "relations:longest-place-at"
_CUE_STARTS = "relations:cue-starts"
_FRAMES = "relations:frames"
_OPENINGS = "relations:clause-openings"
_SENDERS = "relations:counted-senders"
_PLACE_STARTS = "relations:places-by-start"
_MATCH_STARTS = "relations:match-starts"


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True, slots=True)
class Params:
    """A rule's ``params``, read with the rule named in every error."""

    rule: Rule

    def _fail(self, key: str, what: str) -> RuleError:
        return RuleError(f"{self.rule.source}: rule {self.rule.name!r}: params.{key} must be {what}")

    def words(self, key: str) -> tuple[str, ...]:
        return derived(self.rule, ("words", key), lambda: self._words(key))

    def _words(self, key: str) -> tuple[str, ...]:
        v = self.rule.params.get(key)
        if not isinstance(v, list) or not v or not all(isinstance(x, str) and x for x in v):
            raise self._fail(key, "a non-empty list of words")
        return tuple(v)

    def word(self, key: str) -> str:
        v = self.rule.params.get(key)
        if not isinstance(v, str) or not v:
            raise self._fail(key, "a word")
        return v

    def number(self, key: str) -> int:
        v = self.rule.params.get(key)
        if not isinstance(v, int) or isinstance(v, bool):
            raise self._fail(key, "an integer")
        return v

    def levels(self, key: str) -> frozenset[PlaceLevel]:
        try:
            return frozenset(PlaceLevel(x) for x in self.words(key))
        except ValueError:
            raise self._fail(key, f"a list of place levels ({', '.join(p.value for p in PlaceLevel)})") from None

    def level_words(self, key: str) -> dict[str, PlaceLevel]:
        v = self.rule.params.get(key)
        if not isinstance(v, dict) or not v:
            raise self._fail(key, "a mapping of word -> place level")
        try:
            return {str(k): PlaceLevel(x) for k, x in v.items()}
        except ValueError:
            raise self._fail(key, "a mapping of word -> place level") from None

    def word_map(self, key: str) -> dict[str, str]:
        v = self.rule.params.get(key)
        if not isinstance(v, dict) or not v or not all(isinstance(k, str) and isinstance(x, str) for k, x in v.items()):
            raise self._fail(key, "a mapping of word -> word")
        return dict(v)

    def alt(self, key: str) -> str:
        """The words as one regex alternation, in the order written (the first that matches wins)."""
        return _alternation(self.words(key))


@lru_cache(maxsize=512)
def _alternation(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _longest_first(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))


def known_facts(ctx: Context) -> list[Fact]:
    """Every fact the relation kinds that ran before found on this article (all relations)."""
    facts: list[Fact] = ctx.cache.setdefault(KNOWN, [])
    return facts


Compute = Callable[[Context, Params, list[Fact]], list[Fact]]


def _run(ctx: Context, rule: Rule, kind: str, compute: Compute) -> list[Candidate]:
    """The kind's facts on the article (computed once per parameter set), as the rule's candidates."""
    params = derived(rule, "params-json", lambda: json.dumps(rule.params, sort_keys=True, ensure_ascii=False,
                                                             default=str))
    key = f"kind:{kind}:{params}"
    facts: list[Fact] | None = ctx.cache.get(key)
    if facts is None:
        known = known_facts(ctx)
        facts = compute(ctx, Params(rule), list(known))
        ctx.cache[key] = facts
        known.extend(facts)
    return [from_fact(ctx, f, rule.name, (f"derived:{f.derived}",) if f.derived else ())
            for f in facts if f.predicate is rule.relation]


def _register(name: str, stage: int) -> Callable[[Compute], Compute]:
    """Register ``compute`` as the rule kind ``name`` (run at ``stage``)."""
    def deco(compute: Compute) -> Compute:
        def kind(ctx: Context, rule: Rule) -> list[Candidate]:
            return _run(ctx, rule, name, compute)
        kind.__doc__ = compute.__doc__
        kind.__name__ = compute.__name__
        rule_kind(name, stage=stage)(kind)
        return compute
    return deco


# --------------------------------------------------------------------------- shared helpers


def _ending_at(ctx: Context, pos: int, labels: tuple[str, ...]) -> Cand | None:
    best = None
    for c in ctx.ending_at(pos):
        if c.label in labels and (best is None or c.start < best.start):
            best = c
    return best


def _in_focus(ctx: Context, label: str, fits: Callable[[Draft], bool], pos: int, kind: str) -> str | None:
    """The entity that ``fits`` named last (as a ``label`` mention) before ``pos``, else the only one of the
    article. ``kind`` names the test ``fits`` makes (a level, a name's ending): the mentions that pass it, and the
    article's only entity that does, are found once per article and kind, and each call is a bisection (a walk
    back over the mentions for each call was quadratic where no mention fits: an article with no place of the
    level asked for)."""
    name = f"focus:{label}:{kind}"
    labelled = ctx.labelled(label)
    table = ctx.cache.get(name)
    if table is None:
        fitting = [(i, k) for i, c in enumerate(labelled.cands) if (k := ctx.key(c)) and fits(ctx.draft(k))]
        every = {k for k, d in ctx.resolution.drafts.items() if fits(d)}
        table = ctx.cache[name] = (
            [i for i, _ in fitting], [k for _, k in fitting], next(iter(every)) if len(every) == 1 else None)
    indices, keys, only = table
    if labelled.starts is None:   # (mentions out of order: the ones starting before pos, walked back)
        for c in reversed(ctx.between(label, 0, pos)):
            k = ctx.key(c)
            if k and fits(ctx.draft(k)):
                return k
        return only
    # the mentions starting before pos are the first ``before`` of the label's, in order: the last that fits
    before = bisect_left(labelled.starts, pos)
    j = bisect_left(indices, before)
    return keys[j - 1] if j else only


def _place_in_focus(ctx: Context, level: PlaceLevel, pos: int) -> str | None:
    """The place of that level named last before ``pos`` (else the only one in the article)."""
    return _in_focus(ctx, "PLACE", lambda d: d.type is EntityType.PLACE and d.level is level, pos, level.value)


def _unit_in_focus(ctx: Context, ending: str, pos: int) -> str | None:
    """The unit whose name ends with ``ending`` (院, 局) named last before ``pos`` (else the only one in the
    article); never a team or temporary branch joined on duty."""
    return _in_focus(ctx, "ORG", lambda d: d.type is EntityType.ORGANIZATION and d.name.endswith(ending)
                     and d.kind not in JOINED_ON_DUTY, pos, ending)


def _clause_bounds(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause around ``pos`` within ``[lo, hi)``: from after the last clause break before ``pos`` (else ``lo``)
    to the first break at or after it (else ``hi``); ``pos`` itself when it lies outside the range."""
    breaks = _clause_breaks(text)
    s = e = pos
    if pos > lo:
        k = bisect_left(breaks, pos) - 1
        s = breaks[k] + 1 if k >= 0 and breaks[k] >= lo else lo
    if pos < hi:
        k = bisect_left(breaks, pos)
        e = breaks[k] if k < len(breaks) and breaks[k] < hi else hi
    return s, e


@lru_cache(maxsize=8)
def _clause_breaks(text: str) -> tuple[int, ...]:
    """Where a clause break (``_CLAUSE``) is written, once per text."""
    return tuple(m.start() for m in _CLAUSE.finditer(text))


_MODIFIER_REACH = 6                            # characters of a modifier between a cue and its place
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _destination(ctx: Context, pos: int) -> list[Cand]:
    """The places written right after a cue (or after a short modifier closed by 的: 赴包保的某社区): the
    innermost of each nested chain (武侯区玉林街道黄门街社区 -> 黄门街社区), for every item of a list
    (甲村、乙社区；丙镇丁村)."""
    text = ctx.text
    while pos < len(text) and text[pos] in "了到至在于 ":
        pos += 1
    places = _longest_place_at(ctx)
    if pos not in places:
        # 赴包保的某社区, 前往附近的某村: a short modifier closed by 的 before the place
        de = text.find("的", pos, pos + _MODIFIER_REACH + 1)
        if de > pos and de + 1 in places and _HAN_RUN.fullmatch(text, pos, de):
            pos = de + 1
    out: list[Cand] = []
    while pos in places:
        last = _chain_end(places, places[pos])
        # 某区的甲小区: a division, 的, then a place inside it is one written chain
        while text[last.end:last.end + 1] == "的" and last.end + 1 in places \
                and _finer(ctx, places[last.end + 1], last):
            last = _chain_end(places, places[last.end + 1])
        out.append(last)
        pos = last.end
        if pos < len(text) and text[pos] in "、和及与；;" and pos + 1 in places:
            pos += 1
    return out


def _longest_place_at(ctx: Context) -> dict[int, Cand]:
    """The longest place mention starting at each position (the first of equal ones; once per article)."""
    held: dict[int, Cand] | None = ctx.cache.get(_PLACE_AT)
    if held is None:
        held = ctx.cache[_PLACE_AT] = {}
        for c in ctx.labelled("PLACE").cands:
            # a checkpoint named after a village starts with it: the checkpoint is the innermost place
            if c.start not in held or c.end > held[c.start].end:
                held[c.start] = c
    return held


def _finer(ctx: Context, a: Cand, b: Cand) -> bool:
    """Place mention ``a`` is of a lower administrative level than ``b`` (both levels known)."""
    ka, kb = ctx.key(a), ctx.key(b)
    la = ctx.draft(ka).level if ka else None
    lb = ctx.draft(kb).level if kb else None
    return la is not None and lb is not None and level_rank(la) > level_rank(lb)


def _chain_end(places: dict[int, Cand], place: Cand) -> Cand:
    """The innermost place of a written chain (某市某区某街道): follow the places that start where one ends."""
    while place.end in places:
        place = places[place.end]
    return place


@dataclass(frozen=True, slots=True)
class CueStarts:
    """Where a list of cues is written in the article."""

    cues: list[tuple[str, list[int]]]   # each cue the text holds, in the list's order, with its starts
    every: list[int]                    # all those starts, ascending

    def within(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """The cues written in [lo, hi), earlier cues first where two overlap, in text order."""
        k = bisect_left(self.every, lo)
        if k == len(self.every) or self.every[k] >= hi:
            return []   # no cue starts there (most sentences)
        found: list[tuple[int, int, str]] = []
        ends: dict[int, int] = {}   # the end of the cue kept at each start
        longest = max(len(cue) for cue, _ in self.cues)
        for cue, starts in self.cues:
            n = len(cue)
            for i in starts[bisect_left(starts, lo):bisect_right(starts, hi - n)]:
                # a kept cue over i starts fewer than `longest` characters before it: a look at those starts, not a
                # pass over every cue kept (quadratic in a sentence of many cues)
                if not any(ends.get(a, -1) > i for a in range(i - longest + 1, i + 1)):
                    ends[i] = i + n
                    found.append((i, i + n, cue))
        return sorted(found)


def _cue_starts(ctx: Context, cues: tuple[str, ...]) -> CueStarts:
    """Every start of each cue (overlapping ones too), found once per article and cue list."""
    by_cues: dict[tuple[str, ...], CueStarts] = ctx.cache.setdefault(_CUE_STARTS, {})
    held = by_cues.get(cues)
    if held is None:
        found = [(cue, list(starts)) for cue in cues if (starts := starts_of(ctx.text, cue))]
        held = by_cues[cues] = CueStarts(found, sorted(i for _, starts in found for i in starts))
    return held


def _found_at(ctx: Context, pattern: re.Pattern[str], lo: int, hi: int) -> int | None:
    """Where ``pattern.search(ctx.text, lo, hi)`` finds its match (None where it finds none), for a pattern of
    words and bounded repeats that matches no empty text (no anchors, no lookaround): among the starts of its
    matches in the whole text, the first from ``lo`` whose match can end by ``hi``. A search over the clause
    before every cue is quadratic in a long clause of cues; only the last few starts before ``hi`` can fail."""
    text = ctx.text
    starts = _match_starts(ctx, pattern)
    k = bisect_left(starts, lo)
    while k < len(starts) and starts[k] < hi:
        if pattern.match(text, starts[k], hi):
            return starts[k]
        k += 1
    return None


def _match_starts(ctx: Context, pattern: re.Pattern[str]) -> list[int]:
    """Every start of a match of ``pattern`` in the article, overlapping ones too (once per article and pattern:
    the pattern as a lookahead matches empty at each)."""
    by_pattern: dict[str, list[int]] = ctx.cache.setdefault(_MATCH_STARTS, {})
    held = by_pattern.get(pattern.pattern)
    if held is None:
        ahead = _compiled(f"(?={pattern.pattern})")
        held = by_pattern[pattern.pattern] = [m.start() for m in ahead.finditer(ctx.text)]
    return held


def _triggers(ctx: Context, cues: tuple[str, ...], lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The cues written in [lo, hi), earlier cues first where two overlap, in text order."""
    return _cue_starts(ctx, cues).within(lo, hi)


def _date_near(ctx: Context, lo: int, pos: int, prev: PartialDate | None) -> PartialDate | None:
    dates = ctx.between("DATE", lo, pos)
    resolved = prev
    for d in dates:
        # each date of the sentence anchors the next (11月20日 … 已于19日晚抵达)
        resolved = resolve_date(d.text, published=ctx.article.published, previous=resolved) or resolved
    return resolved if dates else None


def _temporary_branches(ctx: Context) -> list[str]:
    return sorted({k for k, d in ctx.resolution.drafts.items()
                   if d.type is EntityType.ORGANIZATION and d.kind is OrgKind.TEMPORARY_BRANCH})


def _apposed_subjects(ctx: Context, lo: int, hi: int) -> list[Cand]:
    """Persons that open the clause [lo, hi), possibly after their unit, post or role."""
    out = []
    pos = lo
    labels = ("ORG", "PLACE", "POST", "PERSON")
    spans = sorted((c for c in ctx.cands if lo <= c.start < hi and c.label in labels), key=lambda c: c.start)
    for c in spans:
        gap = ctx.text[pos:c.start]
        for r in ctx.res.lexicons.roles:
            gap = gap.replace(r, "")
        if gap.strip(_JOINERS + "和及与") != "":
            break
        if c.label == "PERSON":
            out.append(c)
        pos = max(pos, c.end)
    return out


def _subject_run(text: str, persons: list[Cand], clause_start: int, roles: tuple[str, ...]) -> list[Cand]:
    """Persons opening a clause (after role words), and those enumerated with them."""
    persons = sorted(persons, key=lambda c: c.start)
    out: list[Cand] = []
    pos = clause_start
    for p in persons:
        gap = text[pos:p.start]
        for r in roles:
            gap = gap.replace(r, "")
        if gap.strip(_JOINERS + "和及与") == "":
            out.append(p)
            pos = p.end
        else:
            break
    return out


def _enumerated_after(ctx: Context, pos: int) -> list[Cand]:
    """Persons listed from ``pos`` on (each possibly after a unit and post), up to the clause end."""
    _s, end = _clause_bounds(ctx.text, pos, pos, len(ctx.text))
    return sorted(ctx.between("PERSON", pos, end), key=lambda c: c.start)


def _clause_initial_place(ctx: Context, lo: int, hi: int) -> str | None:
    """The place (or 我区-style deixis) that opens a clause in [lo, hi)."""
    openings = _clause_openings(ctx)
    if lo in openings.places:
        i = lo
    else:
        k = bisect_right(openings.starts, lo)
        i = openings.starts[k] if k < len(openings.starts) else hi
    return openings.key_at(ctx, i) if i < hi else None


@dataclass(frozen=True, slots=True)
class ClauseOpenings:
    """The places (and resolved 我区-style deixis) of the article by start, and those written right after a
    clause break: what each cue's clause-opening place is found among by bisection, not a walk over the
    characters before the cue (quadratic in a long sentence of cues)."""

    places: dict[int, Cand]         # the place or deixis at each start (the last of equal starts)
    starts: list[int]               # the starts right after a clause break, ascending
    keys: dict[int, str | None]     # the entity of the chain written from each start asked about

    def key_at(self, ctx: Context, i: int) -> str | None:
        """The entity of the innermost place of the chain written from ``i`` (once per start)."""
        if i not in self.keys:
            self.keys[i] = ctx.key(_chain_end(self.places, self.places[i]))
        return self.keys[i]


def _clause_openings(ctx: Context) -> ClauseOpenings:
    held: ClauseOpenings | None = ctx.cache.get(_OPENINGS)
    if held is None:
        places = {c.start: c for c in ctx.cands if c.label == "PLACE" or (c.label == "DEIXIS" and ctx.key(c))}
        starts = sorted(i for i in places if i > 0 and _CLAUSE.match(ctx.text[i - 1]))
        held = ctx.cache[_OPENINGS] = ClauseOpenings(places, starts, {})
    return held


def _within(ctx: Context, inner: str, outer: str) -> bool:
    a, b = ctx.draft(inner), ctx.draft(outer)
    return len(a.path) > len(b.path) and a.path[: len(b.path)] == b.path and bool(b.path)


def _appoint_regex(p: Params) -> re.Pattern[str]:
    """``(同志)?(adverb)?(verb)``: 甲同志主动担任… / 乙兼任…"""
    return _compiled(f"(?:{re.escape(p.word('honorific'))})?{p.alt('adverbs')}?{p.alt('verbs')}")


# --------------------------------------------------------------------------- appositions (stage 0)


def _bracketed_unit(ctx: Context, pos: int) -> Cand | None:
    """``陈某（区卫健局）`` / ``陈某（区卫健局局长）``: the unit in brackets right after a name."""
    if pos >= len(ctx.text) or ctx.text[pos] not in "（(":
        return None
    unit = ctx.first_at("ORG", pos + 1)
    if unit is None:
        return None
    end = unit.end
    post = ctx.first_at("POST", end)
    if post is not None:
        end = post.end
    return unit if end < len(ctx.text) and ctx.text[end] in "）)" else None


def _bracketed_post(ctx: Context, pos: int) -> Cand | None:
    unit = _bracketed_unit(ctx, pos)
    if unit is None:
        return None
    return ctx.first_at("POST", unit.end)


def _party_body(ctx: Context, u: Cand, body_units: tuple[str, ...]) -> tuple[str, str] | None:
    """The body a party unit belongs to (某局 of 某局党组) and the party unit's word (党组)."""
    ukey = ctx.key(u) if u.label == "ORG" else None
    parent = ctx.draft(ukey).parent if ukey else None
    if not parent or parent not in ctx.resolution.drafts:
        return None
    word = next((w for w in body_units if u.text.endswith(w)), None)
    return (parent, word) if word else None


def _whole_post(ctx: Context, p: Params, u: Cand, gap: str, post: Cand) -> str:
    """The post kept whole: the unit written right before it from its generic part on, then the post
    (某某街道党工委|副书记 -> 街道党工委副书记, 区委组织部|部长 -> 区委组织部部长, 某区卫健局|副局长 ->
    卫健局副局长). The generic part drops the places the unit's name opens with, keeping the level word
    of the last when the rest is that place's own body (街道党工委). A rank (一级科员) is whole alone;
    a place is no body whose post this is."""
    if u.label != "ORG" or post.text.startswith(p.words("rank_marks")):
        return post.text
    pos, last = u.start, None
    while True:
        inside = [c for c in ctx.between("PLACE", pos, pos + 1) if c.end < u.end]
        if not inside:
            break
        last = max(inside, key=lambda c: c.end)
        pos = last.end
    rest = ctx.text[pos:u.end]
    if last is not None and rest.startswith(p.words("place_bodies")):
        rest = next((w for w in p.words("place_level_words") if last.text.endswith(w)), "") + rest
    return rest + gap + post.text


@_register("apposition-chain", stage=0)
def appositions(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``单位 + 职务 + 姓名`` chains: memberOf every unit, jobTitle every post; ``姓名（单位职务）``;
    a post headed by a level word (社区书记X) is of the place of that level in focus; a village's
    stationed post (某村驻村第一书记X) is a deployment there."""
    facts: list[Fact] = []
    roles = ctx.res.lexicons.roles
    party_gap, body_units = p.words("party_gap"), p.words("party_body_units")
    level_words = p.level_words("level_words")
    unit_levels = p.levels("unit_place_levels")
    repeat = p.word("branch_head")
    stationed_marks, stationed_posts = p.words("stationed_post_marks"), p.words("stationed_posts")
    joiners = p.words("list_joiners")
    honorifics = p.words("name_honorifics")
    staff_roles = set(p.words("staff_roles"))
    unit_heads = p.word_map("unit_heads")
    units_of: dict[int, list[str]] = {}     # a person mention's start -> the units of its own chain
    persons = sorted((c for c in ctx.cands if c.label == "PERSON"), key=lambda c: c.start)
    for person in persons:
        pkey = ctx.key(person)
        if pkey is None:
            continue
        pos = person.start
        posts: list[Cand] = []
        units: list[Cand] = []
        party_prefix: dict[int, str] = {}
        staff = False   # 某社区工作人员X: a staff role makes the place before it the person's unit
        while pos > 0:
            c = _ending_at(ctx, pos, ("POST",))
            if c is None and ctx.text[pos - 1] in "”’」":
                # 某村“第一书记”X: a quoted post
                q = _ending_at(ctx, pos - 1, ("POST",))
                if q is not None and ctx.text[q.start - 1:q.start] in ("“", "‘", "「"):
                    posts.append(q)
                    pos = q.start - 1
                    continue
            if c is not None:
                posts.append(c)
                pos = c.start
                continue
            c = _ending_at(ctx, pos, ("ORG", "PLACE"))
            gap = next((g for g in party_gap if ctx.text.startswith(g, pos - len(g))), None)
            if gap is None and ctx.text.startswith(repeat + repeat, pos - 2 * len(repeat)):
                gap = repeat   # 某小区临时党支部|支部书记某某: the post repeats the branch's head
            if c is None and posts and gap is not None and not units:
                # 某局党建专职副书记X: a party-work word between the unit and the post
                c = _ending_at(ctx, pos - len(gap), ("ORG",))
                if c is not None:
                    party_prefix[c.start] = gap
            if c is not None and c.label == "PLACE" and any(u.label == "PLACE" for u in units):
                break   # 某区某镇党委副书记: the person belongs to the nearest division only
            if c is not None and c.label == "PLACE" and units and units[-1].label == "ORG" and units[-1].start == c.end:
                break   # 某镇|某村党总支|书记X: the division written before the unit says whose unit it is
            if c is not None and (posts or staff or c.label == "ORG"):
                units.append(c)
                pos = c.start
                continue
            role = next((r for r in roles if ctx.text.startswith(r, pos - len(r))), None)
            if role is not None and not posts and not units:
                pos -= len(role)
                staff = role in staff_roles
                continue
            if ctx.text[pos - 1] in "、" and posts and _ending_at(ctx, pos - 1, ("POST",)) is not None:
                pos -= 1
                continue
            break
        ev = ctx.evidence(person.start)
        # 陈某某（区卫健局） / 陈某某同志（区卫健局）: the unit in brackets after the name (and its honorific)
        bracket = person.end + next((len(h) for h in honorifics if ctx.text.startswith(h, person.end)), 0)
        after = _bracketed_unit(ctx, bracket)
        if after is not None and (ukey := ctx.key(after)):
            facts.append(Fact(pkey, Predicate.MEMBER_OF, ukey, ev, derived="bracketed-unit"))
            bpost = _bracketed_post(ctx, bracket)
            if bpost is not None:
                facts.append(Fact(pkey, Predicate.JOB_TITLE, _whole_post(ctx, p, after, "", bpost), ev,
                                  derived="bracketed-unit"))
        if posts and not units:
            level_word = next((w for w in level_words if ctx.text.startswith(w, pos - len(w))), None)
            own = next((w for w in level_words if posts[-1].text.startswith(w)
                        and len(posts[-1].text) > len(w)), None)
            if level_word is None and own is not None:
                # 社区工作者某某 / 社区网格员某某: a worker of the community in focus
                focus = _place_in_focus(ctx, level_words[own], person.start)
                if focus is not None:
                    facts.append(Fact(pkey, Predicate.MEMBER_OF, focus, ev, derived="apposition:level-word"))
            head = unit_heads.get(posts[-1].text)
            if level_word is None and own is None and head is not None:
                # 副院长某某 / 局长某某 with no unit written: the hospital or bureau the text is about
                unit = _unit_in_focus(ctx, head, person.start)
                if unit is not None:
                    facts.append(Fact(pkey, Predicate.MEMBER_OF, unit, ev, derived="apposition:unit-head"))
            focus = _place_in_focus(ctx, level_words[level_word], person.start) if level_word else None
            if focus is not None and level_word is not None:
                # 社区书记某某: the secretary of the community the article is about
                facts.append(Fact(pkey, Predicate.MEMBER_OF, focus, ev, derived="apposition:level-word"))
                facts.append(Fact(pkey, Predicate.JOB_TITLE, level_word + posts[-1].text, ev,
                                  derived="apposition"))
        if not posts and not units:
            continue
        units_of[person.start] = [k for k in (ctx.key(u) for u in units if u.label == "ORG") if k]
        whole: dict[int, str] = {}
        for u in units:
            gap = party_prefix.get(u.start, "")
            post_after = next((q for q in posts if q.start == u.end + len(gap)), None)
            if post_after is not None:
                whole[post_after.start] = _whole_post(ctx, p, u, gap, post_after)
        for post in posts:
            facts.append(Fact(pkey, Predicate.JOB_TITLE, whole.get(post.start, post.text), ev, derived="apposition"))
        for u in units:
            ukey = ctx.key(u)
            if ukey is None:
                continue
            if u.label == "PLACE" and u.level not in unit_levels and ctx.draft(ukey).level not in unit_levels:
                continue
            facts.append(Fact(pkey, Predicate.MEMBER_OF, ukey, ev, derived="apposition"))
            word = next((w for w in level_words if u.text.startswith(w)), None) if u.label == "ORG" else None
            if word is not None and u.text != ctx.draft(ukey).name:
                # 该社区党支部书记某某: the unit of the community in focus; a member of the community too
                focus = _place_in_focus(ctx, level_words[word], u.start)
                if focus is not None and ctx.draft(ukey).name.startswith(ctx.draft(focus).name):
                    facts.append(Fact(pkey, Predicate.MEMBER_OF, focus, ev, derived="apposition:level-word"))
            body, prefix = _party_body(ctx, u, body_units), party_prefix.get(u.start, "")
            post_at = u.end + len(prefix)
            if body is not None:
                # 某局党组副书记X / 某局机关党委专职副书记X: a member of the body; the post keeps the party unit
                prefix = body[1]
                post_at = u.end
                facts.append(Fact(pkey, Predicate.MEMBER_OF, body[0], ev, derived="apposition:party-body"))
            post_after = next((q for q in posts if q.start == post_at), None)
            if prefix and post_after is not None and post_after.start not in whole:
                facts.append(Fact(pkey, Predicate.JOB_TITLE, prefix + post_after.text, ev,
                                  derived="apposition:party-body"))
            if u.label == "PLACE" and any(any(m in q.text for m in stationed_marks) or q.text in stationed_posts
                                          for q in posts):
                # 某村驻村第一书记X: stationed in the village
                facts.append(Fact(pkey, Predicate.DEPLOYED_TO, ukey, ev, role=posts[0].text,
                                  derived="stationed-post"))
    # 区委组织部干部甲、乙、丙: names listed right after a chained name (nothing of their own between)
    # share its units
    by_end = {c.end: c for c in persons}
    for person in persons:
        prev = by_end.get(person.start - 1)
        pkey = ctx.key(person)
        if (prev is None or pkey is None or person.start in units_of or prev.start not in units_of
                or ctx.text[prev.end] not in joiners):
            continue
        units_of[person.start] = units_of[prev.start]
        ev = ctx.evidence(person.start)
        facts += [Fact(pkey, Predicate.MEMBER_OF, k, ev, derived="apposition:list") for k in units_of[prev.start]]
    return facts


# --------------------------------------------------------------------------- appointments (stage 0)


def _named_to_posts(ctx: Context, p: Params, branches: list[str]) -> list[Fact]:
    """``任命甲为书记，乙为组织委员``: each person named to a post (of the one branch)."""
    facts: list[Fact] = []
    persons = {c.end: c for c in ctx.cands if c.label == "PERSON"}
    posts = {c.start: c for c in ctx.cands if c.label == "POST"}
    branch_posts = p.words("branch_posts")
    links = _compiled(p.alt("naming_links"))
    for m in _compiled(p.alt("naming_verbs")).finditer(ctx.text):
        s, e = ctx.sentences[ctx.sentence_index(m.start())] if ctx.sentences else (0, len(ctx.text))
        for w in links.finditer(ctx.text[m.end():e]):
            at = m.end() + w.start()
            person, post = persons.get(at), posts.get(at + len(w.group(0)))
            if person is None or post is None or (pk := ctx.key(person)) is None:
                continue
            ev = ctx.evidence(m.start(), m.group(0))
            facts.append(Fact(pk, Predicate.JOB_TITLE, post.text, ev, derived="named-to-post"))
            if post.text in branch_posts and len(branches) == 1:
                facts.append(Fact(pk, Predicate.MEMBER_OF, branches[0], ev, derived="named-to-post"))
    return facts


@_register("appointment", stage=0)
def appointments(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``甲同志任临时党支部书记，乙、丙同志任副书记`` / ``任命甲为书记``: posts (and the unit) given
    by an appointing verb."""
    facts: list[Fact] = []
    by_end = {c.end: c for c in ctx.cands if c.label == "PERSON"}
    by_start = {c.start: c for c in ctx.cands if c.label in ("ORG", "POST")}
    last_unit: tuple[int, str] | None = None     # (sentence index, unit key)
    branches = _temporary_branches(ctx)
    branch_posts = p.words("branch_posts")
    repeat = p.word("branch_head")
    facts += _named_to_posts(ctx, p, branches)
    for m in _appoint_regex(p).finditer(ctx.text):
        people = []
        pos = m.start()
        while pos in by_end:
            people.append(by_end[pos])
            pos = by_end[pos].start
            if pos > 0 and ctx.text[pos - 1] == "、":
                pos -= 1
        if not people:
            continue
        nxt = by_start.get(m.end())
        unit = None
        if nxt is not None and nxt.label == "ORG":
            unit = ctx.key(nxt)
            if nxt.source == BARE and nxt.kind is OrgKind.TEMPORARY_BRANCH and len(branches) == 1:
                unit = branches[0]   # a bare 临时党支部: the one branch the article names
            # 临时党支部|支部书记: the post repeats the unit's head
            nxt = by_start.get(nxt.end) or by_start.get(
                nxt.end + len(repeat) if ctx.text.startswith(repeat, nxt.end) else -1)
        if nxt is None or nxt.label != "POST":
            continue
        si = ctx.sentence_index(m.start())
        if unit is not None:
            last_unit = (si, unit)
        elif last_unit is not None and last_unit[0] == si:
            unit = last_unit[1]
        elif nxt.text in branch_posts and len(branches) == 1:
            unit = branches[0]   # 某某担任联络员: a post of the one temporary branch the article names
        ev = ctx.evidence(m.start(), m.group(0))
        for person in people:
            pk = ctx.key(person)
            if pk is None:
                continue
            facts.append(Fact(pk, Predicate.JOB_TITLE, nxt.text, ev, derived="appointment"))
            if unit is not None:
                facts.append(Fact(pk, Predicate.MEMBER_OF, unit, ev, derived="appointment"))
    return facts


# --------------------------------------------------------------------------- deployments (stage 1)


def _formed_in(ctx: Context, bounds: tuple[int, int], forming: tuple[str, ...]) -> list[Cand]:
    ps, pe = bounds
    for c in ctx.between("ORG", ps, pe):
        head = ctx.text[max(0, c.start - 4):c.start].rstrip("“‘「")
        if any(head.endswith(v) for v in forming):   # 成立了“某某小组”: quoted name
            return [c]
    return []


def _sending_unit(ctx: Context, s: int, cs: int, ts: int, verbs: tuple[str, ...]) -> list[Cand]:
    """The unit that opens sentence [s, …) when a sending verb (选派, 抽调) stands between it and the cue
    clause starting at ``cs`` (or inside that clause, before the cue at ``ts``), with no person written
    in between: 某局选派干部…，前往某区 sends the unit's people there."""
    units = [c for c in ctx.between("ORG", s, cs) if ctx.key(c) is not None]
    if not units:
        return []
    unit = units[0]
    stretch, head = ctx.text[unit.end:ts], ctx.text[s:unit.start]
    if head.strip("“”‘’「」 \u3000") and not head.endswith("，"):
        return []   # the unit must open the sentence or a clause of it
    if not any(v in stretch for v in verbs):
        return []
    if ctx.between("PERSON", unit.end, ts):
        return []
    return [unit]


def _counted_senders(ctx: Context, lo: int, hi: int, levels: set[PlaceLevel], after: re.Pattern[str]) -> list[str]:
    """Places of clause [lo, hi) (the innermost of each written chain) of one of ``levels`` that a count of
    people (20名) or a sending verb (选派) follows: the places that sent people."""
    chains = _sender_chains(ctx, lo, after)
    chains.read_to(ctx, hi, after)
    out: list[str] = []
    for last, key, end in chains.counted:
        if last.start >= hi:
            break   # (a chain cut at hi ends at or after it: nothing follows it within the clause)
        if key in out or ctx.draft(key).level not in levels:
            continue
        # the match found in the whole text ends within the clause, else one may still end within it
        if end <= hi or after.match(ctx.text, last.end, hi):
            out.append(key)
    return out


@dataclass(slots=True)
class SenderChains:
    """The written chains of places from a clause start on (the innermost place of each), read once and only as
    far as asked, and those a match of the senders' pattern follows: each cue of a long clause asks about the
    clause before it, and reading it anew for each is quadratic (东山区支援石桥区、……). The chains read over the
    article's places are those read over the clause's: a chain the clause's end cuts ends at or after it."""

    places: dict[int, Cand]                 # the article's places by start (the last of equal starts)
    starts: list[int]                       # their starts, ascending
    next: int                               # the index in ``starts`` of the next start to read
    covered: int = -1                       # where the last chain read ends
    counted: list[tuple[Cand, str, int]] = field(default_factory=list)   # innermost place, entity, match end

    def read_to(self, ctx: Context, hi: int, after: re.Pattern[str]) -> None:
        """Read the chains that start before ``hi``."""
        while self.next < len(self.starts) and self.starts[self.next] < hi:
            start = self.starts[self.next]
            self.next += 1
            if start < self.covered:
                continue
            last = _chain_end(self.places, self.places[start])
            self.covered = last.end
            key = ctx.key(last)
            m = after.match(ctx.text, last.end)
            if key is not None and m:
                self.counted.append((last, key, m.end()))


def _sender_chains(ctx: Context, lo: int, after: re.Pattern[str]) -> SenderChains:
    """The chains read from ``lo`` for the pattern ``after`` (one reader per article, start and pattern)."""
    held: dict[tuple[str, int], SenderChains] = ctx.cache.setdefault(_SENDERS, {})
    chains = held.get((after.pattern, lo))
    if chains is None:
        places, starts = _places_by_start(ctx)
        chains = held[after.pattern, lo] = SenderChains(places, starts, bisect_left(starts, lo))
    return chains


def _places_by_start(ctx: Context) -> tuple[dict[int, Cand], list[int]]:
    """The place mentions by start (the last of equal starts) and their starts ascending, once per article."""
    held: tuple[dict[int, Cand], list[int]] | None = ctx.cache.get(_PLACE_STARTS)
    if held is None:
        places = {c.start: c for c in ctx.labelled("PLACE").cands}
        held = ctx.cache[_PLACE_STARTS] = (places, sorted(places))
    return held


def _framed_place(ctx: Context, lo: int, hi: int) -> str | None:
    """The innermost place of the nearest ``在 + places`` frame before ``hi`` in [lo, hi)."""
    starts, keys = _frames(ctx)
    k = bisect_left(starts, hi) - 1
    return keys[k] if k >= 0 and starts[k] >= lo else None


def _frames(ctx: Context) -> tuple[list[int], list[str | None]]:
    """Where a ``在 + places`` frame is written (ascending) and the entity of its first place, once per article:
    each presence cue with no place of its own looks back for one, and a walk back over its sentence from every
    cue is quadratic in a long sentence of cues (该队队员在村里值守，……)."""
    held: tuple[list[int], list[str | None]] | None = ctx.cache.get(_FRAMES)
    if held is None:
        starts: list[int] = []
        keys: list[str | None] = []
        for i in starts_of(ctx.text, "在"):
            chain = _destination(ctx, i + 1)
            if chain:
                starts.append(i)
                keys.append(ctx.key(chain[0]))
        held = ctx.cache[_FRAMES] = (starts, keys)
    return held


@_register("trigger-clause", stage=10)
def deployments(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """A motion cue (``params.triggers``: 下沉到, 抵达, 进驻 …) with the places written after it: the
    persons of the clause before the cue (else its units; else, for a subjectless clause, the
    subject of the clause before or after it, or the unit formed just before) went to each place.
    A unit that sent a team (``sent_team``) supports the place instead; a team sent somewhere takes
    its members there (``team_members``); 到某社区报到 is reporting for duty there."""
    facts: list[Fact] = []
    text = ctx.text
    # the unit a person was sent from: a unit they belong to, never a branch or team joined on duty
    member = {f.subject: f.object for f in known if f.predicate is Predicate.MEMBER_OF
              and f.object in ctx.resolution.drafts and ctx.draft(f.object).kind not in JOINED_ON_DUTY}
    roles = ctx.res.lexicons.roles
    cues = _longest_first(p.words("triggers"))
    back_to_post, presence = set(p.words("back_to_post")), set(p.words("presence"))
    noun_heads = tuple(p.words("presence_noun_heads"))
    forming = p.words("forming_verbs")
    sent_down = p.word("sent_down")
    sending_units = p.words("sending_unit_verbs")
    person_cues = set(p.words("person_cues"))
    sender_levels = {PlaceLevel(x) for x in p.words("sender_levels")}
    sender_after = _compiled(f"(?:的)?(?:[0-9０-９]{{1,5}}|[一二两三四五六七八九十百千]{{1,4}}){p.alt('count_units')}"
                             f"|(?:的)?{p.alt('sending_unit_verbs')}")
    visit = _compiled(p.alt("visit"))
    sent_team = _compiled(f"{p.alt('sent_team_verbs')}(?:的)?[^，。；]{{0,10}}?{p.alt('team_nouns')}")
    support_team = _compiled(f"{p.alt('support_team_verbs')}{p.alt('support_team_nouns')}")
    subjectless = _compiled(f"{p.alt('subjectless_openers')}?(?:于?{p.alt('subjectless_times')})?"
                            f"{p.alt('subjectless_particles')}?")
    prev_date: PartialDate | None = None
    lead: tuple[str, Evidence] | None = None   # 34名干部下沉到某社区: where the unnamed cadres went
    written = _cue_starts(ctx, cues)
    for s, e in ctx.sentences:
        last_presence = s     # where the last presence cue of the sentence ended
        for ts, te, cue in written.within(s, e):
            dests = [k for k in (ctx.key(d) for d in _destination(ctx, te)) if k is not None]
            if cue in back_to_post:
                # 返回某村 is going back to one's post; 返回武汉 (a city) is going home
                dests = [k for k in dests if level_rank(ctx.draft(k).level) >= 4]
            framed = False
            if cue in presence:
                if text.startswith(noun_heads, te):
                    continue   # 值班室, 执勤人员, 值守点: the cue heads a noun, no one is said to be there
                if not dests:
                    # 在某社区某卡口，……干部某某正在值守: the place framed by 在 earlier in the sentence, the nearest
                    frame = _framed_place(ctx, s, ts)
                    dests, framed = ([frame], True) if frame else ([], False)
                presence_start, last_presence = last_presence, te
            if not dests:
                continue
            dkey = dests[0]
            cs, ce = _clause_bounds(text, ts, s, e)
            # 甲老师在某小区执勤、乙老师在某小区执勤: the people after the last presence cue were at this frame
            narrowed = framed and presence_start > cs
            agents = ctx.between("PERSON", presence_start if narrowed else cs, ts)
            if not agents and narrowed:
                continue   # 某局干部甲在某卡口值守、驻守: no one new since the last presence cue, no one else goes
            if not agents:
                agents = [c for c in ctx.between("ORG", cs, ts) if c.end <= ts and ctx.key(c) is not None]
            if not agents and subjectless.fullmatch(text[cs:ts].strip()):
                # subjectless cue clause (抵达某村，张三、李四……): the subject opens the next clause
                if cs > s:
                    # 某局科员某某主动请缨，来到某社区: the subject of the clause before
                    ps, _pe = _clause_bounds(text, cs - 1, s, e)
                    agents = _apposed_subjects(ctx, ps, cs - 1)
                ns, ne = _clause_bounds(text, min(ce + 1, e), s, e) if ce < e else (e, e)
                opening = ctx.between("PERSON", ns, ne)
                agents = agents or _subject_run(text, opening, ns, roles)
                if not agents and cs > s:
                    # ……组成某某服务队，到达某社区: the unit formed in the clause before went there
                    agents = _formed_in(ctx, _clause_bounds(text, cs - 1, s, e), forming)
                    # 成立某某临时党支部，由6名党员组成，前往某街道: formed earlier in the sentence
                    agents = agents or _formed_in(ctx, (s, cs - 1), forming)
            if not agents and cs > s:
                # 某局按照部署，选派干部投身一线，前往某区: the unit opening the sentence sent its people
                agents = _sending_unit(ctx, s, cs, ts, sending_units)
            if cue in person_cues:
                agents = [a for a in agents if a.label == "PERSON"]   # 某医院支援某区: no deployment of the unit
            date = _date_near(ctx, s, ts, prev_date)
            if _found_at(ctx, visit, te, e) is not None:
                continue   # 来到某社区考察/慰问: a visit, not a deployment
            sent = _found_at(ctx, sent_team, cs, ts)
            senders = [a for a in agents if a.label == "ORG" and a.end <= sent] if sent is not None else []
            if sent is not None and senders and all(a.label == "ORG" for a in agents):
                # 某医院派出医疗队驰援某区: the unit that sent the team supports the place; it did not go
                for a in senders:
                    ak = ctx.key(a)
                    for dk in dests:
                        if ak:
                            facts.append(Fact(ak, Predicate.SUPPORTS, dk, ctx.evidence(ts, cue), derived="sent-team"))
                # the team itself, when named, did go
                agents = [a for a in agents if a.start >= sent]
                if not agents:
                    continue
            if not agents and _found_at(ctx, support_team, cs, ts) is not None:
                # 某市组建的144人支援队伍抵达某区: the place that sent the team supports the destination
                sender = _clause_initial_place(ctx, cs, ts)
                for dk in dests:
                    if sender and sender != dk and not _within(ctx, dk, sender):
                        facts.append(Fact(sender, Predicate.SUPPORTS, dk, ctx.evidence(ts, cue),
                                          derived="support-team"))
            if not agents:
                # 甲市20名、乙市10名核酸检测人员抵达丙市 / 甲省乙市选派的12名人员抵达丙市: the places that sent
                # the people support the destination
                for sender in _counted_senders(ctx, cs, ts, sender_levels, sender_after):
                    for dk in dests:
                        if sender != dk and not _within(ctx, dk, sender) and not _within(ctx, sender, dk):
                            facts.append(Fact(sender, Predicate.SUPPORTS, dk, ctx.evidence(ts, cue),
                                              derived="counted-sender"))
            if not agents and sent_down in cue and lead is None:
                lead = (dkey, ctx.evidence(ts, cue))
            for a in agents:
                akey = ctx.key(a)
                if akey is None:
                    continue
                role = next((r for r in roles if text.startswith(r, a.start - len(r))), None)
                for dk in dests:
                    if dk != akey:
                        facts.append(Fact(akey, Predicate.DEPLOYED_TO, dk, ctx.evidence(ts, cue), date=date,
                                          origin=member.get(akey), role=role))
        prev = ctx.between("DATE", s, e)
        if prev:
            prev_date = resolve_date(prev[-1].text, published=ctx.article.published,
                                     previous=prev_date) or prev_date
    facts += _reporting_in(ctx, p, {f.subject for f in facts})
    if lead is not None:
        # article-level: people introduced later as 下沉干部/下沉组 are the cadres the lead sent there
        placed = {f.subject for f in facts}
        for person in (c for c in ctx.cands if c.label == "PERSON"):
            key = ctx.key(person)
            if key is None or key in placed:
                continue
            j = person.start
            while j > 0 and text[j - 1] in "、":
                prior = [q for q in ctx.ending_at(j - 1) if q.label == "PERSON"]
                if not prior:
                    break
                j = prior[0].start
            role = next((r for r in roles if text.startswith(r, j - len(r))), None)
            if role is not None and sent_down in role:
                facts.append(Fact(key, Predicate.DEPLOYED_TO, lead[0], lead[1], role=role, derived="article-level"))
                placed.add(key)
    return facts + _team_members(ctx, p, facts, known)


def _team_members(ctx: Context, p: Params, deployed: list[Fact], known: list[Fact]) -> list[Fact]:
    """A team sent to a place takes its members there: members by apposition (某医疗队队员X),
    people singled out of the team (其中…), its leader (队长X) and people introduced as 队员 when
    the article sent exactly one team."""
    teams = {f.subject: f for f in deployed if f.subject.startswith("org:")
             and ctx.draft(f.subject).kind is OrgKind.TEAM}
    if not teams:
        return []
    out: list[Fact] = []
    placed = {f.subject for f in deployed}
    singled_out = p.word("singled_out")
    leader_posts = p.words("leader_posts")
    member_word = p.word("member_word")
    member_intro = _compiled(f"{re.escape(member_word)}{p.alt('member_links')}?[：:]?")
    for f in known:
        if f.predicate is Predicate.MEMBER_OF and f.object in teams and f.subject not in placed:
            t = teams[f.object]
            out.append(Fact(f.subject, Predicate.DEPLOYED_TO, t.object, f.evidence, date=t.date,
                            origin=t.origin, derived="team-member"))
            placed.add(f.subject)
    for t in teams.values():
        # 医疗队抵达武汉，其中某医院护士长某某……: people singled out of the team just sent
        if t.evidence is None:
            continue
        i = ctx.text.find(singled_out, t.evidence.start, t.evidence.end)
        if i >= 0:
            at = i + len(singled_out)
            for person in _apposed_subjects(ctx, at, _clause_bounds(ctx.text, at, i, t.evidence.end)[1]):
                key = ctx.key(person)
                if key and key not in placed:
                    out.append(Fact(key, Predicate.DEPLOYED_TO, t.object, t.evidence, date=t.date,
                                    derived="team-member"))
                    out.append(Fact(key, Predicate.MEMBER_OF, t.subject, t.evidence, derived="team-member"))
                    placed.add(key)
    if len({f.subject for f in teams.values()}) == 1:
        team = next(iter(teams.values()))
        leaders = [c for c in ctx.cands if c.label == "POST" and c.text in leader_posts
                   and _ending_at(ctx, c.start, ("ORG", "PLACE")) is None]
        for post in leaders:
            # 队长某某 / 领队、某医院副院长某某 with no unit written: the leader of the one team sent
            end = _clause_bounds(ctx.text, post.end, post.start, len(ctx.text))[1]
            chain = _apposed_subjects(ctx, post.end, end)
            leader = chain[0] if chain else None
            key = ctx.key(leader) if leader else None
            if leader is not None and key and key not in placed:
                ev = ctx.evidence(leader.start, post.text)
                out.append(Fact(key, Predicate.MEMBER_OF, team.subject, ev, derived="team-leader"))
                out.append(Fact(key, Predicate.DEPLOYED_TO, team.object, ev, date=team.date,
                                role=post.text, derived="team-member"))
                placed.add(key)
        for m in member_intro.finditer(ctx.text):
            for person in _enumerated_after(ctx, m.end()):
                key = ctx.key(person)
                if key and key not in placed:
                    ev = ctx.evidence(person.start, member_word)
                    out.append(Fact(key, Predicate.DEPLOYED_TO, team.object, ev, date=team.date,
                                    role=member_word, derived="team-member"))
                    out.append(Fact(key, Predicate.MEMBER_OF, team.subject, ev, derived="team-member"))
                    placed.add(key)
    return out


def _reporting_in(ctx: Context, p: Params, placed: set[str]) -> list[Fact]:
    """``某某带队到某社区报到`` / ``在某社区报到``: the agents of the clause report for duty there."""
    out: list[Fact] = []
    text = ctx.text
    report = p.word("report_for_duty")
    for place in (c for c in ctx.cands if c.label == "PLACE"):
        if not text.startswith(report, place.end) or place.start == 0 or text[place.start - 1] not in "到在":
            continue
        s = ctx.sentences[ctx.sentence_index(place.start)][0] if ctx.sentences else 0
        cs, _ce = _clause_bounds(text, place.start, s, place.end)
        pk = ctx.key(place)
        agents = [c for c in ctx.cands if c.label in ("PERSON", "ORG") and cs <= c.start < place.start
                  and c.end <= place.start - 1 and ctx.key(c)]
        persons = [a for a in agents if a.label == "PERSON"]
        for a in persons or agents:
            ak = ctx.key(a)
            if ak and pk and ak not in placed:
                out.append(Fact(ak, Predicate.DEPLOYED_TO, pk, ctx.evidence(place.start, report)))
    return out


# --------------------------------------------------------------------------- formed units (stage 20)


def _org_kinds(p: Params, key: str) -> frozenset[OrgKind]:
    def read() -> frozenset[OrgKind]:
        try:
            return frozenset(OrgKind(k) for k in p.words(key))
        except ValueError:
            raise p._fail(key, f"a list of unit kinds ({', '.join(k.value for k in OrgKind)})") from None
    return derived(p.rule, ("org_kinds", key), read)


@_register("formed-unit", stage=20)
def formed_units(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``张三、李四等10人……便成立临时党支部``: the people are members of the unit formed; it sits at
    the place they were deployed to (or where it went, or the place named before it); a temporary
    branch named after its place (某村临时党支部) sits there."""
    facts: list[Fact] = []
    deployed = {(f.subject, f.evidence.start if f.evidence else -1): f.object
                for f in known if f.predicate is Predicate.DEPLOYED_TO}
    places = {c.start: c for c in ctx.cands if c.label == "PLACE"}
    trigger = p.word("trigger")
    named_rank, before_rank = p.number("named_after_min_rank"), p.number("place_before_min_rank")
    not_formed = p.words("not_formed_before")
    # a command, team or branch formed right here and named after its place (成立某村疫情防控领导小组) sits there too
    formed_kinds = _org_kinds(p, "formed_kinds") if "formed_kinds" in p.rule.params else frozenset()
    forming = tuple(sorted(p.words("forming_verbs"), key=len, reverse=True)) if formed_kinds else ()
    named = (c for c in ctx.cands
             if c.label == "ORG" and not c.generic and (c.kind is OrgKind.TEMPORARY_BRANCH or (
                 c.kind in formed_kinds and ctx.text.endswith(forming, max(0, c.start - 6), c.start))))
    for o in named:
        # 某村临时党支部 named after its place: it sits there (the innermost place of the name)
        chain = _destination(ctx, o.start) if o.start in places else []
        okey = ctx.key(o)
        if chain and okey and chain[-1].end < o.end:
            pk = ctx.key(chain[-1])
            if pk and level_rank(ctx.draft(pk).level) >= named_rank:
                facts.append(Fact(okey, Predicate.LOCATED_IN, pk, ctx.evidence(o.start), derived="named-after"))
    # the people and places of a formed unit are read between the previous unit formed in its sentence (or the
    # sentence's start) and it, by bisection: 甲、乙成立某支部，丙、丁成立某支部 gives each its own members
    own_place: dict[str, str] = {}
    for f in known:
        if f.predicate is Predicate.DEPLOYED_TO:
            own_place.setdefault(f.subject, f.object)
    previous = (-1, -1)   # (sentence, end) of the last unit formed
    for o in sorted((c for c in ctx.cands if c.label == "ORG" and c.generic and c.source != BARE),
                    key=lambda c: c.start):
        okey = ctx.key(o)
        if okey is None:
            continue
        si = ctx.sentence_index(o.start)
        s, _e = ctx.sentences[si]
        lower = max(s, previous[1]) if previous[0] == si else s
        previous = (si, o.end)
        members = ctx.between("PERSON", lower, o.start)
        if any(ctx.text.startswith(w, o.end) for w in not_formed):
            members = []   # 宣读了成立临时党支部的批复: the unit is named, not formed by the people before
        ev = ctx.evidence(o.start, trigger)
        where = None
        for m in members:
            mk = ctx.key(m)
            if mk and (mk, s) in deployed:
                where = deployed[(mk, s)]
        if where is None and okey in own_place:
            where = own_place[okey]   # 组成临时党支部，进驻某社区: the unit itself went there
        if where is None:
            for c in ctx.labelled("PLACE").back(lower, o.start):
                ck = ctx.key(c)
                if ck and level_rank(ctx.draft(ck).level) >= before_rank:
                    where = ck
                    break
        for m in members:
            mk = ctx.key(m)
            if mk:
                facts.append(Fact(mk, Predicate.MEMBER_OF, okey, ev, derived="formed-branch"))
        if where is not None:
            facts.append(Fact(okey, Predicate.LOCATED_IN, where, ev, derived="formed-at"))
    return facts


# --------------------------------------------------------------------------- stationed people (stages 30-40)
# Deployments and memberships stated without a motion cue. Each kind reads the facts found before it
# (``known``); a person already placed by an earlier kind is not placed again where that matters.


def _placed(known: list[Fact]) -> set[str]:
    return {f.subject for f in known if f.predicate is Predicate.DEPLOYED_TO}


def _post_there(ctx: Context, p: Params, pos: int) -> Cand | None:
    """到某村担任第一书记 / 到某村，担任驻村第一书记: the post held at the destination ending at ``pos``."""
    appointed = _compiled(f"[，,]?{p.alt('post_verbs')}").match(ctx.text, pos)
    return next((c for c in ctx.cands if c.label == "POST" and appointed and c.start == appointed.end()), None)


def _sender(ctx: Context, pos: int) -> str | None:
    """The unit written last in the clause before a sending verb at ``pos`` (县卫健局选派…): the unit
    the people were sent from, unless it is a branch or team joined on duty."""
    s, e = ctx.sentences[ctx.sentence_index(pos)] if ctx.sentences else (0, len(ctx.text))
    cs, _ce = _clause_bounds(ctx.text, pos, s, e)
    units = [k for k in (ctx.key(c) for c in ctx.cands if c.label == "ORG" and cs <= c.start and c.end <= pos)
             if k is not None]
    return units[-1] if units and ctx.draft(units[-1]).kind not in JOINED_ON_DUTY else None


@_register("sending-verb", stage=30)
def sent_people(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``县委选派机关干部某某到某村(担任第一书记)``: the people named between the sending verb and the
    destination go there (the sender stays) and hold the post written after it."""
    out: list[Fact] = []
    lo, hi = p.number("min_gap"), p.number("max_gap")
    sending = _compiled(f"{p.alt('verbs')}(?P<who>[^，。；;！？]{{{lo},{hi}}}?){p.alt('to')}")
    for m in sending.finditer(ctx.text):
        chain = _destination(ctx, m.end())
        dests = [k for k in (ctx.key(d) for d in chain) if k]
        if not dests:
            continue
        people = [c for c in ctx.cands if c.label == "PERSON"
                  and m.start("who") <= c.start and c.end <= m.end("who")]
        ev = ctx.evidence(m.start(), m.group(0)[: m.start("who") - m.start()])
        post = _post_there(ctx, p, max(d.end for d in chain))
        sender = _sender(ctx, m.start())
        for person in people:
            pk = ctx.key(person)
            if pk is None:
                continue
            for dk in dests:
                out.append(Fact(pk, Predicate.DEPLOYED_TO, dk, ev, origin=sender, role=post.text if post else None,
                                derived="sent"))
            if post is not None:
                out.append(Fact(pk, Predicate.JOB_TITLE, post.text, ev, derived="sent"))
    return out


@_register("posted-subject", stage=31)
def posted_subject(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``某办副主任X，某年被派驻到某村担任驻村第一书记``: the person named before the passive
    sending verb in the sentence goes to the place and holds the post there."""
    out: list[Fact] = []
    placed = _placed(known)
    posted = _compiled(f"{re.escape(p.word('passive'))}{p.alt('verbs')}{p.alt('to')}")
    negations = p.words("negations")
    for m in posted.finditer(ctx.text):
        if any(ctx.text.endswith(n, 0, m.start()) for n in negations):
            continue   # 不会被派到某村: no posting
        chain = _destination(ctx, m.end())
        dests = [k for k in (ctx.key(d) for d in chain) if k]
        if not dests:
            continue
        s = ctx.sentences[ctx.sentence_index(m.start())][0] if ctx.sentences else 0
        people = [c for c in ctx.cands if c.label == "PERSON" and s <= c.start and c.end <= m.start()]
        if not people or (pk := ctx.key(people[-1])) is None:
            continue
        post = _post_there(ctx, p, max(d.end for d in chain))
        ev = ctx.evidence(m.start(), m.group(0))
        for dk in dests if pk not in placed else ():   # already placed by a cue: only the post
            out.append(Fact(pk, Predicate.DEPLOYED_TO, dk, ev, role=post.text if post else None, derived="sent"))
        if post is not None:
            out.append(Fact(pk, Predicate.JOB_TITLE, post.text, ev, derived="sent"))
    return out


@_register("branch-post", stage=32)
def branch_posts(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``临时党支部支部书记X`` / ``成立某临时党支部，支部书记X``: with one temporary branch in the
    article, a branch post written without the branch's name is a post of that branch."""
    branches = _temporary_branches(ctx)
    if len(branches) != 1:
        return []
    head = p.word("branch_head")
    before_post = _compiled(f"(?:{p.alt('branch_words')}(?:{re.escape(head)})?|[，,、；;：:\\s]{re.escape(head)})$")
    had = {(f.subject, f.object) for f in known if f.predicate is Predicate.MEMBER_OF}
    posts = {c.end: c for c in ctx.cands if c.label == "POST"}
    out: list[Fact] = []
    for person in (c for c in ctx.cands if c.label == "PERSON"):
        post = posts.get(person.start)
        pk = ctx.key(person)
        if post is None or pk is None or (pk, branches[0]) in had:
            continue
        if not before_post.search(ctx.text, 0, post.start + (len(head) if post.text.startswith(head) else 0)):
            continue
        out.append(Fact(pk, Predicate.MEMBER_OF, branches[0], ctx.evidence(post.start, post.text),
                        derived="branch-post"))
        had.add((pk, branches[0]))
    return out


@_register("stationing-unit", stage=33)
def stationing_units(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``某局驻某社区工作组``: the unit (and its team named with the place) serve at the place; the people
    named after the team word (某局派驻某村驻村工作队员甲和乙) serve there too, members of the unit."""
    out: list[Fact] = []
    marks = _longest_first(p.words("marks"))
    team_words, member_words = _longest_first(p.words("team_words")), _longest_first(p.words("member_words"))
    team_leads = _longest_first(p.words("team_leads"))
    for u in (c for c in ctx.cands if c.label == "ORG"):
        mark = next((m for m in marks if ctx.text.startswith(m, u.end)), None)
        if mark is None:
            continue
        chain = _destination(ctx, u.end + len(mark))
        uk = ctx.key(u)
        if not chain or uk is None or (pk := ctx.key(chain[-1])) is None:
            continue
        ev = ctx.evidence(u.start, mark)
        out.append(Fact(uk, Predicate.DEPLOYED_TO, pk, ev, derived="stationed-unit"))
        team = next((c for c in ctx.between("ORG", u.start, u.start + 1) if c.end > chain[-1].end), None)
        if team is not None and (tk := ctx.key(team)) is not None and tk != uk:
            out.append(Fact(tk, Predicate.DEPLOYED_TO, pk, ev, derived="stationed-unit"))
        # 某局派驻某村驻村工作队员甲和乙: the people named after the team word serve there, sent by the unit
        for person in _stationed_people(ctx, chain[-1].end, team_leads, team_words, member_words):
            if (key := ctx.key(person)) is not None:
                out.append(Fact(key, Predicate.DEPLOYED_TO, pk, ev, derived="stationed-member"))
                out.append(Fact(key, Predicate.MEMBER_OF, uk, ev, derived="stationed-member"))
    return out


def _stationed_people(ctx: Context, pos: int, team_leads: tuple[str, ...], team_words: tuple[str, ...],
                      member_words: tuple[str, ...]) -> list[Cand]:
    """The persons written right after a stationed place, its team word (after one of ``team_leads``, if
    any: 某村乡村振兴工作队) and a member word (驻村工作队员甲、乙)."""
    text = ctx.text
    pos += len(next((w for w in team_leads if text.startswith(w, pos)), ""))
    team = next((w for w in team_words if text.startswith(w, pos)), None)
    if team is None:
        return []
    pos += len(team)
    member = next((w for w in member_words if text.startswith(w, pos)), None)
    if member is None:
        return []
    pos += len(member)
    s, e = ctx.sentences[ctx.sentence_index(pos)] if ctx.sentences else (0, len(text))
    return _apposed_subjects(ctx, pos, _clause_bounds(text, pos, s, e)[1])


@_register("village-post", stage=34)
def first_secretaries(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``某村驻村第一书记X`` / ``某村“第一书记”X`` / ``某局对口帮扶的某村的驻村第一书记X``: stationed
    in the village, a member of the unit that sent them."""
    out: list[Fact] = []
    text = ctx.text
    post_word = p.word("post")
    post_re = _compiled(f"{p.alt('post_prefixes')}?[“\"]?{re.escape(post_word)}[”\"]?$")
    links = _compiled(f"{p.alt('unit_links')}?(?:[^，。]{{0,12}})?")
    zone_link = p.word("zone_link")
    levels = p.levels("village_levels")
    for person in (c for c in ctx.cands if c.label == "PERSON"):
        pk = ctx.key(person)
        s = ctx.sentences[ctx.sentence_index(person.start)][0] if ctx.sentences else 0
        cs, _ce = _clause_bounds(text, person.start, s, person.end)
        # the post word ends right before the name or one quotation mark before it: looked for there first,
        # so a long clause is not searched once per person in it
        if text.find(post_word, max(cs, person.start - len(post_word) - 1), person.start) < 0:
            continue
        m = post_re.search(text, cs, person.start)
        if pk is None or m is None:
            continue
        villages = [c for c in ctx.cands if c.label == "PLACE" and cs <= c.start and c.end <= m.start()
                    and ctx.key(c) and ctx.draft(ctx.key(c) or "").level in levels]
        if not villages:
            continue
        village = villages[-1]
        vk = ctx.key(village)
        if vk is None:
            continue
        ev = ctx.evidence(person.start, post_word)
        out.append(Fact(pk, Predicate.JOB_TITLE, post_word, ev, derived="first-secretary"))
        out.append(Fact(pk, Predicate.DEPLOYED_TO, vk, ev, role=post_word, derived="first-secretary"))
        # the sending unit: 某局对口帮扶的某村 / 某局驻某村 / 某局派驻某村
        units = [c for c in ctx.cands if c.label == "ORG" and cs <= c.start and c.end <= village.start
                 and links.fullmatch(text[c.end:village.start]) is not None and ctx.key(c)]
        uk = ctx.key(units[-1]) if units else None
        if uk is None:
            # 某航空基地对口帮扶的某村: the zone's administrative committee (某航空基地管委会) sent them
            zone = next((c for c in ctx.cands if c.label == "PLACE" and cs <= c.start and c.end < village.start
                         and text.startswith(zone_link, c.end)), None)
            zkey = ctx.key(zone) if zone else None
            zname = ctx.draft(zkey).name if zkey else None
            uk = next((k for k, d in sorted(ctx.resolution.drafts.items()) if zname and d.type is
                       EntityType.ORGANIZATION and d.name.startswith(zname) and d.kind is OrgKind.GOVERNMENT), None)
        if uk:
            out.append(Fact(pk, Predicate.MEMBER_OF, uk, ev, derived="first-secretary"))
    return out


@_register("relative-clause", stage=11)
def relative_clauses(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``包保某村的县某局``, ``正在某村开展防控工作的某局副局长X``: a relative clause closed by 的, holding a
    cue (``params.cues``) and the places after it, names who went there: the persons right after 的 (after
    their unit and post), else the unit right after it. The words between the places and 的 (the clause's
    verb phrase) hold no stop, no name and none of ``params.not_between`` (在某社区居住的X: where X
    lives), nor open with one of ``params.not_opening`` (在武汉工作的X); a cue of ``params.needs_verb`` (在)
    needs such words (在某村的亲属: no clause); a cue right after
    a character of ``params.not_after`` ends another word (受到, 回到) and is none."""
    out: list[Fact] = []
    text = ctx.text
    cues = _longest_first(p.words("cues"))
    needs_verb = set(p.words("needs_verb"))
    not_between = p.words("not_between")
    not_after = p.words("not_after")
    not_opening = p.words("not_opening")
    reach = p.number("max_verb_phrase")
    for s, e in ctx.sentences or [(0, len(text))]:
        for ts, te, cue in _cue_starts(ctx, cues).within(s, e):
            if ts > s and text[ts - 1] in not_after:
                continue    # 受到某社区表彰, 回到某地过年: the cue's character ends another word
            dests = _destination(ctx, te)
            keys = [k for k in (ctx.key(d) for d in dests) if k is not None]
            if not keys:
                continue
            end = dests[-1].end
            de = text.find("的", end, min(e, end + reach + 1))
            if de < 0:
                continue
            phrase = text[end:de]
            if (cue in needs_verb and not phrase) or phrase.startswith(not_opening) or any(
                    ch in _STOPS for ch in phrase) or any(w in phrase for w in not_between) or ctx.between(
                    "PERSON", end, de) or ctx.between("ORG", end, de):
                continue
            _cs, ce = _clause_bounds(text, de + 1, s, e)
            agents = _apposed_subjects(ctx, de + 1, ce)
            if not agents:
                unit = ctx.first_at("ORG", de + 1)
                agents = [unit] if unit is not None else []
            ev = ctx.evidence(ts, cue)
            for a in agents:
                if (ak := ctx.key(a)) is not None:
                    out.extend(Fact(ak, Predicate.DEPLOYED_TO, k, ev, derived="relative-clause") for k in keys)
    return out


_STOPS = frozenset("，。；！？,;!?：:、\n（）()")


@_register("coming-from", stage=35)
def coming_from(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``来自某局的X`` / ``X是一名来自某医院的志愿者``: X is a member of the unit."""
    out: list[Fact] = []
    text = ctx.text
    cue = p.word("cue")
    copula = _compiled(f"{p.alt('copulas')}{p.alt('counters')}?$")
    links = ("", *p.words("person_links"))
    orgs = {c.start: c for c in ctx.cands if c.label == "ORG"}
    persons = sorted((c for c in ctx.cands if c.label == "PERSON"), key=lambda c: c.start)
    for m in _compiled(re.escape(cue)).finditer(text):
        unit = orgs.get(m.end())
        if unit is None or (uk := ctx.key(unit)) is None:
            continue
        after = text[unit.end:unit.end + 1]
        if after and after in "、和及与":
            continue   # 来自甲局、乙局的30名党员: several units, no one person
        s, e = ctx.sentences[ctx.sentence_index(m.start())] if ctx.sentences else (0, len(text))
        before = copula.search(text[max(s, m.start() - 4):m.start()])
        who: list[Cand] = []
        if before is not None:
            # X是一名来自某医院的志愿者: the person before the copula
            k = m.start() - len(before.group(0))
            who = [c for c in persons if c.end == k]
        elif after == "的":
            # 来自某局的X: the first person after 的 in the clause
            _cs, ce = _clause_bounds(text, unit.end, s, e)
            who = [c for c in persons if unit.end < c.start < ce][:1]
        elif after in _CLAUSE_END:
            # X来自某医院，…: the person written right before the cue (or before 同志, 也) says where they work
            who = [c for c in persons if c.end <= m.start() and text[c.end:m.start()] in links]
        ev = ctx.evidence(m.start(), cue)
        for person in who:
            if pk := ctx.key(person):
                out.append(Fact(pk, Predicate.MEMBER_OF, uk, ev, derived="coming-from"))
    return out


_TEAM_KINDS = (OrgKind.TEAM, OrgKind.TEMPORARY_BRANCH, OrgKind.PARTY_BRANCH, OrgKind.OTHER)
_CLAUSE_END = ("，", "。", "；", "！", ",", ";", "")


@_register("member-list", stage=36)
def team_lists(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``A担任组长，B、C等5名党员作为成员`` / ``成员包括B、C``, after a team was sent somewhere:
    the people are members of the team and go where it went (article-level reference)."""
    out: list[Fact] = []
    text = ctx.text
    placed = _placed(known)
    as_member = p.word("as_member")
    members_re = _compiled(f"{re.escape(as_member)}{p.alt('as_member_words')}|{p.alt('member_words')}"
                           f"{p.alt('links')}[：:]?")
    appoint = _appoint_regex(p)
    window = p.number("sentences_back")
    # the last deployment stated before (a unit's first, else anyone's: 甲带领工作队进驻某村)
    deployed = sorted((f for f in known if f.predicate is Predicate.DEPLOYED_TO and f.evidence is not None),
                      key=lambda f: (f.evidence.start if f.evidence else 0, not f.subject.startswith("org:")))
    sent = [f for f in deployed if f.subject.startswith("org:")] or deployed
    branches = _temporary_branches(ctx)
    for m in members_re.finditer(text):
        si = ctx.sentence_index(m.start())
        s, e = ctx.sentences[si] if ctx.sentences else (0, len(text))
        # a team sent in the last few sentences (members are listed soon after)
        before = [f for f in sent if f.evidence is not None and f.evidence.start <= s
                  and ctx.sentence_index(f.evidence.start) >= si - window]
        if not before and not branches:
            continue
        team = before[-1] if before else None
        cs, ce = _clause_bounds(text, m.start(), s, e)
        if m.group(0).startswith(as_member):
            people = [c for c in ctx.cands if c.label == "PERSON" and cs <= c.start < m.start()]
        else:
            people = _enumerated_after(ctx, m.end())
        # 甲担任组长/联络员/书记 in the same sentence: the lead of the same team
        for a in appoint.finditer(text, s, e):
            people += [c for c in ctx.cands if c.label == "PERSON" and c.end == a.start()]
        ev = ctx.evidence(m.start(), m.group(0))
        for person in people:
            pk = ctx.key(person)
            if pk is None:
                continue
            if team is not None:
                tkind = ctx.draft(team.subject).kind
                if team.subject.startswith("org:") and tkind in _TEAM_KINDS:
                    out.append(Fact(pk, Predicate.MEMBER_OF, team.subject, ev, derived="team-list"))
                if pk not in placed:
                    out.append(Fact(pk, Predicate.DEPLOYED_TO, team.object, ev, date=team.date, derived="team-list"))
            if len(branches) == 1:
                out.append(Fact(pk, Predicate.MEMBER_OF, branches[0], ev, derived="team-list"))
            for a in appoint.finditer(text, s, e):
                post = next((c for c in ctx.cands if c.label == "POST" and c.start == a.end()), None)
                if post is not None and person.end == a.start():
                    out.append(Fact(pk, Predicate.JOB_TITLE, post.text, ev, derived="team-list"))
    return out


@_register("sent-down-role", stage=37)
def sent_down_of_place(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``某社区的下沉党员志愿者X``: a cadre sent down to the place written before the role."""
    out: list[Fact] = []
    placed = _placed(known)
    marks = p.words("role_marks")
    places = {c.end: c for c in ctx.cands if c.label == "PLACE"}
    marked = [r for r in ctx.res.lexicons.roles if any(m in r for m in marks)]
    for person in ctx.labelled("PERSON").cands:
        role = next((r for r in marked if ctx.text.startswith(r, person.start - len(r))), None)
        pk = ctx.key(person)
        if role is None or pk is None or pk in placed:
            continue
        at = person.start - len(role)
        at -= 1 if ctx.text[at - 1:at] == "的" else 0
        place = places.get(at)
        if place is not None and (dk := ctx.key(place)) is not None:
            out.append(Fact(pk, Predicate.DEPLOYED_TO, dk, ctx.evidence(person.start, role), role=role,
                            derived="sent-down-of-place"))
    return out


@_register("copula-unit", stage=38)
def copula_unit(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``X是某小学老师`` / ``X是某局的干部``: X belongs to the unit after the copula (and to the
    sub-unit written after it, which holds the post)."""
    out: list[Fact] = []
    copula = _compiled(f"{p.alt('adverbs')}?(?P<copula>{p.alt('copulas')}){p.alt('counters')}?")
    staff = _compiled(f"的?{p.alt('counters')}?{p.alt('staff')}")
    orgs: dict[int, Cand] = {}
    for c in ctx.cands:
        if c.label == "ORG" and (c.start not in orgs or c.end > orgs[c.start].end):
            orgs[c.start] = c      # the longest unit at each start (某局驻村工作队, not its owner 某局)
    persons = sorted((c for c in ctx.cands if c.label == "PERSON"), key=lambda c: c.start)
    for i, person in enumerate(persons):
        m = copula.match(ctx.text, person.end)
        unit = orgs.get(m.end()) if m else None
        if m is None or unit is None or (pk := ctx.key(person)) is None or (uk := ctx.key(unit)) is None:
            continue
        units = [uk]
        while unit.end in orgs and (sk := ctx.key(orgs[unit.end])) is not None:
            unit = orgs[unit.end]   # 某区管委会|扶贫办副主任: the sub-unit holds the post, X is in both
            units.append(sk)
        tail = ctx.text[unit.end:unit.end + 8]
        post = next((c for c in ctx.cands if c.label == "POST" and c.start in (unit.end, unit.end + 1)), None)
        role = next((r for r in ctx.res.lexicons.roles if tail.lstrip("的").startswith(r)), None)
        if post is None and role is None and staff.match(tail) is None:
            continue   # 某某是某局牵头的……: not a statement of membership
        ev = ctx.evidence(person.start, m.group("copula"))
        # 甲和乙都是某队的队员: the persons listed right before the subject belong too
        members = [pk]
        j = i
        while j > 0 and ctx.text[persons[j - 1].end:persons[j].start] in ("和", "、", "与", "及"):
            j -= 1
            if (lk := ctx.key(persons[j])) is not None:
                members.append(lk)
        for k in units:
            out.extend(Fact(who, Predicate.MEMBER_OF, k, ev, derived="copula") for who in members)
        if post is not None:
            gap = ctx.text[unit.end:post.start]
            title = _whole_post(ctx, p, unit, gap, post) if gap in ("", "的") else post.text
            out.append(Fact(pk, Predicate.JOB_TITLE, title, ev, derived="copula"))
    return out


@_register("habitual-presence", stage=39)
def habitual_visits(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``志愿者X每天都会到某社区帮忙``: a repeated presence at the place is a deployment."""
    out: list[Fact] = []
    text = ctx.text
    placed = _placed(known)
    gap = p.number("max_gap")
    habit = _compiled(f"{p.alt('frequency')}[^。；;！？]{{0,{gap}}}?(?P<motion>{p.alt('motion')})")
    visit = _compiled(p.alt("visit"))
    for m in habit.finditer(text):
        dests = [d for d in _destination(ctx, m.end()) if ctx.key(d)]
        if not dests or visit.search(text, dests[-1].end, dests[-1].end + 6):
            continue
        s, e = ctx.sentences[ctx.sentence_index(m.start())] if ctx.sentences else (0, len(text))
        cs, _ce = _clause_bounds(text, m.end() - 1, s, e)
        # the people of the clause that goes there (每天早上，志愿者X都会到某社区): not a speaker before
        agents = [c for c in ctx.cands if c.label == "PERSON" and cs <= c.start and c.end <= m.end()]
        dk = ctx.key(dests[0])
        for a in agents:
            ak = ctx.key(a)
            if ak and dk and ak not in placed:
                out.append(Fact(ak, Predicate.DEPLOYED_TO, dk, ctx.evidence(m.start(), m.group("motion")),
                                derived="habitual"))
    return out


def _setting_clauses(ctx: Context, s: int, e: int, most: int) -> list[int]:
    """Where the clauses after ``s`` start, up to ``most`` of them, while the clauses before name no
    person or unit (a setting: 2月26日上午, 冬日的夜晚，气温零下二十度): a frame opening one of them
    still opens the sentence."""
    text = ctx.text
    out: list[int] = []
    pos = s
    while len(out) < most:
        _cs, ce = _clause_bounds(text, pos, s, e)
        if ce >= e or text[ce] not in "，,":
            break
        if ctx.between("PERSON", s, ce) or ctx.between("ORG", s, ce):
            break
        pos = ce + 1
        out.append(pos)
    return out


def _framing_place(ctx: Context, i: int, frame: str, suffixes: tuple[str, ...]) -> list[Cand]:
    """The places of an opening frame at ``i``: ``在某小区，`` or, with ``suffixes``, ``某社区某小区内，``
    (a written chain closed by 内/里 and the clause's end)."""
    text = ctx.text
    if text.startswith(frame, i):
        return _destination(ctx, i + len(frame))
    if not suffixes:
        return []
    chain = _destination(ctx, i)
    if not chain:
        return []
    end = chain[-1].end
    suffix = next((x for x in suffixes if text.startswith(x, end)), None)
    if suffix is None or not _CLAUSE.match(text[end + len(suffix):end + len(suffix) + 1] or "。"):
        return []
    return chain


def _staff_units(ctx: Context, ns: int, staff: tuple[str, ...]) -> list[Cand]:
    """``区某局工作人员`` / ``市某委、某报社党员干部`` opening a clause at ``ns``: the units whose staff serve."""
    units: list[Cand] = []
    pos = ns
    orgs = {c.start: c for c in ctx.cands if c.label == "ORG"}
    while pos in orgs:
        unit = orgs[pos]
        units.append(unit)
        pos = unit.end
        if ctx.text[pos:pos + 1] in ("、", "和", "及") and pos + 1 in orgs:
            pos += 1
            continue
        break
    return units if units and ctx.text.startswith(staff, units[-1].end) else []


@_register("opening-frame", stage=40)
def opening_frame(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``在某小区（某社区），X正……`` (or ``某社区某小区内，X正……`` with ``params.frame_suffix``): a
    sentence opened by a sub-town place frames the people who open its next clause (not a speaker, not
    the place's own staff), or the units whose staff open it."""
    out: list[Fact] = []
    text = ctx.text
    placed = _placed(known)
    frame = p.word("frame")
    suffixes = p.words("frame_suffix") if "frame_suffix" in p.rule.params else ()
    min_rank = p.number("min_rank")
    staff = p.words("staff")
    speech = _compiled(p.alt("speech"))
    for s, e in ctx.sentences:
        i = s
        opening = ctx.first_at("DATE", s)
        date_end = opening.end if opening is not None else None
        if date_end is not None:
            i = date_end + (1 if text[date_end:date_end + 1] in "，," else 0)
        chain = _framing_place(ctx, i, frame, suffixes)
        for j in () if chain else _setting_clauses(ctx, i, e, p.number("setting_clauses")):
            # 2月26日上午，在某社区某卡口，X正……: the frame opens the clause after a setting (time, weather)
            chain = _framing_place(ctx, j, frame, ()) if text.startswith(frame, j) else []
            if chain:
                i = j
                break
        if not chain:
            continue
        pk = ctx.key(chain[0])
        if pk is None or level_rank(ctx.draft(pk).level) < min_rank:
            continue
        _cs, ce = _clause_bounds(text, chain[-1].end, s, e)
        if ce >= e:
            continue
        ns, ne = _clause_bounds(text, ce + 1, s, e)
        agents = _apposed_subjects(ctx, ns, ne)
        if not agents:
            # 在某小区，区某局工作人员…值守: the units whose staff serve there (the gold convention)
            agents = _staff_units(ctx, ns, staff)
        own = {f.subject for f in known if f.predicate is Predicate.MEMBER_OF and f.object == pk}
        for a in agents:
            ak = ctx.key(a)
            if speech.match(text, a.end) or ak in own:
                continue   # a speaker, or the place's own staff: not sent there
            if ak and ak not in placed:
                out.append(Fact(ak, Predicate.DEPLOYED_TO, pk, ctx.evidence(i, frame), derived="frame"))
    return out


# --------------------------------------------------------------------------- support (stage 50)


@_register("support-cue", stage=50)
def supports(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """``对口支援甲、乙`` / ``援助某区``: the home division (or the place written before the cue in
    its clause, at most ``max_subject_rank``) supports each place after the cue."""
    facts: list[Fact] = []
    text = ctx.text
    home = ctx.resolution.home
    cues = _longest_first(p.words("triggers"))
    modifier = p.word("modifier")
    max_rank = p.number("max_subject_rank")
    places = {c.start: c for c in ctx.cands if c.label == "PLACE"}
    written = _cue_starts(ctx, cues)
    for s, e in ctx.sentences:
        for ts, te, cue in written.within(s, e):
            objects: list[Cand] = []
            pos = te
            if text.startswith(modifier, pos) and pos + len(modifier) in places:
                pos += len(modifier)   # 某区对口帮扶的某村: the cue as a modifier of the place
            while pos in places:
                chain_end = _chain_end(places, places[pos])
                objects.append(chain_end)
                pos = chain_end.end
                while pos < e and text[pos] in _JOINERS + "和及与":
                    pos += 1
            if not objects:
                continue
            cs, _ = _clause_bounds(text, ts, s, e)
            subject = home
            if subject is None:
                # no home division: the place opening a clause of the sentence is the one helping
                subject = _clause_initial_place(ctx, s, ts)
            subjects = [subject] if subject is not None else []
            # 甲市、乙市、丙盟组派4支医疗队支援丁市: each place of the list before the cue helps
            helpers = [k for c in _listed_back(ctx, cs, ts) if (k := ctx.key(c))
                       and level_rank(ctx.draft(k).level) <= max_rank]
            if helpers:
                subjects = helpers
            for subject in subjects:
                for o in objects:
                    okey = ctx.key(o)
                    if okey is None or okey == subject or _within(ctx, okey, subject):
                        continue
                    facts.append(Fact(subject, Predicate.SUPPORTS, okey, ctx.evidence(ts, cue)))
    # 甲省已向乙省派出21批医疗队: the place before 向 sends people to the place after it (optional params)
    if "toward" not in p.rule.params:
        return facts
    toward = p.word("toward")
    sending = _compiled(p.alt("sending_verbs"))
    for s, e in ctx.sentences:
        for ts, te, _cue in _cue_starts(ctx, (toward,)).within(s, e):
            dest = places.get(te)
            if dest is None:
                continue
            dest = _chain_end(places, dest)
            if (okey := ctx.key(dest)) is None:
                continue
            end = dest.end
            if not any(sending.match(text, i) for i in range(end, min(e, end + 4))):
                continue   # (a sending verb within three characters: 已向某省先后派出)
            cs, _ = _clause_bounds(text, ts, s, e)
            for c in _listed_back(ctx, cs, ts):
                k = ctx.key(c)
                if k and k != okey and level_rank(ctx.draft(k).level) <= max_rank and not _within(ctx, okey, k):
                    facts.append(Fact(k, Predicate.SUPPORTS, okey, ctx.evidence(ts, toward)))
    return facts


def _listed_back(ctx: Context, lo: int, hi: int) -> list[Cand]:
    """The last place mention within [lo, hi) and those listed right before it (甲、乙和丙), joined by 、, 和, 及,
    与 with no comma, in text order. The places are read back from ``hi`` only as far as the list goes: each cue of
    a long clause (东山区支援石桥区、……) would otherwise take every place before it."""
    out: list[Cand] = []
    for c in ctx.labelled("PLACE").back(lo, hi):
        if c.end > hi:
            continue
        if out:
            gap = ctx.text[c.end:out[-1].start]
            if not gap or gap.strip(_JOINERS + "和及与") or "，" in gap:
                break
        out.append(c)
    return out[::-1]


# --------------------------------------------------------------------------- containment (stage 50)


@_register("place-nesting", stage=50)
def containment(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """Nested mentions (某区某镇某村), checkpoints named after their place (某村村口检查站), places
    stated in another after a copula (甲村位于乙镇), and gazetteer parents of the article's places."""
    facts: list[Fact] = []
    # the shorter first at one start: 某镇|某村 chain before the checkpoint named after 某村
    places = sorted((c for c in ctx.cands if c.label == "PLACE"), key=lambda c: (c.start, c.end))
    links = set(p.words("links"))     # 某街道|办事处|某社区: the street office's word between two places
    for a, b in zip(places, places[1:], strict=False):
        if a.end != b.start and ctx.text[a.end:b.start] not in links:
            continue
        ka, kb = ctx.key(a), ctx.key(b)
        if not ka or not kb or ka == kb:
            continue
        if level_rank(ctx.draft(kb).level) > level_rank(ctx.draft(ka).level):
            facts.append(Fact(kb, Predicate.CONTAINED_IN, ka, ctx.evidence(a.start), derived="nesting"))
    # a checkpoint or another site named after the place it guards or serves (某村村口检查站, 某县高速卡口,
    # 某小区采样点, 某社区核酸检测点) is in that place; the places at its start looked up, not all walked
    at_start: dict[int, list[Cand]] = {}
    for c in places:
        at_start.setdefault(c.start, []).append(c)
    for b in places:
        if b.source != "rule:checkpoint" and b.level is not PlaceLevel.SITE:
            continue
        inner = [a for a in at_start[b.start] if a.end < b.end]
        ka, kb = (ctx.key(inner[-1]) if inner else None), ctx.key(b)
        if ka and kb and ka != kb:
            facts.append(Fact(kb, Predicate.CONTAINED_IN, ka, ctx.evidence(b.start), derived="nesting"))
    facts += _stated_containment(ctx, p, places)
    drafts = ctx.resolution.drafts
    by_code = {d.code: k for k, d in drafts.items() if d.type is EntityType.PLACE and d.code}
    gaz = ctx.res.gazetteer
    nested = {f.subject for f in facts}
    for k, d in drafts.items():
        if d.type is not EntityType.PLACE or k in nested:
            continue
        if d.code:
            for anc in gaz.ancestors(d.code):
                if anc in by_code:
                    facts.append(Fact(k, Predicate.CONTAINED_IN, by_code[anc], None, derived="gazetteer"))
                    break
        elif len(d.path) > 1:
            pk = next((kk for kk, dd in drafts.items() if dd.type is EntityType.PLACE
                       and dd.path == d.path[:-1]), None)
            if pk:
                facts.append(Fact(k, Predicate.CONTAINED_IN, pk, None, derived="nesting"))
    return facts


def _stated_containment(ctx: Context, p: Params, places: list[Cand]) -> list[Fact]:
    """``甲社区是某区乙街道最大的社区`` / ``甲村位于乙镇``: in the place written after the copula."""
    out: list[Fact] = []
    copula = _compiled(p.alt("copulas"))
    starts = {c.start: c for c in places}
    for a in places:
        m = copula.match(ctx.text, a.end)
        if m is None or m.end() not in starts:
            continue
        chain = _destination(ctx, m.end())
        ka, kb = ctx.key(a), ctx.key(chain[0]) if chain else None
        if ka and kb and ka != kb and level_rank(ctx.draft(ka).level) > level_rank(ctx.draft(kb).level):
            out.append(Fact(ka, Predicate.CONTAINED_IN, kb, ctx.evidence(a.start, m.group(0)), derived="copula"))
    return out


# --------------------------------------------------------------------------- credits (stage 50)


def _entity_named(ctx: Context, name: str, kind: EntityType) -> str | None:
    return next((k for k, d in ctx.resolution.drafts.items() if d.type is kind and d.name == name), None)


def _outlet_named(ctx: Context, name: str) -> str | None:
    """The outlet a credit names, as the resolver made it (``kg.extract.resolve.outlet_key``)."""
    from kg.extract.resolve import outlet_key

    key = outlet_key(ctx.resolution.drafts, name, ctx.res)
    return key if key in ctx.resolution.drafts else None


@_register("credit-line", stage=50)
def credits(ctx: Context, p: Params, known: list[Fact]) -> list[Fact]:
    """Author and photographer of the article from its credits (read by ``kg.read.credits``, the one
    credit parser); the reporter's title and outlet (某某日报社全媒体记者, 本报记者); reporters named
    in the text with their outlet (新民晚报记者张三). The entities were made by the resolver."""
    facts: list[Fact] = []
    lex = ctx.res.lexicons
    not_posts = set(p.words("not_posts"))
    site = ctx.article.site
    for cr in ctx.article.credits or read_credits(ctx.text):
        if cr.name in lex.posts_and_roles or not lex.is_surname_start(cr.name):
            continue   # a title read as a name (``记者`` before a list of names)
        key = _entity_named(ctx, cr.name, EntityType.PERSON)
        if key is None:
            continue
        ev = ctx.evidence(cr.start, cr.title)
        if cr.role is CreditRole.PHOTOGRAPHER:
            facts.append(Fact(ARTICLE, Predicate.PHOTOGRAPHER, key, ev, derived="credit"))
        elif cr.role in _AUTHOR_ROLES:
            facts.append(Fact(ARTICLE, Predicate.AUTHOR, key, ev, derived="credit"))
        title = cr.title.strip()
        split = credit_outlet(ctx.text, cr, site=site)
        okey = _outlet_named(ctx, split[0]) if split else None
        if split and okey:
            # 某某日报社全媒体记者 / 中青报·中青网记者: the reporter works for the paper
            facts.append(Fact(key, Predicate.MEMBER_OF, okey, ev, derived="credit"))
            title = split[1]
        if title and title not in not_posts:
            facts.append(Fact(key, Predicate.JOB_TITLE, title, ev, derived="credit"))
    for person in (c for c in ctx.cands if c.label == "PERSON"):
        found = reporter_before(ctx.text, person.start, site=site)
        pk = ctx.key(person)
        if found is None or pk is None or (okey := _outlet_named(ctx, found[0])) is None:
            continue
        ev = ctx.evidence(person.start, found[1])
        facts.append(Fact(pk, Predicate.MEMBER_OF, okey, ev, derived="reporter"))
        facts.append(Fact(pk, Predicate.JOB_TITLE, found[1], ev, derived="reporter"))
    return facts


__all__ = ["Context", "Params", "known_facts", "place_key", "OrgKind"]
