"""Driver memory when tasks carry their data: Dask ``client.submit(fn, data)`` beside ``client.scatter`` first.

    .venv/bin/python bench/bench_dask_payload.py [--tasks 1500] [--kb 120]

Why: the 10^5-article run of ``bench/bench_scale.py`` saw the ingest's driver (the Dask client, with the
``LocalCluster`` scheduler in the same process) grow by 22-28 KB per article while the workers stayed flat,
and tracemalloc placed the retained memory in the client's pickling of submitted tasks and the scheduler's
unpickling of them (``update_graph``), after their futures were released. This reproduces it without the
pipeline: ``--tasks`` tasks, each given ``--kb`` KB of text, at most 4 in flight, each future released
after its result is read (the pattern of ``kg.cluster.extract_on_cluster``), and reports the driver's
resident growth for two ways of passing the data:

* ``submit``: the data as the task's argument (``client.submit(fn, batch)``);
* ``scatter``: ``client.scatter(batch)`` first, the task given the returned future.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import subprocess
import sys
from typing import Any


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def work(batch: list[str]) -> int:
    return sum(len(x) for x in batch)


def run(mode: str, tasks: int, kb: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster, as_completed

    out: dict[str, Any] = {"mode": mode, "tasks": tasks, "kb_per_task": kb, "growth_mb": []}
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        done = as_completed()
        running: set[Any] = set()
        start = rss_mb()
        for i in range(tasks):
            batch = [f"{i:08d}" + "文" * (kb * 1024 // 3 // 4) for _ in range(4)]
            arg = client.scatter(batch) if mode == "scatter" else batch
            future = client.submit(work, arg, pure=False)
            running.add(future)
            done.add(future)
            del arg, batch
            while len(running) >= 4:
                finished = next(done)
                running.discard(finished)
                finished.result()
                finished.release()
            if (i + 1) % max(1, tasks // 3) == 0:
                gc.collect()
                out["growth_mb"].append([i + 1, round(rss_mb() - start, 1)])
        out["kb_retained_per_task"] = round(out["growth_mb"][-1][1] * 1024 / out["growth_mb"][-1][0], 1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=1500)
    ap.add_argument("--kb", type=int, default=120, help="KB of text per task")
    ap.add_argument("--mode", choices=("submit", "scatter"), help="(internal) one mode, in a child process")
    args = ap.parse_args(argv)
    if args.mode:
        print(json.dumps(run(args.mode, args.tasks, args.kb)))
        return 0
    print("| data passed by | tasks | KB per task | driver growth MB (after tasks) | KB retained per task | "
          "load average |\n|---|---:|---:|---|---:|---:|")
    for mode in ("submit", "scatter"):  # each in a fresh process: the figures do not mix
        load = round(os.getloadavg()[0], 2)
        res = subprocess.run([sys.executable, __file__, "--mode", mode, "--tasks", str(args.tasks),
                              "--kb", str(args.kb)], capture_output=True, text=True, check=True)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        growth = ", ".join(f"{mb} ({n})" for n, mb in r["growth_mb"])
        print(f"| {mode} | {r['tasks']} | {r['kb_per_task']} | {growth} | {r['kb_retained_per_task']} | {load} |",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
