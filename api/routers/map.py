"""``/map``: deployments and paired assistance on a map (Leaflet, bundled; no tiles, works offline), and
``/map/seats``, the provincial seats it draws for orientation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.deps import SettingsDep
from kg.geo import province_seats

router = APIRouter(tags=["analysis"])
PAGE = Path(__file__).resolve().parents[1] / "static" / "map" / "index.html"


@router.get("/map", response_class=FileResponse, summary="The map page")
async def map_page() -> FileResponse:
    """Located places as points, unit → place deployments and assistance as lines, with their evidence."""
    return FileResponse(PAGE, media_type="text/html; charset=utf-8")


@router.get("/map/seats", summary="Provincial seats with coordinates (the map's orientation layer)")
async def seats(settings: SettingsDep) -> dict[str, Any]:
    """The provincial-level divisions' points, and the base of entity IRIs (for links to their pages)."""
    return {"base": settings.base_iri,
            "seats": [{"code": c, "name": n, "lon": lon, "lat": lat} for c, n, lon, lat in province_seats()]}
