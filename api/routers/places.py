"""``/places/{id}/hierarchy``: where a place sits in the administrative tree."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status

from api import models, queries
from api.deps import SettingsDep, WorkerDep

router = APIRouter(prefix="/places", tags=["places"])


@router.get(
    "/{id:path}/hierarchy",
    response_model=models.PlaceHierarchy,
    summary="A place's parents and children",
    responses={404: {"description": "No such place"}},
)
async def place_hierarchy(
    work: WorkerDep,
    settings: SettingsDep,
    id: Annotated[str, Path(description="Place id (place/350112 or 350112) or IRI.", max_length=2000)],
) -> models.PlaceHierarchy:
    """Ancestors from the top down, direct children, and how many places lie inside."""
    iri = queries.from_id(id, settings.base_iri, kind="place")
    result = await work("api.queries:place_hierarchy", iri, settings.base_iri) if iri else None
    if result is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no place with id {id!r}")
    return result
