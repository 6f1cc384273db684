"""The embedded store: pyoxigraph (RocksDB on disk), queried directly, not through rdflib.

Every query sees the union of the named graphs as its default graph
(``use_default_graph_as_union``) unless the caller names default graphs.
Replacing an article is one SPARQL update (``DROP GRAPH`` + ``INSERT DATA``),
which pyoxigraph applies in one transaction: a killed ingest leaves either the
old or the new article, never half of one. ``bulk_load`` uses pyoxigraph's
bulk loader, which is much faster but not transactional (for first loads and
benchmarks).

A store directory can be opened by one read-write process; any number of
other processes may open it read-only (``read_only=True``) to answer queries.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from kg.errors import ExportError, NotAcceptable, QueryError, StoreError
from kg.settings import Settings
from kg.store.base import QueryResult
from kg.store.convert import (
    EXPORT_FORMATS,
    GRAPH_TYPES,
    SOLUTION_TYPES,
    graph_quads,
    has_dataset_clause,
    inject_values,
    to_rdflib,
    triples_to_graph,
)
from kg.vocab import PREFIXES

_BAD_IRI = re.compile(r'[<>"{}|^`\\\s]')
_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}
_BULK_CHUNK = 200_000  # quads per bulk-loader call: bounded memory, few calls


def store_revision(path: Path | str) -> str:
    """A digest of the store directory's files (names, sizes, modification times): changes with every write.

    Every committed write appends to RocksDB's write-ahead log or adds files, so a reader
    that compares this digest before each request sees an ingest by any process (``kg ingest``
    beside a running server) and can reopen its read-only handle. Costs one directory listing;
    RocksDB's own info logs (``LOG*``) and ``LOCK`` are left out. A missing directory gives "".
    """
    digest = hashlib.blake2b(digest_size=16)
    try:
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.startswith("LOG") or entry.name == "LOCK":
                    continue
                st = entry.stat()
                digest.update(f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    except OSError:
        return ""
    return digest.hexdigest()


def check_iri(iri: str) -> str:
    """``iri`` if it can be written between ``<>`` in SPARQL; StoreError otherwise."""
    if not iri or _BAD_IRI.search(iri) or ":" not in iri:
        raise StoreError(f"invalid graph IRI {iri!r}: expected an absolute IRI without spaces or <>\"{{}}|^`")
    return iri


def parse_accept(accept: str) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, ``*/*`` kept)."""
    items: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, i, fields[0].lower()))
    return [m for _, _, m in sorted(items)] or ["*/*"]


def choose_format(accept: str, table: dict[str, Any], default: str) -> tuple[Any, str]:
    """(format, media type) for the best acceptable entry of ``table``; NotAcceptable when none fits."""
    for mt in parse_accept(accept):
        if mt in table:
            return table[mt], mt
        if mt in ("*/*", "*") or (mt.endswith("/*") and default.startswith(mt[:-1])):
            return table[default], default
        major = mt[:-1] if mt.endswith("/*") else None
        if major:
            for cand in table:
                if cand.startswith(major):
                    return table[cand], cand
    raise NotAcceptable(accept, table)


def graph_ntriples(graph: Graph) -> str:
    """``graph`` as N-Triples text; StoreError when rdflib cannot write a term (an IRI with spaces)."""
    try:
        return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    except Exception as exc:  # rdflib raises a bare Exception for unserialisable IRIs
        raise StoreError(f"cannot serialise the graph: {exc}") from exc


class OxigraphStore:
    """A pyoxigraph store, on disk (``path``) or in memory (``path=None``)."""

    name = "oxigraph"

    def __init__(self, store: ox.Store, *, path: Path | None = None, read_only: bool = False):
        self._store = store
        self.path = path
        self.read_only = read_only

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: Path | str | None = None, settings: Settings | None = None, *,
             read_only: bool = False, **options: Any) -> OxigraphStore:
        """Open (creating if needed) the store directory ``path`` (default ``settings.store_path``).

        ``read_only=True`` opens an existing directory for queries only; many
        processes may do so while one process writes (pyoxigraph secondary).
        """
        if options:
            raise StoreError(f"unknown options for the oxigraph store: {', '.join(sorted(options))}")
        if path is None:
            path = settings.store_path if settings is not None else Path("var/store")
        path = Path(path)
        try:
            if read_only:
                if not path.is_dir():
                    raise StoreError(f"no store at {path}: expected a directory made by `kg ingest`")
                return cls(ox.Store.read_only(str(path)), path=path, read_only=True)
            path.mkdir(parents=True, exist_ok=True)
            return cls(ox.Store(str(path)), path=path)
        except OSError as exc:
            raise StoreError(f"cannot open the oxigraph store at {path}: {exc}") from exc

    @property
    def raw(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for callers that need its full API)."""
        return self._store

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")

    # ------------------------------------------------------------------ writing
    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """Replace the named graph ``graph_iri`` with ``graph`` in one transaction."""
        self._writable()
        iri = check_iri(graph_iri)
        body = graph_ntriples(graph)
        try:
            self._store.update(f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{body}\n}} }}")
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write graph <{iri}>: {exc}") from exc

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (one transaction: all of its operations apply, or none)."""
        self._writable()
        try:
            self._store.update(sparql, prefixes=_PREFIXES)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"update failed: {exc}") from exc

    def remove_graph(self, graph_iri: str) -> None:
        """Remove a named graph (no error when absent)."""
        self._writable()
        try:
            self._store.update(f"DROP SILENT GRAPH <{check_iri(graph_iri)}>")
        except OSError as exc:
            raise StoreError(f"cannot remove graph <{graph_iri}>: {exc}") from exc

    def bulk_load(self, data: Iterable[tuple[str, Graph]]) -> int:
        """Load many (graph IRI, graph) pairs with the bulk loader, replacing each graph.

        Fast and memory-bounded, but not transactional: use it for first loads,
        not for updating a store others are reading. The shared graph
        (``kg.rdf.build.SHARED_GRAPH``) is added to, not replaced: each dataset
        loaded brings its part of it.
        """
        from kg.rdf.build import SHARED_GRAPH

        self._writable()
        total, batch = 0, []
        try:
            for iri, graph in data:
                if iri != str(SHARED_GRAPH):
                    self._store.remove_graph(ox.NamedNode(check_iri(iri)))
                batch.extend(graph_quads(iri, graph))
                if len(batch) >= _BULK_CHUNK:
                    self._store.bulk_extend(batch)
                    total += len(batch)
                    batch = []
            if batch:
                self._store.bulk_extend(batch)
                total += len(batch)
            self._store.flush()
        except OSError as exc:
            raise StoreError(f"bulk load failed after {total} quads: {exc}") from exc
        return total

    def load_file(self, path: Path | str, *, graph_iri: str | None = None) -> None:
        """Bulk-load an RDF file (format from its suffix); triples go to ``graph_iri`` when given."""
        self._writable()
        path = Path(path)
        try:
            fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
            if fmt is None:
                raise StoreError(f"unknown RDF file type {path.suffix!r} for {path}")
            kwargs: dict[str, Any] = {"path": str(path), "format": fmt}
            if graph_iri is not None:
                kwargs["to_graph"] = ox.NamedNode(check_iri(graph_iri))
            self._store.bulk_load(**kwargs)
            self._store.flush()
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {path}: {exc}") from exc

    def clear(self) -> None:
        """Remove everything."""
        self._writable()
        self._store.clear()

    def optimize(self) -> None:
        """Compact the on-disk files (after big loads)."""
        self._writable()
        self._store.optimize()

    # ------------------------------------------------------------------ reading
    def graphs(self) -> list[str]:
        """IRIs of the named graphs held."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def _run(self, sparql: str, *, bindings: dict[str, Node] | None = None,
             default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = ()) -> Any:
        kwargs: dict[str, Any] = {}
        if default_graph_uris or named_graph_uris:
            # SPARQL 1.1 Protocol: a dataset given in the request replaces the service's own; its
            # default graph is the merge of default-graph-uri (empty when only named graphs are given).
            kwargs["default_graph"] = [ox.NamedNode(check_iri(u)) for u in default_graph_uris]
        elif not has_dataset_clause(sparql):
            # the union flag would override the query's own FROM clauses, so only without them
            kwargs["use_default_graph_as_union"] = True
        if named_graph_uris:
            kwargs["named_graphs"] = [ox.NamedNode(check_iri(u)) for u in named_graph_uris]
        if bindings:
            # A VALUES block at the head of the WHERE group rather than pyoxigraph's substitutions,
            # which only accept projected variables; the terms are written escaped, never as text.
            sparql = inject_values(sparql, bindings)
        try:
            return self._store.query(sparql, prefixes=_PREFIXES, **kwargs)
        except SyntaxError as exc:
            raise QueryError(f"malformed SPARQL query: {exc}") from exc
        except (OSError, ValueError, TypeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def query_results(self, sparql: str, *, default_graph_uris: Sequence[str] = (),
                      named_graph_uris: Sequence[str] = ()) -> Any:
        """pyoxigraph's own result of a query (solutions and triples are lazy iterators).

        A caller that stops iterating stops the work: this is how the HTTP row cap limits work.
        """
        return self._run(sparql, default_graph_uris=default_graph_uris, named_graph_uris=named_graph_uris)

    def query(self, sparql: str, *, bindings: dict[str, Node] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run a read-only query over the union of the named graphs; results in rdflib terms.

        The project's prefixes (``fk:``, ``org:``, ``schema:`` …) are predeclared.
        """
        result = self._run(sparql, bindings=bindings)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            rows: list[tuple[Node | None, ...]] = []
            truncated = False
            try:
                for solution in result:
                    if max_rows is not None and len(rows) >= max_rows:
                        truncated = True
                        break
                    rows.append(tuple(to_rdflib(solution[i]) for i in range(len(names))))
            except (OSError, ValueError) as exc:
                raise QueryError(f"query failed: {exc}") from exc
            return QueryResult(kind="select", vars=names, rows=tuple(rows), truncated=truncated)
        return QueryResult(kind="graph", graph=triples_to_graph(result))

    def query_raw(self, sparql: str, *, accept: str, default_graph_uris: Sequence[str] = (),
                  named_graph_uris: Sequence[str] = ()) -> tuple[bytes, str]:
        """Run a query and serialise its result with pyoxigraph's own writers: (body, media type).

        SELECT/ASK: SPARQL results JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE:
        Turtle, N-Triples, RDF/XML, JSON-LD, TriG, N-Quads. Raises
        ``NotAcceptable`` when ``accept`` allows none of them.
        """
        result = self._run(sparql, default_graph_uris=default_graph_uris, named_graph_uris=named_graph_uris)
        try:
            if isinstance(result, ox.QueryTriples):
                fmt, mt = choose_format(accept, GRAPH_TYPES, "text/turtle")
                return _bytes(result.serialize(format=fmt)), _with_charset(mt)
            fmt, mt = choose_format(accept, SOLUTION_TYPES, "application/sparql-results+json")
            return _bytes(result.serialize(format=fmt)), _with_charset(mt)
        except (OSError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def export(self, fmt: str) -> bytes:
        """The whole dataset: ``trig``/``nq``/``jsonld`` keep named graphs; ``ttl``/``nt`` get the union."""
        rdf_format = EXPORT_FORMATS.get(fmt.lower().lstrip("."))
        if rdf_format is None:
            raise ExportError(f"unknown export format {fmt!r}; expected one of: "
                              f"{', '.join(sorted(EXPORT_FORMATS))}")
        try:
            if rdf_format.supports_datasets:
                return _bytes(self._store.dump(format=rdf_format, prefixes=_PREFIXES))
            result = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                       use_default_graph_as_union=True)
            assert isinstance(result, ox.QueryTriples)
            return _bytes(ox.serialize(result, format=rdf_format, prefixes=_PREFIXES))
        except (OSError, ValueError) as exc:
            raise StoreError(f"export failed: {exc}") from exc

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        """Flush writes and drop the handle (pyoxigraph closes files when the object goes)."""
        if not self.read_only:
            try:
                self._store.flush()
            except OSError as exc:
                raise StoreError(f"cannot flush the store at {self.path}: {exc}") from exc
        self._store = None  # type: ignore[assignment]

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _bytes(data: bytes | None) -> bytes:
    """pyoxigraph writers return bytes when given no output file."""
    return data if data is not None else b""


def _with_charset(mt: str) -> str:
    """Text media types say their charset (pyoxigraph always writes UTF-8)."""
    return f"{mt}; charset=utf-8" if mt.startswith("text/") else mt
