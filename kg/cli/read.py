"""`kg read` and `kg normalize`: thin wrappers over :mod:`kg.read`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kg.cli.app import app, console, err_console, handle_errors
from kg.read import read_file, read_paths
from kg.read.export import article_to_dict, failure_to_dict
from kg.records import Article, ReadFailure


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


@app.command("read")
@handle_errors
def read_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (read recursively).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON record per article (and per failure).")
    ] = False,
    offsets: Annotated[bool, typer.Option(help="Include the offset map in --json records.")] = True,
) -> None:
    """Read articles (text in UTF-8/GB18030/Big5, HTML, JSONL, CSV): a summary table or JSON lines.

    Every input that cannot be read is listed at the end and the exit code is 1; the rest is still read.
    """
    failures: list[ReadFailure] = []
    table = Table("id", "encoding", "date", "site", "chars", "credits", "flags")
    for item in read_paths(paths):
        if isinstance(item, ReadFailure):
            failures.append(item)
            if as_json:
                print(_dump(failure_to_dict(item)), flush=True)
            continue
        if as_json:
            print(_dump(article_to_dict(item, offsets=offsets)), flush=True)
        else:
            table.add_row(*(escape(str(x)) for x in _row(item)))
    if not as_json and table.row_count:
        console.print(table)
    if failures:
        err_console.print(f"[red]{len(failures)} input(s) could not be read:[/red]")
        for f in failures:
            err_console.print(f"  {escape(f.source)}: {escape(f.reason)}", soft_wrap=True)
        raise typer.Exit(1)


def _row(a: Article) -> tuple[object, ...]:
    return (
        a.id,
        a.encoding or "",
        a.published or "",
        a.site or "",
        len(a.text),
        len(a.credits),
        len(a.flags),
    )


@app.command("normalize")
@handle_errors
def normalize_command(
    file: Annotated[Path, typer.Argument(help="One input file (text, HTML, JSONL or CSV).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the whole record: credits, metadata, flags.")
    ] = False,
) -> None:
    """Print the repaired Simplified body of FILE (corpus files: each record, blank-line separated)."""
    articles = read_file(file)
    for i, a in enumerate(articles):
        if as_json:
            print(_dump(article_to_dict(a)))
        else:
            if i:
                print()
            print(a.text)
