"""The worker pool's time limit holds on a loaded machine: an answer read after the limit is not served.

CI once got a 200 for a 10 µs limit: the server process was not scheduled between sending the job
and looking at the pipe, the worker answered meanwhile, and the late answer was served. These tests
make that delay happen on purpose (a blocked event loop is what a descheduled server looks like).
"""

from __future__ import annotations

import asyncio
import time
from functools import partial
from typing import Any

import pytest

from api.endpoint.pool import CallJob, ProcessPool, QueryJob, open_read_only
from kg.errors import QueryTimeout
from kg.store.oxigraph import OxigraphStore

STATS = CallJob("api.queries:stats", (), {})


class _DescheduledPool(ProcessPool):
    """A pool whose server thread stalls (blocking, like a descheduled process) before it reads a reply."""

    stall = 0.0

    @staticmethod
    async def _wait(worker: Any, timeout: float) -> tuple[Any, ...] | None:
        time.sleep(_DescheduledPool.stall)  # the event loop cannot run: the worker answers meanwhile
        return await ProcessPool._wait(worker, timeout)


def _pool(store: OxigraphStore, cls: type[ProcessPool] = ProcessPool) -> ProcessPool:
    return cls(partial(open_read_only, "oxigraph", str(store.path)), size=1, path=str(store.path))


def test_an_answer_read_after_the_limit_is_a_timeout_and_the_worker_is_kept(store: OxigraphStore) -> None:
    async def scenario() -> tuple[int, int, int, Any]:
        pool = _pool(store, _DescheduledPool)
        await pool.start()
        try:
            before = pool.pids()
            _DescheduledPool.stall = 0.5  # far longer than /stats takes on this store
            with pytest.raises(QueryTimeout, match="time limit of 0.05 s"):
                await pool.call(STATS, 0.05)
            after = pool.pids()
            _DescheduledPool.stall = 0.0
            answer = await pool.call(STATS, 30.0)  # the same worker answers the next request
            return before[0], after[0], pool.pids()[0], answer
        finally:
            pool.close()

    first, after_late, after_next, answer = asyncio.run(scenario())
    assert first == after_late == after_next  # nothing pending in its pipe: not killed, not replaced
    assert answer.quads > 0


def test_a_limit_already_spent_answers_503_and_costs_no_worker(store: OxigraphStore) -> None:
    async def scenario() -> tuple[int, int]:
        pool = _pool(store)
        await pool.start()
        try:
            before = pool.pids()[0]
            with pytest.raises(QueryTimeout):
                await pool.run(QueryJob("SELECT * WHERE { ?s ?p ?o }"), 0.0)
            return before, pool.pids()[0]
        finally:
            pool.close()

    before, after = asyncio.run(scenario())
    assert before == after


def test_an_answer_within_the_limit_is_served_after_a_short_stall(store: OxigraphStore) -> None:
    """The counter-example: a stall inside the limit changes nothing."""

    async def scenario() -> Any:
        pool = _pool(store, _DescheduledPool)
        await pool.start()
        try:
            _DescheduledPool.stall = 0.05
            return await pool.call(STATS, 30.0)
        finally:
            _DescheduledPool.stall = 0.0
            pool.close()

    assert asyncio.run(scenario()).quads > 0
