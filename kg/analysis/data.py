"""What the views are made of, fetched from a store through SPARQL.

A handful of SELECT queries read the entities (types, labels, place levels),
the articles, and every contract fact *per named graph* (= per article) with
its statement (confidence, date, evidence sentences) and, for deployments, the
event's origin unit and role. The result is a ``GraphData``: plain records that
the view builders (``kg.analysis.views``) turn into networkx graphs. Nothing
here re-reads articles; everything comes from ``Store.query``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from kg.store.base import Store
from kg.vocab import CONTRACT_CLASSES, CONTRACT_PREDICATES, RDFS, sparql_prefixes

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

    def node(self, iri: str) -> NodeInfo:
        """The node ``iri``; an untyped IRI gets a placeholder named after its tail."""
        found = self.nodes.get(iri)
        if found is not None:
            return found
        return NodeInfo(iri=iri, type="Unknown", label=iri.rstrip("/").rsplit("/", 1)[-1])

    def article_date(self, article: str) -> str | None:
        info = self.articles.get(article)
        return info.published if info else None


def _s(term: Node | None) -> str | None:
    return None if term is None else str(term)


def _int(term: Node | None) -> int | None:
    if isinstance(term, Literal):
        try:
            return int(term.toPython())
        except (TypeError, ValueError):
            return None
    return None


def _relation_values(relations: Iterable[str]) -> str:
    from kg.vocab import ORG

    preds = {name: CONTRACT_PREDICATES[name] for name in relations if name in CONTRACT_PREDICATES}
    if SUB_ORGANIZATION in relations:
        preds[SUB_ORGANIZATION] = ORG.subOrganizationOf
    return " ".join(f"<{p}>" for p in preds.values())


def _short_names() -> dict[str, str]:
    from kg.vocab import ORG

    names = {str(iri): name for name, iri in CONTRACT_PREDICATES.items()}
    names[str(ORG.subOrganizationOf)] = SUB_ORGANIZATION
    return names


# Small queries joined in Python: on a 10^6-triple store they run 3-4 times faster than one query
# with nested OPTIONALs (the engine evaluates those per direct triple).
TYPE_QUERY = sparql_prefixes() + """
SELECT DISTINCT ?e ?cls WHERE { VALUES ?cls { %s } ?e a ?cls }"""

LABEL_QUERY = sparql_prefixes() + """
SELECT DISTINCT ?e ?prop ?label WHERE { VALUES ?prop { rdfs:label skos:altLabel } ?e ?prop ?label }"""

TITLE_QUERY = sparql_prefixes() + """
SELECT DISTINCT ?e ?title WHERE { ?e schema:jobTitle ?title }"""

KIND_QUERY = sparql_prefixes() + """
SELECT DISTINCT ?e ?level ?kind WHERE { { ?e fk:placeLevel ?level } UNION { ?e fk:orgKind ?kind } }"""

ARTICLE_QUERY = sparql_prefixes() + """
SELECT ?a ?id ?title ?url ?path ?published WHERE {
  ?a a fk:Article .
  OPTIONAL { ?a schema:identifier ?id }
  OPTIONAL { ?a schema:headline ?title }
  OPTIONAL { ?a schema:url ?url }
  OPTIONAL { ?a fk:sourcePath ?path }
  OPTIONAL { ?a schema:datePublished ?published }
}"""

# The direct triples are the facts; their statements (same graph) add confidence, date and evidence.
DIRECT_QUERY = sparql_prefixes() + """
SELECT ?g ?s ?p ?o WHERE { VALUES ?p { %s } GRAPH ?g { ?s ?p ?o . FILTER(isIRI(?o)) } }"""

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
    for e, cls in store.query(TYPE_QUERY % values).rows:
        types.setdefault(str(e), set()).add(short[str(cls)])
    # per node: rdfs:label @zh-Hans, other labels/altLabels (Simplified first), pinyin
    main: dict[str, str] = {}
    zh: dict[str, list[str]] = {}
    other: dict[str, list[str]] = {}
    pinyins: dict[str, str] = {}
    label_prop = str(RDFS.label)
    for e, prop, label in store.query(LABEL_QUERY).rows:
        iri = str(e)
        if iri not in types or not isinstance(label, Literal):
            continue
        lang, text = (label.language or "").lower(), str(label)
        if lang == "zh-latn-pinyin":
            pinyins.setdefault(iri, text)
        elif lang == "zh-hans":
            if str(prop) == label_prop and iri not in main:
                main[iri] = text
            zh.setdefault(iri, []).append(text)
        else:
            other.setdefault(iri, []).append(text)
    levels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for e, level, kind in store.query(KIND_QUERY).rows:
        if level is not None:
            levels[str(e)] = str(level)
        if kind is not None:
            kinds[str(e)] = str(kind)
    titles: dict[str, list[str]] = {}
    for e, title in store.query(TITLE_QUERY).rows:
        titles.setdefault(str(e), []).append(str(title))
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
                              titles=tuple(sorted(titles.get(iri, []))))
    return nodes


def fetch_articles(store: Store) -> dict[str, ArticleInfo]:
    """Every article node with its id, title, link and publication date."""
    out: dict[str, ArticleInfo] = {}
    for row in store.query(ARTICLE_QUERY).dicts():
        iri = str(row["a"])
        if iri in out:
            continue
        out[iri] = ArticleInfo(iri=iri, id=_s(row.get("id")) or iri.rsplit("/", 1)[-1],
                               title=_s(row.get("title")), url=_s(row.get("url")),
                               source=_s(row.get("path")), published=_s(row.get("published")))
    return out


def fetch_facts(store: Store,
                relations: Iterable[str] = (*EDGE_RELATIONS, SUB_ORGANIZATION)) -> list[FactRecord]:
    """Every fact among ``relations``, one record per (article, subject, relation, object)."""
    relations = tuple(relations)
    names = _short_names()
    values = _relation_values(relations)
    acc: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for g, s, p, o in store.query(DIRECT_QUERY % values).rows:
        acc[(str(g), str(s), names[str(p)], str(o))] = {
            "evidence": {}, "date": None, "conf": None, "origin": set(), "role": None}
    statements: dict[str, tuple[str, str, str, str]] = {}
    for g, stmt, s, p, o, conf, date in store.query(STATEMENT_QUERY % values).rows:
        key = (str(g), str(s), names[str(p)], str(o))
        item = acc.get(key)
        if item is None:      # a statement whose direct triple is gone (curation rejected it): not a fact
            continue
        statements[str(stmt)] = key
        if isinstance(conf, Literal):
            value = float(conf.toPython())
            item["conf"] = value if item["conf"] is None else max(item["conf"], value)
        if date is not None:
            item["date"] = item["date"] or str(date)
    for stmt, text, start, end in store.query(EVIDENCE_QUERY).rows:
        fact_key = statements.get(str(stmt))
        if fact_key is None or text is None:
            continue
        ev = EvidenceRef(text=str(text), article=fact_key[0], start=_int(start), end=_int(end))
        acc[fact_key]["evidence"][(ev.start, ev.end, ev.text)] = ev
    if "deployedTo" in relations:
        for row in store.query(DEPLOYMENT_QUERY).dicts():
            item = acc.get((str(row["g"]), str(row["agent"]), "deployedTo", str(row["place"])))
            if item is None:      # an event without its direct triple (curation removed it): not a fact
                continue
            if row.get("origin") is not None:
                item["origin"].add(str(row["origin"]))
            if row.get("role") is not None:
                item["role"] = item["role"] or str(row["role"])
            if row.get("date") is not None:
                item["date"] = item["date"] or str(row["date"])
    facts = [
        FactRecord(subject=s, relation=rel, object=o, article=g,
                   evidence=tuple(sorted(item["evidence"].values(), key=lambda e: (e.start or 0, e.text))),
                   date=item["date"], confidence=item["conf"], origin=tuple(sorted(item["origin"])),
                   role=item["role"])
        for (g, s, rel, o), item in acc.items()
    ]
    facts.sort(key=lambda f: (f.relation, f.subject, f.object, f.article))
    return facts


def fetch_graph_data(store: Store) -> GraphData:
    """Nodes, articles and facts of the whole store (the input of every view)."""
    return GraphData(nodes=fetch_nodes(store), facts=fetch_facts(store), articles=fetch_articles(store))
