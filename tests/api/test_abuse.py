"""Abuse: runaway queries, forbidden operations, huge bodies."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

# Four unconstrained patterns over ~500 quads: ~10^10 combinations, minutes of work for any engine.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.slow
def test_runaway_query_is_stopped_while_others_answer(live_server: str) -> None:
    """The live server runs with KG_QUERY_TIMEOUT=3 and two workers."""
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        r = httpx.get(live_server + "/sparql", params={"query": RUNAWAY}, timeout=60)
        outcome.update(status=r.status_code, body=r.json(), seconds=time.monotonic() - started)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)  # the runaway query holds one worker now
    with httpx.Client(base_url=live_server, timeout=10) as client:
        for _ in range(5):
            started = time.monotonic()
            rest = client.get("/deployments", params={"person": "张伟"})
            sparql = client.get("/sparql", params={"query": "ASK { ?s a ?t }"})
            assert rest.status_code == 200 and sparql.status_code == 200
            assert time.monotonic() - started < 2.0
    thread.join(timeout=30)
    assert outcome["status"] == 503
    assert outcome["body"]["error"] == "query_timeout"  # type: ignore[index]
    assert 2.5 < outcome["seconds"] < 10  # type: ignore[operator]
    # the killed worker was replaced: the endpoint keeps answering with both workers
    with httpx.Client(base_url=live_server, timeout=10) as client:
        time.sleep(1.5)
        both = [
            client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}) for _ in range(4)
        ]
        assert all(r.status_code == 200 for r in both)


@pytest.mark.slow
def test_busy_pool_times_out_cleanly(live_server: str) -> None:
    results: list[int] = []

    def runaway() -> None:
        results.append(httpx.get(live_server + "/sparql", params={"query": RUNAWAY}, timeout=60).status_code)

    threads = [threading.Thread(target=runaway) for _ in range(3)]  # more runaway queries than workers
    for t in threads:
        t.start()
    time.sleep(0.5)
    assert httpx.get(live_server + "/stats", timeout=10).status_code == 200  # REST unaffected
    for t in threads:
        t.join(timeout=60)
    assert results == [503, 503, 503]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?x ?y ?z OPTIONAL { SERVICE SILENT <file:///etc/passwd> { ?s ?p ?o } } }",
        "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_service_and_remote_from_are_refused(client: TestClient, query: str) -> None:
    for r in (client.get("/sparql", params={"query": query}), client.post("/sparql", data={"query": query})):
        assert r.status_code == 403
        assert r.json()["error"] == "query_refused"


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "CLEAR ALL",
        "DROP ALL",
        "INSERT DATA { <http://a> <http://b> <http://c> }",
    ],
)
def test_updates_are_refused_every_way(client: TestClient, update: str) -> None:
    responses = [
        client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}),
        client.post("/sparql", data={"update": update}),
        client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-query"}),
        client.get("/sparql", params={"query": update}),
        client.get("/sparql", params={"update": update}),
    ]
    assert [r.status_code for r in responses] == [403] * 5
    assert client.get("/stats").json()["classes"]["Person"] == 4


def test_huge_body_is_413(client: TestClient, settings) -> None:
    big = b"x" * (settings.max_body_bytes + 1)
    r = client.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and r.json()["error"] == "payload_too_large"
    form = client.post(
        "/sparql", content=b"query=" + big, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert form.status_code == 413
    articles = client.post("/articles", content=big, headers={"Content-Type": "text/plain"})
    assert articles.status_code == 413


def test_streamed_huge_body_without_length_is_413(client: TestClient, settings) -> None:
    chunk = b"x" * 1_000_000

    def chunks():
        for _ in range(settings.max_body_bytes // len(chunk) + 2):
            yield chunk

    r = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
