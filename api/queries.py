"""The REST API's questions as functions over a Store.

Every value that comes from a request reaches SPARQL as a bound variable
(``Store.query(bindings=...)``) or, for IRIs read back from the store itself, as
an IRI serialised by rdflib after checking it has no character an IRI may not
hold. No request text is pasted into a query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import opencc
import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from api import models
from kg.store.base import QueryResult, Store
from kg.vocab import CONTRACT_CLASSES, CONTRACT_PREDICATES, FK, ORG, RDF, RDFS, SDO, SKOS, sparql_prefixes

PREFIXES = sparql_prefixes()
ENTITY_CLASSES = tuple(CONTRACT_CLASSES[name] for name in ("Person", "Organization", "Place"))
RELATION_PREDICATES = (*CONTRACT_PREDICATES.values(), ORG.subOrganizationOf)
_SHORT = {iri: name for name, iri in CONTRACT_PREDICATES.items()} | {
    ORG.subOrganizationOf: "subOrganizationOf"
}
# Characters an IRI may not contain (RFC 3987), plus whitespace: such text is never an IRI we hold.
_BAD_IRI = re.compile(r"[\x00-\x20<>\"{}|^`\\]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in Simplified characters (Traditional input is converted, the rest kept)."""
    return _t2s().convert(text)  # type: ignore[no-any-return]


def sparql_string(text: str) -> str:
    """``text`` as a SPARQL string literal (STRING_LITERAL2): the four characters it may not hold raw
    (quote, backslash, line feed, carriage return) escaped, so no text can end the literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def safe_iri(text: str) -> URIRef | None:
    """``text`` as an IRI when it is an absolute http(s) IRI without forbidden characters."""
    if not text.startswith(("http://", "https://")) or _BAD_IRI.search(text):
        return None
    try:  # the full RFC 3987 check (bad percent-escapes, ports ...), as the store will apply it
        ox.NamedNode(text)
    except ValueError:
        return None
    return URIRef(text)


def to_id(iri: str, base: str) -> str:
    """The id of an IRI in URLs: its path under the base, or the IRI itself."""
    return iri[len(base) :] if iri.startswith(base) else iri


def from_id(ident: str, base: str, kind: str | None = None) -> URIRef | None:
    """The IRI of an id (``person/chen-yan-ling-…``) or of a full IRI; None if it cannot be one.

    With ``kind`` (``place``, ``article``) a bare local id (``350112``) is taken as ``kind/350112``.
    """
    if kind and not ident.startswith((f"{kind}/", "http://", "https://")):
        ident = f"{kind}/{ident}"
    return safe_iri(ident) or safe_iri(base + ident.lstrip("/"))


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _values(var: str, iris: Iterable[URIRef]) -> str:
    """A VALUES block of IRIs that came from the store (checked again: no quoting can be broken)."""
    terms = " ".join(iri.n3() for iri in iris if safe_iri(str(iri)) is not None)
    return f"VALUES ?{var} {{ {terms} }}"


def _q(
    store: Store, body: str, bindings: dict[str, Node] | None = None, max_rows: int | None = None
) -> QueryResult:
    return store.query(PREFIXES + body, bindings=bindings, max_rows=max_rows)


def _int(node: Node | None) -> int | None:
    if node is None:
        return None
    try:
        return int(node.toPython()) if isinstance(node, Literal) else None
    except (TypeError, ValueError):
        return None


def _float(node: Node | None) -> float | None:
    if isinstance(node, Literal):
        try:
            return float(node.toPython())
        except (TypeError, ValueError):
            return None
    return None


def _lang(node: Node | None) -> str:
    return (node.language or "").lower() if isinstance(node, Literal) else ""


# --------------------------------------------------------------------------- entity references


def entity_refs(store: Store, iris: Sequence[URIRef], base: str) -> dict[str, models.EntityRef]:
    """Labels (Simplified first) and types of ``iris``, in two small queries."""
    unique = list(dict.fromkeys(iris))
    out = {str(i): models.EntityRef(id=to_id(str(i), base), iri=str(i), label=None) for i in unique}
    if not unique:
        return out
    res = _q(
        store,
        f"""SELECT ?e ?l ?t WHERE {{ {_values("e", unique)}
        {{ ?e rdfs:label ?l }} UNION {{ ?e a ?t }} }}""",
    )
    labels: dict[str, list[Literal]] = {}
    for e, label, t in res.rows:
        if isinstance(label, Literal):
            labels.setdefault(str(e), []).append(label)
        elif t is not None and str(t).startswith(str(FK)):
            ref = out[str(e)]
            if local_name(str(t)) not in ref.types:
                ref.types.append(local_name(str(t)))
    for key, lits in labels.items():
        lits.sort(key=lambda lit: (_lang(lit) != "zh-hans", _lang(lit) != "zh-hant", str(lit)))
        out[key].label = str(lits[0])
    for ref in out.values():
        ref.types.sort(key=lambda t: (t not in ("Person", "Organization", "Place", "Article"), t))
    return out


def resolve(store: Store, text: str, base: str, cls: URIRef | None = None) -> list[URIRef]:
    """The entities ``text`` names: an id, an IRI, or a label (Simplified, Traditional or pinyin).

    Labels match exactly (after Traditional -> Simplified); use /search for partial names.
    Unknown text resolves to nothing, never to an error.
    """
    text = text.strip()
    if not text:
        return []
    iri = from_id(text, base) if ("/" in text or text.startswith("http")) else None
    candidates: list[URIRef] = []
    if iri is not None:
        res = _q(store, "SELECT ?t WHERE { ?e a ?t } LIMIT 1", {"e": iri})
        if res.rows:
            candidates.append(iri)
    if candidates:
        return candidates
    simp = simplified(text)
    forms = [Literal(simp, lang="zh-Hans"), Literal(text, lang="zh-Hant")]
    if not _CJK.search(text):
        forms.append(Literal(" ".join(text.lower().split()), lang="zh-Latn-pinyin"))
    type_clause = f"?e a {cls.n3()} ." if cls is not None else ""
    found: dict[URIRef, None] = {}
    # one query per form: pyoxigraph evaluates one substituted label through the index, while
    # several substituted variables across UNION branches end up as a scan of every label
    for form in dict.fromkeys(forms):
        res = _q(
            store,
            f"""SELECT DISTINCT ?e WHERE {{
            {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }} {type_clause} }} LIMIT 200""",
            {"name": form},
        )
        found.update((row[0], None) for row in res.rows if isinstance(row[0], URIRef))
    return list(found)


# --------------------------------------------------------------------------- evidence


@dataclass
class _EvidenceRow:
    owner: str
    evidence: models.Evidence


def evidence_of(store: Store, owners: Sequence[URIRef], base: str) -> dict[str, list[models.Evidence]]:
    """Evidence sentences of deployments or statements (``fk:evidence``), with their articles."""
    if not owners:
        return {}
    res = _q(
        store,
        f"""SELECT ?o ?text ?s ?e ?os ?oe ?art ?title WHERE {{ {_values("o", owners)}
        ?o fk:evidence ?ev . ?ev fk:text ?text .
        OPTIONAL {{ ?ev fk:start ?s }} OPTIONAL {{ ?ev fk:end ?e }}
        OPTIONAL {{ ?ev fk:originalStart ?os }} OPTIONAL {{ ?ev fk:originalEnd ?oe }}
        OPTIONAL {{ ?ev prov:wasQuotedFrom ?art OPTIONAL {{ ?art schema:headline ?title }} }}
    }} ORDER BY ?o ?art ?s""",
    )
    out: dict[str, list[models.Evidence]] = {}
    seen: set[tuple[str, str, str]] = set()
    for o, text, s, e, os_, oe, art, title in res.rows:
        key = (str(o), str(art), str(s))
        if key in seen:
            continue
        seen.add(key)
        article = (
            models.ArticleRef(
                id=to_id(str(art), base), iri=str(art), title=str(title) if title is not None else None
            )
            if art is not None
            else None
        )
        out.setdefault(str(o), []).append(
            models.Evidence(
                text=str(text),
                article=article,
                start=_int(s),
                end=_int(e),
                original_start=_int(os_),
                original_end=_int(oe),
            )
        )
    return out


# --------------------------------------------------------------------------- deployments


def _date_bound(value: str, *, end: bool) -> str:
    """Pad a (partial) ISO date to a full day: the first day of the period, or the last (as text)."""
    pad = "9999-12-31" if end else "0000-01-01"
    return value + pad[len(value) :]


def find_deployments(
    store: Store,
    *,
    base: str,
    person: str | None = None,
    place: str | None = None,
    organization: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> models.DeploymentPage:
    """Deployments matching every filter given; a place filter takes in every place inside it.

    Dates are ISO (``2022``, ``2022-11``, ``2022-11-10``); a deployment matches a date range when
    its (possibly partial) date overlaps it; deployments without a year are left out of dated
    searches. A person's deployments are ordered by date, then id; other listings page in the
    store's stable order, each page sorted by date. ``limit + 1`` rows tell whether a next page
    exists.
    """
    clauses: list[str] = []
    bindings: dict[str, Node] = {}
    for text, cls, var, clause in (
        (person, None, "agent", "{values}"),
        (place, FK.Place, "region", "{values} ?place schema:containedInPlace* ?region ."),
        (
            organization,
            FK.Organization,
            "unit",
            "{values} {{ ?agent org:memberOf ?unit }} UNION {{ ?dep fk:originUnit ?unit }} "
            "UNION {{ ?dep fk:agent ?unit }}",
        ),
    ):
        if text is None:
            continue
        found = resolve(store, text, base, cls)
        if not found:
            return models.DeploymentPage(items=[], limit=limit, offset=offset, next_offset=None)
        clauses.append(clause.format(values=_values(var, found)))
    if date_from or date_to:
        bindings["from"] = Literal(_date_bound(date_from or "0000", end=False))
        bindings["to"] = Literal(_date_bound(date_to or "9999", end=True))
        clauses.append("""?dep fk:date ?fd . BIND(STR(?fd) AS ?fs)
            FILTER(!STRSTARTS(?fs, "-")
                   && CONCAT(?fs, SUBSTR("9999-12-31", STRLEN(?fs) + 1)) >= ?from
                   && CONCAT(?fs, SUBSTR("0000-01-01", STRLEN(?fs) + 1)) <= ?to)""")
    where = f"""{" ".join(clauses)}
        ?dep fk:agent ?agent ; fk:place ?place ; a fk:Deployment ."""  # filters first: VALUES bind early
    page = f"LIMIT {int(limit) + 1} OFFSET {int(offset)}"
    if person is not None:
        # a person's deployments are few: sort them by date in the store
        res = _q(
            store,
            f"""SELECT ?dep ?agent ?place (MAX(?c) AS ?conf) (MIN(STR(?d)) AS ?date) WHERE {{
            {where} OPTIONAL {{ ?dep fk:confidence ?c }} OPTIONAL {{ ?dep fk:date ?d }}
        }} GROUP BY ?dep ?agent ?place ORDER BY ?date ?dep {page}""",
            bindings or None,
        )
        rows = list(res.rows)
    else:
        # ORDER BY over a whole region or the whole graph decodes every IRI it compares (seconds at
        # 10^6 triples): page in the store's own order, which is stable for the same data, and
        # sort each page by date here
        res = _q(store, f"SELECT DISTINCT ?dep ?agent ?place WHERE {{ {where} }} {page}", bindings or None)
        found_deps = [r[0] for r in res.rows if isinstance(r[0], URIRef)]
        detail = (
            _q(
                store,
                f"""SELECT ?dep (MAX(?c) AS ?conf) (MIN(STR(?d)) AS ?date) WHERE {{
            {_values("dep", found_deps)} OPTIONAL {{ ?dep fk:confidence ?c }} OPTIONAL {{ ?dep fk:date ?d }}
        }} GROUP BY ?dep""",
            )
            if found_deps
            else None
        )
        extra_of = {str(r[0]): (r[1], r[2]) for r in (detail.rows if detail else ())}
        rows = [
            (dep, agent, place_, *extra_of.get(str(dep), (None, None))) for dep, agent, place_ in res.rows
        ]
    more = len(rows) > limit
    rows = rows[:limit]
    if person is None:
        rows.sort(key=lambda r: (r[4] is None, str(r[4] or ""), str(r[0])))
    deps = [r[0] for r in rows if isinstance(r[0], URIRef)]
    refs = entity_refs(store, [n for r in rows for n in (r[1], r[2]) if isinstance(n, URIRef)], base)
    extra = (
        _q(
            store,
            f"""SELECT ?dep ?role ?unit WHERE {{ {_values("dep", deps)}
        {{ ?dep fk:role ?role }} UNION {{ ?dep fk:originUnit ?unit }} }}""",
        )
        if deps
        else None
    )
    roles: dict[str, list[str]] = {}
    units: dict[str, list[URIRef]] = {}
    for dep, role, unit in extra.rows if extra else ():
        if role is not None:
            roles.setdefault(str(dep), []).append(str(role))
        if isinstance(unit, URIRef):
            units.setdefault(str(dep), []).append(unit)
    unit_refs = entity_refs(store, [u for us in units.values() for u in us], base)
    evidence = evidence_of(store, deps, base)
    items = [
        models.Deployment(
            id=to_id(str(dep), base),
            agent=refs[str(agent)],
            place=refs[str(place_)],
            organizations=[unit_refs[str(u)] for u in dict.fromkeys(units.get(str(dep), []))],
            roles=sorted(set(roles.get(str(dep), []))),
            date=str(date) if date is not None else None,
            confidence=_float(conf),
            evidence=evidence.get(str(dep), []),
        )
        for dep, agent, place_, conf, date in rows
    ]
    return models.DeploymentPage(
        items=items, limit=limit, offset=offset, next_offset=offset + limit if more else None
    )


# --------------------------------------------------------------------------- entities


def entity_detail(store: Store, iri: URIRef, base: str) -> models.EntityDetail | None:
    """Types, labels, literal properties, relations both ways (with evidence), mentioning articles."""
    res = _q(store, "SELECT ?p ?o WHERE { ?e ?p ?o }", {"e": iri})
    if not res.rows:
        return None
    labels = models.Labels()
    types: list[str] = []
    properties: dict[str, list[str]] = {}
    for p, o in dict.fromkeys(res.rows):  # the union default graph repeats shared triples
        if p == RDF.type:
            types.append(local_name(str(o)))
        elif p == RDFS.label:
            lang = _lang(o)
            target = (
                labels.zh_hans
                if lang == "zh-hans"
                else labels.zh_hant
                if lang == "zh-hant"
                else labels.pinyin
                if lang.endswith("pinyin")
                else labels.alt
            )
            target.append(str(o))
        elif p == SKOS.altLabel:
            labels.alt.append(str(o))
        elif isinstance(o, Literal) and p not in RELATION_PREDICATES:
            properties.setdefault(local_name(str(p)), []).append(str(o))
    relations = _relations(store, iri, base)
    arts = _q(
        store,
        """SELECT DISTINCT ?a ?title WHERE { ?a schema:mentions ?e
        OPTIONAL { ?a schema:headline ?title } } ORDER BY ?a LIMIT 1000""",
        {"e": iri},
    )
    articles = [
        models.ArticleRef(id=to_id(str(a), base), iri=str(a), title=str(t) if t is not None else None)
        for a, t in arts.rows
    ]
    types.sort(key=lambda t: (t not in ("Person", "Organization", "Place", "Article"), t))
    return models.EntityDetail(
        id=to_id(str(iri), base),
        iri=str(iri),
        label=next(iter(labels.zh_hans or labels.zh_hant or labels.alt), None),
        types=list(dict.fromkeys(types)),
        labels=labels,
        properties=properties,
        relations=relations,
        articles=articles,
    )


def _relations(store: Store, iri: URIRef, base: str) -> list[models.Relation]:
    preds = " ".join(p.n3() for p in RELATION_PREDICATES)
    res = _q(
        store,
        f"""SELECT ?dir ?p ?other ?stmt ?conf WHERE {{
        VALUES ?p {{ {preds} }}
        {{ ?e ?p ?other BIND("out" AS ?dir)
           OPTIONAL {{ ?stmt rdf:subject ?e ; rdf:predicate ?p ; rdf:object ?other
                      OPTIONAL {{ ?stmt fk:confidence ?conf }} }} }}
        UNION
        {{ ?other ?p ?e BIND("in" AS ?dir)
           OPTIONAL {{ ?stmt rdf:subject ?other ; rdf:predicate ?p ; rdf:object ?e
                      OPTIONAL {{ ?stmt fk:confidence ?conf }} }} }}
    }} ORDER BY ?dir ?p ?other LIMIT 2000""",
        {"e": iri},
    )
    grouped: dict[tuple[str, str, str], tuple[Node | None, list[URIRef], float | None]] = {}
    for row_dir, row_p, row_other, stmt, row_conf in res.rows:
        key = (str(row_dir), str(row_p), row_other.n3() if row_other is not None else "")
        _, stmts, best = grouped.setdefault(key, (row_other, [], None))
        if isinstance(stmt, URIRef):
            stmts.append(stmt)
        c = _float(row_conf)
        if c is not None and (best is None or c > best):
            grouped[key] = (row_other, stmts, c)
    others = [o for o, _, _ in grouped.values() if isinstance(o, URIRef)]
    refs = entity_refs(store, others, base)
    evidence = evidence_of(store, [s for _, ss, _ in grouped.values() for s in ss], base)
    out = []
    for (direction, p, _), (other, stmts, conf) in grouped.items():
        ev = [e for s in dict.fromkeys(stmts) for e in evidence.get(str(s), [])]
        out.append(
            models.Relation(
                predicate=p,
                name=_SHORT.get(URIRef(p), local_name(p)),
                direction=direction,
                other=refs.get(str(other)) if isinstance(other, URIRef) else None,
                value=str(other) if isinstance(other, Literal) else None,
                confidence=conf,
                evidence=ev,
            )
        )
    return out


def search(
    store: Store, q: str, *, base: str, type_: str | None = None, limit: int = 20, offset: int = 0
) -> models.SearchPage:
    """Entities whose label contains ``q`` (Simplified, Traditional or pinyin), best matches first.

    Ranking: exact label 3, prefix 2, substring 1; then shorter labels, then the label itself.
    Pinyin is compared without spaces or case (``chenyanling``, ``Chen Yanling``).
    """
    text = q.strip()
    page = models.SearchPage(query=q, items=[], limit=limit, offset=offset, next_offset=None)
    if not text:
        return page
    if _CJK.search(text):
        needle = simplified(text)
        norm = "STR(?l)"
        lang_filter = '!LANGMATCHES(LANG(?l), "zh-Latn-pinyin")'
    else:
        needle = "".join(text.lower().split())
        norm = 'LCASE(REPLACE(STR(?l), " ", ""))'
        lang_filter = "true"
    bindings: dict[str, Node] = {"needle": Literal(needle)}
    needle_term = sparql_string(needle)
    classes = ENTITY_CLASSES
    if type_ is not None:
        wanted = [c for c in ENTITY_CLASSES if local_name(str(c)).lower() == type_.lower()]
        if not wanted:
            return page
        classes = tuple(wanted)
    res = _q(
        store,
        # the label scan runs first in a subquery: joined with the class test at top level,
        # pyoxigraph would enumerate every typed entity first (4x slower at 10^6 triples).
        # Substitutions do not reach into subqueries, so there the needle is an escaped literal.
        f"""SELECT ?e (MAX(?score) AS ?best) (MIN(?len) AS ?shortest) (SAMPLE(?l) AS ?hit) WHERE {{
        {{ SELECT ?e ?l ?n WHERE {{
            {{ ?e rdfs:label ?l }} UNION {{ ?e skos:altLabel ?l }}
            FILTER({lang_filter})
            BIND({norm} AS ?n)
            FILTER(CONTAINS(?n, {needle_term})) }} }}
        ?e a ?cls . FILTER(?cls IN ({", ".join(c.n3() for c in classes)}))
        BIND(IF(?n = ?needle, 3, IF(STRSTARTS(?n, ?needle), 2, 1)) AS ?score)
        BIND(STRLEN(?n) AS ?len)
    }} GROUP BY ?e ORDER BY DESC(?best) ?shortest ?e LIMIT {int(limit) + 1} OFFSET {int(offset)}""",
        bindings,
    )
    rows = list(res.rows)
    more = len(rows) > limit
    rows = rows[:limit]
    refs = entity_refs(store, [r[0] for r in rows if isinstance(r[0], URIRef)], base)
    page.items = [
        models.SearchHit(**refs[str(e)].model_dump(), score=_float(best) or 0.0, matched=str(hit))
        for e, best, _, hit in rows
        if isinstance(e, URIRef)
    ]
    page.next_offset = offset + limit if more else None
    return page


# --------------------------------------------------------------------------- places, articles, stats


def place_hierarchy(
    store: Store, iri: URIRef, base: str, *, max_depth: int = 12
) -> models.PlaceHierarchy | None:
    """The chain of parents of a place (top first), its children and how many places it contains."""
    if not _q(store, "ASK { ?p a fk:Place }", {"p": iri}).boolean:
        return None
    chain: list[URIRef] = []
    current = iri
    for _ in range(max_depth):  # a cycle in bad data must not loop forever
        res = _q(
            store,
            "SELECT ?parent WHERE { ?p schema:containedInPlace ?parent } ORDER BY ?parent LIMIT 1",
            {"p": current},
        )
        if (
            not res.rows
            or not isinstance(res.rows[0][0], URIRef)
            or res.rows[0][0] in chain
            or res.rows[0][0] == iri
        ):
            break
        current = res.rows[0][0]
        chain.append(current)
    children = _q(
        store, "SELECT DISTINCT ?c WHERE { ?c schema:containedInPlace ?p } ORDER BY ?c LIMIT 1000", {"p": iri}
    )
    child_iris = [r[0] for r in children.rows if isinstance(r[0], URIRef)]
    count = _q(
        store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c schema:containedInPlace+ ?p }", {"p": iri}
    )
    refs = entity_refs(store, [iri, *chain, *child_iris], base)
    return models.PlaceHierarchy(
        place=refs[str(iri)],
        ancestors=[refs[str(a)] for a in reversed(chain)],
        children=[refs[str(c)] for c in child_iris],
        descendants=_int(count.rows[0][0]) or 0 if count.rows else 0,
    )


def article_detail(store: Store, iri: URIRef, base: str) -> models.ArticleDetail | None:
    """The article node: source, title, site, date, hash, credits, entities it mentions, counts."""
    res = _q(store, "SELECT ?p ?o WHERE { ?a ?p ?o }", {"a": iri})
    if not any(p == RDF.type and o == FK.Article for p, o in res.rows):
        return None
    first: dict[URIRef, str] = {}
    for p, o in res.rows:
        if isinstance(p, URIRef):
            first.setdefault(p, str(o))
    credits = _q(
        store,
        """SELECT ?c ?role ?name ?title WHERE { ?a fk:credit ?c
        OPTIONAL { ?c fk:creditRole ?role } OPTIONAL { ?c fk:creditedName ?name }
        OPTIONAL { ?c fk:creditTitle ?title } } ORDER BY ?c""",
        {"a": iri},
    )
    mentioned = [o for p, o in res.rows if p == SDO.mentions and isinstance(o, URIRef)]
    refs = entity_refs(store, mentioned, base)
    triples = _q(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s ?p ?o } }", {"a": iri}).rows[0][0]
    facts = _q(
        store, "SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { GRAPH ?a { ?st a fk:Statement } }", {"a": iri}
    ).rows[0][0]
    return models.ArticleDetail(
        id=to_id(str(iri), base),
        iri=str(iri),
        title=first.get(SDO.headline),
        url=first.get(SDO.url),
        source_path=first.get(FK.sourcePath),
        site=first.get(FK.siteName),
        published=first.get(SDO.datePublished),
        sha256=first.get(FK.sha256),
        credits=[models.Credit(role=_str(r), name=_str(n), title=_str(t)) for _, r, n, t in credits.rows],
        entities=sorted(refs.values(), key=lambda r: (r.types[:1], r.label or "")),
        facts=_int(facts) or 0,
        triples=_int(triples) or 0,
    )


def _str(node: Node | None) -> str | None:
    return str(node) if node is not None else None


def stats(store: Store) -> models.Stats:
    """Counts of quads, graphs, instances of the main classes and uses of the contract predicates."""
    classes = [*ENTITY_CLASSES, FK.Article, FK.Deployment, FK.Statement, FK.Evidence]
    by_class = _q(
        store,
        f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {_values("c", classes)} ?s a ?c }}
        GROUP BY ?c""",
    )
    # the union default graph repeats a triple stated in two articles: count distinct triples
    by_pred = _q(
        store,
        f"""SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
        {_values("p", list(RELATION_PREDICATES))} ?s ?p ?o }} }} GROUP BY ?p""",
    )
    class_counts = {local_name(str(c)): 0 for c in classes}
    class_counts.update({local_name(str(c)): _int(n) or 0 for c, n in by_class.rows})
    pred_counts = {_SHORT[p]: 0 for p in RELATION_PREDICATES}
    pred_counts.update({_SHORT.get(p, local_name(str(p))): _int(n) or 0 for p, n in by_pred.rows})  # type: ignore[call-overload]
    return models.Stats(
        quads=len(store), graphs=len(store.graphs()), classes=class_counts, predicates=pred_counts
    )


__all__ = [
    "resolve",
    "find_deployments",
    "entity_detail",
    "search",
    "place_hierarchy",
    "article_detail",
    "stats",
    "entity_refs",
    "evidence_of",
    "from_id",
    "to_id",
    "simplified",
]
