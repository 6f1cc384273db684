"""Fixtures of the evaluation tests: a small hand-made gold file and a helper to build graphs from Turtle."""
from __future__ import annotations

import copy
from typing import Any

import pytest
from rdflib import Graph

PREFIXES = """
@prefix fk: <https://w3id.org/frontline-kg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <http://example.org/> .
"""

# A small gold file exercising every rule: an object list, a jobTitle list, a containedIn chain,
# also_true relations, allowed names, ARTICLE.
GOLD: dict[str, Any] = {
    "article": "toy.txt",
    "home_district": "南河区",
    "entities": [
        {"id": "p_a", "type": "Person", "names": ["张三"]},
        {"id": "p_b", "type": "Person", "names": ["李四"]},
        {"id": "p_c", "type": "Person", "names": ["王五"]},
        {"id": "pl_town", "type": "Place", "names": ["东山镇", "南河区东山镇"]},
        {"id": "pl_vil", "type": "Place", "names": ["白沙村", "东山镇白沙村"]},
        {"id": "pl_dist", "type": "Place", "names": ["南河区", "南河"]},
        {"id": "o_unit", "type": "Organization", "names": ["区财政局", "南河区财政局"]},
        {"id": "o_branch", "type": "Organization", "names": ["白沙村临时党支部", "临时党支部"]},
    ],
    "allowed": {"Place": ["卡口"], "Organization": ["指挥部"], "Person": []},
    "relations": [
        {"s": "p_a", "p": "deployedTo", "o": "pl_vil", "evidence": "张三来到白沙村"},
        {"s": "p_b", "p": "deployedTo", "o": ["pl_vil", "pl_town"]},
        {"s": "p_a", "p": "memberOf", "o": "o_unit"},
        {"s": "p_a", "p": "jobTitle", "o": "一级科员"},
        {"s": "p_b", "p": "jobTitle", "o": ["组长", "主任"]},
        {"s": "pl_vil", "p": "containedIn", "o": "pl_town"},
        {"s": "pl_town", "p": "containedIn", "o": "pl_dist"},
        {"s": "o_branch", "p": "locatedIn", "o": "pl_vil"},
        {"s": "pl_dist", "p": "supports", "o": "pl_town"},
        {"s": "ARTICLE", "p": "author", "o": "p_c"},
    ],
    "also_true": [
        {"s": "pl_vil", "p": "containedIn", "o": "pl_dist"},
        {"s": "p_a", "p": "deployedTo", "o": "pl_town"},
    ],
}


@pytest.fixture()
def gold() -> dict[str, Any]:
    """A fresh deep copy of the toy gold file (tests may break it)."""
    return copy.deepcopy(GOLD)


def turtle(body: str) -> Graph:
    """A graph from Turtle statements written with the prefixes above."""
    graph = Graph()
    graph.parse(data=PREFIXES + body, format="turtle")
    return graph


@pytest.fixture()
def ttl():
    """The :func:`turtle` helper, as a fixture (conftest modules are not imported by tests)."""
    return turtle
