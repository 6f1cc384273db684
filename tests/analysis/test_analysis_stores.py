"""The views come out the same over every registered store, the remote one against `oxigraph serve`."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from analysis_sample import sample_extractions
from servers import oxigraph_serve

from kg.analysis import build_view
from kg.analysis.data import GraphData, fetch_graph_data
from kg.rdf import to_dataset
from kg.store.base import STORES, Store


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` on a free loopback port."""
    with oxigraph_serve(tmp_path_factory.mktemp("oxi")) as url:
        yield url


def _open(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Store:
    factory = STORES.get(kind)
    if kind == "sparql":
        return factory.open(url=request.getfixturevalue("oxigraph_url"), union_default_graph=True)
    if kind == "oxigraph":
        return factory.open(path=tmp_path / "store")
    return factory.open()


@pytest.mark.parametrize("kind", STORES.names())
def test_same_graph_data_over_every_store(kind: str, tmp_path: Path, request: pytest.FixtureRequest,
                                          sample_data: GraphData) -> None:
    store = _open(kind, tmp_path, request)
    try:
        ds = to_dataset(sample_extractions())
        store.bulk_load((str(g.identifier), g) for g in ds.graphs() if len(g))
        data = fetch_graph_data(store)
    finally:
        store.close()
    assert data.nodes == sample_data.nodes
    assert data.facts == sample_data.facts
    view = build_view(data, "deployment")
    assert view.number_of_edges() == build_view(sample_data, "deployment").number_of_edges()
