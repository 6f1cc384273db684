"""Helpers that damage text the way scraped copies are damaged (for the reading tests)."""

from __future__ import annotations


def gbk_shift(text: str, start: int) -> str:
    """Damage ``text`` the way the scraped copies show: from character ``start`` on, its GBK bytes are
    read one byte late: the first byte becomes '?', the rest pairs up shifted until a trail byte that
    can stand alone (ASCII or 0x80) realigns the reading; full-width forms fold to ASCII as scrapers do.
    """
    head, tail = text[:start], text[start:].encode("gbk")
    out = ["?"]
    i = 1
    while i < len(tail):
        b = tail[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            out.append(tail[i:].decode("gbk"))
            break
        if b == 0x80:
            out.append("€")
            i += 1
            out.append(tail[i:].decode("gbk"))
            break
        if i + 1 >= len(tail):
            return text  # no realignment before the end: not this kind of damage
        ch = tail[i : i + 2].decode("gbk", errors="strict")
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:
            ch = chr(o - 0xFEE0)
        out.append(ch)
        i += 2
    return head + "".join(out)
