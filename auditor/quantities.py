"""Quantities from the grammar's tokens: the digits reading, the unit, and the shape of a garbled number."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from auditor import rx
from auditor.model import Quantity
from auditor.parse import Tok
from auditor.spans import OffsetMap

_KIND = {"AMOUNT": "amount", "PERCENT": "percent", "COUNT": "count", "SCORE": "score", "YEAR": "year",
         "DATE": "date", "NUMBER": "number"}
_NUMBER = rx.compile(r"\d(?:[\d,.]|[ Ool](?=\d))*")
_WRAPPED_UNIT = rx.compile(r"[ \t]?(?P<head>[万亿])?[ \t]*(?:\n[ \t\f]*){1,4}(?P<u>(?(head)元|(?:[万亿]?元|%)))")
_PLAIN = rx.compile(r"\d+(?:\.\d+)?")
_LETTERS = str.maketrans({"O": "0", "o": "0", "l": "1"})
_APPROX_BEFORE = ("约", "近", "超", "逾", "超过", "大约", "将近", "不到", "不足")
CHECKED_KINDS = frozenset({"amount", "percent"})
# a well-grouped figure standing alone as a table cell (25,170 between spaces)
_GROUPED_CELL = rx.compile(r"(?:^|(?<=\s))[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?=\s|$)", re.MULTILINE)
_STANDS_ALONE = rx.compile(r"[\s为是共计达约近超逾：:，,（(、；;]")


def garble_of(number: str) -> str | None:
    """Why a printed number is malformed, or None when it is well formed."""
    if ". " in number:
        return "point-space"
    if " " in number:
        return "inner-space"
    if any(c in number for c in "Ool"):
        return "inner-letter"
    if number.count(".") >= 2:
        return "two-points"
    if "," in number:
        groups = number.split(".")[0].split(",")
        bad = not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])
        # "10,20" may be a list written with a comma; a decimal part or a long group makes it one number
        if bad and ("." in number or any(len(g) > 3 for g in groups)):
            return "separator-groups"
    return None


def digits_reading(number: str) -> Decimal:
    """Read a (possibly garbled) number as its digits: "1,7221.85" -> 17221.85, "17.221.85" -> 17221.85."""
    t = number.translate(_LETTERS).replace(",", "").replace(" ", "")
    if t.count(".") > 1:
        head, _, tail = t.rpartition(".")
        t = head.replace(".", "") + "." + tail
    try:
        return Decimal(t)
    except InvalidOperation:   # pragma: no cover - the grammar only admits digits
        return Decimal(0)


def _long_group(number: str) -> bool:
    """A comma-grouped figure with one group of more than three digits after a comma (3,8922; 2,281576).

    Not cells of a table glued together by a conversion (30,552,00030,152,000… reads as 00027,312,67490.6 or
    70035,70294.7): their first group has a leading 0 or more than three digits.
    """
    groups = number.lstrip("-").split(".")[0].split(",")
    head, rest = groups[0], groups[1:]
    return (bool(rest) and 1 <= len(head) <= 3 and not head.startswith("0")
            and sum(len(g) != 3 for g in rest) == 1 and any(len(g) > 3 for g in rest))


def _line_around(text: str, start: int, end: int, reach: int = 300) -> tuple[int, int]:
    """The line holding [start, end) with the lines before and after it (a table's neighbouring rows), at
    most ``reach`` characters to each side."""
    floor, ceil = max(0, start - reach), min(len(text), end + reach)
    lo = text.rfind("\n", floor, start)
    lo = text.rfind("\n", floor, lo) if lo > floor else -1
    hi = text.find("\n", end, ceil)
    hi = text.find("\n", hi + 1, ceil) if hi >= 0 else -1
    return (lo + 1 if lo >= 0 else floor), (hi if hi >= 0 else ceil)


def make_quantity(tok: Tok, text: str, offsets: OffsetMap) -> Quantity:
    """Build a Quantity from a grammar token (positions in normalized text)."""
    kind = _KIND[tok.type]
    printed = tok.text
    end = tok.end
    if kind == "number":
        wrapped = _WRAPPED_UNIT.match(text, tok.end)
        if wrapped:         # 增加 43347 万⏎元 / 收入 6.35⏎亿元: PDF text wrapped the unit onto the next line
            kind = "percent" if wrapped.group("u") == "%" else "amount"
            printed = printed + (wrapped.group("head") or "") + wrapped.group("u")
            end = wrapped.end()
    m = _NUMBER.match(printed)
    number = m.group() if m else printed
    rest = printed[len(number):].strip(" \t")
    approx = "余" in rest or "多" in rest
    unit = rest.replace("余", "").replace("多", "") if approx else rest
    if kind == "score":
        unit = "分"
    elif kind == "year":
        unit = "年"
    start = tok.start
    if text[max(0, start - 4):start].endswith(_APPROX_BEFORE):
        approx = True
    if " " in number and ". " not in number and start > 0 and not _STANDS_ALONE.match(text[start - 1]):
        # 项目1 200万元: the digit before the space belongs to the word before; the figure is what follows
        skip = number.rindex(" ") + 1
        start += skip
        number = number[skip:]
    plain = _PLAIN.fullmatch(number) is not None     # the common case: digits, perhaps a decimal part
    value = Decimal(number) if plain else digits_reading(number)
    if kind in ("amount", "percent", "number") and start > 0 and text[start - 1] in "-－−" and (
            start < 2 or not text[start - 2].isdigit()):
        start -= 1                      # a negative figure (调整预算数为-10652.05万元), not a range 2022-2023
        value = -value
        number = "-" + number
    garble = garble_of(number.lstrip("-")) if kind in CHECKED_KINDS and not plain else None
    if kind == "number" and not plain and _long_group(number) and (
            "." in number or _GROUPED_CELL.search(text, *_line_around(text, start, end))):
        # a bare figure with a decimal part (1,03483.86), or among well-grouped ones in the rows of a table in
        # text (3,8922   25,170   35,093): the separators are thousands separators, a misplaced one a defect.
        # Not an interval or a list ([0,1.8), [4,4.5)): their parts are short or start with 0.
        garble = "separator-groups"
    return Quantity(kind=kind, text=number, value=value, unit=unit, start=start, end=end,
                    span=offsets.span(start, end), number_end=start + len(number), garble=garble,
                    approx=approx)
