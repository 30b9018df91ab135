"""Decimal interval arithmetic: a printed number means ± half a unit of its last digit (XBRL Calc 1.1)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

from auditor import rx
from auditor.records import dataclass

_DIV_PREC = 40
_HALF = Decimal("0.5")
_HUNDRED = Decimal(100)
_NUMBER = rx.compile(r"[+\-\u2212]?\d+(?:,\d+)*(?:\.\d+)?")
_EXACT_CTX = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN,
                     traps=[InvalidOperation, DivisionByZero, Overflow, Inexact])

UNITS: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
_POWERS: dict[tuple[Decimal, Decimal], int] = {
    (f, t): (f.adjusted() - t.adjusted()) for f in UNITS.values() for t in UNITS.values()}


_UNIT_POWERS: dict[tuple[str, str], int] = {(a, b): _POWERS[UNITS[a], UNITS[b]] for a in UNITS for b in UNITS}
_TENS = {k: Decimal(10 ** k) for k in set(_UNIT_POWERS.values()) if k > 0}

_X = _EXACT_CTX    # its methods (add, subtract, multiply) compute exactly without touching the thread's context


@contextmanager
def _exact() -> Iterator[None]:
    """A private context in which addition, subtraction and multiplication never round."""
    with localcontext(_EXACT_CTX):
        yield


_DIV_CTX = {r: Context(prec=_DIV_PREC, rounding=r, Emax=MAX_EMAX, Emin=MIN_EMIN) for r in (ROUND_FLOOR, ROUND_CEILING)}


def _quotient(a: Decimal, b: Decimal, rounding: str) -> Decimal:
    """a / b to _DIV_PREC significant digits, rounded in the given direction."""
    return _DIV_CTX[rounding].divide(a, b)


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval [lo, hi] of Decimals."""

    lo: Decimal
    hi: Decimal

    def __post_init__(self) -> None:
        if not (self.lo.is_finite() and self.hi.is_finite()):
            raise ValueError(f"interval bounds must be finite: [{self.lo}, {self.hi}]")
        if self.lo > self.hi:
            raise ValueError(f"empty interval: [{self.lo}, {self.hi}]")

    def __add__(self, other: Interval) -> Interval:
        return _iv(_X.add(self.lo, other.lo), _X.add(self.hi, other.hi))

    def __sub__(self, other: Interval) -> Interval:
        return _iv(_X.subtract(self.lo, other.hi), _X.subtract(self.hi, other.lo))

    def __mul__(self, other: Interval) -> Interval:
        products = [_X.multiply(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(products), max(products))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            raise ZeroDivisionError(f"divisor interval [{other.lo}, {other.hi}] contains zero")
        if self.lo >= 0 and other.lo > 0:      # the common case: positive figures, two quotients suffice
            return _iv(_quotient(self.lo, other.hi, ROUND_FLOOR), _quotient(self.hi, other.lo, ROUND_CEILING))
        pairs = [(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
        return Interval(min(_quotient(a, b, ROUND_FLOOR) for a, b in pairs),
                        max(_quotient(a, b, ROUND_CEILING) for a, b in pairs))

    def scale(self, factor: Decimal) -> Interval:
        """The interval multiplied exactly by a constant of any sign."""
        a, b = _X.multiply(self.lo, factor), _X.multiply(self.hi, factor)
        return _iv(a, b) if a <= b else _iv(b, a)

    def overlaps(self, other: Interval) -> bool:
        """Whether the two closed intervals share at least one point."""
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, value: Decimal) -> bool:
        """Whether value lies in the closed interval."""
        return self.lo <= value <= self.hi

    @property
    def mid(self) -> Decimal:
        """The exact midpoint."""
        return _X.multiply(_X.add(self.lo, self.hi), _HALF)

    def width(self) -> Decimal:
        """hi - lo, exactly."""
        return _X.subtract(self.hi, self.lo)


def parse_decimal(text: str) -> Decimal:
    """A printed number ("38,194.07", "-3.5", "39.70") as a Decimal that keeps its trailing zeros."""
    s = text.strip()
    if not _NUMBER.fullmatch(s):
        raise ValueError(f"not a printed decimal number: {text!r}")
    return Decimal(s.replace(",", "").replace("\u2212", "-"))


def _as_decimal(value: Decimal | str) -> Decimal:
    """A Decimal from a Decimal, an int or printed text; floats and non-finite values are rejected."""
    d = parse_decimal(value) if isinstance(value, str) else value
    if isinstance(d, int) and not isinstance(d, bool):
        d = Decimal(d)
    if not isinstance(d, Decimal) or not d.is_finite():
        raise ValueError(f"not a finite Decimal: {value!r}")
    return d


def _unit(value: Decimal) -> Decimal:
    """One unit of the last printed digit: 17.13 -> 0.01, 127 -> 1, 39.70 -> 0.01."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal((0, (1,), exponent))


def places_gained(from_unit: str, to_unit: str) -> int:
    """The decimal places a figure gains when written in a larger unit (926万元 is 0.0926亿元: four); 0 otherwise."""
    return max(0, -_UNIT_POWERS.get((from_unit, to_unit), 0))


def decimals_of(text: str) -> int:
    """How many decimal places are printed: "17.13" -> 2, "127" -> 0, "39.70" -> 2."""
    exponent = parse_decimal(text).as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


_new, _set = object.__new__, object.__setattr__


def _iv(lo: Decimal, hi: Decimal) -> Interval:
    """An Interval from bounds already known to be finite and ordered (the results of Interval arithmetic on
    Intervals): the checks of ``__post_init__`` are skipped, which halves the cost of the commonest object."""
    out = _new(Interval)
    _set(out, "lo", lo)
    _set(out, "hi", hi)
    return out


def printed(value: Decimal | str) -> Interval:
    """The interval a printed number stands for: ± half a unit of its last digit."""
    if type(value) is Decimal and value.is_finite():      # the common case, without the checks of _as_decimal
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)
        half = Decimal((0, (5,), exponent - 1))
        return _iv(_X.subtract(value, half), _X.add(value, half))
    v = _as_decimal(value)
    half = _X.multiply(_unit(v), _HALF)       # the exact context's methods: no context switch per figure
    return Interval(_X.subtract(v, half), _X.add(v, half))


def exact(value: Decimal | str) -> Interval:
    """The degenerate interval [v, v]."""
    v = _as_decimal(value)
    return Interval(v, v)


def sum_intervals(items: Iterable[Interval]) -> Interval:
    """The interval sum of items; the empty sum is exact(0)."""
    total = exact(Decimal(0))
    for item in items:
        total = total + item
    return total


def stated_percent(value: Decimal | str) -> Interval:
    """A written percentage, allowing it to be rounded or truncated toward zero in its last digit."""
    v = _as_decimal(value)
    u = _unit(v)
    half = _X.multiply(u, _HALF)
    if v >= 0:
        return Interval(_X.subtract(v, half), _X.add(v, u))
    return Interval(_X.subtract(v, u), _X.add(v, half))


def ratio_percent(num: Interval, den: Interval) -> Interval:
    """(num / den) * 100, rounded outward; ZeroDivisionError when den contains zero."""
    return (num / den).scale(_HUNDRED)


def consistent(computed: Interval, stated: Interval) -> bool:
    """A relation holds unless the computed and stated intervals are disjoint."""
    return computed.overlaps(stated)


def _factor(from_unit: str, to_unit: str) -> tuple[Decimal, Decimal]:
    """The multipliers of the two units, or ValueError for an unknown unit."""
    for unit in (from_unit, to_unit):
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}; known: {', '.join(UNITS)}")
    return UNITS[from_unit], UNITS[to_unit]


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """value in from_unit expressed exactly in to_unit."""
    k = _UNIT_POWERS.get((from_unit, to_unit))
    if k is not None:          # 元, 万元, 亿元: powers of ten apart, looked up once
        if k == 0:
            return value
        return _X.multiply(value, _TENS[k]) if k > 0 else value.scaleb(k, _X)
    f, t = _factor(from_unit, to_unit)
    if f == t:
        return value
    if (f, t) in _POWERS:      # the units are powers of ten apart: exact, with the digits value * f / t keeps
        k = _POWERS[f, t]
        return _X.multiply(value, Decimal(10 ** k)) if k > 0 else value.scaleb(k, _X)
    try:
        with _exact(), localcontext() as ctx:
            ctx.prec = max(200, len(value.as_tuple().digits) + 20)   # room for every digit: exact at any length
            return value * f / t
    except Inexact as exc:
        raise ValueError(f"{value} {from_unit} has no exact decimal value in {to_unit}") from exc


def in_yuan(value: Decimal, unit: str) -> Interval:
    """The interval a printed amount stands for, in 元 (万元 and 亿元 scaled exactly)."""
    return convert_interval(printed(value), unit, "元")


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last printed digit: 17.13 -> 0.005, 127 -> 0.5."""
    return _X.multiply(_unit(value), _HALF)


def convert_interval(iv: Interval, from_unit: str, to_unit: str) -> Interval:
    """An interval in from_unit expressed exactly in to_unit."""
    return _iv(convert(iv.lo, from_unit, to_unit), convert(iv.hi, from_unit, to_unit))   # the factors are positive


def _rounded(value: Decimal, places: int) -> Decimal:
    """value rounded half-up to `places` decimals, with negative zero made positive."""
    if places < 0:
        raise ValueError(f"places must be >= 0, got {places}")
    with _exact(), localcontext() as ctx:
        ctx.traps[Inexact] = False
        q = value.quantize(Decimal((0, (1,), -places)), rounding=ROUND_HALF_UP)
    return q.copy_abs() if q.is_zero() else q


def fmt(value: Decimal, places: int) -> str:
    """value rounded half-up to `places` decimals, in plain notation: fmt(Decimal("7.1982"), 2) == "7.20"."""
    return format(_rounded(value, places), "f")


def fmt_grouped(value: Decimal, places: int) -> str:
    """fmt with thousands separators: "17,221.85"."""
    return format(_rounded(value, places), ",f")


def group_digits(shown: str) -> str:
    """A printed figure with thousands separators ("49239.5" -> "49,239.5"); anything else unchanged."""
    whole, dot, frac = shown.partition(".")
    if not whole.lstrip("-").isdigit() or "," in shown:
        return shown
    return f"{int(whole):,}{dot}{frac}"


def best_places(*texts: str) -> int:
    """The most decimal places printed in any of texts (0 for none)."""
    return max((decimals_of(t) for t in texts), default=0)
