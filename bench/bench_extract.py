"""Throughput of extraction: the whole pipeline vs the bare tagger on the same text.

    .venv/bin/python bench/bench_extract.py [FILES...] [--repeat N]

Prints characters per second for (a) the bare tagger (``TAGGERS["lac"]``) over the
article sentences, (b) the whole ``extract()`` (tagger + recognition + resolution +
relations), and the overhead of the pipeline around the tagger (target: <= 30%).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import build_pipeline, extract  # noqa: E402
from kg.extract.pipeline import resources_of  # noqa: E402
from kg.extract.recognize import split_sentences  # noqa: E402
from kg.extract.taggers import TAGGERS  # noqa: E402
from kg.read import read_file  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--rules-only", action="store_true", help="the pipeline without the scorer's model")
    args = ap.parse_args(argv)
    files = args.files or sorted((ROOT / "tests" / "data" / "gold").glob("*.txt"))
    articles = [a for f in files for a in read_file(f)]
    chars = sum(len(a.text) for a in articles)
    nlp = build_pipeline(rules_only=args.rules_only)
    resources_of(nlp)
    tagger = TAGGERS.get("lac")()
    batches = [[a.text[s:e] for s, e in ([(x.start, x.end) for x in a.sentences] or split_sentences(a.text))]
               for a in articles]
    for a in articles:          # warm-up (ONNX session, caches)
        extract(a, nlp=nlp)
    # Interleave the two measurements and keep the best of each: other load on the machine
    # then affects both alike instead of skewing the ratio.
    t_tag = t_all = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for b in batches:
            tagger(b)
        t_tag = min(t_tag, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for a in articles:
            extract(a, nlp=nlp)
        t_all = min(t_all, time.perf_counter() - t0)
    overhead = (t_all - t_tag) / t_tag * 100
    print(f"{len(articles)} articles, {chars} characters, best of {args.repeat} interleaved runs"
          f"{' (rules only)' if args.rules_only else ' (with the model)'}")
    print(f"bare tagger        : {chars / t_tag:10.0f} chars/s  ({t_tag * 1000:.1f} ms)")
    print(f"whole extraction   : {chars / t_all:10.0f} chars/s  ({t_all * 1000:.1f} ms)")
    print(f"pipeline overhead  : {overhead:.1f}% of the tagger's time (target <= 30%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
