"""Store fixtures: every registered store, the remote one against a real `oxigraph serve`."""
from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from kg.store import STORES, Store

DATA = Path(__file__).resolve().parent.parent / "data" / "rdf"


def load_handmade() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kg_tests_handmade_store", DATA / "handmade.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def handmade() -> ModuleType:
    return load_handmade()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_binary() -> str:
    """The `oxigraph` server program of the dev extra (next to this Python, else on PATH)."""
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` program is missing: install the dev extra (pip install -e '.[dev]')")
    return found


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` on 127.0.0.1:<free port>; yields its base URL.

    The union default graph is asked for per request by the client (``union_default_graph=True``).
    """
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"oxigraph serve exited with {proc.returncode}: {err}")
            try:
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("oxigraph serve did not answer within 30 s")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def open_kind(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Store:
    factory = STORES.get(kind)
    if kind == "sparql":
        url = request.getfixturevalue("oxigraph_server")
        store = factory.open(url=url, union_default_graph=True)
        store.update("DROP ALL")  # the server is shared by the session: start each test empty
        return store  # type: ignore[no-any-return]
    if kind == "oxigraph":
        return factory.open(path=tmp_path / "store")  # type: ignore[no-any-return]
    return factory.open()  # type: ignore[no-any-return]


@pytest.fixture(params=STORES.names())
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Each registered store, empty."""
    s = open_kind(request.param, tmp_path, request)
    yield s
    s.close()
