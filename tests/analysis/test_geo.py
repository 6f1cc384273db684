"""Coordinates of places (kg.geo) and the GeoJSON export of views over a really ingested article."""
from __future__ import annotations

import json
from pathlib import Path

import geojson
import pytest

from kg.analysis import build_view, fetch_graph_data
from kg.analysis.data import GraphData
from kg.export import export_graph
from kg.geo import code_point, division_points, place_points


def test_division_table_has_every_province_and_thousands_of_counties() -> None:
    points = division_points()
    assert len([c for c in points if c.endswith("0000")]) >= 31
    assert len(points) > 3000
    assert all(73 < lon < 136 and 3 < lat < 54 for lon, lat in points.values())


@pytest.mark.parametrize(("code", "approximate", "basis"), [
    ("421125", False, "421125"),        # a county under its own code: exact
    ("421100", False, "421100"),        # a prefecture
    ("420000", False, "420000"),        # a province
    ("421125100", True, "421125"),      # a town: at its county, approximate
    ("350112", True, "350100"),         # a county renamed after the table was made: at its prefecture
])
def test_code_point(code: str, approximate: bool, basis: str) -> None:
    point = code_point(code)
    assert point is not None and point.approximate is approximate and point.basis == basis


@pytest.mark.parametrize("code", ["", "x", "99", "990000"])
def test_code_point_of_no_division(code: str) -> None:
    assert code_point(code) is None


def test_an_uncoded_place_borrows_its_nearest_coded_ancestor() -> None:
    parents = {"village": ["town"], "town": ["county"], "lost": ["nowhere"]}
    codes = {"town": "421125100", "county": "421125"}
    found = place_points(codes, lambda p: parents.get(p, []), ["village", "county", "lost"])
    assert found["county"].approximate is False
    assert found["village"].approximate is True and found["village"].basis == "421125"
    assert "lost" not in found


@pytest.fixture(scope="module")
def ingested(dev_article_path: Path) -> GraphData:
    from kg.ingest import ingest
    from kg.store.base import open_store

    store = open_store("memory")
    assert not ingest([dev_article_path], store=store).failures
    return fetch_graph_data(store)


def test_places_of_a_real_article_are_located(ingested: GraphData) -> None:
    by_label = {ingested.nodes[iri].label: p for iri, p in ingested.points.items()}
    # a community is placed at its district's or prefecture's point, marked approximate
    community = by_label["湖南社区"]
    assert community.approximate and community.basis.startswith("3501")
    assert 118.5 < community.lon < 120.5 and 25 < community.lat < 27     # Fuzhou, Fujian


@pytest.mark.parametrize("view", ["deployment", "flows", "support", "full"])
def test_geojson_export_validates_and_draws_located_edges(ingested: GraphData, view: str) -> None:
    graph = build_view(ingested, view)
    doc = geojson.loads(export_graph(graph, "geojson").decode("utf-8"))
    assert doc.is_valid, doc.errors()
    nodes = [f for f in doc["features"] if f["properties"]["element"] == "node"]
    edges = [f for f in doc["features"] if f["properties"]["element"] == "edge"]
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    located = {f["properties"]["id"] for f in nodes if f["geometry"]}
    assert located, "no place of the view was located"
    for f in edges:
        both = f["properties"]["source"] in located and f["properties"]["target"] in located
        assert (f["geometry"] is not None) is both
        if both:
            assert f["geometry"]["type"] == "LineString" and len(f["geometry"]["coordinates"]) == 2


def test_deployment_lines_carry_evidence(ingested: GraphData) -> None:
    doc = json.loads(export_graph(build_view(ingested, "support"), "geojson"))
    lines = [f for f in doc["features"] if f["geometry"] and f["geometry"]["type"] == "LineString"]
    assert lines and all(f["properties"]["relation"] == "supports" for f in lines)
    assert any("支援" in f["properties"].get("evidence", "") for f in lines)


def test_coded_places_carry_their_coordinates_in_the_graph(dev_article_path: Path) -> None:
    from rdflib import Literal

    from kg.extract import build_pipeline, extract
    from kg.rdf import article_graph
    from kg.read import read_file
    from kg.vocab import FK, SDO

    (article,) = read_file(dev_article_path)
    _iri, g = article_graph(extract(article, nlp=build_pipeline()))
    coded = set(g.subjects(FK.adminCode, None))
    located = set(g.subjects(SDO.latitude, None))
    assert coded and located <= coded and len(located) >= len(coded) - 1   # a code missing from the table
    for place in located:
        lat, lon = float(g.value(place, SDO.latitude)), float(g.value(place, SDO.longitude))
        assert 18 < lat < 54 and 73 < lon < 136
        assert g.value(place, FK.approximateLocation) in (Literal(True), Literal(False))
    # a town sits at its county's point: approximate
    towns = [p for p in located if len(str(g.value(p, FK.adminCode))) == 9]
    assert towns and all(g.value(t, FK.approximateLocation) == Literal(True) for t in towns)
