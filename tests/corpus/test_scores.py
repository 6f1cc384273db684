"""The extractor's scores on the corpus dev and test splits, pinned: a regression fails the build.

The thresholds are in ``scores.json`` (next to this file), each at most 0.03 below the value measured when
it was set (the measured values are kept there too, with the date and commit). The test split is only
run here, to report; nothing is tuned on it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.corpus import Corpus, evaluate_split

PINNED = json.loads((Path(__file__).with_name("scores.json")).read_text(encoding="utf-8"))
METRICS = (("entities", "f1"), ("relations", "f1"), ("relations", "p"), ("relations", "r"))


def test_thresholds_are_within_003_of_the_measured_values() -> None:
    for split in ("dev", "test"):
        pins = PINNED[split]
        for group, metric in METRICS:
            measured, threshold = pins["measured"][group][metric], pins["threshold"][group][metric]
            assert measured - 0.03 <= threshold <= measured, (split, group, metric)


@pytest.mark.parametrize("split", ["dev", "test"])
def test_split_scores_do_not_fall(split: str, corpus: Corpus, nlp) -> None:
    _, summary = evaluate_split(corpus, split, nlp=nlp)
    assert summary["articles"] == len(corpus.rows(split))
    assert summary["articles"] >= PINNED[split]["articles"]
    pins = PINNED[split]["threshold"]
    got = {f"{g}.{m}": summary[g][m] for g, m in METRICS}
    want = {f"{g}.{m}": pins[g][m] for g, m in METRICS}
    assert all(got[k] >= want[k] for k in want), {"measured": got, "thresholds": want}
