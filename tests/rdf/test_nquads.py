"""Direct N-Quads equal what the rdflib builder and ``split_article`` give, graph by graph."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.compare import isomorphic

from kg.curation import parse_curation
from kg.errors import GraphBuildError
from kg.extract import build_pipeline, extract
from kg.rdf.build import SHARED_GRAPH, article_graph, graph_digest, new_graph, split_article
from kg.rdf.nquads import article_quads, term_nt
from kg.read import read_paths
from kg.records import Article, Extraction
from kg.vocab import FK, PROV, RDF, XSD

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture(scope="module")
def sample_extractions() -> list[Extraction]:
    nlp = build_pipeline()
    articles = [a for a in read_paths([SAMPLES]) if isinstance(a, Article)]
    assert len(articles) >= 5
    return [extract(a, nlp=nlp) for a in articles]


def expected(extraction: Extraction, **kw) -> tuple[URIRef, object, object, str]:
    """What ``kg.ingest`` stores for an article, built with rdflib: (iri, local graph, shared graph, digest)."""
    iri, graph = article_graph(extraction, run_time=T0, **kw)
    parts = split_article(iri, graph)
    digest = graph_digest(parts.local)
    run = next(iter(parts.local.subjects(PROV.used, iri)))
    parts.local.add((run, FK.contentDigest, Literal(digest)))
    return iri, parts.local, parts.shared, digest


def parsed(text: str) -> Dataset:
    ds = Dataset()
    ds.parse(data=text, format="nquads")
    return ds


def check_equal(extraction: Extraction, **kw) -> None:
    iri, local, shared, digest = expected(extraction, **kw)
    quads = article_quads(extraction, run_time=T0, **kw)
    assert quads.iri == str(iri) and quads.digest == digest
    ds = parsed(quads.text)
    assert {str(g.identifier) for g in ds.graphs() if len(g)} == ({str(iri), str(SHARED_GRAPH)} if len(shared)
                                                                   else {str(iri)})
    assert isomorphic(ds.graph(iri), local)
    assert isomorphic(ds.graph(SHARED_GRAPH), shared)
    assert quads.local == len(local) and quads.shared == len(shared)
    # the article's lines come first, then its shared lines: a shard can be cut back into articles
    graphs = [line.rsplit(" ", 2)[-2] for line in quads.text.splitlines()]
    assert graphs == sorted(graphs, key=lambda g: g == f"<{SHARED_GRAPH}>")


def test_sample_articles_equal_the_rdflib_build(sample_extractions: list[Extraction]) -> None:
    for extraction in sample_extractions:
        check_equal(extraction)
    assert any(extraction.facts for extraction in sample_extractions)


def test_handmade_articles_equal_the_rdflib_build(dev_extraction: Extraction, other_extraction: Extraction) -> None:
    check_equal(dev_extraction)
    check_equal(other_extraction)


def test_curated_article_equals_the_rdflib_build(dev_extraction: Extraction) -> None:
    _, graph = article_graph(dev_extraction)
    person = next(graph.subjects(RDF.type, FK.Person))
    curation = parse_curation({"rename": [{"entity": str(person), "label": "新名字"}]})
    assert isomorphic(article_graph(dev_extraction, curation=curation)[1], graph) is False
    check_equal(dev_extraction, curation=curation)


def test_input_digest_is_recorded_on_the_run(dev_extraction: Extraction) -> None:
    quads = article_quads(dev_extraction, run_time=T0, input_digest="abc123")
    graph = parsed(quads.text).graph(URIRef(quads.iri))
    run = graph.value(predicate=PROV.used, object=URIRef(quads.iri))
    assert graph.value(run, FK.inputDigest) == Literal("abc123")
    assert graph.value(run, FK.contentDigest) == Literal(quads.digest)


def test_terms_are_escaped_as_ntriples() -> None:
    g = new_graph()
    lit = Literal('他说"好"\n下一行\\', lang="zh-Hans")
    g.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), lit))
    text = f"{term_nt(URIRef('https://example.org/a'))} {term_nt(URIRef('https://example.org/p'))} {term_nt(lit)} .\n"
    back = new_graph()
    back.parse(data=text, format="nt")
    assert isomorphic(back, g)
    assert term_nt(Literal(3)) == f'"3"^^<{XSD.integer}>'
    with pytest.raises(GraphBuildError):
        term_nt(URIRef("https://example.org/a b"))
