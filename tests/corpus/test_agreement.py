"""Inter-annotator agreement between two gold files of one article (kg.agreement, kg corpus agreement)."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from kg.agreement import agreement, match_entities, pooled
from kg.cli import app
from kg.evaluate import parse_gold

FIRST: dict[str, Any] = {
    "entities": [
        {"id": "p1", "type": "Person", "names": ["张建国"]},
        {"id": "p2", "type": "Person", "names": ["王芳"]},
        {"id": "o1", "type": "Organization", "names": ["区财政局", "甲区财政局"]},
        {"id": "pl1", "type": "Place", "names": ["乙社区", "丙镇乙社区"]},
        {"id": "pl2", "type": "Place", "names": ["丙镇"]},
    ],
    "allowed": {"Place": ["甲区"]},
    "relations": [
        {"s": "p1", "p": "deployedTo", "o": "pl1"},
        {"s": "p2", "p": "deployedTo", "o": "pl1"},
        {"s": "p1", "p": "memberOf", "o": "o1"},
        {"s": "p1", "p": "jobTitle", "o": "一级科员"},
        {"s": "pl1", "p": "containedIn", "o": "pl2"},
    ],
    "also_true": [{"s": "o1", "p": "deployedTo", "o": "pl1"}],
}


def test_identical_annotations_agree_fully_whatever_the_ids() -> None:
    second = json.loads(json.dumps(FIRST).replace('"p1"', '"x_a"').replace('"pl1"', '"x_b"'))
    report = agreement(parse_gold(FIRST), parse_gold(second))
    assert report.entities_micro.f1 == 1.0 and report.relations_micro.f1 == 1.0
    assert report.matched_entities["x_a"] == "p1" and report.disagreements == ()


def test_entities_match_by_a_shared_name_and_differences_are_counted_per_type() -> None:
    second = copy.deepcopy(FIRST)
    second["entities"][2]["names"] = ["甲区财政局"]               # another name list, one shared name
    second["entities"][1]["names"] = ["王方"]                     # a different person
    second["entities"].append({"id": "pl3", "type": "Place", "names": ["甲区"]})   # first has it allowed
    a, b = parse_gold(FIRST), parse_gold(second)
    assert match_entities(a, b)["o1"] == "o1"
    report = agreement(a, b)
    person = report.entities["Person"]
    assert (person.tp, person.fp, person.fn) == (1, 1, 1)
    assert report.entities["Organization"].f1 == 1.0
    assert report.entities["Place"].fp == 0                       # optional in the first: not counted
    assert any(d.optional_in_other and d.item == "甲区" for d in report.disagreements)
    # 王芳 deployedTo and 王方 deployedTo are different relations now
    dep = report.relations["deployedTo"]
    assert (dep.tp, dep.fp, dep.fn) == (1, 1, 1)


def test_relations_required_vs_optional_titles_and_symmetry() -> None:
    second = copy.deepcopy(FIRST)
    second["relations"].append({"s": "o1", "p": "deployedTo", "o": "pl1"})     # first: also_true
    second["relations"] = [r for r in second["relations"] if r["p"] != "containedIn"]
    for r in second["relations"]:
        if r["p"] == "jobTitle":
            r["o"] = "科员"                                        # not the same title
    a, b = parse_gold(FIRST), parse_gold(second)
    ab, ba = agreement(a, b), agreement(b, a)
    assert ab.relations["deployedTo"].fp == 0                      # optional in the first
    assert ab.relations["containedIn"].fn == 1 and ab.relations["jobTitle"].f1 == 0.0
    assert abs(ab.relations_micro.f1 - ba.relations_micro.f1) < 1e-9
    assert ab.relations_micro.precision == ba.relations_micro.recall
    total = pooled([ab, ab])
    assert total["articles"] == 2 and total["by_relation"]["containedIn"]["fn"] == 2


def test_cli_over_the_corpus_second_annotations(tmp_path: Path) -> None:
    for sub in ("gold", "second"):
        (tmp_path / sub).mkdir()
    (tmp_path / "gold" / "a-1.gold.json").write_text(json.dumps(FIRST, ensure_ascii=False), encoding="utf-8")
    second = copy.deepcopy(FIRST)
    second["relations"] = second["relations"][:-1]
    (tmp_path / "second" / "a-1.gold.json").write_text(json.dumps(second, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["corpus", "agreement", "--corpus", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["articles"] == 1 and data["by_relation"]["containedIn"]["fn"] == 1
    assert data["entities"]["f1"] == 1.0
    # a second annotation without its first is an error
    (tmp_path / "second" / "b-1.gold.json").write_text(json.dumps(second), encoding="utf-8")
    bad = CliRunner().invoke(app, ["corpus", "agreement", "--corpus", str(tmp_path)])
    assert bad.exit_code == 1 and "without a first" in bad.output


def test_relations_touching_an_entity_the_other_only_allows_are_not_counted() -> None:
    """The first lists 甲区 as allowed; the second makes it an entity with a relation: not a disagreement
    that counts (a system producing that triple would not be judged either)."""
    second = copy.deepcopy(FIRST)
    second["entities"].append({"id": "pl3", "type": "Place", "names": ["甲区"]})
    second["relations"].append({"s": "pl2", "p": "containedIn", "o": "pl3"})
    report = agreement(parse_gold(FIRST), parse_gold(second))
    assert report.relations["containedIn"].fp == 0
    assert any(d.optional_in_other and d.kind == "containedIn" for d in report.disagreements)
    strict = pooled([report])["strict"]          # the lower bound counts it
    assert strict["by_relation"]["containedIn"]["fp"] == 1 and strict["by_type"]["Place"]["fp"] == 1
