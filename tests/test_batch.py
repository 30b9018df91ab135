"""Batches: worker processes give the same output as one process; unreadable files keep their place."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from auditor.cli import main

FIX = Path(__file__).resolve().parent.parent / "fixtures"


def test_jobs_do_not_change_the_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(12):
        shutil.copy(sorted(FIX.glob("0*.txt"))[i % 5], tmp_path / f"{i:02d}.txt")
    (tmp_path / "05.txt").write_bytes(b"\x00\x01binary")
    outs = []
    for jobs in ("1", "2"):
        code = main(["lint", "--format", "json", "--jobs", jobs, str(tmp_path)])
        outs.append(capsys.readouterr().out)
        assert code == 2
    assert outs[0] == outs[1]
    files = json.loads(outs[0])["files"]
    assert [Path(f["path"]).name for f in files] == [f"{i:02d}.txt" for i in range(12)]
    assert files[5]["error"] is not None and all(f["error"] is None for i, f in enumerate(files) if i != 5)


def test_summary_table_for_many_files(capsys: pytest.CaptureFixture[str]) -> None:
    main(["lint", "--no-color", "--lang", "en", "--jobs", "1", str(FIX / "000_5b27a47f95f91fcd.txt"), str(FIX / "001_6a8239fff33aeddc.txt")])
    out = capsys.readouterr().out
    assert "most findings" in out
    assert [ln for ln in out.splitlines() if "findings" in ln and " in 2 files" in ln] == [   # counted once
        "Found 11 findings (2 error, 8 warning, 1 info) in 2 files."]
