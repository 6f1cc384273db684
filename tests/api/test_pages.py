"""``/id/...``: entity and article IRIs dereference, HTML for people, RDF for machines (content negotiation)."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from kg.vocab import FK, SDO

BASE = "https://w3id.org/frontline-kg/id/"


def _id(client: TestClient, name: str, type_: str | None = None) -> str:
    params = {"q": name, **({"type": type_} if type_ else {})}
    hits = [h for h in client.get("/search", params=params).json()["items"] if h["label"] == name]
    assert hits, f"{name} not found"
    return str(hits[0]["id"])


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_person_page_names_timeline_units_and_evidence(client: TestClient) -> None:
    r = client.get("/id/" + _id(client, "王小明"), headers={"Accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html, text = r.text, _text(r.text)
    assert "Wang Xiaoming" in text and "Wáng Xiǎomíng" in text          # English and tone-marked pinyin
    # the timeline in date order: 11-10 to the community, then December to the other one
    timeline = html[html.index('id="timeline"'):html.index('id="units"')]
    assert timeline.index("绿苑社区") < timeline.index("新河社区")
    assert "2022-11-10" in timeline
    assert "<mark>王小明</mark>" in html and "<mark>绿苑社区</mark>" in html     # the mention highlighted
    units = html[html.index('id="units"'):html.index('id="co-deployed"')]
    assert "城北区卫健局" in units
    co = html[html.index('id="co-deployed"'):html.index('id="ego"')]
    assert "张伟" in co                                                    # both at the new community
    assert 'href="/id/article/' in html                                     # evidence links to its article
    assert "<svg" in html and "Open this query in the editor" in html


def test_person_page_shows_the_traditional_name(client: TestClient) -> None:
    text = _text(client.get("/id/" + _id(client, "张伟")).text)
    assert "張偉" in text and "Zhang Wei" in text


def test_place_page_hierarchy_and_who_was_sent(client: TestClient) -> None:
    html = client.get("/id/" + _id(client, "湖东街道")).text
    where = html[html.index('id="hierarchy"'):html.index('id="sent-here"')]
    assert where.index("东州市") < where.index("城南区") < where.index("湖东街道")
    assert "绿苑社区" in where and "白沙村" in where                        # its children
    sent = html[html.index('id="sent-here"'):html.index('id="ego"')]
    assert "王小明" in sent and "李华" in sent                               # to places inside it
    assert "Hudong Subdistrict" in _text(html)


def test_organisation_page_members_and_deployments(client: TestClient) -> None:
    html = client.get("/id/" + _id(client, "城北区卫健局")).text
    members = html[html.index('id="members"'):html.index('id="sent-from"')]
    assert "王小明" in members and "李华" in members
    assert "Chengbei District Health Bureau" in _text(html)


def test_article_page_facts_with_confidence_and_credits(client: TestClient) -> None:
    html = client.get("/id/" + _id(client, "王小明")).text
    article = unquote(re.search(r'href="/id/(article/[^"]+)"', html).group(1))  # type: ignore[union-attr]
    page = client.get("/id/" + article)
    assert page.status_code == 200
    text = _text(page.text)
    assert "deployedTo" in text and "0.90" in text and "赵记" in text
    assert "<mark>" in page.text


@pytest.mark.parametrize(("accept", "fmt", "media"), [
    ("text/turtle", "turtle", "text/turtle"),
    ("application/ld+json", "json-ld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
])
def test_machines_get_rdf_by_accept(client: TestClient, accept: str, fmt: str, media: str) -> None:
    ident = _id(client, "王小明")
    r = client.get("/id/" + ident, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert "Accept" in r.headers["vary"]
    g = Graph().parse(data=r.text, format=fmt)
    me = URIRef(BASE + ident)
    assert (me, FK.deployedTo, None) in g
    # the statements that qualify its facts, and their evidence sentences, come along
    assert any(True for _ in g.triples((None, FK.evidence, None)))
    assert any("王小明" in str(o) for o in g.objects(None, FK.text))
    same = Graph().parse(data=client.get("/id/" + ident, params={"format": fmt.replace("-", "")
                                                                   .replace("turtle", "ttl")}).text, format=fmt)
    assert len(same) == len(g)


def test_article_iri_dereferences_as_rdf(client: TestClient) -> None:
    html = client.get("/id/" + _id(client, "王小明")).text
    article = unquote(re.search(r'href="/id/(article/[^"]+)"', html).group(1))  # type: ignore[union-attr]
    g = Graph().parse(data=client.get("/id/" + article, headers={"Accept": "text/turtle"}).text, format="turtle")
    assert (URIRef(BASE + article), SDO.headline, None) in g


def test_unknown_iris_and_formats(client: TestClient) -> None:
    assert client.get("/id/person/nobody-0000000000").status_code == 404
    assert client.get("/id/person/nobody-0000000000", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/id/" + _id(client, "王小明"), headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/id/" + _id(client, "王小明"), params={"format": "png"}).status_code == 400


@pytest.mark.slow
def test_dereference_over_a_real_server(live_server: str, client: TestClient) -> None:
    ident = _id(client, "王小明")
    page = httpx.get(f"{live_server}/id/{quote(ident)}", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200 and "Wang Xiaoming" in page.text
    ttl = httpx.get(f"{live_server}/id/{quote(ident)}", headers={"Accept": "text/turtle"}, timeout=30)
    assert ttl.status_code == 200 and (URIRef(BASE + ident), FK.deployedTo, None) in Graph().parse(
        data=ttl.text, format="turtle")
    query = re.search(r'href="(/query\?query=[^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    editor = httpx.get(live_server + query.replace("&amp;", "&"), timeout=30)
    assert editor.status_code == 200 and "text/html" in editor.headers["content-type"]


def test_article_page_shows_its_text_with_entities_marked(client: TestClient) -> None:
    html = client.get("/id/" + _id(client, "王小明")).text
    article = unquote(re.search(r'href="/id/(article/[^"]+)"', html).group(1))  # type: ignore[union-attr]
    page = client.get("/id/" + article).text
    text = page[page.index('id="text"'):page.index('id="facts"')]
    assert re.search(r'<a class="ent Person" href="/id/person/[^"]+">王小明</a>', text)
    assert re.search(r'<a class="ent Place" href="/id/place/[^"]+">绿苑社区</a>', text)
    assert "支援核酸采样" in _text(text)                                   # the plain text between mentions


def test_organisation_page_shows_where_it_sits(tmp_path, dev_article_path) -> None:  # type: ignore[no-untyped-def]
    from api.app import create_app
    from kg.ingest import ingest
    from kg.settings import Settings
    from kg.store.base import open_store

    store = open_store("memory")
    assert not ingest([dev_article_path], store=store).failures
    with TestClient(create_app(Settings(store_kind="memory"), store=store)) as c:
        parent = c.get("/id/" + _id(c, "区疫情防控指挥部")).text
        # a sub-unit is named in full after its command; searching its short name finds it
        child = c.get("/id/" + _id(c, "区疫情防控指挥部隔离观察组")).text
        short = c.get("/search", params={"q": "隔离观察组"}).json()["items"]
        assert any(h["label"] == "区疫情防控指挥部隔离观察组" for h in short), short
    assert "隔离观察组" in parent[parent.index('id="hierarchy"'):parent.index('id="members"')]
    assert "区疫情防控指挥部" in child[child.index('id="hierarchy"'):child.index('id="members"')]
