"""Text edits that carry an offset map along.

Every repair pass finds non-overlapping edits on the current text and applies
them with :func:`apply_edits`, which rebuilds the text and the two offset
arrays (current character -> original span) in one sweep of C-level slices.
Unchanged stretches are copied, never iterated character by character, which
keeps normalisation well above a million characters per second.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from kg.records import OffsetMap


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace current ``[start, end)`` with ``text``.

    With ``aligned`` (only when ``len(text) == end - start``) character ``i`` of
    the replacement maps to what character ``start + i`` mapped to; otherwise
    every replacement character maps to the union of the replaced span.
    """

    start: int
    end: int
    text: str = ""
    aligned: bool = False


_IDENTITY = array("i")


def _identity(n: int) -> array:
    """``array('i', range(n))`` by slicing a cached, growing identity array (a memcpy, not a loop)."""
    global _IDENTITY
    if len(_IDENTITY) < n:
        # a cache, not state: its content never changes, only its length grows
        _IDENTITY = array("i", range(max(n, 2 * len(_IDENTITY), 1 << 16)))
    return _IDENTITY[:n]


class Tracked:
    """A string together with its map back to the original (``starts``/``ends`` per character)."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, starts: array | None = None, ends: array | None = None):
        self.text = text
        if starts is None or ends is None:
            n = len(text)
            ident = _identity(n + 1)
            starts, ends = ident[:n], ident[1 : n + 1]
        self.starts, self.ends = starts, ends

    def apply(self, edits: Iterable[Edit]) -> int:
        """Apply sorted, non-overlapping edits; returns how many were applied."""
        text, starts, ends = self.text, self.starts, self.ends
        pieces: list[str] = []
        new_s = array("i")
        new_e = array("i")
        pos = 0
        count = 0
        for ed in edits:
            s, e, rep = ed.start, ed.end, ed.text
            if s < pos:
                raise ValueError(f"overlapping edit at {s} (previous edit ended at {pos})")
            count += 1
            pieces.append(text[pos:s])
            new_s.extend(starts[pos:s])
            new_e.extend(ends[pos:s])
            if rep:
                pieces.append(rep)
                if ed.aligned and len(rep) == e - s:
                    new_s.extend(starts[s:e])
                    new_e.extend(ends[s:e])
                else:
                    if e > s:
                        o_s, o_e = starts[s], ends[e - 1]
                    else:
                        # an insertion: an empty span where it stands in the original
                        o_s = o_e = starts[s] if s < len(starts) else (ends[-1] if len(ends) else 0)
                    k = len(rep)
                    new_s.extend(array("i", [o_s]) * k)
                    new_e.extend(array("i", [o_e]) * k)
            pos = e
        if not count:
            return 0
        pieces.append(text[pos:])
        new_s.extend(starts[pos:])
        new_e.extend(ends[pos:])
        self.text = "".join(pieces)
        self.starts, self.ends = new_s, new_e
        return count

    def replace_same_length(self, text: str) -> None:
        """Swap in a character-for-character replacement (same length): the map is unchanged."""
        if len(text) != len(self.text):
            raise ValueError(f"expected a text of length {len(self.text)}, got {len(text)}")
        self.text = text

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of current ``[start, end)``."""
        return self.offset_map().to_original(start, end)

    def offset_map(self) -> OffsetMap:
        return OffsetMap(self.starts, self.ends)
