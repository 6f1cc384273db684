"""``/analysis``: network measures over the views, as JSON (the same as ``kg analyze``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, status

from api.deps import WorkerDep
from api.endpoint import caches
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


def analysis_cache() -> GraphDataCache:
    """This process's cache of GraphData and views (a worker drops it when its store changes)."""
    return caches.get("analysis", GraphDataCache)


def graph_data(store: Store) -> GraphData:
    """The store's GraphData, shared between requests until the store changes."""
    return analysis_cache().get(store)


def check_view(view: str) -> str:
    if view not in VIEW_NAMES:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"unknown view {view!r}; known views: {', '.join(VIEW_NAMES)}"
        )
    return view


def view_of(store: Store, view: str, start: str | None, end: str | None, region: str | None) -> Any:
    """Build a view (in a worker), turning bad filters into 400 and unknown regions into 404."""
    check_view(view)
    try:
        return analysis_cache().view(store, view, start=start, end=end, region=region)
    except AnalysisError as exc:
        code = status.HTTP_404_NOT_FOUND if str(exc).startswith("no ") else status.HTTP_400_BAD_REQUEST
        raise HTTPException(code, str(exc)) from None


def measure_job(store: Store, view: str, measure_name: str, start: str | None, end: str | None,
                region: str | None, **options: Any) -> dict[str, Any]:
    """The body of ``/analysis/{view}/{measure}``, run in a worker under the time limit."""
    graph = view_of(store, view, start, end, region)
    try:
        result = measure(graph, measure_name, **options)
    except AnalysisError as exc:  # "no node named ..." / "no path ..." are 404; missing options 400
        missing = str(exc).startswith("no ")
        raise HTTPException(
            status.HTTP_404_NOT_FOUND if missing else status.HTTP_400_BAD_REQUEST, str(exc)
        ) from None
    return result.as_dict()


@router.get("", summary="Views, measures and export formats")
def list_analysis() -> dict[str, list[str]]:
    """The names used by ``/analysis/{view}/{measure}``, ``/graph/{view}`` and the viewer."""
    return {"views": list(VIEW_NAMES), "measures": list(MEASURE_NAMES), "formats": EXPORTERS.names()}


@router.get("/{view}/{measure_name}", summary="A measure over a view")
async def run_measure(
    work: WorkerDep,
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
    check_view(view)
    if measure_name not in MEASURE_NAMES:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"unknown measure {measure_name!r}; known: {', '.join(MEASURE_NAMES)}"
        )
    return await work.analysis(  # type: ignore[no-any-return]
        "api.routers.analysis:measure_job", view, measure_name, start, end, region,
        source=source, target=target, top=top, seed=seed, k=k,
    )
