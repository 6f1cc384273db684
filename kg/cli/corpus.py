"""`kg corpus ...`: the annotated corpus's manifest, frozen split and inter-annotator agreement.

Thin: argument handling and printing; the work is in :mod:`kg.corpus` and :mod:`kg.agreement`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kg.agreement import agreement, pooled
from kg.cli.app import app, console, err_console, handle_errors
from kg.corpus import (
    DEFAULT_CORPUS,
    Corpus,
    build_manifest,
    check_split,
    corpus_stats,
    write_manifest,
    write_metadata,
)
from kg.errors import CorpusError
from kg.evaluate import load_gold

corpus_app = typer.Typer(help="The annotated corpus: manifest, frozen split, agreement.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")

CorpusOpt = Annotated[Path, typer.Option("--corpus", help="The corpus folder (default: the project's data/corpus).")]


@corpus_app.command("manifest")
@handle_errors
def manifest_command(corpus: CorpusOpt = DEFAULT_CORPUS,
                     dry_run: Annotated[bool, typer.Option("--dry-run", help="Print, do not write.")] = False,
                     ) -> None:
    """Add the annotators' new articles (manifest.d/*.csv) to manifest.csv; rows already there keep their split."""
    c = Corpus(corpus)
    rows, notes = build_manifest(c)
    for note in notes:
        err_console.print(f"[yellow]note:[/yellow] {escape(note)}")
    wrong = check_split(rows, c.pinned())
    if wrong:
        raise CorpusError("rows off the hash rule and not pinned: " + "; ".join(wrong))
    counts = {s: sum(r.split == s for r in rows) for s in ("train", "dev", "test")}
    console.print(f"{len(rows)} articles: " + ", ".join(f"{k} {v}" for k, v in counts.items()), highlight=False)
    if not dry_run:
        write_manifest(c.manifest_path, rows)
        write_metadata(c, rows)


@corpus_app.command("agreement")
@handle_errors
def agreement_command(corpus: CorpusOpt = DEFAULT_CORPUS,
                      json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
                      pairs: Annotated[list[Path] | None, typer.Argument(
                          help="Two gold files of one article (default: every article with a second "
                          "annotation in the corpus).", show_default=False)] = None) -> None:
    """Inter-annotator agreement: entity F1 per type and relation F1 per relation, with every disagreement."""
    c = Corpus(corpus)
    if pairs:
        if len(pairs) != 2:
            raise CorpusError(f"give two gold files of one article, found {len(pairs)}")
        todo = [(pairs[0].name, pairs[0], pairs[1])]
    else:
        seconds = sorted((c.root / "second").glob("*.gold.json"))
        todo = [(p.name.removesuffix(".gold.json"), c.gold_path(p.name.removesuffix(".gold.json")), p)
                for p in seconds]
        missing = [str(a) for _, a, _ in todo if not a.exists()]
        if missing:
            raise CorpusError("second annotations without a first one: " + ", ".join(missing))
    reports = [(name, agreement(load_gold(a), load_gold(b))) for name, a, b in todo]
    total = pooled(r for _, r in reports)
    if json_output:
        print(json.dumps({**total, "per_article": {n: r.to_dict() for n, r in reports}},
                         ensure_ascii=False, indent=1))
        return
    for name, rep in reports:
        console.print(f"[bold]{escape(name)}[/bold] entities F1 {rep.entities_micro.f1:.2f}, "
                      f"relations F1 {rep.relations_micro.f1:.2f}", highlight=False)
        for d in rep.disagreements:
            tag = " (optional in the other)" if d.optional_in_other else ""
            console.print(f"  only {d.side}: {d.kind} {escape(d.item)}{tag}", highlight=False)
    table = Table(title=f"agreement over {total['articles']} articles", title_justify="left", show_edge=False)
    for column in ("", "P", "R", "F1", "both", "only b", "only a"):
        table.add_column(column, justify="left" if not column else "right")
    rows = [("entities", total["entities"]), *total["by_type"].items(), ("relations", total["relations"]),
            *total["by_relation"].items()]
    for name, s in rows:
        table.add_row(name, f"{s['precision']:.2f}", f"{s['recall']:.2f}", f"{s['f1']:.2f}", str(s["tp"]),
                      str(s["fp"]), str(s["fn"]), style="bold" if name in ("entities", "relations") else None)
    console.print(table)


@corpus_app.command("stats")
@handle_errors
def stats_command(corpus: CorpusOpt = DEFAULT_CORPUS) -> None:
    """The corpus's spread: splits, provinces, sites, mirrors, scripts, kinds, damage (JSON)."""
    print(json.dumps(corpus_stats(Corpus(corpus)), ensure_ascii=False, indent=1))
