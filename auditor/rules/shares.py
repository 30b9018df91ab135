"""Share rules (Python part): the shares of all parts of one whole do not add up to 100%."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from types import MappingProxyType

from auditor.arith import stated_percent, sum_intervals
from auditor.engine import Context, Finding, Rule
from auditor.labels import lexicon
from auditor.model import Report
from auditor.relations import share_checks


class SharesSumToWhole(Rule):
    """The stated shares of all parts of one whole (人员经费 and 公用经费 of 基本支出) do not add to 100%.

    Only reported when the parts named are exactly the lexicon's parts of that whole and no single share
    was already found wrong against its figures (the same defect is reported once).
    """

    code = "SHARE002"
    name = "share.parts-sum-to-100"
    category = "share"
    severity = "error"
    examples = MappingProxyType({
        "pass": [{"text": "人员经费550.11万元，占基本支出的92.80%；公用经费42.67万元，占基本支出的7.20%。"}],
        "fail": [{"text": "人员经费550.11万元，占基本支出的92.80%；公用经费42.67万元，占基本支出的7.80%。",
                  "expect_line": 1, "quote": "7.80%"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        wrong = {c.share.start for c in share_checks(report, ctx) if not c.holds}
        lex = report.lexicon or lexicon()
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
