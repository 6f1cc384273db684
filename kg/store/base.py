"""The Store protocol and its registry.

A store holds a quad dataset: one named graph per article, the ontology graph,
and the shared graph holding, once, the triples several articles state
(``kg.rdf.build.SHARED_GRAPH``; see ``kg.ingest.write_article``). Queries see
the union of the named graphs as their default graph.

Implementations (``kg.store.oxigraph``, ``kg.store.memory``,
``kg.store.sparql``) register lazily under their names; ``open_store`` picks
one from settings.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Node

from kg.registry import Registry


@dataclass(frozen=True)
class QueryResult:
    """The result of a query, in rdflib terms.

    SELECT: ``vars`` and ``rows`` (one tuple a solution, ``None`` for unbound);
    ASK: ``boolean``; CONSTRUCT/DESCRIBE: ``graph``.
    """

    kind: str                                   # "select" | "ask" | "graph"
    vars: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None
    truncated: bool = False                     # rows were cut at the row cap
    meta: dict[str, Any] = field(default_factory=dict)

    def dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.vars, row, strict=True)) for row in self.rows]


@runtime_checkable
class Store(Protocol):
    """What every store offers. Writes of one article are atomic."""

    name: str

    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace the named graph ``graph_iri`` with ``graph`` in one transaction."""

    def remove_graph(self, graph_iri: str) -> None:
        """Remove a named graph (no error when absent)."""

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update; its operations apply together (one request, one transaction)."""

    def graphs(self) -> list[str]:
        """IRIs of the named graphs held."""

    def query(self, sparql: str, *, bindings: dict[str, Node] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run a read-only query over the union of the named graphs."""

    def query_raw(self, sparql: str, *, accept: str, default_graph_uris: Sequence[str] = (),
                  named_graph_uris: Sequence[str] = ()) -> tuple[bytes, str]:
        """Run a query and serialize its result natively: (body, media type)."""

    def bulk_load(self, data: Iterable[tuple[str, Graph]]) -> int:
        """Load many (graph IRI, graph) pairs fast, replacing each graph; returns quads loaded."""

    def export(self, fmt: str) -> bytes:
        """The whole dataset in ``fmt`` (trig, nq, ttl, jsonld)."""

    def __len__(self) -> int:
        """Number of quads."""

    def close(self) -> None:
        """Release files and connections."""


STORES: Registry[Any] = Registry("store")
STORES.register("oxigraph", "kg.store.oxigraph:OxigraphStore")
STORES.register("memory", "kg.store.memory:MemoryStore")
STORES.register("sparql", "kg.store.sparql:SparqlStore")


def open_store(kind: str | None = None, path: Path | str | None = None, **options: Any) -> Store:
    """Open the store of ``kind`` (default from settings) at ``path`` or with ``options``."""
    from kg.settings import get_settings

    settings = get_settings()
    kind = kind or settings.store_kind
    factory = STORES.get(kind)
    return factory.open(path=path, settings=settings, **options)  # type: ignore[no-any-return]
