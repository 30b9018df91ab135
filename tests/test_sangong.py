"""The “三公”经费 table: its items' identities in either layout, and the text that restates it (auditor/sangong.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.build import build_report
from auditor.model import Relation
from auditor.runner import lint_text
from auditor.sources import load

BUDGET = ("“三公”经费支出预算表\n单位：万元\n"
          "合计\t“三公”经费小计\t因公出国（境）费\t公务用车购置及运行费\t公务接待费\t会议费\t培训费\n"
          "2,542.60\t833.60\t222.50\t183.60\t427.50\t1,305.25\t403.75\n")
SECTION = ("十一、“三公”经费支出预算表情况说明\n2017年度“三公”经费预算支出中，因公出国（境）费支出222.5万元；"
           "公务用车购置及运行费支出183.6万元；公务接待费支出427.5万元。\n")
ROWS = ("“三公”经费财政拨款支出决算表\n单位：万元\n项目\t预算数\t决算数\n合计\t120.00\t110.50\n"
        "因公出国（境）费\t20.00\t15.00\n公务用车购置及运行费\t60.00\t58.50\n其中：公务用车购置费\t30.00\t30.00\n"
        "公务用车运行费\t30.00\t28.50\n公务接待费\t40.00\t37.00\n")
ITEMS = ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费")
BLOCKS = ("“三公”经费财政拨款支出决算表\n单位：万元\n"
          + "\t".join(f"{stage}{item}" for stage in ("预算数", "决算数") for item in ITEMS) + "\n"
          "120.00\t20.00\t60.00\t30.00\t30.00\t40.00\t110.50\t15.00\t58.50\t30.00\t28.50\t37.00\n")


def _relations(text: str, source: str) -> list[Relation]:
    return [r for r in build_report("r.txt", text).relations if r.source == source]


def test_items_as_columns_add_up_to_their_subtotal_and_total() -> None:
    found = _relations(BUDGET, "table-sangong")
    assert [(r.result.text, r.holds) for r in found] == [("833.60", True), ("2,542.60", True)]
    assert "222.50 + 公务用车购置及运行费 183.60 + 公务接待费 427.50 = 833.60" in found[0].text
    wrong = _relations(BUDGET.replace("\t427.50\t", "\t472.50\t"), "table-sangong")
    assert [(r.result.text, r.holds, r.computed) for r in wrong] == [("833.60", False, "878.60"), ("2,542.60", True,
                                                                                                    "2542.60")]


def test_items_as_rows_are_checked_in_each_column() -> None:
    found = _relations(ROWS, "table-sangong")
    assert sorted((r.result.text, r.holds) for r in found) == [("110.50", True), ("120.00", True), ("58.50", True),
                                                               ("60.00", True)]
    wrong = _relations(ROWS.replace("公务用车运行费\t30.00\t28.50", "公务用车运行费\t30.00\t25.80"), "table-sangong")
    assert [(r.result.text, r.computed) for r in wrong if not r.holds] == [("58.50", "55.80")]


def test_a_budget_and_a_final_block_side_by_side_are_read_apart() -> None:
    found = _relations(BLOCKS, "table-sangong")
    assert len(found) == 4 and all(r.holds for r in found)
    wrong = _relations(BLOCKS.replace("\t37.00\n", "\t73.00\n"), "table-sangong")
    assert [(r.result.text, r.computed) for r in wrong if not r.holds] == [("110.50", "146.50")]
    assert "决算数合计" in next(r.scope for r in wrong if not r.holds)


def test_an_identity_with_an_item_missing_is_not_read() -> None:
    # no 公务接待费 column: the subtotal cannot be checked, and is not
    text = BUDGET.replace("\t公务接待费", "").replace("\t427.50", "")
    assert [r.result.text for r in _relations(text, "table-sangong")] == ["2,542.60"]


def test_the_text_is_held_to_the_tables_figure_for_each_item() -> None:
    found = _relations(BUDGET + SECTION, "prose-table-sangong")
    assert [(r.result.text, r.holds) for r in found] == [("222.5", True), ("183.6", True), ("427.5", True)]
    wrong = _relations(BUDGET + SECTION.replace("427.5万元", "472.5万元"), "prose-table-sangong")
    assert [(r.result.text, r.holds, r.computed) for r in wrong] == [("222.5", True, "222.50"), ("183.6", True, "183.60"),
                                                                     ("472.5", False, "427.50")]


def test_a_table_that_does_not_add_up_is_one_finding_not_two() -> None:
    # the 公务接待费 cell is wrong: TABLE014 says so. Which of the subtotal's cells is wrong the table cannot tell, so
    # the text is held to none of them
    report = build_report("r.txt", BUDGET.replace("\t427.50\t", "\t472.50\t") + SECTION)
    assert [r.result.text for r in report.relations if r.source == "table-sangong" and not r.holds] == ["833.60"]
    assert [r.result.text for r in report.relations if r.source == "prose-table-sangong"] == []


def test_shares_of_the_three_items_must_add_up_to_the_whole() -> None:
    # a real 部门预算 (Jiangsu, 2017): the shares are of 合计 (with 会议费 and 培训费), not of the “三公”经费
    text = ("安排的“三公”经费预算支出中，因公出国（境）费支出222.5万元，占“三公”经费的8.75%；公务用车购置及运行费支出"
            "183.6万元，占“三公”经费的7.22%；公务接待费支出427.5万元，占“三公”经费的16.81%。\n")
    found = _relations(text, "prose-share-set")
    assert [(r.holds, r.text) for r in found] == [(False, "8.75% + 7.22% + 16.81% = 32.78%")]
    fixed = text.replace("8.75%", "26.69%").replace("7.22%", "22.03%").replace("16.81%", "51.28%")
    assert [r.holds for r in _relations(fixed, "prose-share-set")] == [True]


def test_a_wrong_item_amount_among_shares_of_an_unwritten_whole_is_the_one_finding() -> None:
    # 省委办公厅 2017 (held out): the three items and their shares of the “三公”经费, whose total is not written
    text = ("安排的“三公”经费预算支出中，因公出国（境）费支出70万元，占“三公”经费的13.75%；公务用车购置及运行费支出"
            "411.20万元，占“三公”经费的80.75%；公务接待费支出28万元，占“三公”经费的5.50%。\n")
    found = _relations(text, "prose-share-partition")
    assert [(r.terms[0].text, r.holds) for r in found] == [("70", True), ("411.20", True), ("28", True)]
    wrong = _relations(text.replace("411.20万元", "453.32万元"), "prose-share-partition")
    assert [(r.terms[0].text, r.holds, r.computed) for r in wrong] == [("453.32", False, "82.22%")]
    findings = [f for f in lint_text(text.replace("411.20万元", "453.32万元"), "r.txt").findings
                if f.severity != "info"]
    assert [f.rule for f in findings] == ["SHARE004"]
    # two parts cannot tell which is wrong: not read
    two = "基本支出中，人员经费500.00万元，占基本支出的80.00%；公用经费150.00万元，占基本支出的20.00%。\n"
    assert _relations(two, "prose-share-partition") == []


def test_a_column_with_no_figure_is_no_figure_to_hold_the_text_to() -> None:
    # 公务用车购置费 headed and empty in every row, and the text states it: no figure to hold the text to
    table = BUDGET.replace("\t公务接待费\t", "\t公务用车购置费\t公务接待费\t").replace("\t183.60\t427.50\t", "\t183.60\t\t427.50\t")
    text = table + SECTION.replace("公务接待费支出427.5万元。", "公务接待费支出427.5万元；公务用车购置费支出10.0万元。")
    found = _relations(text, "prose-table-sangong")
    assert [r.result.text for r in found] == ["222.5", "183.6", "427.5"]


def test_a_blank_sangong_table_against_an_amount_in_the_text(tmp_path: Path) -> None:
    # the peer checker's planted example: the table has its headers and no figure, the text says 0.95万元
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("“三公”经费支出预算表")
    doc.add_paragraph("单位：万元")
    table = doc.add_table(rows=2, cols=5)
    for i, head in enumerate(["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费", "会议费"]):
        table.rows[0].cells[i].text = head
    doc.add_paragraph("十一、“三公”经费支出预算表情况说明")
    doc.add_paragraph("2017年度“三公”经费预算支出中，因公出国（境）费支出0.95万元；公务用车购置及运行费支出0万元；"
                      "公务接待费支出0万元。")
    path = tmp_path / "blank.docx"
    doc.save(str(path))
    src = load(path)
    report = build_report(str(path), src.text, None, src.tables, src.pages)
    found = [r for r in report.relations if r.source == "prose-table-sangong"]
    assert [(r.result.text, r.holds) for r in found] == [("0.95", False)]          # the two 0万元 are no defect
    assert "表中该项为空" in found[0].text
