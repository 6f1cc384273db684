"""Rules are data: every pattern file loads, names a registered kind, and its examples and
counter-examples hold on the real pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from kg.extract.rules import RULE_KINDS, RuleError, check_kinds, example_problems, load_rules, read_rules

RULES = load_rules()


def test_the_shipped_patterns_load_and_name_registered_kinds() -> None:
    assert RULES, "no pattern files shipped"
    check_kinds(RULES)
    assert {r.relation.value for r in RULES if r.relation is not None} >= {
        "deployedTo", "memberOf", "jobTitle", "supports", "containedIn", "locatedIn", "author", "photographer"}


@pytest.mark.parametrize("rule", [r for r in RULES if r.relation is not None], ids=lambda r: r.name)
def test_rule_examples_hold(nlp: Language, rule) -> None:
    assert example_problems(nlp, rule) == []


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "r.yaml"
    p.write_text(body, encoding="utf-8")
    return p


@pytest.mark.parametrize(("body", "message"), [
    ("name: x\nrelation: livesIn\nkind: trigger-clause\n", "unknown relation 'livesIn'"),
    ("name: x\nrelation: deployedTo\n", "needs a 'kind'"),
    ("relation: deployedTo\nkind: k\n", "needs a 'name'"),
    ("name: x\nrelation: deployedTo\nkind: k\nexamples: [{text: ''}]\n", "non-empty 'text'"),
    ("name: x\nrelation: deployedTo\nkind: k\nexamples: [{text: a, expect: [x]}]\n", "must be a list of"),
    ("rules: [{name: x, relation: deployedTo, kind: k}, {name: x, relation: memberOf, kind: k}]\n", "also defined"),
    ("name: [unclosed\n", "not valid YAML"),
])
def test_bad_pattern_files_are_refused_with_the_file_and_rule_named(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(RuleError, match=message.replace("(", r"\(").replace("[", r"\[")):
        read_rules([_write(tmp_path, body)], tmp_path)


def test_an_unknown_kind_is_refused_naming_the_known_ones(tmp_path: Path) -> None:
    rules = read_rules([_write(tmp_path, "name: x\nrelation: deployedTo\nkind: no-such-kind\n")], tmp_path)
    with pytest.raises(RuleError, match="unknown kind 'no-such-kind'.*trigger-clause"):
        check_kinds(rules)
    assert "trigger-clause" in RULE_KINDS
