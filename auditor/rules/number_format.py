"""Number-format rules: garbled numbers such as 1,7221.85, two decimal points, a space or letter inside."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.arith import fmt_grouped
from auditor.engine import Context, Finding, Rule
from auditor.model import Quantity, Report
from auditor.relations import sum_checks

_WHY = {
    "separator-groups": "千分位分隔符位置错误（逗号之间应为三位数字）",
    "two-points": "含有两个小数点",
    "inner-space": "数字中间有空格",
    "inner-letter": "数字中混有字母",
}


class GarbledNumber(Rule):
    """A number is garbled (separator groups not of three, two decimal points, a space or letter inside).

    Other rules read it as its digits (1,7221.85 as 17221.85) so the defect is reported once, here.
    When a sum pins the intended value down (16457.93 + 763.92 = 17221.85), the correction is suggested.
    """

    code = "NUM001"
    name = "number-format.garbled-number"
    category = "number-format"
    severity = "error"

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        checks = sum_checks(report, ctx)
        for q in report.quantities:
            if q.garble is None:
                continue
            ctx.count(self)
            pins = _pins(q, checks)
            places = q.decimals
            reading = fmt_grouped(q.value, places)
            message = f"数字“{q.text}”{_WHY[q.garble]}，按数字读作 {q.value}"
            if pins:
                message += "；" + "，".join(pins) + f"，应为 {reading}"
            yield self.finding(message, _number_span(report, q), suggestion=reading if pins else None,
                               evidence={"printed": q.text, "reading": str(q.value), "defect": q.garble,
                                         "pinned_by": pins})


def _number_span(report: Report, q: Quantity):  # type: ignore[no-untyped-def]
    return report.span_of(q.start, q.number_end)


def _pins(q: Quantity, checks: list) -> list[str]:  # type: ignore[type-arg]
    """Relations that hold with the digits reading and so confirm it."""
    out = []
    for chk in checks:
        if not chk.holds:
            continue
        parts = [p.quantity for p in chk.parts]
        if chk.total.quantity is q:
            out.append(" + ".join(p.text for p in parts) + f" = {q.value}")
        elif any(p is q for p in parts):
            others = [p.text for p in parts if p is not q]
            out.append(f"{chk.total.quantity.text} − " + " − ".join(others) + f" = {q.value}")
    return out
