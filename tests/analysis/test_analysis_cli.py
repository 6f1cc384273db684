"""`kg analyze` and `kg graph export` on a real embedded store on disk."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from analysis_sample import sample_extractions
from typer.testing import CliRunner

from kg.cli import app
from kg.rdf import to_dataset
from kg.store.base import open_store


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store")
    store = open_store("oxigraph", path)
    ds = to_dataset(sample_extractions())
    store.bulk_load((str(g.identifier), g) for g in ds.graphs() if len(g))
    store.close()
    return path


runner = CliRunner()


def kg(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_analyze_prints_a_ranked_table(store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.cli.app import console

    monkeypatch.setattr(console, "width", 200)   # not a terminal under xdist: rich would fold at 80
    result = kg("analyze", "deployment", "--store", str(store_dir), "--measure", "centrality")
    assert result.exit_code == 0, result.output
    assert "白云村" in result.output and "weighted_degree" in result.output


def test_analyze_path_as_json_with_evidence(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "path.json"
    result = kg("analyze", "full", "--store", str(store_dir), "-m", "path", "--source", "陈艳玲",
                "--target", "马其惠", "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["measure"] == "path" and doc["meta"]["nodes"][-1] == "马其惠"
    assert all(row["evidence"] for row in doc["rows"])


def test_analyze_csv_to_stdout_with_region(store_dir: Path) -> None:
    result = runner.invoke(app, ["analyze", "support", "--store", str(store_dir), "-m", "components",
                                 "--format", "csv", "--region", "仓山区"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "component,size,members,ids"


def test_analyze_reports_errors_without_a_traceback(store_dir: Path) -> None:
    result = kg("analyze", "full", "--store", str(store_dir), "-m", "path", "--source", "陈艳玲",
                "--target", "没有这个人")
    assert result.exit_code == 1
    assert "no node named" in result.output
    bad = runner.invoke(app, ["analyze", "nope", "--store", str(store_dir)])
    assert bad.exit_code == 2 and "co-deployment" in bad.output


def test_graph_export_graphml_opens_in_networkx(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "dep.graphml"
    result = kg("graph", "export", "deployment", "--store", str(store_dir), "--format", "graphml",
                "-o", str(out))
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(out)
    assert {a["label"] for _, a in g.nodes(data=True)} >= {"陈艳玲", "湖南社区"}


def test_analyze_table_to_a_file(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "table.txt"
    result = kg("analyze", "co-deployment", "--store", str(store_dir), "-m", "kcore", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "kcore over view co-deployment" in text and "马其惠" in text and "\x1b[" not in text


@pytest.mark.parametrize("args", [
    ("graph", "export", "deployment", "-f", "csv", "-o", "{d}/view.csv"),   # the csv format is a zip
    ("graph", "export", "deployment", "-o", "{d}/view.csv"),
    ("graph", "export", "deployment", "-f", "graphml", "-o", "{d}/view.csv"),
    ("export", "-f", "ttl", "-o", "{d}/all.csv"),
    ("analyze", "deployment", "-f", "json", "-o", "{d}/rank.csv"),
])
def test_a_csv_name_never_gets_other_bytes(store_dir: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    result = kg(*(a.format(d=tmp_path) for a in args), "--store", str(store_dir))
    assert result.exit_code == 1, result.output
    assert "error:" in result.output and ".csv" in result.output
    assert not list(tmp_path.iterdir())       # nothing written


def test_csv_outputs_are_csv_and_zip_outputs_zip(store_dir: Path, tmp_path: Path) -> None:
    import csv
    import zipfile

    rank = tmp_path / "rank.csv"
    result = kg("analyze", "deployment", "--store", str(store_dir), "-o", str(rank))   # format from the name
    assert result.exit_code == 0, result.output
    header = next(csv.reader(rank.open(encoding="utf-8")))
    assert "weighted_degree" in header and not rank.read_bytes().startswith(b"PK")
    tables = tmp_path / "view.zip"
    result = kg("graph", "export", "deployment", "-f", "csv", "-o", str(tables), "--store", str(store_dir))
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(tables).namelist() == ["nodes.csv", "edges.csv"]
    gexf = tmp_path / "view.gexf"
    result = kg("graph", "export", "deployment", "-o", str(gexf), "--store", str(store_dir))
    assert result.exit_code == 0 and gexf.read_bytes().lstrip().startswith(b"<?xml"), result.output


def test_extract_refuses_a_csv_name_before_any_work(tmp_path: Path, dev_article_path: Path) -> None:
    result = kg("extract", str(dev_article_path), "-o", str(tmp_path / "out.csv"))
    assert result.exit_code == 1 and "unknown RDF format" in result.output, result.output
    assert not list(tmp_path.iterdir())


def test_graph_export_around_a_node_as_geojson(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "ego.geojson"
    result = kg("graph", "export", "full", "--store", str(store_dir), "--around", "陈艳玲", "--depth", "1",
                "--format", "geojson", "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    labels = {f["properties"]["label"] for f in doc["features"] if f["properties"]["element"] == "node"}
    assert {"陈艳玲", "湖南社区"} <= labels and "马其惠" not in labels
    bad = kg("graph", "export", "full", "--store", str(store_dir), "--around", "无此人", "-o", str(out))
    assert bad.exit_code != 0 and "no node named" in bad.output
