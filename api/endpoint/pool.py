"""Where SPARQL queries run: worker processes that can be killed at the time limit.

pyoxigraph cannot cancel a running query, and a Python thread cannot be
stopped, so a query that must be stoppable runs in a worker process that holds
its own read-only handle on the store. On timeout the worker is killed (the
query with it), the client gets QueryTimeout, and a fresh worker replaces it in
the background. Other requests are served by the remaining workers meanwhile.

Stores that cannot be opened a second time (the in-memory one, a remote server
with its own limits) use ``ThreadRunner``: same interface, a thread, a time
limit on the answer but no way to stop the work (documented limitation).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing as mp
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Protocol, TypeVar

from api.endpoint.execute import QueryJob, QueryOutput, execute
from kg.errors import KGError, QueryError, QueryRefused, QueryTimeout, StoreError
from kg.store.base import Store

log = logging.getLogger(__name__)

StoreOpener = Callable[[], Store]
T = TypeVar("T")
_ERRORS: dict[str, type[KGError]] = {cls.__name__: cls for cls in (QueryError, QueryRefused, StoreError)}


def _rebuild(name: str, message: str) -> KGError:
    """The error a worker reported, as an exception of its class where it takes a plain message."""
    cls = _ERRORS.get(name, QueryError if name.startswith("Query") else StoreError)
    return cls(message)


class QueryRunner(Protocol):
    """Runs protocol queries under a time limit."""

    async def run(self, job: QueryJob, timeout: float) -> QueryOutput: ...

    async def write(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` (which writes the store) with no query reading it meanwhile; queries after see it."""
        ...

    def restart(self) -> None:
        """Drop what was opened before (after the store was written)."""

    def close(self) -> None: ...


def _worker_main(conn: Connection, opener: StoreOpener) -> None:
    """Body of a worker process: open the store read-only once, answer jobs until EOF."""
    try:
        store = opener()
    except KGError as exc:
        conn.send(("error", type(exc).__name__, str(exc)))
        return
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            break
        try:
            out = execute(store, job)
            conn.send(("ok", out))
        except KGError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
        except (OSError, ValueError) as exc:  # store read errors, unserialisable results
            conn.send(("error", "StoreError", f"{type(exc).__name__}: {exc}"))
    store.close()


@dataclass
class _Worker:
    process: Any  # multiprocessing.context.SpawnProcess
    conn: Connection
    generation: int

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class ProcessPool:
    """``size`` worker processes, each with a read-only store from ``opener``."""

    def __init__(self, opener: StoreOpener, size: int = 2, start_timeout: float = 60.0):
        if size < 1:
            raise StoreError(f"query_workers must be at least 1, found {size}")
        self._opener = opener
        self._size = size
        self._start_timeout = start_timeout
        self._ctx = mp.get_context("spawn")  # no fork of a threaded server
        self._idle: asyncio.Queue[_Worker] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._generation = 0
        self._lock = threading.Lock()
        self._closed = False
        self._workers: dict[int, _Worker] = {}  # by pid: every live worker, for close()
        self._write_lock: asyncio.Lock | None = None
        self._not_writing = threading.Event()  # cleared while the store is being written
        self._not_writing.set()

    # -- lifecycle -------------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main, args=(child, self._opener), daemon=True, name="kg-sparql-worker"
        )
        process.start()
        child.close()
        if not parent.poll(self._start_timeout):
            process.kill()
            raise StoreError(f"a SPARQL worker did not open the store within {self._start_timeout} s")
        try:
            message = parent.recv()
        except EOFError:
            process.join(timeout=5)
            raise StoreError(
                f"a SPARQL worker died while opening the store (exit {process.exitcode})"
            ) from None
        if message[0] != "ready":
            process.join(timeout=5)
            raise _rebuild(message[1], message[2])
        worker = _Worker(process, parent, self._generation)
        with self._lock:
            self._workers[process.pid or 0] = worker
        return worker

    async def start(self) -> None:
        """Start the workers (in parallel threads: each pays an interpreter start-up)."""
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        self._write_lock = asyncio.Lock()
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
                log.exception("could not replace a SPARQL worker (attempt %d of 5)", attempt)
                time.sleep(attempt)
                continue
            assert self._loop is not None and self._idle is not None
            self._loop.call_soon_threadsafe(self._idle.put_nowait, fresh)
            return
        log.error("gave up replacing a SPARQL worker: the endpoint runs with one worker less")

    def restart(self) -> None:
        """Workers opened before now are replaced as they come back idle (they hold an old snapshot)."""
        self._generation += 1

    async def write(self, fn: Callable[[], T]) -> T:
        """Take every worker out (waiting for running queries), run ``fn``, start fresh workers.

        A read-only handle open while another process writes is undefined behaviour in
        RocksDB, so no worker holds one during the write; queries meanwhile wait.
        """
        if self._idle is None or self._write_lock is None:
            raise StoreError("the SPARQL worker pool is not running")
        async with self._write_lock:
            taken = [await self._idle.get() for _ in range(self._size)]
            self._not_writing.clear()
            for worker in taken:
                await asyncio.to_thread(self._retire, worker)
            try:
                return await asyncio.to_thread(fn)
            finally:
                self._generation += 1
                self._not_writing.set()
                fresh = await asyncio.gather(*(asyncio.to_thread(self._spawn) for _ in range(self._size)))
                for worker in fresh:
                    self._idle.put_nowait(worker)

    def close(self) -> None:
        """Kill every worker (running queries die with them)."""
        self._closed = True
        self._not_writing.set()
        with self._lock:
            workers = list(self._workers.values())
            self._workers.clear()
        for worker in workers:
            worker.kill()

    # -- queries ---------------------------------------------------------------------------
    @staticmethod
    async def _exchange(worker: _Worker, job: QueryJob, timeout: float) -> tuple[Any, ...] | None:
        """Send ``job`` and wait up to ``timeout`` for the reply; None on timeout.

        The wait is the event loop watching the pipe (no thread per query); the reply is read
        once the worker has started writing it.
        """
        worker.conn.send(job)
        if not worker.conn.poll(0):
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

    async def run(self, job: QueryJob, timeout: float) -> QueryOutput:
        """Run ``job`` in a free worker; the wait for a free worker counts toward ``timeout``."""
        if self._idle is None or self._closed:
            raise StoreError("the SPARQL worker pool is not running")
        deadline = time.monotonic() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise QueryTimeout(
                f"no SPARQL worker became free within the {timeout:g} s limit; "
                "the server is busy, retry later"
            ) from None
        while worker.generation != self._generation:  # opened before the last write
            await asyncio.to_thread(self._replace, worker)
            worker = await self._idle.get()
        remaining = max(0.0, deadline - time.monotonic())
        try:
            reply = await self._exchange(worker, job, remaining)
        except (EOFError, OSError):
            reply = ("died",)
        except asyncio.CancelledError:
            # the request went away mid-query: its worker is busy for an unknown time, so replace it
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise
        if reply is None:
            # the only way to stop the query: kill its process; replace it off the request path
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise QueryTimeout(f"query stopped at the time limit of {timeout:g} s")
        if reply[0] == "died":
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            raise StoreError("the SPARQL worker died while running the query")
        self._idle.put_nowait(worker)
        if reply[0] == "ok":
            return reply[1]  # type: ignore[no-any-return]
        raise _rebuild(reply[1], reply[2])


class ThreadRunner:
    """Runs queries in threads on the shared store: a time limit on the answer, not on the work."""

    def __init__(self, store: Store):
        self._store = store

    async def run(self, job: QueryJob, timeout: float) -> QueryOutput:
        try:
            return await asyncio.wait_for(asyncio.to_thread(execute, self._store, job), timeout)
        except TimeoutError:
            raise QueryTimeout(f"query stopped at the time limit of {timeout:g} s") from None

    async def write(self, fn: Callable[[], T]) -> T:
        """Writes go straight to the shared store (its own transactions keep readers consistent)."""
        return await asyncio.to_thread(fn)

    def restart(self) -> None:
        """Nothing to reopen: the threads share the live store."""

    def close(self) -> None:
        """The store belongs to the application."""


def open_read_only(kind: str, path: str) -> Store:
    """Open the store of ``kind`` at ``path`` read-only (in a worker process)."""
    from kg.settings import Settings
    from kg.store.base import STORES

    factory = STORES.get(kind)
    settings = Settings()  # type: ignore[call-arg]   # from the environment, as in the server
    return factory.open(path=path, settings=settings, read_only=True)  # type: ignore[no-any-return]
