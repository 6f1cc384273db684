"""Curation rules edit built graphs, and the same file applies again after re-extraction."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.curation import load_curation, parse_curation
from kg.errors import CurationError
from kg.rdf import article_graph, to_dataset
from kg.rdf.serialize import union_graph
from kg.rdf.validate import validate
from kg.vocab import FK, ORG, RDF, RDFS, SDO, SKOS

ZH = "zh-Hans"


def node(g: Graph, name: str) -> URIRef:
    nodes = set(g.subjects(RDFS.label, Literal(name, lang=ZH)))
    assert len(nodes) == 1, (name, nodes)
    return nodes.pop()  # type: ignore[return-value]


def rel(iri: URIRef) -> str:
    return str(iri).removeprefix("https://w3id.org/frontline-kg/id/")


def test_merge_two_nodes_into_one(dev_extraction, other_extraction) -> None:
    plain = union_graph(to_dataset([dev_extraction, other_extraction]))
    cbq = sorted(plain.subjects(RDFS.label, Literal("陈宝全", lang=ZH)))
    assert len(cbq) == 2  # different places: not merged by the builder
    cur = parse_curation({"merge": [{"into": rel(cbq[0]), "from": [rel(cbq[1])], "note": "same volunteer"}]})
    merged = union_graph(to_dataset([dev_extraction, other_extraction], curation=cur))
    assert set(merged.subjects(RDFS.label, Literal("陈宝全", lang=ZH))) == {cbq[0]}
    assert (cbq[0], FK.mergedFrom, cbq[1]) in merged
    assert (cbq[0], FK.identityBasis, Literal("curated-merge")) in merged
    assert (cbq[0], FK.curationNote, Literal("same volunteer")) in merged
    assert len(set(merged.objects(cbq[0], FK.deployedTo))) == 2
    assert not any(merged.triples((cbq[1], None, None)))


def test_split_in_one_article(dev_extraction, other_extraction) -> None:
    plain = union_graph(to_dataset([dev_extraction, other_extraction]))
    cyl = node(plain, "陈艳玲")  # one person in both articles (same unit)
    cur = parse_curation({"split": [{"entity": str(cyl), "articles": ["other-2022-followup"]}]})
    ds = to_dataset([dev_extraction, other_extraction], curation=cur)
    g = union_graph(ds)
    nodes = set(g.subjects(RDFS.label, Literal("陈艳玲", lang=ZH)))
    assert len(nodes) == 2 and cyl in nodes
    new = (nodes - {cyl}).pop()
    assert (new, FK.identityBasis, Literal("curated-split")) in g
    assert str(new).startswith(str(cyl) + "-split-")


def test_rename_keeps_the_old_name(dev_extraction) -> None:
    _, g = article_graph(dev_extraction)
    gat = node(g, "区港澳台办")
    cur = parse_curation({"rename": [{"entity": str(gat), "label": "区港澳台事务办公室"}]})
    _, g2 = article_graph(dev_extraction, curation=cur)
    assert (gat, RDFS.label, Literal("区港澳台事务办公室", lang=ZH)) in g2
    assert (gat, SKOS.altLabel, Literal("区港澳台办", lang=ZH)) in g2
    assert (gat, RDFS.label, Literal("qu gang ao tai shi wu ban gong shi", lang="zh-Latn-pinyin")) in g2
    assert validate(g2).conforms


def test_reject_entity_removes_its_facts_and_qualifiers(dev_extraction) -> None:
    _, g = article_graph(dev_extraction)
    cyl = node(g, "陈艳玲")
    cur = parse_curation({"reject_entities": [{"entity": str(cyl)}, {"label": "黄锋"}]})
    _, g2 = article_graph(dev_extraction, curation=cur)
    assert not any(g2.triples((cyl, None, None))) and not any(g2.triples((None, None, cyl)))
    assert not set(g2.subjects(RDFS.label, Literal("黄锋", lang=ZH)))
    # no deployment, membership, post or statement is left dangling
    v = validate(g2)
    assert v.conforms, v.text
    deployments = [len(list(x.subjects(RDF.type, FK.Deployment))) for x in (g, g2)]
    assert deployments[1] == deployments[0] - 1


def test_reject_fact(dev_extraction) -> None:
    iri, g = article_graph(dev_extraction)
    cyl, hnsq, gat = node(g, "陈艳玲"), node(g, "湖南社区"), node(g, "区港澳台办")
    cur = parse_curation({"reject_facts": [
        {"subject": str(cyl), "predicate": "deployedTo", "object": str(hnsq)},
        {"subject": str(cyl), "predicate": "memberOf", "object": str(gat), "article": "another-article"},
        {"subject": str(cyl), "predicate": "jobTitle", "object": "一级科员"},
    ]})
    _, g2 = article_graph(dev_extraction, curation=cur)
    assert (cyl, FK.deployedTo, hnsq) not in g2
    assert not list(g2.subjects(FK.agent, cyl))
    assert not [s for s in g2.subjects(RDF.subject, cyl) if (s, RDF.predicate, FK.deployedTo) in g2]
    assert (cyl, ORG.memberOf, gat) in g2           # only rejected in another article
    assert (cyl, SDO.jobTitle, Literal("一级科员", lang=ZH)) not in g2
    assert validate(g2).conforms


def test_curation_survives_reextraction(dev_extraction, handmade, tmp_path: Path) -> None:
    """A file written against one build applies to a fresh extraction of the same article."""
    _, g = article_graph(dev_extraction)
    path = tmp_path / "curation.yaml"
    path.write_text(f"reject_entities:\n  - entity: {rel(node(g, '姜亮'))}\n    note: not a person\n",
                    encoding="utf-8")
    cur = load_curation(path)
    _, fresh = article_graph(handmade.dev_extraction(), curation=cur)
    assert not set(fresh.subjects(RDFS.label, Literal("姜亮", lang=ZH)))


def test_example_file_parses(project_root: Path) -> None:
    cur = load_curation(project_root / "data" / "curation.example.yaml")
    assert len(cur) == 7


@pytest.mark.parametrize("data,match", [
    ({"merges": []}, "unknown sections"),
    ({"merge": [{"into": "person/a"}]}, "'from'"),
    ({"merge": [{"into": "person/a", "from": ["person/b"]}, {"into": "person/c", "from": ["person/b"]}]},
     "two different"),
    ({"rename": [{"entity": "person/a"}]}, "'label'"),
    ({"reject_facts": [{"subject": "person/a", "predicate": "likes", "object": "person/b"}]}, "likes"),
    ({"split": [{"entity": "person/a"}]}, "articles"),
    ({"reject_entities": [{}]}, "entity"),
])
def test_bad_files_say_what_is_wrong(data, match) -> None:
    with pytest.raises(CurationError, match=match):
        parse_curation(data)


def test_csv_curation(dev_extraction, tmp_path: Path) -> None:
    _, g = article_graph(dev_extraction)
    jl, cyl, hnsq = node(g, "姜亮"), node(g, "陈艳玲"), node(g, "湖南社区")
    path = tmp_path / "curation.csv"
    path.write_text(
        "action,entity,label,subject,predicate,object,note\n"
        f"reject_entities,{rel(jl)},,,,,not a person\n"
        f"rename,{rel(cyl)},陈艳琳,,,,\n"
        f"reject_facts,,,{rel(cyl)},deployedTo,{rel(hnsq)},\n", encoding="utf-8")
    cur = load_curation(path)
    assert len(cur) == 3
    _, g2 = article_graph(dev_extraction, curation=cur)
    assert not set(g2.subjects(RDFS.label, Literal("姜亮", lang=ZH)))
    assert (cyl, RDFS.label, Literal("陈艳琳", lang=ZH)) in g2
    assert (cyl, FK.deployedTo, hnsq) not in g2


def test_csv_with_a_bad_action(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("action,entity\nforget,person/x\n", encoding="utf-8")
    with pytest.raises(CurationError, match="line 2"):
        load_curation(path)
