"""Stores of the knowledge graph, looked up by name in ``STORES``."""
from __future__ import annotations

from kg.store.base import STORES, QueryResult, Store, open_store

__all__ = ["STORES", "QueryResult", "Store", "open_store"]
