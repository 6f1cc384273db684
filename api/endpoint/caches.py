"""Per-process caches of data derived from the store (analysis graphs, viewer scores).

A worker process clears them whenever it reopens its store handle (the store changed), so
no route answers from data older than the store it reads. In the server process (stores
served by ``ThreadRunner``) the caches check the store themselves (``GraphDataCache``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_CACHES: dict[str, Any] = {}
_LOCK = threading.Lock()


def get(name: str, factory: Callable[[], T]) -> T:
    """The cache ``name`` of this process, made by ``factory`` on first use."""
    with _LOCK:
        if name not in _CACHES:
            _CACHES[name] = factory()
        return _CACHES[name]  # type: ignore[no-any-return]


def clear() -> None:
    """Forget every cache (the store was reopened)."""
    with _LOCK:
        _CACHES.clear()
