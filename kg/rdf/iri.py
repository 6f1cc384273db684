"""Deterministic instance IRIs: one node per real-world thing, the same on every machine.

Every IRI is ``<base><kind>/<readable>-<hash>`` where ``readable`` is a pinyin
slug of the name (so a person IRI can be read: ``person/zhang-xiao-ming-1f3a…``)
and ``hash`` is the first hex digits of the SHA-1 of an *identity key* that says
what makes the thing itself:

* places: the administrative code when the gazetteer knows it
  (``place/350112``), else the full path of names from the top
  (``杭州市/西湖区/转塘街道/龙坞村``), else the name scoped to the article's home
  division (or, lacking one, to the article);
* organisations: the name, qualified by the home division for relative names
  (``区委组织部`` of one district is not another district's), or by the parent
  organisation / the place it is set up at for generic names (``临时党支部``);
* people: the name plus the most specific context seen with it: their *home
  unit* (a unit they belong to that is not a temporary branch or team they
  joined where they were sent, e.g. from a unit–post–name apposition, else the
  unit that sent them: a deployment's origin), else the place they were
  deployed to, else the temporary unit they joined, else the site that credits
  them, else the article. The same name with the same home unit across
  articles is one person, whatever branch or team each article has them join;
  a bare common name in unrelated contexts is not merged.

Each identity also yields an ``identity basis`` string (``name+unit`` …) that
the graph records (``fk:identityBasis``) so that every merge is explainable.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from pypinyin import lazy_pinyin
from rdflib import URIRef

from kg.records import ARTICLE, JOINED_ON_DUTY, Article, Entity, EntityType, Extraction, PlaceLevel, Predicate
from kg.vocab import DEFAULT_BASE

HASH_LEN = 10
_SLUG_MAX = 40
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._~-]+$")
# A unit name starting with a level character is relative to some division (区委, 县政府, 镇党委).
_LEVEL_CHARS = "省市区县镇乡村旗州盟"
# Names that say what a unit is but not whose it is; they only identify a node together with a context.
_GENERIC_ORG = re.compile(
    r"^(临时)?(党支部|党总支|党委|党工委|支部|指挥部|工作组|领导小组|服务队|志愿服务队|志愿者服务队|突击队|"
    r"工作专班|专班|办公室|居委会|村委会|村支两委|两委|党组织)$"
)
# Place levels whose bare names are unique enough nationally to stand alone.
_UNIQUE_LEVELS = {PlaceLevel.COUNTRY, PlaceLevel.PROVINCE}


def digest(key: str, length: int = HASH_LEN) -> str:
    """Short stable hex digest of an identity key."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:length]


def slug(text: str, max_len: int = _SLUG_MAX) -> str:
    """ASCII slug of a (Chinese) name through pinyin: ``张晓明`` -> ``zhang-xiao-ming``."""
    text = unicodedata.normalize("NFKC", text)
    parts = [_NON_SLUG.sub("-", p.lower()).strip("-") for p in lazy_pinyin(text)]
    out = "-".join(p for p in parts if p)
    return out[:max_len].rstrip("-") or "x"


def minted(base: str, kind: str, key: str, readable: str) -> URIRef:
    """``<base><kind>/<slug(readable)>-<digest(key)>``."""
    return URIRef(f"{base}{kind}/{slug(readable)}-{digest(key)}")


def article_iri(article: Article, base: str = DEFAULT_BASE) -> URIRef:
    """The article's IRI (also the name of its named graph): ``<base>article/<id>``.

    Ids that are not IRI-safe ASCII are kept readable through pinyin plus a hash of the id.
    """
    if _SAFE_ID.match(article.id):
        return URIRef(f"{base}article/{article.id}")
    return URIRef(f"{base}article/{slug(article.id)}-{digest(article.id)}")


def qualified_name(name: str, qualifier: str) -> str:
    """``区委组织部`` qualified by ``西湖区`` -> ``西湖区委组织部`` (the level character is shared)."""
    if qualifier and name and name[0] in _LEVEL_CHARS and qualifier.endswith(name[0]):
        return qualifier + name[1:]
    return qualifier + name


def is_relative_org_name(name: str) -> bool:
    """A unit name that needs a context to say whose it is (``区委``, ``镇政府``, ``临时党支部``)."""
    return bool(name) and (name[0] in _LEVEL_CHARS or name[0] in "我本全" or bool(_GENERIC_ORG.match(name)))


@dataclass(frozen=True, slots=True)
class Identity:
    """A resolved entity: its IRI, the identity key it hashes, and why (``fk:identityBasis``)."""

    iri: URIRef
    key: str
    basis: str


class IdentityResolver:
    """Gives every entity of one extraction its global IRI. Pure and deterministic."""

    def __init__(self, extraction: Extraction, *, base: str = DEFAULT_BASE):
        self.ex = extraction
        self.base = base
        self.article = article_iri(extraction.article, base)
        self.entities = {e.key: e for e in extraction.entities}
        self._cache: dict[str, Identity] = {}
        self._busy: set[str] = set()
        self._facts_by_subject: dict[str, list[tuple[Predicate, str]]] = {}
        for f in extraction.facts:
            self._facts_by_subject.setdefault(f.subject, []).append((f.predicate, f.object))

    # ------------------------------------------------------------------ public
    def iri(self, key: str) -> URIRef:
        """The IRI of entity ``key`` (or of the article for ``ARTICLE``)."""
        if key == ARTICLE:
            return self.article
        return self.identity(key).iri

    def identity(self, key: str) -> Identity:
        """The resolved identity of entity ``key``."""
        if key in self._cache:
            return self._cache[key]
        entity = self.entities[key]
        if key in self._busy:  # a cycle through parent/containedIn facts: fall back to the article scope
            return self._scoped(entity, "article", str(self.article))
        self._busy.add(key)
        try:
            if entity.type is EntityType.PLACE:
                ident = self._place(entity)
            elif entity.type is EntityType.ORGANIZATION:
                ident = self._org(entity)
            else:
                ident = self._person(entity)
        finally:
            self._busy.discard(key)
        self._cache[key] = ident
        return ident

    # ------------------------------------------------------------------ contexts
    def _objects(self, key: str, predicate: Predicate) -> list[str]:
        facts = self._facts_by_subject.get(key, ())
        return sorted({o for p, o in facts if p is predicate and o in self.entities})

    def _home(self) -> tuple[str, str] | None:
        """(kind, identity) of the article's home division, when known."""
        home = self.ex.home
        if home and home in self.entities and self.entities[home].type is EntityType.PLACE:
            return "home", str(self.identity(home).iri)
        return None

    def _scoped(self, entity: Entity, basis: str, scope: str) -> Identity:
        kind = entity.type.value.lower()
        key = f"{kind}|{entity.name}|{basis}|{scope}"
        return Identity(minted(self.base, kind, key, entity.name), key, f"name+{basis}")

    def _local_scope(self, entity: Entity) -> Identity:
        home = self._home()
        if home and self.ex.home != entity.key:
            return self._scoped(entity, *home)
        return self._scoped(entity, "article", str(self.article))

    # ------------------------------------------------------------------ places
    def place_path(self, entity: Entity) -> tuple[str, ...]:
        """The entity's path of names: ``Entity.path``, else climbed through ``containedIn`` facts."""
        if entity.path:
            return entity.path
        path, seen, cur = [entity.name], {entity.key}, entity.key
        while True:
            parents = self._objects(cur, Predicate.CONTAINED_IN)
            parents = [p for p in parents if p not in seen and self.entities[p].type is EntityType.PLACE]
            if not parents:
                break
            parent = self.entities[parents[0]]
            if parent.path:  # the parent knows its whole path: done
                return (*parent.path, *path)
            path.insert(0, parent.name)
            seen.add(parent.key)
            cur = parent.key
        return tuple(path)

    def _codes_by_name(self) -> dict[str, str]:
        codes: dict[str, str] = {}
        for e in sorted(self.ex.entities, key=lambda e: e.key):
            if e.type is EntityType.PLACE and e.admin_code:
                for name in (e.name, *e.aliases):
                    codes.setdefault(name, e.admin_code.strip())
        return codes

    def _place(self, entity: Entity) -> Identity:
        if entity.admin_code:
            code = entity.admin_code.strip()
            iri = URIRef(f"{self.base}place/{quote(code, safe='')}")
            return Identity(iri, f"place|code|{code}", "admin-code")
        path = self.place_path(entity)
        # Anchor on the deepest ancestor with a known code, so that 转塘街道/龙坞村 and
        # 浙江省/杭州市/西湖区/转塘街道/龙坞村 (same town code) name one village.
        codes = self._codes_by_name()
        for i in range(len(path) - 2, -1, -1):
            anchor = codes.get(path[i])
            if anchor:
                key = f"place|under|{anchor}|" + "/".join(path[i + 1:])
                return Identity(minted(self.base, "place", key, entity.name), key, "admin-code+path")
        if len(path) >= 2:
            key = "place|path|" + "/".join(path)
            return Identity(minted(self.base, "place", key, entity.name), key, "path")
        if entity.level in _UNIQUE_LEVELS:
            key = f"place|name|{entity.name}"
            return Identity(minted(self.base, "place", key, entity.name), key, "name")
        return self._local_scope(entity)

    # ------------------------------------------------------------------ organisations
    def _qualifier_scope(self, qualifier: str) -> str:
        """A qualifier names a division: use that place's IRI when the extraction has it."""
        if qualifier in self.entities:
            return str(self.identity(qualifier).iri)
        for e in self.ex.entities:
            if e.type is EntityType.PLACE and (e.name == qualifier or qualifier in e.aliases):
                return str(self.identity(e.key).iri)
        return qualifier

    def _org(self, entity: Entity) -> Identity:
        if entity.qualifier:
            return self._scoped(entity, "qualifier", self._qualifier_scope(entity.qualifier))
        if entity.parent and entity.parent in self.entities and entity.parent != entity.key:
            return self._scoped(entity, "parent", str(self.identity(entity.parent).iri))
        if is_relative_org_name(entity.name):
            places = self._objects(entity.key, Predicate.LOCATED_IN)
            if places:
                return self._scoped(entity, "location", str(self.identity(places[0]).iri))
            return self._local_scope(entity)
        key = f"organization|{entity.name}"
        return Identity(minted(self.base, "organization", key, entity.name), key, "name")

    # ------------------------------------------------------------------ people
    def _ancestors(self, key: str) -> set[str]:
        """Keys of the organisations ``key`` belongs to through ``Entity.parent`` (cycle-safe)."""
        out: set[str] = set()
        cur = self.entities[key].parent
        while cur and cur in self.entities and cur not in out:
            out.add(cur)
            cur = self.entities[cur].parent
        return out

    def _joined_on_duty(self, key: str) -> bool:
        return self.entities[key].org_kind in JOINED_ON_DUTY

    def home_units(self, key: str) -> list[str]:
        """The units person ``key`` comes from: the units they belong to that are not a temporary
        branch or team joined on duty (the unit–post–name apposition, a reporter's outlet …), else
        the units that sent them (the origin of their deployments)."""
        own = [k for k in self._objects(key, Predicate.MEMBER_OF) if not self._joined_on_duty(k)]
        if own:
            return own
        origins = {f.origin for f in self.ex.facts if f.subject == key and f.predicate is Predicate.DEPLOYED_TO
                   and f.origin in self.entities}
        return sorted(o for o in origins if o is not None and not self._joined_on_duty(o))

    def _most_specific(self, keys: list[str]) -> str:
        # the most specific units: a group inside a command says more than the command
        wider = set().union(*(self._ancestors(k) for k in keys))
        narrow = [k for k in keys if k not in wider] or keys
        return str(min(self.identity(k).iri for k in narrow))

    def _person(self, entity: Entity) -> Identity:
        home = self.home_units(entity.key)
        if home:
            return self._scoped(entity, "unit", self._most_specific(home))
        places = [self.identity(k).iri for k in self._objects(entity.key, Predicate.DEPLOYED_TO)]
        if places:
            return self._scoped(entity, "place", str(min(places)))
        joined = self._objects(entity.key, Predicate.MEMBER_OF)
        if joined:
            return self._scoped(entity, "joined-unit", self._most_specific(joined))
        credited = any(f.subject == ARTICLE and f.object == entity.key
                       and f.predicate in (Predicate.AUTHOR, Predicate.PHOTOGRAPHER) for f in self.ex.facts)
        if credited and self.ex.article.site:
            return self._scoped(entity, "site", self.ex.article.site)
        # No unit, place or credit: a bare name says too little to merge across articles.
        return self._scoped(entity, "article", str(self.article))
