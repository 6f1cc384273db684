"""Views: networkx graphs built from the facts of the store.

Every view is a function ``(data, facts) -> networkx graph`` registered by name
in ``VIEWS``; ``build_view`` filters the facts (time window, region) first.
Nodes carry ``type``, ``label``, ``labels``, ``pinyin`` and, for places,
``level`` (units: ``kind``; people: ``titles``, their posts as written);
edges carry ``relation``, ``weight`` (the number of supporting facts: one per
evidence sentence, at least one per article), ``dates``,
``articles``, ``evidence`` (list of dicts) and ``start``/``end`` (the first and
last full date, when there is one: GEXF uses them for dynamic graphs).

The names are the same in the CLI, the API and the viewer:
``deployment`` (person/unit -> place, bipartite), ``co-deployment`` (people who
served at the same place; weight = shared places), ``place-links`` (places
sharing personnel; weight = shared people), ``flows`` (origin unit -> place),
``support`` (``supports`` between districts and units), ``organization``
(membership and unit hierarchy) and ``full`` (every typed relation).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations
from typing import Any

import networkx as nx

from kg.analysis.data import FactRecord, GraphData
from kg.analysis.filters import TimeWindow, in_region, in_window, places_within
from kg.registry import Registry

ViewFn = Callable[[GraphData, list[FactRecord]], nx.Graph]
VIEWS: Registry[ViewFn] = Registry("view")
VIEW_NAMES = ("deployment", "co-deployment", "place-links", "flows", "support", "organization", "full")

_FULL_DATE_LEN = len("2022-11-10")


class EdgeAgg:
    """Facts merged into one edge: counts support, collects dates, articles and evidence."""

    def __init__(self, relation: str):
        self.relation = relation
        self.weight = 0
        self.dates: set[str] = set()
        self.articles: set[str] = set()
        self.evidence: dict[tuple[str, int | None, str], dict[str, Any]] = {}
        self.extra: dict[str, set[str]] = defaultdict(set)

    def add(self, fact: FactRecord, data: GraphData, *, count: bool = True) -> None:
        if count:
            self.weight += fact.support
        art = data.articles.get(fact.article)
        art_id = art.id if art else fact.article.rsplit("/", 1)[-1]
        self.articles.add(art_id)
        date = fact.date or data.article_date(fact.article)
        if date:
            self.dates.add(date)
        for ev in fact.evidence:
            self.evidence[(fact.article, ev.start, ev.text)] = {
                "text": ev.text, "article": art_id, "article_iri": fact.article, "start": ev.start,
                "end": ev.end, "relation": fact.relation, "subject": fact.subject, "object": fact.object}

    def attrs(self) -> dict[str, Any]:
        dates = sorted(self.dates)
        full = [d for d in dates if len(d) == _FULL_DATE_LEN and d[4] == "-"]
        out: dict[str, Any] = {
            "relation": self.relation, "weight": self.weight or 1, "dates": dates,
            "articles": sorted(self.articles), "evidence": list(self.evidence.values()),
        }
        if full:
            out["start"], out["end"] = full[0], full[-1]
        for key, values in self.extra.items():
            out[key] = sorted(values)
        return out


def add_node(graph: nx.Graph, data: GraphData, iri: str, **extra: Any) -> None:
    """Add ``iri`` with its attributes (once)."""
    if iri in graph:
        graph.nodes[iri].update(extra)
        return
    node = data.node(iri)
    attrs: dict[str, Any] = {"type": node.type, "label": node.label, "labels": list(node.labels),
                             "pinyin": node.pinyin}
    if node.level:
        attrs["level"] = node.level
    if node.kind:
        attrs["kind"] = node.kind
    if node.titles:
        attrs["titles"] = list(node.titles)
    point = data.points.get(iri)
    if point is not None:
        attrs.update(lon=point.lon, lat=point.lat, approximate=point.approximate)
    attrs.update(extra)
    graph.add_node(iri, **attrs)


def _edges(graph: nx.Graph, data: GraphData, aggs: dict[tuple[str, str], EdgeAgg],
           node_extra: Callable[[str], dict[str, Any]] | None = None) -> nx.Graph:
    for (u, v), agg in sorted(aggs.items()):
        for n in (u, v):
            add_node(graph, data, n, **(node_extra(n) if node_extra else {}))
        graph.add_edge(u, v, **agg.attrs())
    return graph


def _direct(data: GraphData, facts: Iterable[FactRecord], relations: set[str],
            graph: nx.Graph) -> nx.Graph:
    aggs: dict[tuple[str, str], EdgeAgg] = {}
    for f in facts:
        if f.relation in relations:
            aggs.setdefault((f.subject, f.object), EdgeAgg(f.relation)).add(f, data)
    return _edges(graph, data, aggs)


@VIEWS.register("deployment")
def deployment_view(data: GraphData, facts: list[FactRecord]) -> nx.Graph:
    """Bipartite agent -> place graph of ``deployedTo`` (``bipartite`` 0 = agents, 1 = places)."""
    g = _direct(data, facts, {"deployedTo"}, nx.DiGraph(view="deployment"))
    targets = {v for _, v in g.edges}
    for n in g:
        g.nodes[n]["bipartite"] = 1 if n in targets else 0
    return g


def _deployments(facts: Iterable[FactRecord], data: GraphData, agent_type: str | None = "Person"
                 ) -> list[FactRecord]:
    return [f for f in facts if f.relation == "deployedTo"
            and (agent_type is None or data.node(f.subject).type == agent_type)]


def _projection(data: GraphData, facts: list[FactRecord], *, group_by_place: bool, relation: str,
                shared_key: str, view: str) -> nx.Graph:
    """Project the bipartite deployments onto people (group by place) or places (group by person)."""
    groups: dict[str, dict[str, list[FactRecord]]] = defaultdict(lambda: defaultdict(list))
    for f in _deployments(facts, data):
        hub, member = (f.object, f.subject) if group_by_place else (f.subject, f.object)
        groups[hub][member].append(f)
    aggs: dict[tuple[str, str], EdgeAgg] = {}
    graph = nx.Graph(view=view)
    for hub, members in sorted(groups.items()):
        for m in members:
            add_node(graph, data, m)
        for a, b in combinations(sorted(members), 2):
            agg = aggs.setdefault((a, b), EdgeAgg(relation))
            agg.weight += 1                     # one more shared place (or person)
            agg.extra[shared_key].add(hub)
            for f in (*members[a], *members[b]):
                agg.add(f, data, count=False)
    return _edges(graph, data, aggs)


@VIEWS.register("co-deployment")
def co_deployment_view(data: GraphData, facts: list[FactRecord]) -> nx.Graph:
    """People who served at the same place; weight = number of shared places (``places`` lists them)."""
    return _projection(data, facts, group_by_place=True, relation="coDeployed", shared_key="places",
                       view="co-deployment")


@VIEWS.register("place-links")
def place_links_view(data: GraphData, facts: list[FactRecord]) -> nx.Graph:
    """Places sharing personnel; weight = number of shared people (``people`` lists them)."""
    return _projection(data, facts, group_by_place=False, relation="sharedPersonnel", shared_key="people",
                       view="place-links")


@VIEWS.register("flows")
def flows_view(data: GraphData, facts: list[FactRecord]) -> nx.Graph:
    """Origin unit -> destination place, weight = deployments; ``people`` lists the agents.

    The origin is the deployment's ``fk:originUnit`` when stated, else the units the person is a
    member of (anywhere in the graph: membership is not bound to the window), else, for a unit
    deployed itself, the unit.
    """
    units: dict[str, set[str]] = defaultdict(set)
    for f in data.facts:
        if f.relation == "memberOf" and data.node(f.object).type == "Organization":
            units[f.subject].add(f.object)
    aggs: dict[tuple[str, str], EdgeAgg] = {}
    for f in _deployments(facts, data, agent_type=None):
        if f.origin:
            origins = set(f.origin)
        elif data.node(f.subject).type == "Organization":
            origins = {f.subject}
        else:
            origins = units.get(f.subject, set())
        for origin in origins:
            agg = aggs.setdefault((origin, f.object), EdgeAgg("flow"))
            agg.add(f, data)
            agg.extra["people"].add(f.subject)
    return _edges(nx.DiGraph(view="flows"), data, aggs)


@VIEWS.register("support")
def support_view(data: GraphData, facts: list[FactRecord]) -> nx.Graph:
    """``supports`` (paired assistance) from districts and units to places."""
    return _direct(data, facts, {"supports"}, nx.DiGraph(view="support"))


@VIEWS.register("organization")
def organization_view(data: GraphData, facts: list[FactRecord]) -> nx.Graph:
    """Membership (person -> unit, unit -> unit) and the unit hierarchy (``subOrganizationOf``)."""
    member = [f for f in facts if f.relation == "subOrganizationOf"
              or (f.relation == "memberOf" and data.node(f.object).type == "Organization")]
    return _direct(data, member, {"memberOf", "subOrganizationOf"}, nx.DiGraph(view="organization"))


@VIEWS.register("full")
def full_view(data: GraphData, facts: list[FactRecord]) -> nx.Graph:
    """Every typed relation between nodes; parallel edges keyed by relation."""
    aggs: dict[tuple[str, str, str], EdgeAgg] = {}
    for f in facts:
        aggs.setdefault((f.subject, f.object, f.relation), EdgeAgg(f.relation)).add(f, data)
    graph = nx.MultiDiGraph(view="full")
    for (u, v, rel), agg in sorted(aggs.items()):
        add_node(graph, data, u)
        add_node(graph, data, v)
        graph.add_edge(u, v, key=rel, **agg.attrs())
    return graph


def filter_facts(data: GraphData, *, window: TimeWindow | None = None,
                 region: str | None = None) -> list[FactRecord]:
    """The facts of ``data`` inside the window and the region (both optional)."""
    facts = list(data.facts)
    if window is not None:
        facts = in_window(facts, data, window)
    if region:
        facts = in_region(facts, data, places_within(data, region))
    return facts


def build_view(data: GraphData, name: str, *, window: TimeWindow | None = None,
               region: str | None = None) -> nx.Graph:
    """The view ``name`` over ``data`` restricted to ``window`` and ``region``.

    Raises UnknownPluginError for an unknown view (listing the known ones) and AnalysisError for a
    region that names no place.
    """
    fn = VIEWS.get(name)
    graph = fn(data, filter_facts(data, window=window, region=region))
    graph.graph.update({"view": name, "directed": graph.is_directed()})
    if window is not None:
        graph.graph["from"] = window.start.isoformat() if window.start else ""
        graph.graph["to"] = window.end.isoformat() if window.end else ""
    if region:
        graph.graph["region"] = region
    return graph
