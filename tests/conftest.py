"""Fixtures shared by every test package."""
from __future__ import annotations

from pathlib import Path

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
