"""Extraction -> RDF: one named graph per article, in the contract vocabulary.

The graph of an article holds

* the *direct* contract triples researchers query (``fk:deployedTo``,
  ``org:memberOf``, ``schema:jobTitle`` …) between entity nodes typed with the
  contract class *and* their finest subclass (stores do not reason, so both
  are asserted);
* the *qualified* forms beside them: a ``fk:Deployment`` event per deployment,
  ``org:Membership`` / ``org:Post`` for posts, and a ``fk:Statement`` (an
  ``rdf:Statement``) per fact linking it to its ``fk:Evidence`` (the sentence,
  its offsets in the normalised and original text) with a confidence;
* the article node (``fk:Article``): source, title, site, date, credits, hash
  of the original bytes, and the extraction run as a ``prov:Activity``.

Evidence, statements, events, posts and credits are never typed as a
Person/Organization/Place and never carry entity names in ``rdfs:label``, so
that nothing but the entities themselves looks like an entity. No blank nodes:
every node has a deterministic IRI, so the same input gives the same graph.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol
from urllib.parse import quote

from pypinyin import lazy_pinyin
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg import __version__
from kg.errors import GraphBuildError
from kg.geo import code_point
from kg.rdf.english import english_label, person_name, post_title
from kg.rdf.iri import IdentityResolver, digest, is_relative_org_name, qualified_name, slug
from kg.records import (
    ARTICLE,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Fact,
    OrgKind,
    PartialDate,
    PlaceLevel,
    Predicate,
)
from kg.vocab import (
    CONTRACT_CLASSES,
    CONTRACT_PREDICATES,
    DEFAULT_BASE,
    FK,
    ORG,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    XSD,
)

ZH = "zh-Hans"
ZH_HANT = "zh-Hant"
PINYIN = "zh-Latn-pinyin"
EN = "en"

ORG_CLASSES: dict[OrgKind, URIRef] = {
    OrgKind.GOVERNMENT: FK.GovernmentUnit,
    OrgKind.PARTY_COMMITTEE: FK.PartyCommittee,
    OrgKind.PARTY_BRANCH: FK.PartyBranch,
    OrgKind.TEMPORARY_BRANCH: FK.TemporaryPartyBranch,
    OrgKind.ENTERPRISE: FK.Enterprise,
    OrgKind.COMMAND: FK.Command,
    OrgKind.TEAM: FK.Team,
    OrgKind.INSTITUTION: FK.Institution,
    OrgKind.MEDIA: FK.MediaOrganization,
}
PLACE_CLASSES: dict[PlaceLevel, URIRef] = {
    PlaceLevel.COUNTRY: FK.Country,
    PlaceLevel.PROVINCE: FK.Province,
    PlaceLevel.CITY: FK.City,
    PlaceLevel.DISTRICT: FK.District,
    PlaceLevel.TOWN: FK.Town,
    PlaceLevel.COMMUNITY: FK.Community,
    PlaceLevel.VILLAGE: FK.Village,
    PlaceLevel.NATURAL_VILLAGE: FK.NaturalVillage,
    PlaceLevel.COMPOUND: FK.ResidentialCompound,
    PlaceLevel.SITE: FK.Site,
    PlaceLevel.AREA: FK.Area,
}
# Properties whose values change from run to run; left out of the content digest.
VOLATILE = (PROV.startedAtTime, PROV.endedAtTime)


class GraphCurator(Protocol):
    """Anything that edits an article graph after it is built (``kg.curation.Curation``)."""

    def apply(self, article: URIRef, graph: Graph) -> Graph:
        """Return the curated graph of ``article``."""


def new_graph(identifier: URIRef | None = None) -> Graph:
    """A Graph with the project's prefixes bound."""
    g = Graph(identifier=identifier)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def entity_classes(entity: Entity) -> list[URIRef]:
    """The contract class of ``entity`` and its finest subclass, when it has one."""
    classes = [CONTRACT_CLASSES[entity.type.value]]
    if entity.type is EntityType.ORGANIZATION and entity.org_kind in ORG_CLASSES:
        classes.append(ORG_CLASSES[entity.org_kind])
    elif entity.type is EntityType.PLACE and entity.level in PLACE_CLASSES:
        classes.append(PLACE_CLASSES[entity.level])
    return classes


def decimal_literal(value: float) -> Literal:
    """``value`` as an xsd:decimal in its canonical form (what a store gives back: no trailing zeros, one
    fractional digit at least), so a graph read back from a store equals the one built."""
    text = format(Decimal(str(value)), "f")
    text = text.rstrip("0") if "." in text else text + ".0"
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


def pinyin(text: str) -> str:
    """Toneless pinyin, syllables separated by spaces (``chen yan ling``); used for search."""
    return " ".join(p.strip() for p in lazy_pinyin(text) if p.strip())


def date_literal(date: PartialDate) -> Literal | None:
    """A partial date as the XSD type matching its precision (date, gYearMonth, gMonthDay, gYear)."""
    iso = date.iso()
    if not iso:
        return None
    if date.year and date.month and date.day:
        return Literal(iso, datatype=XSD.date)
    if date.year and date.month:
        return Literal(iso, datatype=XSD.gYearMonth)
    if date.month and date.day:
        return Literal(iso, datatype=XSD.gMonthDay)
    return Literal(iso, datatype=XSD.gYear)


def confidence_literal(value: float) -> Literal:
    """A confidence in [0, 1] as an ``xsd:decimal`` with three places (readable and stable)."""
    # Always with a point ("1.0"): that is how Turtle writes decimals, so files round-trip.
    text = f"{value:.3f}".rstrip("0")
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


def datetime_literal(moment: datetime) -> Literal:
    """An ``xsd:dateTime`` in UTC, seconds precision, ``Z`` suffix (canonical, store round-trips it)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return Literal(moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z", datatype=XSD.dateTime)


def graph_digest(graph: Graph) -> str:
    """SHA-256 over the sorted N-Triples of ``graph`` minus run times: equal digests, equal content."""
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph if p not in VOLATILE)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@dataclass
class _FactGroup:
    """Facts of one article stating the same triple, merged: best confidence, every evidence."""

    subject: URIRef
    predicate: Predicate
    object: Node
    facts: list[Fact] = field(default_factory=list)


class TripleSet:
    """An insertion-ordered set of triples: what the builder adds to when no rdflib ``Graph`` is wanted.

    Building an rdflib ``Graph`` (three indexes per triple, contexts) costs more than the extraction
    itself; ``kg.rdf.nquads`` builds into this instead and writes N-Quads straight from it.
    """

    __slots__ = ("_triples",)

    def __init__(self) -> None:
        self._triples: dict[tuple[Node, Node, Node], None] = {}

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self._triples[triple] = None

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


class _Builder:
    def __init__(self, extraction: Extraction, *, base: str, run_time: datetime | None,
                 software_version: str, sink: Graph | TripleSet | None = None):
        self.ex = extraction
        self.base = base
        self.ids = IdentityResolver(extraction, base=base)
        self.article = self.ids.article
        self.run_time = run_time
        self.software_version = software_version
        self.g: Graph | TripleSet = new_graph(self.article) if sink is None else sink
        self.activity = URIRef(f"{self.article}/extraction")

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        if o is not None:
            self.g.add((s, p, o))  # type: ignore[arg-type]

    def local(self, kind: str, *parts: object) -> URIRef:
        """An IRI under the article's own namespace for a node that belongs to the article."""
        return URIRef(f"{self.article}/{kind}/{digest('|'.join(map(str, parts)))}")

    # ------------------------------------------------------------------ article
    def build_article(self) -> None:
        a, art = self.article, self.ex.article
        self.add(a, RDF.type, FK.Article)
        self.add(a, RDF.type, SDO.NewsArticle)
        self.add(a, SDO.identifier, Literal(art.id))
        if art.title:
            self.add(a, SDO.headline, Literal(art.title, lang=ZH))
        if art.source.startswith(("http://", "https://")):
            self.add(a, SDO.url, URIRef(quote(art.source, safe=":/?#[]@!$&'()*+,;=%~")))
        else:
            self.add(a, FK.sourcePath, Literal(art.source))
            if art.metadata.get("root"):
                self.add(a, FK.sourceRoot, Literal(str(art.metadata["root"])))
        if art.site:
            self.add(a, FK.siteName, Literal(art.site, lang=ZH))
        if art.published:
            self.add(a, SDO.datePublished, Literal(art.published.isoformat(), datatype=XSD.date))
        if art.sha256:
            self.add(a, FK.sha256, Literal(art.sha256))
        if art.encoding:
            self.add(a, FK.encoding, Literal(art.encoding))
        self.add(a, SDO.inLanguage, Literal("zh"))
        # the repaired Simplified text that every fk:start/fk:end offset points into: the article page
        # shows it with its entities marked, and a reader can check each evidence span against it
        self.add(a, SDO.articleBody, Literal(art.text, lang=ZH))
        if art.is_traditional:
            self.add(a, FK.sourceScript, Literal("Hant"))
        for i, credit in enumerate(art.credits):
            node = URIRef(f"{a}/credit/{i}")
            self.add(a, FK.credit, node)
            self.add(node, RDF.type, FK.Credit)
            self.add(node, FK.creditRole, Literal(credit.role.value))
            self.add(node, FK.creditedName, Literal(credit.name, lang=ZH))
            self.add(node, FK.creditTitle, Literal(credit.title, lang=ZH))
            self.add(node, FK.start, Literal(credit.start))
            self.add(node, FK.end, Literal(credit.end))
        for i, flag in enumerate(art.flags):
            node = URIRef(f"{a}/flag/{i}")
            self.add(a, FK.readingFlag, node)
            self.add(node, RDF.type, FK.ReadingFlag)
            self.add(node, FK.flagKind, Literal(flag.kind))
            self.add(node, FK.message, Literal(flag.message))
            if flag.start >= 0:
                self.add(node, FK.originalStart, Literal(flag.start))
                self.add(node, FK.originalEnd, Literal(flag.end))
        # The extraction run: which software produced this graph from which article, and when.
        run = self.activity
        agent = URIRef(f"{self.base}agent/frontline-kg/{quote(self.software_version, safe='')}")
        self.add(run, RDF.type, PROV.Activity)
        self.add(run, RDF.type, FK.ExtractionRun)
        self.add(run, PROV.used, a)
        self.add(run, PROV.wasAssociatedWith, agent)
        self.add(run, FK.softwareVersion, Literal(self.software_version))
        if self.run_time is not None:
            self.add(run, PROV.endedAtTime, datetime_literal(self.run_time))
        self.add(agent, RDF.type, PROV.SoftwareAgent)
        self.add(agent, FK.softwareVersion, Literal(self.software_version))

    # ------------------------------------------------------------------ entities
    def build_entity(self, entity: Entity) -> URIRef:
        ident = self.ids.identity(entity.key)
        node = ident.iri
        for cls in entity_classes(entity):
            self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, Literal(entity.name, lang=ZH))
        for alias in dict.fromkeys(entity.aliases):
            if alias != entity.name:
                self.add(node, SKOS.altLabel, Literal(alias, lang=ZH))
        for i, trad in enumerate(dict.fromkeys(entity.traditional)):
            self.add(node, RDFS.label if i == 0 else SKOS.altLabel, Literal(trad, lang=ZH_HANT))
        self.add(node, RDFS.label, Literal(pinyin(entity.name), lang=PINYIN))
        # the English layer (kg.rdf.english: tables and pinyin, never machine translation)
        english = english_label(entity)
        if english:
            self.add(node, RDFS.label, Literal(english, lang=EN))
        if entity.type is EntityType.PERSON and english:
            self.add(node, SKOS.altLabel, Literal(person_name(entity.name, tones=True), lang=PINYIN))
        self.add(node, FK.identityBasis, Literal(ident.basis))
        self.add(node, FK.identityKey, Literal(ident.key))
        self.add(self.article, SDO.mentions, node)
        if entity.type is EntityType.PLACE:
            if entity.level is not None:
                self.add(node, FK.placeLevel, Literal(entity.level.value))
            if entity.admin_code:
                self.add(node, FK.adminCode, Literal(entity.admin_code))
                point = code_point(entity.admin_code)     # kg.geo: the division table of the cpca package
                if point is not None:
                    self.add(node, SDO.latitude, decimal_literal(point.lat))
                    self.add(node, SDO.longitude, decimal_literal(point.lon))
                    self.add(node, FK.approximateLocation, Literal(point.approximate))
            path = self.ids.place_path(entity)
            if len(path) > 1:
                self.add(node, FK.path, Literal("/".join(path), lang=ZH))
        elif entity.type is EntityType.ORGANIZATION:
            if entity.org_kind is not None:
                self.add(node, FK.orgKind, Literal(entity.org_kind.value))
            if entity.qualifier:
                qualifier = self._qualifier_name(entity.qualifier)
                self.add(node, FK.qualifier, Literal(qualifier, lang=ZH))
                if is_relative_org_name(entity.name):
                    # 区委组织部 of 西湖区 is also known as 西湖区委组织部: searchable, as gold files name it.
                    self.add(node, SKOS.altLabel, Literal(qualified_name(entity.name, qualifier), lang=ZH))
            if entity.parent and entity.parent in self.ids.entities and entity.parent != entity.key:
                self.add(node, ORG.subOrganizationOf, self.ids.iri(entity.parent))
        return node

    def _qualifier_name(self, qualifier: str) -> str:
        entity = self.ids.entities.get(qualifier)
        return entity.name if entity is not None else qualifier

    # ------------------------------------------------------------------ facts
    def _end(self, key: str, role: str, fact: Fact) -> URIRef:
        if key == ARTICLE or key in self.ids.entities:
            return self.ids.iri(key)
        raise GraphBuildError(
            f"article {self.ex.article.id!r}: the {role} of fact {fact.predicate.value} is {key!r}, "
            f"expected an entity key of the extraction or {ARTICLE!r}")

    def group_facts(self) -> list[_FactGroup]:
        groups: dict[tuple[URIRef, Predicate, Node], _FactGroup] = {}
        for fact in self.ex.facts:
            s = self._end(fact.subject, "subject", fact)
            o: Node = (Literal(fact.object, lang=ZH) if fact.predicate is Predicate.JOB_TITLE
                       else self._end(fact.object, "object", fact))
            groups.setdefault((s, fact.predicate, o), _FactGroup(s, fact.predicate, o)).facts.append(fact)
        return list(groups.values())

    def evidence(self, ev: Evidence) -> URIRef:
        node = URIRef(f"{self.article}/evidence/{ev.start}-{ev.end}")
        if (node, RDF.type, FK.Evidence) not in self.g:
            self.add(node, RDF.type, FK.Evidence)
            self.add(node, RDF.type, PROV.Entity)
            self.add(node, FK.text, Literal(ev.text, lang=ZH))
            self.add(node, FK.start, Literal(ev.start))
            self.add(node, FK.end, Literal(ev.end))
            self.add(node, FK.originalStart, Literal(ev.orig_start))
            self.add(node, FK.originalEnd, Literal(ev.orig_end))
            self.add(node, PROV.wasQuotedFrom, self.article)
        return node

    def build_fact(self, group: _FactGroup) -> None:
        s, o = group.subject, group.object
        prop = CONTRACT_PREDICATES[group.predicate.value]
        self.add(s, prop, o)
        confidence = max(f.confidence for f in group.facts)
        stmt = self.local("fact", s, prop, o.n3())
        self.add(stmt, RDF.type, FK.Statement)
        self.add(stmt, RDF.type, PROV.Entity)
        self.add(stmt, RDF.subject, s)
        self.add(stmt, RDF.predicate, prop)
        self.add(stmt, RDF.object, o)
        self.add(stmt, FK.confidence, confidence_literal(confidence))
        self.add(stmt, PROV.wasGeneratedBy, self.activity)
        evidence = [self.evidence(f.evidence) for f in group.facts if f.evidence is not None]
        for ev in evidence:
            self.add(stmt, FK.evidence, ev)
        for f in group.facts:
            if f.evidence is not None and f.evidence.trigger:
                self.add(stmt, FK.trigger, Literal(f.evidence.trigger, lang=ZH))
            if f.derived:
                self.add(stmt, FK.derivation, Literal(f.derived))
            if f.rule:
                self.add(stmt, FK.rule, Literal(f.rule))
        date = next((f.date for f in group.facts if f.date is not None), None)
        if date is not None:
            self.add(stmt, FK.date, date_literal(date))
            if date.text:
                self.add(stmt, FK.dateText, Literal(date.text, lang=ZH))
        if group.predicate is Predicate.DEPLOYED_TO:
            self.deployment(group, stmt, evidence, confidence, date)
        elif group.predicate is Predicate.MEMBER_OF:
            node = self.local("membership", s, o)
            self.add(node, RDF.type, ORG.Membership)
            self.add(node, ORG.member, s)
            self.add(node, ORG.organization, o)
            self.add(node, FK.statement, stmt)
            for ev in evidence:
                self.add(node, FK.evidence, ev)

    def deployment(self, group: _FactGroup, stmt: URIRef, evidence: list[URIRef], confidence: float,
                   date: PartialDate | None) -> None:
        node = self.local("deployment", group.subject, group.object)
        self.add(node, RDF.type, FK.Deployment)
        self.add(node, FK.agent, group.subject)
        self.add(node, FK.place, group.object)
        self.add(node, FK.statement, stmt)
        self.add(node, FK.confidence, confidence_literal(confidence))
        for ev in evidence:
            self.add(node, FK.evidence, ev)
        for f in group.facts:
            if f.origin and f.origin in self.ids.entities:
                self.add(node, FK.originUnit, self.ids.iri(f.origin))
            if f.role:
                self.add(node, FK.role, Literal(f.role, lang=ZH))
        if date is not None and date.iso():
            self.add(node, FK.date, date_literal(date))
            self.add(node, TIME.hasTime, self.instant(node, date))

    def instant(self, owner: URIRef, date: PartialDate) -> URIRef:
        """An OWL-Time instant for a (partial) date."""
        node = URIRef(f"{owner}/time")
        self.add(node, RDF.type, TIME.Instant)
        lit = date_literal(date)
        if date.year and date.month and date.day:
            self.add(node, TIME.inXSDDate, lit)
        elif date.year and date.month:
            self.add(node, TIME.inXSDgYearMonth, lit)
        elif date.year and not date.month:
            self.add(node, TIME.inXSDgYear, lit)
        else:  # month and day without a year: a date-time description
            desc = URIRef(f"{owner}/time/description")
            self.add(node, TIME.inDateTime, desc)
            self.add(desc, RDF.type, TIME.DateTimeDescription)
            self.add(desc, TIME.unitType, TIME.unitDay)
            if date.month:
                self.add(desc, TIME.month, Literal(f"--{date.month:02d}", datatype=XSD.gMonth))
            if date.day:
                self.add(desc, TIME.day, Literal(f"---{date.day:02d}", datatype=XSD.gDay))
        return node

    def posts(self) -> None:
        """``org:Post`` for each job title; placed in the unit when the person has exactly one."""
        units: dict[URIRef, list[URIRef]] = {}
        titles: dict[URIRef, list[Literal]] = {}
        for f in self.ex.facts:
            if f.predicate is Predicate.MEMBER_OF and f.object in self.ids.entities:
                units.setdefault(self.ids.iri(f.subject), []).append(self.ids.iri(f.object))
            elif f.predicate is Predicate.JOB_TITLE and f.subject in self.ids.entities:
                titles.setdefault(self.ids.iri(f.subject), []).append(Literal(f.object, lang=ZH))
        for person, lits in titles.items():
            unit_set = sorted(set(units.get(person, [])))
            unit = unit_set[0] if len(unit_set) == 1 else None
            for title in dict.fromkeys(lits):
                role = URIRef(f"{self.base}role/{slug(str(title))}-{digest(str(title))}")
                self.add(role, RDF.type, ORG.Role)
                self.add(role, SKOS.prefLabel, title)
                self.add(role, SKOS.prefLabel, Literal(post_title(str(title)), lang=EN))
                post = self.local("post", person, title, unit or "")
                self.add(post, RDF.type, ORG.Post)
                self.add(post, ORG.heldBy, person)
                self.add(post, ORG.role, role)
                self.add(post, FK.title, title)
                self.add(person, ORG.holds, post)
                if unit is not None:
                    self.add(post, ORG.postIn, unit)
                    self.add(self.local("membership", person, unit), ORG.role, role)

    def build(self) -> Graph | TripleSet:
        self.build_article()
        for entity in self.ex.entities:
            self.build_entity(entity)
        for group in self.group_facts():
            self.build_fact(group)
        self.posts()
        return self.g


def article_triples(extraction: Extraction, *, base: str = DEFAULT_BASE, run_time: datetime | None = None,
                    software_version: str = __version__) -> tuple[URIRef, TripleSet]:
    """The triples ``article_graph`` builds (without curation), in a light :class:`TripleSet`."""
    builder = _Builder(extraction, base=base, run_time=run_time, software_version=software_version,
                       sink=TripleSet())
    builder.build()
    return builder.article, builder.g  # type: ignore[return-value]


def article_graph(extraction: Extraction, *, base: str = DEFAULT_BASE, run_time: datetime | None = None,
                  software_version: str = __version__,
                  curation: GraphCurator | None = None) -> tuple[URIRef, Graph]:
    """The article's IRI (= its named graph's name) and its graph.

    ``run_time`` is recorded as the end of the extraction run when given; leave
    it ``None`` for byte-identical output (golden tests). ``curation`` edits
    the graph after it is built (merge, split, rename, reject).
    """
    builder = _Builder(extraction, base=base, run_time=run_time, software_version=software_version)
    graph = builder.build()
    assert isinstance(graph, Graph)
    if curation is not None:
        graph = curation.apply(builder.article, graph)
    return builder.article, graph


# ----------------------------------------------------------------------------- shared triples

# The one named graph holding the triples about things many articles speak of: entities (types, labels,
# identity, place level and code, the place hierarchy and the other direct facts between entities),
# roles and the software agent. Each triple is stored once, however many articles state it; every
# article lists the keys of the shared triples it contributes (``fk:sharedTriple``), so removing or
# replacing an article removes exactly the shared triples no other article still lists.
SHARED_GRAPH = URIRef("https://w3id.org/frontline-kg/graph/shared")


def triple_key(triple: tuple[Node, Node, Node]) -> str:
    """SHA-1 (hex) of the triple written as N-Triples terms, ``<s> <p> <o>`` (no final `` .``).

    Language tags are lower-cased (stores normalise them, RDF 1.1 allows it), so the key of a triple
    read back from a store equals the key of the triple as built. For IRI objects, SPARQL computes
    the same key: ``SHA1(CONCAT("<", STR(?s), "> <", STR(?p), "> <", STR(?o), ">"))``.
    """
    s, p, o = triple
    if isinstance(o, Literal) and o.language:
        o = Literal(str(o), lang=o.language.lower())
    return hashlib.sha1(f"{s.n3()} {p.n3()} {o.n3()}".encode()).hexdigest()


def is_article_local(node: Node, article: URIRef) -> bool:
    """The article node itself, or a node minted under it (its statements, evidence, events, run …)."""
    text = str(node)
    return text == str(article) or text.startswith(f"{article}/")


@dataclass(frozen=True)
class ArticleParts:
    """An article graph split for a store: what only it says, and what it contributes to the shared graph.

    ``local`` also lists the key of every shared triple (``<article> fk:sharedTriple "key"``).
    """

    iri: URIRef
    local: Graph
    shared: Graph

    @property
    def keys(self) -> dict[str, tuple[Node, Node, Node]]:
        return {triple_key(t): t for t in self.shared}


def split_article(iri: URIRef, graph: Graph) -> ArticleParts:
    """Split a built article graph: triples about article-local nodes stay, the others are shared."""
    local, shared = new_graph(iri), new_graph(SHARED_GRAPH)
    for triple in graph:
        (local if is_article_local(triple[0], iri) else shared).add(triple)
    for triple in shared:
        local.add((iri, FK.sharedTriple, Literal(triple_key(triple))))
    return ArticleParts(iri, local, shared)


def to_dataset(extractions: Iterable[Extraction], *, base: str = DEFAULT_BASE,
               run_time: datetime | None = None, curation: GraphCurator | None = None) -> Dataset:
    """A Dataset with one named graph per article plus the shared graph (``SHARED_GRAPH``).

    Its default graph is the union of them; a triple several articles state is held once, in the
    shared graph. The same article given twice: the later build wins.
    """
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    parts: dict[URIRef, ArticleParts] = {}
    for extraction in extractions:
        iri, graph = article_graph(extraction, base=base, run_time=run_time, curation=curation)
        parts[iri] = split_article(iri, graph)
    shared = ds.graph(SHARED_GRAPH) if any(len(p.shared) for p in parts.values()) else None
    for iri, part in parts.items():
        target = ds.graph(iri)
        for triple in part.local:
            target.add(triple)
        if shared is not None:
            for triple in part.shared:
                shared.add(triple)
    return ds
