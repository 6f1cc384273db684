"""Ingest: failures reported, whole articles written, re-ingest leaves the store unchanged."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.curation import parse_curation
from kg.errors import ExtractionError
from kg.ingest import IngestReport, ingest
from kg.rdf.ontology import ONTOLOGY_GRAPH
from kg.rdf.validate import validate
from kg.records import Article, Extraction, ReadFailure
from kg.store.memory import MemoryStore
from kg.store.oxigraph import OxigraphStore

T0 = datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 1, 2, tzinfo=UTC)


class Fake:
    """Reader and extractor over the hand-made extractions (the real ones are tested below)."""

    def __init__(self, handmade, broken: bool = True):
        self.extractions = {e.article.id: e for e in (handmade.dev_extraction(), handmade.other_extraction())}
        self.broken = broken

    def read(self, paths) -> list[Article | ReadFailure]:
        out: list[Article | ReadFailure] = [e.article for e in self.extractions.values()]
        if self.broken:
            bad = replace(next(iter(self.extractions.values())).article, id="bad", source="bad.txt")
            out += [ReadFailure("missing.txt", "no such file or directory"), bad]
        return out

    def extract(self, article: Article) -> Extraction:
        if article.id not in self.extractions:
            raise ExtractionError(f"article {article.id!r}: the pipeline failed")
        return self.extractions[article.id]


def run(store, fake: Fake, **kw) -> IngestReport:
    return ingest(["ignored"], store=store, reader=fake.read, extractor=fake.extract, **kw)


def article_graphs(store) -> list[str]:
    return [g for g in store.graphs() if "/article/" in g]


def test_ingest_reports_and_loads(handmade) -> None:
    store = MemoryStore.open()
    seen: list[tuple[int, int, str, str]] = []
    report = run(store, Fake(handmade), run_time=T0, progress=lambda *a: seen.append(a))
    assert report.articles == 2 and len(report.written) == 2
    assert report.entities == sum(len(e.entities) for e in Fake(handmade).extractions.values())
    assert {(f.source, f.stage) for f in report.failures} == {("missing.txt", "read"), ("bad.txt", "extract")}
    assert not report.ok
    assert len(article_graphs(store)) == 2 and str(ONTOLOGY_GRAPH) in store.graphs()
    assert [s[:2] for s in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert [s[3] for s in seen] == ["written", "written", "failed", "failed"]
    assert report.triples == len(store) - len(store.query(
        "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ONTOLOGY_GRAPH}).rows)


def test_reingest_leaves_the_store_unchanged(handmade, tmp_path: Path) -> None:
    store = OxigraphStore.open(tmp_path / "s")
    fake = Fake(handmade, broken=False)
    run(store, fake, run_time=T0)
    before = store.export("nq")
    again = run(store, fake, run_time=T1)  # a later run: only the run time would differ
    assert len(again.unchanged) == 2 and again.written == [] and again.ok
    assert store.export("nq") == before
    store.close()


def test_changed_article_replaces_its_graph(handmade) -> None:
    store = MemoryStore.open()
    fake = Fake(handmade, broken=False)
    run(store, fake, run_time=T0)
    n = len(store)
    dev = fake.extractions["changle-2022-cadres"]
    fake.extractions["changle-2022-cadres"] = replace(dev, facts=dev.facts[:-3])
    report = run(store, fake, run_time=T1)
    assert report.written == ["https://w3id.org/frontline-kg/id/article/changle-2022-cadres"]
    assert report.unchanged == ["https://w3id.org/frontline-kg/id/article/other-2022-followup"]
    assert len(store) < n
    times = store.query("SELECT ?t WHERE { ?r prov:endedAtTime ?t }").rows
    assert {t[0].toPython() for t in times} == {T0, T1}


def test_curation_is_applied_on_ingest(handmade) -> None:
    store = MemoryStore.open()
    fake = Fake(handmade, broken=False)
    run(store, fake)
    (row,) = store.query("SELECT ?p WHERE { ?p rdfs:label \"姜亮\"@zh-Hans }").rows
    cur = parse_curation({"reject_entities": [{"entity": str(row[0])}]})
    report = run(store, fake, curation=cur)
    assert len(report.written) == 1  # only the article that mentions him changes
    assert store.query("ASK { ?p rdfs:label \"姜亮\"@zh-Hans }").boolean is False


# ----------------------------------------------------------------------------- real stages


@pytest.fixture(scope="session")
def nlp():
    from kg.extract import build_pipeline

    return build_pipeline()


@pytest.mark.slow
def test_end_to_end_on_the_dev_article(nlp, dev_article_path: Path, tmp_path: Path) -> None:
    """Real reader, real extractor, real store: the graph passes SHACL; a second ingest changes nothing."""
    store = OxigraphStore.open(tmp_path / "s")
    report = ingest([dev_article_path], store=store, nlp=nlp)
    assert report.ok, report.failures
    assert report.articles == 1 and report.entities > 20 and report.facts > 20
    (iri,) = article_graphs(store)
    res = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": URIRef(iri)})
    assert res.graph is not None
    v = validate(res.graph)
    assert v.conforms, v.text
    people = store.query("SELECT ?n WHERE { ?p a fk:Person ; fk:deployedTo ?place ; rdfs:label ?n "
                         "FILTER(langMatches(lang(?n), 'zh-Hans')) }")  # oxigraph lower-cases tags
    assert len(people.rows) >= 3
    before = store.export("nq")
    again = ingest([dev_article_path], store=store, nlp=nlp)
    assert again.unchanged == [iri] and again.written == []
    assert store.export("nq") == before
    store.close()


def test_round_trip_graph_equals_built_graph(handmade) -> None:
    """What comes out of the store is what went in (values compared, spellings of numbers aside)."""
    from rdflib import Literal

    from kg.rdf import article_graph

    store = MemoryStore.open()
    fake = Fake(handmade, broken=False)
    run(store, fake, run_time=T0, ontology=False)
    iri, built = article_graph(fake.extractions["changle-2022-cadres"], run_time=T0)
    res = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": iri})
    back: Graph = res.graph  # type: ignore[assignment]

    def norm(g: Graph) -> set:
        return {tuple(t.toPython() if isinstance(t, Literal) and t.datatype else t for t in tr) for tr in g}

    assert norm(back) - norm(built) == {x for x in norm(back) if "contentDigest" in str(x[1])}
    assert norm(built) <= norm(back)


@pytest.mark.slow
def test_every_sample_passes_shacl(nlp, project_root: Path) -> None:
    """`make run` ingests data/samples: every article graph it makes conforms to the shapes."""
    store = MemoryStore.open()
    report = ingest([project_root / "data" / "samples"], store=store, nlp=nlp)
    assert report.ok, report.failures
    assert report.articles >= 5
    for iri in article_graphs(store):
        res = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                          bindings={"g": URIRef(iri)})
        v = validate(res.graph)  # type: ignore[arg-type]
        assert v.conforms, f"{iri}\n{v.text}"


@pytest.mark.slow
def test_parallel_extraction_gives_the_same_store(nlp, project_root: Path) -> None:
    """jobs=2 (worker processes) writes exactly what jobs=1 writes."""
    samples = [project_root / "data" / "samples"]
    one, two = MemoryStore.open(), MemoryStore.open()
    r1 = ingest(samples, store=one, nlp=nlp, run_time=T0)
    r2 = ingest(samples, store=two, jobs=2, run_time=T0)
    assert r1.written == r2.written and r2.ok
    assert one.export("nq") == two.export("nq")


def test_jobs_must_not_be_negative(handmade) -> None:
    from kg.errors import ConfigError

    with pytest.raises(ConfigError, match="jobs"):
        run(MemoryStore.open(), Fake(handmade), jobs=-1)
