"""One defect, one finding: the same finding at several places is reported once, naming the others, and its
certain fix is applied at every place."""

from __future__ import annotations

import json

from auditor.cli import main
from auditor.fixes import apply_fixes
from auditor.runner import lint_text

TEXT = ("一、部门基本情况\n拟异地新建异地新建人民医院。\n二、项目情况\n项目名称为异地新建异地新建人民医院。\n"
        "三、其他\n新建学校新建学校一所。\n")


def test_a_repeated_defect_is_one_finding_with_its_other_places() -> None:
    found = [f for f in lint_text(TEXT, "t.txt").findings if f.rule == "TEXT002"]
    assert len(found) == 2                                         # two different phrases: two defects
    first = found[0]
    assert first.message.endswith("（同一问题另见第 4 行）") and len(first.also) == 1
    assert found[1].also == ()


def test_the_fix_of_a_repeated_defect_is_applied_at_every_place() -> None:
    res = lint_text(TEXT, "t.txt")
    after, edits = apply_fixes(TEXT, res.findings)
    assert after.count("异地新建异地新建") == 0 and after.count("异地新建人民医院") == 2
    assert "新建学校新建学校" not in after and len(edits) == 3


def test_json_lists_the_other_places(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["lint", "--format", "json", "--select", "TEXT002", str(path)]) == 1
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [(f["line"], [a["line"] for a in f.get("also", [])]) for f in findings] == [(2, [4]), (6, [])]


# The same breakdown stated in two sections (财政拨款 and 一般公共预算 基本支出 of a 部门预算), one figure changed in the
# first: the sum fails there, and the other statement of 人员经费 is the value that makes it hold
TWICE = ("六、财政拨款基本支出预算情况说明\n本单位2018年度财政拨款基本支出预算7877.76万元，其中：\n"
         "（一）人员经费6929.22万元。主要包括：基本工资、津贴补贴。\n（二）公用经费1579.38万元。主要包括：办公费、水费。\n"
         "七、一般公共预算基本支出预算情况说明\n本单位2018年度一般公共预算财政拨款基本支出预算7877.76万元，其中：\n"
         "（一）人员经费6298.38万元。主要包括：基本工资、津贴补贴。\n（二）公用经费1579.38万元。主要包括：办公费、水费。\n")


def test_a_failed_sum_that_another_statement_of_its_part_repairs_is_one_finding_at_that_part() -> None:
    found = [f for f in lint_text(TWICE, "t.txt").findings if f.severity != "info" or f.rule == "CONS003"]
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.severity, f.suggestion) == ("SUM001", "error", "6298.38万元")
    assert TWICE[f.span.start:f.span.end].startswith("6929.22")
    assert "第 3 行为 6929.22万元，第 7 行为 6298.38万元" in f.message


def test_a_second_statement_that_does_not_repair_the_sum_leaves_both_findings() -> None:
    # 6500.00 (with its own total, 8079.38) would not make the first breakdown add up: the sum's finding stays at the
    # total, and the two infos (人员经费 and 基本支出 stated twice) stay
    text = TWICE.replace("6298.38", "6500.00").replace("一般公共预算财政拨款基本支出预算7877.76", "一般公共预算财政拨款基本支出预算8079.38")
    found = sorted((f.rule, f.severity) for f in lint_text(text, "t.txt").findings if f.rule in ("SUM001", "CONS003"))
    assert found == [("CONS003", "info"), ("CONS003", "info"), ("SUM001", "error")]
    sum_finding = next(f for f in lint_text(text, "t.txt").findings if f.rule == "SUM001")
    assert "6929.22" not in text[sum_finding.span.start:sum_finding.span.end]
