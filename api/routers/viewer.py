"""``/viewer``: the graph viewer page (sigma.js + graphology, bundled under ``api/static/viewer``) and its data.

The page is static; it reads ``/viewer/data/{view}`` (graph elements (Cytoscape.js JSON shape) with
centrality per node, cut to a node limit), ``/viewer/search`` and
``/viewer/node`` (labels, relations and evidence of one node).
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.responses import HTMLResponse

from api.deps import SettingsDep, WorkerDep
from api.endpoint import caches
from api.queries import simplified
from api.routers.analysis import FromQ, RegionQ, ToQ, check_view, graph_data, view_of
from kg.analysis import VIEW_NAMES
from kg.analysis.explore import filter_types, limit_graph, node_detail, search_nodes
from kg.analysis.measures import centrality
from kg.export.base import TYPE_COLORS
from kg.export.json_formats import cytoscape_elements, cytoscape_style
from kg.store.base import Store

router = APIRouter(prefix="/viewer", tags=["viewer"])
PAGE = FilePath(__file__).resolve().parents[1] / "static" / "viewer" / "index.html"
MAX_NODE_LIMIT = 10000   # sigma.js draws this many with WebGL; above it the rest is folded into aggregates
MEASURE_FIELDS = ("degree", "weighted_degree", "betweenness", "eigenvector")
_MEMO_SIZE = 32




@router.get("", response_class=HTMLResponse, summary="The graph viewer page")
def viewer_page() -> HTMLResponse:
    """The single page of the viewer; its script and styles are under ``/static/viewer/``."""
    if not PAGE.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, "the viewer is not built (npm run build in viewer/)")
    return HTMLResponse(PAGE.read_text(encoding="utf-8"))


def _centrality(key: tuple[Any, ...], graph: Any) -> dict[str, dict[str, float]]:
    memo: dict[tuple[Any, ...], dict[str, dict[str, float]]] = caches.get("viewer_memo", dict)
    if key not in memo:
        rows = centrality(graph).rows
        if len(memo) >= _MEMO_SIZE:
            memo.pop(next(iter(memo)))
        memo[key] = {r["id"]: {f: float(r[f]) for f in MEASURE_FIELDS} for r in rows}
    return memo[key]


@router.get("/data/{view}", summary="A view as Cytoscape.js elements for the viewer")
async def viewer_data(
    work: WorkerDep,
    view: str,
    start: FromQ = None,
    end: ToQ = None,
    region: RegionQ = None,
    types: Annotated[
        str | None, Query(description="Comma-separated node types to keep.", max_length=200)
    ] = None,
    limit: Annotated[int, Query(ge=10, le=MAX_NODE_LIMIT, description="Most nodes drawn.")] = 400,
    focus: Annotated[
        str | None, Query(description="A node kept with its neighbours.", max_length=2000)
    ] = None,
) -> dict[str, Any]:
    """Elements (nodes carry degree, weighted_degree, betweenness, eigenvector), style and what was cut."""
    check_view(view)
    return await work.analysis(  # type: ignore[no-any-return]
        "api.routers.viewer:data_job", view, start, end, region, types, limit, focus
    )


def data_job(store: Store, view: str, start: str | None, end: str | None, region: str | None,
             types: str | None, limit: int, focus: str | None) -> dict[str, Any]:
    """The body of ``/viewer/data/{view}`` (in a worker, under the time limit)."""
    graph = view_of(store, view, start, end, region)
    type_list = [t for t in (types or "").split(",") if t]
    graph = filter_types(graph, type_list)
    data = graph_data(store)
    scores = _centrality((id(data), view, start, end, region, tuple(type_list)), graph)
    rank = {n: s["weighted_degree"] for n, s in scores.items()}
    shown, meta = limit_graph(graph, limit, focus=focus, rank=rank)
    elements = cytoscape_elements(shown)
    for node in elements["nodes"]:
        node["data"].update(scores.get(node["data"]["id"], dict.fromkeys(MEASURE_FIELDS, 0.0)))
    for edge in elements["edges"]:  # sentences come with /viewer/node; the drawing needs the count only
        edge["data"]["evidence_count"] = len(edge["data"].pop("evidence", []) or [])
    meta.update(view=view, directed=graph.is_directed())
    return {
        "elements": elements,
        "style": cytoscape_style(),
        "meta": meta,
        "colors": TYPE_COLORS,
        "views": list(VIEW_NAMES),
    }


@router.get("/search", summary="Find nodes by name (Simplified, Traditional, pinyin)")
async def viewer_search(
    work: WorkerDep,
    q: Annotated[str, Query(min_length=1, max_length=100, description="A name or part of one.")],
    view: Annotated[str | None, Query(description="Only nodes of this view.", max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Ranked hits: exact name, then prefix, then substring; pinyin with or without spaces, or initials."""
    if view:
        check_view(view)
    return await work("api.routers.viewer:search_job", q, view, limit)  # type: ignore[no-any-return]


def search_job(store: Store, q: str, view: str | None, limit: int) -> dict[str, Any]:
    """The body of ``/viewer/search`` (in a worker)."""
    data = graph_data(store)
    within = set(view_of(store, view, None, None, None).nodes) if view else None
    hits = search_nodes(data, q, limit=limit, to_simplified=simplified, within=within)
    return {"query": q, "hits": [h.as_dict() for h in hits]}


@router.get("/node", summary="Labels, relations and evidence of one node")
async def viewer_node(
    work: WorkerDep,
    settings: SettingsDep,
    id: Annotated[str, Query(min_length=1, max_length=2000, description="The node's IRI.")],
) -> dict[str, Any]:
    """Every relation of the node in both directions, each with its sentences and article links."""
    return await work("api.routers.viewer:node_job", id, settings.base_iri)  # type: ignore[no-any-return]


def node_job(store: Store, id: str, base: str) -> dict[str, Any]:
    """The body of ``/viewer/node`` (in a worker)."""
    detail = node_detail(graph_data(store), id, base=base)
    if detail is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no node {id!r} in the graph")
    if id.startswith(base):
        detail["page"] = "/id/" + id[len(base):]     # the entity's page (linked data)
    return detail
