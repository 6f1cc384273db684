"""CSV node and edge lists, delivered as one zip holding ``nodes.csv`` and ``edges.csv``.

One file keeps ``kg graph export ... -o FILE`` and ``GET /graph/{view}?format=csv``
single-valued; unzip it for Gephi's or R's spreadsheet import.
"""
from __future__ import annotations

import csv
import io
import zipfile

import networkx as nx

from kg.export.base import Exporter, flat_value

NODE_COLUMNS = ["id", "label", "type", "level", "kind", "pinyin", "labels"]
EDGE_COLUMNS = ["source", "target", "relation", "weight", "start", "end", "dates", "articles", "evidence"]


def _table(columns: list[str], rows: list[dict[str, object]]) -> str:
    extra = sorted({k for r in rows for k in r} - set(columns))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns + extra, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: flat_value(k, v) if v is not None else "" for k, v in row.items()})
    return buf.getvalue()


def node_rows(graph: nx.Graph) -> list[dict[str, object]]:
    return [{"id": n, **attrs} for n, attrs in graph.nodes(data=True)]


def edge_rows(graph: nx.Graph) -> list[dict[str, object]]:
    return [{"source": u, "target": v, **attrs} for u, v, attrs in graph.edges(data=True)]


def write_csv_zip(graph: nx.Graph) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        # utf-8-sig: spreadsheet programs then read the Chinese names correctly.
        zf.writestr("nodes.csv", _table(NODE_COLUMNS, node_rows(graph)).encode("utf-8-sig"))
        zf.writestr("edges.csv", _table(EDGE_COLUMNS, edge_rows(graph)).encode("utf-8-sig"))
    return buf.getvalue()


CSV_ZIP = Exporter("csv", "application/zip", "zip", write_csv_zip,
                   "CSV node and edge lists: a zip with nodes.csv and edges.csv (UTF-8 with BOM)")
