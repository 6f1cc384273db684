"""One contract test over every registered exporter: write each view, read it back, compare."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import geojson
import jsonschema
import networkx as nx
import pytest

from kg.analysis import VIEW_NAMES, build_view
from kg.analysis.data import GraphData
from kg.errors import UnknownPluginError
from kg.export import EXPORTERS, export_graph
from kg.export.base import TYPE_COLORS, hex_rgb

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "analysis"


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


# Each reader returns (node id -> (label, type), [(source, target, relation, weight)]).
Readback = tuple[dict[str, tuple[str, str]], list[tuple[str, str, str, float]]]


def read_networkx(g: nx.Graph) -> Readback:
    nodes = {str(n): (a["label"], a["type"]) for n, a in g.nodes(data=True)}
    edges = [(str(u), str(v), d["relation"], float(d["weight"])) for u, v, d in g.edges(data=True)]
    return nodes, edges


def read_graphml(data: bytes) -> Readback:
    return read_networkx(nx.read_graphml(io.BytesIO(data)))


def read_gexf(data: bytes) -> Readback:
    g = nx.read_gexf(io.BytesIO(data))
    for _, attrs in g.nodes(data=True):         # the colour of each node is its type's
        r, gr, b = hex_rgb(TYPE_COLORS[attrs["type"]])
        assert attrs["viz"]["color"]["r"] == r and attrs["viz"]["color"]["g"] == gr
        assert attrs["viz"]["color"]["b"] == b
    return read_networkx(g)


def read_cytoscape(data: bytes) -> Readback:
    doc = json.loads(data)
    jsonschema.validate(doc, _schema("cytoscape"))
    nodes = {n["data"]["id"]: (n["data"]["label"], n["data"]["type"]) for n in doc["elements"]["nodes"]}
    edges = [(e["data"]["source"], e["data"]["target"], e["data"]["relation"], float(e["data"]["weight"]))
             for e in doc["elements"]["edges"]]
    assert any(s["selector"] == 'node[type = "Person"]' for s in doc["style"])
    return nodes, edges


def read_d3(data: bytes) -> Readback:
    doc = json.loads(data)
    jsonschema.validate(doc, _schema("d3"))
    return read_networkx(nx.node_link_graph(doc, edges="links"))


def read_csv(data: bytes) -> Readback:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == ["edges.csv", "nodes.csv"]
        node_rows = list(csv.DictReader(io.StringIO(zf.read("nodes.csv").decode("utf-8-sig"))))
        edge_rows = list(csv.DictReader(io.StringIO(zf.read("edges.csv").decode("utf-8-sig"))))
    nodes = {r["id"]: (r["label"], r["type"]) for r in node_rows}
    edges = [(r["source"], r["target"], r["relation"], float(r["weight"])) for r in edge_rows]
    return nodes, edges


def read_geojson(data: bytes) -> Readback:
    doc = geojson.loads(data.decode("utf-8"))
    assert doc.is_valid, doc.errors()
    features = doc["features"]
    nodes = {f["properties"]["id"]: (f["properties"]["label"], f["properties"]["type"])
             for f in features if f["properties"]["element"] == "node"}
    edges = [(f["properties"]["source"], f["properties"]["target"], f["properties"]["relation"],
              float(f["properties"]["weight"])) for f in features if f["properties"]["element"] == "edge"]
    return nodes, edges


READERS: dict[str, Callable[[bytes], Readback]] = {
    "graphml": read_graphml, "gexf": read_gexf, "cytoscape": read_cytoscape, "d3": read_d3, "csv": read_csv,
    "geojson": read_geojson,
}


def test_every_registered_exporter_has_a_reader() -> None:
    assert set(EXPORTERS.names()) == set(READERS)


@pytest.mark.parametrize("view", VIEW_NAMES)
@pytest.mark.parametrize("fmt", sorted(READERS))
def test_export_reads_back_with_labels_types_and_weights(sample_data: GraphData, fmt: str, view: str) -> None:
    graph = build_view(sample_data, view)
    exporter = EXPORTERS.get(fmt)
    assert exporter.name == fmt and exporter.media_type and exporter.extension
    nodes, edges = READERS[fmt](export_graph(graph, fmt))
    assert nodes == {n: (a["label"], a["type"]) for n, a in graph.nodes(data=True)}
    expected = sorted((u, v, d["relation"], float(d["weight"])) for u, v, d in graph.edges(data=True))
    if not graph.is_directed():   # undirected readers may swap the ends of an edge
        expected = sorted((min(u, v), max(u, v), r, w) for u, v, r, w in expected)
        edges = [(min(u, v), max(u, v), r, w) for u, v, r, w in edges]
    assert sorted(edges) == expected


def test_gexf_is_dynamic_when_edges_are_dated(sample_data: GraphData) -> None:
    text = export_graph(build_view(sample_data, "deployment"), "gexf").decode("utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    assert 'start="2022-11-10"' in text


def test_cytoscape_edges_carry_evidence_sentences(sample_data: GraphData) -> None:
    doc = json.loads(export_graph(build_view(sample_data, "deployment"), "cytoscape"))
    texts = [ev["text"] for e in doc["elements"]["edges"] for ev in e["data"]["evidence"]]
    assert any("陈艳玲" in t for t in texts)


def test_unknown_format_lists_the_known_ones(sample_data: GraphData) -> None:
    with pytest.raises(UnknownPluginError, match="graphml"):
        export_graph(build_view(sample_data, "support"), "png")
