"""Discourse: lists and coordinations, which team, place and time each sentence is about, and the
rule kinds that propose relations across sentences (team lists, inherited deployment places,
units sent to every place of a list, short references, temporary branches).

``parse_lists`` runs as ``fk_lists`` and ``frames`` as ``fk_discourse``; their results are kept on the
``Context`` (``ctx.lists``, ``ctx.discourse``) for the rule kinds registered here.
"""
from __future__ import annotations

from typing import Any

from kg.extract.context import Context


def parse_lists(ctx: Context) -> list[Any]:
    """Lists and coordinations of the article (names, places, units)."""
    return []


def frames(ctx: Context) -> Any:
    """Per sentence: the team, place and time in focus."""
    return None
