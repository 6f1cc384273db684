"""The W3C SPARQL 1.1 Protocol tests, read from the manifest and sent to the live server.

Query tests must pass (status, result format, boolean). Update tests must be
refused (403) because writing is off. The graphs the manifest loads
(``ut:graphData``) are in the test store under their manifest IRIs.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection

from kg.vocab import RDF

pytestmark = pytest.mark.slow

MANIFEST = Path(__file__).resolve().parent.parent / "data" / "w3c" / "sparql11-protocol" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
RESULT_TYPES = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ),
    "RDF": ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"),
}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]
    boolean: bool | None
    fmt: str | None


@dataclass
class Case:
    name: str
    label: str
    requests: list[Request] = field(default_factory=list)

    @property
    def is_update(self) -> bool:
        first = self.requests[0]
        media = first.headers.get("content-type", "")
        return (
            "sparql-update" in media
            or "update=" in first.path
            or (first.body is not None and first.body.startswith(b"update="))
        )


def load_cases() -> list[Case]:
    g = Graph().parse(MANIFEST, format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    cases = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        case = Case(name=str(entry).rsplit("#", 1)[-1], label=str(g.value(entry, MF.name)))
        action = g.value(entry, MF.action)
        for req in Collection(g, g.value(action, HT.requests)):
            headers = {}
            for h in Collection(g, g.value(req, HT.headers)) if g.value(req, HT.headers) else ():
                headers[str(g.value(h, HT.fieldName)).lower()] = str(g.value(h, HT.fieldValue))
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding)
            resp = g.value(req, HT.resp)
            statuses = {str(s).rsplit("#", 1)[-1] for s in g.objects(resp, MF.expectedStatus)}
            boolean = g.value(resp, MF.expectedBoolean)
            fmt = g.value(resp, MF.expectedFormat)
            # "Each ht:absolutePath value starts with /sparql/ ... replace it with the endpoint's path"
            path = str(g.value(req, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
            case.requests.append(
                Request(
                    str(g.value(req, HT.methodName)),
                    path,
                    headers,
                    body,
                    statuses,
                    boolean.toPython() if boolean is not None else None,
                    str(fmt) if fmt is not None else None,
                )
            )
        cases.append(case)
    return cases


CASES = load_cases()


def test_manifest_was_read() -> None:
    assert len(CASES) == 34
    assert sum(c.is_update for c in CASES) >= 10


def _check_status(code: int, expected: set[str]) -> None:
    classes = {f"StatusCode{code // 100}xx"}
    assert classes & expected, f"status {code}, expected one of {sorted(expected)}"


def _check_result(r: httpx.Response, req: Request) -> None:
    media = r.headers.get("content-type", "").split(";")[0].strip()
    if req.fmt is not None:
        assert media in RESULT_TYPES[req.fmt], f"{media} is not a {req.fmt} format"
    if req.boolean is not None:
        if media.endswith("+json"):
            assert json.loads(r.content)["boolean"] is req.boolean
        else:
            value = ET.fromstring(r.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
            assert value is not None and value.text == str(req.boolean).lower()
    if req.fmt == "RDF":
        Graph().parse(
            data=r.content,
            format={
                "text/turtle": "turtle",
                "application/n-triples": "nt",
                "application/rdf+xml": "xml",
                "application/ld+json": "json-ld",
            }[media],
        )


@pytest.mark.parametrize("case", [c for c in CASES if not c.is_update], ids=lambda c: c.name)
def test_query_case(live_server: str, case: Case) -> None:
    with httpx.Client(base_url=live_server, timeout=10) as client:
        for req in case.requests:
            r = client.request(req.method, req.path, headers=req.headers, content=req.body)
            _check_status(r.status_code, req.statuses)
            if r.status_code < 300:
                _check_result(r, req)
            else:
                assert r.headers["content-type"].startswith("application/json")
                assert r.json()["message"]


@pytest.mark.parametrize("case", [c for c in CASES if c.is_update], ids=lambda c: c.name)
def test_update_case_is_refused(live_server: str, case: Case) -> None:
    req = case.requests[0]
    with httpx.Client(base_url=live_server, timeout=10) as client:
        r = client.request(req.method, req.path, headers=req.headers, content=req.body)
        assert 400 <= r.status_code < 500, r.text
        if (
            req.method == "POST"
            and "charset=UTF-16" not in req.headers.get("content-type", "")
            and (
                req.headers.get("content-type", "").startswith(
                    ("application/sparql-update", "application/x-www-form-urlencoded")
                )
            )
        ):
            assert r.status_code == 403 and r.json()["error"] == "query_refused"
        # and nothing changed: the protocol graphs are all still there
        ask = client.get(
            "/sparql",
            params={"query": "ASK { GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { ?s ?p ?o } }"},
        )
        assert ask.json()["boolean"] is True
