"""N-Quads shards: what extraction writes, and what loading reads, so a reload never re-extracts.

A shard (``<run>-00000.nq``) holds the N-Quads of up to ``SHARD_ARTICLES`` articles, each written
as ``kg.rdf.nquads.article_quads`` gives it: the lines of the article's named graph, then those of
the triples it contributes to the shared graph. Beside it, ``<shard>.ids`` lists the articles'
IRIs, one a line. A shard is written under a ``.part`` name and renamed when complete, so an
interrupted run leaves whole shards only (the articles of the unfinished one are extracted again
by the next run, which skips the ones in the store).

:func:`load_shards` puts shards into a store:

* the embedded Oxigraph store: a shard none of whose articles the store holds goes through
  pyoxigraph's bulk loader as a file; otherwise its new articles are bulk-loaded as quads;
* a remote SPARQL server: one Graph Store Protocol ``PUT`` per article graph, the shared triples
  ``POST``-ed to the shared graph in chunks;
* an article the store already holds is written with ``kg.ingest.store_parts``, one update that
  also drops the shared triples only its previous version listed (and the same content is left
  alone): loading the same shards twice changes nothing.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from rdflib import URIRef

from kg.batch import Failure
from kg.errors import KGError, StoreError
from kg.rdf.build import SHARED_GRAPH, ArticleParts, new_graph
from kg.rdf.nquads import ArticleQuads
from kg.store.base import Store
from kg.store.convert import to_rdflib
from kg.vocab import FK

SHARD_ARTICLES = 250         # articles per shard: the bulk loader holds about a shard in memory (~1 GB at 1,000)
SHARED_CHUNK = 20_000        # shared triples per POST to a remote server
QUAD_CHUNK = 200_000         # quads per bulk-loader call
_SHARED = ox.NamedNode(str(SHARED_GRAPH))


class ShardWriter:
    """Appends articles' N-Quads to shards of ``per_shard`` articles under ``directory``."""

    def __init__(self, directory: Path | str, *, per_shard: int = SHARD_ARTICLES, prefix: str | None = None):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.per_shard = per_shard
        self.prefix = prefix or datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
        self.paths: list[Path] = []
        self._fh: TextIO | None = None
        self._ids: list[str] = []
        self._part: Path | None = None

    def write(self, quads: ArticleQuads) -> None:
        if self._fh is None:
            self._part = self.directory / f"{self.prefix}-{len(self.paths):05d}.nq.part"
            self._fh = self._part.open("w", encoding="utf-8")
        self._fh.write(quads.text)
        self._ids.append(quads.iri)
        if len(self._ids) >= self.per_shard:
            self._finish()

    def _finish(self) -> None:
        if self._fh is None or self._part is None:
            return
        self._fh.close()
        final = self._part.with_suffix("")            # x.nq.part -> x.nq
        Path(f"{final}.ids").write_text("".join(f"{i}\n" for i in self._ids), encoding="utf-8")
        self._part.replace(final)
        self.paths.append(final)
        self._fh, self._part, self._ids = None, None, []

    def close(self) -> list[Path]:
        """Finish the last shard; the paths of every shard written."""
        self._finish()
        return self.paths

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def shard_files(paths: Iterable[Path | str]) -> list[Path]:
    """The shards named, directories expanded to their ``*.nq`` files (sorted)."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += sorted(path.glob("*.nq"))
        elif path.is_file():
            found.append(path)
        else:
            raise StoreError(f"no shard at {path}: expected .nq files or a folder of them (made by kg ingest --shards)")
    return found


@dataclass(frozen=True)
class Block:
    """One article of a shard: its graph's quads and its shared quads."""

    iri: str
    local: list[ox.Quad]
    shared: list[ox.Quad]

    def parts(self) -> ArticleParts:
        """As rdflib graphs, for ``kg.ingest.write_article``."""
        iri = URIRef(self.iri)
        local, shared = new_graph(iri), new_graph(SHARED_GRAPH)
        for q in self.local:
            local.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
        for q in self.shared:
            shared.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
        return ArticleParts(iri, local, shared)

    def value(self, predicate: str) -> str | None:
        """The object of the first quad of the article graph with ``predicate``."""
        return next((str(q.object.value) for q in self.local  # type: ignore[union-attr]
                     if q.predicate.value == predicate), None)


def blocks(path: Path) -> Iterator[Block]:
    """The articles of a shard, in order (the shared quads after an article's own belong to it)."""
    iri: str | None = None
    local: list[ox.Quad] = []
    shared: list[ox.Quad] = []
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            graph = quad.graph_name
            if graph == _SHARED:
                shared.append(quad)
                continue
            name = graph.value if isinstance(graph, ox.NamedNode) else None
            if name != iri:
                if iri is not None:
                    yield Block(iri, local, shared)
                iri, local, shared = name, [], []
            local.append(quad)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"cannot read the shard {path.name}: {exc}") from exc
    if iri is not None:
        yield Block(iri, local, shared)


@dataclass
class LoadReport:
    """What loading shards did."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    quads: int = 0               # quads written (into the embedded store: the quads it gained)
    bulk_files: int = 0          # shards loaded whole by the bulk loader


def load_shards(paths: Sequence[Path | str], store: Store, *, replace: bool = False,
                progress: Callable[[int], None] | None = None) -> LoadReport:
    """Load shards into ``store`` (see the module docstring); ``progress`` hears the articles loaded so far."""
    from kg.store.oxigraph import OxigraphStore
    from kg.store.sparql import SparqlStore

    files = shard_files(paths)
    report = LoadReport()
    held = set(store.graphs())
    if isinstance(store, OxigraphStore):
        sink: _Sink = _BulkSink(store)
    elif isinstance(store, SparqlStore):
        sink = _GraphStoreSink(store)
    else:
        sink = _UpdateSink(store)
    # the store's quad count is a scan of the whole store: read once before and once after the bulk
    # loads, never per shard (per shard, loading 10^5 articles in 400 shards would scan it 800 times)
    bulk_before = len(sink.store.raw) if isinstance(sink, _BulkSink) else 0
    done = 0
    for path in files:
        ids_file = Path(f"{path}.ids")
        ids = ids_file.read_text(encoding="utf-8").split() if ids_file.is_file() else None
        if isinstance(sink, _BulkSink) and ids is not None and not held.intersection(ids):
            sink.load_file(path)
            report.bulk_files += 1
            report.written += ids
            held.update(ids)
            done += len(ids)
            if progress:
                progress(done)
            continue
        for block in blocks(path):
            if block.iri in held:
                _rewrite(store, block, report, replace=replace)
            else:
                report.quads += sink.add(block)
                report.written.append(block.iri)
                held.add(block.iri)
            done += 1
            if progress:
                progress(done)
    report.quads += sink.close()
    if isinstance(sink, _BulkSink):
        report.quads = len(sink.store.raw) - bulk_before   # the quads the store gained
    return report


def _rewrite(store: Store, block: Block, report: LoadReport, *, replace: bool) -> None:
    """An article the store holds already: replaced in one update unless unchanged."""
    from kg.ingest import store_parts

    digest = block.value(str(FK.contentDigest)) or ""
    try:
        status = store_parts(store, block.parts(), digest=digest, sha256=block.value(str(FK.sha256)),
                             ident=block.iri.rsplit("/", 1)[-1], replace=replace)
    except KGError as exc:
        source = block.value(str(FK.sourcePath)) or block.iri
        report.failures.append(Failure(source, "identity" if "another source" in str(exc) else "store", str(exc)))
        return
    if status == "unchanged":
        report.unchanged.append(block.iri)
    else:
        report.written.append(block.iri)
        report.quads += len(block.local) + len(block.shared)


class _Sink:
    def add(self, block: Block) -> int:
        raise NotImplementedError

    def close(self) -> int:
        return 0


class _BulkSink(_Sink):
    """New articles into the embedded store through pyoxigraph's bulk loader."""

    def __init__(self, store: object):
        from kg.store.oxigraph import OxigraphStore

        assert isinstance(store, OxigraphStore)
        self.store = store
        self.batch: list[ox.Quad] = []

    def load_file(self, path: Path) -> None:
        self.store.load_file(path)

    def add(self, block: Block) -> int:
        self.batch += block.local
        self.batch += block.shared
        return self.close() if len(self.batch) >= QUAD_CHUNK else 0

    def close(self) -> int:
        n, batch = len(self.batch), self.batch
        self.batch = []
        if batch:
            try:
                self.store.raw.bulk_extend(batch)
                self.store.raw.flush()
            except OSError as exc:
                raise StoreError(f"bulk load failed: {exc}") from exc
        return n


class _GraphStoreSink(_Sink):
    """New articles to a remote server: a Graph Store Protocol PUT per article graph, shared triples POSTed."""

    def __init__(self, store: object):
        from kg.store.sparql import SparqlStore

        assert isinstance(store, SparqlStore)
        self.store = store
        self.shared: list[ox.Triple] = []

    def add(self, block: Block) -> int:
        body = ox.serialize([q.triple for q in block.local], format=ox.RdfFormat.N_TRIPLES) or b""
        self.store.put_ntriples(block.iri, body)
        self.shared += [q.triple for q in block.shared]
        if len(self.shared) >= SHARED_CHUNK:
            self._post()
        return len(block.local) + len(block.shared)

    def _post(self) -> None:
        if self.shared:
            body = ox.serialize(self.shared, format=ox.RdfFormat.N_TRIPLES) or b""
            self.store.post_ntriples(str(SHARED_GRAPH), body)
            self.shared = []

    def close(self) -> int:
        self._post()
        return 0


class _UpdateSink(_Sink):
    """Any other store: one update per article (``kg.ingest.write_article``)."""

    def __init__(self, store: Store):
        self.store = store

    def add(self, block: Block) -> int:
        from kg.ingest import write_article

        write_article(self.store, block.parts())
        return len(block.local) + len(block.shared)


def remove_shards(paths: Iterable[Path]) -> None:
    """Delete shards and their id lists (after a load, when they were only a step)."""
    for path in paths:
        for p in (path, Path(f"{path}.ids")):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
