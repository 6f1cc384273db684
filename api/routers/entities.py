"""``/entities/{id}`` and ``/search``: one entity in full, and finding entities by name."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, status

from api import models, queries
from api.deps import SettingsDep, WorkerDep
from api.paging import LimitDep, OffsetDep

router = APIRouter(tags=["entities"])


@router.get(
    "/entities/{id:path}",
    response_model=models.EntityDetail,
    summary="One entity",
    responses={404: {"description": "No such entity"}},
)
async def get_entity(
    work: WorkerDep,
    settings: SettingsDep,
    id: Annotated[str, Path(description="Id (person/chen-yan-ling-…) or full IRI.", max_length=2000)],
) -> models.EntityDetail:
    """Types, labels (Simplified, Traditional, pinyin), relations both ways with evidence, articles."""
    iri = queries.from_id(id, settings.base_iri)
    detail = await work("api.queries:entity_detail", iri, settings.base_iri) if iri else None
    if detail is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no entity with id {id!r}")
    return detail


@router.get("/search", response_model=models.SearchPage, summary="Find entities by name")
async def search(
    work: WorkerDep,
    settings: SettingsDep,
    limit: LimitDep,
    offset: OffsetDep,
    q: Annotated[
        str,
        Query(
            min_length=1, max_length=200, description="Name or part of it: Simplified, Traditional or pinyin."
        ),
    ],
    type: Annotated[
        Literal["Person", "Organization", "Place"] | None, Query(description="Only entities of this class.")
    ] = None,
) -> models.SearchPage:
    """Entities whose labels contain ``q``, ranked exact > prefix > substring, shorter labels first."""
    return await work(  # type: ignore[no-any-return]
        "api.queries:search", q, base=settings.base_iri, type_=type, limit=limit, offset=offset
    )
