"""Network analysis over the knowledge graph: views (networkx graphs built from the store through
SPARQL), measures over them, and a small cache for servers that answer many requests."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import networkx as nx

from kg.analysis.data import GraphData, fetch_graph_data
from kg.analysis.filters import TimeWindow
from kg.analysis.measures import MEASURES, MeasureResult, find_node, measure
from kg.analysis.views import VIEW_NAMES, VIEWS, build_view
from kg.errors import AnalysisError
from kg.store.base import Store

MEASURE_NAMES = ("centrality", "communities", "components", "kcore", "path")


def view_graph(store: Store, name: str, *, start: str | None = None, end: str | None = None,
               region: str | None = None, data: GraphData | None = None) -> nx.Graph:
    """Fetch the facts of ``store`` (unless ``data`` is given) and build the view ``name``."""
    VIEWS.get(name)  # fail on an unknown view before querying the store
    data = data if data is not None else fetch_graph_data(store)
    return build_view(data, name, window=TimeWindow.parse(start, end), region=region)


MAX_EGO_DEPTH = 6


def ego_network(graph: nx.Graph, center: str, *, depth: int = 1) -> nx.Graph:
    """The part of ``graph`` within ``depth`` hops of ``center`` (an IRI, a label or its pinyin).

    Edges are followed in both directions (who was sent to a place, and where a person was sent), and
    every edge between two kept nodes is kept with its attributes and evidence, so the ego network
    exports in every format like a whole view.
    """
    if not 0 <= depth <= MAX_EGO_DEPTH:
        raise AnalysisError(f"depth must be between 0 and {MAX_EGO_DEPTH}, got {depth}")
    node = find_node(graph, center)
    ego = nx.ego_graph(graph, node, radius=depth, undirected=True).copy()
    ego.graph.update(graph.graph)
    ego.graph.update(around=node, depth=depth)
    return ego


def analyze(store: Store, view: str, measure_name: str, *, start: str | None = None,
            end: str | None = None, region: str | None = None, data: GraphData | None = None,
            **options: Any) -> MeasureResult:
    """Build ``view`` and run ``measure_name`` on it (options: source, target, top, seed, k)."""
    MEASURES.get(measure_name)
    graph = view_graph(store, view, start=start, end=end, region=region, data=data)
    return measure(graph, measure_name, **options)


class GraphDataCache:
    """The GraphData of a store (and the views built from it), fetched again when the store changes size.

    A server answers many view and measure requests over the same store; the SPARQL fetch and the
    view builds are the expensive parts, so they are shared. The size check is cheap and catches
    every ingest. Views handed out are shared: callers must not modify them.
    """

    def __init__(self, max_views: int = 16) -> None:
        self._lock = threading.Lock()
        self._key: tuple[int, int] | None = None
        self._data: GraphData | None = None
        self._views: OrderedDict[tuple[str | None, ...], nx.Graph] = OrderedDict()
        self._max_views = max_views

    def get(self, store: Store) -> GraphData:
        """The store's GraphData (fetched now if the store changed)."""
        key = (id(store), len(store))
        with self._lock:
            if self._data is None or key != self._key:
                self._data = fetch_graph_data(store)
                self._key = key
                self._views.clear()
            return self._data

    def view(self, store: Store, name: str, *, start: str | None = None, end: str | None = None,
             region: str | None = None) -> nx.Graph:
        """The view ``name`` with these filters, built once per store state."""
        data = self.get(store)
        key = (name, start, end, region)
        with self._lock:
            graph = self._views.get(key)
            if graph is not None:
                self._views.move_to_end(key)
                return graph
        graph = build_view(data, name, window=TimeWindow.parse(start, end), region=region)
        with self._lock:
            if self._data is data:     # not replaced by a newer fetch meanwhile
                self._views[key] = graph
                while len(self._views) > self._max_views:
                    self._views.popitem(last=False)
        return graph


__all__ = ["MAX_EGO_DEPTH", "MEASURES", "MEASURE_NAMES", "VIEWS", "VIEW_NAMES", "GraphData", "GraphDataCache",
           "MeasureResult", "TimeWindow", "analyze", "build_view", "ego_network", "fetch_graph_data", "measure",
           "view_graph"]
