"""The viewer (sigma.js + graphology, WebGL) in a real headless Chromium against a real server: the dev
article's graph, and a synthetic graph of 10^4 entities."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from pngstats import distinct_colors, gray_variance

from kg.export.base import TYPE_COLORS

pytestmark = pytest.mark.slow
EVIDENCE = "陈艳玲每天早早来到湖南镇湖南社区"


def test_viewer_assets_are_local(viewer_server: str) -> None:
    page = httpx.get(viewer_server + "/viewer").text
    assert "/static/viewer/viewer.js" in page and "http" not in page.split("<body>")[1]
    js = httpx.get(viewer_server + "/static/viewer/viewer.js")
    assert js.status_code == 200 and len(js.content) > 100_000     # sigma.js and graphology are bundled in
    assert "WebGL" in js.text


def _open(browser: Any, url: str, requests: list[str], *, width: int = 1400, height: int = 860,
          query: str = "view=full", wait_s: int = 60) -> Any:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{url}/viewer?{query}")
    page.wait_for_function("document.body.dataset.loaded", timeout=wait_s * 1000)
    assert "error" not in page.evaluate("document.body.dataset"), page.inner_text("#status")
    return page


def _labels(page: Any) -> set[str]:
    return set(page.evaluate("viewer.graph.mapNodes((n, a) => a.label)"))


def _reload(page: Any, action: Any) -> None:
    before = page.evaluate("document.body.dataset.loaded")
    action()
    page.wait_for_function(f"document.body.dataset.loaded !== '{before}'", timeout=30_000)


def test_search_click_evidence_and_screenshot(browser: Any, viewer_server: str, tmp_path: Path) -> None:
    requests: list[str] = []
    page = _open(browser, viewer_server, requests)
    try:
        assert page.evaluate("viewer.graph.order") > 5
        assert page.evaluate("viewer.graph.size") > 3
        assert "showing" in page.inner_text("#status")

        page.fill("#search", "陈艳玲")
        first = page.locator("#search-results li[data-id]").first
        first.wait_for(timeout=10_000)
        assert "陈艳玲" in first.inner_text()
        first.click()
        page.locator("#details .sentence", has_text=EVIDENCE).first.wait_for(timeout=10_000)
        details = page.inner_text("#details")
        assert "湖南社区" in details and "deployedTo" in details and "一级科员" in details
        link = page.locator("#details .evidence a").first.get_attribute("href")
        assert link and link.startswith("/id/article/")                # the article's page, not raw JSON
        article = httpx.get(viewer_server + link)
        assert article.status_code == 200 and article.headers["content-type"].startswith("text/html")
        entity = page.locator("#details .iri a").first.get_attribute("href")
        assert entity and entity.startswith("/id/person/")
        assert httpx.get(viewer_server + entity).status_code == 200   # and so does the entity's page
        assert page.evaluate("viewer.graph.getNodeAttribute(viewer.state.selected, 'label')") == "陈艳玲"

        # Traditional characters and pinyin find the same person
        for q in ("陳豔玲", "chenyanling"):
            page.fill("#search", q)
            page.wait_for_function(f"document.querySelector('#search-results').dataset.q === '{q}'",
                                   timeout=10_000)       # this query's results, not the previous ones
            assert "陈艳玲" in page.locator("#search-results li[data-id]").first.inner_text()

        page.wait_for_function("document.body.dataset.layout === 'done'", timeout=30_000)
        shot = page.locator("#graph").screenshot()
        (tmp_path / "viewer.png").write_bytes(shot)
        assert gray_variance(shot) > 20, "the graph area is blank"
        assert distinct_colors(shot) > 10
        full = page.screenshot()
        if os.environ.get("KG_VIEWER_SCREENSHOT"):   # docs/viewer.png is made this way
            Path(os.environ["KG_VIEWER_SCREENSHOT"]).write_bytes(full)
        # the page works offline: every request went to our own server (the layout worker is a blob: URL)
        assert requests and all(r.startswith((viewer_server, "blob:")) for r in requests), requests
    finally:
        page.close()


def test_nodes_are_coloured_by_type_and_filters_apply(browser: Any, viewer_server: str) -> None:
    page = _open(browser, viewer_server, [])
    try:
        colours = page.evaluate("Object.fromEntries(viewer.graph.mapNodes((n, a) => [a.entityType, a.color]))")
        for node_type, colour in colours.items():
            assert colour == TYPE_COLORS[node_type], node_type
        sizes = page.evaluate("viewer.graph.mapNodes((n, a) => a.size)")
        assert max(sizes) > min(sizes)                        # sized by the measure

        page.uncheck("#type-Organization")
        page.uncheck("#type-Person")
        _reload(page, lambda: page.click("#apply"))
        assert set(page.evaluate("viewer.graph.mapNodes((n, a) => a.entityType)")) == {"Place"}

        _reload(page, lambda: page.select_option("#view", "support"))
        assert page.evaluate("viewer.graph.order") > 0
        assert set(page.evaluate("viewer.graph.mapNodes((n, a) => a.entityType)")) == {"Place"}
        assert page.inner_text("#status").startswith("support")
    finally:
        page.close()


def test_edge_labels_and_relation_filter(browser: Any, viewer_server: str) -> None:
    page = _open(browser, viewer_server, [])
    try:
        labels = page.evaluate("viewer.graph.mapEdges((e, a) => a.label)")
        assert any(label.startswith("deployedTo") for label in labels)
        assert any(label.startswith("memberOf") for label in labels)
        page.uncheck("#relations input[data-relation=memberOf]")
        hidden = page.evaluate("""viewer.graph.filterEdges((e, a) => a.relation === 'memberOf')
            .map(e => viewer.renderer.getEdgeDisplayData(e).hidden)""")
        shown = page.evaluate("""viewer.graph.filterEdges((e, a) => a.relation === 'deployedTo')
            .map(e => viewer.renderer.getEdgeDisplayData(e).hidden)""")
        assert hidden and all(hidden) and shown and not any(shown)
    finally:
        page.close()


def test_region_and_date_filters(browser: Any, viewer_server: str) -> None:
    page = _open(browser, viewer_server, [])
    try:
        _reload(page, lambda: page.select_option("#view", "deployment"))
        page.fill("#region", "仓山区")
        _reload(page, lambda: page.click("#apply"))
        assert "白云村" in _labels(page) and "湖南社区" not in _labels(page)
        page.fill("#region", "")
        page.fill("#from", "2030-01-01")
        _reload(page, lambda: page.click("#apply"))
        assert page.evaluate("viewer.graph.order") == 0
        assert "showing 0 of 0" in page.inner_text("#status")
    finally:
        page.close()


def test_expanding_a_node_keeps_its_neighbourhood(browser: Any, viewer_server: str) -> None:
    page = _open(browser, viewer_server, [], query="view=full&limit=10")
    try:
        assert page.evaluate("viewer.graph.order") <= 14          # ten nodes and one aggregate per type
        # a searched node comes in with its neighbours (drawn or not at first)
        page.fill("#search", "陈艳玲")
        page.locator("#search-results li[data-id]").first.click()
        page.locator("#details #expand").wait_for(timeout=20_000)
        me = page.evaluate("viewer.graph.findNode((n, a) => a.label === '陈艳玲')")
        if page.evaluate("viewer.state.focus") != me:
            _reload(page, lambda: page.click("#details #expand"))
        assert {"陈艳玲", "湖南社区", "区港澳台办"} <= _labels(page)
        # and the button brings in the neighbourhood of another node
        other = page.evaluate("viewer.graph.findNode((n, a) => a.label === '湖南社区')")
        page.evaluate(f"viewer.showNode('{other}')")
        page.locator("#details #expand").wait_for(timeout=20_000)
        _reload(page, lambda: page.click("#details #expand"))
        assert {"湖南社区", "湖南镇"} <= _labels(page)
        assert "expanded around 湖南社区" in page.inner_text("#status")
    finally:
        page.close()


def test_phone_width(browser: Any, viewer_server: str, tmp_path: Path) -> None:
    page = _open(browser, viewer_server, [], width=390, height=844)
    try:
        box = page.locator("#graph").bounding_box()
        assert box and box["width"] > 350 and box["height"] > 250
        page.wait_for_function("document.body.dataset.layout === 'done'", timeout=30_000)
        shot = page.screenshot()
        (tmp_path / "viewer-390.png").write_bytes(shot)
        assert gray_variance(page.locator("#graph").screenshot()) > 20
        assert page.locator("#search").is_visible()
    finally:
        page.close()


def test_ten_thousand_nodes(browser: Any, big_server: str, tmp_path: Path) -> None:
    # the first view of 10^4 nodes (with its centralities) takes tens of seconds on a busy machine
    page = _open(browser, big_server, [], width=1280, height=800, query="view=full&limit=10000", wait_s=240)
    try:
        assert page.evaluate("viewer.graph.order") >= 10_000
        assert page.evaluate("viewer.graph.size") > 15_000
        shot = page.locator("#graph").screenshot()
        (tmp_path / "viewer-10k.png").write_bytes(shot)
        assert gray_variance(shot) > 20 and distinct_colors(shot) > 10
        assert "showing 10000 of" in page.inner_text("#status")
    finally:
        page.close()
