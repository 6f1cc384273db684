"""`kg analyze VIEW --measure ...` and `kg graph export VIEW --format ...`.

Thin: options are parsed here; the work is ``kg.analysis.analyze``,
``kg.analysis.view_graph`` and ``kg.export.export_graph``.
"""
from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg.analysis import MAX_EGO_DEPTH, MEASURE_NAMES, VIEW_NAMES, analyze, ego_network, view_graph
from kg.analysis.measures import MeasureResult, cell_text
from kg.cli.app import app, console, graph_app, handle_errors
from kg.errors import ExportError
from kg.export import EXPORTERS, export_graph
from kg.store.base import Store, open_store

TABLE_CELL_CHARS = 80   # long cells (member lists, evidence) are cut in the terminal table only


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def open_for_reading(store_dir: Path | None) -> Store:
    """The configured store at ``store_dir``, read-only where the store kind allows it."""
    from kg.settings import get_settings

    settings = get_settings()
    options: dict[str, Any] = {"read_only": True} if settings.store_kind == "oxigraph" else {}
    return open_store(settings.store_kind, store_dir or settings.store_path, **options)


def _check(name: str, known: tuple[str, ...] | list[str], what: str) -> str:
    if name not in known:
        raise typer.BadParameter(f"unknown {what} {name!r}; known: {', '.join(known)}")
    return name


def render_table(result: MeasureResult) -> Table:
    """A rich table of ``result`` (IRIs are left to CSV/JSON: the terminal shows labels)."""
    columns = [c for c in result.columns if c not in ("id", "ids", "from", "to")]
    title = f"{result.measure} over view {result.view}"
    shown = ("modularity", "max_core", "length", "count", "seed")
    extras = {k: v for k, v in result.meta.items() if k in shown}
    if extras:
        title += "  (" + ", ".join(f"{k} {cell_text(v)}" for k, v in extras.items()) + ")"
    table = Table(title=title, min_width=len(title) + 4)   # the title on one line even for narrow tables
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in result.rows:
        cells = []
        for c in columns:
            text = cell_text(row.get(c))
            cells.append(escape(text if len(text) <= TABLE_CELL_CHARS else text[:TABLE_CELL_CHARS] + "…"))
        table.add_row(*cells)
    return table


def _table_format(fmt: OutputFormat, output: Path | None) -> OutputFormat:
    """``-o FILE.csv``/``.json`` picks that format when none is named; a named one must match the extension."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if suffix in ("csv", "json"):
        wanted = OutputFormat(suffix)
        if fmt is OutputFormat.table:
            return wanted
        if fmt is not wanted:
            raise ExportError(f"{output}: --format {fmt.value} does not write .{suffix} files; "
                              f"use --format {suffix} or another file name")
    return fmt


ViewArg = Annotated[str, typer.Argument(help=f"View: {', '.join(VIEW_NAMES)}.")]
StoreOpt = Annotated[Path | None, typer.Option("--store", help="Store directory (default: settings).")]
FromOpt = Annotated[str | None, typer.Option("--from", help="Window start: YYYY, YYYY-MM or YYYY-MM-DD.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Window end: YYYY, YYYY-MM or YYYY-MM-DD.")]
RegionOpt = Annotated[str | None, typer.Option(
    "--region", help="Keep only places inside this place (name or IRI), at any depth.")]


@app.command("analyze")
@handle_errors
def analyze_command(
    view: ViewArg,
    measure: Annotated[str, typer.Option("--measure", "-m",
                                         help=f"Measure: {', '.join(MEASURE_NAMES)}.")] = "centrality",
    store: StoreOpt = None,
    source: Annotated[str | None, typer.Option(help="path: the first entity (name, pinyin or IRI).")] = None,
    target: Annotated[str | None, typer.Option(help="path: the last entity (name, pinyin or IRI).")] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    region: RegionOpt = None,
    top: Annotated[int | None, typer.Option(help="centrality: only the first N rows.")] = None,
    seed: Annotated[int, typer.Option(help="communities/betweenness sampling: random seed.")] = 42,
    k: Annotated[int | None, typer.Option(help="kcore: the k of the core (default innermost).")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table/csv/json")] = OutputFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead.")] = None,
) -> None:
    """Run a network measure over a view of the graph: a ranked table, CSV or JSON."""
    _check(view, VIEW_NAMES, "view")
    _check(measure, MEASURE_NAMES, "measure")
    fmt = _table_format(fmt, output)
    st = open_for_reading(store)
    try:
        result = analyze(st, view, measure, start=start, end=end, region=region, source=source,
                         target=target, top=top, seed=seed, k=k)
    finally:
        st.close()
    if fmt is OutputFormat.table and output is None:
        console.print(render_table(result))
        return
    if fmt is OutputFormat.table:      # the same table as on screen, as plain text
        buf = io.StringIO()
        Console(file=buf, width=200, color_system=None).print(render_table(result))
        text = buf.getvalue()
    else:
        text = result.to_csv() if fmt is OutputFormat.csv else result.to_json()
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {len(result.rows)} rows of {measure} over {view} to {escape(str(output))}")


def export_format(fmt: str | None, output: Path | None) -> str:
    """The exporter for ``-f``/``-o``: named, or found from the output's extension; the two must agree.

    Nothing is ever written under an extension that says another format: ``-o nodes.csv`` would get
    a zip from the ``csv`` exporter (it holds two tables), so it is refused with what to do instead.
    """
    by_ext = {EXPORTERS.get(n).extension: n for n in EXPORTERS.names()}
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if fmt is None:
        if not suffix:
            return "graphml"
        fmt = by_ext.get(suffix)
        if fmt is None and suffix != "csv":
            raise ExportError(f"cannot tell the format from {output}: give --format "
                              f"({', '.join(EXPORTERS.names())}) or an extension among: {', '.join(sorted(by_ext))}")
    if suffix == "csv" and fmt in (None, "csv"):
        raise ExportError(f"{output}: a view is two tables (nodes and edges), so the csv format writes a zip "
                          "holding nodes.csv and edges.csv; name the output .zip (-f csv -o VIEW.zip), "
                          "or use `kg analyze` for one CSV table")
    assert fmt is not None
    _check(fmt, EXPORTERS.names(), "format")
    expected = EXPORTERS.get(fmt).extension
    if suffix and suffix != expected:
        raise ExportError(f"{output}: the {fmt} format writes .{expected} files, not .{suffix}; "
                          f"name the output .{expected} or choose the format of .{suffix}")
    return fmt


@graph_app.command("export")
@handle_errors
def export_command(
    view: ViewArg,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="graphml, gexf, cytoscape, d3, geojson or csv "
                                                                  "(a zip of nodes.csv and edges.csv); default: "
                                                                  "from the output's extension, else graphml.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Output file (default: VIEW.<extension>); its extension "
                                                     "must be the format's.")] = None,
    store: StoreOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    region: RegionOpt = None,
    around: Annotated[str | None, typer.Option(
        "--around", help="Only the ego network of this node (an IRI, a label or its pinyin).")] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, max=MAX_EGO_DEPTH,
                                       help="Hops around --around (edges followed both ways).")] = 1,
) -> None:
    """Write a view of the graph (or the ego network of one node) for Gephi, Cytoscape, D3, GIS, spreadsheets."""
    _check(view, VIEW_NAMES, "view")
    fmt = export_format(fmt, output)
    exporter = EXPORTERS.get(fmt)
    st = open_for_reading(store)
    try:
        graph = view_graph(st, view, start=start, end=end, region=region)
    finally:
        st.close()
    if around is not None:
        graph = ego_network(graph, around, depth=depth)
    data = export_graph(graph, fmt)
    path = output or Path(f"{view}.{exporter.extension}")
    path.write_bytes(data)
    console.print(f"wrote view {view} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges) "
                  f"as {fmt} to {escape(str(path))}")


@graph_app.command("views")
def views_command() -> None:
    """List the views and export formats."""
    for name in VIEW_NAMES:
        console.print(name)
    console.print(f"formats: {', '.join(EXPORTERS.names())}")
