"""Running one protocol query against a store: check, negotiate, run, serialise, all in the worker.

Used by the worker processes of ``api.endpoint.pool`` and, for stores that cannot be
reopened in another process, in a thread of the server. Everything that can take long
runs here, under the time limit of the worker: parsing the query with rdflib (pure Python,
seconds for tens of kilobytes), the policy check, and the query itself. The server process
only reads the request and checks its size and nesting (``policy.check_shape``).

The row cap limits work, not just the answer: SELECT solutions and CONSTRUCT/DESCRIBE
triples are pulled one by one from pyoxigraph's lazy iterator and the pull stops at the cap
(``max_rows``), so a cross product never materialises. A cut result says so
(``QueryOutput.truncated``, sent as ``X-KG-Truncated``), and the SPARQL JSON/XML results
carry a ``link`` to ``#truncated`` in their head.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from api.endpoint.negotiation import formats_for, negotiate
from api.endpoint.policy import QueryForm, check_query
from kg.errors import QueryError
from kg.store.base import Store
from kg.store.convert import GRAPH_TYPES

TSV = "text/tab-separated-values"
JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
TRUNCATED_LINK = "urn:x-frontline-kg:truncated"  # in the head of cut JSON/XML results (see docs/api.md)
_RESULT_FORMATS = {
    JSON_RESULTS: ox.QueryResultsFormat.JSON,
    XML_RESULTS: ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    TSV: ox.QueryResultsFormat.TSV,
}


@dataclass(frozen=True)
class QueryJob:
    """A query as the protocol received it (not yet parsed: the worker does that, under the limit)."""

    sparql: str
    accept: str | None = None  # the request's Accept header
    format_params: tuple[str, ...] = ()  # ?format= / ?output= values
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    base_iri: str | None = None
    max_rows: int = 10000


@dataclass(frozen=True)
class QueryOutput:
    body: bytes
    media_type: str
    truncated: bool = False
    rows: int | None = None
    meta: dict[str, str] = field(default_factory=dict)


class _KnownGraphs:
    """The store's named graphs, asked one by one (only queries with FROM clauses ask)."""

    def __init__(self, store: Store):
        self._store = store
        self._listed: set[str] | None = None

    def __contains__(self, iri: object) -> bool:
        raw = getattr(self._store, "raw", None)
        if isinstance(raw, ox.Store) and isinstance(iri, str):
            try:
                return bool(raw.contains_named_graph(ox.NamedNode(iri)))
            except ValueError:
                return False
        if self._listed is None:
            self._listed = set(self._store.graphs())
        return iri in self._listed

    def __iter__(self) -> Iterator[str]:
        return iter(self._store.graphs())

    def __len__(self) -> int:
        return len(self._store.graphs())


def _with_base(job: QueryJob) -> str:
    # Relative IRIs (``<s>``) resolve against the endpoint, as the protocol tests expect;
    # a BASE in the query itself comes later in the prologue and wins.
    return f"BASE <{job.base_iri}>\n{job.sparql}" if job.base_iri else job.sparql


def execute(store: Store, job: QueryJob) -> QueryOutput:
    """Check ``job`` (policy), negotiate its format, run it on ``store`` and serialise the result."""
    info = check_query(job.sparql, known_graphs=_KnownGraphs(store))
    fmt = negotiate(formats_for(info.form.value), job.accept, job.format_params)
    default_graphs, named_graphs = job.default_graph_uris, job.named_graph_uris
    if not default_graphs and not named_graphs:
        # the store applies the union default graph unless told the dataset: pass FROM / FROM NAMED
        # as the protocol dataset (the same semantics; the protocol's own would win over them)
        default_graphs, named_graphs = info.from_graphs, info.from_named_graphs
    sparql = _with_base(job)
    try:
        stream = getattr(store, "query_results", None)
        if stream is not None and info.form is not QueryForm.ASK:
            result = stream(sparql, default_graph_uris=default_graphs, named_graph_uris=named_graphs)
            if isinstance(result, ox.QuerySolutions):
                return _capped_solutions(result, fmt.media_type, job.max_rows)
            if isinstance(result, ox.QueryTriples):
                return _capped_triples(result, fmt.media_type, job.max_rows)
        if info.form is not QueryForm.SELECT:
            body, media_type = store.query_raw(
                sparql, accept=fmt.media_type, default_graph_uris=default_graphs, named_graph_uris=named_graphs
            )
            return QueryOutput(body, media_type)
        raw, _ = store.query_raw(
            sparql, accept=TSV, default_graph_uris=default_graphs, named_graph_uris=named_graphs
        )
    except SyntaxError as exc:  # pyoxigraph's parser, stricter than rdflib's in places
        raise QueryError(f"malformed SPARQL query: {exc}") from None
    return _cut_tsv(raw, fmt.media_type, job.max_rows)


def _capped_solutions(result: ox.QuerySolutions, media_type: str, max_rows: int) -> QueryOutput:
    """At most ``max_rows`` solutions pulled from the lazy iterator, as TSV, then converted."""
    names = [v.value for v in result.variables]
    lines = ["\t".join(f"?{n}" for n in names)]
    truncated = False
    width = range(len(names))
    try:
        for solution in result:
            if len(lines) > max_rows:
                truncated = True
                break
            lines.append("\t".join("" if (t := solution[i]) is None else str(t) for i in width))
    except (OSError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from exc
    tsv = ("\n".join(lines) + "\n").encode("utf-8")
    return _convert(tsv, media_type, truncated, len(lines) - 1)


def _capped_triples(result: ox.QueryTriples, media_type: str, max_rows: int) -> QueryOutput:
    """At most ``max_rows`` triples of a CONSTRUCT/DESCRIBE, serialised by pyoxigraph."""
    triples: list[Any] = []
    truncated = False
    try:
        for triple in result:
            if len(triples) >= max_rows:
                truncated = True
                break
            triples.append(triple)
    except (OSError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from exc
    fmt = GRAPH_TYPES[media_type]
    items: Sequence[Any] = triples
    if fmt.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    body = ox.serialize(items, format=fmt) or b""
    mt = f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type
    return QueryOutput(body, mt, truncated, len(triples))


def _cut_tsv(raw: bytes, media_type: str, max_rows: int) -> QueryOutput:
    """A whole TSV result (stores that serialise themselves) cut at ``max_rows``, then converted."""
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    header, rows = lines[:1], lines[1:]
    truncated = len(rows) > max_rows
    if truncated:
        rows = rows[:max_rows]
    return _convert(b"\n".join(header + rows) + b"\n", media_type, truncated, len(rows))


def _convert(tsv: bytes, media_type: str, truncated: bool, rows: int) -> QueryOutput:
    """TSV results in ``media_type`` (pyoxigraph's own writers), with the truncation link when cut."""
    if media_type == TSV:
        return QueryOutput(tsv, TSV, truncated, rows)
    target = _RESULT_FORMATS[media_type]
    body = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=target) or b""
    if truncated:
        body = mark_truncated(body, media_type)
    return QueryOutput(body, media_type, truncated, rows)


def mark_truncated(body: bytes, media_type: str) -> bytes:
    """SPARQL JSON/XML results with ``TRUNCATED_LINK`` in their head ``link`` (CSV/TSV have no head)."""
    if media_type == JSON_RESULTS:
        # pyoxigraph writes {"head":{"vars":[...]},...}; variable names hold no "]": insert after the list
        start = body.find(b'"vars":[')
        end = body.find(b"]", start)
        if start < 0 or end < 0:  # not the layout expected: parse and write again
            doc = json.loads(body)
            doc.setdefault("head", {}).setdefault("link", []).append(TRUNCATED_LINK)
            return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return body[: end + 1] + f',"link":["{TRUNCATED_LINK}"]'.encode() + body[end + 1 :]
    if media_type == XML_RESULTS:
        link = f'<link href="{TRUNCATED_LINK}"/>'.encode()
        if b"</head>" in body:
            return body.replace(b"</head>", link + b"</head>", 1)
        return body.replace(b"<head/>", b"<head>" + link + b"</head>", 1)
    return body


def known_graphs(store: Store) -> Collection[str]:
    """The named graphs of ``store`` as a container (FROM checks)."""
    return _KnownGraphs(store)
