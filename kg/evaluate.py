"""Evaluation: score an RDF graph against a hand-annotated gold file.

The gold format is documented in ``docs/gold-format.md``. The rules are the
ones of the project's reference scorer, so that both give the same numbers:

* **Names** are compared after :func:`fold` (NFKC, Traditional -> Simplified
  with OpenCC ``t2s``, whitespace and quote marks removed). A graph node
  *stands for* a gold entity when one of its labels (``rdfs:label``,
  ``skos:prefLabel``, ``skos:altLabel``, ``schema:name``, ``foaf:name``)
  folds to one of the entity's names.
* **Classes and properties** count through the ``rdfs:subClassOf`` /
  ``rdfs:subPropertyOf`` closure of the schema (the graph itself plus the
  ontology files), so finer terms count as the contract term they specialise.
* **Entities**: each node typed with a contract class is matched to the first
  gold entity of that class it stands for; a gold entity matched by several
  nodes counts once and the extra nodes are duplicates (false positives);
  unmatched nodes whose label is an ``allowed`` name are ignored.
* **Relations**: a gold relation is found when a triple of its property links
  a node standing for its subject to a node standing for its object (an
  object list means any one of them; ``ARTICLE`` means a node typed
  ``fk:Article``/``schema:NewsArticle``). ``containedIn`` is found through
  chains of triples (transitive); ``jobTitle`` is found when the gold title is
  a substring of the literal. A triple between two gold-known nodes that is
  neither a gold relation nor ``also_true`` is a false positive; triples
  touching anything else are not judged. A ``jobTitle`` triple is judged only
  for subjects the gold gives a title.

The stage is pure: :func:`parse_gold` and :func:`evaluate` take data and
graphs, and do no I/O; loading files is done by the ``load_*`` helpers that
the CLI calls.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import EvaluationError
from kg.vocab import CONTRACT_CLASSES, CONTRACT_PREDICATES, FK, FOAF, RDF, RDFS, SDO, SKOS

ENTITY_TYPES: tuple[str, ...] = ("Person", "Organization", "Place")
ARTICLE_REF = "ARTICLE"
ARTICLE_CLASSES: tuple[URIRef, ...] = (FK.Article, SDO.NewsArticle)
LABEL_PROPERTIES: tuple[URIRef, ...] = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SDO.name, FOAF.name)
TRANSITIVE: frozenset[str] = frozenset({"containedIn"})
LITERAL_OBJECT: frozenset[str] = frozenset({"jobTitle"})

# Graph file types by suffix; ``.json`` is JSON-LD here (as in the reference scorer).
RDF_FORMATS: dict[str, str] = {
    ".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt",
    ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml", ".owl": "xml",
}

_QUOTES_AND_SPACE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉]")


# --------------------------------------------------------------------------- names


@cache
def _t2s() -> Callable[[str], str]:
    """OpenCC's Traditional -> Simplified converter (``t2s``, as the reference scorer uses), built once."""
    import opencc

    return opencc.OpenCC("t2s").convert


def fold(text: object) -> str:
    """The comparison form of a name: NFKC, Simplified, without whitespace and quote marks."""
    normal = unicodedata.normalize("NFKC", str(text))
    return _QUOTES_AND_SPACE.sub("", _t2s()(normal))


# --------------------------------------------------------------------------- gold records


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """An entity the annotator expects: an id, a contract type and its names (Simplified)."""

    id: str
    type: str
    names: tuple[str, ...]

    @property
    def label(self) -> str:
        """The name used in reports (the first one)."""
        return self.names[0]


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """A relation of the gold file. ``subjects``/``objects`` are alternatives (entity ids or ``ARTICLE``);
    for ``jobTitle`` the objects are the accepted titles."""

    subjects: tuple[str, ...]
    predicate: str
    objects: tuple[str, ...]
    evidence: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Gold:
    """A parsed gold file."""

    article: str | None
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]
    also_true: tuple[GoldRelation, ...] = ()
    allowed: Mapping[str, frozenset[str]] = field(default_factory=dict)  # type -> folded names
    home_district: str | None = None
    source: str = "<gold>"

    def entity(self, entity_id: str) -> GoldEntity:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)


def _where(source: str, path: str) -> str:
    return f"{source}: {path}"


def _names(value: Any, source: str, path: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(n, str) and n.strip() for n in value):
        raise EvaluationError(f"{_where(source, path)}: expected a non-empty list of non-empty strings, "
                              f"found {value!r}")
    return tuple(value)


def _refs(value: Any, source: str, path: str, known: set[str], *, literal: bool = False) -> tuple[str, ...]:
    refs = value if isinstance(value, list) else [value]
    if not refs or not all(isinstance(r, str) and r for r in refs):
        raise EvaluationError(f"{_where(source, path)}: expected an entity id, {ARTICLE_REF!r} or a list "
                              f"of them, found {value!r}")
    if not literal:
        unknown = [r for r in refs if r != ARTICLE_REF and r not in known]
        if unknown:
            listed = ", ".join(map(repr, unknown))
            raise EvaluationError(f"{_where(source, path)}: unknown entity id(s) {listed}; "
                                  f"ids must be declared under 'entities'")
    return tuple(refs)


def _relation(raw: Any, source: str, path: str, known: set[str]) -> GoldRelation:
    if not isinstance(raw, dict):
        raise EvaluationError(f"{_where(source, path)}: expected an object with 's', 'p', 'o', found {raw!r}")
    missing = [k for k in ("s", "p", "o") if k not in raw]
    if missing:
        raise EvaluationError(f"{_where(source, path)}: missing key(s) {', '.join(missing)}")
    pred = raw["p"]
    if pred not in CONTRACT_PREDICATES:
        raise EvaluationError(f"{_where(source, path)}.p: unknown relation {pred!r}; expected one of "
                              f"{', '.join(CONTRACT_PREDICATES)}")
    evidence, note = raw.get("evidence"), raw.get("note")
    for key, val in (("evidence", evidence), ("note", note)):
        if val is not None and not isinstance(val, str):
            raise EvaluationError(f"{_where(source, path)}.{key}: expected a string, found {val!r}")
    return GoldRelation(
        subjects=_refs(raw["s"], source, f"{path}.s", known),
        predicate=pred,
        objects=_refs(raw["o"], source, f"{path}.o", known, literal=pred in LITERAL_OBJECT),
        evidence=evidence,
        note=note,
    )


def parse_gold(data: Any, *, source: str = "<gold>") -> Gold:
    """Check a decoded gold file and turn it into a :class:`Gold`; raise :class:`EvaluationError` saying
    what was expected and what was found."""
    if not isinstance(data, dict):
        raise EvaluationError(f"{source}: expected a JSON object at the top level, "
                              f"found {type(data).__name__}")
    for key in ("entities", "relations"):
        if key not in data:
            raise EvaluationError(f"{source}: missing required key {key!r}")
        if not isinstance(data[key], list):
            raise EvaluationError(f"{source}: {key!r} must be a list, found {type(data[key]).__name__}")
    entities: list[GoldEntity] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["entities"]):
        path = f"entities[{i}]"
        if not isinstance(raw, dict):
            raise EvaluationError(f"{_where(source, path)}: expected an object with 'id', 'type', 'names', "
                                  f"found {raw!r}")
        missing = [k for k in ("id", "type", "names") if k not in raw]
        if missing:
            raise EvaluationError(f"{_where(source, path)}: missing key(s) {', '.join(missing)}")
        eid, etype = raw["id"], raw["type"]
        if not isinstance(eid, str) or not eid or eid == ARTICLE_REF:
            raise EvaluationError(f"{_where(source, path)}.id: expected a non-empty string other than "
                                  f"{ARTICLE_REF!r}, found {eid!r}")
        if eid in seen:
            raise EvaluationError(f"{_where(source, path)}.id: duplicate entity id {eid!r}")
        if etype not in ENTITY_TYPES:
            raise EvaluationError(f"{_where(source, path)}.type: expected one of {', '.join(ENTITY_TYPES)}, "
                                  f"found {etype!r}")
        seen.add(eid)
        entities.append(GoldEntity(eid, etype, _names(raw["names"], source, f"{path}.names")))
    relations = tuple(_relation(r, source, f"relations[{i}]", seen) for i, r in enumerate(data["relations"]))
    also = data.get("also_true", [])
    if not isinstance(also, list):
        raise EvaluationError(f"{source}: 'also_true' must be a list, found {type(also).__name__}")
    also_true = tuple(_relation(r, source, f"also_true[{i}]", seen) for i, r in enumerate(also))
    allowed_raw = data.get("allowed", {})
    if not isinstance(allowed_raw, dict):
        raise EvaluationError(f"{source}: 'allowed' must be an object of type -> names, "
                              f"found {type(allowed_raw).__name__}")
    allowed: dict[str, frozenset[str]] = {}
    for etype, names in allowed_raw.items():
        if etype not in ENTITY_TYPES:
            raise EvaluationError(f"{source}: allowed.{etype}: expected a type among "
                                  f"{', '.join(ENTITY_TYPES)}")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise EvaluationError(f"{source}: allowed.{etype}: expected a list of strings, found {names!r}")
        allowed[etype] = frozenset(fold(n) for n in names)
    article, home = data.get("article"), data.get("home_district")
    for key, val in (("article", article), ("home_district", home)):
        if val is not None and not isinstance(val, str):
            raise EvaluationError(f"{source}: {key!r} must be a string, found {val!r}")
    return Gold(article=article, entities=tuple(entities), relations=relations, also_true=also_true,
                allowed=allowed, home_district=home, source=source)


# --------------------------------------------------------------------------- report records


@dataclass(frozen=True, slots=True)
class Score:
    """True positives, false positives and false negatives, with precision, recall and F1 from them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


def total(scores: Iterable[Score]) -> Score:
    """Micro total: the sums of the counts."""
    out = Score(0, 0, 0)
    for s in scores:
        out = out + s
    return out


@dataclass(frozen=True, slots=True)
class EntityTypeReport:
    """Scores of one entity type, with what was missed and what was extracted wrongly."""

    type: str
    score: Score
    missed: tuple[str, ...] = ()        # first name of each gold entity not found
    spurious: tuple[str, ...] = ()      # labels of nodes matching no gold entity (``a / b``)
    duplicates: tuple[str, ...] = ()    # gold entities matched by more than one node

    def to_dict(self) -> dict[str, Any]:
        return {**self.score.to_dict(), "missed": list(self.missed), "spurious": list(self.spurious),
                "duplicates": list(self.duplicates)}


@dataclass(frozen=True, slots=True)
class RelationReport:
    """Scores of one relation, with the gold relations missed and the wrong triples."""

    predicate: str
    score: Score
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {**self.score.to_dict(), "missed": list(self.missed), "spurious": list(self.spurious)}


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """The evaluation of one article: per entity type, per relation, and micro totals."""

    article: str | None
    entities: tuple[EntityTypeReport, ...]
    relations: tuple[RelationReport, ...]

    @property
    def entities_micro(self) -> Score:
        return total(r.score for r in self.entities)

    @property
    def relations_micro(self) -> Score:
        return total(r.score for r in self.relations)

    def entity(self, etype: str) -> EntityTypeReport:
        for r in self.entities:
            if r.type == etype:
                return r
        raise KeyError(etype)

    def relation(self, predicate: str) -> RelationReport:
        for r in self.relations:
            if r.predicate == predicate:
                return r
        raise KeyError(predicate)

    def to_dict(self) -> dict[str, Any]:
        """The same shape as the reference scorer's JSON for one article."""
        return {"article": self.article,
                "entities": {r.type: r.to_dict() for r in self.entities},
                "relations": {r.predicate: r.to_dict() for r in self.relations},
                "entities_micro": self.entities_micro.to_dict(),
                "relations_micro": self.relations_micro.to_dict()}


def summary(reports: Sequence[EvaluationReport]) -> dict[str, Any]:
    """All articles plus the micro totals over them (the reference scorer's ``--json`` shape)."""
    return {"articles": [r.to_dict() for r in reports],
            "entities": total(r.entities_micro for r in reports).to_dict(),
            "relations": total(r.relations_micro for r in reports).to_dict()}


# --------------------------------------------------------------------------- scoring


def subterms(schema: Graph, top: URIRef, link: URIRef) -> frozenset[Node]:
    """``top`` and everything below it along ``link`` (``rdfs:subClassOf`` or ``rdfs:subPropertyOf``)."""
    found: set[Node] = {top}
    todo: list[Node] = [top]
    while todo:
        for sub in schema.subjects(link, todo.pop()):
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return frozenset(found)


def transitive_closure(pairs: Iterable[tuple[Node, Node]]) -> set[tuple[Node, Node]]:
    """Every ``(a, c)`` reachable through one or more pairs."""
    succ: dict[Node, set[Node]] = defaultdict(set)
    for s, o in pairs:
        succ[s].add(o)
    out: set[tuple[Node, Node]] = set()
    for start in list(succ):
        seen: set[Node] = set()
        todo = [start]
        while todo:
            for nxt in succ.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        out.update((start, n) for n in seen)
    return out


class _Index:
    """What the graph says, indexed once per evaluation: folded labels, articles, which nodes stand for
    which gold entity."""

    def __init__(self, gold: Gold, graph: Graph, schema: Graph):
        self.gold, self.graph, self.schema = gold, graph, schema
        self.names = {e.id: frozenset(fold(n) for n in e.names) for e in gold.entities}
        self.labels: dict[Node, set[str]] = defaultdict(set)
        for prop in LABEL_PROPERTIES:
            for node, label in graph.subject_objects(prop):
                self.labels[node].add(fold(label))
        self.articles = frozenset(n for c in ARTICLE_CLASSES for sub in subterms(schema, c, RDFS.subClassOf)
                                  for n in graph.subjects(RDF.type, sub))
        # nodes standing for each gold entity, whatever their type
        self.standing: dict[str, frozenset[Node]] = {
            eid: frozenset(n for n, labels in self.labels.items() if labels & names)
            for eid, names in self.names.items()}
        self.gold_labelled = frozenset().union(*self.standing.values()) if self.standing else frozenset()
        self.matched: dict[Node, str] = {}   # node -> gold entity it was matched to as an entity
        self._ends: dict[tuple[str, ...], frozenset[Node]] = {}

    def typed(self, etype: str) -> list[Node]:
        classes = subterms(self.schema, CONTRACT_CLASSES[etype], RDFS.subClassOf)
        return sorted({n for c in classes for n in self.graph.subjects(RDF.type, c)}, key=str)

    def ends(self, refs: tuple[str, ...]) -> frozenset[Node]:
        """Nodes standing for any of ``refs``; cached, since false-positive checks ask once per triple."""
        cached = self._ends.get(refs)
        if cached is None:
            nodes: set[Node] = set()
            for ref in refs:
                nodes |= self.articles if ref == ARTICLE_REF else self.standing[ref]
            cached = self._ends[refs] = frozenset(nodes)
        return cached

    def known(self, node: Node) -> bool:
        return node in self.articles or node in self.matched or node in self.gold_labelled

    def name_of(self, node: Node) -> str:
        if isinstance(node, Literal):
            return str(node)
        if node in self.articles:
            return ARTICLE_REF
        return "/".join(sorted(self.labels.get(node, ()))) or str(node)

    def describe(self, rel: GoldRelation) -> str:
        def show(refs: Sequence[str], literal: bool) -> str:
            if literal:
                return "|".join(refs)
            return "|".join(ARTICLE_REF if r == ARTICLE_REF else self.gold.entity(r).label for r in refs)

        return (f"{show(rel.subjects, False)} {rel.predicate} "
                f"{show(rel.objects, rel.predicate in LITERAL_OBJECT)}")


def _holds(index: _Index, rel: GoldRelation, pairs: Iterable[tuple[Node, Node]]) -> bool:
    subjects = index.ends(rel.subjects)
    if rel.predicate in LITERAL_OBJECT:
        titles = [fold(t) for t in rel.objects]
        return any(s in subjects and isinstance(o, Literal) and any(t in fold(o) for t in titles)
                   for s, o in pairs)
    objects = index.ends(rel.objects)
    return any(s in subjects and o in objects for s, o in pairs)


def _score_entities(index: _Index) -> tuple[EntityTypeReport, ...]:
    reports = []
    for etype in ENTITY_TYPES:
        candidates = [e for e in index.gold.entities if e.type == etype]
        allowed = index.gold.allowed.get(etype, frozenset())
        found: set[str] = set()
        spurious: list[str] = []
        duplicates: list[str] = []
        for node in index.typed(etype):
            labels = index.labels.get(node, set())
            entity = next((e for e in candidates if labels & index.names[e.id]), None)
            if entity is None:
                if not labels & allowed:
                    spurious.append(" / ".join(sorted(labels)) or str(node))
                continue
            index.matched[node] = entity.id
            if entity.id in found:
                duplicates.append(entity.label)
            found.add(entity.id)
        score = Score(tp=len(found), fp=len(spurious) + len(duplicates), fn=len(candidates) - len(found))
        reports.append(EntityTypeReport(
            type=etype, score=score,
            missed=tuple(e.label for e in candidates if e.id not in found),
            spurious=tuple(spurious), duplicates=tuple(duplicates)))
    return tuple(reports)


def _judged(index: _Index, s: Node, o: Node, predicate: str) -> bool:
    """Only triples whose two ends are known to the gold are judged; a title only for a subject that the
    gold gives a title."""
    if not index.known(s):
        return False
    if predicate in LITERAL_OBJECT:
        return any(r.predicate == predicate and s in index.ends(r.subjects) for r in index.gold.relations)
    return index.known(o)


def _score_relations(index: _Index) -> tuple[RelationReport, ...]:
    gold_by_pred: dict[str, list[GoldRelation]] = defaultdict(list)
    for rel in index.gold.relations:
        gold_by_pred[rel.predicate].append(rel)
    true_by_pred: dict[str, list[GoldRelation]] = defaultdict(list)
    for rel in (*index.gold.relations, *index.gold.also_true):
        true_by_pred[rel.predicate].append(rel)
    reports = []
    for predicate, rels in gold_by_pred.items():     # in the order the gold file first uses them
        props = subterms(index.schema, CONTRACT_PREDICATES[predicate], RDFS.subPropertyOf)
        pairs = {(s, o) for p in props for s, o in index.graph.subject_objects(p)}
        reach = transitive_closure(pairs) if predicate in TRANSITIVE else pairs
        missed = [index.describe(r) for r in rels if not _holds(index, r, reach)]
        # A predicted triple is wrong when it is judged and no true relation holds on that single triple
        # (not through a chain: a direct triple that skips a level must be listed in also_true).
        spurious = [f"{index.name_of(s)} {predicate} {index.name_of(o)}"
                    for s, o in sorted(pairs, key=str)
                    if _judged(index, s, o, predicate)
                    and not any(_holds(index, r, ((s, o),)) for r in true_by_pred[predicate])]
        score = Score(tp=len(rels) - len(missed), fp=len(spurious), fn=len(missed))
        reports.append(RelationReport(predicate, score, tuple(missed), tuple(spurious)))
    return tuple(reports)


def evaluate(gold: Mapping[str, Any] | Gold, graph: Graph, schema: Graph) -> EvaluationReport:
    """Score ``graph`` (the extracted triples, all named graphs merged) against ``gold``.

    ``schema`` holds the ``rdfs:subClassOf``/``rdfs:subPropertyOf`` declarations to honour (normally the
    graph itself plus the ontology, see :func:`schema_graph`). A dict is parsed with :func:`parse_gold`.
    """
    parsed = gold if isinstance(gold, Gold) else parse_gold(gold)
    index = _Index(parsed, graph, schema)
    entities = _score_entities(index)      # first: relation judging uses the entity matches
    relations = _score_relations(index)
    return EvaluationReport(article=parsed.article, entities=entities, relations=relations)


# --------------------------------------------------------------------------- per-triple verdicts and rules

VERDICTS: tuple[str, ...] = ("tp", "fp", "also_true", "unjudged")


@dataclass(frozen=True, slots=True)
class TripleVerdict:
    """What the scorer makes of one predicted triple: ``tp`` (it alone states a required gold relation),
    ``fp`` (judged and not true), ``also_true`` (true but not required), ``unjudged`` (an end unknown to the
    gold, or a relation the gold does not annotate). ``rules`` are the extraction rules that proposed it
    (``fk:rule`` on its statement), ``evidence`` the sentences it was drawn from."""

    predicate: str
    subject: str
    object: str
    verdict: str
    rules: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


def statement_provenance(graph: Graph) -> dict[tuple[Node, Node, Node], tuple[set[str], set[str]]]:
    """``(s, p, o) -> (rules, evidence sentences)`` from the graph's ``fk:Statement`` reifications."""
    out: dict[tuple[Node, Node, Node], tuple[set[str], set[str]]] = {}
    for stmt in graph.subjects(RDF.type, FK.Statement):
        s, p, o = (graph.value(stmt, RDF.subject), graph.value(stmt, RDF.predicate), graph.value(stmt, RDF.object))
        if s is None or p is None or o is None:
            continue
        rules, sentences = out.setdefault((s, p, o), (set(), set()))
        rules.update(str(r) for r in graph.objects(stmt, FK.rule))
        for ev in graph.objects(stmt, FK.evidence):
            sentences.update(str(t) for t in graph.objects(ev, FK.text))
    return out


def judge_triples(gold: Mapping[str, Any] | Gold, graph: Graph, schema: Graph) -> list[TripleVerdict]:
    """Every predicted triple of a contract relation with the scorer's verdict on it and its provenance.

    The verdicts follow :func:`evaluate` exactly: a triple is ``fp`` when :func:`evaluate` counts it as a
    false positive; ``tp`` when it states a required gold relation by itself (a chain step of a transitive
    ``containedIn`` that is not itself gold is ``also_true`` when listed there, else judged as usual)."""
    parsed = gold if isinstance(gold, Gold) else parse_gold(gold)
    index = _Index(parsed, graph, schema)
    _score_entities(index)                      # fills index.matched, which judging uses
    provenance = statement_provenance(graph)
    scored = {r.predicate for r in parsed.relations}
    out: list[TripleVerdict] = []
    for predicate, top in CONTRACT_PREDICATES.items():
        props = subterms(schema, top, RDFS.subPropertyOf)
        required = [r for r in parsed.relations if r.predicate == predicate]
        optional = [r for r in parsed.also_true if r.predicate == predicate]
        pairs = {(s, o) for p in props for s, o in graph.subject_objects(p)}
        for s, o in sorted(pairs, key=str):
            if predicate not in scored or not _judged(index, s, o, predicate):
                verdict = "unjudged"
            elif any(_holds(index, r, ((s, o),)) for r in required):
                verdict = "tp"
            elif any(_holds(index, r, ((s, o),)) for r in optional):
                verdict = "also_true"
            else:
                verdict = "fp"
            rules: set[str] = set()
            sentences: set[str] = set()
            for p in props:
                found = provenance.get((s, p, o))
                if found is not None:
                    rules |= found[0]
                    sentences |= found[1]
            out.append(TripleVerdict(predicate, index.name_of(s), index.name_of(o), verdict,
                                     tuple(sorted(rules)) or ("(no rule recorded)",), tuple(sorted(sentences))))
    return out


def by_rule(verdicts: Iterable[TripleVerdict]) -> dict[str, dict[str, Any]]:
    """Per rule: how many triples it proposed with each verdict, and its precision on the judged ones
    (``tp / (tp + fp)``). A triple proposed by two rules counts for both."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(VERDICTS, 0))
    for v in verdicts:
        for rule in v.rules:
            counts[rule][v.verdict] += 1
    out: dict[str, dict[str, Any]] = {}
    for rule in sorted(counts):
        c = counts[rule]
        judged = c["tp"] + c["fp"]
        out[rule] = {**c, "precision": round(c["tp"] / judged, 3) if judged else None}
    return out


def rule_worth(verdicts: Iterable[TripleVerdict], train_precision: dict[str, float] | None = None
               ) -> dict[str, dict[str, Any]]:
    """What each rule is worth: :func:`by_rule` plus ``alone`` (true positives no other rule proposed: what
    the graph would lose without the rule) and, when given, the rule's precision on the train split."""
    verdicts = list(verdicts)
    out = by_rule(verdicts)
    alone: dict[str, int] = defaultdict(int)
    for v in verdicts:
        if v.verdict == "tp" and len(v.rules) == 1:
            alone[v.rules[0]] += 1
    for rule, row in out.items():
        row["alone"] = alone[rule]
        if train_precision is not None:
            row["train_precision"] = train_precision.get(rule)
    return out


# --------------------------------------------------------------------------- loading (edges only)


def load_gold(path: Path) -> Gold:
    """Read and parse a gold file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read the gold file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path}: a gold file must be UTF-8 JSON "
                              f"({exc.reason} at byte {exc.start})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{path}: not valid JSON: {exc.msg} "
                              f"at line {exc.lineno} column {exc.colno}") from exc
    return parse_gold(data, source=str(path))


def merge(dataset: Dataset | Graph) -> Graph:
    """All triples of a dataset (every named graph and the default graph) in one graph."""
    merged = Graph()
    for triple in (dataset.triples((None, None, None)) if not isinstance(dataset, Dataset)
                   else ((s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None)))):
        merged.add(triple)
    return merged


def load_graph(path: Path) -> Graph:
    """Read an RDF file (Turtle, TriG, N-Quads, N-Triples, JSON-LD, RDF/XML) into one merged graph."""
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise EvaluationError(f"{path}: unknown RDF file type {path.suffix!r}; expected one of "
                              f"{', '.join(sorted(RDF_FORMATS))}")
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(path, format=fmt)
    except FileNotFoundError as exc:
        raise EvaluationError(f"{path}: no such graph file") from exc
    except Exception as exc:  # rdflib raises many parser-specific types; report, never swallow
        raise EvaluationError(f"{path}: cannot parse as {fmt}: {exc}") from exc
    return merge(dataset)


def schema_graph(graph: Graph, ontology: Path | None = None) -> Graph:
    """The graph's own triples plus every Turtle file under ``ontology`` (the subclass/subproperty source)."""
    schema = Graph()
    for triple in graph:
        schema.add(triple)
    if ontology is not None:
        if not ontology.is_dir():
            raise EvaluationError(f"{ontology}: the ontology must be a folder of Turtle files")
        for ttl in sorted(ontology.rglob("*.ttl")):
            try:
                schema.parse(ttl, format="turtle")
            except Exception as exc:  # parser-specific errors; report which file
                raise EvaluationError(f"{ttl}: cannot parse the ontology file: {exc}") from exc
    return schema


def article_path(gold: Gold, gold_path: Path) -> Path:
    """The article a gold file annotates: its ``article`` field, looked up next to the gold file
    (falling back to the gold file's stem with ``.txt``)."""
    name = gold.article or gold_path.name.removesuffix(".json").removesuffix(".gold") + ".txt"
    path = gold_path.parent / name
    if not path.exists():
        raise EvaluationError(f"{gold_path}: the article {name!r} it annotates is not next to it ({path}); "
                              f"give the extracted graph with --graph instead")
    return path


__all__ = ["ARTICLE_REF", "ENTITY_TYPES", "EntityTypeReport", "EvaluationReport", "Gold", "GoldEntity",
           "GoldRelation", "RelationReport", "Score", "TripleVerdict", "VERDICTS", "article_path", "by_rule",
           "evaluate", "fold", "judge_triples", "load_gold", "load_graph", "merge", "parse_gold", "schema_graph",
           "statement_provenance", "subterms", "summary", "total", "transitive_closure"]
