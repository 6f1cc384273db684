"""Rules are data: every pattern file loads, names a registered kind, every rule has examples and
counter-examples, and they hold on the real pipeline (rules only: the candidates each rule proposes).
A new trigger is one data file: a pattern directory of one's own proposes new candidates."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from spacy.language import Language

from kg.extract import analyse, build_pipeline, extract, prepared
from kg.extract.rules import (
    RULE_KINDS,
    RuleError,
    check_kinds,
    example_problems,
    load_rules,
    patterns_root,
    proposed_by,
    read_rules,
)
from kg.read import normalize

RULES = load_rules()


@pytest.fixture(scope="module")
def rules_nlp() -> Language:
    return build_pipeline(rules_only=True)


def test_every_rule_has_examples_and_counter_examples() -> None:
    assert [r.name for r in RULES if not r.examples] == []
    assert [r.name for r in RULES if not r.counter_examples] == []


def test_no_rule_kind_is_a_wrapper_of_a_code_function() -> None:
    # the kinds are generic: what a rule proposes is decided by its params, not by naming a function
    assert not [r.name for r in RULES if "function" in r.params]
    assert "sentence-function" not in RULE_KINDS


def test_the_shipped_patterns_load_and_name_registered_kinds() -> None:
    assert RULES, "no pattern files shipped"
    check_kinds(RULES)
    assert {r.relation.value for r in RULES if r.relation is not None} >= {
        "deployedTo", "memberOf", "jobTitle", "supports", "containedIn", "locatedIn", "author", "photographer"}


@pytest.mark.parametrize("rule", [r for r in RULES if r.relation is not None], ids=lambda r: r.name)
def test_rule_examples_hold(rules_nlp: Language, rule) -> None:
    assert example_problems(rules_nlp, rule) == []


def _proposed(nlp: Language, text: str, rule) -> set[tuple[str, str, str]]:
    return proposed_by(analyse(prepared(normalize(text, source="test")), nlp=nlp), rule)


_ASSIST = """\
name: supports.assist
relation: supports
kind: support-cue
params: {triggers: [协助], modifier: 的, max_subject_rank: 3}
examples:
  - text: 石家庄市协助邯郸市开展核酸检测。
    expect: [[石家庄市, supports, 邯郸市]]
counter_examples:
  - text: 志愿者协助邯郸市民登记。
    note: a person helping residents is no division supporting another
"""


# the precise rules: the recall-only pair and discourse rules propose every typed pair for the scorer to judge
PRECISE = [r for r in RULES if not r.recall_only]


def test_recall_only_is_said_in_the_data_of_the_pair_and_discourse_rules() -> None:
    recall = {r.name for r in RULES if r.recall_only}
    assert recall == {r.name for r in RULES if Path(r.source).name.startswith(("pairs-", "discourse-"))}
    assert len(recall) == 23 and len(PRECISE) > len(recall)


def test_recall_only_must_be_a_boolean(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("name: deployedTo.bad\nrelation: deployedTo\nkind: typed-pairs\n"
                                       "recall_only: sometimes\n", encoding="utf-8")
    with pytest.raises(RuleError, match="recall_only"):
        load_rules(str(tmp_path))


def test_a_new_trigger_is_one_data_file(tmp_path: Path, rules_nlp: Language) -> None:
    text = "石家庄市协助邯郸市开展核酸检测。"
    assert not any(p == "supports" for r in PRECISE for _s, p, _o in _proposed(rules_nlp, text, r))
    (tmp_path / "supports").mkdir()
    (tmp_path / "supports" / "assist.yaml").write_text(_ASSIST, encoding="utf-8")
    nlp = build_pipeline(rules_only=True, patterns=str(tmp_path))
    (rule,) = load_rules(str(tmp_path))
    assert ("石家庄市", "supports", "邯郸市") in _proposed(nlp, text, rule)
    assert example_problems(nlp, rule) == []
    facts = extract(normalize(text, source="test"), nlp=nlp).facts
    assert [(f.predicate.value, f.rule) for f in facts] == [("supports", "supports.assist")]


def test_a_new_trigger_may_share_the_params_of_a_shipped_rule(tmp_path: Path, rules_nlp: Language) -> None:
    # the shipped patterns plus a directory of one's own: the new rule takes every cue list of the
    # shipped motion-cue rule and adds one trigger
    text = "区卫健局干部周海涛赶往东风社区。"
    assert ("周海涛", "deployedTo", "东风社区") not in {
        t for r in PRECISE for t in _proposed(rules_nlp, text, r)}
    (tmp_path / "hurry.yaml").write_text(
        "name: deployedTo.hurry\nrelation: deployedTo\nkind: trigger-clause\n"
        "params_from: deployedTo.trigger-clause\nparams: {triggers: [赶往]}\n"
        f"examples: [{{text: {text}, expect: [[周海涛, deployedTo, 东风社区]]}}]\n"
        "counter_examples: [{text: 周海涛赶往会场开会。}]\n", encoding="utf-8")
    both = f"{patterns_root()}{os.pathsep}{tmp_path}"
    nlp = build_pipeline(rules_only=True, patterns=both)
    rule = next(r for r in load_rules(both) if r.name == "deployedTo.hurry")
    assert rule.params["triggers"] == ["赶往"] and "visit" in rule.params
    assert ("周海涛", "deployedTo", "东风社区") in _proposed(nlp, text, rule)
    assert example_problems(nlp, rule) == []


def test_params_from_must_name_a_rule_of_the_same_kind(tmp_path: Path) -> None:
    body = ("rules:\n- {name: a, relation: supports, kind: support-cue, params: {triggers: [x]}}\n"
            "- {name: b, relation: supports, kind: trigger-clause, params_from: a}\n"
            "- {name: c, relation: supports, kind: support-cue, params_from: nowhere}\n")
    with pytest.raises(RuleError, match="params_from 'a' is of kind 'support-cue'"):
        read_rules([_write(tmp_path, body)], tmp_path)


def test_a_rule_missing_a_param_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text("name: x\nrelation: supports\nkind: support-cue\nparams: {triggers: [协助]}\n",
                                     encoding="utf-8")
    nlp = build_pipeline(rules_only=True, patterns=str(tmp_path))
    with pytest.raises(RuleError, match="rule 'x': params.modifier must be a word"):
        analyse(prepared(normalize("石家庄市协助邯郸市。", source="test")), nlp=nlp)


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
