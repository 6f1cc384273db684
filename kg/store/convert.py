"""Terms and formats between rdflib and pyoxigraph, and safe parameter binding in SPARQL text.

rdflib is the currency inside the package (records -> rdflib graphs); the
embedded store speaks pyoxigraph. Conversion happens here and only here.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.vocab import XSD

_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Media types a query result can be serialised to, per result kind.
SOLUTION_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/n3": ox.RdfFormat.N3,
}
EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "ntriples": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD, "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
    "rdf": ox.RdfFormat.RDF_XML,
}


def media_type(accept: str) -> str:
    """The bare media type of an Accept value or Content-Type (parameters and case dropped)."""
    return accept.split(";", 1)[0].strip().lower()


def to_rdflib(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise QueryError(f"unsupported term in a result: {term!r} (Frontline KG uses no RDF-star triples)")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) not in (_XSD_STRING, _RDF_LANG_STRING):
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}: expected an IRI, a blank node or a literal")


def graph_quads(graph_iri: str, graph: Graph) -> list[ox.Quad]:
    """The triples of ``graph`` as pyoxigraph quads in the named graph ``graph_iri``."""
    g = ox.NamedNode(graph_iri)
    return [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), g)  # type: ignore[arg-type]
            for s, p, o in graph]


def triples_to_graph(triples: Iterable[ox.Triple]) -> Graph:
    """pyoxigraph triples (a CONSTRUCT result) as an rdflib Graph."""
    g = Graph()
    for t in triples:
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
    return g


# ----------------------------------------------------------------------------- binding in text

_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Strings (long and short), IRIs and comments: braces and keywords inside them are not syntax.
_SKIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|'
                   r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_WORD = re.compile(r"[A-Za-z]+")


def _glued(prev: str) -> bool:
    """A letter after one of these continues a variable or prefixed name, so it starts no keyword."""
    return prev.isalnum() or prev in "?$:_-"


def _top_level_groups(query: str) -> tuple[list[int], list[tuple[int, str]]]:
    """Positions of ``{`` that open a depth-0 group, and keywords seen at depth 0 (outside strings/IRIs)."""
    opens: list[int] = []
    words: list[tuple[int, str]] = []
    depth, i, n = 0, 0, len(query)
    while i < n:
        m = _SKIP.match(query, i)
        if m and m.end() > i:
            i = m.end()
            continue
        c = query[i]
        if c == "{":
            if depth == 0:
                opens.append(i)
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and c.isalpha() and (i == 0 or not _glued(query[i - 1])):
            w = _WORD.match(query, i)
            assert w
            words.append((i, w.group(0).upper()))
            i = w.end()
            continue
        i += 1
    return opens, words


def has_dataset_clause(query: str) -> bool:
    """True when the query names its own dataset (``FROM`` / ``FROM NAMED`` outside strings and IRIs)."""
    _, words = _top_level_groups(query)
    return any(w == "FROM" for _, w in words)


def inject_values(query: str, bindings: Mapping[str, Node]) -> str:
    """Bind variables by a ``VALUES`` block at the start of the query's WHERE group.

    The values are written with ``Node.n3()`` (escaped by rdflib), so no user
    text is ever pasted into the query as syntax. Used where SPARQL servers
    offer no parameter binding (the remote store); the embedded stores pass
    bindings natively.
    """
    if not bindings:
        return query
    for name in bindings:
        if not _VAR_NAME.match(name):
            raise QueryError(f"invalid variable name {name!r} in bindings")
    opens, words = _top_level_groups(query)
    if not opens:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    where = next((pos for pos, w in words if w == "WHERE"), None)
    brace = next((o for o in opens if where is None or o > where), None)
    if where is None and any(w == "CONSTRUCT" for _, w in words) and len(opens) > 1:
        brace = opens[1]  # CONSTRUCT {template} {pattern} without the WHERE keyword
    if brace is None:
        raise QueryError("cannot bind parameters: no group follows WHERE")
    names = list(bindings)
    block = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(to_rdflib_n3(bindings[n]) for n in names) + ") } ")
    return query[:brace + 1] + block + query[brace + 1:]


def to_rdflib_n3(term: Node) -> str:
    """The N3/SPARQL form of a bound term, refusing anything that is not a plain RDF term."""
    if isinstance(term, (URIRef, Literal)):
        if isinstance(term, URIRef) and re.search(r'[<>"{}|^`\\\s]', str(term)):
            raise QueryError(f"invalid IRI in bindings: {str(term)!r}")
        return term.n3()
    raise QueryError(f"cannot bind {term!r}: expected an IRI or a literal")
