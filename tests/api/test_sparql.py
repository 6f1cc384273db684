"""``/sparql`` through TestClient, answered by real worker processes over the on-disk store."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph

from kg.vocab import FK, SD

PERSONS = "SELECT DISTINCT ?p WHERE { ?p a fk:Person } ORDER BY ?p"
CONSTRUCT = "CONSTRUCT { ?p a fk:Person } WHERE { SELECT DISTINCT ?p WHERE { ?p a fk:Person } }"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def _rows_json(body: bytes) -> int:
    return len(json.loads(body)["results"]["bindings"])


def _rows_xml(body: bytes) -> int:
    return len(ET.fromstring(body).findall(f"{SRX}results/{SRX}result"))


def _rows_csv(body: bytes) -> int:
    return len(list(csv.reader(io.StringIO(body.decode())))) - 1


def _rows_tsv(body: bytes) -> int:
    return len([line for line in body.decode().split("\n") if line]) - 1


# Accept header -> (Content-Type expected, row counter)
SELECT_TABLE = [
    ("application/sparql-results+json", "application/sparql-results+json", _rows_json),
    ("application/json", "application/sparql-results+json", _rows_json),
    ("application/sparql-results+xml", "application/sparql-results+xml", _rows_xml),
    ("application/xml", "application/sparql-results+xml", _rows_xml),
    ("text/csv", "text/csv", _rows_csv),
    ("text/tab-separated-values", "text/tab-separated-values", _rows_tsv),
    ("*/*", "application/sparql-results+json", _rows_json),
    ("text/csv;q=0.4, application/sparql-results+xml;q=0.8", "application/sparql-results+xml", _rows_xml),
]


@pytest.mark.parametrize("accept, media, count", SELECT_TABLE)
def test_select_accept_table(client: TestClient, accept: str, media: str, count) -> None:
    r = client.get("/sparql", params={"query": PERSONS}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert count(r.content) == 4  # 王小明, 李华, 张伟, 赵记
    assert "Accept" in r.headers["vary"]


GRAPH_TABLE = [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/trig", "application/trig", "trig"),
    ("application/n-quads", "application/n-quads", "nquads"),
    (None, "text/turtle", "turtle"),
]


@pytest.mark.parametrize("accept, media, rdflib_format", GRAPH_TABLE)
def test_construct_accept_table(
    client: TestClient, accept: str | None, media: str, rdflib_format: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    r = client.post(
        "/sparql", content=CONSTRUCT, headers={"Content-Type": "application/sparql-query", **headers}
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    g = Dataset() if rdflib_format in ("trig", "nquads") else Graph()
    g.parse(data=r.content, format=rdflib_format)
    assert len(list(g.subjects(predicate=None, object=FK.Person))) == 4 or len(g) == 4


@pytest.mark.parametrize(
    "accept", ["text/html", "image/png", "application/sparql-results+json;q=0, text/plain"]
)
def test_select_not_acceptable_is_406(client: TestClient, accept: str) -> None:
    r = client.get("/sparql", params={"query": PERSONS}, headers={"Accept": accept})
    assert r.status_code == 406
    assert r.json()["error"] == "not_acceptable"


def test_construct_as_sparql_results_is_406(client: TestClient) -> None:
    r = client.get(
        "/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/sparql-results+json"}
    )
    assert r.status_code == 406


def test_ask_in_csv_is_406_but_json_works(client: TestClient) -> None:
    assert (
        client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/csv"}).status_code == 406
    )
    r = client.get("/sparql", params={"query": "ASK { ?s a fk:Place }"})
    assert r.json()["boolean"] is True


def test_three_ways_to_send_a_query_agree(client: TestClient) -> None:
    get = client.get("/sparql", params={"query": PERSONS})
    form = client.post("/sparql", data={"query": PERSONS})
    direct = client.post(
        "/sparql", content=PERSONS.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert get.status_code == form.status_code == direct.status_code == 200
    assert json.loads(get.content) == json.loads(form.content) == json.loads(direct.content)


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": PERSONS, "format": "csv"}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize(
    "query",
    [
        "ASK {",
        "SELECT ?x WHERE { ?x }",
        "SELECT * WHERE { ?s ?p ?o } LIMIT x",
        "PREFIX : <http://x/> SELECT * { ?s :p ?o } GROUP BY",
        "garbage",
    ],
)
def test_malformed_query_is_400_with_message(client: TestClient, query: str) -> None:
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "malformed_query" and "line" in body["message"]


def test_protocol_errors(client: TestClient) -> None:
    two = client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D")
    assert two.status_code == 400 and "one 'query'" in two.json()["message"]
    assert client.get("/sparql", params={"query": "  "}).status_code == 400
    assert (
        client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    )
    assert client.post("/sparql", content=b"query=ASK%20%7B%7D").status_code == 415
    utf16 = "ASK {}".encode("utf-16")
    assert (
        client.post(
            "/sparql", content=utf16, headers={"Content-Type": "application/sparql-query; charset=UTF-16"}
        ).status_code
        == 415
    )
    assert (
        client.post(
            "/sparql", content=b"\xff\xfeA", headers={"Content-Type": "application/sparql-query"}
        ).status_code
        == 400
    )
    assert client.post("/sparql", data={"other": "x"}).status_code == 400
    assert client.put("/sparql", content=b"ASK {}").status_code == 405


def test_dataset_parameters(client: TestClient) -> None:
    data1, data2 = (f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2))
    q = f"ASK {{ <{data1}> a ?t . <{data2}> a ?t }}"
    both = client.get("/sparql", params={"query": q, "default-graph-uri": [data1, data2]})
    one = client.get("/sparql", params={"query": q, "default-graph-uri": [data1]})
    assert both.json()["boolean"] is True and one.json()["boolean"] is False
    persons = client.get("/sparql", params={"query": PERSONS, "default-graph-uri": data1})
    assert persons.json()["results"]["bindings"] == []
    # only named-graph-uri: the request's dataset has an empty default graph (SPARQL 1.1 Protocol 2.1.4)
    only_named = {"named-graph-uri": data1}
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", **only_named}).json()["boolean"] is False
    in_graph = f"ASK {{ GRAPH <{data1}> {{ ?s ?p ?o }} }}"
    assert client.get("/sparql", params={"query": in_graph, **only_named}).json()["boolean"] is True
    bad = client.get("/sparql", params={"query": PERSONS, "default-graph-uri": "not an iri"})
    assert bad.status_code == 400 and "absolute IRIs" in bad.json()["message"]


def test_from_a_held_graph_runs(client: TestClient) -> None:
    q = "SELECT ?s FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> WHERE { ?s a ?t }"
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 200 and _rows_json(r.content) == 1


def test_relative_iris_resolve_against_the_endpoint(client: TestClient) -> None:
    r = client.post(
        "/sparql",
        content="CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
    )
    assert r.status_code == 200 and "/sparql/s>" not in r.text and "/s>" in r.text


def test_row_cap_truncates_and_says_so(settings, store, store_dir) -> None:
    from graphdata import make_settings

    from api.app import create_app

    capped = make_settings(store_dir, max_rows=3, query_workers=1)
    with TestClient(create_app(capped, store)) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert r.status_code == 200
        assert _rows_json(r.content) == 3
        assert r.headers["x-kg-truncated"] == "true" and r.headers["x-kg-row-cap"] == "3"
        small = c.get("/sparql", params={"query": PERSONS + " LIMIT 2"})
        assert "x-kg-truncated" not in small.headers


@pytest.mark.parametrize(
    "accept, fmt",
    [("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")],
)
def test_service_description(client: TestClient, accept: str, fmt: str) -> None:
    r = client.get("/sparql", headers={"Accept": accept})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format=fmt)
    service = next(g.subjects(predicate=None, object=SD.Service))
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g
    assert str(g.value(service, SD.endpoint)).endswith("/sparql")


def test_browser_without_query_is_sent_to_the_query_page(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_cors_lets_browser_tools_read_but_not_send_tokens(client: TestClient) -> None:
    origin = {"Origin": "https://yasgui.example"}
    r = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert r.headers["access-control-allow-origin"] == "*"
    ok = client.options(
        "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert ok.status_code == 200
    token = client.options(
        "/articles",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert token.status_code == 400
