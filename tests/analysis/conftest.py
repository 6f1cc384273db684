"""Fixtures of the analysis tests: the sample corpus in a real store, and its GraphData."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample import sample_extractions  # noqa: E402

from kg.analysis.data import GraphData, fetch_graph_data  # noqa: E402
from kg.rdf import to_dataset  # noqa: E402
from kg.store.base import Store  # noqa: E402


def load_store(extractions: list) -> Store:  # type: ignore[type-arg]
    """A memory store holding the named graphs built from ``extractions`` by the real builder."""
    from kg.store.base import open_store

    ds = to_dataset(extractions)
    store = open_store("memory")
    store.bulk_load((str(g.identifier), g) for g in ds.graphs() if len(g))
    return store


@pytest.fixture(scope="session")
def sample_store() -> Store:
    return load_store(sample_extractions())


@pytest.fixture(scope="session")
def sample_data(sample_store: Store) -> GraphData:
    return fetch_graph_data(sample_store)
