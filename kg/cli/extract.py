"""`kg extract`: articles -> entities and facts -> RDF (and an explanation or an HTML view)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from kg.batch import Failure
from kg.cli.app import ArticleTimeout, RulesOnly, app, console, err_console, handle_errors
from kg.errors import ConfigError, ExtractionError
from kg.records import ARTICLE, Article, Extraction, Predicate

_COLORS = {"PERSON": "#f8c291", "ORG": "#82ccdd", "PLACE": "#b8e994", "POST": "#e6d5f5", "DATE": "#f6e58d"}


def read_articles(inputs: Iterable[Path]) -> tuple[list[Article], list[Failure]]:
    """Articles of the inputs, and a failure for each input that could not be read."""
    from kg.read import read_paths

    articles: list[Article] = []
    failed: list[Failure] = []
    for item in read_paths(inputs):
        if isinstance(item, Article):
            articles.append(item)
        else:
            failed.append(Failure(item.source, "read", item.reason))
    return articles, failed


def extract_articles(articles: list[Article], *, tagger: str = "lac", jobs: int = 1, timeout: float | None = None,
                     rules_only: bool = False) -> tuple[list[Extraction], list[Failure]]:
    """Extract every article (``jobs`` worker processes, 0 = one per core; ``timeout`` seconds each,
    None/0: no limit; ``rules_only``: without the scorer's model); failures are returned, not raised."""
    from kg.batch import extract_all

    done: list[Extraction] = []
    failed: list[Failure] = []
    for _, result in extract_all(articles, jobs=jobs, tagger=tagger, timeout=timeout,
                                     rules_only=rules_only):
        if isinstance(result, Failure):
            failed.append(result)
        elif result is not None:
            done.append(result)
    return done, failed


def explain_table(extraction: Extraction) -> tuple[Table, Table]:
    """Two rich tables: entities (type, name, aliases, detail) and facts (with evidence)."""
    names = {e.key: e.name for e in extraction.entities}
    ents = Table(title=f"Entities of {extraction.article.id}", show_lines=False)
    for col in ("type", "name", "aliases", "detail", "mentions"):
        ents.add_column(col)
    for e in extraction.entities:
        detail = ""
        if e.level is not None:
            detail = e.level.value + (f" {e.admin_code}" if e.admin_code else "") + " " + "/".join(e.path)
        elif e.org_kind is not None:
            owner = f" of {names.get(e.qualifier, e.qualifier)}" if e.qualifier else ""
            part = f" ⊂ {names.get(e.parent, e.parent)}" if e.parent else ""
            detail = e.org_kind.value + owner + part
        ents.add_row(e.type.value, e.name, "、".join(e.aliases), detail, str(len(e.mentions)))
    facts = Table(title="Facts", show_lines=True)
    for col in ("subject", "relation", "object", "conf.", "date / role / origin", "evidence"):
        facts.add_column(col, overflow="fold")
    for f in extraction.facts:
        subj = "(article)" if f.subject == ARTICLE else names.get(f.subject, f.subject)
        obj = f.object if f.predicate is Predicate.JOB_TITLE else names.get(f.object, f.object)
        extra = " ".join(x for x in ((f.date.iso() if f.date else ""), f.role or "",
                                      (f"from {names.get(f.origin, f.origin)}" if f.origin else "")) if x)
        ev = f.evidence.text if f.evidence else (f.derived or "")
        if f.evidence and f.evidence.trigger:
            ev = ev.replace(f.evidence.trigger, f"[bold]{f.evidence.trigger}[/bold]", 1)
        facts.add_row(subj, f.predicate.value, obj, f"{f.confidence:.2f}", extra, ev)
    return ents, facts


def render_html(articles: list[Article], *, tagger: str = "lac", rules_only: bool = False) -> str:
    """displaCy entity view of the articles (persons, units, places, posts, dates)."""
    from spacy import displacy

    from kg.extract import analyse, build_pipeline

    nlp = build_pipeline(tagger=tagger, rules_only=rules_only)
    docs = []
    for art in articles:
        doc = analyse(art, nlp=nlp)
        doc.ents = []
        spans = sorted(doc.spans["fk"], key=lambda s: (s.start, -(s.end - s.start)))
        chosen, last = [], -1
        for s in spans:
            if s.start >= last and s.label_ in _COLORS:
                chosen.append(s)
                last = s.end
        doc.ents = chosen
        doc.user_data["title"] = art.title or art.id
        docs.append(doc)
    return displacy.render(docs, style="ent", page=True, options={"colors": _COLORS})


@app.command("extract")
@handle_errors
def extract_command(
    inputs: Annotated[list[Path], typer.Argument(help="Article files or directories.")],
    output: Annotated[Path | None, typer.Option("-o", "--output",
                                                help="RDF output: .ttl, .trig, .nq or .jsonld.")] = None,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", help="Worker processes, one pipeline each (0: one per core; default KG_JOBS).")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print entities and facts.")] = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write a displaCy HTML view.")] = None,
    tagger: Annotated[str, typer.Option("--tagger", help="Statistical tagger (registry name).")] = "lac",
    base: Annotated[str | None, typer.Option("--base", help="Base IRI of instance IRIs.")] = None,
    article_timeout: ArticleTimeout = None,
    rules_only: RulesOnly = False,
) -> None:
    """Extract people, units, places, posts, dates and their relations from articles."""
    from kg.settings import get_settings

    if output is None and not explain and html is None:
        raise ConfigError("nothing to do: give -o OUT.ttl, --explain or --html FILE")
    if output is not None:
        from kg.rdf.serialize import format_of

        format_of(output)   # an output name that says no RDF format (out.csv) is refused before any work
    articles, failures = read_articles(inputs)
    extractions: list[Extraction] = []
    if output is not None or explain:  # --html alone needs only the recognised spans, not the facts
        settings = get_settings()
        extractions, failed = extract_articles(
            articles, tagger=tagger, jobs=settings.jobs if jobs is None else jobs,
            timeout=settings.article_timeout if article_timeout is None else article_timeout, rules_only=rules_only)
        failures += failed
    if not (extractions or (html is not None and articles)):
        report_failures(failures)
        raise ExtractionError("no article among the inputs could be read and extracted")
    if output is not None:
        from kg.rdf.build import to_dataset
        from kg.rdf.serialize import serialize

        ds = to_dataset(extractions, base=base or get_settings().base_iri)
        serialize(ds, output)
        n_ent = sum(len(x.entities) for x in extractions)
        n_fact = sum(len(x.facts) for x in extractions)
        err_console.print(f"{len(extractions)} article(s), {n_ent} entities, {n_fact} facts -> {output}")
    if explain:
        for x in extractions:
            for table in explain_table(x):
                console.print(table)
    if html is not None:
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(render_html(articles, tagger=tagger, rules_only=rules_only), encoding="utf-8")
        err_console.print(f"HTML view -> {html}")
    if failures:
        report_failures(failures)
        raise typer.Exit(1)


def report_failures(failures: list[Failure]) -> None:
    """Every input that did not go through, with its reason, on stderr."""
    for f in failures:
        err_console.print(f"[red]failed[/red] {escape(str(f))}")
