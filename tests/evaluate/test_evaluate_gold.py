"""Gold files: malformed ones are refused with a clear message; the bundled ones are consistent."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS

from kg.errors import EvaluationError
from kg.evaluate import ENTITY_TYPES, article_path, evaluate, load_gold, parse_gold, schema_graph
from kg.vocab import CONTRACT_CLASSES, CONTRACT_PREDICATES

EX = Namespace("http://example.org/node/")


def _break(gold: dict[str, Any], how: str) -> Any:
    """Break a copy of the toy gold in one way."""
    if how == "top-level list":
        return [gold]
    if how == "no entities":
        del gold["entities"]
    elif how == "relations not a list":
        gold["relations"] = {"s": "p_a"}
    elif how == "entity without names":
        del gold["entities"][0]["names"]
    elif how == "empty names":
        gold["entities"][0]["names"] = []
    elif how == "unknown type":
        gold["entities"][0]["type"] = "Animal"
    elif how == "duplicate id":
        gold["entities"][1]["id"] = "p_a"
    elif how == "unknown predicate":
        gold["relations"][0]["p"] = "livesIn"
    elif how == "unknown id":
        gold["relations"][0]["o"] = "pl_nowhere"
    elif how == "unknown id in a list":
        gold["relations"][1]["o"] = ["pl_vil", "pl_moon"]
    elif how == "relation without o":
        del gold["relations"][0]["o"]
    elif how == "also_true not a list":
        gold["also_true"] = "none"
    elif how == "unknown id in also_true":
        gold["also_true"][0]["s"] = "pl_x"
    elif how == "allowed bad type":
        gold["allowed"]["Animal"] = ["猫"]
    elif how == "allowed not names":
        gold["allowed"]["Place"] = "卡口"
    elif how == "ARTICLE as an id":
        gold["entities"][0]["id"] = "ARTICLE"
    return gold


@pytest.mark.parametrize(("how", "message"), [
    ("top-level list", "expected a JSON object at the top level, found list"),
    ("no entities", "missing required key 'entities'"),
    ("relations not a list", "'relations' must be a list, found dict"),
    ("entity without names", "entities[0]: missing key(s) names"),
    ("empty names", "entities[0].names: expected a non-empty list"),
    ("unknown type", "entities[0].type: expected one of Person, Organization, Place, found 'Animal'"),
    ("duplicate id", "entities[1].id: duplicate entity id 'p_a'"),
    ("unknown predicate", "relations[0].p: unknown relation 'livesIn'; expected one of deployedTo"),
    ("unknown id", "relations[0].o: unknown entity id(s) 'pl_nowhere'"),
    ("unknown id in a list", "relations[1].o: unknown entity id(s) 'pl_moon'"),
    ("relation without o", "relations[0]: missing key(s) o"),
    ("also_true not a list", "'also_true' must be a list, found str"),
    ("unknown id in also_true", "also_true[0].s: unknown entity id(s) 'pl_x'"),
    ("allowed bad type", "allowed.Animal: expected a type among"),
    ("allowed not names", "allowed.Place: expected a list of strings"),
    ("ARTICLE as an id", "entities[0].id: expected a non-empty string other than 'ARTICLE'"),
])
def test_malformed_gold_is_refused(gold, how: str, message: str) -> None:
    with pytest.raises(EvaluationError) as err:
        parse_gold(_break(gold, how), source="toy.gold.json")
    assert str(err.value).startswith("toy.gold.json")
    assert message in str(err.value)


def test_evaluate_refuses_malformed_dict(gold) -> None:
    with pytest.raises(EvaluationError, match="unknown relation"):
        evaluate(_break(gold, "unknown predicate"), Graph(), Graph())


def test_load_gold_reports_bad_json_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gold.json"
    bad.write_text('{"entities": [', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad.gold.json: not valid JSON: .* at line 1"):
        load_gold(bad)
    with pytest.raises(EvaluationError, match="cannot read the gold file"):
        load_gold(tmp_path / "absent.gold.json")
    gbk = tmp_path / "gbk.gold.json"
    gbk.write_bytes('{"entities": [], "relations": [], "article": "长乐"}'.encode("gbk"))
    with pytest.raises(EvaluationError, match="must be UTF-8"):
        load_gold(gbk)


# ----------------------------------------------------------------------------- the bundled gold files


def gold_files() -> list[Path]:
    return sorted((Path(__file__).resolve().parents[1] / "data" / "gold").glob("*.gold.json"))


def perfect_graph(data: dict[str, Any]) -> Graph:
    """A graph saying exactly what the gold says (first name, first alternative)."""
    graph = Graph()
    node = {e["id"]: EX[e["id"]] for e in data["entities"]}
    node["ARTICLE"] = EX.article
    graph.add((EX.article, RDF.type, CONTRACT_CLASSES["Article"]))
    for e in data["entities"]:
        graph.add((node[e["id"]], RDF.type, CONTRACT_CLASSES[e["type"]]))
        graph.add((node[e["id"]], RDFS.label, Literal(e["names"][0], lang="zh-Hans")))
    for r in data["relations"]:
        first = [x if not isinstance(x, list) else x[0] for x in (r["s"], r["o"])]
        obj = Literal(first[1]) if r["p"] == "jobTitle" else node[first[1]]
        graph.add((node[first[0]], CONTRACT_PREDICATES[r["p"]], obj))
    return graph


def test_there_are_several_gold_files() -> None:
    assert len(gold_files()) >= 4


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_bundled_gold_parses_and_names_its_article(path: Path) -> None:
    gold = load_gold(path)
    assert article_path(gold, path).is_file()
    names = [n for e in gold.entities for n in e.names]
    assert len(names) == len(set(names)), "a name on two entities makes matching ambiguous"
    assert {e.type for e in gold.entities} <= set(ENTITY_TYPES)


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_perfect_graph_scores_one(path: Path) -> None:
    """A graph stating exactly the gold relations scores 1.0 everywhere: the gold is self-consistent."""
    data = json.loads(path.read_text(encoding="utf-8"))
    graph = perfect_graph(data)
    report = evaluate(data, graph, schema_graph(graph))
    for score in (report.entities_micro, report.relations_micro):
        assert (score.precision, score.recall, score.fp, score.fn) == (1.0, 1.0, 0, 0)


def test_article_path_missing(tmp_path: Path, gold) -> None:
    path = tmp_path / "toy.gold.json"
    with pytest.raises(EvaluationError, match="the article 'toy.txt' it annotates is not next to it"):
        article_path(parse_gold(gold), path)
    (tmp_path / "toy.txt").write_text("文", encoding="utf-8")
    assert article_path(parse_gold(gold), path) == tmp_path / "toy.txt"
