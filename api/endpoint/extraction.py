"""Reading and extracting uploaded articles in a worker process, under a per-article time limit.

``POST /articles`` must not run the extraction pipeline in the server: one adversarial
article could hold it for minutes. ``ExtractionWorker`` is the server's face of a
:class:`kg.batch.ExtractionPool` of one worker process (the implementation ``kg ingest``
uses): the process keeps the pipeline loaded (started on the first upload: it costs seconds
and a few hundred MB) and takes one step at a time: read the uploaded file, then extract each
article. Each step has ``article_timeout`` seconds; past it the process is killed (the only
way to stop Python code that is running), the step fails with ``ArticleTimeout`` naming the
limit and the stage it was in, and a fresh process is started for the next step. The worker
dies with the server (``kg.batch.die_with_parent``).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from kg.batch import ExtractionPool, Failure
from kg.errors import ExtractionError, KGError


class ArticleTimeout(ExtractionError):
    """An article took longer than the per-article limit (HTTP 422)."""

    def __init__(self, message: str, stage: str = "extract"):
        super().__init__(message)
        self.stage = stage


class ExtractionWorker:
    """One extraction process (an ``ExtractionPool`` of one), started when first needed, replaced after a timeout."""

    def __init__(self, tagger: str):
        self._pool = ExtractionPool(1, tagger=tagger, timeout=None)
        self._lock = asyncio.Lock()
        self._closed = False

    def pid(self) -> int | None:
        """The process id of the extraction process, when one runs."""
        pids = self._pool.pids()
        return pids[0] if pids else None

    def _check(self, result: Any, name: str, step: str, timeout: float) -> Any:
        if not isinstance(result, Failure):
            return result
        if result.timed_out:
            stage = "read" if step == "read" else f"extract ({result.stage})"
            raise ArticleTimeout(f"{name}: stopped at the per-article time limit of {timeout:g} s (article_timeout) "
                                 f"in stage {stage}", step)
        if "worker died" in result.reason:
            raise ExtractionError(f"{name}: the extraction worker died in stage {result.stage}")
        raise ExtractionError(f"{name}: {result.reason}")

    def _run(self, step: str, payload: Any, timeout: float, name: str) -> Any:
        if self._closed:
            raise ExtractionError("the server is shutting down")
        try:
            if step == "read":
                result: Any = self._pool.read(payload, timeout=timeout)
            else:
                result = self._pool.extract(payload, timeout=timeout)
        except KGError as exc:
            raise ExtractionError(f"{name}: {exc}") from None
        return self._check(result, name, step, timeout)

    async def read(self, path: Path, timeout: float) -> list[Any]:
        """The articles (and read failures) of the file at ``path``."""
        async with self._lock:
            return await asyncio.to_thread(self._run, "read", path, timeout, path.name)  # type: ignore[no-any-return]

    async def extract(self, article: Any, timeout: float, name: str) -> Any:
        """The extraction of ``article``."""
        async with self._lock:
            return await asyncio.to_thread(self._run, "extract", article, timeout, name)

    def close(self) -> None:
        """Kill the process (an upload in progress fails)."""
        self._closed = True
        self._pool.close()
