"""Extraction on a Dask cluster: batches of articles per task, results streamed back as they finish.

The same code runs on one machine and on many: :func:`extract_on_cluster` connects to the scheduler
at ``scheduler`` (``tcp://host:8786``: ``dask scheduler`` and ``dask worker`` processes started by
hand, see docs/scale.md) or, without one, starts a ``LocalCluster`` of worker *processes* (one per
core, one thread each: the tagger's ONNX runtime uses one thread, ``KG_TAGGER_THREADS``, so
processes carry the parallelism).

* Each worker process builds the pipeline once (:class:`PipelinePlugin` warms it when the worker
  starts; :func:`worker_extractor` caches it). With a per-article time limit the worker extracts in
  a :class:`kg.batch.ExtractionPool` of one process, killed and replaced past the limit, so an
  article over its limit fails alone.
* A task extracts a batch of articles and builds their N-Quads (``kg.rdf.nquads``) on the worker:
  what comes back is text and counts, never the extraction records.
* At most ``window`` batches are in flight; the driver consumes results as they complete
  (``as_completed``) and submits the next batch, so neither side holds the corpus.
* A worker killed mid-run: Dask runs its batches again on the others. A batch that keeps killing
  workers (``KilledWorker``) is split and run article by article, so only the culprit fails.
"""
from __future__ import annotations

import collections
import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError  # distributed's FutureCancelledError: data lost with a worker
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from distributed import WorkerPlugin

from kg.batch import DEFAULT_FACTORY, RULES_ONLY_FACTORY, ExtractionPool, Failure, safe_extract
from kg.errors import ConfigError, KGError
from kg.rdf.build import GraphCurator
from kg.rdf.nquads import ArticleQuads, article_quads
from kg.records import Article, Extraction
from kg.vocab import DEFAULT_BASE

BATCH_SIZE = 16        # articles per task: long enough to repay the task's overhead, short enough to balance
WINDOW_PER_WORKER = 2  # batches in flight per worker: one running, one queued


@dataclass(frozen=True)
class Task:
    """One article to extract, with the digest of its input (recorded on its extraction run)."""

    article: Article
    input_digest: str | None = None


@dataclass(frozen=True)
class BuildOptions:
    """What a worker needs besides the articles: how to extract and how to build the graphs."""

    base: str = DEFAULT_BASE
    run_time: datetime | None = None
    curation: GraphCurator | None = None
    tagger: str = "lac"
    timeout: float | None = None
    rules_only: bool = False   # without the scorer's model


@dataclass(frozen=True)
class Outcome:
    """What became of one article on a worker: its N-Quads, or its failure."""

    source: str
    quads: ArticleQuads | None = None
    failure: Failure | None = None
    entities: int = 0
    facts: int = 0


# --------------------------------------------------------------------------- on the workers

_EXTRACTORS: dict[tuple[str, float | None, bool], Callable[[Article], Extraction | Failure]] = {}


def worker_extractor(tagger: str, timeout: float | None, rules_only: bool = False
                     ) -> Callable[[Article], Extraction | Failure]:
    """This process's extractor for ``tagger`` (``rules_only``: without the scorer's model), built on first
    use and kept (one pipeline per worker)."""
    key = (tagger, timeout or None, rules_only)
    extract = _EXTRACTORS.get(key)
    if extract is None:
        if timeout:
            pool = ExtractionPool(1, tagger=tagger, timeout=timeout,
                                  factory=RULES_ONLY_FACTORY if rules_only else DEFAULT_FACTORY)
            extract = pool.extract
        else:
            from kg.batch import default_extractor

            pipeline = default_extractor(tagger=tagger, rules_only=rules_only)

            def extract(article: Article) -> Extraction | Failure:
                return safe_extract(pipeline, article)

        _EXTRACTORS[key] = extract
    return extract


def build_outcome(task: Task, result: Extraction | Failure, options: BuildOptions) -> Outcome:
    """The N-Quads of an extraction, or the failure (of extraction, or of building)."""
    source = task.article.source
    if isinstance(result, Failure):
        return Outcome(source, failure=result)
    try:
        quads = article_quads(result, base=options.base, run_time=options.run_time, curation=options.curation,
                              input_digest=task.input_digest)
    except KGError as exc:
        return Outcome(source, failure=Failure(source, "build", str(exc)))
    except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop a batch; it is reported
        return Outcome(source, failure=Failure(source, "build", f"{type(exc).__name__}: {exc}"))
    return Outcome(source, quads=quads, entities=len(result.entities), facts=len(result.facts))


def extract_batch(tasks: list[Task], options: BuildOptions) -> list[Outcome]:
    """Extract and build a batch of articles in this worker (the task Dask runs)."""
    extract = worker_extractor(options.tagger, options.timeout, options.rules_only)
    return [build_outcome(task, extract(task.article), options) for task in tasks]


class PipelinePlugin(WorkerPlugin):  # type: ignore[misc]
    """A Dask worker plugin that builds the pipeline when the worker starts, before its first task."""

    def __init__(self, tagger: str, timeout: float | None, rules_only: bool = False):
        self.tagger, self.timeout, self.rules_only = tagger, timeout, rules_only
        self.name = f"frontline-kg-pipeline-{tagger}-{timeout or 0:g}{'-rules-only' if rules_only else ''}"
        self.idempotent = True   # registered again by the next ingest on the same cluster: kept as it is

    def setup(self, worker: Any) -> None:
        extract = worker_extractor(self.tagger, self.timeout, self.rules_only)
        if self.timeout:
            pool = getattr(extract, "__self__", None)
            if isinstance(pool, ExtractionPool):
                pool.warm()

    def teardown(self, worker: Any) -> None:
        for extract in _EXTRACTORS.values():
            pool = getattr(extract, "__self__", None)
            if isinstance(pool, ExtractionPool):
                pool.close()
        _EXTRACTORS.clear()


# --------------------------------------------------------------------------- on the driver

def batches(tasks: Iterable[Task], size: int = BATCH_SIZE) -> Iterator[list[Task]]:
    """``tasks`` cut into lists of ``size`` (the last one shorter), lazily."""
    if size < 1:
        raise ConfigError(f"a batch holds at least one article, got {size}")
    batch: list[Task] = []
    for task in tasks:
        batch.append(task)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# Dask keeps the last messages of each connection for debugging (``distributed.admin.low-level-log-length``,
# 1000): the client's messages to the scheduler carry the tasks' arguments, so it would hold the articles of
# the last thousand batches. Streaming needs it off.
NO_MESSAGE_LOG = {"distributed.admin.low-level-log-length": 0}


def forget_messages(client: Any) -> None:
    """Stop ``client`` keeping its recent messages to the scheduler (they hold the batches sent)."""
    comm = getattr(client, "scheduler_comm", None)
    log = getattr(comm, "recent_message_log", None)
    if log is not None and log.maxlen != 0:
        comm.recent_message_log = collections.deque(maxlen=0)  # type: ignore[union-attr]


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, *, workers: int = 0) -> Iterator[Any]:
    """A ``distributed.Client``: of the scheduler at ``scheduler``, else of a new ``LocalCluster`` of
    ``workers`` processes (0: one per core), one thread each."""
    import dask

    with dask.config.set(NO_MESSAGE_LOG), _client_or_cluster(scheduler, workers) as client:
        yield client


@contextlib.contextmanager
def _client_or_cluster(scheduler: str | None, workers: int) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or os.cpu_count() or 1
    with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _worker_total(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def extract_on_cluster(tasks: Iterable[Task], options: BuildOptions, *, client: Any,
                       batch_size: int = BATCH_SIZE, window: int | None = None,
                       on_submit: Callable[[int], None] | None = None) -> Iterator[Outcome]:
    """The outcome of every task, in the order batches complete, with at most ``window`` batches in flight
    (default: two per worker). ``on_submit`` hears how many batches are in flight after each submission."""
    from distributed import KilledWorker, as_completed

    forget_messages(client)
    plugin = PipelinePlugin(options.tagger, options.timeout, options.rules_only)
    client.register_plugin(plugin, name=plugin.name)
    limit = window or WINDOW_PER_WORKER * _worker_total(client)
    done = as_completed()
    running: dict[Any, _InFlight] = {}

    def submit(batch: list[Task], tries: int = 0) -> None:
        # The batch goes to a worker by scatter, and the task gets its future: passed as the task's
        # argument, the driver's client and scheduler would keep every batch ever sent (dask/distributed
        # #8859; bench/results/dask_payload.md). The driver keeps its own copy while the batch is in flight.
        data = _scatter(client, batch)
        future = client.submit(extract_batch, data, options, pure=False)
        running[future] = _InFlight(batch, data, tries)
        done.add(future)
        if on_submit:
            on_submit(len(running))

    def settle(future: Any) -> Iterator[Outcome]:
        flight = running.pop(future)
        batch = flight.batch
        try:
            outcomes = future.result()
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, the batch's articles are reported
            # The worker died with the batch (killed, out of memory; the scattered copy went with it), or
            # the batch keeps killing workers (KilledWorker): send it again from the driver's copy, then
            # article by article, so that only an article that kills its worker each time fails.
            if flight.tries < RESUBMITS:
                submit(batch, flight.tries + 1)
                return
            if len(batch) > 1:
                for task in batch:
                    submit([task])
                return
            why = ("its worker died each time it ran (killed, or out of memory)"
                   if isinstance(exc, KilledWorker | CancelledError) else f"{type(exc).__name__}: {exc}")
            outcomes = [Outcome(t.article.source, failure=Failure(t.article.source, "extract",
                                                                  f"article {t.article.id!r}: {why}"))
                        for t in batch]
        finally:
            future.release()
            flight.data.release()
        yield from outcomes

    for batch in batches(tasks, batch_size):
        submit(batch)
        while len(running) >= limit:
            yield from settle(next(done))
    while running:
        yield from settle(next(done))


RESUBMITS = 2  # times a batch whose worker died is sent again whole, before it is split article by article
SCATTER_TRIES = 20   # a scatter to a worker that just died fails; the scheduler soon knows, and another takes it
SCATTER_WAIT = 0.5   # seconds between tries


def _scatter(client: Any, batch: list[Task]) -> Any:
    """The future of ``batch`` scattered to a worker, tried again while the chosen worker turns out dead."""
    for _ in range(SCATTER_TRIES - 1):
        try:
            return client.scatter([batch], hash=False)[0]
        except OSError:   # distributed's CommClosedError (a dead worker's connection) is an OSError
            time.sleep(SCATTER_WAIT)
    return client.scatter([batch], hash=False)[0]   # the last try: its error is the caller's


@dataclass
class _InFlight:
    """A submitted batch: the driver's copy, the future of its scattered copy, and how often it was sent again."""

    batch: list[Task]
    data: Any
    tries: int


