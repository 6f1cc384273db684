"""Ontology terms in one place. No IRI strings elsewhere in the package."""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

FK = Namespace("https://w3id.org/frontline-kg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SDO = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
DEFAULT_BASE = "https://w3id.org/frontline-kg/id/"
# SPARQL 1.1 Service Description and the W3C format IRIs it names result formats with (the API's /sparql).
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

PREFIXES = {
    "fk": FK, "org": ORG, "schema": SDO, "prov": PROV, "skos": SKOS, "rdfs": RDFS,
    "rdf": RDF, "owl": OWL, "xsd": XSD, "foaf": FOAF, "dcterms": DCTERMS, "time": TIME,
}

# The contract predicates of VOCABULARY.md, by their short names (kg.records.Predicate values).
CONTRACT_PREDICATES = {
    "deployedTo": FK.deployedTo,
    "memberOf": ORG.memberOf,
    "jobTitle": SDO.jobTitle,
    "supports": FK.supports,
    "containedIn": SDO.containedInPlace,
    "locatedIn": SDO.location,
    "author": SDO.author,
    "photographer": FK.photographer,
}

CONTRACT_CLASSES = {"Person": FK.Person, "Organization": FK.Organization, "Place": FK.Place, "Article": FK.Article}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries built in the package."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


__all__ = ["FK", "ORG", "SDO", "SH", "SD", "FORMATS", "PROV", "SKOS", "RDFS", "RDF", "OWL", "XSD", "FOAF", "DCTERMS",
           "TIME", "DEFAULT_BASE", "PREFIXES", "CONTRACT_PREDICATES", "CONTRACT_CLASSES", "sparql_prefixes"]
