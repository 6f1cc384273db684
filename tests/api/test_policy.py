"""Query policy (parsed, not pattern-matched) and content negotiation tables."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.endpoint.negotiation import ASK_FORMATS, GRAPH_FORMATS, RESULT_FORMATS, negotiate
from api.endpoint.policy import QueryForm, UpdateRefused, check_query, parse_query
from kg.errors import NotAcceptable, QueryError, QueryRefused

HELD = {"http://example.org/g1"}


@pytest.mark.parametrize(
    "query, form",
    [
        ("SELECT * WHERE { ?s ?p ?o }", QueryForm.SELECT),
        ("ASK {}", QueryForm.ASK),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", QueryForm.CONSTRUCT),
        ("DESCRIBE <http://example.org/x>", QueryForm.DESCRIBE),
        (
            "PREFIX ex: <http://example.org/>\n# SERVICE <http://evil/> in a comment\n"
            "SELECT ?s { ?s ex:p 'SERVICE' }",
            QueryForm.SELECT,
        ),
        ('SELECT ?s { ?s ?p "FROM <http://evil/> LOAD <http://evil/>" }', QueryForm.SELECT),
    ],
)
def test_forms_and_harmless_lookalikes(query: str, form: QueryForm) -> None:
    assert check_query(query, known_graphs=HELD).form is form


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://x/> { ?s ?q ?r } } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE ?endpoint { ?s ?q ?r } } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } } } }",
        "select * where { service <http://x/> { ?s ?p ?o } }",
        "SELECT * FROM <http://remote.example/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "ASK FROM <http://example.org/g1> FROM <http://not-held/> { }",
    ],
)
def test_refused_before_running(query: str) -> None:
    with pytest.raises(QueryRefused):
        check_query(query, known_graphs=HELD)


def test_from_a_graph_held_here_is_allowed() -> None:
    info = check_query("SELECT * FROM <http://example.org/g1> WHERE { ?s ?p ?o }", known_graphs=HELD)
    assert info.from_graphs == ("http://example.org/g1",)


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX ex: <http://example.org/> DELETE WHERE { ?s ex:p ?o }",
        "DROP SILENT GRAPH <http://example.org/g1>",
    ],
)
def test_updates_are_refused(update: str) -> None:
    with pytest.raises(UpdateRefused):
        parse_query(update)


@pytest.mark.parametrize("bad", ["ASK {", "SELECT ?x WHERE { ?x ?y }", "SELEKT * {}", "{}", "CLEAR XYZ"])
def test_malformed_queries_say_where(bad: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(bad)
    assert not isinstance(info.value, QueryRefused)
    assert "line" in str(info.value)


# (formats table, Accept header, ?format= values, expected media type or None for 406)
NEGOTIATION = [
    (RESULT_FORMATS, None, (), "application/sparql-results+json"),
    (RESULT_FORMATS, "*/*", (), "application/sparql-results+json"),
    (RESULT_FORMATS, "application/sparql-results+xml", (), "application/sparql-results+xml"),
    (RESULT_FORMATS, "application/json", (), "application/sparql-results+json"),
    (RESULT_FORMATS, "text/csv", (), "text/csv"),
    (RESULT_FORMATS, "text/tab-separated-values", (), "text/tab-separated-values"),
    (RESULT_FORMATS, "text/csv;q=0.5, application/sparql-results+xml", (), "application/sparql-results+xml"),
    (RESULT_FORMATS, "application/sparql-results+xml;q=0.2, text/csv;q=0.9", (), "text/csv"),
    (RESULT_FORMATS, "text/*", (), "text/csv"),
    (RESULT_FORMATS, "text/html", (), None),
    (RESULT_FORMATS, "application/sparql-results+json;q=0", (), None),
    (RESULT_FORMATS, "text/html", ("tsv", "text/tab-separated-values"), "text/tab-separated-values"),
    (RESULT_FORMATS, None, ("nonsense", "xml"), "application/sparql-results+xml"),
    (ASK_FORMATS, "text/csv", (), None),
    (ASK_FORMATS, "text/csv, */*;q=0.1", (), "application/sparql-results+json"),
    (GRAPH_FORMATS, None, (), "text/turtle"),
    (GRAPH_FORMATS, "application/n-triples", (), "application/n-triples"),
    (GRAPH_FORMATS, "application/ld+json", (), "application/ld+json"),
    (GRAPH_FORMATS, "application/rdf+xml", (), "application/rdf+xml"),
    (GRAPH_FORMATS, "application/trig", (), "application/trig"),
    (GRAPH_FORMATS, "application/n-quads", (), "application/n-quads"),
    (GRAPH_FORMATS, "application/sparql-results+json", (), None),
    (GRAPH_FORMATS, "text/turtle;q=0.3, application/rdf+xml;q=0.7", (), "application/rdf+xml"),
]


@pytest.mark.parametrize("table, accept, params, expected", NEGOTIATION)
def test_negotiation(table: tuple, accept: str | None, params: tuple[str, ...], expected: str | None) -> None:
    if expected is None:
        with pytest.raises(NotAcceptable):
            negotiate(table, accept, params)
    else:
        assert negotiate(table, accept, params).media_type == expected


def test_overlong_or_deep_query_is_refused_before_parsing() -> None:
    from api.endpoint.policy import QueryTooDeep, QueryTooLarge, check_shape

    with pytest.raises(QueryTooLarge, match="at most 1000"):
        check_shape("SELECT * WHERE { ?s ?p ?o } #" + "x" * 1000, max_chars=1000, max_depth=10)
    with pytest.raises(QueryTooDeep, match="nested 11 levels"):
        check_shape("SELECT * WHERE " + "{" * 11 + "}" * 11, max_chars=1000, max_depth=10)
    check_shape("SELECT * WHERE " + "{" * 10 + "}" * 10 + ' # {{{{{{{{{{{{ "', max_chars=1000, max_depth=10)


@given(st.text(max_size=60))
@settings(max_examples=200, deadline=None)
def test_escaped_strings_round_trip_through_the_engine(text: str) -> None:
    """Whatever the text, the escaped literal parses back to exactly that text, never to more SPARQL."""
    import pyoxigraph as ox

    from api.queries import sparql_string

    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):  # lone surrogates cannot reach a query as UTF-8
        return
    rows = list(ox.Store().query(f"SELECT ?x WHERE {{ BIND({sparql_string(text)} AS ?x) }}"))
    assert len(rows) == 1 and rows[0]["x"].value == text
