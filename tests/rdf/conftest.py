"""Fixtures of the graph tests: hand-made extractions, so these tests need no extraction stage."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from kg.records import Extraction

DATA = Path(__file__).resolve().parent.parent / "data" / "rdf"


def load_handmade() -> ModuleType:
    """tests/data/rdf/handmade.py as a module (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("kg_tests_handmade", DATA / "handmade.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def handmade() -> ModuleType:
    return load_handmade()


@pytest.fixture(scope="session")
def dev_extraction(handmade: ModuleType) -> Extraction:
    return handmade.dev_extraction()


@pytest.fixture(scope="session")
def other_extraction(handmade: ModuleType) -> Extraction:
    return handmade.other_extraction()


@pytest.fixture(scope="session")
def ontology_dir(project_root: Path) -> Path:
    return project_root / "ontology"
