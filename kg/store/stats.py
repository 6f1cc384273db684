"""Counts of what a store holds: graphs, quads, instances by class, triples by property."""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from kg.rdf.build import SHARED_GRAPH
from kg.rdf.ontology import ONTOLOGY_GRAPH
from kg.store.base import Store


@dataclass(frozen=True)
class StoreStats:
    """What ``kg stats`` prints (the ontology graph is left out of the counts by class and property)."""

    quads: int
    articles: int
    graphs: int
    classes: list[tuple[str, int]] = field(default_factory=list)      # (class IRI, distinct instances)
    properties: list[tuple[str, int]] = field(default_factory=list)   # (property IRI, triples)


def store_stats(store: Store) -> StoreStats:
    """Counts over every named graph but the ontology's."""
    graphs = store.graphs()
    articles = sum(1 for g in graphs if g not in (str(ONTOLOGY_GRAPH), str(SHARED_GRAPH)))
    onto: dict[str, Node] = {"o": URIRef(str(ONTOLOGY_GRAPH))}
    classes = store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } "
                          "FILTER(?g != ?o) } GROUP BY ?c ORDER BY DESC(?n) ?c", bindings=onto)
    props = store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?x } "
                        "FILTER(?g != ?o) } GROUP BY ?p ORDER BY DESC(?n) ?p", bindings=onto)
    return StoreStats(
        quads=len(store), articles=articles, graphs=len(graphs),
        classes=[(str(c), int(str(n))) for c, n in classes.rows],
        properties=[(str(p), int(str(n))) for p, n in props.rows],
    )
