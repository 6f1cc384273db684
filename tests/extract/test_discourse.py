"""Discourse on the real pipeline: lists, frames (team, place and references in focus) and the
candidates proposed across sentences. Names are invented; divisions are generic."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import analyse, candidates_of, prepared
from kg.extract.discourse import Coordination, Discourse, parse_lists
from kg.extract.pipeline import CONTEXT
from kg.extract.rules import RULE_KINDS, RuleError, read_rules
from kg.read import normalize
from kg.records import Candidate, Predicate


def _doc(nlp: Language, text: str) -> Doc:
    return analyse(prepared(normalize(text, source="test")), nlp=nlp)


def _names(doc: Doc) -> dict[str, str]:
    return {k: d.name for k, d in doc.user_data[CONTEXT].resolution.drafts.items()}


def _found(doc: Doc, rule: str | None = None) -> dict[tuple[str, str, str], Candidate]:
    names = _names(doc)
    out = {}
    for c in candidates_of(doc):
        if rule is not None and rule not in c.rules:
            continue
        f = c.fact
        obj = f.object if f.predicate is Predicate.JOB_TITLE else names.get(f.object, f.object)
        out[(names.get(f.subject, f.subject), f.predicate.value, obj)] = c
    return out


def _lists(doc: Doc) -> list[Coordination]:
    return list(doc.user_data[CONTEXT].lists)


# --------------------------------------------------------------------------- lists


def test_a_list_introduced_by_a_word_and_closed_by_a_count(nlp: Language) -> None:
    doc = _doc(nlp, "区人民医院医疗队成员有：张建华、李红梅和王志刚等3名党员。")
    people = [co for co in _lists(doc) if co.label == "PERSON"]
    assert len(people) == 1
    co = people[0]
    assert [m.cand.text for m in co.items] == ["张建华", "李红梅", "王志刚"]
    assert co.intro == "成员有"
    assert co.count == "等3名"


def test_names_strung_through_units_and_posts_are_one_list(nlp: Language) -> None:
    doc = _doc(nlp, "区人民医院护士张建华、区卫健局科员李红梅主动报名。")
    people = [co for co in _lists(doc) if co.label == "PERSON"]
    assert [[m.cand.text for m in co.items] for co in people] == [["张建华", "李红梅"]]


def test_names_in_two_clauses_are_no_list(nlp: Language) -> None:
    doc = _doc(nlp, "张建华说，李红梅也来了。")
    assert [co for co in _lists(doc) if co.label == "PERSON"] == []


def test_places_of_a_list_are_listed_in_order(nlp: Language) -> None:
    doc = _doc(nlp, "医疗队在德阳市、绵阳市、广元市开展核酸检测。")
    places = [co for co in _lists(doc) if co.label == "PLACE"]
    assert [[m.cand.text for m in co.items] for co in places] == [["德阳市", "绵阳市", "广元市"]]
    assert places[0].position(places[0].items[2].key) == 3


# --------------------------------------------------------------------------- frames


def test_frames_carry_the_team_and_resolve_short_references(nlp: Language) -> None:
    doc = _doc(nlp, "区人民医院医疗队于2月3日出发。他们来到石桥村，为村民开展核酸检测。")
    disc = doc.user_data[CONTEXT].discourse
    assert isinstance(disc, Discourse)
    names = _names(doc)
    second = disc.frame(1)
    assert names[second.team] == "区人民医院医疗队"
    assert names[second.place] == "石桥村"
    assert [(r.text, names[r.key], r.kind) for r in second.references] == [("他们", "区人民医院医疗队", "team")]
    assert second.date is not None and second.date.day == 3


def test_a_person_pronoun_stands_for_the_person_in_focus(nlp: Language) -> None:
    doc = _doc(nlp, "区卫健局干部张建华主动请缨。2月3日，他来到五里墩社区。")
    c = _found(doc, "deployedTo.references")[("张建华", "deployedTo", "五里墩社区")]
    assert "pronoun" in c.signals and "refers-to:person" in c.signals


# --------------------------------------------------------------------------- candidates


def test_a_team_sent_in_one_sentence_takes_its_members_named_later(nlp: Language) -> None:
    doc = _doc(nlp, "区人民医院医疗队抵达石桥村。队员张建华、李红梅每天值守卡口。")
    found = _found(doc)
    for name in ("张建华", "李红梅"):
        assert (name, "memberOf", "区人民医院医疗队") in found
        inherited = _found(doc, "deployedTo.inherited")[(name, "deployedTo", "石桥村")]
        assert "inherited" in inherited.signals


def test_a_unit_sent_to_each_place_of_a_list(nlp: Language) -> None:
    doc = _doc(nlp, "区卫健局选派20名医护人员分赴石桥村、五里墩社区和后街村开展核酸采样。")
    found = _found(doc, "deployedTo.pairs-sentence")
    places = [o for (s, p, o) in found if s == "区卫健局" and p == "deployedTo"]
    assert sorted(places) == sorted(["石桥村", "五里墩社区", "后街村"])
    positions = {o: [x for x in found[("区卫健局", "deployedTo", o)].signals if x.startswith("object-list-position")]
                 for o in places}
    assert positions["后街村"] == ["object-list-position:3"]
    assert "count-in-sentence" in found[("区卫健局", "deployedTo", "后街村")].signals


def test_a_temporary_branch_is_located_where_it_is_set_up_and_has_its_secretary(nlp: Language) -> None:
    doc = _doc(nlp, "在石桥村成立卡口临时党支部，由王志刚任书记。")
    found = _found(doc)
    assert ("石桥村卡口临时党支部", "locatedIn", "石桥村") in found
    assert ("王志刚", "memberOf", "石桥村卡口临时党支部") in found
    assert ("王志刚", "jobTitle", "书记") in found


def test_a_leader_taking_a_group_into_a_village(nlp: Language) -> None:
    doc = _doc(nlp, "镇党委书记李红梅带领10名党员深入石桥村开展排查。")
    c = _found(doc, "deployedTo.leaders")[("李红梅", "deployedTo", "石桥村")]
    assert "trigger:带领" in c.signals


def test_no_candidate_across_paragraphs_from_the_window_rules(nlp: Language) -> None:
    doc = _doc(nlp, "张建华是区卫健局干部。\n\n五里墩社区位于城西。")
    windows = {k for k, c in _found(doc).items() if any(".pairs-" in r for r in c.rules)}
    assert ("张建华", "deployedTo", "五里墩社区") not in windows


def test_discourse_creates_no_entity(nlp: Language) -> None:
    doc = _doc(nlp, "区人民医院医疗队于2月3日出发。他们来到石桥村。队员张建华、李红梅每天值守卡口，"
                    "镇党委书记王志刚带领党员深入后街村。")
    keys = set(doc.user_data[CONTEXT].resolution.drafts)
    cands = candidates_of(doc)
    assert cands
    for c in cands:
        assert c.fact.subject in keys | {"ARTICLE"}
        assert c.fact.predicate is Predicate.JOB_TITLE or c.fact.object in keys


def test_candidates_grow_linearly_with_the_article(nlp: Language) -> None:
    """Windows are bounded: twice the paragraphs, about twice the candidates (never the square)."""
    paragraph = ("区人民医院医疗队抵达石桥村。队员张建华、李红梅每天值守卡口。"
                 "镇党委书记王志刚带领党员深入后街村，他说大家都很辛苦。")
    small = len(candidates_of(_doc(nlp, "\n\n".join([paragraph] * 5))))
    large = len(candidates_of(_doc(nlp, "\n\n".join([paragraph] * 20))))
    assert small > 0
    assert large <= 4 * small * 1.25


# --------------------------------------------------------------------------- rule data


def _rule(tmp_path: Path, body: str):
    p = tmp_path / "r.yaml"
    p.write_text(body, encoding="utf-8")
    return read_rules([p], tmp_path)[0]


@pytest.mark.parametrize(("kind", "params", "message"), [
    ("typed-pairs", "{objects: [Place]}", "params.subjects is required"),
    ("typed-pairs", "{subjects: [Animal], objects: [Place]}", "entity types are"),
    ("typed-pairs", "{subjects: [Person], objects: [Place], window: article}", "sentence or paragraph"),
    ("typed-pairs", "{subjects: [Person], objects: [Place], object_levels: [planet]}", "place levels are"),
    ("typed-pairs", "{subjects: [Person], objects: [Place], nearest: 0}", "params.nearest"),
    ("typed-pairs", "{subjects: [Person], objects: [Place], nearest: many}", "params.nearest"),
    ("focus-pairs", "{subjects: [Person], focus: [weather]}", "params.focus"),
    ("named-destination", "{role: unit}", "needs params.verbs"),
])
def test_bad_params_are_refused_naming_the_rule(nlp: Language, tmp_path: Path, kind: str, params: str,
                                                 message: str) -> None:
    rule = _rule(tmp_path, f"name: x.bad\nrelation: deployedTo\nkind: {kind}\nparams: {params}\n")
    ctx = _doc(nlp, "张建华来到石桥村。").user_data[CONTEXT]
    with pytest.raises(RuleError, match=message):
        RULE_KINDS.get(kind)(ctx, rule)


_VILLAGES = [x + y + "村" for x in "东西南北" for y in "山林河湖塘桥岭"][:25]   # invented, generic


@pytest.mark.parametrize(("nearest", "expected"), [("", 25), (", nearest: 3", 3), (", nearest: 30", 25)])
def test_typed_pairs_meet_only_the_nearest_mentions_when_bounded(nlp: Language, tmp_path: Path, nearest: str,
                                                                  expected: int) -> None:
    rule = _rule(tmp_path, "name: x.pairs\nrelation: deployedTo\nkind: typed-pairs\n"
                           f"params: {{subjects: [Person], objects: [Place]{nearest}}}\n")
    doc = _doc(nlp, "张建华先后走访了" + "、".join(_VILLAGES) + "。")
    ctx = doc.user_data[CONTEXT]
    names = _names(doc)
    found = [names[c.fact.object] for c in RULE_KINDS.get("typed-pairs")(ctx, rule)]
    assert len(found) == expected
    assert set(found) == set(_VILLAGES[:expected])     # the nearest: the first of the list


def test_lists_are_read_in_one_pass_over_a_long_run_of_names(nlp: Language) -> None:
    names = "、".join(["张建华", "李红梅", "王志刚", "赵小兰"] * 30)
    doc = _doc(nlp, f"队员有：{names}等120名党员。")
    ctx = doc.user_data[CONTEXT]
    people = [co for co in parse_lists(ctx) if co.label == "PERSON"]
    assert [len(co.items) for co in people] == [120]
    assert people[0].intro == "队员有" and people[0].count == "等120名"


def test_article_pairs_keep_the_closest_pairs_up_to_the_cap(nlp: Language, tmp_path: Path) -> None:
    rule = _rule(tmp_path, "name: x.article\nrelation: supports\nkind: article-pairs\n"
                           "params: {subjects: [Place], subject_levels: [city], objects: [Place],"
                           " triggers: [支援], max_pairs: 2}\n")
    doc = _doc(nlp, "成都市组建医疗队。\n\n绵阳市也组建了医疗队。\n\n医疗队支援石桥村、后街村和前进村。")
    ctx = doc.user_data[CONTEXT]
    names = _names(doc)
    found = RULE_KINDS.get("article-pairs")(ctx, rule)
    assert len(found) == 2
    assert {names[c.fact.subject] for c in found} == {"绵阳市"}     # the closer of the two senders
    assert all("article" in c.signals and "trigger:支援" in c.signals for c in found)
