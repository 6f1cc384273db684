"""The SPARQL 1.1 Service Description of the endpoint (GET /sparql without a query)."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef

from kg.vocab import FORMATS, RDF, SD, SDO

# The W3C format IRIs for what the endpoint can send.
RESULT_FORMAT_IRIS = (
    FORMATS.SPARQL_Results_JSON,
    FORMATS.SPARQL_Results_XML,
    FORMATS.SPARQL_Results_CSV,
    FORMATS.SPARQL_Results_TSV,
    FORMATS.Turtle,
    FORMATS["N-Triples"],
    FORMATS["JSON-LD"],
    FORMATS.RDF_XML,
    FORMATS.TriG,
    FORMATS["N-Quads"],
)


def service_description(endpoint: str, *, max_rows: int, timeout: float, graphs: int | None = None) -> Graph:
    """A ``sd:Service`` for ``endpoint``: SPARQL 1.1 Query only, union default graph, result formats."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("schema", SDO)
    service = URIRef(endpoint + "#service")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))  # no SD.SPARQL11Update: read-only
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in RESULT_FORMAT_IRIS:
        g.add((service, SD.resultFormat, fmt))
    dataset = BNode()
    default_graph = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    limits = (
        f"Read-only. Queries are stopped after {timeout:g} s; SELECT results are cut at {max_rows} rows "
        "(header X-KG-Truncated). SERVICE, LOAD and FROM of graphs not held here are refused."
    )
    g.add((service, SDO.description, Literal(limits, lang="en")))
    if graphs is not None:
        g.add((dataset, SDO.size, Literal(graphs)))
    return g
