"""`kg ingest`, `kg query`, `kg export`, `kg stats`: the store commands.

Thin: the work is ``kg.ingest.ingest``, ``Store.query``/``query_raw``,
``Store.export`` and ``kg.store.stats.store_stats``. The store kind comes from
the settings (``KG_STORE_KIND``, ``KG_SPARQL_URL``); ``--store`` is the
directory of the embedded store (default ``var/store``).
"""
from __future__ import annotations

import json
import sys
import threading
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from kg.cli.app import ArticleTimeout, RulesOnly, app, console, err_console, handle_errors
from kg.errors import ConfigError, ExportError, StoreError
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


class _Bar:
    """The ingest progress bar: articles done of the total counted beside (when known), articles/s, ETA, failures."""

    def __init__(self, bar: Progress, paths: list[Path]):
        self.bar, self.failed = bar, 0
        self.task = bar.add_task("reading", total=None, failed=0, rate="")

        def count() -> None:
            from kg.read.files import count_records

            total = count_records(paths)
            if not bar.finished:
                bar.update(self.task, total=total)

        threading.Thread(target=count, name="kg-count-inputs", daemon=True).start()

    def __call__(self, done: int, total: int, source: str, status: str) -> None:
        self.failed += status == "failed"
        name = escape(Path(source).name)
        fields: dict[str, Any] = {"completed": done, "description": f"{status}: {name}", "failed": self.failed}
        if total:
            fields["total"] = total
        self.bar.update(self.task, **fields)


ReplaceOption = Annotated[bool, typer.Option(
    "--replace", help="Let an article replace a stored one of the same id read from another source.")]
OntologyOption = Annotated[bool, typer.Option(help="Keep the ontology in its own named graph.")]


def progress_bar(disable: bool) -> Progress:
    return Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"),
                    TimeRemainingColumn(), TextColumn("[red]{task.fields[failed]} failed"), TimeElapsedColumn(),
                    TextColumn("{task.description}"), console=err_console, disable=disable)


@app.command("ingest")
@handle_errors
def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of articles (JSONL/CSV corpora, "
                                                "compressed .gz/.zst or not, are read as streams).")],
    store: StoreOption = None,
    curation: Annotated[Path | None, typer.Option(
        help="Curation file (default: data/curation.yaml if present, else KG_CURATION_FILE).")] = None,
    ontology: OntologyOption = True,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Extraction worker processes of the local "
                                             "cluster (default: KG_JOBS; 0: one per core).")] = None,
    article_timeout: ArticleTimeout = None,
    replace: ReplaceOption = False,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Dask scheduler to extract on (tcp://HOST:8786); default: a local cluster, or this "
        "process for small inputs.")] = None,
    shards: Annotated[Path | None, typer.Option(
        "--shards", help="Folder to write and keep the N-Quads shards in (default: a temporary one).")] = None,
    load: Annotated[bool, typer.Option(
        "--load/--no-load", help="Load the shards into the store (--no-load: stop after writing them; "
        "`kg load` loads them later).")] = True,
    force: Annotated[bool, typer.Option(
        "--force", help="Extract every article again, even those the store holds as built from the same input.")
    ] = False,
    batch_size: Annotated[int | None, typer.Option("--batch-size", min=1, help="Articles per cluster task "
                                                   "(default 16).")] = None,
    json_output: Annotated[bool, typer.Option(
        "--json", help="Print the report as one JSON object (written, unchanged, counts, failures).")] = False,
    rules_only: RulesOnly = False,
) -> None:
    """Read, extract and load articles; re-ingesting an article replaces its named graph.

    Articles whose input the store holds already are skipped before extraction, so a re-run after
    an interruption does only what is missing. Small inputs are extracted in this process; larger
    ones on a Dask cluster (--scheduler, else a local one), written as N-Quads shards and bulk-loaded.
    Sources are recorded relative to the folder given (or a file's own folder). An article id the
    store already holds from another source is refused (a failure), unless --replace.
    """
    from kg.cluster import BATCH_SIZE
    from kg.curation import default_curation, load_curation
    from kg.scale import ingest_corpus

    if shards is None and not load:
        raise ConfigError("--no-load keeps nothing without --shards DIR: give the folder to write the shards to")
    settings = get_settings()
    cur = load_curation(curation, base=settings.base_iri) if curation else default_curation(settings)
    st = open_configured(store, read_only=False) if load or _store_exists(store) else None
    try:
        with progress_bar(json_output) as bar:
            step = _Bar(bar, paths)
            started = time.monotonic()

            def tick(done: int, total: int, source: str, status: str) -> None:
                rate = done / max(time.monotonic() - started, 1e-6)
                bar.update(step.task, rate=f"{rate:6.1f} art/s")
                step(done, total, source, status)

            report = ingest_corpus(paths, store=st, scheduler=scheduler,
                                   workers=settings.jobs if jobs is None else jobs, shards=shards, load=load,
                                   base=settings.base_iri, curation=cur, progress=tick, ontology=ontology,
                                   tagger=settings.tagger, force=force, batch_size=batch_size or BATCH_SIZE,
                                   timeout=settings.article_timeout if article_timeout is None else article_timeout,
                                   replace=replace, rules_only=rules_only)
    finally:
        if st is not None:
            st.close()
    if json_output:
        typer.echo(json.dumps({
            "written": report.written, "unchanged": report.unchanged, "entities": report.entities,
            "facts": report.facts, "triples": report.triples, "mode": report.mode, "shards": report.shards,
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
    if report.mode == "cluster":
        summary.add_row("articles extracted", str(report.extracted))
        if report.shards:
            summary.add_row("shards", f"{len(report.shards)} in {escape(str(Path(report.shards[0]).parent))}")
    console.print(summary)
    if report.failures:
        for f in report.failures:
            err_console.print(f"[red]failed[/red] {escape(str(f))}")
        err_console.print("a re-run extracts only the articles not in the store")
        raise typer.Exit(1)


def _store_exists(store_dir: Path | None) -> bool:
    settings = get_settings()
    if settings.store_kind != "oxigraph":
        return True
    return (store_dir or settings.store_path).is_dir()


@app.command("load")
@handle_errors
def load_command(
    shards: Annotated[list[Path], typer.Argument(help="N-Quads shards (.nq) or folders of them, "
                                                 "written by `kg ingest --shards DIR`.")],
    store: StoreOption = None,
    replace: ReplaceOption = False,
    ontology: OntologyOption = True,
) -> None:
    """Load N-Quads shards into the store without extracting again.

    The embedded store bulk-loads them; a remote SPARQL server (KG_STORE_KIND=sparql) gets one Graph
    Store Protocol PUT per article. Articles the store holds already are replaced in one update each
    (unchanged ones are left alone), so loading the same shards twice changes nothing.
    """
    from kg.ingest import ensure_ontology
    from kg.shards import load_shards

    st = open_configured(store, read_only=False)
    try:
        if ontology:
            ensure_ontology(st)
        with Progress(TextColumn("[bold]load"), BarColumn(), TextColumn("{task.completed} articles"),
                      TimeElapsedColumn(), console=err_console) as bar:
            task = bar.add_task("load", total=None)
            report = load_shards(shards, st, replace=replace, progress=lambda n: bar.update(task, completed=n))
    finally:
        st.close()
    summary = Table(title="load", show_header=False)
    summary.add_row("articles written", str(len(report.written)))
    summary.add_row("articles unchanged", str(len(report.unchanged)))
    summary.add_row("quads loaded", str(report.quads))
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
