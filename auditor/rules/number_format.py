"""Number-format rules: garbled numbers such as 1,7221.85, two decimal points, a space or letter inside."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from types import MappingProxyType

from auditor.arith import convert, fmt_grouped
from auditor.engine import Context, Finding, Rule, Verified
from auditor.model import Quantity, Report

_WHY = {
    "separator-groups": "千分位分隔符位置错误（逗号之间应为三位数字）",
    "two-points": "含有两个小数点",
    "inner-space": "数字中间有空格",
    "point-space": "小数点后有空格",
    "inner-letter": "数字中混有字母",
}


class GarbledNumber(Rule):
    """A number is garbled (separator groups not of three, two decimal points, a space or letter inside).

    Other rules read it as its digits (1,7221.85 as 17221.85) so the defect is reported once, here.
    In a PDF's text a space between digits whose groups are not of three (120 32) is two figures the layout set side
    by side, not reported. This rule runs after the relation rules: when a sum that holds pins the intended value down
    (16457.93 + 763.92 = 17221.85), the correction is suggested.
    """

    code = "NUM001"
    name = "number-format.garbled-number"
    category = "number-format"
    severity = "error"
    phase = 1
    examples = MappingProxyType({
        "pass": [{"text": "2024年基本支出为17,221.85万元，其中人员经费16457.93万元，公用经费763.92万元。"},
                 {"text": "分别安排10,20万元用于两个项目。"}],
        "fail": [{"text": "二、支出情况\n2024年基本支出为1,7221.85万元，其中人员经费16457.93万元，公用经费763.92万元。",
                  "expect_line": 2, "quote": "1,7221.85"},
                 {"text": "项目支出为45.00.40万元。", "expect_line": 1, "quote": "45.00.40"},
                 {"text": "项目支出为4 500.40万元。", "quote": "4 500.40"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for q in report.quantities:
            if q.garble is None or (q.garble == "point-space" and report.pages):
                continue        # a PDF's text reader sets a space after a point the glyphs leave a gap after
            if q.garble == "inner-space" and report.pages and not _thousands(q.text):
                continue        # 图1 …实收资本120 32%: two figures a PDF set side by side (a chart's labels), not one
                #                 whose separators became spaces (4 500.40)
            ctx.count(self)
            pins = [p for p in (_pin(q, v) for v in ctx.verified) if p]
            reading = fmt_grouped(q.value, q.decimals)
            message = f"数字“{q.text}”{_WHY[q.garble]}，按数字读作 {q.value}"
            if pins:
                message += "；" + "，".join(pins) + f"，应为 {reading}"
            yield self.finding(message, report.span_of(q.start, q.number_end), suggestion=reading if pins else None,
                               fix=reading if pins else None,
                               evidence={"printed": q.text, "reading": str(q.value), "defect": q.garble,
                                         "pinned_by": pins})


def _thousands(text: str) -> bool:
    """Whether the groups after the first space of a printed number are of three digits, as thousands are."""
    digits = text.split(".")[0]
    groups = digits.replace(",", " ").split()
    return len(groups) > 1 and all(len(g) == 3 and g.isdigit() for g in groups[1:])


def _pin(q: Quantity, v: Verified) -> str | None:
    """Solve a verified linear relation for the garbled figure: ``16457.93 + 763.92 = 17221.85``."""
    mine = [t for t in v.terms if t.quantity is q]
    if len(mine) != 1:
        return None
    coef = mine[0].coef
    others = [(-t.coef * coef, t.quantity) for t in v.terms if t.quantity is not q]
    others.sort(key=lambda x: -x[0])          # added figures first, then the subtracted ones
    value = sum((Decimal(c) * convert(o.value, o.unit, q.unit) for c, o in others), Decimal(0))
    text = ""
    for i, (c, o) in enumerate(others):
        text += (o.text if c > 0 else f"−{o.text}") if i == 0 else (f" + {o.text}" if c > 0 else f" − {o.text}")
    return f"{text} = {value}"
