"""kg.evaluate.evaluate on hand-made graphs; every expected number is worked out by hand in the comments."""
from __future__ import annotations

import pytest
from rdflib import Graph

from kg.evaluate import Score, evaluate, fold, schema_graph, transitive_closure

APPROX = pytest.approx


def check(score: Score, tp: int, fp: int, fn: int, p: float, r: float, f1: float) -> None:
    assert (score.tp, score.fp, score.fn) == (tp, fp, fn)
    assert score.precision == APPROX(p, abs=1e-3)
    assert score.recall == APPROX(r, abs=1e-3)
    assert score.f1 == APPROX(f1, abs=1e-3)


# ----------------------------------------------------------------------------- names


@pytest.mark.parametrize(("raw", "folded"), [
    ("長樂區", "长乐区"),                      # Traditional -> Simplified
    ("“追阳”工作组", "追阳工作组"),            # curly quotes removed
    ("金强（福建）建材", "金强(福建)建材"),    # full-width brackets -> half-width (NFKC)
    ("陈 艳\u3000玲", "陈艳玲"),               # ASCII and ideographic spaces removed
    ("《人民日报》", "人民日报"),              # title marks removed
    ("ＡＢ１２", "AB12"),                     # full-width letters and digits
])
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


# ----------------------------------------------------------------------------- entities


ENTITY_GRAPH = """
ex:Village rdfs:subClassOf fk:Place .           # declared in the graph itself
ex:n1 a fk:Person ; rdfs:label "張三"@zh-Hant .  # Traditional label -> 张三 (tp)
ex:n2 a ex:Cadre ; skos:altLabel "李 四" .       # subclass + altLabel + space -> 李四 (tp)
ex:n3 a fk:Person ; schema:name "赵六" .         # no such gold person (fp, spurious)
ex:n4 a fk:Person ; foaf:name "张三" .           # second node for 张三 (fp, duplicate)
ex:n5 a fk:Place ; rdfs:label "东山镇" .         # tp
ex:n6 a ex:Village ; rdfs:label "东山镇白沙村" .  # tp through the second name of 白沙村
ex:n7 a fk:Place ; rdfs:label "卡口" .           # allowed: ignored
ex:n8 a ex:Unknown ; rdfs:label "南河区" .        # class not under fk:Place: not an entity node
ex:n9 a fk:Organization ; rdfs:label "指挥部" .   # allowed: ignored
"""


def test_entities_per_type(gold, ttl) -> None:
    graph = ttl(ENTITY_GRAPH)
    ontology = ttl("ex:Cadre rdfs:subClassOf fk:Person .")   # ex:Cadre is declared only in the ontology
    report = evaluate(gold, graph, schema_graph(graph) + ontology)
    person = report.entity("Person")
    # Person: gold 张三 李四 王五; found 张三 李四 -> tp 2; fp = 赵六 + duplicate 张三 = 2; fn = 王五 = 1
    # P = 2/4, R = 2/3, F1 = 2*.5*.667/(.5+.667) = .571
    check(person.score, 2, 2, 1, 0.5, 2 / 3, 4 / 7)
    assert person.missed == ("王五",)
    assert person.spurious == ("赵六",)
    assert person.duplicates == ("张三",)
    # Place: gold 东山镇 白沙村 南河区; found 2; 卡口 allowed; ex:n8 not typed as a Place -> fn 1
    # P = 2/2, R = 2/3, F1 = .8
    place = report.entity("Place")
    check(place.score, 2, 0, 1, 1.0, 2 / 3, 0.8)
    assert place.missed == ("南河区",)
    # Organization: gold 2, nothing found (指挥部 allowed) -> all zero
    org = report.entity("Organization")
    check(org.score, 0, 0, 2, 0.0, 0.0, 0.0)
    assert org.missed == ("区财政局", "白沙村临时党支部")
    # micro: tp 4, fp 2, fn 4 -> P .667 R .5 F1 .571
    check(report.entities_micro, 4, 2, 4, 2 / 3, 0.5, 4 / 7)


def test_subclass_needs_a_declaration(gold, ttl) -> None:
    """Without the ontology declaring ex:Cadre, the 李四 node is not a Person node."""
    graph = ttl(ENTITY_GRAPH)
    report = evaluate(gold, graph, schema_graph(graph))
    person = report.entity("Person")
    # found 张三 only -> tp 1; fp 赵六 + duplicate 张三 = 2; fn 李四 王五 = 2
    check(person.score, 1, 2, 2, 1 / 3, 1 / 3, 1 / 3)


def test_node_without_label_is_reported_by_iri(gold, ttl) -> None:
    graph = ttl("ex:anon a fk:Organization .")
    org = evaluate(gold, graph, schema_graph(graph)).entity("Organization")
    check(org.score, 0, 1, 2, 0.0, 0.0, 0.0)
    assert org.spurious == ("http://example.org/anon",)


# ----------------------------------------------------------------------------- relations


RELATION_GRAPH = """
ex:stationedAt rdfs:subPropertyOf fk:deployedTo .
ex:Report rdfs:subClassOf schema:NewsArticle .
ex:art a ex:Report .
ex:a a fk:Person ; rdfs:label "张三" .
ex:b a fk:Person ; rdfs:label "李四" .
ex:c a fk:Person ; rdfs:label "王五" .
ex:town a fk:Place ; rdfs:label "东山镇" .
ex:vil a fk:Place ; rdfs:label "白沙村" .
ex:dist a fk:Place ; rdfs:label "南河区" .
ex:zone a fk:Place ; rdfs:label "白沙片区" .
ex:branch a fk:Organization ; rdfs:label "临时党支部" .
ex:firm a fk:Organization ; rdfs:label "某公司" .

# deployedTo: gold p_a->白沙村, p_b->(白沙村|东山镇); also_true p_a->东山镇
ex:a fk:deployedTo ex:vil .          # hit
ex:b ex:stationedAt ex:town .        # hit through a subproperty and the second alternative
ex:c fk:deployedTo ex:vil .          # both ends gold, not true: fp
ex:a fk:deployedTo ex:town .         # also_true: neither hit nor fp
ex:a fk:deployedTo ex:zone .         # object unknown to the gold: not judged

# memberOf: gold p_a->区财政局, graph has only an unknown organisation: not judged
ex:a org:memberOf ex:firm .

# jobTitle: gold p_a 一级科员, p_b 组长|主任
ex:a schema:jobTitle "区财政局一级科员" .   # substring: hit
ex:b schema:jobTitle "副主任" .            # contains 主任: hit
ex:a schema:jobTitle "组长" .              # a title for p_a that is not his: fp
ex:c schema:jobTitle "记者" .              # the gold gives p_c no title: not judged

# containedIn: gold 白沙村->东山镇, 东山镇->南河区; also_true 白沙村->南河区
ex:vil schema:containedInPlace ex:zone .   # not judged (白沙片区 unknown) ...
ex:zone schema:containedInPlace ex:town .  # ... but the chain finds 白沙村->东山镇: hit
ex:town schema:containedInPlace ex:dist .  # hit
ex:vil schema:containedInPlace ex:dist .   # also_true: no fp
ex:town schema:containedInPlace ex:vil .   # reversed: fp

# locatedIn: gold 临时党支部->白沙村
ex:branch schema:location ex:vil .        # hit

# author: gold ARTICLE->王五
ex:art schema:author ex:c .               # hit (article typed through a subclass of schema:NewsArticle)
ex:art schema:author ex:a .               # fp
"""


def test_relations(gold, ttl) -> None:
    graph = ttl(RELATION_GRAPH)
    report = evaluate(gold, graph, schema_graph(graph))
    # relations appear in the order the gold file first uses them
    assert [r.predicate for r in report.relations] == [
        "deployedTo", "memberOf", "jobTitle", "containedIn", "locatedIn", "supports", "author"]
    dep = report.relation("deployedTo")
    check(dep.score, 2, 1, 0, 2 / 3, 1.0, 0.8)                 # tp 2, fp 1 (王五->白沙村)
    assert dep.spurious == ("王五 deployedTo 白沙村",)
    check(report.relation("memberOf").score, 0, 0, 1, 0.0, 0.0, 0.0)
    assert report.relation("memberOf").missed == ("张三 memberOf 区财政局",)
    job = report.relation("jobTitle")
    check(job.score, 2, 1, 0, 2 / 3, 1.0, 0.8)                 # fp: 张三 组长
    assert job.spurious == ("张三 jobTitle 组长",)
    cont = report.relation("containedIn")
    check(cont.score, 2, 1, 0, 2 / 3, 1.0, 0.8)                # fp: 东山镇 -> 白沙村
    assert cont.spurious == ("东山镇 containedIn 白沙村",)
    check(report.relation("locatedIn").score, 1, 0, 0, 1.0, 1.0, 1.0)
    sup = report.relation("supports")
    check(sup.score, 0, 0, 1, 0.0, 0.0, 0.0)
    assert sup.missed == ("南河区 supports 东山镇",)
    auth = report.relation("author")
    check(auth.score, 1, 1, 0, 0.5, 1.0, 2 / 3)
    assert auth.spurious == ("ARTICLE author 张三",)
    # micro: tp 2+0+2+2+1+0+1 = 8, fp 1+0+1+1+0+0+1 = 4, fn 0+1+0+0+0+1+0 = 2
    # P = 8/12, R = 8/10, F1 = 2*.667*.8/1.467 = .727
    check(report.relations_micro, 8, 4, 2, 2 / 3, 0.8, 8 / 11)


def test_direct_triple_skipping_a_level_is_wrong_unless_also_true(gold, ttl) -> None:
    """containedIn is found through chains, but a direct triple is judged on its own."""
    body = """
    ex:vil rdfs:label "白沙村" . ex:town rdfs:label "东山镇" . ex:dist rdfs:label "南河区" .
    ex:vil schema:containedInPlace ex:dist .
    """
    graph = ttl(body)
    cont = evaluate(gold, graph, schema_graph(graph)).relation("containedIn")
    # 白沙村->南河区 is also_true: no fp; neither gold pair is found
    check(cont.score, 0, 0, 2, 0.0, 0.0, 0.0)
    del gold["also_true"][0]
    cont = evaluate(gold, graph, schema_graph(graph)).relation("containedIn")
    check(cont.score, 0, 1, 2, 0.0, 0.0, 0.0)


def test_missing_article_node_finds_no_credit(gold, ttl) -> None:
    """ARTICLE is a node typed fk:Article or schema:NewsArticle; an untyped subject is not the article."""
    graph = ttl('ex:art schema:author ex:c . ex:c rdfs:label "王五" .')
    auth = evaluate(gold, graph, schema_graph(graph)).relation("author")
    check(auth.score, 0, 0, 1, 0.0, 0.0, 0.0)
    graph = ttl('ex:art a fk:Article ; schema:author ex:c . ex:c rdfs:label "王五" .')
    auth = evaluate(gold, graph, schema_graph(graph)).relation("author")
    check(auth.score, 1, 0, 0, 1.0, 1.0, 1.0)


def test_empty_graph_scores_zero_with_everything_missed(gold) -> None:
    report = evaluate(gold, Graph(), Graph())
    check(report.entities_micro, 0, 0, 8, 0.0, 0.0, 0.0)
    check(report.relations_micro, 0, 0, 10, 0.0, 0.0, 0.0)
    assert report.relation("jobTitle").missed == ("张三 jobTitle 一级科员", "李四 jobTitle 组长|主任")
    assert report.relation("deployedTo").missed[1] == "李四 deployedTo 白沙村|东山镇"


def test_report_dict_has_the_reference_shape(gold, ttl) -> None:
    graph = ttl(RELATION_GRAPH)
    data = evaluate(gold, graph, schema_graph(graph)).to_dict()
    assert set(data) == {"article", "entities", "relations", "entities_micro", "relations_micro"}
    assert data["article"] == "toy.txt"
    assert set(data["entities"]) == {"Person", "Organization", "Place"}
    assert data["relations"]["deployedTo"] == {
        "tp": 2, "fp": 1, "fn": 0, "precision": 0.667, "recall": 1.0, "f1": 0.8,
        "missed": [], "spurious": ["王五 deployedTo 白沙村"]}


def test_transitive_closure() -> None:
    assert transitive_closure({("a", "b"), ("b", "c"), ("c", "a")}) == {
        (x, y) for x in "abc" for y in "abc"}
    assert transitive_closure({("a", "b"), ("b", "c")}) == {("a", "b"), ("b", "c"), ("a", "c")}
