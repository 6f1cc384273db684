"""``SpanIndex`` answers as the ``any`` over all spans it replaces, for any spans and queries, spans added
while it is queried included."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.spanindex import SpanIndex

SIZE = 40
spans = st.lists(st.tuples(st.integers(0, SIZE), st.integers(0, SIZE)).map(lambda t: (min(t), max(t))),
                 max_size=12)
points = st.integers(-2, SIZE + 2)


@settings(max_examples=2000, deadline=None)
@given(spans, spans, points, points)
def test_queries_agree_with_a_pass_over_every_span(first: list[tuple[int, int]], later: list[tuple[int, int]],
                                                   x: int, y: int) -> None:
    index = SpanIndex(SIZE, first)
    held = list(first)
    for batch in (later, []):
        for a, b in batch:
            index.add(a, b)
            held.append((a, b))
        s, e = min(x, y), max(x, y)
        assert index.covers(x) == any(a <= x < b for a, b in held)
        assert index.covers_end(x) == any(a < x <= b for a, b in held)
        assert index.holds(s, e) == any(a <= s and e <= b for a, b in held)
        assert index.overlaps(s, e) == any(a < e and s < b for a, b in held)
        assert len(index) == len(held)


def test_examples_with_names() -> None:
    # 张记（广东）食品公司 [0, 10) and 某村 [12, 14)
    index = SpanIndex(20, [(0, 10), (12, 14)])
    assert index.covers(0) and index.covers(9) and not index.covers(10) and not index.covers(11)
    assert index.holds(0, 2) and index.holds(12, 14) and not index.holds(9, 12)
    assert index.overlaps(9, 12) and not index.overlaps(10, 12)
    assert index.covers_end(10) and not index.covers_end(0) and not index.covers_end(12)
    assert not SpanIndex(5).covers(0) and not SpanIndex(5)


def test_a_span_outside_the_text_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        SpanIndex(5, [(6, 8)])
    with pytest.raises(ValueError, match="outside"):
        SpanIndex(5).add(-1, 2)
