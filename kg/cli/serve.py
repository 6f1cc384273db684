"""`kg serve`: the HTTP API (SPARQL endpoint, REST, query page) under uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app, console, handle_errors


@app.command()
@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    store: Annotated[
        Path | None, typer.Option("--store", help="Store directory (default: settings).")
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the graph: /sparql (SPARQL 1.1 Protocol), the REST API (/docs) and the query page (/)."""
    import uvicorn

    from api.app import create_app
    from kg.settings import get_settings

    settings = get_settings()
    if store is not None:
        settings = settings.model_copy(update={"store_path": store})
    application = create_app(settings)
    console.print(f"serving {settings.store_kind} store {settings.store_path} on http://{host}:{port}/")
    uvicorn.run(application, host=host, port=port, log_level=log_level)
