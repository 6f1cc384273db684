"""`kg evaluate --split`: extraction of a split, scores per type/relation/rule, errors with sentences."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.corpus import Corpus, build_manifest, evaluate_split, write_manifest
from kg.errors import CorpusError
from kg.evaluate import Score, evaluate, load_gold, schema_graph, statement_provenance, total

from .conftest import make_corpus

TEXT = "本报讯 区财政局一级科员张建国下沉到乙社区，协助开展核酸检测。\n（记者 李文华）"


def _small(tmp_path: Path) -> Corpus:
    corpus = make_corpus(tmp_path, {"x-1": ("http://example.org/x1", TEXT)})
    rows, _ = build_manifest(corpus)
    write_manifest(corpus.manifest_path, rows)
    return corpus


def test_a_missing_gold_file_fails(tmp_path: Path, nlp) -> None:
    corpus = _small(tmp_path)
    split = corpus.rows()[0].split
    corpus.gold_path("x-1").unlink()
    with pytest.raises(CorpusError, match="gold file .* is missing"):
        evaluate_split(corpus, split, nlp=nlp)


def test_split_summary_shape_rules_and_sentences(tmp_path: Path, nlp) -> None:
    corpus = _small(tmp_path)
    split = corpus.rows()[0].split
    results, summary = evaluate_split(corpus, split, nlp=nlp, graphs_out=tmp_path / "graphs")
    assert summary["articles"] == 1
    assert {"entities", "relations", "by_type", "by_relation", "by_rule", "articles"} <= set(summary)
    for key in ("entities", "relations"):
        assert {"p", "r", "f1"} <= set(summary[key])
    assert set(summary["by_type"]) == {"Person", "Organization", "Place"}
    assert set(summary["by_relation"]) == {"deployedTo", "memberOf", "jobTitle"}
    # every rule that proposed a judged triple is named, with its verdict counts
    rules = summary["by_rule"]
    assert rules and all(set(c) >= {"tp", "fp", "also_true", "unjudged", "precision"} for c in rules.values())
    assert sum(c["tp"] for c in rules.values()) >= summary["relations"]["tp"]
    assert "(no rule recorded)" not in rules
    # the reporter is not in the gold: a Person false positive, shown with the sentence naming it
    fps = [f for f in summary["false_positives"] if "李文华" in f["item"]]
    assert len(fps) == 1 and fps[0]["kind"] == "Person" and "李文华" in fps[0]["sentence"]
    for miss in summary["misses"]:
        assert miss["sentence"], miss
    # the summary is the sum of the scorer's per-article reports on the graphs written out
    graph_path = tmp_path / "graphs" / "x-1.ttl"
    from kg.evaluate import load_graph

    graph = load_graph(graph_path)
    report = evaluate(load_gold(corpus.gold_path("x-1")), graph, schema_graph(graph, Path("ontology")))
    assert summary["relations"]["tp"] == report.relations_micro.tp
    assert summary["entities"]["fp"] == total(e.score for e in report.entities).fp
    assert isinstance(results[0].report.relations_micro, Score)


def test_the_rule_of_each_fact_is_in_the_graph(nlp, tmp_path: Path) -> None:
    from kg.evaluate import merge
    from kg.extract import extract
    from kg.rdf.build import to_dataset
    from kg.read import read_file

    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    extraction = extract(read_file(path)[0], nlp=nlp)
    assert extraction.facts and all(f.rule for f in extraction.facts)
    graph = merge(to_dataset([extraction]))
    provenance = statement_provenance(graph)
    assert provenance and all(rules for rules, _ in provenance.values())
    assert {r for rules, _ in provenance.values() for r in rules} >= {"memberOf.apposition-chain", "author.credit-line"}


def test_cli_split_json(tmp_path: Path) -> None:
    corpus = _small(tmp_path)
    split = corpus.rows()[0].split
    result = CliRunner().invoke(app, ["evaluate", "--split", split, "--corpus", str(corpus.root), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 1 and data["split"] == split
    bad = CliRunner().invoke(app, ["evaluate", "--split", "nope", "--corpus", str(corpus.root)])
    assert bad.exit_code == 1 and "unknown split" in bad.output
