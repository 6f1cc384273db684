"""Candidates judged against a gold annotation: the training labels of the scorer and the
candidate recall of the rules.

A candidate's ends are matched to gold entities by name, as the reference scorer matches graph
nodes by label (``kg.evaluate.fold``: NFKC, Simplified, no spaces or quotes): an entity's canonical
name or any alias equal to one of the gold entity's names. A ``jobTitle`` candidate matches a gold
title that its literal contains. A candidate is

* ``True``  when a gold relation (or an ``also_true`` one) holds for it,
* ``False`` when both ends are gold entities (or the article) and no gold relation holds: the
  reference scorer would count it as a false positive,
* ``None``  otherwise (an end the annotation does not know: the scorer does not judge it).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.evaluate import Gold, GoldRelation, fold
from kg.records import ARTICLE, Candidate, Predicate


@dataclass(frozen=True, slots=True)
class Ends:
    """The gold ids each entity key of one article stands for."""

    ids: dict[str, frozenset[str]]

    def of(self, key: str) -> frozenset[str]:
        if key == ARTICLE:
            return frozenset({ARTICLE})
        return self.ids.get(key, frozenset())


def gold_ends(entity_names: Mapping[str, Sequence[str]], gold: Gold) -> Ends:
    """For each entity key (with its names: canonical first, then aliases) the gold ids it matches."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for e in gold.entities:
        for n in e.names:
            by_name[fold(n)].add(e.id)
    ids = {key: frozenset(i for n in names for i in by_name.get(fold(n), ())) for key, names in entity_names.items()}
    return Ends(ids)


def _holds(rel: GoldRelation, c: Candidate, ends: Ends) -> bool:
    f = c.fact
    if rel.predicate != f.predicate.value or not (ends.of(f.subject) & set(rel.subjects)):
        return False
    if f.predicate is Predicate.JOB_TITLE:
        literal = fold(f.object)
        return any(fold(t) in literal for t in rel.objects)
    return bool(ends.of(f.object) & set(rel.objects))


def label(c: Candidate, gold: Gold, ends: Ends) -> bool | None:
    """True, False or None (unjudged) for one candidate; see the module's docstring."""
    f = c.fact
    if any(_holds(r, c, ends) for r in (*gold.relations, *gold.also_true)):
        return True
    if not ends.of(f.subject):
        return None
    if f.predicate is Predicate.JOB_TITLE:
        titled = {s for r in gold.relations if r.predicate == "jobTitle" for s in r.subjects}
        return False if ends.of(f.subject) & titled else None
    return False if ends.of(f.object) else None


def covers(c: Candidate, gold: Gold, ends: Ends) -> tuple[int, ...]:
    """The indices of the gold relations (``gold.relations``, not ``also_true``) the candidate states."""
    return tuple(i for i, r in enumerate(gold.relations) if _holds(r, c, ends))


def labels(candidates: Sequence[Candidate], gold: Gold, ends: Ends) -> list[bool | None]:
    return [label(c, gold, ends) for c in candidates]


@dataclass
class Recall:
    """How many gold relations some candidate covers, per predicate."""

    gold: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    covered: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    missed: list[str] = field(default_factory=list)
    by_article: dict[str, int] = field(default_factory=lambda: defaultdict(int))   # gold relations per article

    def add(self, candidates: Sequence[Candidate], gold: Gold, ends: Ends, article: str = "") -> None:
        names = {e.id: e.names[0] for e in gold.entities}
        for rel in gold.relations:
            self.gold[rel.predicate] += 1
            self.by_article[article] += 1
            if any(_holds(rel, c, ends) for c in candidates):
                self.covered[rel.predicate] += 1
            else:
                s = "|".join(names.get(x, x) for x in rel.subjects)
                o = "|".join(names.get(x, x) for x in rel.objects)
                self.missed.append(f"{article}: {s} {rel.predicate} {o}")

    def summary(self) -> dict[str, Any]:
        per = {p: {"gold": n, "covered": self.covered[p], "recall": round(self.covered[p] / n, 3) if n else 0.0}
               for p, n in sorted(self.gold.items())}
        total = sum(self.gold.values())
        covered = sum(self.covered.values())
        return {"relations": per, "gold": total, "covered": covered,
                "recall": round(covered / total, 3) if total else 0.0}


def entity_names(drafts: Iterable[Any]) -> dict[str, list[str]]:
    """Key -> [name, *aliases] of the article's entity drafts (or entities)."""
    return {d.key: [d.name, *d.aliases] for d in drafts}
