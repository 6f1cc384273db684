"""``/stats``: what the graph holds."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from api import models, queries
from api.deps import StoreDep

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("", response_model=models.Stats, summary="Counts by class and predicate")
async def get_stats(store: StoreDep) -> models.Stats:
    """Quads, named graphs (articles), instances of the main classes, uses of the contract predicates."""
    return await run_in_threadpool(queries.stats, store)
