"""Make docs/viewer.png: ingest the samples, serve them, open the viewer in headless Chromium.

    .venv/bin/python tests/viewer/make_screenshot.py [--out docs/viewer.png] [PATHS...]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(HERE.parent)]   # this folder (conftest) and tests/ (servers)

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from servers import free_port  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[ROOT / "data" / "samples"])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "viewer.png")
    ap.add_argument("--search", default="陈艳玲")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from kg.ingest import ingest
    from kg.store.base import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store("oxigraph", tmp)
        ingest(args.paths, store=store)
        store.close()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([str(Path(sys.executable).with_name("kg")), "serve", "--host", "127.0.0.1",
                                 "--port", str(port), "--store", tmp, "--log-level", "warning"])
        try:
            for _ in range(300):
                try:
                    if httpx.get(url + "/analysis", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 860})
                page.goto(url + "/viewer?view=full")
                page.wait_for_function("document.body.dataset.loaded", timeout=30_000)
                page.fill("#search", args.search)
                first = page.locator("#search-results li[data-id]").first
                first.wait_for(timeout=10_000)
                first.click()
                page.locator("#details .sentence").first.wait_for(timeout=10_000)
                page.wait_for_function("document.body.dataset.layout === 'done'", timeout=30_000)
                page.evaluate("viewer.state.selected = null; viewer.renderer.refresh(); "
                              "viewer.renderer.getCamera().animatedReset({duration: 0})")   # the whole graph, coloured
                page.wait_for_timeout(600)
                args.out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out))
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
