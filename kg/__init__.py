"""Frontline KG: a knowledge graph of COVID-19 frontline deployments from Chinese news.

From a notebook: ``g = kg.open("var/store")``, then ``g.deployments(...)``, ``g.people(...)`` and
``g.sparql(...)`` (pandas DataFrames with evidence columns; see ``kg.notebook``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.notebook import KnowledgeGraph

__version__ = "0.1.0"


def open(path: Any = None, **options: Any) -> KnowledgeGraph:  # noqa: A001  (kg.open reads like open())
    """Open a store for questions from Python; see :func:`kg.notebook.open_graph`."""
    from kg.notebook import open_graph

    return open_graph(path, **options)
