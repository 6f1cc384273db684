"""A small hand-made corpus in the contract vocabulary, built by the project's real RDF builder.

Two articles (one written in Traditional characters), a four-level place tree,
deployments with dates, origin units, roles and evidence sentences. The names
are invented; none comes from the dev article.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import Graph, URIRef

from kg.rdf.build import article_graph
from kg.records import (
    ARTICLE,
    Article,
    Credit,
    CreditRole,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Fact,
    OffsetMap,
    OrgKind,
    PartialDate,
    PlaceLevel,
    Predicate,
    Span,
)
from kg.settings import Settings


def _article(
    ident: str,
    text: str,
    *,
    title: str,
    published: date,
    traditional: str | None = None,
    credits: tuple[Credit, ...] = (),
) -> Article:
    n = len(text)
    sentences, start = [], 0
    for i, ch in enumerate(text):
        if ch == "。":
            sentences.append(Span(start, i + 1))
            start = i + 1
    return Article(
        id=ident,
        source=f"tests/{ident}.txt",
        raw=traditional or text,
        text=text,
        offsets=OffsetMap(tuple(range(n)), tuple(range(1, n + 1))),
        text_traditional=traditional,
        title=title,
        published=published,
        site="东州新闻网",
        credits=credits,
        sentences=tuple(sentences),
        sha256="0" * 64,
    )


def _evidence(text: str, sentence: str, trigger: str | None = None) -> Evidence:
    start = text.index(sentence)
    return Evidence(
        text=sentence,
        start=start,
        end=start + len(sentence),
        orig_start=start,
        orig_end=start + len(sentence),
        trigger=trigger,
    )


def _places(with_hierarchy: bool = True) -> list[Entity]:
    return [
        Entity("pl_city", EntityType.PLACE, "东州市", level=PlaceLevel.CITY, path=("东州市",)),
        Entity(
            "pl_south",
            EntityType.PLACE,
            "城南区",
            aliases=("城南",),
            level=PlaceLevel.DISTRICT,
            path=("东州市", "城南区"),
        ),
        Entity(
            "pl_north",
            EntityType.PLACE,
            "城北区",
            aliases=("城北",),
            level=PlaceLevel.DISTRICT,
            path=("东州市", "城北区"),
        ),
        Entity(
            "pl_town",
            EntityType.PLACE,
            "湖东街道",
            level=PlaceLevel.TOWN,
            path=("东州市", "城南区", "湖东街道"),
        ),
        Entity(
            "pl_comm",
            EntityType.PLACE,
            "绿苑社区",
            level=PlaceLevel.COMMUNITY,
            path=("东州市", "城南区", "湖东街道", "绿苑社区"),
        ),
        Entity(
            "pl_vill",
            EntityType.PLACE,
            "白沙村",
            level=PlaceLevel.VILLAGE,
            path=("东州市", "城南区", "湖东街道", "白沙村"),
        ),
        Entity(
            "pl_new",
            EntityType.PLACE,
            "新河社区",
            level=PlaceLevel.COMMUNITY,
            path=("东州市", "城北区", "新河社区"),
        ),
    ]


def _contained(pairs: list[tuple[str, str]]) -> list[Fact]:
    return [Fact(child, Predicate.CONTAINED_IN, parent, derived="gazetteer") for child, parent in pairs]


TEXT_A = (
    "11月10日，城北区卫健局干部王小明来到城南区湖东街道绿苑社区，支援核酸采样。"
    "城北区卫健局一级科员李华前往湖东街道白沙村，担任党员志愿者。"
    "记者 赵记"
)
TEXT_B = "12月，城北区卫健局干部王小明回到城北区新河社区参加防控。张伟来到新河社区值守卡口。"
TRAD_B = "12月，城北區衛健局幹部王小明回到城北區新河社區參加防控。張偉來到新河社區值守卡口。"


def article_a() -> Extraction:
    art = _article(
        "api-test-a",
        TEXT_A,
        title="城北区干部支援城南区",
        published=date(2022, 11, 12),
        credits=(
            Credit(CreditRole.REPORTER, "赵记", "记者", TEXT_A.index("赵记"), TEXT_A.index("赵记") + 2),
        ),
    )
    s1 = "11月10日，城北区卫健局干部王小明来到城南区湖东街道绿苑社区，支援核酸采样。"
    s2 = "城北区卫健局一级科员李华前往湖东街道白沙村，担任党员志愿者。"
    entities = (
        *_places(),
        Entity("o_health", EntityType.ORGANIZATION, "城北区卫健局", org_kind=OrgKind.GOVERNMENT),
        Entity("p_wang", EntityType.PERSON, "王小明"),
        Entity("p_li", EntityType.PERSON, "李华"),
        Entity("p_zhao", EntityType.PERSON, "赵记"),
    )
    facts = (
        *_contained(
            [
                ("pl_south", "pl_city"),
                ("pl_north", "pl_city"),
                ("pl_town", "pl_south"),
                ("pl_comm", "pl_town"),
                ("pl_vill", "pl_town"),
                ("pl_new", "pl_north"),
            ]
        ),
        Fact(
            "p_wang",
            Predicate.DEPLOYED_TO,
            "pl_comm",
            evidence=_evidence(TEXT_A, s1, "来到"),
            confidence=0.9,
            date=PartialDate(2022, 11, 10, "11月10日"),
            origin="o_health",
        ),
        Fact("p_wang", Predicate.MEMBER_OF, "o_health", evidence=_evidence(TEXT_A, s1), confidence=0.8),
        Fact(
            "p_li",
            Predicate.DEPLOYED_TO,
            "pl_vill",
            evidence=_evidence(TEXT_A, s2, "前往"),
            confidence=0.85,
            date=PartialDate(2022, 11, None, ""),
            role="党员志愿者",
            origin="o_health",
        ),
        Fact("p_li", Predicate.MEMBER_OF, "o_health", evidence=_evidence(TEXT_A, s2), confidence=0.8),
        Fact("p_li", Predicate.JOB_TITLE, "一级科员", evidence=_evidence(TEXT_A, s2), confidence=0.9),
        Fact(ARTICLE, Predicate.AUTHOR, "p_zhao", confidence=1.0),
    )
    return Extraction(art, entities, facts, home="pl_north")


def article_b() -> Extraction:
    art = _article("api-test-b", TEXT_B, title="城北区防控", published=date(2022, 12, 20), traditional=TRAD_B)
    s1 = "12月，城北区卫健局干部王小明回到城北区新河社区参加防控。"
    s2 = "张伟来到新河社区值守卡口。"
    entities = (
        *_places(),
        Entity(
            "o_health",
            EntityType.ORGANIZATION,
            "城北区卫健局",
            org_kind=OrgKind.GOVERNMENT,
            traditional=("城北區衛健局",),
        ),
        Entity("p_wang", EntityType.PERSON, "王小明"),
        Entity("p_zhang", EntityType.PERSON, "张伟", traditional=("張偉",)),
    )
    facts = (
        *_contained([("pl_south", "pl_city"), ("pl_north", "pl_city"), ("pl_new", "pl_north")]),
        Fact(
            "p_wang",
            Predicate.DEPLOYED_TO,
            "pl_new",
            evidence=_evidence(TEXT_B, s1, "回到"),
            confidence=0.7,
            date=PartialDate(2022, 12, None, "12月"),
            origin="o_health",
        ),
        Fact("p_wang", Predicate.MEMBER_OF, "o_health", evidence=_evidence(TEXT_B, s1), confidence=0.8),
        Fact(
            "p_zhang",
            Predicate.DEPLOYED_TO,
            "pl_new",
            evidence=_evidence(TEXT_B, s2, "来到"),
            confidence=0.95,
        ),
    )
    return Extraction(art, entities, facts, home="pl_north")


def make_settings(store_dir: Path, **overrides: object) -> Settings:
    """Settings of a test app over the store at ``store_dir``."""
    values: dict[str, object] = {
        "store_kind": "oxigraph",
        "store_path": store_dir,
        "query_timeout": 10.0,
        "query_workers": 2,
        "write_token": None,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def corpus() -> list[tuple[URIRef, Graph]]:
    """(article IRI, named graph) for each test article."""
    return [article_graph(ex) for ex in (article_a(), article_b())]
