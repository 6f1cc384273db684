"""GeoJSON (RFC 7946): places as points, relations between located nodes as lines (unit -> place flows).

Every node is a Feature, every edge is a Feature. A node with coordinates (``lon``/``lat`` set by the
view builder from ``kg.geo``) is a ``Point``; an edge whose two ends are located is a ``LineString``
from source to target. Nodes and edges that cannot be placed keep a ``null`` geometry, as RFC 7946
allows for unlocated features, so nothing of the view is dropped and a GIS tool simply skips them.
``properties.element`` is ``node`` or ``edge``; ``approximate`` marks points borrowed from an enclosing
division (a town at its county).
"""
from __future__ import annotations

import json
from typing import Any

import networkx as nx

from kg.export.base import Exporter, flat_attrs


def _point(attrs: dict[str, Any]) -> list[float] | None:
    lon, lat = attrs.get("lon"), attrs.get("lat")
    return [float(lon), float(lat)] if lon is not None and lat is not None else None


def _edge_list(graph: nx.Graph) -> list[tuple[str, str, dict[str, Any]]]:
    if graph.is_multigraph():
        return [(u, v, d) for u, v, _, d in graph.edges(keys=True, data=True)]
    return list(graph.edges(data=True))


def geojson_document(graph: nx.Graph) -> dict[str, Any]:
    """The view as a GeoJSON FeatureCollection."""
    features: list[dict[str, Any]] = []
    points: dict[str, list[float] | None] = {}
    for node, attrs in graph.nodes(data=True):
        point = points[node] = _point(attrs)
        props = {**flat_attrs(attrs, skip=("lon", "lat")), "element": "node", "id": node}
        geometry = {"type": "Point", "coordinates": point} if point else None
        features.append({"type": "Feature", "id": node, "geometry": geometry, "properties": props})
    for u, v, attrs in _edge_list(graph):
        a, b = points.get(u), points.get(v)
        geometry = {"type": "LineString", "coordinates": [a, b]} if a and b else None
        props = {**flat_attrs(attrs), "element": "edge", "source": u, "target": v}
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features,
            "properties": {k: v for k, v in graph.graph.items() if isinstance(v, str | int | float | bool)}}


def write_geojson(graph: nx.Graph) -> bytes:
    return json.dumps(geojson_document(graph), ensure_ascii=False).encode("utf-8")


GEOJSON = Exporter("geojson", "application/geo+json", "geojson", write_geojson,
                   "GeoJSON FeatureCollection: located places as points, flows as lines (unit -> place)")
