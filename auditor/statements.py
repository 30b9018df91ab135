"""Relations read from prose sentences, without a label list: the sentence's own words name the figures.

So far one shape, the rate of a figure to a budget the same sentence states (预算执行 reports write it for every
fund): 调整后收入预算为393.5亿元，预计完成395.4亿元，为调整预算的100.5% / 收入完成138.63亿元，占年初预算（120亿元）
的115.5%. The numerator is the amount right before 为/占/完成…预算的; the base is the amount in brackets after 预算, or
else the amount the sentence gave the same budget (调整后…预算为, 年初预算) with no other amount between it and the
numerator. Anything else is left unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.arith import convert_interval, fmt, printed, ratio_percent, stated_percent
from auditor.model import Paragraph, Quantity, Relation, Report

_RATE = re.compile(r"(?:为|占|完成|达到?|是)(?P<q>年初|调整后?|全年|当年|年度)?的?预算(?:数)?"
                   r"(?:[（(](?P<base>[^（）()]{1,24})[）)])?的\s*$")
_BASE = re.compile(r"(?P<q>年初|调整后?|全年|当年|年度)?[^，。；;,\d]{0,12}预算(?:数)?(?:为|是|安排)?\s*$")
_SENTENCE_END = "。；;！？!?"


def prose_relations(report: Report) -> list[Relation]:
    """The relations the prose states, in document order."""
    out: list[Relation] = []
    for p in report.paragraphs:
        if "预算" in p.text and "%" in p.text:
            out.extend(_budget_rates(report, p))
    return out


def _budget_rates(report: Report, p: Paragraph) -> Iterator[Relation]:
    qs = [q for q in report.quantities_in(p.start, p.end + 1) if q.kind in ("amount", "percent")]
    local = [(p.to_local(q.start), q) for q in qs]
    local = [(at, q) for at, q in local if at is not None]
    for n, (at, pct) in enumerate(local):
        if pct.kind != "percent":
            continue
        head = p.text[max(0, at - 40):at]
        m = _RATE.search(head)
        if m is None:
            continue
        start = at - len(head) + m.start()
        sentence_start = max(p.text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
        amounts = [(a, q) for a, q in local[:n] if sentence_start <= a and q.kind == "amount"]
        before = [(a, q) for a, q in amounts if a < start]
        if not before:
            continue
        num = before[-1][1]
        end = p.to_local(num.end)
        if end is None or p.text[end:start].strip(" ，,") not in ("", "预计", "实际"):
            continue
        base = _bracketed(m, amounts, at - len(head)) if m.group("base") else _stated(p, before[:-1], m.group("q"))
        if base is None or base is num or num.approx or base.approx:
            continue
        yield _relation(report, num, base, pct, p.text[start:at + len(pct.text) + 1])


def _bracketed(m: re.Match[str], before: list[tuple[int, Quantity]], offset: int) -> Quantity | None:
    """The amount inside 预算（120亿元）: the last amount before the percent, when it lies in the brackets."""
    lo, hi = offset + m.start("base"), offset + m.end("base")
    inside = [q for a, q in before if lo <= a < hi]
    return inside[-1] if len(inside) == 1 else None


def _stated(p: Paragraph, before: list[tuple[int, Quantity]], qualifier: str | None) -> Quantity | None:
    """The amount the sentence gave the same budget (调整后收入预算为393.5亿元): the amount right before the
    numerator, when the words before it name a 预算 of the same kind."""
    if not before:
        return None
    at, q = before[-1]
    m = _BASE.search(p.text[max(0, at - 24):at])
    if m is None:
        return None
    if qualifier and (m.group("q") or "")[:2] != qualifier[:2]:
        return None
    return q


def _relation(report: Report, num: Quantity, base: Quantity, pct: Quantity, phrase: str) -> Relation:
    a = convert_interval(printed(num.value), num.unit, "元")
    b = convert_interval(printed(base.value), base.unit, "元")
    try:
        computed = ratio_percent(a, b)
        holds = computed.overlaps(stated_percent(pct.value))
    except (ZeroDivisionError, ValueError):
        computed, holds = None, True
    value = fmt(computed.mid, pct.decimals) if computed is not None else pct.text.rstrip("%")
    text = (f"{num.text} ÷ {base.text} × 100 = {fmt(computed.mid, pct.decimals + 2)}%" if computed is not None
            else f"{num.text} ÷ {base.text}")
    return Relation(kind="ratio", result=pct, terms=(num, base), holds=holds, computed=f"{value}%", source="prose",
                    scope=f"“{phrase.strip()}”", text=text, start=pct.start, end=pct.end, span=pct.span)
