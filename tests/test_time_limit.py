"""Per-article time limit: extraction in worker processes that are killed and replaced past it.

Real pipeline, real processes. The slow article is a real article repeated until its
extraction would take several times the limit; the limit itself is set from the time the
same worker takes on the article once, so a loaded machine scales both.
"""
from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import stages
from kg.batch import ExtractionPool, Failure, extract_all, extract_with_limit
from kg.errors import ConfigError
from kg.read import normalize
from kg.records import Article, Extraction
from kg.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "xindu-2022-cadres.txt"
WORK_STAGES = {stages.TAG, stages.RECOGNISE, stages.RESOLVE, stages.RELATIONS}


@pytest.fixture(scope="module")
def small() -> Article:
    return normalize(SAMPLE.read_text(encoding="utf-8"), source="small.txt")


@pytest.fixture(scope="module")
def timing(small: Article) -> tuple[float, Article]:
    """(limit, slow article): the limit is 8x the warm time of ``small`` (at least 0.5 s); the slow article
    is ``small`` repeated so that it needs about five times the limit. (A floor of seconds would make the
    slow article outgrow KG_MAX_ARTICLE_CHARS on a fast machine.)"""
    with ExtractionPool(1, timeout=None) as pool:
        pool.extract(small)                       # the first call also loads lazily built resources
        t0 = time.monotonic()
        assert isinstance(pool.extract(small), Extraction)
        once = time.monotonic() - t0
    limit = max(0.5, 8 * once)
    copies = math.ceil(5 * limit / once)
    assert copies * (len(small.text) + 1) < get_settings().max_article_chars, "the machine is too fast for this test"
    slow = normalize("\n".join([small.text] * copies), source="slow.txt")
    return limit, slow


def test_an_article_over_the_limit_fails_with_its_stage_and_the_batch_goes_on(
        small: Article, timing: tuple[float, Article]) -> None:
    limit, slow = timing
    other = normalize(small.text, source="after.txt")
    with ExtractionPool(1, timeout=limit) as pool:
        first = pool.extract(small)
        worker = pool.pids()
        t0 = time.monotonic()
        stopped = pool.extract(slow)
        waited = time.monotonic() - t0
        after = pool.extract(other)
        replaced = pool.pids()
    assert isinstance(first, Extraction) and isinstance(after, Extraction)
    assert isinstance(stopped, Failure) and stopped.timed_out
    assert stopped.source == "slow.txt" and stopped.stage in WORK_STAGES
    assert repr(slow.id) in stopped.reason and f"in stage {stopped.stage}" in stopped.reason
    assert limit <= waited < limit + 10           # stopped at the limit, not when the article would end
    assert replaced != worker                     # the worker was killed and a new one took its place
    assert not _alive(worker[0])


def test_extract_all_keeps_input_order_under_a_limit(small: Article, timing: tuple[float, Article]) -> None:
    limit, slow = timing
    out = list(extract_all([small, slow, normalize(small.text, source="c.txt")], timeout=limit, jobs=1))
    assert [item.source for item, _ in out] == ["small.txt", "slow.txt", "c.txt"]
    kinds = [type(result).__name__ for _, result in out]
    assert kinds == ["Extraction", "Failure", "Extraction"]


def test_kg_extract_reports_the_slow_article_and_exits_non_zero(
        tmp_path: Path, small: Article, timing: tuple[float, Article]) -> None:
    from kg.cli import app

    limit, slow = timing
    (tmp_path / "slow.txt").write_text(slow.text, encoding="utf-8")
    (tmp_path / "small.txt").write_text(small.text, encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "small.txt"), str(tmp_path / "slow.txt"),
                                      "-o", str(out), "--article-timeout", str(limit)])
    assert result.exit_code == 1, result.output
    assert "slow.txt" in result.output and "time limit" in result.output
    assert out.exists() and "small" in out.read_text(encoding="utf-8")


def test_extract_with_limit_is_the_one_call_a_server_needs(small: Article) -> None:
    result = extract_with_limit(small, timeout=60)
    assert isinstance(result, Extraction) and result.entities
    # a microsecond: not even the round trip to the worker fits, whatever the machine's speed
    stopped = extract_with_limit(small, timeout=1e-6)
    assert isinstance(stopped, Failure) and stopped.timed_out
    assert isinstance(extract_with_limit(small, timeout=60), Extraction)   # a fresh worker took over


@pytest.mark.parametrize("bad", [-1.0, float("nan")])
def test_a_bad_limit_is_a_config_error(bad: float, small: Article) -> None:
    with pytest.raises(ConfigError, match="time limit"):
        list(extract_all([small], timeout=bad))


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped counts as dead)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_their_parent_even_on_kill_9(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        from kg.batch import ExtractionPool
        from kg.read import normalize

        pool = ExtractionPool(2, timeout=30)
        art = normalize(open({str(SAMPLE)!r}, encoding="utf-8").read(), source="a.txt")
        # two workers, started from the pool's spawner thread, one of them busy when the parent dies
        list(pool.map([art, art]))
        print(*pool.pids(), flush=True)
        import threading
        threading.Thread(target=pool.extract, args=(normalize(art.text * 200, source="big.txt"),)).start()
        time.sleep(600)
    """), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(p) for p in pids)
        time.sleep(1.0)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(p) for p in pids):
            time.sleep(0.1)
        assert not any(_alive(p) for p in pids), "a worker outlived its parent's kill -9"
    finally:
        if parent.poll() is None:
            parent.kill()
