"""Fixtures of the analysis tests: the sample corpus in a real store, and its GraphData."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis_sample import load_store, sample_extractions  # noqa: E402

from kg.analysis.data import GraphData, fetch_graph_data  # noqa: E402
from kg.store.base import Store  # noqa: E402


@pytest.fixture(scope="session")
def sample_store() -> Store:
    return load_store(sample_extractions())


@pytest.fixture(scope="session")
def sample_data(sample_store: Store) -> GraphData:
    return fetch_graph_data(sample_store)
