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

from kg.cli.app import ArticleTimeout, RulesOnly, app, console, err_console, handle_errors
from kg.errors import ExportError, StoreError
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
    article_timeout: ArticleTimeout = None,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Let an article replace a stored one of the same id read from another source.")] = False,
    json_output: Annotated[bool, typer.Option(
        "--json", help="Print the report as one JSON object (written, unchanged, counts, failures).")] = False,
    rules_only: RulesOnly = False,
) -> None:
    """Read, extract and load articles; re-ingesting an article replaces its named graph.

    Sources are recorded relative to the folder given (or a file's own folder). An article id the
    store already holds from another source is refused (a failure), unless --replace.
    """
    from kg.curation import default_curation, load_curation
    from kg.ingest import ingest

    settings = get_settings()
    cur = load_curation(curation, base=settings.base_iri) if curation else default_curation(settings)
    st = open_configured(store, read_only=False)
    try:
        with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), console=err_console, disable=json_output) as bar:
            task = bar.add_task("reading", total=None)

            def step(done: int, total: int, source: str, status: str) -> None:
                name = escape(Path(source).name)
                bar.update(task, completed=done, total=total, description=f"{status}: {name}")

            report = ingest(paths, store=st, base=settings.base_iri, curation=cur, progress=step,
                            ontology=ontology, jobs=jobs or settings.jobs, tagger=settings.tagger,
                            timeout=settings.article_timeout if article_timeout is None else article_timeout,
                            replace=replace, rules_only=rules_only)
    finally:
        st.close()
    if json_output:
        typer.echo(json.dumps({
            "written": report.written, "unchanged": report.unchanged, "entities": report.entities,
            "facts": report.facts, "triples": report.triples,
            "failures": [{"source": f.source, "stage": f.stage, "reason": f.reason} for f in report.failures],
        }, ensure_ascii=False, indent=1))
        if report.failures:
            raise typer.Exit(1)
        return
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
    format: Annotated[ExportFormat | None, typer.Option(
        "--format", "-f", help="ttl, trig, nq, jsonld or nt (default: the output's extension).")] = None,
    store: StoreOption = None,
    output: Annotated[Path | None,
                      typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Write the whole graph; TriG, N-Quads and JSON-LD keep the named graphs, Turtle gets their union.

    The output's extension must name the format written (``-o all.csv`` is refused: RDF is no CSV).
    """
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    names = [f.value for f in ExportFormat]
    if format is None:
        if suffix not in names:
            raise ExportError(f"cannot tell the RDF format from {output or 'standard output'}: give --format "
                              f"({', '.join(names)}) or an output file ending in one of them")
        format = ExportFormat(suffix)
    elif suffix and suffix != format.value:
        raise ExportError(f"{output}: --format {format.value} writes .{format.value} files, not .{suffix}; "
                          "name the output after its format (for tables, use `kg query -f csv`)")
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


@app.command("validate")
@handle_errors
def validate_command(
    files: Annotated[list[Path] | None, typer.Argument(
        help="RDF files to validate together (.ttl, .nt, .trig, .nq, .jsonld); default: the store.")] = None,
    store: StoreOption = None,
    inference: Annotated[str, typer.Option(help="rdfs (default) or none.")] = "rdfs",
) -> None:
    """Check the whole store (or RDF files) against the SHACL shapes; exit 1 on violations.

    All named graphs are merged and validated together, with RDFS inference over the ontology, so a
    node is checked against the shapes of every class the ontology implies for it.
    """
    from rdflib import Dataset

    from kg.rdf.validate import load_rdf, validate_dataset

    if files:
        ds = load_rdf(files)
        what = ", ".join(str(f) for f in files)
    else:
        st = open_configured(store, read_only=True)
        try:
            data = st.export("nq")
        finally:
            st.close()
        ds = Dataset()
        ds.parse(data=data, format="nquads")
        what = "the store"
    result = validate_dataset(ds, inference=inference)
    console.print(escape(result.text.rstrip()))
    verdict = "conforms" if result.conforms else f"does not conform: {result.results} result(s)"
    err_console.print(f"{escape(what)}: {result.triples} triples, {verdict} (inference: {inference})")
    if not result.conforms:
        raise typer.Exit(1)


@app.command("remove")
@handle_errors
def remove_command(
    articles: Annotated[list[str], typer.Argument(help="Article ids (as in article/<id>) or IRIs.")],
    store: StoreOption = None,
) -> None:
    """Remove articles: each one's graph and the shared triples no other article states (one update each)."""
    from kg.ingest import remove_article

    settings = get_settings()
    st = open_configured(store, read_only=False)
    missing = []
    try:
        for ident in articles:
            iri = ident if "://" in ident else f"{settings.base_iri}article/{ident}"
            if remove_article(st, iri):
                console.print(f"removed {escape(iri)}")
            else:
                missing.append(ident)
    finally:
        st.close()
    for ident in missing:
        err_console.print(f"[red]no article[/red] {escape(ident)}")
    if missing:
        raise typer.Exit(1)
