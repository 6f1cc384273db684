"""Extraction time is linear in the length of the text: an article doubled eight times.

    .venv/bin/python bench/bench_linear.py [FILE] [--doublings 8] [--repeat 1] [--joiner TEXT]

Reads FILE (default: the long-clauses probe in tests/data/probes), then extracts the text
joined with itself 1, 2, 4, ... 2^N times (by a line break, each copy a paragraph of its own; with
``--joiner 、`` inside one sentence: the honours-list probe) and prints, for each size, the CPU time of the
process (reading + extraction), the time per character and the ratio to the size before.
A linear pipeline keeps the time per character flat and every ratio near 2 (fixed costs
make the first ratios smaller); a backtracking pattern shows as a ratio far above 2.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import build_pipeline, extract  # noqa: E402
from kg.read import normalize  # noqa: E402

PROBE = ROOT / "tests" / "data" / "probes" / "long-clauses.txt"


def doubled(text: str, times: int, joiner: str = "\n") -> str:
    """``text`` joined with itself ``2**times`` times (by default paragraphs kept apart by a line break)."""
    for _ in range(times):
        text = text + joiner + text
    return text


def measure(text: str, nlp: object, *, repeat: int = 1) -> float:
    """Best CPU time (all threads of the process) of reading + extracting ``text``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        extract(normalize(text, source="bench.txt"), nlp=nlp)  # type: ignore[arg-type]
        best = min(best, time.process_time() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, default=PROBE)
    ap.add_argument("--doublings", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--joiner", default="\n", help="what joins two copies (default: a line break)")
    args = ap.parse_args(argv)
    base = args.file.read_text(encoding="utf-8").strip()
    nlp = build_pipeline()
    measure(base, nlp)   # warm-up: ONNX session, lazily built resources
    print(f"{args.file.name}: {len(base)} characters, doubled {args.doublings} times, "
          f"CPU time of reading + extraction (best of {args.repeat})")
    print(f"{'copies':>7} {'chars':>9} {'seconds':>9} {'us/char':>8} {'ratio':>6}")
    previous = None
    for k in range(args.doublings + 1):
        text = doubled(base, k, args.joiner)
        spent = measure(text, nlp, repeat=args.repeat)
        ratio = f"{spent / previous:6.2f}" if previous else "     -"
        print(f"{2 ** k:>7} {len(text):>9} {spent:>9.3f} {spent / len(text) * 1e6:>8.1f} {ratio}", flush=True)
        previous = spent
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
