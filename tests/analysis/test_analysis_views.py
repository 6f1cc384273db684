"""Views built from a real store (through SPARQL) over the hand-made two-article corpus."""
from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis import VIEW_NAMES, TimeWindow, build_view, view_graph
from kg.analysis.data import GraphData
from kg.errors import AnalysisError, UnknownPluginError


def labelled_edges(g: nx.Graph) -> dict[tuple[str, str], dict]:
    return {(g.nodes[u]["label"], g.nodes[v]["label"]): d for u, v, d in g.edges(data=True)}


def test_nodes_come_typed_and_labelled_from_the_store(sample_data: GraphData) -> None:
    by_label = {n.label: n for n in sample_data.nodes.values()}
    assert by_label["陈艳玲"].type == "Person"
    assert by_label["陈艳玲"].pinyin == "chen yan ling"
    assert by_label["白云村"].type == "Place" and by_label["白云村"].level == "village"
    assert by_label["区港澳台办"].type == "Organization"
    assert "长乐" in by_label["长乐区"].labels          # the short form (altLabel) is kept for search
    assert len(sample_data.articles) == 2


@pytest.mark.parametrize("name", VIEW_NAMES)
def test_every_view_has_typed_nodes_and_weighted_edges(sample_data: GraphData, name: str) -> None:
    g = build_view(sample_data, name)
    assert g.graph["view"] == name
    assert g.number_of_edges() > 0
    for _, attrs in g.nodes(data=True):
        assert attrs["type"] in {"Person", "Organization", "Place", "Article"}
        assert attrs["label"]
    for _, _, d in g.edges(data=True):
        assert d["weight"] >= 1 and d["relation"] and d["articles"]


def test_deployment_weight_counts_supporting_facts_across_articles(sample_data: GraphData) -> None:
    edges = labelled_edges(build_view(sample_data, "deployment"))
    assert edges[("马其惠", "白云村")]["weight"] == 2          # stated in both articles
    assert edges[("马其惠", "白云村")]["articles"] == ["changle-2022-cadres", "sample-followup"]
    assert edges[("陈宝全", "晋安区")]["weight"] == 1
    ev = edges[("陈艳玲", "湖南社区")]["evidence"]
    assert any("陈艳玲每天早早来到湖南镇湖南社区" in e["text"] for e in ev)
    assert edges[("马其惠", "白云村")]["start"] == "2022-11-10"
    assert edges[("马其惠", "白云村")]["end"] == "2022-11-11"


def test_projections(sample_data: GraphData) -> None:
    co = labelled_edges(build_view(sample_data, "co-deployment"))
    assert co[("林节仁", "马其惠")]["weight"] == 1 if ("林节仁", "马其惠") in co else co[("马其惠", "林节仁")]
    pair = co.get(("张晓明", "陈艳玲")) or co[("陈艳玲", "张晓明")]
    assert pair["weight"] == 1 and len(pair["places"]) == 1
    places = labelled_edges(build_view(sample_data, "place-links"))
    link = places.get(("湖南社区", "白云村")) or places[("白云村", "湖南社区")]
    assert link["weight"] == 1 and len(link["people"]) == 1       # 张晓明 served at both


def test_flows_support_and_organization(sample_data: GraphData) -> None:
    flows = labelled_edges(build_view(sample_data, "flows"))
    assert flows[("区港澳台办", "湖南社区")]["weight"] == 3        # 陈艳玲 (2 facts) + 张晓明
    support = build_view(sample_data, "support")
    assert support.is_directed()
    assert set(labelled_edges(support)) == {("长乐区", "晋安区"), ("长乐区", "仓山区"), ("马尾区", "仓山区")}
    org = labelled_edges(build_view(sample_data, "organization"))
    assert org[("陈艳玲", "区港澳台办")]["relation"] == "memberOf"
    assert all(d["relation"] in {"memberOf", "subOrganizationOf"} for d in org.values())


def test_full_view_keeps_parallel_relations(sample_data: GraphData) -> None:
    g = build_view(sample_data, "full")
    assert g.is_multigraph()
    relations = {d["relation"] for _, _, d in g.edges(data=True)}
    assert {"deployedTo", "memberOf", "supports", "containedIn", "locatedIn", "author"} <= relations


def test_region_keeps_places_inside_the_district_at_any_depth(sample_data: GraphData) -> None:
    g = build_view(sample_data, "deployment", region="仓山区")
    assert {g.nodes[v]["label"] for _, v in g.edges} == {"白云村"}     # 白云村 < 城门镇 < 仓山区
    assert {g.nodes[u]["label"] for u, _ in g.edges} == {"马其惠", "陈永开", "林节仁", "张晓明"}
    assert g.graph["region"] == "仓山区"
    by_short = build_view(sample_data, "deployment", region="长乐")     # altLabel works too
    assert {by_short.nodes[v]["label"] for _, v in by_short.edges} == {"湖南社区"}


def test_time_window_uses_fact_dates_then_article_dates(sample_data: GraphData) -> None:
    window = TimeWindow.parse("2022-11-11", "2022-11-30")
    g = build_view(sample_data, "deployment", window=window)
    edges = labelled_edges(g)
    assert ("马其惠", "白云村") in edges and edges[("马其惠", "白云村")]["dates"] == ["2022-11-11"]
    assert ("陈永开", "白云村") not in edges                      # dated 2022-11-10 only
    only_tenth = build_view(sample_data, "deployment", window=TimeWindow.parse("2022-11-10", "2022-11-10"))
    assert {only_tenth.nodes[u]["label"] for u, _ in only_tenth.edges} == {"马其惠", "陈永开", "林节仁"}
    month = TimeWindow.parse("2022-12", None)
    assert build_view(sample_data, "deployment", window=month).number_of_edges() == 0


def test_bad_inputs_raise_readable_errors(sample_data: GraphData, sample_store) -> None:
    with pytest.raises(UnknownPluginError, match="co-deployment"):
        view_graph(sample_store, "nope")
    with pytest.raises(AnalysisError, match="no Place named"):
        build_view(sample_data, "deployment", region="不存在区")
    with pytest.raises(AnalysisError, match="YYYY"):
        TimeWindow.parse("last week", None)
    with pytest.raises(AnalysisError, match="after it ends"):
        TimeWindow.parse("2023", "2022")


def test_cache_shares_views_until_the_store_changes() -> None:
    from analysis_sample import dev_extraction, load_store, second_extraction

    from kg.analysis import GraphDataCache
    from kg.rdf import to_dataset

    store = load_store([dev_extraction()])
    cache = GraphDataCache()
    first = cache.view(store, "deployment")
    assert cache.view(store, "deployment") is first
    assert cache.view(store, "deployment", region="仓山区") is not first
    ds = to_dataset([second_extraction()])
    store.bulk_load((str(g.identifier), g) for g in ds.graphs() if len(g))
    again = cache.view(store, "deployment")
    assert again is not first and again.number_of_edges() > first.number_of_edges()


def test_fetch_through_query_equals_fetch_through_csv(sample_store, sample_data: GraphData) -> None:
    """A store that cannot serialise CSV is read through ``Store.query``: same GraphData."""
    from kg.analysis.data import fetch_graph_data
    from kg.errors import NotAcceptable

    class NoCsv:
        name = "no-csv"

        def query(self, sparql, **kw):  # type: ignore[no-untyped-def]
            return sample_store.query(sparql, **kw)

        def query_raw(self, sparql, *, accept, **kw):  # type: ignore[no-untyped-def]
            raise NotAcceptable(accept, ["application/sparql-results+json"])

    other = fetch_graph_data(NoCsv())  # type: ignore[arg-type]
    assert other.nodes == sample_data.nodes
    assert other.facts == sample_data.facts
    assert other.articles == sample_data.articles


def test_ego_network_grows_with_depth_and_keeps_evidence(sample_data: GraphData) -> None:
    from kg.analysis import ego_network
    from kg.errors import AnalysisError

    full = build_view(sample_data, "full")
    labels = lambda g: {a["label"] for _, a in g.nodes(data=True)}  # noqa: E731
    zero = ego_network(full, "陈艳玲", depth=0)
    one = ego_network(full, "陈艳玲", depth=1)
    two = ego_network(full, "陈艳玲", depth=2)
    assert labels(zero) == {"陈艳玲"} and zero.number_of_edges() == 0
    assert {"陈艳玲", "湖南社区"} <= labels(one) < labels(two) <= labels(full)
    assert one.graph["around"].startswith("https://") and one.graph["depth"] == 1
    # edges are followed both ways: the community's parent is two hops away, through the community
    assert "湖南镇" in labels(two) and "湖南镇" not in labels(one)
    for u, v, d in one.edges(data=True):
        assert d["evidence"] == full.edges[u, v, d["relation"]]["evidence"]
    with pytest.raises(AnalysisError, match="no node named"):
        ego_network(full, "无此人")
    with pytest.raises(AnalysisError, match="depth"):
        ego_network(full, "陈艳玲", depth=7)
