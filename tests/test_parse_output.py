"""`auditor parse` shows the model as lint builds it: the profile chosen and why, 目录 and table-row lines,
and a PDF's pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main

FIX = Path(__file__).resolve().parent.parent / "fixtures"


def _parse(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["parse", str(path)]) == 0
    return json.loads(capsys.readouterr().out)


def test_parse_names_the_profile_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    out = _parse(FIX / "000_5b27a47f95f91fcd.txt", capsys)
    assert out["profile"]["chosen"] == "hunan" and out["profile"]["shares"]["hunan"] == 0.9
    assert out["profile"]["why"].startswith("90% of its outline sections")


def test_parse_of_a_pdf_keeps_its_pages(capsys: pytest.CaptureFixture[str]) -> None:
    out = _parse(FIX / "pdf" / "000_5b27a47f95f91fcd.pdf", capsys)
    assert len(out["report"]["pages"]) >= 2 and out["report"]["pages"][0] == 0


def test_parse_shows_contents_entries_and_table_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.txt"
    path.write_text("目录\n一、收入情况\n二、支出情况\n一、收入情况\n内容。\n二、支出情况\n"
                    "一、税收收入      5,235      5,229\n", encoding="utf-8")
    markers = _parse(path, capsys)["report"]["markers"]
    assert [(m["line"], m["kind"]) for m in markers] == [(2, "toc"), (3, "toc"), (7, "row")]
    # each 目录 entry names the body heading it announces
    assert [(m["text"], m["announces"]) for m in markers[:2]] == [("收入情况", 4), ("支出情况", 6)]
    assert markers[2]["announces"] is None and markers[2]["text"] == "税收收入      5,235      5,229"
