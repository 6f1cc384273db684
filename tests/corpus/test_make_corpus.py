"""The scale benchmarks' corpus generator (bench/make_corpus.py): seeded, varied, train and dev only."""
from __future__ import annotations

import csv
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus"

_opened: list[str] = []
_watching = [False]


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _watching[0] and event == "open" and isinstance(args[0], str | bytes | Path):
        _opened.append(str(args[0]))


@pytest.fixture(scope="module")
def make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kg_bench_make_corpus", ROOT / "bench" / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def _ids(split: str) -> set[str]:
    with (CORPUS / "manifest.csv").open(encoding="utf-8", newline="") as f:
        return {row["id"] for row in csv.DictReader(f) if row["split"] == split}


def _gold_people(ident: str) -> list[str]:
    gold = json.loads((CORPUS / "gold" / f"{ident}.gold.json").read_text(encoding="utf-8"))
    return [max(e["names"], key=len) for e in gold["entities"] if e["type"] == "Person" and e["names"]]


def _records(module: ModuleType, n: int, seed: int = 14) -> list[dict[str, Any]]:
    gen: Iterator[dict[str, Any]] = module.generate(n, seed=seed)
    return list(gen)


def test_never_opens_a_test_split_file(make_corpus: ModuleType) -> None:
    sys.addaudithook(_audit)
    _opened.clear()
    _watching[0] = True
    try:
        records = _records(make_corpus, 400)
    finally:
        _watching[0] = False
    test_ids = _ids("test")
    assert test_ids, "the manifest has a test split"
    corpus_files = [p for p in _opened if "corpus" in p and ("/text/" in p or "/gold/" in p or "/second/" in p)]
    assert corpus_files, "the audit hook saw the generator open the corpus files"
    touched = {Path(p).name.split(".")[0] for p in corpus_files}
    assert not touched & test_ids
    assert touched <= _ids("train") | _ids("dev")
    assert {r["seed"] for r in records} <= _ids("train") | _ids("dev")


def test_deterministic_and_each_size_a_prefix_of_the_next(make_corpus: ModuleType) -> None:
    size = _seeds() + 150          # past the seeds themselves: copies, which the seed varies
    big = _records(make_corpus, size)
    assert _records(make_corpus, size) == big
    assert _records(make_corpus, size - 100) == big[:size - 100]
    assert _records(make_corpus, size, seed=15) != big
    assert len(big) == size
    assert len({r["id"] for r in big}) == size
    assert len({r.get("text") or r.get("html") for r in big}) == size, "no two articles share a text"


def _seeds() -> int:
    """How many articles the generator copies: the train and dev articles (its first records)."""
    return len(_ids("train") | _ids("dev"))


def test_copies_rename_people_and_places(make_corpus: ModuleType) -> None:
    n = _seeds()
    records = _records(make_corpus, n * 4)
    originals = {r["seed"]: r for r in records if r["id"] == r["seed"]}
    copies = [r for r in records if r["id"] != r["seed"]]
    assert len(originals) == n and len(copies) >= n * 2
    renamed = kept = 0
    for copy in copies:
        people = [p for p in _gold_people(copy["seed"]) if p in originals[copy["seed"]].get("text", "")]
        for name in people:
            if name in copy.get("text", ""):
                kept += 1
            else:
                renamed += 1
    # a copy may reuse a name only by chance (a common surname and given name); nearly all are new
    assert renamed > 20 * max(kept, 1)
    # the same seed's copies differ from each other, and name different people
    by_seed: dict[str, list[str]] = {}
    for copy in copies:
        by_seed.setdefault(copy["seed"], []).append(copy.get("text") or copy.get("html") or "")
    assert all(len(set(texts)) == len(texts) for texts in by_seed.values())


def test_people_and_places_grow_with_the_corpus(make_corpus: ModuleType) -> None:
    small: dict[str, Any] = {}
    large: dict[str, Any] = {}
    n = _seeds()                   # the first n records are the seeds themselves, the copies come after
    list(make_corpus.generate(n + 150, stats=small))
    list(make_corpus.generate(n + 1050, stats=large))
    assert large["distinct_people_named"] > 3 * small["distinct_people_named"] > 0
    assert large["divisions_in_use"] > small["divisions_in_use"]


def test_short_forms(make_corpus: ModuleType) -> None:
    assert make_corpus.short_form("雁塔区") == "雁塔"
    assert make_corpus.short_form("延边朝鲜族自治州") == "延边"
    assert make_corpus.short_form("宁夏回族自治区") == "宁夏"
    assert make_corpus.short_form("西藏自治区") == "西藏"  # no nationality in the name
    assert make_corpus.short_form("城关镇") is None  # a common word


def test_written_compressed_and_read_back(make_corpus: ModuleType, tmp_path: Path) -> None:
    import zstandard

    out = tmp_path / "c.jsonl.zst"
    records = _records(make_corpus, 50)
    assert make_corpus.write_corpus(records, out) == 50
    lines = zstandard.ZstdDecompressor().decompress(out.read_bytes(), max_output_size=1 << 26).decode().splitlines()
    assert [json.loads(line) for line in lines] == records
