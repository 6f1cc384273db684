"""The viewer test's fixtures: the dev article ingested by the real pipeline, served by `kg serve`.

The browser is Debian's Chromium (``/usr/bin/chromium``) driven by Playwright;
Playwright never downloads a browser here. ``make test`` installs Chromium
(``make browser``; or run ``tests/viewer/install_browser.sh``); without it the
browser tests are skipped with that reason.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import kg_serve

CHROMIUM = Path("/usr/bin/chromium")
# WebGL (sigma.js) in headless Chromium without a GPU: SwiftShader, asked for explicitly
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]


@pytest.fixture(scope="session")
def viewer_store_dir(tmp_path_factory: pytest.TempPathFactory, dev_article_path: Path) -> Path:
    """An embedded store holding the dev article as the real pipeline ingests it."""
    from kg.ingest import ingest
    from kg.store.base import open_store

    path = tmp_path_factory.mktemp("viewer-store")
    store = open_store("oxigraph", path)
    try:
        report = ingest([dev_article_path], store=store)
    finally:
        store.close()
    assert not report.failures, report.failures
    return path


@pytest.fixture(scope="session")
def viewer_server(viewer_store_dir: Path) -> Iterator[str]:
    """``kg serve`` on a free loopback port over that store; its base URL."""
    with kg_serve(viewer_store_dir, env={"KG_QUERY_WORKERS": "1"}, probe_path="/analysis") as url:
        yield url


@pytest.fixture(scope="session")
def big_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``kg serve`` over a synthetic store of about 10^4 entities (see biggraph.py)."""
    from biggraph import build_store

    path = tmp_path_factory.mktemp("big-store")
    assert build_store(path) >= 10_000
    with kg_serve(path, env={"KG_QUERY_WORKERS": "1"}, probe_path="/analysis") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium through Playwright; skipped (with the reason) when Chromium is absent."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install it with tests/viewer/install_browser.sh "
                    "(apt-get install chromium) to run the viewer test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()
