"""The long fuzz campaign: the property tests of tests/test_fuzz.py with many more examples.

    .venv/bin/python bench/fuzz_campaign.py [--examples N] [--jobs 2] [--record bench/results/fuzz.md]

Runs each property test in its own pytest process under the Hypothesis profile
``fuzz-campaign`` (``KG_FUZZ_PROFILE``), with its share of the examples (``--examples`` in
all, default 100,000, split by the cost of an example), ``--jobs`` processes at a time.
Prints and records (appends to ``--record``) the examples run, passing and failing, and
the time of each test. A failing example is printed by Hypothesis with its reproduction
blob and kept in the local example database (``.hypothesis/``), so the next plain
``pytest tests/test_fuzz.py`` replays it first. Exit status 1 when any test failed.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = "tests/test_fuzz.py"
# property test -> share of the examples (cheap reading tests get more, extraction fewer)
SHARES = {
    "test_normalise_never_raises_and_maps_every_character": 0.35,
    "test_reading_bytes_never_raises_but_project_errors": 0.35,
    "test_extraction_of_clean_text_points_at_its_evidence_in_the_original": 0.25,
    "test_extraction_of_damaged_text_is_bounded_and_its_evidence_exact": 0.05,
}
_STATS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")


def run(examples: int, jobs: int) -> list[dict[str, object]]:
    pending = [(name, max(1, round(examples * share))) for name, share in SHARES.items()]
    running: list[tuple[str, int, float, subprocess.Popen[str]]] = []
    results: list[dict[str, object]] = []
    while pending or running:
        while pending and len(running) < jobs:
            name, n = pending.pop(0)
            env = {**os.environ, "KG_FUZZ_PROFILE": "fuzz-campaign", "KG_FUZZ_EXAMPLES": str(n),
                   "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
            cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
                   f"{TESTS}::{name}"]
            print(f"start {name}: {n} examples", flush=True)
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True)
            running.append((name, n, time.monotonic(), proc))
        for item in list(running):
            name, n, t0, proc = item
            if proc.poll() is None:
                continue
            running.remove(item)
            out = proc.stdout.read() if proc.stdout else ""
            stats = [tuple(map(int, m)) for m in _STATS.findall(out)]
            passing = sum(s[0] for s in stats)
            failing = sum(s[1] for s in stats)
            invalid = sum(s[2] for s in stats)
            seconds = time.monotonic() - t0
            ok = proc.returncode == 0
            results.append({"test": name, "asked": n, "passing": passing, "failing": failing, "invalid": invalid,
                            "seconds": round(seconds), "ok": ok})
            print(f"done  {name}: {passing} passing, {failing} failing, {invalid} invalid, {seconds:.0f} s, "
                  f"{'ok' if ok else 'FAILED'}", flush=True)
            if not ok:
                print(out[-6000:], flush=True)
        time.sleep(0.5)
    return results


def record(results: list[dict[str, object]], path: Path, examples: int, seconds: float) -> None:
    lines = [f"\n## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {examples:,} examples asked, {seconds / 60:.0f} min\n",
             "| property test | examples run (passing) | failing | invalid | seconds | result |",
             "|---|---:|---:|---:|---:|---|"]
    for r in results:
        lines.append(f"| `{r['test']}` | {r['passing']:,} | {r['failing']} | {r['invalid']:,} | {r['seconds']} | "
                     f"{'ok' if r['ok'] else 'FAILED'} |")
    total = sum(int(r["passing"]) + int(r["failing"]) for r in results)  # type: ignore[call-overload]
    lines.append(f"\nTotal examples run: {total:,}.\n")
    if not path.exists():
        path.write_text("# Fuzz campaigns (`make fuzz`)\n\nEach run appends its figures; failures found and "
                        "their fixes are noted under the run.\n", encoding="utf-8")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--record", type=Path, default=ROOT / "bench" / "results" / "fuzz.md")
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    results = run(args.examples, args.jobs)
    record(results, args.record, args.examples, time.monotonic() - t0)
    print(f"recorded in {args.record}")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
