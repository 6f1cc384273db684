"""A remote store: any SPARQL 1.1 server, through the Protocol and the Graph Store Protocol.

* queries: POST ``application/x-www-form-urlencoded`` to the query endpoint;
* replacing an article: GSP ``PUT <gsp>?graph=<iri>`` (the server swaps the
  graph as a unit); removing: GSP ``DELETE``;
* parameters: bound by a ``VALUES`` block written with escaped terms
  (``kg.store.convert.inject_values``), since the protocol has no binding.

The project's queries expect the default graph to be the union of the named
graphs. Oxigraph: pass ``union_default_graph=True`` (per-request
``?union-default-graph``, which keeps ``FROM`` working) or start it with
``--union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB
and Virtuoso do so by default.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import ConfigError, ExportError, NotAcceptable, QueryError, StoreError
from kg.rdf.serialize import to_bytes
from kg.settings import Settings
from kg.store.base import QueryResult
from kg.store.convert import has_dataset_clause, inject_values, media_type
from kg.store.oxigraph import check_iri, graph_ntriples
from kg.vocab import sparql_prefixes

_RESULTS_JSON = "application/sparql-results+json"
_FORM = "application/x-www-form-urlencoded"
_UNION_PARAM = "union-default-graph"   # Oxigraph's per-request switch to the union default graph


def _without_union_param(url: str) -> str:
    base, _, query = url.partition("?")
    rest = [p for p in query.split("&") if p and p.split("=", 1)[0] != _UNION_PARAM]
    return base + ("?" + "&".join(rest) if rest else "")
_ACCEPT_ANY = f"{_RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.8"


def _term(binding: dict[str, str]) -> Node:
    """A term of the SPARQL 1.1 JSON results format as an rdflib term."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        if "datatype" in binding and not binding["datatype"].endswith("#string"):
            return Literal(value, datatype=URIRef(binding["datatype"]))
        return Literal(value)
    raise QueryError(f"unsupported term type {kind!r} in SPARQL JSON results")


class SparqlStore:
    """A store behind SPARQL 1.1 Protocol + Graph Store Protocol endpoints, over httpx."""

    name = "sparql"

    def __init__(self, *, query_url: str, update_url: str | None, gsp_url: str | None,
                 timeout: float = 60.0, client: httpx.Client | None = None,
                 union_default_graph: bool = False):
        if _UNION_PARAM in query_url:  # given in the URL (KG_SPARQL_QUERY_URL=...?union-default-graph)
            union_default_graph = True
            query_url = _without_union_param(query_url)
        self.query_url, self.update_url, self.gsp_url = query_url, update_url, gsp_url
        self.union_default_graph = union_default_graph
        self._client = client or httpx.Client(timeout=timeout)

    @classmethod
    def open(cls, path: Path | str | None = None, settings: Settings | None = None, *,
             url: str | None = None, query_url: str | None = None, update_url: str | None = None,
             gsp_url: str | None = None, timeout: float | None = None, union_default_graph: bool = False,
             **options: Any) -> SparqlStore:
        """Connect to ``url`` (or ``settings.sparql_url``): endpoints ``/query``, ``/update``, ``/store``.

        Each endpoint can be given on its own (``query_url`` …, or the settings
        ``sparql_query_url`` …). ``path`` is accepted for interface symmetry and ignored.
        ``union_default_graph=True`` (or ``?union-default-graph`` in the query URL) asks an
        Oxigraph server for the union default graph per request, except for queries that
        name their own dataset (``FROM``), which the server's global flag would override.
        """
        if options:
            raise StoreError(f"unknown options for the sparql store: {', '.join(sorted(options))}")
        url = url or (settings.sparql_url if settings else None)
        query_url = query_url or (settings.sparql_query_url if settings else None)
        update_url = update_url or (settings.sparql_update_url if settings else None)
        gsp_url = gsp_url or (settings.sparql_gsp_url if settings else None)
        timeout = timeout or (settings.query_timeout * 6 if settings else 60.0)
        if url:
            base = url.rstrip("/")
            query_url = query_url or f"{base}/query"
            update_url = update_url or f"{base}/update"
            gsp_url = gsp_url or f"{base}/store"
        if not query_url:
            raise ConfigError("the sparql store needs a server: set KG_SPARQL_URL (or KG_SPARQL_QUERY_URL)")
        return cls(query_url=query_url, update_url=update_url, gsp_url=gsp_url, timeout=timeout,
                   union_default_graph=union_default_graph)

    # ------------------------------------------------------------------ http
    def _post_query(self, sparql: str, accept: str, default_graph_uris: Sequence[str] = (),
                    named_graph_uris: Sequence[str] = ()) -> httpx.Response:
        url = self.query_url
        if (self.union_default_graph and not default_graph_uris and not named_graph_uris
                and not has_dataset_clause(sparql)):
            url += ("&" if "?" in url else "?") + _UNION_PARAM
        form: list[tuple[str, str]] = [("query", sparql)]
        form += [("default-graph-uri", u) for u in default_graph_uris]
        form += [("named-graph-uri", u) for u in named_graph_uris]
        try:
            resp = self._client.post(url, content=urlencode(form).encode("ascii"),
                                     headers={"Accept": accept, "Content-Type": _FORM})
        except httpx.HTTPError as exc:
            raise StoreError(f"SPARQL server at {self.query_url} unreachable: {exc}") from exc
        if resp.status_code == 406:
            raise NotAcceptable(accept, ["(as offered by the server)"])
        if resp.status_code == 400:
            raise QueryError(f"the server refused the query: {resp.text[:500]}")
        if resp.status_code >= 300:
            raise StoreError(f"SPARQL query failed with HTTP {resp.status_code}: {resp.text[:500]}")
        return resp

    def _gsp(self, method: str, graph_iri: str, **kwargs: Any) -> httpx.Response:
        if not self.gsp_url:
            raise ConfigError("this sparql store has no Graph Store endpoint (KG_SPARQL_GSP_URL)")
        try:
            params = {"graph": check_iri(graph_iri)}
            return self._client.request(method, self.gsp_url, params=params, **kwargs)
        except httpx.HTTPError as exc:
            raise StoreError(f"graph store at {self.gsp_url} unreachable: {exc}") from exc

    # ------------------------------------------------------------------ writing
    def replace_graph(self, graph_iri: str, graph: Graph) -> None:
        """GSP PUT: the server replaces the graph as a unit."""
        self.put_ntriples(graph_iri, graph_ntriples(graph).encode("utf-8"))

    def put_ntriples(self, graph_iri: str, body: bytes) -> None:
        """GSP PUT of N-Triples text: the server replaces the graph ``graph_iri`` with it, as a unit."""
        resp = self._gsp("PUT", graph_iri, content=body, headers={"Content-Type": "application/n-triples"})
        if resp.status_code not in (200, 201, 204):
            raise StoreError(f"PUT graph <{graph_iri}> failed: HTTP {resp.status_code}: {resp.text[:500]}")

    def post_ntriples(self, graph_iri: str, body: bytes) -> None:
        """GSP POST of N-Triples text: added to the graph ``graph_iri`` (created when missing)."""
        resp = self._gsp("POST", graph_iri, content=body, headers={"Content-Type": "application/n-triples"})
        if resp.status_code not in (200, 201, 204):
            raise StoreError(f"POST graph <{graph_iri}> failed: HTTP {resp.status_code}: {resp.text[:500]}")

    def remove_graph(self, graph_iri: str) -> None:
        """GSP DELETE (a missing graph is not an error)."""
        resp = self._gsp("DELETE", graph_iri)
        if resp.status_code not in (200, 204, 404):
            raise StoreError(f"DELETE graph <{graph_iri}> failed: HTTP {resp.status_code}: {resp.text[:500]}")

    def bulk_load(self, data: Iterable[tuple[str, Graph]]) -> int:
        """One PUT per graph (the protocol has no bulk loader); the shared graph is added to (POST)."""
        from kg.rdf.build import SHARED_GRAPH

        total = 0
        for iri, graph in data:
            if iri == str(SHARED_GRAPH):
                body = graph_ntriples(graph).encode("utf-8")
                resp = self._gsp("POST", iri, content=body, headers={"Content-Type": "application/n-triples"})
                if resp.status_code not in (200, 201, 204):
                    raise StoreError(f"POST graph <{iri}> failed: HTTP {resp.status_code}: {resp.text[:500]}")
            else:
                self.replace_graph(iri, graph)
            total += len(graph)
        return total

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the update endpoint."""
        if not self.update_url:
            raise ConfigError("this sparql store has no update endpoint (KG_SPARQL_UPDATE_URL)")
        try:
            resp = self._client.post(self.update_url, content=urlencode({"update": sparql}).encode("ascii"),
                                     headers={"Content-Type": _FORM})
        except httpx.HTTPError as exc:
            raise StoreError(f"SPARQL server at {self.update_url} unreachable: {exc}") from exc
        if resp.status_code >= 300:
            raise StoreError(f"SPARQL update failed with HTTP {resp.status_code}: {resp.text[:500]}")

    # ------------------------------------------------------------------ reading
    def graphs(self) -> list[str]:
        res = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(row[0]) for row in res.rows if isinstance(row[0], URIRef))

    def query(self, sparql: str, *, bindings: dict[str, Node] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run a query on the server; the project's prefixes are predeclared."""
        text = sparql_prefixes() + inject_values(sparql, bindings or {})
        resp = self._post_query(text, _ACCEPT_ANY)
        mt = media_type(resp.headers.get("content-type", ""))
        if mt in (_RESULTS_JSON, "application/json"):
            data = resp.json()
            if "boolean" in data:
                return QueryResult(kind="ask", boolean=bool(data["boolean"]))
            names = tuple(data["head"].get("vars", []))
            bindings_list = data["results"]["bindings"]
            truncated = max_rows is not None and len(bindings_list) > max_rows
            if truncated:
                bindings_list = bindings_list[:max_rows]
            rows = tuple(tuple(_term(b[v]) if v in b else None for v in names) for b in bindings_list)
            return QueryResult(kind="select", vars=names, rows=rows, truncated=truncated)
        fmt = {"application/n-triples": "nt", "text/turtle": "turtle", "text/plain": "nt"}.get(mt)
        if fmt is None:
            raise QueryError(f"unexpected result type {mt!r} from the SPARQL server")
        return QueryResult(kind="graph", graph=Graph().parse(data=resp.content, format=fmt))

    def query_raw(self, sparql: str, *, accept: str, default_graph_uris: Sequence[str] = (),
                  named_graph_uris: Sequence[str] = ()) -> tuple[bytes, str]:
        """Forward the query and the Accept header; the server serialises."""
        resp = self._post_query(sparql, accept, default_graph_uris, named_graph_uris)
        return resp.content, resp.headers.get("content-type", "application/octet-stream")

    def export(self, fmt: str) -> bytes:
        """Every quad, fetched with one SELECT (portable across servers) and serialised here."""
        res = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        ds = Dataset()
        for g, s, p, o in res.rows:
            ds.graph(g).add((s, p, o))  # type: ignore[arg-type]
        try:
            return to_bytes(ds, fmt)
        except ExportError:
            raise
        except (ValueError, io.UnsupportedOperation) as exc:
            raise ExportError(f"cannot export as {fmt}: {exc}") from exc

    def __len__(self) -> int:
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(str(res.rows[0][0])) if res.rows and res.rows[0][0] is not None else 0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> SparqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
