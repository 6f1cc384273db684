"""Corpus scale: extraction throughput per worker count, time and memory per article as the corpus grows,
loading, store size, and serving at the largest size.

    .venv/bin/python bench/bench_scale.py                          # 1e3 (1 and 2 workers) and 1e4 (2 workers)
    .venv/bin/python bench/bench_scale.py --sizes 1e3 --workers 1,2 --quick
    .venv/bin/python bench/bench_scale.py --sizes 1e5 --workers 2 --no-throughput   # the long run alone
    .venv/bin/python bench/bench_scale.py report                   # tables, plot and estimate from the runs kept

THE CORPUS is ``bench/make_corpus.py``: the annotated corpus's train and dev articles replicated and varied
(people, places, units renamed; seeded; each size a prefix of the next), as JSONL.zst under
``bench/corpora/`` (made when missing, never committed).

Each ingest runs as a child process (``bench_scale.py ingest-run``) calling ``kg.scale.ingest_corpus``, the
function behind ``kg ingest``, with the project's defaults (a Dask ``LocalCluster`` of N worker processes, one
thread each, the per-article time limit of the settings) and two stages timed apart:

1. extraction: the corpus is read as a stream and extracted on the cluster into N-Quads shards
   (``load=False``); the child logs the articles done every second;
2. loading: ``kg.shards.load_shards`` bulk-loads the shards into a fresh embedded store; the same
   N-Quads (the shards concatenated) go through pyoxigraph's own ``Store.bulk_load`` into another fresh
   store: triples/s of both, and the size of the store on disk.

Meanwhile this process samples every process of the child's tree once a second (``/proc``: resident size
and the kernel's peak, ``VmHWM``), and the machine's 1-minute load average: the machine has 2 cores and
other work runs on it, so every figure is kept with the load average seen while it was measured.

The anchor, measured in the same run before the ingests: the bare pipeline (``kg.extract``) over the first
100 articles of the corpus in this process, one thread, CPU seconds per article. Ratios against it say how
far an ingest is from pure extraction on the same machine at the same moment.

At the largest size: the person lookup through REST (``/deployments?person=``) p50/p99, and ``/sparql``
throughput of the saved query ``person-places`` beside ``oxigraph serve`` on the same store
(``bench_api``'s latency and load-generator functions; the load generator is a second process).

Every run is kept as ``bench/results/scale-runs/<size>-w<N>.json`` (samples included); ``report`` (run
at the end of every invocation) writes ``bench/results/scale.json``, ``scale.md`` (tables and the
estimate for 10^6 articles on N machines, with the arithmetic) and ``scale.png``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

RESULTS = ROOT / "bench" / "results"
RUNS = RESULTS / "scale-runs"
CORPORA = ROOT / "bench" / "corpora"
ANCHOR_ARTICLES = 100
from kg.shards import SHARD_ARTICLES  # noqa: E402 - the load figures at 10^3, 10^4 articles are the first shards


def label(n: int) -> str:
    exp = len(str(n)) - 1
    return f"1e{exp}" if n == 10**exp else str(n)


def corpus_path(n: int) -> Path:
    """The corpus of ``n`` articles, made by bench/make_corpus.py when missing."""
    path = CORPORA / f"corpus-{label(n)}.jsonl.zst"
    if not path.exists():
        from make_corpus import generate, write_corpus

        tmp = path.with_name(f"partial-{path.name}")  # same suffix: compressed alike
        write_corpus(generate(n), tmp)
        tmp.replace(path)
    return path


def corpus_records(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    import io

    import zstandard

    out = []
    with path.open("rb") as raw, zstandard.ZstdDecompressor().stream_reader(raw) as z:
        for line in io.TextIOWrapper(z, encoding="utf-8"):
            out.append(json.loads(line))
            if limit is not None and len(out) >= limit:
                break
    return out


def corpus_chars(path: Path) -> int:
    return sum(len(r.get("text") or r.get("html") or "") for r in corpus_records(path))


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


# --------------------------------------------------------------------------- the child: one ingest


def ingest_run(args: argparse.Namespace) -> int:
    """(child) Extract a corpus into shards on a LocalCluster, logging progress; nothing is loaded."""
    from kg.curation import default_curation
    from kg.scale import ingest_corpus
    from kg.settings import get_settings

    settings = get_settings()
    log = open(args.log, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - written until the end
    start = time.monotonic()
    state = {"done": 0, "failed": 0}
    last = [0.0]

    def progress(done: int, total: int, source: str, status: str) -> None:
        state["done"] = done
        if status == "failed":
            state["failed"] += 1
        now = time.monotonic()
        if now - last[0] >= 1.0:
            last[0] = now
            log.write(json.dumps({"t": round(now - start, 2), "done": done, "failed": state["failed"]}) + "\n")

    report = ingest_corpus([Path(args.corpus)], store=None, workers=args.workers, shards=Path(args.shards),
                           load=False, base=settings.base_iri, curation=default_curation(settings),
                           tagger=settings.tagger, timeout=settings.article_timeout, progress=progress)
    end = time.monotonic() - start
    log.write(json.dumps({"t": round(end, 2), "done": state["done"], "failed": state["failed"], "end": True,
                          "extracted": report.extracted, "failures": len(report.failures),
                          "failure_examples": [str(f)[:300] for f in report.failures[:5]],
                          "entities": report.entities, "facts": report.facts, "triples": report.triples,
                          "mode": report.mode, "shards": len(report.shards)}) + "\n")
    log.close()
    return 0


# --------------------------------------------------------------------------- sampling the child's tree


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    found += [int(c) for c in f.read().split()]
            except FileNotFoundError:
                continue
    except FileNotFoundError:
        pass
    return found


def _status(pid: int) -> dict[str, float]:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (its threads included)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _cmd(pid: int) -> str:
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return f.read().replace(b"\0", b" ").decode(errors="replace")[:120]


def sample_tree(root: int) -> list[dict[str, Any]]:
    """Every process under ``root`` with its depth, role, resident size and peak (MB)."""
    rows = []
    todo: list[tuple[int, int, int | None]] = [(root, 0, None)]
    while todo:
        pid, depth, parent = todo.pop()
        try:
            st = _status(pid)
            cmd = _cmd(pid)
            cpu = _cpu_seconds(pid)
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
        if "resource_tracker" in cmd:
            role = "resource tracker"
        elif depth == 0:
            role = "driver"
        elif depth == 1:
            role = "worker"
        else:
            role = "worker's extraction process"
        rows.append({"pid": pid, "parent": parent, "role": role, "rss": round(st.get("VmRSS", 0.0), 1),
                     "hwm": round(st.get("VmHWM", 0.0), 1), "cpu": cpu})
        todo += [(c, depth + 1, pid) for c in _children(pid)]
    return rows


class Sampler(threading.Thread):
    """Samples the tree of ``pid`` and the load average every ``every`` seconds until stopped."""

    def __init__(self, pid: int, log: Path, every: float = 1.0, out: Path | None = None):
        super().__init__(daemon=True)
        self.pid, self.log, self.every, self.out = pid, log, every, out
        self.samples: list[dict[str, Any]] = []
        self.peaks: dict[int, dict[str, Any]] = {}
        self._stop_event = threading.Event()
        self.start_time = time.monotonic()

    def _done(self) -> int:
        try:
            with open(self.log, "rb") as f:
                f.seek(max(0, os.path.getsize(self.log) - 400))
                lines = f.read().decode(errors="replace").strip().splitlines()
            return int(json.loads(lines[-1])["done"]) if lines else 0
        except (OSError, ValueError, KeyError, IndexError):
            return 0

    def run(self) -> None:
        sink = open(self.out, "a", buffering=1, encoding="utf-8") if self.out else None  # noqa: SIM115
        while not self._stop_event.wait(self.every):
            rows = sample_tree(self.pid)
            for r in rows:
                peak = self.peaks.setdefault(r["pid"], {"role": r["role"], "parent": r["parent"], "hwm": 0.0,
                                                        "cpu": 0.0})
                peak["hwm"] = max(peak["hwm"], r["hwm"])
                peak["cpu"] = max(peak["cpu"], r["cpu"])
            workers = [r for r in rows if r["role"] == "worker"]
            extraction = {r["parent"]: r["rss"] for r in rows if r["role"] == "worker's extraction process"}
            sample = {"t": round(time.monotonic() - self.start_time, 1), "done": self._done(), "load": loadavg(),
                      "driver_rss": sum(r["rss"] for r in rows if r["role"] == "driver"),
                      "worker_rss": [round(w["rss"] + extraction.get(w["pid"], 0.0), 1) for w in workers],
                      "total_rss": round(sum(r["rss"] for r in rows), 1),
                      "driver_cpu": round(sum(p["cpu"] for p in self.peaks.values() if p["role"] == "driver"), 1),
                      "workers_cpu": round(sum(p["cpu"] for p in self.peaks.values()
                                               if p["role"] in ("worker", "worker's extraction process")), 1)}
            self.samples.append(sample)
            if sink:
                sink.write(json.dumps(sample) + "\n")
        if sink:
            sink.close()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=10)


# --------------------------------------------------------------------------- measurements


def anchor(corpus: Path) -> dict[str, Any]:
    """The bare pipeline over the first articles of the corpus, in this process: CPU s per article."""
    from kg.batch import default_extractor
    from kg.read.readers import read_jsonl
    from kg.read.resources import default_resources
    from kg.records import Article

    records = corpus_records(corpus, ANCHOR_ARTICLES)
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")
    articles = [a for a in read_jsonl(data, "anchor.jsonl", default_resources()) if isinstance(a, Article)]
    pipeline = default_extractor()
    pipeline(articles[0])  # warm
    load = loadavg()
    cpu, wall = time.process_time(), time.perf_counter()
    for article in articles:
        pipeline(article)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    chars = sum(len(a.text) for a in articles)
    return {"articles": len(articles), "chars": chars, "cpu_s_per_article": cpu / len(articles),
            "wall_s_per_article": wall / len(articles), "cpu_us_per_char": cpu / chars * 1e6,
            "load_average_1min": load}


def run_ingest(n: int, workers: int, work: Path, *, keep_shards: bool = False, load_prefixes: tuple[int, ...] = (),
               full_load: tuple[str, ...] = ("ours", "pyoxigraph"), deadline: float | None = None,
               stop_at: float | None = None) -> dict[str, Any]:
    """Extract the corpus of ``n`` articles with ``workers`` processes, then load it both ways."""
    corpus = corpus_path(n)
    name = f"{label(n)}-w{workers}"
    RUNS.mkdir(parents=True, exist_ok=True)
    log = RUNS / f"{name}.progress.jsonl"
    samples_log = RUNS / f"{name}.samples.jsonl"
    for f in (log, samples_log):
        f.unlink(missing_ok=True)
    shards = work / f"shards-{name}"
    shutil.rmtree(shards, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    load_before = loadavg()
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, __file__, "ingest-run", str(corpus), "--workers", str(workers),
                              "--shards", str(shards), "--log", str(log)], env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=open(RUNS / f"{name}.stderr", "w"))  # noqa: SIM115
    sampler = Sampler(child.pid, log, out=samples_log)
    sampler.start()
    stopped = False
    try:
        while True:
            try:
                rc = child.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                if stop_at is not None and time.time() >= stop_at:
                    stopped = True  # the ingest child's own process group (its cluster with it)
                    os.killpg(child.pid, signal.SIGTERM)
                    try:
                        rc = child.wait(timeout=60)
                    except subprocess.TimeoutExpired:
                        os.killpg(child.pid, signal.SIGKILL)
                        rc = child.wait()
                    break
    except KeyboardInterrupt:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait()
        raise
    finally:
        sampler.stop()
    wall = time.monotonic() - started
    lines = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines() if x.strip()]
    end = next((x for x in lines if x.get("end")), None)
    if stopped and lines:
        # stopped at --stop-at: what was done by then (complete shards only; the open one was cut)
        end = {**lines[-1], "extracted": lines[-1]["done"], "failures": lines[-1].get("failed", 0),
               "entities": None, "facts": None, "triples": None}
    elif rc or end is None:
        raise SystemExit(f"ingest of {name} failed (exit {rc}); see {RUNS / (name + '.stderr')}")
    assert end is not None
    chars = corpus_chars(corpus) if not stopped else sum(
        len(r.get("text") or r.get("html") or "") for r in corpus_records(corpus, end["done"]))
    loads = [s["load"] for s in sampler.samples] or [load_before]
    peaks = sampler.peaks
    worker_peaks = []
    for pid, p in peaks.items():
        if p["role"] == "worker":
            sub = sum(q["hwm"] for q in peaks.values() if q["parent"] == pid)
            worker_peaks.append({"pid": pid, "own_hwm": p["hwm"], "with_extraction_process_hwm": p["hwm"] + sub})
    record: dict[str, Any] = {
        "size": n, "workers": workers, "corpus": corpus.name, "chars": chars, "date": dt.date.today().isoformat(),
        "stopped_early": stopped,
        "cpus": os.cpu_count(), "extract_wall_s": round(end["t"], 1), "child_wall_s": round(wall, 1),
        "articles": end["done"], "extracted": end["extracted"], "failures": end["failures"],
        "failure_examples": end.get("failure_examples", []),
        "triples": end["triples"], "entities": end["entities"], "facts": end["facts"],
        "articles_per_s": end["done"] / end["t"], "chars_per_s": chars / end["t"],
        "load_average": {"before": load_before, "mean": round(sum(loads) / len(loads), 2), "max": max(loads)},
        "driver_peak_mb": max((p["hwm"] for p in peaks.values() if p["role"] == "driver"), default=0.0),
        "driver_cpu_s": round(sum(p["cpu"] for p in peaks.values() if p["role"] == "driver"), 1),
        "workers_cpu_s": round(sum(p["cpu"] for p in peaks.values()
                                   if p["role"] in ("worker", "worker's extraction process")), 1),
        "worker_peaks_mb": worker_peaks,
        "progress": [[x["t"], x["done"]] for x in lines],
        "samples": sampler.samples,
    }
    return load_and_record(record, name, n, shards, work, load_prefixes=load_prefixes, full_load=full_load,
                           deadline=deadline, keep_shards=keep_shards)


def load_and_record(record: dict[str, Any], name: str, n: int, shards: Path, work: Path, *,
                    load_prefixes: tuple[int, ...], full_load: tuple[str, ...], deadline: float | None,
                    keep_shards: bool) -> dict[str, Any]:
    """Load the shards of a finished extraction (the first ones, then all), write the run's record."""
    from kg.shards import shard_files

    files = shard_files([shards])
    record["load_prefixes"] = []
    kept: str | None = None
    for prefix in load_prefixes:
        k = prefix // SHARD_ARTICLES
        if prefix < n and 0 < k <= len(files):
            part = load_stores(files[:k], work / f"store-{name}-first{label(prefix)}", which=("ours", "pyoxigraph"))
            record["load_prefixes"].append({"articles": prefix, **part})
            if kept:
                shutil.rmtree(kept, ignore_errors=True)
            kept = part["store"]  # the largest so far: served if the whole corpus is not loaded
            (RUNS / f"{name}.loads.json").write_text(json.dumps(record["load_prefixes"], indent=1) + "\n")
    expected = None
    if record["load_prefixes"]:
        last = record["load_prefixes"][-1]
        quads = last["quads"] * len(files) / last["shards"]
        expected = sum(quads / last[f"{k}_tps"] for k in full_load if last.get(f"{k}_tps"))
    if deadline is not None and expected is not None and time.time() + expected > deadline:
        record["load"] = {"skipped": f"loading all shards (about {expected / 60:.0f} min at the rate measured on "
                                     f"the first {label(record['load_prefixes'][-1]['articles'])} articles) would "
                                     "end after the deadline", "store": kept}
        record["served_articles"] = record["load_prefixes"][-1]["articles"]
    else:
        record["load"] = load_stores(files, work / f"store-{name}", which=full_load)
        record["served_articles"] = n
        if kept:
            shutil.rmtree(kept, ignore_errors=True)
    if not keep_shards:
        shutil.rmtree(shards, ignore_errors=True)
    (RUNS / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"{name}: {record['articles']} articles in {record['extract_wall_s']} s "
          f"({record['articles_per_s']:.2f} art/s, {record['chars_per_s']:.0f} chars/s), load average "
          f"{record['load_average']['mean']}; worker peaks "
          f"{[round(w['with_extraction_process_hwm']) for w in record['worker_peaks_mb']]} MB; "
          f"load: {record['load'].get('skipped', '')} ours {record['load'].get('ours_tps', 0):.0f} t/s, "
          f"pyoxigraph {record['load'].get('pyoxigraph_tps', 0):.0f} t/s",
          flush=True)
    return record


def finish_run(n: int, workers: int, work: Path, *, load_prefixes: tuple[int, ...], full_load: tuple[str, ...],
               deadline: float | None, keep_shards: bool) -> dict[str, Any]:
    """The record of a run whose extraction ended but whose bench process was stopped before loading (the
    child's progress log and the 1 s samples are on disk): peaks are then the largest sampled resident sizes."""
    name = f"{label(n)}-w{workers}"
    corpus = corpus_path(n)
    lines = [json.loads(x) for x in (RUNS / f"{name}.progress.jsonl").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    end = next((x for x in lines if x.get("end")), None)
    if end is None:
        raise SystemExit(f"{name}: the extraction did not end (no end line in its progress log)")
    samples = [json.loads(x) for x in (RUNS / f"{name}.samples.jsonl").read_text(encoding="utf-8").splitlines()
               if x.strip()]
    loads = [x["load"] for x in samples]
    width = max((len(x["worker_rss"]) for x in samples), default=0)
    record: dict[str, Any] = {
        "size": n, "workers": workers, "corpus": corpus.name, "chars": corpus_chars(corpus),
        "date": dt.date.today().isoformat(), "stopped_early": False, "cpus": os.cpu_count(),
        "extract_wall_s": round(end["t"], 1), "child_wall_s": round(samples[-1]["t"], 1) if samples else None,
        "articles": end["done"], "extracted": end["extracted"], "failures": end["failures"],
        "failure_examples": end.get("failure_examples", []),
        "triples": end["triples"], "entities": end["entities"], "facts": end["facts"],
        "articles_per_s": end["done"] / end["t"], "chars_per_s": corpus_chars(corpus) / end["t"],
        "load_average": {"before": loads[0] if loads else None, "mean": round(sum(loads) / max(1, len(loads)), 2),
                         "max": max(loads, default=None)},
        "driver_peak_mb": max((x["driver_rss"] for x in samples), default=0.0),
        "driver_cpu_s": samples[-1]["driver_cpu"] if samples else None,
        "workers_cpu_s": samples[-1]["workers_cpu"] if samples else None,
        "worker_peaks_mb": [{"pid": None, "own_hwm": None, "with_extraction_process_hwm": max(
            (x["worker_rss"][i] for x in samples if len(x["worker_rss"]) > i), default=0.0)} for i in range(width)],
        "peaks_from": "the 1 s samples (the bench process was stopped after the extraction)",
        "progress": [[x["t"], x["done"]] for x in lines],
        "samples": samples,
    }
    return load_and_record(record, name, n, work / f"shards-{name}", work, load_prefixes=load_prefixes,
                           full_load=full_load, deadline=deadline, keep_shards=keep_shards)


def load_stores(files: list[Path], store_dir: Path, which: tuple[str, ...] = ("ours", "pyoxigraph")
                ) -> dict[str, Any]:
    """Our shard loader and pyoxigraph's bulk loader on the same N-Quads (``files``), each into a fresh store."""
    import pyoxigraph as ox

    from kg.shards import load_shards
    from kg.store.oxigraph import OxigraphStore

    quads = 0
    for f in files:
        with f.open("rb") as fh:
            quads += sum(1 for _ in fh)
    out: dict[str, Any] = {"shards": len(files), "quads": quads}
    for kind in which:
        target = store_dir.with_name(f"{store_dir.name}-{kind}")
        shutil.rmtree(target, ignore_errors=True)
        load = loadavg()
        if kind == "ours":
            store = OxigraphStore.open(target)
            t = time.perf_counter()
            report = load_shards(files, store)
            store.raw.flush()
            seconds = time.perf_counter() - t
            out["ours_failures"] = len(report.failures)
            out["ours_quads_stored"] = len(store)
            store.close()
        else:
            raw = ox.Store(str(target))
            t = time.perf_counter()
            for f in files:
                raw.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
            raw.flush()
            seconds = time.perf_counter() - t
            out["pyoxigraph_quads_stored"] = len(raw)
            del raw
        out[f"{kind}_s"] = round(seconds, 2)
        out[f"{kind}_tps"] = quads / seconds
        out[f"{kind}_load_average"] = load
        out[f"{kind}_disk_mb"] = round(disk_mb(target), 1)
        if kind == "pyoxigraph":
            shutil.rmtree(target, ignore_errors=True)
    out["store"] = str(store_dir.with_name(f"{store_dir.name}-ours"))
    return out


def serve_figures(store_dir: Path, duration: float, runs: int) -> dict[str, Any]:
    """REST person lookup and /sparql beside oxigraph serve, on the store of the largest run."""
    from urllib.parse import urlencode

    import pyoxigraph as ox
    from bench_api import free_port, latencies, load_from_other_process, queries, start, stop

    from kg.vocab import sparql_prefixes

    raw = ox.Store.read_only(str(store_dir))
    q = sparql_prefixes() + """SELECT ?person ?region (COUNT(*) AS ?n) WHERE {
        ?p a fk:Person ; fk:deployedTo ?pl ; rdfs:label ?person . ?pl schema:containedInPlace+ ?r .
        ?r rdfs:label ?region
        FILTER(langMatches(lang(?person), "zh-Hans") && langMatches(lang(?region), "zh-Hans"))
    } GROUP BY ?person ?region ORDER BY DESC(?n) ?person LIMIT 1"""
    row = next(iter(raw.query(q, use_default_graph_as_union=True)))  # type: ignore[arg-type]
    person, region = row[0].value, row[1].value
    quads = len(raw)
    del raw
    sparql = queries(person, region)["person-places"]
    out: dict[str, Any] = {"quads": quads, "person_from_data": True}
    timeout = 60.0
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KG_QUERY_TIMEOUT": str(timeout)}
    env.pop("KG_WRITE_TOKEN", None)
    kg = Path(sys.executable).with_name("kg")
    # probed with a cheap query: /stats scans the whole store, minutes at 10^7 quads on a busy machine
    proc = start([str(kg), "serve", "--store", str(store_dir), "--port", str(port), "--log-level", "warning"],
                 f"http://127.0.0.1:{port}/sparql?{urlencode({'query': 'ASK {}'})}", 300, env)
    try:
        base = f"http://127.0.0.1:{port}"
        rest = f"{base}/deployments?{urlencode({'person': person})}"
        load = loadavg()
        p50, p99 = latencies(rest, runs, timeout)
        out["rest_person"] = {"p50_ms": p50, "p99_ms": p99, "runs": runs, "load_average": load}
        url = f"{base}/sparql?{urlencode({'query': sparql})}"
        load = loadavg()
        m, p = latencies(url, runs, timeout)
        rps = load_from_other_process(url, duration, 8, timeout)
        out["ours_sparql"] = {"p50_ms": m, "p99_ms": p, "rps": rps["rps"], "errors": rps["errors"],
                              "load_average": load}
    finally:
        stop(proc)
    port = free_port()
    tool = Path(sys.executable).with_name("oxigraph")
    proc = start([str(tool), "serve-read-only", "--location", str(store_dir), "--bind", f"127.0.0.1:{port}",
                  "--union-default-graph"], f"http://127.0.0.1:{port}/query?{urlencode({'query': 'ASK {}'})}", 300)
    try:
        url = f"http://127.0.0.1:{port}/query?{urlencode({'query': sparql})}"
        load = loadavg()
        m, p = latencies(url, runs, timeout)
        rps = load_from_other_process(url, duration, 8, timeout)
        out["oxigraph_sparql"] = {"p50_ms": m, "p99_ms": p, "rps": rps["rps"], "errors": rps["errors"],
                                  "load_average": load}
    finally:
        stop(proc)
    return out


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="mode")
    child = sub.add_parser("ingest-run", help="(internal) one ingest, as the measured child process")
    child.add_argument("corpus")
    child.add_argument("--workers", type=int, required=True)
    child.add_argument("--shards", required=True)
    child.add_argument("--log", required=True)
    sub.add_parser("report", help="tables, plot and estimate from the runs kept in bench/results/scale-runs")
    fin = sub.add_parser("finish", help="load and record a run whose extraction ended but whose bench process was "
                         "stopped (its logs and shards under --work)")
    fin.add_argument("size")
    fin.add_argument("--run-workers", type=int, default=2)
    serve = sub.add_parser("serve", help="only the serving figures, on a store a run kept (--keep)")
    serve.add_argument("store", type=Path)
    serve.add_argument("--articles", type=int, required=True, help="articles in that store (for the record)")
    ap.add_argument("--sizes", default="1e3,1e4", help="corpus sizes in articles (1e3,1e4,1e5)")
    ap.add_argument("--workers", default="1,2", help="worker counts for the throughput runs (at the smallest size)")
    ap.add_argument("--growth-workers", type=int, default=2, help="workers for the larger sizes")
    ap.add_argument("--no-throughput", action="store_true", help="skip the worker-count runs at the smallest size")
    ap.add_argument("--serve", action="store_true", help="also the serving figures on the largest store")
    ap.add_argument("--duration", type=float, default=5, help="seconds of load per server (--serve)")
    ap.add_argument("--latency-runs", type=int, default=100)
    ap.add_argument("--work", type=Path, help="folder for shards and stores (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the shards and stores")
    ap.add_argument("--load-prefixes", default="1e3,1e4",
                    help="also load the first shards of a larger run, both ways, at these sizes")
    ap.add_argument("--full-load", default="ours,pyoxigraph",
                    help="loaders run on all the shards of each run (ours, pyoxigraph; empty: none)")
    ap.add_argument("--deadline", help="UTC time (HH:MM) by which loading must end: the full load of the "
                    "largest run is skipped (its first shards served instead) when it would end later")
    ap.add_argument("--out", type=Path, default=RESULTS,
                    help="results folder (default bench/results; the runs are kept in its scale-runs/)")
    ap.add_argument("--stop-at", help="UTC time (HH:MM) at which an extraction still running is stopped; "
                    "what it did by then is measured, loaded and reported as a partial run")
    args = ap.parse_args(argv)

    def utc(hhmm: str | None) -> float | None:
        if not hhmm:
            return None
        hh, mm = (int(x) for x in hhmm.split(":"))
        return dt.datetime.now(dt.UTC).replace(hour=hh, minute=mm, second=0, microsecond=0).timestamp()

    deadline, stop_at = utc(args.deadline), utc(args.stop_at)
    global RUNS
    results = args.out
    RUNS = results / "scale-runs"
    if args.mode == "ingest-run":
        return ingest_run(args)
    if args.mode == "serve":
        RUNS.mkdir(parents=True, exist_ok=True)
        figures = serve_figures(args.store, args.duration, args.latency_runs)
        figures["size"] = args.articles
        (RUNS / "serve.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        print(f"serve: {figures}", flush=True)
        from scale_report import write_report

        write_report(RUNS, results)
        return 0
    if args.mode == "report":
        from scale_report import write_report

        write_report(RUNS, results)
        return 0
    if args.mode == "finish":
        if args.work is None:
            raise SystemExit("finish needs --work (the folder holding the run's shards)")
        last = finish_run(int(float(args.size)), args.run_workers, args.work,
                          load_prefixes=tuple(int(float(x)) for x in args.load_prefixes.split(",") if x),
                          full_load=tuple(x for x in args.full_load.split(",") if x), deadline=deadline,
                          keep_shards=args.keep)
        if args.serve and last["load"].get("store"):
            figures = serve_figures(Path(last["load"]["store"]), args.duration, args.latency_runs)
            figures["size"] = last["served_articles"]
            (RUNS / "serve.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
            print(f"serve: {figures}", flush=True)
        from scale_report import write_report

        write_report(RUNS, results)
        return 0
    sizes = [int(float(s)) for s in args.sizes.split(",") if s]
    counts = [int(w) for w in args.workers.split(",") if w]
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    RUNS.mkdir(parents=True, exist_ok=True)
    try:
        smallest = corpus_path(min(sizes))
        a = anchor(smallest)
        print(f"anchor: bare pipeline {a['cpu_s_per_article'] * 1000:.1f} ms CPU per article "
              f"(load average {a['load_average_1min']})", flush=True)
        plan = [] if args.no_throughput else [(min(sizes), w) for w in counts]
        plan += [(n, args.growth_workers) for n in sizes if (n, args.growth_workers) not in plan]
        last = None
        prefixes = tuple(int(float(x)) for x in args.load_prefixes.split(",") if x)
        full = tuple(x for x in args.full_load.split(",") if x)
        for n, w in plan:
            (RUNS / f"{label(n)}-w{w}.anchor.json").write_text(json.dumps(a, indent=1) + "\n", encoding="utf-8")
            last = run_ingest(n, w, work, keep_shards=args.keep, load_prefixes=prefixes, full_load=full,
                              deadline=deadline, stop_at=stop_at)
        if args.serve and last is not None and last["load"].get("store"):
            figures = serve_figures(Path(last["load"]["store"]), args.duration, args.latency_runs)
            figures["size"] = last["served_articles"]
            (RUNS / "serve.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
            print(f"serve: {figures}", flush=True)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    from scale_report import write_report

    write_report(RUNS, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
