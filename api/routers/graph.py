"""``/graph/{view}?format=``: a view exported for Gephi, Cytoscape, D3 or spreadsheets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Response, status

from api.deps import WorkerDep
from api.routers.analysis import FromQ, RegionQ, ToQ, check_view, view_of
from kg.analysis import VIEW_NAMES
from kg.export import EXPORTERS, export_graph
from kg.store.base import Store

router = APIRouter(prefix="/graph", tags=["analysis"])


@router.get(
    "/{view}",
    summary="A view of the graph in an exchange format",
    responses={
        200: {
            "content": {
                "application/graphml+xml": {},
                "application/gexf+xml": {},
                "application/json": {},
                "application/zip": {},
            }
        }
    },
)
async def get_graph(
    work: WorkerDep,
    view: Annotated[str, Path(description=f"One of: {', '.join(VIEW_NAMES)}.")],
    format: Annotated[
        str,
        Query(
            description="graphml, gexf, cytoscape, d3 or csv (zip of nodes.csv and edges.csv).", max_length=20
        ),
    ] = "cytoscape",
    start: FromQ = None,
    end: ToQ = None,
    region: RegionQ = None,
) -> Response:
    """The view as a file; ``Content-Disposition`` names it ``<view>.<extension>``."""
    if format not in EXPORTERS:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            f"unknown format {format!r}; known formats: {', '.join(EXPORTERS.names())}",
        )
    check_view(view)
    body = await work("api.routers.graph:export_job", view, format, start, end, region)
    exporter = EXPORTERS.get(format)
    disposition = "inline" if exporter.media_type == "application/json" else "attachment"
    return Response(
        body,
        media_type=exporter.media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{view}.{exporter.extension}"'},
    )


def export_job(store: Store, view: str, format: str, start: str | None, end: str | None,
               region: str | None) -> bytes:
    """The view exported in ``format`` (in a worker, under the time limit)."""
    return export_graph(view_of(store, view, start, end, region), format)
