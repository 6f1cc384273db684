"""Reading and extracting uploaded articles in a worker process, under a per-article time limit.

``POST /articles`` must not run the extraction pipeline in the server: one adversarial
article could hold it for minutes. ``ExtractionWorker`` keeps one process with the
pipeline loaded (started on the first upload: it costs seconds and a few hundred MB) and
sends it one step at a time: read the uploaded file, then extract each article. Each step
has ``article_timeout`` seconds; past it the process is killed (the only way to stop
Python code that is running), the step fails with ``ArticleTimeout`` naming the limit and
the stage it was in, and a fresh process is started for the next step.

The worker reports the stage it enters (``read``, ``extract``) before doing the work, so
a timeout names it. It dies with the server (``api.endpoint.procs``).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import os
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from api.endpoint.procs import start_process, tie_to_parent
from kg.errors import ExtractionError, KGError

JOB_STACK_BYTES = 256 * 1024 * 1024


class ArticleTimeout(ExtractionError):
    """An article took longer than the per-article limit (HTTP 422)."""

    def __init__(self, message: str, stage: str = "extract"):
        super().__init__(message)
        self.stage = stage


def _steps(conn: Connection, nlp: Any) -> None:
    from kg.extract import extract
    from kg.read import read_paths

    while True:
        try:
            kind, payload = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("stage", kind))
            if kind == "read":
                result: Any = list(read_paths([payload]))
            else:
                result = extract(payload, nlp=nlp)
            reply: tuple[Any, ...] = ("ok", result)
        except KGError as exc:
            reply = ("error", type(exc).__name__, str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad article is reported, the worker goes on
            reply = ("error", "ExtractionError", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


def _extraction_main(conn: Connection, tagger: str, parent: int) -> None:
    """Body of the extraction process: build the pipeline once, then answer steps."""
    tie_to_parent(parent)
    from kg.extract import build_pipeline

    try:
        try:
            nlp = build_pipeline(tagger=tagger)
        except KGError as exc:
            conn.send(("error", type(exc).__name__, str(exc)))
            return
        conn.send(("ready",))
    except OSError:  # the server went away meanwhile (shutting down): nothing to report to
        return
    threading.stack_size(JOB_STACK_BYTES)
    runner = threading.Thread(target=_steps, args=(conn, nlp), name="kg-extract")
    runner.start()
    runner.join()


class ExtractionWorker:
    """One extraction process, started when first needed, replaced after a timeout."""

    def __init__(self, tagger: str, *, start_timeout: float = 600.0):
        self._tagger = tagger
        self._start_timeout = start_timeout
        self._ctx = mp.get_context("spawn")
        self._process: Any = None
        self._conn: Connection | None = None
        self._lock = asyncio.Lock()
        self._closed = False

    def pid(self) -> int | None:
        """The process id of the extraction process, when one runs."""
        return self._process.pid if self._process is not None and self._process.is_alive() else None

    def _spawn(self) -> None:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_extraction_main, args=(child, self._tagger, os.getpid()), daemon=True, name="kg-extract-worker"
        )
        start_process(process)
        child.close()
        self._process, self._conn = process, parent
        if not parent.poll(self._start_timeout):
            self._kill()
            raise ExtractionError(f"the extraction worker did not start within {self._start_timeout:g} s")
        try:
            message = parent.recv()
        except EOFError:
            self._kill()
            raise ExtractionError("the extraction worker died while loading the pipeline") from None
        if message[0] != "ready":
            self._kill()
            raise ExtractionError(f"the extraction worker could not load the pipeline: {message[2]}")

    def _kill(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(timeout=5)

    def _step(self, kind: str, payload: Any, timeout: float, name: str) -> Any:
        """Send one step and wait for it (in a thread); kill the process past ``timeout``."""
        if self._closed:
            raise ExtractionError("the server is shutting down")
        if self._process is None or not self._process.is_alive():
            self._kill()
            self._spawn()
        conn = self._conn
        assert conn is not None
        stage = kind
        deadline = time.monotonic() + timeout
        try:
            conn.send((kind, payload))
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not conn.poll(remaining):
                    self._kill()
                    raise ArticleTimeout(
                        f"{name}: stopped at the per-article time limit of {timeout:g} s (article_timeout) "
                        f"in stage {stage}",
                        stage,
                    )
                message = conn.recv()
                if message[0] == "stage":
                    stage = message[1]
                    continue
                break
        except (EOFError, OSError):
            self._kill()
            raise ExtractionError(f"{name}: the extraction worker died in stage {stage}") from None
        if message[0] == "ok":
            return message[1]
        raise ExtractionError(f"{name}: {message[2]}")

    async def read(self, path: Path, timeout: float) -> list[Any]:
        """The articles (and read failures) of the file at ``path``."""
        async with self._lock:
            return await asyncio.to_thread(self._step, "read", str(path), timeout, path.name)  # type: ignore[no-any-return]

    async def extract(self, article: Any, timeout: float, name: str) -> Any:
        """The extraction of ``article``."""
        async with self._lock:
            return await asyncio.to_thread(self._step, "extract", article, timeout, name)

    def close(self) -> None:
        """Kill the process (an upload in progress fails)."""
        self._closed = True
        self._kill()
