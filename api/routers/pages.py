"""``/id/{kind}/{name}``: every entity and article IRI dereferences, by content negotiation.

A browser (``Accept: text/html``) gets a page a person can read and cite: names in every script, the
facts with their evidence sentences (the mention highlighted), a small ego graph, and the SPARQL that
produced the page. A machine gets the entity's description as Turtle, JSON-LD or N-Triples: the
triples about it both ways, the statements that qualify them and their evidence. ``?format=`` picks
the representation when a client cannot set ``Accept``.

Instance IRIs live under the configured base (``https://w3id.org/frontline-kg/id/`` by default); the
path after the base is the path after ``/id/`` here, so a w3id redirect of the base lands on these pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query, Request, status
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from rdflib import Graph, URIRef

from api import queries
from api.deps import SettingsDep, WorkerDep
from api.endpoint.negotiation import Format, negotiate
from api.page_data import marked_text
from kg.errors import NotAcceptable
from kg.vocab import PREFIXES, sparql_prefixes

router = APIRouter(tags=["pages"])
TEMPLATES = Jinja2Templates(directory=str(FilePath(__file__).resolve().parents[1] / "templates"))

# html first: a browser's Accept ends in */*, and a client that states nothing gets the page
FORMATS: tuple[Format, ...] = (
    Format("text/html", ("html",), ("application/xhtml+xml",)),
    Format("text/turtle", ("ttl", "turtle"), ("application/x-turtle",)),
    Format("application/ld+json", ("jsonld", "json-ld"), ("application/json",)),
    Format("application/n-triples", ("nt", "ntriples"), ("text/plain",)),
)
SERIALIZERS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}
ALTERNATES = [(f.names[0], f.media_type) for f in FORMATS if f.media_type in SERIALIZERS]

DESCRIBE = """CONSTRUCT {
  ?e ?p ?o . ?s ?q ?e . ?st ?sp ?so . ?ev ?ep ?eo . ?n rdfs:label ?nl .
} WHERE {
  { ?e ?p ?o }
  UNION { ?s ?q ?e }
  UNION { { ?st rdf:subject ?e } UNION { ?st rdf:object ?e } ?st ?sp ?so
          OPTIONAL { ?st fk:evidence ?ev . ?ev ?ep ?eo } }
  UNION { { ?e ?r ?n } UNION { ?n ?r ?e } ?n rdfs:label ?nl FILTER(isIRI(?n)) }
}"""


def mark(text: str, names: list[str | None]) -> Markup:
    """``text`` escaped, with every occurrence of the non-empty ``names`` wrapped in ``<mark>``."""
    spans = marked_text(text, {n: ("", "") for n in names if n and len(n) > 1})
    return Markup("".join(f"<mark>{escape(s['text'])}</mark>" if s["type"] is not None else str(escape(s["text"]))
                          for s in spans))


TEMPLATES.env.filters["mark"] = mark


def _format(request: Request, fmt: str | None) -> Format:
    if fmt is not None:
        found = next((f for f in FORMATS if fmt.lower() in f.names), None)
        if found is None:
            raise HTTPException(status.HTTP_400_BAD_REQUEST,
                                f"unknown format {fmt!r}; known: {', '.join(f.names[0] for f in FORMATS)}")
        return found
    try:
        return negotiate(FORMATS, request.headers.get("accept"))
    except NotAcceptable as exc:
        raise HTTPException(status.HTTP_406_NOT_ACCEPTABLE, str(exc)) from None


def describe(store: Any, iri: URIRef, serializer: str) -> bytes | None:
    """The entity's description (triples about it both ways, their statements and evidence, the labels
    of its neighbours) serialised; None when the store holds nothing about it. Runs in a worker."""
    res = store.query(sparql_prefixes() + DESCRIBE, bindings={"e": iri})
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    if res.graph is not None:
        for triple in res.graph:
            graph.add(triple)
    if not len(graph):
        return None
    body = graph.serialize(format=serializer)
    return body if isinstance(body, bytes) else body.encode("utf-8")


@router.api_route(
    "/id/{path:path}",
    methods=["GET", "HEAD"],
    summary="Dereference an entity or article IRI (HTML page, Turtle, JSON-LD or N-Triples)",
    responses={200: {"content": {f.media_type: {} for f in FORMATS}}, 404: {"description": "No such IRI"}},
)
async def dereference(
    request: Request,
    work: WorkerDep,
    settings: SettingsDep,
    path: Annotated[str, Path(description="The IRI's path after the base: person/…, place/…, article/….",
                              max_length=2000)],
    format: Annotated[str | None, Query(description="html, ttl, jsonld or nt (instead of Accept).",
                                        max_length=10)] = None,
) -> Response:
    """The page or the RDF description of ``<base><path>``; 404 when the store holds nothing about it."""
    fmt = _format(request, format)
    iri = queries.from_id(path, settings.base_iri)
    if iri is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no entity or article at {path!r}")
    headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
    if fmt.media_type in SERIALIZERS:
        body = await work("api.routers.pages:describe", iri, SERIALIZERS[fmt.media_type])
        if body is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no entity or article at {path!r}")
        return Response(body, media_type=f"{fmt.media_type}; charset=utf-8", headers=headers)
    # an article IRI (also given whole, or as an id) is an article page; any other node an entity page
    is_article = str(iri).startswith(settings.base_iri + "article/") and "/" not in str(iri)[
        len(settings.base_iri + "article/"):]
    build = "api.page_data:article_page" if is_article else "api.page_data:entity_page"
    page = await work(build, iri, settings.base_iri)
    if page is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no entity or article at {path!r}")
    html = TEMPLATES.get_template("article.html" if is_article else "entity.html").render(
        page=page, iri=str(iri), self_path="/id/" + quote(path), alternates=ALTERNATES,
        today=dt.date.today().isoformat())
    return HTMLResponse(html, headers=headers)
