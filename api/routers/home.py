"""``/`` and ``/query``: the query editor (YASGUI, bundled and served offline; one tab per example query;
``?query=`` opens a query of its own), and ``/examples``, the saved queries it offers."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from pydantic import BaseModel

from api.examples import SAVED_QUERIES

router = APIRouter(tags=["page"])
PAGE = Path(__file__).resolve().parent.parent / "static" / "query" / "index.html"


class Example(BaseModel):
    name: str
    title: str
    sparql: str


@router.get("/", response_class=FileResponse, summary="The query editor", include_in_schema=True)
async def home() -> FileResponse:
    """YASGUI on /sparql with the example queries for the common questions, one tab each."""
    return FileResponse(PAGE, media_type="text/html; charset=utf-8")


@router.get("/query", response_class=FileResponse, summary="The query editor (?query= opens a query)")
async def query_editor() -> FileResponse:
    """The query editor; ``?query=`` opens that query in the first tab (the entity pages link here)."""
    return FileResponse(PAGE, media_type="text/html; charset=utf-8")


@router.get("/examples", response_model=list[Example], summary="Saved example queries")
async def examples() -> list[Example]:
    """The saved queries the query page offers (and the benchmark runs)."""
    return [Example(name=q.name, title=q.title, sparql=q.sparql) for q in SAVED_QUERIES]
