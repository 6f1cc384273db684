"""The server under hostile input and load, with real `kg serve` processes over HTTP.

Bounded work (queries checked in the time-limited worker, size and nesting caps, a row cap
that stops the engine), fast queries answering while slow ones run, REST time limits,
ingests seen without a restart, clean shutdown, workers that die with the server, and no
file-system paths in answers.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from servers import KG, free_port, kg_serve

from api.app import redact_paths
from api.endpoint.execute import TRUNCATED_LINK
from api.endpoint.policy import nesting_depth

pytestmark = pytest.mark.slow

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FAST = "ASK { ?s a ?t }"
TOKEN = "reliability-token-7e1"


# --------------------------------------------------------------------------- helpers


def children(pid: int) -> set[int]:
    """Direct child processes of ``pid`` (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with open(task / "children") as f:
            found.update(int(p) for p in f.read().split())
    return found


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (query workers are forked by multiprocessing's fork server)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        with contextlib.suppress(FileNotFoundError):
            kids = children(todo.pop())
            found |= kids
            todo.extend(kids)
    return found


def alive(pid: int) -> bool:
    """``pid`` runs and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_gone(pids: set[int], seconds: float = 20.0) -> set[int]:
    """The pids still alive after waiting up to ``seconds`` for them to end."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = {p for p in pids if alive(p)}
        if not left:
            return left
        time.sleep(0.1)
    return {p for p in pids if alive(p)}


def peak_rss_kb(pid: int) -> int | None:
    """The peak resident memory of a process (VmHWM), in kB; None once it has ended (a process that exits
    between two reads, or a zombie, has no memory figure left)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def server_pid(url: str) -> int:
    """The pid of the `kg serve` serving ``url`` (the process whose children are workers)."""
    port = url.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and b"--port" in args and args[args.index(b"--port") + 1] == port.encode():
            return int(proc.name)
    raise AssertionError(f"no kg serve on port {port}")


def wait_workers(pid: int, count: int, seconds: float = 60.0) -> set[int]:
    """Wait until ``pid`` has ``count`` live worker processes below it; return every process below it.

    Besides the workers there are multiprocessing's fork server and resource tracker (2 more).
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        below = {c for c in descendants(pid) if alive(c)}
        if len(below) >= count + 2:
            return below
        time.sleep(0.2)
    raise AssertionError(f"{pid} has {len(descendants(pid))} processes below it, expected {count} workers")


@pytest.fixture(scope="module")
def store_copy(store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the test store (servers that need their own)."""
    target = tmp_path_factory.mktemp("reliability") / "store"
    store.raw.backup(str(target))  # a consistent copy (RocksDB checkpoint) while the store is open
    return target


@pytest.fixture(scope="module")
def hostile_server(store_copy: Path) -> Iterator[str]:
    """Short limits, a large query cap (so that huge queries reach the worker), a small row cap."""
    env = {
        "KG_QUERY_TIMEOUT": "3",
        "KG_QUERY_WORKERS": "4",
        "KG_SLOW_QUERY_SLOTS": "2",
        "KG_SLOW_QUERY_AFTER": "0.5",
        "KG_MAX_ROWS": "1000",
        "KG_MAX_QUERY_CHARS": "600000",
    }
    with kg_serve(store_copy, env=env) as url:
        yield url


# --------------------------------------------------------------------------- hostile queries


def test_nesting_depth_skips_strings_iris_and_comments() -> None:
    assert nesting_depth('SELECT * { ?s <http://a#{{{{> "{{{\\"{{" ; # {{{{\n ?o }') == 1
    assert nesting_depth("{" * 50 + "}" * 50) == 50
    assert nesting_depth("SELECT * { ?s ?p ?o FILTER(?o < 3) }") == 2


def test_oversized_and_deep_queries_are_refused_before_parsing(live_server: str) -> None:
    big = "SELECT * WHERE { " + " UNION ".join(f"{{ ?s <http://x/p{i}> ?o }}" for i in range(15000)) + " }"
    assert len(big) > 450_000
    with httpx.Client(base_url=live_server, timeout=30) as client:
        r = client.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 413 and r.json()["error"] == "query_too_large"
        assert "max_query_chars" in r.json()["message"]
        deep = "SELECT * WHERE " + "{ " * 150 + "?s ?p ?o" + " }" * 150
        r = client.get("/sparql", params={"query": deep})
        assert r.status_code == 400 and r.json()["error"] == "query_too_deep"
        assert client.get("/sparql", params={"query": FAST}).status_code == 200


def test_huge_union_no_longer_crashes_a_worker(hostile_server: str) -> None:
    """16,000 UNIONs (530 KB): pyoxigraph recursed past the worker's stack and the process died (500).

    Jobs now run on a large stack; the query parses and is stopped at the time limit (or answers).
    """
    union = "SELECT * WHERE { " + " UNION ".join(f"{{ ?s <http://x/p{i}> ?o }}" for i in range(16000)) + " }"
    with httpx.Client(base_url=hostile_server, timeout=60) as client:
        r = client.post("/sparql", content=union, headers={"Content-Type": "application/sparql-query"})
        assert r.status_code in (200, 503), r.text
        if r.status_code == 503:
            assert r.json()["error"] == "query_timeout"
        assert client.get("/sparql", params={"query": FAST}).status_code == 200


def test_many_large_queries_are_checked_in_the_workers(hostile_server: str) -> None:
    """Six 45 KB queries at once held the server's own threads for a minute; now each is checked
    inside a time-limited worker, and a fast request is answered meanwhile."""
    texts = [
        "SELECT * WHERE { "
        + " UNION ".join(f'{{ ?s <http://x/p{i}> "{n}-{i}" }}' for i in range(1300))
        + " }"
        for n in range(6)
    ]
    assert all(40_000 < len(t) < 60_000 for t in texts)
    statuses: list[int] = []

    def send(text: str) -> None:
        r = httpx.post(
            hostile_server + "/sparql", content=text, headers={"Content-Type": "application/sparql-query"},
            timeout=60,
        )
        statuses.append(r.status_code)

    threads = [threading.Thread(target=send, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    time.sleep(1.0)
    with httpx.Client(base_url=hostile_server, timeout=30) as client:
        assert client.get("/stats").status_code == 200
    for t in threads:
        t.join(timeout=60)
    assert len(statuses) == 6 and set(statuses) <= {200, 503}, statuses


def test_malformed_and_refused_queries_are_answered_from_the_worker(live_server: str) -> None:
    with httpx.Client(base_url=live_server, timeout=30) as client:
        r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p "})
        assert r.status_code == 400 and r.json()["error"] == "malformed_query"
        r = client.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
        assert r.status_code == 403 and r.json()["error"] == "query_refused"
        r = client.get("/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"},
                       headers={"Accept": "text/csv"})
        assert r.status_code == 406


# --------------------------------------------------------------------------- the row cap


def test_row_cap_stops_the_engine_and_marks_the_result(hostile_server: str) -> None:
    """A three-way cross product (~10^8 rows here) is cut at the cap of 1000 without being built:
    it answers 200 well inside the 3 s limit, and no worker's peak memory grows by much."""
    pid = server_pid(hostile_server)
    workers = wait_workers(pid, 4)
    before = {w: kb for w in workers if (kb := peak_rss_kb(w)) is not None}
    cross = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with httpx.Client(base_url=hostile_server, timeout=30) as client:
        r = client.get("/sparql", params={"query": cross})
        assert r.status_code == 200, r.text
        assert r.headers["X-KG-Truncated"] == "true" and r.headers["X-KG-Row-Cap"] == "1000"
        doc = r.json()
        assert len(doc["results"]["bindings"]) == 1000
        assert TRUNCATED_LINK in doc["head"]["link"]
        xml = client.get("/sparql", params={"query": cross}, headers={"Accept": "application/sparql-results+xml"})
        assert xml.status_code == 200 and f'<link href="{TRUNCATED_LINK}"/>'.encode() in xml.content
        tsv = client.get("/sparql", params={"query": cross}, headers={"Accept": "text/tab-separated-values"})
        assert tsv.headers["X-KG-Truncated"] == "true" and tsv.text.count("\n") == 1001
        graph = client.get(
            "/sparql", params={"query": "CONSTRUCT { ?a ?b ?g } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"},
            headers={"Accept": "application/n-triples"},
        )
        assert graph.status_code == 200 and graph.headers["X-KG-Truncated"] == "true"
        small = client.get("/sparql", params={"query": "SELECT ?s { ?s a ?t } LIMIT 3"})
        assert "X-KG-Truncated" not in small.headers and "link" not in small.json()["head"]
    # (a worker recycled meanwhile has no figure left: the others are measured)
    growth = {w: kb - before[w] for w in before if (kb := peak_rss_kb(w)) is not None}
    assert growth and max(growth.values()) < 100_000, growth  # kB: the cut result, not 10^8 rows


# --------------------------------------------------------------------------- availability


def test_fast_queries_answer_while_two_slow_ones_run(live_server: str) -> None:
    """Four workers, two slow slots: two runaway queries hold the slow slots, a third is stopped
    as soon as it turns slow, and fast SPARQL and REST requests keep answering 200."""
    results: list[tuple[int, str]] = []

    def runaway() -> None:
        r = httpx.get(live_server + "/sparql", params={"query": RUNAWAY}, timeout=60)
        results.append((r.status_code, r.json()["message"]))

    slow = [threading.Thread(target=runaway) for _ in range(2)]
    for t in slow:
        t.start()
    time.sleep(1.5)  # both past slow_query_after: they hold the two slow slots
    third = httpx.get(live_server + "/sparql", params={"query": RUNAWAY}, timeout=60)
    assert third.status_code == 503 and "slow_query_slots" in third.json()["message"]
    with httpx.Client(base_url=live_server, timeout=30) as client:
        for _ in range(20):
            assert client.get("/sparql", params={"query": FAST}).status_code == 200
            assert client.get("/deployments", params={"person": "张伟"}).status_code == 200
    for t in slow:
        t.join(timeout=60)
    assert [s for s, _ in results] == [503, 503]
    assert all("time limit" in m for _, m in results)


@pytest.fixture(scope="module")
def strict_server(store_copy: Path) -> Iterator[str]:
    """A time limit (10 µs) below what any request needs: every store request is stopped."""
    env = {"KG_QUERY_TIMEOUT": "0.00001", "KG_ANALYSIS_TIMEOUT": "0.00001", "KG_QUERY_WORKERS": "2",
           "KG_SLOW_QUERY_SLOTS": "1"}
    with kg_serve(store_copy, env=env, probe_path="/examples") as url:
        yield url


@pytest.mark.parametrize(
    "path",
    ["/stats", "/deployments?person=张伟", "/search?q=张", "/places/350112/hierarchy",
     "/articles/a", "/analysis/deployment/centrality", "/graph/deployment?format=d3",
     "/viewer/data/deployment"],
)
def test_rest_routes_have_the_time_limit(strict_server: str, path: str) -> None:
    r = httpx.get(strict_server + path, timeout=30)
    assert r.status_code == 503, r.text
    body = r.json()
    assert body["error"] == "query_timeout" and "1e-05 s" in body["message"]
    assert r.headers["Retry-After"]


# --------------------------------------------------------------------------- POST /articles


@pytest.fixture(scope="module")
def slow_article_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Writing enabled, and a per-article limit no real article can meet (10 ms)."""
    store_dir = tmp_path_factory.mktemp("slow-article") / "store"
    from kg.store.oxigraph import OxigraphStore

    OxigraphStore.open(store_dir).close()
    env = {"KG_WRITE_TOKEN": TOKEN, "KG_ARTICLE_TIMEOUT": "0.01", "KG_QUERY_WORKERS": "2",
           "KG_SLOW_QUERY_SLOTS": "1"}
    with kg_serve(store_dir, env=env, extra_env_drop=()) as url:
        yield url


def test_article_over_the_limit_is_a_clear_error_and_the_server_answers(
    slow_article_server: str, dev_article_path: Path
) -> None:
    outcome: dict[str, httpx.Response] = {}

    def post() -> None:
        outcome["r"] = httpx.post(
            slow_article_server + "/articles", params={"name": "slow.txt"},
            content=dev_article_path.read_bytes(),
            headers={"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"}, timeout=600,
        )

    thread = threading.Thread(target=post)
    thread.start()
    answered = 0
    with httpx.Client(base_url=slow_article_server, timeout=30) as client:
        while thread.is_alive():  # the upload loads the pipeline, then hits the limit
            assert client.get("/sparql", params={"query": FAST}).status_code == 200
            assert client.get("/stats").status_code == 200
            answered += 1
            time.sleep(0.2)
    thread.join()
    assert answered > 0
    r = outcome["r"]
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["error"] == "article_timeout"
    assert "0.01 s" in body["message"] and "article_timeout" in body["message"]
    assert "in stage read" in body["message"] or "in stage extract" in body["message"]
    assert "/tmp" not in body["message"] and "slow.txt" in body["message"]
    # nothing was written, and the server still answers
    assert httpx.get(slow_article_server + "/articles/slow", timeout=30).status_code == 404
    assert httpx.get(slow_article_server + "/stats", timeout=30).json()["graphs"] == 0


# --------------------------------------------------------------------------- ingest while serving


def _ingest(store_dir: Path, *paths: Path) -> None:
    env = {**os.environ}
    env.pop("KG_WRITE_TOKEN", None)
    subprocess.run([str(KG), "ingest", *map(str, paths), "--store", str(store_dir)], check=True, env=env,
                   capture_output=True, timeout=600)


def test_an_ingest_is_seen_by_the_running_server(tmp_path: Path) -> None:
    """`kg ingest` from another process while `kg serve` runs: the next request sees the new
    article in /stats, REST, the analysis views and /sparql alike, with no restart."""
    store_dir = tmp_path / "store"
    samples = Path(__file__).resolve().parents[2] / "data" / "samples"
    _ingest(store_dir, samples / "xishui-2020-cadres.txt")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    env = {"KG_QUERY_WORKERS": "2", "KG_SLOW_QUERY_SLOTS": "1", "KG_QUERY_TIMEOUT": "30"}
    with kg_serve(store_dir, env=env) as url, httpx.Client(base_url=url, timeout=60) as client:
        before = client.get("/stats").json()
        nodes_before = len(client.get("/analysis/full/centrality").json()["rows"])
        assert client.get("/articles/lanzhou-2021-cadres").status_code == 404
        _ingest(store_dir, samples / "lanzhou-2021-cadres.txt")
        after = client.get("/stats").json()
        assert after["graphs"] == before["graphs"] + 1 and after["quads"] > before["quads"]
        assert client.get("/articles/lanzhou-2021-cadres").status_code == 200
        sparql = client.get("/sparql", params={"query": count}).json()
        assert int(sparql["results"]["bindings"][0]["n"]["value"]) == after["quads"]
        ask = client.get("/sparql", params={
            "query": "ASK { GRAPH <https://w3id.org/frontline-kg/id/article/lanzhou-2021-cadres> { ?s ?p ?o } }"})
        assert ask.json()["boolean"] is True
        # every worker reads the same state (the one that cached analysis data too)
        for _ in range(4):
            assert client.get("/stats").json() == after
        assert len(client.get("/analysis/full/centrality").json()["rows"]) > nodes_before


# --------------------------------------------------------------------------- shutdown and parent death


def _serve(store_dir: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    environ = {**os.environ, **(env or {})}
    environ.pop("KG_WRITE_TOKEN", None)
    environ.update(env or {})
    cmd = [str(KG), "serve", "--host", "127.0.0.1", "--port", str(port), "--store", str(store_dir),
           "--log-level", "info"]
    proc = subprocess.Popen(cmd, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/stats", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise AssertionError("kg serve did not start")


def _quietly_get(url: str, params: dict[str, str]) -> None:
    with contextlib.suppress(httpx.HTTPError):  # the server went away under it: expected
        httpx.get(url, params=params, timeout=30)


@pytest.mark.parametrize("how", ["SIGINT to the process group (Ctrl-C)", "SIGTERM"])
def test_signals_shut_down_cleanly(store_copy: Path, how: str) -> None:
    proc, url = _serve(store_copy, {"KG_QUERY_WORKERS": "3", "KG_SLOW_QUERY_SLOTS": "1"})
    workers = wait_workers(proc.pid, 3)
    # a query running at the moment of the signal
    runaway = threading.Thread(target=_quietly_get, args=(url + "/sparql", {"query": RUNAWAY}), daemon=True)
    runaway.start()
    time.sleep(0.5)
    if how.startswith("SIGINT"):
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    text = out.decode(errors="replace")
    # uvicorn exits 0, or re-raises the signal it handled once it has shut down
    assert proc.returncode in (0, -signal.SIGINT, -signal.SIGTERM), text
    assert "Application shutdown complete" in text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert wait_gone(workers) == set()


def test_workers_die_with_the_server_on_kill_9(tmp_path: Path, dev_article_path: Path) -> None:
    """Query workers and the extraction worker (a few hundred MB) go when the server is SIGKILLed."""
    store_dir = tmp_path / "store"
    from kg.store.oxigraph import OxigraphStore

    OxigraphStore.open(store_dir).close()
    proc, url = _serve(store_dir, {"KG_QUERY_WORKERS": "2", "KG_SLOW_QUERY_SLOTS": "1",
                                   "KG_WRITE_TOKEN": TOKEN})
    try:
        r = httpx.post(url + "/articles", params={"name": "changle-2022-cadres.txt"},
                       content=dev_article_path.read_bytes(),
                       headers={"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"}, timeout=600)
        assert r.status_code == 201, r.text
        # two query workers and the extraction worker
        workers = wait_workers(proc.pid, 3)
    finally:
        proc.kill()
        proc.wait()
    assert wait_gone(workers) == set()


# --------------------------------------------------------------------------- no file-system paths


def test_redact_paths() -> None:
    assert redact_paths("cannot open the store at /srv/data/store: gone") == "cannot open the store at store: gone"
    assert redact_paths("see https://w3id.org/a/b and text/plain") == "see https://w3id.org/a/b and text/plain"


def test_no_absolute_path_in_answers(live_server: str, store_dir: Path) -> None:
    secret = str(store_dir.parent)
    with httpx.Client(base_url=live_server, timeout=30) as client:
        answers = [
            client.get("/stats"),
            client.get("/sparql", headers={"Accept": "text/turtle"}),
            client.get("/articles/article-a"),
            client.get("/articles/no-such"),
            client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p "}),
            client.get("/sparql", params={"query": "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }"}),
            client.post("/sparql", content="x" * 200_000, headers={"Content-Type": "application/sparql-query"}),
            client.get("/deployments", params={"from": "not-a-date"}),
            client.get("/openapi.json"),
        ]
    for r in answers:
        assert secret not in r.text and "/tmp/" not in r.text, (r.request.url, r.text[:300])
    body = json.loads(answers[2].text) if answers[2].status_code == 200 else {}
    assert not str(body.get("source_path") or "").startswith("/")
