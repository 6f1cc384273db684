"""The store made from data/samples by `kg ingest`: the whole export validates, the union has no duplicates.

Real reader, extractor and pipeline, real pyoxigraph store, real pyshacl with RDFS inference.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.rdf.build import SHARED_GRAPH
from kg.rdf.ontology import ONTOLOGY_GRAPH
from kg.vocab import FK, RDFS

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory, project_root: Path) -> Path:
    store = tmp_path_factory.mktemp("integrity") / "store"
    res = runner.invoke(app, ["ingest", str(project_root / "data" / "samples"), "--store", str(store), "-j", "1"])
    assert res.exit_code == 0, res.output
    return store


@pytest.fixture(scope="module")
def export(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    out = tmp_path_factory.mktemp("export") / "all.trig"
    res = runner.invoke(app, ["export", "--store", str(sample_store), "--format", "trig", "-o", str(out)])
    assert res.exit_code == 0, res.output
    ds = Dataset()
    ds.parse(out, format="trig")
    return ds


@pytest.mark.slow
def test_whole_export_conforms_with_rdfs_inference(export: Dataset, project_root: Path) -> None:
    graphs = {str(g.identifier) for g in export.graphs() if len(g)}
    assert str(ONTOLOGY_GRAPH) in graphs and str(SHARED_GRAPH) in graphs
    assert sum(1 for g in graphs if "/article/" in g) == 5
    data = Graph()
    for s, p, o, _ in export.quads((None, None, None, None)):
        data.add((s, p, o))
    shapes = Graph().parse(project_root / "ontology" / "shapes.ttl")
    shapes.parse(project_root / "ontology" / "frontline.ttl")
    ontology = Graph().parse(project_root / "ontology" / "frontline.ttl")
    conforms, _, text = shacl_validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs",
                                       advanced=True, allow_warnings=False)
    assert conforms, text


@pytest.mark.slow
def test_ontology_graph_is_described_as_an_ontology(export: Dataset) -> None:
    onto = export.graph(ONTOLOGY_GRAPH)
    assert onto.value(ONTOLOGY_GRAPH, FK.ontologyDigest) is not None
    assert onto.value(ONTOLOGY_GRAPH, FK.contentDigest) is None   # that property means an extraction run


@pytest.mark.slow
def test_union_graph_returns_each_triple_once(sample_store: Path, export: Dataset) -> None:
    store = ox.Store.read_only(str(sample_store))

    def count(q: str) -> int:
        res = store.query(q, use_default_graph_as_union=True, prefixes={"rdfs": str(RDFS)})
        return int(next(iter(res))[0].value)  # type: ignore[index]

    rows = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    distinct = count("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    rdflib_union = {(s, p, o) for s, p, o, _ in export.quads((None, None, None, None))}
    assert rows == distinct == len(rdflib_union) == len(store)
    labels = count("SELECT (COUNT(*) AS ?n) WHERE { ?e rdfs:label ?l }")
    assert labels == count("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?e ?l WHERE { ?e rdfs:label ?l } }")


@pytest.mark.slow
def test_kg_validate_on_the_store_passes(sample_store: Path) -> None:
    res = runner.invoke(app, ["validate", "--store", str(sample_store)])
    assert res.exit_code == 0, res.output
    assert "Conforms: True" in res.output and "conforms (inference: rdfs)" in res.output


@pytest.mark.slow
def test_kg_validate_fails_on_a_broken_graph(export: Dataset, tmp_path: Path) -> None:
    """A run that names no software version and a person typed a place: both caught, exit 1."""
    from rdflib import URIRef

    from kg.vocab import RDF

    broken = Dataset()
    for q in export.quads((None, None, None, None)):
        broken.add(q)
    run = next(s for s, _, _, _ in broken.quads((None, RDF.type, FK.ExtractionRun, None)))
    broken.remove((run, FK.softwareVersion, None, None))
    person = next(s for s, _, _, _ in broken.quads((None, RDF.type, FK.Person, None)))
    broken.add((person, RDF.type, FK.City, URIRef(str(SHARED_GRAPH))))   # a City is a Place (RDFS)
    path = tmp_path / "broken.trig"
    broken.serialize(path, format="trig")
    res = runner.invoke(app, ["validate", str(path)])
    assert res.exit_code == 1, res.output
    assert "Conforms: False" in res.output
    assert str(FK.softwareVersion) in res.output or "softwareVersion" in res.output
    assert str(person) in res.output


# ----------------------------------------------------------------------------- language tags

_LANG_MATCHES = re.compile(r'langMatches\s*\(\s*lang\s*\(\s*\?(\w+)\s*\)\s*,\s*"([^"]+)"\s*\)', re.IGNORECASE)
_LANG_EQUALS = re.compile(r'\blang\s*\(\s*\?(\w+)\s*\)\s*(?:=|!=)\s*"([^"]+)"', re.IGNORECASE)


def documented_texts(root: Path) -> dict[str, str]:
    """Every place a user reads or runs a language filter: docs, README, examples, REST queries, query page."""
    from api.examples import SAVED_QUERIES

    texts = {str(p.relative_to(root)): p.read_text(encoding="utf-8")
             for p in [root / "README.md", *sorted((root / "docs").glob("*.md")), root / "api" / "queries.py",
                       root / "api" / "static" / "query" / "index.html", root / "kg" / "analysis" / "data.py"]}
    texts.update({f"example {q.name}": q.sparql for q in SAVED_QUERIES})
    return texts


@pytest.mark.slow
def test_every_documented_language_filter_returns_rows(sample_store: Path, project_root: Path) -> None:
    """The store lower-cases tags (RDF 1.1 allows it): `lang(?l) = "zh-Hans"` would find nothing."""
    store = ox.Store.read_only(str(sample_store))
    filters: dict[str, str] = {}
    texts = documented_texts(project_root)
    assert "lower case" in texts["api/static/query/index.html"]   # the query page says so
    for where, text in texts.items():
        for m in _LANG_MATCHES.finditer(text):
            filters.setdefault(f'langMatches(lang(?l), "{m.group(2)}")', where)
        for m in _LANG_EQUALS.finditer(text):
            assert m.group(2) == m.group(2).lower(), f"{where}: {m.group(0)} compares a tag the store lower-cases"
            filters.setdefault(m.group(0).replace(f"?{m.group(1)}", "?l"), where)
    assert any("zh-Hans" in f for f in filters) and any("pinyin" in f.lower() for f in filters)
    for expr, where in filters.items():
        positive = expr.lstrip("!").replace("!=", "=")
        found = store.query(f"ASK {{ ?s ?p ?l FILTER({positive}) }}", use_default_graph_as_union=True)
        assert bool(found), f"{where}: {expr} matches no literal in the sample store"
    wrong = store.query('ASK { ?s ?p ?l FILTER(lang(?l) = "zh-Hans") }', use_default_graph_as_union=True)
    assert not bool(wrong)   # why the docs say langMatches


@pytest.mark.slow
def test_every_example_query_runs_on_the_sample_store(sample_store: Path) -> None:
    from api.examples import SAVED_QUERIES

    store = ox.Store.read_only(str(sample_store))
    for q in SAVED_QUERIES:   # the query editor's tabs: each must show rows on the store `make run` builds
        rows = list(store.query(q.sparql, use_default_graph_as_union=True))   # type: ignore[arg-type]
        assert rows, f"example {q.name!r} returns no rows on the sample store"
