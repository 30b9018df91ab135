"""docs/writing-rules.md, followed as written: its rule files load, their examples pass, lint uses them;
and malformed rule files are reported with file:line:col and exit 2."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from auditor.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "writing-rules.md"
SEED4 = ROOT / "fixtures" / "004_8d8ec8480e5b97c3.txt"


def _doc_files(tmp_path: Path) -> Path:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- file: (\S+) -->\n```yaml\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) >= 3, "the guide has three worked examples"
    for name, body in blocks:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    return tmp_path / "my-rules"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_guide_examples_pass_rules_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _doc_files(tmp_path)
    code, out, _ = _run(capsys, "rules", "test", str(folder))
    assert code == 0, out
    assert out.strip().splitlines()[-1] == "6 passed, 0 failed (3 rules)"


def test_guide_rules_lint_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _doc_files(tmp_path)
    # on the 乐昌 seed the relation holds: 17414.47 - 10652.05 = 6762.42
    code, out, _ = _run(capsys, "lint", "--format", "json", "--verified", "--select", "XSUM001", "--rules",
                        str(folder), str(SEED4))
    doc = json.loads(out)
    assert code == 0 and doc["files"][0]["findings"] == []
    assert any(v["rule"] == "XSUM001" for v in doc["files"][0]["verified"])
    # the same report with the final figure changed: the contradiction is reported with its arithmetic
    bad = tmp_path / "bad.txt"
    bad.write_text(SEED4.read_text(encoding="utf-8").replace("决算数6762.42万元", "决算数6792.42万元"),
                   encoding="utf-8")
    code, out, _ = _run(capsys, "lint", "--format", "json", "--rules", str(folder), str(bad))
    found = [f for f in json.loads(out)["files"][0]["findings"] if f["rule"] == "XSUM001"]
    assert code == 1 and len(found) == 1
    assert found[0]["line"] == 44
    assert found[0]["message"] == "17414.47万元 + -10652.05万元 = 6762.42万元，文中决算数为 6792.42万元"
    # and the rules are listed with their source, and explained
    code, out, _ = _run(capsys, "rules", "--format", "json", "--rules", str(folder))
    row = next(r for r in json.loads(out)["rules"] if r["code"] == "XTEXT001")
    assert row["source"].endswith("residue.yaml:2")
    code, out, _ = _run(capsys, "explain", "XSEC001", "--lang", "en", "--rules", str(folder))
    assert code == 0 and "require: before" in out and "fail example" in out
    code, out, _ = _run(capsys, "explain", "XSUM001", "--rules", str(folder))      # its description_zh, in Chinese
    assert code == 0 and "决算数不等于年初预算数与调整预算数之和。" in out.splitlines()


def _write(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "a.yaml").write_text(body, encoding="utf-8")
    return folder


GOOD = """rules:
  - id: XT001
    name: mine.example
    category: text
    severity: warning
    description: demo.
    message: "见“{match}”"
    pattern:
      regex: "甲乙丙"
    examples:
      pass: ["无此内容"]
      fail: ["有甲乙丙"]
"""


@pytest.mark.parametrize(("change", "where", "message"), [
    (("    severity: warning", "    severty: warning"), "a.yaml:5:5:",
     "unknown field 'severty' in a rule; did you mean 'severity'?"),
    (("    category: text", "    category: txt"), "a.yaml:4:15:", "category 'txt' is not one of"),
    (("      regex: \"甲乙丙\"", "      regex: \"甲(乙\""), "a.yaml:9:14:", "not a valid regular expression"),
    (("    message: \"见“{match}”\"", "    message: \"见“{mach}”\""), "a.yaml:7:14:",
     "unknown placeholder {mach}; did you mean {match}?"),
    (("    severity: warning", "    severity: [warning]"), "a.yaml:5:15:", "severity must be a non-empty string"),
    (("      regex: \"甲乙丙\"", "      regex: \"甲乙丙\"\n    section: {}"), "a.yaml:2:5:",
     "a rule needs exactly one check"),
])
def test_malformed_rule_file_is_reported_with_its_place(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       change: tuple[str, str], where: str, message: str) -> None:
    folder = _write(tmp_path, GOOD.replace(*change))
    code, out, err = _run(capsys, "lint", "--rules", str(folder), str(SEED4))
    assert code == 2 and out == ""
    assert where in err and message in err, err
    assert "Traceback" not in err


def test_relation_errors_name_the_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = """rules:
  - id: XS001
    name: mine.sum
    category: sum
    severity: error
    description: demo.
    message: "{computed}"
    relation:
      assert: 基本支出 == 人员经费 + + 公用经费
"""
    code, _, err = _run(capsys, "rules", "--rules", str(_write(tmp_path, body)))
    assert code == 2 and "a.yaml:9:30: cannot parse expression at '+'" in err
    body2 = body.replace("人员经费 + + 公用经费", "人员费 + 公用经费")
    code, _, err = _run(capsys, "rules", "--rules", str(_write(tmp_path, body2)))
    assert code == 2 and "`人员费` is neither a binding nor a fact label; did you mean '人员经费'?" in err
    body3 = body.replace("      assert: 基本支出 == 人员经费 + + 公用经费",
                         "      bind:\n        x: {label: 基本支岀}\n      assert: x == 人员经费")
    code, _, err = _run(capsys, "rules", "--rules", str(_write(tmp_path, body3)))
    assert code == 2 and "a.yaml:10:20: unknown fact label '基本支岀'; did you mean '基本支出'?" in err


def test_duplicate_id_names_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _write(tmp_path, GOOD)
    (folder / "b.yaml").write_text(GOOD.replace("mine.example", "mine.other"), encoding="utf-8")
    code, _, err = _run(capsys, "rules", "--rules", str(folder))
    assert code == 2 and "b.yaml:2:1: 'XT001' is used by both XT001" in err and "a.yaml" in err


def test_a_pack_named_twice_is_loaded_once(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # the same file reached twice is one pack, not a duplicate id ('XSUM001' is used by both XSUM001
    # (my-rules/budget.yaml:5) and XSUM001 (my-rules/budget.yaml:5), exit 2)
    _doc_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "rules", "test", "my-rules", "./my-rules/", "my-rules/budget.yaml")
    assert (code, err) == (0, "") and out.splitlines()[-1] == "6 passed, 0 failed (3 rules)"
    # the configuration's pack named again on the command line
    (tmp_path / "auditor.toml").write_text('rules = ["my-rules"]\n', encoding="utf-8")
    shutil.copy(SEED4, tmp_path / "report.txt")
    code, out, err = _run(capsys, "lint", "--format", "json", "--rules", "my-rules/", "report.txt")
    assert code in (0, 1) and "used by both" not in err and json.loads(out)["files"][0]["error"] is None
    code, out, err = _run(capsys, "explain", "XSUM001", "--rules", "my-rules/")
    assert (code, err) == (0, "") and out.startswith("XSUM001")


def test_the_shipped_packs_can_be_tested_by_path(capsys: pytest.CaptureFixture[str]) -> None:
    # a rule author editing the repository's rules/ runs `auditor rules test rules/` (each rule was a duplicate)
    from auditor.dsl.loader import shipped_pack_files
    shipped = ROOT / "rules"
    if {Path(f).resolve() for f in shipped_pack_files()} != {f.resolve() for f in shipped.glob("*.yaml")}:
        pytest.skip("auditor is not installed from this checkout (pip install -e)")
    code, out, err = _run(capsys, "rules", "test", str(shipped / "share.yaml"))
    assert (code, err) == (0, "") and out.splitlines()[-1].endswith("failed (2 rules)")
    assert _run(capsys, "rules", "test", str(shipped))[0] == 0


def test_one_bad_file_stops_the_run_and_says_which(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _write(tmp_path, GOOD)
    (folder / "b.yaml").write_text("rules:\n  - id: [oops\n", encoding="utf-8")
    code, out, err = _run(capsys, "lint", "--rules", str(folder), str(SEED4))
    assert code == 2 and out == "" and "b.yaml:" in err and "invalid YAML" in err


def test_shipped_id_cannot_be_reused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _write(tmp_path, GOOD.replace("XT001", "SUM001"))
    code, _, err = _run(capsys, "rules", "--rules", str(folder))
    assert code == 2 and "'SUM001' is used by both SUM001" in err


def test_catastrophic_regex_is_cut_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = GOOD.replace('regex: "甲乙丙"', 'regex: "(\\\\w+\\\\s?)+$"').replace("fail: [\"有甲乙丙\"]", "fail: [\"x\"]")
    report = tmp_path / "r.txt"
    report.write_text("甲" * 4000 + "！\n", encoding="utf-8")
    code, out, err = _run(capsys, "lint", "--format", "json", "--select", "XT001", "--rules",
                          str(_write(tmp_path, body)), str(report))
    assert json.loads(out)["files"][0]["findings"] == []
    # the timeout does not vanish: a rule error on stderr names the report and the rule
    assert f"{report}: rule XT001 (mine.example) stopped: a regular expression took more than 0.25 s" in err
    # issue 14, defect 10: a rule error fails the run (exit 2; it was 0, as if the report had been checked) ...
    assert code == 2 and json.loads(out)["files"][0]["rule_errors"][0].startswith("rule XT001 (mine.example) stopped")
    # ... unless --fail-on never says findings and rule errors must not fail it
    code, out, err = _run(capsys, "lint", "--format", "json", "--select", "XT001", "--fail-on", "never", "--rules",
                          str(_write(tmp_path, body)), str(report))
    assert code == 0 and "rule XT001 (mine.example) stopped" in err


def test_every_mistake_of_a_rule_file_is_a_line_of_its_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # found by a new user's walk: the problems came out on one line, joined by an escaped \x0a
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "b.yaml").write_text("rules:\n  - id: XB001\n    name: mine.b\n    category: text\n    severty: warning\n"
                                 "    description: \"x.\"\n    message: \"x\"\n    pattern:\n      regex: \"甲\"\n",
                                 encoding="utf-8")
    assert main(["rules", "test", str(pack)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith(f"auditor: {pack / 'b.yaml'}:") for line in err)
    assert "\\x0a" not in "".join(err)
