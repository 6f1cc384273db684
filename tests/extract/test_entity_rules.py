"""Entity rules are data (kg/extract/patterns/entities): every rule loads, names a registered entity
kind, and its examples and counter-examples hold on the real pipeline; the checker itself can fail."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from kg.extract.entity_rules import (
    ENTITY_RULE_KINDS,
    check_entity_kinds,
    example_problems,
    extend_lexicons,
    shipped_entity_rules,
)
from kg.extract.lexicons import load_lexicons
from kg.extract.rules import RULE_KINDS, RuleError, check_kinds, load_rules, read_rules
from kg.records import Extraction

RULES = shipped_entity_rules()


def test_entity_rules_ship_and_name_registered_kinds() -> None:
    assert len(RULES) >= 5
    assert all(r.relation is None and r.source.startswith("entities/") for r in RULES)
    assert {r.kind for r in RULES} <= set(ENTITY_RULE_KINDS.names())
    check_kinds(load_rules())   # the relation rules' kinds; the entity kinds are a registry of their own
    assert "set-phrases" not in RULE_KINDS.names() and "trigger-clause" not in ENTITY_RULE_KINDS.names()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_entity_rule_examples_hold(nlp: Language, rule) -> None:
    assert rule.examples and rule.counter_examples, f"{rule.name}: needs examples and counter-examples"
    assert example_problems(nlp, rule) == []


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "entities.yaml"
    p.write_text(body, encoding="utf-8")
    return p


def test_the_checker_reports_a_wrong_example_and_a_missed_counter_example(nlp: Language, tmp_path: Path) -> None:
    (rule,) = read_rules([_write(tmp_path, """
name: entities.planted
relation: null
kind: set-phrases
params: {phrases: [东山再起]}
examples:
  - text: 志愿者王丽在卡口值守。
    expect: [[王丽, Person], [卡口值守, Organization]]
counter_examples:
  - text: 志愿者王丽在卡口值守。
    reject: [[王丽, Person]]
  - text: 志愿者王丽在卡口值守。
    reject: [[王丽, Nobody]]
""")], tmp_path)
    problems = example_problems(nlp, rule)
    assert any("expected Organization 卡口值守" in p for p in problems)
    assert any("found Person 王丽" in p for p in problems)
    assert any("type one of" in p for p in problems)
    assert not any("expected Person 王丽" in p for p in problems)


def test_an_unknown_entity_kind_is_refused(tmp_path: Path) -> None:
    rules = read_rules([_write(tmp_path, "name: entities.x\nrelation: null\nkind: no-such-entity-kind\n")], tmp_path)
    check_kinds(rules)          # not a relation rule: not the relation side's to judge
    with pytest.raises(RuleError, match="unknown kind 'no-such-entity-kind'.*set-phrases"):
        check_entity_kinds(rules)


def test_a_bad_parameter_is_refused_naming_the_rule(tmp_path: Path) -> None:
    rules = read_rules([_write(tmp_path, "name: entities.bad\nrelation: null\nkind: posts\nparams: {posts: 3}\n")],
                       tmp_path)
    with pytest.raises(RuleError, match="entities.bad.*params.posts"):
        extend_lexicons(load_lexicons(), rules)


def test_lexicon_rules_extend_the_lexicons() -> None:
    base = load_lexicons()
    lex = extend_lexicons(base, RULES)
    assert len(lex.posts) > len(base.posts)
    assert lex.media and not base.media
    assert lex.org_suffix_at_end("某市总工会") is not None
    # the recognition words come from their rule's data, the list joins longest first
    assert not base.list_joins and lex.list_joins[0] == "以及" and "主要" in lex.site_modifiers


def test_an_unknown_recognition_word_list_is_refused(tmp_path: Path) -> None:
    rules = read_rules([_write(tmp_path, "name: entities.words\nrelation: null\nkind: recognition-words\n"
                                         "params: {site_modifier: [主要]}\n")], tmp_path)
    with pytest.raises(RuleError, match="entities.words.*unknown params.*site_modifier"):
        extend_lexicons(load_lexicons(), rules)


def test_a_village_tail_is_a_mention_of_the_whole_village(run: Callable[..., Extraction]) -> None:
    ex = run("镇干部下沉到东林村，林村的村民纷纷响应。")
    places = [e for e in ex.entities if e.type.value == "Place"]
    assert [(e.name, e.aliases) for e in places] == [("东林村", ("林村",))]


def test_a_common_word_is_not_the_home_division(run: Callable[..., Extraction]) -> None:
    ex = run("居民们平安度过了春节。", site="平安区融媒体中心")
    home = [e for e in ex.entities if e.name == "平安区"]
    assert all(not e.mentions for e in home)
