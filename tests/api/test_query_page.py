"""The query page at ``/`` in headless Chromium: pick an example, run it, see the table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
def page(live_server: str) -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install it with tests/viewer/install_browser.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            p = browser.new_page()
            external: list[str] = []
            p.on("request", lambda r: external.append(r.url) if not r.url.startswith(live_server) else None)
            p.goto(live_server + "/")
            yield p
            assert external == [], f"the page fetched from elsewhere: {external}"  # no CDN
        finally:
            browser.close()


def test_example_query_shows_a_table(page) -> None:
    page.wait_for_function("document.querySelectorAll('#examples option').length > 3")
    page.select_option("#examples", label="Who was deployed where, with the sentence that says so")
    assert "fk:Deployment" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr")
    headers = page.locator("#results th").all_inner_texts()
    assert headers == ["person", "place", "sentence"]
    text = page.inner_text("#results table")
    assert "王小明" in text and "绿苑社区" in text and "支援核酸采样" in text
    assert "rows" in page.inner_text("#status")


def test_bad_query_shows_the_message(page) -> None:
    page.fill("#query", "SELECT ?x WHERE { ?x")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "malformed SPARQL query" in page.inner_text("#status")
