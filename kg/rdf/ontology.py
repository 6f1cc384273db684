"""The project's ontology files (``ontology/*.ttl``) and the named graph they go into in a store."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from kg.datafiles import ontology_dir
from kg.errors import ConfigError
from kg.vocab import FK, PREFIXES

# The ontology's own IRI names its graph in the store (FK without the trailing '#').
ONTOLOGY_GRAPH = URIRef(str(FK).rstrip("#"))
ONTOLOGY_DIR = ontology_dir()


def ontology_files(directory: Path | None = None) -> list[Path]:
    """``frontline.ttl`` and ``shapes.ttl`` (and any other Turtle file) of the ontology folder."""
    folder = directory or ONTOLOGY_DIR
    files = sorted(folder.glob("*.ttl"))
    if not files:
        raise ConfigError(f"no ontology files in {folder}: expected ontology/frontline.ttl")
    return files


def ontology_graph(directory: Path | None = None, *, shapes: bool = False) -> Graph:
    """The ontology (classes, properties, labels) as one graph; ``shapes=True`` adds the SHACL shapes."""
    g = Graph(identifier=ONTOLOGY_GRAPH)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    for f in ontology_files(directory):
        if f.name == "shapes.ttl" and not shapes:
            continue
        g.parse(f, format="turtle")
    return g


def shapes_graph(directory: Path | None = None) -> Graph:
    """The SHACL shapes (``ontology/shapes.ttl``)."""
    path = (directory or ONTOLOGY_DIR) / "shapes.ttl"
    if not path.is_file():
        raise ConfigError(f"no SHACL shapes at {path}")
    return Graph().parse(path, format="turtle")
