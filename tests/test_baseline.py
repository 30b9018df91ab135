"""Baselines: accepted findings are not reported again, robust to line shifts; stale entries are listed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from auditor.cli import main
from auditor.report import FileResult

FIX = Path(__file__).resolve().parent.parent / "fixtures"

SEED0 = Path(__file__).resolve().parent.parent / "fixtures" / "000_5b27a47f95f91fcd.txt"


def test_baseline_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED0, "r.txt")
    assert main(["lint", "--write-baseline", "r.txt"]) == 0
    assert "wrote 5 finding(s) to .auditor-baseline.json" in capsys.readouterr().err
    entries = json.loads(Path(".auditor-baseline.json").read_text(encoding="utf-8"))["entries"]
    assert sorted(e["rule"] for e in entries) == ["EMPTY001", "EMPTY001", "MISS001", "NUM001", "NUMB001"]
    assert main(["lint", "--format", "json", "--baseline", ".auditor-baseline.json", "r.txt"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["files"][0]["findings"] == [] and doc["baseline"] == {"suppressed": 5, "stale": []}
    # lines move, one heading is fixed, another is reworded: only what is new is reported
    text = Path("r.txt").read_text(encoding="utf-8")
    text = "新增一行说明。\n" + text.replace("3、 政府性基金预算支出情况", "三、政府性基金预算支出情况").replace(
        "七、存在的问题及原因分析", "七、存在的问题")
    Path("r.txt").write_text(text, encoding="utf-8")
    code = main(["lint", "--format", "json", "--baseline", ".auditor-baseline.json", "r.txt"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(f["rule"], f["line"]) for f in doc["files"][0]["findings"]] == [("NUMB001", 47), ("EMPTY001", 81)]
    assert doc["baseline"]["suppressed"] == 3
    assert sorted(e["rule"] for e in doc["baseline"]["stale"]) == ["EMPTY001", "NUMB001"]
    assert os.path.exists(".auditor-baseline.json")


def test_bad_baseline_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["lint", "--baseline", str(bad), str(SEED0)]) == 2
    assert "the baseline is not valid JSON" in capsys.readouterr().err


# --- issue 14, defect 4: paths relative to the baseline file, fingerprints of a finding's own figures ---------

V1 = Path(__file__).resolve().parent / "data" / "baseline" / "seed0-v1.json"   # written by auditor 1da71a1


def _lint(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["lint", "--no-config", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def _entries(path: Path) -> list[dict[str, str]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == 2
    entries: list[dict[str, str]] = doc["entries"]
    return entries


def test_paths_are_relative_to_the_baseline_file_whatever_the_working_directory(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "sub").mkdir()
    shutil.copy(SEED0, tmp_path / "reports" / "r.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--no-config", "--write-baseline", "--baseline", "x.json", "reports/r.txt"]) == 0
    assert {e["path"] for e in _entries(tmp_path / "x.json")} == {"reports/r.txt"}
    monkeypatch.chdir(tmp_path / "sub")
    code, doc = _lint(capsys, "--baseline", "../x.json", "../reports/r.txt")
    assert (code, doc["files"][0]["findings"], doc["baseline"]) == (0, [], {"suppressed": 5, "stale": []})
    # the reverse: written from the subfolder, read from the project root and by absolute paths
    assert main(["lint", "--no-config", "--write-baseline", "--baseline", "../y.json", "../reports/r.txt"]) == 0
    assert (tmp_path / "y.json").read_text(encoding="utf-8") == (tmp_path / "x.json").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, doc = _lint(capsys, "--baseline", "y.json", "reports/r.txt")
    assert (code, doc["baseline"]) == (0, {"suppressed": 5, "stale": []})
    code, doc = _lint(capsys, "--baseline", str(tmp_path / "y.json"), str(tmp_path / "reports" / "r.txt"))
    assert (code, doc["baseline"]) == (0, {"suppressed": 5, "stale": []})


def test_a_configured_baseline_accepts_findings_when_run_from_a_subfolder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "auditor.toml").write_text('baseline = "ci/accepted.json"\n', encoding="utf-8")
    (tmp_path / "ci").mkdir()
    (tmp_path / "reports").mkdir()
    shutil.copy(SEED0, tmp_path / "reports" / "r.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--write-baseline", "reports/r.txt"]) == 0
    assert {e["path"] for e in _entries(tmp_path / "ci" / "accepted.json")} == {"../reports/r.txt"}
    monkeypatch.chdir(tmp_path / "reports")
    assert main(["lint", "--format", "json", "r.txt"]) == 0
    assert json.loads(capsys.readouterr().out)["baseline"] == {"suppressed": 5, "stale": []}


def test_editing_another_figure_of_the_paragraph_keeps_its_finding_accepted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED0, "r.txt")
    assert main(["lint", "--no-config", "--write-baseline", "r.txt"]) == 0
    text = Path("r.txt").read_text(encoding="utf-8")
    # line 33 is one paragraph: 2024年基本支出为1,7221.85万元（NUM001），…，减少3559.53万元，减少17.13%…
    Path("r.txt").write_text(text.replace("减少3559.53万元", "减少3559.63万元"), encoding="utf-8")
    code, doc = _lint(capsys, "--baseline", ".auditor-baseline.json", "r.txt")
    assert (code, doc["files"][0]["findings"], doc["baseline"]) == (0, [], {"suppressed": 5, "stale": []})
    # the flagged figure itself edited: its finding is new again, its entry stale (also in text output)
    Path("r.txt").write_text(text.replace("1,7221.85万元", "1,7221.95万元"), encoding="utf-8")
    code, doc = _lint(capsys, "--baseline", ".auditor-baseline.json", "r.txt")
    assert code == 1
    assert [(f["rule"], f["line"]) for f in doc["files"][0]["findings"]] == [("NUM001", 33), ("SUM001", 33)]
    assert doc["baseline"]["suppressed"] == 4
    assert [(e["path"], e["rule"]) for e in doc["baseline"]["stale"]] == [("r.txt", "NUM001")]
    assert main(["lint", "--no-config", "--lang", "en", "--baseline", ".auditor-baseline.json", "r.txt"]) == 1
    assert "\n  stale: r.txt NUM001 " in capsys.readouterr().out


def test_two_findings_on_one_line_are_two_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = SEED0.read_text(encoding="utf-8").replace(
        "为1,7221.85万元，", "为1,7221.85万元，另有上年结转结余资金1,7221.85万元，")
    Path("r.txt").write_text(text, encoding="utf-8")
    assert main(["lint", "--no-config", "--write-baseline", "r.txt"]) == 0
    num = [e["fingerprint"] for e in _entries(tmp_path / ".auditor-baseline.json") if e["rule"] == "NUM001"]
    assert len(num) == len(set(num)) == 2
    # SARIF partialFingerprints are the same fingerprints: two results, two fingerprints
    assert main(["lint", "--no-config", "--format", "sarif", "r.txt"]) == 1
    sarif = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert sorted(r["partialFingerprints"]["auditorFingerprint/v2"] for r in sarif if r["ruleId"] == "NUM001") \
        == sorted(num)
    # the second one corrected: the first stays accepted, the second's entry is stale
    Path("r.txt").write_text(text.replace("资金1,7221.85万元", "资金17,221.85万元"), encoding="utf-8")
    code, doc = _lint(capsys, "--baseline", ".auditor-baseline.json", "r.txt")
    assert (code, doc["files"][0]["findings"], doc["baseline"]["suppressed"]) == (0, [], 5)
    assert [e["rule"] for e in doc["baseline"]["stale"]] == ["NUM001"]


def _result(text: str, *figures: tuple[str, int]) -> FileResult:
    """A linted text with a NUM001 finding at the nth occurrence of each figure."""
    from auditor.build import build_report
    from auditor.engine import Finding
    from auditor.spans import Span
    spans = []
    for figure, nth in figures:
        at = -1
        for _ in range(nth + 1):
            at = text.index(figure, at + 1)
        spans.append(Span(start=at, end=at + len(figure)))
    findings = [Finding(rule="NUM001", name="number-format.garbled-number", category="number-format",
                        severity="error", message="m", span=s) for s in spans]
    return FileResult(path="r.txt", report=build_report("r.txt", text, None), findings=findings)


LINE = "收入1,1111.11万元，1,1111.11万元，1,1111.11万元，1,1111.11万元。另有支出2,2222.22万元，主要用于基本公共卫生服务，增长12.3%。\n"


def test_fingerprints_read_the_span_and_a_small_context_and_count_alike_findings() -> None:
    from auditor.report.ci_formats import fingerprints

    def prints(text: str, *figures: tuple[str, int]) -> list[str]:
        return fingerprints(_result(text, *figures))

    # the 2nd and 3rd figures have the same text and the same 12 characters either side: still two fingerprints,
    # given by their order in the text, not by the order of the findings
    a, b = prints(LINE, ("1,1111.11", 1), ("1,1111.11", 2))
    assert a != b and prints(LINE, ("1,1111.11", 2), ("1,1111.11", 1)) == [b, a]
    far = prints(LINE, ("2,2222.22", 0))
    # a figure more than 12 characters away, or on another line, or spaces: the same fingerprint
    assert prints(LINE.replace("12.3%", "45.6%"), ("2,2222.22", 0)) == far
    assert prints(LINE.replace("收入", "收 入 "), ("1,1111.11", 1)) == [a]
    assert prints("前一行12.3\n" + LINE, ("2,2222.22", 0)) == far
    # within 12 characters, the figure itself, or the rule: another fingerprint
    assert prints(LINE.replace("1,1111.11万元。", "1,1111.19万元。"), ("2,2222.22", 0)) != far
    assert prints(LINE.replace("2,2222.22", "2,2222.23"), ("2,2222.23", 0)) != far


def test_findings_a_baseline_does_not_accept_keep_their_sarif_fingerprints(tmp_path: Path) -> None:
    from auditor import baseline
    from auditor.report.ci_formats import fingerprints, render_sarif
    from auditor.rules import default_registry
    both = _result(LINE, ("1,1111.11", 1), ("1,1111.11", 2))
    first, second = fingerprints(both)
    doc = json.loads(baseline.build([both], str(tmp_path / "b.json")))
    doc["entries"] = [e for e in doc["entries"] if e["fingerprint"] == first]      # only the first accepted
    (tmp_path / "b.json").write_text(json.dumps(doc), encoding="utf-8")
    r = _result(LINE, ("1,1111.11", 1), ("1,1111.11", 2))
    [r], applied = baseline.apply([r], str(tmp_path / "b.json"))
    assert (applied.suppressed, applied.stale, len(r.findings)) == (1, [], 1)
    sarif = json.loads(render_sarif([r], default_registry()))["runs"][0]["results"]
    assert [x["partialFingerprints"]["auditorFingerprint/v2"] for x in sarif] == [second]


def test_a_version_1_baseline_is_still_read(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # written before version 2: paths relative to the working directory, fingerprints of whole lines
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED0, "r.txt")
    assert json.loads(V1.read_text(encoding="utf-8"))["version"] == 1
    code, doc = _lint(capsys, "--baseline", str(V1), "r.txt")
    assert (code, doc["files"][0]["findings"], doc["baseline"]) == (0, [], {"suppressed": 5, "stale": []})
    Path("r.txt").write_text(SEED0.read_text(encoding="utf-8").replace("1,7221.85万元", "1,7221.95万元"),
                             encoding="utf-8")
    code, doc = _lint(capsys, "--baseline", str(V1), "r.txt")
    assert code == 1 and [e["rule"] for e in doc["baseline"]["stale"]] == ["NUM001"]


@pytest.mark.parametrize("stream", [True, False])
def test_entries_of_rules_not_run_or_findings_hidden_are_not_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   stream: bool) -> None:
    # found by a new user's walk: --select or --min-severity listed accepted findings as stale
    from auditor import cli
    monkeypatch.setattr(cli, "STREAM", stream)
    report = tmp_path / "r.txt"
    shutil.copy(FIX / "003_45e64f77cdb0a205.txt", report)          # info findings and a warning
    base = tmp_path / "b.json"
    assert main(["lint", "--no-config", "--write-baseline", "--baseline", str(base), str(report)]) == 0
    capsys.readouterr()
    for extra in (["--select", "NUMB003"], ["--min-severity", "warning"], ["--select", "text"]):
        code = main(["lint", "--no-config", "--format", "json", "--baseline", str(base), *extra, str(report)])
        doc = json.loads(capsys.readouterr().out)
        assert code == 0 and doc["baseline"]["stale"] == [], extra
        assert doc["files"][0]["findings"] == []


def test_baseline_lines_follow_the_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.txt"
    shutil.copy(FIX / "000_5b27a47f95f91fcd.txt", report)
    base = tmp_path / "b.json"
    assert main(["lint", "--no-config", "--write-baseline", "--baseline", str(base), "--select", "EMPTY001",
                 str(report)]) == 0
    capsys.readouterr()
    main(["lint", "--no-config", "--baseline", str(base), str(report)])
    assert "基线：2 个已接受的问题未显示" in capsys.readouterr().out
    main(["lint", "--no-config", "--lang", "en", "--baseline", str(base), str(report)])
    assert "Baseline: 2 accepted finding(s) not shown" in capsys.readouterr().out
