"""`kg evaluate`: precision, recall and F1 of extracted graphs against hand-annotated gold files.

Thin: argument handling and printing only; the scoring is :func:`kg.evaluate.evaluate`, the extraction
(when no graph is given) the project's pipeline.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rdflib import Graph
from rich.markup import escape
from rich.table import Table

from kg.cli.app import RulesOnly, app, console, handle_errors
from kg.corpus import DEFAULT_CORPUS, Corpus, evaluate_split
from kg.datafiles import ontology_dir
from kg.errors import EvaluationError
from kg.evaluate import (
    RDF_FORMATS,
    EvaluationReport,
    Gold,
    article_path,
    evaluate,
    load_gold,
    load_graph,
    merge,
    schema_graph,
    summary,
    total,
)

# The project's own ontology (subclasses/subproperties of the contract terms): the default --ontology.
PROJECT_ONTOLOGY = ontology_dir()


def split_inputs(gold: list[Path], graphs: list[Path], extra: list[Path]) -> tuple[list[Path], list[Path]]:
    """Gold and graph files in command-line order.

    ``--gold a b --graph x y`` leaves ``b`` and ``y`` as positional arguments (an option takes one
    value); they are sorted back by suffix: RDF suffixes other than ``.json`` are graphs, the rest gold.
    """
    gold_files, graph_files = list(gold), list(graphs)
    for path in extra:
        is_graph = path.suffix.lower() in RDF_FORMATS and path.suffix.lower() != ".json"
        (graph_files if is_graph else gold_files).append(path)
    if not gold_files:
        raise EvaluationError("no gold file given; expected --gold FILE.gold.json")
    if graph_files and len(graph_files) not in (1, len(gold_files)):
        raise EvaluationError(f"{len(graph_files)} graph files for {len(gold_files)} gold files; give "
                              f"one graph per gold file (same order), one graph for all, or none to "
                              f"extract the articles")
    return gold_files, graph_files


def extracted_graph(golds: list[tuple[Path, Gold]], *, nlp: Any = None) -> list[Graph]:
    """Run the project's pipeline on the article of each gold file (looked up next to it).

    ``nlp`` is a pipeline already built (tests share one); by default it is built once here.
    """
    try:
        from kg.extract import build_pipeline, extract
        from kg.rdf.build import to_dataset
        from kg.read import read_file
    except ImportError as exc:
        raise EvaluationError(f"the extraction pipeline is not available ({exc}); "
                              f"give the graphs with --graph") from exc
    paths = [article_path(gold, path) for path, gold in golds]
    nlp = nlp if nlp is not None else build_pipeline()   # heavy: built once for all articles
    graphs = []
    for path in paths:
        read = read_file(path)
        # a text or HTML file holds one article; a JSONL/CSV corpus may hold several: all are scored together
        articles = list(read) if isinstance(read, list | tuple) else [read]
        graphs.append(merge(to_dataset([extract(article, nlp=nlp) for article in articles])))
    return graphs


def _print_report(report: EvaluationReport) -> None:
    table = Table(title=f"{report.article or '(article)'}", title_justify="left", show_edge=False)
    for column in ("", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if not column else "right")
    rows = [(r.type, r.score) for r in report.entities] + [("entities (micro)", report.entities_micro)]
    rows += [(r.predicate, r.score) for r in report.relations]
    rows += [("relations (micro)", report.relations_micro)]
    for name, s in rows:
        table.add_row(name, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", str(s.tp), str(s.fp),
                      str(s.fn), style="bold" if "micro" in name else None)
    console.print(table)
    details: list[tuple[str, str, tuple[str, ...]]] = []
    for e in report.entities:
        details += [(e.type, "missed", e.missed), (e.type, "spurious", e.spurious),
                    (e.type, "duplicates", e.duplicates)]
    for r in report.relations:
        details += [(r.predicate, "missed", r.missed), (r.predicate, "spurious", r.spurious)]
    for name, kind, items in details:
        if items:
            colour = "yellow" if kind == "missed" else "red"
            console.print(f"  [{colour}]{name} {kind}[/{colour}]: {escape('; '.join(items))}")


GoldOpt = Annotated[list[Path], typer.Option(
    "--gold", help="Gold file(s) in the documented format (docs/gold-format.md).")]
GraphOpt = Annotated[list[Path], typer.Option(
    "--graph", help="Extracted graph(s): one per gold file in the same order, or one for all. "
    "Without it the article next to each gold file is extracted with the project's pipeline.")]
OntologyOpt = Annotated[Path | None, typer.Option(
    "--ontology", help="Folder of Turtle files declaring subclasses and subproperties of the contract terms "
    "(default: the project's ontology/).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the whole report as JSON.")]
ExtraArg = Annotated[list[Path] | None, typer.Argument(
    show_default=False, metavar="[FILES]...",
    help="More gold files (and graph files, recognised by their RDF suffix): "
    "`--gold a b --graph x y` works.")]


SplitOpt = Annotated[str | None, typer.Option(
    "--split", help="Score the current extractor on one split of the annotated corpus (train, dev, test): "
    "every article is extracted (the pipeline built once) and scored against its gold file.")]
CorpusOpt = Annotated[Path, typer.Option("--corpus", help="The corpus folder for --split (default: data/corpus).")]
GraphsOutOpt = Annotated[Path | None, typer.Option(
    "--graphs-out", help="With --split: also write each article's extracted graph there (<id>.ttl).")]


def _print_split(summary_: dict[str, Any]) -> None:
    table = Table(title=f"split {summary_['split']}: {summary_['articles']} articles", title_justify="left",
                  show_edge=False)
    for column in ("", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if not column else "right")
    rows = [*summary_["by_type"].items(), ("entities (micro)", summary_["entities"]),
            *summary_["by_relation"].items(), ("relations (micro)", summary_["relations"])]
    for name, s in rows:
        table.add_row(name, f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f1']:.3f}", str(s["tp"]), str(s["fp"]),
                      str(s["fn"]), style="bold" if "micro" in name else None)
    console.print(table)
    _print_rules(summary_["by_rule"])
    for title, items, colour in (("misses", summary_["misses"], "yellow"),
                                 ("false positives", summary_["false_positives"], "red")):
        console.print(f"[bold {colour}]{title} ({len(items)})[/bold {colour}]")
        for it in items:
            rule = f" [{it['rule']}]" if it.get("rule") else ""
            console.print(f"  {escape(it['article'])} {escape(it['kind'])}: {escape(it['item'])}{escape(rule)}"
                          f"\n      {escape(it['sentence'] or '(no sentence found)')}", highlight=False)
    s = summary_
    console.print(f"entities P={s['entities']['p']:.3f} R={s['entities']['r']:.3f} F1={s['entities']['f1']:.3f}; "
                  f"relations P={s['relations']['p']:.3f} R={s['relations']['r']:.3f} "
                  f"F1={s['relations']['f1']:.3f}", highlight=False)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _print_rules(by_rule: dict[str, Any], title: str = "per rule (predicted triples by verdict)") -> None:
    extra = [c for c in ("alone", "train_precision") if any(c in row for row in by_rule.values())]
    rules = Table(title=title, title_justify="left", show_edge=False)
    for column in ("rule", "tp", "fp", "also_true", "unjudged", "precision", *extra):
        rules.add_column(column, justify="left" if column == "rule" else "right")
    for name, c in by_rule.items():
        cells = [str(c["tp"]), str(c["fp"]), str(c["also_true"]), str(c["unjudged"]), _num(c["precision"])]
        cells += [str(c["alone"]) if col == "alone" else _num(c.get(col)) for col in extra]
        rules.add_row(name, *cells)
    console.print(rules)


def rules_report(results: list[Any], split: str) -> dict[str, Any]:
    """``kg evaluate --by-rule``: what each rule is worth on a split (``kg.evaluate.rule_worth``), beside its
    precision on the train split as the shipped model records it (when a model ships)."""
    from kg.errors import ConfigError
    from kg.evaluate import rule_worth
    from kg.extract.scorer import rule_precision

    try:
        train: dict[str, float] | None = dict(rule_precision().rules)
    except ConfigError:
        train = None
    return {"split": split, "by_rule": rule_worth((v for r in results for v in r.verdicts), train)}


def _print_candidates(report: dict[str, Any]) -> None:
    table = Table(title=f"candidate recall, split {report['split']} ({report['candidates']} candidates)",
                  title_justify="left", show_edge=False)
    for column in ("relation", "gold", "covered", "recall"):
        table.add_column(column, justify="left" if column == "relation" else "right")
    for rel, r in report["relations"].items():
        table.add_row(rel, str(r["gold"]), str(r["covered"]), f"{r['recall']:.3f}")
    table.add_row("all", str(report["gold"]), str(report["covered"]), f"{report['recall']:.3f}", style="bold")
    console.print(table)
    console.print(f"[bold yellow]not proposed ({len(report['missed'])})[/bold yellow]")
    for item in report["missed"]:
        console.print(f"  {escape(item)}", highlight=False)


ByRuleOpt = Annotated[bool, typer.Option(
    "--by-rule", help="With --split: only what each rule is worth (tp, fp, precision, true positives no other "
    "rule proposed, and its precision on train as the shipped model records it).")]
CandidatesOpt = Annotated[bool, typer.Option(
    "--candidates", help="With --split: the candidate recall of the rules per relation (gold relations some "
    "candidate states, before scoring) and the gold relations no rule proposes.")]


@app.command("evaluate")
@handle_errors
def evaluate_command(extra: ExtraArg = None, gold: GoldOpt = [], graph: GraphOpt = [],  # noqa: B006
                     ontology: OntologyOpt = None, json_output: JsonOpt = False, split: SplitOpt = None,
                     corpus: CorpusOpt = DEFAULT_CORPUS, graphs_out: GraphsOutOpt = None,
                     rules_only: RulesOnly = False, by_rule: ByRuleOpt = False,
                     candidates: CandidatesOpt = False) -> None:
    """Score extracted graphs against gold files: precision, recall and F1 per entity type and relation.

    With --split, score the current extractor on a split of the annotated corpus, with per-rule counts and
    every miss and false positive with its sentence."""
    if (by_rule or candidates) and split is None:
        raise EvaluationError("--by-rule and --candidates need --split")
    if split is not None:
        if gold or graph or extra:
            raise EvaluationError("--split scores the corpus; give no --gold/--graph with it")
        from kg.extract import build_pipeline

        if candidates:
            from kg.train import candidate_recall

            recall = candidate_recall(Corpus(corpus), split)
            if json_output:
                print(json.dumps(recall, ensure_ascii=False, indent=1))
            else:
                _print_candidates(recall)
            return
        results, result = evaluate_split(Corpus(corpus), split, graphs_out=graphs_out, ontology=ontology,
                                         nlp=build_pipeline(rules_only=rules_only))
        if by_rule:
            worth = rules_report(results, split)
            if json_output:
                print(json.dumps(worth, ensure_ascii=False, indent=1))
            else:
                _print_rules(worth["by_rule"], f"what each rule is worth, split {split}")
            return
        if json_output:
            print(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            _print_split(result)
        return
    gold_files, graph_files = split_inputs(gold, graph, list(extra or []))
    golds = [(path, load_gold(path)) for path in gold_files]
    if graph_files:
        graphs = [load_graph(p) for p in graph_files]
        graphs = graphs * len(golds) if len(graphs) == 1 else graphs
    else:
        from kg.extract import build_pipeline

        graphs = extracted_graph(golds, nlp=build_pipeline(rules_only=rules_only))
    onto = ontology if ontology is not None else (PROJECT_ONTOLOGY if PROJECT_ONTOLOGY.is_dir() else None)
    reports = [evaluate(g, graph_, schema_graph(graph_, onto))
               for (_, g), graph_ in zip(golds, graphs, strict=True)]
    if json_output:
        print(json.dumps(summary(reports), ensure_ascii=False, indent=1))
        return
    for report in reports:
        _print_report(report)
    line: dict[str, Any] = {"entities": total(r.entities_micro for r in reports),
                            "relations": total(r.relations_micro for r in reports)}
    console.print("; ".join(f"{k} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}"
                            for k, s in line.items()), highlight=False)
