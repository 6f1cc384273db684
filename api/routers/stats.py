"""``/stats``: what the graph holds."""

from __future__ import annotations

from fastapi import APIRouter

from api import models
from api.deps import WorkerDep

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("", response_model=models.Stats, summary="Counts by class and predicate")
async def get_stats(work: WorkerDep) -> models.Stats:
    """Quads, named graphs (articles), instances of the main classes, uses of the contract predicates."""
    return await work("api.queries:stats")  # type: ignore[no-any-return]
