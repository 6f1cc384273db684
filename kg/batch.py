"""Extraction of many articles: one pipeline per process, every failure reported per article.

``kg ingest``, ``kg extract`` and the API's uploads all go through
``extract_all``: with ``jobs`` worker processes (0 = one per core) when the
batch is large enough to repay building a pipeline in each, in input order,
and with a failing article reported as a ``Failure`` while the others go on.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from kg.errors import ConfigError, KGError
from kg.records import Article, Extraction, ReadFailure

Extractor = Callable[[Article], Extraction]

# Below this many articles one process is faster than building a pipeline (about 1 s) per worker.
MIN_PARALLEL = 4


@dataclass(frozen=True)
class Failure:
    """An input that did not go through: where, at which stage, and why."""

    source: str
    stage: str      # read | extract | build | store
    reason: str

    def __str__(self) -> str:
        return f"{self.source} [{self.stage}]: {self.reason}"


def worker_count(jobs: int, articles: int) -> int:
    """Worker processes for ``articles`` articles: ``jobs`` (0 = one per core), 1 for small batches."""
    if jobs < 0:
        raise ConfigError(f"jobs must be 0 (one per core) or more, got {jobs}")
    wanted = (os.cpu_count() or 1) if jobs == 0 else jobs
    if articles < MIN_PARALLEL:
        return 1
    return max(1, min(wanted, articles))


def safe_extract(extract: Extractor, article: Article) -> Extraction | Failure:
    """The extraction of ``article``, or the failure saying why there is none."""
    try:
        return extract(article)
    except KGError as exc:
        return Failure(article.source, "extract", str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop a batch; it is reported
        return Failure(article.source, "extract", f"{type(exc).__name__}: {exc}")


_WORKER_NLP: Any = None  # the pipeline of a worker process, built once by _init_worker


def _init_worker(tagger: str) -> None:
    global _WORKER_NLP
    from kg.extract import build_pipeline

    _WORKER_NLP = build_pipeline(tagger=tagger)


def _extract_in_worker(article: Article) -> Extraction | Failure:
    from kg.extract import extract

    return safe_extract(lambda a: extract(a, nlp=_WORKER_NLP), article)


def default_extractor(nlp: Any = None, *, tagger: str = "lac") -> Extractor:
    """``kg.extract.extract`` with ``nlp`` (built here when not given)."""
    from kg.extract import build_pipeline, extract

    pipeline = nlp if nlp is not None else build_pipeline(tagger=tagger)
    return lambda article: extract(article, nlp=pipeline)


def extract_all(items: Sequence[Article | ReadFailure], *, extractor: Extractor | None = None, nlp: Any = None,
                jobs: int = 1, tagger: str = "lac"
                ) -> Iterator[tuple[Article | ReadFailure, Extraction | Failure | None]]:
    """Each item with its extraction (None for read failures), in input order.

    A given ``extractor`` (or ``nlp``) runs in this process; otherwise the
    pipeline of ``tagger`` runs in ``worker_count(jobs, n)`` processes.
    """
    articles = [i for i in items if isinstance(i, Article)]
    workers = worker_count(jobs, len(articles))
    if extractor is None and nlp is None and workers > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(tagger,)) as pool:
            done = pool.map(_extract_in_worker, articles)
            for item in items:
                yield item, (next(done) if isinstance(item, Article) else None)
        return
    extract = extractor
    for item in items:
        if isinstance(item, ReadFailure):
            yield item, None
            continue
        if extract is None:
            extract = default_extractor(nlp, tagger=tagger)
        yield item, safe_extract(extract, item)
