"""The scorer's calibration report: reliability plot, ECE, and the dev scores with and without the model.

    kg train --split train --report bench/results      # writes the model, calibration.json and .md
    python bench/calibration.py                        # reliability plot (PNG) from calibration.json
    python bench/calibration.py --evaluate             # also `kg evaluate --split dev` with and without
                                                       # the model -> bench/results/scorer-dev.json / .md
    python bench/calibration.py --unjudged             # unjudged candidates dropped vs read as negatives
                                                       # -> bench/results/scorer-unjudged.json

matplotlib is a dev/bench dependency, not a run-time one.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def plot(report: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 5.5), dpi=100)
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=1, label="perfect calibration")
    styles = {"dev": ("tab:blue", "o"), "dev_crossfitted": ("tab:green", "s"), "train": ("tab:orange", "^")}
    for name, (colour, marker) in styles.items():
        rows = report["reliability"].get(name) or []
        if not rows:
            continue
        xs = [r["confidence"] for r in rows]
        ys = [r["accuracy"] for r in rows]
        sizes = [12 + 6 * r["n"] ** 0.5 for r in rows]
        ax.plot(xs, ys, color=colour, linewidth=1)
        ax.scatter(xs, ys, s=sizes, color=colour, marker=marker, alpha=0.8,
                   label=f"{name.replace('_', ' ')} (ECE {report['ece'][name]:.3f})")
    ax.axvline(report["threshold"], color="tab:red", linewidth=1, linestyle=":",
               label=f"threshold {report['threshold']:.3f}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("predicted probability (bin mean)")
    ax.set_ylabel("fraction true (judged candidates)")
    ax.set_title(f"Scorer reliability: trained on {report['split']}, calibrated on {report['calibration_split']} "
                 f"({report['method']})", fontsize=9)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(out, metadata={"Software": None})
    plt.close(fig)


def evaluate_both(split: str = "dev") -> dict:
    from kg.corpus import Corpus, evaluate_split
    from kg.extract import build_pipeline

    out = {}
    for name, rules_only in (("model", False), ("rules_only", True)):
        _, summary = evaluate_split(Corpus(), split, nlp=build_pipeline(rules_only=rules_only))
        out[name] = {"entities": summary["entities"], "relations": summary["relations"],
                     "by_relation": summary["by_relation"]}
    return {"split": split, **out}


def markdown(scores: dict) -> str:
    lines = [f"# `kg evaluate --split {scores['split']}` with and without the scorer", "",
             "| relation | rules only P / R / F1 | model P / R / F1 |", "|---|---|---|"]
    rels = sorted(set(scores["model"]["by_relation"]) | set(scores["rules_only"]["by_relation"]))
    empty = {"p": 0.0, "r": 0.0, "f1": 0.0}
    for rel in [*rels, "relations"]:
        a = scores["rules_only"]["by_relation"].get(rel, empty) if rel != "relations" else scores["rules_only"][rel]
        b = scores["model"]["by_relation"].get(rel, empty) if rel != "relations" else scores["model"][rel]
        name = "**all relations**" if rel == "relations" else rel
        lines.append(f"| {name} | {a['p']:.3f} / {a['r']:.3f} / {a['f1']:.3f} | "
                     f"{b['p']:.3f} / {b['r']:.3f} / {b['f1']:.3f} |")
    e = scores["model"]["entities"]
    lines += ["", f"Entities (the same in both): P {e['p']:.3f} R {e['r']:.3f} F1 {e['f1']:.3f}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--evaluate", action="store_true", help="also score dev with and without the model")
    parser.add_argument("--unjudged", action="store_true",
                        help="also train with unjudged candidates dropped and read as negatives (dev figures)")
    args = parser.parse_args()
    report = json.loads((args.results / "calibration.json").read_text(encoding="utf-8"))
    png = args.results / "calibration-reliability.png"
    plot(report, png)
    print(f"reliability plot -> {png}")
    if args.unjudged:
        from kg.corpus import Corpus
        from kg.train import compare_unjudged

        compared = compare_unjudged(Corpus())
        (args.results / "scorer-unjudged.json").write_text(json.dumps(compared, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(compared, indent=1))
    if args.evaluate:
        scores = evaluate_both("dev")
        (args.results / "scorer-dev.json").write_text(json.dumps(scores, indent=1) + "\n", encoding="utf-8")
        (args.results / "scorer-dev.md").write_text(markdown(scores), encoding="utf-8")
        print(markdown(scores))


if __name__ == "__main__":
    main()
