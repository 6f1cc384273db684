"""HTTP serving benchmark: our API (``kg serve``) beside ``rdflib-endpoint`` on the same data.

    .venv/bin/python bench/bench_api.py [--sizes samples,1e6] [--duration 5] [--concurrency 8]
                                        [--latency-runs 30] [--no-rdflib]

THE DATA IS MADE BY REPEATING AND VARYING THE REAL SAMPLES (``bench_store.corpus``):
``data/samples/`` goes through the real pipeline once; its N-Quads are copied
with renamed IRIs (own people and articles per copy, numbered person names,
units shared by 3 copies, places by 5) until the size is reached. "samples" is
the samples alone.

Both servers get the same N-Quads: ours in the embedded oxigraph store (read-only,
SPARQL in 2 worker processes), rdflib-endpoint in rdflib's in-memory Dataset
(union default graph, rdflib's query engine). Both run under uvicorn on
127.0.0.1, one at a time, each with the machine to itself.

Measured per query:
* latency: median and p99 of ``--latency-runs`` sequential requests (ms);
* throughput: requests per second from a SECOND PROCESS (this script in ``load``
  mode: httpx, ``--concurrency`` connections, for ``--duration`` seconds; bounded).

Queries: the REST person lookup (``/deployments?person=``; ours only, its SPARQL
twin ``person-places`` runs on both) and the saved queries of the query page
(``api.examples``), with a person and a region taken from the data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from api.examples import saved_query  # noqa: E402
from kg.vocab import sparql_prefixes  # noqa: E402

SPARQL_QUERIES = (
    "person-places",
    "co-deployed",
    "place-counts",
    "inside-region",
    "label-search",
    "deployments",
)
ACCEPT = "application/sparql-results+json"


# --------------------------------------------------------------------------- load generator (2nd process)


async def _load(url: str, duration: float, concurrency: int, timeout: float) -> dict[str, float]:
    done = errors = 0
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=timeout, limits=limits, headers={"Accept": ACCEPT}) as client:

        async def worker() -> None:
            nonlocal done, errors
            while time.monotonic() < deadline:
                try:
                    r = await client.get(url)
                    if r.status_code == 200:
                        done += 1
                    else:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.monotonic() - started
    return {"requests": done, "errors": errors, "seconds": elapsed, "rps": done / elapsed if elapsed else 0.0}


def load_from_other_process(url: str, duration: float, concurrency: int, timeout: float) -> dict[str, float]:
    """Run the load generator as a separate process (so it does not share the server's interpreter)."""
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "load",
            url,
            "--duration",
            str(duration),
            "--concurrency",
            str(concurrency),
            "--timeout",
            str(timeout),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + timeout + 60,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(
    cmd: list[str], probe: str, wait: float, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"{cmd[0]} exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}"
            )
        try:
            if httpx.get(probe, timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"{cmd[0]} did not answer within {wait} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --------------------------------------------------------------------------- measuring


def latencies(url: str, runs: int, timeout: float, budget: float = 60.0) -> tuple[float, float]:
    """Median and p99 of sequential requests, in ms (one warm-up request first).

    Stops early after ``budget`` seconds (slow servers at 10^6 triples), with at least 3 runs.
    """
    times = []
    with httpx.Client(timeout=timeout, headers={"Accept": ACCEPT}) as client:
        client.get(url).raise_for_status()
        stop_at = time.monotonic() + budget
        for _ in range(runs):
            t = time.perf_counter()
            client.get(url).raise_for_status()
            times.append((time.perf_counter() - t) * 1000)
            if len(times) >= 3 and time.monotonic() > stop_at:
                break
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def pick_names(data: bytes) -> tuple[str, str]:
    """A deployed person and a region with deployments inside it, taken from the data."""
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_QUADS)
    q = (
        sparql_prefixes()
        + """SELECT ?person ?region (COUNT(*) AS ?n) WHERE {
        ?p a fk:Person ; fk:deployedTo ?pl ; rdfs:label ?person . ?pl schema:containedInPlace+ ?r .
        ?r rdfs:label ?region
        FILTER(langMatches(lang(?person), "zh-Hans") && langMatches(lang(?region), "zh-Hans"))
    } GROUP BY ?person ?region ORDER BY DESC(?n) ?person LIMIT 1"""
    )
    row = next(iter(store.query(q, use_default_graph_as_union=True)))
    return row[0].value, row[1].value


def queries(person: str, region: str) -> dict[str, str]:
    """The saved queries with their placeholders set to names from the data."""
    out = {}
    for name in SPARQL_QUERIES:
        text = saved_query(name).sparql.replace('"张三"', json.dumps(person, ensure_ascii=False))
        out[name] = text.replace('"某某区"', json.dumps(region, ensure_ascii=False))
    return out


def bench_server(
    base: str, sparql_path: str, person: str, texts: dict[str, str], args: argparse.Namespace, rest: bool
) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    targets = {name: f"{base}{sparql_path}?{urlencode({'query': text})}" for name, text in texts.items()}
    if rest:
        targets = {
            "REST /deployments?person=": f"{base}/deployments?{urlencode({'person': person})}",
            **targets,
        }
    for name, url in targets.items():
        try:
            median, p99 = latencies(url, args.latency_runs, args.timeout)
            load = load_from_other_process(url, args.duration, args.concurrency, args.timeout)
            results[name] = {"median": median, "p99": p99, "rps": load["rps"], "errors": load["errors"]}
        except httpx.TimeoutException:
            # slower than the per-request timeout even alone: no request completes under load either
            results[name] = {
                "timeout": args.timeout,
                "median": args.timeout * 1000,
                "p99": args.timeout * 1000,
                "rps": 0.0,
                "errors": 0,
            }
        except (httpx.HTTPError, subprocess.SubprocessError) as exc:
            results[name] = {"failed": 1.0}
            print(f"  {name}: failed ({type(exc).__name__}: {exc})", file=sys.stderr)
        print(f"  {name}: {results[name]}", file=sys.stderr)
    return results


def run_size(label: str, data: bytes, args: argparse.Namespace) -> None:
    from kg.store.oxigraph import OxigraphStore

    person, region = pick_names(data)
    texts = queries(person, region)
    quads = data.count(b"\n")
    print(f"\n== {label}: {quads} quads; person and region names taken from the data", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="kg-bench-api-") as tmp:
        store_dir = Path(tmp) / "store"
        store = OxigraphStore.open(store_dir)
        t = time.perf_counter()
        store.raw.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        store.close()
        print(f"  oxigraph bulk load: {time.perf_counter() - t:.1f} s", file=sys.stderr)
        nq = Path(tmp) / "data.nq"
        nq.write_bytes(data)

        port = free_port()
        env = {
            **os.environ,
            "KG_QUERY_WORKERS": str(args.workers),
            "KG_QUERY_TIMEOUT": str(args.timeout),
            "KG_MAX_ROWS": "100000",
        }
        env.pop("KG_WRITE_TOKEN", None)
        kg = Path(sys.executable).with_name("kg")
        proc = start(
            [str(kg), "serve", "--store", str(store_dir), "--port", str(port), "--log-level", "warning"],
            f"http://127.0.0.1:{port}/stats",
            120,
            env,
        )
        try:
            ours = bench_server(f"http://127.0.0.1:{port}", "/sparql", person, texts, args, rest=True)
        finally:
            stop(proc)

        theirs: dict[str, dict[str, float]] = {}
        if not args.no_rdflib:
            port = free_port()
            t = time.perf_counter()
            tool = Path(sys.executable).with_name("rdflib-endpoint")
            proc = start(
                [str(tool), "serve", str(nq), "--host", "127.0.0.1", "--port", str(port)],
                f"http://127.0.0.1:{port}/?query=ASK%7B%7D",
                args.rdflib_wait,
            )
            print(f"  rdflib-endpoint ready after {time.perf_counter() - t:.1f} s (parsing)", file=sys.stderr)
            try:
                # rdflib-endpoint serves SPARQL at "/"
                theirs = bench_server(f"http://127.0.0.1:{port}", "/", person, texts, args, rest=False)
            finally:
                stop(proc)
    report(label, data.count(b"\n"), ours, theirs)


def _fmt(row: dict[str, float] | None, key: str) -> str:
    if not row or "failed" in row:
        return "failed" if row else "-"
    if "timeout" in row and key != "rps":
        return f"> {row[key]:.0f} (timeout)"
    return f"{row[key]:.1f}"


def report(
    label: str, quads: int, ours: dict[str, dict[str, float]], theirs: dict[str, dict[str, float]]
) -> None:
    print(f"\n### {label} ({quads:,} quads), {os.cpu_count()} CPUs")
    print(
        "| query | ours median ms | ours p99 ms | ours req/s | rdflib-endpoint median ms | p99 ms | req/s | "
        "throughput ratio |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, row in ours.items():
        other = theirs.get(name) if name in SPARQL_QUERIES else None
        ratio = "-"
        if other and "failed" not in other and "failed" not in row and other["rps"] > 0:
            ratio = f"{row['rps'] / other['rps']:.0f}x"
        elif other and "failed" not in other and "failed" not in row and other.get("rps") == 0:
            ratio = "inf (none finished)"
        print(
            f"| {name} | {_fmt(row, 'median')} | {_fmt(row, 'p99')} | {_fmt(row, 'rps')} | "
            f"{_fmt(other, 'median')} | {_fmt(other, 'p99')} | {_fmt(other, 'rps')} | {ratio} |"
        )
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="mode")
    load = sub.add_parser("load", help="(internal) the load generator process")
    load.add_argument("url")
    load.add_argument("--duration", type=float, default=5)
    load.add_argument("--concurrency", type=int, default=8)
    load.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--sizes", default="samples,1e6", help="'samples' and/or quad counts (1e5, 1e6)")
    parser.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    parser.add_argument("--duration", type=float, default=5, help="seconds of load per query and server")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--latency-runs", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=60, help="per request (also our query time limit)")
    parser.add_argument("--workers", type=int, default=2, help="our SPARQL worker processes")
    parser.add_argument("--rdflib-wait", type=float, default=1800, help="seconds to wait for rdflib to parse")
    parser.add_argument("--no-rdflib", action="store_true")
    args = parser.parse_args(argv)
    if args.mode == "load":
        print(json.dumps(asyncio.run(_load(args.url, args.duration, args.concurrency, args.timeout))))
        return 0
    from bench_store import corpus, seed_nquads

    seed = seed_nquads(args.samples)
    for size in args.sizes.split(","):
        data = seed if size == "samples" else corpus(seed, int(float(size)))
        run_size(size, data, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
