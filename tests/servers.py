"""Real servers for the tests: `kg serve` and `oxigraph serve` on free loopback ports.

One implementation for every test package (imported as ``servers``: pytest puts
``tests/`` on the path for its top-level conftest). Each server is a
subprocess bound to 127.0.0.1, waited for until it answers, and stopped
(terminate, then kill) when the ``with`` block ends.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

KG = Path(sys.executable).with_name("kg")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerError(RuntimeError):
    """A test server exited or never answered."""


@contextmanager
def running(cmd: Sequence[str], *, probe: str, env: Mapping[str, str] | None = None,
            timeout: float = 60.0, params: Mapping[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``cmd`` until ``probe`` (a URL) answers 200; stop it on exit."""
    proc = subprocess.Popen(list(cmd), env=dict(env) if env is not None else None,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                raise ServerError(f"{cmd[0]} exited with {proc.returncode}:\n{out}")
            try:
                if httpx.get(probe, params=params, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise ServerError(f"{' '.join(cmd)} did not answer {probe} within {timeout:.0f} s")
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def kg_serve(store_dir: Path, *, env: Mapping[str, str] | None = None, probe_path: str = "/stats",
             extra_env_drop: Sequence[str] = ("KG_WRITE_TOKEN",)) -> Iterator[str]:
    """``kg serve`` over the embedded store at ``store_dir``; yields its base URL."""
    port = free_port()
    environ = {**os.environ, "KG_STORE_KIND": "oxigraph", **(env or {})}
    for name in extra_env_drop:
        environ.pop(name, None)
    url = f"http://127.0.0.1:{port}"
    cmd = [str(KG), "serve", "--host", "127.0.0.1", "--port", str(port), "--store", str(store_dir),
           "--log-level", "warning"]
    with running(cmd, probe=url + probe_path, env=environ):
        yield url


def oxigraph_binary() -> str:
    """The `oxigraph` server program of the dev extra (next to this Python, else on PATH)."""
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if not found:
        raise ServerError("the `oxigraph` program is missing: install the dev extra (pip install -e '.[dev]')")
    return found


@contextmanager
def oxigraph_serve(location: Path) -> Iterator[str]:
    """A real `oxigraph serve` storing under ``location``; yields its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    with running(cmd, probe=f"{url}/query", params={"query": "ASK {}"}, timeout=30):
        yield url
