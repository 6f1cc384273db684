"""Fixtures of the reading-stage tests: the resources are built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.read import ReadResources, default_resources

READ_DATA = Path(__file__).resolve().parents[1] / "data" / "read"


@pytest.fixture(scope="session")
def res() -> ReadResources:
    return default_resources()


@pytest.fixture(scope="session")
def read_data() -> Path:
    return READ_DATA
