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
