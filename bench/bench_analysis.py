"""Time to build each analysis view and compute each measure at 10^4, 10^5 (and 10^6) triples.

    .venv/bin/python bench/bench_analysis.py [--sizes 1e4,1e5,1e6] [--samples DIR] [--repeat-measures]

The corpus is made by REPEATING AND VARYING the real samples: ``data/samples/``
is ingested once by the real pipeline (read, extract, build RDF), its N-Quads
are then copied again and again with renamed IRIs until the size is reached.
Each copy gets its own people and articles (``person/v17-...``); units are
shared by every third copy and places by every fifth (``place/v3-...``), so
that the copies link up the way a real corpus does (many people sent to the
same places by the same units) instead of being disjoint islands. The graph is
loaded into the in-memory pyoxigraph store; views are then built THROUGH SPARQL
(``fetch_graph_data``) exactly as ``kg analyze`` and the API do.

Betweenness above 2000 nodes is estimated from 500 seeded pivots (see
``kg.analysis.measures``); everything else is exact.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from kg.analysis import MEASURE_NAMES, VIEW_NAMES, build_view, fetch_graph_data, measure  # noqa: E402
from kg.store.base import open_store  # noqa: E402

_KINDS = re.compile(rb"/id/(person|organization|place|article|role)/")


def seed_nquads(samples: Path) -> bytes:
    """The samples ingested by the real pipeline, as N-Quads (articles' named graphs only)."""
    from kg.ingest import ingest

    store = open_store("memory")
    report = ingest([samples], store=store, ontology=False)
    if report.failures:
        print(f"note: {len(report.failures)} sample(s) failed to ingest: {report.failures}", file=sys.stderr)
    out = store.raw.dump(format=ox.RdfFormat.N_QUADS)  # type: ignore[attr-defined]
    store.close()
    return out if isinstance(out, bytes) else bytes(out)


def varied_copy(seed: bytes, i: int) -> bytes:
    """Copy ``i`` of the seed: own people and articles, units shared by 3 copies, places by 5."""
    share = {b"person": i, b"article": i, b"organization": i // 3, b"place": i // 5, b"role": 0}

    def rename(m: re.Match[bytes]) -> bytes:
        kind = m.group(1)
        return b"/id/" + kind + b"/v" + str(share[kind]).encode() + b"-"

    return _KINDS.sub(rename, seed)


def corpus(seed: bytes, triples: int) -> tuple[bytes, int]:
    """Varied copies of ``seed`` until at least ``triples`` quads (the number of copies returned)."""
    per_copy = seed.count(b"\n")
    copies = max(1, -(-triples // per_copy))
    return b"".join(varied_copy(seed, i) for i in range(copies)), copies


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def path_ends(graph: nx.Graph) -> tuple[str, str] | None:
    """The busiest node and the node farthest from it in its component (a long path to find)."""
    if graph.number_of_edges() == 0:
        return None
    und = graph.to_undirected(as_view=True)
    source = max(und.degree, key=lambda item: item[1])[0]
    lengths = nx.single_source_shortest_path_length(und, source)
    target = max(lengths, key=lambda n: (lengths[n], n))
    return (source, target) if target != source else None


def run(size: int, seed: bytes) -> list[tuple[str, ...]]:
    data_bytes, copies = corpus(seed, size)
    store = open_store("memory")
    _, load_s = timed(store.raw.bulk_load, data_bytes, ox.RdfFormat.N_QUADS)  # type: ignore[attr-defined]
    quads = len(store)
    rows: list[tuple[str, ...]] = []
    data, fetch_s = timed(fetch_graph_data, store)
    print(f"\n## {quads:,} triples ({copies} varied copies of the samples; bulk load {load_s:.2f} s)")
    print(f"SPARQL fetch of nodes/facts/articles: {fetch_s:.2f} s "
          f"({len(data.nodes):,} nodes, {len(data.facts):,} facts)")
    print(f"{'view':<14} {'nodes':>8} {'edges':>9} {'build s':>8} " +
          " ".join(f"{m + ' s':>14}" for m in MEASURE_NAMES))
    for view in VIEW_NAMES:
        graph, build_s = timed(build_view, data, view)
        cells = []
        for name in MEASURE_NAMES:
            options: dict[str, str] = {}
            if name == "path":
                ends = path_ends(graph)
                if ends is None:
                    cells.append("-")
                    continue
                options = {"source": ends[0], "target": ends[1]}
            _, secs = timed(measure, graph, name, **options)
            cells.append(f"{secs:.3f}")
        print(f"{view:<14} {graph.number_of_nodes():>8,} {graph.number_of_edges():>9,} {build_s:>8.3f} " +
              " ".join(f"{c:>14}" for c in cells))
        rows.append((str(quads), view, str(graph.number_of_nodes()), str(graph.number_of_edges()),
                     f"{build_s:.3f}", *cells))
    store.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1e4,1e5", help="comma-separated triple counts (e.g. 1e4,1e5,1e6)")
    ap.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    args = ap.parse_args(argv)
    seed, seed_s = timed(seed_nquads, args.samples)
    lines = seed.count(b"\n")
    print(f"seed: {lines:,} quads from {args.samples} (ingested by the real pipeline in "
          f"{seed_s:.1f} s); betweenness is sampled above 2000 nodes")
    for size in (int(float(s)) for s in args.sizes.split(",") if s):
        run(size, seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
