"""The in-process store: pyoxigraph's in-memory Store.

Why pyoxigraph rather than an rdflib Dataset: it is the same engine as the
default embedded store, so queries behave identically in tests and in
production (same SPARQL dialect, same union-default-graph semantics, same
native result serialisers for ``query_raw``), and it is 10-100x faster than
rdflib's query engine. Nothing is written to disk; the data goes when the
object does.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore


class MemoryStore(OxigraphStore):
    """An in-memory pyoxigraph store (``path`` is ignored: there is no file)."""

    name = "memory"

    @classmethod
    def open(cls, path: Path | str | None = None, settings: Settings | None = None, *,
             read_only: bool = False, **options: Any) -> MemoryStore:
        """A new, empty in-memory store."""
        if options:
            raise StoreError(f"unknown options for the memory store: {', '.join(sorted(options))}")
        if read_only:
            raise StoreError("a memory store cannot be opened read-only: it starts empty")
        return cls(ox.Store())

    def close(self) -> None:
        """Drop the data."""
        self._store = None  # type: ignore[assignment]
