"""The query editor (YASGUI, bundled) at ``/query`` and ``/`` in headless Chromium, and the API docs at ``/docs``:
examples as tabs, a query run to a result table, ``?query=`` opened, nothing fetched from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser(live_server: str) -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install it with tests/viewer/install_browser.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, live_server: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    p = browser.new_page()
    external: list[str] = []
    p.on("request", lambda r: external.append(r.url)
         if not r.url.startswith((live_server, "data:", "blob:")) else None)
    yield p
    p.close()
    assert external == [], f"the page fetched from elsewhere: {external}"  # no CDN


def test_examples_are_tabs_and_a_query_shows_a_table(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/query")
    page.wait_for_selector("body[data-ready=true]")
    titles = [t.replace("✖", "").strip() for t in page.locator(".tabsList .tab").all_inner_texts()]
    examples = page.evaluate("fetch('/examples').then(r => r.json())")
    assert [t for t in titles if t][:len(examples)] == [e["title"] for e in examples]
    page.evaluate("window.frontlineYasgui.getTab().query()")
    page.wait_for_selector(".yasr table tbody tr td", timeout=30000)
    text = page.inner_text(".yasr")
    assert "王小明" in text and "绿苑社区" in text


def test_a_page_query_opens_first(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT ?name WHERE { ?p a <https://w3id.org/frontline-kg/ontology#Person> ; " \
            "<http://www.w3.org/2000/01/rdf-schema#label> ?name }"
    page.goto(live_server + "/query?query=" + quote(query))
    page.wait_for_selector("body[data-ready=true]")
    assert page.evaluate("window.frontlineYasgui.getTab().getQuery()") == query
    page.evaluate("window.frontlineYasgui.getTab().query()")
    page.wait_for_selector(".yasr table tbody tr td", timeout=30000)
    assert "张伟" in page.inner_text(".yasr")


def test_home_is_the_editor(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/")
    page.wait_for_selector("body[data-ready=true]")
    assert "langMatches" in page.inner_text(".note")


def test_docs_render_openapi_31(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/docs")
    page.wait_for_selector(".opblock-tag", timeout=30000)
    text = page.inner_text("body")
    assert "Unable to render this definition" not in text
    assert "/deployments" in text and "/sparql" in text and "OAS 3.1" in text
