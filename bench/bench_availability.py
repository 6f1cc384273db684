"""Availability benchmark: fast queries while two runaway queries run, ours beside ``oxigraph serve``.

    .venv/bin/python bench/bench_availability.py [--sizes samples,1e5] [--runs 300] [--timeout 10]

Both servers get the same N-Quads (the samples through the real pipeline, optionally
repeated and varied up to a size, as in ``bench_api.py``), bound to 127.0.0.1 only:

* ours: ``kg serve`` (read-only oxigraph store; 4 workers, 2 slow slots, the defaults);
* theirs: ``oxigraph serve --union-default-graph --timeout-s <timeout>`` (the program of
  the dev extra), over its own copy of the store.

For each server, sequential requests of each fast query measure p50 and p99 latency
(ms) first on an idle server, then while two runaway queries run (four unconstrained
triple patterns: a cross product no engine finishes). Each runaway client sends its
query again as soon as it is answered (ours stops it at the time limit with 503), so two
are running at every moment. Non-200 answers to fast queries are counted as errors.

Memory with the row cap: the peak resident memory (VmHWM) of our workers before and after
``SELECT * { ?a ?b ?c . ?d ?e ?f }`` (a cross product of the whole store, cut at
``max_rows``), with its time and the truncation header.

Writes a Markdown table to stdout; results in ``bench/results/bench_availability.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
import pyoxigraph as ox  # noqa: E402
from bench_api import free_port, pick_names, queries, start, stop  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CROSS = "SELECT * { ?a ?b ?c . ?d ?e ?f }"
ACCEPT = "application/sparql-results+json"


def latencies(urls: dict[str, str], runs: int, timeout: float) -> dict[str, dict[str, float]]:
    """p50 / p99 (ms) and error count of ``runs`` sequential requests to each URL (interleaved)."""
    times: dict[str, list[float]] = {name: [] for name in urls}
    errors = dict.fromkeys(urls, 0)
    with httpx.Client(timeout=timeout, headers={"Accept": ACCEPT}) as client:
        for url in urls.values():
            client.get(url)  # warm-up
        for _ in range(runs):
            for name, url in urls.items():
                t = time.perf_counter()
                try:
                    ok = client.get(url).status_code == 200
                except httpx.HTTPError:
                    ok = False
                times[name].append((time.perf_counter() - t) * 1000)
                errors[name] += not ok
    out = {}
    for name, values in times.items():
        values.sort()
        out[name] = {
            "p50": statistics.median(values),
            "p99": values[min(len(values) - 1, int(len(values) * 0.99))],
            "max": values[-1],
            "errors": errors[name],
            "runs": len(values),
        }
    return out


class Runaways:
    """``count`` clients, each sending the runaway query again as soon as it is answered."""

    def __init__(self, url: str, count: int, timeout: float):
        self.url, self.count, self.timeout = url, count, timeout
        self.stop = threading.Event()
        self.answers: list[int] = []
        self.threads = [threading.Thread(target=self._loop, daemon=True) for _ in range(count)]

    def _loop(self) -> None:
        with httpx.Client(timeout=self.timeout) as client:
            while not self.stop.is_set():
                try:
                    self.answers.append(client.get(self.url).status_code)
                except httpx.HTTPError:
                    self.answers.append(0)

    def __enter__(self) -> Runaways:
        for t in self.threads:
            t.start()
        time.sleep(3.0)  # both running, past our slow threshold
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()


def measure_server(base: str, sparql_path: str, fast: dict[str, str], args: argparse.Namespace
                   ) -> dict[str, dict[str, dict[str, float]]]:
    # a value starting with "/" is a REST path; anything else is a SPARQL query
    urls = {name: base + text if text.startswith("/") else f"{base}{sparql_path}?{urlencode({'query': text})}"
            for name, text in fast.items()}
    idle = latencies(urls, args.runs, args.timeout)
    runaway_url = f"{base}{sparql_path}?{urlencode({'query': RUNAWAY})}"
    with Runaways(runaway_url, 2, args.timeout * 3) as runaways:
        busy = latencies(urls, args.runs, args.timeout)
    print(f"  runaway answers meanwhile: {runaways.answers}", file=sys.stderr)
    return {"idle": idle, "busy": busy}


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (our workers are forked by multiprocessing's fork server)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").iterdir():
            kids = [int(p) for p in (task / "children").read_text().split()]
            found.extend(kids)
            todo.extend(kids)
    return found


def hwm_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def row_cap_memory(base: str, pid: int, timeout: float) -> dict[str, float]:
    """Peak RSS growth of our workers over the capped cross product, its time and marker."""
    workers = descendants(pid)
    before = {w: hwm_kb(w) for w in workers}
    t = time.perf_counter()
    r = httpx.get(f"{base}/sparql", params={"query": CROSS}, headers={"Accept": ACCEPT}, timeout=timeout * 3)
    seconds = time.perf_counter() - t
    after = {w: hwm_kb(w) for w in workers if Path(f"/proc/{w}").exists()}
    growth = max((after[w] - before[w] for w in after), default=0)
    rows = len(r.json()["results"]["bindings"]) if r.status_code == 200 else 0
    return {
        "status": r.status_code,
        "seconds": seconds,
        "rows": rows,
        "truncated": r.headers.get("X-KG-Truncated") == "true",
        "peak_before_mb": max(before.values(), default=0) / 1024,
        "growth_mb": growth / 1024,
    }


def run_size(label: str, data: bytes, args: argparse.Namespace) -> None:
    from kg.store.oxigraph import OxigraphStore

    person, _region = pick_names(data)
    texts = queries(person, "")
    quads = data.count(b"\n")
    print(f"\n== {label}: {quads} quads", file=sys.stderr)
    fast_sparql = {"ASK { ?s a ?t }": "ASK { ?s a ?t }", "person-places": texts["person-places"]}
    with tempfile.TemporaryDirectory(prefix="kg-bench-avail-") as tmp:
        ours_dir, theirs_dir = Path(tmp) / "ours", Path(tmp) / "theirs"
        for directory in (ours_dir, theirs_dir):
            store = OxigraphStore.open(directory)
            store.raw.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            store.close()

        port = free_port()
        env = {**os.environ, "KG_QUERY_TIMEOUT": str(args.timeout), "KG_MAX_ROWS": "10000"}
        for name in ("KG_WRITE_TOKEN", "KG_QUERY_WORKERS", "KG_SLOW_QUERY_SLOTS", "KG_SLOW_QUERY_AFTER"):
            env.pop(name, None)
        kg = Path(sys.executable).with_name("kg")
        proc = start([str(kg), "serve", "--store", str(ours_dir), "--host", "127.0.0.1", "--port", str(port),
                      "--log-level", "warning"], f"http://127.0.0.1:{port}/stats", 120, env)
        try:
            base = f"http://127.0.0.1:{port}"
            time.sleep(2)
            ours = measure_server(base, "/sparql", {**fast_sparql, "REST /deployments?person=":
                                                    f"/deployments?{urlencode({'person': person})}"}, args)
            time.sleep(args.timeout + 2)  # the runaways' workers replaced
            memory = row_cap_memory(base, proc.pid, args.timeout)
        finally:
            stop(proc)

        port = free_port()
        oxigraph = Path(sys.executable).with_name("oxigraph")
        proc = start([str(oxigraph), "serve", "--location", str(theirs_dir), "--bind", f"127.0.0.1:{port}",
                      "--union-default-graph", "--timeout-s", str(int(args.timeout))],
                     f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", 60)
        try:
            theirs = measure_server(f"http://127.0.0.1:{port}", "/query", fast_sparql, args)
        finally:
            stop(proc)
    report(label, quads, ours, theirs, memory, args)


def report(label: str, quads: int, ours: dict, theirs: dict, memory: dict[str, float],
           args: argparse.Namespace) -> None:
    print(f"\n### {label} ({quads:,} quads), {os.cpu_count()} CPUs, {args.runs} sequential requests per query")
    print("| server | fast query | idle p50 ms | idle p99 ms | 2 runaways p50 ms | 2 runaways p99 ms "
          "| max ms | non-200 |")
    print("|---|---|---|---|---|---|---|---|")
    for server, result in (("kg serve", ours), ("oxigraph serve", theirs)):
        for name, busy in result["busy"].items():
            idle = result["idle"][name]
            print(f"| {server} | {name} | {idle['p50']:.1f} | {idle['p99']:.1f} | {busy['p50']:.1f} | "
                  f"{busy['p99']:.1f} | {busy['max']:.1f} | {busy['errors']:.0f} |")
    print(f"\nRow cap: `{CROSS}` answered {memory['status']} in {memory['seconds']:.2f} s with "
          f"{memory['rows']:.0f} rows (truncated marker: {memory['truncated']}); worker peak RSS "
          f"{memory['peak_before_mb']:.0f} MB before, largest growth {memory['growth_mb']:.1f} MB.")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="samples", help="'samples' and/or quad counts (1e5, 1e6)")
    parser.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    parser.add_argument("--runs", type=int, default=300, help="sequential requests per fast query and phase")
    parser.add_argument("--timeout", type=float, default=10.0, help="query time limit of both servers (s)")
    args = parser.parse_args(argv)
    from bench_store import corpus, seed_nquads

    seed = seed_nquads(args.samples)
    for size in args.sizes.split(","):
        data = seed if size == "samples" else corpus(seed, int(float(size)))
        run_size(size, data, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
