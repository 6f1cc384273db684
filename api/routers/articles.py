"""``/articles``: one article's record, and (when enabled) ingesting new articles."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request, status
from fastapi.concurrency import run_in_threadpool

from api import models, queries
from api.deps import RunnerDep, SettingsDep, StoreDep, WriterDep

router = APIRouter(prefix="/articles", tags=["articles"])

# Body media type -> file suffix the reading stage recognises.
UPLOAD_SUFFIX = {
    "text/plain": ".txt",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "text/csv": ".csv",
}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


@router.get("/{id:path}", response_model=models.ArticleDetail, summary="One article",
            responses={404: {"description": "No such article"}})
async def get_article(
    store: StoreDep, settings: SettingsDep,
    id: Annotated[str, Path(description="Article id (as in article/<id>) or IRI.", max_length=2000)],
) -> models.ArticleDetail:
    """Source, title, site, date, hash, credits, the entities it mentions and its counts."""
    ident = id if id.startswith(("article/", "http://", "https://")) else f"article/{id}"
    iri = queries.from_id(ident, settings.base_iri)
    result = await run_in_threadpool(queries.article_detail, store, iri, settings.base_iri) if iri else None
    if result is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no article with id {id!r}")
    return result


@router.post("", response_model=models.ArticlesIngested, status_code=status.HTTP_201_CREATED,
             summary="Ingest articles (needs the write token)",
             responses={401: {"description": "No bearer token"}, 403: {"description": "Writing off, or bad token"},
                        413: {"description": "Body too large"}, 415: {"description": "Unknown body format"}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 m: {"schema": {"type": "string"}} for m in UPLOAD_SUFFIX}}})
async def post_articles(
    request: Request, _writer: WriterDep, store: StoreDep, runner: RunnerDep, settings: SettingsDep,
    name: Annotated[str | None, Query(description="File name to record as the source (letters, digits, ._-).",
                                      max_length=121)] = None,
) -> models.ArticlesIngested:
    """Read, extract and load the body (one article, or a batch as JSON lines / CSV) like ``kg ingest``.

    Re-sending an article replaces its graph. The SPARQL workers are restarted afterwards so
    that protocol queries see the new data.
    """
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    suffix = UPLOAD_SUFFIX.get(media)
    if suffix is None:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                            f"expected one of {', '.join(UPLOAD_SUFFIX)}, found {media or 'no media type'!r}")
    if name is not None and not _NAME.match(name):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            "name may hold letters, digits, '.', '_' and '-' only")
    body = await request.body()
    if not body.strip():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "the request body is empty")
    stem = FilePath(name).stem if name else "upload"
    with tempfile.TemporaryDirectory(prefix="kg-upload-") as tmp:
        path = FilePath(tmp) / f"{stem}{suffix}"
        path.write_bytes(body)
        written, failures = await runner.write(lambda: _ingest(path, store, settings))
    return models.ArticlesIngested(articles=written, failures=failures)


def _ingest(path: FilePath, store: object, settings: object) -> tuple[list[str], list[dict[str, str]]]:
    """Run the ingest pipeline on one uploaded file (in a thread)."""
    from kg.ingest import ingest   # the pipeline lands with the graph issue; imported when used

    report = ingest([path], store=store, settings=settings)
    written = [str(a) for a in getattr(report, "graphs", getattr(report, "articles", []))]
    failures = [{"source": str(getattr(f, "source", "")), "reason": str(getattr(f, "reason", f))}
                for f in getattr(report, "failures", [])]
    return written, failures
