"""The FastAPI application: SPARQL 1.1 Protocol endpoint, REST API, query page.

``create_app(settings, store)`` builds it; ``kg serve`` runs it under uvicorn.
The store is opened at start-up (unless one is given) and SPARQL protocol
queries run in worker processes that can be stopped at the time limit.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.endpoint.extraction import ArticleTimeout, ExtractionWorker
from api.endpoint.policy import QueryTooDeep, QueryTooLarge
from api.endpoint.pool import ProcessPool, QueryRunner, ThreadRunner, WorkerDied, open_read_only
from api.limits import BodySizeLimit
from api.routers import ROUTERS
from kg import __version__
from kg.errors import (
    ConfigError,
    ExtractionError,
    KGError,
    NotAcceptable,
    QueryError,
    QueryRefused,
    QueryTimeout,
    ReadError,
    StoreError,
    UnknownPluginError,
)
from kg.settings import Settings, get_settings
from kg.store.base import STORES, Store

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"

# KGError subclass -> (HTTP status, error code); the most specific class listed wins (checked in order).
ERROR_STATUS: list[tuple[type[KGError], int, str]] = [
    (QueryTimeout, status.HTTP_503_SERVICE_UNAVAILABLE, "query_timeout"),
    (WorkerDied, status.HTTP_503_SERVICE_UNAVAILABLE, "worker_died"),
    (QueryTooLarge, status.HTTP_413_CONTENT_TOO_LARGE, "query_too_large"),
    (QueryTooDeep, status.HTTP_400_BAD_REQUEST, "query_too_deep"),
    (ArticleTimeout, status.HTTP_422_UNPROCESSABLE_CONTENT, "article_timeout"),
    (QueryRefused, status.HTTP_403_FORBIDDEN, "query_refused"),
    (NotAcceptable, status.HTTP_406_NOT_ACCEPTABLE, "not_acceptable"),
    (QueryError, status.HTTP_400_BAD_REQUEST, "malformed_query"),
    (ReadError, status.HTTP_422_UNPROCESSABLE_CONTENT, "unreadable_article"),
    (ExtractionError, status.HTTP_422_UNPROCESSABLE_CONTENT, "extraction_failed"),
    (UnknownPluginError, status.HTTP_400_BAD_REQUEST, "unknown_name"),
    (StoreError, status.HTTP_500_INTERNAL_SERVER_ERROR, "store_error"),
    (ConfigError, status.HTTP_500_INTERNAL_SERVER_ERROR, "config_error"),
]


def error_status(exc: KGError) -> tuple[int, str]:
    """The HTTP status and error code of a KGError."""
    for cls, code, name in ERROR_STATUS:
        if isinstance(exc, cls):
            return code, name
    return status.HTTP_500_INTERNAL_SERVER_ERROR, "error"


async def kg_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """The one place a KGError becomes an HTTP response: ``{"error": code, "message": text}``."""
    assert isinstance(exc, KGError)
    code, name = error_status(exc)
    if code >= 500 and not isinstance(exc, QueryTimeout):
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    headers = {"Retry-After": "5"} if isinstance(exc, QueryTimeout) else None
    return JSONResponse({"error": name, "message": redact_paths(str(exc))}, status_code=code, headers=headers)


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """HTTPException with the same body shape as KGError (plus FastAPI's ``detail``)."""
    assert isinstance(exc, StarletteHTTPException)
    detail = redact_paths(exc.detail) if isinstance(exc.detail, str) else exc.detail
    body = {
        "error": _HTTP_NAMES.get(exc.status_code, "http_error"),
        "message": redact_paths(str(exc.detail)),
        "detail": detail,
    }
    return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    return JSONResponse(
        {
            "error": "invalid_request",
            "message": redact_paths(f"{where}: {first.get('msg', 'invalid')}"),
            "detail": jsonable(errors),
        },
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


async def unexpected_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Any other exception: logged here in full, answered 500 without internals (no paths, no trace)."""
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        {"error": "internal_error", "message": "the server failed to answer this request; it was logged"},
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


# An absolute POSIX path (not the path part of a URL or a media type): "/" not preceded by a word
# character, ":", "/", "." or "-". One character class, no nesting: linear time.
_ABSOLUTE_PATH = re.compile(r"(?<![\w:/.\-])/[\w.\-/]+")


def redact_paths(message: str) -> str:
    """``message`` with absolute file paths cut to their last component (no server paths in answers)."""
    return _ABSOLUTE_PATH.sub(lambda m: m.group().rstrip("/").rsplit("/", 1)[-1] or "/", message)


def jsonable(errors: Sequence[Any]) -> list[dict[str, object]]:
    """Validation errors without the raw input objects (bytes, exceptions) JSON cannot hold."""
    return [
        {k: (v if k in ("loc", "msg", "type") else str(v)) for k, v in e.items() if k != "ctx"}
        for e in errors
    ]


_HTTP_NAMES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
}


def open_configured_store(settings: Settings) -> Store:
    """The store named by the settings (``store_kind`` at ``store_path``).

    The embedded store is opened read-only unless writing is enabled (``write_token``): a
    read-only server takes no lock, so several can serve one store directory, and ``kg ingest``
    may write it meanwhile (the workers see each ingest on their next request).
    """
    factory = STORES.get(settings.store_kind)
    if settings.store_kind == "oxigraph" and not settings.write_token:
        return factory.open(path=settings.store_path, settings=settings, read_only=True)  # type: ignore[no-any-return]
    return factory.open(path=settings.store_path, settings=settings)  # type: ignore[no-any-return]


def make_runner(store: Store, settings: Settings) -> QueryRunner:
    """Worker processes for an embedded store on disk; threads for stores that cannot be reopened."""
    path = getattr(store, "path", None)
    if store.name == "oxigraph" and path is not None:
        return ProcessPool(
            partial(open_read_only, store.name, str(path)),
            size=settings.query_workers,
            path=str(path),
            slow_slots=settings.slow_query_slots,
            slow_after=settings.slow_query_after,
            heavy_chars=settings.slow_query_chars,
        )
    return ThreadRunner(store)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The application over ``store`` (default: the store the settings name, opened at start-up)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = store is None
        served = store if store is not None else open_configured_store(settings)
        runner = make_runner(served, settings)
        extractor = ExtractionWorker(settings.tagger)  # its process starts on the first upload
        try:
            if isinstance(runner, ProcessPool):
                await runner.start()
            app.state.store = served
            app.state.runner = runner
            app.state.extractor = extractor
            yield
        finally:
            extractor.close()
            runner.close()
            if own:
                served.close()

    app = FastAPI(
        title="Frontline KG",
        version=__version__,
        summary="Who was deployed where in the COVID-19 response, from Chinese news articles.",
        description=(
            "A SPARQL 1.1 Protocol endpoint at `/sparql` (read-only) and a JSON API for the "
            "common questions. Every fact carries its evidence sentence, article and offsets."
        ),
        lifespan=lifespan,
        docs_url=None,  # served below from the bundled Swagger UI files: /docs works offline
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_exception_handler(KGError, kg_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(Exception, unexpected_error_handler)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    # Browser tools on other origins (YASGUI ...) may read: no credentials, and no Authorization
    # header allowed, so a page elsewhere can never write with a visitor's token.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "POST"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=["X-KG-Truncated", "X-KG-Row-Cap"],
    )
    for spec in ROUTERS:
        module, _, attr = spec.partition(":")
        app.include_router(getattr(import_module(module), attr or "router"))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # Swagger UI 5 (renders OpenAPI 3.1), bundled from npm by viewer/build.mjs: no CDN
    app.mount("/docs-static", StaticFiles(directory=STATIC / "swagger"), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Frontline KG API",
            swagger_js_url="/docs-static/swagger-ui-bundle.js",
            swagger_css_url="/docs-static/swagger-ui.css",
            swagger_favicon_url="/docs-static/favicon-32x32.png",
        )

    return app
