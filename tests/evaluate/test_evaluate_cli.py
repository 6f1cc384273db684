"""`kg evaluate` end to end through the real typer app (files in, numbers and exit codes out)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.evaluate import split_inputs
from kg.errors import EvaluationError

GOOD = """
ex:art a fk:Article ; schema:author ex:c .
ex:a a fk:Person ; rdfs:label "张三" ; fk:deployedTo ex:vil ; schema:jobTitle "一级科员" .
ex:c a fk:Person ; rdfs:label "王五" ; fk:deployedTo ex:vil .
ex:vil a fk:Place ; rdfs:label "白沙村" ; schema:containedInPlace ex:town .
ex:town a fk:Place ; rdfs:label "东山镇" .
ex:x a fk:Place ; rdfs:label "西湖区" .
"""


@pytest.fixture()
def files(tmp_path: Path, gold, ttl) -> tuple[Path, Path]:
    gold_path = tmp_path / "toy.gold.json"
    gold_path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    graph_path = tmp_path / "toy.ttl"
    ttl(GOOD).serialize(graph_path, format="turtle")
    return gold_path, graph_path


def run(*args: str):
    return CliRunner().invoke(app, ["evaluate", *args])


def test_json_output(files) -> None:
    gold_path, graph_path = files
    result = run("--gold", str(gold_path), "--graph", str(graph_path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (article,) = data["articles"]
    # Place: 白沙村 东山镇 found (tp 2), 西湖区 spurious (fp 1), 南河区 missed (fn 1)
    assert article["entities"]["Place"] == {"tp": 2, "fp": 1, "fn": 1, "precision": 0.667, "recall": 0.667,
                                            "f1": 0.667, "missed": ["南河区"], "spurious": ["西湖区"],
                                            "duplicates": []}
    # deployedTo: 张三->白沙村 hit, 李四 missed, 王五->白沙村 fp
    assert article["relations"]["deployedTo"]["tp"] == 1
    assert article["relations"]["deployedTo"]["spurious"] == ["王五 deployedTo 白沙村"]
    # entities: Person tp 2 (张三 王五) fn 1; Org fn 2; Place tp 2 fp 1 fn 1 -> tp 4 fp 1 fn 4
    assert data["entities"] == {"tp": 4, "fp": 1, "fn": 4, "precision": 0.8, "recall": 0.5, "f1": 0.615}
    # relations: deployedTo 1/1/1, memberOf 0/0/1, jobTitle 1/0/1, containedIn 1/0/1, locatedIn 0/0/1,
    # supports 0/0/1, author 1/0/0 -> tp 4, fp 1, fn 6
    assert data["relations"] == {"tp": 4, "fp": 1, "fn": 6, "precision": 0.8, "recall": 0.4, "f1": 0.533}


def test_text_output_lists_misses_and_false_positives(files) -> None:
    gold_path, graph_path = files
    result = run("--gold", str(gold_path), "--graph", str(graph_path))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "toy.txt" in out
    assert "Place missed: 南河区" in out
    assert "Place spurious: 西湖区" in out
    assert "deployedTo spurious: 王五 deployedTo 白沙村" in out
    assert "supports missed: 南河区 supports 东山镇" in out
    assert "entities P=0.800 R=0.500 F1=0.615; relations P=0.800 R=0.400 F1=0.533" in out


def test_several_gold_files_with_one_graph_total_micro(files) -> None:
    gold_path, graph_path = files
    # `--gold a b` leaves b as a positional argument: it still counts as a gold file
    result = run("--gold", str(gold_path), str(gold_path), "--graph", str(graph_path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["articles"]) == 2
    assert data["entities"]["tp"] == 8 and data["relations"]["fn"] == 12


def test_malformed_gold_exits_non_zero_with_message(tmp_path: Path, files) -> None:
    _, graph_path = files
    bad = tmp_path / "bad.gold.json"
    bad.write_text(json.dumps({"entities": [{"id": "x", "type": "Person"}], "relations": []}),
                   encoding="utf-8")
    result = run("--gold", str(bad), "--graph", str(graph_path))
    assert result.exit_code == 1
    assert "entities[0]: missing key(s) names" in result.output


def test_unreadable_graph_and_wrong_count(tmp_path: Path, files) -> None:
    gold_path, graph_path = files
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    result = run("--gold", str(gold_path), "--graph", str(broken))
    assert result.exit_code == 1
    assert "cannot parse as turtle" in result.output
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b", encoding="utf-8")
    result = run("--gold", str(gold_path), "--graph", str(odd))
    assert result.exit_code == 1 and "unknown RDF file type '.csv'" in result.output
    result = run("--gold", str(gold_path), "--graph", str(graph_path), "--graph", str(graph_path), "--graph",
                 str(graph_path), str(gold_path))
    assert result.exit_code == 1 and "3 graph files for 2 gold files" in result.output


def test_no_gold_is_an_error() -> None:
    result = run("--graph", "x.ttl")
    assert result.exit_code == 1 and "no gold file given" in result.output


def test_split_inputs_sorts_positional_files_by_suffix() -> None:
    golds, graphs = split_inputs([Path("a.gold.json")], [Path("a.ttl")],
                                 [Path("b.gold.json"), Path("b.trig")])
    assert golds == [Path("a.gold.json"), Path("b.gold.json")]
    assert graphs == [Path("a.ttl"), Path("b.trig")]
    # .json is a gold file (write JSON-LD graphs as .jsonld or pass them with --graph)
    golds, graphs = split_inputs([Path("a.gold.json")], [Path("a.jsonld")], [Path("c.json")])
    assert golds == [Path("a.gold.json"), Path("c.json")] and graphs == [Path("a.jsonld")]
    with pytest.raises(EvaluationError):
        split_inputs([], [], [Path("x.ttl")])


def test_ontology_subclasses_are_honoured(tmp_path: Path, gold, ttl) -> None:
    gold_path = tmp_path / "toy.gold.json"
    gold_path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    graph_path = tmp_path / "g.ttl"
    ttl('ex:v a ex:Village ; rdfs:label "白沙村" .').serialize(graph_path, format="turtle")
    onto = tmp_path / "onto"
    onto.mkdir()
    (onto / "places.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<http://example.org/Village> rdfs:subClassOf <https://w3id.org/frontline-kg/ontology#Place> .\n",
        encoding="utf-8")
    with_onto = json.loads(run("--gold", str(gold_path), "--graph", str(graph_path), "--ontology", str(onto),
                               "--json").stdout)
    assert with_onto["articles"][0]["entities"]["Place"]["tp"] == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    without = json.loads(run("--gold", str(gold_path), "--graph", str(graph_path), "--ontology", str(empty),
                             "--json").stdout)
    assert without["articles"][0]["entities"]["Place"]["tp"] == 0
