"""Network analysis over the knowledge graph: views (networkx graphs built from the store through
SPARQL), measures over them, and a small cache for servers that answer many requests."""
from __future__ import annotations

import threading
from typing import Any

import networkx as nx

from kg.analysis.data import GraphData, fetch_graph_data
from kg.analysis.filters import TimeWindow
from kg.analysis.measures import MEASURES, MeasureResult, measure
from kg.analysis.views import VIEW_NAMES, VIEWS, build_view
from kg.store.base import Store

MEASURE_NAMES = ("centrality", "communities", "components", "kcore", "path")


def view_graph(store: Store, name: str, *, start: str | None = None, end: str | None = None,
               region: str | None = None, data: GraphData | None = None) -> nx.Graph:
    """Fetch the facts of ``store`` (unless ``data`` is given) and build the view ``name``."""
    VIEWS.get(name)  # fail on an unknown view before querying the store
    data = data if data is not None else fetch_graph_data(store)
    return build_view(data, name, window=TimeWindow.parse(start, end), region=region)


def analyze(store: Store, view: str, measure_name: str, *, start: str | None = None,
            end: str | None = None, region: str | None = None, data: GraphData | None = None,
            **options: Any) -> MeasureResult:
    """Build ``view`` and run ``measure_name`` on it (options: source, target, top, seed, k)."""
    MEASURES.get(measure_name)
    graph = view_graph(store, view, start=start, end=end, region=region, data=data)
    return measure(graph, measure_name, **options)


class GraphDataCache:
    """The GraphData of a store, fetched again only when the store's size changes.

    A server answers many view and measure requests over the same store; the SPARQL fetch is the
    expensive part, so it is shared. The size check is cheap and catches every ingest.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, int] | None = None
        self._data: GraphData | None = None

    def get(self, store: Store) -> GraphData:
        key = (id(store), len(store))
        with self._lock:
            if self._data is None or key != self._key:
                self._data = fetch_graph_data(store)
                self._key = key
            return self._data


__all__ = ["GraphData", "GraphDataCache", "MeasureResult", "MEASURES", "MEASURE_NAMES", "VIEWS",
           "VIEW_NAMES", "TimeWindow", "analyze", "build_view", "fetch_graph_data", "measure", "view_graph"]
