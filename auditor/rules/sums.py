"""Sum rules: a total that is not the sum of its parts (支出合计 = 基本支出 + 项目支出, 基本支出 = 人员经费 + 公用经费)."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.arith import fmt
from auditor.engine import Context, Finding, Rule
from auditor.model import Report
from auditor.relations import sum_checks


class TotalOfParts(Rule):
    """A stated total differs from the sum of its stated parts (e.g. 基本支出 ≠ 人员经费 + 公用经费).

    The parts come from the label lexicon, so the list is exhaustive by definition; parts listed after
    主要 are a partial list and never checked. Each figure is read as an interval of half a unit in its
    last printed digit; the relation is violated only when the intervals do not overlap.
    """

    code = "SUM001"
    name = "sum.total-of-parts"
    category = "sum"
    severity = "error"

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for chk in sum_checks(report, ctx):
            total = chk.total
            unit = total.quantity.unit
            places = max([total.quantity.decimals] + [p.quantity.decimals for p in chk.parts])
            terms = " + ".join(f"{p.label_text}{p.quantity.text}{p.quantity.unit}" for p in chk.parts)
            computed = fmt(chk.computed.mid, places)
            if chk.holds:
                ctx.holds(self, f"{total.label_text} {total.quantity.text}{unit} = {terms}", total.quantity.span)
                continue
            ctx.count(self)
            yield self.finding(
                f"{terms} = {computed}{unit}，文中{total.label_text}为 {total.quantity.text}{unit}",
                total.quantity.span,
                suggestion=f"若各分项无误，{total.label_text}应为 {computed}{unit}",
                evidence={"total": total.quantity.text, "unit": unit, "computed": computed,
                          "parts": {p.label: p.quantity.text for p in chk.parts},
                          "total_line": report.lines.position(total.span.start)[0],
                          "part_lines": [report.lines.position(p.span.start)[0] for p in chk.parts]})
