"""Extraction records -> RDF (one named graph per article), identities, serialisation, validation."""
from __future__ import annotations

from kg.rdf.build import article_graph, graph_digest, to_dataset
from kg.rdf.iri import IdentityResolver, article_iri
from kg.rdf.ontology import ONTOLOGY_GRAPH, ontology_graph, shapes_graph
from kg.rdf.serialize import FORMATS, serialize, to_bytes, union_graph
from kg.rdf.validate import validate

__all__ = ["article_graph", "to_dataset", "graph_digest", "IdentityResolver", "article_iri",
           "serialize", "to_bytes", "union_graph", "FORMATS", "ONTOLOGY_GRAPH", "ontology_graph",
           "shapes_graph", "validate"]
