"""Share rules: 占…% that does not match its numerator and denominator; shares of one whole that miss 100%."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from auditor.arith import fmt, stated_percent, sum_intervals
from auditor.engine import Context, Finding, Rule
from auditor.labels import lexicon
from auditor.model import Report
from auditor.relations import share_checks


class ShareOfTotal(Rule):
    """A stated share (占基本支出的7.80%, 占比95.43%) differs from numerator ÷ denominator.

    The denominator is the label named after 占, or for 占比 the total the numerator is a part of,
    found in the same paragraph or the nearest enclosing section; when that is ambiguous nothing is
    reported. Rounded and truncated percentages are both accepted.
    """

    code = "SHARE001"
    name = "share.share-of-total"
    category = "share"
    severity = "error"

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        checks = share_checks(report, ctx)
        for chk in checks:
            num, den, pct = chk.numerator, chk.denominator, chk.share.percent
            places = max(pct.decimals, 2)
            computed = fmt(chk.computed.mid, places)
            relation = (f"{num.quantity.text} ÷ {den.quantity.text} = {computed}%")
            if chk.holds:
                ctx.holds(self, f"{num.label_text} {relation}", pct.span)
                continue
            ctx.count(self)
            siblings = [c for c in checks if c.denominator.index == den.index
                        and c.share.numerator != chk.share.numerator]
            extra = ""
            if siblings:
                total = sum((c.share.percent.value for c in siblings), pct.value)
                parts = " + ".join(f"{c.share.percent.text}%" for c in [*siblings, chk])
                extra = f"（另：{parts} = {total}%）"
            yield self.finding(
                f"{num.label_text}占{den.label_text}：{relation}，文中为 {pct.text}%{extra}",
                pct.span, suggestion=f"{fmt(chk.computed.mid, places)}%",
                evidence={"numerator": num.quantity.text, "numerator_label": num.label,
                          "denominator": den.quantity.text, "denominator_label": den.label,
                          "unit": num.quantity.unit, "computed": computed, "stated": pct.text})


class SharesSumToWhole(Rule):
    """The stated shares of all parts of one whole (人员经费 and 公用经费 of 基本支出) do not add to 100%.

    Only reported when the parts named are exactly the lexicon's parts of that whole and no single share
    was already found wrong against its figures (the same defect is reported once).
    """

    code = "SHARE002"
    name = "share.parts-sum-to-100"
    category = "share"
    severity = "error"

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        wrong = {c.share.start for c in share_checks(report, ctx) if not c.holds}
        lex = lexicon()
        groups: dict[tuple[int, str], list] = {}
        for share in report.shares:
            num = report.facts[share.numerator]
            whole = share.denominator_label or next(
                (n for n, d in lex.labels.items() if num.label in d.parts and n != "支出合计"), None)
            if whole:
                groups.setdefault((num.paragraph, whole), []).append((num, share))
        for (_para, whole), members in groups.items():
            labels = sorted(n.label for n, _s in members)
            if labels != sorted(lex.labels[whole].parts) or any(s.start in wrong for _n, s in members):
                continue
            total = sum_intervals(stated_percent(s.percent.value) for _n, s in members)
            text = " + ".join(f"{s.percent.text}%" for _n, s in members)
            stated_sum = sum((s.percent.value for _n, s in members), Decimal(0))
            if total.contains(Decimal(100)):
                ctx.holds(self, f"{text} = 100%", members[0][1].span)
                continue
            ctx.count(self)
            last = members[-1][1]
            yield self.finding(f"{whole}各组成部分占比之和：{text} = {stated_sum}%，应为 100%", last.percent.span,
                               evidence={"whole": whole, "shares": [s.percent.text for _n, s in members],
                                         "sum": str(stated_sum)})
