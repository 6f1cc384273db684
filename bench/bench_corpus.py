"""Score the extractor on the annotated corpus splits and keep a record in bench/results/.

    .venv/bin/python bench/bench_corpus.py [--splits dev,test] [--set-thresholds]

Runs ``kg evaluate --split S --json`` as a separate process for each split (the whole command, pipeline
build included, is timed in wall and CPU seconds, with the machine's load average: the target is under 5
minutes for the test split on 2 cores), writes ``bench/results/corpus-<split>-<date>-<commit>.json``
(the summary, the times, the date and the commit; for the test split only the figures, never its
sentences) and prints the scores. ``--set-thresholds`` writes the
measured values and thresholds 0.025 below them into ``tests/corpus/scores.json`` (the regression test
reads them).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SCORES = ROOT / "tests" / "corpus" / "scores.json"
METRICS = (("entities", "f1"), ("relations", "f1"), ("relations", "p"), ("relations", "r"))


def commit() -> str:
    """The short commit of the tree measured, ``+dirty`` when the code or data differ from it."""
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        return "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "kg", "data/lexicons", "data/gazetteer"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return out.stdout.strip() + ("+dirty" if dirty else "")


def run_split(split: str) -> tuple[dict, float, float]:
    """The command's summary, its wall time and its CPU time (user + system, all its threads)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "evaluate", "--split", split,
                           "--json"], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode:
        raise SystemExit(f"kg evaluate --split {split} failed:\n{proc.stderr}")
    return json.loads(proc.stdout), elapsed, cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--splits", default="dev,test")
    ap.add_argument("--set-thresholds", action="store_true")
    ap.add_argument("--note", default="", help="free text kept in the record (what else was in the tree)")
    args = ap.parse_args(argv)
    today, rev = dt.date.today().isoformat(), commit()
    RESULTS.mkdir(parents=True, exist_ok=True)
    pins = json.loads(SCORES.read_text(encoding="utf-8")) if SCORES.exists() else {}
    for split in args.splits.split(","):
        summary, elapsed, cpu = run_split(split)
        load = os.getloadavg()[0]
        record = {"split": split, "date": today, "commit": rev, "cpus": os.cpu_count(),
                  "wall_seconds": round(elapsed, 1), "cpu_seconds": round(cpu, 1),
                  "load_average_1min": round(load, 1), **({"note": args.note} if args.note else {}), **summary}
        if split == "test":
            # keep the test split's text out of the repository: counts only, no sentences, no per-article rows
            record["misses"] = len(record.pop("misses"))
            record["false_positives"] = len(record.pop("false_positives"))
            record.pop("per_article")
        out = RESULTS / f"corpus-{split}-{today}-{rev}.json"
        out.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        e, r = summary["entities"], summary["relations"]
        print(f"{split}: {summary['articles']} articles in {elapsed:.1f} s wall, {cpu:.1f} s CPU (load {load:.1f}); "
              f"entities P {e['p']:.3f} R {e['r']:.3f} "
              f"F1 {e['f1']:.3f}; relations P {r['p']:.3f} R {r['r']:.3f} F1 {r['f1']:.3f} -> {out.name}")
        for name, s in {**summary["by_type"], **summary["by_relation"]}.items():
            print(f"  {name:13s} P {s['p']:.3f} R {s['r']:.3f} F1 {s['f1']:.3f} "
                  f"(tp {s['tp']} fp {s['fp']} fn {s['fn']})")
        if args.set_thresholds:
            measured = {g: {m: summary[g][m] for gg, m in METRICS if gg == g} for g, _ in METRICS}
            pins[split] = {"articles": summary["articles"], "date": today, "commit": rev,
                           "measured": measured,
                           "threshold": {g: {m: math.floor((v - 0.025) * 1000) / 1000 for m, v in ms.items()}
                                         for g, ms in measured.items()}}
    if args.set_thresholds:
        SCORES.write_text(json.dumps(pins, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"thresholds written to {SCORES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
