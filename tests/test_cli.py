"""The command line: exit codes, JSON schema, determinism, bad input, parse and rules commands."""

from __future__ import annotations

import io
import json
import re
import shutil
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
    code, out, _ = _run(capsys, "lint", "--lang", "en", SEED3, "--select",
                        "sum,share,change,number-format,empty-section")
    assert code == 0 and "no findings" in out


def test_human_output_shows_place_arithmetic_and_marked_span(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "lint", "--no-color", "--lang", "en", SEED0)
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


class _TtyErr(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("flags", [[], ["--no-color"]])
def test_progress_bar_is_drawn_on_stderr_only(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path, flags: list[str]) -> None:
    # issue 14, defect 7: the bar was drawn on stdout (a stray line in `> out.txt`) and ignored --no-color
    for i in range(2):
        shutil.copy(SEED0, tmp_path / f"r{i}.txt")
    argv = ["lint", "-j", "1", *flags, str(tmp_path)]
    main(argv)
    plain = capsys.readouterr().out
    fake = _TtyErr()
    monkeypatch.setattr(sys, "stderr", fake)
    main(argv)
    assert capsys.readouterr().out == plain
    drawn = fake.getvalue()
    assert "auditor" in drawn                     # the bar was drawn, on stderr
    colors = re.findall(r"\x1b\[[0-9;]*m", drawn)
    assert (colors == [] or set(colors) <= {"\x1b[0m"}) if flags else any(c != "\x1b[0m" for c in colors)


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_a_report_read_from_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                  tmp_path: Path) -> None:
    data = Path(SEED0).read_bytes()
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    code = main(["lint", "--format", "json", "--no-config", "-"])
    [entry] = json.loads(capsys.readouterr().out)["files"]
    assert code == 1 and entry["path"] == "-" and [f["rule"] for f in entry["findings"]][:2] == ["NUM001", "NUMB001"]
    # --stdin-filename: the name shown, and the configuration of its folder applies
    (tmp_path / "sub").mkdir()
    (tmp_path / "auditor.toml").write_text('select = ["EMPTY001"]\n', encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    monkeypatch.chdir(tmp_path)
    code = main(["lint", "--format", "json", "-", "--stdin-filename", "sub/r.txt"])
    [entry] = json.loads(capsys.readouterr().out)["files"]
    assert code == 1 and entry["path"] == "sub/r.txt" and {f["rule"] for f in entry["findings"]} == {"EMPTY001"}
    # an empty standard input is the input error an empty file is, under its name
    monkeypatch.setattr(sys, "stdin", _Stdin(b""))
    code = main(["lint", "--format", "json", "--no-config", "-", "--stdin-filename", "x.txt"])
    [entry] = json.loads(capsys.readouterr().out)["files"]
    assert code == 2 and entry["error"].startswith("x.txt: ") and "auditor-stdin" not in entry["error"]


def test_stdin_filename_needs_a_dash(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--stdin-filename", "r.txt", SEED0]) == 2
    assert "give - as a PATH" in capsys.readouterr().err


def test_min_severity_and_exit_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = str(FIXTURES / "003_45e64f77cdb0a205.txt")      # 9 info findings and 1 warning
    code = main(["lint", "--format", "json", "--no-config", "--fail-on", "info", report])
    shown = [f["severity"] for f in json.loads(capsys.readouterr().out)["files"][0]["findings"]]
    assert code == 1 and shown.count("info") == 9 and shown.count("warning") == 1
    code = main(["lint", "--format", "json", "--no-config", "--fail-on", "info", "--min-severity", "warning", report])
    kept = [f["severity"] for f in json.loads(capsys.readouterr().out)["files"][0]["findings"]]
    assert kept == ["warning"] and code == 1
    code = main(["lint", "--format", "json", "--no-config", "--fail-on", "info", "--min-severity", "error", report])
    assert json.loads(capsys.readouterr().out)["files"][0]["findings"] == [] and code == 0
    assert main(["lint", "--no-config", "--exit-zero", SEED0]) == 0
    assert "NUM001" in capsys.readouterr().out
    assert main(["lint", "--no-config", "--exit-zero", str(tmp_path / "missing.txt")]) == 2


@pytest.mark.parametrize(("flags", "env", "colored"), [
    (["--color", "always"], {}, True), (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    ([], {"FORCE_COLOR": "1"}, True), ([], {"NO_COLOR": "1"}, False), ([], {}, False),
    (["--no-color"], {"FORCE_COLOR": "1"}, False),
])
def test_color_choice(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, flags: list[str],
                      env: dict[str, str], colored: bool) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    main(["lint", "--no-config", *flags, SEED0])      # stdout is not a terminal here: auto means no colour
    assert ("\x1b[" in capsys.readouterr().out) is colored


def test_concise_is_one_line_per_finding(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lint", "--no-config", "--format", "concise", "--lang", "en", SEED0])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1 and len(lines) == 6
    assert lines[0].startswith(f"{SEED0}:33:11: NUM001 [error] 数字“1,7221.85”")
    assert lines[0].endswith("（建议：17,221.85）")
    assert [ln.split(": ")[1].split()[0] for ln in lines[:5]] == ["NUM001", "NUMB001", "EMPTY001", "EMPTY001",
                                                                  "MISS001"]
    assert lines[-1] == "Found 5 findings (1 error, 4 warning) in 1 file."


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_quiet_prints_the_findings_only(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    shutil.copy(SEED0, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text("一、情况\n正文。\n", encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('ignore = ["MISS001"]\n', encoding="utf-8")
    code = main(["lint", "--format", fmt, "--lang", "en", "-j", "64", str(tmp_path)])
    loud = capsys.readouterr()
    code_q = main(["lint", "--format", fmt, "--lang", "en", "-q", "-j", "64", str(tmp_path)])
    quiet = capsys.readouterr()
    assert code == code_q == 1
    assert "using configuration" in loud.err and quiet.err == ""
    assert "Found 4 findings" in loud.out and "Found" not in quiet.out and "files," not in quiet.out
    assert quiet.out.strip() and "NUM001" in quiet.out and quiet.out in loud.out


def test_a_usage_mistake_is_short(capsys: pytest.CaptureFixture[str]) -> None:
    # found by a new user's walk: argparse printed the usage of every option (a dozen lines) before the mistake
    with pytest.raises(SystemExit) as exc:
        main(["lint", "--format", "nope", SEED0])
    err = capsys.readouterr().err.splitlines()
    assert exc.value.code == 2 and len(err) == 2
    assert err[0].startswith("auditor lint: error: argument --format: invalid choice: 'nope'")
    assert err[1] == "(see `auditor lint --help`)"


def test_fix_of_an_unreadable_report_counts_no_corrections(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["fix", str(tmp_path / "missing.txt")]) == 2
    assert capsys.readouterr().err.splitlines() == [f"auditor: {tmp_path / 'missing.txt'}: no such file or directory"]
    shutil.copy(SEED0, tmp_path / "a.txt")
    main(["fix", str(tmp_path / "missing.txt"), str(tmp_path / "a.txt")])
    assert "in 1 of 1 report(s); 1 could not be read" in capsys.readouterr().err
