"""Limits of the rule language on hostile rule files: YAML aliases and tags, deep expressions, regex size and
regex time. Each problem is refused with file:line:col (or bounded), never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli import main
from auditor.dsl import yamlnodes
from auditor.dsl.loader import load_rules
from auditor.dsl.yamlnodes import YamlError, load_located

HEAD = """rules:
  - id: XT001
    name: mine.example
    category: text
    severity: warning
    description: demo.
    message: "见{match}"
"""


def _problems(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "a.yaml"
    path.write_text(body, encoding="utf-8")
    rules, problems = load_rules(str(path))
    assert not rules
    return [str(p) for p in problems]


def _laughs(levels: int, width: int = 9) -> str:
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + f"\nrules: *a{levels}\n"


# --- YAML ---------------------------------------------------------------------------------------------------

def test_python_tag_is_refused_with_its_place(tmp_path: Path) -> None:
    body = HEAD + "    pattern:\n      regex: !!python/name:os.system\n"
    assert _problems(tmp_path, body) == [
        f"{tmp_path / 'a.yaml'}:9:14: unsupported tag !!python/name:os.system: rule files hold plain values only"]


@pytest.mark.parametrize("value", ["!!python/object/apply:os.system [echo]", "!!binary aGk=", "!custom x",
                                   "!!set {a, b}", "!!python/tuple [1, 2]"])
def test_other_tags_are_refused(tmp_path: Path, value: str) -> None:
    problems = _problems(tmp_path, HEAD + f"    pattern:\n      regex: {value}\n")
    assert len(problems) == 1 and ":9:14: unsupported tag " in problems[0]


def test_bad_values_of_plain_tags_are_reported(tmp_path: Path) -> None:
    problems = _problems(tmp_path, HEAD + "    pattern:\n      regex: x\n      group: !!int abc\n")
    assert len(problems) == 1 and ":10:14: invalid !!int value 'abc'" in problems[0]


def test_self_referencing_alias_is_refused(tmp_path: Path) -> None:
    assert _problems(tmp_path, "rules: &a\n  - *a\n") == [
        f"{tmp_path / 'a.yaml'}:1:8: self-referencing alias: this value contains an alias (*name) to itself"]
    problems = _problems(tmp_path, "rules:\n  - &r {id: X, more: [*r]}\n")
    assert len(problems) == 1 and "self-referencing alias" in problems[0]


def test_billion_laughs_stops_at_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    # 9 levels of 9 would be 387 million values; the converter stops after MAX_VALUES
    monkeypatch.setattr(yamlnodes, "MAX_VALUES", 1000)
    with pytest.raises(YamlError, match="more than 1,000 values"):
        load_located(_laughs(9))
    # aliases within the bound keep working
    small = load_located("x: &x [a, b]\nrules: [*x, *x]\n")
    assert small is not None and small.plain() == {"x": ["a", "b"], "rules": [["a", "b"], ["a", "b"]]}


def test_billion_laughs_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "a.yaml").write_text(_laughs(9), encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text("一、情况\n正文。\n", encoding="utf-8")
    code = main(["lint", "--rules", str(folder), str(report)])
    err = capsys.readouterr().err
    assert code == 2 and "a.yaml:" in err and "values (after expanding aliases" in err


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "rules: " + "[" * 500 + "]" * 500 + "\n")
    assert len(problems) == 1 and "nested more than 100 deep" in problems[0]


def test_merge_key_is_a_plain_field_name(tmp_path: Path) -> None:
    body = "base: &b {severity: warning}\n" + HEAD.replace("    severity: warning\n", "    <<: *b\n") \
        + "    pattern:\n      regex: x\n"
    problems = _problems(tmp_path, body)
    assert any("unknown field '<<' in a rule" in p for p in problems), problems


def test_huge_rule_file_is_refused_without_reading_it_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.dsl import loader
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1000)
    problems = _problems(tmp_path, HEAD + "#" * 2000 + "\n")
    assert problems == [f"{tmp_path / 'a.yaml'}:1:1: rule file is larger than 1,000 bytes"]


# --- the expression language --------------------------------------------------------------------------------

RELATION = """rules:
  - id: XS001
    name: mine.sum
    category: sum
    severity: error
    description: demo.
    message: "{computed}"
    relation:
      bind: {x: 基本支出}
      assert: "EXPR"
"""


@pytest.mark.parametrize(("expr", "message"), [
    ("x == " + "-" * 900 + "1", "expression nested more than 50 deep"),
    ("x == " + "(1 + " * 60 + "1" + ")" * 60, "expression nested more than 50 deep"),
    ("x == " + "abs(" * 60 + "1" + ")" * 60, "expression nested more than 50 deep"),
    ("x == " + "1 + " * 60 + "1", "expression nested more than 50 deep"),
    ("x == " + "-" * 5000 + "1", "expression is longer than 1000 characters"),
])
def test_deep_expression_is_refused_with_its_place(tmp_path: Path, expr: str, message: str) -> None:
    problems = _problems(tmp_path, RELATION.replace("EXPR", expr))
    assert len(problems) == 1 and ":10:" in problems[0] and message in problems[0], problems


def test_ordinary_expressions_are_within_the_bounds() -> None:
    from auditor.dsl.expr import parse_expr
    assert parse_expr("x == " + " + ".join(["a"] * 40)).refs[0] == ("x", None)
    assert parse_expr("x == sum(" + ", ".join(["a"] * 200) + ")").op == "=="
    assert parse_expr("x == " + "(" * 300 + "a" + ")" * 300).right == ("ref", "a", None, 306)   # no depth


# --- regular expressions: size before compiling ---------------------------------------------------------------

def test_pattern_problem_bounds() -> None:
    from auditor.dsl.regexes import pattern_problem
    assert "more than 100,000 elements" in (pattern_problem("((a{1000}){1000}){1000}") or "")   # 3.9 GB once
    assert "more than 100,000 elements" in (pattern_problem("(?x)((a{1 0 0 0}){1000})") or "")  # split count
    assert "more than 100,000 elements" in (pattern_problem("[ab]{1000000}") or "")
    assert pattern_problem("a" * 2001) == "longer than 2000 characters"
    assert pattern_problem("(" * 300 + ")" * 300) == "nested too deeply"
    # what rules really write
    for ok in (r"\d{4}年\d{1,2}月", r"[^】\n]{0,50}(x[^】]{0,50}){0,50}", r"(a{0,100000}){0,100000}",
               r"^[^，。]{2,30}（\d+分）。?$", "(?V1)[[a-z]--[aeiou]]{5}", "甲(乙"):
        assert pattern_problem(ok) is None, ok


@pytest.mark.parametrize(("pattern", "message"), [
    ("((a{100}){100}){100}", "regex: regular expression refused: its counted repetitions expand to more than"),
    ("(" * 400 + ")" * 400, "regex: regular expression refused: nested too deeply"),
    ("x" * 2001, "regex: regular expression refused: longer than 2000 characters"),
])
def test_large_pattern_is_refused_before_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   pattern: str, message: str) -> None:
    import regex
    compiled: list[str] = []
    real = regex.compile
    monkeypatch.setattr(regex, "compile", lambda p, *a, **k: compiled.append(p) or real(p, *a, **k))
    problems = _problems(tmp_path, HEAD + f"    pattern:\n      regex: \"{pattern}\"\n")
    assert len(problems) == 1 and ":9:14: " in problems[0] and message in problems[0], problems
    assert pattern not in compiled


def test_large_unless_pattern_is_refused(tmp_path: Path) -> None:
    problems = _problems(tmp_path, HEAD + "    pattern:\n      regex: x\n      unless: [\"(a{500}){500}\"]\n")
    assert len(problems) == 1 and ":10:15: unless: regular expression refused" in problems[0], problems


# --- regular expressions: time ---------------------------------------------------------------------------------

SLOW = "(a|aa)+b"            # exponential on a run of a's without b: 40 a's take far more than 0.25 s
RUN = "a" * 40


def _rule(code: str, check: str, category: str = "text") -> str:
    return f"""  - id: {code}
    name: mine.{code.lower()}
    category: {category}
    severity: warning
    description: demo.
    message: "m"
{check}"""


def _lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], rules: list[str], reports: dict[str, str]
          ) -> tuple[int, dict[str, dict], str]:
    import json
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "a.yaml").write_text("rules:\n" + "".join(rules), encoding="utf-8")
    paths = []
    for name, text in reports.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    select = ",".join(line.split(": ")[1] for r in rules for line in r.splitlines() if line.startswith("  - id: "))
    code = main(["lint", "--format", "json", "--select", select, "--rules", str(folder), *paths])
    out, err = capsys.readouterr()
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    return code, files, err


def test_section_before_pattern_runs_with_the_timeout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = _rule("XSEC001", f'    section:\n      title: "存在问题"\n      require: before\n      before: "{SLOW}"\n',
                 "missing-section")
    report = f"一、{RUN}\n正文。\n二、存在问题\n内容。\n"
    code, files, err = _lint(tmp_path, capsys, [rule], {"r.txt": report})
    # a rule error: on stderr and in the JSON, exit 2 (it was exit 0, as if the report had been checked)
    assert code == 2 and files["r.txt"]["findings"] == []
    assert "rule XSEC001 (mine.xsec001) stopped: a regular expression took more than 0.25 s" in err
    assert files["r.txt"]["rule_errors"] == [("rule XSEC001 (mine.xsec001) stopped: a regular expression took more "
                                             "than 0.25 s on one search; its findings before that are kept")]


def test_relation_unless_timeout_is_a_rule_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = _rule("XSUM001", f'    relation:\n      assert: 基本支出 == 人员经费 + 公用经费\n      unless: "{SLOW}"\n',
                 "sum")
    report = f"一、支出情况\n基本支出100万元，其中人员经费60万元、公用经费30万元。{RUN}\n"
    code, files, err = _lint(tmp_path, capsys, [rule], {"r.txt": report})
    assert code == 2 and files["r.txt"]["findings"] == [] and "internal error" not in err
    assert "rule XSUM001 (mine.xsum001) stopped: a regular expression took more than 0.25 s" in err


def test_pattern_unless_timeout_keeps_earlier_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = _rule("XPAT001", f'    pattern:\n      regex: "甲"\n      unless: ["{SLOW}"]\n')
    report = "一、情况\n甲。\n甲。\n甲。" + RUN + "\n甲。\n"
    code, files, err = _lint(tmp_path, capsys, [rule], {"r.txt": report})
    # the two matches before the time-out are one repeated finding (one defect, one finding)
    [found] = files["r.txt"]["findings"]
    assert code == 2 and found["line"] == 2 and [a["line"] for a in found["also"]] == [3]
    assert "rule XPAT001 (mine.xpat001) stopped" in err and "its findings before that are kept" in err


def test_rule_budget_stops_one_rule_and_keeps_its_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.dsl import regexes
    monkeypatch.setattr(regexes, "RULE_SECONDS", 0.1)
    # every paragraph costs the pattern some milliseconds (no single search near 0.25 s); 300 of them, far more
    rule = _rule("XPAT002", f'    pattern:\n      regex: "甲|{SLOW}"\n      in: paragraphs\n')
    report = "一、情况\n" + "".join(f"第{i}段甲。{'a' * 22}\n" for i in range(300))
    code, files, err = _lint(tmp_path, capsys, [rule], {"r.txt": report})
    found = files["r.txt"]["findings"]
    assert code == 2 and 0 < len(found) < 300
    assert "rule XPAT002 (mine.xpat002) stopped: its regular expressions used more than 0.1 s on this report" in err


def test_report_budget_fails_that_report_only(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.dsl import regexes
    monkeypatch.setattr(regexes, "REPORT_SECONDS", 0.4)
    rules = [_rule(f"XPAT00{i}", f'    pattern:\n      regex: "乙|{SLOW}"\n') for i in range(1, 4)]
    code, files, err = _lint(tmp_path, capsys, rules, {"bad.txt": f"一、情况\n乙。{RUN}\n",
                                                       "good.txt": "一、情况\n乙。\n"})
    assert code == 2
    bad = files["bad.txt"]
    assert bad["findings"] == [] and bad["error"] == (
        f"{tmp_path / 'bad.txt'}: time limit: the rules' regular expressions used more than 0.4 s on this report, "
        "so it was not checked (rules stopped: XPAT001)")
    assert files["good.txt"]["error"] is None and len(files["good.txt"]["findings"]) == 3
    assert "XPAT003" not in err      # the stopped rule is named in the report's error (the report was not checked)


def test_matches_before_a_timeout_in_the_same_region_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    rule = _rule("XPAT003", f'    pattern:\n      regex: "甲|{SLOW}"\n')      # in: text, one region
    code, files, err = _lint(tmp_path, capsys, [rule], {"r.txt": f"一、情况\n甲。\n甲。{RUN}\n甲。\n"})
    [found] = files["r.txt"]["findings"]          # one defect repeated: one finding naming the other place
    assert code == 2 and found["line"] == 2 and [a["line"] for a in found["also"]] == [3]
    assert "rule XPAT003 (mine.xpat003) stopped" in err


def test_rule_error_shows_a_hostile_file_name_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = _rule("XPAT004", f'    pattern:\n      regex: "{SLOW}"\n')
    _code, _files, err = _lint(tmp_path, capsys, [rule], {"r\x1b[8m.txt": f"一、情况\n{RUN}\n"})
    assert "\x1b" not in err and "r\\x1b[8m.txt: rule XPAT004 (mine.xpat004) stopped" in err


# --- words in assertions --------------------------------------------------------------------------------------

_CHANGE_RULE = """rules:
  - id: XC001
    name: mine.change-words
    category: change
    severity: warning
    description: demo.
    message: "{c.direction} {c.amount}，{c.percent_direction} {c.percent}"
    relation:
      bind:
        c: {object: change}
      assert: ASSERT
      at: c.percent
"""


@pytest.mark.parametrize("assertion", ["c.direction == c.amount", "c.direction < c.percent_direction",
                                       "c.direction + 1 == 2", 'c.amount == "增加"'])
def test_words_compare_with_words_by_equality_only(tmp_path: Path, assertion: str) -> None:
    problems = _problems(tmp_path, _CHANGE_RULE.replace("ASSERT", f"'{assertion}'"))
    assert len(problems) == 1 and "words (a change's direction, a quoted string) compare with words" in problems[0]
    assert problems[0].startswith(f"{tmp_path / 'a.yaml'}:11:15: ")


def test_a_change_compared_with_a_quoted_word(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = tmp_path / "r.yaml"
    rule.write_text(_CHANGE_RULE.replace("ASSERT", "'c.direction != \"减少\"'"), encoding="utf-8")
    report = tmp_path / "t.txt"
    report.write_text("项目支出较上年减少56.20万元，下降1.10%。基本支出较上年增加12.00万元，增长0.50%。\n", encoding="utf-8")
    assert main(["lint", "--rules", str(rule), "--select", "XC001", "--format", "json", str(report)]) == 1
    import json
    found = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [f["message"] for f in found] == ["减少 56.20万元，减少 1.10%"]


def test_fix_applicability_is_safe_or_unsafe_and_needs_a_fix(tmp_path: Path) -> None:
    rule = HEAD + "    pattern:\n      regex: 'XX'\n"
    bad = _problems(tmp_path, rule.replace("    pattern:", "    fix: \"\"\n    fix_applicability: maybe\n    pattern:"))
    assert len(bad) == 1 and ":9:24: " in bad[0] and "fix_applicability" in bad[0] and "'maybe'" in bad[0]
    alone = _problems(tmp_path, rule.replace("    pattern:", "    fix_applicability: unsafe\n    pattern:"))
    assert len(alone) == 1 and "fix_applicability without a fix" in alone[0]
