"""`kg run` — what `make run` does — ingests the articles and leaves a server answering."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from servers import free_port

KG = Path(sys.executable).with_name("kg")


@pytest.mark.slow
def test_run_ingests_and_serves_the_deployment_of_the_dev_article(tmp_path: Path, dev_article_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(dev_article_path, articles)
    port = free_port()
    env = {**os.environ, "KG_STORE_KIND": "oxigraph"}
    proc = subprocess.Popen([str(KG), "run", str(articles), "--store", str(tmp_path / "store"), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    try:
        deadline = time.monotonic() + 120
        body = None
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"kg run exited early:\n{proc.stdout.read() if proc.stdout else ''}"
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/deployments", params={"person": "陈艳玲"}, timeout=5)
            except httpx.TransportError:
                time.sleep(0.5)
                continue
            assert r.status_code == 200, r.text
            body = r.json()
            break
        assert body is not None, "the server never answered"
        text = str(body)
        assert "湖南社区" in text
        assert "区港澳台办一级科员陈艳玲每天早早来到湖南镇湖南社区" in text  # the evidence sentence
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_run_without_serving_reports_failures_and_keeps_the_rest(tmp_path: Path, dev_article_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(dev_article_path, articles)
    (articles / "broken.txt").write_bytes(b"")          # an empty file cannot be an article
    res = subprocess.run([str(KG), "run", str(articles), "--store", str(tmp_path / "store"), "--no-serve"],
                         capture_output=True, text=True, env={**os.environ, "KG_STORE_KIND": "oxigraph"})
    assert res.returncode == 1
    assert "broken.txt" in res.stderr
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?p fk:deployedTo ?x }"
    q = subprocess.run([str(KG), "query", count, "--store", str(tmp_path / "store"), "--format", "csv"],
                       capture_output=True, text=True, env={**os.environ, "KG_STORE_KIND": "oxigraph"})
    assert q.returncode == 0, q.stderr
    assert int(q.stdout.strip().splitlines()[-1]) >= 5
