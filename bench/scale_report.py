"""Tables, plot and the 10^6-article estimate from the runs of bench/bench_scale.py.

    .venv/bin/python bench/bench_scale.py report

Reads ``bench/results/scale-runs/`` (one ``<size>-w<N>.json`` per finished run; a run still going or
stopped early has only its ``.progress.jsonl`` and ``.samples.jsonl``, read as far as they go),
``anchor.json``, ``serve.json`` and ``bench/results/server_memory-*.json``, and writes
``bench/results/scale.json``, ``scale.md`` and ``scale.png``. Nothing here measures: it only reads what the
runs recorded, so every figure in the outputs was measured by a run (the estimate is arithmetic on them,
shown step by step).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

_RUN = re.compile(r"^(?P<size>1e\d+|\d+)-w(?P<workers>\d+)$")
WINDOW_FRACTION = 0.1     # steady-state rate: over the last 90 % of a run's articles (after start-up)


def _size(text: str) -> int:
    return int(float(text))


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:  # a line being written when the run stopped
            continue
    return out


def load_runs(runs: Path) -> list[dict[str, Any]]:
    """Every run: the finished ones' records, and what the unfinished ones logged."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(runs.glob("*.progress.jsonl")):
        name = path.name.removesuffix(".progress.jsonl")
        m = _RUN.match(name)
        if not m:
            continue
        record_path = runs / f"{name}.json"
        if record_path.exists():
            rec = json.loads(record_path.read_text(encoding="utf-8"))
            rec["finished"] = True
        else:
            lines = _jsonl(path)
            samples = _jsonl(runs / f"{name}.samples.jsonl")
            if not lines:
                continue
            last = lines[-1]
            rec = {"size": _size(m["size"]), "workers": int(m["workers"]), "finished": False,
                   "articles": last["done"], "extract_wall_s": last["t"],
                   "progress": [[x["t"], x["done"]] for x in lines], "samples": samples,
                   "load_average": {"mean": round(sum(s["load"] for s in samples) / max(1, len(samples)), 2),
                                    "max": max((s["load"] for s in samples), default=0.0)}}
        rec["name"] = name
        anchor_path = runs / f"{name}.anchor.json"
        if anchor_path.exists():
            rec["anchor"] = json.loads(anchor_path.read_text(encoding="utf-8"))
        found[name] = rec
    return sorted(found.values(), key=lambda r: (r["size"], r["workers"]))


def steady_rate(progress: list[list[float]], start_fraction: float = WINDOW_FRACTION,
                end_done: int | None = None) -> float | None:
    """Articles per second between ``start_fraction`` of the articles and the end (or ``end_done``)."""
    if len(progress) < 2:
        return None
    total = end_done or progress[-1][1]
    first = next((p for p in progress if p[1] >= total * start_fraction), None)
    last = next((p for p in progress if p[1] >= total), progress[-1]) if end_done else progress[-1]
    if first is None or last[0] <= first[0]:
        return None
    return (last[1] - first[1]) / (last[0] - first[0])


def window_rate(progress: list[list[float]], lo: int, hi: int) -> tuple[float, float] | None:
    """Seconds per article between ``lo`` and ``hi`` articles done, and the seconds it took."""
    a = next((p for p in progress if p[1] >= lo), None)
    b = next((p for p in progress if p[1] >= hi), None)
    if a is None or b is None or b[1] <= a[1]:
        return None
    return (b[0] - a[0]) / (b[1] - a[1]), b[0] - a[0]


def samples_upto(samples: list[dict[str, Any]], done: int) -> list[dict[str, Any]]:
    return [s for s in samples if s.get("done", 0) <= done]


def worker_peak(samples: list[dict[str, Any]]) -> float:
    """The largest resident size of one worker (with its extraction process) in the samples."""
    return max((max(s["worker_rss"]) for s in samples if s.get("worker_rss")), default=0.0)


def load_mean(samples: list[dict[str, Any]]) -> float:
    return round(sum(s["load"] for s in samples) / len(samples), 2) if samples else 0.0


def curve(r: dict[str, Any], points: int = 120) -> list[dict[str, float]]:
    """The run's samples thinned to about ``points``: articles done, worker and driver RSS, load, CPU."""
    samples = [s for s in r.get("samples", []) if s.get("done")]
    step = max(1, len(samples) // points)
    keep = samples[::step] + ([samples[-1]] if samples and (len(samples) - 1) % step else [])
    return [{"t": s["t"], "done": s["done"], "worker_rss_max": max(s["worker_rss"], default=0.0),
             "driver_rss": s["driver_rss"], "load": s["load"], "workers_cpu": s.get("workers_cpu"),
             "driver_cpu": s.get("driver_cpu")} for s in keep]


def memory_slopes(samples: list[dict[str, Any]]) -> dict[str, float] | None:
    """Slopes (KB per article) of the driver's and the largest worker's RSS against articles done."""
    pts = [s for s in samples if s.get("worker_rss") and s.get("done")]
    if len(pts) < 10:
        return None
    last = pts[-1]["done"]
    # after the start-up, and before the shut-down (the samples after the last article, workers closing)
    pts = [s for s in pts if last * 0.1 <= s["done"] < last]
    if len(pts) < 10 or pts[-1]["done"] == pts[0]["done"]:
        return None

    def slope(ys: list[float]) -> float:
        xs = [float(s["done"]) for s in pts]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        var = sum((x - mx) ** 2 for x in xs)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var * 1024 if var else 0.0

    return {"from": pts[0]["done"], "to": pts[-1]["done"], "driver_kb": slope([s["driver_rss"] for s in pts]),
            "worker_kb": slope([max(s["worker_rss"]) for s in pts])}


def _fmt(x: float | None, spec: str = ".1f") -> str:
    return "-" if x is None else format(x, spec)


def write_report(runs_dir: Path, results: Path) -> dict[str, Any]:
    runs = load_runs(runs_dir)
    anchors = {r["name"]: r["anchor"] for r in runs if r.get("anchor")}
    serve = json.loads((runs_dir / "serve.json").read_text()) if (runs_dir / "serve.json").exists() else None
    memory = {p.stem.removeprefix("server_memory-"): json.loads(p.read_text())
              for p in sorted(results.glob("server_memory-*.json"))}
    md: list[str] = ["# Corpus scale: figures", "",
                     "Made by `bench/bench_scale.py` (the runs) and `bench/scale_report.py` (these tables, "
                     "`scale.png`, `scale.json`) on the 2-core development machine, **shared with other work**: "
                     "every figure carries the 1-minute load average seen while it was measured (2.0 would be "
                     "both cores busy). Corpus: `bench/make_corpus.py` (the train and dev articles replicated "
                     "and varied). CPU seconds are the processes' own (`/proc`), less sensitive to the load than "
                     "wall times.", ""]
    summary: dict[str, Any] = {"runs": [], "serve": serve}
    if anchors:
        md += ["## Anchor (measured by each invocation, before its runs)", "",
               "The bare pipeline (`kg.extract`, one process, warm) over the first 100 articles of the corpus:", "",
               "| runs | ms CPU per article | µs CPU per character | ms wall per article | load average |",
               "|---|---:|---:|---:|---:|"]
        for name, a in anchors.items():
            md.append(f"| {name} | {a['cpu_s_per_article'] * 1000:.1f} | {a['cpu_us_per_char']:.1f} | "
                      f"{a['wall_s_per_article'] * 1000:.1f} | {a['load_average_1min']} |")
        md.append("")

    # ---- throughput per worker count
    md += ["## Extraction throughput (read + extract + N-Quads shards, LocalCluster)", "",
           "| articles | workers | finished | wall s | articles/s | chars/s | steady articles/s | efficiency (wall) | "
           "worker CPU ms/article | CPU efficiency | driver CPU ms/article | wall per article / anchor CPU | "
           "load average |",
           "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    one_worker: dict[int, float] = {}
    one_worker_cpu: dict[int, float] = {}
    for r in runs:
        rate = steady_rate(r.get("progress", []))
        if r["workers"] == 1 and rate:
            one_worker[r["size"]] = rate
        if r["workers"] == 1 and r.get("workers_cpu_s"):
            one_worker_cpu[r["size"]] = r["workers_cpu_s"] / r["articles"]
    for r in runs:
        rate = steady_rate(r.get("progress", []))
        base = one_worker.get(r["size"])
        eff = rate / (r["workers"] * base) if rate and base else None
        aps = r.get("articles_per_s") or (r["articles"] / r["extract_wall_s"] if r["extract_wall_s"] else None)
        cps = r.get("chars_per_s")
        last_sample = r["samples"][-1] if r.get("samples") else {}
        wcpu_s = r.get("workers_cpu_s") or last_sample.get("workers_cpu")
        dcpu_s = r.get("driver_cpu_s") or last_sample.get("driver_cpu")
        wcpu = wcpu_s / r["articles"] * 1000 if wcpu_s else None  # not recorded by runs before CPU sampling
        dcpu = dcpu_s / r["articles"] * 1000 if dcpu_s else None
        anchor = r.get("anchor")
        vs_anchor = (1 / rate) / anchor["cpu_s_per_article"] if rate and anchor else None
        cpu1 = one_worker_cpu.get(r["size"])
        cpu_eff = cpu1 * 1000 / wcpu if cpu1 and wcpu and r["finished"] else None
        r["cpu_efficiency"] = cpu_eff
        r["steady_articles_per_s"], r["efficiency"] = rate, eff
        r["worker_cpu_ms_per_article"], r["driver_cpu_ms_per_article"] = wcpu, dcpu
        md.append(f"| {r['articles']:,} of {r['size']:,} | {r['workers']} | {'yes' if r['finished'] else 'no'} | "
                  f"{r['extract_wall_s']:.0f} | {_fmt(aps, '.2f')} | {_fmt(cps, ',.0f')} | {_fmt(rate, '.2f')} | "
                  f"{_fmt(eff, '.2f')} | {_fmt(wcpu)} | {_fmt(cpu_eff, '.2f')} | {_fmt(dcpu)} | "
                  f"{_fmt(vs_anchor, '.2f')} | "
                  f"{r['load_average']['mean']} (max {r['load_average']['max']}) |")
        summary["runs"].append({**{k: v for k, v in r.items() if k not in ("samples", "progress")},
                                "curve": curve(r)})
    md += ["", "Steady articles/s: over the last 90 % of the run's articles (the cluster's start-up and the "
           "pipeline's loading excluded). Efficiency (wall): steady rate / (workers × the 1-worker steady rate at "
           "the same size); on this machine it mostly measures how many of the 2 cores the other work left. "
           "Worker CPU ms/article: CPU seconds of all workers (with their extraction processes) per article. "
           "CPU efficiency: the 1-worker run's CPU per article / this run's, i.e. the speed-up per worker that "
           "N free cores would give (1.0: workers do not slow each other). Wall per article / anchor CPU: "
           "below 1 means the ingest runs faster than one process could extract alone.", ""]

    # ---- growth: time and memory per article as the corpus grows
    md += ["## Time and memory per article as the corpus grows", "",
           "Within each run, the seconds per article over successive windows of articles done, and the largest "
           "resident size of one worker (a Dask worker process with its extraction process) and of the driver "
           "up to that point.", "",
           "| run | articles done | wall ms per article (window) | worker CPU ms per article (window) | window | "
           "worker peak RSS MB | driver RSS MB | load average (window) |", "|---|---:|---:|---:|---|---:|---:|---:|"]
    for r in runs:
        progress, samples = r.get("progress", []), r.get("samples", [])
        marks = [m for m in (10**2, 10**3, 3 * 10**3, 10**4, 3 * 10**4, 10**5, 10**6) if m <= r["articles"]]
        growth = []
        for m in marks:
            lo = max(int(m * 0.5), 1)
            w = window_rate(progress, lo, m)
            upto = samples_upto(samples, m)
            in_window = [s for s in upto if s.get("done", 0) >= lo]
            ms = w[0] * 1000 if w else None
            cpu_ms = None
            if len(in_window) >= 2 and in_window[-1]["done"] > in_window[0]["done"] and "workers_cpu" in in_window[0]:
                cpu_ms = ((in_window[-1]["workers_cpu"] - in_window[0]["workers_cpu"])
                          / (in_window[-1]["done"] - in_window[0]["done"]) * 1000)
            row = {"done": m, "s_per_article": w[0] if w else None, "worker_cpu_ms_per_article": cpu_ms,
                   "window": [lo, m],
                   "worker_peak_mb": worker_peak(upto),
                   "driver_rss_mb": max((s["driver_rss"] for s in upto), default=0.0),
                   "load": load_mean(in_window)}
            growth.append(row)
            md.append(f"| {r['name']} | {m:,} | {_fmt(ms)} | {_fmt(cpu_ms)} | "
                      f"{lo:,}–{m:,} | {row['worker_peak_mb']:.0f} | {row['driver_rss_mb']:.0f} | {row['load']} |")
        r["growth"] = growth
        for s in summary["runs"]:
            if s["name"] == r["name"]:
                s["growth"] = growth
    md.append("")
    slopes = []
    for r in runs:
        fit = memory_slopes(r.get("samples", []))
        if fit:
            r["memory_slopes"] = fit
            slopes.append(f"| {r['name']} | {fit['from']:,}–{fit['to']:,} | {fit['driver_kb']:.1f} | "
                          f"{fit['worker_kb']:.1f} |")
            for s in summary["runs"]:
                if s["name"] == r["name"]:
                    s["memory_slopes"] = fit
    if slopes:
        md += ["Memory growth per article (least-squares slope of resident size against articles done, after "
               "the first 10 % of the run; flat memory would be about 0):", "",
               "| run | articles | driver KB per article | worker KB per article (largest worker) |",
               "|---|---|---:|---:|", *slopes, ""]

    # ---- loading
    md += ["## Loading the shards: ours (`kg.shards.load_shards`) beside pyoxigraph's `Store.bulk_load`", "",
           "| run | articles | quads | ours s | ours triples/s | pyoxigraph s | pyoxigraph triples/s | "
           "ours / pyoxigraph | store on disk MB | load average |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        loads = [(p["articles"], p) for p in r.get("load_prefixes", [])]
        if r.get("load"):
            loads.append((r["articles"], r["load"]))
        for arts, ld in loads:
            ours, theirs = ld.get("ours_tps"), ld.get("pyoxigraph_tps")
            ratio = ours / theirs if ours and theirs else None
            md.append(f"| {r['name']} | {arts:,} | {ld['quads']:,} | {_fmt(ld.get('ours_s'))} | {_fmt(ours, ',.0f')} | "
                      f"{_fmt(ld.get('pyoxigraph_s'))} | {_fmt(theirs, ',.0f')} | {_fmt(ratio, '.2f')} | "
                      f"{_fmt(ld.get('ours_disk_mb') or ld.get('pyoxigraph_disk_mb'))} | "
                      f"{ld.get('ours_load_average', ld.get('pyoxigraph_load_average'))} |")
    md.append("")

    # ---- serving
    if serve:
        ratio = serve["ours_sparql"]["rps"] / serve["oxigraph_sparql"]["rps"] if serve["oxigraph_sparql"]["rps"] else 0
        md += [f"## Serving the largest store loaded ({serve['quads']:,} quads, {serve['size']:,} articles)", "",
               "The person is the one with the most deployments inside one region, taken from the data. Latency: "
               f"{serve['rest_person']['runs']} sequential requests after one warm-up; throughput: a second "
               "process with 8 connections. Our `/sparql` answers at "
               f"**{ratio:.2f}×** the throughput of `oxigraph serve` on the same store.", "",
               "| request | p50 ms | p99 ms | requests/s (8 connections) | load average |", "|---|---:|---:|---:|---:|"]
        rp = serve["rest_person"]
        md.append(f"| ours: REST `/deployments?person=` | {rp['p50_ms']:.1f} | {rp['p99_ms']:.1f} | - | "
                  f"{rp['load_average']} |")
        for key, name in (("ours_sparql", "ours: `/sparql` person-places"),
                          ("oxigraph_sparql", "`oxigraph serve`: `/query` person-places")):
            x = serve[key]
            md.append(f"| {name} | {x['p50_ms']:.1f} | {x['p99_ms']:.1f} | {x['rps']:.1f} | {x['load_average']} |")
        md.append("")

    # ---- server memory
    if memory:
        md += ["## Server memory at 10^6 quads (`bench/bench_server_memory.py`)", "",
               "Sum over the server's process tree of the proportional set size (PSS: a page shared by forked "
               "processes is divided among them), just started and after the same warm-up queries "
               "(a person's places and a scan of every triple, 8 rounds; ours also the REST lookup).", "",
               "| measurement | ours started | ours after warm-up | oxigraph serve started | after warm-up | "
               "load average |", "|---|---:|---:|---:|---:|---:|"]
        for name, m in memory.items():
            md.append(f"| {name} ({m['quads_stored']:,} quads, {m['workers']} workers) | "
                      f"{m['ours_started']['total']['pss']:.0f} | {m['ours']['total']['pss']:.0f} | "
                      f"{m['oxigraph_serve_started']['total']['pss']:.0f} | "
                      f"{m['oxigraph_serve']['total']['pss']:.0f} | "
                      f"{m.get('load_average_1min')} |")
        md.append("")
    summary["server_memory"] = {k: {"ours_started_pss": v["ours_started"]["total"]["pss"],
                                    "ours_pss": v["ours"]["total"]["pss"],
                                    "oxigraph_started_pss": v["oxigraph_serve_started"]["total"]["pss"],
                                    "oxigraph_pss": v["oxigraph_serve"]["total"]["pss"]} for k, v in memory.items()}

    md += estimate(runs)
    (results / "scale.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    (results / "scale.json").write_text(json.dumps(summary, indent=1, default=str) + "\n", encoding="utf-8")
    plot(runs, results / "scale.png")
    return summary


def estimate(runs: list[dict[str, Any]]) -> list[str]:
    """The 10^6-article estimate from the largest run's measured rates, with the arithmetic."""
    big = max((r for r in runs if r.get("steady_articles_per_s")), key=lambda r: (r["articles"], r["workers"]),
              default=None)
    if big is None:
        return ["## Estimate for 10^6 articles", "", "No run measured yet.", ""]
    w, rate = big["workers"], big["steady_articles_per_s"]
    per_worker = rate / w
    wcpu = big.get("worker_cpu_ms_per_article")
    dcpu = big.get("driver_cpu_ms_per_article")
    loads = [(p["articles"], p) for r in runs for p in r.get("load_prefixes", []) if p.get("ours_tps")]
    loads += [(r["articles"], r["load"]) for r in runs if r.get("load", {}).get("ours_tps")]
    articles_loaded, load = max(loads, key=lambda x: x[1]["quads"], default=(0, None))
    quads_per_article = load["quads"] / articles_loaded if load and articles_loaded else None
    lines = ["## Estimate for 10^6 articles on N machines (arithmetic on the measured figures)", "",
             f"Measured (run {big['name']}, {big['articles']:,} articles, load average "
             f"{big['load_average']['mean']}): steady **{rate:.2f} articles/s with {w} workers**, i.e. "
             f"r = {rate:.2f} / {w} = **{per_worker:.2f} articles/s per worker**"
             + (f"; the workers spent {wcpu:.1f} ms CPU per article" if wcpu else "")
             + (f", the driver {dcpu:.1f} ms CPU per article" if dcpu else "") + ".", ""]
    if wcpu:
        cpu_rate = 1000 / wcpu
        lines += [f"On an idle core a worker would do 1000 / {wcpu:.1f} = **{cpu_rate:.1f} articles/s** "
                  "(its CPU time per article, which the machine's other load does not inflate); the estimate "
                  "below uses this, and the wall-clock rate r in parentheses.", ""]
    else:
        cpu_rate = per_worker
    lines += ["Extraction time for 10^6 articles with N machines of c cores (one worker per core), assuming the "
              "measured per-worker rate holds (Dask's scheduling overhead per 16-article task is inside the "
              "measured rate): T = 10^6 / (N × c × rate).", "",
              "| N machines × c cores | workers | T at CPU rate | T at measured wall rate |",
              "|---|---:|---:|---:|"]
    for n, c in ((1, 2), (1, 8), (4, 8), (16, 8), (64, 8)):
        t_cpu = 1e6 / (n * c * cpu_rate)
        t_wall = 1e6 / (n * c * per_worker)
        lines.append(f"| {n} × {c} | {n * c} | 10^6 / ({n * c} × {cpu_rate:.1f}) = {t_cpu / 3600:.2f} h | "
                     f"10^6 / ({n * c} × {per_worker:.2f}) = {t_wall / 3600:.2f} h |")
    lines.append("")
    if dcpu:
        cap = 1000 / dcpu
        lines += [f"The driver (one process: reads the stream, digests each article, writes the shards) spent "
                  f"{dcpu:.1f} ms CPU per article, so it saturates at 1000 / {dcpu:.1f} = **{cap:.0f} articles/s** "
                  f"= {cap / cpu_rate:.0f} workers at the CPU rate: beyond that many workers, adding machines does "
                  f"not help unless the input is split over several drivers (several `kg ingest` runs on "
                  f"parts of the corpus writing shards, loaded once).", ""]
    if load and quads_per_article:
        total_q = quads_per_article * 1e6
        t_load = total_q / load["ours_tps"]
        lines += [f"Loading is one store, so it does not divide by N: {quads_per_article:.0f} quads per article "
                  f"(measured) × 10^6 = {total_q / 1e6:.0f} M quads at our measured {load['ours_tps']:,.0f} "
                  f"triples/s ({load['quads']:,} quads, load average {load.get('ours_load_average')}) = "
                  f"{total_q:.3g} / {load['ours_tps']:,.0f} = **{t_load / 3600:.2f} h**, if the bulk loader's rate "
                  f"holds at that size (measured only up to {load['quads']:,} quads).", ""]
    anchor = big.get("anchor")
    if anchor:
        lines += [f"Check against the anchor: the bare pipeline took {anchor['cpu_s_per_article'] * 1000:.1f} ms "
                  f"CPU per article in this process; a worker's {wcpu or 0:.1f} ms adds reading, the N-Quads and "
                  "the task's transfer.", ""]
    return lines


def plot(runs: list[dict[str, Any]], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(16, 4.8))
    ax = axes[0]
    by_size: dict[int, list[dict[str, Any]]] = {}
    for r in runs:
        if r.get("steady_articles_per_s"):
            by_size.setdefault(r["size"], []).append(r)
    for size, rs in sorted(by_size.items()):
        rs.sort(key=lambda r: r["workers"])
        ax.plot([r["workers"] for r in rs], [r["steady_articles_per_s"] for r in rs], "o-",
                label=f"{size:,} articles (measured)")
        one = next((r for r in rs if r["workers"] == 1), None)
        if one:
            ws = [r["workers"] for r in rs]
            ax.plot(ws, [one["steady_articles_per_s"] * w for w in ws], ":", color="grey", label="ideal (× workers)")
    ax.set_xlabel("workers")
    ax.set_ylabel("articles/s (steady)")
    ax.set_title("Throughput by worker count")
    ax.legend(fontsize=8)
    ax = axes[1]
    for i, r in enumerate(runs):
        color = f"C{i}"
        p = r.get("progress", [])
        pts = []
        step = max(1, len(p) // 150)
        for j in range(step, len(p), step):
            (t0, d0), (t1, d1) = p[j - step], p[j]
            if d1 > d0:
                pts.append((d1, (t1 - t0) / (d1 - d0) * 1000))
        if pts:
            ax.plot([x for x, _ in pts], [y for _, y in pts], ".", ms=2, alpha=0.35, color=color,
                    label=f"{r['name']} wall")
        smp = [x for x in r.get("samples", []) if x.get("done") and "workers_cpu" in x]
        smp = [x for x in smp if x["done"] < smp[-1]["done"]] if smp else []
        cpu = []
        step = max(1, len(smp) // 60)
        for j in range(step, len(smp), step):
            a, b = smp[j - step], smp[j]
            if b["done"] > a["done"]:
                cpu.append((b["done"], (b["workers_cpu"] - a["workers_cpu"]) / (b["done"] - a["done"]) * 1000))
        if cpu:
            ax.plot([x for x, _ in cpu], [y for _, y in cpu], "-", lw=1.2, color=color,
                    label=f"{r['name']} worker CPU")
    ax.set_xscale("log")
    ax.set_ylim(bottom=0)
    ax.set_xlabel("articles done")
    ax.set_ylabel("ms per article (window)")
    ax.set_title("Time per article as the corpus grows\n(dots: wall, under the machine's load; lines: CPU)")
    ax.legend(fontsize=7)
    ax = axes[2]
    for i, r in enumerate(runs):
        s = [x for x in r.get("samples", []) if x.get("worker_rss") and x.get("done")]
        s = [x for x in s if x["done"] < s[-1]["done"]] if s else []  # not the shut-down
        if s:
            ax.plot([x["done"] for x in s], [max(x["worker_rss"]) for x in s], "-", lw=1, color=f"C{i}",
                    label=f"{r['name']} worker (largest)")
            ax.plot([x["done"] for x in s], [x["driver_rss"] for x in s], "--", lw=1, color=f"C{i}",
                    label=f"{r['name']} driver")
    ax.set_xlabel("articles done")
    ax.set_ylabel("resident MB")
    ax.set_title("Memory per process as the corpus grows")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
