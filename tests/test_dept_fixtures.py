"""The two 部门预算/部门决算 reports written on the Ministry of Finance template (fixtures/dept) and the variants of them
scripts/plant.py wrote, one planted error each (fixtures/dept/planted)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.build import build_report
from auditor.runner import lint_text

DEPT = Path(__file__).resolve().parent.parent / "fixtures" / "dept"
PLANTED = sorted((DEPT / "planted").glob("*.txt"))
_HEADER = re.compile(r"^# planted: line (?P<line>\d+), .*; expected (?P<rules>[A-Z0-9, ]+)$")


def _findings(text: str) -> set[tuple[str, int]]:
    return {(f.rule, text.count("\n", 0, f.span.start) + 1) for f in lint_text(text, "r.txt").findings
            if f.severity != "info"}


@pytest.mark.parametrize("name", ["budget_2019.txt", "final_2019.txt"])
def test_the_template_reports_are_clean_and_every_reading_holds(name: str) -> None:
    text = (DEPT / name).read_text(encoding="utf-8")
    assert _findings(text) == set()
    report = build_report(name, text)
    assert report.relations and all(r.holds for r in report.relations)


def test_the_budget_is_read_by_every_table_check() -> None:
    report = build_report("b.txt", (DEPT / "budget_2019.txt").read_text(encoding="utf-8"))
    sources = {r.source for r in report.relations}
    assert {"table-codes", "table-template", "table-sangong", "prose-table-class", "prose-table-total",
            "prose-table-econ", "prose-table-sangong", "prose-share-set"} <= sources
    # 政府办公厅（室）及相关机构事务（款）: a 款 whose name holds a bracket of its own
    assert sum(r.source == "prose-table-class" for r in report.relations) == 6


def test_the_final_accounts_read_the_sangong_rows_and_the_comparisons() -> None:
    report = build_report("f.txt", (DEPT / "final_2019.txt").read_text(encoding="utf-8"))
    assert sum(r.source == "table-sangong" for r in report.relations) == 4      # two identities × 预算数, 决算数
    assert sum(r.source == "prose-order" for r in report.relations) == 2
    # two items' 年初预算 (600.00 of 行政运行, 40.00 of 住房公积金) are two figures, not one stated twice
    assert not any(f.rule == "CONS003" for f in lint_text(
        (DEPT / "final_2019.txt").read_text(encoding="utf-8"), "f.txt").findings)


@pytest.mark.parametrize("path", PLANTED, ids=lambda p: p.name)
def test_each_planted_error_is_reported(path: Path) -> None:
    header, text = path.read_text(encoding="utf-8").split("\n", 1)
    m = _HEADER.match(header)
    assert m, header
    original = (DEPT / f"{path.name.split('.')[0]}.txt").read_text(encoding="utf-8")
    new = _findings(text) - _findings(original)
    line = int(m.group("line"))
    expected = {r.strip() for r in m.group("rules").split(",")}
    assert any(rule in expected or at == line for rule, at in new), (new, expected, line)


def test_a_table_the_contents_list_but_the_report_lacks_is_one_finding() -> None:
    text = (DEPT / "budget_2019.txt").read_text(encoding="utf-8")
    start = text.index("公开04表")
    end = text.index("第三部分 江苏省示例厅2019年度部门预算情况说明\n一、")
    found = [f for f in lint_text(text[:start] + text[end:], "r.txt").findings if f.rule == "MISS002"]
    assert len(found) == 1
    assert "“三公”经费、会议费、培训费支出预算表" in found[0].message
    assert text.count("\n", 0, found[0].span.start) + 1 == 8          # its 目录 entry
    # all four gone: still one finding, naming them
    start = text.index("公开01表")
    found = [f for f in lint_text(text[:start] + text[end:], "r.txt").findings if f.rule == "MISS002"]
    assert len(found) == 1 and found[0].message.startswith("目录列出的4张表正文中未见") and found[0].severity == "warning"
    # a report that says its tables are attached (Jiangsu 部门预算 of 2017-2019): they are not in this file, an info
    attached = text[:start] + "具体公开表样附后。\n" + text[end:]
    found = [f for f in lint_text(attached, "r.txt").findings if f.rule == "MISS002"]
    assert len(found) == 1 and found[0].severity == "info" and "文中称表格附后" in found[0].message
