"""Dates as written (``11月10日``, ``3日凌晨1点``, ``第二天``) resolved to partial dates."""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from kg.extract.recognize import DATE_RE
from kg.records import PartialDate

_CN = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
       "九": 9}
_RELATIVE_DAYS = {"第二天": 1, "次日": 1, "翌日": 1, "次日凌晨": 1, "第三天": 2, "当天": 0, "当日": 0,
                  "当晚": 0, "当夜": 0, "今天": 0, "今日": 0, "昨天": -1, "昨日": -1}


def count_number(word: str) -> int | None:
    """The number a count word's numeral states (``3``, ``三``, ``两``, ``十二``), or None."""
    return cn_number(word.replace("两", "二")) if word else None


def cn_number(text: str) -> int | None:
    """``12`` / ``十二`` / ``二〇二二`` -> int."""
    if not text:
        return None
    if text.isdecimal():   # not isdigit: ⑥ and ² are digits int() refuses
        return int(text)
    if all(ch in _CN for ch in text) and len(text) == 4:
        return int("".join(str(_CN[ch]) for ch in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        if (tens and tens not in _CN) or (ones and ones not in _CN):
            return None   # 数十, 几十, 十余: no number stated
        return (_CN[tens] if tens else 1) * 10 + (_CN[ones] if ones else 0)
    if len(text) == 1 and text in _CN:
        return _CN[text]
    return None


def resolve_date(text: str, *, published: date | None,
                 previous: PartialDate | None = None) -> PartialDate | None:
    """Resolve one date expression.

    Absolute dates take the year (and month) from the publication date when they lack
    them and that makes them fall on or before it; relative ones (``第二天``) count from
    the previous date of the text, else from the publication date.
    """
    m = DATE_RE.fullmatch(text)
    if m is None:
        return None
    rel = m.group("rel")
    if rel is not None:
        anchor = _as_date(previous) or published
        if anchor is None:
            return PartialDate(text=text)
        d = anchor + timedelta(days=_RELATIVE_DAYS.get(rel, 0))
        return PartialDate(d.year, d.month, d.day, text=text)
    year = cn_number(m.group("y") or m.group("y2") or "")
    month = cn_number(m.group("m") or m.group("m2") or "")
    day = cn_number(m.group("d") or "")
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    ref = published
    if month is None and day is not None:
        # ``3日`` alone: the month of the previous date, else of the publication
        if previous is not None and previous.month:
            month, year = previous.month, year or previous.year
        elif ref is not None:
            month = ref.month if day <= ref.day else (ref.month - 1 or 12)
            if year is None:
                year = ref.year if not (ref.month == 1 and month == 12) else ref.year - 1
    if year is None and month is not None:
        if previous is not None and previous.year:
            year = previous.year
        elif ref is not None:
            year = ref.year if (month, day or 1) <= (ref.month, ref.day) else ref.year - 1
    if month is not None and day is not None and day > _days_in(year, month):
        # a day the month does not have (2月30日, 4月31日): a slip of the writer's when the month is written,
        # so only the month is stated; a month taken from the context cannot be the right one, so nothing is
        if not (m.group("m") or m.group("m2")):
            return None
        return PartialDate(year, month, None, text=text)
    return PartialDate(year, month, day, text=text)


def _days_in(year: int | None, month: int) -> int:
    """The days of a month (February of an unknown year: 29)."""
    return calendar.monthrange(year if year else 2000, month)[1]


def _as_date(p: PartialDate | None) -> date | None:
    if p is None or not (p.year and p.month and p.day):
        return None
    try:
        return date(p.year, p.month, p.day)
    except ValueError:
        return None
