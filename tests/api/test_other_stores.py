"""The app over a store that cannot be reopened in another process: queries run in threads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from graphdata import corpus, make_settings

from api.app import create_app, make_runner
from api.endpoint.pool import ProcessPool, ThreadRunner
from kg.store.memory import MemoryStore


@pytest.fixture(scope="module")
def memory_client() -> Iterator[TestClient]:
    store = MemoryStore.open()
    for iri, graph in corpus():
        store.replace_graph(str(iri), graph)
    settings = make_settings(Path("unused"), store_kind="memory", query_timeout=0.5)
    with TestClient(create_app(settings, store)) as client:
        yield client
    store.close()


def test_runner_choice(store, settings) -> None:
    assert isinstance(make_runner(store, settings), ProcessPool)
    assert isinstance(make_runner(MemoryStore.open(), settings), ThreadRunner)


def test_memory_store_serves_sparql_and_rest(memory_client: TestClient) -> None:
    r = memory_client.get("/sparql", params={"query": "SELECT DISTINCT ?p WHERE { ?p a fk:Person }"})
    assert r.status_code == 200 and len(json.loads(r.content)["results"]["bindings"]) == 4
    items = memory_client.get("/deployments", params={"person": "李华"}).json()["items"]
    assert [i["place"]["label"] for i in items] == ["白沙村"]


def test_memory_store_timeout_still_answers_503(memory_client: TestClient) -> None:
    # ~4 s of work: the answer comes at the limit, the thread finishes its work later (documented)
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g a ?t }"
    r = memory_client.get("/sparql", params={"query": q})
    assert r.status_code == 503 and r.json()["error"] == "query_timeout"
