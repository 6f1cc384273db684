"""Cytoscape.js JSON (elements + style sheet) and D3 node-link JSON."""
from __future__ import annotations

import json
from typing import Any

import networkx as nx

from kg.export.base import TYPE_COLORS, Exporter, jsonable_graph_attrs

PLACE_LEVEL_SHAPES = {"district": "round-rectangle", "city": "round-rectangle", "province": "round-rectangle"}


def cytoscape_style() -> list[dict[str, Any]]:
    """The Cytoscape.js style sheet: colour by type, size by ``size`` (0..1), width by weight."""
    style: list[dict[str, Any]] = [
        {"selector": "node", "style": {
            "label": "data(label)", "font-size": 10, "text-valign": "bottom", "text-halign": "center",
            "width": "mapData(size, 0, 1, 14, 60)", "height": "mapData(size, 0, 1, 14, 60)",
            "background-color": TYPE_COLORS["Unknown"], "color": "#222", "text-margin-y": 2}},
        {"selector": "edge", "style": {
            "width": "mapData(weight, 1, 10, 1, 8)", "line-color": "#b8b8b8", "curve-style": "bezier",
            "opacity": 0.8}},
        {"selector": "edge[?directed]", "style": {"target-arrow-shape": "triangle",
                                                  "target-arrow-color": "#b8b8b8"}},
        {"selector": "node[?aggregate]", "style": {"shape": "hexagon", "border-width": 2,
                                                   "border-color": "#333"}},
        {"selector": ":selected", "style": {"border-width": 3, "border-color": "#ffb000",
                                            "line-color": "#ffb000"}},
        {"selector": ".faded", "style": {"opacity": 0.25}},
    ]
    for node_type, color in TYPE_COLORS.items():
        style.append({"selector": f'node[type = "{node_type}"]', "style": {"background-color": color}})
    for level, shape in PLACE_LEVEL_SHAPES.items():
        style.append({"selector": f'node[level = "{level}"]', "style": {"shape": shape}})
    return style


def _edges(graph: nx.Graph) -> list[tuple[str, str, str, dict[str, Any]]]:
    if graph.is_multigraph():
        return [(u, v, f"e{i}-{k}", d) for i, (u, v, k, d) in enumerate(graph.edges(keys=True, data=True))]
    return [(u, v, f"e{i}", d) for i, (u, v, d) in enumerate(graph.edges(data=True))]


def cytoscape_elements(graph: nx.Graph) -> dict[str, list[dict[str, Any]]]:
    """``{"nodes": [{"data": {...}}], "edges": [{"data": {...}}]}`` as Cytoscape.js reads them."""
    # Default size: weighted degree over the largest one (the viewer may resize by another measure).
    degree = dict(graph.degree(weight="weight"))
    top = max(degree.values(), default=0) or 1
    nodes = [{"data": {"size": degree.get(n, 0) / top, **attrs, "id": n}}
             for n, attrs in graph.nodes(data=True)]
    directed = graph.is_directed()
    edges = [{"data": {**attrs, "id": eid, "source": u, "target": v, "directed": directed}}
             for u, v, eid, attrs in _edges(graph)]
    return {"nodes": nodes, "edges": edges}


def cytoscape_document(graph: nx.Graph) -> dict[str, Any]:
    return {"format_version": "1.0", "generated_by": "frontline-kg", "target_cytoscapejs_version": "~3",
            "data": jsonable_graph_attrs(graph), "directed": graph.is_directed(),
            "elements": cytoscape_elements(graph), "style": cytoscape_style()}


def write_cytoscape(graph: nx.Graph) -> bytes:
    return json.dumps(cytoscape_document(graph), ensure_ascii=False).encode("utf-8")


def d3_document(graph: nx.Graph) -> dict[str, Any]:
    """networkx's node-link form (``nodes`` with ``id``, ``links`` with ``source``/``target``)."""
    doc = nx.node_link_data(graph, edges="links")
    doc["graph"] = jsonable_graph_attrs(graph)
    return doc


def write_d3(graph: nx.Graph) -> bytes:
    return json.dumps(d3_document(graph), ensure_ascii=False).encode("utf-8")


CYTOSCAPE = Exporter("cytoscape", "application/json", "cyjs", write_cytoscape,
                     "Cytoscape.js JSON: elements (nodes, edges with evidence) and a style sheet")
D3 = Exporter("d3", "application/json", "json", write_d3,
              "D3 node-link JSON (networkx node_link_data: nodes, links)")
