"""Collective features: what a first pass of the scorer thinks of a candidate's neighbours in the article.

A deployment of a person is likelier when the team the person is a member of is deployed to the same place,
when the place is where other candidates of the article go, or when it is the person's likeliest place; a
membership is likelier when the team is deployed somewhere. The scorer runs twice (``kg.extract.scorer``):
the first pass gives every candidate of the article a probability from its own features, and the second
reads, besides those features, these collective ones computed from the first pass's probabilities
(bucketed: a fifth of the probability range each), conjoined with the relation:

* ``c-objother``: the best other candidate of the same relation and object (another subject going there);
* ``c-subjother``: the best other candidate of the same relation and subject (the subject's other objects),
  and ``c-subjargmax``: whether this candidate is at least as likely as every one of them;
* deployments: ``c-via``, the best team route (the subject is a member of a team that is deployed to the
  object: the smaller of the two probabilities, over the subject's three likeliest teams), and ``c-member``,
  the subject's likeliest membership;
* memberships: ``c-teamdep``, the team's likeliest deployment, and ``c-subjdep``, the subject's.

Everything is read from dictionaries built once per article: linear in the candidates (a subject's teams
are read three at most).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

DEPLOYED = "deployedTo"
MEMBER = "memberOf"
TEAMS_READ = 3          # the likeliest memberships of a subject a deployment reads (c-via)
_BUCKETS = 5


def bucket(p: float | None) -> str:
    """A probability as one of five buckets (``0`` .. ``4``), ``none`` when there is nothing to read."""
    if p is None:
        return "none"
    return str(min(int(p * _BUCKETS), _BUCKETS - 1))


def _keep(store: dict[Any, list[tuple[float, str]]], key: Any, p: float, other: str, n: int) -> None:
    """Keep the ``n`` likeliest (probability, other end) of ``key``, ties by the other end's name: the new pair
    goes after every kept one that ranks before it or equal (where sorting the kept list with it appended puts
    it), and the list is cut at ``n``."""
    held = store.setdefault(key, [])
    rank = (-p, other)
    i = len(held)
    while i and (-held[i - 1][0], held[i - 1][1]) > rank:
        i -= 1
    if i < n:
        held.insert(i, (p, other))
        del held[n:]


def _best_other(held: list[tuple[float, str]] | None, own: str) -> float | None:
    return next((p for p, other in held or () if other != own), None)


def from_margins(keys: Sequence[tuple[str, str, str]], margins: np.ndarray) -> list[tuple[str, ...]]:
    """:func:`collective_features` read from the first pass's (pooled) margins: their logistic probabilities,
    as the scorer and training both turn them (one definition of the first pass's probability)."""
    return collective_features(keys, 1 / (1 + np.exp(-np.asarray(margins, dtype=np.float64))))


def collective_features(keys: Sequence[tuple[str, str, str]], probs: Sequence[float] | np.ndarray
                        ) -> list[tuple[str, ...]]:
    """The collective features of each candidate of one article: ``keys`` are (relation, subject, object),
    ``probs`` the first pass's probabilities, in the same order."""
    best: dict[tuple[str, str, str], float] = {}
    for key, p in zip(keys, probs, strict=True):
        p = float(p)
        if p > best.get(key, -1.0):
            best[key] = p
    by_object: dict[tuple[str, str], list[tuple[float, str]]] = {}
    by_subject: dict[tuple[str, str], list[tuple[float, str]]] = {}
    teams: dict[str, list[tuple[float, str]]] = {}
    deployed_from: dict[str, float] = {}
    for (rel, subj, obj), p in best.items():
        _keep(by_object, (rel, obj), p, subj, 2)      # (two: the best other than one's own is among them)
        _keep(by_subject, (rel, subj), p, obj, 2)
        if rel == MEMBER:
            _keep(teams, subj, p, obj, TEAMS_READ)
        elif rel == DEPLOYED and p > deployed_from.get(subj, -1.0):
            deployed_from[subj] = p
    out: list[tuple[str, ...]] = []
    for rel, subj, obj in keys:
        others = _best_other(by_subject.get((rel, subj)), obj)
        feats = [f"{rel}|c-objother={bucket(_best_other(by_object.get((rel, obj)), subj))}",
                 f"{rel}|c-subjother={bucket(others)}"]
        if others is not None:
            feats.append(f"{rel}|c-subjargmax={best[(rel, subj, obj)] >= others}")
        if rel == DEPLOYED:
            held = teams.get(subj, [])
            via = [min(p, best.get((DEPLOYED, team, obj), 0.0)) for p, team in held]
            feats.append(f"{rel}|c-via={bucket(max(via) if via else None)}")
            feats.append(f"{rel}|c-member={bucket(held[0][0] if held else None)}")
        elif rel == MEMBER:
            feats.append(f"{rel}|c-teamdep={bucket(deployed_from.get(obj))}")
            feats.append(f"{rel}|c-subjdep={bucket(deployed_from.get(subj))}")
        out.append(tuple(feats))
    return out
