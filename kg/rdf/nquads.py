"""Extraction -> N-Quads text, straight from the builder's triples (no rdflib ``Graph``).

``kg.rdf.build`` models an article; building an rdflib ``Graph`` of it and serialising that costs
more than the extraction (about 1.4x the tagger on the issue's measurement). For loading at scale
the builder fills a :class:`~kg.rdf.build.TripleSet` instead and :func:`article_quads` writes its
triples as N-Quads lines, split the way ``kg.ingest.write_article`` stores an article:

* the article's named graph: what only it says, the key of every shared triple it contributes
  (``fk:sharedTriple``) and the content digest of that part (``fk:contentDigest``, as
  :func:`kg.rdf.build.graph_digest` computes it) on its extraction run;
* the shared graph (``SHARED_GRAPH``): its triples about entities, places, roles, the agent.

The two parts are written one after the other (the article's lines, then its shared lines), so a
shard of many articles can be read back article by article. The result is graph-isomorphic, graph
by graph, to ``split_article(article_graph(...))`` plus the digest (tested on the sample articles).
With a curation, the article is built as an rdflib ``Graph`` (the curation edits graphs) and
written the same way.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg import __version__
from kg.errors import GraphBuildError
from kg.rdf.build import (
    SHARED_GRAPH,
    VOLATILE,
    GraphCurator,
    article_graph,
    article_triples,
    is_article_local,
    triple_key,
)
from kg.records import Extraction
from kg.vocab import DEFAULT_BASE, FK, PROV, XSD

Triple = tuple[Node, Node, Node]

_XSD_STRING = str(XSD.string)
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_SHARED = f"<{SHARED_GRAPH}>"


@dataclass(frozen=True, slots=True)
class ArticleQuads:
    """One article as N-Quads: its graph's lines, then its shared triples' lines."""

    iri: str
    text: str          # N-Quads, one quad a line
    digest: str        # fk:contentDigest of the article graph (kg.rdf.build.graph_digest)
    local: int         # triples of the article graph (bookkeeping included)
    shared: int        # triples it contributes to the shared graph


def term_nt(term: Node) -> str:
    """A term in N-Triples syntax."""
    if isinstance(term, URIRef):
        text = str(term)
        if _BAD_IRI.search(text):
            raise GraphBuildError(f"cannot write the IRI {text!r} in N-Quads: it holds a space or <>\"{{}}|^`\\")
        return f"<{text}>"
    if isinstance(term, Literal):
        body = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{body}^^<{term.datatype}>"
        return body
    raise GraphBuildError(f"cannot write {term!r} in N-Quads: the graphs hold IRIs and literals only")


def content_digest(triples: Iterable[Triple]) -> str:
    """:func:`kg.rdf.build.graph_digest` over triples (run times left out), terms written once each."""
    n3: dict[Node, str] = {}

    def form(term: Node) -> str:
        text = n3.get(term)
        if text is None:
            text = n3[term] = term.n3()
        return text

    lines = sorted(f"{form(s)} {form(p)} {form(o)}" for s, p, o in triples if p not in VOLATILE)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def article_quads(extraction: Extraction, *, base: str = DEFAULT_BASE, run_time: datetime | None = None,
                  curation: GraphCurator | None = None, input_digest: str | None = None,
                  software_version: str = __version__) -> ArticleQuads:
    """The N-Quads of one article as ``kg.ingest`` stores it (see the module docstring).

    ``input_digest``, when given, is recorded on the extraction run (``fk:inputDigest``): what a
    re-run compares before extracting the article again.
    """
    if curation is None:
        iri, triples = article_triples(extraction, base=base, run_time=run_time, software_version=software_version)
        built: Iterable[Triple] = triples
    else:
        iri, graph = article_graph(extraction, base=base, run_time=run_time, software_version=software_version,
                                   curation=curation)
        built = graph  # type: ignore[assignment]
    local: list[Triple] = []
    shared: list[Triple] = []
    for triple in built:
        (local if is_article_local(triple[0], iri) else shared).append(triple)
    keys = dict.fromkeys(triple_key(t) for t in shared)
    local.extend((iri, FK.sharedTriple, Literal(k)) for k in keys)
    digest = content_digest(local)
    run = next((s for s, p, o in local if p == PROV.used and o == iri), None)
    if run is not None:
        local.append((run, FK.contentDigest, Literal(digest)))
        if input_digest is not None:
            local.append((run, FK.inputDigest, Literal(input_digest)))
    graph_nt = f"<{iri}>"
    nt: dict[Node, str] = {}

    def form(term: Node) -> str:
        text = nt.get(term)
        if text is None:
            text = nt[term] = term_nt(term)
        return text

    lines = [f"{form(s)} {form(p)} {form(o)} {graph_nt} .\n" for s, p, o in local]
    lines += [f"{form(s)} {form(p)} {form(o)} {_SHARED} .\n" for s, p, o in shared]
    return ArticleQuads(str(iri), "".join(lines), digest, len(local), len(shared))
