"""Date resolution: absolute, partial and relative expressions."""
from __future__ import annotations

from datetime import date

import pytest

from kg.extract.dates import resolve_date
from kg.records import PartialDate

CASES = [
    ("11月10日", date(2022, 11, 14), None, "2022-11-10"),
    ("2月26日上午", None, None, "--02-26"),
    ("3日凌晨1点", date(2022, 11, 14), None, "2022-11-03"),
    ("12月28日", date(2023, 1, 3), None, "2022-12-28"),
    ("2022年3月", None, None, "2022-03"),
    ("十一月五日", date(2022, 11, 20), None, "2022-11-05"),
    ("第二天", None, PartialDate(2022, 11, 3), "2022-11-04"),
    ("次日", date(2022, 5, 31), None, "2022-06-01"),
]


@pytest.mark.parametrize("text,published,previous,iso", CASES)
def test_resolve(text, published, previous, iso):
    got = resolve_date(text, published=published, previous=previous)
    assert got is not None and got.iso() == iso
    assert got.text == text


def test_relative_without_anchor_stays_partial():
    got = resolve_date("第二天", published=None)
    assert got is not None and got.iso() == "" and got.text == "第二天"
