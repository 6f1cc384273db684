"""The ``kg`` command line. Thin: each command calls an importable function.

Commands live in one module per area; each module adds its commands to
``app`` when imported.
"""
from __future__ import annotations

import sys

# Importing the modules registers their commands on ``app``.
from kg.cli import analyze as _analyze  # noqa: F401
from kg.cli import corpus as _corpus  # noqa: F401
from kg.cli import evaluate as _evaluate  # noqa: F401
from kg.cli import extract as _extract  # noqa: F401
from kg.cli import read as _read  # noqa: F401
from kg.cli import run as _run  # noqa: F401
from kg.cli import serve as _serve  # noqa: F401
from kg.cli import store as _store  # noqa: F401
from kg.cli import train as _train  # noqa: F401
from kg.cli.app import app


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    app(args=argv if argv is not None else sys.argv[1:], prog_name="kg")
