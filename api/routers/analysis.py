"""``/analysis``: network measures over the views, as JSON (the same as ``kg analyze``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, status

from api.deps import StoreDep
from kg.analysis import MEASURE_NAMES, VIEW_NAMES, GraphData, GraphDataCache, measure
from kg.errors import AnalysisError
from kg.export import EXPORTERS
from kg.store.base import Store

router = APIRouter(prefix="/analysis", tags=["analysis"])

FromQ = Annotated[
    str | None, Query(alias="from", description="Window start: YYYY, YYYY-MM or YYYY-MM-DD.", max_length=10)
]
ToQ = Annotated[
    str | None, Query(alias="to", description="Window end: YYYY, YYYY-MM or YYYY-MM-DD.", max_length=10)
]
RegionQ = Annotated[
    str | None, Query(description="Only places inside this place (name or IRI), any depth.", max_length=500)
]


def analysis_cache(request: Request) -> GraphDataCache:
    """The application's cache of GraphData and views (created on first use)."""
    cache = getattr(request.app.state, "analysis_cache", None)
    if cache is None:
        cache = request.app.state.analysis_cache = GraphDataCache()
    return cache


def graph_data(request: Request, store: Store) -> GraphData:
    """The store's GraphData, shared between requests until the store changes size."""
    return analysis_cache(request).get(store)


def check_view(view: str) -> str:
    if view not in VIEW_NAMES:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"unknown view {view!r}; known views: {', '.join(VIEW_NAMES)}"
        )
    return view


def view_of(
    request: Request, store: Store, view: str, start: str | None, end: str | None, region: str | None
) -> Any:
    """Build a view for a route, turning bad filters into 400 and unknown regions into 404."""
    check_view(view)
    try:
        return analysis_cache(request).view(store, view, start=start, end=end, region=region)
    except AnalysisError as exc:
        code = status.HTTP_404_NOT_FOUND if str(exc).startswith("no ") else status.HTTP_400_BAD_REQUEST
        raise HTTPException(code, str(exc)) from None


@router.get("", summary="Views, measures and export formats")
def list_analysis() -> dict[str, list[str]]:
    """The names used by ``/analysis/{view}/{measure}``, ``/graph/{view}`` and the viewer."""
    return {"views": list(VIEW_NAMES), "measures": list(MEASURE_NAMES), "formats": EXPORTERS.names()}


@router.get("/{view}/{measure_name}", summary="A measure over a view")
def run_measure(
    request: Request,
    store: StoreDep,
    view: Annotated[str, Path(description=f"One of: {', '.join(VIEW_NAMES)}.")],
    measure_name: Annotated[str, Path(description=f"One of: {', '.join(MEASURE_NAMES)}.")],
    start: FromQ = None,
    end: ToQ = None,
    region: RegionQ = None,
    source: Annotated[
        str | None, Query(description="path: first entity (name, pinyin or IRI).", max_length=500)
    ] = None,
    target: Annotated[str | None, Query(description="path: last entity.", max_length=500)] = None,
    top: Annotated[int | None, Query(ge=1, le=100000, description="centrality: first N rows.")] = None,
    seed: Annotated[int, Query(ge=0, le=2**31, description="communities: random seed.")] = 42,
    k: Annotated[int | None, Query(ge=0, le=10000, description="kcore: the k of the core.")] = None,
) -> dict[str, Any]:
    """Rows of the measure (ranked), with ``columns`` and ``meta`` (modularity, path length ...)."""
    if measure_name not in MEASURE_NAMES:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"unknown measure {measure_name!r}; known: {', '.join(MEASURE_NAMES)}"
        )
    graph = view_of(request, store, view, start, end, region)
    try:
        result = measure(graph, measure_name, source=source, target=target, top=top, seed=seed, k=k)
    except AnalysisError as exc:  # "no node named ..." / "no path ..." are 404; missing options 400
        missing = str(exc).startswith("no ")
        raise HTTPException(
            status.HTTP_404_NOT_FOUND if missing else status.HTTP_400_BAD_REQUEST, str(exc)
        ) from None
    return result.as_dict()
