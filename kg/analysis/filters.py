"""Restricting facts to a time window or a region before a view is built.

Time: a fact's date is its own (``fk:date`` of the statement or deployment),
else the publication date of the article that states it. Dates are partial
(``2022``, ``2022-11``, ``2022-11-10``, ``--11-10``); a partial date is the
interval it covers, and a fact is kept when that interval meets the window. A
month-day without a year takes the year of the article. Facts with no date at
all are dropped from a windowed view (they cannot be placed in time).

Region: a place and everything inside it through ``containedIn`` (any depth).
A fact that involves places is kept when one of its places is in the region; a
fact between people and units is kept when one of them was deployed into the
region or is a unit located in it (so a person's membership stays beside their
deployment there).
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kg.analysis.data import FactRecord, GraphData
from kg.errors import AnalysisError

_FULL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})")


def date_interval(value: str, *, year: int | None = None) -> tuple[date, date] | None:
    """The days a partial ISO date covers: ``2022-11`` -> (2022-11-01, 2022-11-30); None if unusable."""
    m = _FULL.match(value)
    try:
        if m:
            y = int(m.group(1))
            if m.group(3):
                d = date(y, int(m.group(2)), int(m.group(3)))
                return d, d
            if m.group(2):
                mo = int(m.group(2))
                return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
            return date(y, 1, 1), date(y, 12, 31)
        m = _MONTH_DAY.match(value)
        if m and year is not None:
            d = date(year, int(m.group(1)), int(m.group(2)))
            return d, d
    except ValueError:  # 2022-02-30 and the like: a date the text got wrong is not a date
        return None
    return None


def parse_bound(value: str | date | None, *, end: bool = False) -> date | None:
    """A window bound from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the end bound takes the last day)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    interval = date_interval(value)
    if interval is None:
        raise AnalysisError(f"a date bound must look like YYYY, YYYY-MM or YYYY-MM-DD, found {value!r}")
    return interval[1] if end else interval[0]


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """Closed interval of days; an open end is None."""

    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(cls, start: str | date | None, end: str | date | None) -> TimeWindow | None:
        """A window from two optional bounds; None when both are empty."""
        lo, hi = parse_bound(start), parse_bound(end, end=True)
        if lo is None and hi is None:
            return None
        if lo and hi and lo > hi:
            raise AnalysisError(f"the window starts ({lo}) after it ends ({hi})")
        return cls(lo, hi)

    def meets(self, interval: tuple[date, date]) -> bool:
        lo, hi = interval
        return (self.start is None or hi >= self.start) and (self.end is None or lo <= self.end)


def fact_interval(fact: FactRecord, data: GraphData) -> tuple[date, date] | None:
    """The interval a fact is dated to (its own date, else its article's)."""
    published = data.article_date(fact.article)
    year = int(published[:4]) if published and published[:4].isdigit() else None
    for value in (fact.date, published):
        if value:
            interval = date_interval(value, year=year)
            if interval is not None:
                return interval
    return None


def in_window(facts: Iterable[FactRecord], data: GraphData, window: TimeWindow) -> list[FactRecord]:
    """The facts dated inside ``window``."""
    out = []
    for fact in facts:
        interval = fact_interval(fact, data)
        if interval is not None and window.meets(interval):
            out.append(fact)
    return out


def resolve_entity(data: GraphData, ref: str, *, types: Iterable[str] | None = None) -> str:
    """The IRI of the node named ``ref`` (an IRI, an exact label or alias, or its pinyin).

    Several matches: the one with most facts wins (the district over a namesake village). None: an
    AnalysisError naming what was looked for.
    """
    allowed = set(types) if types else None
    if ref in data.nodes and (allowed is None or data.nodes[ref].type in allowed):
        return ref
    key = ref.strip().lower().replace(" ", "")
    candidates = [n for n in data.nodes.values() if (allowed is None or n.type in allowed)
                  and (ref in n.labels or ref == n.label or (key and n.pinyin.replace(" ", "") == key))]
    if not candidates:
        kinds = "/".join(sorted(allowed)) if allowed else "entity"
        raise AnalysisError(f"no {kinds} named {ref!r} in the graph (expected an IRI or an exact name)")
    degree: dict[str, int] = {}
    for f in data.facts:
        degree[f.subject] = degree.get(f.subject, 0) + 1
        degree[f.object] = degree.get(f.object, 0) + 1
    candidates.sort(key=lambda n: (-degree.get(n.iri, 0), n.iri))
    return candidates[0].iri


def places_within(data: GraphData, region: str) -> set[str]:
    """The place ``region`` (IRI or name) and every place inside it through ``containedIn``, any depth."""
    root = resolve_entity(data, region, types=("Place",))
    children: dict[str, set[str]] = {}
    for f in data.facts:
        if f.relation == "containedIn":
            children.setdefault(f.object, set()).add(f.subject)
    inside, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in inside:
                inside.add(child)
                todo.append(child)
    return inside


def in_region(facts: Iterable[FactRecord], data: GraphData, places: set[str]) -> list[FactRecord]:
    """The facts in the region ``places`` (see the module docstring for the rule)."""
    facts = list(facts)
    anchored = set(places)
    for f in facts:
        if f.relation in ("deployedTo", "locatedIn") and f.object in places:
            anchored.add(f.subject)
        if f.relation == "deployedTo" and f.object in places:
            anchored.update(f.origin)
    out = []
    for f in facts:
        ends_in_places = [x for x in (f.subject, f.object) if data.node(x).type == "Place"]
        if ends_in_places:   # a fact about places belongs to the region when one of its places does
            keep = any(x in places for x in ends_in_places)
        else:
            keep = f.subject in anchored or f.object in anchored
        if keep:
            out.append(f)
    return out
