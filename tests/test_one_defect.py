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
