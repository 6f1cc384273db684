"""A synthetic corpus of about 10^4 entities for the viewer's scale test and its frame-time benchmark.

Articles are made as extraction records and turned into RDF by the real builder, then bulk-loaded into a
real embedded store: people (names drawn from common surnames and given-name characters) deployed from
units to communities and villages of districts, with dates. Deterministic for a seed.
"""
from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from kg.rdf import to_dataset
from kg.records import (
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
from kg.store.base import open_store

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅林海燕晓东波宇鹏辉玲"
UNIT_HEADS = ["卫健局", "农业农村局", "教育局", "财政局", "民政局", "司法局", "城管局", "林业局"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def extractions(n_articles: int = 400, people_per_article: int = 22, seed: int = 7) -> list[Extraction]:
    """``n_articles`` articles; each names ``people_per_article`` people, 2 units and 3 places."""
    rng = random.Random(seed)
    out = []
    for a in range(n_articles):
        district = f"第{a % 40}区"
        town = f"{district}第{a % 7}街道"
        places = [(f"c{a}", f"新{a}社区"), (f"v{a}", f"新{a}村"), (f"t{a}", town)]
        units = [(f"u{a}-{i}", f"{district}{UNIT_HEADS[(a + i) % len(UNIT_HEADS)]}") for i in range(2)]
        people = [(f"p{a}-{i}", _name(rng) + str(a)) for i in range(people_per_article)]
        sentences, facts = [], []
        for i, (pk, pname) in enumerate(people):
            uk, uname = units[i % 2]
            plk, plname = places[i % 2]
            sentences.append(f"{uname}干部{pname}来到{plname}值守。")
            facts.append((pk, Predicate.DEPLOYED_TO, plk, len(sentences) - 1, uk))
            facts.append((pk, Predicate.MEMBER_OF, uk, len(sentences) - 1, None))
        text, ev, pos = "", [], 0
        for s in sentences:
            ev.append(Evidence(text=s, start=pos, end=pos + len(s), orig_start=pos, orig_end=pos + len(s)))
            text += s
            pos += len(s)
        art = Article(id=f"big-{a}", source=f"big/{a}.txt", raw=text, text=text,
                      offsets=OffsetMap(tuple(range(len(text))), tuple(range(1, len(text) + 1))),
                      title=f"synthetic {a}", published=date(2022, 1 + a % 12, 1 + a % 28), site="合成")
        entities = [Entity(key=k, type=EntityType.PERSON, name=n) for k, n in people]
        entities += [Entity(key=k, type=EntityType.ORGANIZATION, name=n, org_kind=OrgKind.GOVERNMENT)
                     for k, n in units]
        entities += [Entity(key=k, type=EntityType.PLACE, name=n,
                            level=PlaceLevel.TOWN if k.startswith("t") else
                            PlaceLevel.COMMUNITY if k.startswith("c") else PlaceLevel.VILLAGE,
                            path=(town, n) if not k.startswith("t") else (town,))
                     for k, n in places]
        day = PartialDate(2022, 1 + a % 12, 1 + a % 28, "")
        out.append(Extraction(art, tuple(entities), tuple(
            [Fact(s, p, o, evidence=ev[i], confidence=0.9, date=day if p is Predicate.DEPLOYED_TO else None,
                  origin=origin) for s, p, o, i, origin in facts]
            + [Fact(f"c{a}", Predicate.CONTAINED_IN, f"t{a}"), Fact(f"v{a}", Predicate.CONTAINED_IN, f"t{a}")])))
    return out


def build_store(path: Path, **options: int) -> int:
    """Write the synthetic corpus into an embedded store at ``path``; returns the number of entities."""
    exs = extractions(**options)
    store = open_store("oxigraph", path)
    try:
        ds = to_dataset(exs)
        store.bulk_load((str(g.identifier), g) for g in ds.graphs() if len(g))
    finally:
        store.close()
    return sum(len(e.entities) for e in exs)
