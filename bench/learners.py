"""Is the learner the scorer's limit? The same candidates and features, cross-validated over the train and dev
splits pooled (never test), scored by the shipped learner (a regularised logistic regression) and by gradient-
boosted trees (LightGBM), one pass each (``kg.train.cross_validate`` with the fit swapped).

    python bench/learners.py                     # -> bench/results/learners.json, printed as a table
    python bench/learners.py --draws 4 --trees 400

LightGBM is not a dependency of the project (``pip install lightgbm`` to run this): trees would need their own
evaluator in the package, and this measures first whether they would be worth one.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import commit  # noqa: E402

import kg.train as training  # noqa: E402
from kg.corpus import Corpus  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


class Trees:
    """LightGBM's binary classifier behind the two methods ``kg.train`` calls on a fitted model."""

    def __init__(self, x: Any, y: np.ndarray, params: dict[str, Any]) -> None:
        import lightgbm

        self.model = lightgbm.LGBMClassifier(**params).fit(x.astype(np.float32), y)

    def decision_function(self, x: Any) -> np.ndarray:
        return np.asarray(self.model.predict(x.astype(np.float32), raw_score=True))

    def predict_proba(self, x: Any) -> np.ndarray:
        return np.asarray(self.model.predict_proba(x.astype(np.float32)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=2, help="dealings of the folds (the mean is compared)")
    ap.add_argument("--trees", type=int, default=400)
    ap.add_argument("--leaves", type=int, default=31)
    ap.add_argument("--out", type=Path, default=RESULTS / "learners.json")
    args = ap.parse_args()
    try:
        import lightgbm  # noqa: F401
    except ImportError:
        sys.exit("bench/learners.py needs LightGBM, a measuring tool only: pip install lightgbm")
    corpus = Corpus()
    splits = [training.collect_split(corpus, "train"), training.collect_split(corpus, "dev")]
    params = {"objective": "binary", "learning_rate": 0.05, "n_estimators": args.trees, "num_leaves": args.leaves,
              "min_child_samples": 20, "colsample_bytree": 0.5, "reg_lambda": 1.0, "deterministic": True,
              "num_threads": 2, "seed": training.SEED, "verbose": -1}
    linear_fit = training._fit
    report: dict[str, Any] = {"commit": commit(), "splits": ["train", "dev"], "draws": args.draws,
                              "one_pass": True, "trees": params}
    for name, fit in (("logistic regression", linear_fit),
                      ("gradient-boosted trees", lambda x, y, c, seed: Trees(x, y, params))):
        training._fit = fit   # type: ignore[assignment]
        t = time.perf_counter()
        try:
            r = training.cross_validate(splits, c=0.1, draws=args.draws, collective=False)
        finally:
            training._fit = linear_fit   # type: ignore[assignment]
        report[name] = {"seconds": round(time.perf_counter() - t, 1), "overall": r["overall"],
                        "best_any_precision": r["best_any_precision"], "draws": r.get("draws"),
                        "by_relation": r["by_relation"]}
        d = r.get("draws") or {}
        print(f"{name:24s} F1 at P 0.90 {r['overall']['f1']:.3f} (mean over dealings "
              f"{d.get('mean_f1_at_target', r['overall']['f1']):.4f}), best F1 {r['best_any_precision']['f1']:.3f} "
              f"(mean {d.get('mean_best_f1', r['best_any_precision']['f1']):.4f}), "
              f"deployedTo R {r['by_relation']['deployedTo']['r']:.3f}, memberOf R "
              f"{r['by_relation']['memberOf']['r']:.3f}")
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
