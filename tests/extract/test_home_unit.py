"""A person's identity rests on their home unit: the unit of the unit–post–name apposition, else the
unit that sent them; never the temporary branch or team they joined where they were sent.

The train split names no person with the same unit in two articles (two names recur, both credits
without a unit), so most articles here are written for the genre: the same cadre of one district
bureau reported three ways, and a namesake of another bureau. Two dev articles of the corpus credit
one broadcaster's reporter, by two names of the broadcaster (总台央视记者, 总台记者): one person."""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from kg.extract import extract
from kg.rdf.iri import IdentityResolver
from kg.read import read_file
from kg.records import Extraction

from .conftest import triples

SITE = "雁塔新闻网"
# the cadre and their bureau by apposition, sent down to a community
PLAIN = "区卫健局干部周海涛下沉到东风社区，协助开展核酸检测。"
# the same cadre joins the community's temporary branch and leads it
BRANCH = "东风社区成立临时党支部。区卫健局下沉干部周海涛任临时党支部书记，带领党员值守卡口。"
# the same cadre, only the unit that sent them written
SENT = "区卫健局选派干部周海涛到东风社区开展工作。"
# a namesake of another bureau
OTHER = "区教育局干部周海涛下沉到东风社区，协助开展核酸检测。"


def _person_iri(ex: Extraction, name: str) -> str:
    key = next(e.key for e in ex.entities if e.name == name)
    return str(IdentityResolver(ex).iri(key))


def test_same_name_and_home_unit_is_one_person_whatever_branch_they_join(run) -> None:
    plain, branch, sent = (run(t, site=SITE) for t in (PLAIN, BRANCH, SENT))
    t = triples(branch)
    # the joined branch is a membership of the article, not the person's home unit
    assert ("周海涛", "memberOf", "东风社区临时党支部") in t and ("周海涛", "memberOf", "区卫健局") in t
    deployed = next(f for f in sent.facts if f.predicate.value == "deployedTo")
    assert deployed.origin is not None and sent.entity(deployed.origin).name == "区卫健局"
    iris = {_person_iri(ex, "周海涛") for ex in (plain, branch, sent)}
    assert len(iris) == 1, iris
    basis = IdentityResolver(branch).identity(next(e.key for e in branch.entities if e.name == "周海涛")).basis
    assert basis == "name+unit"


def test_same_name_with_another_home_unit_is_another_person(run) -> None:
    assert _person_iri(run(PLAIN, site=SITE), "周海涛") != _person_iri(run(OTHER, site=SITE), "周海涛")


def test_a_person_known_only_by_a_joined_team_is_placed_by_where_they_went(run) -> None:
    ex = run("4月2日，县委组织部派出工作队进驻桃源镇青山村。组员包括李明辉、赵小军。", site=SITE)
    key = next(e.key for e in ex.entities if e.name == "李明辉")
    assert IdentityResolver(ex).identity(key).basis == "name+place"


CORPUS_TEXT = Path(__file__).resolve().parents[2] / "data" / "corpus" / "text"
# two dev articles (2021 and 2022, two cities of one province, two sites) closing on the same credit
CREDITED_TWICE = ("liaoning-yingkou-2021-epidemiologists", "liaoning-huludao-2022-suizhong-support-spam")


def test_a_reporter_credited_in_two_corpus_articles_by_two_names_of_the_outlet_is_one_person(
        nlp: Language) -> None:
    found = []
    for article_id in CREDITED_TWICE:
        [article] = read_file(CORPUS_TEXT / f"{article_id}.txt")
        ex = extract(article, nlp=nlp)
        reporter = next(e.key for e in ex.entities if e.type.value == "Person" and "记者" in
                        {f.object for f in ex.facts if f.subject == e.key and f.predicate.value == "jobTitle"})
        units = {ex.entity(f.object).name for f in ex.facts
                 if f.subject == reporter and f.predicate.value == "memberOf"}
        identity = IdentityResolver(ex).identity(reporter)
        found.append((ex.entity(reporter).name, units, str(IdentityResolver(ex).iri(reporter)), identity.basis))
    (name1, units1, iri1, basis1), (name2, units2, iri2, basis2) = found
    assert name1 == name2
    assert units1 == units2 == {"中央广播电视总台"}       # 总台央视 and 总台 are one outlet's names
    assert basis1 == basis2 == "name+unit"
    assert iri1 == iri2
