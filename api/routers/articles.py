"""``/articles``: one article's record, and (when enabled) ingesting new articles."""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path as FilePath
from pathlib import PurePath
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request, status

from api import models, queries
from api.deps import RunnerDep, SettingsDep, StoreDep, WorkerDep, WriterDep
from api.endpoint.extraction import ArticleTimeout, ExtractionWorker
from kg.batch import Failure
from kg.errors import KGError
from kg.records import Article, Extraction, ReadFailure
from kg.settings import Settings
from kg.store.base import Store

if TYPE_CHECKING:  # kg.ingest (the RDF builder, pypinyin: about 55 MB) is imported on the first upload only
    from kg.ingest import IngestReport

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
    work: WorkerDep,
    settings: SettingsDep,
    id: Annotated[str, Path(description="Article id (as in article/<id>) or IRI.", max_length=2000)],
) -> models.ArticleDetail:
    """Source, title, site, date, hash, credits, the entities it mentions and its counts."""
    iri = queries.from_id(id, settings.base_iri, kind="article")
    result = await work("api.queries:article_detail", iri, settings.base_iri) if iri else None
    if result is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no article with id {id!r}")
    if result.source_path and PurePath(result.source_path).is_absolute():
        # recorded by an ingest given an absolute path: the server does not show its file system
        result = result.model_copy(update={"source_path": PurePath(result.source_path).name})
    return result  # type: ignore[no-any-return]


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

    Reading and extraction run in a worker process, each article under ``article_timeout``
    seconds (past it: listed in ``failures`` with the stage, or 422 when nothing went in).
    Re-sending an article replaces its graph; the next request sees it, REST and SPARQL alike.
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
    extractor: ExtractionWorker = request.app.state.extractor
    limit = settings.article_timeout
    failures: list[Failure] = []
    extracted: list[tuple[Article, Extraction]] = []
    # read and extract in the extraction worker, each step under the per-article limit; the store
    # is written only after (a short write during which the query workers wait)
    with tempfile.TemporaryDirectory(prefix="kg-upload-") as tmp:
        path = FilePath(tmp) / f"{stem}{suffix}"
        path.write_bytes(body)
        items = await extractor.read(path, limit)
    for item in items:
        label = FilePath(item.source).name
        if isinstance(item, ReadFailure):
            failures.append(Failure(label, "read", item.reason))
            continue
        try:
            extracted.append((item, await extractor.extract(item, limit, label)))
        except ArticleTimeout as exc:
            failures.append(Failure(label, exc.stage, str(exc)))
        except KGError as exc:
            failures.append(Failure(label, "extract", str(exc)))
    report = await runner.write(lambda: _load(extracted, store, settings))
    report.failures[:0] = failures
    timed_out = [f for f in report.failures if "(article_timeout)" in f.reason]
    if not report.articles and timed_out:
        raise ArticleTimeout(f"{timed_out[0].reason}; nothing was written", timed_out[0].stage)
    return models.ArticlesIngested(
        articles=[*report.written, *report.unchanged],
        failures=[
            {"source": FilePath(f.source).name, "stage": f.stage, "reason": f.reason} for f in report.failures
        ],
    )


def _load(extracted: list[tuple[Article, Extraction]], store: Store, settings: Settings) -> IngestReport:
    """Build and load the extracted articles (in a thread, while no query worker reads the store)."""
    from kg.curation import default_curation
    from kg.ingest import ingest

    by_article = {id(article): extraction for article, extraction in extracted}
    return ingest(
        [],
        store=store,
        reader=lambda _: [article for article, _ in extracted],
        extractor=lambda article: by_article[id(article)],
        base=settings.base_iri,
        curation=default_curation(settings),
        # each upload is read from a fresh temporary folder: re-sending a name replaces its article
        replace=True,
    )
