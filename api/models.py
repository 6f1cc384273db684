"""Response models of the REST API (inputs are query parameters, validated in the routes)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class EntityRef(BaseModel):
    """A node of the graph, enough to show and link it."""

    id: str = Field(
        description="Path of the IRI under the base (use it in /entities/{id}); the IRI if not under it."
    )
    iri: str
    label: str | None = Field(None, description="Simplified Chinese label.")
    types: list[str] = Field(default_factory=list, description="Class local names (Person, Village ...).")


class ArticleRef(BaseModel):
    id: str
    iri: str
    title: str | None = None


class Evidence(BaseModel):
    """The sentence that states a fact, where it is in its article."""

    text: str
    article: ArticleRef | None = None
    start: int | None = Field(None, description="Start offset in the normalised text.")
    end: int | None = None
    original_start: int | None = Field(None, description="Start offset in the original text.")
    original_end: int | None = None


class Deployment(BaseModel):
    id: str
    agent: EntityRef = Field(description="Who was deployed (a person, sometimes a unit).")
    place: EntityRef
    organizations: list[EntityRef] = Field(default_factory=list, description="Units the agent came from.")
    roles: list[str] = Field(default_factory=list)
    date: str | None = Field(None, description="ISO date, possibly partial (2022-11, --11-10).")
    confidence: float | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Page(BaseModel):
    limit: int
    offset: int
    next_offset: int | None = Field(None, description="Offset of the next page; null on the last page.")


class DeploymentPage(Page):
    items: list[Deployment]


class Relation(BaseModel):
    predicate: str = Field(description="Predicate IRI.")
    name: str = Field(description="Short name (deployedTo, memberOf ...).")
    direction: str = Field(description="'out' (entity is the subject) or 'in' (entity is the object).")
    other: EntityRef | None = Field(None, description="The node at the other end (null for literals).")
    value: str | None = Field(None, description="The literal at the other end (job titles).")
    confidence: float | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Labels(BaseModel):
    zh_hans: list[str] = Field(default_factory=list, alias="zh-Hans")
    zh_hant: list[str] = Field(default_factory=list, alias="zh-Hant")
    pinyin: list[str] = Field(default_factory=list)
    alt: list[str] = Field(default_factory=list, description="skos:altLabel (short forms, other names).")

    model_config = {"populate_by_name": True}


class EntityDetail(BaseModel):
    id: str
    iri: str
    label: str | None
    types: list[str]
    labels: Labels
    properties: dict[str, list[str]] = Field(
        default_factory=dict, description="Literal properties (level, admin code, path ...)."
    )
    relations: list[Relation]
    articles: list[ArticleRef]


class SearchHit(EntityRef):
    score: float = Field(description="3 exact, 2 prefix, 1 substring match (higher is better).")
    matched: str = Field(description="The label that matched.")


class SearchPage(Page):
    query: str
    items: list[SearchHit]


class PlaceHierarchy(BaseModel):
    place: EntityRef
    ancestors: list[EntityRef] = Field(description="From the top (province) down to the direct parent.")
    children: list[EntityRef] = Field(description="Places directly inside this one.")
    descendants: int = Field(description="Number of places inside, at any depth.")


class Credit(BaseModel):
    role: str | None = None
    name: str | None = None
    title: str | None = None


class ArticleDetail(BaseModel):
    id: str
    iri: str
    title: str | None = None
    url: str | None = None
    source_path: str | None = None
    site: str | None = None
    published: str | None = None
    sha256: str | None = None
    credits: list[Credit] = Field(default_factory=list)
    entities: list[EntityRef] = Field(default_factory=list)
    facts: int = Field(0, description="Statements drawn from the article.")
    triples: int = Field(0, description="Triples in the article's named graph.")


class Stats(BaseModel):
    quads: int
    graphs: int
    classes: dict[str, int]
    predicates: dict[str, int]


class ArticlesIngested(BaseModel):
    articles: list[str] = Field(description="IRIs of the articles (named graphs) written.")
    failures: list[dict[str, str]] = Field(default_factory=list)
