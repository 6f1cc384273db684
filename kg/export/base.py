"""The exporter record, the registry, and what every exporter shares (colours, flat attributes)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.errors import ExportError
from kg.registry import Registry

# One colour per node type, the same in GEXF, the Cytoscape.js style sheet and the viewer.
TYPE_COLORS: dict[str, str] = {
    "Person": "#e4572e",
    "Organization": "#4c78a8",
    "Place": "#54a24b",
    "Article": "#9d755d",
    "Unknown": "#999999",
}
LIST_SEP = " | "
EVIDENCE_CHARS = 2000     # evidence joined into one attribute is cut here (GraphML/GEXF/CSV cells)


@dataclass(frozen=True)
class Exporter:
    """A named way to write a view: ``write(graph) -> bytes`` with its media type and file extension."""

    name: str
    media_type: str
    extension: str
    write: Callable[[nx.Graph], bytes]
    description: str = ""


EXPORTERS: Registry[Exporter] = Registry("exporter")


def export_graph(graph: nx.Graph, fmt: str) -> bytes:
    """``graph`` in format ``fmt`` (UnknownPluginError lists the known formats)."""
    exporter = EXPORTERS.get(fmt)
    try:
        return exporter.write(graph)
    except (nx.NetworkXError, TypeError, ValueError) as exc:
        raise ExportError(f"could not write view {graph.graph.get('view', '?')!r} as {fmt}: {exc}") from exc


def hex_rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def type_color(node_type: str | None) -> str:
    return TYPE_COLORS.get(node_type or "Unknown", TYPE_COLORS["Unknown"])


def flat_value(key: str, value: Any) -> str | int | float | bool | None:
    """One attribute as a scalar the XML and CSV formats hold (lists joined, evidence as its sentences)."""
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        items = [v.get("text", "") if isinstance(v, dict) else str(v) for v in value]
        text = LIST_SEP.join(dict.fromkeys(items))
        return text[:EVIDENCE_CHARS] if key == "evidence" else text
    return str(value)


def flat_attrs(attrs: dict[str, Any], *, skip: tuple[str, ...] = ()) -> dict[str, str | int | float | bool]:
    """Attributes flattened by ``flat_value``; None values dropped (GraphML cannot hold them)."""
    out: dict[str, str | int | float | bool] = {}
    for k, v in attrs.items():
        if k in skip:
            continue
        flat = flat_value(k, v)
        if flat is not None:
            out[k] = flat
    return out


def jsonable_graph_attrs(graph: nx.Graph) -> dict[str, Any]:
    return {k: v for k, v in graph.graph.items() if isinstance(v, str | int | float | bool)}
