"""`kg train`: the scorer is rebuilt byte-for-byte from the corpus, learns from its labels, and the pieces
(threshold, calibration error, rule precision) compute what they say. Real corpus, real pipeline."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.corpus import Corpus
from kg.errors import ConfigError
from kg.extract.scorer import model_path, read_model
from kg.train import (
    PRIOR,
    Sample,
    SplitData,
    bootstrap_threshold,
    choose_threshold,
    collect_split,
    cross_validate,
    dumps,
    ece,
    figures,
    fit_model,
    precision_bound_threshold,
    rule_precision,
    train_model,
)


def test_kg_train_rebuilds_the_shipped_model_bit_for_bit(tmp_path: Path) -> None:
    out = tmp_path / "scorer.json"
    result = CliRunner().invoke(app, ["train", "--split", "train", "--out", str(out), "--report", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == model_path().read_bytes(), \
        "the shipped model is not what `kg train --split train` builds from this code and data: retrain it"
    report = json.loads((tmp_path / "calibration.json").read_text(encoding="utf-8"))
    assert 0.0 <= report["ece"]["dev"] <= 1.0 and report["reliability"]["dev"]
    assert "ECE" in (tmp_path / "calibration.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def collected() -> tuple[SplitData, SplitData]:
    """The candidates of train and dev (extracted once per process, shared with `kg train` run in-process)."""
    corpus = Corpus()
    return collect_split(corpus, "train"), collect_split(corpus, "dev")


def test_the_model_records_its_data_and_settings() -> None:
    data = read_model(model_path())
    t = data["training"]
    assert t["split"] == "train" and t["calibration_split"] == "dev" and isinstance(t["seed"], int)
    assert set(t["data_sha256"]) == {"train", "dev"} and all(len(v) == 64 for v in t["data_sha256"].values())
    assert {"scikit-learn", "numpy"} <= set(t["versions"])
    assert 0.0 < data["threshold"] < 1.0
    assert 0.0 <= data["metrics"]["ece_dev"] <= 1.0
    assert data["rules_only"]["rules"] and all(0.0 <= r["precision"] <= 1.0
                                               for r in data["rules_only"]["rules"].values())
    assert model_path().stat().st_size < 3_000_000


@pytest.fixture(scope="module")
def fitted(collected) -> tuple[dict, dict]:
    return fit_model(*collected)


def test_a_planted_wrong_label_changes_the_model(collected, fitted) -> None:
    train, dev = collected
    first, _ = fitted
    # plant one wrong label: the first true candidate of the train split becomes false
    samples = list(train.samples)
    i = next(k for k, s in enumerate(samples) if s.label is True)
    samples[i] = dataclasses.replace(samples[i], label=False)
    planted, _ = fit_model(SplitData(tuple(samples), train.recall), dev)
    assert dumps(planted) != dumps(first)
    changed = [f for f in samples[i].features if planted["weights"].get(f) != first["weights"].get(f)]
    assert changed, "no weight of the relabelled candidate's features moved"


def test_probabilities_of_dev_are_calibrated_and_monotone(fitted) -> None:
    _model, report = fitted
    assert report["ece"]["dev"] < 0.15 and report["ece"]["dev_crossfitted"] < 0.15
    for row in report["reliability"]["dev"]:
        assert row["bin"][0] <= row["confidence"] <= row["bin"][1]


def test_the_test_split_is_never_trained_on() -> None:
    with pytest.raises(ConfigError, match="never trained"):
        train_model(Corpus(), split="test")
    with pytest.raises(ConfigError, match="never trained"):
        train_model(Corpus(), calibration_split="test")


def _s(label: bool | None, rules: tuple[str, ...] = ("r",), hits: tuple[str, ...] = ()) -> Sample:
    return Sample("a", "deployedTo", rules, ("rel=deployedTo",), label, hits)


def test_threshold_keeps_precision_at_the_target_and_maximises_f1() -> None:
    samples = [_s(True, hits=("a#0",)), _s(True, hits=("a#1",)), _s(False), _s(True, hits=("a#2",)), _s(False)]
    p = np.array([0.95, 0.9, 0.8, 0.7, 0.2])
    t, at = choose_threshold(samples, p, gold=4, target=0.9)
    assert t == 0.9 and at["p"] == 1.0 and at["r"] == 0.5 and at["target_met"]
    t, at = choose_threshold(samples, p, gold=4, target=0.7)
    assert t == 0.7 and at["tp"] == 3 and at["fp"] == 1


def _brute_threshold(samples: list[Sample], p: np.ndarray, gold: int, target: float) -> tuple[float, dict]:
    """The definition, cut by cut: keep p >= t, count as the reference scorer does, best key wins."""
    best = None
    for t in sorted({float(v) for v in p}):
        m = figures(samples, p >= t, gold)
        key = (int(m["p"] >= target), m["f1"], -t)
        if best is None or key > best[0]:
            best = (key, t, m)
    assert best is not None
    return round(best[1], 6), {**best[2], "target_met": bool(best[0][0])}


@pytest.mark.parametrize("seed", range(20))
def test_the_one_pass_threshold_sweep_equals_the_cut_by_cut_definition(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    labels = rng.choice([True, False, None], size=n, p=[0.5, 0.35, 0.15])
    # shared hits (one relation stated twice) and tied probabilities are the cases a sweep gets wrong
    samples = [_s(bool(y) if y is not None else None,
                  hits=(f"a#{rng.integers(0, max(1, n // 2))}",) if y else ()) for y in labels]
    p = np.round(rng.random(n), 1)
    gold = n
    for target in (0.5, 0.9):
        assert choose_threshold(samples, p, gold, target) == _brute_threshold(samples, p, gold, target)


def test_the_bootstrap_threshold_is_a_seeded_median_of_resampled_best_cuts() -> None:
    # two articles whose best cuts differ: every resample's cut is one of the candidates' probabilities
    samples = [Sample("x", "deployedTo", ("r",), (), True, ("x#0",)),
               Sample("x", "deployedTo", ("r",), (), False, ()),
               Sample("y", "deployedTo", ("r",), (), True, ("y#0",)),
               Sample("y", "deployedTo", ("r",), (), True, ("y#1",)),
               Sample("y", "deployedTo", ("r",), (), False, ())]
    p = np.array([0.9, 0.6, 0.8, 0.5, 0.3])
    gold = {"x": 1, "y": 2, "z": 1}                     # z: gold relations but no candidate
    a = bootstrap_threshold(samples, p, gold, seed=3, rounds=51, target=0.9)
    assert a == bootstrap_threshold(samples, p, gold, seed=3, rounds=51, target=0.9)
    assert a["articles"] == 3 and a["rounds"] == 51
    assert a["p05"] <= a["threshold"] <= a["p95"]
    assert a["threshold"] in {0.3, 0.5, 0.6, 0.8, 0.9}      # odd rounds: the median is one resample's cut
    assert a["p05"] < a["p95"]                               # the two articles pull the cut apart
    # no false candidate anywhere: every resample keeps everything, the cut is the lowest probability
    clean = [dataclasses.replace(s, label=True, hits=(f"{s.article}#{i}",)) for i, s in enumerate(samples)]
    assert bootstrap_threshold(clean, p, gold, seed=0, rounds=20, target=0.9)["threshold"] == 0.3


def _pooled(kind: str) -> SplitData:
    """Twenty articles of four candidates, two true: the label follows ``kind``'s feature."""
    from kg.extract.labels import Recall

    samples, recall = [], Recall()
    for a in range(20):
        art = f"art{a:02d}"
        for i in range(4):
            label = i < 2
            feats = {"shared": ("cue",) if label else ("no-cue",),      # a cue every article shares
                     "own": (f"{art}-{label}",)}[kind]                  # a feature only this article has
            samples.append(Sample(art, "deployedTo", ("r",), feats, label, (f"{art}#{i}",) if label else ()))
            if label:
                recall.gold["deployedTo"] += 1
                recall.by_article[art] += 1
    return SplitData(tuple(samples), recall)


def test_cross_validation_learns_a_shared_cue_and_cannot_memorise_an_article() -> None:
    shared = cross_validate([_pooled("shared")], c=1.0)
    assert shared["articles"] == 20 and shared["folds"] == 5
    assert shared["overall"]["f1"] == 1.0 and shared["by_relation"]["deployedTo"]["found"] == 40
    assert shared["best_any_precision"]["f1"] == 1.0
    # a feature seen in one article only is out of every other fold's vocabulary: nothing to learn, so the
    # pooled out-of-fold scores are flat and no cut reaches the precision target
    own = cross_validate([_pooled("own")], c=1.0)
    assert own["overall"]["p"] == 0.5 and not own["overall"]["target_met"]
    # at any precision the best is to keep everything: F1 of P 0.5 at R 1.0
    assert own["best_any_precision"]["f1"] == round(2 * 0.5 / 1.5, 4)


def test_cross_validation_over_several_dealings_of_the_folds() -> None:
    from kg.train import _folds

    data = _pooled("shared")
    report = cross_validate([data], c=1.0, draws=3)
    d = report["draws"]
    assert d["f1_at_target"][0] == report["overall"]["f1"] and len(d["f1_at_target"]) == 3
    assert d["mean_f1_at_target"] == 1.0 and d["mean_best_f1"] == 1.0      # a shared cue holds in every dealing
    first, other = _folds(data.samples, 5), _folds(data.samples, 5, draw=1)
    assert [f.sum() for f in first] == [f.sum() for f in other]              # the same fold sizes ...
    assert any((a != b).any() for a, b in zip(first, other, strict=True))   # ... dealt differently
    assert "draws" not in cross_validate([data], c=1.0)                      # one dealing by default


def test_the_precision_bound_threshold_is_the_lowest_cut_that_holds_in_most_resamples() -> None:
    # per article: true candidates at 0.9 and 0.7, a false one at 0.6 and at 0.3
    samples, p = [], []
    for a in "abcdefgh":
        for prob, label in ((0.9, True), (0.7, True), (0.6, False), (0.3, False)):
            samples.append(Sample(a, "deployedTo", ("r",), (), label, (f"{a}#{prob}",) if label else ()))
            p.append(prob)
    gold = {a: 3 for a in "abcdefgh"}                # one gold relation per article no candidate finds
    out = precision_bound_threshold(samples, np.array(p), gold, seed=1, rounds=50)
    assert out == precision_bound_threshold(samples, np.array(p), gold, seed=1, rounds=50)   # seeded
    # at 0.6 precision is 2/3 in every resample: the lowest cut that holds is 0.7 (precision 1)
    assert out["threshold"] == 0.7 and out["met"] and out["precision_bound"] == 1.0
    assert out["median_recall"] == round(2 / 3, 6)
    # a false candidate on top in one article of eight: the bound still holds at a cut of 0.7 or above
    noisy = [*samples, Sample("a", "deployedTo", ("r",), (), False, ())]
    held = precision_bound_threshold(noisy, np.array([*p, 0.95]), gold, seed=1, rounds=50, quantile=0.25)
    assert held["met"] and held["threshold"] >= 0.7
    # nothing ever reaches the target: the highest cut, reported as not met
    none = [Sample("a", "deployedTo", ("r",), (), False, ()), Sample("b", "deployedTo", ("r",), (), False, ())]
    miss = precision_bound_threshold(none, np.array([0.8, 0.4]), {"a": 1, "b": 1}, seed=0, rounds=10)
    assert not miss["met"] and miss["threshold"] == 0.8


def test_ece_is_zero_when_calibrated_and_positive_when_not() -> None:
    y = np.array([1, 1, 1, 0] * 25, dtype=float)
    assert ece(y, np.full(100, 0.75))[0] == 0.0
    assert ece(y, np.full(100, 0.95))[0] == pytest.approx(0.2)


def test_rule_precision_is_measured_and_smoothed_toward_the_overall() -> None:
    samples = [_s(True, ("a",)), _s(True, ("a",)), _s(False, ("a",)), _s(True, ("b",)), _s(None, ("c",))]
    table = rule_precision(samples)
    p0 = 3 / 4
    assert table["overall"] == p0
    assert table["rules"]["a"] == {"tp": 2, "fp": 1, "precision": round((2 + PRIOR * p0) / (3 + PRIOR), 4)}
    assert table["rules"]["c"]["precision"] == p0      # judged nothing: the overall precision


def _listed(articles: int = 20) -> list[Sample]:
    """Articles of a team deployed to a village and three listed members (one list group), with noisy cues:
    the pooling and the collective features have something to read."""
    samples = []
    for a in range(articles):
        art = f"l{a:02d}"
        group = (f"{art}#0",)
        samples.append(Sample(art, "deployedTo", ("r",), ("team-cue",) if a % 3 else ("no-cue",), a % 4 != 0,
                              (f"{art}#t",), (), ("org:队", "place:村")))
        samples.append(Sample(art, "memberOf", ("r",), ("list",), True, (f"{art}#m",), (), ("person:甲", "org:队")))
        for k, person in enumerate(("person:甲", "person:乙", "person:丙")):
            cue = ("near",) if (a + k) % 2 else ("far",)
            samples.append(Sample(art, "deployedTo", ("r",), cue, (a + k) % 3 != 0, (f"{art}#{k}",), group,
                                  (person, "place:村")))
    return samples


def test_out_of_fold_pools_each_lists_margins_once_in_either_pass() -> None:
    from kg.train import _oof_margins, _pooled, out_of_fold

    samples = _listed()
    _kept, p, _c = out_of_fold(samples, c=1.0, collective=False, pooling=0.5)
    once = _pooled(samples, _oof_margins(samples, 1.0, 0, pooling=0.0), 0.5)
    judged_rows = np.array([s.label is not None for s in samples])
    assert np.allclose(p, np.round(1 / (1 + np.exp(-once[judged_rows])), 6))
    twice = _pooled(samples, once, 0.5)
    assert not np.allclose(p, np.round(1 / (1 + np.exp(-twice[judged_rows])), 6))
    # two passes: the held-out folds' second-pass margins are pooled once too, and differ from one pass
    _kept2, p2, _c2 = out_of_fold(samples, c=1.0, collective=True, pooling=0.5)
    assert p2.shape == p.shape and not np.allclose(p2, p)


def test_out_of_fold_with_fewer_judged_articles_than_folds() -> None:
    from kg.train import out_of_fold

    kept, p, _c = out_of_fold(_listed(3), c=1.0, collective=True)
    assert len(kept) == len(p) == 15 and ((p >= 0) & (p <= 1)).all()
