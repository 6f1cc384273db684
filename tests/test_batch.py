"""Extraction of many articles: worker counts, failures per article, input order."""
from __future__ import annotations

import pytest

from kg.batch import MIN_PARALLEL, Failure, extract_all, worker_count
from kg.errors import ConfigError, ExtractionError
from kg.read import normalize
from kg.records import Extraction, ReadFailure


@pytest.mark.parametrize(("jobs", "articles", "expected"), [
    (1, 100, 1),
    (3, 100, 3),
    (8, MIN_PARALLEL, MIN_PARALLEL),          # never more workers than articles
    (4, MIN_PARALLEL - 1, 1),                 # small batches run in this process
])
def test_worker_count(jobs: int, articles: int, expected: int) -> None:
    assert worker_count(jobs, articles) == expected


def test_zero_jobs_means_one_per_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 6)
    assert worker_count(0, 100) == 6


def test_negative_jobs_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="jobs"):
        worker_count(-1, 10)


def test_a_failing_article_is_reported_and_the_others_go_on() -> None:
    good, bad = normalize("甲文。", source="good.txt"), normalize("乙文。", source="bad.txt")
    unreadable = ReadFailure("gone.txt", "no such file")

    def extractor(article):  # a stage that fails on one article
        if article.source == "bad.txt":
            raise ExtractionError("cannot parse")
        return Extraction(article=article, entities=(), facts=())

    out = list(extract_all([good, unreadable, bad], extractor=extractor))
    assert [item.source for item, _ in out] == ["good.txt", "gone.txt", "bad.txt"]   # input order
    assert isinstance(out[0][1], Extraction)
    assert out[1][1] is None
    assert out[2][1] == Failure("bad.txt", "extract", "cannot parse")


def test_a_bug_in_one_article_is_reported_with_its_type() -> None:
    article = normalize("丙文。", source="c.txt")
    [(_, result)] = extract_all([article], extractor=lambda a: 1 / 0)
    assert isinstance(result, Failure) and result.reason.startswith("ZeroDivisionError")


def test_kg_extract_reports_every_failure_and_writes_the_rest(tmp_path, dev_article_path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out.nq"
    result = CliRunner().invoke(app, ["extract", str(dev_article_path), str(empty), "-o", str(out)])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "[read]" in result.output
    assert "陈艳玲" in out.read_text(encoding="utf-8")       # the good article still went out
