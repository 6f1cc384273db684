"""Writing datasets: the format follows the file suffix (or a format name).

Turtle and N-Triples hold one graph, so they get the union of the named
graphs; TriG, N-Quads and JSON-LD keep the named graphs.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kg.errors import ExportError
from kg.vocab import PREFIXES

# format name or suffix -> (rdflib format, keeps named graphs)
FORMATS: dict[str, tuple[str, bool]] = {
    "ttl": ("turtle", False),
    "turtle": ("turtle", False),
    "nt": ("nt", False),
    "ntriples": ("nt", False),
    "trig": ("trig", True),
    "nq": ("nquads", True),
    "nquads": ("nquads", True),
    "jsonld": ("json-ld", True),
    "json-ld": ("json-ld", True),
    "json": ("json-ld", True),
}
MEDIA_TYPES = {
    "turtle": "text/turtle", "nt": "application/n-triples", "trig": "application/trig",
    "nquads": "application/n-quads", "json-ld": "application/ld+json",
}


def format_of(path_or_format: str | Path) -> tuple[str, bool]:
    """(rdflib format, keeps named graphs) for a file path or a format name; ExportError otherwise."""
    text = str(path_or_format)
    key = Path(text).suffix.lstrip(".").lower() if isinstance(path_or_format, Path) or "." in text else text
    key = key.lower()
    if key not in FORMATS:
        raise ExportError(f"unknown RDF format {text!r}; expected a suffix or name among: "
                          f"{', '.join(sorted(FORMATS))}")
    return FORMATS[key]


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all graphs of ``dataset`` in one Graph (prefixes kept)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def to_bytes(dataset: Dataset | Graph, fmt: str) -> bytes:
    """``dataset`` serialised in ``fmt`` (a name or suffix, see ``FORMATS``)."""
    rdf_format, keeps_graphs = format_of(fmt)
    if isinstance(dataset, Dataset) and not keeps_graphs:
        dataset = union_graph(dataset)
    elif isinstance(dataset, Graph) and not isinstance(dataset, Dataset) and keeps_graphs:
        # A plain graph named by an IRI (an article graph) keeps its name as a named graph.
        ds = Dataset()
        target = ds.graph(dataset.identifier) if isinstance(dataset.identifier, URIRef) else ds
        for triple in dataset:
            target.add(triple)
        dataset = ds
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns, override=True)
    out = dataset.serialize(format=rdf_format, encoding="utf-8")
    out = out if isinstance(out, bytes) else out.encode("utf-8")
    if rdf_format in ("nt", "nquads"):
        # one statement per line: sorted, so the same graph gives the same bytes in every process
        out = b"".join(sorted(out.splitlines(keepends=True)))
    return out


def serialize(dataset: Dataset | Graph, path_or_format: str | Path) -> bytes | None:
    """Write ``dataset`` to a file (format from its suffix) or return bytes for a bare format name.

    ``serialize(ds, "out.trig")`` writes the file; ``serialize(ds, "nq")`` returns the N-Quads.
    ``.ttl``/``.nt`` get the union of the named graphs; ``.trig``/``.nq``/``.jsonld`` keep them.
    """
    text = str(path_or_format)
    if isinstance(path_or_format, Path) or "." in text or "/" in text:
        path = Path(text)
        data = to_bytes(dataset, path.suffix.lstrip("."))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return None
    return to_bytes(dataset, text)
