"""Where queries and REST requests run: worker processes that can be killed at the time limit.

pyoxigraph cannot cancel a running query, and a Python thread cannot be stopped, so
everything that reads the store runs in a worker process holding its own read-only
handle: SPARQL protocol queries (``QueryJob``: parsed, checked and run in the worker) and
the REST routes' functions (``CallJob``). On timeout the worker is killed (the work with
it), the client gets QueryTimeout (503), and a fresh worker replaces it in the background.

Fast requests keep their latency while slow ones run. Of the ``size`` workers, at most
``slow_slots`` may be busy with one request for longer than ``slow_after`` seconds: such a
request takes a slow slot and its worker runs at a low CPU priority (nice 10, every
thread) until it is done, so fast requests on the other workers get the CPU first; a
request that turns slow when every slot is taken is stopped at once (503, "retry
later"). So at least ``size - slow_slots`` workers are always left to fast requests.
(Where the priority cannot be raised back, unprivileged, the worker is replaced after
its slow request: a fork from the fork server, about 0.1 s.) Queries longer than
``heavy_chars`` (parsing alone takes seconds) are slow from the start: they queue for a
slow slot before they take a worker.

Every worker compares the store directory's revision (``kg.store.oxigraph.store_revision``)
before each request and reopens its handle when it changed, so an ingest by another
process (``kg ingest``) is seen by the next request, REST and SPARQL alike, and the
worker's caches (analysis graphs) are dropped with the old handle.

Jobs run in a thread with a large stack inside the worker: deeply nested or very long
queries (thousands of UNIONs) recurse deeply in the parsers, and would otherwise overflow
the main thread's stack and crash the process.

Stores that cannot be opened a second time (the in-memory one, a remote server with its
own limits) use ``ThreadRunner``: same interface, a thread, a time limit on the answer but
no way to stop the work (documented limitation).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import multiprocessing as mp
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol, TypeVar

from starlette.exceptions import HTTPException

from api.endpoint import caches
from api.endpoint.execute import QueryJob, QueryOutput, execute
from api.endpoint.procs import start_process, tie_to_parent
from kg.errors import KGError, QueryTimeout, StoreError

log = logging.getLogger(__name__)

StoreOpener = Callable[[], Any]
T = TypeVar("T")
JOB_STACK_BYTES = 512 * 1024 * 1024  # virtual: only the pages a deep recursion touches are used
JOB_RECURSION_LIMIT = 50_000
_RELEASE = "release"
SLOW_NICE = 10  # slow requests run at this CPU priority: fast ones on other workers go first
PRELOAD = ("api.endpoint.pool", "api.queries", "kg.store.oxigraph", "kg.analysis", "api.endpoint.warmup")


class WorkerDied(StoreError):
    """The worker process running a request died (killed for memory, or crashed by the request)."""


@dataclass(frozen=True)
class CallJob:
    """A REST route's function, run in a worker as ``target(store, *args, **kwargs)``.

    ``target`` is ``"module:function"``; the function gets the worker's current store.
    """

    target: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


Job = QueryJob | CallJob


def _error_classes() -> dict[str, type[KGError]]:
    found: dict[str, type[KGError]] = {}
    todo: list[type[KGError]] = [KGError]
    while todo:
        cls = todo.pop()
        found.setdefault(cls.__name__, cls)
        todo.extend(cls.__subclasses__())
    return found


def _rebuild(name: str, message: str) -> KGError:
    """The error a worker reported, as an exception of its class (with its message only)."""
    cls = _error_classes().get(name, StoreError)
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    return exc


_LATE = "late"  # a reply marker of the pool's own: no answer within the limit, the worker is clean


def _decode(reply: tuple[Any, ...]) -> Any:
    """A worker's reply: the result, or the error it reported raised here."""
    if reply[0] == "ok":
        return reply[1]
    if reply[0] == "http":
        raise HTTPException(reply[1], reply[2])
    raise _rebuild(reply[1], reply[2])


def run_job(store: Any, job: Job) -> Any:
    """Run ``job`` on ``store`` (in a worker, or in a thread of the server for ThreadRunner)."""
    if isinstance(job, QueryJob):
        return execute(store, job)
    module, _, name = job.target.partition(":")
    fn = getattr(importlib.import_module(module), name)
    return fn(store, *job.args, **job.kwargs)


class QueryRunner(Protocol):
    """Runs protocol queries and REST functions under a time limit."""

    async def run(self, job: QueryJob, timeout: float) -> QueryOutput: ...

    async def call(self, job: CallJob, timeout: float) -> Any: ...

    async def write(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` (which writes the store) with no worker reading it meanwhile; requests after see it."""
        ...

    def close(self) -> None: ...


# --------------------------------------------------------------------------- the worker process


class _WorkerState:
    """The worker's store handle, reopened when the store directory's revision changes."""

    def __init__(self, opener: StoreOpener, path: str | None):
        self._opener = opener
        self._path = path
        self.store: Any = None
        self._revision: str | None = None

    def _revision_now(self) -> str | None:
        if self._path is None:
            return None
        from kg.store.oxigraph import store_revision

        return store_revision(self._path)

    def open(self) -> None:
        """Open the store (a few tries: a concurrent writer may be swapping files)."""
        for attempt in range(5):
            revision = self._revision_now()
            try:
                self.store = self._opener()
            except (KGError, OSError):
                if attempt == 4:
                    raise
                time.sleep(0.1 * (attempt + 1))
                continue
            self._revision = revision
            caches.clear()
            return

    def release(self) -> None:
        """Drop the handle (a write by the server is coming); the next request reopens it."""
        if self.store is not None:
            with contextlib.suppress(KGError, OSError):
                self.store.close()
        self.store = None
        caches.clear()

    def current(self) -> Any:
        """The store as of now: reopened when another process wrote since it was opened."""
        if self.store is not None and self._path is not None and self._revision_now() != self._revision:
            self.release()
        if self.store is None:
            self.open()
        return self.store


def _resident_mb() -> float:
    """This process's resident set in MB (Linux ``/proc``; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * _PAGE / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TRIM_ABOVE_MB = 24.0  # growth over the ready worker's size after which freed heap is given back


def _heap_trimmer() -> Callable[[], None]:
    """A function returning the C heap's free memory to the system (glibc ``malloc_trim``; no-op elsewhere).

    A query over the whole store (``/stats``, a big DISTINCT) allocates a few hundred MB in the query
    engine and frees it when done, but glibc keeps freed memory in its arenas: without a trim every worker
    stays at the peak of the largest query it ever ran.
    """
    try:
        import ctypes

        malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return lambda: None

    def trim() -> None:
        malloc_trim(0)

    return trim


def _serve_jobs(conn: Connection, state: _WorkerState) -> None:
    """The worker's loop (in the big-stack thread): answer jobs until the pipe closes."""
    sys.setrecursionlimit(JOB_RECURSION_LIMIT)
    trim = _heap_trimmer()
    ready_mb = _resident_mb()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job == _RELEASE:
            state.release()
            conn.send(("released",))
            continue
        try:
            reply: tuple[Any, ...] = ("ok", run_job(state.current(), job))
        except KGError as exc:
            reply = ("error", type(exc).__name__, str(exc))
        except HTTPException as exc:
            reply = ("http", exc.status_code, exc.detail)
        except RecursionError:
            reply = ("error", "QueryError", "the request is nested too deeply to process")
        except Exception as exc:  # noqa: BLE001 - reported to the server, which logs it and answers 500
            reply = ("error", "StoreError", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            break
        del reply
        if _resident_mb() > ready_mb + TRIM_ABOVE_MB:  # after the answer is sent: off the request's time
            trim()


def _worker_main(conn: Connection, opener: StoreOpener, path: str | None) -> None:
    """Body of a worker process: tie to the parent, open the store, serve jobs in a big-stack thread."""
    tie_to_parent()
    # what every request needs (already imported by the fork server), before the worker says it is ready
    importlib.import_module("api.queries")
    state = _WorkerState(opener, path)
    try:
        try:
            state.open()
        except KGError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
            return
        with contextlib.suppress(KGError):  # the first query on a handle reads its files: not on a request
            run_job(state.store, QueryJob("ASK { ?s ?p ?o }"))
        conn.send(("ready",))
    except OSError:  # the server went away meanwhile (shutting down): nothing to report to
        return
    threading.stack_size(JOB_STACK_BYTES)
    runner = threading.Thread(target=_serve_jobs, args=(conn, state), name="kg-jobs")
    runner.start()
    runner.join()
    state.release()


# --------------------------------------------------------------------------- the pool


@dataclass
class _Worker:
    process: Any  # multiprocessing.context.ForkServerProcess
    conn: Connection
    niced: bool = False

    def renice(self, nice: int) -> bool:
        """Set the CPU priority of every thread of the worker (Linux nice is per thread); False on failure.

        Raising the priority back (a lower nice) needs privileges: unprivileged, it fails.
        """
        tasks = Path(f"/proc/{self.process.pid}/task")
        try:
            tids = [int(t.name) for t in tasks.iterdir()]
            for tid in tids:
                os.setpriority(os.PRIO_PROCESS, tid, nice)
        except OSError:
            return False
        self.niced = nice > 0
        return True

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class ProcessPool:
    """``size`` worker processes, each with a read-only store from ``opener``; ``slow_slots`` slow ones at most."""

    def __init__(self, opener: StoreOpener, size: int = 4, start_timeout: float = 60.0, *,
                 path: str | None = None, slow_slots: int = 2, slow_after: float = 1.0,
                 heavy_chars: int = 10_000):
        if size < 1:
            raise StoreError(f"query_workers must be at least 1, found {size}")
        if slow_slots < 1:
            raise StoreError(f"slow_query_slots must be at least 1, found {slow_slots}")
        self._opener = opener
        self._path = path
        self._size = size
        self._slow_slots = slow_slots
        self._slow_after = slow_after
        self._heavy_chars = heavy_chars
        self._slow: asyncio.Semaphore | None = None
        self._start_timeout = start_timeout
        # Workers are forked from multiprocessing's fork server, a single-threaded process that
        # imported the modules below once: a replacement is ready in milliseconds, not the
        # seconds an interpreter start and these imports take (no fork of the threaded server).
        self._ctx = mp.get_context("forkserver")
        self._ctx.set_forkserver_preload(list(PRELOAD))
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._workers: dict[int, _Worker] = {}  # by pid: every live worker, for close()
        self._write_lock: asyncio.Lock | None = None
        self._not_writing = threading.Event()  # cleared while the server writes the store
        self._not_writing.set()

    # -- lifecycle -------------------------------------------------------------------------
    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return list(self._workers)

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main,
            args=(child, self._opener, self._path),
            daemon=True,
            name="kg-query-worker",
        )
        start_process(process)
        child.close()
        if not parent.poll(self._start_timeout):
            process.kill()
            process.join(timeout=5)
            raise StoreError(f"a query worker did not open the store within {self._start_timeout} s")
        try:
            message = parent.recv()
        except EOFError:
            process.join(timeout=5)
            raise StoreError(f"a query worker died while opening the store (exit {process.exitcode})") from None
        if message[0] != "ready":
            process.join(timeout=5)
            raise _rebuild(message[1], message[2])
        worker = _Worker(process, parent)
        with self._lock:
            if self._closed:
                worker.kill()
                raise StoreError("the worker pool was closed")
            self._workers[process.pid or 0] = worker
        return worker

    async def start(self) -> None:
        """Start the workers (in parallel threads: each pays an interpreter start-up)."""
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        self._write_lock = asyncio.Lock()
        self._slow = asyncio.Semaphore(self._slow_slots)
        workers = await asyncio.gather(*(asyncio.to_thread(self._spawn) for _ in range(self._size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.pop(worker.process.pid or 0, None)
        worker.kill()

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a fresh one in the idle queue (runs in a thread)."""
        self._retire(worker)
        for attempt in range(1, 6):
            self._not_writing.wait()  # no read-only handle may open during a write
            if self._closed:
                return
            try:
                fresh = self._spawn()
            except KGError:
                if self._closed:
                    return
                log.exception("could not replace a query worker (attempt %d of 5)", attempt)
                time.sleep(attempt)
                continue
            assert self._loop is not None and self._idle is not None
            with contextlib.suppress(RuntimeError):  # the loop is gone: the server is stopping
                self._loop.call_soon_threadsafe(self._idle.put_nowait, fresh)
            return
        log.error("gave up replacing a query worker: the server runs with one worker less")

    def _discard(self, worker: _Worker) -> None:
        """Replace ``worker`` off the request path."""
        threading.Thread(target=self._replace, args=(worker,), daemon=True, name="kg-replace").start()

    @staticmethod
    def _release(worker: _Worker) -> bool:
        """Have ``worker`` close its store handle; False when it does not answer."""
        try:
            worker.conn.send(_RELEASE)
            return bool(worker.conn.poll(30)) and worker.conn.recv() == ("released",)
        except (EOFError, OSError):
            return False

    async def write(self, fn: Callable[[], T]) -> T:
        """Take every worker out (waiting for running requests), have them close the store, run ``fn``.

        A read-only handle open while this process writes is undefined behaviour in RocksDB,
        so no worker holds one during the write; requests meanwhile wait. The workers reopen
        the store on their next request (no new processes: a write costs milliseconds).
        """
        if self._idle is None or self._write_lock is None:
            raise StoreError("the worker pool is not running")
        async with self._write_lock:
            taken = [await self._idle.get() for _ in range(self._size)]
            self._not_writing.clear()
            kept: list[_Worker] = []
            for worker in taken:
                if await asyncio.to_thread(self._release, worker):
                    kept.append(worker)
                else:
                    await asyncio.to_thread(self._retire, worker)
            try:
                return await asyncio.to_thread(fn)
            finally:
                self._not_writing.set()
                for worker in kept:
                    self._idle.put_nowait(worker)
                for _ in range(len(taken) - len(kept)):
                    threading.Thread(target=self._respawn, daemon=True).start()

    def _respawn(self) -> None:
        try:
            fresh = self._spawn()
        except KGError:
            log.exception("could not start a query worker")
            return
        assert self._loop is not None and self._idle is not None
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._idle.put_nowait, fresh)

    def close(self) -> None:
        """Kill every worker (running requests die with them) and reap them."""
        self._closed = True
        self._not_writing.set()
        with self._lock:
            workers = list(self._workers.values())
            self._workers.clear()
        for worker in workers:
            worker.kill()

    # -- requests --------------------------------------------------------------------------
    @staticmethod
    async def _wait(worker: _Worker, timeout: float) -> tuple[Any, ...] | None:
        """The worker's reply within ``timeout`` seconds; None when it has not come.

        The wait is the event loop watching the pipe (no thread per request); the reply is
        read once the worker has started writing it. A dead worker gives ``("died",)``.
        """
        try:
            if not worker.conn.poll(0):
                if timeout <= 0:
                    return None
                loop = asyncio.get_running_loop()
                ready = loop.create_future()
                fd = worker.conn.fileno()

                def wake() -> None:
                    if not ready.done():
                        ready.set_result(None)

                loop.add_reader(fd, wake)
                try:
                    await asyncio.wait_for(ready, timeout)
                except TimeoutError:
                    return None
                finally:
                    loop.remove_reader(fd)
            return worker.conn.recv()  # type: ignore[no-any-return]
        except (EOFError, OSError):
            return ("died",)

    async def _submit(self, job: Job, timeout: float, what: str, heavy: bool = False) -> Any:
        """Run ``job`` in a free worker; the waits (for a slot, for a worker) count toward ``timeout``.

        ``heavy`` jobs (long queries) are slow from the start: they wait for a slow slot before
        taking a worker, so they never hold the workers fast requests need.
        """
        if self._idle is None or self._slow is None or self._closed:
            raise StoreError("the worker pool is not running")
        deadline = time.monotonic() + timeout
        slot = False
        try:
            if heavy:
                try:
                    await asyncio.wait_for(self._slow.acquire(), timeout)
                except TimeoutError:
                    raise QueryTimeout(
                        f"no slow slot became free within the {timeout:g} s limit (query_timeout; a {what} longer "
                        "than slow_query_chars counts as slow); retry later"
                    ) from None
                slot = True
            try:
                worker = await asyncio.wait_for(self._idle.get(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                raise QueryTimeout(
                    f"no worker became free within the {timeout:g} s limit (query_timeout); "
                    "the server is busy, retry later"
                ) from None
            slot, reply = await self._exchange(worker, job, deadline, what, slot)
        finally:
            if slot:
                self._slow.release()
        if reply is None:
            # the only way to stop the work: kill its process; replace it off the request path
            self._discard(worker)
            raise QueryTimeout(f"{what} stopped at the time limit of {timeout:g} s (query_timeout)")
        if reply[0] == "died":
            self._discard(worker)
            raise WorkerDied(
                f"the worker process running the {what} died (out of memory, or the {what} crashed it); "
                "it was replaced"
            )
        if worker.niced and not await asyncio.to_thread(worker.renice, 0):
            self._discard(worker)  # its priority cannot be raised again: a fresh worker takes its place
        else:
            self._idle.put_nowait(worker)
        if reply[0] == _LATE:
            # the limit passed before the job was sent, or the answer was read after it: the limit
            # holds (a late answer is not served); the worker had nothing pending, so it was kept
            raise QueryTimeout(f"{what} stopped at the time limit of {timeout:g} s (query_timeout)")
        return _decode(reply)

    async def _exchange(
        self, worker: _Worker, job: Job, deadline: float, what: str, slot: bool
    ) -> tuple[bool, tuple[Any, ...] | None]:
        """Send ``job`` to ``worker`` and wait for the reply, taking a slow slot once it turns slow.

        Returns (whether a slow slot is held, the reply or None at the deadline).
        """
        assert self._slow is not None
        given = slot
        try:
            if slot:
                await asyncio.to_thread(worker.renice, SLOW_NICE)
            if time.monotonic() >= deadline:  # the waits for a slot and a worker used the whole limit
                return slot, (_LATE,)
            try:
                worker.conn.send(job)
            except (OSError, ValueError):
                return slot, ("died",)
            first = deadline - time.monotonic() if slot else min(self._slow_after, deadline - time.monotonic())
            reply = await self._wait(worker, first)
            if reply is None and not slot and time.monotonic() < deadline:
                if self._slow.locked():
                    self._discard(worker)
                    raise QueryTimeout(
                        f"{what} stopped after {self._slow_after:g} s: {self._slow_slots} slow requests are "
                        "running already (slow_query_slots); retry later"
                    )
                await self._slow.acquire()  # free (checked above, nothing ran since): no wait
                slot = True
                await asyncio.to_thread(worker.renice, SLOW_NICE)
                reply = await self._wait(worker, deadline - time.monotonic())
            if reply is not None and reply[0] != "died" and time.monotonic() > deadline:
                # read after the limit (this process was not scheduled in time): not served, so
                # that the limit means the same on a loaded machine as on an idle one
                return slot, (_LATE,)
            return slot, reply
        except asyncio.CancelledError:
            # the request went away mid-work: its worker is busy for an unknown time, so replace it
            self._discard(worker)
            if slot and not given:
                self._slow.release()
            raise

    async def run(self, job: QueryJob, timeout: float) -> QueryOutput:
        """Check and run a protocol query in a worker (a long one waits for a slow slot first)."""
        heavy = len(job.sparql) > self._heavy_chars
        return await self._submit(job, timeout, "query", heavy)  # type: ignore[no-any-return]

    async def call(self, job: CallJob, timeout: float) -> Any:
        """Run a REST function in a worker."""
        return await self._submit(job, timeout, "request")


class ThreadRunner:
    """Runs jobs in threads on the shared store: a time limit on the answer, not on the work."""

    def __init__(self, store: Any):
        self._store = store

    async def _submit(self, job: Job, timeout: float, what: str) -> Any:
        try:
            return await asyncio.wait_for(asyncio.to_thread(run_job, self._store, job), timeout)
        except TimeoutError:
            raise QueryTimeout(f"{what} stopped at the time limit of {timeout:g} s (query_timeout)") from None

    async def run(self, job: QueryJob, timeout: float) -> QueryOutput:
        return await self._submit(job, timeout, "query")  # type: ignore[no-any-return]

    async def call(self, job: CallJob, timeout: float) -> Any:
        return await self._submit(job, timeout, "request")

    async def write(self, fn: Callable[[], T]) -> T:
        """Writes go straight to the shared store (its own transactions keep readers consistent)."""
        return await asyncio.to_thread(fn)

    def close(self) -> None:
        """The store belongs to the application."""


def open_read_only(kind: str, path: str) -> Any:
    """Open the store of ``kind`` at ``path`` read-only (in a worker process)."""
    from kg.settings import Settings
    from kg.store.base import STORES

    factory = STORES.get(kind)
    settings = Settings()  # type: ignore[call-arg]   # from the environment, as in the server
    return factory.open(path=path, settings=settings, read_only=True)
