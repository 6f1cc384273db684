"""Normalisation throughput: characters per second on one core.

Runs ``kg.read.normalize`` on the dev article (pinyin glosses, doubled punctuation,
mojibake, Traditional script: every repair pass has work to do), repeated to a few
megabytes, both as one big text and as many article-sized calls. Target: >= 1,000,000 chars/s.

    .venv/bin/python bench/bench_normalize.py [--mb 4] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.read import default_resources, normalize

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "gold" / "changle-2022-cadres.txt"


def best_rate(fn, chars: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        # CPU time of this process: the rate on one core, not disturbed by other work on the machine
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return chars / best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=4.0, help="size of the big text in megabytes of characters")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    res = default_resources()  # built once, outside the timing
    article = DEV.read_text(encoding="utf-8")
    copies = max(1, int(args.mb * 1_000_000 // len(article)))
    big = "\n".join([article] * copies)

    one = best_rate(lambda: normalize(big, source="bench", resources=res), len(big), args.repeat)
    many = best_rate(
        lambda: [normalize(article, source="bench", resources=res) for _ in range(copies)],
        len(article) * copies,
        args.repeat,
    )
    print(f"dev article: {len(article):,} chars; {copies} copies")
    print(f"one text of {len(big):,} chars: {one:,.0f} chars/s")
    print(f"{copies} article-sized calls:     {many:,.0f} chars/s")
    print("target 1,000,000 chars/s:", "met" if min(one, many) >= 1_000_000 else "NOT met")


if __name__ == "__main__":
    main()
