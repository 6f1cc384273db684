"""What the relation components read: the article, its sentences, the recognised mentions, the
article's entities (resolution), the parsed lists and the discourse state.

Built once per article by ``fk_resolver`` (``doc.user_data[CONTEXT]``); ``fk_lists`` and
``fk_discourse`` fill ``lists`` and ``discourse``; the candidate rules only read it.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kg.extract.recognize import Cand, Resources
from kg.extract.resolve import Draft, Resolution
from kg.records import ARTICLE, Article, Candidate, Evidence, Fact, Predicate

_MENTIONS = "context:mentions-by-key"


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
    """The mention of entity ``key`` nearest ``pos`` (preferring the same sentence)."""
    if key == ARTICLE:
        return None
    mentions = ctx.mentions_of(key)
    if not mentions:
        return None
    sentence = ctx.sentence_index(pos)
    best = min(mentions, key=lambda c: (ctx.sentence_index(c.start) != sentence, abs(c.start - pos)))
    return (best.start, best.end)


def from_fact(ctx: Context, fact: Fact, rule: str, signals: Sequence[str] = ()) -> Candidate:
    """A candidate for a fact a rule found: located at the entities' mentions nearest its evidence."""
    pos = fact.evidence.start if fact.evidence is not None else 0
    subject = mention_near(ctx, fact.subject, pos)
    obj = None if fact.predicate is Predicate.JOB_TITLE else mention_near(ctx, fact.object, pos)
    return Candidate(fact=replace(fact, rule=rule), rules=(rule,), subject_span=subject, object_span=obj,
                     signals=tuple(signals))
