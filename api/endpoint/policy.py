"""What a query is and whether this endpoint runs it.

The query is parsed with rdflib's SPARQL grammar (not matched with regular
expressions, which comments and string literals fool). The parse tree tells
the query form, the dataset clauses (FROM / FROM NAMED) and every SERVICE
pattern, at any depth (inside OPTIONAL, EXISTS, subqueries ...).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from enum import StrEnum
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


class QueryTooLarge(QueryError):
    """A query longer than the endpoint accepts (HTTP 413), refused before any parsing."""


class QueryTooDeep(QueryError):
    """A query nested deeper than the endpoint accepts (HTTP 400), refused before any parsing."""


_NESTING = re.compile(r"[{}()\[\]\"'#<]")
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_EOL = re.compile(r"[\r\n]")
_STRINGS = {
    '"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.S),
    "'''": re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''", re.S),
    '"': re.compile(r'"(?:[^"\\\r\n]|\\.)*"'),
    "'": re.compile(r"'(?:[^'\\\r\n]|\\.)*'"),
}


def nesting_depth(sparql: str) -> int:
    """The deepest nesting of ``{}``, ``()`` and ``[]`` in ``sparql``, outside strings, IRIs and comments.

    One pass, each character looked at once (a loop over the brackets, quotes, ``<`` and ``#``;
    every pattern used is linear). Runs in the server before anything parses the query.
    """
    depth = deepest = pos = 0
    end = len(sparql)
    while (m := _NESTING.search(sparql, pos)) is not None:
        char, at = m.group(), m.start()
        pos = at + 1
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth = max(0, depth - 1)
        elif char == "#":
            eol = _EOL.search(sparql, at)
            pos = eol.end() if eol else end
        elif char == "<":
            iri = _IRIREF.match(sparql, at)
            pos = iri.end() if iri else pos
        else:
            quote = char * 3 if sparql.startswith(char * 3, at) else char
            string = _STRINGS[quote].match(sparql, at)
            pos = string.end() if string else end  # an unterminated string runs to the end
    return deepest


def check_shape(sparql: str, *, max_chars: int, max_depth: int) -> None:
    """Refuse a query longer than ``max_chars`` (QueryTooLarge) or nested deeper than ``max_depth``."""
    if len(sparql) > max_chars:
        raise QueryTooLarge(
            f"query of {len(sparql)} characters; this endpoint accepts at most {max_chars} (setting max_query_chars)"
        )
    depth = nesting_depth(sparql)
    if depth > max_depth:
        raise QueryTooDeep(
            f"query nested {depth} levels deep; this endpoint accepts at most {max_depth} (setting max_query_depth)"
        )


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


def cached_info(sparql: str) -> QueryInfo | None:
    """The parse of ``sparql`` when it is in the cache (no parsing): lets callers skip a thread hop."""
    return _CACHE.get(sparql)


# rdflib's parser is pure Python (seconds for tens of kilobytes): it runs in the time-limited
# worker, and the server refuses texts over the ``max_query_chars`` setting before (check_shape)
_CACHE: dict[str, QueryInfo] = {}
_CACHE_SIZE = 1024
_CACHE_LOCK = threading.Lock()  # parses run in threads; reads need no lock


def parse_query(sparql: str) -> QueryInfo:
    """Parse ``sparql`` (cached): saved queries sent again and again are parsed once."""
    info = _CACHE.get(sparql)
    if info is None:
        info = _parse(sparql)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)), None)  # oldest first (dicts keep insertion order)
        _CACHE[sparql] = info
    return info


def _parse(sparql: str) -> QueryInfo:
    """Parse ``sparql``; raise QueryError when it is not a SPARQL 1.1 query, UpdateRefused for updates."""
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
    return check_info(parse_query(sparql), known_graphs=known_graphs)


def check_info(info: QueryInfo, *, known_graphs: Collection[str]) -> QueryInfo:
    """The policy of ``check_query`` on an already parsed query."""
    if info.services:
        raise QueryRefused(f"SERVICE is not allowed on this endpoint (found SERVICE {info.services[0]})")
    for iri in (*info.from_graphs, *info.from_named_graphs):
        if iri not in known_graphs:
            raise QueryRefused(
                f"FROM <{iri}> names a graph this store does not hold; remote or file graphs are not loaded"
            )
    return info
