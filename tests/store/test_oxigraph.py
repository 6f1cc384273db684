"""What only the embedded store promises: files on disk, read-only opens, atomic article writes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import StoreError
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore
from kg.vocab import FK, RDFS

EX = "https://example.org/"


def graph(n: int, tag: str) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"{EX}{tag}/{i}"), RDFS.label, Literal(f"{tag}{i}", lang="zh-Hans")))
    return g


def test_persists_across_opens(tmp_path: Path) -> None:
    with OxigraphStore.open(tmp_path / "s") as s:
        s.replace_graph(f"{EX}g", graph(4, "a"))
    with OxigraphStore.open(tmp_path / "s") as s:
        assert len(s) == 4 and s.graphs() == [f"{EX}g"]


def test_read_only_open_queries_but_refuses_writes(tmp_path: Path) -> None:
    writer = OxigraphStore.open(tmp_path / "s")
    writer.replace_graph(f"{EX}g", graph(3, "a"))
    writer.close()
    reader = OxigraphStore.open(tmp_path / "s", read_only=True)
    assert reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].toPython() == 3
    with pytest.raises(StoreError, match="read-only"):
        reader.replace_graph(f"{EX}g", graph(1, "b"))
    reader.close()


def test_read_only_open_of_a_missing_store_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        OxigraphStore.open(tmp_path / "nothing", read_only=True)


def test_open_store_uses_settings_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.settings import get_settings

    monkeypatch.setenv("KG_STORE_KIND", "memory")
    get_settings.cache_clear()
    try:
        s = open_store()
        assert s.name == "memory"
        s2 = open_store("oxigraph", tmp_path / "x")
        assert s2.name == "oxigraph" and (tmp_path / "x").is_dir()
        s2.close()
    finally:
        get_settings.cache_clear()


def test_failed_replace_keeps_the_old_graph(tmp_path: Path) -> None:
    """A replacement that cannot be written (a bad term at the end) leaves the old graph."""
    s = OxigraphStore.open(tmp_path / "s")
    s.replace_graph(f"{EX}g", graph(5, "old"))
    bad = graph(50, "new")
    bad.add((URIRef(f"{EX}x"), FK.p, URIRef(f"{EX}not an iri")))  # rdflib lets it through
    with pytest.raises(StoreError):
        s.replace_graph(f"{EX}g", bad)
    assert len(s) == 5
    assert s.query("ASK { ?s rdfs:label \"old0\"@zh-Hans }").boolean
    s.close()


WRITER = textwrap.dedent("""
    import sys
    from rdflib import Graph, Literal, URIRef
    from kg.store.oxigraph import OxigraphStore
    from kg.vocab import RDFS
    store = OxigraphStore.open(sys.argv[1])
    n = int(sys.argv[2])
    i = 0
    print("ready", flush=True)
    while True:
        g = Graph()
        for k in range(n):
            g.add((URIRef(f"https://example.org/{i}/{k}"), RDFS.label, Literal(f"v{i}-{k}")))
        store.replace_graph(f"https://example.org/article/{i % 3}", g)
        print("wrote", i, flush=True)
        i += 1
""")


@pytest.mark.slow
def test_killed_writer_leaves_whole_articles(tmp_path: Path) -> None:
    """Kill -9 a process that keeps replacing article graphs (three times, at varying moments):
    every graph left is complete."""
    import random

    n = 5000
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rnd = random.Random(7)
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, str(script), str(tmp_path / "s"), str(n)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        # let a few replacements commit, then kill it at some point of a later one
        while not proc.stdout.readline().startswith(b"wrote 3"):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
        time.sleep(rnd.uniform(0.0, 0.2))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with OxigraphStore.open(tmp_path / "s") as s:
            sizes = [len(s.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
                                 bindings={"g": URIRef(g)}).rows) for g in s.graphs()]
            assert sizes and all(size == n for size in sizes), sizes
