"""Numbering on the shapes of real reports (snippets from the corpus in fixtures/real/): table rows, numbered
paragraphs, restarts and documents that start mid-way are not breaks; a real break is one finding."""

from __future__ import annotations

import pytest

from auditor.build import build_report
from auditor.runner import lint_text


def _numbering(text: str) -> list[tuple[str, int, str]]:
    lines = build_report("t.txt", text).lines
    return [(f.rule, lines.position(f.span.start)[0], f.message) for f in lint_text(text, "t.txt").findings
            if f.category == "numbering"]


SILENT = {
    # a flattened table: rows set off by wide gaps, some rows without figures (a-070, a-074, a-060)
    "table-rows-wide-gaps": "一、收入情况\n说明如下。\n二、支出情况\n说明如下。\n表1 收入决算表\n"
                            "一、农网还贷资金收入\n二、港口建设费收入\n三、国家电影事业发展专项资金收入        11,034     5,271\n"
                            "四、国有土地收益基金收入          2,937,851   3,861,487\n五、农业土地开发资金收入\n"
                            "三、政府债务情况\n说明如下。\n",
    # rows of tab-separated cells (b-001)
    "table-rows-tabs": "一、收支总体情况\n说明。\n二、收入情况\n说明。\n一、财政拨款收入 \t189,767,551 \t一、一般公共服务支出 \t3,296,600\n"
                       "二、事业收入 \t五、文化旅游体育与传媒支出 \t200,000\n八、城乡社区支出 \t154,369,326\n三、支出情况\n说明。\n",
    # cells separated by single spaces (a-063)
    "table-rows-single-spaces": "一、总体情况\n说明。\n二、分项情况\n一、文化体育与传媒支出 665 240 -63.91\n"
                                "二、节能环保支出 29,292 -100.00\n九、其他支出 1,079,877 911,633 -15.58\n三、其他事项\n说明。\n",
    # numbering restarts under each part and after the 目录 (a-020, a-037, b-001)
    "restarts": "第一部分 部门概况\n一、主要职责\n内容。\n二、机构设置\n内容。\n第二部分 决算情况说明\n一、收入支出决算总体情况\n"
                "内容。\n二、收入决算情况\n内容。\n三、支出决算情况\n内容。\n第三部分 名词解释\n一、财政拨款收入\n内容。\n",
    # run-in numbered paragraphs, some long enough to be read as items (a-004)
    "numbered-paragraphs": "三、支出决算情况\n一、一般公共服务支出决算数为 4837947 万元。比上年决算数增加 66 万元。\n"
                           "二、公共安全支出决算数为 3715822 万元，比上年决算数增加 212386 万元，主要是政法转移支付增加\n"
                           "三、教育支出决算数为 12874252 万元，比上年决算数增加 297438 万元，主要是义务教育投入增加\n"
                           "四、科学技术支出决算数为 1565323 万元。比上年决算数增加 96172 万元。\n",
    # an excerpt that starts at its second section, and 零、 (a-053, a-069, a-071)
    "starts-mid-way": "零、说明\n二、政府性基金预算收支情况\n内容。\n三、国有资本经营预算收支情况\n内容。\n",
    # （二） with a title of the template's top level is a second-level heading (28 MOF statements)
    "second-level-template-title": "一、财政收支总体情况\n（一）一般公共预算收入情况\n内容。\n（二）一般公共预算支出情况\n内容。\n"
                                   "二、政府性基金预算情况\n内容。\n",
    # a marker alone on its line, its text on the next (a-009, a-058)
    "marker-alone": "一、转移支付\n     10、边境地区转移支付支出 33.7 亿元；\n\n     11、\n"
                    "       巩固脱贫攻坚成果衔接乡村振兴转移支付支出 1 亿元；\n\n     12、一般公共服务共同财政事权转移支付 0.1 亿元；\n",
    # a list that goes on from a previous page: its first marker is not 1 (a-001, a-014, a-019)
    "list-continues": "一、主要职能\n4、负责财政收支管理。\n5、负责国库集中支付。\n6、承办交办事项。\n",
    # a heading whose sentence sets a figure off with spaces (a-010)
    "figure-in-heading": "一、项目决策\n4.绩效指标明确性分析。绩效目标中未设置指标。\n"
                         "5.预算编制科学性分析。省林草局储备库占地 1090 平方米，储备物资 12 种。\n6.资金分配合理性分析。内容。\n",
    # a 目录 whose page numbers stand on lines of their own above the leaders (d-001)
    "contents-page-numbers": "目\n录\n表一　收入决算情况表\n（１）\n………………………………\n说明一　关于收入决算情况的说明\n"
                             "（２）\n…………………………\n表二　支出决算情况表\n（５）\n………………………………\n"
                             "一、收入情况\n内容。\n",
    # a page counter glued to the start of lines by the conversion (d-008: 5/64.“三保”支出)
    "page-counters": "一、预算安排\n2/6康咸阳建设等。\n3.保工资支出。\n4/6升市级工业发展资金使用效益。\n"
                     "5/64.“三保”支出：即保基本民生。\n5.盘活存量资产。\n6/6支持做好招商引资工作。\n",
    # the wrapped end of a list of table numbers (c-013)
    "numerals-only": "一、概况\n内容。\n二、决算表\n见附表一至十三、\n十四、二十五、二十六）\n三、其他\n内容。\n",
    # a PDF table whose labels and figures the conversion set on lines of their own (Jiangsu budget books, held-out
    # PDFs): the numbered labels between lines of cells are rows, the row whose label was lost is no missing heading
    "rows-among-cells": "一、收入预算\n说明。\n二、支出预算\n说明。\n表四十二：政府性基金收入预算表\n项目\t预算数\n"
                        "\t300,000\t\n四、国有土地收益基金收入\n\t128,580\t\n\t5,100\t\n七、城市基础设施配套费收入\n"
                        "八、小型水库移民扶助基金收入\n九、车辆通行费 383,656\n三、其他事项\n说明。\n",
    # each table's notes number their own list after 注： (the debt tables of 预算 reports, held-out PDFs); the
    # second one joined to the caption of the table whose rows were taken out of the text
    "table-notes": "一、债务情况\n1.地方政府债务限额及余额情况表\n单位：亿元\n注：1.本表反映上年末债务余额。\n"
                   "2.本表由各级财政部门公开。\n债券发行及还本付息情况表\n项目\t金额\t备注\n发行额\t569.78\t-\n"
                   "注：1.本表反映本年度还本付息预算数。\n2.本表由各级财政部门公开。\n",
    # a note whose first item starts with a year (shandong, fresh held-out PDFs): 1.2023年 is no decimal
    "table-notes-year": "一、社会保险基金\n表21 社会保险基金收入决算表\n注：1.2023年预算数是指人代会批准的预算。\n"
                        "2.本表中收入包括保险费收入。\n表22 社会保险基金支出决算表\n项目\t金额\t备注\n支出\t100\t-\n"
                        "注：1.2023年预算数是指人代会批准的预算。\n2.本表中支出包括待遇支出。\n",
}


@pytest.mark.parametrize("name", sorted(SILENT))
def test_structures_of_real_reports_are_not_numbering_breaks(name: str) -> None:
    assert _numbering(SILENT[name]) == []


def test_a_backward_jump_is_one_finding_and_the_numbering_goes_on_from_it() -> None:
    text = "一、概况\n内容。\n二、收入\n内容。\n三、支出\n内容。\n五、绩效\n内容。\n三、问题\n内容。\n四、措施\n内容。\n五、其他\n内容。\n"
    found = _numbering(text)
    assert [(r, line) for r, line, _ in found] == [("NUMB001", 7), ("NUMB001", 9)]
    assert "缺少“四、”" in found[0][2] and "“五、”之后为“三、”" in found[1][2]


def test_a_gap_in_a_sub_list_names_both_markers_in_the_lists_style() -> None:
    text = "一、绩效分析\n（一）预算编制\n内容。\n（二）预算执行\n内容。\n（四）绩效目标\n内容。\n"
    [(rule, line, message)] = _numbering(text)
    assert (rule, line) == ("NUMB002", 6)
    assert message == "编号跳号：“（二）”之后应为“（三）”，文中为“（四）”"


def test_a_numbered_item_after_a_notes_first_item_is_judged_again_when_its_list_goes_on() -> None:
    # the note restarts its list; a gap after the note's second item is still a gap
    text = SILENT["table-notes"].replace("2.本表由各级财政部门公开。\n", "2.本表由各级财政部门公开。\n4.其他。\n", 1)
    assert [(r, line) for r, line, _ in _numbering(text)] == [("NUMB004", 6)]
    report = build_report("t.txt", SILENT["table-notes"])
    assert [(m.line, m.marker, m.kind) for m in report.markers if m.kind == "note"] == [(4, "1.", "note"), (9, "1.", "note")]


def test_a_heading_after_a_tables_last_cells_followed_by_its_first_item_stays_a_heading() -> None:
    text = ("一、收入\n说明。\n二、支出\n说明。\n三、债务\n表六十四：债务限额表\n项目\t金额\n\t1,246.00\t50.00\n"
            "四、草案说明\n现将有关情况说明如下。\n一、地方政府债务情况说明\n内容。\n")
    assert "四、" in [h.marker for h in build_report("t.txt", text).headings]
    assert _numbering(text) == []


def test_table_rows_are_in_the_model_and_not_headings() -> None:
    report = build_report("t.txt", SILENT["table-rows-wide-gaps"])
    # the rows with figures, and the row without figures after them; the two before the first row with
    # figures cannot be told from headings that introduce the table
    assert [(m.line, m.marker, m.kind) for m in report.markers] == [
        (8, "三、", "row"), (9, "四、", "row"), (10, "五、", "row")]
    assert [h.marker for h in report.headings] == ["一、", "二、", "一、", "二、", "三、"]


def test_parts_hold_their_own_sections() -> None:
    """第一部分 … 第三部分 (the Ministry of Finance 决算 template, a-001, c-006) are sections above 一、."""
    report = build_report("t.txt", SILENT["restarts"])
    parts = [s for s in report.sections if s.heading is not None and s.heading.style == "part"]
    assert [(p.heading.number, p.heading.title) for p in parts] == [(1, "部门概况"), (2, "决算情况说明"), (3, "名词解释")]
    # each part holds the 一、二、… that follow it
    assert [len(p.children) for p in parts] == [2, 3, 1]
    assert report.root.children == tuple(parts)


def test_table_rows_read_as_headings_do_not_break_the_top_level_numbering() -> None:
    # Jiangsu budget books (held-out PDFs): a table's rows flattened into numbered lines, each label and its figure
    # without a unit (一、利润收入 629,496), or the names of a 类 and its 款 run together; the numbering goes on
    # from the heading before the table once it is over (三、 … table rows 一、… 七、 … 四、草案说明)
    text = ("一、收入预算\n说明。\n二、支出预算\n说明。\n三、地方政府债务情况\n表六十三：债务限额及余额情况表\n"
            "一、2022年末地方政府一般债务余额实际数 7,391\n二、2023年末地方政府一般债务限额 8,171.28\n"
            "四、2023年地方政府一般债务还本额 1,184.04\n五、2023年末地方政府一般债务余额预计执行数 7,600.12\n"
            "六、2024年地方财政赤字\n七、2024年末地方政府一般债务限额\n表六十四：债券发行情况表\n项目\t金额\n"
            "四、草案说明\n现将有关情况说明如下。\n一、地方政府债务情况说明\n内容。\n")
    assert _numbering(text) == []
    # a heading that goes back past the heading before the table is still a regression
    back = text.replace("四、草案说明", "二、草案说明")
    assert [(r, line) for r, line, _ in _numbering(back)] == [("NUMB001", 15)]
    # a heading whose figure's unit the page's width sent to the next line (a-060) is no table row: a gap after it is
    # still told
    wrapped = "一、收入\n说明。\n二、彩票公益金安排的支出 20.1\n亿元。主要用于公益事业。\n四、其他\n说明。\n"
    assert [(r, line) for r, line, _ in _numbering(wrapped)] == [("NUMB001", 5)]
