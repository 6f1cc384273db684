"""Article identity comes from the source; no absolute path is stored or answered; inputs are sniffed.

End to end through `kg ingest` (typer's runner, real pipeline) into a real pyoxigraph store, and
through a real `kg serve` over HTTP.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import httpx
import pytest
from servers import kg_serve
from typer.testing import CliRunner

from kg.cli import app
from kg.store.oxigraph import OxigraphStore

runner = CliRunner()
BASE = "https://w3id.org/frontline-kg/id/article/"


def ingest(*args: str | Path) -> tuple[int, str]:
    res = runner.invoke(app, ["ingest", *map(str, args), "-j", "1"])
    return res.exit_code, res.output


def articles(store_dir: Path) -> dict[str, str]:
    """IRI -> fk:sourcePath of every article in the store."""
    with OxigraphStore.open(store_dir, read_only=True) as st:
        rows = st.query("SELECT ?a ?p WHERE { ?a a fk:Article ; fk:sourcePath ?p }").rows
    return {str(a): str(p) for a, p in rows}


def row(output: str, name: str) -> str:
    """The number on the summary table's row ``name``."""
    line = next(ln for ln in output.splitlines() if name in ln)
    return line.replace("│", " ").split()[-1]


@pytest.fixture(scope="module")
def samples(project_root: Path) -> list[Path]:
    return sorted((project_root / "data" / "samples").glob("*.txt"))


@pytest.mark.slow
def test_same_file_name_in_two_folders_of_one_batch(tmp_path: Path, samples: list[Path]) -> None:
    corpus = tmp_path / "corpus"
    for folder, sample in (("a", samples[0]), ("b", samples[1])):
        (corpus / folder).mkdir(parents=True)
        shutil.copy(sample, corpus / folder / "report.txt")
    code, out = ingest(corpus, "--store", tmp_path / "store")
    assert code == 0, out
    assert row(out, "articles written") == "2" and row(out, "failures") == "0"
    assert articles(tmp_path / "store") == {BASE + "a-report": "a/report.txt", BASE + "b-report": "b/report.txt"}


@pytest.mark.slow
def test_two_report_files_given_in_one_batch_collide(tmp_path: Path, samples: list[Path]) -> None:
    """Before: "articles written 2, failures 0" and one graph. Now: one written, the other a failure."""
    for folder, sample in (("d1", samples[0]), ("d2", samples[1])):
        (tmp_path / folder).mkdir()
        shutil.copy(sample, tmp_path / folder / "report.txt")
    code, out = ingest(tmp_path / "d1" / "report.txt", tmp_path / "d2" / "report.txt", "--store", tmp_path / "s")
    assert code == 1, out
    assert row(out, "articles written") == "1" and row(out, "failures") == "1"
    assert "identity collision" in out and "'report'" in out
    stored = articles(tmp_path / "s")
    assert list(stored) == [BASE + "report"]
    with OxigraphStore.open(tmp_path / "s", read_only=True) as st:   # the first one's content survived
        (sha,) = st.query("SELECT ?h WHERE { ?a fk:sha256 ?h }").rows[0]
    assert str(sha) == hashlib.sha256(samples[0].read_bytes()).hexdigest()


@pytest.mark.slow
def test_same_name_from_another_folder_does_not_replace_and_same_source_does(tmp_path: Path,
                                                                             samples: list[Path]) -> None:
    store = tmp_path / "store"
    for folder, sample in (("first", samples[0]), ("second", samples[1])):
        (tmp_path / folder).mkdir()
        shutil.copy(sample, tmp_path / folder / "report.txt")
    code, out = ingest(tmp_path / "first" / "report.txt", "--store", store)
    assert code == 0, out

    def sha() -> str:
        with OxigraphStore.open(store, read_only=True) as st:
            return str(st.query("SELECT ?h WHERE { ?a fk:sha256 ?h }").rows[0][0])

    before = sha()
    # another folder's report.txt: refused, the stored article is left as it was
    code, out = ingest(tmp_path / "second" / "report.txt", "--store", store)
    assert code == 1 and "already in the store from another source" in out, out
    assert row(out, "articles written") == "0"
    assert sha() == before
    # the same content from elsewhere is no conflict: unchanged
    shutil.copy(tmp_path / "first" / "report.txt", tmp_path / "copy.txt")
    (tmp_path / "third").mkdir()
    shutil.copy(tmp_path / "first" / "report.txt", tmp_path / "third" / "report.txt")
    code, out = ingest(tmp_path / "third" / "report.txt", "--store", store)
    assert code == 0 and row(out, "articles unchanged") == "1", out
    # the same source, changed: replaced (the wanted re-ingest behaviour)
    with (tmp_path / "first" / "report.txt").open("ab") as fh:
        fh.write(samples[2].read_bytes())
    code, out = ingest(tmp_path / "first" / "report.txt", "--store", store)
    assert code == 0 and row(out, "articles written") == "1", out
    assert sha() != before
    # --replace lets the other folder's file in, on purpose
    code, out = ingest(tmp_path / "second" / "report.txt", "--store", store, "--replace")
    assert code == 0 and row(out, "articles written") == "1", out
    assert len(articles(store)) == 1
    # removed as a unit: nothing of it is left but the ontology
    res = runner.invoke(app, ["remove", "report", "missing-one", "--store", str(store)])
    assert res.exit_code == 1 and "removed" in res.output and "missing-one" in res.output, res.output
    with OxigraphStore.open(store, read_only=True) as st:
        assert not [g for g in st.graphs() if "/article/" in g]
        assert not st.query("ASK { GRAPH <https://w3id.org/frontline-kg/graph/shared> { ?s ?p ?o } }").boolean


@pytest.mark.slow
def test_no_absolute_path_in_graph_or_answers(tmp_path: Path, samples: list[Path]) -> None:
    corpus = tmp_path / "in" / "corpus"
    (corpus / "sub").mkdir(parents=True)
    shutil.copy(samples[0], corpus / samples[0].name)
    shutil.copy(samples[1], corpus / "sub" / samples[1].name)
    (corpus / "broken.txt").write_bytes(b"")
    store = tmp_path / "store"
    code, out = ingest(corpus, "--store", store)
    assert code == 1 and row(out, "articles written") == "2", out
    secrets = {str(tmp_path), str(tmp_path.resolve()), str(corpus), str(corpus.resolve())}
    with OxigraphStore.open(store, read_only=True) as st:
        dump = st.export("nq").decode("utf-8")
    assert "sub/" + samples[1].name in dump
    assert not [s for s in secrets if s in dump]
    with kg_serve(store) as url:
        bodies = []
        listing = httpx.get(f"{url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                            headers={"Accept": "application/sparql-results+json"}, timeout=60)
        assert listing.status_code == 200
        bodies.append(listing.text)
        for path in ("/stats", "/articles/" + samples[0].stem, "/articles/sub-" + samples[1].stem, "/deployments",
                     "/search?q=区"):
            resp = httpx.get(url + path, timeout=60)
            assert resp.status_code == 200, (path, resp.text[:300])
            bodies.append(resp.text)
        detail = httpx.get(url + "/articles/sub-" + samples[1].stem, timeout=60).json()
        assert detail["source_path"] == "sub/" + samples[1].name
    for body in bodies:
        assert not [s for s in secrets if s in body]


@pytest.mark.slow
def test_binaries_are_refused_by_content_and_the_batch_goes_on(tmp_path: Path, samples: list[Path]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(samples[0], corpus / "good.txt")
    (corpus / "paper.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    (corpus / "photo.html").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("inside.txt", samples[1].read_text(encoding="utf-8"))
    (corpus / "bundle.csv").write_bytes(buf.getvalue())
    (corpus / "archive.7z").write_bytes(b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 40)
    (corpus / "notes.rar").write_bytes(b"Rar!\x1a\x07\x01\x00" + b"\x00" * 40)
    (corpus / "pics.tar.gz").write_bytes(gzip.compress(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64))
    (corpus / "zipped.txt.gz").write_bytes(gzip.compress(samples[1].read_bytes()))   # gzipped text: read
    code, out = ingest(corpus, "--store", tmp_path / "store")
    assert code == 1, out
    assert row(out, "articles written") == "2" and row(out, "failures") == "6", out
    flat = " ".join(out.split())
    for name, kind in (("paper.txt", "a PDF document"), ("photo.html", "an image (image/jpeg)"),
                       ("bundle.csv", "a zip archive"), ("archive.7z", "a 7z archive"),
                       ("notes.rar", "a RAR archive"), ("pics.tar.gz", "a gzip archive of an image")):
        assert f"{name} [read]: {kind}" in flat, (name, out)
    assert set(articles(tmp_path / "store")) == {BASE + "good", BASE + "zipped"}
