"""The corpus manifest: columns, the frozen split, and every article with its text and gold file."""
from __future__ import annotations

import csv
import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from kg.corpus import (
    MANIFEST_COLUMNS,
    Corpus,
    build_manifest,
    check_split,
    read_manifest,
    split_of,
    write_manifest,
)
from kg.errors import CorpusError
from kg.evaluate import load_gold

from .conftest import make_corpus


def test_manifest_has_exactly_the_columns(corpus: Corpus) -> None:
    with corpus.manifest_path.open(encoding="utf-8") as f:
        assert tuple(next(csv.reader(f))) == MANIFEST_COLUMNS


def test_split_is_the_url_hash_rule_except_documented_pins(corpus: Corpus) -> None:
    rows = corpus.rows()
    pinned = corpus.pinned()
    assert check_split(rows, pinned) == []
    # every pin is documented and names a row of the manifest
    ids = {r.id for r in rows}
    with (corpus.root / "pinned.csv").open(encoding="utf-8") as f:
        for pin in csv.DictReader(f):
            assert pin["id"] in ids and pin["reason"].strip(), pin


def test_bundled_articles_are_in_train(corpus: Corpus) -> None:
    """The articles bundled before the corpus (data/samples, tests/data/gold) are pinned to train."""
    rows = {r.url: r for r in corpus.rows()}
    sources = (Path(__file__).resolve().parents[2] / "data" / "samples" / "SOURCES.md").read_text(encoding="utf-8")
    bundled = [u for u in rows if u in sources]
    assert len(bundled) >= 4
    assert all(rows[u].split == "train" for u in bundled)


def test_every_article_has_its_text_and_a_valid_gold_file(corpus: Corpus) -> None:
    """A missing gold or text file fails (it is not skipped)."""
    for row in corpus.rows():
        gold_path = corpus.gold_path(row.id)
        assert gold_path.exists(), f"{row.id}: gold file missing"
        gold = load_gold(gold_path)
        assert corpus.text_path(row.id, gold.article).exists(), f"{row.id}: text missing"
        assert gold.entities or gold.relations or row.chars > 0


def test_ids_and_urls_are_unique_and_splits_all_used(corpus: Corpus) -> None:
    rows = corpus.rows()
    assert len({r.id for r in rows}) == len(rows)
    assert len({r.url for r in rows}) == len(rows)
    share = {s: sum(r.split == s for r in rows) / len(rows) for s in ("train", "dev", "test")}
    assert 0.45 <= share["train"] <= 0.75 and 0.1 <= share["dev"] <= 0.3 and 0.1 <= share["test"] <= 0.3, share


def test_split_of_is_sha256_of_the_url_mod_100() -> None:
    for url in ("http://example.org/a.html", "https://example.com/新闻/1", "urn:x"):
        bucket = int(hashlib.sha256(url.encode("utf-8")).hexdigest(), 16) % 100
        assert split_of(url) == ("train" if bucket < 60 else "dev" if bucket < 80 else "test")
    # over many URLs the rule gives about 60/20/20
    splits = [split_of(f"http://example.org/{i}.html") for i in range(3000)]
    assert abs(splits.count("train") / 3000 - 0.6) < 0.04 and abs(splits.count("test") / 3000 - 0.2) < 0.04


def test_rows_already_written_never_change_split(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, {"a-1": ("http://example.org/1", "甲文"), "a-2": ("http://example.org/2", "乙文")})
    rows, _ = build_manifest(corpus)
    assert {r.id: r.split for r in rows} == {"a-1": split_of("http://example.org/1"),
                                            "a-2": split_of("http://example.org/2")}
    # a row written earlier with another split (say, by an older rule) keeps it on every rebuild
    other = next(s for s in ("train", "dev", "test") if s != split_of("http://example.org/1"))
    moved = [replace(r, split=other) if r.id == "a-1" else r for r in rows]
    write_manifest(corpus.manifest_path, moved)
    again, notes = build_manifest(corpus)
    assert {r.id: r.split for r in again}["a-1"] == other
    assert check_split(again, {}) != []          # and the split check reports it as off the rule
    assert read_manifest(corpus.manifest_path)[0].id in {"a-1", "a-2"}


def test_articles_without_gold_or_with_a_known_url_stay_out(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, {"b-1": ("http://example.org/1", "甲文")}, gold=False)
    rows, notes = build_manifest(corpus)
    assert rows == [] and any("no gold file" in n for n in notes)
    corpus = make_corpus(tmp_path / "dup", {"c-1": ("http://example.org/same", "甲"),
                                            "c-2": ("http://example.org/same", "乙")})
    rows, notes = build_manifest(corpus)
    assert [r.id for r in rows] == ["c-1"] and any("same URL" in n for n in notes)


def test_a_missing_manifest_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no manifest"):
        Corpus(tmp_path).rows()


def test_the_corpus_has_the_spread_it_promises(corpus: Corpus) -> None:
    """At least 150 articles from 15 provinces and 40 sites, 30 mirrors, 30 doubly annotated, both scripts,
    short and long items, and articles that name no one."""
    from kg.corpus import corpus_stats

    stats = corpus_stats(corpus)
    assert stats["articles"] >= 150 and stats["provinces"] >= 15 and stats["sites"] >= 40, stats
    assert stats["mirrors"] >= 30 and stats["double_annotated"] >= 30, stats
    assert set(stats["scripts"]) == {"simplified", "traditional"}
    assert {"notice", "feature"} <= set(stats["kinds"]) and stats["naming_no_person"] > 0
