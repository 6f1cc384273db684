"""``/``: the query page (a form, example queries, results as a table), and its examples."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from pydantic import BaseModel

from api.examples import SAVED_QUERIES

router = APIRouter(tags=["page"])
PAGE = Path(__file__).resolve().parent.parent / "static" / "index.html"


class Example(BaseModel):
    name: str
    title: str
    sparql: str


@router.get("/", response_class=FileResponse, summary="The query page", include_in_schema=True)
async def home() -> FileResponse:
    """A SPARQL form with example queries for the common questions; results shown as a table."""
    return FileResponse(PAGE, media_type="text/html; charset=utf-8")


@router.get("/query", response_class=FileResponse, summary="The query editor (?query= fills it in)")
async def query_editor() -> FileResponse:
    """The query page; ``?query=`` fills in the editor (the pages link their SPARQL here)."""
    return FileResponse(PAGE, media_type="text/html; charset=utf-8")


@router.get("/examples", response_model=list[Example], summary="Saved example queries")
async def examples() -> list[Example]:
    """The saved queries the query page offers (and the benchmark runs)."""
    return [Example(name=q.name, title=q.title, sparql=q.sparql) for q in SAVED_QUERIES]
