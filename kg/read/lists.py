"""Lists of names read by a loop, in one pass.

A credit line lists names separated by commas and spaces (``张三、李四 摄``). One pattern
such as ``(?:[一-鿿]{2,4}[、，\\s]*)+`` reads it, but a backtracking engine tries every way of
cutting a long run of Han characters into names, and the time grows exponentially with the
length of the run when the line turns out not to be a list. The functions here accept the
same language by walking the characters once.
"""
from __future__ import annotations

from collections.abc import Callable

HAN_FIRST, HAN_LAST = "\u4e00", "\u9fff"


def is_han(ch: str) -> bool:
    """A character of the CJK Unified Ideographs block (``[\\u4e00-\\u9fff]``)."""
    return HAN_FIRST <= ch <= HAN_LAST


def is_name_list(body: str, separators: str, *, spaces: bool = False,
                 han: Callable[[str], bool] = is_han) -> bool:
    """True when ``body`` is runs of two or more Han characters, separated by (and possibly ending
    with) separator characters: the language of ``(?:[HAN]{2,4}[SEPS]*)+``.

    ``separators``: the separator characters; ``spaces``: any whitespace (``\\s``) separates too.
    A run of any length from two on can be cut into names of two to four characters, so only a
    lone Han character, a leading separator or any other character makes ``body`` no list.
    """
    if not body or not han(body[0]):
        return False
    run = 0
    for ch in body:
        if han(ch):
            run += 1
        elif ch in separators or (spaces and ch.isspace()):
            if run == 1:
                return False
            run = 0
        else:
            return False
    return run != 1


def span_of(text: str, start: int, allowed: Callable[[str], bool]) -> int:
    """The end of the run of characters from ``start`` that satisfy ``allowed``."""
    end, n = start, len(text)
    while end < n and allowed(text[end]):
        end += 1
    return end
