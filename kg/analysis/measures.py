"""Measures over a view: centrality, communities, components, k-core, shortest path.

Each measure is a function ``(graph, **options) -> MeasureResult`` registered
by name in ``MEASURES``. Centrality, communities, components and k-core work on
the undirected simple graph of the view (parallel edges merged, weights
summed): the questions they answer ("who bridges groups", "who served
together") do not depend on edge direction. Small and disconnected graphs are
fine: an empty view gives no rows; betweenness and eigenvector centrality are
computed per connected component (betweenness normalised over the whole graph,
eigenvector scaled by the component's share of the nodes), so eigenvector
always converges and isolated nodes get 0.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from kg.errors import AnalysisError
from kg.registry import Registry

# A component above this many nodes gets its betweenness estimated from seeded pivots (exact is O(n*m)).
BETWEENNESS_EXACT_MAX = 2000
BETWEENNESS_SAMPLES = 500
DEFAULT_SEED = 42


@dataclass
class MeasureResult:
    """Rows of one measure over one view, renderable as a table, CSV or JSON."""

    measure: str
    view: str
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "view": self.view, "columns": list(self.columns),
                "rows": self.rows, "meta": self.meta}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(self.columns), extrasaction="ignore")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({k: cell_text(row.get(k)) for k in self.columns})
        return buf.getvalue()


def cell_text(value: Any) -> str:
    """A value as one table or CSV cell (lists joined with ' | ', floats rounded)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, list | tuple):
        return " | ".join(cell_text(v.get("text") if isinstance(v, dict) else v) for v in value)
    return str(value)


MeasureFn = Callable[..., MeasureResult]
MEASURES: Registry[MeasureFn] = Registry("measure")


def simple_undirected(graph: nx.Graph) -> nx.Graph:
    """The undirected simple graph of ``graph``: parallel and opposite edges merged, weights summed."""
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        w = float(data.get("weight", 1) or 1)
        if out.has_edge(u, v):
            out[u][v]["weight"] += w
        else:
            out.add_edge(u, v, weight=w)
    return out


def _view(graph: nx.Graph) -> str:
    return str(graph.graph.get("view", ""))


def _node_row(graph: nx.Graph, n: str) -> dict[str, Any]:
    attrs = graph.nodes[n]
    return {"id": n, "label": attrs.get("label", n), "type": attrs.get("type", "")}


def _components(u: nx.Graph) -> list[set[str]]:
    return [set(c) for c in nx.connected_components(u)]


def betweenness_by_component(u: nx.Graph, *, seed: int = DEFAULT_SEED) -> tuple[dict[str, float], str]:
    """Betweenness (normalised over the whole graph), computed one connected component at a time.

    No shortest path crosses components, so summing per component is exact and costs the sum of
    the components' n*m instead of the graph's. A component above ``BETWEENNESS_EXACT_MAX`` nodes
    is estimated from ``BETWEENNESS_SAMPLES`` seeded pivots. Returns the values and how they were got.
    """
    n = u.number_of_nodes()
    out: dict[str, float] = dict.fromkeys(u, 0.0)
    sampled = 0
    if n <= 2:
        return out, "exact"
    scale_all = (n - 1) * (n - 2)
    for comp in _components(u):
        size = len(comp)
        if size <= 2:
            continue
        sub = u.subgraph(comp).copy()    # a copy: views filter every neighbour lookup
        k = BETWEENNESS_SAMPLES if size > BETWEENNESS_EXACT_MAX else None
        sampled += k is not None
        values = nx.betweenness_centrality(sub, k=k, seed=seed if k else None, normalized=True)
        factor = (size - 1) * (size - 2) / scale_all    # from the component's normalisation to the graph's
        for node, value in values.items():
            out[node] = value * factor
    how = (f"exact per component; {sampled} component(s) above {BETWEENNESS_EXACT_MAX} nodes estimated "
           f"from {BETWEENNESS_SAMPLES} pivots (seed {seed})") if sampled else "exact"
    return out, how


def eigenvector_by_component(u: nx.Graph, *, max_iter: int = 1000, tol: float = 1e-8) -> dict[str, float]:
    """Eigenvector centrality per connected component, scaled by the component's share of nodes.

    Power iteration on a disconnected graph converges to the largest component and leaves the
    others at arbitrary small values; normalising each component separately gives every component
    its proper answer (unit length within it, as networkx does for a connected graph), then the
    share of nodes makes components comparable. Like networkx it iterates with ``A + I`` so that
    bipartite components converge; isolated nodes get 0. Vectorised with numpy: one pass over the
    edge list per iteration.
    """
    nodes = list(u)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    comp = np.zeros(n, dtype=np.int64)
    sizes = []
    for c, members in enumerate(_components(u)):
        for node in members:
            comp[index[node]] = c
        sizes.append(len(members))
    src, dst, w = [], [], []
    for a, b, data in u.edges(data=True):
        weight = float(data.get("weight", 1) or 1)
        src += [index[a], index[b]]
        dst += [index[b], index[a]]
        w += [weight, weight]
    src_a, dst_a, w_a = np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64), np.array(w)
    x = np.ones(n)
    for _ in range(max_iter):
        y = x + np.bincount(dst_a, weights=w_a * x[src_a], minlength=n)
        norms = np.sqrt(np.bincount(comp, weights=y * y))
        y = y / norms[comp]
        done = float(np.abs(y - x).sum()) < n * tol
        x = y
        if done:
            break
    share = np.array(sizes, dtype=float)[comp] / n
    x = x * share
    x[np.array(sizes)[comp] < 2] = 0.0
    return {node: float(x[i]) for node, i in index.items()}


@MEASURES.register("centrality")
def centrality(graph: nx.Graph, *, top: int | None = None, seed: int = DEFAULT_SEED,
               **_: Any) -> MeasureResult:
    """Degree, weighted degree, betweenness and eigenvector centrality, ranked by weighted degree."""
    u = simple_undirected(graph)
    meta: dict[str, Any] = {"nodes": u.number_of_nodes(), "edges": u.number_of_edges()}
    columns = ["id", "label", "type", "degree", "weighted_degree", "betweenness", "eigenvector"]
    if graph.is_directed():
        columns[4:4] = ["in_degree", "out_degree"]
    if u.number_of_nodes() == 0:
        return MeasureResult("centrality", _view(graph), tuple(columns), [], meta)
    between, meta["betweenness"] = betweenness_by_component(u, seed=seed)
    eigen = eigenvector_by_component(u)
    rows = []
    for n in u:
        row = _node_row(graph, n)
        row.update(degree=u.degree(n), weighted_degree=float(u.degree(n, weight="weight")),
                   betweenness=between.get(n, 0.0), eigenvector=eigen.get(n, 0.0))
        if graph.is_directed():
            row.update(in_degree=graph.in_degree(n), out_degree=graph.out_degree(n))
        rows.append(row)
    rows.sort(key=lambda r: (-r["weighted_degree"], -r["betweenness"], r["label"], r["id"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    columns.insert(0, "rank")
    return MeasureResult("centrality", _view(graph), tuple(columns), rows[:top] if top else rows, meta)


def _groups(graph: nx.Graph, groups: list[set[str]], measure: str, key: str,
            meta: dict[str, Any]) -> MeasureResult:
    ordered = sorted(groups, key=lambda g: (-len(g), min(g)))
    rows = []
    for i, group in enumerate(ordered, 1):
        members = sorted(group, key=lambda n: (str(graph.nodes[n].get("label", n)), n))
        rows.append({key: i, "size": len(group),
                     "members": [graph.nodes[n].get("label", n) for n in members], "ids": members})
    meta = {**meta, "count": len(rows)}
    return MeasureResult(measure, _view(graph), (key, "size", "members", "ids"), rows, meta)


@MEASURES.register("communities")
def communities(graph: nx.Graph, *, seed: int = DEFAULT_SEED, resolution: float = 1.0,
                **_: Any) -> MeasureResult:
    """Louvain communities (seeded: the same graph and seed give the same partition)."""
    u = simple_undirected(graph)
    if u.number_of_nodes() == 0:
        return _groups(graph, [], "communities", "community", {"seed": seed, "modularity": None})
    parts = nx.community.louvain_communities(u, weight="weight", seed=seed, resolution=resolution)
    modularity = nx.community.modularity(u, parts, weight="weight") if u.number_of_edges() else 0.0
    return _groups(graph, [set(p) for p in parts], "communities", "community",
                   {"seed": seed, "resolution": resolution, "modularity": modularity})


@MEASURES.register("components")
def components(graph: nx.Graph, **_: Any) -> MeasureResult:
    """Connected components (weakly connected for directed views), largest first."""
    u = simple_undirected(graph)
    return _groups(graph, [set(c) for c in nx.connected_components(u)], "components", "component", {})


@MEASURES.register("kcore")
def kcore(graph: nx.Graph, *, k: int | None = None, **_: Any) -> MeasureResult:
    """Core number of every node; ``meta.members`` is the k-core (default: the innermost core)."""
    u = simple_undirected(graph)
    u.remove_edges_from(list(nx.selfloop_edges(u)))
    cores = nx.core_number(u) if u.number_of_nodes() else {}
    max_core = max(cores.values(), default=0)
    k = max_core if k is None else k
    rows = [{**_node_row(graph, n), "core": c} for n, c in cores.items()]
    rows.sort(key=lambda r: (-r["core"], r["label"], r["id"]))
    members = [r["label"] for r in rows if r["core"] >= k]
    return MeasureResult("kcore", _view(graph), ("id", "label", "type", "core"), rows,
                         {"max_core": max_core, "k": k, "members": members})


def find_node(graph: nx.Graph, ref: str) -> str:
    """The node of ``graph`` named ``ref``: its IRI, a label or alias, or its pinyin (spaces ignored)."""
    if ref in graph:
        return ref
    key = ref.strip().lower().replace(" ", "")
    hits = [n for n, a in graph.nodes(data=True)
            if ref == a.get("label") or ref in (a.get("labels") or ())
            or (key and str(a.get("pinyin", "")).replace(" ", "") == key)]
    if not hits:
        raise AnalysisError(f"no node named {ref!r} in view {_view(graph)!r} "
                            "(expected an IRI, a label or its pinyin)")
    return sorted(hits, key=lambda n: (-graph.degree(n), n))[0]


def _hop_edges(graph: nx.Graph, a: str, b: str) -> list[tuple[str, str, dict[str, Any]]]:
    found: list[tuple[str, str, dict[str, Any]]] = []
    for u, v in ((a, b), (b, a)) if graph.is_directed() else ((a, b),):
        if not graph.has_edge(u, v):
            continue
        if graph.is_multigraph():
            found.extend((u, v, d) for d in graph.get_edge_data(u, v).values())
        else:
            found.append((u, v, graph.get_edge_data(u, v)))
    return found


@MEASURES.register("path")
def shortest_path(graph: nx.Graph, *, source: str | None = None, target: str | None = None,
                  **_: Any) -> MeasureResult:
    """The shortest path between two entities (fewest hops), each hop with its relations and evidence."""
    if not source or not target:
        raise AnalysisError("the path measure needs a source and a target (IRI, label or pinyin)")
    s, t = find_node(graph, source), find_node(graph, target)
    u = simple_undirected(graph)
    try:
        nodes = nx.shortest_path(u, s, t)
    except nx.NetworkXNoPath:
        raise AnalysisError(f"no path between {source!r} and {target!r} in view {_view(graph)!r}") from None
    rows = []
    for step, (a, b) in enumerate(zip(nodes, nodes[1:], strict=False), 1):
        for x, y, data in _hop_edges(graph, a, b):
            rows.append({"step": step, "from": x, "from_label": graph.nodes[x].get("label", x),
                         "relation": data.get("relation", ""), "to": y,
                         "to_label": graph.nodes[y].get("label", y),
                         "weight": data.get("weight", 1), "articles": data.get("articles", []),
                         "evidence": data.get("evidence", [])})
    meta = {"source": s, "target": t, "length": len(nodes) - 1,
            "nodes": [graph.nodes[n].get("label", n) for n in nodes]}
    return MeasureResult("path", _view(graph), ("step", "from_label", "relation", "to_label", "weight",
                                                  "articles", "evidence", "from", "to"), rows, meta)


def measure(graph: nx.Graph, name: str, **options: Any) -> MeasureResult:
    """Run the measure ``name`` on ``graph`` (UnknownPluginError lists the known measures)."""
    return MEASURES.get(name)(graph, **options)
