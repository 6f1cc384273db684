"""Content negotiation for SPARQL results (SELECT/ASK) and RDF graphs (CONSTRUCT/DESCRIBE)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.errors import NotAcceptable


@dataclass(frozen=True)
class Format:
    media_type: str  # what we send in Content-Type
    names: tuple[str, ...]  # short names accepted in ?format= / ?output= (SPARQLWrapper, YASGUI send them)
    aliases: tuple[str, ...] = ()  # other media types that ask for the same thing


RESULT_FORMATS: tuple[Format, ...] = (
    Format("application/sparql-results+json", ("json", "srj"), ("application/json",)),
    Format("application/sparql-results+xml", ("xml", "srx"), ("application/xml", "text/xml")),
    Format("text/csv", ("csv",)),
    Format("text/tab-separated-values", ("tsv",)),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("text/turtle", ("turtle", "ttl"), ("application/x-turtle",)),
    Format("application/n-triples", ("nt", "ntriples", "n-triples"), ("text/plain",)),
    Format("application/ld+json", ("json-ld", "jsonld", "json"), ("application/json",)),
    Format("application/rdf+xml", ("xml", "rdfxml", "rdf+xml", "rdf"), ("application/xml", "text/xml")),
    Format("application/trig", ("trig",)),
    Format("application/n-quads", ("nq", "nquads", "n-quads")),
)


def _parse_accept(header: str) -> list[tuple[str, float, int]]:
    """(media range, q, order) for each entry of an Accept header; malformed q counts as 1."""
    out = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 1.0
        out.append((media, q, order))
    return out


def _matches(media_range: str, fmt: Format) -> int:
    """Specificity of ``media_range`` for ``fmt``: 3 exact, 2 alias, 1 type/*, 0 */*, -1 no match."""
    if media_range == fmt.media_type:
        return 3
    if media_range in fmt.aliases:
        return 2
    major = fmt.media_type.split("/")[0]
    if media_range == f"{major}/*":
        return 1
    if media_range == "*/*":
        return 0
    return -1


# CSV and TSV define no boolean result: ASK is answered in JSON or XML.
ASK_FORMATS: tuple[Format, ...] = RESULT_FORMATS[:2]


def formats_for(form: str) -> tuple[Format, ...]:
    """The formats of a query form (``select``, ``ask``, ``construct``, ``describe``)."""
    if form in ("construct", "describe"):
        return GRAPH_FORMATS
    return ASK_FORMATS if form == "ask" else RESULT_FORMATS


def negotiate(table: Sequence[Format], accept: str | None, format_params: Sequence[str] = ()) -> Format:
    """Pick a format of ``table`` from ``?format=`` values or the Accept header.

    A recognised ``format``/``output`` parameter wins over the Accept header; unknown values
    are ignored (clients send several guesses). Without any preference the first format of
    the table is used (SPARQL JSON results, Turtle). Raises NotAcceptable when the header
    rules everything we can produce out.
    """
    for value in format_params:
        value = value.strip().lower()
        for fmt in table:
            if value in fmt.names or value == fmt.media_type:
                return fmt
    if not accept or not accept.strip():
        return table[0]
    ranges = _parse_accept(accept)
    best: tuple[float, int, int, int] | None = None
    chosen: Format | None = None
    for index, fmt in enumerate(table):
        # the most specific range that matches decides this format's q (RFC 9110 12.5.1)
        matching = [(spec, q, order) for media, q, order in ranges if (spec := _matches(media, fmt)) >= 0]
        if not matching:
            continue
        spec, q, order = max(matching, key=lambda m: (m[0], -m[2]))
        if q <= 0:
            continue
        # prefer higher q, then an exact mention, then the client's order, then our table order
        key = (q, spec, -order if spec >= 2 else 0, -index)
        if best is None or key > best:
            best, chosen = key, fmt
    if chosen is None:
        raise NotAcceptable(accept, [f.media_type for f in table])
    return chosen
