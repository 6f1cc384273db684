"""``/articles``: one article's record, and (when enabled) ingesting new articles."""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, status
from fastapi.concurrency import run_in_threadpool

from api import models, queries
from api.deps import RunnerDep, SettingsDep, StoreDep, WriterDep
from kg.settings import Settings
from kg.store.base import Store

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


@router.get(
    "/{id:path}",
    response_model=models.ArticleDetail,
    summary="One article",
    responses={404: {"description": "No such article"}},
)
async def get_article(
    store: StoreDep,
    settings: SettingsDep,
    id: Annotated[str, Path(description="Article id (as in article/<id>) or IRI.", max_length=2000)],
) -> models.ArticleDetail:
    """Source, title, site, date, hash, credits, the entities it mentions and its counts."""
    iri = queries.from_id(id, settings.base_iri, kind="article")
    result = await run_in_threadpool(queries.article_detail, store, iri, settings.base_iri) if iri else None
    if result is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no article with id {id!r}")
    return result


@router.post(
    "",
    response_model=models.ArticlesIngested,
    status_code=status.HTTP_201_CREATED,
    summary="Ingest articles (needs the write token)",
    responses={
        401: {"description": "No bearer token"},
        403: {"description": "Writing off, or bad token"},
        413: {"description": "Body too large"},
        415: {"description": "Unknown body format"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {m: {"schema": {"type": "string"}} for m in UPLOAD_SUFFIX},
        }
    },
)
async def post_articles(
    request: Request,
    _writer: WriterDep,
    store: StoreDep,
    runner: RunnerDep,
    settings: SettingsDep,
    name: Annotated[
        str | None,
        Query(description="File name to record as the source (letters, digits, ._-).", max_length=121),
    ] = None,
) -> models.ArticlesIngested:
    """Read, extract and load the body (one article, or a batch as JSON lines / CSV) like ``kg ingest``.

    Re-sending an article replaces its graph. The SPARQL workers are restarted afterwards so
    that protocol queries see the new data.
    """
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    suffix = UPLOAD_SUFFIX.get(media)
    if suffix is None:
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            f"expected one of {', '.join(UPLOAD_SUFFIX)}, found {media or 'no media type'!r}",
        )
    if name is not None and not _NAME.match(name):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, "name may hold letters, digits, '.', '_' and '-' only"
        )
    body = await request.body()
    if not body.strip():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "the request body is empty")
    # without a name, the content names the article: re-sending it replaces it, others do not collide
    stem = FilePath(name).stem if name else f"upload-{hashlib.sha256(body).hexdigest()[:12]}"
    with tempfile.TemporaryDirectory(prefix="kg-upload-") as tmp:
        path = FilePath(tmp) / f"{stem}{suffix}"
        path.write_bytes(body)
        nlp = await run_in_threadpool(_pipeline, request.app.state, settings)
        report = await runner.write(lambda: _ingest(path, store, settings, nlp))
    return report


def _pipeline(state: Any, settings: Settings) -> Any:
    """The extraction pipeline, built on the first write and kept (it takes seconds to build)."""
    nlp = getattr(state, "nlp", None)
    if nlp is None:
        from kg.extract import build_pipeline

        nlp = state.nlp = build_pipeline(tagger=settings.tagger)
    return nlp


def _ingest(path: FilePath, store: Store, settings: Settings, nlp: Any) -> models.ArticlesIngested:
    """Run the ingest pipeline (read, extract, build, load) on one uploaded file, in a thread."""
    from kg.curation import default_curation
    from kg.ingest import ingest

    # an upload sits in a fresh temporary folder each time: re-sending a name replaces its article
    report = ingest([path], store=store, nlp=nlp, base=settings.base_iri, curation=default_curation(settings),
                    replace=True)
    return models.ArticlesIngested(
        articles=[*report.written, *report.unchanged],
        failures=[
            {"source": FilePath(f.source).name, "stage": f.stage, "reason": f.reason} for f in report.failures
        ],
    )
