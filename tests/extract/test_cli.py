"""`kg extract` end to end: RDF out, --explain, --html, --jobs."""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Literal
from typer.testing import CliRunner

from kg.cli import app
from kg.vocab import FK, RDFS

runner = CliRunner()


def test_extract_writes_rdf_with_contract_terms(tmp_path: Path, dev_article_path: Path):
    out = tmp_path / "out.trig"
    result = runner.invoke(app, ["extract", str(dev_article_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ds = Dataset(default_union=True)
    ds.parse(out, format="trig")
    people = {str(o) for s, o in ds.subject_objects(RDFS.label) if (s, None, FK.Person) in ds}
    assert {"陈艳玲", "黄锋"} <= people
    assert any(True for _ in ds.triples((None, FK.deployedTo, None)))


def test_explain_and_html(tmp_path: Path, dev_article_path: Path):
    html = tmp_path / "view.html"
    result = runner.invoke(app, ["extract", str(dev_article_path), "--explain", "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "deployedTo" in result.output and "湖南社区" in result.output
    page = html.read_text(encoding="utf-8")
    assert "陈艳玲" in page and "PERSON" in page


def test_jobs_give_the_same_graph(tmp_path: Path, data_dir: Path):
    files = [str(p) for p in sorted((data_dir / "gold").glob("*.txt"))[:4]]   # enough for worker processes
    one, two = tmp_path / "a.nq", tmp_path / "b.nq"
    assert runner.invoke(app, ["extract", *files, "-o", str(one)]).exit_code == 0
    assert runner.invoke(app, ["extract", *files, "-o", str(two), "--jobs", "2"]).exit_code == 0
    labels = []
    for path in (one, two):
        ds = Dataset()
        ds.parse(path, format="nquads")
        labels.append({str(o) for o in ds.objects(None, RDFS.label) if isinstance(o, Literal)})
    assert labels[0] == labels[1]


def test_nothing_to_do_is_an_error(dev_article_path: Path):
    result = runner.invoke(app, ["extract", str(dev_article_path)])
    assert result.exit_code == 1
