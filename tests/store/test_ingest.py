"""Ingest: failures reported, whole articles written, re-ingest leaves the store unchanged."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph

from kg.curation import parse_curation
from kg.errors import ExtractionError
from kg.ingest import IngestReport, ingest, read_article
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
    onto = len(store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ONTOLOGY_GRAPH}).rows)
    # every triple written is in the store; those both articles state are held once (shared graph)
    assert 0 < len(store) - onto <= report.triples


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
    v = validate(read_article(store, iri))
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
    back = read_article(store, iri)

    def norm(g: Graph) -> set:
        return {tuple(t.toPython() if isinstance(t, Literal) and t.datatype else
                      Literal(str(t), lang=t.language.lower()) if isinstance(t, Literal) and t.language else t
                      for t in tr) for tr in g}

    assert norm(back) == norm(built)


@pytest.mark.slow
def test_every_sample_passes_shacl(nlp, project_root: Path) -> None:
    """`make run` ingests data/samples: every article graph it makes conforms to the shapes."""
    store = MemoryStore.open()
    report = ingest([project_root / "data" / "samples"], store=store, nlp=nlp)
    assert report.ok, report.failures
    assert report.articles >= 5
    for iri in article_graphs(store):
        v = validate(read_article(store, iri))
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


# ----------------------------------------------------------------------------- the shared graph


def shared_keys(store) -> tuple[set[str], set[str]]:
    """(keys the article graphs list, keys of the triples the shared graph holds)."""
    from kg.rdf.build import SHARED_GRAPH, triple_key

    listed = {str(r[0]) for r in store.query("SELECT ?k WHERE { GRAPH ?g { ?a fk:sharedTriple ?k } }").rows}
    held = store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": SHARED_GRAPH}).rows
    return listed, {triple_key(tuple(r)) for r in held}


def union_rows(store) -> tuple[int, int]:
    """(rows of SELECT * over the default graph, distinct rows)."""
    every = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    distinct = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }").rows[0][0]
    return int(every), int(distinct)


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_shared_triples_are_stored_once_and_counted_by_reference(handmade, tmp_path: Path, kind: str) -> None:
    store = MemoryStore.open() if kind == "memory" else OxigraphStore.open(tmp_path / "s")
    fake = Fake(handmade, broken=False)
    run(store, fake, run_time=T0, ontology=False)
    every, distinct = union_rows(store)
    assert every == distinct == len(store)            # no triple in two graphs
    listed, held = shared_keys(store)
    assert listed == held and len(held) > 50          # every shared triple is listed, every listing held
    # both articles speak of 陈艳玲 (same unit): her label is one triple, listed by both articles
    (row,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p rdfs:label \"陈艳玲\"@zh-Hans } }").rows
    assert int(row[0]) == 1
    dev_iri = "https://w3id.org/frontline-kg/id/article/changle-2022-cadres"
    other_iri = "https://w3id.org/frontline-kg/id/article/other-2022-followup"
    other_alone = read_article(store, other_iri)

    # replace the dev article by a version that forgets most of its entities: what only it said goes
    dev = fake.extractions["changle-2022-cadres"]
    keep = {e.key for e in dev.entities[:3]}
    fake.extractions["changle-2022-cadres"] = replace(
        dev, entities=dev.entities[:3], facts=tuple(f for f in dev.facts
                                                     if f.subject in keep | {"article"} and f.object in keep))
    report = run(store, fake, run_time=T0, ontology=False)
    assert report.written == [dev_iri]
    listed, held = shared_keys(store)
    assert listed == held
    assert union_rows(store)[0] == union_rows(store)[1]
    assert set(read_article(store, other_iri)) == set(other_alone)   # the other article is untouched

    # remove the dev article: the other article is whole, nothing of the dev article is left
    from kg.ingest import remove_article

    assert remove_article(store, dev_iri) and not remove_article(store, dev_iri)
    assert set(read_article(store, other_iri)) == set(other_alone)
    listed, held = shared_keys(store)
    assert listed == held
    assert not store.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?s), 'changle')) }").boolean
    assert remove_article(store, other_iri)
    assert len(store) == 0
    store.close()
