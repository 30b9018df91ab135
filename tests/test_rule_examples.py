"""Every rule's own pass/fail examples, one test id per case; and every shipped rule must have both kinds."""

from __future__ import annotations

import pytest

from auditor.rules import default_registry
from auditor.ruletest import Case, cases, missing_examples, run_case

REGISTRY = default_registry()
RULES = list(REGISTRY)
CASES = list(cases(RULES, REGISTRY.lexicon))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_example(case: Case) -> None:
    why = run_case(case)
    assert why is None, f"{case.id} ({case.where}): {why}"


def test_every_shipped_rule_has_pass_and_fail_examples() -> None:
    assert missing_examples(RULES) == []
    assert len(RULES) >= 10


def test_the_example_runner_can_fail() -> None:
    # a fail example that the rule does not flag, and a pass example that it does: both are reported
    rule = next(r for r in RULES if r.code == "EMPTY001")
    ok = Case(rule, "fail", 1, {"text": "一、存在的问题\n预算执行偏慢。"})
    assert run_case(ok) == "expected a finding, got none"
    bad = Case(rule, "pass", 1, {"text": "一、存在的问题\n无。"})
    assert (run_case(bad) or "").startswith("expected no finding, got line 1")
    wrong_line = Case(rule, "fail", 1, {"text": "一、存在的问题\n无。", "expect_line": 2})
    assert "expected a finding at line 2" in (run_case(wrong_line) or "")
