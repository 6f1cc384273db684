"""Repeated-shape doubling sweep: does extraction time about double when a genre shape is repeated twice as often?

    .venv/bin/python bench/shapes.py [SHAPE ...] [--rules-only] [--chars 6000] [--limit 2.5] [--record FILE]

Each shape is one clause of the genre (a unit, a post and a name; a team sent to a village; a reference to a
team …) repeated n times in one long sentence, n doubled until the text has ``--chars`` characters, then timed at
n and 2n (CPU time of the process, the cyclic collector off, best of two). A ratio above ``--limit`` means some
step reads every mention against every other: the shape that found it becomes a probe in
``tests/extract/test_linear_time*.py``. The probes there are the contract; this sweep is how new ones are found.
Exit status 1 when a shape is over the limit.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import build_pipeline, extract  # noqa: E402
from kg.read import normalize  # noqa: E402

_SUR, _GIV = "张李王赵刘陈杨黄周吴", "建国华明军伟芳丽强磊"


def _name(i: int) -> str:
    return f"{_SUR[i % 10]}{_GIV[i // 10 % 10]}{_GIV[i % 10]}"


# invented names only; each shape is a clause of the genre repeated
SHAPES: dict[str, Callable[[int], str]] = {
    "short-units": lambda n: "县一医院、" * n + "派出医疗队。",
    "enterprises": lambda n: "".join(f"东山公司东坪村{i}号" for i in range(n)) + "。",
    "credits": lambda n: "".join(f"记者 {_name(i)} 摄 " for i in range(n)) + "。",
    "quoted-teams": lambda n: "".join(f"“东坪{i}”志愿服务队、" for i in range(n)) + "出发。",
    "dates": lambda n: "".join(f"{i % 12 + 1}月{i % 28 + 1}日，" for i in range(n)) + "出发。",
    "team-references": lambda n: "东坪医疗队抵达石桥村。" + "该队队员在村里值守，" * n + "。",
    "stationed-teams": lambda n: "".join(f"县交通局驻东坪{i}村工作队、" for i in range(n)) + "出发。",
    "posts-and-names": lambda n: "".join(f"村党支部书记{_name(i)}、" for i in range(n)) + "到岗。",
    "deployed-list": lambda n: ("志愿者" + "、".join(_name(i) for i in range(n)) + "下沉到"
                                + "、".join(f"东坪{i}社区" for i in range(n)) + "。"),
    "support": lambda n: "东山区支援石桥区、" * n + "。",
    "paragraphs": lambda n: "\n".join(f"{_name(i)}下沉到东坪社区。" for i in range(n)),
    "teams-sent": lambda n: "".join(f"县医院派出医疗队驰援东坪{i}村，" for i in range(n)) + "。",
    "branch-secretaries": lambda n: "".join(f"东坪{i}村临时党支部书记{_name(i)}说，" for i in range(n)) + "。",
    "units-formed": lambda n: "".join(f"东坪村{_name(i)}等人成立临时党支部，" for i in range(n)) + "。",
    "unit-chains": lambda n: "民警来自" + "河东公安分局石桥派出所东坪分局" * n + "白石派出所。",
    "aid-teams": lambda n: "".join(f"东山{i}县援鄂医疗队、" for i in range(n)) + "出发。",
    "bracketed-places": lambda n: "".join(f"{_name(i)}（东坪村）、" for i in range(n)) + "到岗。",
    "counted-names": lambda n: "".join(f"{_name(i)}等{i % 9 + 2}人、" for i in range(n)) + "下沉社区。",
    "village-references": lambda n: "东坪村位于山区。" + "".join(f"该村{_name(i)}值守，" for i in range(n)) + "。",
    "posts-only": lambda n: "社区主任、" * n + "到岗。",
    "latin": lambda n: "".join(f"abc{i} " for i in range(n)) + "。",
    "village-branches": lambda n: "".join(f"东坪{i}村党支部、" for i in range(n)) + "。",
    "names-only": lambda n: "、".join(_name(i) for i in range(n)) + "。",
    "place-chains": lambda n: "".join(f"东山市西区{i}街道东坪社区" for i in range(n)) + "。",
    "sites": lambda n: "".join(f"东坪村{i}号卡点、" for i in range(n)) + "。",
    "deployed-each": lambda n: "".join(f"{_name(i)}下沉到东坪{i}社区，" for i in range(n)) + "。",
    "paired-support": lambda n: "".join(f"东山{i}区对口支援西坪{i}区，" for i in range(n)) + "。",
    "unit-posts": lambda n: "".join(f"东山区卫健局副局长{_name(i)}、" for i in range(n)) + "到岗。",
}


def _cpu(text: str, nlp) -> float:
    gc.collect()
    gc.disable()
    try:
        t0 = time.process_time()
        extract(normalize(text, source="shape.txt"), nlp=nlp)
        return time.process_time() - t0
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shapes", nargs="*", help=f"some of: {', '.join(SHAPES)} (default: all)")
    ap.add_argument("--rules-only", action="store_true", help="the pipeline without the scorer's model")
    ap.add_argument("--chars", type=int, default=6000, help="the smaller text's length, at least")
    ap.add_argument("--limit", type=float, default=2.5, help="the largest ratio accepted per doubling")
    ap.add_argument("--record", type=Path, help="append the table to this Markdown file")
    args = ap.parse_args(argv)
    unknown = [s for s in args.shapes if s not in SHAPES]
    if unknown:
        ap.error(f"unknown shapes: {', '.join(unknown)}")
    nlp = build_pipeline(rules_only=args.rules_only)
    rows, over = [], []
    for name in args.shapes or SHAPES:
        make = SHAPES[name]
        n = 1
        while len(make(n)) < args.chars:
            n *= 2
        small, large = make(n), make(2 * n)
        _cpu(small, nlp)   # warm-up
        t_small = min(_cpu(small, nlp) for _ in range(2))
        t_large = min(_cpu(large, nlp) for _ in range(2))
        ratio = t_large / t_small
        rows.append(f"| `{name}` | {len(small):,} → {len(large):,} | {t_small:.2f} → {t_large:.2f} | {ratio:.2f} |")
        print(rows[-1], flush=True)
        if ratio > args.limit:
            over.append(name)
    if args.record:
        head = (f"\n## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC{' (rules only)' if args.rules_only else ''}\n\n"
                "| shape | characters | seconds | ratio |\n|---|---:|---:|---:|\n")
        with args.record.open("a", encoding="utf-8") as fh:
            fh.write(head + "\n".join(rows) + "\n")
    if over:
        print(f"over {args.limit}: {', '.join(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
