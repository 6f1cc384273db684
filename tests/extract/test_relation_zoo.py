"""Deployments and memberships on real paragraphs from pages outside the corpus (``tests/data/relation_zoo``),
through the real reader and the shipped pipeline with its model.

A gold pair ``[subject, object]`` is found when a fact of that relation links an entity named (by name or
written form, quotes and brackets aside) with or around the gold subject to one with or around the gold
object. A fact that matches no gold pair and no ``also_true`` fact is unmatched: not every one is false
(a place less specific than the gold one, say), so the count is a bound on error, not a precision."""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from spacy.language import Language

from kg.extract import Extraction, build_pipeline, extract
from kg.read import normalize

ZOO = Path(__file__).resolve().parent.parent / "data" / "relation_zoo" / "zoo.jsonl"
RELATIONS = ("deployedTo", "memberOf")
_QUOTES = str.maketrans("", "", "“”\"‘’「」()（）")


@pytest.fixture(scope="module")
def shipped() -> Language:
    return build_pipeline()     # the default: rules and the trained scorer


def _forms(ex: Extraction) -> dict[str, set[str]]:
    return {e.key: {n.translate(_QUOTES) for n in (e.name, *e.aliases)} for e in ex.entities}


def _names(gold: str | list[str]) -> list[str]:
    return [g.translate(_QUOTES) for g in ([gold] if isinstance(gold, str) else gold)]


def _matches(forms: Iterable[str], gold: str | list[str]) -> bool:
    return any(g in f for f in forms for g in _names(gold))


def score_zoo(nlp: Language) -> dict[str, dict[str, int]]:
    out = {rel: {"gold": 0, "found": 0, "unmatched": 0} for rel in RELATIONS}
    for line in ZOO.read_text(encoding="utf-8").splitlines():
        z = json.loads(line)
        ex = extract(normalize(z["text"], source="zoo"), nlp=nlp)
        forms = _forms(ex)
        facts = [f for f in ex.facts if f.predicate.value in RELATIONS and f.object in forms]
        used: set[int] = set()
        for rel in RELATIONS:
            for s, o in z[rel]:
                out[rel]["gold"] += 1
                hit = [i for i, f in enumerate(facts) if f.predicate.value == rel
                       and _matches(forms.get(f.subject, ()), s) and _matches(forms[f.object], o)]
                out[rel]["found"] += bool(hit)
                used.update(hit)
        neutral = [(r, s, o) for r, s, o in z.get("also_true", [])]
        for i, f in enumerate(facts):
            if i in used:
                continue
            if any(f.predicate.value == r and _matches(forms.get(f.subject, ()), s) and _matches(forms[f.object], o)
                   for r, s, o in neutral):
                continue
            out[f.predicate.value]["unmatched"] += 1
    return out


def test_deployments_and_memberships_of_real_paragraphs(shipped: Language) -> None:
    got = score_zoo(shipped)
    assert got["deployedTo"]["gold"] == 89 and got["memberOf"]["gold"] == 53
    # measured 2026-12-05: at 1b404d2 (threshold 0.651) deployedTo 28 found and 16 unmatched, memberOf 22 and
    # 12 (rules only: 21 and 16 found); after the session's rules, with the retrained model (threshold 0.726,
    # chosen on dev), deployedTo 25 and 8, memberOf 27 and 10. Measured 2026-12-06: the threshold is now the
    # median of 200 bootstrap best cuts on dev (0.675; p05 0.588, p95 0.743), and the cut moved back toward
    # recall: deployedTo 29 found and 16 unmatched, memberOf 29 and 12. With the list-sibling features
    # (threshold 0.704): deployedTo 26 and 8, memberOf 27 and 10. With the article's main unit in focus
    # for memberOf (cross-validated memberOf recall on train+dev 0.545 -> 0.588; threshold 0.697):
    # deployedTo 26 and 9, memberOf 26 and 7. With the places a stationed team's name gives (派驻某村工作队)
    # (threshold 0.698): deployedTo 30 and 10, memberOf 25 and 6. With units written short merged, the main
    # unit as its own rule and 是某支部的一员/成员 (threshold 0.687): deployedTo 30, memberOf 26. With the
    # innermost place of a team's name (threshold 0.698): deployedTo 29 and 7, memberOf 25 and 7.
    # The found bounds sit two below the last measurement and the unmatched bounds a few above it: a
    # retrained cut moves a relation or two either way on 50 paragraphs (as the corpus pins sit 0.025 below).
    # After the review fixes (a verb inside a place's name, the outlet out of the main unit, threshold
    # 0.738): deployedTo 26 and 6, memberOf 23 and 5. Session 9 (the rules of 145 more articles, the model
    # trained on 204, threshold 0.732): deployedTo 31 and 12, memberOf 30 and 6. Session 10 (the main unit's
    # destinations, listed subjects pooled, 某县水利和湖泊局 whole; threshold 0.725): deployedTo 32 and 13,
    # memberOf 29 and 5. Session 11 (entity recognition: surnames, team and branch names, places listed or
    # chained, credits; threshold 0.719): deployedTo 36 and 12, memberOf 34 and 5 (rules only 28 and 28); with
    # the session's last recognition fixes (threshold 0.739): deployedTo 35 and 11, memberOf 33 and 4.
    # Session 12 (departments and groups, places listed or renamed, sites in their place, credits; threshold
    # 0.749): deployedTo 36 and 11, memberOf 33 and 5 (rules only 28 and 28); with the full branch forms
    # (党总支部, threshold 0.755): deployedTo 36 and 11, memberOf 33 and 4. Session 13 (the model trained on
    # 257 train articles, calibrated on 100 dev; threshold 0.705): deployedTo 38 and 16, memberOf 33 and 6
    # (rules only 28 and 28); trained on 313 and calibrated on 113 (C 0.1, threshold 0.725): deployedTo 38
    # and 18, memberOf 29 and 4; trained on 361 and calibrated on 131 (C 0.1, threshold 0.726): deployedTo 36
    # and 17, memberOf 27 and 4. Session 14 (two passes, the second reading the first's probabilities of a
    # candidate's neighbours; trained on 537, calibrated on 184; C 0.1, threshold 0.719): deployedTo 40 and 18,
    # memberOf 37 and 6; trained on 580, calibrated on 197 (threshold 0.708): deployedTo 40 and 20, memberOf 36
    # and 5. Session 16 (facilities named only as sites are places; trained on 974, calibrated on 344, threshold
    # 0.720): deployedTo 46 and 23, memberOf 38 and 6; among the unmatched, two new kinds of error the site
    # places open: an inspection group 前往 two quarantine hotels read as deployed there (line 38), and the
    # second team put at the cabin hospital where the text has the first (line 26).
    assert got["deployedTo"]["found"] >= 44, got
    assert got["memberOf"]["found"] >= 36, got
    assert got["deployedTo"]["unmatched"] <= 26, got
    assert got["memberOf"]["unmatched"] <= 9, got
