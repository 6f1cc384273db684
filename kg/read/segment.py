"""Paragraph and sentence segmentation of normalised Chinese text.

Paragraphs are the lines of the normalised text. Sentences end at ``。！？``
(and ASCII ``!?``), taking any closing quotes/brackets that follow; a mark
inside an open quotation does not end the sentence unless the quotation
closes right after it (``“……。”`` ends one), so quoted speech stays whole.
"""

from __future__ import annotations

import re

from kg.records import Span

_TOKENS = re.compile(r"(?P<open>[“「『])|(?P<close>[”」』])|(?P<term>[。！？!?]+)")
_CLOSERS = re.compile(r"[”」』’）)\]】]*")
_OPENERS = "“「『"
# a quotation left open this long is a stray mark, not speech: stop honouring it
_MAX_QUOTE = 160


def paragraphs(text: str) -> list[Span]:
    """Spans of the non-empty lines of ``text``."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append(Span(pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def sentences(text: str, paras: list[Span] | None = None) -> list[Span]:
    """Sentence spans within each paragraph (a sentence never crosses a line break)."""
    out: list[Span] = []
    for para in paras if paras is not None else paragraphs(text):
        seg = text[para.start : para.end]
        start = 0
        depth = 0
        opened = -1
        skip = 0
        for m in _TOKENS.finditer(seg):
            if m.start() < skip:
                continue
            kind = m.lastgroup
            if kind == "open":
                if depth == 0:
                    opened = m.start()
                depth += 1
            elif kind == "close":
                depth = max(0, depth - 1)
            else:
                end = m.end()
                closers = _CLOSERS.match(seg, end)
                after = closers.end() if closers else end
                d = depth
                for ch in seg[end:after]:
                    if ch in "”」』":
                        d = max(0, d - 1)
                if d == 0 or (opened >= 0 and end - opened > _MAX_QUOTE):
                    _push(out, seg, para.start, start, after)
                    start, depth, opened = after, 0, -1
                    skip = after
        if start < len(seg):
            _push(out, seg, para.start, start, len(seg))
    return out


def _push(out: list[Span], seg: str, base: int, a: int, b: int) -> None:
    piece = seg[a:b]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if b - a - lead - trail > 0:
        out.append(Span(base + a + lead, base + b - trail))
