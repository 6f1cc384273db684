"""Relation cases: appositions, deployments (direct, subjectless clause, enumeration),
formed branches, support, containment, credits, deixis."""
from __future__ import annotations

from datetime import date

from .conftest import triples


def test_apposition_member_and_post(run):
    t = triples(run("成都市武侯区卫健局二级主任科员李志刚下沉到玉林街道黄门街社区。"))
    assert ("李志刚", "memberOf", "成都市武侯区卫健局") in t
    assert ("李志刚", "jobTitle", "二级主任科员") in t
    assert ("李志刚", "deployedTo", "黄门街社区") in t
    assert ("李志刚", "deployedTo", "玉林街道") not in t   # the place stated, not its town


def test_town_official_is_member_of_the_town(run):
    t = triples(run("塔城镇三级主任科员周明远每天检查各个核酸采样点。", site="双流新闻网"))
    assert ("周明远", "jobTitle", "三级主任科员") in t


def test_subjectless_cue_then_enumeration(run):
    t = triples(run("抵达塔河镇新立村后，张三丰、李四海、王五明等8人便成立临时党支部。"))
    for person in ("张三丰", "李四海", "王五明"):
        assert (person, "deployedTo", "新立村") in t
        assert (person, "memberOf", "新立村临时党支部") in t
    assert ("新立村临时党支部", "locatedIn", "新立村") in t
    assert ("新立村", "containedIn", "塔河镇") in t


def test_support_from_home_and_from_named_place(run):
    t = triples(run("我区积极开展对口支援武侯、锦江。", site="双流新闻网"))
    assert ("双流区", "supports", "武侯区") in t
    assert ("双流区", "supports", "锦江区") in t
    t = triples(run("石家庄市对口支援邯郸市。"))
    assert ("石家庄市", "supports", "邯郸市") in t


def test_nested_places_make_a_chain(run):
    t = triples(run("志愿者刘强来到成都市武侯区玉林街道黄门街社区。"))
    assert ("黄门街社区", "containedIn", "玉林街道") in t
    assert ("玉林街道", "containedIn", "武侯区") in t
    assert ("武侯区", "containedIn", "成都市") in t


def test_deployment_date_resolved_against_publication(run):
    ex = run("3日凌晨1点，党员志愿者孙建国抵达武侯区。", site="双流新闻网", published=date(2022, 9, 10))
    f = next(f for f in ex.facts if f.predicate.value == "deployedTo")
    assert f.date is not None and f.date.iso() == "2022-09-03"
    assert f.role == "党员志愿者"
    assert f.evidence is not None and f.evidence.trigger == "抵达"
    assert ex.article.text[f.evidence.start:f.evidence.end] == f.evidence.text


def test_credits(run):
    t = triples(run("社区干部坚守一线。\n赵丽 摄\n（特约记者 钱小明）"))
    assert ("ARTICLE", "photographer", "赵丽") in t
    assert ("ARTICLE", "author", "钱小明") in t
    assert ("钱小明", "jobTitle", "特约记者") in t


def test_deixis_resolves_to_home(run):
    ex = run("我区迅速响应，全区干部下沉一线。", site="雁塔新闻网")
    home = ex.entity(ex.home)
    assert home.name == "雁塔区"
    assert {m.text for m in home.mentions} >= {"我区", "全区"}
