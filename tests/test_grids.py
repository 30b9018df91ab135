"""Tables as data (auditor/grids.py) and the narrative checked against them (auditor/narrative.py, CHG004)."""

from __future__ import annotations

import pytest

from auditor.build import build_report
from auditor.grids import meaning, name_of, template_of
from auditor.runner import lint_text


@pytest.mark.parametrize(("header", "want"), [
    ("2023年决算数", (2023, "决算", False)),
    ("2024年预算数", (2024, "预算", False)),
    ("调整预算数", (None, "调整预算", False)),
    ("年初预算数", (None, "年初预算", False)),
    ("决算数为调整预算数的%", (None, "", True)),
    ("比上年增长%", (None, "", True)),
    ("决算数比预算数增减", (None, "", False)),
])
def test_a_header_says_a_columns_year_stage_and_percent(header: str, want: tuple[object, str, bool]) -> None:
    assert meaning(header) == want


def test_a_department_caption_names_its_template_and_a_governments_none() -> None:
    t = template_of("一般公共预算财政拨款基本支出决算表")
    assert t is not None and t.id == "一般公共预算财政拨款基本支出决算表" and t.number == 6
    t = template_of("2023年度收入支出决算总表")
    assert t is not None and t.id == "收入支出决算总表"
    assert template_of("2024年全省一般公共预算支出决算表") is None      # a government's table
    assert template_of("一般公共预算收入决算表") is None                # a fund's, not the department's 收入决算表


def test_a_row_name_loses_its_marker_code_and_quotes() -> None:
    assert name_of("二、公务用车购置及运行维护费") == "公务用车购置及运行维护费"
    assert name_of("“三公”经费支出合计") == "三公经费支出合计"
    assert name_of("2010101 行政运行") == "行政运行"
    assert name_of("（一）税收收入") == "税收收入"


# a-033 (fixtures/real): the header above a table set apart by spaces; an empty cell leaves no gap
SPACED = ("          2024年全省一般公共预算收入决算表\n"
          "                                                       单位：万元\n"
          "           项   目    预算数           调整预算数         决算数\n\n"
          "一、全省一般公共预算收入         47,868,908    45,232,034   43,926,669\n"
          " 税收收入                32,237,001    29,411,647   27,362,828\n"
          " 非税收入                15,631,907    15,820,387   16,563,841\n"
          "二、上级补助收入             49,481,739                 59,423,348\n")


def test_a_spaced_table_reads_its_headers_and_places_figures_under_them() -> None:
    r = build_report("t.txt", SPACED)
    (g,) = r.grids
    assert [(c.header, c.stage) for c in g.columns] == [("预算数", "预算"), ("调整预算数", "调整预算"), ("决算数", "决算")]
    assert g.unit == "万元"
    last = g.rows[-1]
    assert last.name == "上级补助收入"
    assert [q.text if q else None for q in last.figures] == ["49,481,739", None, "59,423,348"]


def test_header_words_packed_one_space_apart_each_name_a_column() -> None:
    text = ("“三公”经费决算表\n表九    单位：万元\n"
            "项目            2023年决算数 2022年决算数 2023年预算数\n"
            "“三公”经费支出合计                   7,471     7,021     10,433\n"
            "一、因公出国（境）费                     841         6      1,723\n"
            "三、公务接待费                        525       372      1,268\n")
    (g,) = build_report("t.txt", text).grids
    assert [(c.year, c.stage) for c in g.columns] == [(2023, "决算"), (2022, "决算"), (2023, "预算")]


def test_an_aligned_table_keeps_class_codes_and_levels() -> None:
    text = ("一般公共预算财政拨款支出决算表\n单位：万元\n"
            "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
            "201\t一般公共服务支出\t120.50\t100.20\t20.30\n"
            "20101\t人大事务\t120.50\t100.20\t20.30\n"
            "2010101\t行政运行\t100.20\t100.20\t\n"
            "2010102\t一般行政管理事务\t20.30\t\t20.30\n")
    (g,) = build_report("t.txt", text).grids
    assert g.template == "一般公共预算财政拨款支出决算表"
    assert [(r.code, r.level, r.name) for r in g.rows] == [
        ("201", 1, "一般公共服务支出"), ("20101", 2, "人大事务"), ("2010101", 3, "行政运行"),
        ("2010102", 3, "一般行政管理事务")]
    assert [c.header for c in g.columns] == ["合计", "基本支出", "项目支出"]
    assert [q.text if q else None for q in g.rows[3].figures] == ["20.30", None, "20.30"]


# a-065 (fixtures/real): 表九 and the 说明 under it
SANGONG = ("2023年“三公”经费决算表\n表九                                             单位：万元\n\n"
           "          项目            2023年决算数 2022年决算数 2023年预算数\n\n"
           "“三公”经费支出合计                   7,471     7,021     10,433\n\n"
           "一、因公出国（境）费                     841         6      1,723\n\n"
           "二、公务用车购置及运行维护费               6,106     6,644      7,441\n\n"
           "     公务用车购置                    919     1,791        958\n\n"
           "     公务用车运行维护费               5,186     4,853      6,483\n\n"
           "三、公务接待费                        525       372      1,268\n\n\n")


def _chg004(text: str) -> list[str]:
    return [f.message for f in lint_text(text, "t.txt").findings if f.rule == "CHG004"]


def test_a_change_the_table_does_not_give_is_reported_with_the_rows_figures() -> None:
    text = SANGONG + ("说明：2023年，“三公”经费支出合计7471万元，较2022年\n决算数增加450万元，增幅达6.4%。\n"
                      "二、公务用车购置及运行维护费。2023年公务用车购置及运行维护费较2022年减少540万元，降幅达\n8.1%。\n")
    (msg,) = _chg004(text)
    assert "6,644 − 6,106" in msg and "538" in msg and "540" in msg
    rels = [r for r in build_report("t.txt", text).relations if r.source == "prose-table-change"]
    assert [(r.result.text, r.holds) for r in rels] == [("450", True), ("540", False)]


def test_a_change_over_last_year_is_of_the_year_before_the_sentences() -> None:
    good = SANGONG + "三、公务接待费。2023年公务接待费525万元，较上年增加153万元，增幅达41.1%。\n"
    assert _chg004(good) == []
    assert len(_chg004(good.replace("增加153万元", "增加135万元"))) == 1


def test_a_sentence_whose_own_figure_is_not_the_tables_is_not_read() -> None:
    # 公务接待费 of another scope (a unit's, not the table's): its change is not the table's to judge
    text = SANGONG + "局机关2023年公务接待费52万元，较上年增加13万元。\n"
    assert [r for r in build_report("t.txt", text).relations if r.source == "prose-table-change"] == []


def test_a_row_two_tables_give_differently_is_not_read() -> None:
    other = SANGONG.replace("6,106     6,644", "6,206     6,644").replace("表九", "表十")
    text = SANGONG + other + "2023年公务用车购置及运行维护费较2022年减少540万元。\n"
    assert [r for r in build_report("t.txt", text).relations if r.source == "prose-table-change"] == []


# 公开表五 of a 部门预算 (Jiangsu, 2019), 功能科目: each row the sum of the rows coded under it
CODED = ("财政拨款支出预算表\n单位：万元\n科目编码\t科目名称\t金额\n\t合计\t18,330.37\n"
         "201\t一般公共服务支出\t13,907.78\n20101\t人大事务\t13,907.78\n2010101\t行政运行\t7,448.20\n"
         "2010102\t一般行政管理事务\t6,459.58\n221\t住房保障支出\t4,422.59\n22102\t住房改革支出\t4,422.59\n"
         "2210201\t住房公积金\t752.90\n2210202\t提租补贴\t3,669.69\n")


def _codes(text: str) -> list[tuple[str, bool]]:
    return [(r.result.text, r.holds) for r in build_report("t.txt", text).relations if r.source == "table-codes"]


def test_each_coded_row_is_the_sum_of_the_rows_coded_under_it() -> None:
    # 合计 over 201 and 221; 201 over 20101; 20101 over its 项; 221 over 22102 (22102's 项 run to the table's end
    # and add up, so they are read too)
    assert _codes(CODED) == [("18,330.37", True), ("13,907.78", True), ("13,907.78", True), ("4,422.59", True),
                             ("4,422.59", True)]


def test_a_wrong_kuan_figure_is_one_finding_that_names_it() -> None:
    text = CODED.replace("20101\t人大事务\t13,907.78", "20101\t人大事务\t13,970.78")
    found = [f for f in lint_text(text, "t.txt").findings if f.rule == "TABLE009"]
    assert len(found) == 1 and "13,970.78" in found[0].message and found[0].suggestion == "13,907.78"


def test_rows_running_to_the_tables_end_are_judged_only_when_they_add_up() -> None:
    text = CODED.replace("2210202\t提租补贴\t3,669.69", "2210202\t提租补贴\t3,600.69")
    assert ("4,422.59", False) not in _codes(text)       # 22102's 项 may go on past the table read


def test_a_table_a_page_break_cut_in_two_is_read_as_one() -> None:
    cut = CODED.replace("2010102\t一般行政管理事务\t6,459.58\n", "2010102\t一般行政管理事务\t6,459.58\n- 2 -\n")
    assert _codes(cut) == _codes(CODED)
    wrong = cut.replace("2010101\t行政运行\t7,448.20", "2010101\t行政运行\t7,484.20")
    assert ("13,907.78", False) in _codes(wrong)


def test_a_coded_row_left_out_of_the_table_as_text_stops_the_rows_above_it_being_judged() -> None:
    # the PDF reader set 2010103 outside the table, as a line of text: 20101's rows are not all in the table
    text = CODED.replace("2010102\t一般行政管理事务\t6,459.58\n",
                         "2010102\t一般行政管理事务\t6,400.00\n2010103 机关服务 59.58\n")
    assert ("13,907.78", False) not in _codes(text)


def test_a_caption_ruled_into_the_first_row_or_set_on_the_line_above_names_the_template() -> None:
    in_row = ("财政拨款支出预算表（功能科目）公开表五部门： 江苏省人大常委会办公厅 单位：万元\t\t\n"
              "功能科目编码\t功能科目名称\t金额\n\t合计\t18,330.37\n201\t一般公共服务支出\t13,907.78\n"
              "221\t住房保障支出\t4,422.59\n")
    (g,) = build_report("t.txt", in_row).grids
    assert (g.template, g.number) == ("财政拨款支出表", 5)
    assert [c.header for c in g.columns] == ["金额"]
    above = ("四、财政拨款收支预算总表部门： 江苏省人民检察院 单位：万元\n"
             "收入\t\t支出\t\n项目名称\t金额\t项目名称\t金额\n一、一般公共预算\t17,981.68\t一、基本支出\t12,308.48\n"
             "收入合计\t17,981.68\t支出合计\t17,981.68\n")
    (g,) = build_report("t.txt", above).grids
    assert g.template == "财政拨款收支总表"
    rel = [r for r in build_report("t.txt", above).relations if r.source == "table-template"]
    assert [(r.text, r.holds) for r in rel] == [("收入合计 17,981.68 = 支出合计", True)]


# 五、财政拨款支出预算表情况说明 of a 部门预算 (Jiangsu, 2017) and the table it explains
EXPLAINED = ("财政拨款支出预算表\n单位：万元\n科目编码\t科目名称\t金额\n\t合计\t13,641.34\n204\t公共安全支出\t13,641.34\n"
             "20404\t检察\t13,641.34\n2040401\t行政运行\t7,968.14\n2040402\t一般行政管理事务\t5,673.20\n"
             "五、财政拨款支出预算表情况说明\n其中：\n（一）公共安全（类）\n")


def _class_amounts(text: str) -> list[tuple[str, bool]]:
    return [(r.result.text, r.holds) for r in build_report("t.txt", text).relations if r.source == "prose-table-class"]


def test_an_amount_stated_for_a_class_path_is_the_rows_in_the_table_the_section_explains() -> None:
    ok = EXPLAINED + "1．检察（款）行政运行（项）支出 7968.14 万元，与上年相比增加 300.38 万元。\n"
    assert _class_amounts(ok) == [("7968.14", True)]
    assert _class_amounts(ok.replace("7968.14 万元", "7986.14 万元")) == [("7986.14", False)]
    # the 类/款/项 marks are often wrong: the names and the codes decide (检察 is the 款 whatever it is called)
    assert _class_amounts(ok.replace("检察（款）", "检察（类）")) == [("7968.14", True)]


def test_a_path_no_row_fits_or_a_lone_name_without_its_table_is_not_read() -> None:
    assert _class_amounts(EXPLAINED + "1．检察（款）案件审判（项）支出 100 万元。\n") == []
    loose = EXPLAINED.replace("五、财政拨款支出预算表情况说明", "三、支出预算情况说明")
    assert _class_amounts(loose + "1．行政运行（项）支出 7968.14 万元。\n") == []


# 十、一般公共预算机关运行经费支出预算表情况说明 (Jiangsu, 2017): the section opens with its table's total
RUNNING = ("一般公共预算机关运行经费支出预算表\n单位：万元\n科目编码\t科目名称\t金额\n\t合计\t6,032.55\n"
           "302\t商品和服务支出\t5,890.55\n30201\t办公费\t5,890.55\n310\t其他资本性支出\t142.00\n31002\t办公设备购置\t142.00\n")


def _totals(text: str) -> list[tuple[str, bool]]:
    return [(r.result.text, r.holds) for r in build_report("t.txt", text).relations if r.source == "prose-table-total"]


def test_the_section_explaining_a_table_opens_with_its_total() -> None:
    text = RUNNING + ("十、一般公共预算机关运行经费支出预算表情况说明\n本表反映部门机关运行经费情况。\n"
                      "2017年本部门一般公共预算机关运行经费预算支出6032.55万元，比2016年增加3401.59万元。\n")
    assert _totals(text) == [("6032.55", True)]
    assert _totals(text.replace("预算支出6032.55万元", "预算支出0万元")) == [("0", False)]


def test_a_first_amount_that_is_a_part_or_a_change_is_not_the_total() -> None:
    text = RUNNING + ("十、一般公共预算机关运行经费支出预算表情况说明\n"
                      "比2016年增加3401.59万元，其中办公费5890.55万元。\n")
    assert _totals(text) == []
    sangong = ("“三公”经费、会议费、培训费支出预算表\n单位：万元\n合计\t“三公”经费\t会议费\t培训费\n2542.60\t833.60\t1305.25\t403.75\n"
               "九、“三公”经费、会议费、培训费支出预算表情况说明\n2017年度“三公”经费预算833.60万元。\n")
    assert _totals(sangong) == []       # its 合计 holds 会议费 and 培训费 too


def _orders(text: str) -> list[tuple[str, str, bool]]:
    return [(r.result.text, r.computed, r.holds) for r in build_report("t.txt", text).relations
            if r.source == "prose-order"]


def test_a_final_said_to_exceed_its_budget_must_exceed_it() -> None:
    item = "{n}行政运行（项）。年初预算为{b}万元，支出决算为{f}万元。决算数{w}年初预算数的主要原因是…。"
    text = item.format(n=1, b="100.00", f="95.00", w="小于") + item.format(n=2, b="80.00", f="90.00", w="大于")
    assert _orders(text) == [("95.00", "小于", True), ("90.00", "大于", True)]
    # one paragraph: each direction reads the figures after the one before, the second item's are its own
    assert _orders(text.replace("决算数大于", "决算数小于")) == [("95.00", "小于", True), ("90.00", "大于", False)]
    assert _orders("年初预算为100.0万元，支出决算为100.04万元。决算数与年初预算数持平。") == [("100.04", "等于", True)]


def test_a_bare_budget_with_two_budgets_before_it_is_not_read() -> None:
    text = "年初预算为100.00万元，调整预算为120.00万元，支出决算为110.00万元。决算数大于预算数。"
    assert _orders(text) == []
    assert _orders(text.replace("决算数大于预算数", "决算数小于调整预算数")) == [("110.00", "小于", True)]


def _two_tables(caption: str, total: str) -> list[list[str]]:
    """The rows of a PDF table that ruled two tables into one: 支出预算总表, then the one ``caption`` names."""
    return [["支出预算总表", "", ""], ["合计", "基本支出", "项目支出"], ["13,649.07", "7,666.68", "5,982.39"],
            [caption, "", ""], ["功能科目编码", "功能科目名称", "金额"], ["", "合计", total],
            ["201", "一般公共服务支出", total], ["20101", "人大事务", total], ["2010101", "行政运行", total]]


def test_a_caption_row_inside_a_pdf_table_starts_the_next_table() -> None:
    from auditor.sources.pdf import _table
    table, rendered = _table(_two_tables("财政拨款支出预算表", "13,649.07"), 1, 0)
    text = "\n".join(rendered) + "\n"
    grids = build_report("t.pdf", text, None, (table,), ()).grids
    assert [g.template for g in grids] == ["部门支出总表", "财政拨款支出表"]
    assert [c.header for c in grids[0].columns] == ["合计", "基本支出", "项目支出"]


def test_the_total_of_a_table_a_pdf_ruled_with_another_is_its_own() -> None:
    from auditor.sources.pdf import _table
    table, rendered = _table(_two_tables("财政拨款支出预算表 单位：万元", "13,600.00"), 1, 0)
    text = "\n".join(rendered) + "\n五、财政拨款支出预算表情况说明\n2017年财政拨款预算支出13600.00万元。\n"
    rels = [r for r in build_report("t.pdf", text, None, (table,), ()).relations if r.source == "prose-table-total"]
    assert [(r.result.text, r.holds) for r in rels] == [("13600.00", True)]


def test_staff_and_office_costs_are_the_basic_tables_economic_classes() -> None:
    text = ("财政拨款基本支出预算表\n单位：万元\n科目编码\t科目名称\t金额\n\t合计\t12,308.48\n301\t工资福利支出\t5,343.83\n"
            "30101\t基本工资\t5,343.83\n302\t商品和服务支出\t2,598.06\n30201\t办公费\t2,598.06\n"
            "303\t对个人和家庭的补助\t4,366.59\n30302\t退休费\t4,366.59\n"
            "六、财政拨款基本支出预算表情况说明\n2017年度财政拨款基本支出预算12308.48万元，其中：\n"
            "（一）人员经费 9710.42 万元。主要包括：基本工资、退休费。\n（二）公用经费 2598.06 万元。主要包括：办公费。\n")
    rels = [(r.result.text, r.holds) for r in build_report("t.txt", text).relations if r.source == "prose-table-econ"]
    assert rels == [("9710.42", True), ("2598.06", True)]
    wrong = [(r.result.text, r.holds) for r in build_report("t.txt", text.replace("公用经费 2598.06", "公用经费 2589.06"))
             .relations if r.source == "prose-table-econ"]
    assert wrong == [("9710.42", True), ("2589.06", False)]


def test_a_unit_a_pdf_ran_words_onto_is_still_the_unit() -> None:
    text = ("财政拨款支出预算表 单位：万元常委会办公厅\n科目编码\t科目名称\t金额\n201\t一般公共服务支出\t13,907.78\n"
            "20101\t人大事务\t13,907.78\n2010101\t行政运行\t13,907.78\n")
    (g,) = build_report("t.txt", text).grids
    assert g.unit == "万元"


# a 部门预算 PDF (Jiangsu, 2018): the part heading above the first table, then a numbered heading that is the table's
# caption with its unit glued on; the model's caption is the part heading
BOOK = ("第二部分 某单位2018年度预算表\n一、2018年度某单位收支预算总表单位：万元\n\t收入\t\t支出\t\n"
        "\t项目名称\t金额\t项目名称\t金额\n\t一、财政拨款\t100.00\t一、基本支出\t60.00\n"
        "\t二、其他资金\t10.00\t二、项目支出\t50.00\n\t当年收入小计\t110.00\t当年支出小计\t110.00\n"
        "\t收入合计\t110.00\t支出合计\t120.00\n二、2018年度某单位收入预算总表单位：万元\n\t项目\t金额\n\t收入总计\t110.00\n")


def test_a_numbered_heading_right_above_a_table_that_names_a_standard_table_is_its_caption() -> None:
    report = build_report("t", BOOK)
    assert report.grids[0].template == "部门收支总表"
    found = [f for f in lint_text(BOOK, "t.txt").findings if f.rule == "TABLE010"]
    assert len(found) == 1 and "收入合计 110.00 = 支出合计，表中为 120.00" in found[0].message
    assert [f.rule for f in lint_text(BOOK.replace("支出合计\t120.00", "支出合计\t110.00"), "t.txt").findings
            if f.severity != "info"] == []
    # a heading right above that names no standard table: no template, nothing judged as one
    other = BOOK.replace("一、2018年度某单位收支预算总表单位：万元", "一、2018年度某单位预算收支情况单位：万元")
    assert build_report("t", other).grids[0].template == ""


def test_the_caption_right_above_a_table_wins_over_the_caption_of_the_table_before() -> None:
    # a 部门预算 PDF (Jiangsu, 2019): 公开04表's caption carries the department and the unit on its line; the model gave
    # the table 03表's caption
    text = ("公开 03表支出预算总表\n部门名称：某单位 单位：万元\n\t合计\t基本支出\t项目支出\t\n110.00\t60.00\t50.00\t\n"
            "公开 04表财政拨款收支预算总表部门名称：某单位 单位:万元\n收入\t\t支出\t\n项目名称\t金额\t项目名称\t金额\n"
            "一、一般公共预算\t110.00\t一、基本支出\t60.00\n二、政府性基金预算\t\t二、项目支出\t50.00\n"
            "收入合计\t110.00\t支出合计\t120.00\n公开05表财政拨款支出预算表（功能科目）\n")
    assert [g.template for g in build_report("t", text).grids][:2] == ["部门支出总表", "财政拨款收支总表"]
    found = [f for f in lint_text(text, "t.txt").findings if f.rule == "TABLE010"]
    assert len(found) == 1 and "表2（财政拨款收支总表）" in found[0].message


def test_a_class_whose_listed_kuan_fall_short_without_a_withheld_kuan_is_not_judged() -> None:
    # heilongjiang 2020-2024 (fresh held-out PDFs): 204 公共安全支出 above 20401, 20402, 20404 … without 20403 国家安全,
    # which many governments do not publish; the 类 row includes it
    text = ("一般公共预算支出决算表\n单位：万元\n科目编码\t科目名称\t决算数\n204\t公共安全支出\t2,000\n"
            "20401\t武装警察部队\t100\n20402\t公安\t800\n20404\t检察\t300\n20405\t法院\t400\n"
            "221\t住房保障支出\t500\n22102\t住房改革支出\t500\n")
    assert ("2,000", False) not in _codes(text)
    # listed 款 that add up to more than their 类 are wrong whatever is withheld
    assert ("1,000", False) in _codes(text.replace("204\t公共安全支出\t2,000", "204\t公共安全支出\t1,000"))
    # and a class of ordinary 款 whose rows fall short is a contradiction
    ordinary = text.replace("20404\t检察\t300\n", "20403\t国家安全\t300\n")
    assert ("2,000", False) in _codes(ordinary)
