"""Change rules: a year-over-year change whose amount, percentage and current value disagree."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.arith import fmt, printed, ratio_percent, stated_percent
from auditor.engine import Context, Finding, Rule
from auditor.model import Report
from auditor.relations import change_checks

_WORD = {"increase": "增加", "decrease": "减少"}


class YearOverYear(Rule):
    """较上年增加/减少 X，Y%: Y is not X ÷ last year's value (last year = current ∓ X).

    Checked only when the current value, the amount and the percentage are all stated in one sentence;
    a percentage in 个百分点 is a difference of rates and is not checked here. When the subject of the
    change is ambiguous (a 其中 list stands between them), every candidate is tried and the statement
    is reported only if none fits.
    """

    code = "CHG001"
    name = "change.year-over-year"
    category = "change"
    severity = "error"

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for ch, checks in change_checks(report, ctx):
            assert ch.amount is not None and ch.percent is not None
            good = [c for c in checks if c.holds]
            word = _WORD[ch.direction]
            if ch.percent_direction and ch.percent_direction != ch.direction:
                ctx.count(self)
                yield self.finding(
                    f"变动方向不一致：金额为{word} {ch.amount.text}{ch.amount.unit}，百分比却为"
                    f"{_WORD[ch.percent_direction]} {ch.percent.text}%", ch.span,
                    evidence={"amount": ch.amount.text, "percent": ch.percent.text})
                continue
            if good:
                c = good[0]
                ctx.holds(self, f"{word} {ch.amount.text} ÷ 上年 {fmt(c.last.mid, ch.amount.decimals)} = "
                          f"{fmt(c.computed.mid, max(2, ch.percent.decimals))}%", ch.span)
                continue
            ctx.count(self)
            subj = report.facts[ch.subjects[0]]
            if subj.in_breakdown_of in ch.subjects:   # the change follows a 其中 list: it speaks of the head
                subj = report.facts[subj.in_breakdown_of]
            c = next((x for x in checks if x.subject.index == subj.index), checks[0])
            subj = c.subject
            places = max(2, ch.percent.decimals)
            unit = subj.quantity.unit
            last = fmt(c.last.mid, max(subj.quantity.decimals, ch.amount.decimals))
            computed = fmt(c.computed.mid, places)
            sign = "-" if ch.direction == "increase" else "+"
            note = ""
            try:
                vs_current = ratio_percent(printed(ch.amount.value), printed(subj.quantity.value))
                if vs_current.overlaps(stated_percent(ch.percent.value)):
                    note = "（文中百分比似以本年数而非上年数为基数）"
            except ZeroDivisionError:
                pass
            yield self.finding(
                f"{subj.label_text}{subj.quantity.text}{unit}较上年{word} {ch.amount.text}{ch.amount.unit}，"
                f"上年应为 {subj.quantity.text} {sign} {ch.amount.text} = {last}{unit}，"
                f"{word}比例 = {ch.amount.text} ÷ {last} = {computed}%，文中为 {ch.percent.text}%{note}",
                ch.percent.span, suggestion=f"{computed}%",
                evidence={"current": subj.quantity.text, "amount": ch.amount.text, "unit": unit,
                          "last_year": last, "computed": computed, "stated": ch.percent.text,
                          "direction": ch.direction})
