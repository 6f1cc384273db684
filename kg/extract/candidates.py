"""Candidate generation: every relation rule (``kg.extract.rules``) runs its kind over the context;
the candidates proposing the same (subject, predicate, object) are merged, keeping every rule's name.

Rule kinds register in ``RULE_KINDS``. The kinds shipped with the project live in
``kg.extract.relations`` (sentence-level rules) and ``kg.extract.discourse`` (lists, teams,
inherited places, short references); both are imported here so their kinds are registered.
"""
from __future__ import annotations

from collections.abc import Sequence

from kg.extract import discourse, relations  # noqa: F401 - register their rule kinds
from kg.extract.context import Context
from kg.extract.rules import RULE_KINDS, Rule, relation_rules, stage_of
from kg.records import PRECISE, Candidate, Predicate


def with_rules(c: Candidate, rules: tuple[str, ...], signals: tuple[str, ...]) -> Candidate:
    """The candidate with these rules and signals, everything else kept (``dataclasses.replace`` without
    its walk over the fields: it runs for most candidates)."""
    return Candidate(fact=c.fact, rules=rules, subject_span=c.subject_span, object_span=c.object_span,
                     signals=signals, score=c.score)


def merge(found: Sequence[Candidate]) -> list[Candidate]:
    """One candidate per (subject, predicate, object): the first proposal, with every rule and signal."""
    merged: dict[tuple[str, Predicate, str], Candidate] = {}
    for c in found:
        key = c.key
        held = merged.get(key)
        if held is None:
            merged[key] = c
            continue
        merged[key] = with_rules(held, tuple(dict.fromkeys(held.rules + c.rules)),
                                 tuple(dict.fromkeys(held.signals + c.signals)))
    return list(merged.values())


def propose(ctx: Context, rules: Sequence[Rule]) -> list[Candidate]:
    """Every candidate every relation rule proposes on the article, merged. Rules run in the stage
    order of their kinds (``kg.extract.rules.rule_kind``), then in file order."""
    found: list[Candidate] = []
    for rule in sorted(relation_rules(rules), key=stage_of):
        kind = RULE_KINDS.get(rule.kind)
        precise = not rule.recall_only
        for c in kind(ctx, rule):
            named = rule.name in c.rules
            marked = not precise or PRECISE in c.signals
            if not (named and marked):
                c = with_rules(c, c.rules if named else (rule.name, *c.rules),
                               c.signals if marked else (*c.signals, PRECISE))
            found.append(c)
    return merge(found)
