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


@pytest.mark.parametrize("text,published,previous,iso", [
    ("2月30日", date(2022, 3, 5), None, "2022-02"),      # the month as written, no day it does not have
    ("2021年2月29日", None, None, "2021-02"),            # no 29 February in 2021
    ("4月31日上午", None, None, ""),                     # no year: a month alone is no XSD date type
])
def test_impossible_day_keeps_only_the_written_month(text, published, previous, iso):
    got = resolve_date(text, published=published, previous=previous)
    assert got is not None and got.day is None and got.text == text
    assert got.iso() == iso


def test_impossible_day_of_an_inferred_month_is_no_date():
    # 31日 in an article published on 30 November: the month before (October) has a 31st ...
    got = resolve_date("31日", published=date(2022, 11, 30))
    assert got is not None and got.iso() == "2022-10-31"
    # ... but the previous date's month (November) has none: that month cannot be the one meant
    assert resolve_date("31日", published=date(2022, 12, 5), previous=PartialDate(2022, 11, 3)) is None


@pytest.mark.parametrize("text,iso", [("2024年2月29日", "2024-02-29"), ("2月29日", "--02-29"),
                                      ("4月30日", "--04-30")])
def test_possible_days_stay(text, iso):
    got = resolve_date(text, published=None)
    assert got is not None and got.iso() == iso


def test_a_slip_in_an_article_gives_no_ill_typed_literal(run):
    """2月30日 written in an article: the deployment states its month, and every literal of the graph is
    well typed (an impossible xsd:date had been written, which rdflib and SPARQL stores reject)."""
    from kg.rdf import article_graph

    ex = run("2月30日，区卫健局干部张建华下沉到石桥村，协助开展排查。", published=date(2022, 3, 5))
    dated = [f.date for f in ex.facts if f.date is not None]
    assert dated and all(d.iso() == "2022-02" for d in dated)
    _, g = article_graph(ex)
    literals = [o for o in g.objects() if getattr(o, "datatype", None) is not None]
    assert literals and not [o for o in literals if o.ill_typed]


def test_numbers_of_digits_int_reads_only():
    # ⑥ and ² are digits to str.isdigit but no number int() reads: no number, no failure
    from kg.extract.dates import cn_number, count_number

    assert cn_number("⑥") is None and count_number("²") is None
    assert cn_number("１２") == 12 and count_number("两") == 2
    # a numeral word that states no number (数十, 几十, 十余) is none
    assert cn_number("数十") is None and cn_number("几十") is None and cn_number("十余") is None
    assert cn_number("二十") == 20 and cn_number("十二") == 12 and cn_number("三十五") == 35


def test_a_circled_numeral_fails_no_article(run):
    # a series number in a headline (党旗飘⑥|): the tagger reads ⑥ as a numeral, which counts nothing
    ex = run("防疫一线党旗飘⑥|东坪、北塘⑥村和红旗③组的党员筑起红色堡垒，共计⑥名党员参加。")
    assert ex.article.text.startswith("防疫一线")
