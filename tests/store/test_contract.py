"""One contract, every registered store (oxigraph on disk, memory, a real remote oxigraph server)."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.errors import NotAcceptable, QueryError
from kg.rdf import article_graph
from kg.store import QueryResult, Store
from kg.vocab import FK, RDF, RDFS

EX = "https://example.org/"


def small(n: int, tag: str = "a") -> Graph:
    g = Graph()
    for i in range(n):
        node = URIRef(f"{EX}{tag}/{i}")
        g.add((node, RDF.type, FK.Person))
        g.add((node, RDFS.label, Literal(f"人物{tag}{i}", lang="zh-Hans")))
    return g


def labels(store: Store) -> set[str]:
    res = store.query("SELECT ?l WHERE { ?s rdfs:label ?l }")
    return {str(r[0]) for r in res.rows}


def test_is_a_store(store: Store) -> None:
    assert isinstance(store, Store)
    assert len(store) == 0 and store.graphs() == []


def test_replace_graph_replaces(store: Store) -> None:
    store.replace_graph(f"{EX}g1", small(3, "a"))
    store.replace_graph(f"{EX}g2", small(2, "b"))
    assert store.graphs() == [f"{EX}g1", f"{EX}g2"]
    assert len(store) == 10
    store.replace_graph(f"{EX}g1", small(1, "c"))
    assert len(store) == 6
    assert labels(store) == {"人物c0", "人物b0", "人物b1"}


def test_remove_graph(store: Store) -> None:
    store.replace_graph(f"{EX}g1", small(2))
    store.remove_graph(f"{EX}g1")
    store.remove_graph(f"{EX}never-there")
    assert len(store) == 0 and store.graphs() == []


def test_default_graph_is_the_union(store: Store) -> None:
    store.replace_graph(f"{EX}g1", small(2, "a"))
    store.replace_graph(f"{EX}g2", small(2, "b"))
    res = store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a fk:Person }")
    assert res.kind == "select" and int(res.rows[0][0]) == 4  # type: ignore[arg-type]


def test_from_clause_names_the_default_graph(store: Store) -> None:
    store.replace_graph(f"{EX}g1", small(2, "a"))
    store.replace_graph(f"{EX}g2", small(3, "b"))
    res = store.query(f"SELECT ?s FROM <{EX}g1> WHERE {{ ?s a fk:Person }}")
    assert len(res.rows) == 2


def test_unicode_and_language_tags_survive(store: Store) -> None:
    store.replace_graph(f"{EX}g1", small(1, "甲"))
    (row,) = store.query("SELECT ?l WHERE { ?s rdfs:label ?l }").rows
    assert row[0] == Literal("人物甲0", lang="zh-Hans")


def test_bindings_are_terms_not_text(store: Store) -> None:
    store.replace_graph(f"{EX}g1", small(3))
    q = "SELECT ?s WHERE { ?s rdfs:label ?l }"
    res = store.query(q, bindings={"l": Literal("人物a1", lang="zh-Hans")})
    assert [str(r[0]) for r in res.rows] == [f"{EX}a/1"]
    # an injection attempt is just a literal that matches nothing; the store is intact
    evil = Literal('x" } } ; DROP ALL ; SELECT * { { "', lang="zh-Hans")
    assert store.query(q, bindings={"l": evil}).rows == ()
    res = store.query("SELECT ?l WHERE { ?s rdfs:label ?l }", bindings={"s": URIRef(f"{EX}a/2")})
    assert [str(r[0]) for r in res.rows] == ["人物a2"]
    assert len(store) == 6


def test_ask_and_construct(store: Store) -> None:
    store.replace_graph(f"{EX}g1", small(2))
    assert store.query("ASK { ?s a fk:Person }").boolean is True
    assert store.query("ASK { ?s a fk:Place }").boolean is False
    res = store.query("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }")
    assert res.kind == "graph" and res.graph is not None and len(res.graph) == 2


def test_max_rows(store: Store) -> None:
    store.replace_graph(f"{EX}g1", small(5))
    res: QueryResult = store.query("SELECT ?s WHERE { ?s a fk:Person }", max_rows=3)
    assert len(res.rows) == 3 and res.truncated
    assert not store.query("SELECT ?s WHERE { ?s a fk:Person }", max_rows=10).truncated


def test_malformed_query_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError):
        store.query("SELEC ?x WHERE {")


@pytest.mark.parametrize("accept,check", [
    ("application/sparql-results+json", lambda b: len(json.loads(b)["results"]["bindings"]) == 2),
    ("application/sparql-results+xml",
     lambda b: len(ET.fromstring(b).findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 2),
    ("text/csv", lambda b: len(list(csv.reader(io.StringIO(b.decode())))) == 3),
    ("text/tab-separated-values", lambda b: len(b.decode().strip().splitlines()) == 3),
])
def test_query_raw_select_formats(store: Store, accept, check) -> None:
    store.replace_graph(f"{EX}g1", small(2))
    body, mt = store.query_raw("SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
                               accept=accept)
    assert mt.split(";")[0].strip() == accept
    assert check(body)


def test_query_raw_construct_as_turtle(store: Store) -> None:
    store.replace_graph(f"{EX}g1", small(2))
    body, mt = store.query_raw("CONSTRUCT WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
                               accept="text/turtle")
    assert mt.startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) == 2


def test_query_raw_named_graphs(store: Store) -> None:
    store.replace_graph(f"{EX}g1", small(2, "a"))
    store.replace_graph(f"{EX}g2", small(3, "b"))
    body, _ = store.query_raw("SELECT ?s WHERE { ?s a <https://w3id.org/frontline-kg/ontology#Person> }",
                              accept="application/sparql-results+json", default_graph_uris=[f"{EX}g2"])
    assert len(json.loads(body)["results"]["bindings"]) == 3


def test_query_raw_named_graphs_alone_leave_the_default_graph_empty(store: Store) -> None:
    """SPARQL 1.1 Protocol: a request dataset replaces the service's; only named-graph-uri -> empty default."""
    store.replace_graph(f"{EX}g1", small(2, "a"))
    store.replace_graph(f"{EX}g2", small(3, "b"))
    person = "<https://w3id.org/frontline-kg/ontology#Person>"
    body, _ = store.query_raw(f"SELECT ?s WHERE {{ ?s a {person} }}",
                              accept="application/sparql-results+json", named_graph_uris=[f"{EX}g1"])
    assert json.loads(body)["results"]["bindings"] == []
    body, _ = store.query_raw(f"SELECT ?g ?s WHERE {{ GRAPH ?g {{ ?s a {person} }} }}",
                              accept="application/sparql-results+json", named_graph_uris=[f"{EX}g1"])
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) == 2 and {r["g"]["value"] for r in rows} == {f"{EX}g1"}


def test_query_raw_not_acceptable(store: Store) -> None:
    with pytest.raises(NotAcceptable):
        store.query_raw("SELECT * WHERE { ?s ?p ?o }", accept="image/png")


def test_bulk_load_and_export(store: Store, handmade) -> None:
    graphs = [article_graph(handmade.dev_extraction()), article_graph(handmade.other_extraction())]
    n = store.bulk_load((str(iri), g) for iri, g in graphs)
    assert n == sum(len(g) for _, g in graphs) == len(store)
    ds = Dataset()
    ds.parse(data=store.export("trig"), format="trig")
    for iri, g in graphs:
        assert len(ds.graph(iri)) == len(g)
    union = Graph().parse(data=store.export("ttl"), format="turtle")
    assert len(union) == len({t for _, g in graphs for t in g})


def test_article_graph_round_trip(store: Store, handmade) -> None:
    iri, g = article_graph(handmade.dev_extraction())
    store.replace_graph(str(iri), g)
    res = store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": iri})
    back = {tuple(r) for r in res.rows}
    # the store may write numbers canonically (1.0 -> 1); compare values, not spellings
    norm = lambda t: t.toPython() if isinstance(t, Literal) and t.datatype else t  # noqa: E731
    assert {tuple(map(norm, r)) for r in back} == {tuple(map(norm, t)) for t in g}


def test_union_param_in_the_url_is_understood(oxigraph_server: str) -> None:
    from kg.store.sparql import SparqlStore

    s = SparqlStore.open(query_url=f"{oxigraph_server}/query?union-default-graph",
                         gsp_url=f"{oxigraph_server}/store", update_url=f"{oxigraph_server}/update")
    assert s.union_default_graph and s.query_url == f"{oxigraph_server}/query"
    s.close()


def test_ingest_is_idempotent_on_every_store(store: Store, handmade) -> None:
    """The same ingest twice: second time nothing is written and the data is the same."""
    from datetime import UTC, datetime

    from kg.ingest import ingest

    extractions = {e.article.id: e for e in (handmade.dev_extraction(), handmade.other_extraction())}

    def go(hour: int):
        return ingest(["x"], store=store, reader=lambda _: [e.article for e in extractions.values()],
                      extractor=lambda a: extractions[a.id], run_time=datetime(2026, 1, 1, hour, tzinfo=UTC))

    first = go(1)
    assert len(first.written) == 2 and first.ok
    size, dump = len(store), Dataset()
    dump.parse(data=store.export("nq"), format="nquads")
    second = go(2)
    assert second.written == [] and len(second.unchanged) == 2
    again = Dataset()
    again.parse(data=store.export("nq"), format="nquads")
    assert len(store) == size and set(again.quads()) == set(dump.quads())
