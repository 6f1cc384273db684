"""The builder emits the contract triples, and nothing that looks like an entity but is not."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.errors import GraphBuildError
from kg.rdf import article_graph, graph_digest, serialize, to_dataset
from kg.rdf.serialize import union_graph
from kg.records import Extraction, Fact, Predicate
from kg.vocab import FK, ORG, PROV, RDF, RDFS, SDO, SKOS

CONTRACT = (FK.Person, FK.Organization, FK.Place)


def _by_label(g: Graph, name: str) -> URIRef:
    nodes = {s for s in g.subjects(RDFS.label, Literal(name, lang="zh-Hans"))}
    assert len(nodes) == 1, (name, nodes)
    return nodes.pop()  # type: ignore[return-value]


def test_article_graph_is_named_by_the_article(dev_extraction: Extraction) -> None:
    iri, g = article_graph(dev_extraction)
    assert iri == URIRef("https://w3id.org/frontline-kg/id/article/changle-2022-cadres")
    assert g.identifier == iri
    assert (iri, RDF.type, FK.Article) in g and (iri, RDF.type, SDO.NewsArticle) in g


def test_every_entity_is_typed_and_labelled(dev_extraction: Extraction) -> None:
    _, g = article_graph(dev_extraction)
    for entity in dev_extraction.entities:
        node = _by_label(g, entity.name)
        assert (node, RDF.type, FK[entity.type.value]) in g
    cyl = _by_label(g, "陈艳玲")
    assert (cyl, RDFS.label, Literal("chen yan ling", lang="zh-Latn-pinyin")) in g
    lcr = _by_label(g, "刘诚儒")
    assert (lcr, RDFS.label, Literal("劉誠儒", lang="zh-Hant")) in g
    ja = _by_label(g, "晋安区")
    assert (ja, SKOS.altLabel, Literal("晋安", lang="zh-Hans")) in g
    assert (ja, RDF.type, FK.District) in g
    assert (_by_label(g, "临时党支部"), RDF.type, FK.TemporaryPartyBranch) in g


def test_contract_relations(dev_extraction: Extraction) -> None:
    iri, g = article_graph(dev_extraction)
    cyl, hnsq, gat = _by_label(g, "陈艳玲"), _by_label(g, "湖南社区"), _by_label(g, "区港澳台办")
    assert (cyl, FK.deployedTo, hnsq) in g
    assert (cyl, ORG.memberOf, gat) in g
    assert (cyl, SDO.jobTitle, Literal("一级科员", lang="zh-Hans")) in g
    assert (_by_label(g, "长乐区"), FK.supports, _by_label(g, "仓山区")) in g
    assert (_by_label(g, "城门镇"), SDO.containedInPlace, _by_label(g, "仓山区")) in g
    assert (_by_label(g, "临时党支部"), SDO.location, _by_label(g, "白云村")) in g
    assert (iri, SDO.author, _by_label(g, "余少林")) in g
    assert (iri, FK.photographer, _by_label(g, "姜亮")) in g
    # the relative unit name is also searchable in its qualified form
    assert (gat, SKOS.altLabel, Literal("长乐区港澳台办", lang="zh-Hans")) in g


def test_only_entities_look_like_entities(dev_extraction: Extraction) -> None:
    """Evidence, statements, events, posts never get contract classes or rdfs:label with names."""
    _, g = article_graph(dev_extraction)
    typed = {s for c in CONTRACT for s in g.subjects(RDF.type, c)}
    assert len(typed) == len(dev_extraction.entities)
    for cls in (FK.Evidence, FK.Statement, FK.Deployment, ORG.Membership, ORG.Post, FK.Credit):
        for node in g.subjects(RDF.type, cls):
            assert not any(g.triples((node, RDFS.label, None))), node
            assert not any((node, RDF.type, c) in g for c in CONTRACT)
    labelled = {s for s in g.subjects(RDFS.label, None)}
    assert labelled == typed


def test_every_fact_has_a_statement_with_evidence(dev_extraction: Extraction) -> None:
    _, g = article_graph(dev_extraction)
    stmts = list(g.subjects(RDF.type, FK.Statement))
    assert len(stmts) == len({(f.subject, f.predicate, f.object) for f in dev_extraction.facts})
    for st in stmts:
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        assert (s, p, o) in g
        assert g.value(st, FK.confidence) is not None
        assert g.value(st, PROV.wasGeneratedBy) is not None
    # supports 长乐区 -> 晋安区 is stated twice: one statement, two evidence sentences, the best confidence
    ja_stmt = next(st for st in stmts if g.value(st, RDF.predicate) == FK.supports
                   and g.value(st, RDF.object) == _by_label(g, "晋安区"))
    assert len(set(g.objects(ja_stmt, FK.evidence))) == 2
    assert float(g.value(ja_stmt, FK.confidence)) == pytest.approx(0.9)
    ev = next(iter(g.objects(ja_stmt, FK.evidence)))
    text = str(g.value(ev, FK.text))
    start, end = int(g.value(ev, FK.start)), int(g.value(ev, FK.end))
    assert dev_extraction.article.text[start:end] == text


def test_deployment_event(dev_extraction: Extraction) -> None:
    _, g = article_graph(dev_extraction)
    cyl = _by_label(g, "陈艳玲")
    (dep,) = list(g.subjects(FK.agent, cyl))
    assert (dep, RDF.type, FK.Deployment) in g
    assert g.value(dep, FK.place) == _by_label(g, "湖南社区")
    assert g.value(dep, FK.originUnit) == _by_label(g, "区港澳台办")
    assert g.value(dep, FK.role) == Literal("一级科员", lang="zh-Hans")
    assert str(g.value(dep, FK.date)) == "2022-11"
    assert g.value(dep, FK.evidence) is not None


def test_posts_and_memberships(dev_extraction: Extraction) -> None:
    _, g = article_graph(dev_extraction)
    cyl, gat = _by_label(g, "陈艳玲"), _by_label(g, "区港澳台办")
    (post,) = list(g.subjects(ORG.heldBy, cyl))
    assert g.value(post, ORG.postIn) == gat
    assert g.value(post, FK.title) == Literal("一级科员", lang="zh-Hans")
    (ms,) = list(g.subjects(ORG.member, cyl))
    assert g.value(ms, ORG.organization) == gat and g.value(ms, ORG.role) is not None


def test_build_is_deterministic(dev_extraction: Extraction, handmade) -> None:
    _, a = article_graph(dev_extraction)
    _, b = article_graph(handmade.dev_extraction())
    assert graph_digest(a) == graph_digest(b)
    assert set(a) == set(b)


def test_run_time_is_kept_out_of_the_digest(dev_extraction: Extraction) -> None:
    from datetime import UTC, datetime

    _, plain = article_graph(dev_extraction)
    _, timed = article_graph(dev_extraction, run_time=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert len(timed) == len(plain) + 1
    assert graph_digest(timed) == graph_digest(plain)


def test_unknown_entity_key_is_an_error(dev_extraction: Extraction) -> None:
    from dataclasses import replace

    bad = replace(dev_extraction, facts=(Fact("cyl", Predicate.DEPLOYED_TO, "nowhere"),))
    with pytest.raises(GraphBuildError, match="nowhere"):
        article_graph(bad)


def test_dataset_has_one_named_graph_per_article(dev_extraction, other_extraction) -> None:
    ds = to_dataset([dev_extraction, other_extraction])
    names = {c.identifier for c in ds.graphs() if isinstance(c.identifier, URIRef)
             and "/article/" in str(c.identifier)}
    assert len(names) == 2
    union = union_graph(ds)
    assert set(union) == {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}


@pytest.mark.parametrize("suffix,keeps_graphs", [("ttl", False), ("trig", True), ("nq", True),
                                                   ("jsonld", True), ("nt", False)])
def test_serialize_roundtrip(tmp_path: Path, dev_extraction, other_extraction, suffix, keeps_graphs) -> None:
    ds = to_dataset([dev_extraction, other_extraction])
    out = tmp_path / f"out.{suffix}"
    serialize(ds, out)
    back = Dataset(default_union=True)
    back.parse(out, format={"ttl": "turtle", "nq": "nquads", "jsonld": "json-ld"}.get(suffix, suffix))
    assert set(union_graph(back)) == set(union_graph(ds))
    named = {c.identifier for c in back.graphs() if "/article/" in str(c.identifier)}
    assert len(named) == (2 if keeps_graphs else 0)


def test_serialize_to_bytes_by_format_name(dev_extraction) -> None:
    data = serialize(to_dataset([dev_extraction]), "trig")
    assert isinstance(data, bytes) and b"changle-2022-cadres" in data
