"""Discourse: lists and coordinations, which team, place and time each sentence is about, and the
rule kinds that propose relations across sentences (typed pairs within a window, team lists,
inherited deployment places, short references, posts next to names).

``parse_lists`` runs as ``fk_lists`` and ``frames`` as ``fk_discourse``; their results are kept on the
``Context`` (``ctx.lists``, ``ctx.discourse``) for the rule kinds registered here.

Recall comes first here: the kinds propose every pair the genre may link and leave the judgement
to the scorer, telling it *why* through ``Candidate.signals`` (``same-sentence``, ``paragraph``,
``sentence-distance:2``, ``list-position:3``, ``count``, ``team-in-focus``, ``inherited``, ``pronoun``,
``trigger:带领`` ...). No kind creates or renames an entity: every end is an entity of the resolution
(or, for ``jobTitle``, a post literal as written). Windows are bounded (a sentence, or at most a few
sentences of one paragraph), so the work stays linear in the article's length for a bounded density
of mentions per sentence.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from kg.extract.context import Context
from kg.extract.dates import resolve_date
from kg.extract.lexicons import GRADED_POST
from kg.extract.recognize import Cand, inner_boundaries, starts_of, starts_of_each
from kg.extract.resolve import level_rank
from kg.extract.rules import RULE_KINDS, Rule, RuleError
from kg.extract.spanindex import SpanIndex
from kg.read.credits import CREDIT_POSTS
from kg.records import PRECISE, Candidate, EntityType, Evidence, Fact, OrgKind, PartialDate, PlaceLevel

_ENTITY_LABELS = {"PERSON": EntityType.PERSON, "ORG": EntityType.ORGANIZATION, "PLACE": EntityType.PLACE,
                  "DEIXIS": EntityType.PLACE}
_SEPARATORS = set("、，,；;和及与 　\u3000/")
_OPEN, _CLOSE = "（(", "）)"
_MAX_GAP = 40              # characters between two items of one list (descriptions included)
_LIST_INTROS = ("成员分别是", "成员分别为", "成员包括", "成员有", "队员有", "队员包括", "分别是", "分别为",
                "包括", "其中有", "其中", "有", "为", "是")
_COUNT_UNITS = "名位人个支"
_TEAM_KINDS = (OrgKind.TEAM, OrgKind.TEMPORARY_BRANCH, OrgKind.COMMAND, OrgKind.PARTY_BRANCH)
_TEAM_ENDINGS = ("队", "组", "小分队", "突击队", "支部", "党总支", "临时党委", "指挥部", "专班", "分队")
# Short references to the team (or unit) in focus.
TEAM_REFERENCES = ("他们", "她们", "该队", "该团队", "该支部", "该小组", "该组", "全队", "全体队员", "队员们",
                   "突击队员", "医疗队员", "队员", "队友们", "大家", "这支队伍", "这支团队", "这支队", "小分队",
                   "工作队员", "组员", "成员们", "党员们")
# Short references to the person in focus.
PERSON_REFERENCES = ("他", "她")
# The roles that introduce a member of the team in focus (队员某某, 队长某某).
_MEMBER_ROLES = ("队员", "队长", "副队长", "领队", "组长", "副组长", "成员", "突击队员", "医疗队员", "书记")


# --------------------------------------------------------------------------- mentions


@dataclass(frozen=True, slots=True)
class Ment:
    """An entity mention with what the kinds read: its entity key, type, sentence and paragraph."""

    cand: Cand
    key: str
    type: EntityType
    sentence: int
    paragraph: int
    nested: bool          # inside another entity mention (武侯区 in 武侯区卫健局)
    start: int
    end: int
    again: bool = False   # a later occurrence of an entity's name that recognition did not mark


@dataclass(slots=True)
class Index:
    """The article's entity mentions, by sentence (built once per article)."""

    ments: list[Ment]
    by_sentence: list[list[Ment]]
    paragraph_of: list[int]              # sentence -> paragraph
    posts: list[list[Cand]]              # sentence -> POST mentions
    dates: list[list[Cand]]              # sentence -> DATE mentions
    counted: list[bool] = field(default_factory=list)   # sentence -> a head count (40名, 12人) is written
    teamed: list[bool] = field(default_factory=list)    # sentence -> a team is named
    by_key: dict[str, list[Ment]] = field(default_factory=dict)   # entity key -> its mentions, in order
    starts_by_key: dict[str, list[int]] = field(default_factory=dict)   # entity key -> its mentions' starts


def index(ctx: Context) -> Index:
    held = ctx.cache.get("discourse-index")
    if isinstance(held, Index):
        return held
    n = max(1, len(ctx.sentences))
    paras = sorted(p.start for p in ctx.article.paragraphs)
    sent_starts = [s for s, _ in ctx.sentences] or [0]
    paragraph_of = [max(0, bisect_right(paras, s) - 1) if paras else 0 for s in sent_starts]
    typed = [c for c in ctx.cands if c.label in _ENTITY_LABELS]
    keys = {(c.start, c.end, c.label): ctx.key(c) for c in typed}
    ments: list[Ment] = []
    by_sentence: list[list[Ment]] = [[] for _ in range(n)]
    posts: list[list[Cand]] = [[] for _ in range(n)]
    dates: list[list[Cand]] = [[] for _ in range(n)]
    again = _again(ctx, [c for c in typed if keys.get((c.start, c.end, c.label))])
    keys.update({(c.start, c.end, c.label): k for c, k in again.items()})
    cands = sorted([*ctx.cands, *again], key=lambda c: (c.start, -c.end))
    outer_end = -1
    for c in cands:          # sorted by (start, -end): an enclosing mention comes first
        si = min(n - 1, ctx.sentence_index(c.start))
        if c.label == "POST":
            posts[si].append(c)
            continue
        if c.label == "DATE":
            dates[si].append(c)
            continue
        key = keys.get((c.start, c.end, c.label))
        if key is None:
            continue
        draft = ctx.resolution.drafts.get(key)
        if draft is None:
            continue
        nested = c.end <= outer_end
        outer_end = max(outer_end, c.end)
        m = Ment(c, key, draft.type, si, paragraph_of[si], nested, c.start, c.end, c.source == _AGAIN)
        ments.append(m)
        by_sentence[si].append(m)
    counted = [bool(_COUNT_RE.search(ctx.text, s, e)) for s, e in (ctx.sentences or [(0, len(ctx.text))])]
    teamed = [any(m.type is EntityType.ORGANIZATION and is_team(ctx, m.key) for m in ms) for ms in by_sentence]
    by_key: dict[str, list[Ment]] = {}
    for m in ments:
        by_key.setdefault(m.key, []).append(m)
    starts_by_key = {k: [m.start for m in ms] for k, ms in by_key.items()}   # ascending, as the mentions are
    built = Index(ments, by_sentence, paragraph_of, posts, dates, counted, teamed, by_key, starts_by_key)
    ctx.cache["discourse-index"] = built
    return built


_COUNT_RE = re.compile(r"[0-9０-９一二两三四五六七八九十百千]{1,6}(?:余|多)?(?:名|位|人|支|个小组)")
_AGAIN = "discourse:again"
_MIN_AGAIN = 3     # names this long or longer are looked for again (two characters hide inside words)


def _again(ctx: Context, marked: list[Cand]) -> dict[Cand, str]:
    """Occurrences of the article's entity names (three characters or more) that recognition did not
    mark, e.g. a team's full name once more inside a long sentence. They locate existing entities
    only: no entity is created or renamed. An occurrence inside or across a marked mention is skipped;
    one enclosing shorter mentions (a place inside the team's name) is kept."""
    spans = sorted((c.start, c.end) for c in marked)
    starts = [a for a, _ in spans]
    names: dict[str, tuple[str, str]] = {}
    label = {EntityType.PERSON: "PERSON", EntityType.ORGANIZATION: "ORG", EntityType.PLACE: "PLACE"}
    for key, d in ctx.resolution.drafts.items():
        for name in (d.name, *d.aliases):
            if len(name) >= _MIN_AGAIN and name not in names:
                names[name] = (key, label[d.type])
    found: dict[Cand, str] = {}
    text = ctx.text
    taken = SpanIndex(len(text))   # the occurrences kept (a look-up, not a pass over them all: many repeat)
    written = starts_of_each(text, names)   # one pass over the text for all the names, not one per name
    for name in sorted(names, key=len, reverse=True):
        key, lab = names[name]
        after = 0   # each name's occurrences left to right, none overlapping the one before
        for j in written[name]:
            if j < after:
                continue
            e = after = j + len(name)
            k = bisect_right(starts, e)
            # a marked mention overlapping the occurrence without lying inside it (the same span too)
            clash = any(a < e and j < b and not (j <= a and b <= e and (a, b) != (j, e))
                        for a, b in spans[max(0, k - 12):k])
            if not clash and not taken.overlaps(j, e):
                found[Cand(lab, j, e, name, _AGAIN)] = key
                taken.add(j, e)
    return found


def is_team(ctx: Context, key: str) -> bool:
    d = ctx.resolution.drafts.get(key)
    if d is None or d.type is not EntityType.ORGANIZATION:
        return False
    return d.kind in _TEAM_KINDS or d.name.endswith(_TEAM_ENDINGS)


# --------------------------------------------------------------------------- lists


@dataclass(frozen=True, slots=True)
class Coordination:
    """A list of mentions of one type: ``张三、李四和王五``, ``某医院护士张三、某医院医生李四``,
    ``张三（某局）、李四（某局）等5名党员``, ``成员有：张三、李四``."""

    label: str                        # PERSON | ORG | PLACE
    items: tuple[Ment, ...]
    start: int
    end: int
    sentence: int
    intro: str | None = None          # the word that introduces the list (成员有, 分别是, 包括 ...)
    count: str | None = None          # the count after the list (等5名, 共3人)

    def position(self, key: str) -> int | None:
        for i, m in enumerate(self.items, 1):
            if m.key == key:
                return i
        return None


def _skip_bracket(text: str, pos: int, limit: int) -> int:
    """The position after a bracketed description starting at ``pos`` (``pos`` when none closes)."""
    if pos >= limit or text[pos] not in _OPEN:
        return pos
    j = pos + 1
    while j < limit and text[j] not in _CLOSE:
        if text[j] in _OPEN:
            return pos
        j += 1
    return j + 1 if j < limit else pos


def _joinable(ctx: Context, a: Ment, b: Ment, covered: list[tuple[int, int]], reach: list[int],
              roles: dict[str, tuple[str, ...]]) -> bool:
    """The text between two items is separators, bracketed descriptions, other mentions (units,
    posts, places) and role words only: ``、``, ``（某医院护士）、``, ``、某医院医生``. ``covered`` is sorted,
    ``reach`` the running maximum of its ends (the walk starts at the first span ending after the gap opens)."""
    text = ctx.text
    lo, hi = a.end, b.start
    if hi - lo > _MAX_GAP:
        return False
    if hi == lo:
        return a.type is EntityType.PERSON
    pos, seps, k = lo, 0, bisect_right(reach, lo)
    while pos < hi:
        while k < len(covered) and covered[k][1] <= pos:
            k += 1
        if k < len(covered) and covered[k][0] <= pos < covered[k][1]:
            pos = covered[k][1]
            continue
        ch = text[pos]
        if ch in _SEPARATORS:
            seps += 1
            pos += 1
            continue
        after = _skip_bracket(text, pos, hi)
        if after != pos:
            pos = after
            continue
        role = next((r for r in roles.get(ch, ()) if text.startswith(r, pos) and pos + len(r) <= hi), None)
        if role is None:
            return False
        pos += len(role)
    return seps > 0 or a.type is EntityType.PERSON


_FIRST: dict[int, dict[str, tuple[str, ...]]] = {}


def _by_first(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Words by their first character (longest first kept), built once per word list."""
    held = _FIRST.get(id(words))
    if held is None:
        table: dict[str, list[str]] = {}
        for w in words:
            if w:
                table.setdefault(w[0], []).append(w)
        held = _FIRST[id(words)] = {k: tuple(v) for k, v in table.items()}
    return held


def _intro_before(text: str, pos: int, lo: int) -> str | None:
    j = pos
    while j > lo and text[j - 1] in "：: ":
        j -= 1
    return next((w for w in _LIST_INTROS if text.startswith(w, j - len(w)) and j - len(w) >= lo), None)


def _count_after(text: str, pos: int, hi: int) -> str | None:
    """``等5名`` / ``等五人`` / ``共3人`` / ``等`` right after the list."""
    j = pos
    if j < hi and text[j] in "等共":
        j += 1
        k = j
        while k < hi and k - j < 4 and (text[k].isdecimal() or text[k] in "一二两三四五六七八九十百余多"):
            k += 1
        if k < hi and text[k] in _COUNT_UNITS and k > j:
            return text[pos:k + 1]
        return text[pos:j] if text[pos] == "等" else None
    return None


def parse_lists(ctx: Context) -> list[Coordination]:
    """Lists and coordinations of the article (names, places, units), one loop per sentence."""
    idx = index(ctx)
    roles = _by_first(ctx.res.lexicons.roles)
    out: list[Coordination] = []
    for si, ments in enumerate(idx.by_sentence):
        if len(ments) < 2:
            continue
        s, e = ctx.sentences[si] if ctx.sentences else (0, len(ctx.text))
        covered = sorted((c.start, c.end) for c in (*(m.cand for m in ments), *idx.posts[si]))
        reach = list(itertools.accumulate((b for _a, b in covered), max))
        top = [m for m in ments if not m.nested]
        for label in ("PERSON", "ORG", "PLACE"):
            items = [m for m in top if m.cand.label == label]
            run: list[Ment] = []
            for m in items:
                if run and m.key != run[-1].key and _joinable(ctx, run[-1], m, covered, reach, roles):
                    run.append(m)
                    continue
                if len(run) > 1:
                    out.append(_coordination(ctx, label, run, si, s, e))
                run = [m]
            if len(run) > 1:
                out.append(_coordination(ctx, label, run, si, s, e))
    return sorted(out, key=lambda c: c.start)


def _coordination(ctx: Context, label: str, run: list[Ment], si: int, s: int, e: int) -> Coordination:
    start, end = run[0].start, run[-1].end
    return Coordination(label, tuple(run), start, end, si, _intro_before(ctx.text, start, max(s, start - 12)),
                        _count_after(ctx.text, _skip_bracket(ctx.text, end, e), e))


# --------------------------------------------------------------------------- frames


@dataclass(frozen=True, slots=True)
class Reference:
    """A short reference (他们, 该队, 队员们, 他) and the entity it stands for."""

    start: int
    end: int
    text: str
    key: str
    kind: str                        # "team" | "person"


@dataclass(frozen=True, slots=True)
class Frame:
    """What one sentence is about: the team (or unit), place and date in focus, and its short references."""

    team: str | None = None
    unit: str | None = None
    place: str | None = None          # the last place named in the paragraph, up to this sentence
    date: PartialDate | None = None
    references: tuple[Reference, ...] = ()
    last_place: str | None = None     # the last place named in the article, up to this sentence


@dataclass(frozen=True, slots=True)
class Main:
    """What the whole article is about: its most named team (ties: the first named), place (ties: the
    most specific, then the first named) and unit that is no team (ties: the first named), the unit whose
    people an article about one unit's cadres names."""

    team: str | None = None
    place: str | None = None
    unit: str | None = None


@dataclass(slots=True)
class Discourse:
    frames: list[Frame] = field(default_factory=list)
    main: Main = field(default_factory=Main)

    def frame(self, sentence: int) -> Frame:
        return self.frames[sentence] if 0 <= sentence < len(self.frames) else Frame()


_REFERENCE_RE = re.compile("|".join(sorted(map(re.escape, (*TEAM_REFERENCES, *PERSON_REFERENCES)),
                                             key=len, reverse=True)))


def _references(ctx: Context, s: int, e: int, team: str | None, person: str | None,
                taken: list[tuple[int, int]]) -> list[Reference]:
    """The short references of one sentence (outside the entity mentions), resolved to the team or person."""
    out: list[Reference] = []
    text = ctx.text
    for m in _REFERENCE_RE.finditer(text, s, e):
        j, w = m.start(), m.group(0)
        if any(a <= j < b or a < j + len(w) <= b for a, b in taken):
            continue
        if w in PERSON_REFERENCES:
            if person is None or text.startswith("们", j + 1):
                continue
            out.append(Reference(j, j + len(w), w, person, "person"))
        elif team is not None:
            out.append(Reference(j, j + len(w), w, team, "team"))
    return out


def frames(ctx: Context) -> Discourse:
    """Per sentence: the team, unit, place and date in focus (the last named up to the sentence, the
    team and place within the paragraph), and the short references resolved to the team or person."""
    idx = index(ctx)
    out: list[Frame] = []
    team = unit = place = person = last_place = None
    paragraph = -1
    date: PartialDate | None = None
    for si, ments in enumerate(idx.by_sentence):
        s, e = ctx.sentences[si] if ctx.sentences else (0, len(ctx.text))
        if idx.paragraph_of[si] != paragraph:
            paragraph = idx.paragraph_of[si]
            place = person = None
        taken = [(m.start, m.end) for m in ments]
        # a reference at the start of the sentence points back to the focus before it
        references = _references(ctx, s, e, team, person, taken)
        for m in ments:
            if m.type is EntityType.ORGANIZATION:
                unit = m.key
                if is_team(ctx, m.key):
                    team = m.key
            elif m.type is EntityType.PLACE and not m.nested:
                place = last_place = m.key
            elif m.type is EntityType.PERSON:
                person = m.key
        for d in idx.dates[si]:
            date = resolve_date(d.text, published=ctx.article.published, previous=date) or date
        out.append(Frame(team, unit, place, date, tuple(references), last_place))
    return Discourse(out, _main(ctx, idx))


_MAIN_LEVELS = (PlaceLevel.TOWN, PlaceLevel.COMMUNITY, PlaceLevel.VILLAGE, PlaceLevel.NATURAL_VILLAGE,
                PlaceLevel.COMPOUND, PlaceLevel.SITE, PlaceLevel.AREA)


def _main(ctx: Context, idx: Index) -> Main:
    teams: dict[str, int] = {}
    places: dict[str, int] = {}
    units: dict[str, int] = {}
    for m in idx.ments:
        if m.nested:
            continue
        if m.type is EntityType.ORGANIZATION:
            if ctx.resolution.drafts[m.key].kind is OrgKind.MEDIA:
                continue    # the outlet that reports is no unit its people belong to
            held = teams if is_team(ctx, m.key) else units
            held[m.key] = held.get(m.key, 0) + 1
        elif m.type is EntityType.PLACE and ctx.resolution.drafts[m.key].level in _MAIN_LEVELS:
            places[m.key] = places.get(m.key, 0) + 1
    team = max(teams, key=lambda k: teams[k]) if teams else None     # dicts keep the first named first
    # ties: the most specific (a village over its town), then the first named
    place = max(places, key=lambda k: (places[k], level_rank(ctx.resolution.drafts[k].level))) if places else None
    unit = max(units, key=lambda k: units[k]) if units else None
    return Main(team, place, unit)


def _discourse(ctx: Context) -> Discourse:
    if isinstance(ctx.discourse, Discourse):
        return ctx.discourse
    ctx.discourse = frames(ctx)
    return ctx.discourse


def _lists(ctx: Context) -> list[Coordination]:
    if ctx.lists and isinstance(ctx.lists[0], Coordination):
        return ctx.lists
    held = ctx.cache.get("discourse-lists")
    if held is None:
        held = ctx.cache["discourse-lists"] = parse_lists(ctx)
    return list(held)


def _list_signals(ctx: Context, key: str, sentence: int) -> list[str]:
    held = ctx.cache.get("discourse-list-of")
    if held is None:
        held = {}
        for co in _lists(ctx):
            for i, m in enumerate(co.items, 1):
                held.setdefault((m.key, co.sentence), []).extend(
                    [f"list-position:{min(i, 5)}", f"list-size:{min(len(co.items), 5)}"]
                    + (["count"] if co.count else []) + ([f"list-intro:{co.intro}"] if co.intro else []))
        ctx.cache["discourse-list-of"] = held
    return list(held.get((key, sentence), []))


def _list_signals_as(ctx: Context, end: str, key: str, sentence: int) -> tuple[str, ...]:
    """The list signals of a pair's end (``subject`` or ``object``), prefixed with it (once per article)."""
    held: dict[tuple[str, str, int], tuple[str, ...]] | None = ctx.cache.get("discourse-list-of-end")
    if held is None:
        held = ctx.cache["discourse-list-of-end"] = {}
    found = held.get((end, key, sentence))
    if found is None:
        found = held[(end, key, sentence)] = tuple(f"{end}-{x}" for x in _list_signals(ctx, key, sentence))
    return found


# --------------------------------------------------------------------------- rule kinds: shared


def _types(rule: Rule, key: str) -> set[EntityType]:
    raw = rule.params.get(key)
    if raw is None:
        raise RuleError(f"{rule.source}: rule {rule.name!r}: params.{key} is required (a list of entity types)")
    names = [raw] if isinstance(raw, str) else list(raw)
    try:
        return {EntityType(n) for n in names}
    except ValueError:
        raise RuleError(f"{rule.source}: rule {rule.name!r}: params.{key}: entity types are "
                        f"{', '.join(t.value for t in EntityType)}") from None


def _kinds(rule: Rule, key: str) -> set[OrgKind] | None:
    raw = rule.params.get(key)
    if raw is None:
        return None
    try:
        return {OrgKind(n) for n in ([raw] if isinstance(raw, str) else raw)}
    except ValueError:
        raise RuleError(f"{rule.source}: rule {rule.name!r}: params.{key}: organisation kinds are "
                        f"{', '.join(k.value for k in OrgKind)}") from None


def _levels(rule: Rule, key: str) -> set[PlaceLevel] | None:
    raw = rule.params.get(key)
    if raw is None:
        return None
    try:
        return {PlaceLevel(n) for n in ([raw] if isinstance(raw, str) else raw)}
    except ValueError:
        raise RuleError(f"{rule.source}: rule {rule.name!r}: params.{key}: place levels are "
                        f"{', '.join(lv.value for lv in PlaceLevel)}") from None


def _fits(ctx: Context, m: Ment, types: set[EntityType], kinds: set[OrgKind] | None,
          levels: set[PlaceLevel] | None) -> bool:
    if m.type not in types:
        return False
    d = ctx.resolution.drafts[m.key]
    if kinds is not None and m.type is EntityType.ORGANIZATION and d.kind not in kinds:
        return False
    return levels is None or m.type is not EntityType.PLACE or d.level in levels


Filter = tuple[frozenset[EntityType], frozenset[OrgKind] | None, frozenset[PlaceLevel] | None, bool]


def _typed_by_sentence(ctx: Context, idx: Index, types: set[EntityType], kinds: set[OrgKind] | None,
                       levels: set[PlaceLevel] | None, nested: bool) -> list[list[Ment]]:
    """Per sentence, the mentions that ``_fits`` the types, kinds and levels (nested ones too with ``nested``);
    computed once per article and filter (several rules share one)."""
    held: dict[Filter, list[list[Ment]]] = ctx.cache.setdefault("discourse-typed", {})
    key = (frozenset(types), None if kinds is None else frozenset(kinds),
           None if levels is None else frozenset(levels), nested)
    found = held.get(key)
    if found is None:
        drafts = ctx.resolution.drafts
        # _fits, written out: it runs for every mention of the article and filter
        found = held[key] = [[m for m in ments if (nested or not m.nested) and m.type in types
                              and (kinds is None or m.type is not EntityType.ORGANIZATION
                                   or drafts[m.key].kind in kinds)
                              and (levels is None or m.type is not EntityType.PLACE or drafts[m.key].level in levels)]
                             for ments in idx.by_sentence]
    return found


def _evidence(ctx: Context, pos: int, trigger: str | None = None) -> Evidence:
    """The sentence at ``pos`` (one Evidence per sentence and trigger, shared by its candidates)."""
    held: dict[tuple[int, str | None], Evidence] | None = ctx.cache.get("discourse-evidence")
    if held is None:
        held = ctx.cache["discourse-evidence"] = {}
    key = (ctx.sentence_index(pos), trigger)
    ev = held.get(key)
    if ev is None:
        ev = held[key] = ctx.evidence(pos, trigger)
    return ev


def _candidate(ctx: Context, rule: Rule, subject: str, obj: str, pos: int, signals: Iterable[str], *,
               subject_span: tuple[int, int] | None, object_span: tuple[int, int] | None,
               trigger: str | None = None, date: PartialDate | None = None, derived: str = "") -> Candidate:
    assert rule.relation is not None
    fact = Fact(subject, rule.relation, obj, _evidence(ctx, pos, trigger), date=date,
                derived=derived or rule.kind, rule=rule.name)
    return Candidate(fact=fact, rules=(rule.name,), subject_span=subject_span, object_span=object_span,
                     signals=tuple(dict.fromkeys(signals)))


class _OnePerPair:
    """A kind's candidates, one per (subject, object): the first proposal of a pair, with the signals of every
    proposal of it in order, as ``kg.extract.candidates.propose`` merges them (for a precise rule, the precise
    mark right after the first proposal's signals, where propose puts it). A pair proposed over and over
    (each member of a team with each place the team went to, mention by mention) is built once."""

    def __init__(self, rule: Rule) -> None:
        self.mark = () if rule.recall_only else (PRECISE,)
        self.index: dict[tuple[str, str], int] = {}
        self.candidates: list[Candidate] = []
        self.signals: list[dict[str, None]] = []

    def seen(self, subject: str, obj: str, signals: Iterable[str]) -> bool:
        """Whether the pair was proposed before; if so, it takes these signals too."""
        i = self.index.get((subject, obj))
        if i is None:
            return False
        self.signals[i].update(dict.fromkeys(signals))
        return True

    def add(self, c: Candidate) -> None:
        """The first proposal of its pair."""
        self.index[(c.fact.subject, c.fact.object)] = len(self.candidates)
        self.candidates.append(c)
        self.signals.append(dict.fromkeys((*c.signals, *self.mark)))

    def merged(self) -> list[Candidate]:
        return [c if tuple(signals) == c.signals else replace(c, signals=tuple(signals))
                for c, signals in zip(self.candidates, self.signals, strict=True)]


def _higher(ctx: Context, a: str, b: str) -> bool:
    """Place ``a`` is of a higher administrative level than place ``b`` (both levels known)."""
    la, lb = ctx.resolution.drafts[a].level, ctx.resolution.drafts[b].level
    return la is not None and lb is not None and level_rank(la) < level_rank(lb)


def _same_list(ctx: Context, a: Ment, b: Ment) -> bool:
    held = ctx.cache.get("discourse-list-id")
    if held is None:
        held = {(m.start, m.end): i for i, co in enumerate(_lists(ctx)) for m in co.items}
        ctx.cache["discourse-list-id"] = held
    la, lb = held.get((a.start, a.end)), held.get((b.start, b.end))
    return la is not None and la == lb


def _contains(ctx: Context, a: str, b: str) -> bool:
    """One of two places contains the other (by the gazetteer path, else by name), or a unit is named
    after the place (某省医院管理中心 and 某省)."""
    da, db = ctx.resolution.drafts[a], ctx.resolution.drafts[b]
    if da.type is EntityType.ORGANIZATION and db.type is EntityType.PLACE:
        return da.name.startswith(db.name)
    if da.type is not EntityType.PLACE or db.type is not EntityType.PLACE:
        return False
    pa, pb = da.path or (da.name,), db.path or (db.name,)
    n = min(len(pa), len(pb))
    if n and pa[:n] == pb[:n]:
        return True
    return da.name.startswith(db.name) or db.name.startswith(da.name)


def _trigger_between(text: str, lo: int, hi: int, triggers: Sequence[str]) -> str | None:
    for t in triggers:
        if text.find(t, lo, hi) >= 0:
            return t
    return None


def _nearest(rule: Rule) -> int | None:
    nearest = rule.params.get("nearest")
    if nearest is None:
        return None
    if isinstance(nearest, bool) or not isinstance(nearest, int) or nearest < 1:
        raise RuleError(f"{rule.source}: rule {rule.name!r}: params.nearest is a number of mentions (1 or more)")
    return nearest


def _window(rule: Rule) -> tuple[str, int]:
    window = str(rule.params.get("window", "sentence"))
    if window not in ("sentence", "paragraph"):
        raise RuleError(f"{rule.source}: rule {rule.name!r}: params.window is sentence or paragraph")
    sentences = int(rule.params.get("sentences", 0 if window == "sentence" else 3))
    return window, sentences


# --------------------------------------------------------------------------- typed pairs


@RULE_KINDS.register("typed-pairs")
def typed_pairs(ctx: Context, rule: Rule) -> list[Candidate]:
    """Every (subject, object) pair of the right types within a window: the sentence, or up to
    ``params.sentences`` sentences apart within one paragraph.

    params: ``subjects`` / ``objects`` (entity types), ``subject_kinds`` / ``object_kinds``
    (organisation kinds), ``object_levels`` / ``subject_levels`` (place levels), ``window``
    (sentence | paragraph), ``sentences`` (how far apart in a paragraph), ``triggers`` (words; with
    ``require_trigger: true`` only pairs with one of them between or just after the first mention),
    ``nested`` (also mentions inside another mention's name; default false), ``apart`` (no pair of
    places one of which contains the other, by the gazetteer's path or the name: 某省 and 某省某市),
    ``same_list`` (false: no pair of two items of one list: 甲村、乙村 do not support each other),
    ``ranked`` (the object is a division of a higher level than the subject: 某村 and 某镇, not 某镇 and 某村),
    ``nearest`` (each mention meets only this many mentions of the other end on each side of it in each
    sentence of the window, the nearest; unset: all of them). With ``nearest`` a sentence of a thousand names
    and places (a list of honours, a scraped text without full stops) yields candidates in proportion to
    its length, not to its length squared.
    """
    subjects, objects = _types(rule, "subjects"), _types(rule, "objects")
    skinds, okinds = _kinds(rule, "subject_kinds"), _kinds(rule, "object_kinds")
    slevels, olevels = _levels(rule, "subject_levels"), _levels(rule, "object_levels")
    window, span = _window(rule)
    triggers = tuple(rule.params.get("triggers") or ())
    require = bool(rule.params.get("require_trigger", False))
    nested = bool(rule.params.get("nested", False))
    apart = bool(rule.params.get("apart", False))
    listed = bool(rule.params.get("same_list", True))
    ranked = bool(rule.params.get("ranked", False))
    nearest = _nearest(rule)
    idx = index(ctx)
    text = ctx.text
    subs_of = _typed_by_sentence(ctx, idx, subjects, skinds, slevels, nested)
    objs_of = _typed_by_sentence(ctx, idx, objects, okinds, olevels, nested)
    triggers = tuple(t for t in triggers if t in text)   # (a cue the article does not hold is found nowhere)
    starts_of = [[om.start for om in objs] for objs in objs_of] if nearest is not None else []
    best: dict[tuple[str, str], tuple[tuple[int, int], Ment, Ment, str | None]] = {}
    refused: set[tuple[str, str]] = set()
    # whether one of two entities contains the other, decided once per article and pair
    contained: dict[tuple[str, str], bool] = ctx.cache.setdefault("discourse-contains", {})
    last_sentence = len(idx.by_sentence) - 1
    for si, subs in enumerate(subs_of):
        if not subs:
            continue
        lo, hi = (max(0, si - span), min(last_sentence, si + span)) if window == "paragraph" else (si, si)
        para = idx.paragraph_of[si]
        for sj in range(lo, hi + 1):
            if idx.paragraph_of[sj] != para or (window == "paragraph" and sj == si):
                continue
            objs = objs_of[sj]
            distance = abs(sj - si)
            for sm in subs:
                sk, ss, se = sm.key, sm.start, sm.end
                near: Sequence[Ment] = objs
                if nearest is not None:
                    # the objects sorted by start: ``nearest`` starting before the subject, ``nearest`` after its end
                    i, j = bisect_left(starts_of[sj], ss), bisect_left(starts_of[sj], se)
                    near = objs[max(0, i - nearest):i] + objs[j:j + nearest]
                for om in near:
                    ok, os_, oe = om.key, om.start, om.end
                    if sk == ok or (os_ < se and ss < oe):
                        continue
                    pair = (sk, ok)
                    if pair in refused:
                        continue
                    rank = (distance, os_ - se if ss < os_ else ss - oe)
                    held = best.get(pair)
                    if held is not None and held[0] <= rank:
                        continue
                    if apart:
                        inside = contained.get(pair)
                        if inside is None:
                            inside = contained[pair] = _contains(ctx, sk, ok)
                        if inside:
                            refused.add(pair)     # a property of the two entities, whichever mentions
                            continue
                    if ranked and not _higher(ctx, ok, sk):
                        refused.add(pair)
                        continue
                    if not listed and si == sj and _same_list(ctx, sm, om):
                        continue
                    trigger = None
                    if triggers:
                        first, last = (sm, om) if ss < os_ else (om, sm)
                        end = min(last.start, first.end + 30) if si == sj else ctx.sentences[first.sentence][1]
                        trigger = _trigger_between(text, first.end, max(end, first.end), triggers)
                        if trigger is None and si != sj:
                            trigger = _trigger_between(text, last.end, min(last.end + 6, len(text)), triggers)
                    if require and trigger is None:
                        continue
                    best[pair] = (rank, sm, om, trigger)
    discourse = _discourse(ctx)
    out: list[Candidate] = []
    for (distance, _gap), sm, om, trigger in best.values():
        first, last = (sm, om) if sm.start < om.start else (om, sm)
        signals = ["same-sentence" if distance == 0 else "paragraph", f"sentence-distance:{min(distance, 5)}",
                   "subject-first" if sm is first else "object-first"]
        if trigger:
            signals.append(f"trigger:{trigger}")
        if sm.nested or om.nested:
            signals.append("nested")
        if idx.counted[sm.sentence] or idx.counted[om.sentence]:
            signals.append("count-in-sentence")
        if idx.teamed[sm.sentence] or idx.teamed[om.sentence]:
            signals.append("team-in-sentence")
        signals += _list_signals_as(ctx, "subject", sm.key, sm.sentence)
        signals += _list_signals_as(ctx, "object", om.key, om.sentence)
        out.append(_candidate(ctx, rule, sm.key, om.key, last.start, signals, subject_span=(sm.start, sm.end),
                              object_span=(om.start, om.end), trigger=trigger,
                              date=discourse.frame(last.sentence).date))
    return out


# --------------------------------------------------------------------------- teams and members


def _by_end(ctx: Context, si: int) -> tuple[dict[int, Cand], dict[int, Ment]]:
    """Per sentence, the first post and the first organisation mention ending at each offset, built once."""
    held: dict[int, tuple[dict[int, Cand], dict[int, Ment]]] = ctx.cache.setdefault("discourse-by-end", {})
    found = held.get(si)
    if found is None:
        idx = index(ctx)
        posts: dict[int, Cand] = {}
        for p in idx.posts[si]:
            posts.setdefault(p.end, p)
        orgs: dict[int, Ment] = {}
        for o in idx.by_sentence[si]:
            if o.type is EntityType.ORGANIZATION:
                orgs.setdefault(o.end, o)
        found = held[si] = (posts, orgs)
    return found


def _apposed_unit(ctx: Context, m: Ment) -> Ment | None:
    """The organisation written right before a person (``某医疗队队员张三``, ``某队张三``), posts and
    role words between."""
    roles = ctx.res.lexicons.roles
    posts, orgs = _by_end(ctx, m.sentence)
    pos = m.start
    for _ in range(4):
        post = posts.get(pos)
        if post is not None:
            pos = post.start
            continue
        role = next((r for r in roles if ctx.text.startswith(r, pos - len(r))), None)
        if role is not None:
            pos -= len(role)
            continue
        break
    return orgs.get(pos)


def team_members(ctx: Context) -> list[tuple[Ment, str, list[str]]]:
    """(person mention, team key, signals): people the text makes members of a team.

    * a person written right after a team's name (``某突击队队员张三``);
    * the persons of a list in a sentence naming a team, or introduced by 成员/队员 (``成员有：…``);
    * a person introduced by a member role (队员某某, 队长某某) while a team is in focus.
    """
    held = ctx.cache.get("discourse-members")
    if held is not None:
        return list(held)
    idx = index(ctx)
    disc = _discourse(ctx)
    out: list[tuple[Ment, str, list[str]]] = []
    seen: set[tuple[str, str]] = set()

    def add(m: Ment, team: str, signals: list[str]) -> None:
        if (m.key, team) not in seen and m.key != team:
            seen.add((m.key, team))
            out.append((m, team, signals))

    held_teams: dict[int, tuple[list[int], list[str]]] = {}

    def teams_of(si: int) -> tuple[list[int], list[str]]:
        """The team mentions of a sentence in text order: their starts and their keys."""
        found = held_teams.get(si)
        if found is None:
            teams = [t for t in idx.by_sentence[si] if t.type is EntityType.ORGANIZATION and is_team(ctx, t.key)]
            found = held_teams[si] = ([t.start for t in teams], [t.key for t in teams])
        return found

    for m in idx.ments:
        if m.type is not EntityType.PERSON:
            continue
        unit = _apposed_unit(ctx, m)
        if unit is not None and is_team(ctx, unit.key):
            add(m, unit.key, ["apposed-team"])
    for co in _lists(ctx):
        if co.label != "PERSON":
            continue
        # the last team of the sentence that starts before the list
        starts, keys = teams_of(co.sentence)
        k = bisect_left(starts, co.start)
        sentence_team = keys[k - 1] if k else None
        focus = disc.frame(co.sentence).team
        team = sentence_team or (focus if co.intro else None)
        if team is None:
            continue
        for i, m in enumerate(co.items, 1):
            add(m, team, [f"list-position:{min(i, 5)}", f"list-size:{min(len(co.items), 5)}",
                          *(["count"] if co.count else []), *([f"list-intro:{co.intro}"] if co.intro else []),
                          "same-sentence" if sentence_team is not None else "team-in-focus"])
    for m in idx.ments:
        if m.type is not EntityType.PERSON:
            continue
        focus = disc.frame(m.sentence).team
        if focus is None:
            continue
        lo = max(ctx.sentences[m.sentence][0] if ctx.sentences else 0, m.start - 12)
        role = next((r for r in _MEMBER_ROLES if ctx.text.find(r, lo, m.start) >= 0), None)
        if role is not None:
            add(m, focus, ["team-in-focus", f"role:{role}"])
    ctx.cache["discourse-members"] = out
    return out


@RULE_KINDS.register("team-members")
def team_members_kind(ctx: Context, rule: Rule) -> list[Candidate]:
    """memberOf: the people a team's name, list or focus makes its members (``team_members``)."""
    out = []
    for m, team, signals in team_members(ctx):
        team_span = _nearest_span(ctx, team, m.start)
        out.append(_candidate(ctx, rule, m.key, team, m.start, signals, subject_span=(m.start, m.end),
                              object_span=team_span))
    return out


def _nearest_span(ctx: Context, key: str, pos: int) -> tuple[int, int] | None:
    """The span of the mention of ``key`` nearest ``pos``, the first of equally near ones: a neighbour of ``pos``
    among the mentions' starts (a bisection, not a walk over all the mentions for each candidate: a unit named in
    every clause of a long sentence is paired with each place of it)."""
    idx = index(ctx)
    ments = idx.by_key.get(key)
    if not ments:
        return None
    starts = idx.starts_by_key[key]
    i = bisect_left(starts, pos)
    if i > 0 and (i == len(starts) or pos - starts[i - 1] <= starts[i] - pos):
        i = bisect_left(starts, starts[i - 1])   # the one before (the first of its start) is as near or nearer
    return ments[i].start, ments[i].end


_TEAM_PLACES_NEAREST = 20   # places paired with a team mention on each side of it in its sentence


def _team_places(ctx: Context, deploy: Sequence[str], name_verbs: Sequence[str] = ()
                 ) -> dict[str, list[tuple[Ment, Ment, str | None]]]:
    """Team key -> (team mention, place mention, trigger) for each place named in a sentence with
    the team or with a short reference to it, and each place the team's own name says it was sent to
    after one of ``name_verbs`` (某局派驻某村工作队: the village; the verb is the trigger)."""
    cache_key = f"discourse-team-places:{'|'.join(deploy)}:{'|'.join(name_verbs)}"
    held = ctx.cache.get(cache_key)
    if held is not None:
        return dict(held)
    idx = index(ctx)
    disc = _discourse(ctx)
    out: dict[str, list[tuple[Ment, Ment, str | None]]] = {}
    for si, ments in enumerate(idx.by_sentence):
        places = [m for m in ments if m.type is EntityType.PLACE and not m.nested]
        if not places:
            continue
        s, e = ctx.sentences[si] if ctx.sentences else (0, len(ctx.text))
        teams = [m for m in ments if m.type is EntityType.ORGANIZATION and is_team(ctx, m.key)]
        for r in disc.frame(si).references:
            if r.kind == "team" and not any(t.key == r.key for t in teams):
                anchor = Cand("ORG", r.start, r.end, r.text, "reference")
                teams.append(Ment(anchor, r.key, EntityType.ORGANIZATION, si, idx.paragraph_of[si], False,
                                  r.start, r.end))
        trigger = _trigger_between(ctx.text, s, e, deploy)
        starts = [p.start for p in places]
        for t in teams:
            # the nearest places on each side (a list of a thousand places pairs each team with a bounded number)
            at = bisect_left(starts, t.start)
            for p in places[max(0, at - _TEAM_PLACES_NEAREST):at + _TEAM_PLACES_NEAREST]:
                out.setdefault(t.key, []).append((t, p, trigger))
    for ments in idx.by_sentence if name_verbs else ():
        for t in ments:
            if t.type is EntityType.ORGANIZATION and not t.nested and is_team(ctx, t.key):
                named = _named_places(ctx, t, ments, name_verbs)
                if named is None:
                    continue
                places_of_team = out.setdefault(t.key, [])
                for p in named[2]:
                    if not any(q.key == p.key for _t, q, _v in places_of_team):
                        places_of_team.append((t, p, named[0][1]))
    ctx.cache[cache_key] = out
    return out


@RULE_KINDS.register("inherited-places")
def inherited_places(ctx: Context, rule: Rule) -> list[Candidate]:
    """deployedTo: a team's members go where the team went (any sentence naming the team, or a short
    reference to it, with a place); a team referred to (他们, 该队) goes to the places of that sentence.

    params: ``object_levels`` (place levels a deployment may go to; default any), ``name_verbs`` (words
    in a team's name after which the name says where it went: 派驻某村工作队).
    """
    levels = _levels(rule, "object_levels")
    deploy = ctx.res.lexicons.deploy_triggers
    places = _team_places(ctx, deploy, tuple(rule.params.get("name_verbs") or ()))
    out = _OnePerPair(rule)
    for team, found in places.items():
        for t, p, trigger in found:
            if levels is not None and ctx.resolution.drafts[p.key].level not in levels:
                continue
            if t.cand.source == "reference":
                said = ["pronoun", f"reference:{t.cand.text}", "team-in-focus",
                        *([f"trigger:{trigger}"] if trigger else [])]
                if not out.seen(team, p.key, said):
                    out.add(_candidate(ctx, rule, team, p.key, p.start, said,
                                       subject_span=(t.start, t.end), object_span=(p.start, p.end),
                                       trigger=trigger, date=_discourse(ctx).frame(p.sentence).date))
    by_team: dict[str, list[list[tuple[Ment, str | None]]]] = {}
    for m, team, signals in team_members(ctx):
        held = by_team.get(team)
        if held is None:
            held = by_team[team] = _distinct_places(places.get(team, ()))
        for group in held:
            if levels is not None and ctx.resolution.drafts[group[0][0].key].level not in levels:
                continue
            for p, trigger in group:
                said = ["inherited", *signals, *([f"trigger:{trigger}"] if trigger else []),
                        f"sentence-distance:{min(abs(p.sentence - m.sentence), 5)}"]
                if not out.seen(m.key, p.key, said):
                    out.add(_candidate(ctx, rule, m.key, p.key, p.start, said,
                                       subject_span=(m.start, m.end), object_span=(p.start, p.end),
                                       trigger=trigger, date=_discourse(ctx).frame(p.sentence).date,
                                       derived="inherited"))
    return out.merged()


def _distinct_places(found: Iterable[tuple[Ment, Ment, str | None]]) -> list[list[tuple[Ment, str | None]]]:
    """A team's places (``_team_places``) by entity, in the order first named: each one's mentions with their
    trigger, the first of each sentence and trigger only (a member's candidate reads no more of them: the
    place's first mention, and the trigger and sentence of each)."""
    by_key: dict[str, dict[tuple[int, str | None], tuple[Ment, str | None]]] = {}
    for _t, p, trigger in found:
        by_key.setdefault(p.key, {}).setdefault((p.sentence, trigger), (p, trigger))
    return [list(group.values()) for group in by_key.values()]


@RULE_KINDS.register("references")
def references(ctx: Context, rule: Rule) -> list[Candidate]:
    """A short reference resolved to the person (他, 她) or team (他们, 该队) in focus, paired with the
    entities of the rule's object type in the same sentence.

    params: ``objects`` (entity types), ``object_levels``, ``refer_to`` (person | team | both).
    """
    objects = _types(rule, "objects")
    levels = _levels(rule, "object_levels")
    refer_to = str(rule.params.get("refer_to", "both"))
    idx = index(ctx)
    disc = _discourse(ctx)
    out: list[Candidate] = []
    for si, frame in enumerate(disc.frames):
        for r in frame.references:
            if refer_to != "both" and r.kind != refer_to:
                continue
            for m in idx.by_sentence[si]:
                if m.nested or m.key == r.key or not _fits(ctx, m, objects, None, levels):
                    continue
                out.append(_candidate(ctx, rule, r.key, m.key, m.start,
                                      ["pronoun", f"reference:{r.text}", f"refers-to:{r.kind}",
                                       "subject-first" if r.start < m.start else "object-first"],
                                      subject_span=(r.start, r.end), object_span=(m.start, m.end),
                                      date=frame.date))
    return out


# --------------------------------------------------------------------------- posts


@RULE_KINDS.register("post-pairs")
def post_pairs(ctx: Context, rule: Rule) -> list[Candidate]:
    """jobTitle: a person and the posts written next to the name in its sentence: right before it
    (``某局副局长张三``, ``队长、某医院副院长张三``), in brackets after it, or after a comma
    (``张三，某医院护士长``). Each post is proposed as written and, when a unit's name runs into it,
    whole with the unit's name (``临时党支部书记``, ``某县卫健委副主任``) or with the words before it
    (``重症医学科护士长``, up to a stop character, a name or twelve characters). A post before a list of
    names is proposed for each name of the list (``记者 张三 李四``), and so is a post after one
    (``张三和李四是护士长``).

    params: ``before`` / ``after``: how many characters from the name a post may start or end.
    """
    before = int(rule.params.get("before", 16))
    after = int(rule.params.get("after", 16))
    addressed = tuple(rule.params.get("addressed", ()))
    departments = tuple(sorted(rule.params.get("joined_departments", ()), key=len, reverse=True))
    idx = index(ctx)
    out: list[Candidate] = []
    for si, ments in enumerate(idx.by_sentence):
        posts = idx.posts[si]
        if not posts:
            continue
        units = {m.end: m for m in ments if m.type in (EntityType.ORGANIZATION, EntityType.PLACE)}
        persons = [m for m in ments if m.type is EntityType.PERSON and not m.nested]
        # per post, once: whether it stands right after a name, and the words before it that belong to it
        person_ends = {q.end for q in persons}
        lo = ctx.sentences[si][0] if ctx.sentences else 0
        ends_sorted = sorted(person_ends)
        leads = {post.start: _post_lead(ctx, post.start, lo, ends_sorted, departments) for post in posts}
        leads = {at: lead for at, lead in leads.items() if lead < at and _lead_ok(ctx, lead, at)}
        # the persons by start, each one's run of neighbours listed with it (a list's names are neighbours),
        # and the posts' starts: what lies between a post and a name is read by bisection, not by a scan
        # (a sentence of a thousand names and a hundred posts stays linear-ish)
        ranked = sorted(persons, key=lambda m: m.start)
        starts = [m.start for m in ranked]
        run_lo, run_hi = _list_runs(ctx, ranked)
        post_starts = sorted(o.start for o in posts)
        longest_post = max(o.end - o.start for o in posts)
        for p in persons:
            i = bisect_left(starts, p.start)
            reach_lo = ranked[run_lo[i]].start - before    # no post ending before this can be p's
            reach_hi = ranked[run_hi[i]].end + after       # no post starting after this can be p's
            for post in _posts_near(posts, post_starts, longest_post, ranked, i, run_hi[i], reach_lo, reach_hi):
                if post.end <= p.start:
                    if post.end < reach_lo or post.start in person_ends:
                        continue    # 甲副局长立即跟局长乙: a post right after a name is that name's
                    a, b = bisect_left(starts, post.end), bisect_left(starts, p.start)
                    # 记者 张三 李四 王五: a post before a list of names is each one's (not when another
                    # post stands in the list: 局长王某和科员张某)
                    listed = (a < b and a >= run_lo[i] and bisect_left(post_starts, post.end)
                              == bisect_left(post_starts, p.start))
                    gap = (starts[a] if listed else p.start) - post.end
                    if gap > before or (a < b and not listed):
                        continue
                    where = "post-before-list" if listed else "post-before"
                elif post.start >= p.end:
                    if post.start > reach_hi:
                        continue
                    a, b = bisect_left(starts, p.end), bisect_left(starts, post.start)
                    # 张三和李四是护士长: a post after a list of names is each one's
                    listed = a < b and b - 1 <= run_hi[i]
                    gap = post.start - (ranked[b - 1].end if listed else p.end)
                    if gap > after or (a < b and not listed):
                        continue
                    k = bisect_left(starts, post.end)
                    if k < len(starts) and starts[k] <= post.end + 1:
                        continue    # the post is the next name's (王某和科员张某)
                    if addressed and _addressed(ctx.text, p.end, post.start, addressed):
                        continue    # 甲在现场告诉记者: the post after the verb is the one addressed, not 甲's
                    if _opens_credit(ctx.text, post.text, post.end):
                        continue    # 记者 甲 乙 通讯员 丙: a credit's title opens its own names (丙's, written
                                    # or not: 郑 宇 spaced is no name the tagger reads)
                    where = "post-after-list" if listed else "post-after"
                else:
                    continue
                signals = [where, f"gap:{min(gap, 10)}"]
                unit = units.get(post.start)
                out.append(_candidate(ctx, rule, p.key, post.text, p.start, signals,
                                      subject_span=(p.start, p.end), object_span=(post.start, post.end)))
                if _GRADED.fullmatch(post.text):
                    continue    # a graded rank is whole by itself (区某办一级科员: 一级科员)
                literals = {post.text}
                if unit is not None:
                    literal = unit.cand.text + post.text
                    literals.add(literal)
                    out.append(_candidate(ctx, rule, p.key, literal, p.start, [*signals, "with-unit"],
                                          subject_span=(p.start, p.end), object_span=(unit.start, post.end)))
                lead = leads.get(post.start)
                if lead is not None and ctx.text[lead:post.end] not in literals:
                    out.append(_candidate(ctx, rule, p.key, ctx.text[lead:post.end], p.start,
                                          [*signals, "with-words-before"], subject_span=(p.start, p.end),
                                          object_span=(lead, post.end)))
    return out


_GRADED = re.compile(GRADED_POST)
_ADDRESSED_GAP = 8      # at most this many characters (an outlet's name) between the verb and the post


def _addressed(text: str, name_end: int, post_start: int, verbs: Sequence[str]) -> bool:
    """Is the post written right after a verb of address (告诉某某新闻|记者), with no more than an outlet's name
    and no stop between? Only then is it the person addressed (not 接受组织安排，担任|第一书记, nor a verb inside a
    unit's name)."""
    for w in verbs:
        k = text.rfind(w, name_end, post_start)
        if k >= 0 and post_start - (k + len(w)) <= _ADDRESSED_GAP and not any(
                ch in _POST_STOPS for ch in text[k + len(w):post_start]):
            return True
    return False


def _opens_credit(text: str, post: str, end: int) -> bool:
    """Is ``post`` a credit's title (记者, 特约通讯员, 本报记者: ``CREDIT_POSTS``) written before more of its
    line, a space or a character of a name after it (记者 甲 乙 通讯员 丙)? Such a title is the next names'."""
    nxt = text[end:end + 1]
    return post.endswith(CREDIT_POSTS) and bool(nxt) and (nxt in " \t\u3000" or "\u4e00" <= nxt <= "\u9fff")
_POST_STOPS = set("的是为任在和与及由被、，,。；;：:（）() 　\n“”‘’《》□■●◆▲★▶◎")   # (a line's bullet: □记者)
_POST_LEAD = 12     # at most this many characters before a post are taken into it


def _lead_ok(ctx: Context, lo: int, hi: int) -> bool:
    """May the words in [lo, hi) before a post belong to it? Not when they hold another post (副局长立即跟|局长)
    or a count of people (2名|护士)."""
    words = ctx.text[lo:hi]
    return not _COUNTED_PEOPLE.search(words) and not ctx.between("POST", lo, hi)


_COUNTED_PEOPLE = re.compile(r"[0-9０-９一二两三四五六七八九十百]+[名位个人]")


def _posts_near(posts: Sequence[Cand], post_starts: Sequence[int], longest: int, ranked: Sequence[Ment], i: int,
                last: int, reach_lo: int, reach_hi: int) -> list[Cand]:
    """The posts of a sentence (in order of their starts) that ``post_pairs`` may pair with person ``ranked[i]``:
    before it, those after the previous name and the last one ending before it (a post with a name and another
    post between is no one's of the list; 记者 张三 李四: the last post before the list); after it, those before
    the next name and those right after the last name of its list (a post right before a name is that name's).
    Each range is found by bisection: a sentence of a thousand names and posts is not walked once per name."""
    p = ranked[i]
    after_prev = max(reach_lo, ranked[i - 1].end if i > 0 else reach_lo)
    before_next = ranked[i + 1].start if i + 1 < len(ranked) else reach_hi
    lo, hi = bisect_left(post_starts, after_prev - longest), bisect_right(post_starts, min(before_next, reach_hi))
    picked = set(range(lo, hi))
    k = bisect_right(post_starts, p.start) - 1
    while k >= 0 and posts[k].end > p.start:
        k -= 1           # (a post overlapping the name is skipped by the caller; the last one ending before it)
    if k >= 0 and posts[k].end >= reach_lo:
        picked.add(k)
    tail = ranked[last].end
    picked.update(range(bisect_left(post_starts, tail), bisect_right(post_starts, reach_hi)))
    return [posts[j] for j in sorted(picked)]


def _list_runs(ctx: Context, ranked: Sequence[Ment]) -> tuple[list[int], list[int]]:
    """For each person of ``ranked`` (by start), the first and last index of the run of neighbours that are
    items of the same list as it (``_same_list``); a person in no list is a run of one."""
    n = len(ranked)
    lo, hi = list(range(n)), list(range(n))
    for i in range(1, n):
        if _same_list(ctx, ranked[i - 1], ranked[i]):
            lo[i] = lo[i - 1]
    for i in range(n - 2, -1, -1):
        if _same_list(ctx, ranked[i], ranked[i + 1]):
            hi[i] = hi[i + 1]
    return lo, hi


def _post_lead(ctx: Context, start: int, lo: int, person_ends: Sequence[int], departments: Sequence[str] = ()) -> int:
    """Where the words before a post that may belong to it begin (``重症医学科`` before ``护士长``):
    back to a stop character, a name or ``_POST_LEAD`` characters; none when that would start inside a
    recognised name (某某报社驻某村第一书记 cut at twelve characters: the post alone). ``person_ends``: the ends
    of the sentence's names, sorted (the last one at or before the post is found by bisection)."""
    text = ctx.text
    k = bisect_right(person_ends, start)
    floor = max(lo, start - _POST_LEAD, person_ends[k - 1] if k else lo)
    i = start
    while i > floor and text[i - 1] not in _POST_STOPS:
        i -= 1
    if i > floor and text[i - 1] in _POST_STOPS:
        # 呼吸与危重症医学科|主任: a department whose name joins two specialties runs on over its 与 or 和
        joined = next((d for d in departments if text.startswith(d, start - len(d))), None)
        if joined is not None and start - len(joined) >= floor:
            i = start - len(joined)
    return start if _inside_a_mention(ctx)[i] else i   # inside a name: no words before


def _inside_a_mention(ctx: Context) -> list[bool]:
    """For each boundary of the article's text, whether a mention runs across it (start < i < end): computed
    once per article (a scan of every mention for each post was quadratic)."""
    inside: list[bool] | None = ctx.cache.get(_INSIDE)
    if inside is None:
        inside = ctx.cache[_INSIDE] = inner_boundaries(len(ctx.text), ctx.cands)
    return inside


_INSIDE = "discourse.inside-a-mention"


# --------------------------------------------------------------------------- focus


_FOCI = ("place", "last-place", "main-place", "team", "main-team", "main-unit")


@RULE_KINDS.register("focus-pairs")
def focus_pairs(ctx: Context, rule: Rule) -> list[Candidate]:
    """Every mention of the subject types paired with what its sentence is about (``frames``): the
    place named last in the paragraph (``place``) or the article (``last-place``), the team in focus
    (``team``), or the article's most named place, team or unit that is no team (``main-place``,
    ``main-team``, ``main-unit``).

    params: ``subjects`` (entity types), ``focus`` (a list of the above), ``object_levels`` (place
    levels the focus place may have; default any).
    """
    subjects = _types(rule, "subjects")
    foci = rule.params.get("focus") or []
    foci = [foci] if isinstance(foci, str) else list(foci)
    if not foci or any(f not in _FOCI for f in foci):
        raise RuleError(f"{rule.source}: rule {rule.name!r}: params.focus is a list of {', '.join(_FOCI)}")
    levels = _levels(rule, "object_levels")
    disc = _discourse(ctx)
    best: dict[tuple[str, str], tuple[Ment, list[str]]] = {}
    for m in index(ctx).ments:
        if m.nested or m.type not in subjects:
            continue
        frame = disc.frame(m.sentence)
        in_focus = {"place": frame.place, "last-place": frame.last_place, "main-place": disc.main.place,
                    "team": frame.team, "main-team": disc.main.team, "main-unit": disc.main.unit}
        for focus in foci:
            key = in_focus[focus]
            if key is None or key == m.key:
                continue
            d = ctx.resolution.drafts[key]
            if levels is not None and d.type is EntityType.PLACE and d.level not in levels:
                continue
            held = best.setdefault((m.key, key), (m, []))
            held[1].append(f"focus:{focus}")
    out = []
    for (subject, obj), (m, signals) in best.items():
        out.append(_candidate(ctx, rule, subject, obj, m.start, ["in-focus", *signals],
                              subject_span=(m.start, m.end), object_span=_nearest_span(ctx, obj, m.start),
                              date=disc.frame(m.sentence).date))
    return out


@RULE_KINDS.register("main-unit-destinations")
def main_unit_destinations(ctx: Context, rule: Rule) -> list[Candidate]:
    """The article's main unit (its most named unit that is no team, ``frames``) paired with every place
    written as a destination anywhere in the article: right after a deployment verb (``下沉到``, ``分别到``
    within ``params.reach`` characters), or an item of a list whose first item is. An article about one
    unit's cadres names the unit once and the places its people went sentences later, under another
    subject (``某局抽派15名党员干部下沉社区。…15名干部分别到甲社区、乙社区和丙村``).

    params: ``object_levels`` (place levels), ``reach`` (characters between the verb and the place,
    default 2: 到, 赴 and a level word such as 镇 stand between), ``verbs`` (words read as deployment
    verbs besides the lexicon's: 分别到, 到).
    """
    levels = _levels(rule, "object_levels")
    reach = int(rule.params.get("reach", 2))
    disc = _discourse(ctx)
    unit = disc.main.unit
    if unit is None:
        return []
    text = ctx.text
    extra = [str(v) for v in rule.params.get("verbs") or ()]
    verbs = sorted({v for v in (*ctx.res.lexicons.deploy_triggers, *extra) if v in text}, key=lambda v: (-len(v), v))
    if not verbs:
        return []

    def after_verb(start: int) -> str | None:
        for v in verbs:
            i = text.rfind(v, max(0, start - reach - len(v)), start)
            if i >= 0 and not any(c in "，。；！？、\n" for c in text[i + len(v):start]):
                return v
        return None

    heads = {(m.start, m.end): co.items[0] for co in ctx.lists if co.label == "PLACE" for m in co.items}
    ments = index(ctx).ments
    chained = {m.end: m for m in ments if m.type is EntityType.PLACE}   # 白石镇|青禾村: the place before
    joins = ctx.res.lexicons.list_joins
    destinations: dict[int, str] = {}        # where a destination place ends -> the verb that leads to it
    out: list[Candidate] = []
    seen: set[str] = set()
    for m in ments:
        if m.nested or m.type is not EntityType.PLACE or m.key == unit:
            continue
        first = m
        while first.start in chained and chained[first.start] is not first:
            first = chained[first.start]            # (a place written right after another: 某镇某村)
        head = heads.get((first.start, first.end), first)
        verb = after_verb(head.start)
        how = "listed" if head is not first else "after-verb"
        if verb is None:
            how = "joined"
            # 甲社区、乙社区以及某镇丙村: joined right after a destination (the list reader stops at a chain)
            joined = next((j for j in joins if text.startswith(j, first.start - len(j))
                           and first.start - len(j) in destinations), None)
            verb = destinations.get(first.start - len(joined)) if joined else None
            if verb is None:
                continue
        destinations[m.end] = verb
        d = ctx.resolution.drafts[m.key]
        if m.key in seen or (levels is not None and d.level not in levels):
            continue
        seen.add(m.key)
        out.append(_candidate(ctx, rule, unit, m.key, m.start,
                              ["main-unit", how],
                              subject_span=_nearest_span(ctx, unit, m.start), object_span=(m.start, m.end),
                              trigger=verb, date=disc.frame(m.sentence).date))
    return out


# --------------------------------------------------------------------------- enclosing divisions


@RULE_KINDS.register("enclosing-division")
def enclosing_division(ctx: Context, rule: Rule) -> list[Candidate]:
    """A place whose parent neither the text beside it nor the gazetteer gives, paired with the divisions
    of a higher level the article names: the nearest one named before it (``before``) and the one the
    article names most (``most-named``). An article about a town lists its villages sentences after the
    town's name; the scorer judges which pair holds.

    params: ``subject_levels`` / ``object_levels`` (place levels).
    """
    slevels, olevels = _levels(rule, "subject_levels"), _levels(rule, "object_levels")
    places = {EntityType.PLACE}
    drafts = ctx.resolution.drafts
    ments = [m for m in index(ctx).ments if not m.nested and _fits(ctx, m, places, None, None)]
    counts: dict[str, int] = {}
    for m in ments:
        counts[m.key] = counts.get(m.key, 0) + 1
    divisions = [m for m in ments if olevels is None or drafts[m.key].level in olevels]
    firsts: dict[str, Ment] = {}
    for m in ments:
        d = drafts[m.key]
        if m.key not in firsts and not d.parent and (slevels is None or d.level in slevels):
            firsts[m.key] = m
    rank = {m.key: level_rank(drafts[m.key].level) for m in ments if drafts[m.key].level is not None}
    # the divisions above each rank and each division's mentions, read once, not once per place: an article
    # naming many places would otherwise pass over all its divisions for each
    above: dict[int, _Divisions] = {}
    grouped: dict[str, list[Ment]] = {}
    for o in divisions:
        grouped.setdefault(o.key, []).append(o)
    mentioned = {k: _Divisions.of(group, counts) for k, group in grouped.items()}
    disc = _discourse(ctx)
    out: list[Candidate] = []
    for key, m in firsts.items():
        own = rank.get(key)
        if own is None:
            continue
        higher = above.get(own)
        if higher is None:
            higher = above[own] = _Divisions.of([o for o in divisions if o.key in rank and rank[o.key] < own], counts)
        if not higher.ments:
            continue
        found: dict[str, tuple[Ment, list[str]]] = {}
        before = higher.last_before(m.start)
        if before is not None:
            found.setdefault(before.key, (before, []))[1].append("division:before")
        for o in higher.most_named:
            found.setdefault(o.key, (o, []))[1].append("division:most-named")
        for ok, (o, signals) in found.items():
            near = mentioned[ok].last_before(m.start) or o
            out.append(_candidate(ctx, rule, key, ok, m.start,
                                  [*signals, f"sentence-distance:{min(abs(m.sentence - near.sentence), 5)}"],
                                  subject_span=(m.start, m.end), object_span=(near.start, near.end),
                                  date=disc.frame(m.sentence).date))
    return out


@dataclass(frozen=True, slots=True)
class _Divisions:
    """Mentions of divisions in text order (those above a rank, or one division's), their starts (distinct: no
    mention read is nested in another) and the divisions named most often, each at its first mention, the
    division named last first."""

    ments: list[Ment]
    starts: list[int]
    most_named: list[Ment]

    @classmethod
    def of(cls, ments: list[Ment], counts: dict[str, int]) -> _Divisions:
        top = max((counts[o.key] for o in ments), default=0)
        firsts = {o.key: o for o in reversed(ments)}
        return cls(ments, [o.start for o in ments], [o for o in firsts.values() if counts[o.key] == top])

    def last_before(self, pos: int) -> Ment | None:
        """The last mention starting before ``pos``."""
        i = bisect_left(self.starts, pos)
        return self.ments[i - 1] if i else None


# --------------------------------------------------------------------------- names that say where


def _starting_within(ments: Sequence[Ment], start: int, end: int) -> Sequence[Ment]:
    """The mentions of ``ments`` (a sentence's, in order of their starts) that start in ``[start, end)``, found
    by bisection: a sentence of many units is not walked once per unit."""
    lo = bisect_left(ments, start, key=lambda m: m.start)
    hi = bisect_left(ments, end, lo=lo, key=lambda m: m.start)
    return ments[lo:hi]


def _places_inside(ments: Sequence[Ment], org: Ment, *, to_end: bool = True) -> list[Ment]:
    """The place mentions written inside a unit's mention (up to its end, or ending before it)."""
    return [m for m in _starting_within(ments, org.start, org.end) if m.type is EntityType.PLACE
            and (m.end <= org.end if to_end else m.end < org.end)]


def _named_places(ctx: Context, org: Ment, ments: Sequence[Ment], verbs: Sequence[str]
                  ) -> tuple[tuple[int, str], list[Ment], list[Ment]] | None:
    """Where a unit's own name says it was sent (某局派驻某村工作队, 某县驰援某区工作队): the first of
    ``verbs`` in the name (offset in the name, verb), the places named inside the unit, and those of them
    written after the verb that end a written chain (某县某乡某村: the village); None when no verb is in
    the name."""
    name = ctx.text[org.start:org.end]
    inner = _places_inside(ments, org)
    # the first verb written outside the places of the name (驻 of 驻马店市 is the city's)
    found = [(i, v) for v in verbs for i in starts_of(name, v)
             if not any(m.start <= org.start + i < m.end for m in inner)]
    cut = min(found, default=None)
    if cut is None:
        return None
    after = org.start + cut[0] + len(cut[1])
    targets = [m for m in inner if m.start >= after]
    # 派驻某县某乡某村工作队: the innermost place of a written chain, as after a motion verb
    return cut, inner, [m for m in targets if not any(o.start == m.end for o in targets)]


@RULE_KINDS.register("named-destination")
def named_destination(ctx: Context, rule: Rule) -> list[Candidate]:
    """A unit whose own name says where it was sent (``某县驰援某区核酸检测工作队``): the unit goes to
    the places named after the verb (``role: unit``), or the place named before the verb and the unit
    the team belongs to (``某医院援沪医疗队``) support them (``role: sender``). A province's one-character
    short name after the verb (援沪) names the province or city the article names in full.

    params: ``verbs`` (words in the name: 驰援, 支援, 援助 ...), ``role`` (unit | sender),
    ``abbreviations`` (short name -> full name; default: ``data/lexicons/province_abbreviations.tsv``).
    """
    verbs = tuple(rule.params.get("verbs") or ())
    role = str(rule.params.get("role", "unit"))
    if not verbs or role not in ("unit", "sender"):
        raise RuleError(f"{rule.source}: rule {rule.name!r}: needs params.verbs and role unit or sender")
    short = ({str(k): str(v) for k, v in rule.params["abbreviations"].items()} if "abbreviations" in rule.params
             else ctx.res.lexicons.province_abbreviations)          # 沪 -> 上海市 (援沪医疗队)
    idx = index(ctx)
    by_name: dict[str, Ment] = {}   # the article's places by name, for the short names (沪 = 上海市)
    for m in idx.ments if short else ():
        if m.type is EntityType.PLACE:
            by_name.setdefault(ctx.resolution.drafts[m.key].name, m)
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for ments in idx.by_sentence:
        for org in ments:
            if org.type is not EntityType.ORGANIZATION or org.nested:
                continue
            named = _named_places(ctx, org, ments, verbs)
            if named is None:
                continue
            cut, inner, targets = named
            at = org.start + cut[0]
            abbreviated = short.get(ctx.text[at + len(cut[1]):at + len(cut[1]) + 1])
            if not targets and abbreviated in by_name and ctx.text[at + len(cut[1]) + 1:org.end][:1] not in short:
                # 某省援沪医疗队: the one-character short name of a province (沪 = 上海市) the article names
                targets = [by_name[abbreviated]]
            # the sender is the innermost place of the chain before the verb (福建宁德市屏南县支援…: 屏南县),
            # and the unit the team belongs to, named in it before the verb (某医院援沪医疗队: the hospital)
            before = [m for m in inner if m.end <= at]
            owners = [m for m in _starting_within(ments, org.start, at) if m.type is EntityType.ORGANIZATION
                      and m.key != org.key and m.end <= at]
            subjects = [org] if role == "unit" else [
                *(m for m in before if not any(o.start == m.end for o in before)), *owners]
            for sm in subjects:
                for t in targets:
                    if (sm.key, t.key) in seen or sm.key == t.key:
                        continue
                    seen.add((sm.key, t.key))
                    out.append(_candidate(ctx, rule, sm.key, t.key, org.start, ["in-name", f"trigger:{cut[1]}"],
                                          subject_span=(sm.start, sm.end), object_span=(t.start, t.end),
                                          trigger=cut[1]))
    return out


_TEAM_WORD_LEAD = 4     # characters a team word may carry before it in a station's name (党员|先锋队)


@RULE_KINDS.register("named-station")
def named_station(ctx: Context, rule: Rule) -> list[Candidate]:
    """A team named after the community, village or compound it works in, with no verb in its name
    (某区某社区下沉工作组, 某社区“尖刀班”, 某村党员先锋队): the team is deployed there. Only the place
    written right before the team word (and the words of ``params.between``: 下沉, 疫情防控 …); a
    place of a higher level names where a team came from (某县医疗队), not where it works.

    params: ``object_levels`` (the levels of the place), ``between`` (words between place and team word),
    ``team_words`` (the words a team's name ends with; a few characters may lead them: 党员先锋队),
    ``name_verbs`` (a team whose name holds one went elsewhere: 某社区援沪突击队).
    """
    levels = _levels(rule, "object_levels")
    between = sorted((str(w) for w in rule.params.get("between") or ()), key=len, reverse=True)
    team_words = sorted((str(w) for w in rule.params.get("team_words") or ()), key=len, reverse=True)
    verbs = tuple(str(v) for v in rule.params.get("name_verbs") or ())
    if not team_words:
        raise RuleError(f"{rule.source}: rule {rule.name!r}: needs params.team_words")
    idx = index(ctx)
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for ments in idx.by_sentence:
        for org in ments:
            if org.type is not EntityType.ORGANIZATION or org.nested or not is_team(ctx, org.key):
                continue
            inner = _places_inside(ments, org, to_end=False)
            if not inner:
                continue
            last = max(inner, key=lambda m: m.end)
            if levels is not None and ctx.resolution.drafts[last.key].level not in levels:
                continue
            rest = ctx.text[last.end:org.end].replace("“", "").replace("”", "")
            for w in between:
                if rest.startswith(w):
                    rest = rest[len(w):]
                    break
            word = next((w for w in team_words if rest.endswith(w)), None)
            if word is None or len(rest) - len(word) > _TEAM_WORD_LEAD:
                continue    # a branch or command of the place (某社区党支部) is its own, not sent there
            if any(v in rest for v in verbs):
                continue    # 某社区援沪突击队: the team came from the place and went elsewhere
            if (org.key, last.key) in seen:
                continue
            seen.add((org.key, last.key))
            out.append(_candidate(ctx, rule, org.key, last.key, org.start, ["in-name", "station"],
                                  subject_span=(org.start, org.end), object_span=(last.start, last.end)))
    return out


# --------------------------------------------------------------------------- across the article


@RULE_KINDS.register("article-pairs")
def article_pairs(ctx: Context, rule: Rule) -> list[Candidate]:
    """Each entity of the subject types (at its first mention) paired with each entity of the object
    types named in a sentence that holds one of the trigger words, anywhere in the article: the
    province that sent a team and the places the team was sent to, paragraphs apart. One candidate
    per pair, so the work is the number of such entities squared, not the number of mentions.

    params: ``subjects`` / ``objects`` (entity types), ``subject_kinds`` / ``subject_levels`` /
    ``object_levels``, ``triggers`` (required: words of the object's sentence), ``apart`` (as for
    typed-pairs), ``max_pairs`` (at most this many pairs, the closest in sentences first; default 100).
    """
    subjects, objects = _types(rule, "subjects"), _types(rule, "objects")
    skinds = _kinds(rule, "subject_kinds")
    slevels, olevels = _levels(rule, "subject_levels"), _levels(rule, "object_levels")
    triggers = tuple(rule.params.get("triggers") or ())
    if not triggers:
        raise RuleError(f"{rule.source}: rule {rule.name!r}: params.triggers is required")
    apart = bool(rule.params.get("apart", False))
    limit = int(rule.params.get("max_pairs", 100))
    idx = index(ctx)
    firsts: dict[str, Ment] = {}
    for m in idx.ments:
        if not m.nested and m.key not in firsts and _fits(ctx, m, subjects, skinds, slevels):
            firsts[m.key] = m
    if not firsts:
        return []
    targets: dict[str, tuple[Ment, str]] = {}
    for si, ments in enumerate(idx.by_sentence):
        s, e = ctx.sentences[si] if ctx.sentences else (0, len(ctx.text))
        objs = [m for m in ments if not m.nested and m.key not in targets and _fits(ctx, m, objects, None, olevels)]
        if not objs:
            continue
        trigger = _trigger_between(ctx.text, s, e, triggers)
        if trigger is None:
            continue
        for m in objs:
            targets.setdefault(m.key, (m, trigger))
    disc = _discourse(ctx)
    pairs = sorted(((abs(om.sentence - sm.sentence), sm.start, om.start, sk, ok)
                    for sk, sm in firsts.items() for ok, (om, _t) in targets.items()
                    if sk != ok and not (apart and _contains(ctx, sk, ok))))
    out: list[Candidate] = []
    for distance, _s, _o, sk, ok in pairs[:limit]:
        sm, (om, trigger) = firsts[sk], targets[ok]
        out.append(_candidate(ctx, rule, sk, ok, om.start,
                              ["article", f"sentence-distance:{min(distance, 5)}", f"trigger:{trigger}",
                               "subject-first" if sm.start < om.start else "object-first"],
                              subject_span=(sm.start, sm.end), object_span=(om.start, om.end),
                              trigger=trigger, date=disc.frame(om.sentence).date))
    return out
