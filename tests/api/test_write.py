"""Writing: POST /articles through the real pipeline, only with the configured bearer token.

Also the done-when check: after ingesting the dev article, /deployments?person=陈艳玲
returns 湖南社区 with the sentence that says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from graphdata import make_settings

from api.app import create_app
from kg.store.oxigraph import OxigraphStore

TOKEN = "test-token-5b2c"


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("writable") / "store"
    store = OxigraphStore.open(path)
    with TestClient(create_app(make_settings(path, write_token=TOKEN, query_workers=1), store)) as client:
        yield client
    store.close()


def test_writing_is_off_without_a_token(client: TestClient) -> None:
    r = client.post(
        "/articles",
        content="文章",
        headers={"Content-Type": "text/plain", "Authorization": "Bearer anything"},
    )
    assert r.status_code == 403 and "disabled" in r.json()["message"]


def test_missing_or_wrong_token(writable: TestClient) -> None:
    missing = writable.post("/articles", content="文章", headers={"Content-Type": "text/plain"})
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    basic = writable.post(
        "/articles", content="文章", headers={"Content-Type": "text/plain", "Authorization": f"Basic {TOKEN}"}
    )
    assert basic.status_code == 401
    wrong = writable.post(
        "/articles", content="文章", headers={"Content-Type": "text/plain", "Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 403


def test_bad_bodies(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert (
        writable.post("/articles", content=b"x", headers={**auth, "Content-Type": "image/png"}).status_code
        == 415
    )
    assert (
        writable.post("/articles", content=b"  ", headers={**auth, "Content-Type": "text/plain"}).status_code
        == 422
    )
    assert (
        writable.post(
            "/articles",
            params={"name": "../etc/passwd"},
            content="文章",
            headers={**auth, "Content-Type": "text/plain"},
        ).status_code
        == 422
    )


def test_post_dev_article_then_ask(writable: TestClient, dev_article_path: Path) -> None:
    r = writable.post(
        "/articles",
        params={"name": "changle-2022-cadres.txt"},
        content=dev_article_path.read_bytes(),
        headers={"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["failures"] == [] and body["articles"][0].endswith("article/changle-2022-cadres")
    # the done-when check of the serving issue
    items = writable.get("/deployments", params={"person": "陈艳玲"}).json()["items"]
    hit = next(i for i in items if i["place"]["label"] == "湖南社区")
    sentence = hit["evidence"][0]["text"]
    assert "陈艳玲" in sentence and "湖南社区" in sentence
    assert hit["evidence"][0]["article"]["id"] == "article/changle-2022-cadres"
    # protocol queries see the new data: the workers were restarted after the write
    q = (
        'SELECT ?l WHERE { ?p rdfs:label "陈艳玲"@zh-Hans ; fk:deployedTo ?pl . ?pl rdfs:label ?l '
        'FILTER(LANGMATCHES(LANG(?l), "zh-Hans")) }'
    )
    rows = json.loads(writable.get("/sparql", params={"query": q}).content)["results"]["bindings"]
    assert "湖南社区" in {row["l"]["value"] for row in rows}
    # the place filter takes in places inside a district
    district = writable.get("/deployments", params={"place": "长乐区", "limit": 500}).json()["items"]
    assert any(i["place"]["label"] == "湖南社区" for i in district)
    # re-sending the same article changes nothing
    again = writable.post(
        "/articles",
        params={"name": "changle-2022-cadres.txt"},
        content=dev_article_path.read_bytes(),
        headers={"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"},
    )
    assert again.status_code == 201 and again.json()["articles"] == body["articles"]


def test_post_a_batch_as_json_lines(writable: TestClient, data_dir: Path) -> None:
    body = (data_dir / "formats" / "cadres-corpus.jsonl").read_bytes()
    r = writable.post(
        "/articles",
        params={"name": "batch.jsonl"},
        content=body,
        headers={"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 201, r.text
    ids = sorted(a.rsplit("/", 1)[-1] for a in r.json()["articles"])
    assert ids == ["changzhou-dangxiao-2020-cadres", "jingzhou-yuhe-cadres"]
    article = writable.get("/articles/jingzhou-yuhe-cadres")
    assert article.status_code == 200 and article.json()["site"]
