"""``/analysis``, ``/graph`` and the viewer's data routes over the sample store (TestClient)."""
from __future__ import annotations

import io
import json
from collections.abc import Iterator
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.settings import Settings
from kg.store.base import Store


@pytest.fixture(scope="module")
def client(sample_store: Store) -> Iterator[TestClient]:
    app = create_app(Settings(store_kind="memory"), store=sample_store)
    with TestClient(app) as c:
        yield c


def test_lists_views_measures_formats(client: TestClient) -> None:
    body = client.get("/analysis").json()
    assert "co-deployment" in body["views"] and "path" in body["measures"] and "gexf" in body["formats"]


def test_measure_json(client: TestClient) -> None:
    body = client.get("/analysis/deployment/centrality", params={"top": 3}).json()
    assert body["measure"] == "centrality" and len(body["rows"]) == 3
    assert body["rows"][0]["label"] == "白云村"


def test_path_with_evidence_and_errors(client: TestClient) -> None:
    r = client.get("/analysis/full/path", params={"source": "陈艳玲", "target": "马其惠"})
    assert r.status_code == 200
    assert all(row["evidence"] for row in r.json()["rows"])
    assert client.get("/analysis/full/path", params={"source": "陈艳玲"}).status_code == 400
    assert client.get("/analysis/full/path", params={"source": "陈艳玲", "target": "无名"}).status_code == 404
    assert client.get("/analysis/nope/centrality").status_code == 404
    assert client.get("/analysis/full/nope").status_code == 404
    assert client.get("/analysis/full/centrality", params={"from": "soon"}).status_code == 400
    assert client.get("/analysis/full/centrality", params={"region": "无此地"}).status_code == 404


def test_region_and_window_filters(client: TestClient) -> None:
    rows = client.get("/analysis/deployment/components", params={"region": "仓山区"}).json()["rows"]
    assert sorted(rows[0]["members"]) == sorted(["白云村", "马其惠", "陈永开", "林节仁", "张晓明"])
    rows = client.get("/analysis/deployment/centrality", params={"from": "2022-12"}).json()["rows"]
    assert rows == []


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "d3", "csv"])
def test_graph_export_route(client: TestClient, fmt: str) -> None:
    r = client.get("/graph/deployment", params={"format": fmt})
    assert r.status_code == 200 and r.content
    assert "deployment." in r.headers["content-disposition"]
    if fmt == "graphml":
        g = nx.read_graphml(io.BytesIO(r.content))
        assert any(a["label"] == "陈艳玲" for _, a in g.nodes(data=True))
    if fmt == "cytoscape":
        assert json.loads(r.content)["elements"]["nodes"]


def test_graph_route_rejects_unknown_format(client: TestClient) -> None:
    r = client.get("/graph/deployment", params={"format": "png"})
    assert r.status_code == 400 and "graphml" in r.json()["message"]


def test_viewer_data_search_and_node(client: TestClient) -> None:
    data = client.get("/viewer/data/full").json()
    nodes = {n["data"]["label"]: n["data"] for n in data["elements"]["nodes"]}
    assert nodes["白云村"]["weighted_degree"] > 0 and "betweenness" in nodes["白云村"]
    assert data["meta"]["shown_nodes"] == data["meta"]["total_nodes"]
    for q in ("陈艳玲", "陳豔玲", "chenyanling", "chen yan ling", "cyl"):
        hits = client.get("/viewer/search", params={"q": q}).json()["hits"]
        assert hits and hits[0]["label"] == "陈艳玲", q
    iri = nodes["陈艳玲"]["id"]
    detail = client.get(f"/viewer/node?id={quote(iri, safe='')}").json()
    assert detail["titles"] == ["一级科员"]
    deployed = [r for r in detail["relations"] if r["relation"] == "deployedTo"]
    assert deployed[0]["other_label"] == "湖南社区"
    ev = deployed[0]["evidence"]
    assert any("陈艳玲每天早早来到湖南镇湖南社区" in e["text"] for e in ev)
    assert all(e["link"].startswith("/id/article/") for e in ev)
    assert client.get("/viewer/node", params={"id": "urn:none"}).status_code == 404


def test_viewer_limit_aggregates(client: TestClient) -> None:
    data = client.get("/viewer/data/full", params={"limit": 10}).json()
    nodes = [n["data"] for n in data["elements"]["nodes"]]
    assert data["meta"]["total_nodes"] > 10
    assert data["meta"]["shown_nodes"] == 10
    aggregates = [n for n in nodes if n.get("aggregate")]
    assert aggregates and sum(n["count"] for n in aggregates) == data["meta"]["total_nodes"] - 10
    person = client.get("/viewer/search", params={"q": "黄锋"}).json()["hits"][0]["id"]
    focused = client.get("/viewer/data/full", params={"limit": 10, "focus": person}).json()
    assert person in {n["data"]["id"] for n in focused["elements"]["nodes"]}


def test_viewer_page_and_bundle_are_served(client: TestClient) -> None:
    page = client.get("/viewer")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert '<div id="graph"' in page.text
    js = client.get("/static/viewer/viewer.js")
    assert js.status_code == 200 and len(js.content) > 100_000


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "d3", "csv", "geojson"])
def test_ego_network_route_in_every_format(client: TestClient, fmt: str) -> None:
    r = client.get("/graph/ego", params={"node": "陈艳玲", "depth": 1, "format": fmt})
    assert r.status_code == 200, r.text
    assert "full-ego." in r.headers["content-disposition"]
    if fmt == "cytoscape":
        labels = {n["data"]["label"] for n in r.json()["elements"]["nodes"]}
        assert "陈艳玲" in labels and "湖南社区" in labels and "马其惠" not in labels
    elif fmt == "geojson":
        doc = r.json()
        assert doc["type"] == "FeatureCollection"
        assert {f["properties"]["label"] for f in doc["features"] if f["properties"]["element"] == "node"} >= {
            "陈艳玲", "湖南社区"}


def test_ego_network_route_errors(client: TestClient) -> None:
    assert client.get("/graph/ego", params={"node": "无此人"}).status_code == 404
    assert client.get("/graph/ego", params={"node": "陈艳玲", "depth": 99}).status_code == 422
    assert client.get("/graph/ego", params={"node": "陈艳玲", "format": "png"}).status_code == 400
    assert client.get("/graph/ego", params={"node": "陈艳玲", "view": "nope"}).status_code == 404
