"""Whether some span of many covers a point, holds a span or overlaps one, in logarithmic time.

A filter such as ``not any(a <= p.start < b for a, b in spans)``, run for every mention of an article, costs
mentions x spans: over a list of a thousand names and places, a million tests. ``SpanIndex`` keeps, for every
start offset, the furthest end of the spans starting there, in a Fenwick tree of maxima over the offsets: the
furthest end of the spans starting at or before ``x`` is then one walk of ``log n`` steps, and spans can be
added while the filter runs (a rule that marks what it has found). The answers are those of the ``any`` each
query replaces (each method says which).
"""
from __future__ import annotations

from collections.abc import Iterable

_NONE = -(1 << 62)    # the furthest end where no span starts: below any offset a query can ask about


class SpanIndex:
    """Half-open spans ``(a, b)`` over offsets ``0 .. size``."""

    __slots__ = ("_count", "_tree")

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._tree = [_NONE] * (size + 2)     # 1-based Fenwick tree of maxima: start offset a sits at a + 1
        self._count = 0
        for a, b in spans:
            self.add(a, b)

    def __len__(self) -> int:
        return self._count

    def add(self, a: int, b: int) -> None:
        """Add the span ``(a, b)``; ``0 <= a <= size``."""
        tree = self._tree
        if not 0 <= a < len(tree) - 1:
            raise ValueError(f"span start {a} outside 0..{len(tree) - 2}")
        i = a + 1
        while i < len(tree):
            if tree[i] < b:
                tree[i] = b
            i += i & -i
        self._count += 1

    def _furthest(self, upto: int) -> int:
        """The furthest end of the spans starting at or before ``upto`` (``_NONE`` if none)."""
        tree = self._tree
        i = min(upto + 1, len(tree) - 1)
        far = _NONE
        while i > 0:
            if tree[i] > far:
                far = tree[i]
            i -= i & -i
        return far

    def covers(self, x: int) -> bool:
        """``any(a <= x < b for a, b in spans)``."""
        return x >= 0 and self._furthest(x) > x

    def straddles(self, x: int) -> bool:
        """``any(a < x < b for a, b in spans)``: a span runs across the boundary ``x``."""
        return x >= 1 and self._furthest(x - 1) > x

    def covers_end(self, y: int) -> bool:
        """``any(a < y <= b for a, b in spans)``: an end at ``y`` falls inside a span or on its end."""
        return y >= 1 and self._furthest(y - 1) >= y

    def holds(self, start: int, end: int) -> bool:
        """``any(a <= start and end <= b for a, b in spans)``."""
        return start >= 0 and self._furthest(start) >= end

    def overlaps(self, start: int, end: int) -> bool:
        """``any(a < end and start < b for a, b in spans)``."""
        return end >= 1 and self._furthest(end - 1) > start
