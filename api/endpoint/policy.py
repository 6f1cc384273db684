"""What a query is and whether this endpoint runs it.

The query is parsed with rdflib's SPARQL grammar (not matched with regular
expressions, which comments and string literals fool). The parse tree tells
the query form, the dataset clauses (FROM / FROM NAMED) and every SERVICE
pattern, at any depth (inside OPTIONAL, EXISTS, subqueries ...).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from pyparsing import ParseBaseException
from rdflib import Variable
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import QueryError, QueryRefused


class QueryForm(StrEnum):
    SELECT = "select"
    ASK = "ask"
    CONSTRUCT = "construct"
    DESCRIBE = "describe"

    @property
    def is_graph(self) -> bool:
        """CONSTRUCT and DESCRIBE return RDF graphs; SELECT and ASK return results."""
        return self in (QueryForm.CONSTRUCT, QueryForm.DESCRIBE)


_FORMS = {
    "SelectQuery": QueryForm.SELECT,
    "AskQuery": QueryForm.ASK,
    "ConstructQuery": QueryForm.CONSTRUCT,
    "DescribeQuery": QueryForm.DESCRIBE,
}


@dataclass(frozen=True)
class QueryInfo:
    """What the parser found in a query."""

    form: QueryForm
    from_graphs: tuple[str, ...] = ()  # FROM <iri>
    from_named_graphs: tuple[str, ...] = ()  # FROM NAMED <iri>
    services: tuple[str, ...] = ()  # SERVICE <iri> or SERVICE ?var (as "?var")


class UpdateRefused(QueryRefused):
    """A SPARQL Update was sent to the read-only endpoint."""


def _walk(node: Any) -> Iterator[CompValue]:
    """Every CompValue below ``node`` (parse results nest lists, dicts and CompValues)."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple) or hasattr(node, "asList") and not isinstance(node, str):
        for item in node:
            yield from _walk(item)


def _syntax_message(exc: ParseBaseException) -> str:
    return f"line {exc.lineno}, column {exc.col}: {exc.msg}"


@lru_cache(maxsize=1024)
def parse_query(sparql: str) -> QueryInfo:
    """Parse ``sparql``; raise QueryError when it is not a SPARQL 1.1 query, UpdateRefused for updates.

    Cached: saved queries sent again and again are parsed once.
    """
    try:
        tree = parseQuery(sparql)
    except ParseBaseException as exc:
        try:
            parseUpdate(sparql)
        except ParseBaseException:
            raise QueryError(f"malformed SPARQL query: {_syntax_message(exc)}") from None
        raise UpdateRefused("SPARQL Update is not accepted: this endpoint is read-only") from None
    except RecursionError:
        raise QueryError("malformed SPARQL query: nested too deeply") from None
    query = tree[1]
    form = _FORMS.get(query.name)
    if form is None:  # the grammar only yields the four forms; guard against a changed parser
        raise QueryError(f"expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {query.name}")
    from_graphs: list[str] = []
    from_named: list[str] = []
    # CompValue.get returns the key itself when absent: read the mapping with dict.get
    for clause in dict.get(query, "datasetClause") or ():
        if dict.get(clause, "default") is not None:
            from_graphs.append(str(clause["default"]))
        if dict.get(clause, "named") is not None:
            from_named.append(str(clause["named"]))
    services = []
    for node in _walk(tree):
        if node.name == "ServiceGraphPattern":
            term = dict.get(node, "term")
            services.append(f"?{term}" if isinstance(term, Variable) else str(term))
    return QueryInfo(
        form=form,
        from_graphs=tuple(from_graphs),
        from_named_graphs=tuple(from_named),
        services=tuple(services),
    )


def check_query(sparql: str, *, known_graphs: Collection[str]) -> QueryInfo:
    """Parse ``sparql`` and refuse what must not run here.

    Refused (QueryRefused): updates (LOAD is one), SERVICE (the engine would call
    out to any URL), and FROM / FROM NAMED of a graph this store does not hold
    (an engine may fetch it from the web or the file system).
    """
    info = parse_query(sparql)
    if info.services:
        raise QueryRefused(f"SERVICE is not allowed on this endpoint (found SERVICE {info.services[0]})")
    for iri in (*info.from_graphs, *info.from_named_graphs):
        if iri not in known_graphs:
            raise QueryRefused(
                f"FROM <{iri}> names a graph this store does not hold; remote or file graphs are not loaded"
            )
    return info
