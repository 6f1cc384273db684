"""Which stage of the pipeline the current article is in.

The stages announce themselves with :func:`enter`; a supervisor that runs extraction in a
worker process (``kg.batch.ExtractionPool``) installs a hook that copies the name into
shared memory, so an article stopped at its time limit is reported with the stage it was in.
Without a hook, :func:`enter` only records the name in this process.
"""
from __future__ import annotations

from collections.abc import Callable

READ, NORMALISE, TAG, RECOGNISE, RESOLVE, RELATIONS, BUILD = (
    "read", "normalise", "tag", "recognise", "resolve", "relations", "build")
STAGES = (READ, NORMALISE, TAG, RECOGNISE, RESOLVE, RELATIONS, BUILD)

_current = ""
_hook: Callable[[str], None] | None = None


def enter(stage: str) -> None:
    """Say that the current article has reached ``stage``."""
    global _current
    _current = stage
    if _hook is not None:
        _hook(stage)


def current() -> str:
    """The stage last entered in this process ('' before any)."""
    return _current


def set_hook(hook: Callable[[str], None] | None) -> None:
    """Call ``hook(stage)`` on every :func:`enter` (None: stop)."""
    global _hook
    _hook = hook
