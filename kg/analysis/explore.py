"""What the viewer asks for: name search, node details with evidence, and graphs cut to a node limit.

* ``search_nodes``: by name in Simplified or Traditional characters (folded with
  OpenCC) or pinyin (with or without spaces, or initials), ranked exact >
  prefix > substring, busiest node first among equals.
* ``node_detail``: labels, type, and every relation in both directions with its
  evidence sentences and the articles that state them.
* ``limit_graph``: above the node limit keep the busiest nodes (plus a focus
  node and its neighbours) and fold the rest into one aggregate node per type,
  so the browser never draws more than about ``limit`` nodes.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.analysis.data import GraphData, NodeInfo
from kg.analysis.views import EdgeAgg

Converter = Callable[[str], str]


def fold(text: str, to_simplified: Converter | None = None) -> str:
    """Lower-case, no spaces, Simplified: the form names are compared in."""
    text = text.strip().lower().replace(" ", "")
    return to_simplified(text) if to_simplified else text


@dataclass(frozen=True, slots=True)
class SearchHit:
    iri: str
    label: str
    type: str
    score: int
    matched: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.iri, "label": self.label, "type": self.type, "score": self.score,
                "matched": self.matched}


def search_keys(node: NodeInfo, to_simplified: Converter | None = None) -> list[str]:
    """The folded forms a node is found by: its names (Simplified), its pinyin, pinyin initials."""
    keys = [fold(n, to_simplified) for n in (node.label, *node.labels) if n]
    if node.pinyin:
        syllables = node.pinyin.lower().split()
        keys += ["".join(syllables), "".join(s[0] for s in syllables if s)]
    return list(dict.fromkeys(k for k in keys if k))


def search_nodes(data: GraphData, query: str, *, limit: int = 20, types: Iterable[str] | None = None,
                 to_simplified: Converter | None = None,
                 within: Iterable[str] | None = None) -> list[SearchHit]:
    """Nodes whose names match ``query`` (Simplified, Traditional or pinyin), best first."""
    q = fold(query, to_simplified)
    if not q:
        return []
    allowed = set(types) if types else None
    scope = set(within) if within is not None else None
    degree: dict[str, int] = defaultdict(int)
    for f in data.facts:
        degree[f.subject] += 1
        degree[f.object] += 1
    hits = []
    for node in data.nodes.values():
        if (allowed and node.type not in allowed) or (scope is not None and node.iri not in scope):
            continue
        best, matched = 0, ""
        for key in search_keys(node, to_simplified):
            score = 3 if key == q else 2 if key.startswith(q) else 1 if q in key else 0
            if score > best:
                best, matched = score, key
        if best:
            hits.append(SearchHit(node.iri, node.label, node.type, best, matched))
    hits.sort(key=lambda h: (-h.score, -degree.get(h.iri, 0), len(h.label), h.iri))
    return hits[:limit]


def article_link(article_iri: str, base: str) -> str:
    """The page of an article (``/id/article/<id>``: a page to read and cite, its facts with evidence)."""
    from urllib.parse import quote

    prefix = f"{base}article/"
    tail = article_iri[len(prefix):] if article_iri.startswith(prefix) else article_iri
    return "/id/article/" + quote(tail, safe="")


def node_detail(data: GraphData, iri: str, *, base: str) -> dict[str, Any] | None:
    """Labels, type and relations (both directions) of ``iri`` with evidence; None if unknown."""
    if iri not in data.nodes and not any(f.subject == iri or f.object == iri for f in data.facts):
        return None
    node = data.node(iri)
    groups: dict[tuple[str, str, str], EdgeAgg] = {}
    for f in data.facts:
        if f.subject == iri:
            groups.setdefault(("out", f.relation, f.object), EdgeAgg(f.relation)).add(f, data)
        elif f.object == iri:
            groups.setdefault(("in", f.relation, f.subject), EdgeAgg(f.relation)).add(f, data)
    relations = []
    for (direction, relation, other), agg in sorted(groups.items()):
        attrs = agg.attrs()
        other_node = data.node(other)
        evidence = [{**ev, "link": article_link(ev["article_iri"], base)} for ev in attrs["evidence"]]
        relations.append({"direction": direction, "relation": relation, "other": other,
                          "other_label": other_node.label, "other_type": other_node.type,
                          "weight": attrs["weight"], "dates": attrs["dates"], "evidence": evidence})
    articles = sorted({f.article for f in data.facts if iri in (f.subject, f.object)})
    return {
        "id": iri, "label": node.label, "labels": list(node.labels), "type": node.type, "pinyin": node.pinyin,
        "level": node.level, "kind": node.kind, "titles": list(node.titles), "relations": relations,
        "articles": [{"id": data.articles[a].id if a in data.articles else a, "iri": a,
                      "title": data.articles[a].title if a in data.articles else None,
                      "url": data.articles[a].url if a in data.articles else None,
                      "link": article_link(a, base)} for a in articles],
    }


def filter_types(graph: nx.Graph, types: Iterable[str] | None) -> nx.Graph:
    """The subgraph of nodes of ``types`` (all when empty)."""
    wanted = set(types or ())
    if not wanted:
        return graph
    return graph.subgraph([n for n, t in graph.nodes(data="type") if t in wanted]).copy()


def limit_graph(graph: nx.Graph, limit: int, *, focus: str | None = None,
                rank: dict[str, float] | None = None) -> tuple[nx.Graph, dict[str, Any]]:
    """``graph`` cut to about ``limit`` nodes: the busiest kept, the rest folded into one node per type.

    ``rank`` orders the nodes (default: weighted degree). A ``focus`` node and its neighbours are
    always kept. Returns the graph and what was done (for the viewer to say so).
    """
    total = graph.number_of_nodes()
    meta: dict[str, Any] = {"total_nodes": total, "total_edges": graph.number_of_edges(),
                            "limit": limit, "aggregated": {}}
    if total <= limit:
        meta["shown_nodes"] = total
        return graph, meta
    score = rank if rank is not None else dict(graph.degree(weight="weight"))
    keep: set[str] = set()
    if focus and focus in graph:
        keep.add(focus)
        keep.update(nx.all_neighbors(graph, focus) if graph.is_directed() else graph.neighbors(focus))
    for n in sorted(graph, key=lambda n: (-score.get(n, 0.0), n)):
        if len(keep) >= limit:
            break
        keep.add(n)
    out = graph.__class__()
    out.graph.update(graph.graph)
    out.add_nodes_from((n, graph.nodes[n]) for n in keep)
    dropped: dict[str, list[str]] = defaultdict(list)
    for n in graph:
        if n not in keep:
            dropped[str(graph.nodes[n].get("type", "Unknown"))].append(n)
    group_of = {n: f"aggregate:{t}" for t, ns in dropped.items() for n in ns}
    for t, ns in dropped.items():
        out.add_node(f"aggregate:{t}", type=t, label=f"{len(ns)} more ({t})", labels=[], pinyin="",
                     aggregate=True, count=len(ns))
        meta["aggregated"][t] = len(ns)
    multi = graph.is_multigraph()
    for edge in graph.edges(keys=True, data=True) if multi else graph.edges(data=True):
        u, v, attrs = edge[0], edge[1], edge[-1]
        if u in keep and v in keep:
            if multi:
                out.add_edge(u, v, key=edge[2], **attrs)
            else:
                out.add_edge(u, v, **attrs)
            continue
        a, b = group_of.get(u, u), group_of.get(v, v)
        if a == b:
            continue   # both ends folded into the same aggregate: not drawn
        w = attrs.get("weight", 1)
        if out.has_edge(a, b) and not multi:
            out[a][b]["weight"] += w
        elif multi and out.has_edge(a, b, key="aggregate"):
            out[a][b]["aggregate"]["weight"] += w
        else:
            agg = {"relation": "aggregate", "weight": w, "dates": [], "articles": [], "evidence": [],
                   "aggregate": True}
            if multi:
                out.add_edge(a, b, key="aggregate", **agg)
            else:
                out.add_edge(a, b, **agg)
    meta["shown_nodes"] = len(keep)
    return out, meta
