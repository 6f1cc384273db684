"""Running one protocol query against a store and serialising its result.

Used by the worker processes of ``api.endpoint.pool`` and, for stores that
cannot be reopened in another process, in a thread of the server.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from api.endpoint.policy import QueryForm
from kg.errors import QueryError
from kg.store.base import Store

TSV = "text/tab-separated-values"
_RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    TSV: ox.QueryResultsFormat.TSV,
}


@dataclass(frozen=True)
class QueryJob:
    """A query as the protocol received it, already checked by the policy."""

    sparql: str
    form: QueryForm
    media_type: str  # the negotiated result format
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


def _with_base(job: QueryJob) -> str:
    # Relative IRIs (``<s>``) resolve against the endpoint, as the protocol tests expect;
    # a BASE in the query itself comes later in the prologue and wins.
    return f"BASE <{job.base_iri}>\n{job.sparql}" if job.base_iri else job.sparql


def execute(store: Store, job: QueryJob) -> QueryOutput:
    """Run ``job`` on ``store``: native serialisation, SELECT rows cut at ``job.max_rows``.

    SELECT results are fetched as TSV (one solution a line), cut there, and converted by
    pyoxigraph's own result serialisers, so the cap costs no parsing of JSON or XML.
    """
    sparql = _with_base(job)
    try:
        if job.form is not QueryForm.SELECT:
            body, media_type = store.query_raw(
                sparql,
                accept=job.media_type,
                default_graph_uris=job.default_graph_uris,
                named_graph_uris=job.named_graph_uris,
            )
            return QueryOutput(body, media_type)
        raw, _ = store.query_raw(
            sparql,
            accept=TSV,
            default_graph_uris=job.default_graph_uris,
            named_graph_uris=job.named_graph_uris,
        )
    except SyntaxError as exc:  # pyoxigraph's parser, stricter than rdflib's in places
        raise QueryError(f"malformed SPARQL query: {exc}") from None
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    header, rows = lines[:1], lines[1:]
    truncated = len(rows) > job.max_rows
    if truncated:
        rows = rows[: job.max_rows]
    tsv = b"\n".join(header + rows) + b"\n"
    if job.media_type == TSV:
        return QueryOutput(tsv, TSV, truncated, len(rows))
    target = _RESULT_FORMATS[job.media_type]
    converted = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=target)
    return QueryOutput(converted or b"", job.media_type, truncated, len(rows))
