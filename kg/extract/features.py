"""Features of a relation candidate, for the trained scorer (``kg.extract.scorer``, ``kg.train``).

A candidate's features are a sorted tuple of strings (a bag of binary indicators), computed from the
candidate (its rules, signals, fact), the article's ``Context`` (entity drafts, sentences) and the
tagger's words (``doc.user_data["fk_tokens"]``):

* the relation, every rule that proposed it, how many rules did, each of its signals (and a signal's
  name without its value: ``list-position:2`` gives ``sig=list-position`` and ``sig=list-position:2``);
* the distance between the two ends in tagger words and in sentences (bucketed), and their order;
* the types and fine types of the two ends (``PlaceLevel`` / ``OrgKind`` of the entity drafts);
* the tagger words between the two ends (when they are close), just before the first and just after
  the second; the trigger word the rule recorded;
* how many person names and list separators stand between the ends (the position in a list), and how
  many clause ends (，；：。), by which end comes first;
* whether the sentence(s) mention a count of people (``5名``) or a team;
* what else the rule recorded: a role, the sending unit, a date, how the fact was derived;
* for a post: whether it is cut out of a longer post proposed for the same person (or holds a shorter one),
  and what mention ends right before it (a unit written before a post belongs to it);
* for an end that is an item of a list: that it has list siblings, and which rules proposed a sibling
  and not it (``kg.extract.siblings``).

Most features are conjoined with the relation (``deployedTo|btw=下沉``), so one linear model serves every
relation. The function is deterministic: the same candidate in the same context gives the same tuple.
"""
from __future__ import annotations

import itertools
import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import Any

from kg.extract.context import Context
from kg.extract.recognize import Token, starts_of
from kg.extract.resolve import Draft
from kg.extract.siblings import sibling_features
from kg.records import ARTICLE, PRECISE, Candidate, OrgKind, PlaceLevel, Predicate

# how far (in tagger words) the words between two ends are still read one by one
NEAR_WORDS = 12
_COUNT_UNITS = frozenset("名人位")
_LIST_SEPARATORS = frozenset("、，,")
_STOPS = "。！？；"
_SEPARATOR_RE = re.compile("[" + re.escape("".join(sorted(_LIST_SEPARATORS))) + "]")
_STOP_RE = re.compile("[" + re.escape(_STOPS) + "]")
_CLAUSE_RE = re.compile("[，,；;：:。！？]")
_TEAM_KINDS = frozenset({OrgKind.TEAM, OrgKind.TEMPORARY_BRANCH, OrgKind.COMMAND})
_WORD_TAGS_SKIPPED = frozenset({"w"})        # punctuation words are counted, not listed
# names, times and numbers read as their class, never as themselves: the model learns the genre's words,
# not the names of the articles it was trained on (LAC's tags)
_WORD_CLASSES = {"PER": "<PER>", "nr": "<PER>", "LOC": "<LOC>", "ns": "<LOC>", "ORG": "<ORG>", "nt": "<ORG>",
                 "nw": "<NAME>", "nz": "<NAME>", "TIME": "<TIME>", "t": "<TIME>", "m": "<NUM>"}

_START_END = attrgetter("start", "end")


def word(t: Token) -> str:
    """A tagger word as a feature: its text, or its class for a name, a time or a number."""
    return _WORD_CLASSES.get(t.tag, t.text)


@dataclass(frozen=True, slots=True)
class Words:
    """The tagger's words of one article with their start offsets (for bisecting) and their features
    (``word``; ``listed``: None for a word counted, not listed, between two ends)."""

    tokens: tuple[Token, ...]
    starts: tuple[int, ...]
    names: tuple[str, ...]
    listed: tuple[str | None, ...]

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> Words:
        ordered = tuple(sorted(tokens, key=_START_END))
        tags = [t.tag for t in ordered]
        names = tuple(map(_WORD_CLASSES.get, tags, [t.text for t in ordered]))   # word(t) of each
        return cls(ordered, tuple([t.start for t in ordered]), names,
                   tuple(None if tag in _WORD_TAGS_SKIPPED else n for tag, n in zip(tags, names, strict=True)))

    def index(self, pos: int) -> int:
        """Index of the word covering (or first after) character ``pos``."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and self.tokens[i].end > pos:
            return i
        return bisect_left(self.starts, pos)

    def slice(self, start: int, end: int) -> tuple[int, int]:
        """The index range of the words wholly inside ``[start, end)``."""
        i = bisect_left(self.starts, start)
        j = bisect_left(self.starts, end)
        if j > i and self.tokens[j - 1].end > end:
            j -= 1
        return i, j

    def between(self, start: int, end: int) -> tuple[Token, ...]:
        """The words wholly inside ``[start, end)``."""
        i, j = self.slice(start, end)
        return self.tokens[i:j]


@dataclass(frozen=True, slots=True)
class Article:
    """What the features read of one article, computed once: its words, which sentences mention a count of
    people or a team, where person names start, which mention labels end at each offset, and where list
    separators and stops are written."""

    words: Words
    counts: tuple[bool, ...]          # per sentence
    teams: tuple[bool, ...]           # per sentence
    triggers: tuple[frozenset[str], ...]  # per sentence: the deployment verbs written in it (下沉, 驰援 ...)
    persons: tuple[int, ...]          # sorted (start, end) of PERSON mentions, as starts
    person_ends: tuple[int, ...]
    ends_sorted: bool                 # person_ends never falls (no name starts inside another and ends after it)
    ends: dict[int, str]              # offset -> labels of the mentions ending there ("ORG+PLACE")
    separators: tuple[int, ...]       # where a list separator (_LIST_SEPARATORS) is written
    stops: tuple[int, ...]            # where a sentence stop (_STOPS) is written
    clauses: tuple[int, ...]          # where a clause ends (a comma, a semicolon, a colon or a stop)
    memo: dict[tuple[Any, ...], tuple[str, ...]] = field(default_factory=dict, compare=False)  # per end, place
    around: dict[tuple[str, str, tuple[int, int]], tuple[int, tuple[str, ...]]] = field(
        default_factory=dict, compare=False)                                                # Article.end
    literals: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)  # literal -> where

    @classmethod
    def of(cls, ctx: Context, tokens: Sequence[Token]) -> Article:
        words = Words.of(tokens)
        spans = ctx.sentences or [(0, len(ctx.text))]
        counts = tuple(_mentions_count(words.between(s, e)) for s, e in spans)
        team_at = [c.start for c in ctx.cands if c.label == "ORG" and _is_team(ctx, c)]
        teams = tuple(any(s <= p < e for p in team_at) for s, e in spans)
        # only the verbs written somewhere in the article are looked for sentence by sentence
        verbs = [v for v in ctx.res.lexicons.deploy_triggers + ctx.res.lexicons.support_triggers if v in ctx.text]
        triggers = _triggers_by_sentence(ctx.text, spans, verbs)
        people = sorted((c.start, c.end) for c in ctx.cands if c.label == "PERSON")
        ends: dict[int, set[str]] = {}
        for c in ctx.cands:
            ends.setdefault(c.end, set()).add(c.label)
        person_ends = tuple(p[1] for p in people)
        return cls(words, counts, teams, triggers, tuple(p[0] for p in people), person_ends,
                   all(a <= b for a, b in itertools.pairwise(person_ends)),
                   {k: "+".join(sorted(v)) for k, v in ends.items()},
                   tuple(m.start() for m in _SEPARATOR_RE.finditer(ctx.text)),
                   tuple(m.start() for m in _STOP_RE.finditer(ctx.text)),
                   tuple(m.start() for m in _CLAUSE_RE.finditer(ctx.text)))

    def persons_between(self, start: int, end: int) -> int:
        """How many person mentions lie wholly inside ``[start, end)``: two bisections when the mentions'
        ends rise with their starts (names do not nest), else a walk over those starting inside."""
        k = bisect_left(self.persons, start)
        last = bisect_left(self.persons, end, k)
        if self.ends_sorted:
            return bisect_right(self.person_ends, end, k, last) - k
        return sum(self.person_ends[i] <= end for i in range(k, last))

    def separators_between(self, start: int, end: int) -> int:
        return bisect_left(self.separators, end) - bisect_left(self.separators, start)

    def clauses_between(self, start: int, end: int) -> int:
        return bisect_left(self.clauses, end) - bisect_left(self.clauses, start)

    def stop_between(self, start: int, end: int) -> bool:
        return bisect_left(self.stops, end) > bisect_left(self.stops, start)

    def end_types(self, ctx: Context, key: str, prefix: str) -> tuple[str, ...]:
        """``_end_types``, once per end (an end is shared by many candidates)."""
        found = self.memo.get(("types", key, prefix))
        if found is None:
            found = self.memo[("types", key, prefix)] = tuple(_end_types(ctx, key, prefix))
        return found

    def end(self, ctx: Context, rel: str, end: str, span: tuple[int, int]) -> tuple[int, tuple[str, ...]]:
        """One located end (``"s"``, ``"o"``) of a candidate of ``rel``: its sentence, and its features that do
        not depend on the other end (the words right around it, the deployment verbs of its sentence and, for
        the object, the mention that ends right before it), once per relation and end."""
        key = (rel, end, span)
        found = self.around.get(key)
        if found is None:
            sentence = ctx.sentence_index(span[0])
            verbs = self.triggers[sentence]
            feats = [f"{rel}|{t}" for t in _end_context(self.words, end, span)]
            feats += [f"{rel}|{end}.sent-trig={v}" for v in verbs]
            feats.append(f"{rel}|{end}.sent-trigs={_bucket(len(verbs), (0, 1, 2))}")
            if end == "o":
                feats.append(f"{rel}|obj-after={self.ends.get(span[0], 'none')}")
            found = self.around[key] = (sentence, tuple(feats))
        return found

    def neighbours(self, rel: str, pos: int, before: bool) -> tuple[str, ...]:
        """The two words before the first of two ends (starting at ``pos``: ``l1``, ``l2``), or from the end of
        the second (``pos``) on (``r1``, ``r2``); once per relation, place and side."""
        key = ("before" if before else "after", rel, pos)
        found = self.memo.get(key)
        if found is None:
            words = self.words
            i = words.index(pos)
            if before:
                picks = [(i - 1, "l1"), (i - 2, "l2")]
                found = tuple(f"{rel}|{label}={words.names[j]}" for j, label in picks
                              if j >= 0 and words.tokens[j].end <= pos)
            else:
                picks = [(i, "r1"), (i + 1, "r2")]
                found = tuple(f"{rel}|{label}={words.names[j]}" for j, label in picks if j < len(words.tokens))
            self.memo[key] = found
        return found

    def literal_span(self, text: str, literal: str, near: int) -> tuple[int, int] | None:
        """The occurrence of a literal (a post) nearest ``near`` (the first of two as near)."""
        found = self.literals.get(literal)
        if found is None:
            found = self.literals[literal] = starts_of(text, literal)
        if not found:
            return None
        pos = min(found, key=lambda p: abs(p - near))
        return (pos, pos + len(literal))


def _triggers_by_sentence(text: str, spans: Sequence[tuple[int, int]], verbs: Sequence[str]
                          ) -> tuple[frozenset[str], ...]:
    """Per sentence span, the verbs (longest first) written in it, each occurrence counted once: a verb
    that overlaps one taken before is not read again (a plain scan of the article, once per verb, no regex).
    An occurrence that no one span holds whole is read in none."""
    found: list[set[str]] = [set() for _ in spans]
    starts = [s for s, _e in spans]
    taken = bytearray(len(text))
    for v in verbs:
        n = len(v)
        pos = text.find(v) if n else -1
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            if i >= 0 and pos + n <= spans[i][1] and not any(taken[pos:pos + n]):
                found[i].add(v)
                taken[pos:pos + n] = b"\x01" * n
            pos = text.find(v, pos + 1)
    return tuple(frozenset(f) for f in found)


@lru_cache(maxsize=4096)
def _bucket(n: int, edges: tuple[int, ...]) -> str:
    """``n`` as the first edge it does not exceed (``"<=4"``), or over the last (``">16"``)."""
    return next((f"<={e}" for e in edges if n <= e), f">{edges[-1]}")


def _end_types(ctx: Context, key: str, prefix: str) -> list[str]:
    if key == ARTICLE:
        return [f"{prefix}=article"]
    draft = ctx.resolution.drafts.get(key)
    if draft is None:
        return [f"{prefix}=unknown"]
    out = [f"{prefix}={draft.type.value}"]
    if draft.level is not None:
        out.append(f"{prefix}.level={draft.level.value}")
    if draft.kind is not None:
        out.append(f"{prefix}.kind={draft.kind.value}")
    if draft.qualifier:
        out.append(f"{prefix}.qualified")
    if draft.parent:
        out.append(f"{prefix}.has-parent")
    return out


_PAIRED_OBJECT_TYPES = ("obj.level=", "obj.kind=", "obj=Organization")


def _mentions_count(words: Sequence[Token]) -> bool:
    """A count of people among the words: a numeral word ending in 名/人/位 (``5名``, ``十余人``), or a
    numeral followed by one of those words."""
    for i, w in enumerate(words):
        if w.tag in ("m", "q") and w.text[-1] in _COUNT_UNITS and len(w.text) > 1:
            return True
        if w.tag == "m" and i + 1 < len(words) and words[i + 1].text in _COUNT_UNITS:
            return True
    return False


def _is_team(ctx: Context, c: Any) -> bool:
    key = ctx.resolution.key(c)
    draft = ctx.resolution.drafts.get(key) if key else None
    return draft is not None and draft.kind in _TEAM_KINDS




def _post_features(rel: str, post: str, others: Sequence[str]) -> list[str]:
    """A post beside the other posts proposed for the same person: cut out of a longer one, or holding one."""
    out = []
    if any(len(o) > len(post) and o.endswith(post) for o in others):
        out.append(f"{rel}|post-inside-longer")
    elif any(len(o) > len(post) and post in o for o in others):
        out.append(f"{rel}|post-part-of-longer")
    if any(len(o) < len(post) and o in post for o in others):
        out.append(f"{rel}|post-holds-shorter")
    return out


def candidate_features(c: Candidate, ctx: Context, art: Article, posts: Sequence[str] = (),
                       blocks: list[tuple[str, ...]] | None = None) -> list[str]:
    """The feature strings of one candidate on its own (``posts``: every post proposed for the candidate's
    subject, when it is a ``jobTitle``); ``features`` adds those read across candidates and sorts them.
    ``blocks``: the tuples of features that many candidates share (a rule set's heading, the types of two ends,
    the words around an end ...) go there whole instead of into the list (``feature_parts``).

    Each family of features (``rel|btw=``, ``rel|sig=``, ``rule=`` ...) is written once, and no two families
    can write the same string, so the list holds every feature once; only rule names that read like another
    feature could repeat one (``_plain``)."""
    f = c.fact
    predicate = f.predicate
    rel = predicate.value
    marks = _MARKS[predicate]
    out: list[str] = []
    shared = out.extend if blocks is None else blocks.append
    shared(_heading(rel, c.rules, c.signals))
    subj_types = art.end_types(ctx, f.subject, "subj")
    if predicate is Predicate.JOB_TITLE:
        shared(_typed(rel, subj_types, ()))
        out.append(f"{rel}|post-len={_bucket(len(f.object), (2, 3, 4, 6, 8))}")
        out.append(f"{rel}|post-end={f.object[-1:]}")
        out.extend(_post_features(rel, f.object, posts))
    else:
        # which kind of end goes to which kind of end: a team to a village, an institution to a city
        shared(_typed(rel, subj_types, art.end_types(ctx, f.object, "obj")))
    evidence = f.evidence
    shared(_fact_marks(rel, evidence.trigger if evidence is not None else None, evidence is None,
                           bool(f.role), bool(f.origin), bool(f.date), f.derived))

    subj = c.subject_span
    obj = c.object_span
    anchor = evidence.start if evidence is not None else (subj[0] if subj else 0)
    if obj is None and predicate is Predicate.JOB_TITLE:
        obj = art.literal_span(ctx.text, f.object, subj[0] if subj else anchor)
    s_sent = o_sent = 0
    if subj is not None:
        s_sent, around = art.end(ctx, rel, "s", subj)
        shared(around)
    if obj is not None:
        o_sent, around = art.end(ctx, rel, "o", obj)
        shared(around)
    if subj is None or obj is None:
        out.append(marks.unlocated)
        first = last = ctx.sentence_index(anchor)
    else:
        first, last = min(s_sent, o_sent), max(s_sent, o_sent)
        sents = _pair_features(out, shared, art, rel, marks, subj, obj, last - first)
        # each rule with the distance in sentences: a rule may be good near and poor far
        shared(_rules_at(c.rules, sents))
    if any(art.counts[first:last + 1]):
        out.append(marks.count)
    if any(art.teams[first:last + 1]):
        out.append(marks.team)
    return out


# The features below depend on a few values from small vocabularies (rules, signals, types, triggers):
# each combination is formatted once per process, and interned.

def _interned(feats: Iterable[str]) -> tuple[str, ...]:
    """Features kept for the process are interned, as the model's weights are (``LinearModel``): a weight is
    then found by identity, without comparing the characters."""
    return tuple(map(sys.intern, feats))


def _buckets(prefix: str, edges: tuple[int, ...]) -> tuple[str, ...]:
    """``prefix`` and ``_bucket(n, edges)`` for n = 0 .. edges[-1] + 1, the last for any n over the edges."""
    return _interned(f"{prefix}{_bucket(n, edges)}" for n in range(edges[-1] + 2))


def _pick(buckets: tuple[str, ...], n: int) -> str:
    """The bucket of a count (``n >= 0``) in a ``_buckets`` table."""
    return buckets[n] if n < len(buckets) else buckets[-1]


_SENTS = _buckets("sents=", (0, 1, 2, 4))


@dataclass(frozen=True, slots=True)
class _Marks:
    """The features of one relation that take few values (a bucketed count, a flag), formatted once."""

    sents: tuple[str, ...]            # the ends' distance in sentences (``_SENTS``)
    words: tuple[str, ...]            # ... in words
    seps: tuple[str, ...]             # the list separators between them
    persons: tuple[str, ...]          # the person names between them
    clauses_subj_first: tuple[str, ...]  # the clause ends between them, the subject first
    clauses_obj_first: tuple[str, ...]   # ... the object first
    n_objects: tuple[str, ...]
    n_subjects: tuple[str, ...]
    object_rank: tuple[str, ...]
    finer_rivals: tuple[str, ...]
    subj_first: str
    obj_first: str
    overlap: str
    crosses_stop: str
    unlocated: str
    count: str
    team: str
    holds_rival: str
    inside_rival: str

    @classmethod
    def of(cls, rel: str) -> _Marks:
        def flag(name: str) -> str:
            return sys.intern(f"{rel}|{name}")

        return cls(sents=_interned(f"{rel}|{b}" for b in _SENTS),
                   words=_buckets(f"{rel}|words=", (0, 1, 2, 4, 8, 16, 32)),
                   seps=_buckets(f"{rel}|seps=", (0, 1, 2, 4)),
                   persons=_buckets(f"{rel}|persons-btw=", (0, 1, 2, 4)),
                   clauses_subj_first=_buckets(f"{rel}|clauses=subj-first:", (0, 1, 2)),
                   clauses_obj_first=_buckets(f"{rel}|clauses=obj-first:", (0, 1, 2)),
                   n_objects=_buckets(f"{rel}|n-objects=", (1, 2, 4, 8)),
                   n_subjects=_buckets(f"{rel}|n-subjects=", (1, 2, 4, 8)),
                   object_rank=_buckets(f"{rel}|object-rank=", (1, 2, 3)),
                   finer_rivals=_buckets(f"{rel}|place-finer-rivals=", (0, 1, 2)),
                   subj_first=flag("order=subj-first"), obj_first=flag("order=obj-first"), overlap=flag("overlap"),
                   crosses_stop=flag("crosses-stop"), unlocated=flag("ends=unlocated"),
                   count=flag("count-mentioned"), team=flag("team-mentioned"),
                   holds_rival=flag("place-holds-rival"), inside_rival=flag("place-inside-rival"))


_MARKS = {p: _Marks.of(p.value) for p in Predicate}


@lru_cache(maxsize=4096)
def _heading(rel: str, rules: tuple[str, ...], signals: tuple[str, ...]) -> tuple[str, ...]:
    """The relation, every rule that proposed it, how many rules did, each signal (and a signal's name
    without its value)."""
    out = [f"rel={rel}", f"{rel}|nrules={_bucket(len(rules), (1, 2, 3))}"]
    out += [f"rule={r}" for r in rules]
    for s in signals:
        out.append(f"{rel}|sig={s}")
        name, _, value = s.partition(":")
        if value:
            out.append(f"{rel}|sig={name}")
    return _interned(dict.fromkeys(out))     # each once (a signal's name, whatever its values)


@lru_cache(maxsize=4096)
def _typed(rel: str, subj_types: tuple[str, ...], obj_types: tuple[str, ...]) -> tuple[str, ...]:
    """The types of both ends, and which object types go with which subject types."""
    return _interned([*(f"{rel}|{t}" for t in subj_types), *(f"{rel}|{t}" for t in obj_types),
                      *(f"{rel}|{a}&{b}" for a in subj_types for b in obj_types if b.startswith(_PAIRED_OBJECT_TYPES))])


@lru_cache(maxsize=4096)
def _fact_marks(rel: str, trigger: str | None, no_evidence: bool, role: bool, origin: bool, date: bool,
                derived: str | None) -> tuple[str, ...]:
    """What else the rule recorded: the trigger word, a role, the sending unit, a date, how it was derived."""
    out = [f"{rel}|trig={trigger}"] if trigger else []
    for name, present in (("role", role), ("origin", origin), ("date", date), ("derived", derived)):
        if present:
            out.append(f"{rel}|has-{name}")
    if derived:
        out.append(f"{rel}|derived={derived}")
    if no_evidence:
        out.append(f"{rel}|no-evidence")
    return _interned(out)


@lru_cache(maxsize=4096)
def _rules_at(rules: tuple[str, ...], sents: str) -> tuple[str, ...]:
    return _interned(dict.fromkeys(f"{r}&{sents}" for r in rules))       # each once


def _end_context(words: Words, end: str, span: tuple[int, int]) -> list[str]:
    """The words right before and after one end, wherever the other end is: a place right after 下沉到 or
    驻 is a destination at any distance from the person, a place right before 的 or 人 is someone's origin."""
    out: list[str] = []
    i = words.index(span[0])
    for k, label in ((1, "l1"), (2, "l2")):
        if i - k >= 0 and words.tokens[i - k].end <= span[0]:
            out.append(f"{end}.{label}={words.names[i - k]}")
    j = words.index(span[1])
    if j < len(words.tokens) and words.tokens[j].start >= span[1]:
        out.append(f"{end}.r1={words.names[j]}")
    return out


def _pair_features(out: list[str], shared: Callable[[tuple[str, ...]], None], art: Article, rel: str,
                   marks: _Marks, subj: tuple[int, int], obj: tuple[int, int], sentences: int) -> str:
    """Appends to ``out`` what lies between and around two located ends (``sentences`` apart), the words around
    the pair as tuples to ``shared`` (``candidate_features``); returns the bucket of that distance
    (``sents=<=1``)."""
    words = art.words
    if subj == obj or (subj[0] < obj[1] and obj[0] < subj[1]):
        out.append(marks.overlap)
    out.append(marks.subj_first if subj[0] <= obj[0] else marks.obj_first)
    a, b = (subj, obj) if subj <= obj else (obj, subj)
    out.append(_pick(marks.sents, sentences))
    i, j = words.slice(a[1], b[0]) if b[0] > a[1] else (0, 0)
    distance = j - i
    out.append(_pick(marks.words, distance))
    if distance <= NEAR_WORDS:
        out.extend(dict.fromkeys(f"{rel}|btw={w}" for w in words.listed[i:j] if w is not None))   # each once
    out.append(_pick(marks.seps, art.separators_between(a[1], b[0]) if b[0] > a[1] else 0))
    if b[0] > a[1] and art.stop_between(a[1], b[0]):
        out.append(marks.crosses_stop)
    out.append(_pick(marks.persons, art.persons_between(a[1], b[0])))
    # the clause ends between them, by which end comes first: 甲负责某村，乙… (the place is 甲's clause's)
    out.append(_pick(marks.clauses_subj_first if subj[0] <= obj[0] else marks.clauses_obj_first,
                     art.clauses_between(a[1], b[0]) if b[0] > a[1] else 0))
    shared(art.neighbours(rel, a[0], before=True))
    shared(art.neighbours(rel, b[1], before=False))
    return _pick(_SENTS, sentences)


def features(candidates: Sequence[Candidate], ctx: Context, tokens: Sequence[Token]) -> list[tuple[str, ...]]:
    """The features of every candidate of one article, in the candidates' order, each once and sorted, as
    training stores them (scoring reads the same features through ``feature_parts``)."""
    art, posts, rivals, siblings = _across(candidates, ctx, tokens)
    out = []
    for c, extra, sib in zip(candidates, rivals, siblings, strict=True):
        own = candidate_features(c, ctx, art, posts.get(c.fact.subject, ())
                                 if c.fact.predicate is Predicate.JOB_TITLE else ())
        own += extra
        own.extend(sib)
        out.append(tuple(sorted(own if _plain(c.rules) else set(own))))
    return out


def feature_parts(candidates: Sequence[Candidate], ctx: Context, tokens: Sequence[Token]
                  ) -> list[tuple[list[str], list[tuple[str, ...]]]]:
    """The features of ``features`` as the scorer sums their weights: per candidate, its own strings and the
    tuples of strings it shares with other candidates (``candidate_features``' ``blocks``), whose weights the
    scorer adds up once per tuple. Together they hold the candidate's features, each once."""
    art, posts, rivals, siblings = _across(candidates, ctx, tokens)
    out = []
    for c, extra, sib in zip(candidates, rivals, siblings, strict=True):
        blocks: list[tuple[str, ...]] = []
        own = candidate_features(c, ctx, art, posts.get(c.fact.subject, ())
                                 if c.fact.predicate is Predicate.JOB_TITLE else (), blocks)
        own += extra
        own.extend(sib)
        if not _plain(c.rules):     # a rule's name may repeat another feature: every feature once, as one list
            own = list(dict.fromkeys(itertools.chain(own, *blocks)))
            blocks = []
        out.append((own, blocks))
    return out


def _across(candidates: Sequence[Candidate], ctx: Context, tokens: Sequence[Token]
            ) -> tuple[Article, dict[str, list[str]], list[list[str]], list[set[str]]]:
    """What the features read across the article's candidates: the article, the posts proposed for each
    subject, each candidate's rivals and list siblings."""
    art = Article.of(ctx, tokens)
    posts: dict[str, list[str]] = {}
    for c in candidates:
        if c.fact.predicate is Predicate.JOB_TITLE:
            posts.setdefault(c.fact.subject, []).append(c.fact.object)
    return art, posts, _rivals(candidates, ctx), sibling_features(candidates, ctx)


@lru_cache(maxsize=4096)
def _plain(rules: tuple[str, ...]) -> bool:
    """No rule name reads like another feature: none holds ``|`` (``deployedTo|x&sents=<=0`` would be a
    relation's feature) or starts with ``rule=`` (``rule=x&sents=<=0`` would be a rule's)."""
    return not any("|" in r or r.startswith("rule=") for r in rules)


def _gap(c: Candidate) -> int | None:
    if c.subject_span is None or c.object_span is None:
        return None
    return abs(c.subject_span[0] - c.object_span[0])


_LEVEL_RANK = {level: i for i, level in enumerate(PlaceLevel)}   # coarse to fine (a site is finest)


def _rivals(candidates: Sequence[Candidate], ctx: Context) -> list[list[str]]:
    """Each candidate beside the others of its relation: how many objects its subject has (and how many
    subjects its object has), whether its object is the nearest of the subject's (by text distance), and,
    for a place, whether it is the finest of the subject's places or holds another of them (a person
    deployed to a community is not deployed to its district as well)."""
    objects: dict[tuple[str, Predicate], list[int | None]] = {}
    subjects: dict[tuple[str, Predicate], int] = {}
    places: dict[tuple[str, Predicate], dict[str, Draft]] = {}   # subject -> its places
    drafts = ctx.resolution.drafts
    gaps = [_gap(c) for c in candidates]
    for c, gap in zip(candidates, gaps, strict=True):
        f = c.fact
        objects.setdefault((f.subject, f.predicate), []).append(gap)
        subjects[(f.object, f.predicate)] = subjects.get((f.object, f.predicate), 0) + 1
        d = drafts.get(f.object)
        if d is not None and d.level is not None:
            places.setdefault((f.subject, f.predicate), {})[f.object] = d
    # per subject with rivals: its objects' distances and its places' levels, sorted (a rank is a bisection)
    distances = {k: sorted(g for g in near if g is not None) for k, near in objects.items() if len(near) > 1}
    levels = {k: sorted(_LEVEL_RANK[p.level] for p in ps.values() if p.level is not None)
              for k, ps in places.items() if len(ps) > 1}
    # per subject with rivals: its places by their parent, by the names on their paths and by their names
    # (whether another of its places sits in or holds this one is then a look-up, not a pass over them all)
    kin = {k: _Kin.of(places[k]) for k in levels}
    stated = _stated(candidates)
    out = []
    for c, gap in zip(candidates, gaps, strict=True):
        f = c.fact
        marks = _MARKS[f.predicate]
        key = (f.subject, f.predicate)
        feats = _stated_features(c, stated)
        feats.append(_pick(marks.n_objects, len(objects[key])))
        feats.append(_pick(marks.n_subjects, subjects[(f.object, f.predicate)]))
        if gap is not None and key in distances:
            feats.append(_pick(marks.object_rank, 1 + bisect_left(distances[key], gap)))
        own = drafts.get(f.object)
        if own is not None and own.level is not None and key in levels:
            # the subject's other places (its places hold this one: it is a place, and not its only one)
            ranks = levels[key]
            feats.append(_pick(marks.finer_rivals, len(ranks) - bisect_right(ranks, _LEVEL_RANK[own.level])))
            rel = kin[key]
            if rel.other(rel.by_parent, f.object, f.object) or rel.other(rel.by_path, own.name, f.object):
                feats.append(marks.holds_rival)
            if ((own.parent is not None and own.parent != f.object and own.parent in places[key])
                    or any(rel.other(rel.by_name, name, f.object) for name in own.path)):
                feats.append(marks.inside_rival)
        out.append(feats)
    return out


@dataclass(frozen=True, slots=True)
class _Kin:
    """One subject's places (entity key -> draft), indexed for ``_rivals``: the keys of its places by their
    parent, by each name on their gazetteer path, and by their name."""

    by_parent: dict[str | None, set[str]]
    by_path: dict[str, set[str]]
    by_name: dict[str, set[str]]

    @classmethod
    def of(cls, places: dict[str, Draft]) -> _Kin:
        kin = cls({}, {}, {})
        for k, d in places.items():
            kin.by_parent.setdefault(d.parent, set()).add(k)
            for name in d.path:
                kin.by_path.setdefault(name, set()).add(k)
            kin.by_name.setdefault(d.name, set()).add(k)
        return kin

    @staticmethod
    def other(table: dict[Any, set[str]], value: Any, own: str) -> bool:
        """Some place other than ``own`` is filed under ``value``."""
        return any(k != own for k in table.get(value, ()))


@dataclass(frozen=True, slots=True)
class _Stated:
    """What the article's precise rules state (``PRECISE`` candidates), to judge the window pairs by: a
    place some rule states as somebody's destination is a destination, a person's stated team went where
    the team went."""
    objects: dict[Predicate, dict[str, set[str]]]      # predicate -> object -> its stated subjects
    subjects: dict[Predicate, dict[str, set[str]]]     # predicate -> subject -> its stated objects
    members: dict[str, set[str]]                       # organisation -> its candidate members (any rule)
    teams: dict[str, set[str]]                         # person -> the organisations it may be a member of


def _stated(candidates: Sequence[Candidate]) -> _Stated:
    st = _Stated({}, {}, {}, {})
    for c in candidates:
        f = c.fact
        if f.predicate is Predicate.MEMBER_OF:
            st.members.setdefault(f.object, set()).add(f.subject)
            st.teams.setdefault(f.subject, set()).add(f.object)
        if PRECISE in c.signals:
            st.objects.setdefault(f.predicate, {}).setdefault(f.object, set()).add(f.subject)
            st.subjects.setdefault(f.predicate, {}).setdefault(f.subject, set()).add(f.object)
    return st


def _stated_features(c: Candidate, st: _Stated) -> list[str]:
    f = c.fact
    rel = f.predicate.value
    out: list[str] = []
    by_object = st.objects.get(f.predicate, {})
    by_subject = st.subjects.get(f.predicate, {})
    # (read apart for a stated candidate: a list of units stated to go to one place, each stated too)
    own = "stated-" if PRECISE in c.signals else ""
    if _other_than(by_object.get(f.object), f.subject):
        out.append(f"{rel}|{own}obj-stated-for-other")
    if _other_than(by_subject.get(f.subject), f.object):
        out.append(f"{rel}|{own}subj-stated-elsewhere")
    if f.predicate is Predicate.DEPLOYED_TO:
        here = by_object.get(f.object, _NONE)
        if not here.isdisjoint(st.teams.get(f.subject, _NONE)):
            out.append(f"{rel}|team-stated-here")          # a member of a unit stated to be here
        if not here.isdisjoint(st.members.get(f.subject, _NONE)):
            out.append(f"{rel}|member-stated-here")        # a unit whose member is stated to be here
    elif f.predicate is Predicate.MEMBER_OF:
        went = st.subjects.get(Predicate.DEPLOYED_TO, {})
        if not went.get(f.subject, _NONE).isdisjoint(went.get(f.object, _NONE)):
            out.append(f"{rel}|stated-same-destination")   # person and unit stated to be at one place
    return out


_NONE: frozenset[str] = frozenset()


def _other_than(keys: set[str] | None, key: str) -> bool:
    """Whether ``keys`` holds a key besides ``key``."""
    if not keys:
        return False
    return len(keys) > 1 or key not in keys
