"""Text output: the summary said once, Chinese labels with a full-width colon, an unreadable file named once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from auditor.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED0 = str(FIXTURES / "000_5b27a47f95f91fcd.txt")
SEED1 = str(FIXTURES / "001_6a8239fff33aeddc.txt")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    argv = (*argv[:1], "--lang", "en", *argv[1:]) if argv[:1] == ("lint",) else argv     # English wording asserted
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _counts(out: str) -> list[str]:
    """The lines that count the run's findings (the summary line and any other line saying the same)."""
    return [line for line in out.splitlines() if re.search(r"\b\d+\s+findings?\b", line) and " | " not in line]


@pytest.mark.parametrize("argv", [
    [SEED0], [SEED0, SEED1], [SEED0, SEED1, "--jobs", "2"], [SEED0, SEED1, "--statistics"],
])
def test_the_findings_are_counted_once(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    _code, out, _err = _run(capsys, "lint", "--no-color", *argv)
    assert len(_counts(out)) == 1, _counts(out)


def test_several_files_keep_the_category_and_most_findings_tables(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = _run(capsys, "lint", "--no-color", "--jobs", "1", SEED0, SEED1)
    assert _counts(out) == ["Found 11 findings (2 error, 8 warning, 1 info) in 2 files."]
    assert "most findings" in out and "numbering" in out


def test_a_clean_run_of_several_files_says_so_once(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = _run(capsys, "lint", "--no-color", "--select", "SUM001", SEED0, SEED1)
    assert out.strip().splitlines() == ["All clear: no findings in 2 files."]


def test_chinese_labels_take_a_full_width_colon(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = _run(capsys, "lint", "--no-color", SEED0)
    assert "= 建议：17,221.85" in out
    labels = [line for line in out.splitlines() if not re.match(r"\s*\d+ \| ", line)]     # not the report's own lines
    assert not [line for line in labels if re.search(r"[\u4e00-\u9fff]:", line)]


def _unreadable(tmp_path: Path) -> dict[str, str]:
    """Files that cannot be read, with the reason auditor gives for each."""
    (tmp_path / "x.pdf").write_bytes(b"not a pdf at all")
    (tmp_path / "empty").mkdir()
    return {str(tmp_path / "x.pdf"): "not a PDF file", str(tmp_path / "nope.txt"): "no such file or directory",
            str(tmp_path / "empty"): "no report files (*.txt, *.docx, *.pdf) found in directory"}


def test_an_unreadable_file_is_named_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = _unreadable(tmp_path)
    code, out, _err = _run(capsys, "lint", "--no-color", *cases)
    assert code == 2
    for path, reason in cases.items():          # one line each, the path once
        assert f"{path}: error: {reason}" in out.splitlines()
    _code, out, _err = _run(capsys, "lint", "--format", "concise", *cases)
    for path, reason in cases.items():          # concise too (it printed x.pdf: error: x.pdf: not a PDF file)
        assert f"{path}: error: {reason}" in out.splitlines()
    _code, out, _err = _run(capsys, "lint", "--format", "github", *cases)
    for path, reason in cases.items():
        assert f"::error file={path}::{reason}" in out.splitlines()
    _code, out, _err = _run(capsys, "lint", "--format", "json", *cases)
    for entry in json.loads(out)["files"]:     # the JSON error line names its file, once
        assert entry["error"] == f"{entry['path']}: {cases[entry['path']]}"


def test_a_report_refused_after_reading_is_named_once_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # a refusal of the parser (too many lines) carries no path of its own: every command names the file once
    from auditor import parse
    monkeypatch.setattr(parse, "MAX_LINES", 3)
    report = tmp_path / "long.txt"
    report.write_text("一、情况\n甲。\n乙。\n丙。\n", encoding="utf-8")
    reason = "refused: 4 lines, more than a report can hold (limit 3; a budget report has a few thousand)"
    code, out, _err = _run(capsys, "lint", "--no-color", str(report))
    assert code == 2 and f"{report}: error: {reason}" in out.splitlines()
    _code, out, _err = _run(capsys, "lint", "--format", "json", str(report))
    assert json.loads(out)["files"][0]["error"] == f"{report}: {reason}"
    for command in ("fix", "parse"):
        code, _out, err = _run(capsys, command, str(report))
        # fix, which takes many reports, then sums up what it did (no path there)
        assert code == 2 and err.splitlines()[0] == f"auditor: {report}: {reason}", command
        assert err.count(str(report)) == 1, command
