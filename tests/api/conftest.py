"""Fixtures of the API tests: a real oxigraph store on disk with a small corpus, apps over it,
and a real uvicorn server in a subprocess."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # graphdata.py beside this file

import graphdata  # noqa: E402
from graphdata import make_settings  # noqa: E402
from servers import kg_serve  # noqa: E402

W3C_DIR = HERE.parent / "data" / "w3c" / "sparql11-protocol"
# The graphs the W3C protocol manifest loads (ut:graphData): file -> graph IRI.
W3C_GRAPHS = {f"data{i}.nt": f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3)}


def load_corpus(store: OxigraphStore) -> None:
    for iri, graph in graphdata.corpus():
        store.replace_graph(str(iri), graph)
    for name, iri in W3C_GRAPHS.items():
        store.load_file(W3C_DIR / name, graph_iri=iri)


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("api-store") / "store"


@pytest.fixture(scope="session")
def store(store_dir: Path) -> Iterator[OxigraphStore]:
    """The test corpus and the W3C protocol graphs in an embedded store on disk."""
    s = OxigraphStore.open(store_dir)
    load_corpus(s)
    yield s
    s.close()


@pytest.fixture(scope="session")
def settings(store_dir: Path) -> Settings:
    return make_settings(store_dir)


@pytest.fixture(scope="session")
def client(settings: Settings, store: OxigraphStore) -> Iterator[TestClient]:
    """TestClient over the app: SPARQL queries go to real worker processes."""
    with TestClient(create_app(settings, store)) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(store: OxigraphStore, store_dir: Path) -> Iterator[str]:
    """``kg serve`` in a subprocess on a free loopback port (store opened read-only); its base URL."""
    env = {"KG_QUERY_TIMEOUT": "3", "KG_QUERY_WORKERS": "4", "KG_SLOW_QUERY_SLOTS": "2", "KG_MAX_ROWS": "1000"}
    with kg_serve(store_dir, env=env) as url:
        yield url
