"""Exporters of analysis views to the formats of network tools, looked up by name in ``EXPORTERS``.

Built-ins: ``graphml`` and ``gexf`` (Gephi, yEd, networkx), ``cytoscape``
(Cytoscape.js JSON: elements plus a style sheet), ``d3`` (node-link JSON),
``csv`` (a zip holding ``nodes.csv`` and ``edges.csv``), ``geojson`` (located
places as points, relations between located nodes as lines). Third parties add
their own through the ``frontline_kg.exporter`` entry-point group.
"""
from __future__ import annotations

from kg.export.base import EXPORTERS, Exporter, export_graph

EXPORTERS.register("graphml", "kg.export.networkx_xml:GRAPHML")
EXPORTERS.register("gexf", "kg.export.networkx_xml:GEXF")
EXPORTERS.register("cytoscape", "kg.export.json_formats:CYTOSCAPE")
EXPORTERS.register("d3", "kg.export.json_formats:D3")
EXPORTERS.register("csv", "kg.export.tables:CSV_ZIP")
EXPORTERS.register("geojson", "kg.export.geojson:GEOJSON")

__all__ = ["EXPORTERS", "Exporter", "export_graph"]
