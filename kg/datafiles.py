"""Where the project's data files are, in a source checkout and in an installed wheel alike.

The lexicons, the gazetteer suffixes and the ontology live at the top of the repository (``data/``,
``ontology/``). ``kg/_data`` and ``kg/_ontology`` link to them, so the wheel carries them as package data
and :mod:`importlib.resources` finds them wherever the package is installed.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from kg.errors import ConfigError


def _package_dir(name: str) -> Path:
    folder = Path(str(resources.files("kg") / name))
    if not folder.is_dir():
        raise ConfigError(f"the package data folder kg/{name} is missing at {folder.parent}: "
                          "reinstall frontline-kg (its wheel carries it)")
    return folder


def data_dir() -> Path:
    """The folder holding ``lexicons/`` and ``gazetteer/``."""
    return _package_dir("_data")


def lexicon_dir() -> Path:
    """``data/lexicons``: surnames, posts, roles, triggers, organisation suffixes and the rest."""
    return data_dir() / "lexicons"


def ontology_dir() -> Path:
    """The folder holding ``frontline.ttl`` and ``shapes.ttl``."""
    return _package_dir("_ontology")
