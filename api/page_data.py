"""What the linked-data pages show, gathered from the store with the REST API's own query functions.

One function a page: ``entity_page`` (a person, organisation or place) and ``article_page``. Each
returns a plain dict for the template plus ``sparql``: a query that reproduces the page's facts, which
the page offers one click away in the query editor. Nothing here renders HTML.
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager

from api import models, queries
from kg.store.base import Store
from kg.vocab import PREFIXES, sparql_prefixes

EGO_LIMIT = 24          # neighbours drawn in a page's ego graph
PREFIX_MAP = NamespaceManager(Graph())
for _prefix, _ns in PREFIXES.items():
    PREFIX_MAP.bind(_prefix, _ns, override=True)

ENTITY_SPARQL = """# every fact about the entity, both ways, with the sentences that state it
SELECT ?direction ?predicate ?other ?otherLabel ?confidence ?evidence ?article WHERE {{
  VALUES ?e {{ <{iri}> }}
  {{ ?e ?predicate ?other BIND("out" AS ?direction)
     OPTIONAL {{ ?st rdf:subject ?e ; rdf:predicate ?predicate ; rdf:object ?other }} }}
  UNION
  {{ ?other ?predicate ?e BIND("in" AS ?direction)
     OPTIONAL {{ ?st rdf:subject ?other ; rdf:predicate ?predicate ; rdf:object ?e }} }}
  FILTER(?predicate IN ({predicates}))
  OPTIONAL {{ ?other rdfs:label ?otherLabel FILTER(langMatches(lang(?otherLabel), "zh-Hans")) }}
  OPTIONAL {{ ?st fk:confidence ?confidence }}
  OPTIONAL {{ ?st fk:evidence ?ev . ?ev fk:text ?evidence OPTIONAL {{ ?ev prov:wasQuotedFrom ?article }} }}
}} ORDER BY ?direction ?predicate ?other"""

ARTICLE_SPARQL = """# the facts one article states (its named graph), with confidence, the rule that proposed each,
# and evidence
SELECT ?subject ?predicate ?object ?confidence ?rule ?evidence WHERE {{
  GRAPH <{iri}> {{
    ?st a fk:Statement ; rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object .
    OPTIONAL {{ ?st fk:confidence ?confidence }}
    OPTIONAL {{ ?st fk:rule ?rule }}
    OPTIONAL {{ ?st fk:evidence/fk:text ?evidence }}
  }}
}} ORDER BY ?predicate ?subject ?object"""
# the relations a page lists: the contract predicates and the unit hierarchy (as api.queries shows them)
PAGE_PREDICATES = ", ".join(p.n3(PREFIX_MAP) for p in queries.RELATION_PREDICATES)

CO_DEPLOYED = """SELECT DISTINCT ?other ?place WHERE {
  ?e fk:deployedTo ?place . ?other fk:deployedTo ?place ; a fk:Person . FILTER(?other != ?e)
} ORDER BY ?place ?other LIMIT 500"""

CHILDREN = """SELECT DISTINCT ?c WHERE { ?c schema:containedInPlace ?e } ORDER BY ?c LIMIT 500"""
PARENT = """SELECT DISTINCT ?p WHERE { ?e schema:containedInPlace ?p } ORDER BY ?p LIMIT 5"""
BODY = """SELECT ?body WHERE { GRAPH ?a { ?a schema:articleBody ?body } } LIMIT 1"""
FLAGS = """SELECT ?kind ?detail WHERE { ?a fk:readingFlag ?f . OPTIONAL { ?f fk:flagKind ?kind }
  OPTIONAL { ?f fk:message ?detail } } ORDER BY ?f LIMIT 200"""


def english(label: str | None, kind: str) -> str | None:
    """The English label the page shows (built from the label tables, see kg.rdf.english)."""
    if not label:
        return None
    # imported here: kg.rdf.english loads pypinyin (about 55 MB), which the server process itself (it imports
    # this module for ``marked_text``) never needs; only the query worker rendering an entity page does
    from kg.rdf.english import organization_name, person_name, place_name

    if kind == "Person":
        return person_name(label)
    if kind == "Place":
        return place_name(label)
    return organization_name(label)


def _kind(types: list[str]) -> str:
    return next((t for t in ("Person", "Organization", "Place", "Article") if t in types), "Thing")


def _rows(store: Store, sparql: str, bindings: dict[str, Any]) -> list[tuple[Any, ...]]:
    return list(store.query(sparql_prefixes() + sparql, bindings=bindings).rows)


def _deployments(store: Store, base: str, *, person: str | None = None, place: str | None = None,
                 organization: str | None = None) -> list[models.Deployment]:
    page = queries.find_deployments(store, base=base, limit=500, person=person, place=place,
                                    organization=organization)
    return sorted(page.items, key=lambda d: (d.date or "9999", d.place.label or "", d.agent.label or ""))


def ego_svg(center: str, neighbours: list[tuple[str, str, str]], *, size: int = 360) -> dict[str, Any]:
    """A star layout of ``center`` and up to EGO_LIMIT ``(label, relation, href)`` neighbours, as numbers
    the template draws into an inline SVG (no script, prints and archives as it is)."""
    shown = neighbours[:EGO_LIMIT]
    r = size * 0.36
    mid = size / 2
    nodes = []
    for i, (label, relation, href) in enumerate(shown):
        angle = 2 * math.pi * i / max(1, len(shown)) - math.pi / 2
        nodes.append({"x": round(mid + r * math.cos(angle), 1), "y": round(mid + r * math.sin(angle), 1),
                      "label": label, "relation": relation, "href": href})
    return {"size": size, "cx": mid, "cy": mid, "center": center, "nodes": nodes,
            "more": max(0, len(neighbours) - len(shown))}


def entity_page(store: Store, iri: URIRef, base: str) -> dict[str, Any] | None:
    """Everything a person, organisation or place page shows; None when the store has no such entity."""
    detail = queries.entity_detail(store, iri, base)
    if detail is None:
        return None
    kind = _kind(detail.types)
    label = detail.label or detail.id
    page: dict[str, Any] = {
        "detail": detail, "kind": kind, "label": label, "english": english(detail.label, kind),
        "sparql": sparql_prefixes() + ENTITY_SPARQL.format(iri=str(iri), predicates=PAGE_PREDICATES),
    }
    out = [r for r in detail.relations if r.direction == "out"]
    inc = [r for r in detail.relations if r.direction == "in"]
    if kind == "Person":
        from kg.rdf.english import person_name

        page["tones"] = person_name(detail.label, tones=True) if detail.label else None
        page["deployments"] = _deployments(store, base, person=str(iri))
        page["units"] = [r for r in out if r.name == "memberOf"]
        page["posts"] = sorted({r.value for r in out if r.name == "jobTitle" and r.value})
        co: dict[str, dict[str, Any]] = {}
        for other, place in _rows(store, CO_DEPLOYED, {"e": iri}):
            co.setdefault(str(other), {"places": set()})["places"].add(str(place))
        refs = queries.entity_refs(store, [URIRef(x) for x in co] + [URIRef(p) for c in co.values()
                                                                      for p in c["places"]], base)
        page["co_deployed"] = sorted(
            ({"ref": refs.get(o), "places": sorted((refs[p] for p in c["places"] if p in refs),
                                                     key=lambda r: r.label or "")} for o, c in co.items()
             if o in refs), key=lambda x: x["ref"].label or "")
    elif kind == "Place":
        page["deployments"] = _deployments(store, base, place=str(iri))
        chain: list[models.EntityRef] = []
        node, seen = iri, {iri}
        for _ in range(8):
            parents = [p for (p,) in _rows(store, PARENT, {"e": node}) if isinstance(p, URIRef) and p not in seen]
            if not parents:
                break
            node = parents[0]
            seen.add(node)
            chain.append(queries.entity_refs(store, [node], base)[str(node)])
        page["ancestors"] = list(reversed(chain))
        children = [c for (c,) in _rows(store, CHILDREN, {"e": iri}) if isinstance(c, URIRef)]
        page["children"] = sorted(queries.entity_refs(store, children, base).values(), key=lambda r: r.label or "")
        page["supported_by"] = [r for r in inc if r.name == "supports"]
        page["supports"] = [r for r in out if r.name == "supports"]
        page["based_here"] = [r for r in inc if r.name == "locatedIn"]
    elif kind == "Organization":
        page["members"] = [r for r in inc if r.name == "memberOf"]
        page["deployments"] = _deployments(store, base, organization=str(iri))
        page["located"] = [r for r in out if r.name == "locatedIn"]
        page["parent_units"] = [r for r in out if r.name == "subOrganizationOf"]
        page["sub_units"] = [r for r in inc if r.name == "subOrganizationOf"]
        page["supports"] = [r for r in out if r.name == "supports"]
    neighbours: dict[str, tuple[str, str, str]] = {}
    for r in detail.relations:
        if r.other is not None:
            neighbours.setdefault(r.other.iri, (r.other.label or r.other.id, r.name, "/id/" + r.other.id))
    page["ego"] = ego_svg(label, sorted(neighbours.values()))
    by_relation: dict[str, list[models.Relation]] = defaultdict(list)
    for r in detail.relations:
        by_relation[f"{r.name} ({'→' if r.direction == 'out' else '←'})"].append(r)
    page["facts"] = dict(sorted(by_relation.items()))
    return page


def article_page(store: Store, iri: URIRef, base: str) -> dict[str, Any] | None:
    """The article page: source, credits, repairs, entities, and every fact with its evidence."""
    detail = queries.article_detail(store, iri, base)
    if detail is None:
        return None
    res = store.query(sparql_prefixes() + ARTICLE_SPARQL.format(iri=str(iri)))
    facts: dict[tuple[str, str, str], dict[str, Any]] = {}
    for s, p, o, conf, rule, text in res.rows:
        key = (str(s), str(p), o.n3() if o is not None else "")
        fact = facts.setdefault(key, {"s": s, "p": queries.local_name(str(p)), "o": o, "confidence": None,
                                      "rules": [], "evidence": []})
        if conf is not None:
            fact["confidence"] = float(str(conf))
        if rule is not None and str(rule) not in fact["rules"]:
            fact["rules"].append(str(rule))
        if text is not None and str(text) not in fact["evidence"]:
            fact["evidence"].append(str(text))
    nodes = [n for f in facts.values() for n in (f["s"], f["o"]) if isinstance(n, URIRef)]
    refs = queries.entity_refs(store, nodes, base)
    rows = []
    for f in facts.values():
        rows.append({**f, "s": refs.get(str(f["s"])),
                     "o": refs.get(str(f["o"])) if isinstance(f["o"], URIRef) else None,
                     "value": str(f["o"]) if isinstance(f["o"], Literal) else None})
    rows.sort(key=lambda f: (f["p"], (f["s"].label or "") if f["s"] else "", f["value"] or ""))
    flags = [{"kind": str(k) if k is not None else "", "detail": str(d) if d is not None else ""}
             for k, d in _rows(store, FLAGS, {"a": iri})]
    body = _rows(store, BODY, {"a": iri})
    names = {n: (ref.types[0] if ref.types else "Thing", ref.id) for ref in detail.entities for n in
             _names(store, URIRef(ref.iri))}
    return {"detail": detail, "kind": "Article", "label": detail.title or detail.id, "facts": rows,
            "flags": flags, "text": marked_text(str(body[0][0]), names) if body else None,
            "sparql": sparql_prefixes() + ARTICLE_SPARQL.format(iri=str(iri))}


NAMES = """SELECT DISTINCT ?name WHERE { { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name }
  FILTER(langMatches(lang(?name), "zh-Hans") || langMatches(lang(?name), "zh-Hant")) }"""


def _names(store: Store, iri: URIRef) -> list[str]:
    return [str(n) for (n,) in _rows(store, NAMES, {"e": iri}) if n is not None and len(str(n)) > 1]


def marked_text(text: str, names: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """``text`` cut into plain runs and entity mentions (longest name first, left to right), displaCy-style:
    ``[{"text": ..., "type": None | "Person" | ..., "id": entity id}]``. Names are matched as written, so a
    mention the extraction did not link is left plain."""
    by_first: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names, key=len, reverse=True):
        by_first[name[0]].append(name)
    spans: list[dict[str, Any]] = []
    plain, i = "", 0
    while i < len(text):
        hit = next((n for n in by_first.get(text[i], ()) if text.startswith(n, i)), None)
        if hit is None:
            plain += text[i]
            i += 1
            continue
        if plain:
            spans.append({"text": plain, "type": None, "id": None})
            plain = ""
        kind, ident = names[hit]
        spans.append({"text": hit, "type": kind, "id": ident})
        i += len(hit)
    if plain:
        spans.append({"text": plain, "type": None, "id": None})
    return spans
