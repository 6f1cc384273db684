"""Curation: a researcher's corrections, applied to every article graph on every build.

Corrections name nodes by IRI (absolute, or relative to the base:
``person/zhang-xiao-ming-1a2b3c4d5e``), and IRIs are deterministic, so the same
corrections apply again after re-extraction. The file (YAML, see
``data/curation.example.yaml``; or CSV with an ``action`` column, one rule a
row, lists separated by ``;``) has five sections:

``merge``            several nodes are one thing: ``from`` IRIs become ``into``
``split``            one node conflates several things: in the listed articles it becomes another node
``rename``           set the Simplified name (the old one stays as ``skos:altLabel``)
``reject_entities``  drop a node (by IRI or by label) with every fact touching it
``reject_facts``     drop one fact (subject, predicate, object; optionally only in one article)

Every rule may carry a ``note``; the graph records it (``fk:curationNote``)
together with ``fk:identityBasis "curated-…"``, so a merge stays explainable.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import CurationError
from kg.rdf.build import ZH, pinyin
from kg.rdf.iri import digest
from kg.settings import Settings
from kg.vocab import CONTRACT_PREDICATES, DEFAULT_BASE, FK, ORG, RDF, RDFS, SKOS

DEFAULT_CURATION = Path("data/curation.yaml")
# Nodes that only exist to qualify or justify a fact: they go when the fact or an end goes.
_QUALIFIER_CLASSES = (FK.Statement, FK.Deployment, ORG.Membership, ORG.Post)
_SECTIONS = ("merge", "split", "rename", "reject_entities", "reject_facts")


@dataclass(frozen=True)
class Merge:
    into: URIRef
    sources: tuple[URIRef, ...]
    label: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Split:
    entity: URIRef
    articles: frozenset[str]
    target: URIRef
    note: str | None = None


@dataclass(frozen=True)
class Rename:
    entity: URIRef
    label: str
    note: str | None = None


@dataclass(frozen=True)
class RejectEntity:
    entity: URIRef | None = None
    label: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class RejectFact:
    subject: URIRef
    predicate: URIRef
    object: Node
    article: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Curation:
    """A parsed curation file; ``apply`` edits one article graph."""

    merges: tuple[Merge, ...] = ()
    splits: tuple[Split, ...] = ()
    renames: tuple[Rename, ...] = ()
    reject_entities: tuple[RejectEntity, ...] = ()
    reject_facts: tuple[RejectFact, ...] = ()
    source: str = "<memory>"
    base: str = DEFAULT_BASE
    _merge_map: dict[URIRef, Merge] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for m in self.merges:
            for src in m.sources:
                if src in self._merge_map and self._merge_map[src].into != m.into:
                    raise CurationError(f"{self.source}: <{src}> is merged into two different nodes")
                self._merge_map[src] = m

    def __len__(self) -> int:
        return (len(self.merges) + len(self.splits) + len(self.renames) + len(self.reject_entities)
                + len(self.reject_facts))

    # ------------------------------------------------------------------ applying
    def apply(self, article: URIRef, graph: Graph) -> Graph:
        """The curated copy of the graph of ``article``: splits, merges, renames, then rejections."""
        g = Graph(identifier=graph.identifier)
        for prefix, ns in graph.namespaces():
            g.bind(prefix, ns, override=True)
        article_id = str(article).rsplit("/", 1)[-1]
        rewrite: dict[Node, Node] = {}
        split_notes: list[tuple[Split, URIRef]] = []
        for sp in self.splits:
            if article_id in sp.articles or str(article) in sp.articles:
                rewrite[sp.entity] = sp.target
                split_notes.append((sp, sp.target))
        merged: dict[URIRef, list[URIRef]] = {}
        for src, m in self._merge_map.items():
            # a split wins over a merge for the same node in this article
            if src not in rewrite:
                rewrite[src] = m.into
                merged.setdefault(m.into, []).append(src)
        for s, p, o in graph:
            g.add((rewrite.get(s, s), p, rewrite.get(o, o)))  # type: ignore[arg-type]
        for into, sources in merged.items():
            if not any(g.triples((into, None, None))):
                continue  # none of the merged nodes is in this article
            m = self._merge_map[sources[0]]
            for src in sources:
                g.add((into, FK.mergedFrom, src))
            self._mark(g, into, "curated-merge", m.note)
            if m.label:
                self._set_label(g, into, m.label)
            else:
                self._one_label(g, into)
        for sp, target in split_notes:
            if any(g.triples((target, None, None))):
                self._mark(g, target, "curated-split", sp.note)
        for rn in self.renames:
            if (rn.entity, RDFS.label, None) in g:
                self._set_label(g, rn.entity, rn.label)
                self._mark(g, rn.entity, None, rn.note)
        for rej in self.reject_entities:
            nodes = {rej.entity} if rej.entity else set()
            if rej.label:
                nodes |= {s for s in g.subjects(RDFS.label, Literal(rej.label, lang=ZH))}  # type: ignore[misc]
            for node in nodes:
                self._drop_node(g, node)  # type: ignore[arg-type]
        for rf in self.reject_facts:
            if rf.article is None or rf.article in (article_id, str(article)):
                self._drop_fact(g, rf.subject, rf.predicate, rf.object)
        return g

    @staticmethod
    def _mark(g: Graph, node: URIRef, basis: str | None, note: str | None) -> None:
        if basis:
            g.remove((node, FK.identityBasis, None))
            g.add((node, FK.identityBasis, Literal(basis)))
        if note:
            g.add((node, FK.curationNote, Literal(note)))

    @staticmethod
    def _set_label(g: Graph, node: URIRef, label: str) -> None:
        for old in list(g.objects(node, RDFS.label)):
            if isinstance(old, Literal) and old.language in (ZH, "zh-Latn-pinyin"):
                g.remove((node, RDFS.label, old))
                if old.language == ZH and str(old) != label:
                    g.add((node, SKOS.altLabel, old))
        g.remove((node, SKOS.altLabel, Literal(label, lang=ZH)))
        g.add((node, RDFS.label, Literal(label, lang=ZH)))
        g.add((node, RDFS.label, Literal(pinyin(label), lang="zh-Latn-pinyin")))

    @classmethod
    def _one_label(cls, g: Graph, node: URIRef) -> None:
        """After a merge without a chosen label: keep the first name (sorted), the others as altLabels."""
        names = sorted(str(o) for o in g.objects(node, RDFS.label)
                       if isinstance(o, Literal) and o.language == ZH)
        if len(names) > 1:
            cls._set_label(g, node, names[0])

    @staticmethod
    def _dependants(g: Graph, node: Node) -> set[Node]:
        """Statements, deployments, memberships and posts that point at ``node``."""
        out = set()
        for s, _p, _o in g.triples((None, None, node)):
            if any((s, RDF.type, c) in g for c in _QUALIFIER_CLASSES):
                out.add(s)
        return out

    @classmethod
    def _remove_all(cls, g: Graph, nodes: Iterable[Node]) -> None:
        for n in nodes:
            g.remove((n, None, None))
            g.remove((None, None, n))

    @classmethod
    def _drop_node(cls, g: Graph, node: URIRef) -> None:
        cls._remove_all(g, cls._dependants(g, node))
        cls._remove_all(g, [node])

    @classmethod
    def _drop_fact(cls, g: Graph, s: URIRef, p: URIRef, o: Node) -> None:
        g.remove((s, p, o))
        doomed = set()
        for st in g.subjects(RDF.subject, s):
            if (st, RDF.predicate, p) in g and (st, RDF.object, o) in g:
                doomed.add(st)
                doomed |= {q for q in g.subjects(FK.statement, st)}  # its deployment / membership
        if p == ORG.memberOf:
            for ms in g.subjects(ORG.member, s):
                if (ms, ORG.organization, o) in g:
                    doomed.add(ms)
        if p == FK.deployedTo:
            for dep in g.subjects(FK.agent, s):
                if (dep, FK.place, o) in g:
                    doomed.add(dep)
        cls._remove_all(g, doomed)


# ----------------------------------------------------------------------------- loading


def _iri(ref: Any, base: str, where: str) -> URIRef:
    if not isinstance(ref, str) or not ref.strip():
        raise CurationError(f"{where}: expected an IRI (absolute or relative to the base), found {ref!r}")
    ref = ref.strip()
    return URIRef(ref if ref.startswith(("http://", "https://", "urn:")) else base + ref.lstrip("/"))


def _predicate(ref: Any, where: str) -> URIRef:
    if isinstance(ref, str) and ref in CONTRACT_PREDICATES:
        return CONTRACT_PREDICATES[ref]
    if isinstance(ref, str) and ref.startswith(("http://", "https://")):
        return URIRef(ref)
    raise CurationError(f"{where}: predicate {ref!r} is neither a contract relation "
                        f"({', '.join(CONTRACT_PREDICATES)}) nor an absolute IRI")


def _rules(data: Mapping[str, Any], key: str, source: str) -> list[Mapping[str, Any]]:
    items = data.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise CurationError(f"{source}: section {key!r} must be a list of mappings")
    return items


def parse_curation(data: Mapping[str, Any] | None, *, base: str = DEFAULT_BASE,
                   source: str = "<memory>") -> Curation:
    """A Curation from the parsed YAML mapping; CurationError says which rule is wrong and why."""
    data = data or {}
    if not isinstance(data, Mapping):
        raise CurationError(f"{source}: expected a mapping with sections {', '.join(_SECTIONS)}")
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        raise CurationError(f"{source}: unknown sections {', '.join(sorted(unknown))}; "
                            f"expected {', '.join(_SECTIONS)}")
    merges, splits, renames, rej_e, rej_f = [], [], [], [], []
    for i, r in enumerate(_rules(data, "merge", source)):
        where = f"{source}: merge #{i + 1}"
        sources = r.get("from")
        if isinstance(sources, str):
            sources = [sources]
        if not sources:
            raise CurationError(f"{where}: 'from' must list the IRIs to merge")
        into = _iri(r.get("into"), base, where)
        froms = tuple(i for i in (_iri(s, base, where) for s in sources) if i != into)
        merges.append(Merge(into, froms, r.get("label"), r.get("note")))
    for i, r in enumerate(_rules(data, "split", source)):
        where = f"{source}: split #{i + 1}"
        entity = _iri(r.get("entity"), base, where)
        articles = r.get("articles")
        if isinstance(articles, str):
            articles = [articles]
        if not articles:
            raise CurationError(f"{where}: 'articles' must list the ids of the articles to split off")
        target = (_iri(r["as"], base, where) if r.get("as")
                  else URIRef(f"{entity}-split-{digest('|'.join(sorted(articles)), 6)}"))
        splits.append(Split(entity, frozenset(map(str, articles)), target, r.get("note")))
    for i, r in enumerate(_rules(data, "rename", source)):
        where = f"{source}: rename #{i + 1}"
        if not isinstance(r.get("label"), str) or not r["label"].strip():
            raise CurationError(f"{where}: 'label' must be the new Simplified name")
        renames.append(Rename(_iri(r.get("entity"), base, where), r["label"].strip(), r.get("note")))
    for i, r in enumerate(_rules(data, "reject_entities", source)):
        where = f"{source}: reject_entities #{i + 1}"
        if not r.get("entity") and not r.get("label"):
            raise CurationError(f"{where}: give 'entity' (an IRI) or 'label' (a Simplified name)")
        rej_e.append(RejectEntity(_iri(r["entity"], base, where) if r.get("entity") else None,
                                  r.get("label"), r.get("note")))
    for i, r in enumerate(_rules(data, "reject_facts", source)):
        where = f"{source}: reject_facts #{i + 1}"
        pred = _predicate(r.get("predicate"), where)
        obj: Node
        if pred == CONTRACT_PREDICATES["jobTitle"]:
            obj = Literal(str(r.get("object")), lang=ZH)
        else:
            obj = _iri(r.get("object"), base, where)
        subject = _iri(r.get("subject"), base, where)
        rej_f.append(RejectFact(subject, pred, obj, r.get("article"), r.get("note")))
    return Curation(tuple(merges), tuple(splits), tuple(renames), tuple(rej_e), tuple(rej_f),
                    source=source, base=base)


# CSV: one rule a row; ``action`` is the section, the other columns its fields (lists split on ``;``).
CSV_COLUMNS = ("action", "entity", "into", "from", "label", "articles", "as", "subject", "predicate",
               "object", "article", "note")
_CSV_LISTS = ("from", "articles")


def csv_rules(text: str, source: str) -> dict[str, list[dict[str, Any]]]:
    """Curation sections from CSV text (header row with ``action`` and the fields used)."""
    import csv
    import io

    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "action" not in reader.fieldnames:
        raise CurationError(f"{source}: a curation CSV needs a header row with an 'action' column "
                            f"(columns: {', '.join(CSV_COLUMNS)})")
    unknown = set(reader.fieldnames) - set(CSV_COLUMNS)
    if unknown:
        raise CurationError(f"{source}: unknown columns {', '.join(sorted(unknown))}; "
                            f"expected {', '.join(CSV_COLUMNS)}")
    sections: dict[str, list[dict[str, Any]]] = {}
    for line, row in enumerate(reader, 2):
        action = (row.pop("action") or "").strip()
        if not action:
            continue
        if action not in _SECTIONS:
            raise CurationError(f"{source}: line {line}: action {action!r} is not one of "
                                f"{', '.join(_SECTIONS)}")
        rule: dict[str, Any] = {}
        for key, value in row.items():
            value = (value or "").strip()
            if value:
                rule[key] = [v.strip() for v in value.split(";") if v.strip()] if key in _CSV_LISTS else value
        sections.setdefault(action, []).append(rule)
    return sections


def load_curation(path: Path | str, *, base: str = DEFAULT_BASE) -> Curation:
    """Read a curation file: YAML (``.yaml``/``.yml``) or CSV (``.csv``, one rule a row)."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".csv":
            return parse_curation(csv_rules(path.read_text(encoding="utf-8-sig"), str(path)), base=base,
                                  source=str(path))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CurationError(f"cannot read curation file {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CurationError(f"{path}: not valid YAML: {exc}") from exc
    return parse_curation(data, base=base, source=str(path))


def default_curation(settings: Settings) -> Curation | None:
    """``data/curation.yaml`` (or ``.csv``) when present, else ``settings.curation_file``, else None."""
    path = next((p for p in (DEFAULT_CURATION, DEFAULT_CURATION.with_suffix(".csv")) if p.is_file()),
                settings.curation_file)
    if path is None:
        return None
    if not Path(path).is_file():
        raise CurationError(f"curation file {path} does not exist (KG_CURATION_FILE)")
    return load_curation(path, base=settings.base_iri)
