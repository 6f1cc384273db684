"""Run every benchmark under bench/ at its default sizes, one after another.

    .venv/bin/python bench/run_all.py [--quick]

Each benchmark prints its own table; run a script alone for its options
(e.g. ``bench/bench_store.py --full`` for 10^6 triples). ``--quick`` runs the
smallest useful sizes (a smoke run of the benchmarks themselves).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

BENCHES: list[tuple[str, list[str], list[str]]] = [
    # script, default arguments, --quick arguments
    ("bench_normalize.py", [], ["--mb", "0.5", "--repeat", "1"]),
    ("bench_extract.py", [], ["--repeat", "1"]),
    ("bench_linear.py", [], ["--doublings", "3"]),
    ("bench_store.py", [], ["--sizes", "1e4", "--runs", "5"]),
    ("bench_api.py", ["--sizes", "samples"], ["--sizes", "samples", "--duration", "1", "--latency-runs", "5"]),
    ("bench_analysis.py", [], ["--sizes", "1e4"]),
    ("bench_availability.py", ["--sizes", "samples"], ["--sizes", "samples", "--runs", "20", "--timeout", "3"]),
    ("bench_viewer.py", [], ["--big-articles", "40", "--frames", "20"]),
    ("bench_server_memory.py", ["--components"], ["--quads", "1e4", "--rounds", "2"]),
    ("bench_scale.py", ["--serve"], ["--sizes", "1e2", "--workers", "1,2", "--load-prefixes", "", "--serve",
                                     "--duration", "1", "--latency-runs", "5", "--out", "var/bench-quick"]),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smallest sizes: check the benchmarks run")
    args = ap.parse_args(argv)
    failed = []
    for script, default, quick in BENCHES:
        print(f"\n=== {script}", flush=True)
        rc = subprocess.call([sys.executable, str(HERE / script), *(quick if args.quick else default)])
        if rc:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
