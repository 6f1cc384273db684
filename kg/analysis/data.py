"""What the views are made of, fetched from a store through SPARQL.

A handful of SELECT queries read the entities (types, labels, place levels),
the articles, and every contract fact *per named graph* (= per article) with
its statement (confidence, date, evidence sentences) and, for deployments, the
event's origin unit and role. The result is a ``GraphData``: plain records that
the view builders (``kg.analysis.views``) turn into networkx graphs. Nothing
here re-reads articles; everything comes from ``Store.query``.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.errors import NotAcceptable
from kg.geo import Coordinates, place_points
from kg.store.base import Store
from kg.vocab import CONTRACT_CLASSES, CONTRACT_PREDICATES, ORG, RDFS, sparql_prefixes

# Relation short names (kg.records.Predicate values) between two nodes; jobTitle points at a literal.
EDGE_RELATIONS = ("deployedTo", "memberOf", "supports", "containedIn", "locatedIn", "author", "photographer")
# Organisation hierarchy: not a contract predicate, but the builder emits it for branch -> parent unit.
SUB_ORGANIZATION = "subOrganizationOf"
ENTITY_TYPES = ("Person", "Organization", "Place", "Article")


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """A sentence that states a fact, with the article it is quoted from."""

    text: str
    article: str          # article IRI
    start: int | None = None
    end: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "article": self.article, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """An entity (or article) node: its contract type and names."""

    iri: str
    type: str                                   # Person | Organization | Place | Article
    label: str                                  # the @zh-Hans label (else any label, else the IRI tail)
    labels: tuple[str, ...] = ()                # labels and altLabels (Simplified, Traditional, short forms)
    pinyin: str = ""                            # the @zh-Latn-pinyin label, when present
    level: str | None = None                    # places: fk:placeLevel
    kind: str | None = None                     # organisations: fk:orgKind
    titles: tuple[str, ...] = ()                # people: schema:jobTitle as written
    code: str | None = None                     # places: fk:adminCode (the official division code)


@dataclass(frozen=True, slots=True)
class FactRecord:
    """One contract fact as stated by one article, with its evidence."""

    subject: str
    relation: str                               # short name: deployedTo, memberOf, ...
    object: str
    article: str                                # article IRI (= named graph)
    evidence: tuple[EvidenceRef, ...] = ()
    date: str | None = None                     # ISO partial date of the fact, when stated
    confidence: float | None = None
    origin: tuple[str, ...] = ()                # deployments: origin unit IRIs
    role: str | None = None                     # deployments: the role as written

    @property
    def support(self) -> int:
        """How many facts back this record: one per evidence sentence, at least one."""
        return max(1, len(self.evidence))


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What a viewer needs to link to an article."""

    iri: str
    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None


@dataclass
class GraphData:
    """Everything the views are built from."""

    nodes: dict[str, NodeInfo] = field(default_factory=dict)
    facts: list[FactRecord] = field(default_factory=list)
    articles: dict[str, ArticleInfo] = field(default_factory=dict)
    points: dict[str, Coordinates] = field(default_factory=dict)   # places with coordinates (kg.geo)

    def node(self, iri: str) -> NodeInfo:
        """The node ``iri``; an untyped IRI gets a placeholder named after its tail."""
        found = self.nodes.get(iri)
        if found is not None:
            return found
        return NodeInfo(iri=iri, type="Unknown", label=iri.rstrip("/").rsplit("/", 1)[-1])

    def article_date(self, article: str) -> str | None:
        info = self.articles.get(article)
        return info.published if info else None


Row = list[str | None]


def select_rows(store: Store, sparql: str) -> list[Row]:
    """The solutions of a SELECT as lists of plain strings (None when unbound), in variable order.

    Asks the store for SPARQL CSV results (``query_raw``): the store serialises natively and the
    csv module parses in C, 3-5 times faster on big results than building rdflib terms for every
    cell. CSV drops language tags and datatypes, so queries that need them select ``LANG(...)``.
    A store that cannot answer in CSV is asked through ``query`` instead.
    """
    try:
        body, media_type = store.query_raw(sparql, accept="text/csv")
    except (NotAcceptable, NotImplementedError):
        body, media_type = b"", ""
    if not media_type.lower().startswith("text/csv"):   # not offered (or a server that ignored Accept)
        return [[None if cell is None else str(cell) for cell in row] for row in store.query(sparql).rows]
    reader = csv.reader(io.StringIO(body.decode("utf-8")))
    next(reader, None)   # the header: the variables, in the query's order
    return [[cell if cell != "" else None for cell in row] for row in reader]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _relation_values(relations: Iterable[str]) -> str:
    preds = {name: CONTRACT_PREDICATES[name] for name in relations if name in CONTRACT_PREDICATES}
    if SUB_ORGANIZATION in relations:
        preds[SUB_ORGANIZATION] = ORG.subOrganizationOf
    return " ".join(f"<{p}>" for p in preds.values())


def _short_names() -> dict[str, str]:
    names = {str(iri): name for name, iri in CONTRACT_PREDICATES.items()}
    names[str(ORG.subOrganizationOf)] = SUB_ORGANIZATION
    return names


# Small queries joined in Python: on a 10^6-triple store they run 3-4 times faster than one query
# with nested OPTIONALs (the engine evaluates those per direct triple).
TYPE_QUERY = sparql_prefixes() + """
SELECT DISTINCT ?e ?cls WHERE { VALUES ?cls { %s } ?e a ?cls }"""

LABEL_QUERY = sparql_prefixes() + """
SELECT DISTINCT ?e ?prop ?label (LANG(?label) AS ?lang) WHERE {
  VALUES ?prop { rdfs:label skos:altLabel } ?e ?prop ?label
}"""

TITLE_QUERY = sparql_prefixes() + """
SELECT DISTINCT ?e ?title WHERE { ?e schema:jobTitle ?title }"""

KIND_QUERY = sparql_prefixes() + """
SELECT DISTINCT ?e ?level ?kind ?code WHERE {
  { ?e fk:placeLevel ?level } UNION { ?e fk:orgKind ?kind } UNION { ?e fk:adminCode ?code }
}"""

ARTICLE_QUERY = sparql_prefixes() + """
SELECT ?a ?id ?title ?url ?path ?published WHERE {
  ?a a fk:Article .
  OPTIONAL { ?a schema:identifier ?id }
  OPTIONAL { ?a schema:headline ?title }
  OPTIONAL { ?a schema:url ?url }
  OPTIONAL { ?a fk:sourcePath ?path }
  OPTIONAL { ?a schema:datePublished ?published }
}"""

# The direct triples are the facts; the articles stating one are the graphs holding its statement
# (rdf:subject/predicate/object), which also gives confidence, date and evidence. A direct triple is
# held once, in the shared graph (older stores: in each article graph); org:subOrganizationOf has no
# statement (it comes with the unit's identity): it belongs to the articles mentioning both units.
DIRECT_QUERY = sparql_prefixes() + """
SELECT DISTINCT ?g ?s ?p ?o WHERE {
  { VALUES ?p { %s }
    ?s ?p ?o . FILTER(isIRI(?o))
    GRAPH ?g { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }
  UNION
  { VALUES ?p { %s }
    ?s ?p ?o . FILTER(isIRI(?o))
    GRAPH ?g { ?a schema:mentions ?s , ?o } }
}"""

STATEMENT_QUERY = sparql_prefixes() + """
SELECT ?g ?stmt ?s ?p ?o ?conf ?date WHERE {
  VALUES ?p { %s }
  GRAPH ?g {
    ?stmt rdf:predicate ?p ; rdf:subject ?s ; rdf:object ?o .
    OPTIONAL { ?stmt fk:confidence ?conf }
    OPTIONAL { ?stmt fk:date ?date }
  }
}"""

EVIDENCE_QUERY = sparql_prefixes() + """
SELECT ?stmt ?text ?start ?end WHERE {
  ?stmt fk:evidence ?ev . ?ev fk:text ?text .
  OPTIONAL { ?ev fk:start ?start ; fk:end ?end }
}"""

DEPLOYMENT_QUERY = sparql_prefixes() + """
SELECT ?g ?agent ?place ?origin ?role ?date WHERE {
  GRAPH ?g {
    ?dep a fk:Deployment ; fk:agent ?agent ; fk:place ?place .
    OPTIONAL { ?dep fk:originUnit ?origin }
    OPTIONAL { ?dep fk:role ?role }
    OPTIONAL { ?dep fk:date ?date }
  }
}"""


def fetch_nodes(store: Store) -> dict[str, NodeInfo]:
    """Every typed entity and article with its labels, place level and organisation kind."""
    values = " ".join(f"<{CONTRACT_CLASSES[t]}>" for t in ENTITY_TYPES)
    short = {str(CONTRACT_CLASSES[t]): t for t in ENTITY_TYPES}
    types: dict[str, set[str]] = {}
    for e, cls in select_rows(store, TYPE_QUERY % values):
        if e and cls:
            types.setdefault(e, set()).add(short[cls])
    # per node: rdfs:label @zh-Hans, other labels/altLabels (Simplified first), pinyin
    main: dict[str, str] = {}
    zh: dict[str, list[str]] = {}
    other: dict[str, list[str]] = {}
    pinyins: dict[str, str] = {}
    label_prop = str(RDFS.label)
    for e, prop, text, lang in select_rows(store, LABEL_QUERY):
        if not e or e not in types or not text:
            continue
        lang = (lang or "").lower()
        if lang == "zh-latn-pinyin":
            if prop == label_prop:      # the toneless search form; the tone-marked altLabel is for reading
                pinyins.setdefault(e, text)
        elif lang == "zh-hans":
            if prop == label_prop and e not in main:
                main[e] = text
            zh.setdefault(e, []).append(text)
        else:
            other.setdefault(e, []).append(text)
    levels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    codes: dict[str, str] = {}
    for e, level, kind, code in select_rows(store, KIND_QUERY):
        if e and level:
            levels[e] = level
        if e and kind:
            kinds[e] = kind
        if e and code:
            codes[e] = code
    titles: dict[str, list[str]] = {}
    for e, title in select_rows(store, TITLE_QUERY):
        if e and title:
            titles.setdefault(e, []).append(title)
    nodes: dict[str, NodeInfo] = {}
    for iri, found in types.items():
        # An IRI typed twice (curation mistakes) keeps the first contract type in ENTITY_TYPES order.
        node_type = next(t for t in ENTITY_TYPES if t in found)
        first = main.get(iri)
        names = list(dict.fromkeys([*([first] if first else []), *sorted(zh.get(iri, [])),
                                    *sorted(other.get(iri, []))]))
        shown = names[0] if names else iri.rstrip("/").rsplit("/", 1)[-1]
        nodes[iri] = NodeInfo(iri=iri, type=node_type, label=shown, labels=tuple(names),
                              pinyin=pinyins.get(iri, ""), level=levels.get(iri), kind=kinds.get(iri),
                              titles=tuple(sorted(titles.get(iri, []))), code=codes.get(iri))
    return nodes


def fetch_articles(store: Store) -> dict[str, ArticleInfo]:
    """Every article node with its id, title, link and publication date."""
    out: dict[str, ArticleInfo] = {}
    for a, ident, title, url, path, published in select_rows(store, ARTICLE_QUERY):
        if not a or a in out:
            continue
        out[a] = ArticleInfo(iri=a, id=ident or a.rsplit("/", 1)[-1], title=title, url=url, source=path,
                             published=published)
    return out


def fetch_facts(store: Store,
                relations: Iterable[str] = (*EDGE_RELATIONS, SUB_ORGANIZATION)) -> list[FactRecord]:
    """Every fact among ``relations``, one record per (article, subject, relation, object)."""
    relations = tuple(relations)
    names = _short_names()
    values = _relation_values(relations)
    acc: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    # (an empty VALUES block has no solutions: that branch adds nothing)
    stated = " ".join(v for v in values.split() if v != f"<{ORG.subOrganizationOf}>")
    nested = f"<{ORG.subOrganizationOf}>" if SUB_ORGANIZATION in relations else ""
    for g, s, p, o in select_rows(store, DIRECT_QUERY % (stated, nested)):
        if g and s and p and o:
            acc[(g, s, names[p], o)] = {"evidence": {}, "date": None, "conf": None, "origin": set(),
                                        "role": None}
    statements: dict[str, tuple[str, str, str, str]] = {}
    for g, stmt, s, p, o, conf, date in select_rows(store, STATEMENT_QUERY % values):
        key = (g or "", s or "", names.get(p or "", ""), o or "")
        item = acc.get(key)
        if item is None or not stmt:   # a statement whose direct triple is gone (curation rejected it)
            continue
        statements[stmt] = key
        value = _float(conf)
        if value is not None:
            item["conf"] = value if item["conf"] is None else max(item["conf"], value)
        if date:
            item["date"] = item["date"] or date
    for stmt, text, start, end in select_rows(store, EVIDENCE_QUERY):
        fact_key = statements.get(stmt or "")
        if fact_key is None or not text:
            continue
        ev = EvidenceRef(text=text, article=fact_key[0], start=_int(start), end=_int(end))
        acc[fact_key]["evidence"][(ev.start, ev.end, ev.text)] = ev
    if "deployedTo" in relations:
        for g, agent, place, origin, role, date in select_rows(store, DEPLOYMENT_QUERY):
            item = acc.get((g or "", agent or "", "deployedTo", place or ""))
            if item is None:      # an event without its direct triple (curation removed it): not a fact
                continue
            if origin:
                item["origin"].add(origin)
            if role:
                item["role"] = item["role"] or role
            if date:
                item["date"] = item["date"] or date
    facts = [
        FactRecord(subject=s, relation=rel, object=o, article=g,
                   evidence=tuple(sorted(item["evidence"].values(), key=lambda e: (e.start or 0, e.text))),
                   date=item["date"], confidence=item["conf"], origin=tuple(sorted(item["origin"])),
                   role=item["role"])
        for (g, s, rel, o), item in acc.items()
    ]
    facts.sort(key=lambda f: (f.relation, f.subject, f.object, f.article))
    return facts


def locate_places(nodes: dict[str, NodeInfo], facts: Iterable[FactRecord]) -> dict[str, Coordinates]:
    """Coordinates of places (by division code, else at the nearest coded ancestor, approximate) and of
    organisations with a stated location (``schema:location``: at that place, approximate)."""
    parents: dict[str, set[str]] = {}
    for f in facts:
        if f.relation in ("containedIn", "locatedIn"):
            parents.setdefault(f.subject, set()).add(f.object)
    codes = {iri: n.code for iri, n in nodes.items() if n.code}
    located = sorted(iri for iri, n in nodes.items()
                     if n.type == "Place" or (n.type == "Organization" and iri in parents))
    return place_points(codes, lambda p: parents.get(p, ()), located)


def fetch_graph_data(store: Store) -> GraphData:
    """Nodes, articles and facts of the whole store (the input of every view), places located."""
    nodes, facts = fetch_nodes(store), fetch_facts(store)
    return GraphData(nodes=nodes, facts=facts, articles=fetch_articles(store), points=locate_places(nodes, facts))
