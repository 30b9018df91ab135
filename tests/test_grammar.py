"""The document grammar: heading markers at line starts and quantity phrases, as lark tokens."""

from __future__ import annotations

import pytest

from auditor.parse import parse_lines


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(t.type, str(t)) for line in parse_lines(text) for t in line.items]


def _markers(text: str) -> list[str | None]:
    return [str(line.marker).strip() if line.marker else None for line in parse_lines(text)]


@pytest.mark.parametrize("marker", ["一、", "十一、", "（一）", "(一）", "（二十）", "1、", "12.", "3．", "（1）", "(2)",
                                    "①", "（三）、", "二．"])
def test_heading_markers_at_line_start(marker: str) -> None:
    assert _markers(f"{marker}部门基本情况\n") == [marker]


@pytest.mark.parametrize("line", ["1.5万元用于培训", "2024年基本支出", "一是加强管理", "12、", "内容（一）不是标题"])
def test_not_markers(line: str) -> None:
    markers = _markers(line + "\n")
    if line == "12、":
        assert markers == ["12、"]
    else:
        assert markers == [None]


def test_marker_only_at_line_start() -> None:
    assert _markers("办公室、（二）财务股\n（三）（三）部门整体\n") == [None, "（三）"]


def test_quantity_tokens() -> None:
    toks = _tokens("2024年基本支出为1,7221.85万元，占比95.43%，核定编制36人，得分17分，2.4万余人次，7月29日\n")
    assert toks == [("YEAR", "2024年"), ("AMOUNT", "1,7221.85万元"), ("PERCENT", "95.43%"), ("COUNT", "36人"),
                    ("SCORE", "17分"), ("COUNT", "2.4万余人次"), ("DATE", "7月29日")]


def test_garbled_amount_shapes_are_single_tokens() -> None:
    toks = _tokens("支出17.221.85万元，另1 7221.85万元，又17O21.85元\n")
    assert toks == [("AMOUNT", "17.221.85万元"), ("AMOUNT", "1 7221.85万元"), ("AMOUNT", "17O21.85元")]


def test_score_is_not_minutes_or_respectively() -> None:
    assert _tokens("用时5分钟，3分别为\n") == [("COUNT", "5分钟"), ("NUMBER", "3")]


def test_lines_are_returned_with_offsets_and_numbers() -> None:
    text = "一、标题\n\n  \n正文100万元\n最后一行无换行"
    lines = parse_lines(text)
    assert [(ln.start, ln.end, ln.line) for ln in lines] == [(0, 4, 1), (9, 16, 4), (17, 24, 5)]
    assert [text[ln.start:ln.end] for ln in lines] == ["一、标题", "正文100万元", "最后一行无换行"]


def test_any_text_parses() -> None:
    # the grammar has no syntax errors by construction: prose is ignored, every line is a line
    text = "）（、。.．1、2.3.4,5,,6%%分元万元\n\n\f一、\n（1）\n①②\n"
    lines = parse_lines(text)
    assert [ln.line for ln in lines] == [1, 3, 4, 5]
    assert [str(ln.marker).strip("\f") if ln.marker else None for ln in lines] == [None, "一、", "（1）", "①"]
