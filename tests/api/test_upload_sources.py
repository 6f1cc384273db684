"""POST /articles: the source is the upload's name, never a server path; re-sending a name replaces it."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from graphdata import make_settings

from api.app import create_app
from kg.store.oxigraph import OxigraphStore

TOKEN = "test-token-7d1e"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, OxigraphStore]]:
    path = tmp_path_factory.mktemp("uploads") / "store"
    store = OxigraphStore.open(path)
    with TestClient(create_app(make_settings(path, write_token=TOKEN, query_workers=1), store)) as client:
        yield client, store
    store.close()


@pytest.mark.slow
def test_upload_is_named_by_its_name_and_replaced_by_it(writable, project_root: Path) -> None:
    client, store = writable
    samples = sorted((project_root / "data" / "samples").glob("*.txt"))
    bodies = []
    for sample in samples[:2]:
        r = client.post("/articles", params={"name": "report.txt"}, content=sample.read_bytes(),
                        headers={**AUTH, "Content-Type": "text/plain"})
        assert r.status_code == 201, r.text
        assert r.json()["articles"] == ["https://w3id.org/frontline-kg/id/article/report"]
        bodies.append(r.text)
    rows = store.query("SELECT ?p ?h WHERE { ?a a fk:Article ; fk:sourcePath ?p ; fk:sha256 ?h }").rows
    # the second upload replaced the first
    assert [(str(p), str(h)) for p, h in rows] == [("report.txt", hashlib.sha256(samples[1].read_bytes()).hexdigest())]
    pdf = client.post("/articles", params={"name": "paper.txt"}, content=b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n",
                      headers={**AUTH, "Content-Type": "text/plain"})
    assert pdf.status_code == 201 and pdf.json()["articles"] == []
    assert pdf.json()["failures"][0]["source"] == "paper.txt"
    assert "a PDF document" in pdf.json()["failures"][0]["reason"]
    bodies.append(pdf.text)
    detail = client.get("/articles/report")
    assert detail.json()["source_path"] == "report.txt"
    dump = store.export("nq").decode("utf-8")
    tmp = tempfile.gettempdir()
    for text in [*bodies, detail.text, dump]:
        assert "kg-upload-" not in text and f"{tmp}/" not in text
