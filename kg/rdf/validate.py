"""SHACL validation of produced graphs against ``ontology/shapes.ttl`` (pyshacl)."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.rdf.ontology import shapes_graph


@dataclass(frozen=True)
class Validation:
    """The outcome of validating a graph: whether it conforms, and pyshacl's report text."""

    conforms: bool
    text: str
    results: int


def validate(graph: Graph, *, shapes: Graph | None = None) -> Validation:
    """Validate ``graph`` against the project's shapes (no inference: the builder asserts every class)."""
    from pyshacl import validate as shacl_validate

    conforms, report, text = shacl_validate(graph, shacl_graph=shapes or shapes_graph(),
                                            inference="none", advanced=True, allow_warnings=False)
    from kg.vocab import SH

    results = len(set(report.subjects(predicate=None, object=SH.ValidationResult)))
    return Validation(bool(conforms), str(text), results)
