"""The long fuzz campaign: the property tests of tests/test_fuzz.py with many more examples.

    .venv/bin/python bench/fuzz_campaign.py [--examples 100000] [--minutes M] [--jobs 4] [--chunk 500]
                                            [--record bench/results/fuzz.md]

Each property test runs in its own process, with its share of ``--examples`` (cheap reading
tests get more, extraction fewer), as repeated Hypothesis runs of ``--chunk`` examples each
under the profile ``fuzz-campaign`` (every run draws new random examples). Progress is
written after every chunk, so a campaign stopped by ``--minutes`` still reports what it ran.
The figures (examples run, failures, seconds) are printed and appended to ``--record``.
A failing example is printed by Hypothesis with its reproduction blob and kept in the local
example database (``.hypothesis/``), so the next plain ``pytest tests/test_fuzz.py`` replays
it first. Exit status 1 when any property failed.
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# property test -> share of the examples (cheap reading tests get more, extraction fewer)
SHARES = {
    "test_normalise_never_raises_and_maps_every_character": 0.35,
    "test_reading_bytes_never_raises_but_project_errors": 0.35,
    "test_extraction_of_clean_text_points_at_its_evidence_in_the_original": 0.25,
    "test_extraction_of_damaged_text_is_bounded_and_its_evidence_exact": 0.05,
}


def work(name: str, quota: int, chunk: int, deadline: float, progress: Path) -> None:
    """Run property ``name`` in chunks until ``quota`` examples or the deadline; one JSON line per chunk."""
    os.environ["KG_FUZZ_PROFILE"] = "fuzz-campaign"
    os.environ["KG_FUZZ_EXAMPLES"] = str(chunk)
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    import test_fuzz

    fn = getattr(test_fuzz, name)
    calls = [0]
    inner = fn.hypothesis.inner_test

    def counting(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        return inner(*args, **kwargs)

    fn.hypothesis.inner_test = counting
    kwargs = {"pipeline": test_fuzz.build_pipeline()} if "pipeline" in inspect.signature(inner).parameters else {}
    failures: list[str] = []
    t0 = time.monotonic()
    while calls[0] < quota and time.time() < deadline:
        try:
            fn(**kwargs)
        except Exception:  # noqa: BLE001 - a failing property is the finding: record it and go on
            failures.append(traceback.format_exc()[-4000:])
        with progress.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"test": name, "examples": calls[0], "failures": len(failures),
                                 "seconds": round(time.monotonic() - t0), "last_failure": failures[-1:]}) + "\n")


def summary(progress_dir: Path) -> list[dict[str, object]]:
    """The last progress line of each test."""
    out = []
    for name in SHARES:
        path = progress_dir / f"{name}.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        out.append(json.loads(lines[-1]) if lines else {"test": name, "examples": 0, "failures": 0, "seconds": 0})
    return out


def record(results: list[dict[str, object]], path: Path, asked: int) -> None:
    total = sum(int(r["examples"]) for r in results)  # type: ignore[call-overload]
    lines = [f"\n## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {total:,} examples run of {asked:,} asked\n",
             "| property test | examples run | failing runs | seconds |", "|---|---:|---:|---:|"]
    for r in results:
        lines.append(f"| `{r['test']}` | {int(r['examples']):,} | {r['failures']} | {r['seconds']} |")  # type: ignore[call-overload]
    for r in results:
        for failure in r.get("last_failure") or []:  # type: ignore[attr-defined]
            lines.append(f"\nLast failure of `{r['test']}`:\n\n```\n{failure}\n```")
    if not path.exists():
        path.write_text("# Fuzz campaigns (`make fuzz`)\n\nEach run appends its figures (examples run = calls of "
                        "the property, including Hypothesis's shrinking of a failure); findings and their fixes "
                        "are noted under the run.\n", encoding="utf-8")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=100_000)
    ap.add_argument("--minutes", type=float, default=600.0, help="stop after this long (default: 10 h)")
    ap.add_argument("--chunk", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=len(SHARES), help="properties run at a time")
    ap.add_argument("--record", type=Path, default=ROOT / "bench" / "results" / "fuzz.md")
    ap.add_argument("--progress", type=Path, default=ROOT / "var" / "fuzz")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--quota", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--deadline", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        work(args.worker, args.quota, args.chunk, args.deadline, args.progress / f"{args.worker}.jsonl")
        return 0
    args.progress.mkdir(parents=True, exist_ok=True)
    for old in args.progress.glob("*.jsonl"):
        old.unlink()
    deadline = time.time() + args.minutes * 60
    pending = [(name, max(1, round(args.examples * share))) for name, share in SHARES.items()]
    running: list[subprocess.Popen[bytes]] = []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    while pending or running:
        while pending and len(running) < args.jobs:
            name, quota = pending.pop(0)
            print(f"start {name}: {quota:,} examples", flush=True)
            running.append(subprocess.Popen(
                [sys.executable, __file__, "--worker", name, "--quota", str(quota), "--chunk", str(args.chunk),
                 "--deadline", str(deadline), "--progress", str(args.progress)], cwd=ROOT, env=env))
        time.sleep(2)
        running = [p for p in running if p.poll() is None]
    results = summary(args.progress)
    for r in results:
        print(f"{r['test']}: {int(r['examples']):,} examples, {r['failures']} failing runs, {r['seconds']} s")  # type: ignore[call-overload]
    record(results, args.record, args.examples)
    print(f"recorded in {args.record}")
    return 0 if all(not r["failures"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
