"""Store fixtures: every registered store, the remote one against a real `oxigraph serve`."""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from servers import oxigraph_serve

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


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` on 127.0.0.1:<free port>; yields its base URL.

    The union default graph is asked for per request by the client (``union_default_graph=True``).
    """
    with oxigraph_serve(tmp_path_factory.mktemp("oxigraph-server")) as url:
        yield url


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
