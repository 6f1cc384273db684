"""TEMPORARY: a pyoxigraph-backed store for the analysis tests until kg.store.memory lands."""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.store.base import QueryResult


def _term(t):
    if t is None: return None
    if isinstance(t, ox.NamedNode): return URIRef(t.value)
    if isinstance(t, ox.BlankNode): return BNode(t.value)
    if t.language: return Literal(t.value, lang=t.language)
    return Literal(t.value, datatype=URIRef(t.datatype.value))

class ShimStore:
    name = "shim"
    def __init__(self): self.s = ox.Store()
    def bulk_load(self, data):
        n=0
        for iri, g in data:
            self.s.load(g.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri)); n+=len(g)
        return n
    def query(self, sparql, *, bindings=None, max_rows=None):
        r = self.s.query(sparql, use_default_graph_as_union=True)
        vars_ = tuple(v.value for v in r.variables)
        rows = tuple(tuple(_term(sol[v]) for v in vars_) for sol in r)
        return QueryResult(kind="select", vars=vars_, rows=rows)
    def __len__(self): return len(self.s)
    def close(self): pass
