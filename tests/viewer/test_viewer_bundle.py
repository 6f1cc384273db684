"""The committed bundle under api/static/viewer is built from viewer/src (no stale copy, no CDN)."""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "viewer" / "src"
STATIC = ROOT / "api" / "static" / "viewer"


def test_page_and_styles_are_copies_of_the_sources() -> None:
    for name in ("index.html", "viewer.css"):
        assert (STATIC / name).read_text(encoding="utf-8") == (SRC / name).read_text(encoding="utf-8"), name


def test_bundle_holds_the_current_script_and_sigma() -> None:
    bundle = (STATIC / "viewer.js").read_text(encoding="utf-8")
    # prose string literals of main.js (minifiers keep them verbatim)
    literals = {lit for line in (SRC / "main.js").read_text(encoding="utf-8").splitlines()
                for lit in re.findall(r'"([A-Z][^"\\`$(){}]{23,})"', line)}
    assert literals, "expected long string literals in main.js"
    stale = [lit for lit in literals if lit not in bundle]
    assert not stale, f"api/static/viewer/viewer.js is stale (run npm run build in viewer/): {stale[:3]}"
    deps = json.loads((ROOT / "viewer" / "package.json").read_text())["dependencies"]
    assert deps["sigma"].startswith("^3") and "graphology" in deps and "WebGL" in bundle
    assert (STATIC / "LICENSE.sigma.txt").is_file() and (STATIC / "LICENSE.graphology.txt").is_file()


def test_query_editor_map_and_docs_are_copies_of_the_sources() -> None:
    query = ROOT / "api" / "static" / "query"
    for name in ("index.html", "query.js", "query.css"):
        assert (query / name).read_text(encoding="utf-8") == (SRC / "query" / name).read_text(encoding="utf-8")
    assert (query / "yasgui.min.js").stat().st_size > 500_000 and (query / "LICENSE.yasgui.txt").is_file()
    mapped = ROOT / "api" / "static" / "map"
    for name in ("index.html", "map.js", "map.css"):
        assert (mapped / name).read_text(encoding="utf-8") == (SRC / "map" / name).read_text(encoding="utf-8")
    assert (mapped / "leaflet.js").is_file() and (mapped / "LICENSE.leaflet.txt").is_file()
    swagger = ROOT / "api" / "static" / "swagger"
    assert (swagger / "swagger-ui-bundle.js").stat().st_size > 500_000 and (swagger / "LICENSE").is_file()


def test_page_loads_nothing_from_elsewhere() -> None:
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert ref.startswith("/static/viewer/"), ref
