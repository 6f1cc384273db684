"""Produced graphs pass the SHACL shapes; graphs that break the contract do not."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.rdf import article_graph
from kg.rdf.ontology import ontology_graph, shapes_graph
from kg.rdf.validate import validate
from kg.vocab import FK, RDF, RDFS


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shapes_graph()


@pytest.fixture(scope="module")
def good(dev_extraction) -> Graph:
    return article_graph(dev_extraction)[1]


def copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def test_built_graphs_conform(good: Graph, other_extraction, shapes: Graph) -> None:
    v = validate(good, shapes=shapes)
    assert v.conforms, v.text
    v = validate(article_graph(other_extraction)[1], shapes=shapes)
    assert v.conforms, v.text


def test_entity_without_simplified_label_fails(good: Graph, shapes: Graph) -> None:
    g = copy(good)
    node = next(g.subjects(RDFS.label, Literal("陈艳玲", lang="zh-Hans")))
    g.remove((node, RDFS.label, Literal("陈艳玲", lang="zh-Hans")))
    v = validate(g, shapes=shapes)
    assert not v.conforms and "zh-Hans" in v.text


def test_deployment_without_evidence_fails(good: Graph, shapes: Graph) -> None:
    g = copy(good)
    dep = next(g.subjects(RDF.type, FK.Deployment))
    g.remove((dep, FK.evidence, None))
    v = validate(g, shapes=shapes)
    assert not v.conforms and "sentence" in v.text


def test_evidence_without_offsets_fails(good: Graph, shapes: Graph) -> None:
    g = copy(good)
    ev = next(g.subjects(RDF.type, FK.Evidence))
    g.remove((ev, FK.originalStart, None))
    assert not validate(g, shapes=shapes).conforms


def test_evidence_typed_as_person_fails(good: Graph, shapes: Graph) -> None:
    g = copy(good)
    ev = next(g.subjects(RDF.type, FK.Evidence))
    g.add((ev, RDF.type, FK.Person))
    assert not validate(g, shapes=shapes).conforms


def test_deployment_to_a_person_fails(good: Graph, shapes: Graph) -> None:
    g = copy(good)
    a = next(g.subjects(RDFS.label, Literal("陈艳玲", lang="zh-Hans")))
    b = next(g.subjects(RDFS.label, Literal("黄锋", lang="zh-Hans")))
    g.add((a, FK.deployedTo, b))
    assert not validate(g, shapes=shapes).conforms


def test_ontology_declares_every_term_the_builder_uses(good: Graph) -> None:
    """Every fk: class and property in a built graph is declared in ontology/frontline.ttl."""
    onto = ontology_graph()
    declared = set(onto.subjects(RDF.type, None))
    used = {p for p in good.predicates() if str(p).startswith(str(FK))}
    used |= {o for o in good.objects(None, RDF.type) if str(o).startswith(str(FK))}
    assert used - declared == set()
    # every declared fk: term has Chinese and English labels
    for term in declared:
        if isinstance(term, URIRef) and str(term).startswith(str(FK)):
            langs = {lit.language for lit in onto.objects(term, RDFS.label)}
            assert {"en", "zh-Hans"} <= langs, term


def test_contract_classes_are_subclasses_of_the_reused_vocabularies() -> None:
    from kg.vocab import ORG, SDO

    onto = ontology_graph()
    assert (FK.Organization, RDFS.subClassOf, ORG.Organization) in onto
    assert (FK.Place, RDFS.subClassOf, SDO.Place) in onto
    assert (FK.Article, RDFS.subClassOf, SDO.NewsArticle) in onto
    assert (FK.photographer, RDFS.subPropertyOf, SDO.contributor) in onto
    # nothing that qualifies a fact is declared an entity class
    for cls in (FK.Evidence, FK.Statement, FK.Deployment):
        assert not any((cls, RDFS.subClassOf, c) in onto for c in (FK.Person, FK.Organization, FK.Place))
