"""Ingest: read -> extract -> build -> load, one article at a time, failures collected.

Each article is written as one named-graph replacement (atomic in every
store), so an interrupted ingest leaves whole articles only. The graph of an
article carries a digest of its content (``fk:contentDigest``, run times
excluded); when the store already holds the same digest the article is left
alone, so ingesting the same input twice leaves the store unchanged.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from kg.batch import Extractor, Failure, check_timeout, extract_all, worker_count
from kg.errors import KGError
from kg.rdf.build import GraphCurator, article_graph, graph_digest
from kg.rdf.ontology import ONTOLOGY_GRAPH, ontology_graph
from kg.records import Article, Extraction, ReadFailure
from kg.store.base import Store
from kg.vocab import DEFAULT_BASE, FK, PROV

Reader = Callable[[Sequence[str | Path]], Iterable[Article | ReadFailure]]
Progress = Callable[[int, int, str, str], None]  # (done, total, source, status)
IngestFailure = Failure  # an input that did not go in (kg.batch.Failure)


@dataclass
class IngestReport:
    """What an ingest did."""

    written: list[str] = field(default_factory=list)      # article IRIs written (new or changed)
    unchanged: list[str] = field(default_factory=list)    # article IRIs already in the store as built
    entities: int = 0                                     # entities of the articles ingested
    facts: int = 0                                        # facts of the articles ingested
    triples: int = 0                                      # triples of the graphs written
    failures: list[IngestFailure] = field(default_factory=list)

    @property
    def articles(self) -> int:
        """Articles that are in the store as built by this run (written or unchanged)."""
        return len(self.written) + len(self.unchanged)

    @property
    def ok(self) -> bool:
        return not self.failures


def stored_digest(store: Store, graph_iri: URIRef) -> str | None:
    """The content digest recorded in the store for an article graph, if any."""
    res = store.query("SELECT ?d WHERE { GRAPH ?g { ?run fk:contentDigest ?d } }", bindings={"g": graph_iri})
    return str(res.rows[0][0]) if res.rows and res.rows[0][0] is not None else None


def ensure_ontology(store: Store) -> bool:
    """Put the ontology in its named graph when missing or different; True when written."""
    onto = ontology_graph()
    digest = graph_digest(onto)
    current = store.query("SELECT ?d WHERE { GRAPH ?g { ?g fk:contentDigest ?d } }",
                          bindings={"g": ONTOLOGY_GRAPH})
    if current.rows and str(current.rows[0][0]) == digest:
        return False
    onto.add((ONTOLOGY_GRAPH, FK.contentDigest, Literal(digest)))
    store.replace_graph(str(ONTOLOGY_GRAPH), onto)
    return True


def _default_reader() -> Reader:
    from kg.read import read_paths

    return lambda paths: read_paths(paths)


def ingest(paths: Sequence[str | Path], *, store: Store, nlp: Any = None, base: str = DEFAULT_BASE,
           curation: GraphCurator | None = None, progress: Progress | None = None,
           reader: Reader | None = None, extractor: Extractor | None = None,
           run_time: datetime | None = None, ontology: bool = True, jobs: int = 1,
           tagger: str = "lac", timeout: float | None = None) -> IngestReport:
    """Read, extract, build and load every article under ``paths`` into ``store``.

    ``reader``/``extractor`` default to ``kg.read.read_paths`` and
    ``kg.extract.extract`` with ``nlp`` (built once here when not given).
    Without ``extractor``/``nlp``, ``jobs`` worker processes (0: one per core;
    see ``kg.batch.worker_count``) extract with one pipeline of ``tagger`` each
    while this process builds and writes, in input order.
    ``run_time`` (default: now) is recorded on each extraction run.
    ``ontology`` also keeps the ontology in its own named graph. A failing
    article is reported and skipped; the others go in. ``timeout``: seconds one
    article may take to extract (None/0: no limit; see ``kg.batch.ExtractionPool``):
    an article over it is reported as failed with the stage it was in.
    """
    worker_count(jobs, 0)  # a bad value fails before anything is read
    check_timeout(timeout)
    report = IngestReport()
    read = reader or _default_reader()
    items = list(read(list(paths)))
    total = len(items)
    if ontology:
        ensure_ontology(store)
    moment = run_time or datetime.now(UTC)
    pairs = extract_all(items, extractor=extractor, nlp=nlp, jobs=jobs, tagger=tagger, timeout=timeout)
    for done, (item, extracted) in enumerate(pairs, 1):
        if isinstance(item, ReadFailure):
            report.failures.append(IngestFailure(item.source, "read", item.reason))
            status = "failed"
        elif isinstance(extracted, IngestFailure):
            report.failures.append(extracted)
            status = "failed"
        else:
            assert extracted is not None
            status = _one(item, extracted, report, store=store, base=base, curation=curation, moment=moment)
        if progress:
            progress(done, total, item.source, status)
    return report


def _one(article: Article, extraction: Extraction, report: IngestReport, *, store: Store, base: str,
         curation: GraphCurator | None, moment: datetime) -> str:
    """Build and load one extracted article; returns its status (written, unchanged, failed)."""
    stage = "build"
    try:
        iri, graph = article_graph(extraction, base=base, run_time=moment, curation=curation)
        digest = graph_digest(graph)
        run = next(iter(graph.subjects(PROV.used, iri)), None)
        if run is not None:
            graph.add((run, FK.contentDigest, Literal(digest)))
        stage = "store"
        unchanged = stored_digest(store, iri) == digest
        if not unchanged:
            store.replace_graph(str(iri), graph)
    except KGError as exc:
        report.failures.append(IngestFailure(article.source, stage, str(exc)))
        return "failed"
    except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop a batch; it is reported
        report.failures.append(IngestFailure(article.source, stage, f"{type(exc).__name__}: {exc}"))
        return "failed"
    report.entities += len(extraction.entities)
    report.facts += len(extraction.facts)
    if unchanged:
        report.unchanged.append(str(iri))
        return "unchanged"
    report.written.append(str(iri))
    report.triples += len(graph)
    return "written"
