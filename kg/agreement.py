"""Inter-annotator agreement: two gold files of one article compared with each other.

Entities are matched by their name sets (two entities of one type agree when a folded name is shared,
:func:`kg.evaluate.fold`), one to one, in file order. Relations agree when they have the same predicate and
their subjects and objects meet after mapping the second file's entity ids onto the first's (an object
list means "any one of these", so two lists agree when they share a member; ``jobTitle`` titles agree
when they are equal after folding). What one annotator made required and the other listed as optional
(``allowed`` names, ``also_true`` relations, and relations touching an entity the other lists only as
allowed) is counted on neither side, as the scorer does for a system: the figures are comparable with
system scores. F1 is symmetric: swapping the two files swaps
precision and recall.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.evaluate import ARTICLE_REF, ENTITY_TYPES, LITERAL_OBJECT, Gold, GoldRelation, Score, fold, total


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One thing only one annotation has: ``side`` is ``a`` or ``b``; ``kind`` an entity type or relation."""

    side: str
    kind: str
    item: str
    optional_in_other: bool = False     # the other annotation has it as allowed / also_true (not counted)


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Agreement of annotation ``b`` with annotation ``a`` of one article."""

    article: str | None
    entities: dict[str, Score]
    relations: dict[str, Score]
    disagreements: tuple[Disagreement, ...] = ()
    matched_entities: dict[str, str] = field(default_factory=dict)   # b id -> a id

    @property
    def entities_micro(self) -> Score:
        return total(self.entities.values())

    @property
    def relations_micro(self) -> Score:
        return total(self.relations.values())

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article,
                "entities": {k: v.to_dict() for k, v in self.entities.items()},
                "relations": {k: v.to_dict() for k, v in self.relations.items()},
                "entities_micro": self.entities_micro.to_dict(),
                "relations_micro": self.relations_micro.to_dict(),
                "disagreements": [{"side": d.side, "kind": d.kind, "item": d.item,
                                   "optional_in_other": d.optional_in_other} for d in self.disagreements]}


def _names(gold: Gold) -> dict[str, frozenset[str]]:
    return {e.id: frozenset(fold(n) for n in e.names) for e in gold.entities}


def match_entities(a: Gold, b: Gold) -> dict[str, str]:
    """``b id -> a id`` for entities of the same type sharing a folded name, one to one, in file order."""
    a_names, b_names = _names(a), _names(b)
    taken: set[str] = set()
    out: dict[str, str] = {}
    for eb in b.entities:
        for ea in a.entities:
            if ea.type == eb.type and ea.id not in taken and a_names[ea.id] & b_names[eb.id]:
                out[eb.id] = ea.id
                taken.add(ea.id)
                break
    return out


def _key(rel: GoldRelation, mapping: dict[str, str], side: str) -> tuple[frozenset[str], frozenset[str]]:
    """A relation's ends in the first annotation's id space (unmatched ids stay apart, marked by side)."""
    def ref(r: str) -> str:
        if r == ARTICLE_REF:
            return r
        return mapping.get(r, f"{side}:{r}") if side == "b" else r

    subjects = frozenset(ref(r) for r in rel.subjects)
    objects = (frozenset(fold(t) for t in rel.objects) if rel.predicate in LITERAL_OBJECT
               else frozenset(ref(r) for r in rel.objects))
    return subjects, objects


def _meets(x: tuple[frozenset[str], frozenset[str]], y: tuple[frozenset[str], frozenset[str]]) -> bool:
    return bool(x[0] & y[0]) and bool(x[1] & y[1])


def _show(gold: Gold, rel: GoldRelation) -> str:
    def show(refs: Sequence[str], literal: bool) -> str:
        if literal:
            return "|".join(refs)
        return "|".join(r if r == ARTICLE_REF else gold.entity(r).label for r in refs)

    return f"{show(rel.subjects, False)} {rel.predicate} {show(rel.objects, rel.predicate in LITERAL_OBJECT)}"


def _pair(required_a: list[tuple[GoldRelation, Any]], required_b: list[tuple[GoldRelation, Any]]
          ) -> tuple[set[int], set[int]]:
    """Indices of a's and b's relations matched one to one (greedy, file order)."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    for j, (_, kb) in enumerate(required_b):
        for i, (_, ka) in enumerate(required_a):
            if i not in used_a and _meets(ka, kb):
                used_a.add(i)
                used_b.add(j)
                break
    return used_a, used_b


def _unmatched_allowed(gold: Gold, matched: set[str], other: Gold) -> set[str]:
    """Ids of ``gold``'s entities not matched in ``other`` whose names ``other`` lists as allowed."""
    names = _names(gold)
    return {e.id for e in gold.entities
            if e.id not in matched and names[e.id] & other.allowed.get(e.type, frozenset())}


def _touches(rel: GoldRelation, ids: set[str]) -> bool:
    ends = rel.subjects if rel.predicate in LITERAL_OBJECT else (*rel.subjects, *rel.objects)
    return any(r in ids for r in ends)


def agreement(a: Gold, b: Gold) -> AgreementReport:
    """How far annotation ``b`` agrees with annotation ``a`` of the same article, per type and relation."""
    mapping = match_entities(a, b)
    matched_a = set(mapping.values())
    a_names, b_names = _names(a), _names(b)
    entities: dict[str, Score] = {}
    dis: list[Disagreement] = []
    for etype in ENTITY_TYPES:
        a_allowed, b_allowed = a.allowed.get(etype, frozenset()), b.allowed.get(etype, frozenset())
        tp = sum(1 for eb in b.entities if eb.type == etype and eb.id in mapping)
        fn = fp = 0
        for ea in a.entities:
            if ea.type == etype and ea.id not in matched_a:
                optional = bool(a_names[ea.id] & b_allowed)
                fn += not optional
                dis.append(Disagreement("a", etype, ea.label, optional))
        for eb in b.entities:
            if eb.type == etype and eb.id not in mapping:
                optional = bool(b_names[eb.id] & a_allowed)
                fp += not optional
                dis.append(Disagreement("b", etype, eb.label, optional))
        entities[etype] = Score(tp, fp, fn)
    # entities one side has and the other lists only as allowed: relations touching them are optional too
    # (the scorer does not judge a system's triple whose end the gold does not know)
    a_optional_in_b = _unmatched_allowed(a, matched_a, b)
    b_optional_in_a = _unmatched_allowed(b, set(mapping), a)
    relations: dict[str, Score] = {}
    predicates = list(dict.fromkeys([r.predicate for r in (*a.relations, *b.relations)]))
    for pred in predicates:
        ra = [(r, _key(r, mapping, "a")) for r in a.relations if r.predicate == pred]
        rb = [(r, _key(r, mapping, "b")) for r in b.relations if r.predicate == pred]
        oa = [_key(r, mapping, "a") for r in a.also_true if r.predicate == pred]
        ob = [_key(r, mapping, "b") for r in b.also_true if r.predicate == pred]
        used_a, used_b = _pair(ra, rb)
        fn = fp = 0
        for i, (rel, key) in enumerate(ra):
            if i in used_a:
                continue
            optional = any(_meets(key, k) for k in ob) or _touches(rel, a_optional_in_b)
            fn += not optional
            dis.append(Disagreement("a", pred, _show(a, rel), optional))
        for j, (rel, key) in enumerate(rb):
            if j in used_b:
                continue
            optional = any(_meets(k, key) for k in oa) or _touches(rel, b_optional_in_a)
            fp += not optional
            dis.append(Disagreement("b", pred, _show(b, rel), optional))
        relations[pred] = Score(len(used_b), fp, fn)
    return AgreementReport(article=a.article, entities=entities, relations=relations,
                           disagreements=tuple(dis), matched_entities=mapping)


def pooled(reports: Iterable[AgreementReport]) -> dict[str, Any]:
    """Micro totals over articles: entities and relations overall, per type and per relation."""
    reports = list(reports)
    by_type: dict[str, Score] = {}
    by_rel: dict[str, Score] = {}
    for r in reports:
        for k, v in r.entities.items():
            by_type[k] = by_type.get(k, Score(0, 0, 0)) + v
        for k, v in r.relations.items():
            by_rel[k] = by_rel.get(k, Score(0, 0, 0)) + v
    strict: dict[str, Score] = {}
    for r in reports:
        for kind, score in (*r.entities.items(), *r.relations.items()):
            extra = [d for d in r.disagreements if d.kind == kind and d.optional_in_other]
            strict[kind] = strict.get(kind, Score(0, 0, 0)) + Score(
                score.tp, score.fp + sum(d.side == "b" for d in extra), score.fn + sum(d.side == "a" for d in extra))
    return {"articles": len(reports),
            "entities": total(r.entities_micro for r in reports).to_dict(),
            "relations": total(r.relations_micro for r in reports).to_dict(),
            "by_type": {k: v.to_dict() for k, v in by_type.items()},
            "by_relation": {k: by_rel[k].to_dict() for k in sorted(by_rel)},
            # every difference counted, optional items included: the lower bound
            "strict": {"entities": total(v for k, v in strict.items() if k in ENTITY_TYPES).to_dict(),
                       "relations": total(v for k, v in strict.items() if k not in ENTITY_TYPES).to_dict(),
                       "by_type": {k: strict[k].to_dict() for k in ENTITY_TYPES if k in strict},
                       "by_relation": {k: strict[k].to_dict() for k in sorted(strict) if k not in ENTITY_TYPES}}}


__all__ = ["AgreementReport", "Disagreement", "agreement", "match_entities", "pooled"]
