"""Registries: stores, exporters, readers, taggers are looked up by name.

Built-ins register through the same mechanism a third party would use: either
eagerly with the ``register`` decorator, or lazily by naming ``"module:attr"``
so that heavy imports happen only when the plugin is first used. Third parties
may also register through the ``frontline_kg.<kind>`` entry-point group.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from kg.errors import UnknownPluginError

T = TypeVar("T")


class Registry(Generic[T]):
    """A named table of plugins of one kind."""

    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, T | str] = {}
        self._entry_points_loaded = False

    def register(self, name: str, obj: T | str | None = None) -> Callable[[T], T]:
        """Register ``obj`` (or a lazy ``"module:attr"`` path) under ``name``; usable as a decorator."""
        if obj is not None:
            self._items[name] = obj

        def deco(o: T) -> T:
            self._items[name] = o
            return o

        return deco

    def _load_entry_points(self) -> None:
        if self._entry_points_loaded:
            return
        self._entry_points_loaded = True
        for ep in entry_points(group=f"frontline_kg.{self.kind}"):
            self._items.setdefault(ep.name, ep.value)

    def get(self, name: str) -> T:
        self._load_entry_points()
        try:
            obj = self._items[name]
        except KeyError:
            raise UnknownPluginError(self.kind, name, self._items) from None
        if isinstance(obj, str):
            module, _, attr = obj.partition(":")
            obj = getattr(importlib.import_module(module), attr)
            self._items[name] = obj
        return obj  # type: ignore[return-value]

    def names(self) -> list[str]:
        self._load_entry_points()
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        self._load_entry_points()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())
