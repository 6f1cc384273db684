"""``/deployments``: who was deployed where, filtered and paginated, with evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import models
from api.deps import SettingsDep, WorkerDep
from api.paging import LimitDep, OffsetDep

router = APIRouter(prefix="/deployments", tags=["deployments"])

ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@router.get("", response_model=models.DeploymentPage, summary="Deployments, filtered")
async def list_deployments(
    work: WorkerDep,
    settings: SettingsDep,
    limit: LimitDep,
    offset: OffsetDep,
    person: Annotated[
        str | None, Query(description="Name (Simplified, Traditional, pinyin), id or IRI.", max_length=200)
    ] = None,
    place: Annotated[
        str | None, Query(description="Place name, id or IRI; places inside it count too.", max_length=200)
    ] = None,
    organization: Annotated[
        str | None, Query(description="Unit the agent belongs to or was sent from.", max_length=200)
    ] = None,
    date_from: Annotated[
        str | None,
        Query(alias="from", pattern=ISO_DATE, description="ISO date or partial date (2022, 2022-11)."),
    ] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=ISO_DATE)] = None,
) -> models.DeploymentPage:
    """Deployments matching every filter; each with agent, place, units, date, confidence and evidence."""
    return await work(  # type: ignore[no-any-return]
        "api.queries:find_deployments",
        base=settings.base_iri,
        person=person,
        place=place,
        organization=organization,
        date_from=date_from,
        date_to=date_to,
        limit=limit or settings.page_size,
        offset=offset,
    )
