"""Measures over the views of the sample corpus, and over awkward graphs."""
from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.analysis import MEASURE_NAMES, analyze, build_view, measure
from kg.analysis.data import GraphData
from kg.errors import AnalysisError


def test_centrality_ranks_the_busiest_place_first(sample_data: GraphData) -> None:
    result = measure(build_view(sample_data, "deployment"), "centrality")
    top = result.rows[0]
    assert top["label"] == "白云村" and top["rank"] == 1
    assert top["degree"] == 4 and top["weighted_degree"] == 5.0
    assert {"betweenness", "eigenvector", "in_degree"} <= set(result.columns)
    assert all(0.0 <= r["eigenvector"] <= 1.0 for r in result.rows)


def test_communities_are_reproducible_with_a_seed(sample_data: GraphData) -> None:
    g = build_view(sample_data, "full")
    a, b = measure(g, "communities", seed=7), measure(g, "communities", seed=7)
    assert [r["ids"] for r in a.rows] == [r["ids"] for r in b.rows]
    assert sum(r["size"] for r in a.rows) == g.number_of_nodes()
    assert a.meta["modularity"] > 0.2


def test_components_and_kcore(sample_data: GraphData) -> None:
    g = build_view(sample_data, "co-deployment")
    comps = measure(g, "components")
    assert [r["size"] for r in comps.rows] == [5, 1]   # 张晓明 links 白云村's team to 湖南社区; 陈宝全 alone
    assert measure(build_view(sample_data, "organization"), "components").meta["count"] == 3
    core = measure(g, "kcore")
    assert core.meta["max_core"] == 3
    assert set(core.meta["members"]) == {"马其惠", "陈永开", "林节仁", "张晓明"}


def test_shortest_path_carries_the_evidence_of_every_hop(sample_data: GraphData) -> None:
    result = measure(build_view(sample_data, "full"), "path", source="陈艳玲", target="ma qi hui")
    assert result.meta["nodes"][0] == "陈艳玲" and result.meta["nodes"][-1] == "马其惠"
    assert {r["step"] for r in result.rows} == set(range(1, result.meta["length"] + 1))
    for row in result.rows:
        assert row["evidence"], row
    last = [r for r in result.rows if r["step"] == result.meta["length"]]
    assert any("马其惠" in e["text"] for r in last for e in r["evidence"])


def test_path_errors(sample_data: GraphData) -> None:
    g = build_view(sample_data, "support")
    with pytest.raises(AnalysisError, match="source and a target"):
        measure(g, "path", source="长乐区")
    with pytest.raises(AnalysisError, match="no node named"):
        measure(g, "path", source="长乐区", target="陈艳玲")
    org = build_view(sample_data, "organization")
    with pytest.raises(AnalysisError, match="no path"):
        measure(org, "path", source="陈艳玲", target="黄锋")


@pytest.mark.parametrize("graph", [nx.Graph(view="empty"), nx.empty_graph(3), nx.path_graph(2),
                                   nx.disjoint_union(nx.complete_bipartite_graph(2, 3), nx.path_graph(4))],
                         ids=["empty", "edgeless", "one-edge", "disconnected-bipartite"])
@pytest.mark.parametrize("name", ["centrality", "communities", "components", "kcore"])
def test_small_and_disconnected_graphs_do_not_crash(graph: nx.Graph, name: str) -> None:
    for n in graph:
        graph.nodes[n].update(label=str(n), type="Person")
    result = measure(graph, name)
    assert len(result.rows) <= graph.number_of_nodes()
    json.loads(result.to_json())


def test_analyze_through_the_store_and_render(sample_store) -> None:
    result = analyze(sample_store, "support", "centrality", region="仓山区")
    assert {r["label"] for r in result.rows} == {"仓山区", "长乐区", "马尾区"}
    text = result.to_csv()
    assert text.splitlines()[0].startswith("rank,id,label,type")
    assert set(MEASURE_NAMES) == {"centrality", "communities", "components", "kcore", "path"}


def test_per_component_centralities_agree_with_networkx() -> None:
    from kg.analysis.measures import betweenness_by_component, eigenvector_by_component

    g = nx.disjoint_union(nx.karate_club_graph(), nx.path_graph(5))
    nx.set_edge_attributes(g, 1, "weight")
    between, how = betweenness_by_component(g)
    expected = nx.betweenness_centrality(g)
    assert how == "exact" and max(abs(between[n] - expected[n]) for n in g) < 1e-12
    karate = nx.karate_club_graph()
    nx.set_edge_attributes(karate, 1, "weight")
    eigen, reference = eigenvector_by_component(karate), nx.eigenvector_centrality(karate, weight="weight")
    assert max(abs(eigen[n] - reference[n]) for n in karate) < 1e-4
    mixed = eigenvector_by_component(g)
    assert mixed[34 + 2] > 0            # the path's middle node is not crushed by the larger component
