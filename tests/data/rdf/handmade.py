"""Hand-made Extraction records for the graph and store tests.

They stand for what the extraction stage yields on the dev article (the
sentences are the article's, in Simplified), written by hand so the graph and
store tests do not depend on the reading and extraction stages. ``other_article``
is a second, invented article that mentions some of the same people, units and
places, to test merging across articles.
"""
from __future__ import annotations

from datetime import date

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
)

DEV_SENTENCES = [
    "长乐新闻网讯 大战见本色，大考显担当。",
    "疫情形势相对平稳后，积极开展对口支援晋安、仓山。",
    "王圣洁 摄",
    "区港澳台办一级科员陈艳玲每天早早来到湖南镇湖南社区，协助社区开展区域核酸检测。",
    "区疫情防控指挥部隔离观察组组长、“追阳”工作组办公室主任黄锋干脆在办公室里备了张折叠床。",
    "文岭镇三级主任科员姜文铠全身心投入到疫情防控中。",
    "区委区政府发出支援晋安的号召。",
    "姜亮 摄",
    "抵达晋安区后，党员志愿者陈宝全就进入了紧张的工作状态。",
    "抵达仓山区城门镇白云村，马其惠、陈永开、林节仁等10人卸下行囊，便成立临时党支部。",
    "王圣洁、柯抒琳摄",
    "金强（福建）建材科技股份有限公司党支部组建党员志愿者服务队；金煌物业、融拓物业党支部全员化身志愿者。",
    "长乐正隆纺织有限公司党支部、第二棉纺织厂党支部统筹协调各方力量。",
    "区委组织部第一时间落实区委区政府部署。",
    "我区专门成立援助仓山区疫情防控志愿服务队临时党委，由区纪委书记带队。",
    "黨員志願者劉誠儒深入封控區。",
    "志愿者薛俊武和同事通过分散张贴二维码的方式；志愿者杨佳参考网络视频。",
    "（特约记者 余少林）",
]


def _article(aid: str, sentences: list[str], **kw: object) -> Article:
    text = "\n".join(sentences)
    ident = OffsetMap(tuple(range(len(text))), tuple(range(1, len(text) + 1)))
    spans, pos = [], 0
    from kg.records import Span

    for s in sentences:
        spans.append(Span(pos, pos + len(s)))
        pos += len(s) + 1
    return Article(id=aid, source=f"data/samples/{aid}.txt", raw=text, text=text, offsets=ident,
                   sentences=tuple(spans), **kw)  # type: ignore[arg-type]


def _ev(article: Article, needle: str, trigger: str | None = None) -> Evidence:
    for span in article.sentences:
        sentence = article.text[span.start:span.end]
        if needle in sentence:
            return Evidence(sentence, span.start, span.end, span.start, span.end, trigger)
    raise AssertionError(f"no sentence with {needle!r}")


def P(key: str, name: str, **kw: object) -> Entity:  # noqa: N802 - reads like a table
    return Entity(key=key, type=EntityType.PERSON, name=name, **kw)  # type: ignore[arg-type]


def O(key: str, name: str, kind: OrgKind, **kw: object) -> Entity:  # noqa: N802,E743
    return Entity(key=key, type=EntityType.ORGANIZATION, name=name, org_kind=kind, **kw)  # type: ignore[arg-type]


def L(key: str, name: str, level: PlaceLevel, **kw: object) -> Entity:  # noqa: N802
    return Entity(key=key, type=EntityType.PLACE, name=name, level=level, **kw)  # type: ignore[arg-type]


def dev_extraction() -> Extraction:
    """The dev article's gold, as an Extraction."""
    art = _article(
        "changle-2022-cadres", DEV_SENTENCES, title="大战见本色 大考显担当", site="长乐新闻网",
        published=date(2022, 11, 15), sha256="0" * 64, encoding="utf-8",
        credits=(Credit(CreditRole.SPECIAL_CORRESPONDENT, "余少林", "特约记者", 0, 0),
                 Credit(CreditRole.PHOTOGRAPHER, "王圣洁", "摄", 0, 0)),
    )
    home = "长乐区"
    entities = (
        L("cl", "长乐区", PlaceLevel.DISTRICT, aliases=("长乐",), admin_code="350112",
          path=("福建省", "福州市", "长乐区")),
        L("ja", "晋安区", PlaceLevel.DISTRICT, aliases=("晋安",), admin_code="350111",
          path=("福建省", "福州市", "晋安区")),
        L("cs", "仓山区", PlaceLevel.DISTRICT, aliases=("仓山",), admin_code="350104",
          path=("福建省", "福州市", "仓山区")),
        L("hnz", "湖南镇", PlaceLevel.TOWN, admin_code="350112104",
          path=("福建省", "福州市", "长乐区", "湖南镇")),
        L("hnsq", "湖南社区", PlaceLevel.COMMUNITY, aliases=("湖南",)),
        L("wlz", "文岭镇", PlaceLevel.TOWN, admin_code="350112107"),
        L("cmz", "城门镇", PlaceLevel.TOWN, admin_code="350104101"),
        L("byc", "白云村", PlaceLevel.VILLAGE, path=("福建省", "福州市", "仓山区", "城门镇", "白云村")),
        O("gat", "区港澳台办", OrgKind.GOVERNMENT, qualifier=home),
        O("zhb", "区疫情防控指挥部", OrgKind.COMMAND, qualifier=home),
        O("glgcz", "隔离观察组", OrgKind.TEAM, parent="zhb"),
        O("zyg", "“追阳”工作组办公室", OrgKind.COMMAND, qualifier=home),
        O("bylsdzb", "临时党支部", OrgKind.TEMPORARY_BRANCH),
        O("jq", "金强（福建）建材科技股份有限公司党支部", OrgKind.PARTY_BRANCH),
        O("jh", "金煌物业党支部", OrgKind.PARTY_BRANCH),
        O("rt", "融拓物业党支部", OrgKind.PARTY_BRANCH),
        O("zl", "长乐正隆纺织有限公司党支部", OrgKind.PARTY_BRANCH),
        O("dem", "第二棉纺织厂党支部", OrgKind.PARTY_BRANCH),
        O("zzb", "区委组织部", OrgKind.PARTY_COMMITTEE, qualifier=home),
        O("qw", "区委", OrgKind.PARTY_COMMITTEE, qualifier=home),
        O("qzf", "区政府", OrgKind.GOVERNMENT, qualifier=home),
        O("jw", "区纪委", OrgKind.PARTY_COMMITTEE, qualifier=home),
        O("csldw", "援助仓山区疫情防控志愿服务队临时党委", OrgKind.TEMPORARY_BRANCH),
        P("cyl", "陈艳玲"), P("hf", "黄锋"), P("jwk", "姜文铠"), P("wsj", "王圣洁"), P("jl", "姜亮"),
        P("cbq", "陈宝全"), P("mqh", "马其惠"), P("cyk", "陈永开"), P("ljr", "林节仁"), P("ysl", "余少林"),
        P("ksl", "柯抒琳"), P("xjw", "薛俊武"), P("yj", "杨佳"),
        # a Traditional source form kept beside the Simplified name
        P("lcr", "刘诚儒", traditional=("劉誠儒",)),
    )

    def f(s: str, p: Predicate, o: str, needle: str | None, **kw: object) -> Fact:
        return Fact(s, p, o, evidence=_ev(art, needle) if needle else None, **kw)  # type: ignore[arg-type]

    facts = (
        f("cyl", Predicate.DEPLOYED_TO, "hnsq", "陈艳玲", confidence=0.9, role="一级科员",
          origin="gat", date=PartialDate(2022, 11, None, "每天")),
        f("cbq", Predicate.DEPLOYED_TO, "ja", "陈宝全", confidence=0.85, role="党员志愿者",
          date=PartialDate(None, 11, 3, "3日")),
        f("mqh", Predicate.DEPLOYED_TO, "byc", "马其惠", derived="enumeration"),
        f("cyk", Predicate.DEPLOYED_TO, "byc", "马其惠", derived="enumeration"),
        f("ljr", Predicate.DEPLOYED_TO, "byc", "马其惠", derived="enumeration",
          date=PartialDate(2022, 11, 10, "10日")),
        f("cyl", Predicate.MEMBER_OF, "gat", "陈艳玲"),
        f("hf", Predicate.MEMBER_OF, "glgcz", "黄锋"),
        f("hf", Predicate.MEMBER_OF, "zyg", "黄锋"),
        f("jwk", Predicate.MEMBER_OF, "wlz", "姜文铠"),
        f("mqh", Predicate.MEMBER_OF, "bylsdzb", "马其惠"),
        f("cyk", Predicate.MEMBER_OF, "bylsdzb", "马其惠"),
        f("ljr", Predicate.MEMBER_OF, "bylsdzb", "马其惠"),
        f("cyl", Predicate.JOB_TITLE, "一级科员", "陈艳玲"),
        f("hf", Predicate.JOB_TITLE, "组长", "黄锋"),
        f("hf", Predicate.JOB_TITLE, "主任", "黄锋"),
        f("jwk", Predicate.JOB_TITLE, "三级主任科员", "姜文铠"),
        f("ysl", Predicate.JOB_TITLE, "特约记者", "余少林"),
        f("cl", Predicate.SUPPORTS, "ja", "号召", confidence=0.8),
        f("cl", Predicate.SUPPORTS, "ja", "对口支援", confidence=0.9),
        f("cl", Predicate.SUPPORTS, "cs", "对口支援"),
        f("hnsq", Predicate.CONTAINED_IN, "hnz", "湖南镇湖南社区", derived="nesting"),
        f("byc", Predicate.CONTAINED_IN, "cmz", "城门镇白云村", derived="nesting"),
        f("cmz", Predicate.CONTAINED_IN, "cs", None, derived="gazetteer"),
        f("bylsdzb", Predicate.LOCATED_IN, "byc", "临时党支部"),
        f(ARTICLE, Predicate.AUTHOR, "ysl", "余少林"),
        f(ARTICLE, Predicate.PHOTOGRAPHER, "wsj", "王圣洁"),
        f(ARTICLE, Predicate.PHOTOGRAPHER, "jl", "姜亮"),
        f(ARTICLE, Predicate.PHOTOGRAPHER, "ksl", "柯抒琳"),
    )
    return Extraction(article=art, entities=entities, facts=facts, home="cl")


OTHER_SENTENCES = [
    "晋安新闻网讯 区港澳台办一级科员陈艳玲再次来到湖南镇湖南社区。",
    "志愿者陈宝全来到鼓楼区。",
    "区委组织部派出干部下沉。",
]


def other_extraction() -> Extraction:
    """An invented second article.

    The same 陈艳玲 (same unit), a different 陈宝全 (other place), another district's 区委组织部.
    """
    art = _article("other-2022-followup", OTHER_SENTENCES, site="晋安新闻网", published=date(2022, 11, 20))
    entities = (
        L("ja", "晋安区", PlaceLevel.DISTRICT, admin_code="350111"),
        L("cl", "长乐区", PlaceLevel.DISTRICT, admin_code="350112"),
        L("hnz", "湖南镇", PlaceLevel.TOWN, admin_code="350112104"),
        L("hnsq", "湖南社区", PlaceLevel.COMMUNITY),
        L("gl", "鼓楼区", PlaceLevel.DISTRICT, admin_code="350102"),
        O("gat", "区港澳台办", OrgKind.GOVERNMENT, qualifier="cl"),
        O("zzb", "区委组织部", OrgKind.PARTY_COMMITTEE, qualifier="晋安区"),
        P("cyl", "陈艳玲"), P("cbq", "陈宝全"),
    )
    facts = (
        Fact("cyl", Predicate.MEMBER_OF, "gat", evidence=_ev(art, "陈艳玲")),
        Fact("cyl", Predicate.DEPLOYED_TO, "hnsq", evidence=_ev(art, "陈艳玲")),
        Fact("hnsq", Predicate.CONTAINED_IN, "hnz", evidence=_ev(art, "湖南社区")),
        Fact("cbq", Predicate.DEPLOYED_TO, "gl", evidence=_ev(art, "陈宝全")),
    )
    return Extraction(article=art, entities=entities, facts=facts, home="ja")
