"""A 目录 (table of contents) that repeats the body's headings is read as entries, not headings: adding one to
a report never adds a finding (issue 11; shapes from fixtures/real/: a-001, c-006, d-001)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.build import build_report
from auditor.runner import lint_text

SEEDS = sorted((Path(__file__).resolve().parent.parent / "fixtures").glob("0*.txt"))


def _reported(text: str) -> list[tuple[str, str]]:
    """Error and warning findings as (rule, the text they mark): independent of line numbers."""
    res = lint_text(text, "t.txt")
    return sorted((f.rule, text[f.span.start:f.span.end]) for f in res.findings if f.severity != "info")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS), title=st.sampled_from(["目录", "目  录", "目 录"]),
       pages=st.sampled_from(["", "  3", "……3", "（3）"]), levels=st.sampled_from([1, 2]))
def test_a_table_of_contents_adds_no_finding(seed: Path, title: str, pages: str, levels: int) -> None:
    text = seed.read_text(encoding="utf-8")
    report = build_report("t.txt", text)
    heads = [h for h in report.headings if not h.is_item and h.marker and h.level <= levels]
    at = report.headings[0].span.start                 # the 目录 stands before the body's first heading
    at = text.rfind("\n", 0, at) + 1
    contents = title + "\n" + "".join(f"{h.marker}{h.title}{pages}\n" for h in heads)
    assert _reported(text[:at] + contents + text[at:]) == _reported(text)


def test_contents_entries_are_toc_lines_and_the_body_keeps_its_headings() -> None:
    text = ("2023年度部门决算\n目 录\n一、部门基本情况\n二、收入支出决算总体情况\n三、存在的问题\n"
            "一、部门基本情况\n本部门内设科室3个。\n二、收入支出决算总体情况\n收支总计100万元。\n三、存在的问题\n预算编制不够精细。\n")
    report = build_report("t.txt", text)
    assert [(m.line, m.kind, m.announces) for m in report.markers] == [(3, "toc", 6), (4, "toc", 8), (5, "toc", 10)]
    assert [h.line for h in report.headings] == [6, 8, 10]


def test_a_numbered_list_after_the_word_contents_without_a_body_repeat_stays_headings() -> None:
    text = "目录\n一、概况\n内容。\n二、收入\n内容。\n"
    assert [h.line for h in build_report("t.txt", text).headings] == [2, 4]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS), line=st.sampled_from(["- 6 -", "—6—", "第 6 页 共 20 页", "第6页", "－ 6 －"]),
       places=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=5))
def test_page_furniture_between_lines_adds_no_finding(seed: Path, line: str, places: list[int]) -> None:
    """Page numbers left between the lines of a converted report (seen across fixtures/real/) are furniture.
    (A bare number alone is furniture only in a run of pages: see the test below.)"""
    text = seed.read_text(encoding="utf-8")
    lines = text.split("\n")
    for p in sorted(places, reverse=True):
        lines.insert(1 + p % (len(lines) - 1), line)
    assert _reported("\n".join(lines)) == _reported(text)


def test_bare_page_numbers_are_furniture_in_a_run_and_table_cells_are_not() -> None:
    from auditor.furniture import strip_furniture
    text = "七、存在的问题及原因分析\n6\n无。\n八、下一步改进措施\n7\n加强管理。\n"
    assert _reported(text) == [("EMPTY001", "七、存在的问题及原因分析")]      # 6 and 7 are pages
    assert strip_furniture("合计\n12\n说明\n")[0] == "合计\n12\n说明\n"      # a lone value under its label
    assert strip_furniture("项目\n6\n7\n8\n")[0] == "项目\n6\n7\n8\n"      # a column of cells
