"""Fixtures shared by every test package."""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def dev_article_path() -> Path:
    """The real dev article (長樂新聞網), scraped with its damage."""
    return DATA / "gold" / "changle-2022-cadres.txt"


@pytest.fixture(scope="session")
def dev_gold_path() -> Path:
    return DATA / "gold" / "changle-2022-cadres.gold.json"


@pytest.fixture(scope="session")
def handmade() -> ModuleType:
    """tests/data/rdf/handmade.py (hand-made Extraction records) as a module; tests/ is not a package."""
    spec = importlib.util.spec_from_file_location("kg_tests_handmade", DATA / "rdf" / "handmade.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
