"""Tests for auditor.arith: printed-number intervals, tolerant percentages, units and formatting."""

from __future__ import annotations

import decimal
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.arith import (
    UNITS,
    Interval,
    best_places,
    consistent,
    convert,
    convert_interval,
    decimals_of,
    exact,
    fmt,
    fmt_grouped,
    parse_decimal,
    printed,
    ratio_percent,
    stated_percent,
    sum_intervals,
)


def iv(lo: str, hi: str) -> Interval:
    return Interval(D(lo), D(hi))


def share(num: Interval, den: Interval, stated: str) -> bool:
    return consistent(ratio_percent(num, den), stated_percent(stated))


# --- parsing and printed precision -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "places"), [("17.13", 2), ("127", 0), ("39.70", 2), ("38,194.07", 2),
                                              ("0.0500", 4), ("-3.5", 1)])
def test_decimals_of(text: str, places: int) -> None:
    assert decimals_of(text) == places


def test_parse_decimal_strips_grouping_and_keeps_trailing_zeros() -> None:
    assert parse_decimal("38,194.07") == D("38194.07")
    assert parse_decimal(" 39.70 ").as_tuple() == D("39.70").as_tuple()
    assert parse_decimal("\u22125.0") == D("-5.0")


@pytest.mark.parametrize("junk", ["", "abc", "1.2.3", "1,,2", "12%", "NaN", "Infinity", "1e5", ".5", "5.",
                                  "1 2"])
def test_parse_decimal_rejects_junk(junk: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(junk)


def test_printed_is_half_a_unit_of_the_last_digit() -> None:
    assert printed("17.13") == iv("17.125", "17.135")
    assert printed("127") == iv("126.5", "127.5")
    assert printed(D("39.70")) == iv("39.695", "39.705")
    assert printed(D("39.7")) == iv("39.65", "39.75")
    assert printed("-2.5") == iv("-2.55", "-2.45")
    assert exact("3.10") == iv("3.1", "3.1")


def test_printed_rejects_non_finite_and_float() -> None:
    with pytest.raises(ValueError):
        printed(D("NaN"))
    with pytest.raises(ValueError):
        exact(1.5)  # type: ignore[arg-type]


def test_best_places() -> None:
    assert best_places("127", "17.13", "3.5") == 2
    assert best_places() == 0


# --- interval operations ----------------------------------------------------------------------------

def test_interval_invariant() -> None:
    with pytest.raises(ValueError):
        iv("2", "1")


def test_interval_operations() -> None:
    a, b = iv("1", "2"), iv("-3", "5")
    assert a + b == iv("-2", "7")
    assert a - b == iv("-4", "5")
    assert a * b == iv("-6", "10")
    assert iv("-2", "-1") * iv("-3", "4") == iv("-8", "6")
    assert iv("1", "2") / iv("4", "8") == iv("0.125", "0.5")
    assert a.scale(D(-2)) == iv("-4", "-2")
    assert a.mid == D("1.5") and b.width() == D(8)
    assert a.contains(D(2)) and not a.contains(D("2.0001"))
    assert iv("1", "2").overlaps(iv("2", "3")) and not iv("1", "2").overlaps(iv("2.01", "3"))


def test_division_by_interval_containing_zero() -> None:
    with pytest.raises(ZeroDivisionError):
        _ = iv("1", "2") / iv("-1", "1")
    with pytest.raises(ZeroDivisionError):
        ratio_percent(printed("5"), printed("0.00"))


def test_division_rounds_outward() -> None:
    third = exact("1") / exact("3")
    assert third.lo < third.hi
    assert Fraction(third.lo) < Fraction(1, 3) < Fraction(third.hi)
    assert third.width() == D("1e-40")


def test_addition_is_exact() -> None:
    big, tiny = exact(D("1e30")), exact(D("1e-30"))
    assert Fraction((big + tiny).lo) == Fraction(10 ** 30) + Fraction(1, 10 ** 30)
    assert Fraction((big - tiny).mid) == Fraction(10 ** 30) - Fraction(1, 10 ** 30)


def test_global_context_untouched() -> None:
    ctx = decimal.getcontext()
    before = (ctx.prec, ctx.rounding, dict(ctx.flags), dict(ctx.traps))
    ratio_percent(printed("1"), printed("3.0"))
    sum_intervals([exact(D("1e30")), exact(D("1e-30"))])
    fmt(D("2.675"), 2)
    convert(D("1.5"), "亿元", "万元")
    assert (ctx.prec, ctx.rounding, dict(ctx.flags), dict(ctx.traps)) == before


def test_sum_intervals() -> None:
    assert sum_intervals([]) == exact("0")
    assert sum_intervals(iter([printed("1.0"), printed("2")])) == iv("2.45", "3.55")


# --- worked examples from reports -------------------------------------------------------------------

def test_share_of_small_item() -> None:
    computed = ratio_percent(printed("42.67"), printed("592.78"))
    assert D("7.197") < computed.lo < computed.hi < D("7.2")
    assert stated_percent("7.80") == iv("7.795", "7.81")
    assert not consistent(computed, stated_percent("7.80"))
    assert consistent(computed, stated_percent("7.20"))


@pytest.mark.parametrize(("num", "den", "stated"), [
    ("550.11", "592.78", "92.80"), ("829.52", "869.22", "95.43"), ("39.7", "869.22", "4.57"),
    ("28.49", "28.61", "99.58"), ("0.94", "10", "9.4"),
])
def test_printed_shares_consistent(num: str, den: str, stated: str) -> None:
    assert share(printed(num), printed(den), stated)


@pytest.mark.parametrize(("num", "den", "stated", "ok"), [
    ("365", "270", "135.18", True),   # truncated
    ("365", "270", "135.19", True),   # rounded
    ("365", "270", "135.20", False),
    ("343", "270", "127", True),
    ("59174", "59000", "100.3", True),
    ("299", "300", "99.67", True),
])
def test_count_ratios(num: str, den: str, stated: str, ok: bool) -> None:
    assert share(exact(num), exact(den), stated) is ok


def test_printed_sums() -> None:
    assert (printed("16457.93") + printed("763.92")).overlaps(printed("17221.85"))
    assert (printed("17221.85") + printed("20972.22")).overlaps(printed("38194.07"))
    assert not (printed("17221.85") + printed("20972.22")).overlaps(printed("38194.27"))


def test_change_against_last_year() -> None:
    last = printed("17221.85") + printed("3559.53")
    assert last.contains(D("20781.38"))
    assert share(printed("3559.53"), last, "17.13")
    assert not share(printed("3559.53"), last, "17.15")
    assert share(printed("201.97"), printed("20972.22") + printed("201.97"), "0.95")


def test_stated_percent_bounds() -> None:
    assert stated_percent("135.18") == iv("135.175", "135.19")
    assert stated_percent("127") == iv("126.5", "128")
    assert stated_percent("-3.2") == iv("-3.3", "-3.15")


# --- units and formatting ---------------------------------------------------------------------------

def test_convert() -> None:
    assert convert(D("1.5"), "亿元", "万元") == D(15000)
    assert convert(D("38194.07"), "万元", "元") == D(381940700)
    assert convert(D(3), "元", "万元") == D("0.0003")
    assert set(UNITS) == {"元", "万元", "亿元"}
    with pytest.raises(ValueError):
        convert(D(1), "美元", "元")
    assert convert_interval(printed("1.5"), "亿元", "万元") == iv("14500", "15500")


def test_fmt() -> None:
    assert fmt(D("7.1982"), 2) == "7.20"
    assert fmt(D("17221.85"), 2) == "17221.85"
    assert fmt(D("2.675"), 2) == "2.68"
    assert fmt(D("-0.001"), 2) == "0.00"
    assert fmt(D("1.5E+4"), 0) == "15000"
    assert fmt(D("135.185185185"), 1) == "135.2"
    assert fmt_grouped(D("17221.85"), 2) == "17,221.85"
    assert fmt_grouped(D(381940700), 0) == "381,940,700"


# --- properties -------------------------------------------------------------------------------------

_PLACES = st.integers(min_value=0, max_value=4)
_FRACTION = st.fractions(min_value=Fraction(-1, 2), max_value=Fraction(1, 2), max_denominator=1000)


@st.composite
def _printed_decimals(draw: st.DrawFn, lo: str = "-1000000", hi: str = "1000000") -> D:
    places = draw(_PLACES)
    return draw(st.decimals(min_value=D(lo), max_value=D(hi), places=places,
                            allow_nan=False, allow_infinity=False))


def _exponent(x: D) -> int:
    exponent = x.as_tuple().exponent
    assert isinstance(exponent, int)
    return exponent


def _unit(x: D) -> Fraction:
    return Fraction(10) ** _exponent(x)


def _within(value: Fraction, interval: Interval) -> bool:
    return Fraction(interval.lo) <= value <= Fraction(interval.hi)


@given(_printed_decimals(), _printed_decimals(), _FRACTION, _FRACTION)
@settings(max_examples=60)
def test_prop_printed_sum_contains_true_sum(a: D, b: D, ta: Fraction, tb: Fraction) -> None:
    total = printed(a) + printed(b)
    assert _within(Fraction(a) + Fraction(b), total)
    # any true values the two printed numbers could stand for add up to a point of the interval
    assert _within(Fraction(a) + ta * _unit(a) + Fraction(b) + tb * _unit(b), total)
    assert Fraction(total.width()) == _unit(a) + _unit(b)


@given(_printed_decimals(), _printed_decimals("0.01", "1000000"), _printed_decimals("0.01", "1000000"))
def test_prop_ratio_percent_contains_exact_hull(num_mid: D, den_lo: D, den_extra: D) -> None:
    num, den = printed(num_mid), Interval(den_lo, den_lo + den_extra)
    got = ratio_percent(num, den)
    corners = [Fraction(n) / Fraction(d) * 100 for n in (num.lo, num.hi) for d in (den.lo, den.hi)]
    assert Fraction(got.lo) <= min(corners) and max(corners) <= Fraction(got.hi)
    assert _within(Fraction(num.mid) / Fraction(den.mid) * 100, got)
    # outward rounding widens by at most a couple of units in the 40th significant digit
    slack = Fraction(got.hi) - Fraction(got.lo) - (max(corners) - min(corners))
    assert slack <= max(abs(c) for c in corners) * Fraction(1, 10 ** 38)


@given(_printed_decimals())
def test_prop_printed_contains_itself(x: D) -> None:
    p = printed(x)
    assert p.contains(x) and p.mid == x
    assert Fraction(p.width()) == _unit(x)


@given(_printed_decimals("-1000", "1000"), st.fractions(min_value=0, max_value=Fraction(99, 100),
                                                         max_denominator=100))
def test_prop_stated_percent_accepts_rounded_and_truncated(v: D, t: Fraction) -> None:
    s = stated_percent(v)
    assert s.contains(v)
    truncated_from = Fraction(v) + (t if v >= 0 else -t) * _unit(v)
    assert _within(truncated_from, s)
    assert not _within(Fraction(v) + (2 if v >= 0 else -2) * _unit(v), s)


@given(_printed_decimals(), _PLACES)
def test_prop_fmt_round_trips(x: D, extra: int) -> None:
    places = max(0, -_exponent(x)) + extra
    text = fmt(x, places)
    assert parse_decimal(text) == x and decimals_of(text) == places
    assert parse_decimal(fmt_grouped(x, places)) == x


@given(_printed_decimals(), _printed_decimals(), _printed_decimals(), _printed_decimals(),
       _FRACTION, _FRACTION)
@settings(max_examples=50)
def test_prop_product_contains_point_products(a: D, b: D, c: D, e: D, s: Fraction, t: Fraction) -> None:
    x, y = Interval(min(a, b), max(a, b)), Interval(min(c, e), max(c, e))
    px = Fraction(x.lo) + (s + Fraction(1, 2)) * Fraction(x.width())
    py = Fraction(y.lo) + (t + Fraction(1, 2)) * Fraction(y.width())
    assert _within(px * py, x * y)
    assert _within(px - py, x - y)
