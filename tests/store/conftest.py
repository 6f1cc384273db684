"""Store fixtures: every registered store, the remote one against a real `oxigraph serve`."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import oxigraph_serve

from kg.store import STORES, Store


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
