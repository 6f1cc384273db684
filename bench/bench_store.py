"""Store benchmark: bulk load, size on disk, memory and saved-query latency at 10^4, 10^5 (, 10^6) triples.

    .venv/bin/python bench/bench_store.py                 # 1e4 and 1e5
    .venv/bin/python bench/bench_store.py --full          # also 1e6
    .venv/bin/python bench/bench_store.py --sizes 1e4 --no-rdflib

THE CORPUS IS MADE BY REPEATING AND VARYING THE REAL SAMPLES: ``data/samples/``
is read, extracted and built by the real pipeline once; its N-Quads are then
copied with renamed IRIs until the size is reached. Each copy has its own
articles and people (and people's names get the copy number, so that a name
lookup selects one person as in a real corpus), units are shared by every
three copies and places by every five, so people of different copies meet at
the same places the way a real corpus links up.

Backends, on the same N-Quads:
* ``oxigraph``: the project's embedded store on disk (``kg.store.oxigraph``), bulk loader, queries
  through ``OxigraphStore.query`` (the path the CLI and API use);
* ``rdflib``: rdflib's in-memory ``Dataset`` (union default graph) and its own SPARQL engine.

Saved researcher queries (median of warm runs, ms):
* ``person``: the places a person was deployed to (by name)  -- goal < 5 ms at 10^6 in oxigraph;
* ``per-place``: deployments per place with counts;
* ``co-served``: people who served at the same place as a given person;
* ``search``: text search on labels (substring).
Memory is the growth of this process's resident set while loading (Linux /proc).
"""
from __future__ import annotations

import argparse
import gc
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from rdflib import Dataset, Literal  # noqa: E402

from kg.store.memory import MemoryStore  # noqa: E402
from kg.store.oxigraph import OxigraphStore  # noqa: E402
from kg.vocab import DEFAULT_BASE, RDFS, sparql_prefixes  # noqa: E402

_KINDS = re.compile(rb"/id/(person|organization|place|article|role|agent)/")
# Simplified labels (oxigraph writes language tags in lower case)
_LABEL = re.compile(b"(<" + re.escape(str(RDFS.label).encode()) + rb'> ")([^"]*)("@zh-hans)', re.IGNORECASE)

# The union default graph yields a triple once per graph holding it: hence DISTINCT.
QUERIES = {
    "person": """SELECT DISTINCT ?place ?label WHERE {
        ?p rdfs:label ?name ; fk:deployedTo ?place .
        ?place rdfs:label ?label FILTER(langMatches(lang(?label), "zh-Hans")) }""",
    "per-place": """SELECT ?place (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p fk:deployedTo ?place }
        GROUP BY ?place ORDER BY DESC(?n) LIMIT 20""",
    "co-served": """SELECT DISTINCT ?other WHERE {
        ?p rdfs:label ?name ; fk:deployedTo ?pl . ?other fk:deployedTo ?pl FILTER(?other != ?p) }""",
    "search": """SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(STR(?l), ?text)) } LIMIT 50""",
}


def rss_mb() -> float:
    """Resident set size of this process in MB (Linux)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def seed_nquads(samples: Path) -> bytes:
    """The samples through the real pipeline (read, extract, build), as N-Quads of the article graphs."""
    from kg.ingest import ingest

    store = MemoryStore.open()
    report = ingest([samples], store=store, ontology=False)
    if report.failures:
        print(f"note: {len(report.failures)} sample(s) failed: {report.failures}", file=sys.stderr)
    data = store.raw.dump(format=ox.RdfFormat.N_QUADS)
    store.close()
    return bytes(data)


def varied_copy(seed: bytes, i: int) -> bytes:
    """Copy ``i``: own articles and people (names numbered), units shared by 3 copies, places by 5."""
    share = {b"person": i, b"article": i, b"organization": i // 3, b"place": i // 5, b"role": 0, b"agent": 0}

    def rename(m: re.Match[bytes]) -> bytes:
        return b"/id/" + m.group(1) + b"/v" + str(share[m.group(1)]).encode() + b"-"

    out = _KINDS.sub(rename, seed)
    if i:
        suffix = str(i).encode()
        lines = out.split(b"\n")
        person = b"<" + DEFAULT_BASE.encode() + b"person/"
        out = b"\n".join(_LABEL.sub(lambda m: m.group(1) + m.group(2) + suffix + m.group(3), ln)
                         if ln.startswith(person) else ln for ln in lines)
    return out


def lines(data: bytes) -> int:
    return data.count(b"\n")


def corpus(seed: bytes, triples: int) -> bytes:
    per_copy = seed.count(b"\n")
    copies = max(1, -(-triples // per_copy))
    return b"".join(varied_copy(seed, i) for i in range(copies))


def pick_person(data: bytes) -> tuple[str, str]:
    """A deployed person's name in the corpus (taken from the data, not written here) and a search word."""
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_QUADS)
    q = sparql_prefixes() + """SELECT ?name WHERE { ?p a fk:Person ; fk:deployedTo ?x ; rdfs:label ?name
        FILTER(langMatches(lang(?name), "zh-Hans")) } ORDER BY ?name LIMIT 1"""
    name = next(iter(store.query(q, use_default_graph_as_union=True)))[0].value
    return name, name[:1]


def latency(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bindings(name: str, text: str) -> dict[str, dict]:
    return {"person": {"name": Literal(name, lang="zh-Hans")}, "per-place": {},
            "co-served": {"name": Literal(name, lang="zh-Hans")}, "search": {"text": Literal(text)}}


def bench_oxigraph(data: bytes, name: str, text: str, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        gc.collect()
        before = rss_mb()
        store = OxigraphStore.open(Path(tmp) / "store")
        start = time.perf_counter()
        store.raw.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        store.raw.flush()
        load = time.perf_counter() - start
        n = len(store)
        mem = rss_mb() - before
        disk = sum(f.stat().st_size for f in (Path(tmp) / "store").rglob("*") if f.is_file()) / 2**20
        row = {"quads": n, "load_s": load, "tps": n / load, "disk_mb": disk, "mem_mb": mem}
        b = bindings(name, text)
        for q, text_q in QUERIES.items():
            row[q] = latency(lambda text_q=text_q, q=q: store.query(text_q, bindings=b[q]), runs)
        assert store.query(QUERIES["person"], bindings=b["person"]).rows, "the person lookup found nothing"
        store.close()
    return row


def bench_rdflib(data: bytes, name: str, text: str, runs: int) -> dict[str, float]:
    gc.collect()
    before = rss_mb()
    ds = Dataset(default_union=True)
    start = time.perf_counter()
    ds.parse(data=data, format="nquads")
    load = time.perf_counter() - start
    n = lines(data)  # quads given (rdflib's len() counts the default graph only)
    row = {"quads": n, "load_s": load, "tps": n / load, "disk_mb": 0.0, "mem_mb": rss_mb() - before}
    b = bindings(name, text)
    prefixes = sparql_prefixes()
    for q, text_q in QUERIES.items():
        # rdflib's engine: a few runs are enough to see the order of magnitude
        def run(text_q: str = text_q, q: str = q) -> object:
            return list(ds.query(prefixes + text_q, initBindings=b[q]))

        row[q] = latency(run, max(1, runs // 10))
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1e4,1e5", help="triple counts, comma-separated (default 1e4,1e5)")
    ap.add_argument("--full", action="store_true", help="add 1e6 (takes minutes, mostly rdflib)")
    ap.add_argument("--no-rdflib", action="store_true", help="skip the rdflib baseline")
    ap.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    ap.add_argument("--runs", type=int, default=30, help="timed runs per query (rdflib: a tenth)")
    args = ap.parse_args(argv)
    sizes = [int(float(s)) for s in args.sizes.split(",") if s]
    if args.full and 10**6 not in sizes:
        sizes.append(10**6)
    seed = seed_nquads(args.samples)
    print(f"seed: {lines(seed)} quads from {args.samples} (real pipeline); corpus: varied copies",
          file=sys.stderr)
    rows = []
    for size in sizes:
        data = corpus(seed, size)
        name, text = pick_person(data)
        print(f"size {size:.0e}: {lines(data)} quads; person lookup of a deployed person, "
              f"search for one character", file=sys.stderr)
        rows.append((size, "oxigraph", bench_oxigraph(data, name, text, args.runs)))
        if not args.no_rdflib:
            rows.append((size, "rdflib", bench_rdflib(data, name, text, args.runs)))
    head = (f"{'size':>7} {'backend':9} {'quads':>9} {'load s':>8} {'triples/s':>10} {'disk MB':>8} "
            f"{'mem MB':>7} " + " ".join(f"{q + ' ms':>13}" for q in QUERIES))
    print(head)
    print("-" * len(head))
    for size, backend, r in rows:
        print(f"{size:>7.0e} {backend:9} {int(r['quads']):>9} {r['load_s']:>8.2f} {r['tps']:>10.0f} "
              f"{r['disk_mb']:>8.1f} {r['mem_mb']:>7.0f} " + " ".join(f"{r[q]:>13.2f}" for q in QUERIES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
