"""Readers: encoding detection, formats, bad inputs, the registry."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from kg.errors import ReadError, UnknownPluginError
from kg.read import READERS, Reader, decode_bytes, read_file, read_paths
from kg.records import Article, ReadFailure

SIMPLIFIED = (
    "本报讯（记者 张三 通讯员 李四）4月16日以来，县委组织部选派120名党员干部下沉到城关镇的24个社区，"
    "协助开展核酸检测、卡口值守、物资配送等工作。“社区需要什么，我们就干什么。”"
)
TRADITIONAL = (
    "隨著疫情防控扎實有序推進，區直機關幹部下沉社區，協助開展核酸檢測、秩序維護、人員引導等工作。"
    "夫妻倆連續多天奮戰在抗疫一線，吃住在一線，沒有回過一趟家。"
)


@pytest.mark.parametrize(
    ("text", "encoding", "detected"),
    [
        (SIMPLIFIED, "utf-8", "utf_8"),
        (SIMPLIFIED, "utf-8-sig", "utf_8"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "gbk", "gb18030"),
        (TRADITIONAL, "utf-16", "utf_16"),
    ],
)
def test_encoding_detection(tmp_path: Path, text: str, encoding: str, detected: str) -> None:
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    [a] = read_file(path)
    assert a.raw == text
    assert a.encoding == detected
    assert a.id == f"article-{encoding}"
    assert a.sha256 and len(a.sha256) == 64
    if text is TRADITIONAL:
        assert a.text.startswith("随着疫情防控扎实有序推进")
        assert a.text_traditional is not None and a.text_traditional.startswith("隨著")


def test_bundled_gbk_and_big5_files(data_dir: Path) -> None:
    [gbk] = read_file(data_dir / "formats" / "lanzhou-2021-cadres.gbk.txt")
    [big5] = read_file(data_dir / "formats" / "qionglai-2022-support.big5.txt")
    assert gbk.encoding == "gb18030" and "枣林路社区" in gbk.text and gbk.is_traditional
    assert big5.encoding == "big5" and "邛州公司党支部" in big5.text and big5.is_traditional
    assert big5.published == date(2022, 7, 27) and big5.site == "中国网"


BAD = [
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "an image (image/png)"),   # sniffed, not the name
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n \t", "empty file"),
    ("garbage.txt", bytes(range(0x80, 0x100)) * 8, "undecodable"),
    (
        "bad.jsonl",
        b'{"id": "a", "text": "\xe5\x8e\xbf\xe5\xa7\x94"}\n{"id": "b", "text": \n',
        "malformed JSON record",
    ),
    ("notext.jsonl", b'{"id": "a", "title": "t"}\n', "no 'text' field"),
    ("list.jsonl", b'["a", "b"]\n', "expected a JSON object"),
    ("notext.csv", "id,url,title\n1,http://x,标题\n".encode(), "CSV has no 'text' column"),
    ("emptytext.csv", b"id,text\n1,\n", "empty or not a string"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD)
def test_bad_inputs_raise_clear_read_errors(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert str(path) in str(info.value)
    assert reason in info.value.reason


def test_garbage_is_not_decodable() -> None:
    with pytest.raises(ReadError, match="undecodable|binary"):
        decode_bytes(bytes(range(0x80, 0x100)) * 8, "x")


def test_batch_goes_on_and_reports_every_failure(tmp_path: Path, dev_article_path: Path) -> None:
    for name, data, _ in BAD:
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (tmp_path / "README.md").write_text("not an article")
    items = list(read_paths([tmp_path, dev_article_path, tmp_path / "missing.txt"]))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, ReadFailure)]
    # the good records of the bad JSONL/CSV files are read too
    # ids come from the path relative to the folder given: sub/big5.txt is sub-big5
    assert {a.id for a in articles} == {"good", "sub-big5", "changle-2022-cadres", "a"}
    failed = {Path(f.source.split(":")[0]).name for f in failures}  # "path" or "path:record"
    assert {
        "binary.txt",
        "empty.txt",
        "blank.txt",
        "garbage.txt",
        "bad.jsonl",
        "notext.jsonl",
        "list.jsonl",
        "notext.csv",
        "emptytext.csv",
        "image.png",
        "missing.txt",
    } <= failed
    assert all(f.reason for f in failures)
    assert not any("README" in f.source for f in failures)


def test_jsonl_records_keep_extra_fields(tmp_path: Path) -> None:
    recs = [
        {
            "id": "Rec 1",
            "url": "http://example.cn/a",
            "title": "标题",
            "date": "2022-04-18",
            "source": "东江新闻网",
            "text": SIMPLIFIED,
            "province": "福建",
        },
        {"id": "", "text": TRADITIONAL, "date": "2020年2月28日"},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    a, b = read_file(path)
    assert (a.id, a.source, a.title, a.published, a.site) == (
        "rec-1",
        "http://example.cn/a",
        "标题",
        date(2022, 4, 18),
        "东江新闻网",
    )
    assert a.metadata["province"] == "福建" and a.metadata["file"] == "corpus.jsonl"   # never absolute
    # no id, no URL: the content names the record (its line number would change when records move)
    digest = hashlib.sha256(TRADITIONAL.encode("utf-8")).hexdigest()
    assert b.id == f"corpus-{digest[:12]}" and b.published == date(2020, 2, 28) and b.is_traditional


def test_csv_and_jsonl_corpora_agree(data_dir: Path) -> None:
    jl = read_file(data_dir / "formats" / "cadres-corpus.jsonl")
    cs = read_file(data_dir / "formats" / "cadres-corpus.csv")
    assert [a.id for a in jl] == [a.id for a in cs] and len(jl) == 2
    assert [a.text for a in jl] == [a.text for a in cs]
    assert {c.name for a in jl for c in a.credits} >= {"陈理君", "袁崇安"}


def test_html_page_main_text_and_metadata(read_data: Path) -> None:
    [a] = read_file(read_data / "county-news-page.html")
    assert a.title == "我县选派120名机关干部下沉社区助力疫情防控"
    assert a.published == date(2022, 4, 18)
    assert a.site == "东江新闻网"
    assert a.text.startswith("东江新闻网讯（记者 李明远 通讯员 周晓岚）4月16日以来")
    assert "临时党支部" in a.text and "责任编辑：陈丽" in a.text
    for chrome in (
        "当前位置",
        "版权所有",
        "举报",
        "相关新闻",
        "分享到",
        "上一篇",
        "设为首页",
        "网站地图",
        "ICP",
    ):
        assert chrome not in a.text, chrome
    roles = {(c.name, c.role.value) for c in a.credits}
    assert roles == {
        ("李明远", "reporter"),
        ("周晓岚", "correspondent"),
        ("张慧敏", "photographer"),
        ("陈丽", "editor"),
    }


def test_html_page_in_gbk_declared_by_meta(tmp_path: Path, read_data: Path) -> None:
    html = (
        (read_data / "county-news-page.html")
        .read_text(encoding="utf-8")
        .replace('charset="utf-8"', 'charset="gbk"')
    )
    path = tmp_path / "page.htm"
    path.write_bytes(html.encode("gbk"))
    [a] = read_file(path)
    assert a.encoding == "gbk" and a.site == "东江新闻网"
    assert "县委组织部从县直机关" in a.text


def test_real_html_page(data_dir: Path) -> None:
    [a] = read_file(data_dir / "gold" / "gdmu-2020-temporary-branch.html")
    assert a.title and "临时党支部" in a.title
    assert a.published == date(2020, 2, 4)
    assert "临时党支部书记" in a.text
    assert "<" not in a.text and "php" not in a.text.lower()


def test_format_sniffed_without_extension(tmp_path: Path, read_data: Path) -> None:
    page = tmp_path / "page"
    page.write_bytes((read_data / "county-news-page.html").read_bytes())
    lines = tmp_path / "records"
    lines.write_text(json.dumps({"id": "x", "text": SIMPLIFIED}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert read_file(page)[0].site == "东江新闻网"
    assert read_file(lines)[0].id == "x"


def test_readers_registry() -> None:
    assert {"text", "html", "jsonl", "csv"} <= set(READERS.names())
    assert isinstance(READERS.get("csv"), Reader)
    with pytest.raises(UnknownPluginError, match="known readers: csv, html, jsonl, text"):
        READERS.get("pdf")


def test_third_party_reader_registers_like_builtins(tmp_path: Path) -> None:
    from kg.read import normalize

    def read_md(data: bytes, source: str, res):
        text = data.decode("utf-8").replace("# ", "")
        yield normalize(text, source=source, resources=res)

    READERS.register("markdown", Reader("markdown", (".md",), read_md))
    try:
        path = tmp_path / "note.md"
        path.write_text("# 标题\n县委组织部选派干部下沉社区。", encoding="utf-8")
        [a] = read_file(path)
        assert a.text == "标题\n县委组织部选派干部下沉社区。"
    finally:
        READERS._items.pop("markdown", None)


def test_a_reader_crash_is_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    def broken(data: bytes, source: str, res):
        raise RuntimeError("parser exploded")
        yield  # pragma: no cover

    READERS.register("broken", Reader("broken", (".brk",), broken))
    try:
        (tmp_path / "a.brk").write_text("x", encoding="utf-8")
        (tmp_path / "b.txt").write_text(SIMPLIFIED, encoding="utf-8")
        items = list(read_paths([tmp_path]))
    finally:
        READERS._items.pop("broken", None)
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert [a.id for a in items if isinstance(a, Article)] == ["b"]
    assert (
        len(failures) == 1
        and "RuntimeError" in failures[0].reason
        and "parser exploded" in failures[0].reason
    )


def test_corpus_record_holding_html_is_extracted(tmp_path: Path, read_data: Path) -> None:
    page = (read_data / "county-news-page.html").read_text(encoding="utf-8")
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p1", "html": page}, ensure_ascii=False) + "\n", encoding="utf-8")
    [a] = read_file(path)
    assert a.title == "我县选派120名机关干部下沉社区助力疫情防控"
    assert a.published == date(2022, 4, 18)
    assert "版权所有" not in a.text and a.text.startswith("东江新闻网讯")
