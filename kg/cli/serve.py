"""`kg serve`: the HTTP API (SPARQL endpoint, REST, query page) under uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app, console, handle_errors


@app.command()
@handle_errors
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default KG_HOST, else 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port (default KG_PORT, else 8000).")] = None,
    store: Annotated[
        Path | None, typer.Option("--store", help="Store directory (default: settings).")
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the graph: /sparql (SPARQL 1.1 Protocol), the REST API (/docs) and the query page (/)."""
    from api.app import create_app, open_configured_store
    from api.server import run
    from kg.settings import get_settings

    settings = get_settings()
    if store is not None:
        settings = settings.model_copy(update={"store_path": store})
    host = settings.host if host is None else host
    port = settings.port if port is None else port
    # opened here, not at app start-up, so that a missing store is a one-line error, not a traceback
    served = open_configured_store(settings)
    try:
        mode = "read-write (POST /articles enabled)" if settings.write_token else "read-only"
        console.print(
            f"serving the {settings.store_kind} store {settings.store_path} ({mode}) on http://{host}:{port}/"
        )
        run(create_app(settings, served), host=host, port=port, log_level=log_level)
    finally:
        served.close()
