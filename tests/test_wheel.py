"""The built wheel works outside the source tree: it carries the lexicons, gazetteer and ontology.

The wheel is built offline (``--no-build-isolation``) from a copy of the files the build needs, installed
with ``--no-deps`` into a fresh virtual environment far from the checkout, and that environment borrows
the test environment's installed dependencies through a ``.pth`` line (not a site directory, so the
checkout's editable install is not picked up). Then ``kg extract`` runs there on a sample article.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "xishui-2020-cadres.txt"

pytestmark = pytest.mark.slow


def _copy_sources(dest: Path) -> None:
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, dest / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules")
    for name in ("kg", "api", "ontology"):
        shutil.copytree(ROOT / name, dest / name, symlinks=True, ignore=ignore)
    for name in ("lexicons", "gazetteer", "labels"):
        shutil.copytree(ROOT / "data" / name, dest / "data" / name)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    _copy_sources(src)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(src)], check=True, capture_output=True, text=True)
    (built,) = out.glob("frontline_kg-*.whl")
    return built


def test_wheel_carries_data_and_ontology(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kg/_data/lexicons/surnames.txt", "kg/_data/lexicons/posts.txt",
                   "kg/_data/gazetteer/place_suffixes.tsv", "kg/_data/labels/en_glossary.tsv",
                   "kg/_ontology/frontline.ttl", "kg/_ontology/shapes.ttl", "api/static/query/index.html",
                   "api/templates/entity.html", "kg/extract/model/scorer.json"):
        assert needed in names, f"{needed} missing from {wheel.name}"
    assert not any(n.startswith(("kg/_data/samples", "kg/_data/corpus")) for n in names)


def test_installed_wheel_extracts_outside_the_tree(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--force-reinstall",
                    "-q", str(wheel)], env=env, check=True, capture_output=True, text=True)
    # then the dependencies come from this environment (written after the install, or pip would see the
    # checkout's editable frontline-kg there and install nothing); the editable install itself is not used
    Path(purelib, "_frontline_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy2(SAMPLE, work / SAMPLE.name)
    where = subprocess.run([str(py), "-c", "import kg, kg.datafiles as d; print(kg.__file__); print(d.ontology_dir())"],
                           cwd=work, env=env, check=True, capture_output=True, text=True).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where
    done = subprocess.run([str(venv / "bin" / "kg"), "extract", SAMPLE.name, "-o", "out.ttl"],
                          cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    text = (work / "out.ttl").read_text("utf-8")
    assert "deployedTo" in text and "刘爱明" in text
