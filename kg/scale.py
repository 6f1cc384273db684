"""Ingest a corpus of any size: stream, skip what the store holds, extract on Dask, write shards, load.

:func:`ingest_corpus` is what ``kg ingest`` and ``kg run`` call:

1. the inputs are read as a stream (``kg.read.read_paths``: JSONL/CSV record by record, compressed
   or not, directories file by file), never whole;
2. before an article is extracted, its input digest (``kg.ingest.input_digest``) is looked up in
   the store, a few hundred articles at a time: an article the store holds as built from the same
   input is skipped (reported unchanged), so a re-run after a crash does only what is missing;
3. the others go in batches to a Dask cluster (``kg.cluster``): the scheduler given, else a
   ``LocalCluster`` of one process per core; small inputs (fewer than ``SMALL_INPUT`` articles,
   without a scheduler) are extracted in this process by ``kg.ingest.ingest`` instead;
4. the workers' N-Quads are appended to shards (``kg.shards``) as batches complete;
5. the shards are loaded (bulk into the embedded store, Graph Store Protocol to a remote one), or
   kept for a later ``kg load`` (``load=False``).

Failures (unreadable inputs, articles over their time limit, articles whose worker died each time
they ran, identity collisions at load) are listed in the report; the other articles go in, and a
re-run extracts only the articles not in the store.
"""
from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.batch import Failure, check_timeout, worker_count
from kg.cluster import BATCH_SIZE, BuildOptions, Outcome, Task, dask_client, extract_on_cluster
from kg.ingest import IngestReport, ensure_ontology, ingest, input_digest, stored_input_digests
from kg.rdf.build import GraphCurator
from kg.rdf.iri import article_iri
from kg.records import Article, ReadFailure
from kg.shards import SHARD_ARTICLES, ShardWriter, load_shards, remove_shards
from kg.store.base import Store
from kg.vocab import DEFAULT_BASE

SMALL_INPUT = 200       # fewer articles than this, without a scheduler: extracted in this process
SKIP_CHUNK = 256        # articles whose input digests are looked up in one query

Progress = Callable[[int, int, str, str], None]  # (done, total or 0 when unknown, source, status)
Reader = Callable[[Sequence[str | Path]], Iterable[Article | ReadFailure]]


@dataclass
class CorpusReport(IngestReport):
    """What an ingest of a corpus did: ``IngestReport``'s counts, and how it ran."""

    mode: str = "in-process"                            # in-process | cluster
    extracted: int = 0                                  # articles extracted (not skipped)
    shards: list[str] = field(default_factory=list)     # shards written (kept unless loaded from a temp dir)
    max_in_flight: int = 0                              # most batches in flight at once
    loaded_quads: int = 0


def _default_reader() -> Reader:
    from kg.read import read_paths

    return lambda paths: read_paths(paths)


def ingest_corpus(paths: Sequence[str | Path], *, store: Store | None, scheduler: str | None = None,
                  client: Any = None, workers: int = 0, shards: Path | None = None, load: bool = True,
                  base: str = DEFAULT_BASE, curation: GraphCurator | None = None, run_time: datetime | None = None,
                  tagger: str = "lac", timeout: float | None = None, replace: bool = False, force: bool = False,
                  ontology: bool = True, batch_size: int = BATCH_SIZE, window: int | None = None,
                  per_shard: int = SHARD_ARTICLES, small_input: int = SMALL_INPUT, reader: Reader | None = None,
                  progress: Progress | None = None, skip_chunk: int = SKIP_CHUNK,
                  rules_only: bool = False) -> CorpusReport:
    """Read, extract and load every article under ``paths`` (see the module docstring).

    ``scheduler``: address of a Dask scheduler (``tcp://host:8786``); ``client``: a connected
    ``distributed.Client`` (tests, notebooks); neither: a ``LocalCluster`` of ``workers`` processes
    (0: one per core), or this process for fewer than ``small_input`` articles when neither shards
    are asked for nor loading is left for later. ``shards``: directory the shards are written to and
    kept in (default: a temporary one, removed after loading). ``load=False``: stop after writing the
    shards (``kg load`` loads them). ``force``: extract every article, even those the store holds as built.
    ``rules_only``: extract without the scorer's model.
    """
    worker_count(workers, 0)
    check_timeout(timeout)
    if store is None and load:
        raise ValueError("loading needs a store")
    moment = run_time or datetime.now(UTC)
    items = iter((reader or _default_reader())(list(paths)))
    head: list[Article | ReadFailure] = []
    if scheduler is None and client is None and shards is None and load:
        head = list(itertools.islice(items, small_input))
        if len(head) < small_input:       # the whole input: small enough for this process
            assert store is not None
            report = ingest([], store=store, reader=lambda _: head, base=base, curation=curation,
                            run_time=moment, ontology=ontology, jobs=workers, tagger=tagger, timeout=timeout,
                            replace=replace, force=force, rules_only=rules_only,
                            progress=progress)
            return CorpusReport(**vars(report), mode="in-process", extracted=len(report.written))
    report = CorpusReport(mode="cluster")
    if store is not None and ontology and load:
        ensure_ontology(store)
    options = BuildOptions(base=base, run_time=moment, curation=curation, tagger=tagger, timeout=timeout or None,
                           rules_only=rules_only)
    done = 0

    def tick(source: str, status: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, 0, source, status)

    def tasks() -> Iterator[Task]:
        for chunk in _chunks(itertools.chain(head, items), skip_chunk):
            articles: list[Article] = []
            for item in chunk:
                if isinstance(item, ReadFailure):
                    report.failures.append(Failure(item.source, "read", item.reason))
                    tick(item.source, "failed")
                else:
                    articles.append(item)
            digests = [input_digest(a, base=base, tagger=tagger, curation=curation, rules_only=rules_only)
                       for a in articles]
            iris = [str(article_iri(a, base)) for a in articles]
            held = stored_input_digests(store, iris) if store is not None and not force and articles else {}
            for article, iri, digest in zip(articles, iris, digests, strict=True):
                if held.get(iri) == digest:
                    report.unchanged.append(iri)
                    tick(article.source, "unchanged")
                else:
                    yield Task(article, digest)

    def in_flight(n: int) -> None:
        report.max_in_flight = max(report.max_in_flight, n)

    temporary = shards is None
    directory = Path(tempfile.mkdtemp(prefix="kg-shards-")) if temporary else Path(shards)  # type: ignore[arg-type]
    writer = ShardWriter(directory, per_shard=per_shard)
    try:
        pending = tasks()
        first = next(pending, None)
        if first is not None:      # a cluster only when something is left to extract
            with _client(scheduler, client, workers) as dask:
                for outcome in extract_on_cluster(itertools.chain([first], pending), options, client=dask,
                                                  batch_size=batch_size, window=window, on_submit=in_flight):
                    _record(outcome, report, writer)
                    tick(outcome.source, "failed" if outcome.failure else "extracted")
        paths_written = writer.close()
        report.shards = [str(p) for p in paths_written]
        if load:
            assert store is not None
            loaded = load_shards(paths_written, store, replace=replace)
            report.written += loaded.written
            report.unchanged += loaded.unchanged
            report.failures += loaded.failures
            report.loaded_quads = loaded.quads
            if temporary:
                remove_shards(paths_written)
                report.shards = []
    finally:
        writer.close()
        if temporary and load:
            shutil.rmtree(directory, ignore_errors=True)
    return report


def _record(outcome: Outcome, report: CorpusReport, writer: ShardWriter) -> None:
    if outcome.failure is not None:
        report.failures.append(outcome.failure)
        return
    assert outcome.quads is not None
    writer.write(outcome.quads)
    report.extracted += 1
    report.entities += outcome.entities
    report.facts += outcome.facts
    report.triples += outcome.quads.local + outcome.quads.shared


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class _client:
    """The client given, or one of ``dask_client`` (closed after)."""

    def __init__(self, scheduler: str | None, client: Any, workers: int):
        self.given, self.scheduler, self.workers = client, scheduler, workers
        self._cm: Any = None

    def __enter__(self) -> Any:
        if self.given is not None:
            return self.given
        self._cm = dask_client(self.scheduler, workers=self.workers)
        return self._cm.__enter__()

    def __exit__(self, *exc: Any) -> None:
        if self._cm is not None:
            self._cm.__exit__(*exc)
