"""The command line: exit codes, JSON schema, determinism, bad input, parse and rules commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED0 = str(FIXTURES / "000_5b27a47f95f91fcd.txt")
SEED3 = str(FIXTURES / "003_45e64f77cdb0a205.txt")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_schema_and_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "lint", "--format", "json", SEED0)
    assert code == 1
    doc = json.loads(out)
    assert doc["version"] == 1 and len(doc["files"]) == 1
    entry = doc["files"][0]
    assert entry["path"] == SEED0 and entry["error"] is None
    keys = {"rule", "name", "category", "severity", "message", "line", "column", "end_line", "end_column",
            "suggestion", "evidence"}
    for f in entry["findings"]:
        assert keys <= set(f)
        assert f["severity"] in ("error", "warning", "info")
    assert [(f["rule"], f["line"]) for f in entry["findings"]] == [
        ("NUM001", 33), ("NUMB001", 44), ("EMPTY001", 80), ("EMPTY001", 82), ("MISS001", 84)]


def test_output_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    outs = {_run(capsys, "lint", "--format", "json", str(FIXTURES))[1] for _ in range(2)}
    assert len(outs) == 1


def test_fail_on_levels(capsys: pytest.CaptureFixture[str]) -> None:
    # seed 000 has errors and warnings; with --select for the warning rule only, fail-on error passes
    assert _run(capsys, "lint", "--select", "empty-section", "--fail-on", "error", SEED0)[0] == 0
    assert _run(capsys, "lint", "--select", "EMPTY001", SEED0)[0] == 1
    assert _run(capsys, "lint", "--fail-on", "never", SEED0)[0] == 0


def test_clean_file_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "lint", SEED3, "--select", "sum,share,change,number-format,empty-section")
    assert code == 0 and "no findings" in out


def test_human_output_shows_place_arithmetic_and_marked_span(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "lint", "--no-color", SEED0)
    assert code == 1
    lines = out.splitlines()
    head = next(i for i, ln in enumerate(lines) if "NUM001" in ln)
    assert lines[head].startswith(f"{SEED0}:33:11: NUM001 [error]")
    assert "16457.93 + 763.92 = 17221.85" in lines[head]
    assert "1,7221.85" in lines[head + 2] and lines[head + 3].strip().endswith("^^^^^^^^^")
    assert "建议：17,221.85" in lines[head + 4]
    assert "Found 5 findings (1 error, 4 warning) in 1 file." in out


@pytest.mark.parametrize(("content", "message"), [
    (b"\x00\x01\x02binary\x00", "not a text report"),
    (b"", "empty file"),
    (b"\x80\x80\xff\xff abc", "cannot decode"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                         message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = _run(capsys, "lint", "--format", "json", str(bad), SEED3)
    assert code == 2
    doc = json.loads(out)
    assert message in doc["files"][0]["error"] and "\n" not in doc["files"][0]["error"]
    assert doc["files"][1]["error"] is None       # the other file is still linted
    assert "Traceback" not in err


def test_missing_file_and_empty_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "lint", str(tmp_path / "nope.txt"))
    assert code == 2 and "no such file" in out and "Traceback" not in out + err
    code, out, _ = _run(capsys, "lint", str(tmp_path))
    assert code == 2 and "no report files" in out


def test_gb18030_and_crlf_report_gives_the_same_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = Path(SEED0).read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    a = json.loads(_run(capsys, "lint", "--format", "json", SEED0)[1])["files"][0]["findings"]
    b = json.loads(_run(capsys, "lint", "--format", "json", str(gbk))[1])["files"][0]["findings"]
    assert a == b


def test_unknown_select_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "lint", "--select", "NOPE999", SEED0)
    assert code == 2 and "unknown rule" in err


def test_output_file_is_written_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    code, out, _ = _run(capsys, "lint", "--format", "json", "-o", str(target), SEED0)
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["files"][0]["findings"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    code, _, err = _run(capsys, "lint", "-o", str(tmp_path / "no" / "such" / "dir.txt"), SEED0)
    assert code == 2 and "cannot write" in err


def test_verified_lists_relations_that_hold(capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(_run(capsys, "lint", "--format", "json", "--verified", SEED0)[1])
    relations = [v["relation"] for v in doc["files"][0]["verified"]]
    assert any("基本支出" in r and "人员经费" in r for r in relations)
    assert doc["files"][0]["stats"]["checked"]["sum"] >= 2


def test_parse_dumps_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "parse", SEED0)
    doc = json.loads(out)
    assert code == 0 and doc["report"]["year"] == 2024
    facts = {(f["label"], f["quantity"]["text"]) for f in doc["report"]["facts"]}
    assert ("基本支出", "1,7221.85") in facts and ("人员经费", "16457.93") in facts
    garbled = [q for q in doc["report"]["quantities"] if q["garble"]]
    assert garbled[0]["value"] == "17221.85"


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "--format", "json")
    rows = json.loads(out)["rules"]
    assert code == 0 and {r["code"] for r in rows} >= {"NUM001", "SUM001", "SHARE001", "CHG001", "EMPTY001"}
    assert all(r["description"] and r["source"] for r in rows)


def test_console_script_runs_as_a_process() -> None:
    res = subprocess.run([sys.executable, "-m", "auditor", "lint", "--format", "json", SEED0],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 1 and json.loads(res.stdout)["files"][0]["findings"]


def test_rule_reference_doc_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "--format", "markdown")
    doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert code == 0 and out == doc, "regenerate with: auditor rules --format markdown > docs/rules.md"
