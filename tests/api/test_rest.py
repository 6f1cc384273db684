"""The REST routes through TestClient over the real store."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient


def _pairs(body: dict) -> set[tuple[str, str]]:
    return {(i["agent"]["label"], i["place"]["label"]) for i in body["items"]}


def test_deployments_of_a_person_carry_evidence(client: TestClient) -> None:
    r = client.get("/deployments", params={"person": "王小明"})
    assert r.status_code == 200
    body = r.json()
    assert _pairs(body) == {("王小明", "绿苑社区"), ("王小明", "新河社区")}
    first = next(i for i in body["items"] if i["place"]["label"] == "绿苑社区")
    assert first["date"] == "2022-11-10" and first["confidence"] == pytest.approx(0.9)
    assert [o["label"] for o in first["organizations"]] == ["城北区卫健局"]
    ev = first["evidence"][0]
    assert "王小明来到城南区湖东街道绿苑社区" in ev["text"]
    assert ev["article"]["id"] == "article/api-test-a" and ev["article"]["title"] == "城北区干部支援城南区"
    assert (ev["start"], ev["end"]) == (0, len(ev["text"]))
    assert ev["original_start"] == 0


@pytest.mark.parametrize("person", ["王小明", "wang xiao ming"])
def test_person_by_name_or_pinyin(client: TestClient, person: str) -> None:
    assert len(client.get("/deployments", params={"person": person}).json()["items"]) == 2


def test_person_in_traditional_characters(client: TestClient) -> None:
    assert _pairs(client.get("/deployments", params={"person": "張偉"}).json()) == {("张伟", "新河社区")}


def test_person_by_id(client: TestClient) -> None:
    ident = client.get("/search", params={"q": "李华"}).json()["items"][0]["id"]
    assert _pairs(client.get("/deployments", params={"person": ident}).json()) == {("李华", "白沙村")}


def test_place_filter_includes_places_inside(client: TestClient) -> None:
    south = _pairs(client.get("/deployments", params={"place": "城南区"}).json())
    assert south == {("王小明", "绿苑社区"), ("李华", "白沙村")}
    town = _pairs(client.get("/deployments", params={"place": "湖东街道"}).json())
    assert town == south
    city = client.get("/deployments", params={"place": "东州市"}).json()
    assert len(city["items"]) == 4


def test_organization_and_date_filters(client: TestClient) -> None:
    unit = _pairs(client.get("/deployments", params={"organization": "城北区卫健局"}).json())
    assert ("张伟", "新河社区") not in unit and ("李华", "白沙村") in unit
    nov = _pairs(client.get("/deployments", params={"from": "2022-11-01", "to": "2022-11-30"}).json())
    assert nov == {("王小明", "绿苑社区"), ("李华", "白沙村")}
    day = _pairs(client.get("/deployments", params={"from": "2022-11-11", "to": "2022-11-20"}).json())
    assert day == {("李华", "白沙村")}  # a month-only date overlaps every day of it
    dec = _pairs(client.get("/deployments", params={"from": "2022-12"}).json())
    assert dec == {("王小明", "新河社区")}
    both = _pairs(client.get("/deployments", params={"person": "王小明", "place": "城北区"}).json())
    assert both == {("王小明", "新河社区")}


def test_pagination_is_stable_and_capped(client: TestClient, settings) -> None:
    page1 = client.get("/deployments", params={"limit": 3}).json()
    assert len(page1["items"]) == 3 and page1["next_offset"] == 3
    page2 = client.get("/deployments", params={"limit": 3, "offset": 3}).json()
    assert len(page2["items"]) == 1 and page2["next_offset"] is None
    ids = [i["id"] for i in page1["items"] + page2["items"]]
    assert len(set(ids)) == 4
    assert client.get("/deployments", params={"limit": settings.max_page_size + 1}).status_code == 422
    assert client.get("/deployments", params={"limit": 0}).status_code == 422
    assert client.get("/deployments", params={"offset": -1}).status_code == 422
    assert client.get("/deployments", params={"from": "next week"}).status_code == 422


@pytest.mark.parametrize(
    "q, label",
    [
        ("城北", "城北区"),
        ("城北區衛健局", "城北区卫健局"),
        ("chengbei", "城北区"),
        ("Xin He", "新河社区"),
        ("新河社区", "新河社区"),
    ],
)
def test_search_simplified_traditional_pinyin(client: TestClient, q: str, label: str) -> None:
    r = client.get("/search", params={"q": q})
    assert r.status_code == 200
    items = r.json()["items"]
    assert items and items[0]["label"] == label, items
    assert items[0]["types"][0] in ("Person", "Organization", "Place")


def test_search_ranks_exact_before_prefix_and_filters_type(client: TestClient) -> None:
    items = client.get("/search", params={"q": "城北区"}).json()["items"]
    assert items[0]["label"] == "城北区" and items[0]["score"] == 3
    assert items[1]["score"] <= 2
    orgs = client.get("/search", params={"q": "城北", "type": "Organization"}).json()["items"]
    assert [i["label"] for i in orgs] == ["城北区卫健局"]
    assert client.get("/search", params={"q": "城北", "type": "Spaceship"}).status_code == 422
    assert client.get("/search", params={"q": ""}).status_code == 422


def test_entity_detail(client: TestClient) -> None:
    ident = client.get("/search", params={"q": "张伟"}).json()["items"][0]["id"]
    r = client.get(f"/entities/{ident}")
    assert r.status_code == 200
    body = r.json()
    assert body["label"] == "张伟" and body["types"][0] == "Person"
    assert body["labels"]["zh-Hans"] == ["张伟"] and body["labels"]["zh-Hant"] == ["張偉"]
    assert body["labels"]["pinyin"] == ["zhang wei"]
    rel = next(x for x in body["relations"] if x["name"] == "deployedTo")
    assert rel["direction"] == "out" and rel["other"]["label"] == "新河社区"
    assert rel["evidence"][0]["text"] == "张伟来到新河社区值守卡口。"
    assert [a["id"] for a in body["articles"]] == ["article/api-test-b"]
    full_iri = client.get(f"/entities/{body['iri']}")
    assert full_iri.status_code == 200 and full_iri.json()["id"] == ident


def test_entity_incoming_relations(client: TestClient) -> None:
    ident = client.get("/search", params={"q": "新河社区"}).json()["items"][0]["id"]
    body = client.get(f"/entities/{ident}").json()
    incoming = {(x["name"], x["other"]["label"]) for x in body["relations"] if x["direction"] == "in"}
    assert {("deployedTo", "张伟"), ("deployedTo", "王小明")} <= incoming
    assert body["properties"]["placeLevel"] == ["community"]


def test_place_hierarchy(client: TestClient) -> None:
    ident = client.get("/search", params={"q": "白沙村"}).json()["items"][0]["id"]
    r = client.get(f"/places/{ident}/hierarchy")
    assert r.status_code == 200
    body = r.json()
    assert [a["label"] for a in body["ancestors"]] == ["东州市", "城南区", "湖东街道"]
    assert body["children"] == [] and body["descendants"] == 0
    town = client.get(f"/places/{body['ancestors'][-1]['id']}/hierarchy").json()
    assert {c["label"] for c in town["children"]} == {"绿苑社区", "白沙村"}
    city = client.get(f"/places/{body['ancestors'][0]['id']}/hierarchy").json()
    assert city["ancestors"] == [] and city["descendants"] == 6
    short = client.get(f"/places/{ident.removeprefix('place/')}/hierarchy")
    assert short.status_code == 200


def test_article(client: TestClient) -> None:
    r = client.get("/articles/api-test-a")
    assert r.status_code == 200
    body = r.json()
    assert body["title"] == "城北区干部支援城南区" and body["published"] == "2022-11-12"
    assert body["site"] == "东州新闻网" and body["source_path"] == "tests/api-test-a.txt"
    assert {"王小明", "李华", "绿苑社区"} <= {e["label"] for e in body["entities"]}
    assert body["credits"][0]["name"] == "赵记" and body["facts"] > 5 and body["triples"] > 100
    assert client.get("/articles/article/api-test-a").json()["iri"] == body["iri"]


def test_stats(client: TestClient) -> None:
    body = client.get("/stats").json()
    assert body["classes"]["Person"] == 4 and body["classes"]["Article"] == 2
    assert body["predicates"]["deployedTo"] == 4 and body["graphs"] == 5 and body["quads"] > 400


@pytest.mark.parametrize(
    "path",
    [
        "/entities/person/nobody-0000",
        "/entities/http://elsewhere.example/x",
        "/places/place/999999/hierarchy",
        "/articles/no-such-article",
        "/entities/%3Cbad%3E%20iri",
        "/articles/x%22%20%7D",
    ],
)
def test_not_found_is_404_json(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.json()["error"] == "not_found"


INJECTIONS = [
    '王小明" } ?s ?p ?o . { "',
    "王小明'@zh-Hans } UNION { ?agent ?p ?o } #",
    "> } ; DROP ALL ; SELECT * { <",
    "https://w3id.org/frontline-kg/id/person/x> ?p ?o } #",
    '\\u0022) || true || ("',
    "*",
    "%",
    ".*",
    "?agent",
    "\x00",
]


@pytest.mark.parametrize("text", INJECTIONS)
@pytest.mark.parametrize("param", ["person", "place", "organization"])
def test_injection_in_filters_gives_empty_results(client: TestClient, param: str, text: str) -> None:
    r = client.get("/deployments", params={param: text})
    assert r.status_code == 200, r.text
    assert r.json()["items"] == []


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_in_search_gives_no_other_data(client: TestClient, text: str) -> None:
    r = client.get("/search", params={"q": text})
    assert r.status_code in (200, 422), r.text
    if r.status_code == 200:
        assert r.json()["items"] == []
    assert client.get("/entities/" + quote(text, safe="")).status_code in (404, 422)


def test_store_still_whole_after_injections(client: TestClient) -> None:
    assert client.get("/stats").json()["classes"]["Person"] == 4
