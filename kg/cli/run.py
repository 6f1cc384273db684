"""`kg run`: the main job — ingest a folder of articles into the store, then serve it.

This is what `make run` calls on the bundled samples with the embedded store.
It reuses the `kg ingest` and `kg serve` commands as they are, so the two
stay one implementation.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import ArticleTimeout, RulesOnly, app, err_console
from kg.cli.serve import serve
from kg.cli.store import ingest_command


@app.command("run")
def run(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of articles.")],
    store: Annotated[Path | None, typer.Option("--store", help="Store directory (default: settings).")] = None,
    host: Annotated[str | None, typer.Option(help="Interface to bind (default KG_HOST, else 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port (default KG_PORT, else 8000).")] = None,
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve",
                                              help="Serve the store after ingesting.")] = True,
    article_timeout: ArticleTimeout = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Dask scheduler to extract on (tcp://HOST:8786); default: a local cluster, or this "
        "process for small inputs.")] = None,
    rules_only: RulesOnly = False,
) -> None:
    """Ingest PATHS (re-ingest is idempotent) and serve the result on http://HOST:PORT/."""
    failed = False
    try:
        ingest_command(paths=paths, store=store, curation=None, ontology=True, article_timeout=article_timeout,
                       scheduler=scheduler, rules_only=rules_only)
    except typer.Exit as exc:
        # The failures are listed already; the articles that did go in are still served.
        failed = exc.exit_code != 0
        if failed and serve_after:
            err_console.print("[yellow]some articles failed (listed above); serving the rest[/yellow]")
    if serve_after:
        serve(host=host, port=port, store=store, log_level="info")
    elif failed:
        raise typer.Exit(1)
