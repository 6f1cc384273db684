"""A real server (``kg serve`` under uvicorn, in a subprocess) queried by real clients."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from rdflib import Graph, Literal
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from kg.vocab import FK, RDFS

pytestmark = pytest.mark.slow

PLACES = """PREFIX fk: <https://w3id.org/frontline-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?place ?label WHERE { ?place a fk:Place ; rdfs:label ?label
  FILTER(LANGMATCHES(LANG(?label), "zh-Hans")) } ORDER BY ?label"""


def _wrapper(url: str, fmt: str, query: str = PLACES) -> SPARQLWrapper:
    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def test_sparqlwrapper_json(live_server: str) -> None:
    result = _wrapper(live_server, JSON).queryAndConvert()
    labels = [b["label"]["value"] for b in result["results"]["bindings"]]
    assert "绿苑社区" in labels and len(labels) == 7


def test_sparqlwrapper_xml(live_server: str) -> None:
    doc = _wrapper(live_server, XML).queryAndConvert()  # an xml.dom.minidom Document
    literals = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert "白沙村" in literals and len(literals) == 7


@pytest.mark.parametrize("fmt, delimiter", [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_csv_tsv(live_server: str, fmt: str, delimiter: str) -> None:
    raw = _wrapper(live_server, fmt).queryAndConvert()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8")), delimiter=delimiter))
    assert rows[0] in (["place", "label"], ["?place", "?label"])
    assert len(rows) == 8
    assert any("新河社区" in cell for row in rows for cell in row)


def test_sparqlwrapper_post_and_construct(live_server: str) -> None:
    sw = _wrapper(
        live_server,
        TURTLE,
        "CONSTRUCT { ?p a <https://w3id.org/frontline-kg/ontology#Person> } "
        "WHERE { ?p a <https://w3id.org/frontline-kg/ontology#Person> }",
    )
    sw.setMethod("POST")
    g = Graph().parse(data=sw.queryAndConvert(), format="turtle")
    assert len(set(g.subjects())) == 4


def test_sparqlwrapper_ask(live_server: str) -> None:
    sw = _wrapper(live_server, JSON, "ASK { ?s a <https://w3id.org/frontline-kg/ontology#Deployment> }")
    assert sw.queryAndConvert()["boolean"] is True


def test_rdflib_sparqlstore(live_server: str) -> None:
    graph = Graph(store=SPARQLStore(live_server + "/sparql", returnFormat="xml"))
    people = {
        str(label)
        for s in graph.subjects(predicate=None, object=FK.Person)
        for label in graph.objects(s, RDFS.label)
        if isinstance(label, Literal) and label.language and label.language.lower() == "zh-hans"
    }
    assert {"王小明", "李华", "张伟"} <= people
    rows = list(graph.query(PLACES))
    assert len(rows) == 7


def test_httpx_rest_and_protocol(live_server: str) -> None:
    with httpx.Client(base_url=live_server, timeout=10) as client:
        deployments = client.get("/deployments", params={"person": "李华"}).json()["items"]
        assert deployments[0]["place"]["label"] == "白沙村"
        assert deployments[0]["evidence"][0]["text"].startswith("城北区卫健局一级科员李华")
        r = client.post(
            "/sparql",
            content=PLACES,
            headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
        )
        assert r.status_code == 200 and r.text.count("\n") == 8
        page = client.get("/")
        assert page.status_code == 200 and "/static/query/yasgui.min.js" in page.text
        assert client.get("/static/query/yasgui.min.js").status_code == 200
        assert client.get("/examples").json()[0]["sparql"].lstrip().startswith("PREFIX")
        docs = client.get("/docs")
        assert docs.status_code == 200 and "swagger" in docs.text.lower()
        assert "cdn" not in docs.text and client.get("/docs-static/swagger-ui-bundle.js").status_code == 200
        schema = client.get("/openapi.json").json()
        assert {"/sparql", "/deployments", "/search", "/stats"} <= set(schema["paths"])


def test_saved_queries_all_run(live_server: str) -> None:
    with httpx.Client(base_url=live_server, timeout=10) as client:
        for example in client.get("/examples").json():
            r = client.post("/sparql", data={"query": example["sparql"]})
            assert r.status_code == 200, (example["name"], r.text)


def test_raw_utf8_in_the_request_line(live_server: str) -> None:
    """What ``curl '127.0.0.1:8000/deployments?person=王小明'`` sends: raw UTF-8, not %-escapes."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(live_server)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(
            "GET /deployments?person=王小明 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
        )
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert "绿苑社区".encode() in body and "王小明来到城南区".encode() in body
