"""Extraction time grows linearly with the text: doubling an article at most ~2.5x the time.

A ratio measured within one run, in CPU time of the process, best of three interleaved runs
per size, so the load of the machine affects both sizes alike (``bench/bench_linear.py``
prints the whole curve). The texts are the long-clauses probe (ordinary prose in long
comma-separated sentences, the shape that made the former list patterns backtrack) and a
real article with credits and names.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from spacy.language import Language

from kg.extract import extract
from kg.read import normalize

DATA = Path(__file__).resolve().parent.parent / "data"


def _cpu(text: str, nlp: Language) -> float:
    t0 = time.process_time()
    extract(normalize(text, source="linear.txt"), nlp=nlp)
    return time.process_time() - t0


def _doubled(text: str, times: int) -> str:
    for _ in range(times):
        text = text + "\n" + text
    return text


@pytest.mark.parametrize(("path", "doublings"), [
    (DATA / "probes" / "long-clauses.txt", 6),        # 64 and 128 copies: about 8,000 and 16,000 characters
    (DATA / "gold" / "xishui-2020-cadres.txt", 2),    # a real article, 4 and 8 copies
])
def test_doubling_the_text_at_most_about_doubles_the_time(path: Path, doublings: int, nlp: Language) -> None:
    base = path.read_text(encoding="utf-8")
    _assert_about_doubles(_doubled(base, doublings), _doubled(base, doublings + 1), nlp)


def _assert_about_doubles(small: str, large: str, nlp: Language) -> None:
    """The larger text (about twice the smaller) takes at most 2.5x the CPU time, best of three each."""
    _cpu(small, nlp)   # warm-up
    t_small = t_large = float("inf")
    for _ in range(3):
        t_small = min(t_small, _cpu(small, nlp))
        t_large = min(t_large, _cpu(large, nlp))
    ratio = t_large / t_small
    assert ratio <= 2.5, f"{len(small)} -> {len(large)} characters: {t_small:.3f} s -> {t_large:.3f} s ({ratio:.2f}x)"


def _names_and_posts(n: int) -> str:
    """One sentence of 3n names joined by 与 and n credit posts in brackets: the shape the fuzz campaign
    found (post-pairs read what lies between each name and each post by a scan: cubic in one sentence)."""
    return "镇里" + "胡志艳与赵兰与郭明英" * n + "朱艳洋（" + "通讯员" * n + "）。"


def test_a_sentence_of_many_names_and_posts_grows_linearly(nlp: Language) -> None:
    _assert_about_doubles(_names_and_posts(60), _names_and_posts(120), nlp)
