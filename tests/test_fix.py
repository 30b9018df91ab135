"""auditor fix: safe corrections (and unsafe ones with --unsafe-fixes), shown as a diff or written; re-linting shows
them gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.cli import main

FIX = Path(__file__).resolve().parent.parent / "fixtures"


def test_fix_write_on_the_changning_seed_changes_only_the_garbled_number(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "r.txt"
    shutil.copy(FIX / "000_5b27a47f95f91fcd.txt", target)
    before = target.read_text(encoding="utf-8")
    assert main(["fix", str(target)]) == 1
    diff = capsys.readouterr().out
    assert [ln for ln in diff.splitlines() if ln.startswith(("-", "+")) and not ln.startswith(("---", "+++"))] == [
        "-" + before.splitlines()[32], "+" + before.splitlines()[32].replace("1,7221.85", "17,221.85")]
    assert main(["fix", "--write", str(target)]) == 0
    after = target.read_text(encoding="utf-8")
    assert after == before.replace("1,7221.85", "17,221.85")
    assert main(["lint", "--select", "NUM001", str(target)]) == 0


def test_fix_repeated_phrase_percentage_and_doubled_marker(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "r.txt"
    target.write_text("一、基本情况\n（一）（一）预算执行\n拟投资1亿元新建学校新建学校项目。\n"
                      "2022年基本支出 592.78万元。基本支出中人员经费550.11万元，占基本支出的92.80%；"
                      "公用经费42.67万元，占基本支出的7.80%。\n", encoding="utf-8")
    assert main(["fix", "--write", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "（一）预算执行" in text and "（一）（一）" not in text
    assert "新建学校项目" in text and "新建学校新建学校" not in text
    # a recomputed percentage is an unsafe fix (the wrong figure may be an amount): applied only on request
    assert "占基本支出的7.80%" in text
    assert "1 unsafe fix(es) not applied: --unsafe-fixes" in capsys.readouterr().err
    assert main(["fix", "--write", "--unsafe-fixes", str(target)]) == 0
    assert "占基本支出的7.20%" in target.read_text(encoding="utf-8")
    assert main(["lint", "--fail-on", "warning", str(target)]) == 0, capsys.readouterr().out


def test_fixes_carry_their_applicability_in_json_and_sarif(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json
    target = tmp_path / "r.txt"
    target.write_text(
        "2022年基本支出 592.78万元。基本支出中人员经费550.11万元，占基本支出的92.80%；公用经费42.67万元，占基本支出的7.80%。\n"
        "项目\t预算数\t决算数\t决算数为预算数的%\n税收收入\t52353786\t52296633\t99.9\n增值税\t19271220\t20271498\t105.2\n"
        "企业所得税\t7767638\t7249410\t93.3\n个人所得税\t2626191\t2601683\t99.1\n资源税\t1606517\t1606038\t97.0\n",
        encoding="utf-8")
    main(["lint", "--format", "json", str(target)])
    fixes = {f["rule"]: f["fix"] for f in json.loads(capsys.readouterr().out)["files"][0]["findings"]}
    assert fixes["SHARE001"] == {"content": "7.20%", "applicability": "unsafe"}
    assert fixes["TABLE004"] == {"content": "100.0", "applicability": "unsafe"}     # a judged relation's figure
    main(["lint", "--format", "sarif", str(target)])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    share = next(r for r in results if r["ruleId"] == "SHARE001")
    # an unsafe fix is no SARIF fix a tool could apply unasked: it stays a suggestion, with its applicability
    assert "fixes" not in share and share["properties"]["fix"] == {"content": "7.20%", "applicability": "unsafe"}
    # the unsafe fixes together: the table's rate and the share
    assert main(["fix", "--write", "--unsafe-fixes", str(target)]) == 0
    fixed = target.read_text(encoding="utf-8")
    assert "占基本支出的7.20%" in fixed and "资源税\t1606517\t1606038\t100.0" in fixed


def test_uncertain_corrections_are_never_applied(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "r.txt"
    original = "一、支出\n2023年基本支出为4,500.40万元，其中人员经费3,980.20万元，公用经费530.20万元。\n"
    target.write_text(original, encoding="utf-8")
    assert main(["fix", "--write", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == original    # which figure is wrong is not certain
    assert "0 correction(s)" in capsys.readouterr().err


def test_gb18030_report_is_written_back_in_its_encoding(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    text = (FIX / "000_5b27a47f95f91fcd.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    target.write_bytes(text.encode("gb18030"))
    assert main(["fix", "--write", str(target)]) == 0
    assert target.read_bytes() == text.replace("1,7221.85", "17,221.85").encode("gb18030")


def test_word_fix_writes_a_corrected_copy(tmp_path: Path) -> None:
    from auditor.sources import load
    src = tmp_path / "r.docx"
    shutil.copy(FIX / "docx" / "004_8d8ec8480e5b97c3.docx", src)
    assert main(["fix", "--write", str(src)]) == 0
    fixed = tmp_path / "r.fixed.docx"
    before, after = load(src).text, load(fixed).text
    assert after == before.replace("异地新建异地新建", "异地新建")      # both doublings, nothing else
    assert main(["lint", "--select", "TEXT002", str(fixed)]) == 0
    assert load(src).text == before                                   # the original is left alone


def test_pdf_cannot_be_written(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", "--write", str(FIX / "pdf" / "000_5b27a47f95f91fcd.pdf")]) == 2
    assert "cannot change a PDF" in capsys.readouterr().err


def test_utf16_report_keeps_its_byte_order_mark(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    text = (FIX / "000_5b27a47f95f91fcd.txt").read_text(encoding="utf-8")
    target.write_bytes(text.encode("utf-16"))            # with a BOM
    assert main(["fix", "--write", str(target)]) == 0
    assert target.read_bytes() == text.replace("1,7221.85", "17,221.85").encode("utf-16")


# --- issue 14, defect 3: fix takes files and folders, follows the configuration and baseline; lint --fix; word view --

SEED0 = FIX / "000_5b27a47f95f91fcd.txt"
THREE = ("一、基本情况\n（一）（一）预算执行\n拟投资1亿元新建学校新建学校项目。\n"
         "2022年基本支出 592.78万元。基本支出中人员经费550.11万元，占基本支出的92.80%；"
         "公用经费42.67万元，占基本支出的7.80%。\n")
SAFE_FIXED = THREE.replace("（一）（一）", "（一）").replace("新建学校新建学校", "新建学校")   # the two safe fixes


def _seed() -> str:
    return SEED0.read_text(encoding="utf-8")


def test_fix_takes_files_and_folders_and_fixes_every_report(tmp_path: Path) -> None:
    (tmp_path / "reports" / "sub").mkdir(parents=True)
    a, b, c = tmp_path / "reports" / "a.txt", tmp_path / "reports" / "sub" / "b.txt", tmp_path / "c.txt"
    shutil.copy(SEED0, a)
    b.write_text(THREE, encoding="utf-8")
    shutil.copy(SEED0, c)
    assert main(["fix", "--no-config", "--write", str(tmp_path / "reports"), str(c)]) == 0
    assert a.read_text(encoding="utf-8") == _seed().replace("1,7221.85", "17,221.85")
    assert b.read_text(encoding="utf-8") == SAFE_FIXED
    assert c.read_text(encoding="utf-8") == _seed().replace("1,7221.85", "17,221.85")


def test_fix_follows_the_configuration_as_lint_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "reports" / "old").mkdir(parents=True)
    new, old = tmp_path / "reports" / "r.txt", tmp_path / "reports" / "old" / "r.txt"
    fixed = _seed().replace("1,7221.85", "17,221.85")

    def reset() -> None:
        shutil.copy(SEED0, new)
        shutil.copy(SEED0, old)

    reset()
    (tmp_path / "auditor.toml").write_text('ignore = ["NUM001"]\n', encoding="utf-8")
    assert main(["fix", "--write", str(tmp_path / "reports")]) == 0
    assert new.read_text(encoding="utf-8") == old.read_text(encoding="utf-8") == _seed()     # nothing fixed
    assert "0 correction(s)" in capsys.readouterr().err
    assert main(["fix", "--write", "--ignore", "EMPTY001", str(new)]) == 0                # --ignore replaces ignore
    assert new.read_text(encoding="utf-8") == fixed
    reset()
    assert main(["fix", "--write", "--no-config", str(new)]) == 0
    assert new.read_text(encoding="utf-8") == fixed
    reset()
    (tmp_path / "auditor.toml").write_text('select = ["TEXT", "EMPTY001"]\n', encoding="utf-8")
    assert main(["fix", "--write", str(new)]) == 0
    assert new.read_text(encoding="utf-8") == _seed()
    # --select replaces the file's select (the garbled number's fix needs the sum that pins it down)
    assert main(["fix", "--write", "--select", "number-format,sum", str(new)]) == 0
    assert new.read_text(encoding="utf-8") == fixed
    reset()
    (tmp_path / "auditor.toml").write_text('[per-path."reports/old/*"]\nignore = ["NUM001"]\n', encoding="utf-8")
    assert main(["fix", "--write", str(tmp_path / "reports")]) == 0
    assert new.read_text(encoding="utf-8") == fixed and old.read_text(encoding="utf-8") == _seed()
    (tmp_path / "auditor.toml").write_text('ignore = ["NUM01"]\n', encoding="utf-8")   # a typo is an error, as in lint
    assert main(["fix", "--write", str(old)]) == 2
    assert "did you mean 'NUM001'" in capsys.readouterr().err and old.read_text(encoding="utf-8") == _seed()


def test_a_finding_the_baseline_accepts_is_not_fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "r.txt"
    target.write_text(THREE, encoding="utf-8")
    # the doubled heading marker is accepted; the doubled phrase is not
    assert main(["lint", "--no-config", "--select", "NUMB003", "--write-baseline", "--baseline", "b.json",
                 "r.txt"]) == 0
    assert main(["fix", "--no-config", "--baseline", "b.json", "--write", "r.txt"]) == 0
    kept = THREE.replace("新建学校新建学校", "新建学校")
    assert target.read_text(encoding="utf-8") == kept
    target.write_text(THREE, encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('baseline = "b.json"\n', encoding="utf-8")       # named by the config
    assert main(["fix", "--write", "r.txt"]) == 0
    assert target.read_text(encoding="utf-8") == kept
    capsys.readouterr()


def test_lint_fix_writes_the_safe_fixes_and_reports_the_rest(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    import json
    target = tmp_path / "r.txt"
    target.write_text(THREE, encoding="utf-8")
    code = main(["lint", "--no-config", "--fix", "--format", "json", str(target)])
    out, err = capsys.readouterr()
    assert target.read_text(encoding="utf-8") == SAFE_FIXED
    found = json.loads(out)["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in found] == [("SHARE001", 4)]         # what the fixed file still has
    assert code == 1                                                              # lint's exit code on it
    assert "2 correction(s)" in err and "1 unsafe fix(es) not applied: --unsafe-fixes" in err
    assert main(["lint", "--no-config", "--fix", "--unsafe-fixes", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == SAFE_FIXED.replace("7.80%", "7.20%")


def test_lint_diff_shows_the_fixes_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "r.txt"
    target.write_text(THREE, encoding="utf-8")
    assert main(["lint", "--no-config", "--diff", str(target)]) == 1
    out = capsys.readouterr().out
    assert "\n-（一）（一）预算执行\n" in out and "\n+（一）预算执行\n" in out and "7.20%" not in out
    assert main(["lint", "--no-config", "--fix", "--diff", "--unsafe-fixes", str(target)]) == 1   # --diff wins
    assert "+2022年基本支出 592.78万元" in (out := capsys.readouterr().out) and "占基本支出的7.20%" in out
    assert target.read_text(encoding="utf-8") == THREE


def test_lint_fix_on_word_and_pdf_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from auditor.sources import load
    src = tmp_path / "r.docx"
    shutil.copy(FIX / "docx" / "004_8d8ec8480e5b97c3.docx", src)
    original = src.read_bytes()
    main(["lint", "--no-config", "--fix", "--format", "json", str(src)])
    out, err = capsys.readouterr()
    assert src.read_bytes() == original                                  # a Word report gets a corrected copy
    assert load(tmp_path / "r.fixed.docx").text == load(src).text.replace("异地新建异地新建", "异地新建")
    assert "r.fixed.docx" in err
    rules = [f["rule"] for f in json.loads(out)["files"][0]["findings"]]
    assert "TEXT002" not in rules and "NUMB001" in rules                 # the rest of the report's findings
    pdf = tmp_path / "r.pdf"
    shutil.copy(FIX / "pdf" / "000_5b27a47f95f91fcd.pdf", pdf)
    before = pdf.read_bytes()
    assert main(["lint", "--no-config", "--fix", "--format", "json", str(pdf)]) == 1
    out, err = capsys.readouterr()
    assert pdf.read_bytes() == before and "cannot change a PDF" in err
    assert "NUM001" in [f["rule"] for f in json.loads(out)["files"][0]["findings"]]


def test_the_word_view_shows_the_changed_words_with_some_context(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.txt"
    shutil.copy(SEED0, target)
    line = _seed().splitlines()[32]
    at = line.index("1,7221.85")
    after = line[at + len("1,7221.85"):][:20]
    assert main(["fix", "--word-diff", str(target)]) == 1
    out = capsys.readouterr().out
    assert out == (f"{target}:33:{at + 1}: 1,7221.85 → 17,221.85 (NUM001)\n"
                   f"    {line[:at]}[-1,7221.85-]{{+17,221.85+}}{after}…\n")
    assert len(line) > 80 and line not in out
    # a deleted phrase, a long paragraph: at most 20 characters either side
    long = tmp_path / "long.txt"
    long.write_text("一、基本情况\n" + "甲" * 50 + "新建学校新建学校" + "乙" * 50 + "。\n", encoding="utf-8")
    assert main(["fix", "--no-config", "--word-diff", str(long)]) == 1
    out = capsys.readouterr().out
    assert f"    …{'甲' * 16}新建学校[-新建学校-]{'乙' * 20}…\n" in out
    # on a terminal the word view is the default (coloured unless NO_COLOR); --diff gives the unified diff
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["fix", str(target)]) == 1
    assert "[-1,7221.85-]{+17,221.85+}" in capsys.readouterr().out
    monkeypatch.delenv("NO_COLOR")
    assert main(["fix", str(target)]) == 1
    out = capsys.readouterr().out
    assert "\x1b[" in out and "17,221.85" in out and "[-" not in out and line not in out
    assert main(["fix", "--diff", str(target)]) == 1
    assert capsys.readouterr().out.startswith(f"--- a/{target}\n")
