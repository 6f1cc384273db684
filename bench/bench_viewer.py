"""Viewer frame time at 10^4 nodes, against a small graph drawn in the same run (the anchor).

Builds the synthetic corpus of ``tests/viewer/biggraph.py`` at two sizes, serves each with ``kg serve``,
opens ``/viewer`` in headless Chromium (SwiftShader WebGL, as in the tests), waits for the load and for the
layout worker to stop, then animates the camera for N frames and records the interval between frames.
Reports median and p95 frame time for each size and the ratio big/small, and writes
``bench/results/viewer.json``. Software WebGL on a shared CPU is far slower than a desktop GPU: quote the
ratio, not the absolute times.

    .venv/bin/python bench/bench_viewer.py [--frames 60] [--big-articles 400] [--small-articles 16]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "viewer"), str(ROOT / "tests")]

from biggraph import build_store  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from servers import kg_serve  # noqa: E402

ANIMATE = """(frames) => new Promise((done) => {
  const camera = viewer.renderer.getCamera();
  const times = [];
  let last = performance.now(), n = 0;
  function tick(now) {
    times.push(now - last); last = now; n += 1;
    camera.setState({ ratio: 1 - 0.4 * Math.sin(n / 8), angle: n / 50 });
    if (n < frames) requestAnimationFrame(tick); else done(times.slice(1));
  }
  requestAnimationFrame(tick);
})"""


def measure(browser: Any, url: str, frames: int) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        t0 = time.perf_counter()
        page.goto(url + "/viewer?view=full&limit=10000")
        page.wait_for_function("document.body.dataset.loaded", timeout=600_000)
        loaded = time.perf_counter() - t0
        page.wait_for_function("document.body.dataset.layout === 'done'", timeout=120_000)
        times = sorted(page.evaluate(ANIMATE, frames))
        return {"nodes": page.evaluate("viewer.graph.order"), "edges": page.evaluate("viewer.graph.size"),
                "load_s": round(loaded, 2), "frame_ms_median": round(statistics.median(times), 1),
                "frame_ms_p95": round(times[int(0.95 * (len(times) - 1))], 1), "frames": len(times)}
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=60)
    ap.add_argument("--big-articles", type=int, default=400)
    ap.add_argument("--small-articles", type=int, default=16)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "viewer.json")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: make browser", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            for name, articles in (("small", args.small_articles), ("big", args.big_articles)):
                path = Path(tmp) / name
                entities = build_store(path, n_articles=articles)
                with kg_serve(path, env={"KG_QUERY_WORKERS": "1"}, probe_path="/analysis") as url:
                    results[name] = {"entities": entities, **measure(browser, url, args.frames)}
                print(name, results[name], flush=True)
        finally:
            browser.close()
    results["ratio_frame_median_big_small"] = round(
        results["big"]["frame_ms_median"] / max(results["small"]["frame_ms_median"], 0.1), 2)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    results.update(date=time.strftime("%Y-%m-%d"), commit=commit,
                   renderer="headless Chromium, SwiftShader (software WebGL), 1280x800")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
