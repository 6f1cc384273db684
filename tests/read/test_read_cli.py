"""`kg normalize` and `kg read` on the dev article and on bad inputs (the issue's done-when checks)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def dev_json(dev_article_path: Path) -> dict:
    result = runner.invoke(app, ["normalize", "--json", str(dev_article_path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_normalize_dev_article_text(dev_article_path: Path) -> None:
    result = runner.invoke(app, ["normalize", str(dev_article_path)])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "文岭镇" in text
    assert "“大家保持一米线距离" in text
    assert not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+[)）]", text), "pinyin gloss left"
    assert not re.search(r"[,，][,，、。；;！!]|[?？][,，]|,", text), "doubled or ASCII punctuation left"
    assert "随着疫情防控" in text and "隨" not in text
    assert "金强（福建）建材" in text and "（特约记者 余少林）" in text
    assert "志愿者下沉晋安区的54个社区" in text and "?" not in text


def test_normalize_dev_article_record(dev_json: dict) -> None:
    credits = {(c["name"], c["role"], c["title"]) for c in dev_json["credits"]}
    assert ("余少林", "special_correspondent", "特约记者") in credits
    photographers = {c["name"] for c in dev_json["credits"] if c["role"] == "photographer"}
    assert photographers == {"王圣洁", "柯抒琳", "姜亮"}
    assert dev_json["site"] == "长乐新闻网"
    assert dev_json["text_traditional"].startswith("長樂新聞網訊")
    kinds = [f["kind"] for f in dev_json["flags"]]
    assert kinds.count("mojibake-repaired") == 3 and "pinyin-gloss-removed" in kinds
    # the offset map covers the text and points into the raw original
    starts, ends = dev_json["offsets"]["starts"], dev_json["offsets"]["ends"]
    assert len(starts) == len(ends) == len(dev_json["text"])
    i = dev_json["text"].index("姜文铠")
    assert dev_json["raw"][starts[i] : ends[i + 2]] == "姜文鎧"
    # a repaired mojibake character points at the damaged run it was decoded from
    i = dev_json["text"].index("文岭镇")
    assert dev_json["raw"][starts[i] : ends[i + 2]] == "?!蔽膸X鎮"


def test_read_summary_and_json(data_dir: Path) -> None:
    result = runner.invoke(app, ["read", str(data_dir / "formats")])
    assert result.exit_code == 0, result.output
    assert "qionglai" in result.stdout and "big5" in result.stdout
    result = runner.invoke(
        app, ["read", "--json", "--no-offsets", str(data_dir / "formats" / "cadres-corpus.jsonl")]
    )
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["jingzhou-yuhe-cadres", "changzhou-dangxiao-2020-cadres"]
    assert "offsets" not in records[0]


def test_read_batch_with_bad_inputs_exits_nonzero_and_lists_them(
    tmp_path: Path, dev_article_path: Path
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03binary")
    (tmp_path / "bad.jsonl").write_text(
        '{"id": "ok", "text": "县委组织部选派干部。"}\n{broken\n', encoding="utf-8"
    )
    (tmp_path / "nocol.csv").write_text("id,title\n1,标题\n", encoding="utf-8")
    # a real process, as users run it
    kg = Path(sys.executable).parent / "kg"
    proc = subprocess.run(
        [str(kg), "read", "--json", "--no-offsets", str(tmp_path), str(dev_article_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert {r["id"] for r in lines if "id" in r} == {"ok", "changle-2022-cadres"}
    assert "4 input(s) could not be read" in proc.stderr
    for name, reason in [
        ("empty.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("bad.jsonl:2", "malformed JSON record"),
        ("nocol.csv", "no 'text' column"),
    ]:
        assert re.search(re.escape(name) + r".*" + re.escape(reason), proc.stderr), (name, proc.stderr)


def test_normalize_bad_file_exits_nonzero(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = runner.invoke(app, ["normalize", str(path)])
    assert result.exit_code == 1
    assert "empty file" in result.output
