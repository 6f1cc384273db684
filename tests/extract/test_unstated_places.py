"""A division named only inside a unit's name is no place (annotation guideline §1.3): 深圳市 in
深圳市司法局 is part of the bureau's name. It stays a place where the article uses it as one: written in a
chain of places, as the place a team is named after (the place that sends it), as a town's county, named
on its own elsewhere, or an end of a fact (``kg.extract.resolve.unstated_places``, component fk_unstated).
Real divisions of a province the corpus does not touch (鹤壁市, 淇滨区, 浚县), the gazetteer's own."""
from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract import build_pipeline, extract
from kg.read import normalize
from kg.records import Extraction


@pytest.fixture(scope="module")
def shipped() -> Language:
    return build_pipeline()


def _run(nlp: Language, text: str) -> Extraction:
    return extract(normalize(text, source="test"), nlp=nlp)


def _places(ex: Extraction) -> set[str]:
    return {e.name for e in ex.entities if e.type.value == "Place"}


def _facts(ex: Extraction) -> set[tuple[str, str, str]]:
    names = {e.key: e.name for e in ex.entities}
    return {(names.get(f.subject, f.subject), f.predicate.value, names.get(f.object, f.object)) for f in ex.facts}


def test_a_city_named_only_inside_a_bureau_is_no_place(shipped: Language) -> None:
    ex = _run(shipped, "鹤壁市司法局组建党员先锋队，下沉到淇滨区大赉店镇协助开展疫情防控。")
    assert "鹤壁市" not in _places(ex) and {"淇滨区", "大赉店镇"} <= _places(ex)
    assert not any("鹤壁市" in (s, o) for s, _p, o in _facts(ex))      # nor the containment through it
    assert any(e.name == "鹤壁市司法局" for e in ex.entities)         # the bureau stays whole
    assert ("大赉店镇", "containedIn", "淇滨区") in _facts(ex)


@pytest.mark.parametrize("text", [
    "鹤壁市淇滨区司法局干部下沉到大赉店镇协助开展疫情防控。",     # a chain of places written in the name
    "鹤壁市医疗队驰援淇滨区。",                                      # a team named after the place sending it
    "鹤壁市援沪工作组抵达上海。",                                    # 援 after the place: it supports
    "鹤壁市司法局干部张建国下沉社区。鹤壁市共有社区200个。",        # named on its own as well
])
def test_the_city_stays_where_the_article_uses_it_as_a_place(shipped: Language, text: str) -> None:
    assert "鹤壁市" in _places(_run(shipped, text))


def test_a_county_inside_a_bureau_stays_as_its_towns_county(shipped: Language) -> None:
    ex = _run(shipped, "浚县司法局干部张建国下沉到善堂镇东街村协助开展疫情防控。")
    assert "浚县" in _places(ex) and ("善堂镇", "containedIn", "浚县") in _facts(ex)


def test_a_paper_s_city_is_no_place_when_only_its_masthead_names_it(shipped: Language) -> None:
    # the masthead (鹤壁晚报 with the page's date) makes the paper the site and its city the home division;
    # the article writes the city nowhere as a place: no entity, the reporter is the paper's
    text = ("淇滨区大赉店镇组建临时党支部\n鹤壁晚报 2022-03-16\n鹤壁晚报记者 张明远\n"
            "近日，淇滨区大赉店镇组建临时党支部。")
    ex = _run(shipped, text)
    assert "鹤壁市" not in _places(ex) and "淇滨区" in _places(ex)
    assert ("张明远", "memberOf", "鹤壁晚报") in _facts(ex)


def test_a_paper_s_city_stays_a_place_when_the_article_says_our_city(shipped: Language) -> None:
    text = "我市组建临时党支部\n鹤壁晚报 2022-03-16\n鹤壁晚报记者 张明远\n近日，我市淇滨区大赉店镇组建临时党支部。"
    assert "鹤壁市" in _places(_run(shipped, text))
