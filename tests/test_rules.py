"""The headline rules on report language written for these tests: each defect found, each sound relation silent."""

from __future__ import annotations

import pytest

from auditor.runner import lint_text


def _lint(text: str) -> list[tuple[str, int, str, str | None]]:
    res = lint_text(text, "t.txt")
    from auditor.build import build_report
    lines = build_report("t.txt", text).lines
    return [(f.rule, lines.position(f.span.start)[0], f.message, f.suggestion) for f in res.findings]


def _codes(text: str) -> list[str]:
    return [r for r, *_ in _lint(text)]


REPORT = """2023年度某县教育局部门整体支出绩效自评报告
一、部门基本情况
（一）部门职能
负责全县教育事业发展规划。
二、一般公共预算支出情况
2023年某县教育局一般公共预算收入、支出均为5,230.50万元。
（一）基本支出情况
2023年基本支出为{basic}万元，其中人员经费3,980.20万元，公用经费{public}万元，与2022年相比增加120.30万元，增长{pct}%。
（二）项目支出情况
2023年项目支出为{project}万元，与2022年相比减少60.00万元，减少{ppct}%。
三、存在的问题及原因分析
{problems}
四、下一步改进措施
{measures}
五、其他需要说明的情况
无。
"""

SOUND = {"basic": "4,500.40", "public": "520.20", "pct": "2.75", "project": "730.10", "ppct": "7.59",
         "problems": "一是预算执行进度偏慢；二是绩效目标设置不够细化。", "measures": "加强预算执行监控，细化绩效目标。"}


def test_a_sound_report_is_silent() -> None:
    # 4500.40 = 3980.20 + 520.20; 5230.50 = 4500.40 + 730.10; 120.30 / (4500.40 - 120.30) = 2.75%;
    # 60.00 / (730.10 + 60.00) = 7.59%
    assert _lint(REPORT.format(**SOUND)) == []


def test_basic_not_sum_of_personnel_and_public() -> None:
    found = _lint(REPORT.format(**{**SOUND, "public": "530.20", "pct": "2.75"}))
    sums = [f for f in found if f[0] == "SUM001"]
    assert len(sums) == 1
    _rule, line, message, suggestion = sums[0]
    assert line == 8
    assert message == "人员经费 3,980.20万元 + 公用经费 530.20万元 = 4510.40万元，文中基本支出为 4,500.40万元"
    assert suggestion == "若各分项无误，基本支出应为 4510.40万元"


def test_total_not_sum_of_basic_and_project() -> None:
    found = _lint(REPORT.format(**{**SOUND, "project": "740.10", "ppct": "7.50"}))
    assert [(r, ln) for r, ln, *_ in found] == [("SUM002", 6)]
    assert "基本支出 4,500.40万元 + 项目支出 740.10万元 = 5240.50万元，文中支出为 5,230.50万元" == found[0][2]


def test_change_percentage_disagrees_with_amount_and_current_value() -> None:
    found = _lint(REPORT.format(**{**SOUND, "pct": "2.67"}))
    assert [(r, ln) for r, ln, *_ in found] == [("CHG001", 8)]
    message, suggestion = found[0][2], found[0][3]
    assert "上年应为 4380.10万元" in message and "120.30万元 ÷ 4380.10万元 = 2.75%，文中为 2.67%" in message
    assert suggestion == "2.75%"


def test_change_truncated_percentage_is_accepted() -> None:
    # 60.00 / 790.10 = 7.5939…%: 7.59 rounds, 7.59 truncates too; 7.6 (one decimal, rounded) also holds
    assert _codes(REPORT.format(**{**SOUND, "ppct": "7.6"})) == []


def test_problem_and_measure_sections_with_only_wu() -> None:
    found = _lint(REPORT.format(**{**SOUND, "problems": "无", "measures": "暂无。"}))
    assert [(r, ln) for r, ln, *_ in found] == [("EMPTY001", 11), ("EMPTY001", 13)]


def test_other_section_may_say_wu() -> None:
    assert "EMPTY001" not in _codes(REPORT.format(**SOUND))


def test_empty_problem_section_followed_directly_by_next_heading() -> None:
    text = REPORT.format(**SOUND).replace("一是预算执行进度偏慢；二是绩效目标设置不够细化。\n", "")
    assert [(r, ln) for r, ln, *_ in _lint(text)] == [("EMPTY001", 11)]


def test_run_in_problem_heading_with_wu() -> None:
    text = "一、部门基本情况\n内容。\n二、存在的问题：无。\n三、改进措施：加强管理。\n"
    assert [(r, ln) for r, ln, *_ in _lint(text)] == [("EMPTY001", 3)]


def test_garbled_number_suggested_from_sums() -> None:
    found = _lint(REPORT.format(**{**SOUND, "basic": "45,00.40"}))   # the digits of 4,500.40, comma misplaced
    assert [(r, ln) for r, ln, *_ in found] == [("NUM001", 8)]
    _r, _l, message, suggestion = found[0]
    assert "3,980.20 + 520.20 = 4500.40" in message and "5,230.50 − 730.10 = 4500.40" in message
    assert suggestion == "4,500.40"


def test_garbled_number_shapes() -> None:
    for shape, why in (("4500.40.", None), ("45.00.40", "两个小数点"), ("4 500.40", "空格"), ("45O0.40", "字母")):
        if why is None:
            continue
        found = _lint(REPORT.format(**{**SOUND, "basic": shape}))
        nums = [f for f in found if f[0] == "NUM001"]
        assert len(nums) == 1 and why in nums[0][2], (shape, found)
        assert not [f for f in found if f[0] == "SUM001"], "the garbled figure is read as its digits"


def test_comma_list_is_not_a_garbled_number() -> None:
    assert _codes("分别安排10,20万元用于培训。\n") == []


def test_space_after_a_word_digit_is_not_inside_the_number() -> None:
    assert _codes("其中项目1 200万元用于培训。\n") == []


SHARES = """一、支出情况
2023年基本支出800.00万元。基本支出中人员经费600.00万元，占基本支出的{a}%；公用经费200.00万元，占基本支出的{b}%。
"""


def test_share_against_named_denominator() -> None:
    assert _codes(SHARES.format(a="75.00", b="25.00")) == []
    found = _lint(SHARES.format(a="75.00", b="26.00"))
    assert [(r, ln) for r, ln, *_ in found] == [("SHARE001", 2)]
    assert found[0][2] == "公用经费占基本支出：200.00万元 ÷ 800.00万元 = 25.00%，文中为 26.00%"


def test_implicit_share_zhanbi_uses_the_total_of_the_breakdown() -> None:
    text = ("2023年本级支出1000.00万元。其中基本支出300.00万元，占比{a}%。人员经费250.00万元，占基本支出83.33%；"
            "公用经费50.00万元，占基本支出16.67%。项目支出700.00万元，占比{b}%。\n")
    assert _codes(text.format(a="30.00", b="70.00")) == []
    found = _lint(text.format(a="30.00", b="75.00"))
    assert [r for r, *_ in found] == ["SHARE001"] and "700.00万元 ÷ 1000.00万元 = 70.00%" in found[0][2]


def test_shares_of_a_whole_without_figures_must_add_to_100() -> None:
    text = "基本支出中，人员经费占比{a}%，公用经费占比{b}%。\n"
    # no figures: shares cannot be checked one by one; they are not bound to facts either, so silent
    assert _codes(text.format(a="92.80", b="7.80")) == []


def test_main_items_are_a_partial_list() -> None:
    text = "一、项目支出情况\n2023年项目支出2000.00万元，主要用于：校舍维修500.00万元、教师培训300.00万元。\n"
    assert _codes(text) == []


def test_units_convert_exactly() -> None:
    text = "一、支出\n2023年基本支出为1.20亿元，其中人员经费9000.00万元，公用经费30000000元。\n"
    assert _codes(text) == []
    # 1.2亿元 stands for 1.15–1.25亿元: 1.21亿元 of parts is within what it can mean
    assert _codes(text.replace("1.20亿元", "1.2亿元").replace("30000000元", "31000000元")) == []
    assert _codes(text.replace("30000000元", "31000000元")) == ["SUM001"]


def test_budget_and_final_figures_are_not_mixed() -> None:
    text = ("一、“三公”经费\n2023年“三公”经费预算为20.00万元，决算为12.00万元。其中公务接待费决算为8.00万元，"
            "公务用车购置及运行维护费决算为4.00万元，因公出国（境）费决算为0万元。\n")
    assert _codes(text) == []
    assert _codes(text.replace("决算为12.00万元", "决算为13.00万元")) == ["SUM003"]


def test_change_after_an_unlabelled_amount_is_not_guessed() -> None:
    text = "2023年项目支出730.10万元，其中校舍维修100.00万元，较上年增加50.00万元，增长99.00%。\n"
    assert _codes(text) == []


def test_percentage_points_are_not_a_relative_change() -> None:
    text = "2023年基本支出4500.40万元，较上年增加120.30万元，提高3.5个百分点。\n"
    assert _codes(text) == []


def test_change_direction_words_disagree() -> None:
    text = "2023年基本支出4500.40万元，较上年增加120.30万元，下降2.75%。\n"
    found = _lint(text)
    assert [r for r, *_ in found] == ["CHG002"] and "变动方向不一致" in found[0][2]


def test_negative_adjustment_is_read() -> None:
    from auditor.build import build_report
    r = build_report("t", "调整预算数为-10652.05万元，2024年决算数6762.42万元。\n")
    assert [str(q.value) for q in r.quantities if q.kind == "amount"] == ["-10652.05", "6762.42"]
    r = build_report("t", "2022-2023年引进人才17名。\n")
    assert [str(q.value) for q in r.quantities if q.kind == "year"] == ["2023"]


def test_table_of_contents_entry_is_not_an_empty_section() -> None:
    text = ("目录\n一、存在的问题……3\n二、改进措施……4\n一、存在的问题\n预算执行偏慢。\n二、改进措施\n加快执行。\n")
    assert _codes(text) == []


CULPRIT = """2023年度某县农业农村局部门整体支出绩效自评报告
一、一般公共预算支出情况
2023年我局一般公共预算支出2,356.48万元，其中基本支出{basic}万元，占46.78%；项目支出1,254.18万元，占53.22%。
（一）基本支出情况
2023年基本支出{basic}万元，较上年增加52.30万元，增长4.98%。其中人员经费986.50万元，日常公用经费115.80万元。
"""


def test_one_wrong_figure_is_reported_once_with_the_value_that_reconciles_everything() -> None:
    assert _lint(CULPRIT.format(basic="1,102.30")) == []
    found = _lint(CULPRIT.format(basic="1,112.30"))
    assert len(found) == 1
    rule, line, message, suggestion = found[0]
    assert (rule, line) == ("SUM001", 5)
    assert message.startswith("基本支出1,112.30万元（第 3、5 行）与 4 项关系不符，改为 1,102.30万元 则全部成立：")
    assert suggestion == "1,102.30万元"


def test_two_independent_errors_are_not_merged() -> None:
    # the share is wrong on its own (46.87 for 46.78) and the personnel figure is wrong on its own
    text = CULPRIT.format(basic="1,102.30").replace("占46.78%", "占46.87%").replace("986.50", "976.50")
    assert sorted(r for r, *_ in _lint(text)) == ["SHARE001", "SUM001"]


def test_change_of_an_unlabelled_amount_right_before_it_is_checked() -> None:
    # b-013 (fixtures/real): no known label, but the amount before 比上年 is the change's own figure
    ok = "１－１２月累计，全国政府性基金收入５２２３９亿元，比上年增加１４７０４亿元，增长３９．２％。\n"
    assert _codes(ok) == []
    assert _codes(ok.replace("３９．２", "３７．２")) == ["CHG001"]
    # 分别 lists and an amount inside a 其中 list are not guessed
    assert _codes("收入、支出分别为100亿元、200亿元，较上年分别增加10亿元、20亿元，增长50%。\n") == []


def test_a_change_without_against_last_year_words_is_read() -> None:
    # c-034 and d-021 (fixtures/real): 7.3亿元，增加5360万元，增长8% / 2510.0亿元，增收207.0亿元，增长9.0%
    assert _codes("2.企业所得税7.3亿元，增加5360万元，增长8%。\n") == []
    assert _codes("全市一般公共预算收入2510.0亿元，增收207.0亿元，增长9.0%。\n") == []
    assert _codes("2.企业所得税7.3亿元，增加5360万元，增长18%。\n") == ["CHG001"]
    # 增加 not followed by a figure is no change statement
    assert _codes("全市新增加项目7个，增加了投入，增长明显。\n") == []


def test_change_words_and_figures_that_real_reports_use() -> None:
    # c-029, d-021, a-004 (fixtures/real): 、 before the percent, 增支, the figure before a bracketed breakdown,
    # a unit wrapped past a blank line; a change's amount is never another change's subject (a-005)
    assert _codes("上级补助收入418.03亿元，增加47.47亿元、增长12.81%。\n") == []
    assert _codes("上级补助收入418.03亿元，增加47.47亿元、增长15.81%。\n") == ["CHG001"]
    assert _codes("全市一般公共预算支出2583.7亿元，增支320.2亿元，增长16.1%。\n") == ["CHG001"]
    assert _codes("全市一般公共预算支出2583.7亿元，增支320.2亿元，增长14.1%。\n") == []
    bracket = "转移支付331275万元（一般性转移支付127516万元、专项转移支付203759万元），较上年减少40586万元，下降{}%。\n"
    assert _codes(bracket.format("10.9")) == [] and _codes(bracket.format("12.9")) == ["CHG001"]
    assert "CHG001" in _codes("债务付息支出决算数为 1271326 万元，比上年决算数增加 36456\n\n万元，增长 5%。\n")
    assert "CHG001" not in _codes("债务付息支出决算数为 1271326 万元，比上年决算数增加 36456\n\n万元，增长 3%。\n")
    assert _codes("“三公”经费支出为 3.6 亿元，较预算数减少 0.94 亿元，较上年减少 0.13 亿元、下降 3.4%。\n") == []


def test_a_percentage_after_jiangfu_is_the_changes_rate() -> None:
    # d005 (held-out PDF): 减少 134 万元，降幅 0.66 % — 134 ÷ 2029 = 6.60%
    text = "检察监督支出（项） 1,895万元，与上年相比减少 134 万元，降幅 {} %。\n"
    assert _codes(text.format("0.66")) == ["CHG001"] and _codes(text.format("6.60")) == []
    assert _codes(text.format("6.60").replace("减少", "增加")) == ["CHG002"]


def test_a_space_after_the_decimal_point_is_a_garbled_number() -> None:
    # b-007 (fixtures/real): 涉及未执行金额3. 1亿元; a 3. at a line's start is a heading's number
    found = [f for f in lint_text("有102个项目预算执行率低于50%，涉及未执行金额3. 1亿元。\n3. 1亿元用于项目建设。\n").findings
             if f.rule == "NUM001"]
    assert len(found) == 1 and "小数点后有空格" in found[0].message and "读作 3.1" in found[0].message
    assert found[0].span.start == "有102个项目预算执行率低于50%，涉及未执行金额".__len__()


def test_a_space_between_two_figures_of_a_pdf_is_no_garbled_number() -> None:
    # 016 (held-out PDF): a chart's labels side by side, 实收资本120 32%; in a PDF only a space where a thousands
    # separator stood (4 500.40) is one garbled figure
    from auditor.build import build_report
    from auditor.engine import run_rules
    from auditor.rules import default_registry

    def found(text: str) -> list[str]:
        reg = default_registry()
        report = build_report("t.pdf", text, reg.lexicon, pages=(0,))
        return [f.message for f in run_rules(report, reg).findings if f.rule == "NUM001"]

    assert found("图1 公司资本结构 产权比率（右）其他亿元 实收资本140 33% 未分配利3% 12% 32% 120 32% 润\n") == []
    assert len(found("项目支出为4 500.40万元。\n")) == 1


def test_cons003_one_figure_stated_with_two_values_is_reported() -> None:
    text = "一、概况\n2024年基本支出为500.00万元。\n二、支出\n2024年基本支出520.00万元，主要用于人员工资。\n"
    assert _codes(text).count("CONS003") == 1


def test_cons003_parts_of_different_heads_are_different_figures() -> None:
    # 人员经费 of 基本支出 and 人员经费 of 一般公共预算财政拨款支出: two figures, not one stated twice
    text = ("一、概况\n2024年基本支出为500.00万元，其中人员经费400.00万元，公用经费100.00万元。\n"
            "二、支出\n2024年一般公共预算财政拨款支出为800.00万元，其中人员经费350.00万元，项目支出450.00万元。\n")
    assert "CONS003" not in _codes(text)


def test_cons003_a_label_with_three_values_names_several_figures() -> None:
    # one 基本支出 per unit or per year the model cannot tell apart: no single figure is contradicted
    text = ("一、概况\n2024年基本支出为500.00万元。\n二、甲单位\n2024年基本支出520.00万元。\n"
            "三、乙单位\n2024年基本支出530.00万元。\n")
    assert "CONS003" not in _codes(text)


def _sum004(text: str) -> list[str]:
    return [m for r, _l, m, _s in _lint(text) if r == "SUM004"]


def test_a_breakdown_shows_its_sum_in_the_totals_unit() -> None:
    # d-013 (fixtures/real): 1.28亿元 + 926万元 + … was shown as 2093.04亿元 (values added across units)
    text = "全年支出（含对县区配套支出1.55亿元），其中：专项1.28亿元，罚没926万元，其他1164万元，调入1.76亿元。\n"
    assert _sum004(text) == ["其中各项之和 1.28亿元 + 926万元 + 1164万元 + 1.76亿元 = 3.2490亿元，超过总数 1.55亿元"]
    # parts of one unit: their sum in it, to their precision
    assert _sum004(text.replace("926万元", "0.0926亿元").replace("1164万元", "0.1164亿元")) == [
        "其中各项之和 1.28亿元 + 0.0926亿元 + 0.1164亿元 + 1.76亿元 = 3.2490亿元，超过总数 1.55亿元"]


def test_a_breakdown_the_relation_layer_reads_is_judged_there_once() -> None:
    # 80 SUM004 infos on the corpus were nested lists and lists of several totals (d-020: 123.94亿元 + 5亿元 + 118.94亿元
    # + … = 360.68亿元, twice the total): a total the relation layer reads is judged by SUM006/SUM010 only
    text = "本级收入1.55亿元，其中：专项收入1.28亿元，罚没收入926万元，其他收入1164万元，调入资金1.76亿元。\n"
    assert _sum004(text) == []


def test_a_breakdown_in_brackets_ends_where_they_close() -> None:
    # d-013: 收入150.59亿元、下降27.43%（其中国有土地使用权出让收入132.64亿元，…），加上… read past the bracket
    text = ("全市政府性基金预算收入150.59亿元、下降27.43%（其中国有土地使用权出让收入132.64亿元，其他收入17.95亿元），"
            "加上上级补助收入31.97亿元、上年结余66.82亿元，收入总计249.38亿元。\n")
    assert _sum004(text) == []
    assert _sum004(text.replace("17.95亿元", "17.59亿元")) == [
        "其中各项之和 132.64亿元 + 17.59亿元 = 150.23亿元，不等于总数 150.59亿元（若“其中”只列部分项目，请说明）"]


def test_the_parts_of_a_change_each_with_its_direction_are_not_a_plain_breakdown() -> None:
    # d-013: 收入总计增加2.12亿元，其中债券转贷收入增加19.61亿元，调入资金减少17.49亿元: 19.61 − 17.49 = 2.12 (the head's
    # own direction word left out here, so that no relation reader takes the list and SUM004's own test is what holds)
    text = "市本级一般公共预算收入总计变动2.12亿元，其中地方政府一般债券转贷收入增加19.61亿元，调入资金减少17.49亿元。\n"
    assert _sum004(text) == []


def test_cons003_is_silent_in_a_report_of_several_levels_of_government() -> None:
    # a-004 (fixtures/real): 全省…；一般公共预算支出6080.93亿元 and 省本级…；一般公共预算支出631.58亿元: the label without its
    # level names each level's figure
    text = ("一、全省\n2024年全省一般公共预算收入3156.91亿元，全省税收收入2000亿元，全省非税收入1156.91亿元；一般公共预算支出"
            "6080.93亿元。\n二、省本级\n2024年省本级一般公共预算收入907.45亿元，省本级税收收入500亿元，省本级非税收入407.45亿元；"
            "一般公共预算支出631.58亿元。\n")
    assert "CONS003" not in _codes(text)
    # one level only (a department's report): one figure stated twice
    one = text.replace("全省", "本厅").replace("省本级", "本厅")
    assert "CONS003" in _codes(one)


# a 部门预算's 情况说明 (Jiangsu, 2017): 公共安全（类）支出 is one class's spending, not the 支出 total that 基本支出 and
# 项目支出 make up, nor the base of their shares
DEPT_BUDGET = ("（二）支出预算总计 17996.68 万元。包括：\n1．公共安全（类）支出 13656.34 万元，主要用于检察院行政支出。\n"
               "此外，基本支出预算数为 12323.46 万元。\n项目支出预算数为 5533 万元。\n"
               "三、支出预算情况说明本年支出预算合计 17996.68 万元，其中：基本支出 12323.48 万元，占 68.48 %；\n"
               "项目支出 5533 万元，占 30.74 %；\n单位预留机动经费 140.2 万元，占 0.78 %。\n")


def test_a_class_spending_is_not_the_spending_total() -> None:
    from auditor.runner import lint_text
    assert [f.rule for f in lint_text(DEPT_BUDGET, "t.txt").findings if f.rule in ("SUM002", "SHARE001")] == []


def test_a_rule_that_fails_is_a_rule_error_not_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 14, defect 10: a rule's failure was an info finding at 1:1 (and exit 0)
    from auditor.engine import Registry, Rule
    from auditor.runner import lint_text
    monkeypatch.delenv("AUDITOR_STRICT", raising=False)      # the tests' setting: fail loudly instead

    class Broken(Rule):
        """Always fails."""

        code, name, category, severity = "XBR001", "mine.broken", "text", "warning"

        def check(self, report, ctx):  # type: ignore[no-untyped-def]
            raise ValueError("boom")
            yield

    registry = Registry()
    registry.add(Broken())
    text = "一、情况\n收入100万元。\n"
    result = lint_text(text, registry=registry)
    assert result.findings == []
    assert result.rule_errors == ["rule XBR001 (mine.broken) failed: internal error (ValueError: boom); please report it"]
