"""How the scorer's threshold should be chosen: procedures compared on articles they were not chosen on.

    python bench/threshold_procedures.py [--draws 40]   # -> bench/results/threshold-procedures.json

The train and dev splits are pooled (never test) and scored out of fold (five folds by article, as
``kg.train.cross_validate``). Each draw picks 46 articles to choose the cut on (the size of dev) and 48
others to score it on (the size of test). Procedures:

* ``best``: the cut with the best F1 at precision >= 0.90 on the 46 (``choose_threshold``);
* ``median-of-bootstrap``: the median of that best cut over 200 resamples (``bootstrap_threshold``);
* ``bound-q``: the lowest cut whose ``q``-quantile of bootstrap precision is >= 0.90
  (``precision_bound_threshold``).

It reports, per procedure, the mean precision, recall and F1 on the 48 and how often precision held.
"""
from __future__ import annotations

import argparse
import json
import subprocess
from collections import defaultdict
from pathlib import Path

import numpy as np

from kg.corpus import Corpus
from kg.train import (
    SEED,
    TARGET_PRECISION,
    bootstrap_threshold,
    choose_threshold,
    collect_split,
    figures,
    out_of_fold,
    precision_bound_threshold,
)

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=40)
    ap.add_argument("--c", type=float, default=0.3)
    ap.add_argument("--out", type=Path, default=RESULTS / "threshold-procedures.json")
    args = ap.parse_args()
    corpus = Corpus()
    splits = [collect_split(corpus, "train"), collect_split(corpus, "dev")]
    samples, p, _c = out_of_fold([s for d in splits for s in d.samples], c=args.c)
    gold: dict[str, int] = defaultdict(int)
    for d in splits:
        for a, n in d.recall.by_article.items():
            gold[a] += n
    rows: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(samples):
        rows[s.article].append(i)
    articles = sorted(set(gold) | set(rows))
    rng = np.random.default_rng(SEED)
    results: dict[str, list[dict[str, float]]] = defaultdict(list)
    for draw in range(args.draws):
        perm = rng.permutation(len(articles))
        chosen_on, scored_on = [articles[i] for i in perm[:46]], [articles[i] for i in perm[46:94]]
        idx = [i for a in chosen_on for i in rows[a]]
        sel = [samples[i] for i in idx]
        sel_gold = {a: gold[a] for a in chosen_on}
        cuts = {"best": choose_threshold(sel, p[idx], sum(sel_gold.values()))[0],
                "median-of-bootstrap": bootstrap_threshold(sel, p[idx], sel_gold, seed=draw)["threshold"]}
        for q in (0.1, 0.25, 0.5):
            cuts[f"bound-q{q}"] = precision_bound_threshold(sel, p[idx], sel_gold, seed=draw, quantile=q)["threshold"]
        ev = [i for a in scored_on for i in rows[a]]
        for name, cut in cuts.items():
            f = figures([samples[i] for i in ev], p[ev] >= cut, sum(gold[a] for a in scored_on))
            results[name].append({"cut": cut, "p": f["p"], "r": f["r"], "f1": f["f1"]})
    summary = {name: {"draws": len(v), "p": round(float(np.mean([x["p"] for x in v])), 4),
                      "held": round(float(np.mean([x["p"] >= TARGET_PRECISION for x in v])), 4),
                      "r": round(float(np.mean([x["r"] for x in v])), 4),
                      "f1": round(float(np.mean([x["f1"] for x in v])), 4),
                      "cut": round(float(np.mean([x["cut"] for x in v])), 4)} for name, v in results.items()}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent).stdout.strip()
    args.out.write_text(json.dumps({"commit": commit, "C": args.c, "draws": args.draws, "articles": len(articles),
                                    "summary": summary}, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
    print(f"{len(articles)} articles, {args.draws} draws (choose on 46, score on 48 others)")
    for name, m in summary.items():
        print(f"  {name:20s} P {m['p']:.3f} (>= 0.90 in {m['held']:.0%}) R {m['r']:.3f} F1 {m['f1']:.3f} "
              f"cut {m['cut']:.3f}")


if __name__ == "__main__":
    main()
