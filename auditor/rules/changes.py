"""Change rules (Python part): the direction words of one change statement contradict each other."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from auditor.engine import Context, Finding, Rule
from auditor.model import Report

_WORD = {"increase": "增加", "decrease": "减少"}


class ContradictoryDirection(Rule):
    """较上年增加 X 万元，下降 Y%: the amount and the percentage of one change go opposite ways.

    The arithmetic of a change (amount ÷ last year = percentage) is the YAML rule CHG001.
    """

    code = "CHG002"
    name = "change.direction-words"
    category = "change"
    severity = "error"
    examples = MappingProxyType({
        "pass": [{"text": "2023年基本支出4500.40万元，较上年增加120.30万元，增长2.75%。"}],
        "fail": [{"text": "2023年基本支出4500.40万元，较上年增加120.30万元，下降2.75%。", "expect_line": 1,
                  "quote": "较上年增加120.30万元，下降2.75%"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for ch in report.changes:
            if ch.amount is None or ch.percent is None or ch.percent_direction is None:
                continue
            ctx.count(self)
            if ch.percent_direction == ch.direction:
                continue
            yield self.finding(
                f"变动方向不一致：金额为{_WORD[ch.direction]} {ch.amount.text}{ch.amount.unit}，百分比却为"
                f"{_WORD[ch.percent_direction]} {ch.percent.text}%", ch.span,
                evidence={"amount": ch.amount.text, "percent": ch.percent.text, "direction": ch.direction,
                          "percent_direction": ch.percent_direction})
