"""Baselines: accepted findings are not reported again, robust to line shifts; stale entries are listed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from auditor.cli import main

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
