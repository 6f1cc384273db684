"""Candidates that share a list: the items of one coordination (``甲、乙和丙``, read by ``fk_lists``) paired
by one relation with one and the same other end are *siblings*. A list is stated as a whole (a unit sent to
three communities, three units sent to one village), so what the rules found for one item is evidence for
the others: a feature tells the scorer which rules fired on a sibling and not on the candidate itself, and
the model learns, from the annotated corpus, how much that is worth.

Only spans are compared: a candidate belongs to a list where its subject's or its object's mention is one of
the list's items (the same start and end).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kg.extract.context import Context

SUBJECT, OBJECT = "s", "o"


def _item_lists(ctx: Context) -> dict[tuple[int, int], int]:
    """Each list item's span -> the index of its list (the ``Coordination`` lists ``fk_lists`` set)."""
    return {(m.start, m.end): n for n, co in enumerate(ctx.lists) for m in co.items}


def sibling_groups(candidates: Sequence[Any], ctx: Context) -> dict[tuple[Any, ...], list[int]]:
    """(relation, side, the other end, list) -> the indexes of the candidates whose ``side`` end is an item
    of that list; only groups of two candidates or more. Worked out once per candidate list (the features
    and the scorer's pooling both read it)."""
    held = ctx.cache.get("sibling-groups")
    if held is not None and held[0] is candidates and held[1] == len(candidates):
        return held[2]
    groups = _sibling_groups(candidates, ctx)
    # (the list itself kept: compared by identity, never by a reusable id)
    ctx.cache["sibling-groups"] = (candidates, len(candidates), groups)
    return groups


def _sibling_groups(candidates: Sequence[Any], ctx: Context) -> dict[tuple[Any, ...], list[int]]:
    where = _item_lists(ctx)
    if not where:
        return {}
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, c in enumerate(candidates):
        f = c.fact
        for side, span, other in ((OBJECT, c.object_span, f.subject), (SUBJECT, c.subject_span, f.object)):
            n = where.get(span) if span is not None else None
            if n is not None:
                groups.setdefault((f.predicate, side, other, n), []).append(i)
    return {k: v for k, v in groups.items() if len(v) > 1}


def subject_lists(candidates: Sequence[Any], ctx: Context) -> list[list[int]]:
    """The groups of candidates whose subjects are the items of one list and whose object is one and the
    same (甲、乙和丙 sent to one village): the groups the scorer pools (``kg.extract.scorer.pool_margins``).
    A list of objects (a unit sent to three villages) is left apart: it may go to some and support others."""
    return [members for (_pred, side, _other, _n), members in sibling_groups(candidates, ctx).items()
            if side == SUBJECT]


def sibling_features(candidates: Sequence[Any], ctx: Context) -> list[set[str]]:
    """Per candidate: ``<rel>|sib-<side>`` where it has list siblings, and ``<rel>|sib-<side>-rule=<rule>`` for
    each rule that proposed a sibling but not the candidate itself."""
    out: list[set[str]] = [set() for _ in candidates]
    for (pred, side, _other, _n), members in sibling_groups(candidates, ctx).items():
        rel = pred.value
        # a rule of a sibling and not of the candidate is a rule of the group the candidate lacks
        group = {r for j in members for r in candidates[j].rules}
        for i in members:
            out[i].add(f"{rel}|sib-{side}")
            out[i].update(f"{rel}|sib-{side}-rule={r}" for r in group.difference(candidates[i].rules))
    return out
