"""SHACL validation of produced graphs against ``ontology/shapes.ttl`` (pyshacl).

Validation runs with RDFS inference over the ontology (``ontology/frontline.ttl``) by default: a node
is then checked against the shapes of every class the ontology implies for it (a ``fk:Command`` is an
``fk:Organization``; whatever has ``fk:contentDigest`` is an ``fk:ExtractionRun``), so modelling
mistakes that only show under inference are caught. ``validate_dataset`` checks a whole export, all
named graphs merged, the way a consumer with a reasoner reads it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import ConfigError, KGError
from kg.rdf.ontology import ontology_graph, shapes_graph
from kg.rdf.serialize import format_of


@dataclass(frozen=True)
class Validation:
    """The outcome of validating a graph: whether it conforms, and pyshacl's report text."""

    conforms: bool
    text: str
    results: int
    triples: int = 0           # triples validated (before inference)


INFERENCE = ("none", "rdfs")


def validate(graph: Graph, *, shapes: Graph | None = None, inference: str = "rdfs",
             ontology: Graph | None = None) -> Validation:
    """Validate ``graph`` against the project's shapes, with ``inference`` (``rdfs`` or ``none``).

    ``ontology`` (default: the project's ontology) is what RDFS inference reasons with; pyshacl
    mixes it into a copy of the data, ``graph`` itself is not changed.
    """
    from pyshacl import validate as shacl_validate

    from kg.vocab import SH

    if inference not in INFERENCE:
        raise ConfigError(f"unknown inference {inference!r}; expected one of: {', '.join(INFERENCE)}")
    ont = None
    if inference != "none":
        ont = ontology if ontology is not None else ontology_graph()
    conforms, report, text = shacl_validate(graph, shacl_graph=shapes or shapes_graph(), ont_graph=ont,
                                            inference=inference, advanced=True, allow_warnings=False)
    results = len(set(report.subjects(predicate=None, object=SH.ValidationResult)))
    return Validation(bool(conforms), str(text), results, len(graph))


def merged(dataset: Dataset) -> Graph:
    """Every triple of every graph of ``dataset`` in one plain Graph (what a union-graph consumer sees)."""
    g = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def validate_dataset(dataset: Dataset, **kwargs: object) -> Validation:
    """Validate the merge of all named graphs of ``dataset`` (see :func:`validate` for the options)."""
    return validate(merged(dataset), **kwargs)  # type: ignore[arg-type]


def load_rdf(paths: list[Path]) -> Dataset:
    """RDF files (format from each suffix: .ttl, .nt, .trig, .nq, .jsonld) into one Dataset."""
    ds = Dataset()
    for path in paths:
        rdf_format, _ = format_of(path)
        try:
            ds.parse(path, format=rdf_format)
        except FileNotFoundError:
            raise ConfigError(f"no such file: {path}") from None
        except Exception as exc:  # rdflib's parsers raise many unrelated types on bad input
            if isinstance(exc, KGError):
                raise
            raise ConfigError(f"cannot parse {path} as {rdf_format}: {exc}") from exc
    return ds
