"""Golden files: input texts beside their expected graphs, compared with rdflib.compare."""
from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.extract import extract
from kg.rdf.build import article_graph
from kg.read import read_file

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "extract"
RUN_TIME = datetime(2024, 1, 1, tzinfo=UTC)
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


@pytest.mark.parametrize("stem", CASES)
def test_graph_matches_golden_file(nlp, stem: str):
    # the source as a path relative to the project, and no digest of the checkout's location
    # (fk:sourceRoot), so the golden graph is the same in every checkout
    read = read_file(GOLDEN / f"{stem}.txt")[0]
    article = replace(read, source=f"tests/data/extract/{stem}.txt",
                      metadata={k: v for k, v in read.metadata.items() if k != "root"})
    _iri, graph = article_graph(extract(article, nlp=nlp), run_time=RUN_TIME, software_version="golden")
    expected_path = GOLDEN / f"{stem}.ttl"
    if os.environ.get("KG_UPDATE_GOLDEN"):
        expected_path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    assert expected_path.exists(), f"no golden file {expected_path.name}: review the output, then KG_UPDATE_GOLDEN=1"
    expected = Graph().parse(expected_path, format="turtle")
    got = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    if not isomorphic(got, expected):
        _both, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail("graph differs from the golden file\nonly in output:\n"
                    + "\n".join(sorted(" ".join(t.n3() for t in tr) for tr in only_got))[:3000]
                    + "\nonly in golden file:\n"
                    + "\n".join(sorted(" ".join(t.n3() for t in tr) for tr in only_expected))[:3000])
