"""The map page (Leaflet, no tiles) in headless Chromium over the dev article's graph."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from pngstats import gray_variance

pytestmark = pytest.mark.slow


def test_seats_have_every_province(viewer_server: str) -> None:
    body = httpx.get(viewer_server + "/map/seats", timeout=30).json()
    names = {s["name"] for s in body["seats"]}
    assert len(names) >= 31 and {"福建省", "新疆维吾尔自治区", "北京市"} <= names
    assert body["base"].startswith("https://")


def test_map_draws_located_places_and_assistance_lines(browser: Any, viewer_server: str, tmp_path: Path) -> None:
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(viewer_server + "/map?view=support")
        page.wait_for_function("document.body.dataset.ready", timeout=60_000)
        assert page.evaluate("frontlineMap.features()") >= 3
        assert "features located" in page.inner_text("#status")
        # paired assistance between two located districts is drawn as a line
        assert page.locator("path.kg-point").count() >= 2 and page.locator("path.kg-line").count() >= 1
        page.locator("path.kg-line").first.click(force=True)
        page.locator(".leaflet-popup-content").wait_for(timeout=10_000)
        assert "supports" in page.inner_text(".leaflet-popup-content")
        page.evaluate("frontlineMap.points()[0].openPopup()")
        link = page.locator(".leaflet-popup-content a").first
        link.wait_for(timeout=10_000)
        href = link.get_attribute("href")
        assert href and href.startswith("/id/place/")                     # the place's page, by the base
        assert httpx.get(viewer_server + href, timeout=30).status_code == 200
        shot = page.locator("#map").screenshot()
        (tmp_path / "map.png").write_bytes(shot)
        assert gray_variance(shot) > 5
        before = page.evaluate("document.body.dataset.ready")
        page.select_option("#view", "flows")                              # the default view, unit -> place
        page.wait_for_function(f"document.body.dataset.ready !== '{before}'", timeout=30_000)
        assert page.evaluate("frontlineMap.features()") > 0
        before = page.evaluate("document.body.dataset.ready")
        page.select_option("#view", "deployment")
        page.wait_for_function(f"document.body.dataset.ready !== '{before}'", timeout=30_000)
        assert page.evaluate("frontlineMap.features()") > 0
        assert requests and all(r.startswith(viewer_server) for r in requests), requests   # no tiles, no CDN
    finally:
        page.close()
