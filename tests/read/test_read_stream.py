"""Corpus files (JSONL, CSV; plain, .gz, .zst) are read as streams, record by record."""
from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
import zstandard

from kg.read import read_paths
from kg.records import Article, ReadFailure

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def records(n: int) -> list[dict[str, str]]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    return [{"id": f"rec-{i}", "title": f"标题{i}", "date": f"2022-03-0{1 + i % 9}",
             "text": texts[i % len(texts)] + f"\n（第{i}篇）"} for i in range(n)]


def jsonl_bytes(recs: list[dict[str, str]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode("utf-8")


def csv_bytes(recs: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(recs[0]))
    writer.writeheader()
    writer.writerows(recs)
    return out.getvalue().encode("utf-8")


def summary(items: list[Article | ReadFailure]) -> list[tuple[str, str, str | None]]:
    return [(a.id, a.text, a.title) for a in items if isinstance(a, Article)]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_compressed_corpora_read_like_plain_ones(tmp_path: Path, fmt: str) -> None:
    recs = records(30)
    data = jsonl_bytes(recs) if fmt == "jsonl" else csv_bytes(recs)
    plain, gz, zst = (tmp_path / d for d in ("plain", "gz", "zst"))
    for d in (plain, gz, zst):
        d.mkdir()
    (plain / f"corpus.{fmt}").write_bytes(data)
    (gz / f"corpus.{fmt}.gz").write_bytes(gzip.compress(data))
    (zst / f"corpus.{fmt}.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    expected = summary(list(read_paths([plain])))
    assert len(expected) == 30 and expected[0][0] == "rec-0"
    assert summary(list(read_paths([gz]))) == expected
    assert summary(list(read_paths([zst / f"corpus.{fmt}.zst"]))) == expected


def test_a_damaged_tail_fails_after_the_records_before_it(tmp_path: Path) -> None:
    """Read as a stream: the records before the damage come out one by one, then one failure names the file
    (a file loaded whole would give nothing but the failure)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb") as writer:
        for rec in records(400):   # flushed per record, as a crawler appending to its archive writes it
            writer.write(jsonl_bytes([rec]))
            writer.flush()
    whole = out.getvalue()
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    items = read_paths([path])
    first = next(items)
    assert isinstance(first, Article) and first.id == "rec-0"
    rest = list(items)
    read = [i for i in rest if isinstance(i, Article)]
    failures = [i for i in rest if isinstance(i, ReadFailure)]
    assert 50 < len(read) + 1 < 400
    assert len(failures) == 1 and failures[0].source == "cut.jsonl.gz"
    assert "damaged" in failures[0].reason


def test_a_gzipped_binary_is_refused_in_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "pics.jsonl.gz"
    path.write_bytes(gzip.compress(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64))
    items = list(read_paths([path]))
    assert len(items) == 1 and isinstance(items[0], ReadFailure) and "image" in items[0].reason


def test_records_of_a_gbk_stream_are_decoded(tmp_path: Path) -> None:
    recs = records(5)
    path = tmp_path / "gbk.csv.gz"
    path.write_bytes(gzip.compress(csv_bytes(recs).decode("utf-8").encode("gb18030")))
    got = [a for a in read_paths([path]) if isinstance(a, Article)]
    assert [a.title for a in got] == [r["title"] for r in recs]
