"""How rules are shown (issue 14, defect 5): whole descriptions in `rules`, `explain`, SARIF and docs/rules.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bordered import table_cells

from auditor.cli import main
from auditor.engine import Rule
from auditor.rules import default_registry

FIX = Path(__file__).resolve().parent.parent / "fixtures"
SEED0 = str(FIX / "000_5b27a47f95f91fcd.txt")
_ENDS = (".", "。", "!", "?", "！", "？")
_CLOSERS = ")）”’\"'」』】]"
_PAIRS = ("()", "（）", "【】", "“”", "[]")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _complete(text: str) -> bool:
    """A description is whole when it is one line, ends a sentence (a full stop, possibly inside a closing
    bracket or quote, and not an ellipsis) and closes every bracket it opens."""
    body = text.rstrip(_CLOSERS)
    return ("\n" not in text and body.endswith(_ENDS) and not body.endswith(("…", "...", "……"))
            and all(text.count(a) == text.count(b) for a, b in _PAIRS))


def test_the_completeness_criterion() -> None:
    assert _complete("A number is garbled (a space inside).")
    assert _complete("The grade stated with a score does not match it (优 ≥ 90, 差 < 60).")
    # the first lines the old code cut descriptions to
    assert not _complete("The report calls its author by another kind of body: 我厅 in a 局's report, or takes a "
                         "wider area as")
    assert not _complete("A paragraph was broken by a page break mid-sentence; auditor read it as one (info, so the "
                         "place can be")
    assert not _complete("Text left from a template: XX/×× placeholders, prompts such as 【填写…】, or a template "
                         "question 是否…")


def test_every_description_is_a_whole_sentence() -> None:
    registry = default_registry(())
    cut = [f"{r.code}: {r.description}" for r in registry if not _complete(r.description)]
    assert not cut, "descriptions cut mid-sentence:\n" + "\n".join(cut)


def test_a_wrapped_first_paragraph_is_joined() -> None:
    from auditor.engine import first_paragraph

    class Wrapped(Rule):
        """A figure is stated twice (基本支出… in the text and
        the table) with different values, across a line
        break：两行相接处。

        What is not checked.
        """

    rule = Wrapped()
    assert rule.description == ("A figure is stated twice (基本支出… in the text and the table) with different values, "
                                "across a line break：两行相接处。")
    assert rule.details == "What is not checked."
    assert first_paragraph("一行\n二行。\n\n其余") == ("一行二行。", "其余")
    assert first_paragraph("") == ("", "")


def test_python_rule_description_is_its_first_paragraph() -> None:
    cons = default_registry(()).get("CONS001")
    assert cons is not None
    assert cons.description == ("The report calls its author by another kind of body: 我厅 in a 局's report, or takes a "
                                "wider area as its own remit (负责全市… in a district's report). Text copied from "
                                "another body's report.")
    assert cons.details == ""
    num = default_registry(()).get("NUM001")
    assert num is not None and num.details.startswith("Other rules read it as its digits")


_PACK = """\
rules:
  - id: XTEXT009
    name: text.demo-note
    category: text
    severity: info
    description: |
      A demo note is left in the report (示例说明),
      written over two lines.

      Only the word 示例说明 is read.
    message: 示例说明
    pattern:
      regex: 示例说明
    examples:
      pass: [正文。]
      fail: [示例说明。]
"""


def test_yaml_description_is_its_first_paragraph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pack.yaml").write_text(_PACK, encoding="utf-8")
    registry = default_registry((str(tmp_path / "pack.yaml"),))
    rule = registry.get("XTEXT009")
    assert rule is not None
    assert rule.description == "A demo note is left in the report (示例说明), written over two lines."
    assert rule.details.startswith("Only the word 示例说明 is read.")
    # the markdown reference keeps one table row per rule
    code, out, _ = _run(capsys, "rules", "--format", "markdown", "--rules", str(tmp_path / "pack.yaml"))
    row = next(line for line in out.splitlines() if line.startswith("| XTEXT009 "))
    assert code == 0 and row.endswith("written over two lines. |")


def test_sarif_rule_descriptions_are_whole(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "lint", "--format", "sarif", SEED0)
    rules = {r["id"]: r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]}
    cons = rules["CONS001"]
    assert code == 1
    assert cons["shortDescription"]["text"].endswith("Text copied from another body's report.")
    assert cons["fullDescription"]["text"].startswith("The report calls its author by another kind of body")
    num = rules["NUM001"]
    assert num["shortDescription"]["text"] == ("A number is garbled (separator groups not of three, two decimal "
                                               "points, a space or letter inside).")
    full = num["fullDescription"]["text"]
    assert full.startswith(num["shortDescription"]["text"]) and "Other rules read it as its digits" in full
    assert all(_complete(r["shortDescription"]["text"]) for r in rules.values())


def test_rule_reference_rows_are_whole(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "--format", "markdown")
    rows = [line for line in out.splitlines() if re.match(r"\| [A-Z]+\d{3} \|", line)]
    assert code == 0 and len(rows) == len(default_registry(()))
    for row in rows:
        description = row[2:-2].split(" | ", 4)[4]
        assert _complete(description), row


_REPR = re.compile(r"[\[{(]['\"]|['\"][\]})]|\b(True|False|None)\b|': |\": ")


@pytest.mark.parametrize("key", ["share001", "Share001", "SHARE001", "share.share-of-total".upper()])
def test_explain_is_case_insensitive(capsys: pytest.CaptureFixture[str], key: str) -> None:
    rule = default_registry(()).get("SHARE001")
    assert rule is not None and rule.name == "share.share-of-total"
    code, out, err = _run(capsys, "explain", key)
    assert code == 0 and err == "" and out.startswith("SHARE001 ")


def test_explain_finds_an_alias_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "explain", "SUM.TOTAL-OF-PARTS", "--lang", "en")
    assert code == 0 and out.startswith("SUM001 ") and "aliases: sum.total-of-parts" in out.splitlines()


@pytest.mark.parametrize(("key", "hint"), [("SHAR001", "SHARE001"), ("shre001", "SHARE001"),
                                           ("number-format.garbled-numbr", "number-format.garbled-number")])
def test_explain_suggests_the_closest_rule(capsys: pytest.CaptureFixture[str], key: str, hint: str) -> None:
    code, out, err = _run(capsys, "explain", key)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and f"unknown rule {key}" in err and f"did you mean {hint}" in err
    assert "'" not in err


def test_explain_without_a_close_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "explain", "zzzz")
    assert code == 2 and err == "auditor: unknown rule zzzz (see `auditor rules`)\n"


@pytest.mark.parametrize("code", [r.code for r in default_registry(())])
def test_explain_prints_plain_text(capsys: pytest.CaptureFixture[str], code: str) -> None:
    status, out, _ = _run(capsys, "explain", code, "--lang", "en")
    assert status == 0
    rule = default_registry(()).get(code)
    assert rule is not None
    lines = out.splitlines()
    assert f"category: {rule.category}" in lines and f"severity: {rule.severity}" in lines
    assert rule.description in lines
    text = "\n".join(line for line in lines if not line.startswith("      "))   # example texts are the report's
    assert not _REPR.search(text), text


def test_explain_shows_a_yaml_check_key_by_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "explain", "NUMB002")
    lines = out.splitlines()
    assert code == 0
    assert "  report: gap, repeat, style" in lines and "  styles: cn-paren, ar-paren" in lines
    assert "  mixed_styles: yes" in lines
    code, out, _ = _run(capsys, "explain", "SUM001")
    assert "  bind: basic (label: 基本支出), personnel (label: 人员经费), public (label: 公用经费)" in out.splitlines()


def test_explain_shows_examples_with_where_they_fail(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "explain", "NUM001", "--lang", "en")
    assert code == 0
    assert 'fail example 1 (finding at line 2, marking “1,7221.85”):' in out
    assert "      2024年基本支出为1,7221.85万元，其中人员经费16457.93万元，公用经费763.92万元。" in out.splitlines()
    assert "pass example 2:" in out and "      分别安排10,20万元用于两个项目。" in out.splitlines()


def test_rule_reference_has_no_python_reprs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "--format", "markdown")
    assert code == 0
    prose = re.sub(r"`[^`\n]*`", "", out)         # values in code spans are the rule's own text
    assert not _REPR.search(prose), _REPR.search(prose)
    assert "- styles: `cn-paren, ar-paren`" in out.splitlines()


@pytest.fixture()
def configured(tmp_path: Path) -> Path:
    """A project whose auditor.toml names a rule folder; the tests run from a folder below it."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "my-rules").mkdir()
    (tmp_path / "my-rules" / "pack.yaml").write_text(_PACK, encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('rules = ["my-rules"]\n', encoding="utf-8")
    (tmp_path / "reports").mkdir()
    return tmp_path


def _codes(out: str) -> set[str]:
    return {r["code"] for r in json.loads(out)["rules"]}


def test_rules_and_explain_use_the_configured_rule_folders(configured: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(configured / "reports")          # found upwards from the current folder
    code, out, _ = _run(capsys, "rules", "--format", "json")
    assert code == 0 and "XTEXT009" in _codes(out)
    code, out, _ = _run(capsys, "rules", "--format", "markdown")
    assert code == 0 and "| XTEXT009 |" in out
    code, out, err = _run(capsys, "rules")
    assert code == 0 and "XTEXT009" in out and f"using configuration {configured / 'auditor.toml'}" in err
    code, out, _ = _run(capsys, "explain", "xtext009")
    assert code == 0 and out.startswith("XTEXT009  text.demo-note")


def test_rules_and_explain_no_config(configured: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(configured)
    code, out, _ = _run(capsys, "rules", "--format", "json", "--no-config")
    assert code == 0 and "XTEXT009" not in _codes(out)
    code, _, err = _run(capsys, "explain", "XTEXT009", "--no-config")
    assert code == 2 and "unknown rule XTEXT009" in err


def test_rules_and_explain_config_file(configured: Path, tmp_path_factory: pytest.TempPathFactory,
                                       capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    code, out, _ = _run(capsys, "rules", "--format", "json")
    assert code == 0 and "XTEXT009" not in _codes(out)
    cfg = str(configured / "auditor.toml")
    code, out, _ = _run(capsys, "rules", "--format", "json", "--config", cfg)
    assert code == 0 and "XTEXT009" in _codes(out)
    code, out, _ = _run(capsys, "explain", "XTEXT009", "--config", cfg)
    assert code == 0 and "Only the word 示例说明 is read." in out
    code, out, err = _run(capsys, "rules", "--config", str(elsewhere / "none.toml"))
    assert code == 2 and out == "" and err == f"auditor: {elsewhere / 'none.toml'}: no such configuration file\n"


def test_a_broken_configuration_is_one_line(configured: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (configured / "auditor.toml").write_text('rules = ["../outside"]\n', encoding="utf-8")
    monkeypatch.chdir(configured)
    for argv in (("rules",), ("explain", "SUM001")):
        code, out, err = _run(capsys, *argv)
        assert code == 2 and out == "" and err.count("\n") == 1 and "auditor.toml:1: rules" in err


def _listing(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: str | None) -> str:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    code, out, err = _run(capsys, "rules", "--no-config", "--lang", "en")
    assert code == 0 and err == ""
    return out


def _widest(out: str) -> int:
    from rich.cells import cell_len
    return max(cell_len(line) for line in out.splitlines())




def _every_rule_whole(out: str) -> None:
    """Every code and name printed whole and no column empty; every description whole once line breaks, indents (and
    in a table, the other columns) are taken out."""
    assert not re.search(r"\b[A-Z]+\d*…", out), "a code cut short"
    registry = default_registry(())
    if "┃ code" in out:
        rows = table_cells(out)
        assert set(rows) == {r.code for r in registry}
        for r in registry:
            cells = rows[r.code]
            assert cells[:4] == [r.code, r.name, r.category, r.severity] and all(cells), cells
            assert cells[4] == "".join(r.description.split()), r.code
        return
    flat = "".join(out.split())
    for r in registry:
        assert re.search(rf"(?<![A-Z0-9]){r.code}(?![0-9…])", out), r.code
        assert r.name in flat, r.name
        assert "".join(r.description.split()) in flat, r.code


@pytest.mark.parametrize("columns", ["80", "60", "40"])
def test_rules_at_80_columns_and_fewer(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                       columns: str) -> None:
    out = _listing(capsys, monkeypatch, columns)
    assert _widest(out) <= int(columns)
    _every_rule_whole(out)


def test_rules_in_a_wide_terminal_is_a_table(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = _listing(capsys, monkeypatch, "200")
    assert _widest(out) <= 200 and "┃ code" in out and "┃ source" in out
    _every_rule_whole(out)


def test_rules_at_every_console_width() -> None:
    """From 40 to 200 columns: codes whole, no empty column, nothing wider than the console (the table, without the
    source column, or blocks, whichever fits)."""
    import io

    from rich.console import Console

    from auditor.cli import _print_rules
    registry = default_registry(())
    layouts = set()
    for width in range(40, 201, 4):
        buf = io.StringIO()
        _print_rules(registry, Console(file=buf, width=width, highlight=False))
        out = buf.getvalue()
        assert _widest(out) <= width, width
        _every_rule_whole(out)
        layouts.add(("┃ code" in out, "┃ source" in out))
    assert layouts == {(False, False), (True, False), (True, True)}


@pytest.mark.parametrize("columns", [None, "", "abc", "0", "-5", "7"])
def test_rules_width_in_a_pipe(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                               columns: str | None) -> None:
    out = _listing(capsys, monkeypatch, columns)      # not a terminal: COLUMNS when usable, else 120 columns
    assert 40 <= _widest(out) <= 120
    _every_rule_whole(out)
