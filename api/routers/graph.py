"""``/graph/{view}?format=``: a view exported for Gephi, Cytoscape, D3, GIS or spreadsheets;
``/graph/ego?node=&depth=``: the ego network of one node, in the same formats."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Response, status

from api.deps import WorkerDep
from api.routers.analysis import FromQ, RegionQ, ToQ, check_view, view_of
from kg.analysis import MAX_EGO_DEPTH, VIEW_NAMES, ego_network
from kg.errors import AnalysisError
from kg.export import EXPORTERS, export_graph
from kg.store.base import Store

router = APIRouter(prefix="/graph", tags=["analysis"])

FormatQ = Annotated[
    str,
    Query(description="graphml, gexf, cytoscape, d3, geojson or csv (zip of nodes.csv and edges.csv).",
          max_length=20),
]
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "application/graphml+xml": {},
            "application/gexf+xml": {},
            "application/json": {},
            "application/geo+json": {},
            "application/zip": {},
        }
    }
}


def _check_format(fmt: str) -> None:
    if fmt not in EXPORTERS:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            f"unknown format {fmt!r}; known formats: {', '.join(EXPORTERS.names())}",
        )


def _file(body: bytes, fmt: str, name: str) -> Response:
    exporter = EXPORTERS.get(fmt)
    disposition = "inline" if exporter.media_type.endswith("json") else "attachment"
    return Response(
        body,
        media_type=exporter.media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{name}.{exporter.extension}"'},
    )


@router.get("/ego", summary="The ego network of one node, in an exchange format", responses=RESPONSES)
async def get_ego(
    work: WorkerDep,
    node: Annotated[str, Query(description="The centre: an entity IRI, a label or its pinyin.", min_length=1,
                               max_length=500)],
    depth: Annotated[int, Query(ge=0, le=MAX_EGO_DEPTH, description="Hops from the centre, both ways.")] = 1,
    view: Annotated[str, Query(description=f"The view to cut from: {', '.join(VIEW_NAMES)}.")] = "full",
    format: FormatQ = "cytoscape",
    start: FromQ = None,
    end: ToQ = None,
    region: RegionQ = None,
) -> Response:
    """Every node within ``depth`` hops of ``node`` in ``view``, with the edges between them and their evidence."""
    _check_format(format)
    check_view(view)
    body = await work.analysis("api.routers.graph:ego_job", view, node, depth, format, start, end, region)
    return _file(body, format, f"{view}-ego")


@router.get(
    "/{view}",
    summary="A view of the graph in an exchange format",
    responses=RESPONSES,
)
async def get_graph(
    work: WorkerDep,
    view: Annotated[str, Path(description=f"One of: {', '.join(VIEW_NAMES)}.")],
    format: FormatQ = "cytoscape",
    start: FromQ = None,
    end: ToQ = None,
    region: RegionQ = None,
) -> Response:
    """The view as a file; ``Content-Disposition`` names it ``<view>.<extension>``."""
    _check_format(format)
    check_view(view)
    body = await work.analysis("api.routers.graph:export_job", view, format, start, end, region)
    return _file(body, format, view)


def export_job(store: Store, view: str, format: str, start: str | None, end: str | None,
               region: str | None) -> bytes:
    """The view exported in ``format`` (in a worker, under the time limit)."""
    return export_graph(view_of(store, view, start, end, region), format)


def ego_job(store: Store, view: str, node: str, depth: int, format: str, start: str | None, end: str | None,
            region: str | None) -> bytes:
    """The ego network of ``node`` exported in ``format`` (in a worker, under the time limit)."""
    try:
        ego = ego_network(view_of(store, view, start, end, region), node, depth=depth)
    except AnalysisError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    return export_graph(ego, format)
