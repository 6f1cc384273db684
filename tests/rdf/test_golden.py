"""Golden files: the builder's output for the hand-made extractions, compared with rdflib.compare.

Regenerate after an intended change with ``KG_REGEN_GOLDEN=1 pytest tests/rdf/test_golden.py``
and review the diff of ``tests/data/rdf/*.expected.trig`` before committing it.
"""
from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.rdf import article_graph, serialize, to_dataset
from kg.rdf.build import SHARED_GRAPH, split_article

DATA = Path(__file__).resolve().parent.parent / "data" / "rdf"
RUN_TIME = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)   # fixed, so the run time is part of the golden file


@pytest.mark.parametrize("which", ["dev", "other"])
def test_builder_matches_golden_file(handmade, which: str) -> None:
    extraction = handmade.dev_extraction() if which == "dev" else handmade.other_extraction()
    iri, built = article_graph(extraction, run_time=RUN_TIME)
    path = DATA / f"{which}.expected.trig"
    if os.environ.get("KG_REGEN_GOLDEN"):
        serialize(to_dataset([extraction], run_time=RUN_TIME), path)
    expected_ds = Dataset()
    expected_ds.parse(path, format="trig")
    parts = split_article(iri, built)
    # the article's own graph, and what it puts into the shared graph (it is the only article here)
    for name, got, graph_name in (("article", parts.local, iri), ("shared", parts.shared, SHARED_GRAPH)):
        expected = Graph()
        for t in expected_ds.graph(graph_name):
            expected.add(t)
        if not isomorphic(got, expected):
            _, only_built, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
            pytest.fail(f"built {name} graph differs from the golden file\n-- only built:\n"
                        + only_built.serialize(format="nt") + "\n-- only expected:\n"
                        + only_expected.serialize(format="nt"))
