"""GraphML and GEXF through networkx's writers, with flat attributes; GEXF adds colours and time."""
from __future__ import annotations

import io

import networkx as nx

from kg.export.base import Exporter, flat_attrs, hex_rgb, type_color


def flat_copy(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose node, edge and graph attributes are all scalars."""
    out = graph.__class__()
    out.graph.update(flat_attrs(graph.graph))
    for n, attrs in graph.nodes(data=True):
        out.add_node(n, **flat_attrs(attrs))
    if graph.is_multigraph():
        for u, v, k, attrs in graph.edges(keys=True, data=True):
            out.add_edge(u, v, key=k, **flat_attrs(attrs))
    else:
        for u, v, attrs in graph.edges(data=True):
            out.add_edge(u, v, **flat_attrs(attrs))
    for _, _, attrs in out.edges(data=True):
        attrs["weight"] = float(attrs.get("weight", 1))
    return out


def write_graphml(graph: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(flat_copy(graph), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def write_gexf(graph: nx.Graph) -> bytes:
    """GEXF 1.2 with a colour per node type and, when edges are dated, a dynamic graph.

    Dated edges carry ``start``/``end`` (first and last full date); a node starts with its first
    dated edge, so Gephi's timeline shows people and places appearing as they are deployed.
    """
    g = flat_copy(graph)
    for _, attrs in g.nodes(data=True):
        r, gr, b = hex_rgb(type_color(str(attrs.get("type"))))
        attrs["viz"] = {"color": {"r": r, "g": gr, "b": b, "a": 1.0}}
    first: dict[str, str] = {}
    for u, v, attrs in g.edges(data=True):
        start = attrs.get("start")
        if isinstance(start, str):
            for n in (u, v):
                if n not in first or start < first[n]:
                    first[n] = start
    # networkx takes 'start'/'end' of nodes and edges as GEXF time attributes (mode dynamic).
    for n, start in first.items():
        g.nodes[n]["start"] = start
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buf.getvalue()


GRAPHML = Exporter("graphml", "application/graphml+xml", "graphml", write_graphml,
                   "GraphML (yEd, Gephi, networkx, igraph): labels, types, weights as attributes")
GEXF = Exporter("gexf", "application/gexf+xml", "gexf", write_gexf,
                "GEXF 1.2 (Gephi): colours by type, time attributes from the fact dates")
