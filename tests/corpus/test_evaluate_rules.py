"""`kg evaluate --split S --by-rule | --candidates | --rules-only` on a small corpus, real pipeline."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app
from kg.corpus import Corpus, build_manifest, write_manifest
from kg.evaluate import TripleVerdict, rule_worth
from kg.extract.scorer import model_path, read_model

from .conftest import make_corpus

# the gold (conftest.GOLD) knows 张建国, 区财政局, 乙社区; the second sentence adds a post cut short (部长) of
# another cadre, whom the gold does not know
TEXT = ("本报讯 区财政局一级科员张建国下沉到乙社区，协助开展核酸检测。区财政局部长李红梅来到乙社区。\n"
        "（记者 李文华）")


def _small(tmp_path: Path) -> tuple[Corpus, str]:
    corpus = make_corpus(tmp_path, {"x-1": ("http://example.org/x1", TEXT)})
    rows, _ = build_manifest(corpus)
    write_manifest(corpus.manifest_path, rows)
    return corpus, corpus.rows()[0].split


def _run(*args: str) -> dict:
    result = CliRunner().invoke(app, ["evaluate", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_by_rule_says_what_each_rule_is_worth(tmp_path: Path) -> None:
    corpus, split = _small(tmp_path)
    data = _run("--split", split, "--corpus", str(corpus.root), "--by-rule")
    assert data["split"] == split and set(data) == {"split", "by_rule"}
    rules = data["by_rule"]
    assert any(r.startswith("deployedTo.") and row["tp"] >= 1 for r, row in rules.items())
    train = read_model(model_path())["rules_only"]["rules"]
    for name, row in rules.items():
        assert {"tp", "fp", "also_true", "unjudged", "precision", "alone", "train_precision"} <= set(row)
        assert 0 <= row["alone"] <= row["tp"]
        assert row["train_precision"] == (train[name]["precision"] if name in train else None)
    assert sum(row["alone"] for row in rules.values()) <= sum(row["tp"] for row in rules.values())
    # printed as a table too
    text = CliRunner().invoke(app, ["evaluate", "--split", split, "--corpus", str(corpus.root), "--by-rule"])
    assert text.exit_code == 0 and "what each rule is worth" in text.output and "alone" in text.output


def test_rule_worth_counts_true_positives_only_one_rule_found() -> None:
    verdicts = [TripleVerdict("deployedTo", "a", "b", "tp", ("r1",)),
                TripleVerdict("deployedTo", "a", "c", "tp", ("r1", "r2")),
                TripleVerdict("deployedTo", "a", "d", "fp", ("r2",))]
    worth = rule_worth(verdicts, {"r1": 0.5})
    assert worth["r1"]["alone"] == 1 and worth["r2"]["alone"] == 0
    assert worth["r1"]["tp"] == 2 and worth["r2"]["precision"] == 0.5
    assert worth["r1"]["train_precision"] == 0.5 and worth["r2"]["train_precision"] is None


def test_candidates_reports_the_candidate_recall(tmp_path: Path) -> None:
    corpus, split = _small(tmp_path)
    data = _run("--split", split, "--corpus", str(corpus.root), "--candidates")
    assert data["gold"] == 3
    assert data["relations"]["deployedTo"] == {"gold": 1, "covered": 1, "recall": 1.0}
    assert 0 < data["covered"] <= 3 and data["candidates"] >= data["covered"]
    assert len(data["missed"]) == data["gold"] - data["covered"]


def test_rules_only_scores_the_split_without_the_model(tmp_path: Path) -> None:
    corpus, split = _small(tmp_path)
    args = ("--split", split, "--corpus", str(corpus.root))
    model, rules = _run(*args), _run(*args, "--rules-only")
    # both find the three gold relations; the confidences differ (tests/extract/test_scorer.py)
    assert model["relations"]["tp"] == rules["relations"]["tp"] == 3
    # rules only never states what a recall-only rule alone proposed; the model does where the corpus
    # says it holds: here the main unit's destination (区财政局 deployedTo 乙社区), which this fragment's
    # gold does not list
    by_model = _run(*args, "--by-rule")["by_rule"]
    by_rules = _run(*args, "--rules-only", "--by-rule")["by_rule"]
    assert by_model["deployedTo.main-unit"]["fp"] == 1 and "deployedTo.main-unit" not in by_rules
    assert model["relations"]["fp"] == rules["relations"]["fp"] + 1


def test_by_rule_needs_a_split() -> None:
    result = CliRunner().invoke(app, ["evaluate", "--by-rule", "--gold", "x.gold.json"])
    assert result.exit_code == 1 and "need --split" in result.output
