"""Typed records that flow between the stages.

read  ->  Article            (kg.read: decoded, repaired, normalised, with an offset map)
extract -> Extraction        (kg.extract: Entities, Facts with Evidence, over one Article)
rdf   ->  rdflib Dataset     (kg.rdf: one named graph per article)

All records are frozen dataclasses; offsets are Python string indices
(code points), half-open ``[start, end)``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character span ``[start, end)`` of the normalised text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps every character of the normalised text back to the original text.

    ``starts[i]``/``ends[i]`` are the original span that normalised character
    ``i`` came from (a repaired mojibake character may come from several
    original characters; an inserted character maps to an empty span at its
    position). Both sequences are non-decreasing, because repairs never move
    text around; ``to_original`` relies on that to answer in O(1).
    Storage is ``array('i')`` (built by ``kg.read``); any int sequence works.
    """

    starts: Sequence[int]
    ends: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering normalised ``[start, end)``."""
        n = len(self.starts)
        if start >= end or start >= n:
            pos = self.starts[start] if start < n else (self.ends[-1] if n else 0)
            return pos, pos
        return self.starts[start], self.ends[min(end, n) - 1]

    def __len__(self) -> int:
        return len(self.starts)


class CreditRole(str, Enum):
    REPORTER = "reporter"                    # 记者
    SPECIAL_CORRESPONDENT = "special_correspondent"  # 特约记者
    CORRESPONDENT = "correspondent"          # 通讯员
    PHOTOGRAPHER = "photographer"            # 摄 / 摄影
    EDITOR = "editor"                        # 编辑 / 责任编辑
    AUTHOR = "author"                        # 作者 / 文 / 撰稿


@dataclass(frozen=True, slots=True)
class Credit:
    """A person credited by the article (byline, photo credit, editor line)."""

    role: CreditRole
    name: str            # Simplified form
    title: str           # the title as written, Simplified (``特约记者``, ``记者``, ``摄``)
    start: int           # span of the name in the normalised text (a spaced name, 郑 宇, with its space)
    end: int


@dataclass(frozen=True, slots=True)
class Flag:
    """Something the repair stage noticed and could not (or did) fix."""

    kind: str            # e.g. "mojibake-unrepaired", "spam-removed", "chrome-removed"
    message: str
    start: int = -1      # span in the original text, -1 when not located
    end: int = -1


@dataclass(frozen=True, slots=True)
class Article:
    """One source document after reading, repair and normalisation."""

    id: str                          # stable id (slug of the file name or the record id)
    source: str                      # path or URL as given
    raw: str                         # the decoded original text (HTML: the extracted main text)
    text: str                        # repaired, normalised, Simplified body: what later stages read
    offsets: OffsetMap               # text -> raw
    text_traditional: str | None = None  # repaired body before conversion, when the source was Traditional
    title: str | None = None
    published: date | None = None
    site: str | None = None          # source site / paper name, Simplified (``武侯新闻网``)
    credits: tuple[Credit, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    flags: tuple[Flag, ...] = ()
    encoding: str | None = None
    sha256: str | None = None        # of the original bytes
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def is_traditional(self) -> bool:
        return self.text_traditional is not None


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that could not be read; yielded by ``kg.read.read_paths`` so a batch goes on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


# --------------------------------------------------------------------------- extraction


class EntityType(str, Enum):
    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"


class PlaceLevel(str, Enum):
    COUNTRY = "country"
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"        # district, county, county-level city, banner
    TOWN = "town"                # town, township, street office (街道)
    COMMUNITY = "community"      # 社区 / 居委会
    VILLAGE = "village"          # administrative village
    NATURAL_VILLAGE = "natural_village"
    COMPOUND = "compound"        # 小区, 公寓, residential estate
    SITE = "site"                # checkpoint, sampling site, hospital, hotel used for quarantine
    AREA = "area"                # other named area (封控区 etc.)


class OrgKind(str, Enum):
    GOVERNMENT = "government"            # bureaus, offices, departments, governments
    PARTY_COMMITTEE = "party_committee"  # 党委, 区委, 组织部, 纪委 ...
    PARTY_BRANCH = "party_branch"        # 党支部, 党总支
    TEMPORARY_BRANCH = "temporary_branch"  # 临时党支部, 临时党委
    ENTERPRISE = "enterprise"
    COMMAND = "command"                  # 指挥部, 领导小组, working groups
    TEAM = "team"                        # 服务队, 突击队, 志愿者队, 考核组 ...
    INSTITUTION = "institution"          # hospitals, schools, public institutions
    MEDIA = "media"
    OTHER = "other"


# units a person joins where they were sent (a temporary party branch, a team): never their home unit
JOINED_ON_DUTY = frozenset({OrgKind.TEMPORARY_BRANCH, OrgKind.TEAM})


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in the normalised text."""

    text: str            # surface form in the normalised (Simplified) text
    start: int
    end: int
    label: str           # PERSON | ORG | PLACE | POST | DATE
    sentence: int = -1   # index into Article.sentences
    source: str = ""     # which component found it ("lac", "gazetteer", "rule:...")


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity of one article, with everything resolution needs to give it a global IRI.

    ``key`` is unique within the article. ``name`` is the canonical Simplified
    name (expanded: ``玉林社区``, not ``玉林``; ``区委组织部`` as written for
    relative unit names, with ``qualifier`` saying whose it is).
    """

    key: str
    type: EntityType
    name: str
    aliases: tuple[str, ...] = ()            # other surface forms seen (short forms ...), Simplified
    traditional: tuple[str, ...] = ()        # Traditional forms as written, when the source was Traditional
    mentions: tuple[Mention, ...] = ()
    # places
    level: PlaceLevel | None = None
    admin_code: str | None = None            # Ministry of Civil Affairs code when the gazetteer knows it
    path: tuple[str, ...] = ()               # ancestor names from the top, ending with this place
    # organisations
    org_kind: OrgKind | None = None
    qualifier: str | None = None             # home division that a relative name (区委组织部) belongs to
    parent: str | None = None                # key of the organisation this one belongs to (branch -> enterprise)
    confidence: float = 1.0


class Predicate(str, Enum):
    """The contract relations (VOCABULARY.md)."""

    DEPLOYED_TO = "deployedTo"
    MEMBER_OF = "memberOf"
    JOB_TITLE = "jobTitle"
    SUPPORTS = "supports"
    CONTAINED_IN = "containedIn"
    LOCATED_IN = "locatedIn"
    AUTHOR = "author"
    PHOTOGRAPHER = "photographer"


ARTICLE = "ARTICLE"   # subject key standing for the article itself (author, photographer)


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence that states a fact, located in the normalised and the original text."""

    text: str            # the sentence (normalised, Simplified)
    start: int           # sentence span in Article.text
    end: int
    orig_start: int      # the same span in Article.raw
    orig_end: int
    trigger: str | None = None   # the cue that licensed the fact (``来到``, ``支援``)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as precise as the text allows (``2022-11``, ``2022-11-10``, ``--11-10``)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    text: str = ""       # as written (``10日``, ``第二天``)

    def iso(self) -> str:
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.year and self.month:
            return f"{self.year:04d}-{self.month:02d}"
        if self.month and self.day:
            return f"--{self.month:02d}-{self.day:02d}"
        if self.year:
            return f"{self.year:04d}"
        return ""


@dataclass(frozen=True, slots=True)
class Fact:
    """A relation between two entities of one article (or an entity and a literal)."""

    subject: str                     # Entity.key, or ARTICLE
    predicate: Predicate
    object: str                      # Entity.key; for JOB_TITLE the literal post as written
    evidence: Evidence | None = None
    confidence: float = 1.0
    date: PartialDate | None = None
    origin: str | None = None        # deployments: key of the unit the agent was sent from
    role: str | None = None          # deployments: the role as written (``党员志愿者``)
    derived: str | None = None       # how it was inferred when not stated directly ("gazetteer", "enumeration", ...)
    rule: str | None = None          # the rule or component that proposed it ("deployments", "credits", ...)


PRECISE = "precise"
"""The signal of a candidate that some rule without ``recall_only`` proposed: a rule that states the
relation, not one that pairs every typed end of a window (the scorer's features read it across candidates)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A relation proposed by a rule, before the scorer has judged it.

    ``fact`` carries the subject, predicate, object, evidence, date, origin and role; its
    ``confidence`` is meaningless until ``fk_scorer`` sets ``score`` (a calibrated probability).
    ``rules`` names every rule that proposed the same (subject, predicate, object); the mentions
    the rule used are ``subject_span`` / ``object_span`` (character offsets; None for the article
    or a literal). ``signals`` are the proposer's hints the scorer may read as features
    (``"list-position:2"``, ``"count"``, ``"team-in-focus"``, ``"inherited"``).
    """

    fact: Fact
    rules: tuple[str, ...]
    subject_span: tuple[int, int] | None = None
    object_span: tuple[int, int] | None = None
    signals: tuple[str, ...] = ()
    score: float | None = None

    @property
    def key(self) -> tuple[str, Predicate, str]:
        return (self.fact.subject, self.fact.predicate, self.fact.object)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]
    home: str | None = None          # key of the article's home division entity (我区 -> 武侯区)

    def entity(self, key: str) -> Entity:
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)
