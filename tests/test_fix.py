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
