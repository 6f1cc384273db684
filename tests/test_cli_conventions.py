"""Conventions every command follows: ``--version``, ``-h`` on every command, ``--json`` where a table is
printed, and the port from ``--port`` or ``KG_PORT``."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from typer.testing import CliRunner

import kg
from kg.cli import app

runner = CliRunner()


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in group.commands.items():
        out.append((*prefix, name))
        if hasattr(cmd, "commands"):       # a group (typer carries its own click: no isinstance check)
            out.extend(_commands(cmd, (*prefix, name)))
    return out


COMMANDS = _commands(typer.main.get_command(app))


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip().endswith(kg.__version__)


def test_there_are_commands_to_check() -> None:
    assert {("extract",), ("ingest",), ("stats",), ("serve",), ("graph", "export")} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_takes_short_help(command: tuple[str, ...]) -> None:
    short = runner.invoke(app, [*command, "-h"], env={"COLUMNS": "200"})
    long = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert short.exit_code == 0 and "Usage:" in short.output
    assert short.output == long.output


def test_stats_as_json(tmp_path: Path, dev_article_path: Path) -> None:
    from kg.ingest import ingest
    from kg.store.base import open_store

    store = open_store("oxigraph", tmp_path / "store")
    try:
        assert not ingest([dev_article_path], store=store).failures
    finally:
        store.close()
    result = runner.invoke(app, ["stats", "--store", str(tmp_path / "store"), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["articles"] == 1 and doc["quads"] > 100
    assert doc["classes"]["https://w3id.org/frontline-kg/ontology#Person"] >= 5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_listens_on_kg_port(tmp_path: Path) -> None:
    from kg.store.base import open_store

    open_store("oxigraph", tmp_path / "store").close()
    port = _free_port()
    env = {**os.environ, "KG_PORT": str(port), "KG_STORE_PATH": str(tmp_path / "store")}
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/stats", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "the server did not answer on KG_PORT"
                time.sleep(0.3)
        assert r.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_ingest_as_json_reports_written_and_failures(tmp_path: Path, dev_article_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dev.txt").write_bytes(dev_article_path.read_bytes())
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    result = runner.invoke(app, ["ingest", str(folder), "--store", str(tmp_path / "store"), "--json"])
    assert result.exit_code == 1, result.output             # one input failed, the rest went in
    doc = json.loads(result.output)
    assert len(doc["written"]) == 1 and doc["facts"] > 10 and doc["triples"] > 100
    assert [f["source"] for f in doc["failures"]] == ["scan.pdf"] and doc["failures"][0]["stage"] == "read"
    again = json.loads(runner.invoke(app, ["ingest", str(folder / "dev.txt"), "--store", str(tmp_path / "store"),
                                           "--json"]).output)
    assert again["written"] == [] and len(again["unchanged"]) == 1
