"""The typer application and the one place where KGError becomes an exit code."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from kg.errors import KGError

# the per-article time limit of `kg extract`, `kg ingest` and `kg run`
ArticleTimeout = Annotated[float | None, typer.Option(
    "--article-timeout", min=0, help="Seconds one article may take to extract; over it the article is reported as "
    "failed (with the stage it was in) and the batch goes on (0: no limit; default KG_ARTICLE_TIMEOUT, 30).")]

# extraction without the trained scorer (`kg extract`, `kg ingest`, `kg run`, `kg evaluate`)
RulesOnly = Annotated[bool, typer.Option(
    "--rules-only", help="Extract without the trained scorer: every candidate a rule proposes becomes a fact, "
    "with its rules' precision on the corpus's train split as confidence.")]

HELP = {"help_option_names": ["-h", "--help"]}   # inherited by every command
app = typer.Typer(help="Frontline KG: who was deployed where, from Chinese news articles.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  context_settings=HELP)
graph_app = typer.Typer(help="Graph views and exports.", no_args_is_help=True, context_settings=HELP)
app.add_typer(graph_app, name="graph")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("frontline-kg")
        except PackageNotFoundError:       # run from a source tree that was never installed
            from kg import __version__ as number
        typer.echo(f"kg (frontline-kg) {number}")
        raise typer.Exit()


@app.callback()
def main_options(
    show_version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                      help="Print the version and exit."),
) -> None:
    """Frontline KG: who was deployed where, from Chinese news articles."""

console = Console()
# soft_wrap: messages naming long paths stay on one line (greppable), whatever the terminal width
err_console = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(fn: F) -> F:
    """Turn a KGError into a readable message and exit code 1 (2 for usage errors stays typer's)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KGError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]
