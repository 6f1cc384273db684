"""Extraction of many articles: one pipeline per process, every failure reported per article.

``kg ingest``, ``kg extract`` and the API's uploads all go through
``extract_all``: with ``jobs`` worker processes (0 = one per core) when the
batch is large enough to repay building a pipeline in each, in input order,
and with a failing article reported as a ``Failure`` while the others go on.

With a time limit (``timeout``, ``--article-timeout``, default ``KG_ARTICLE_TIMEOUT`` = 30 s)
the articles are extracted in an :class:`ExtractionPool`: worker processes that are killed
and replaced when an article runs past the limit (Python cannot interrupt a regular
expression running in C, so a thread or a signal would not do). The article is reported
as a ``Failure`` naming its id and the stage it was in (``kg.stages``), and the batch goes
on. The workers die with their parent, even when it is killed with ``kill -9``.
"""
from __future__ import annotations

import contextlib
import ctypes
import importlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg import stages
from kg.errors import ConfigError, KGError
from kg.records import Article, Extraction, ReadFailure

Extractor = Callable[[Article], Extraction]

# Below this many articles one process is faster than building a pipeline (about 1 s) per worker.
MIN_PARALLEL = 4


@dataclass(frozen=True)
class Failure:
    """An input that did not go through: where, at which stage, and why."""

    source: str
    stage: str      # read | extract | build | store, or the stage (kg.stages) an article timed out in
    reason: str
    timed_out: bool = False

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


def _init_worker(tagger: str, rules_only: bool = False) -> None:
    global _WORKER_NLP
    from kg.extract import build_pipeline

    _WORKER_NLP = build_pipeline(tagger=tagger, rules_only=rules_only)


def _extract_in_worker(article: Article) -> Extraction | Failure:
    from kg.extract import extract

    return safe_extract(lambda a: extract(a, nlp=_WORKER_NLP), article)


def default_extractor(nlp: Any = None, *, tagger: str = "lac", rules_only: bool = False) -> Extractor:
    """``kg.extract.extract`` with ``nlp`` (built here when not given; ``rules_only``: without the scorer's model)."""
    from kg.extract import build_pipeline, extract

    pipeline = nlp if nlp is not None else build_pipeline(tagger=tagger, rules_only=rules_only)
    return lambda article: extract(article, nlp=pipeline)


def extract_all(items: Sequence[Article | ReadFailure], *, extractor: Extractor | None = None, nlp: Any = None,
                jobs: int = 1, tagger: str = "lac", timeout: float | None = None, rules_only: bool = False
                ) -> Iterator[tuple[Article | ReadFailure, Extraction | Failure | None]]:
    """Each item with its extraction (None for read failures), in input order.

    A given ``extractor`` (or ``nlp``) runs in this process, without a time limit;
    otherwise the pipeline of ``tagger`` runs in ``worker_count(jobs, n)`` processes.
    ``timeout``: seconds one article may take (None or 0: no limit); with a limit the
    workers form an :class:`ExtractionPool` (at least one worker process, even for one article).
    ``rules_only``: the pipelines built here run without the scorer's model (``build_pipeline``).
    """
    articles = [i for i in items if isinstance(i, Article)]
    workers = worker_count(jobs, len(articles))
    check_timeout(timeout)
    if extractor is None and nlp is None and timeout and articles:
        factory = RULES_ONLY_FACTORY if rules_only else DEFAULT_FACTORY
        with ExtractionPool(workers, tagger=tagger, timeout=timeout, factory=factory) as pool:
            done = pool.map(articles)
            for item in items:
                yield item, (next(done) if isinstance(item, Article) else None)
        return
    if extractor is None and nlp is None and workers > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                 initargs=(tagger, rules_only)) as pool:
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
            extract = default_extractor(nlp, tagger=tagger, rules_only=rules_only)
        yield item, safe_extract(extract, item)


# --------------------------------------------------------------------------- bounded time

PR_SET_PDEATHSIG = 1  # linux/prctl.h
# seconds a new worker may take to import the pipeline and build it before it counts as broken
START_TIMEOUT = 600.0


def check_timeout(timeout: float | None) -> None:
    """A time limit must be a positive number of seconds, or None/0 for none."""
    if timeout is not None and (timeout < 0 or timeout != timeout):
        raise ConfigError(f"an article time limit must be 0 (none) or a positive number of seconds, got {timeout}")


def die_with_parent(parent: int) -> None:
    """Make this process die when ``parent`` does, even on ``kill -9`` of the parent.

    On Linux the kernel sends SIGKILL on the parent's death (``prctl(PR_SET_PDEATHSIG)``).
    A watchdog thread also checks ``getppid()`` twice a second, for other systems and for the
    window before the ``prctl`` call.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the prctl call took effect

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watchdog", daemon=True).start()


def _pipeline_extractor(tagger: str) -> Extractor:
    return default_extractor(tagger=tagger)


def _rules_only_extractor(tagger: str) -> Extractor:
    return default_extractor(tagger=tagger, rules_only=True)


DEFAULT_FACTORY = "kg.batch:_pipeline_extractor"
RULES_ONLY_FACTORY = "kg.batch:_rules_only_extractor"


def _load(ref: str) -> Callable[[str], Extractor]:
    """``module:name`` -> the object."""
    module, _, name = ref.partition(":")
    obj: Any = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj  # type: ignore[no-any-return]


# a worker runs its jobs on a thread with a large stack: deeply nested HTML or text can recurse deeply
JOB_STACK_BYTES = 256 * 1024 * 1024


def _read_job(path: str) -> list[Article | ReadFailure]:
    from kg.read import read_paths

    stages.enter(stages.READ)
    return list(read_paths([path]))


def worker_main(fd: int, parent: int, factory: str, tagger: str) -> None:
    """A worker process (``python -m kg.batch FD PARENT FACTORY TAGGER``): build the extractor once,
    then answer the jobs received on the socket ``fd`` one at a time, announcing each stage: an
    article (extract it) or ``("read", path)`` (read a file: its articles and read failures)."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills the workers
    conn = Connection(fd)
    stages.set_hook(lambda name: conn.send(("stage", name)))
    try:
        extract = _load(factory)(tagger)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
        conn.send(("broken", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))

    def serve() -> None:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            if job is None:
                return
            result: Any
            if isinstance(job, tuple) and job[0] == "read":
                try:
                    result = _read_job(job[1])
                except Exception as exc:  # noqa: BLE001 - reported to the caller as a failure of the read
                    result = Failure(Path(job[1]).name, stages.READ, f"{type(exc).__name__}: {exc}")
            else:
                result = safe_extract(extract, job)
            try:
                conn.send(("done", result))
            except (OSError, ValueError):
                return

    threading.stack_size(JOB_STACK_BYTES)
    runner = threading.Thread(target=serve, name="kg-extract-jobs")
    runner.start()
    runner.join()


class _Worker:
    """One worker process and the parent's end of its socket."""

    def __init__(self, factory: str, tagger: str):
        import kg

        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        # the worker imports the same kg as this process, wherever it was found
        root = str(Path(kg.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.batch", str(theirs.fileno()), str(os.getpid()), factory, tagger],
            pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(ours.detach())
        self.stage = "start"
        if not self.conn.poll(START_TIMEOUT):
            self.kill()
            raise KGError(f"an extraction worker did not start within {START_TIMEOUT:g} s")
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise KGError(f"an extraction worker died while starting (exit {self.process.poll()})") from None
        if kind != "ready":
            self.kill()
            raise KGError(f"an extraction worker could not build its pipeline: {value}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def run(self, job: Any, limit: float | None) -> Any:
        """The result of ``job`` (an article, or ``("read", path)``), or None when the limit passed first
        (the stage is in ``self.stage``)."""
        self.stage = "start"
        self.conn.send(job)
        deadline = None if limit is None else time.monotonic() + limit
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and (left <= 0 or not self.conn.poll(left)):
                return None
            kind, value = self.conn.recv()
            if kind == "stage":
                self.stage = value
            else:
                return value  # type: ignore[no-any-return]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(2)
        self.kill()


class ExtractionPool:
    """Worker processes that extract articles under a time limit, killed and replaced past it.

        with ExtractionPool(2, timeout=30) as pool:
            result = pool.extract(article)          # Extraction | Failure, from any thread
            results = list(pool.map(articles))      # in input order, ``workers`` at a time

    Each worker is a fresh ``python -m kg.batch`` process that builds the pipeline of
    ``tagger`` once (``factory``, ``"module:function"``, called with the tagger name, gives
    its extractor); it talks with the pool over a socket pair. A worker is started
    when an article needs one and none is idle, at most ``workers`` of them; its start is
    not counted in the limit. An article over ``timeout`` seconds (wall clock, from when the
    worker received it) comes back as a ``Failure`` with ``timed_out=True``, the stage it
    was in (``kg.stages``) and its id in the reason; its worker is killed and replaced on
    the next demand. :meth:`extract` is thread-safe: concurrent callers use different workers.
    Workers die with this process (see :func:`die_with_parent`); they are started from one
    long-lived thread of the pool, because Linux sends the death signal when the *thread*
    that started a process ends.
    """

    def __init__(self, workers: int = 1, *, tagger: str = "lac", timeout: float | None = 30.0,
                 factory: str = DEFAULT_FACTORY):
        if workers < 1:
            raise ConfigError(f"an extraction pool needs at least one worker, got {workers}")
        check_timeout(timeout)
        self.size, self.tagger, self.timeout, self.factory = workers, tagger, timeout or None, factory
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._starting = 0
        self._cond = threading.Condition()
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="kg-extract-spawner")
        self._closed = False

    # -- workers

    def _acquire(self) -> _Worker:
        with self._cond:
            while True:
                if self._closed:
                    raise KGError("the extraction pool is closed")
                if self._idle:
                    return self._idle.pop()
                if len(self._all) + self._starting < self.size:
                    self._starting += 1
                    break
                self._cond.wait()
        try:
            worker = self._spawner.submit(_Worker, self.factory, self.tagger).result()
        except BaseException:
            with self._cond:
                self._starting -= 1
                self._cond.notify()
            raise
        with self._cond:
            self._starting -= 1
            self._all.add(worker)
        return worker

    def _release(self, worker: _Worker, *, broken: bool = False) -> None:
        with self._cond:
            if broken or self._closed:
                self._all.discard(worker)
            else:
                self._idle.append(worker)
            self._cond.notify()
        if broken or self._closed:
            worker.kill() if broken else worker.stop()

    def warm(self) -> None:
        """Start a worker now (it builds its pipeline) rather than for the first article."""
        self._release(self._acquire())

    def pids(self) -> list[int]:
        """Process ids of the running workers."""
        with self._cond:
            return [w.pid for w in self._all]

    # -- work

    def extract(self, article: Article, *, timeout: float | None = None) -> Extraction | Failure:
        """The extraction of ``article`` or its failure; ``timeout`` overrides the pool's limit."""
        check_timeout(timeout)
        limit = timeout or self.timeout
        worker = self._acquire()
        try:
            result = worker.run(article, limit)
        except (EOFError, OSError) as exc:
            self._release(worker, broken=True)
            return Failure(article.source, worker.stage, f"article {article.id!r}: the extraction worker died "
                           f"(exit {worker.process.poll()}) in stage {worker.stage}: {type(exc).__name__}")
        if result is None:
            self._release(worker, broken=True)
            return Failure(article.source, worker.stage, f"article {article.id!r} was stopped at the time limit "
                           f"of {limit:g} s, in stage {worker.stage}", timed_out=True)
        self._release(worker)
        return result  # type: ignore[no-any-return]

    def read(self, path: str | Path, *, timeout: float | None = None) -> list[Article | ReadFailure] | Failure:
        """The articles and read failures of the file at ``path``, read in a worker under the limit
        (``timeout`` overrides the pool's), or the failure saying why there are none."""
        check_timeout(timeout)
        limit = timeout or self.timeout
        name = Path(path).name
        worker = self._acquire()
        try:
            result = worker.run(("read", str(path)), limit)
        except (EOFError, OSError) as exc:
            self._release(worker, broken=True)
            return Failure(name, worker.stage, f"{name}: the extraction worker died (exit {worker.process.poll()}) "
                           f"in stage {worker.stage}: {type(exc).__name__}")
        if result is None:
            self._release(worker, broken=True)
            return Failure(name, worker.stage, f"{name} was stopped at the time limit of {limit:g} s, "
                           f"in stage {worker.stage}", timed_out=True)
        self._release(worker)
        return result  # type: ignore[no-any-return]

    def map(self, articles: Sequence[Article]) -> Iterator[Extraction | Failure]:
        """The results of ``articles`` in input order, up to ``workers`` extracted at a time."""
        if not articles:
            return iter(())
        feeder = ThreadPoolExecutor(min(self.size, len(articles)), thread_name_prefix="kg-extract-feed")

        def run() -> Iterator[Extraction | Failure]:
            try:
                yield from feeder.map(self.extract, articles)
            finally:
                feeder.shutdown(wait=True, cancel_futures=True)

        return run()

    def close(self) -> None:
        """Stop every worker: idle ones cleanly, busy ones are killed (their callers get a ``Failure``)."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            for w in idle:
                self._all.discard(w)
            self._cond.notify_all()
        for w in idle:
            w.stop()
        with self._cond:
            busy = list(self._all)
        for w in busy:
            w.kill()
        self._spawner.shutdown(wait=False)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_SHARED: ExtractionPool | None = None
_SHARED_LOCK = threading.Lock()


def extract_with_limit(article: Article, *, timeout: float | None = None, tagger: str | None = None
                       ) -> Extraction | Failure:
    """Extract one article in a worker process under a time limit; the failure says why there is none.

    ``timeout`` defaults to the settings' ``article_timeout``; ``tagger`` to the settings'
    tagger. The process keeps one shared :class:`ExtractionPool` of one worker per tagger
    (:func:`shared_pool`), started on first use; callers that want several concurrent
    extractions make their own pool.
    """
    return shared_pool(tagger=tagger).extract(article, timeout=timeout)


def shared_pool(*, tagger: str | None = None, workers: int = 1) -> ExtractionPool:
    """The process's shared :class:`ExtractionPool` (created on first use with the settings' limit)."""
    global _SHARED
    from kg.settings import get_settings

    settings = get_settings()
    tagger = tagger or settings.tagger
    with _SHARED_LOCK:
        if _SHARED is None or _SHARED._closed or _SHARED.tagger != tagger:
            if _SHARED is not None:
                _SHARED.close()
            _SHARED = ExtractionPool(workers, tagger=tagger, timeout=settings.article_timeout or None)
        return _SHARED


if __name__ == "__main__":
    worker_main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4])
