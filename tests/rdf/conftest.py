"""Fixtures of the graph tests: hand-made extractions, so these tests need no extraction stage."""
from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from kg.records import Extraction


@pytest.fixture(scope="session")
def dev_extraction(handmade: ModuleType) -> Extraction:
    return handmade.dev_extraction()


@pytest.fixture(scope="session")
def other_extraction(handmade: ModuleType) -> Extraction:
    return handmade.other_extraction()


@pytest.fixture(scope="session")
def ontology_dir(project_root: Path) -> Path:
    return project_root / "ontology"
