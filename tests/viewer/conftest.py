"""The viewer test's fixtures: the dev article ingested by the real pipeline, served by `kg serve`.

The browser is Debian's Chromium (``/usr/bin/chromium``) driven by Playwright;
Playwright never downloads a browser here. ``make test`` installs Chromium
(``make browser``; or run ``tests/viewer/install_browser.sh``); without it the
browser tests are skipped with that reason.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
    port = free_port()
    env = {**os.environ, "KG_STORE_KIND": "oxigraph", "KG_QUERY_WORKERS": "1"}
    env.pop("KG_WRITE_TOKEN", None)
    kg = Path(sys.executable).with_name("kg")
    proc = subprocess.Popen([str(kg), "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--store", str(viewer_store_dir), "--log-level", "warning"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode() if proc.stdout else ""
                raise RuntimeError(f"kg serve exited with {proc.returncode}:\n{out}")
            try:
                if httpx.get(url + "/analysis", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("kg serve did not answer within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
