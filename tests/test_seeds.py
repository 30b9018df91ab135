"""The seed reports: every headline `must` item is found on its line; no `must_not` relation is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.report.json_format import finding_dict
from auditor.rules import default_registry
from auditor.runner import lint_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECTED = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))
# Every category of the catalogue.
COVERED = ("number-format", "sum", "share", "change", "rate", "score", "count", "empty-section", "missing-section",
           "numbering", "text", "consistency")


def _findings(name: str) -> list[dict]:
    res = lint_file(str(FIXTURES / name), list(default_registry()))
    assert res.error is None and res.report is not None
    return [finding_dict(f, res.report.lines) for f in res.findings]


def _cases(kind: str) -> list:
    """Parametrize over the items of one kind; a must_not sharing line and category with a must is left out
    (the two cannot be told apart by line, as in the scoring script)."""
    out = []
    for name, exp in EXPECTED.items():
        must_lines = {(m["line"], m["category"]) for m in exp.get("must", [])}
        for item in exp.get(kind, []):
            if item["category"] not in COVERED:
                continue
            if kind == "must_not" and (item["line"], item["category"]) in must_lines:
                continue
            out.append(pytest.param(name, item, id=f"{name[:3]}-{item['category']}-L{item['line']}"))
    return out


@pytest.mark.parametrize(("name", "item"), _cases("must"))
def test_must_items_are_reported(name: str, item: dict) -> None:
    got = [f for f in _findings(name) if f["category"] == item["category"] and abs(f["line"] - item["line"]) <= 1]
    assert got, f"{name}:{item['line']} [{item['category']}] not reported: {item['why']}"


@pytest.mark.parametrize(("name", "item"), _cases("must_not"))
def test_must_not_relations_are_silent(name: str, item: dict) -> None:
    bad = [f for f in _findings(name) if f["category"] == item["category"] and f["line"] == item["line"]
           and f["severity"] != "info"]
    assert not bad, f"false alarm on a relation that holds ({item['relation']}): {bad}"


def test_garbled_number_message_shows_the_arithmetic() -> None:
    f = next(f for f in _findings("000_5b27a47f95f91fcd.txt") if f["rule"] == "NUM001")
    assert (f["line"], f["column"]) == (33, 11)
    assert "1,7221.85" in f["message"] and "16457.93 + 763.92 = 17221.85" in f["message"]
    assert f["suggestion"] == "17,221.85"
    assert f["end_column"] - f["column"] == len("1,7221.85")


def test_wrong_share_message_shows_the_arithmetic() -> None:
    f = next(f for f in _findings("001_6a8239fff33aeddc.txt") if f["rule"] == "SHARE001")
    assert f["message"] == "日常公用经费占基本支出：42.67万元 ÷ 592.78万元 = 7.20%，文中为 7.80%"
    assert f["suggestion"] == "7.20%"
