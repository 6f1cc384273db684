"""What the relation components read: the article, its sentences, the recognised mentions, the
article's entities (resolution), the parsed lists and the discourse state.

Built once per article by ``fk_resolver`` (``doc.user_data[CONTEXT]``); ``fk_lists`` and
``fk_discourse`` fill ``lists`` and ``discourse``; the candidate rules only read it.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.extract.recognize import Cand, Resources
from kg.extract.resolve import Draft, Resolution
from kg.records import ARTICLE, Article, Candidate, Evidence, Fact, Predicate

_MENTIONS = "context:mentions-by-key"
_LABELLED = "context:mentions-by-label"
_ENDING = "context:mentions-by-end"
_LOCATED = "context:mentions-located"


@dataclass(frozen=True, slots=True)
class Labelled:
    """The mentions of one label, in the order of ``Context.cands``, and their starts when those ascend
    (recognition sorts the mentions by start: then a range of starts is found by bisection)."""

    cands: list[Cand]
    starts: list[int] | None

    def between(self, lo: int, hi: int) -> list[Cand]:
        """The mentions that start in [lo, hi), in order."""
        if self.starts is None:
            return [c for c in self.cands if lo <= c.start < hi]
        return self.cands[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]

    def back(self, lo: int, hi: int) -> Iterator[Cand]:
        """The mentions that start in [lo, hi), the last first, one at a time: a reader that stops at the first
        few (a list read back from its end) does not pay for the whole range."""
        if self.starts is None:
            yield from reversed(self.between(lo, hi))
            return
        first = bisect_left(self.starts, lo)
        for k in range(bisect_left(self.starts, hi) - 1, first - 1, -1):
            yield self.cands[k]


def _labelled(cands: list[Cand]) -> dict[str, Labelled]:
    by_label: dict[str, list[Cand]] = {}
    for c in cands:
        by_label.setdefault(c.label, []).append(c)
    out = {}
    for label, group in by_label.items():
        starts = [c.start for c in group]
        ascending = all(a <= b for a, b in zip(starts, starts[1:], strict=False))
        out[label] = Labelled(group, starts if ascending else None)
    return out


@dataclass(slots=True)
class Context:
    article: Article
    text: str
    sentences: list[tuple[int, int]]
    starts: list[int]
    cands: list[Cand]
    res: Resources
    resolution: Resolution
    lists: list[Any] = field(default_factory=list)      # set by fk_lists (kg.extract.discourse)
    discourse: Any = None                                # set by fk_discourse (kg.extract.discourse)
    cache: dict[str, Any] = field(default_factory=dict)  # per-article memo for the rule kinds

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def evidence(self, pos: int, trigger: str | None = None) -> Evidence:
        s, e = self.sentences[self.sentence_index(pos)] if self.sentences else (0, len(self.text))
        os_, oe = self.article.offsets.to_original(s, e) if len(self.article.offsets) else (s, e)
        return Evidence(self.text[s:e], s, e, os_, oe, trigger)

    def key(self, c: Cand) -> str | None:
        return self.resolution.key(c)

    def draft(self, key: str) -> Draft:
        return self.resolution.drafts[key]

    def labelled(self, label: str) -> Labelled:
        """The mentions of ``label`` (indexed once per article)."""
        by_label: dict[str, Labelled] | None = self.cache.get(_LABELLED)
        if by_label is None:
            by_label = self.cache[_LABELLED] = _labelled(self.cands)
        return by_label.get(label) or Labelled([], [])

    def between(self, label: str, lo: int, hi: int) -> list[Cand]:
        """The mentions of ``label`` that start in [lo, hi), in the order of ``cands``."""
        return self.labelled(label).between(lo, hi)

    def first_at(self, label: str, pos: int) -> Cand | None:
        """The first mention of ``label`` (in the order of ``cands``) that starts at ``pos``."""
        found = self.between(label, pos, pos + 1)
        return found[0] if found else None

    def ending_at(self, pos: int) -> tuple[Cand, ...]:
        """The mentions that end at ``pos``, in the order of ``cands`` (indexed once per article)."""
        by_end: dict[int, tuple[Cand, ...]] | None = self.cache.get(_ENDING)
        if by_end is None:
            grouped: dict[int, list[Cand]] = {}
            for c in self.cands:
                grouped.setdefault(c.end, []).append(c)
            by_end = self.cache[_ENDING] = {end: tuple(group) for end, group in grouped.items()}
        return by_end.get(pos, ())

    def mentions_of(self, key: str) -> list[Cand]:
        """The recognised mentions that became entity ``key``, in text order (indexed once per article:
        the mentions do not change after resolution)."""
        by_key: dict[str, list[Cand]] | None = self.cache.get(_MENTIONS)
        if by_key is None:
            by_key = {}
            for c in self.cands:
                k = self.resolution.key(c)
                if k is not None:
                    by_key.setdefault(k, []).append(c)
            self.cache[_MENTIONS] = by_key
        return list(by_key.get(key, ()))


def mention_near(ctx: Context, key: str, pos: int) -> tuple[int, int] | None:
    """The mention of entity ``key`` nearest ``pos`` (preferring the same sentence; the first of equals)."""
    if key == ARTICLE:
        return None
    sentence = ctx.sentence_index(pos)
    located = _located(ctx, key)
    starts = _located_starts(ctx, key, located)
    if starts is not None and located:
        # the mentions by start: the nearest in pos's sentence, else the nearest at all, is a neighbour of pos
        # (a sentence is an interval; the first of a start's mentions, the left neighbour first on a tie)
        i = bisect_left(starts, pos)
        near = ([located[bisect_left(starts, starts[i - 1])]] if i > 0 else []) + (
            [located[i]] if i < len(located) else [])
    else:
        near = located
    best: tuple[int, int] | None = None
    best_rank = (True, 0)
    for si, start, end in near:
        rank = (si != sentence, abs(start - pos))
        if best is None or rank < best_rank:
            best, best_rank = (start, end), rank
    return best


def _located(ctx: Context, key: str) -> list[tuple[int, int, int]]:
    """(sentence, start, end) of each mention of entity ``key``, in text order (once per article and key)."""
    held: dict[str, list[tuple[int, int, int]]] | None = ctx.cache.get(_LOCATED)
    if held is None:
        held = ctx.cache[_LOCATED] = {}
    found = held.get(key)
    if found is None:
        found = held[key] = [(ctx.sentence_index(c.start), c.start, c.end) for c in ctx.mentions_of(key)]
    return found


def _located_starts(ctx: Context, key: str, located: list[tuple[int, int, int]]) -> list[int] | None:
    """The starts of ``_located(ctx, key)`` when they ascend (kept once per article and key), else None."""
    held: dict[str, list[int] | None] | None = ctx.cache.get(_LOCATED_STARTS)
    if held is None:
        held = ctx.cache[_LOCATED_STARTS] = {}
    if key not in held:
        starts = [s for _si, s, _e in located]
        held[key] = starts if all(a <= b for a, b in zip(starts, starts[1:], strict=False)) else None
    return held[key]


_LOCATED_STARTS = "context.located-starts"


def from_fact(ctx: Context, fact: Fact, rule: str, signals: Sequence[str] = ()) -> Candidate:
    """A candidate for a fact a rule found: located at the entities' mentions nearest its evidence."""
    pos = fact.evidence.start if fact.evidence is not None else 0
    subject = mention_near(ctx, fact.subject, pos)
    obj = None if fact.predicate is Predicate.JOB_TITLE else mention_near(ctx, fact.object, pos)
    return Candidate(fact=restated(fact, rule, fact.confidence, fact.origin), rules=(rule,), subject_span=subject,
                     object_span=obj, signals=tuple(signals))


def restated(f: Fact, rule: str | None, confidence: float, origin: str | None) -> Fact:
    """``replace(f, rule=rule, confidence=confidence, origin=origin)``, field by field: ``dataclasses.replace``
    reads the fields anew on every call (a cost per candidate and per fact); ``test_restated_is_replace`` holds
    this to every field of ``Fact``."""
    return Fact(f.subject, f.predicate, f.object, f.evidence, confidence, f.date, origin, f.role, f.derived, rule)
