"""Saved queries for the common questions: shown on the query page, used by the benchmark.

Each takes its parameters from a VALUES line at the top so that a user edits one place; the names
filled in are from the bundled samples, so every example answers on the store `make run` builds.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.vocab import sparql_prefixes


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    sparql: str


def _q(body: str) -> str:
    return sparql_prefixes() + body.strip() + "\n"


SAVED_QUERIES: tuple[SavedQuery, ...] = (
    # no ORDER BY: sorting every deployment before the LIMIT costs seconds at 10^6 triples
    SavedQuery(
        "deployments",
        "Who was deployed where, with the sentence that says so",
        _q("""
SELECT ?person ?place ?sentence WHERE {
  ?d a fk:Deployment ; fk:agent ?a ; fk:place ?p .
  ?a rdfs:label ?person . FILTER(LANGMATCHES(LANG(?person), "zh-Hans"))
  ?p rdfs:label ?place . FILTER(LANGMATCHES(LANG(?place), "zh-Hans"))
  OPTIONAL { ?d fk:evidence/fk:text ?sentence }
} LIMIT 200"""),
    ),
    SavedQuery(
        "person-places",
        "Places one person was deployed to (edit the name)",
        _q("""
SELECT DISTINCT ?place ?placeLabel WHERE {
  VALUES ?name { "刘爱明"@zh-Hans }
  ?person a fk:Person ; rdfs:label ?name ; fk:deployedTo ?place .
  ?place rdfs:label ?placeLabel . FILTER(LANGMATCHES(LANG(?placeLabel), "zh-Hans"))
}"""),
    ),
    # counts first, labels for the top 100 only (labels of every place cost 10x at 10^6 triples)
    SavedQuery(
        "place-counts",
        "Deployments per place, most first",
        _q("""
SELECT DISTINCT ?place ?label ?people WHERE {
  { SELECT ?place (COUNT(DISTINCT ?agent) AS ?people) WHERE { ?agent fk:deployedTo ?place }
    GROUP BY ?place ORDER BY DESC(?people) LIMIT 100 }
  OPTIONAL { ?place rdfs:label ?label . FILTER(LANGMATCHES(LANG(?label), "zh-Hans")) }
} ORDER BY DESC(?people)"""),
    ),
    SavedQuery(
        "co-deployed",
        "People who served at the same place as someone (edit the name)",
        _q("""
SELECT DISTINCT ?otherLabel ?placeLabel WHERE {
  VALUES ?name { "俞树江"@zh-Hans }
  ?person rdfs:label ?name ; fk:deployedTo ?place .
  ?other fk:deployedTo ?place ; a fk:Person ; rdfs:label ?otherLabel .
  FILTER(?other != ?person && LANGMATCHES(LANG(?otherLabel), "zh-Hans"))
  ?place rdfs:label ?placeLabel . FILTER(LANGMATCHES(LANG(?placeLabel), "zh-Hans"))
}"""),
    ),
    SavedQuery(
        "unit-flows",
        "Units that sent people, and where to",
        _q("""
SELECT ?unitLabel ?placeLabel (COUNT(DISTINCT ?agent) AS ?people) WHERE {
  ?d a fk:Deployment ; fk:agent ?agent ; fk:place ?place .
  { ?d fk:originUnit ?unit } UNION { ?agent org:memberOf ?unit }
  ?unit rdfs:label ?unitLabel . FILTER(LANGMATCHES(LANG(?unitLabel), "zh-Hans"))
  ?place rdfs:label ?placeLabel . FILTER(LANGMATCHES(LANG(?placeLabel), "zh-Hans"))
} GROUP BY ?unitLabel ?placeLabel ORDER BY DESC(?people) LIMIT 100"""),
    ),
    SavedQuery(
        "inside-region",
        "Deployments anywhere inside a region (edit the name)",
        _q("""
SELECT ?personLabel ?placeLabel WHERE {
  VALUES ?regionName { "安宁区"@zh-Hans }
  ?region rdfs:label ?regionName .
  ?place schema:containedInPlace* ?region .
  ?person fk:deployedTo ?place ; rdfs:label ?personLabel .
  FILTER(LANGMATCHES(LANG(?personLabel), "zh-Hans"))
  ?place rdfs:label ?placeLabel . FILTER(LANGMATCHES(LANG(?placeLabel), "zh-Hans"))
} LIMIT 1000"""),
    ),
    SavedQuery(
        "label-search",
        "Text search on labels (edit the text)",
        _q("""
SELECT DISTINCT ?entity ?label ?type WHERE {
  ?entity rdfs:label ?label .
  FILTER(CONTAINS(STR(?label), "社区"))
  ?entity a ?type . FILTER(?type IN (fk:Person, fk:Organization, fk:Place))
} LIMIT 100"""),
    ),
    SavedQuery(
        "class-counts",
        "How many of each class",
        _q("""
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"""),
    ),
)


def saved_query(name: str) -> SavedQuery:
    """The saved query called ``name`` (KeyError lists none; callers check names from this table)."""
    return next(q for q in SAVED_QUERIES if q.name == name)
