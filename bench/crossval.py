"""Leave-articles-out cross-validation of the scorer over the train and dev splits pooled (never test):
the figure a change to the rules or features is judged by before it is kept (``kg.train.cross_validate``).

    python bench/crossval.py                      # -> bench/results/crossval.json, printed as a table
    python bench/crossval.py --c 0.3 --out x.json # a fixed regularisation (compare two commits with it)

One dev split of 46 articles moves by a couple of relations between two candidate sets; the pooled folds
use every annotated article of train and dev that may be read, with the same learner on both sides.
``--c`` fixes the regularisation; by default it is chosen on the pooled samples themselves (a slight
optimism, the same for both sides of a comparison).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import commit  # noqa: E402  (the short commit, +dirty when kg or the lexicons differ)

from kg.corpus import Corpus  # noqa: E402
from kg.train import collect_split, cross_validate  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c", type=float, default=None, help="regularisation (default: chosen by cross-validation)")
    ap.add_argument("--out", type=Path, default=RESULTS / "crossval.json")
    ap.add_argument("--draws", type=int, default=4, help="dealings of the folds; the mean is the figure to compare")
    ap.add_argument("--one-pass", action="store_true", help="score in one pass (no collective second pass)")
    args = ap.parse_args()
    corpus = Corpus()
    report = cross_validate([collect_split(corpus, "train"), collect_split(corpus, "dev")], c=args.c,
                            draws=args.draws, collective=not args.one_pass)
    report = {"commit": commit(), "splits": ["train", "dev"], **report}
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    o = report["overall"]
    print(f"{report['articles']} articles, {report['folds']} folds, C={report['C']}, cut {report['cut']}: "
          f"P {o['p']:.3f} R {o['r']:.3f} F1 {o['f1']:.3f}")
    b = report["best_any_precision"]
    print(f"  best F1 at any precision: {b['f1']:.3f} (P {b['p']:.3f} R {b['r']:.3f}, cut {b['cut']})")
    if "draws" in report:
        d = report["draws"]
        print(f"  over {len(d['f1_at_target'])} dealings of the folds: F1 at the target {d['mean_f1_at_target']:.3f} "
              f"({' '.join(f'{x:.3f}' for x in d['f1_at_target'])}), best F1 {d['mean_best_f1']:.3f}")
    for rel, f in report["by_relation"].items():
        print(f"  {rel:13s} P {f['p']:.3f} R {f['r']:.3f} F1 {f['f1']:.3f} ({f['found']}/{f['gold']})")


if __name__ == "__main__":
    main()
