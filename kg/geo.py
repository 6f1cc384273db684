"""Coordinates for places: from the division's official code, else from the nearest coded ancestor.

Province, prefecture and county-level divisions take their point from the ``cpca`` package's table of
about 3,500 divisions (MIT licence; ``cpca/resources/adcodes.csv``: 12-digit code, name, longitude,
latitude). The table is read as data, without importing ``cpca`` itself. Towns, communities, villages,
compounds and checkpoints are not in it: they are placed at their nearest ancestor that is, and marked
approximate, with the level of the division whose point they borrow.
"""
from __future__ import annotations

import csv
import functools
import importlib.metadata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ConfigError

ADCODES = "cpca/resources/adcodes.csv"
MAX_HOPS = 8      # containedIn steps followed up the hierarchy before giving up


@dataclass(frozen=True, slots=True)
class Coordinates:
    """A WGS84 point, and how good it is."""

    lon: float
    lat: float
    approximate: bool          # the point of an enclosing division, not of the place itself
    basis: str                 # the 6-digit code whose point this is


@functools.lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, str, float, float], ...]:
    """(6-digit code, name, longitude, latitude) of every division in the table that has a point."""
    try:
        located = importlib.metadata.distribution("cpca").locate_file(ADCODES)
        text = Path(str(located)).read_text(encoding="utf-8")
    except (importlib.metadata.PackageNotFoundError, OSError) as exc:
        raise ConfigError(f"the division coordinates ({ADCODES} of the cpca package) cannot be read: {exc}") from exc
    rows = []
    for row in csv.DictReader(text.splitlines()):
        code = row["adcode"]
        if len(code) == 12 and code.endswith("000000") and row["longitude"] and row["latitude"]:
            rows.append((code[:6], row["name"], float(row["longitude"]), float(row["latitude"])))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def division_points() -> dict[str, tuple[float, float]]:
    """6-digit division code -> (longitude, latitude), for provinces, prefectures and counties."""
    return {code: (lon, lat) for code, _, lon, lat in _table()}


def province_seats() -> list[tuple[str, str, float, float]]:
    """(code, name, longitude, latitude) of the provincial-level divisions, for a map's orientation."""
    return sorted(row for row in _table() if row[0].endswith("0000"))


def code_point(code: str) -> Coordinates | None:
    """The point of the division ``code`` (6 or 9 digits), or of the nearest enclosing one that has a point.

    Exact for a county, prefecture or province found under its own code; approximate otherwise (a town
    at its county, a renamed county at its prefecture).
    """
    if not code.isdigit() or len(code) < 2:
        return None
    points = division_points()
    own = code[:6].ljust(6, "0")
    for basis in dict.fromkeys((own, code[:4].ljust(6, "0"), code[:2].ljust(6, "0"))):
        if basis in points:
            lon, lat = points[basis]
            return Coordinates(lon, lat, approximate=len(code) > 6 or basis != own, basis=basis)
    return None


def place_points(codes: Mapping[str, str], parents: Callable[[str], Iterable[str]],
                 places: Iterable[str]) -> dict[str, Coordinates]:
    """Coordinates of every place in ``places`` that has a coded ancestor within ``MAX_HOPS`` steps.

    ``codes`` maps a place to its division code; ``parents(place)`` gives its direct parents
    (``schema:containedInPlace``). A place without a code borrows the point of its nearest coded
    ancestor (breadth first, so the closest level wins) and is marked approximate.
    """
    found: dict[str, Coordinates] = {}
    for place in places:
        frontier, seen = [place], {place}
        for _ in range(MAX_HOPS + 1):
            hit = next((c for c in (codes.get(p) for p in frontier) if c and code_point(c)), None)
            if hit is not None:
                point = code_point(hit)
                assert point is not None
                borrowed = codes.get(place) != hit
                found[place] = Coordinates(point.lon, point.lat, point.approximate or borrowed, point.basis)
                break
            frontier = sorted({p for f in frontier for p in parents(f)} - seen)
            seen.update(frontier)
            if not frontier:
                break
    return found
