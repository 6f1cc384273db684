"""`kg ingest`, `kg query`, `kg export`, `kg stats`: the store commands.

Thin: the work is ``kg.ingest.ingest``, ``Store.query``/``query_raw``,
``Store.export`` and ``kg.store.stats.store_stats``. The store kind comes from
the settings (``KG_STORE_KIND``, ``KG_SPARQL_URL``); ``--store`` is the
directory of the embedded store (default ``var/store``).
"""
from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.cli.app import app, console, err_console, handle_errors
from kg.errors import StoreError
from kg.settings import get_settings
from kg.store.base import Store, open_store

StoreOption = Annotated[Path | None,
                        typer.Option("--store", help="Store directory (default: settings, var/store).")]
TABLE_ROWS = 1000   # the terminal table stops here; use --format csv/json for everything


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    ttl = "ttl"
    trig = "trig"
    nq = "nq"
    jsonld = "jsonld"
    nt = "nt"


def open_configured(store_dir: Path | None, *, read_only: bool) -> Store:
    """The store the settings name; the embedded one read-only for commands that only read."""
    settings = get_settings()
    options: dict[str, Any] = {}
    if settings.store_kind == "oxigraph" and read_only:
        options["read_only"] = True
    return open_store(settings.store_kind, store_dir or settings.store_path, **options)


def _short(iri: str) -> str:
    from kg.vocab import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


@app.command("ingest")
@handle_errors
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of articles.")],
    store: StoreOption = None,
    curation: Annotated[Path | None, typer.Option(
        help="Curation file (default: data/curation.yaml if present, else KG_CURATION_FILE).")] = None,
    ontology: Annotated[bool, typer.Option(help="Keep the ontology in its own named graph.")] = True,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Extraction worker processes "
                                             "(default: KG_JOBS).")] = None,
) -> None:
    """Read, extract and load articles; re-ingesting an article replaces its named graph."""
    from kg.curation import default_curation, load_curation
    from kg.ingest import ingest

    settings = get_settings()
    cur = load_curation(curation, base=settings.base_iri) if curation else default_curation(settings)
    st = open_configured(store, read_only=False)
    try:
        with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=err_console) as bar:
            task = bar.add_task("reading", total=None)

            def step(done: int, total: int, source: str, status: str) -> None:
                name = escape(Path(source).name)
                bar.update(task, completed=done, total=total, description=f"{status}: {name}")

            report = ingest(paths, store=st, base=settings.base_iri, curation=cur, progress=step,
                            ontology=ontology, jobs=jobs or settings.jobs, tagger=settings.tagger)
    finally:
        st.close()
    summary = Table(title="ingest", show_header=False)
    summary.add_row("articles written", str(len(report.written)))
    summary.add_row("articles unchanged", str(len(report.unchanged)))
    summary.add_row("entities", str(report.entities))
    summary.add_row("facts", str(report.facts))
    summary.add_row("triples written", str(report.triples))
    summary.add_row("failures", str(len(report.failures)))
    console.print(summary)
    if report.failures:
        for f in report.failures:
            err_console.print(f"[red]failed[/red] {escape(str(f))}")
        raise typer.Exit(1)


def _read_query(text: str) -> str:
    """The query itself, ``-`` for standard input, or ``@file.rq``."""
    if text == "-":
        return sys.stdin.read()
    if text.startswith("@"):
        try:
            return Path(text[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise StoreError(f"cannot read the query file {text[1:]}: {exc}") from exc
    return text


@app.command("query")
@handle_errors
def query_command(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, '-' for stdin, or @FILE.rq.")],
    store: StoreOption = None,
    format: Annotated[QueryFormat,
                      typer.Option("--format", "-f", help="table, json or csv.")] = QueryFormat.table,
) -> None:
    """Run a SPARQL query on the store (the default graph is the union of the articles)."""
    text = _read_query(sparql)
    st = open_configured(store, read_only=True)
    try:
        if format is not QueryFormat.table:
            accept = ("application/sparql-results+json, application/ld+json;q=0.9"
                      if format is QueryFormat.json else "text/csv, application/n-triples;q=0.9")
            body, _ = st.query_raw(text, accept=accept)
            sys.stdout.buffer.write(body)
            if not body.endswith(b"\n"):
                sys.stdout.buffer.write(b"\n")
            return
        res = st.query(text, max_rows=TABLE_ROWS)
    finally:
        st.close()
    if res.kind == "ask":
        console.print("true" if res.boolean else "false")
        return
    if res.kind == "graph":
        assert res.graph is not None
        sys.stdout.write(res.graph.serialize(format="turtle"))
        return
    table = Table(*res.vars)
    for row in res.rows:
        table.add_row(*(escape(_short(str(v))) if v is not None else "" for v in row))
    console.print(table)
    more = " (cut: use --format csv for all)" if res.truncated else ""
    err_console.print(f"{len(res.rows)} rows{more}")


@app.command("export")
@handle_errors
def export_command(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="ttl, trig, nq, jsonld or nt.")],
    store: StoreOption = None,
    output: Annotated[Path | None,
                      typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Write the whole graph; TriG, N-Quads and JSON-LD keep the named graphs, Turtle gets their union."""
    st = open_configured(store, read_only=True)
    try:
        data = st.export(format.value)
    finally:
        st.close()
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        err_console.print(f"wrote {len(data)} bytes to {escape(str(output))}")


@app.command("stats")
@handle_errors
def stats_command(
    store: StoreOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the counts as one JSON object.")] = False,
) -> None:
    """Counts by class and by property."""
    from kg.store.stats import store_stats

    st = open_configured(store, read_only=True)
    try:
        stats = store_stats(st)
    finally:
        st.close()
    if json_output:
        typer.echo(json.dumps({"quads": stats.quads, "graphs": stats.graphs, "articles": stats.articles,
                               "classes": dict(stats.classes), "properties": dict(stats.properties)},
                              ensure_ascii=False, indent=1))
        return
    console.print(f"{stats.quads} quads in {stats.graphs} named graphs ({stats.articles} articles)")
    for title, rows in (("instances by class", stats.classes), ("triples by property", stats.properties)):
        table = Table("term", "count", title=title)
        for iri, n in rows:
            table.add_row(escape(_short(iri)), str(n))
        console.print(table)
