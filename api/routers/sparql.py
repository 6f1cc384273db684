"""``/sparql``: the SPARQL 1.1 Protocol (query operation only; updates are refused)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi.responses import RedirectResponse

from api.deps import RunnerDep, SettingsDep
from api.endpoint.description import service_description
from api.endpoint.execute import QueryJob
from api.endpoint.negotiation import GRAPH_FORMATS, RESULT_FORMATS, negotiate
from api.endpoint.policy import UpdateRefused, check_shape

router = APIRouter(prefix="/sparql", tags=["sparql"])

QUERY_MEDIA = "application/sparql-query"
UPDATE_MEDIA = "application/sparql-update"
FORM_MEDIA = "application/x-www-form-urlencoded"
FORMAT_KEYS = ("format", "output", "results")  # what SPARQLWrapper, YASGUI and others send

_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Query results, in the negotiated format",
        "content": {f.media_type: {} for f in (*RESULT_FORMATS, *GRAPH_FORMATS)},
    },
    400: {"description": "Malformed query, nested too deeply, or a protocol error (several `query` parameters ...)"},
    403: {"description": "Refused: SPARQL Update, SERVICE, or FROM of a graph not held here"},
    406: {"description": "No acceptable result format for this query form"},
    413: {"description": "Request body or query too large"},
    415: {"description": "POST body of a media type the protocol does not define"},
    503: {"description": "Query stopped at the time limit or as one slow query too many, or no worker free in time"},
}


def _endpoint_url(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def _one_query(values: Sequence[str]) -> str:
    if len(values) > 1:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, f"expected one 'query' parameter, found {len(values)}"
        )
    if not values[0].strip():
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "the 'query' parameter is empty")
    return values[0]


async def _answer(
    request: Request,
    runner: RunnerDep,
    settings: SettingsDep,
    sparql: str,
    default_graphs: Sequence[str],
    named_graphs: Sequence[str],
    format_params: Sequence[str],
) -> Response:
    """Check the request, run the query in a worker under the time limit, and answer."""
    for iri in (*default_graphs, *named_graphs):
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise HTTPException(
                status.HTTP_400_BAD_REQUEST,
                f"default-graph-uri / named-graph-uri must be absolute IRIs, found {iri!r}",
            ) from None
    # only cheap checks here (length, nesting): parsing and the policy run in the worker, under the limit
    check_shape(sparql, max_chars=settings.max_query_chars, max_depth=settings.max_query_depth)
    job = QueryJob(
        sparql=sparql,
        accept=request.headers.get("accept"),
        format_params=tuple(format_params),
        default_graph_uris=tuple(default_graphs),
        named_graph_uris=tuple(named_graphs),
        base_iri=_endpoint_url(request),
        max_rows=settings.max_rows,
    )
    out = await runner.run(job, settings.query_timeout)
    headers = {"Vary": "Accept"}
    if out.truncated:
        headers["X-KG-Truncated"] = "true"
        headers["X-KG-Row-Cap"] = str(settings.max_rows)
    return Response(out.body, media_type=out.media_type, headers=headers)


@router.get(
    "", summary="SPARQL query (GET), or the service description without a query", responses=_RESPONSES
)
async def sparql_get(
    request: Request,
    runner: RunnerDep,
    settings: SettingsDep,
    query: Annotated[list[str] | None, Query(description="The SPARQL query (exactly one).")] = None,
    default_graph_uri: Annotated[
        list[str] | None, Query(alias="default-graph-uri", description="Graphs forming the default graph.")
    ] = None,
    named_graph_uri: Annotated[
        list[str] | None, Query(alias="named-graph-uri", description="Graphs available to GRAPH.")
    ] = None,
) -> Response:
    """Answer a query sent as ``?query=``; without one, describe the service.

    The default graph is the union of all named graphs unless ``default-graph-uri`` says otherwise.
    """
    params = request.query_params
    if "update" in params:
        raise UpdateRefused(
            "SPARQL Update is not accepted: this endpoint is read-only (and updates are never sent with GET)"
        )
    if not query:
        accept = request.headers.get("accept") or ""
        if "text/html" in accept and "format" not in params:
            return RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
        fmt = negotiate(GRAPH_FORMATS, accept, [v for k in FORMAT_KEYS for v in params.getlist(k)])
        graph = service_description(
            _endpoint_url(request), max_rows=settings.max_rows, timeout=settings.query_timeout
        )
        body = graph.serialize(format=_RDFLIB_FORMATS[fmt.media_type], encoding="utf-8")
        return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})
    return await _answer(
        request,
        runner,
        settings,
        _one_query(query),
        default_graph_uri or [],
        named_graph_uri or [],
        [v for k in FORMAT_KEYS for v in params.getlist(k)],
    )


_RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}

_POST_BODY = {
    "required": True,
    "content": {
        FORM_MEDIA: {
            "schema": {
                "type": "object",
                "required": ["query"],
                "properties": {
                    "query": {"type": "string"},
                    "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                    "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                },
            }
        },
        QUERY_MEDIA: {"schema": {"type": "string"}},
    },
}


def _charset_ok(content_type: str) -> bool:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            return False
    return True


@router.post(
    "",
    summary="SPARQL query (POST, form-encoded or application/sparql-query)",
    responses=_RESPONSES,
    openapi_extra={"requestBody": _POST_BODY},
)
async def sparql_post(request: Request, runner: RunnerDep, settings: SettingsDep) -> Response:
    """Answer a query POSTed as a form (``query=``) or directly (``application/sparql-query``).

    ``default-graph-uri`` / ``named-graph-uri`` may be given in the URL (and, for forms, in the
    body). SPARQL Update (``update=`` or ``application/sparql-update``) is refused with 403.
    """
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    url = request.query_params
    if not _charset_ok(content_type):
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, f"the protocol requires UTF-8; found {content_type!r}"
        )
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"the request body is not UTF-8: {exc}") from None
    formats = [v for k in FORMAT_KEYS for v in url.getlist(k)]
    if media == FORM_MEDIA:
        form = parse_qs(text, keep_blank_values=True)
        if "update" in form:
            raise UpdateRefused("SPARQL Update is not accepted: this endpoint is read-only")
        if "query" not in form:
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "expected a 'query' field in the form body")
        return await _answer(
            request,
            runner,
            settings,
            _one_query(form["query"]),
            url.getlist("default-graph-uri") + form.get("default-graph-uri", []),
            url.getlist("named-graph-uri") + form.get("named-graph-uri", []),
            formats + [v for k in FORMAT_KEYS for v in form.get(k, [])],
        )
    if media == QUERY_MEDIA:
        if not text.strip():
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "the request body holds no query")
        return await _answer(
            request,
            runner,
            settings,
            text,
            url.getlist("default-graph-uri"),
            url.getlist("named-graph-uri"),
            formats,
        )
    if media == UPDATE_MEDIA:
        raise UpdateRefused("SPARQL Update is not accepted: this endpoint is read-only")
    raise HTTPException(
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        f"expected a body of {FORM_MEDIA} or {QUERY_MEDIA}, found {media or 'no media type'!r}",
    )
