"""Fixtures for the annotated corpus tests: the project's corpus, and small corpora built in tmp folders."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.corpus import FRAGMENT_COLUMNS, Corpus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The project's corpus (data/corpus); its manifest must exist: a missing one fails, never skips."""
    c = Corpus(ROOT / "data" / "corpus")
    assert c.manifest_path.exists(), f"{c.manifest_path} is missing; build it with `kg corpus manifest`"
    return c


@pytest.fixture(scope="session")
def nlp():
    """The real extraction pipeline, built once for the session."""
    from kg.extract import build_pipeline

    return build_pipeline()


GOLD: dict[str, Any] = {
    "article": None,
    "entities": [
        {"id": "p1", "type": "Person", "names": ["张建国"]},
        {"id": "o1", "type": "Organization", "names": ["区财政局", "甲区财政局"]},
        {"id": "pl1", "type": "Place", "names": ["乙社区"]},
    ],
    "relations": [
        {"s": "p1", "p": "deployedTo", "o": "pl1"},
        {"s": "p1", "p": "memberOf", "o": "o1"},
        {"s": "p1", "p": "jobTitle", "o": "一级科员"},
    ],
}


def make_corpus(root: Path, articles: dict[str, tuple[str, str]], *, gold: bool = True) -> Corpus:
    """A corpus folder with one fragment; ``articles``: id -> (url, text). Each gets a copy of GOLD."""
    for sub in ("text", "gold", "second", "manifest.d"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    lines = [",".join(FRAGMENT_COLUMNS)]
    for aid, (url, text) in articles.items():
        (root / "text" / f"{aid}.txt").write_text(text, encoding="utf-8")
        if gold:
            (root / "gold" / f"{aid}.gold.json").write_text(
                json.dumps({**GOLD, "article": f"{aid}.txt"}, ensure_ascii=False), encoding="utf-8")
        lines.append(f"{aid},{url},example.org,甲省,2022-01-01,{len(text)},simplified,no,none,notice,ann-x")
    (root / "manifest.d" / "ann-x.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Corpus(root)
