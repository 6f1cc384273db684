"""The store commands, through the real `kg` application (typer's runner)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, dev_article_path: Path) -> Path:
    """A store made by `kg ingest` from the dev article and a file that cannot be read."""
    store = tmp_path_factory.mktemp("cli") / "store"
    bad = store.parent / "broken.txt"
    bad.write_bytes(b"")
    res = runner.invoke(app, ["ingest", str(dev_article_path), str(bad), "--store", str(store)])
    assert res.exit_code == 1, res.output  # one failure -> non-zero
    assert "broken.txt" in res.output
    assert "articles written" in res.output
    return store


@pytest.mark.slow
def test_ingest_then_reingest(ingested: Path, dev_article_path: Path) -> None:
    res = runner.invoke(app, ["ingest", str(dev_article_path), "--store", str(ingested)])
    assert res.exit_code == 0, res.output
    assert "articles unchanged │ 1" in res.output or "articles unchanged  1" in res.output.replace("│", " ")


@pytest.mark.slow
def test_query_formats(ingested: Path) -> None:
    q = "SELECT ?n WHERE { ?p a fk:Person ; rdfs:label ?n FILTER(langMatches(lang(?n), 'zh-Hans')) }"
    table = runner.invoke(app, ["query", q, "--store", str(ingested)])
    assert table.exit_code == 0, table.output
    as_json = runner.invoke(app, ["query", q, "--store", str(ingested), "--format", "json"])
    names = {b["n"]["value"] for b in json.loads(as_json.stdout)["results"]["bindings"]}
    assert len(names) >= 10
    assert any(name in table.output for name in names)
    as_csv = runner.invoke(app, ["query", q, "--store", str(ingested), "-f", "csv"])
    assert as_csv.stdout.splitlines()[0].strip() == "n" and len(as_csv.stdout.splitlines()) == len(names) + 1


@pytest.mark.slow
def test_bad_query_is_a_clean_error(ingested: Path) -> None:
    res = runner.invoke(app, ["query", "SELEC nothing", "--store", str(ingested)])
    assert res.exit_code == 1 and "error" in res.output


@pytest.mark.slow
def test_export_formats(ingested: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.trig"
    res = runner.invoke(app, ["export", "--store", str(ingested), "--format", "trig", "-o", str(out)])
    assert res.exit_code == 0, res.output
    ds = Dataset()
    ds.parse(out, format="trig")
    assert len([g for g in ds.graphs() if "/article/" in str(g.identifier)]) == 1
    res = runner.invoke(app, ["export", "--store", str(ingested), "--format", "ttl"])
    assert len(Graph().parse(data=res.stdout_bytes, format="turtle")) > 100


@pytest.mark.slow
def test_stats(ingested: Path) -> None:
    res = runner.invoke(app, ["stats", "--store", str(ingested)])
    assert res.exit_code == 0, res.output
    assert "fk:Person" in res.output and "fk:deployedTo" in res.output


def test_missing_store_is_a_clean_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["stats", "--store", str(tmp_path / "none")])
    assert res.exit_code == 1 and "no store" in res.output


@pytest.mark.slow
def test_query_from_file_and_stdin(ingested: Path, tmp_path: Path) -> None:
    q = "ASK { ?p a fk:Person }"
    path = tmp_path / "q.rq"
    path.write_text(q, encoding="utf-8")
    assert runner.invoke(app, ["query", f"@{path}", "--store", str(ingested)]).stdout.strip() == "true"
    assert runner.invoke(app, ["query", "-", "--store", str(ingested)], input=q).stdout.strip() == "true"


@pytest.mark.slow
def test_ingest_with_a_curation_file(dev_article_path: Path, tmp_path: Path) -> None:
    cur = tmp_path / "curation.yaml"
    cur.write_text("reject_entities:\n  - label: 姜亮\n", encoding="utf-8")
    store = tmp_path / "store"
    res = runner.invoke(app, ["ingest", str(dev_article_path), "--store", str(store), "--curation", str(cur)])
    assert res.exit_code == 0, res.output
    ask = runner.invoke(app, ["query", 'ASK { ?p rdfs:label "姜亮"@zh-Hans }', "--store", str(store)])
    assert ask.stdout.strip() == "false"


CONFIDENCES = "SELECT ?c WHERE { GRAPH ?g { ?s fk:confidence ?c } } ORDER BY ?c"


def _confidences(store: Path) -> list[str]:
    res = runner.invoke(app, ["query", CONFIDENCES, "--store", str(store), "--format", "json"])
    assert res.exit_code == 0, res.output
    return [b["c"]["value"] for b in json.loads(res.stdout)["results"]["bindings"]]


@pytest.mark.slow
def test_ingest_rules_only_then_with_the_model_extracts_again(tmp_path: Path, dev_article_path: Path) -> None:
    """`kg ingest --rules-only` runs without the scorer; the mode is part of the input digest, so
    ingesting the same article with the model afterwards extracts it again instead of skipping it."""
    store = tmp_path / "store"
    rules = runner.invoke(app, ["ingest", str(dev_article_path), "--store", str(store), "--rules-only", "--json"])
    assert rules.exit_code == 0, rules.output
    assert len(json.loads(rules.stdout)["written"]) == 1
    by_rules = _confidences(store)
    again = runner.invoke(app, ["ingest", str(dev_article_path), "--store", str(store), "--rules-only", "--json"])
    assert json.loads(again.stdout)["unchanged"] and not json.loads(again.stdout)["written"]
    model = runner.invoke(app, ["ingest", str(dev_article_path), "--store", str(store), "--json"])
    assert model.exit_code == 0, model.output
    assert len(json.loads(model.stdout)["written"]) == 1 and not json.loads(model.stdout)["unchanged"]
    by_model = _confidences(store)
    assert by_rules and by_model and by_rules != by_model
