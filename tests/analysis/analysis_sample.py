"""A small hand-made corpus in extraction records, turned into RDF by the real builder.

Two articles: the dev article's deployments as the gold file states them, and a
second, invented article that repeats one deployment (so weights reach 2), adds
a dated deployment to the same community (so co-deployment has an edge) and a
second supporting district. Used when a test needs a graph it fully knows.
"""
from __future__ import annotations

from datetime import date

from kg.rdf import to_dataset
from kg.records import (
    ARTICLE,
    Article,
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
)
from kg.store.base import Store, open_store

CITY = ("福建省", "福州市")
PLACES = {
    "fz": ("福州市", PlaceLevel.CITY, ("福建省", "福州市")),
    "cl": ("长乐区", PlaceLevel.DISTRICT, (*CITY, "长乐区")),
    "ja": ("晋安区", PlaceLevel.DISTRICT, (*CITY, "晋安区")),
    "cs": ("仓山区", PlaceLevel.DISTRICT, (*CITY, "仓山区")),
    "hnz": ("湖南镇", PlaceLevel.TOWN, (*CITY, "长乐区", "湖南镇")),
    "hnsq": ("湖南社区", PlaceLevel.COMMUNITY, (*CITY, "长乐区", "湖南镇", "湖南社区")),
    "cmz": ("城门镇", PlaceLevel.TOWN, (*CITY, "仓山区", "城门镇")),
    "byc": ("白云村", PlaceLevel.VILLAGE, (*CITY, "仓山区", "城门镇", "白云村")),
}


def _article(aid: str, sentences: list[str], published: date) -> tuple[Article, dict[str, Evidence]]:
    text, evidence, pos = "", {}, 0
    for s in sentences:
        evidence[s] = Evidence(text=s, start=pos, end=pos + len(s), orig_start=pos, orig_end=pos + len(s))
        text += s
        pos += len(s)
    art = Article(id=aid, source=f"data/samples/{aid}.txt", raw=text, text=text,
                  offsets=OffsetMap(tuple(range(len(text))), tuple(range(1, len(text) + 1))),
                  title=f"{aid} title", published=published, site="测试新闻网")
    return art, evidence


def _places(keys: list[str]) -> list[Entity]:
    return [Entity(key=k, type=EntityType.PLACE, name=PLACES[k][0], level=PLACES[k][1], path=PLACES[k][2],
                   aliases=(PLACES[k][0][:-1],) if PLACES[k][1] is PlaceLevel.DISTRICT else ())
            for k in keys]


def _contained(keys: list[tuple[str, str]]) -> list[Fact]:
    return [Fact(k, Predicate.CONTAINED_IN, parent) for k, parent in keys]


S1 = "区港澳台办一级科员陈艳玲每天早早来到湖南镇湖南社区，协助社区开展区域核酸检测。"
S2 = "抵达晋安区后，党员志愿者陈宝全就进入了紧张的工作状态。"
S3 = "抵达仓山区城门镇白云村，马其惠、陈永开、林节仁等10人卸下行囊，便成立临时党支部。"
S4 = "区委区政府发出支援晋安的号召。"
S5 = "积极开展对口支援晋安、仓山。"
S6 = "区疫情防控指挥部隔离观察组组长黄锋干脆在办公室里备了张折叠床。"
B1 = "11日，马其惠再次来到白云村，与村干部一起开展核酸采样。"
B2 = "20日，区港澳台办干部张晓明来到湖南社区，与陈艳玲一起维护秩序。"
B3 = "马尾区也派出志愿者支援仓山。"
B4 = "此前，张晓明曾在白云村协助开展流调工作。"


def dev_extraction() -> Extraction:
    """The dev article's graph as the gold file states it (hand-made, not extracted)."""
    art, ev = _article("changle-2022-cadres", [S1, S2, S3, S4, S5, S6], date(2022, 11, 15))
    people = ["陈艳玲", "陈宝全", "马其惠", "陈永开", "林节仁", "黄锋", "余少林"]
    entities = [Entity(key=f"p{i}", type=EntityType.PERSON, name=n) for i, n in enumerate(people)]
    entities += _places(["fz", "cl", "ja", "cs", "hnz", "hnsq", "cmz", "byc"])
    entities += [
        Entity(key="gat", type=EntityType.ORGANIZATION, name="区港澳台办", qualifier="cl",
               org_kind=OrgKind.GOVERNMENT),
        Entity(key="zhb", type=EntityType.ORGANIZATION, name="区疫情防控指挥部", qualifier="cl",
               org_kind=OrgKind.COMMAND),
        Entity(key="lsdzb", type=EntityType.ORGANIZATION, name="临时党支部",
               org_kind=OrgKind.TEMPORARY_BRANCH),
    ]
    facts = [
        Fact("p0", Predicate.DEPLOYED_TO, "hnsq", ev[S1], origin="gat"),
        Fact("p1", Predicate.DEPLOYED_TO, "ja", ev[S2], role="党员志愿者"),
        Fact("p2", Predicate.DEPLOYED_TO, "byc", ev[S3], date=PartialDate(2022, 11, 10, "10日")),
        Fact("p3", Predicate.DEPLOYED_TO, "byc", ev[S3], date=PartialDate(2022, 11, 10, "10日")),
        Fact("p4", Predicate.DEPLOYED_TO, "byc", ev[S3], date=PartialDate(2022, 11, 10, "10日")),
        Fact("p0", Predicate.MEMBER_OF, "gat", ev[S1]),
        Fact("p0", Predicate.JOB_TITLE, "一级科员", ev[S1]),
        Fact("p5", Predicate.MEMBER_OF, "zhb", ev[S6]),
        Fact("p2", Predicate.MEMBER_OF, "lsdzb", ev[S3]),
        Fact("p3", Predicate.MEMBER_OF, "lsdzb", ev[S3]),
        Fact("p4", Predicate.MEMBER_OF, "lsdzb", ev[S3]),
        Fact("lsdzb", Predicate.LOCATED_IN, "byc", ev[S3]),
        Fact("cl", Predicate.SUPPORTS, "ja", ev[S4]),
        Fact("cl", Predicate.SUPPORTS, "cs", ev[S5]),
        Fact(ARTICLE, Predicate.AUTHOR, "p6"),
        *_contained([("cl", "fz"), ("ja", "fz"), ("cs", "fz"), ("hnz", "cl"), ("hnsq", "hnz"),
                     ("cmz", "cs"), ("byc", "cmz")]),
    ]
    return Extraction(article=art, entities=tuple(entities), facts=tuple(facts), home="cl")


def second_extraction() -> Extraction:
    """An invented follow-up article: repeats one deployment, adds a co-deployment and a supporter."""
    art, ev = _article("sample-followup", [B1, B2, B3, B4], date(2022, 11, 25))
    entities = [
        Entity(key="p2", type=EntityType.PERSON, name="马其惠"),
        Entity(key="p0", type=EntityType.PERSON, name="陈艳玲"),
        Entity(key="p9", type=EntityType.PERSON, name="张晓明"),
        *_places(["fz", "cl", "cs", "hnz", "hnsq", "cmz", "byc"]),
        Entity(key="my", type=EntityType.PLACE, name="马尾区", level=PlaceLevel.DISTRICT,
               path=(*CITY, "马尾区")),
        Entity(key="gat", type=EntityType.ORGANIZATION, name="区港澳台办", qualifier="cl",
               org_kind=OrgKind.GOVERNMENT),
        Entity(key="lsdzb", type=EntityType.ORGANIZATION, name="临时党支部",
               org_kind=OrgKind.TEMPORARY_BRANCH),
    ]
    facts = [
        Fact("p2", Predicate.DEPLOYED_TO, "byc", ev[B1], date=PartialDate(2022, 11, 11, "11日")),
        Fact("p2", Predicate.MEMBER_OF, "lsdzb", ev[B1]),
        Fact("lsdzb", Predicate.LOCATED_IN, "byc", ev[B1]),
        Fact("p9", Predicate.DEPLOYED_TO, "hnsq", ev[B2], date=PartialDate(2022, 11, 20, "20日")),
        Fact("p9", Predicate.MEMBER_OF, "gat", ev[B2]),
        Fact("p0", Predicate.DEPLOYED_TO, "hnsq", ev[B2], date=PartialDate(2022, 11, 20, "20日")),
        Fact("p0", Predicate.MEMBER_OF, "gat", ev[B2]),
        Fact("my", Predicate.SUPPORTS, "cs", ev[B3]),
        Fact("p9", Predicate.DEPLOYED_TO, "byc", ev[B4]),
        *_contained([("cl", "fz"), ("cs", "fz"), ("my", "fz"), ("hnz", "cl"), ("hnsq", "hnz"),
                     ("cmz", "cs"), ("byc", "cmz")]),
    ]
    return Extraction(article=art, entities=tuple(entities), facts=tuple(facts), home="cl")


def sample_extractions() -> list[Extraction]:
    return [dev_extraction(), second_extraction()]


def load_store(extractions: list[Extraction]) -> Store:
    """A memory store holding the named graphs built from ``extractions`` by the real builder."""
    ds = to_dataset(extractions)
    store = open_store("memory")
    store.bulk_load((str(g.identifier), g) for g in ds.graphs() if len(g))
    return store
