"""Hostile input in the reading stage: control characters are stripped and flagged, oversized
articles are refused at once with a clear message."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import ArticleTooLong, ExtractionError
from kg.read import normalize, read_paths
from kg.records import Article, ReadFailure

TEXT = "标题\n\n本报讯 记者张三报道 全体党员干部积极响应号召，主动放弃休息时间坚守岗位。\n据介绍，志愿者们坚守岗位。\n"


def _exact(article: Article) -> None:
    """Every character of the normalised text maps back to the same character of the original."""
    for i, ch in enumerate(article.text):
        s, e = article.offsets.to_original(i, i + 1)
        if ch != "\n":
            assert article.raw[s:e] == ch, (i, ch, article.raw[s:e])


def test_a_stray_nul_byte_is_stripped_and_flagged(tmp_path: Path) -> None:
    raw = TEXT.replace("全体", "全\x00体").replace("据介绍", "\x1b[0m据介绍\x07")
    (tmp_path / "nul.txt").write_bytes(raw.encode("utf-8"))
    [article] = list(read_paths([tmp_path / "nul.txt"]))
    assert isinstance(article, Article)
    assert "\x00" not in article.text and "\x1b" not in article.text and "\x07" not in article.text
    assert "全体党员干部" in article.text
    [flag] = [f for f in article.flags if f.kind == "control-removed"]
    assert "3 control characters" in flag.message and "U+0000" in flag.message
    assert raw[flag.start] == "\x00" and raw[flag.end - 1] == "\x07"
    _exact(article)
    assert [c.name for c in article.credits] == ["张三"]


def test_a_binary_file_is_still_refused(tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    [failure] = list(read_paths([tmp_path / "data.txt"]))
    assert isinstance(failure, ReadFailure) and "binary" in failure.reason


@pytest.fixture()
def limit_1000(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """KG_MAX_ARTICLE_CHARS=1000 for one test (the settings are read once per process: reread around it)."""
    from kg.settings import get_settings

    monkeypatch.setenv("KG_MAX_ARTICLE_CHARS", "1000")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("KG_MAX_ARTICLE_CHARS")
    get_settings.cache_clear()


@pytest.mark.usefixtures("limit_1000")
def test_an_oversized_text_is_refused_before_decoding(tmp_path: Path) -> None:
    (tmp_path / "huge.txt").write_text(TEXT * 200, encoding="utf-8")
    (tmp_path / "fine.txt").write_text(TEXT, encoding="utf-8")
    items = {Path(i.source).name: i for i in read_paths([tmp_path])}
    assert isinstance(items["fine.txt"], Article)
    huge = items["huge.txt"]
    assert isinstance(huge, ReadFailure)
    assert "article too long" in huge.reason and "KG_MAX_ARTICLE_CHARS" in huge.reason
    assert "bytes" in huge.reason   # refused on its size in bytes, before decoding


def test_normalize_refuses_a_text_over_the_limit() -> None:
    with pytest.raises(ArticleTooLong, match="2,000 characters, the limit is 1,999"):
        normalize("字" * 2000, source="long.txt", max_chars=1999)
    assert normalize("字" * 1999, source="ok.txt", max_chars=1999).text


def test_extraction_refuses_a_text_longer_than_the_pipeline_takes(nlp_small_limit) -> None:
    from kg.extract import extract

    article = normalize(TEXT * 5, source="x.txt")
    with pytest.raises(ExtractionError, match="too long to extract"):
        extract(article, nlp=nlp_small_limit)


@pytest.fixture()
def nlp_small_limit():
    from kg.extract import build_pipeline

    nlp = build_pipeline()
    nlp.max_length = 100
    return nlp
