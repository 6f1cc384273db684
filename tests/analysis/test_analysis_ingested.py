"""Views and measures over the dev article as the real pipeline ingests it (read, extract, build, load)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.analysis import build_view, fetch_graph_data, measure
from kg.analysis.data import GraphData
from kg.export import EXPORTERS, export_graph


@pytest.fixture(scope="module")
def ingested(dev_article_path: Path) -> GraphData:
    from kg.ingest import ingest
    from kg.store.base import open_store

    store = open_store("memory")
    # the rules' facts: what the analyses compute is tested here, not which facts the scorer keeps
    # (tests/extract/test_scorer.py; a retrained model may keep another set)
    report = ingest([dev_article_path], store=store, rules_only=True)
    assert not report.failures
    return fetch_graph_data(store)


def edges(graph) -> dict[tuple[str, str], dict]:  # type: ignore[no-untyped-def]
    return {(graph.nodes[u]["label"], graph.nodes[v]["label"]): d for u, v, d in graph.edges(data=True)}


def test_gold_deployments_and_support_with_evidence(ingested: GraphData) -> None:
    deployment = edges(build_view(ingested, "deployment"))
    assert ("陈艳玲", "湖南社区") in deployment
    assert any("陈艳玲" in e["text"] for e in deployment[("陈艳玲", "湖南社区")]["evidence"])
    assert {("马其惠", "白云村"), ("陈永开", "白云村"), ("林节仁", "白云村")} <= set(deployment)
    assert {("长乐区", "晋安区"), ("长乐区", "仓山区")} <= set(edges(build_view(ingested, "support")))


def test_region_and_projection_on_the_real_graph(ingested: GraphData) -> None:
    inside = build_view(ingested, "deployment", region="仓山区")
    assert {inside.nodes[v]["label"] for _, v in inside.edges} == {"白云村"}
    co = build_view(ingested, "co-deployment")
    team = measure(co, "kcore").meta["members"]
    assert {"马其惠", "陈永开", "林节仁"} <= set(team)


def test_path_and_every_export_on_the_real_graph(ingested: GraphData) -> None:
    full = build_view(ingested, "full")
    path = measure(full, "path", source="陈艳玲", target="陈宝全")
    assert path.meta["nodes"][0] == "陈艳玲" and path.meta["nodes"][-1] == "陈宝全"
    assert path.rows[0]["evidence"] and path.rows[-1]["evidence"]
    for fmt in EXPORTERS.names():
        assert export_graph(full, fmt)
