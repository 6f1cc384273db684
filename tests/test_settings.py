"""Every setting is documented (datasette's habit): a test fails when one is not."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.settings import Settings

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_is_documented_in_readme(name: str) -> None:
    assert f"KG_{name.upper()}" in README.read_text(encoding="utf-8"), f"KG_{name.upper()} is not in README.md"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_has_a_description(name: str) -> None:
    assert Settings.model_fields[name].description, f"setting {name} has no description"


def test_settings_read_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE_KIND", "memory")
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "2.5")
    s = Settings()
    assert s.store_kind == "memory"
    assert s.query_timeout == 2.5
