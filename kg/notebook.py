"""The graph from a notebook: the common questions as pandas DataFrames that carry their evidence.

::

    import kg
    g = kg.open("var/store")                 # the embedded store `kg ingest` / `make run` wrote
    g.deployments(person="王小明")            # who was deployed where, when, in what role, and why we say so
    g.deployments(place="城南区", since="2022-11")
    g.people(unit="城北区卫健局")             # the people of a unit, with their posts
    g.sparql("SELECT ?p WHERE { ?p a fk:Person }")

Names may be Simplified, Traditional or pinyin labels, ids or IRIs, as in the REST API: the answers
are the REST API's (the same query functions, ``api.queries``), so a table in a paper and a link to
``/deployments?...`` agree. Every row of ``deployments`` and ``people`` keeps the sentence that
states the fact (``evidence``), its article, and its offsets in the normalised and original text.
"""
from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.store.base import Store, open_store
from kg.vocab import FK, sparql_prefixes

PAGE = 500

DEPLOYMENT_COLUMNS = ["agent", "agent_types", "place", "units", "roles", "date", "confidence", "evidence",
                      "article", "article_title", "start", "end", "original_start", "original_end",
                      "evidence_count", "agent_iri", "place_iri", "unit_iris", "id"]
PEOPLE_COLUMNS = ["person", "unit", "titles", "confidence", "evidence", "article", "article_title", "start",
                  "end", "evidence_count", "person_iri", "unit_iri"]

MEMBERS_QUERY = """SELECT DISTINCT ?p ?unit ?stmt ?conf WHERE {
  %s
  ?p a fk:Person ; org:memberOf ?unit .
  OPTIONAL { ?stmt rdf:subject ?p ; rdf:predicate org:memberOf ; rdf:object ?unit .
             OPTIONAL { ?stmt fk:confidence ?conf } }
} ORDER BY ?p ?unit"""

TITLES_QUERY = "SELECT ?p ?title WHERE { %s ?p schema:jobTitle ?title } ORDER BY ?p ?title"


def _value(node: Node | None) -> Any:
    if node is None:
        return None
    if isinstance(node, Literal):
        return node.toPython()
    return str(node)


def _evidence_columns(evidence: list[Any]) -> dict[str, Any]:
    first = evidence[0] if evidence else None
    article = first.article if first is not None else None
    return {"evidence": first.text if first else None,
            "article": article.iri if article else None,
            "article_title": article.title if article else None,
            "start": first.start if first else None, "end": first.end if first else None,
            "original_start": first.original_start if first else None,
            "original_end": first.original_end if first else None,
            "evidence_count": len(evidence)}


class KnowledgeGraph:
    """A store opened for questions. Use as a context manager, or call ``close()``."""

    def __init__(self, store: Store, *, base: str):
        self.store = store
        self.base = base

    # ------------------------------------------------------------------ deployments

    def deployments(self, *, person: str | None = None, place: str | None = None, unit: str | None = None,
                    since: str | None = None, until: str | None = None, limit: int | None = None) -> pd.DataFrame:
        """Deployments matching every filter given, one row each with its first evidence sentence.

        ``place`` takes in every place inside it; ``unit`` matches the agent's units, the unit it was
        sent from, or a unit deployed itself; ``since``/``until`` are ISO dates (``2022``, ``2022-11``,
        ``2022-11-10``) that a deployment's possibly partial date must overlap.
        """
        from api.queries import find_deployments

        rows: list[dict[str, Any]] = []
        offset: int | None = 0
        while offset is not None and (limit is None or len(rows) < limit):
            page = find_deployments(self.store, base=self.base, person=person, place=place, organization=unit,
                                    date_from=since, date_to=until, limit=PAGE, offset=offset)
            for d in page.items:
                rows.append({
                    "agent": d.agent.label, "agent_types": list(d.agent.types), "place": d.place.label,
                    "units": [u.label for u in d.organizations], "roles": list(d.roles), "date": d.date,
                    "confidence": d.confidence, **_evidence_columns(d.evidence),
                    "agent_iri": d.agent.iri, "place_iri": d.place.iri,
                    "unit_iris": [u.iri for u in d.organizations], "id": d.id,
                })
            offset = page.next_offset
        frame = pd.DataFrame(rows[:limit] if limit is not None else rows, columns=DEPLOYMENT_COLUMNS)
        return frame

    # ------------------------------------------------------------------ people

    def people(self, *, unit: str | None = None) -> pd.DataFrame:
        """People and the units they belong to (``org:memberOf``), with their posts and the evidence.

        ``unit`` (a name, id or IRI) keeps the members of that unit; without it, every membership.
        An unknown unit gives an empty table.
        """
        from api.queries import entity_refs, evidence_of, resolve

        values = ""
        if unit is not None:
            units = resolve(self.store, unit, self.base, FK.Organization)
            if not units:
                return pd.DataFrame(columns=PEOPLE_COLUMNS)
            values = "VALUES ?unit { " + " ".join(u.n3() for u in units) + " }"
        res = self.store.query(sparql_prefixes() + MEMBERS_QUERY % values)
        grouped: dict[tuple[str, str], tuple[list[URIRef], float | None]] = {}
        for p, u, stmt, conf in res.rows:
            stmts, best = grouped.setdefault((str(p), str(u)), ([], None))
            if isinstance(stmt, URIRef):
                stmts.append(stmt)
            c = _value(conf)
            if c is not None and (best is None or float(c) > best):
                grouped[(str(p), str(u))] = (stmts, float(c))
        people = sorted({URIRef(p) for p, _ in grouped})
        titles: dict[str, list[str]] = {}
        if people:
            found = self.store.query(sparql_prefixes() + TITLES_QUERY % (
                "VALUES ?p { " + " ".join(p.n3() for p in people) + " }"))
            for p, title in found.rows:
                titles.setdefault(str(p), []).append(str(title))
        refs = entity_refs(self.store, [*people, *{URIRef(u) for _, u in grouped}], self.base)
        evidence = evidence_of(self.store, [s for ss, _ in grouped.values() for s in ss], self.base)
        rows = []
        for (person, member_of), (statements, best_conf) in sorted(grouped.items()):
            ev = [e for s in dict.fromkeys(statements) for e in evidence.get(str(s), [])]
            columns = _evidence_columns(ev)
            columns.pop("original_start"), columns.pop("original_end")
            rows.append({"person": refs[person].label if person in refs else None,
                         "unit": refs[member_of].label if member_of in refs else None,
                         "titles": sorted(dict.fromkeys(titles.get(person, []))), "confidence": best_conf,
                         **columns, "person_iri": person, "unit_iri": member_of})
        return pd.DataFrame(rows, columns=PEOPLE_COLUMNS)

    # ------------------------------------------------------------------ SPARQL

    def sparql(self, query: str, *, prefixes: bool = True) -> pd.DataFrame | bool:
        """Run a read-only SPARQL query over the whole graph (the union of the article graphs).

        SELECT gives one column per variable (literals as Python values, IRIs as strings, unbound as
        None); ASK gives a bool; CONSTRUCT and DESCRIBE give ``subject, predicate, object`` rows. The
        project's prefixes (``fk:``, ``org:``, ``schema:``, ``prov:``, ``skos:`` ...) are declared
        unless ``prefixes=False``.
        """
        res = self.store.query((sparql_prefixes() if prefixes else "") + query)
        if res.kind == "ask":
            return bool(res.boolean)
        if res.kind == "graph":
            assert res.graph is not None
            triples = sorted(res.graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
            return pd.DataFrame([[_value(n) for n in t] for t in triples],
                                columns=["subject", "predicate", "object"])
        return pd.DataFrame([[_value(n) for n in row] for row in res.rows], columns=list(res.vars))

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open_graph(path: str | Path | None = None, *, store: str | None = None, base: str | None = None,
               **options: Any) -> KnowledgeGraph:
    """Open the store at ``path`` (default: the configured one) for questions.

    ``store`` names the store kind (``oxigraph`` by default; ``sparql`` with ``endpoint=...`` for a
    remote SPARQL server). An embedded store is opened read-only, so a running ``kg serve`` or an
    ingest can keep writing it.
    """
    from kg.settings import get_settings

    settings = get_settings()
    kind = store or settings.store_kind
    if kind == "oxigraph":
        options.setdefault("read_only", True)
    return KnowledgeGraph(open_store(kind, path if path is not None else settings.store_path, **options),
                          base=base or settings.base_iri)
