"""Relations of tables: 合计 columns and rows (TABLE001) judged only where the table shows them to be totals,
and column relations read from the rows where they hold (TABLE004-006, auditor/columns.py)."""

from __future__ import annotations

from pathlib import Path

from auditor.build import build_report
from auditor.runner import lint_text


def _rules(text: str, *codes: str) -> list[tuple[str, int]]:
    res = lint_text(text, "t.txt")
    return [(f.rule, text.count("\n", 0, f.span.start) + 1) for f in res.findings if not codes or f.rule in codes]


# the shape of a 预算执行 table: 合计 heads a group of columns (快报数 同期数 增幅%), it does not total them
GROUPED = ("项目\t合计\t同期数\t增幅%\t税收\t同期数\t增幅%\n"
           "全市\t876819\t842310\t4.1\t576452\t551203\t4.6\n"
           "市本级\t300367\t291107\t3.2\t201345\t198763\t1.3\n"
           "区县\t576452\t551203\t4.6\t375107\t352440\t6.4\n")


def test_a_total_heading_a_group_of_columns_is_not_a_row_total() -> None:
    assert _rules(GROUPED, "TABLE001") == []


def test_a_total_column_that_totals_still_reports_a_row_that_does_not() -> None:
    text = ("项目\t合计\t基本支出\t项目支出\n一般公共服务\t120.50\t100.20\t20.30\n卫生健康\t865.30\t560.10\t305.20\n"
            "教育\t300.00\t250.00\t50.00\n文化旅游\t45.80\t40.10\t5.70\n农林水\t98.00\t80.40\t15.60\n")
    assert ("TABLE001", 6) in _rules(text, "TABLE001")


# a-001 (fixtures/real): rows of a 决算 table in text, figures set apart by spaces; 占预算% = 决算 ÷ 预算
A001 = ("                       2023年\n"
        "           项   目\n"
        "                       预算数          金额         占预算%      比上年增长%\n\n"
        "一、税收收入                52353786    52296633      99.9       9.1\n"
        "     增值税              19271220    20271498      105.2     41.1\n"
        "     企业所得税             7767638     7249410      93.3      -13.7\n"
        "     个人所得税             2626191     2601683      99.1      -2.0\n"
        "     资源税               1606517     1606038      100.0      1.6\n"
        "     城市维护建设税           3318977     3198399      96.4       2.8\n")


def test_a_ratio_column_of_a_table_in_text_is_read_and_judged() -> None:
    report = build_report("t", A001)
    ratios = [r for r in report.relations if r.kind == "ratio"]
    assert len(ratios) == 6 and all(r.holds for r in ratios)
    assert ratios[0].text == "52296633 ÷ 52353786 × 100 = 99.891" and ratios[0].scope.endswith("“一、税收收入”")
    assert _rules(A001, "TABLE004") == []
    wrong = A001.replace("96.4", "94.6")
    found = lint_text(wrong, "t.txt").findings
    hit = [f for f in found if f.rule == "TABLE004"]
    assert len(hit) == 1 and "3198399 ÷ 3318977 × 100 = 96.367，表中为 94.6" in hit[0].message
    assert hit[0].suggestion == "96.4"


def test_a_column_relation_needs_most_rows() -> None:
    # two rows that happen to agree are no relation of the table: nothing is judged
    text = "项目\t甲\t乙\t丙\n一\t10\t20\t50\n二\t30\t60\t50\n三\t7\t9\t11\n四\t13\t2\t5\n"
    assert build_report("t", text).relations == ()
    # a header row of years is not a row of figures
    years = "项目\t2020\t2021\t2022\n" + "\n".join(f"行{i}\t{a}\t{b}\t{a + b}" for i, (a, b) in
                                                   enumerate([(1, 2), (3, 4), (5, 6), (7, 8)]))
    rel = build_report("t", years + "\n").relations
    assert rel and all(r.holds for r in rel)


CORPUS = __import__("pathlib").Path(__file__).resolve().parent.parent / "fixtures" / "real"


def test_a_total_row_over_its_items_is_read_and_a_wrong_total_found() -> None:
    """a-001 lines 101-140 (a real 决算 table in text): 一、税收收入 is the sum of the 13 tax rows under it in
    预算数 and 决算数; the percentage columns are not summed."""
    lines = (CORPUS / "a-001.txt").read_text(encoding="utf-8").splitlines(keepends=True)[100:140]
    text = "".join(lines)
    totals = [r for r in build_report("t", text).relations if r.source == "table-rows"]
    first = [r for r in totals if "一、税收收入" in r.scope]
    assert [r.result.text for r in first] == ["52353786", "52296633"] and all(r.holds for r in first)
    assert len(first[0].terms) == 13
    # a wrong 决算 total: 预算数 still adds up over the 13 rows down to 二、非税收入, so the rows are its parts, and
    # the 占预算% of the same row no longer holds either: one finding, at the total, with the sum as its correction
    wrong = text.replace("52296633", "52269633", 1)
    hit = [f for f in lint_text(wrong, "t.txt").findings if f.rule.startswith("TABLE")]
    assert [(f.rule, wrong.count("\n", 0, f.span.start) + 1) for f in hit] == [("TABLE006", 10)]
    assert hit[0].suggestion == "52296633"


def test_a_total_row_with_three_columns_of_amounts_finds_the_one_that_does_not_add_up() -> None:
    rows = [("合计", 2630, 1870, 760), ("一般公共服务", 1200, 900, 300), ("教育", 830, 520, 310),
            ("卫生健康", 600, 450, 150)]
    text = "项目\t支出合计\t基本支出\t项目支出\n" + "".join(f"{a}\t{b}\t{c}\t{d}\n" for a, b, c, d in rows)
    totals = [r for r in build_report("t", text).relations if r.source == "table-rows"]
    assert len(totals) == 3 and all(r.holds for r in totals)
    hit = [f for f in lint_text(text.replace("1870", "1780"), "t.txt").findings if f.rule == "TABLE006"]
    assert len(hit) == 1 and "表中为 1780" in hit[0].message and hit[0].suggestion == "1870"


def test_a_rate_against_a_budget_the_sentence_names_is_read() -> None:
    # c-033 and d-008 (fixtures/real): the base is the 调整后…预算 of the same sentence, or given in brackets
    text = ("县区按程序调减收入预算30.8亿元，调整后收入预算为393.5亿元，预计完成395.4亿元，为调整预算的100.5%，同比下降0.6%。\n"
            "2023年，全市一般公共预算收入完成138.63亿元，占年初预算（120亿元）的115.5%，较上年增长19.9%。\n")
    rel = [r for r in build_report("t", text).relations if r.source == "prose"]
    assert [(r.terms[0].text, r.terms[1].text, r.result.text, r.holds) for r in rel] == [
        ("395.4", "393.5", "100.5", True), ("138.63", "120", "115.5", True)]
    assert _rules(text.replace("100.5%", "101.5%"), "RATE002") == [("RATE002", 1)]
    # a budget of another kind (年初) is not the base of 为调整预算的
    other = "年初收入预算为393.5亿元，预计完成395.4亿元，为调整预算的90.5%。\n"
    assert [r for r in build_report("t", other).relations if r.source == "prose"] == []


def test_an_enumerated_total_in_prose_is_read_from_its_items() -> None:
    # c-029 (fixtures/real): the items listed before 收入总计 add up to it
    text = ("2023年，市级一般公共预算收入128.09亿元、上级补助收入31.97亿元、上解收入3.64亿元、上年结余收入43.17亿元、"
            "债务转贷收入201.31亿元，收入总计408.18亿元。\n")
    rel = [r for r in build_report("t", text).relations if r.source == "prose-total"]
    assert len(rel) == 1 and rel[0].holds and len(rel[0].terms) == 5
    # a total no reading explains may gather unlisted items: shown by parse, not reported ...
    off = text.replace("408.18", "450.00")
    assert lint_text(off, "t.txt").findings == []
    assert [r.holds for r in build_report("t", off).relations if r.source == "prose-total"] == [False]
    # ... unless it is the sum with its decimal point moved or two digits swapped: a slip of the pen
    for slip, why in (("4081.8", "小数点错位"), ("408.81", "相邻数字颠倒")):
        found = lint_text(text.replace("408.18", slip), "t.txt").findings
        assert [(f.rule, f.severity) for f in found] == [("SUM006", "warning")] and why in found[0].message
        assert found[0].suggestion == "408.18"
    # d-006: 加上 carries the figure the sentence before ended on; a change's amount is no item
    carried = ("一般公共预算支出调整为484.9亿元，实际完成437.8亿元，完成预算的90.3%，下降3.7%。"
               "加上转移性支出1035.1亿元，支出总计1472.9亿元。\n")
    rel = [r for r in build_report("t", carried).relations if r.source == "prose-total" and r.kind == "sum"]
    assert [(tuple(t.text for t in r.terms), r.holds) for r in rel] == [(("437.8", "1035.1"), True)]
    assert [r for r in build_report("t", "收入100亿元，比上年增加20亿元，总收入120亿元。\n").relations
            if r.kind == "sum" and len(r.terms) > 1 and r.terms[-1].text == "20"] == []


def test_a_share_of_a_whole_named_earlier_is_read() -> None:
    # d-003 (fixtures/real): the whole is stated lines before, under its name
    text = "2023年全市一般公共预算支出2,568,572万元，增长3%。\n全市民生支出181.3亿元，占一般公共预算支出的70.6%，较上年增长。\n"
    rel = [r for r in build_report("t", text).relations if r.source == "prose-share"]
    assert [(r.terms[1].text, r.holds) for r in rel] == [("2,568,572", True)]
    # d-010: shares rounded to add up to 100% (59.654% printed 59.66%) are admitted
    parts = ("全省总收入3374.97亿元。按预算级次划分，中央级收入746.31亿元，占总收入的22.11％；省级收入615.35亿元，"
             "占总收入的18.23％；市县级收入2013.31亿元，占总收入的59.66％。\n")
    assert _rules(parts, "SHARE003") == []
    # c-026: a share alone (no other share of its base beside it) is held to its own rounding: 74.658% is not 74.5%
    alone = ("全市一般公共预算支出628.6亿元，增长2%。\n（三）改善和提高民生保障。全市民生支出累计469.3亿元，"
             "占一般公共预算支出的比重达到74.5%，不断提升全市人民的获得感。\n")
    assert _rules(alone, "SHARE003") == [("SHARE003", 2)]
    assert _rules(alone.replace("74.5%", "74.6%"), "SHARE003") == []      # truncated: admitted
    # a share the paragraph's own whole does not give is reported; a change's amount is never the part
    wrong = "部门支出预算总额16441.4万元。其中：工资福利支出7542.4万元，占支出预算总额的49.5%。\n"
    assert _rules(wrong, "SHARE003") == [("SHARE003", 1)]
    change = "争取新增专项债券额度436.6亿元，增加65亿元，占全省额度的34.4%。\n"
    assert [r for r in build_report("t", change).relations if r.terms and r.terms[0].text == "65"] == []


def test_a_wholes_growth_follows_from_its_parts() -> None:
    # b-005 (fixtures/real): the parts add up to the whole, so last year's whole and its growth are fixed
    text = ("2022年，全国一般公共预算支出260609亿元，比上年增长6.1%。其中，中央一般公共预算本级支出35570亿元，比上年增长3.9%；"
            "地方一般公共预算支出225039亿元，比上年增长6.4%。\n")
    rel = [r for r in build_report("t", text).relations if r.source == "prose-growth"]
    assert [(r.result.text, r.holds, r.computed) for r in rel] == [("6.1", True, "6.1%")]
    assert _rules(text.replace("增长6.1%", "增长7.1%"), "CHG003") == [("CHG003", 1)]
    # parts that do not add up to the whole, or a comparable basis, are not read
    assert [r for r in build_report("t", text.replace("35570", "45570")).relations if r.source == "prose-growth"] == []
    assert [r for r in build_report("t", text.replace("比上年增长6.1%", "按可比口径比上年增长6.1%")).relations
            if r.source == "prose-growth"] == []
    # b-004: 全国 = 中央 + 地方, named so, is a partition judged in full (SUM010), whatever the figures
    split = ("2023年，全国一般公共预算支出274574亿元，同比增长5.4%。分中央和地方看，中央一般公共预算本级支出38219亿元，"
             "同比增长7.4%；地方一般公共预算支出236355亿元，同比增长5.1%。\n")
    assert _prose(split, "prose-list-partition") == [(("38219", "236355"), "274574", True)]
    assert _rules(split.replace("236355", "267082"), "SUM010") == [("SUM010", 1)]
    # parts not named 中央 and 地方 of the whole's fund: only their sum's slips are told (SUM006)
    other = split.replace("地方一般公共预算支出236355", "地方政府性基金预算支出267082")
    assert _prose(other, "prose-list-partition") == [] and _rules(other, "SUM010") == []


def test_a_rate_against_a_budget_adjusted_earlier_in_the_sentence_and_row_numbers() -> None:
    # c-011 (fixtures/real): 预算…调整和变动为494.8亿元，实际完成454.5亿元，完成预算的91.9%
    text = "一般公共预算支出预算因增列上下级转移支付、地方政府一般债券等调整和变动为494.8亿元，实际完成454.5亿元，完成预算的91.9%，增长2%。\n"
    assert [(r.terms[1].text, r.holds) for r in build_report("t", text).relations if r.source == "prose"] == [
        ("494.8", True)]
    # a-012: rows of a table in text that begin with their number (1   915.00   819.63 …)
    rows = ("1          915.00        819.63      573.74     89.58%   70.00%\n"
            "2          237.00        237.00      235.76    100.00%   99.48%\n"
            "3          700.00        637.92      622.33     91.13%   97.56%\n"
            "4          196.00        166.10      146.99     84.74%   88.49%\n")
    rel = [r for r in build_report("t", rows).relations if r.kind == "ratio"]
    assert len(rel) == 8 and all(r.holds for r in rel)


def test_a_breakdown_in_brackets_must_add_up() -> None:
    # d-006 (fixtures/real, labelled violated): 19.4 + 478 is not 67.2 (47.8 was meant)
    wrong = "通过再融资债券偿还债务本金67.2亿元（一般债务19.4亿元、专项债务478亿元），通过预算安排偿还。\n"
    found = [f for f in lint_text(wrong, "t.txt").findings if f.rule == "SUM007"]
    assert len(found) == 1 and "19.4亿元 + 478亿元 = 497.4亿元，文中为 67.2亿元" in found[0].message
    assert _rules(wrong.replace("478", "47.8"), "SUM007") == []
    # brackets that may hold only some parts, or other figures, are not read
    for other in ("债务本金67.2亿元（其中一般债务19.4亿元、专项债务40亿元）。\n",
                  "收入67.2亿元（增长5%，一般收入19.4亿元、专项收入40亿元）。\n",
                  # a chain from the figure (guangdong, fresh held-out PDF): 0.47 + 0.93 = 1.4, no parts of 0.47
                  "事业发展专项资金支出0.47亿元（加上补助市县支出0.93亿元，共完成支出1.4亿元）。\n"):
        assert [r for r in build_report("t", other).relations if r.source == "prose-breakdown"] == []


def test_brackets_opened_by_han_that_name_a_partition_must_add_up() -> None:
    # d-011 (fixtures/real, lines 160-163): 再融资债券50.2亿元（含再融资一般债券37.4亿元、再融资专项债券12.8亿元）
    text = ("省财政厅转贷地方政府债券318.5亿元，其中：再融资债券50.2亿元（含再融资一般债券37.4亿元、再融资专项债券"
            "12.8亿元），新增债券268.3亿元（含新增一般债券42.6亿元、新增专项债券225.7亿元）。\n")
    rel = [r for r in build_report("t", text).relations if r.source == "prose-list-partition"]
    assert sorted((r.result.text, r.holds) for r in rel) == [("268.3", True), ("318.5", True), ("50.2", True)]
    found = [f for f in lint_text(text.replace("37.4", "43.3"), "t.txt").findings if f.rule == "SUM010"]
    assert len(found) == 1 and "43.3亿元 + 12.8亿元 = 56.1亿元，文中为 50.2亿元" in found[0].message
    # 含 naming only some parts (not a partition) may be partial: not read
    partial = "全年发行债券215.7亿元（含再融资债券111亿元、置换债券50亿元）。\n"
    assert [r for r in build_report("t", partial).relations if r.source.startswith("prose-")] == []


def test_an_of_which_list_is_read_and_a_one_digit_slip_reported() -> None:
    # c-027 (fixtures/real): 总收入490.17亿元。其中，… the four items add up
    text = ("全市政府性基金预算总收入490.17亿元。其中，当年政府性基金收入207.51亿元，上级补助收入6.91亿元，"
            "上年结余收入24.67亿元，专项债务转贷收入251.08亿元。\n")
    rel = [r for r in build_report("t", text).relations if r.source == "prose-list" and r.kind == "sum"]
    assert [(len(r.terms), r.holds) for r in rel] == [(4, True)]
    # a 其中 list may name only the main items: a mismatch is no finding ...
    assert _rules(text.replace("490.17", "520.17"), "SUM006") == []
    # ... unless the total is the sum with one digit of five or more miswritten
    found = [f for f in lint_text(text.replace("490.17", "491.17"), "t.txt").findings if f.rule == "SUM006"]
    assert len(found) == 1 and "一位数字笔误" in found[0].message and found[0].suggestion == "490.17"


def test_a_judged_rule_is_validated_with_its_location(tmp_path: Path) -> None:
    from auditor.dsl.loader import load_rules
    pack = tmp_path / "r.yaml"
    pack.write_text("rules:\n  - id: TEST001\n    name: test.judged\n    category: sum\n    severity: warning\n"
                    "    description: d\n    message: \"{scope} {nope}\"\n    judged:\n      kinds: [summ]\n"
                    "      sources: [table-rows]\n", encoding="utf-8")
    rules, problems = load_rules(str(pack))
    text = "\n".join(str(p) for p in problems)
    assert not rules and "did you mean 'sum'?" in text and "unknown placeholder {nope}" in text
    assert any(p.line == 9 for p in problems)


def test_a_grand_total_over_the_numbered_rows_leaves_their_sub_rows_out() -> None:
    rows = ("一、税收收入        5000      5200\n     增值税        3000      3100\n     企业所得税        2000      2100\n"
            "二、非税收入        1500      1400\n     专项收入         900       800\n     行政事业性收费收入   600      600\n"
            "三、转移性收入       2500      2600\n     返还性收入       1000      1000\n     一般性转移支付收入  1500      1600\n"
            "     收入合计        9000      9200\n")
    totals = [r for r in build_report("t", rows).relations if "收入合计" in r.scope]
    assert [(r.result.text, r.holds, len(r.terms)) for r in totals] == [("9000", True, 3), ("9200", True, 3)]
    # a numbered row of another shape among them (one figure only) is a part too: nothing is read
    other = rows.replace("三、转移性收入       2500      2600\n", "三、转移性收入       2500\n")
    assert [r for r in build_report("t", other).relations if "收入合计" in r.scope] == []


def test_table_figures_are_compared_with_the_text_of_the_same_stage() -> None:
    # heilongjiang 2021 (held out): a 预算数 column set against the 决算 the text states was a false alarm
    both = ("2024年基本支出为660.30万元。\n支出情况如下（单位：万元）：\n"
            "项目\t预算数\t决算数\n基本支出\t640.00\t660.30\n项目支出\t300.00\t325.50\n")
    assert _rules(both, "TABLE003") == []                        # the 决算数 column is the one compared
    assert _rules(both.replace("660.30万元", "650.30万元"), "TABLE003") == [("TABLE003", 4)]
    budget_only = ("2024年基本支出为660.30万元。\n支出情况如下（单位：万元）：\n项目\t预算数\t上年数\n"
                   "基本支出\t640.00\t600.00\n项目支出\t300.00\t280.00\n")
    assert _rules(budget_only, "TABLE003") == []                 # unqualified text is no 预算


def test_a_named_rate_is_read_from_the_amounts_it_measures() -> None:
    # a-040 (fixtures/real): 下达 … 7400万元 … 实际支出765.7万元，支出率为10.35%
    text = "对市县下达资金7400万元。截至年底，对市县实际支出765.7万元，支出率为10.35%。\n"
    rel = [r for r in build_report("t", text).relations if r.source == "prose-rate"]
    assert [(r.terms[0].text, r.terms[1].text, r.holds) for r in rel] == [("765.7", "7400", True)]
    # which two figures a rate is taken of is not written: with a third amount about, a reading that does not hold
    # is not kept (with every figure named and nothing else to divide, it is: see the test of spending rates)
    third = text.replace("截至年底，", "其中省级留用600万元。截至年底，").replace("10.35%", "12.35%")
    assert [r for r in build_report("t", third).relations if r.source == "prose-rate"] == []


def _prose(text: str, source: str) -> list[tuple[tuple[str, ...], str, bool]]:
    return [(tuple(t.text for t in r.terms), r.result.text, r.holds) for r in build_report("t", text).relations
            if r.source == source]


def test_a_stepwise_outcome_is_read_with_its_signs() -> None:
    # d-021 (fixtures/real): a clause without 加上/扣除 goes on with the last step's list, up to the outcome
    text = ("2021年市级政府性基金当年收支结余2505629万元，加上调入资金660000万元，上年结余39426万元，债务转贷收支差额"
            "77000万元，扣除上下级补助收支差额364159万元、调出资金2088696万元、债务还本支出80900万元，结余748300万元结转下年使用。\n")
    rel = [r for r in build_report("t", text).relations if r.source == "prose-chain"]
    assert len(rel) == 1 and rel[0].holds and rel[0].result.text == "748300"
    assert rel[0].signs == (1, 1, 1, 1, -1, -1, -1)
    off = text.replace("748300", "748800")
    assert _prose(off, "prose-chain")[0][2] is False
    found = [f for f in lint_text(off).findings if f.rule == "SUM008"]
    assert len(found) == 1 and "748,300" not in found[0].message and found[0].suggestion == "748300"
    # 结转下年 before 支出总计 is one of the total's items, not the outcome of the steps
    items = "支出完成1.1亿元，加上调出资金8.8亿元，按照规定结转下年12.8亿元，支出总计22.7亿元。\n"
    # (read once: the enumerated total's reader has it, and the chain's reading of the same figure is dropped)
    assert _prose(items, "prose-total") == [(("1.1", "8.8", "12.8"), "22.7", True)]
    assert _prose(items, "prose-chain") == []
    # a step without 加上 before its figure after a comma: 收入1343.26亿元加上…、…，减去…后，…可安排财力…
    glued = ("全市政府性基金预算收入1343.26亿元加上上级预下专款0.63亿元、上年结余7.83亿元、调入资金2.76亿元，减去调入一般公共"
             "预算安排的资金215.15亿元、债务还本支出53.49亿元后，全市政府性基金预算可安排财力1085.84亿元。\n")
    assert _prose(glued, "prose-chain") == [(("1343.26", "0.63", "7.83", "2.76", "215.15", "53.49"), "1085.84", True)]


def test_an_of_which_list_after_the_heads_change_clauses_is_read() -> None:
    # d-012 (fixtures/real): 其中 after 增长1.8%。 breaks down the amount before the change
    # (税收返还, 一般性 and 专项转移支付 make up 转移支付: a partition, judged in full)
    text = "2023年我市共收到上级转移支付收入646亿元，增长1.8%。其中：税收返还291.5亿元，一般性转移支付302.5亿元，专项转移支付52亿元。\n"
    assert _prose(text, "prose-list-partition") == [(("291.5", "302.5", "52"), "646", True)]
    rate = "税收收入130,566万元，为预算的102.3%，下降7.8%。其中：增值税47,077万元，企业所得税13,001万元。\n"
    assert [r[1] for r in _prose(rate, "prose-list")] == ["130,566"]
    # a clause that is not about the head's change stops the search: no head
    other = "收入646亿元，主要是税收增加。其中：税收返还291.5亿元，一般性转移支付302.5亿元。\n"
    assert _prose(other, "prose-list") == []


def test_a_whole_split_in_two_and_a_balance_after_income_and_spending() -> None:
    split = ("2024年，全国一般公共预算支出284612亿元，比上年增长3.6%。分中央和地方看，中央一般公共预算本级支出40720亿元，"
             "比上年增长6.5%；地方一般公共预算支出243892亿元，比上年增长3.2%。\n")
    assert _prose(split, "prose-list-partition") == [(("40720", "243892"), "284612", True)]
    balance = "政府性基金预算收入完成3.6亿元，预算支出完成4亿元，当年结余-0.4亿元。\n"
    assert _prose(balance, "prose-balance") == [(("3.6", "4"), "-0.4", True)]


def test_a_unit_wrapped_to_the_next_line_belongs_to_its_figure() -> None:
    # a-053 (fixtures/real): PDF text breaks 万元 after 万; a numbered item's run-in sentence goes on below it
    text = ("（三）专项转移支付\n1.一般公共服务支出科目 77046 万元,较上年增加 43347 万\n元，增长 128.6%，主要是支持强省会战略。\n"
            "2.收入 6.35\n亿元，下降 2%。\n")
    report = build_report("t", text)
    wrapped = {q.text: q.unit for q in report.quantities if q.kind == "amount"}
    assert wrapped == {"77046": "万元", "43347": "万元", "6.35": "亿元"}
    assert [(c.amount.text, c.percent.text) for c in report.changes if c.amount and c.percent] == [("43347", "128.6")]


def test_rows_whose_labels_a_pdf_wrapped_around_them_stay_one_table() -> None:
    # a-006 (fixtures/real): 省级⏎教师   6513.28 …⏎培训 — the short label lines do not end the table
    text = ("合计    12200    11514.09   94.4%    12200       11407.78   93.5%\n\n"
            "省级\n教师   6513.28   6217.44    95.5%   6322.12      6302.25    99.7%\n培训\n"
            "公费\n师范   1304.72   1304.46    100%    1513.38      1513.38    100%\n生\n\n"
            "台湾\n      3011     2896.08    96.2%    1744        1695.16    97.2%\n师资\n\n"
            "教师\n队伍    1031      884.01    85.7%   1090.5       1007.94    92.4%\n改革\n")
    report = build_report("t", text)
    assert len(report.tables) == 1
    ratios = [r for r in report.relations if r.source == "table-columns" and r.kind == "ratio"]
    assert len(ratios) == 10 and all(r.holds for r in ratios)
    broken = build_report("t", text.replace("85.7%", "75.7%"))
    assert [(r.result.text, r.holds) for r in broken.relations if not r.holds] == [("75.7", False)]
    # a sentence between two rows ends the table
    prose = text.replace("培训\n", "以上为培训支出情况。\n")
    assert [len(t.rows()) for t in build_report("t", prose).tables] != [len(report.tables[0].rows())]


def test_two_label_cells_wrapped_side_by_side_and_category_rows_keep_the_table_whole() -> None:
    # a-012 (fixtures/real): two cells of a row wrapped side by side (…生态     计研究院…), and category rows 二 工程建设类
    # without figures, do not end the table; a row whose empty 得分 cell shifted the others is no contradiction
    text = ("表 3-2 项目实际完成情况表\n序号     项目名称     实际完成率     分值     得分\n一    偿还贷款类项目\n"
            "1    引嫩工程还贷          100.00%   2.03   2.03\n2    龙头桥水库日元还贷       100.00%   0.28   0.28\n"
            "二    工程建设类\n1    黑龙江省地下水监测站网建设工程（二期）        49.02%    3.36\n"
            "2    省泥河水库溢洪道金属结构更新改造工程        99.48%   0.12    0.12\n"
            "     黑龙江省重要河湖生态流量     黑龙江省水利水电勘测设\n"
            "3    库水电站生态流量保障方案      98.00%   0.50   0.49\n"
            "     计研究院、黑龙江省水利科     学研究院\n"
            "4    地下水管理和保护基础项目      96.00%   0.75   0.72\n"
            "     水土保持监测与遥感监管项目      90.00%   0.80   0.72\n"
            "     河湖长制督查暗访项目      95.00%   0.60   0.57\n"
            "     松花江健康评估项目      92.00%   0.50   0.46\n")
    report = build_report("t", text)
    assert len(report.tables) == 1 and len(report.tables[0].rows()) == 9      # the rows with figures
    held = [r for r in report.relations if r.source == "table-columns"]
    assert held and all(r.holds for r in held)
    assert not any(r.result.text in ("49.02", "3.36") for r in held)
    assert _rules(text, "TABLE004") == []
    # an altered 得分 of a full row is still found
    assert _rules(text.replace("0.72\n", "0.52\n"), "TABLE004") != []
    # the report's own table (表 3-2): rows without 得分 (49.02% 3.36) have their row number read as a figure; a
    # relation that holds where 100.00% stands is not judged on a row where 1 stands
    real = "\n".join((CORPUS / "a-012.txt").read_text(encoding="utf-8").split("\n")[325:358]) + "\n"
    assert _rules(real, "TABLE004") == []


def test_a_rate_column_printed_with_percent_is_the_result_not_a_term() -> None:
    # a-012 (fixtures/real): 预算 = 到位 ÷ 到位率 × 100 holds as well; the column printed with % is the rate
    rows = [("引嫩工程还贷", "4,000.00", "4,000.00", "100.00%"), ("站网建设工程", "6,624.00", "6,291.25", "94.98%"),
            ("规划编制类项目", "1,300.00", "1,097.36", "84.41%"), ("管理保护资源类项目", "4,604.00", "4,030.26", "87.54%"),
            ("防洪与河湖管理类", "2,189.00", "1,965.05", "89.77%")]
    text = "项目   预算   到位   到位率\n" + "".join(f"{a}   {b}   {c}   {d}\n" for a, b, c, d in rows)
    ratios = [r for r in build_report("t", text).relations if r.kind == "ratio"]
    assert ratios and {r.result.text for r in ratios} == {"100.00", "94.98", "84.41", "87.54", "89.77"}
    wrong = build_report("t", text.replace("87.54%", "97.54%"))
    assert [r.result.text for r in wrong.relations if not r.holds] == ["97.54"]


def test_a_wrong_table_cell_behind_two_relations_is_one_finding(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # table cells carry no unit: the merge of a column ratio (TABLE004) and a 合计 (TABLE001) must still solve them
    monkeypatch.setenv("AUDITOR_STRICT", "1")
    rows = [("税收收入", "100.00", "90.00", "90.0"), ("非税收入", "50.00", "45.00", "90.0"),
            ("转移性收入", "80.00", "60.00", "75.0"), ("债务收入", "40.00", "20.00", "50.0"), ("合计", "270.00", "215.00", "79.6")]
    text = "项目\t预算数\t决算数\t决算为预算%\n" + "".join("\t".join(r) + "\n" for r in rows)
    assert lint_text(text).findings == []
    found = lint_text(text.replace("\t45.00\t", "\t55.00\t")).findings
    assert len(found) == 1 and found[0].suggestion == "45.00" and "与 2 项关系不符" in found[0].message


def test_a_total_row_of_counts_in_a_table_in_text_adds_up_exactly() -> None:
    # a-043 (fixtures/real): row numbers 1, 2, 3 … are no figures; counts add up exactly (no ± half-units)
    rows = [("1    改扩建、维修改造", "52", "69", "42", "163"), ("2    褒扬纪念宣传", "1", "5", "1", "7"),
            ("3    展陈布展", "3", "3", "2", "8"), ("4    烈士祭扫纪念", "0", "2", "0", "2"),
            ("5    遗骸搜寻发掘保护", "1", "0", "0", "1")]
    body = "".join(f"{a}          {b}         {c}     {d}        {e}\n" for a, b, c, d, e in rows)
    good = body + "            合计         57        79    45      181\n"
    assert [f.rule for f in lint_text(good).findings if f.severity != "info"] == []
    bad = body + "            合计         57        78    45      180\n"
    found = [f for f in lint_text(bad).findings if f.rule == "TABLE001"]
    assert [(f.suggestion, "79" in f.message) for f in found][:1] == [("79", True)]
    assert len(found) == 2      # 78 for 79 and 180 for 181: two wrong cells, two findings


def test_a_rate_of_actual_to_due_counts_and_a_balance_carried_forward() -> None:
    # a-024 (fixtures/real): 应…17个，实际…10个，…率58.5% is 10 ÷ 17 = 58.82%
    text = "截至2024年11月，应完工子项目个数17个，实际完工子项目个数10个，按时完工率58.5%。\n"
    assert _prose(text, "prose-count-rate") == [(("10", "17"), "58.5", False)]
    assert _prose(text.replace("58.5", "58.8"), "prose-count-rate")[0][2] is True
    assert _prose("年度目标应该是“新技术17项”，实际完成20项，完成率100%。\n", "prose-count-rate")[0][2] is True
    assert _prose("应完工17个，完成10项，完工率58.8%。\n", "prose-count-rate") == []       # no 实际, other units
    # d-006: 收支平衡 …，结转下年继续使用 C after 收入总计 A and 支出总计 B is A − B (here 1387 for 138.7)
    balance = ("加上转移性收入1339.6亿元，收入总计3268.9亿元。全市一般公共预算支出完成2586.8亿元。加上转移性支出543.4亿元，"
               "支出总计3130.2亿元。全市一般公共预算收支平衡，因项目跨年实施需要，结转下年继续使用1387亿元。\n")
    assert _prose(balance, "prose-balance") == [(("3268.9", "3130.2"), "1387", False)]
    found = [f for f in lint_text(balance).findings if f.rule in ("SUM006", "SUM008")]
    assert [f.rule for f in found] == ["SUM008"] and found[0].suggestion == "138.7"
    # a balance is judged in full: every figure of it is written (c-017: 49,239 written 48,239)
    assert [f.rule for f in lint_text(balance.replace("1387亿元", "128.7亿元")).findings if f.severity != "info"] == ["SUM008"]
    # spending above income for a stated 结余: the figures read are not the totals balanced, nothing is read
    other = "全市收入总计120.5亿元，支出总计300.2亿元。收支相抵，当年结余3.37亿元。\n"
    assert _prose(other, "prose-balance") == []


def test_a_growth_against_an_earlier_statement_of_the_same_name_is_only_recorded() -> None:
    # d-011 (fixtures/real): a budget's growth over the year's execution stated pages before
    text = "2023年市级税收收入110.5亿元。\n2024年市级税收收入116.7亿元，增长5.6%。\n"
    assert _prose(text, "prose-named-growth") == [(("116.7", "110.5"), "5.6", True)]
    # no earlier statement gives the growth: nothing is read, nothing reported
    off = text.replace("5.6%", "9.6%")
    assert _prose(off, "prose-named-growth") == []
    assert [f for f in lint_text(off).findings if f.severity != "info"] == []
    # d-015: the budget named as such (…收入预算1351.33亿元，下降3.6%) against the year's figure of the plain name
    budget = "2023年全市政府性基金收入1401.17亿元，下降19.3%。\n2024年全市政府性基金收入预算1351.33亿元，下降3.6%。\n"
    assert _prose(budget, "prose-named-growth") == [(("1351.33", "1401.17"), "3.6", True)]
    # d-011: the year's figure is stated before the statements of the name for six districts; the budget's growth
    # against it is still found among the last ten
    districts = "".join(f"{d}一般公共预算收入{v}亿元。" for d, v in
                        (("经开区", "21.0"), ("高新区", "32.9"), ("湾里", "11.1"), ("新建", "40.2"), ("红谷滩", "35.5"),
                         ("进贤", "18.3")))
    deep = ("全市一般公共预算收入完成484.8亿元。\n" + districts
            + "\n2022年全市财政收支预期是：一般公共预算收入509.0亿元，增长5.0%左右。\n")
    assert _prose(deep, "prose-named-growth") == [(("509.0", "484.8"), "5.0", True)]
    # a base printed too coarsely (0.2亿元: 0.15 to 0.25) verifies nothing
    # c-032: the year's figure named by the bare kind after the sentence named the whole (…一般公共预算收入年初预算合计…；
    # 收入完成406.9亿元)
    bare = ("汇总全市各级人代会批准的2024年全市一般公共预算收入年初预算合计420.9亿元，调整后收入预算为402.8亿元；收入完成"
            "406.9亿元，同比增长0.7%。\n2025年全市一般公共预算收入421.7亿元，同比增长3.6%。\n")
    assert _prose(bare, "prose-named-growth") == [(("421.7", "406.9"), "3.6", True)]
    assert _prose(bare.replace("2024年全市一般公共预算收入", "2024年全市各项"), "prose-named-growth") == []
    # c-026: 全市一般公共预算收入完成398.2亿元，…；支出完成628.6亿元 names the fund's spending too
    other_kind = ("全市一般公共预算收入完成398.2亿元，为调整预算的99.4%，加上上级补助、债务转贷收入等，收入总计898.9亿元；支出完成"
                  "628.6亿元，为调整预算的88.6%。\n全市民生支出累计469.3亿元，占一般公共预算支出的比重达到74.7%。\n")
    assert _prose(other_kind, "prose-share") == [(("469.3", "628.6"), "74.7", True)]
    assert _prose(other_kind.replace("全市一般公共预算收入", "全市税费收入"), "prose-share") == []
    # c-033: …调整后收入预算为393.5亿元，预计完成395.4亿元: completed, of the kind the sentence named last
    done = ("汇总全市各级人代会批准的2022年全市一般公共预算收入年初预算合计424.3亿元，调整后收入预算为393.5亿元，预计完成"
            "395.4亿元，为调整预算的100.5%。\n2023年全市一般公共预算收入419.2亿元，增长6%。\n")
    assert _prose(done, "prose-named-growth") == [(("419.2", "395.4"), "6", True)]
    assert _prose(done.replace("2022年全市一般公共预算收入", "2022年全市各项"), "prose-named-growth") == []
    # c-028, c-032, c-033: the spending's sentence follows the one that named the fund (…全市一般公共预算收入年初预算合计…。
    # 年初支出预算合计680.4亿元，…预计完成623.4亿元)
    after = ("汇总全市各级人代会批准的2022年全市一般公共预算收入年初预算合计424.3亿元，预计完成395.4亿元，为调整预算的100.5%。"
             "年初支出预算合计680.4亿元，支出预算调整为691.6亿元，预计完成623.4亿元，为调整预算的90.1%。\n"
             "全市民生支出累计461.5亿元，占一般公共预算支出的比重达到74%。\n")
    assert _prose(after, "prose-share") == [(("461.5", "623.4"), "74", True)]
    # c-028: …；全年支出实际完成667亿元 (the kind, then 实际: 完成 is taken off as the name's tail)
    actual = after.replace("支出预算调整为691.6亿元，预计完成623.4亿元", "支出预算调整为691.6亿元；全年支出实际完成623.4亿元")
    assert _prose(actual, "prose-share") == [(("461.5", "623.4"), "74", True)]
    # c-017: 全市一般公共预算支出实现2,438,646万元 (实现 before the figure, as 完成)
    realised = ("全市一般公共预算支出实现2,438,646万元，为预算的95.6%，增长1.5%。\n"
                "全市民生支出160.4亿元，占一般公共预算支出的66%。\n")
    assert _prose(realised, "prose-share") == [(("160.4", "2,438,646"), "66", True)]
    # not past a paragraph's end: another paragraph's fund
    assert _prose(after.replace("为调整预算的100.5%。", "为调整预算的100.5%。\n\n"), "prose-share") == []
    # d-010: …一般公共预算当年收入完成1060.82亿元 is named 一般公共预算收入; a share after 、 (…797.93亿元、占…)
    current = ("2023年全市一般公共预算当年收入完成1060.82亿元，增长6%，其中税收收入完成797.93亿元、占一般公共预算收入的比重为"
               "75.22%。\n")
    assert _prose(current, "prose-share") == [(("797.93", "1060.82"), "75.22", True)]
    coarse = "2021年政府性基金预算收入0.2亿元。\n2022年政府性基金预算收入1000.0万元，下降50.1%。\n"
    assert _prose(coarse, "prose-named-growth") == []
    assert _prose(coarse.replace("0.2亿元", "0.20亿元"), "prose-named-growth") == [(("1000.0", "0.20"), "50.1", True)]


def test_a_rate_cell_with_a_space_before_percent_is_a_figure() -> None:
    # a-040 (fixtures/real): PDF text writes 53.49 % in the 执行率 column
    rows = [("水产种业科技创新", "511", "273.35", "53.49 %"), ("水产品加工与综合利用", "1022", "515.7", "50.46 %"),
            ("渔业水域生态环境与资源保护", "441", "197.5", "44.78 %"), ("渔业生产关键技术与装备", "826", "367.98", "44.55 %"),
            ("智慧海洋创新示范应用", "910", "284.13", "31.22 %")]
    text = "类别        年度到位资金   实际支出      执行率\n\n" + "".join(f"    {a}       {b}     {c}    {d}\n\n" for a, b, c, d in rows)
    ratios = [r for r in build_report("t", text).relations if r.kind == "ratio"]
    assert len(ratios) == 5 and all(r.holds for r in ratios)
    assert [r.result.text for r in build_report("t", text.replace("50.46 %", "55.46 %")).relations
            if not r.holds] == ["55.46"]


def test_a_chain_after_the_heads_rate_clauses_or_a_semicolon_is_read() -> None:
    # c-022 (fixtures/real): 收入…，下降12%，完成年初预算的96.8%，加上…，收入总量为…
    text = ("市级政府性基金预算收入1152.55亿元，下降12%，完成年初预算的96.8%，加上上年结余201.16亿元、上级补助收入2.18亿元、"
            "下级上解收入12.44亿元、专项债券转贷收入667.22亿元、调入资金80.14亿元，收入总量为2115.69亿元。\n")
    # (a total after its items, 上年结余 one of them: read as such when it holds, as the chain when it does not)
    assert _prose(text, "prose-chain") + _prose(text, "prose-total") == [
        (("1152.55", "201.16", "2.18", "12.44", "667.22", "80.14"), "2115.69", True)]
    assert _prose(text.replace("2115.69", "2125.69"), "prose-chain")[0][2] is False
    # d-003: the step opens after ；, and c-029: after 、
    semi = "市级政府性基金预算支出789,518万元，为预算的95.3%，下降38.5%；加上补助区县等933,498万元，支出总量为1,723,016万元。\n"
    assert _prose(semi, "prose-chain") + _prose(semi, "prose-total") == [(("789,518", "933,498"), "1,723,016", True)]
    comma = "当年收支结余0.39亿元、加上上年结余1.30亿元，年末滚存结余1.69亿元。\n"
    assert _prose(comma, "prose-chain") == [(("0.39", "1.30"), "1.69", True)]
    # 当年收支结余 is a balance, not a change: the chain still starts from it (c-015)
    balance = ("当年收支结余63.07亿元，加上调入资金0.37亿元、上年结余74.83亿元、专项债务转贷净收入23.3亿元，扣除上下级结算资金"
               "56.02亿元、调出资金13.31亿元、债务还本支出24.42亿元，结余67.82亿元结转下年使用。\n")
    assert [(r[1], r[2], len(r[0])) for r in _prose(balance, "prose-chain")] == [("67.82", True, 7)]
    # the last item of a list is no chain's start
    tail = "收入包括调入资金0.37亿元、专项债务转贷净收入23.3亿元，扣除调出资金13.31亿元，结余9.99亿元。\n"
    assert _prose(tail, "prose-chain") == []


def test_an_of_which_list_past_a_semicolon_or_a_line_break_is_read_when_it_adds_up() -> None:
    # c-029 (fixtures/real): the items of a 其中 list separated by ；
    semi = ("国有资本经营预算转移性支出1.50亿元，其中：补助下级支出0.08亿元；调出资金1.42亿元，主要是按规定调入一般公共预算"
            "统筹安排。\n")
    assert _prose(semi, "prose-list") == [(("0.08", "1.42"), "1.50", True)]
    # past ； the list is taken only when it adds up: a sibling statement is no item
    other = "收入1.50亿元，其中：税收收入0.08亿元；支出1.00亿元，主要是民生支出。\n"
    assert _prose(other, "prose-list") == []
    # d-002: 其中： at a line's end, the list in the next paragraph; an amount named 结余 may be an item
    broken = ("市本级一般公共预算支出总计1136.9亿元，其中：\n一般公共预算支出503.7亿元，补助下级支出251.8亿元，上解上级支出162.4亿元，"
              "调出资金48.2亿元，一般债务还本支出93.8亿元，安排预算稳定调节基金9.2亿元，待偿债再融资一般债券结余5.5亿元，"
              "结转下年支出62.3亿元。\n")
    assert [(len(r[0]), r[1], r[2]) for r in _prose(broken, "prose-list")] == [(8, "1136.9", True)]


def test_a_total_column_over_the_rest_of_its_row_is_read_whatever_the_row_length() -> None:
    # a-043 (fixtures/real, labelled violated): 项目个数 = 未开工 + 在建 + 已竣工未验收 + 已验收, counts added exactly
    rows = ("表4 项目进展情况\n    地区   项目个数  未开工  在建  已竣工未验收  已验收  验收率\n"
            "    省级       7    1         2    0      4    57.14%\n    福州       4    0         0    0      4   100.00%\n"
            "    漳州      21    7         2    0     12    57.14%\n    泉州      20    3         0    1     16    80.00%\n"
            "    南平      32    3         5    0     23    71.88%\n")
    found = [f for f in lint_text(rows, "t.txt").findings if f.rule == "TABLE006"]
    assert len(found) == 1 and "3 + 5 + 0 + 23 = 31，表中为 32" in found[0].message
    assert _rules(rows.replace("南平      32", "南平      31"), "TABLE006") == []
    # a table in text drops its empty cells (—): rows of 4, 5 and 6 figures, each with its total first
    spaced = ("单位：万元\n项目    合计    甲市    乙市    丙市    丁市    戊市\n"
              "一、税收返还    785    620    22    67    54    22\n二、补助    900    300    —    300    —    300\n"
              "三、专项    500    100    100    —    200    100\n四、其他    60    10    —    20    —    30\n"
              "五、奖补    90    30    30    —    30    —\n")
    totals = [r for r in build_report("t", spaced).relations if "首列合计" in r.scope]
    assert [(r.result.text, r.holds) for r in totals] == [("785", True), ("900", True), ("500", True), ("60", True),
                                                           ("90", True)]
    # a failing row of a length no holding row has may have lost a cell in reading: not judged
    lost = spaced.replace("四、其他    60    10    —    20    —    30", "四、其他    60    10    20")
    assert [r.result.text for r in build_report("t", lost).relations if "首列合计" in r.scope] == ["785", "900", "500", "90"]


def test_a_chain_opening_a_sentence_goes_on_from_the_whole_not_from_its_part() -> None:
    # d-012 (fixtures/real): 加上 opens the next sentence, and the sentence before ends with a 其中 part
    text = ("2024年全市政府性基金预算收入1,631.8亿元，增长4.5%，其中国有土地使用权出让收入1,541亿元。加上上年结余106.5亿元、"
            "上级补助收入2.2亿元和提前批专项债券737亿元后，全市政府性基金预算总收入2,477.5亿元。\n")
    assert _prose(text, "prose-chain") == [(("1,631.8", "106.5", "2.2", "737"), "2,477.5", True)]
    found = [f for f in lint_text(text.replace("2,477.5", "2,487.5"), "t.txt").findings if f.rule == "SUM008"]
    assert len(found) == 1 and "2,477.5" in found[0].message
    # a year before the outcome is no step's figure
    year = ("2023年全市政府性基金预算支出2,003.1亿元，下降4.4%，完成调整预算的100.8%，其中国有土地使用权出让收入安排的支出856.3亿元。"
            "加上调出资金426亿元、地方政府债务还本支出359.2亿元后，2023年全市政府性基金预算总支出2,788.3亿元。\n")
    assert _prose(year, "prose-chain") == [(("2,003.1", "426", "359.2"), "2,788.3", True)]


def test_a_chain_with_unwritten_steps_or_an_item_for_its_start_is_not_judged() -> None:
    # d-005 (fixtures/real): 等各类转移性支出 adds amounts the text does not write
    unnamed = "国有资本经营预算支出58.6亿元，加上调出至一般公共预算26.1亿元等各类转移性支出后，支出总计86.2亿元，收支平衡。\n"
    assert _prose(unnamed, "prose-chain") == []
    assert [f for f in lint_text(unnamed, "t.txt").findings if f.rule == "SUM008"] == []
    # c-020: the figure before 加上 is the third item of a list; the steps go on from the list's head
    item = ("2023年市本级国有资本经营预算支出26.1亿元。主要用于：一是资本金注入14亿元；二是改革成本支出1.9亿元；\n"
            "三是国有企业政策性补贴及其他支出10.2亿元。加上调出资金12.2亿元、补助区级0.3亿元后，总支出38.6亿元。\n")
    assert [f for f in lint_text(item, "t.txt").findings if f.rule == "SUM008"] == []


def test_the_clause_after_a_last_step_ending_in_hou_is_the_chains_outcome() -> None:
    # d-006 (fixtures/real): 减去…198亿元后，拟安排…支出2651.5亿元 names no 结余/总计, yet it is what the steps give
    text = ("全市一般公共预算收入预期2035.2亿元，增长5.5%。加上上级补助收入等转移性收入814.3亿元，减去上解上级支出等转移性支出"
            "198亿元后，拟安排一般公共预算支出2651.5亿元。\n")
    assert _prose(text, "prose-chain") == [(("2035.2", "814.3", "198"), "2651.5", True)]
    found = [f for f in lint_text(text.replace("2651.5", "2615.5"), "t.txt").findings if f.rule == "SUM008"]
    assert len(found) == 1 and found[0].suggestion == "2651.5"
    # up to two clauses without figures may come between 后 and the outcome
    gap = ("市级政府性基金预算收入预期768.6亿元。加上转移性收入1001.5亿元，减去专项债务还本支出568.5亿元后，按收支平衡"
           "和列收列支原则，拟安排政府性基金预算支出1201.6亿元。\n")
    assert _prose(gap, "prose-chain") == [(("768.6", "1001.5", "568.5"), "1201.6", True)]
    # an outcome split in two clauses (支出537.8亿元，对区县转移支付387.6亿元) is not the sum of the steps
    split = ("市级一般公共预算收入预期245.8亿元，增长4.8%。加上转移性收入916.3亿元，减去转贷支出等236.7亿元后，"
             "拟安排一般公共预算支出537.8亿元，对区（市）县转移支付387.6亿元。\n")
    assert _prose(split, "prose-chain") == []
    assert [f for f in lint_text(split, "t.txt").findings if f.rule == "SUM008"] == []


def test_a_balance_takes_the_named_totals_not_their_last_items() -> None:
    # c-009 (fixtures/real): 总收入 and 总支出 each broken down by a 其中 list; the balance is of the totals
    text = ("2023年市本级一般公共预算总收入853.02亿元，其中：当年一般公共预算收入216.47亿元、转移性收入636.55亿元。2023年"
            "市本级一般公共预算总支出808.62亿元，其中：当年一般公共预算支出283.89亿元、转移性支出443.30亿元、债务还本支出"
            "81.43亿元。收支相抵，市本级一般公共预算年终结余44.40亿元。\n")
    assert _prose(text, "prose-balance") == [(("853.02", "808.62"), "44.40", True)]
    # d-003: 支出总量…；结余…; d-010: …，收支相抵，结转下年支出…
    semi = "收入总量3,252,474万元；支出2,568,572万元，加上转移性支出等，支出总量3,007,405万元；结余245,069万元。\n"
    assert _prose(semi, "prose-balance") == [(("3,252,474", "3,007,405"), "245,069", True)]
    carried = "总收入累计1139.64亿元。当年支出613.58亿元，加上解上级支出等480.81亿元，总支出累计1094.39亿元，收支相抵，结转下年支出45.25亿元。\n"
    assert _prose(carried, "prose-balance") == [(("1139.64", "1094.39"), "45.25", True)]
    # a slip in the balance (a decimal point moved) is reported
    found = [f for f in lint_text(text.replace("44.40亿元。", "444.0亿元。"), "t.txt").findings if f.rule == "SUM008"]
    assert len(found) == 1 and found[0].suggestion == "44.40"


def test_an_items_unnamed_share_is_of_its_of_which_head_when_two_shares_hold() -> None:
    # a-038 (fixtures/real): 余额174.65亿元，其中：⏎一般债务24.96亿元，占比14.3%；专项债务149.69亿元，占比85.7%
    text = "2023年末，城厢区政府债务余额174.65亿元，其中：\n一般债务24.96亿元，占比14.3%；专项债务149.69亿元，占比85.7%。\n"
    assert _prose(text, "prose-list-share") == [(("24.96", "174.65"), "14.3", True), (("149.69", "174.65"), "85.7", True)]
    # one share off: reported, with the share the head gives
    found = [f for f in lint_text(text.replace("85.7%", "58.7%"), "t.txt").findings if f.rule == "SHARE004"]
    assert len(found) == 1 and found[0].suggestion == "85.7%" and "149.69 ÷ 174.65" in found[0].message
    # a-023: the list adds up to its head, but the shares are of the whole fund: no share against the head holds
    other = ("转移支付各地市28438万元，其中福州6733万元、占比23.22%，漳州3363万元、占比11.60%，泉州9415万元、占比32.47%，"
             "其他8837万元、占比30.47%，平潭90万元、占比0.31%。\n")
    assert _prose(other, "prose-list") == [(("6733", "3363", "9415", "8837", "90"), "28438", True)]
    # …and the one share of five that holds against the head (90 ÷ 28438 = 0.316%) does so by chance
    assert _prose(other, "prose-list-share") == []
    # c-011, d-016: the share after a bracket and the item's growth (…491.7亿元（含…185.4亿元），增长0.9%，占比为70.2%)
    grown = ("市级对区（市）县一般公共预算转移支付700.7亿元，增长17.6%。其中：一般性转移支付491.7亿元（含共同财政事权转移支付"
             "补助185.4亿元），增长0.9%，占比为70.2%；专项转移支付209亿元，增长92.4%，占比为29.8%。\n")
    assert _prose(grown, "prose-list-share") == [(("491.7", "700.7"), "70.2", True), (("209", "700.7"), "29.8", True)]
    # d-009: one item's share, read when its head explains it (and only then: it may be of another whole)
    one = "2023年，全市一般公共预算收入929.6亿元，完成预算的102.1%，增长2.2%，其中税收收入674亿元，占比72.5%。\n"
    assert _prose(one, "prose-list-share") == [(("674", "929.6"), "72.5", True)]
    assert _prose(one.replace("72.5%", "27.5%"), "prose-list-share") == []


def test_an_of_which_paragraph_breaks_down_the_heading_above_it() -> None:
    # c-020 (fixtures/real): the head is a numbered heading, the 其中 list the paragraph under it
    text = ("（2）非税收入292.5亿元，下降1.1%，完成年初预算的117%。\n其中：专项收入106.8亿元，增长35.7%；行政事业性收费22.9亿元，"
            "下降19.3%；罚没收入30.4亿元；国有资本经营收入35亿元；国有资源（资产）有偿使用收入31.7亿元；政府住房基金收入"
            "59.3亿元；其他收入6.4亿元。\n")
    assert [h.title for h in build_report("t", text).headings] != []      # the head is a heading, not a paragraph
    # (its last item, 其他收入, is the rest of the head: the list is judged in full)
    assert _prose(text, "prose-list-rest") == [(("106.8", "22.9", "30.4", "35", "31.7", "59.3", "6.4"), "292.5", True)]
    # a clause past ； that names 其他收入 goes on with the list (其 alone does not open a new 其中)
    assert _prose(text.replace("\n其中：", "其中："), "prose-list-rest") == _prose(text, "prose-list-rest")
    # a paragraph that does not open with 其中 is no breakdown of the heading
    assert _prose(text.replace("\n其中：", "\n另外："), "prose-list") == []
    assert _prose(text.replace("\n其中：", "\n另外："), "prose-list-rest") == []


def test_a_rate_against_the_budget_the_sentence_before_ends_with() -> None:
    # d-008 (fixtures/real): 支出预算调整为537亿元。2023年，…支出完成529.79亿元，完成调整预算的98.7%
    text = "全年一般公共预算支出预算调整为537亿元。2023年，全市一般公共预算支出完成529.79亿元，完成调整预算的98.7%，增长7.5%。\n"
    assert _prose(text, "prose") == [(("529.79", "537"), "98.7", True)]
    found = [f for f in lint_text(text.replace("98.7%", "89.7%"), "t.txt").findings if f.category == "rate"]
    assert len(found) == 1 and found[0].suggestion.startswith("98.7")
    # a budget of another kind (年初) is not the 调整预算 the rate names
    assert _prose(text.replace("预算调整为537", "年初预算为537"), "prose") == []
    # nor a figure that ends a sentence closed by ；, or one with no 预算 named before it
    assert _prose(text.replace("537亿元。", "537亿元；"), "prose") == []
    assert _prose(text.replace("支出预算调整为537", "支出为537"), "prose") == []


def test_a_table_row_a_note_explains_is_neither_evidence_nor_judged() -> None:
    # a-035 (fixtures/real): rows marked ① … carry a growth on a comparable basis (同口径), explained in the notes
    rows = [("省级财力支出合计", "17,400,000", "17,200,000", "1.2%", ""), ("一.一般公共服务支出", "798,557", "728,348", "-4.1%", "①"),
            ("二.国防支出", "26,760", "23,594", "13.4%", ""), ("三.公共安全支出", "981,074", "1,018,325", "0.4%", "②"),
            ("四.教育支出", "3,655,311", "3,527,312", "3.6%", ""), ("六.文化旅游体育与传媒支出", "337,038", "402,247", "-5.4%", "③"),
            ("五.科学技术支出", "1,251,255", "1,188,687", "5.3%", "")]
    text = "项目\t2025年预算数\t2024年预算数\t增幅\t\n" + "".join("\t".join(r) + "\n" for r in rows)
    rel = [r for r in build_report("t", text).relations if r.kind == "growth"]
    assert sorted(r.result.text for r in rel) == ["1.2", "13.4", "3.6", "5.3"] and all(r.holds for r in rel)
    # without the marks, three rows of seven do not hold: no relation of the table is established
    plain = "".join("\t".join(r[:4]) + "\n" for r in rows)
    assert [r for r in build_report("t", plain).relations if r.kind == "growth"] == []


def test_a_run_of_unnamed_shares_is_of_the_sum_of_its_amounts_when_all_but_one_hold() -> None:
    # a-053 (fixtures/real): the whole is not written; the five amounts are its parts
    text = ("全省2024年末政府债务余额中，2025年到期726.78亿元，占4.5%；2026年到期1044.21亿元，占6.4%；2027年到期886.62亿元，"
            "占5.4%；2028年到期1090.59亿元，占6.7%；2029年及以后年度到期12555.85亿元，占77%。\n")
    rel = _prose(text, "prose-list-share")
    assert [r[1] for r in rel] == ["4.5", "6.4", "5.4", "6.7", "77"] and all(r[2] for r in rel)
    found = [f for f in lint_text(text.replace("占6.4%", "占9.4%"), "t.txt").findings if f.rule == "SHARE004"]
    assert len(found) == 1 and found[0].suggestion == "6.4%" and "16304.05" in found[0].message
    # two shares off: the sum may not be their whole; nothing is read
    assert _prose(text.replace("占6.4%", "占9.4%").replace("占5.4%", "占8.4%"), "prose-list-share") == []
    # a-023: an amount in brackets is not an item (318万元（含…补助50万元）、占比1.10%)
    bracket = ("其中，兑现新增规模企业奖励10000万元、占比50.00%，创新创业大赛6000万元（含光电专题赛补助50万元）、占比30.00%，"
               "企业管理提升补助4000万元、占比20.00%。\n")
    assert [r[1] for r in _prose(bracket, "prose-list-share")] == ["50.00", "30.00", "20.00"]
    # a sentence end closes the run: two runs of two are no run of three
    split = "甲类100亿元，占25%；乙类100亿元，占25%。丙类100亿元，占25%；丁类100亿元，占25%。\n"   # one run of four would hold
    assert _prose(split, "prose-list-share") == []


def test_a_run_of_shares_of_one_named_whole_is_of_the_sum_of_its_amounts_when_all_but_one_hold() -> None:
    # a 部门预算's “三公” paragraph: each item 占“三公”经费的 x% (the last one's name lost at a line break), the whole
    # not written in the paragraph
    text = ("2018年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出 170 万元，占“三公”经费的 27.39%；"
            "公务用车运行维护费支出 266.8 万元，占“三公”经费的 42.98%；公务接待费支出 183.95 万元，占 29.63%。\n")
    rel = _prose(text, "prose-list-share")
    assert [r[1] for r in rel] == ["27.39", "42.98", "29.63"] and all(r[2] for r in rel)
    found = [f for f in lint_text(text.replace("42.98", "45.98"), "t.txt").findings if f.rule == "SHARE004"]
    assert len(found) == 1 and found[0].suggestion == "42.98%" and "620.75" in found[0].message
    # shares of wholes named differently are no run
    other = text.replace("占“三公”经费的 42.98%", "占部门支出的 42.98%")
    assert _prose(other, "prose-list-share") == []
    # shares of a whole that is not their sum (a real 部门预算: 8.75% + 7.22% + 16.81%) are left unread
    real = ("因公出国（境）费支出 222.5 万元，占“三公”经费的 8.75%；公务用车购置及运行费支出 183.6 万元，占“三公”经费的 "
            "7.22%；公务接待费支出 427.5 万元，占“三公”经费的 16.81%。\n")
    assert _prose(real, "prose-list-share") == []


def test_a_count_after_items_and_deng_is_read_and_only_more_items_contradict_it() -> None:
    # c-033 (fixtures/real): 基本公共服务、教育、卫生、科技、交通等5个领域
    text = "稳步推进市与县区基本公共服务、教育、卫生、科技、交通等5个领域财政事权和支出责任划分改革。\n"
    res = lint_text(text, "t.txt", options={"verified": True})
    assert [f for f in res.findings if f.rule == "COUNT001"] == []
    assert [v for v in res.verified if v.rule == "COUNT001"] != []     # read, and it holds
    more = text.replace("交通等5个", "交通、环保等5个")
    found = [f for f in lint_text(more, "t.txt").findings if f.rule == "COUNT001"]
    assert len(found) == 1 and "实际列举 6 项" in found[0].message and found[0].suggestion == "6个"
    # 等 may leave items unnamed: fewer named than counted is no contradiction
    assert [f for f in lint_text(text.replace("等5个", "等7个"), "t.txt").findings if f.rule == "COUNT001"] == []
    # without 等 the 、 may join qualifiers of the counted things (新建、改造各类公园113个): not read
    assert [f for f in lint_text("新建、改造各类公园113个。\n", "t.txt").findings if f.rule == "COUNT001"] == []


def test_numbered_headings_under_a_figure_ending_with_qizhong_are_its_breakdown() -> None:
    # a-009 (fixtures/real): （三）返还性支出182.1亿元。其中：⏎1、…14.8亿元；⏎2、…
    items = [("所得税基数返还支出", "14.8"), ("成品油税费改革税收返还支出", "11.8"), ("增值税税收返还支出", "71.4"),
             ("消费税税收返还支出", "10.7"), ("增值税五五分享税收返还支出", "64.7"), ("城镇土地使用税基数返还支出", "8.7")]
    body = "".join(f"\n{n}、{name} {v} 亿元；\n" for n, (name, v) in enumerate(items, 1))
    text = "（三）返还性支出 182.1 亿元。其中：\n" + body + "（四）专项转移支付支出 30 亿元。\n"
    assert _prose(text, "prose-list") == [(tuple(v for _n, v in items), "182.1", True)]
    # a slip in the head (two digits swapped) is reported by SUM006; a list that is simply short is not judged
    found = [f for f in lint_text(text.replace("182.1", "128.1"), "t.txt").findings if f.rule == "SUM006"]
    assert len(found) == 1 and found[0].suggestion == "182.1"
    assert [f for f in lint_text(text.replace("182.1", "190.1"), "t.txt").findings if f.rule == "SUM006"] == []
    # numbering that does not run 1, 2, 3 … right under the head is no list of it
    assert _prose(text.replace("\n1、", "\n3、"), "prose-list") == []
    # c-020: a clause explaining the head's change between it and 其中： (…，收入变动主要是…增长。其中：)
    funds = [("城镇职工基本医疗保险基金收入", "705.8"), ("城乡居民基本养老保险基金收入", "54.2"),
             ("城乡居民基本医疗保险基金收入", "65"), ("机关事业单位基本养老保险基金收入", "151.5")]
    explained = ("2023年全市社会保险基金总收入976.5亿元，增长1.1%，完成调整预算的112%，收入变动主要是城镇职工基本医疗保险"
                 "基金征缴收入增长。其中：\n" + "".join(f"{n}.{name}{v}亿元，增长4.9%。\n" for n, (name, v) in enumerate(funds, 1)))
    assert _prose(explained, "prose-list") == [(tuple(v for _n, v in funds), "976.5", True)]
    # a clause between them that states another figure: the head is not known
    assert _prose(explained.replace("征缴收入增长", "征缴收入增长12.3亿元"), "prose-list") == []


def test_a_baokuo_list_is_read_like_a_qizhong_list_and_zhuyao_baokuo_only_when_it_adds_up() -> None:
    # a-058 (fixtures/real): 税收返还决算数为370.1亿元，包括：⏎所得税基数返还59.9亿元，…
    text = ("2023年，省级对市县税收返还决算数为370.1亿元，包括：\n所得税基数返还59.9亿元，成品油税费改革税收返还30.31亿元，"
            "增值税税收返还133.71亿元，消费税税收返还22.2亿元，增值税“五五分享”税收返还121.04亿元，其他税收返还2.94亿元。\n")
    assert _prose(text, "prose-list-rest") == [(("59.9", "30.31", "133.71", "22.2", "121.04", "2.94"), "370.1", True)]
    # 主要包括 names the main items only: a list that does not add up is not even shown
    main = "市本级非税收入722.8亿元，主要包括：专项收入374.9亿元，行政事业性收费收入230.4亿元。\n"
    assert _prose(main, "prose-list") == []
    assert _prose(main.replace("722.8", "605.3"), "prose-list") == [(("374.9", "230.4"), "605.3", True)]


def test_a_spending_rate_whose_figures_are_all_named_is_judged() -> None:
    # a-042 (fixtures/real): 专项资金30.54亿元，…实际支出18.48亿元，预算执行率为64.3% (18.48 ÷ 30.54 = 60.5%)
    text = "2022-2024年特色现代农业发展专项资金30.54亿元，截至2024年6月底实际支出18.48亿元，预算执行率为64.3%。\n"
    found = [f for f in lint_text(text, "t.txt").findings if f.rule == "RATE002"]
    assert len(found) == 1 and found[0].suggestion.startswith("60.5")
    assert _prose(text.replace("64.3", "60.5"), "prose-rate") == [(("18.48", "30.54"), "60.5", True)]
    # a third figure in the two sentences (another budget, another spending) leaves the reading unsure: not judged
    other = text.replace("截至", "调整后预算25.00亿元，截至")
    assert [f for f in lint_text(other, "t.txt").findings if f.rule == "RATE002"] == []
    # nor a rate whose numerator the words do not call spent
    unnamed = text.replace("实际支出18.48亿元", "完成18.48亿元")
    assert [f for f in lint_text(unnamed, "t.txt").findings if f.rule == "RATE002"] == []


def test_a_spending_rate_of_the_bonds_issued_past_another_rate_without_figures_is_judged() -> None:
    # a-038 (fixtures/real): 新增专项债券 108.07 亿元，…财政端支出率为 97.8%；项目单位端支出 98.87 亿元，支出率 91.3%
    text = ("2021—2023 年城厢区新增专项债券 108.07 亿元,截止2024 年 9 月末，财政端支出率为 97.8%;项目单位端支出"
            "98.87 亿元，支出率 91.3%。\n")
    found = [f for f in lint_text(text, "t.txt").findings if f.rule == "RATE002"]
    assert len(found) == 1 and found[0].suggestion.startswith("91.5")
    assert _rules(text.replace("91.3%", "91.5%"), "RATE002") == []
    # a figure of its own beside the other rate: two bases to choose from, not judged
    assert _rules(text.replace("财政端支出率为", "财政端支出105.69亿元，支出率为"), "RATE002") == []
    # a base spent itself (…资金支出（含…）167817.60万元, a-047) is no allocation: not judged
    spent = ("2022 年，全省就业补助资金支出（含市、县（市、区）筹集资金部分）167817.60 万元，预算执行率为 86.94%；其中，中央"
             "财政资金支出 53072.14 万元，预算执行率为 96.64%。\n")
    assert _rules(spent, "RATE002") == []


def test_a_budgets_growth_over_last_years_figure_of_the_same_name_is_read() -> None:
    # d-018, c-012 (fixtures/real): a 预算 report's plan against the 执行 figure stated in an earlier part
    text = ("一、2024年预算执行情况\n2024年，全市一般公共预算收入完成1155.1亿元，增长3.1%。非税收入119.1亿元。\n"
            "二、2025年预算草案\n2025年，全市一般公共预算收入预算安排1178.1亿元，增长2%。非税收入安排120亿元，增长0.8%。"
            "全市一般公共预算收入预期1178.1亿元，比2024年执行数增长2%。\n")
    assert [(r[0], r[1]) for r in _prose(text, "prose-named-growth")] == [
        (("1178.1", "1155.1"), "2"), (("120", "119.1"), "0.8"), (("1178.1", "1155.1"), "2")]
    # only a reading that holds is kept (which year a statement is of is not always written)
    assert _prose(text.replace("增长0.8%", "增长3.8%"), "prose-named-growth") == [
        (("1178.1", "1155.1"), "2", True), (("1178.1", "1155.1"), "2", True)]


def test_a_list_written_out_after_a_count_comes_before_the_items_named_before_it() -> None:
    # 教育、卫生等3个领域，分别是：…: the complete list after the count is the one counted
    text = "改革涉及教育、卫生等3个，分别是：教育、卫生、科技、交通。\n"
    found = [f for f in lint_text(text, "t.txt").findings if f.rule == "COUNT001"]
    assert len(found) == 1 and "实际列举 4 项" in found[0].message


def test_a_head_is_found_past_an_aside_in_brackets_and_a_change_against_last_years_final_figure() -> None:
    # d-013 (fixtures/real): 收入381.16亿元、比上年决算数（下同）下降4.92%（其中…、下降8.14%，…），… — the figure
    # before the change clause and the aside in brackets is the head of what follows
    text = ("全市一般公共预算收入381.16亿元、比上年决算数（下同）下降4.92%（主要是留抵退税，上年基数为400.88亿元、增长1.38%）。"
            "其中：税收收入243.53亿元，非税收入137.63亿元。\n")
    # (税收收入 and 非税收入 make up 一般公共预算收入: a partition)
    assert _prose(text, "prose-list-partition") == [(("243.53", "137.63"), "381.16", True)]
    # a clause that is not about the head (主要是…) outside brackets still stops the search
    assert _prose(text.replace("、比上年决算数", "，主要是税收减少，比上年决算数"), "prose-list-partition") == []


def test_an_of_which_list_whose_items_say_how_they_changed_is_read_one_item_per_clause() -> None:
    # b-028 (fixtures/real): each ；-clause names its item first, then the item's change and why it changed, naming
    # amounts of its own (国有土地使用权出让收入7700亿元) that are no items of the list
    text = ("全国政府性基金收入9681亿元，比去年同期增加2701亿元，增长38.7%。其中，中央政府性基金收入784亿元，同比增加31亿元，"
            "增长4.2%；地方政府性基金收入8897亿元，同比增加2670亿元，增长42.9%，主要是土地成交额增加，国有土地使用权出让收入"
            "7700亿元，同比增加2448亿元。\n")
    assert _prose(text, "prose-list-partition") == [(("784", "8897"), "9681", True)]    # 中央、地方: a partition
    # the changes of the items give the change of the whole, each with its sign
    assert _prose(text, "prose-list-change") == [(("31", "2670"), "2701", True)]
    assert _rules(text, "SUM006", "SUM009", "CHG001") == []
    # (with its growth the wrong item change is CHG001's one finding; without it, the whole's change is reported)
    assert _rules(text.replace("同比增加2670亿元，增长42.9%", "同比增加2970亿元"), "SUM009", "CHG001") == [("SUM009", 1)]
    mixed = ("全国政府性基金收入50000亿元，比上年减少3846亿元。其中，中央政府性基金收入4000亿元，比上年增加183亿元；"
             "地方政府性基金收入46000亿元，比上年减少4029亿元。\n")
    assert _prose(mixed, "prose-list-change") == [(("4029", "183"), "3846", True)]
    # a change on the budget is never added to a change on last year; an item without its change is not read
    assert _prose(mixed.replace("比上年增加183", "比年初预算增加183"), "prose-list-change") == []
    assert _prose(mixed.replace("，比上年增加183亿元", ""), "prose-list-change") == []
    # a clause that names no amount of its own breaks the one-item-per-clause reading
    assert _prose(text.replace("地方政府性基金收入8897亿元，", "地方政府性基金收入"), "prose-list-partition") == []


def test_unnamed_shares_spread_over_a_section_are_judged_against_the_base_that_gives_most_of_them() -> None:
    # c-021 (fixtures/real): ——卫生健康支出77.33亿元，占比7.1%, one item per paragraph, the whole stated above them
    items = ("——教育支出126.2亿元，占比11.5%。\n——卫生健康支出77.33亿元，占比7.1%。\n"
             "——农林水支出51.43亿元，占比4.7%。\n——债务付息及发行费用支出27.93亿元，占比2.6%。\n")
    text = "一、一般公共预算支出\n全市一般公共预算支出1093.65亿元，增长3.1%。\n" + items
    assert [(r[0][0], r[1], r[2]) for r in _prose(text, "prose-share-established")] == [
        ("126.2", "11.5", True), ("77.33", "7.1", True), ("51.43", "4.7", True), ("27.93", "2.6", True)]
    wrong = text.replace("占比4.7%", "占比5.7%")
    assert _rules(wrong, "SHARE004") == [("SHARE004", 5)]
    # the whole may come after its items
    after = "一、一般公共预算支出\n" + items + "以上合计占全市一般公共预算支出1093.65亿元的比重为25.9%。\n"
    assert len(_prose(after, "prose-share-established")) == 4
    # a share that another amount of the section gives is of another whole: not judged
    other = text + "——其中义务教育63.1亿元，占比50%。\n"
    assert ("63.1", "50", False) not in [(r[0][0], r[1], r[2]) for r in _prose(other, "prose-share-established")]
    # one share holding is no established base: a lone coincidence is not read
    lone = "一、支出\n全市支出1093.65亿元。\n——教育支出126.2亿元，占比11.5%。\n——卫生健康支出77.33亿元，占比9.9%。\n"
    assert _prose(lone, "prose-share-established") == []


def test_a_list_naming_every_member_of_a_partition_is_judged_in_full() -> None:
    # d-018, c-027 (fixtures/real): 一般债务 and 专项债务 make up a 债务余额; such a list cannot be partial
    debt = "其他区县（市）政府债务余额1665.6亿元，其中一般债务余额471亿元，专项债务余额1194.6亿元。\n"
    assert _prose(debt, "prose-list-partition") == [(("471", "1194.6"), "1665.6", True)]
    assert _rules(debt.replace("1194.6", "1349.8"), "SUM006", "SUM010") == [("SUM010", 1)]
    # b-023: 中央本级 and 地方本级, one item per ；-clause, each with its growth
    nation = ("1-9月累计,全国财政收入48946.86亿元，同比增长25.8%，其中，中央本级收入27098.51亿元，增长25.5%；"
              "地方本级收入21848.35亿元，增长26.1%。\n")
    assert _prose(nation, "prose-list-partition") == [(("27098.51", "21848.35"), "48946.86", True)]
    assert _rules(nation.replace("21848.35", "24689.64"), "SUM010") == [("SUM010", 1)]
    # a list with an item outside the partition (中央对地方…) may be partial: only its slips are reported
    partial = "全国财政支出27037亿元。其中，中央本级支出4044亿元，中央对地方税收返还和转移支付12378亿元。\n"
    assert _prose(partial, "prose-list-partition") == []
    assert [r[2] for r in _prose(partial, "prose-list")] == [False]
    assert _rules(partial, "SUM006", "SUM010") == []
    # 人员经费 and 公用经费 make up 基本支出 only, not the whole of 支出
    staff = "2024年支出9150.00万元，其中人员经费8775.00万元，公用经费175.00万元。\n"
    assert _prose(staff, "prose-list-partition") == []
    assert _prose(staff.replace("2024年支出", "2024年基本支出"), "prose-list-partition") == [
        (("8775.00", "175.00"), "9150.00", False)]
    # a-002: （其中：…） in brackets right after the figure, naming both members
    bracket = "2020年末我省地方政府债务余额5684.5亿元（其中：一般债务余额4051.3亿元，专项债务余额1633.2亿元），低于限额。\n"
    assert _prose(bracket, "prose-list-partition") == [(("4051.3", "1633.2"), "5684.5", True)]
    assert _rules(bracket.replace("1633.2", "1845.5"), "SUM010") == [("SUM010", 1)]
    assert _prose(bracket.replace("专项债务余额", "外债余额"), "prose-list-partition") == []


def test_transfers_remittances_and_official_cars_are_partitions_and_a_unit_slip_is_named() -> None:
    # c-029 (fixtures/real): 公务用车购置费 and 运行维护费 make up 公务用车购置及运行维护费, whose 0.40元 is 0.40亿元
    cars = ("公务用车购置及运行维护费0.40亿元（其中：公务用车购置费0.10亿元、公务用车运行维护费0.30亿元），"
            "比年初预算数0.51亿元减少0.11亿元。\n")
    assert _prose(cars, "prose-list-partition") == [(("0.10", "0.30"), "0.40", True)]
    slip = [f for f in lint_text(cars.replace("0.40亿元", "0.40元")).findings if f.rule == "SUM010"]
    assert [(f.message.endswith("文中为 0.40元（疑为单位错误）"), f.suggestion) for f in slip] == [(True, "0.40亿元")]
    assert "0.10亿元 + 0.30亿元 = 0.40亿元" in slip[0].message
    # a sum that is not the total in another unit is no unit slip: the message has no note
    other = [f for f in lint_text(cars.replace("0.40亿元", "0.50亿元")).findings if f.rule == "SUM010"]
    assert len(other) == 1 and "疑为" not in other[0].message
    # c-020, c-023: 一般性转移支付 and 专项转移支付 make up 转移支付, not 税收返还和转移支付 (which has 返还性 too)
    transfers = "2023年下级转移支付补助支出306.1亿元，其中：一般性转移支付201.5亿元，专项转移支付104.6亿元。\n"
    assert _prose(transfers, "prose-list-partition") == [(("201.5", "104.6"), "306.1", True)]
    assert _prose(transfers.replace("下级转移支付补助支出", "税收返还和转移支付"), "prose-list-partition") == []
    three = "下达全市转移支付资金310.6亿元，其中：返还性收入4.5亿元，一般性转移支付201.5亿元，专项转移支付104.6亿元。\n"
    assert _prose(three, "prose-list-partition") == [(("4.5", "201.5", "104.6"), "310.6", True)]
    # 体制上解 and 专项上解 make up 上解
    up = "（2）上解上级支出12.2亿元，其中：体制上解支出8.1亿元，专项上解支出4.1亿元。\n"
    assert _prose(up, "prose-list-partition") == [(("8.1", "4.1"), "12.2", True)]
    assert _rules(up.replace("4.1亿元。", "5.1亿元。"), "SUM010") == [("SUM010", 1)]


def test_a_list_ending_with_the_rest_of_its_head_is_judged_in_full() -> None:
    # c-034 (fixtures/real): …其中：基本医疗保险待遇支出41.8亿元，…，其他支出4亿元: the list names all of its head
    text = "全市基本医疗保险基金支出49.4亿元，其中：基本医疗保险待遇支出41.8亿元，大病保险支出3.6亿元，其他支出4亿元。\n"
    assert _prose(text, "prose-list-rest") == [(("41.8", "3.6", "4"), "49.4", True)]
    assert _rules(text.replace("3.6亿元", "4.6亿元"), "SUM006", "SUM010") == [("SUM010", 1)]
    # without the rest it may be a partial list: only its slips are reported
    partial = "全市基本医疗保险基金支出49.4亿元，其中：基本医疗保险待遇支出41.8亿元，大病保险支出4.6亿元。\n"
    assert _prose(partial, "prose-list-rest") == [] and _rules(partial, "SUM006", "SUM010") == []
    # c-029: the rest's figure named as a budget (调整预算收入7亿元，决算无收入) may be of another stage: not judged
    staged = ("国有资本经营预算收入1.55亿元。其中：利润收入1.28亿元；股利、股息收入0.27亿元；"
              "其他国有资本经营预算收入调整预算收入7亿元，决算无收入。\n")
    assert _prose(staged, "prose-list-rest") == [] and _rules(staged, "SUM006", "SUM010") == []


def test_a_list_after_a_split_by_phrase_and_the_same_whole_split_again() -> None:
    # a-009 (fixtures/real): 按类别划分，… 。按品种划分，…: two splits of the one whole, each a partition
    text = ("2023年我省发行地方政府债券2102.8亿元。按类别划分，一般债券1116.3亿元，专项债券986.5亿元。按品种划分，"
            "新增债券921亿元，再融资债券1181.8亿元。\n")
    assert _prose(text, "prose-list-partition") == [(("1116.3", "986.5"), "2102.8", True),
                                                    (("921", "1181.8"), "2102.8", True)]
    assert _rules(text.replace("1181.8", "1281.8"), "SUM010") == [("SUM010", 1)]
    # c-027: 按用途划分 over ；-clauses saying what each item is for
    uses = ("自治区转贷我市地方政府专项债券251.08亿元。按用途划分，新增专项债券142.82亿元，主要用于产业园区、交通基础设施"
            "等领域项目建设；再融资专项债券108.26亿元，全部用于偿还2023年到期的政府专项债券本金。\n")
    assert _prose(uses, "prose-list-partition") == [(("142.82", "108.26"), "251.08", True)]


def test_a_balance_of_the_totals_stated_in_the_paragraphs_before_is_judged() -> None:
    # c-022 (fixtures/real): 收入总量 and 支出总量 each close a paragraph; 收支总量相抵后，累计结余 in a third
    text = ("一、政府性基金预算\n2022年，市级政府性基金预算收入1152.55亿元，下降12%，加上上年结余201.16亿元、专项债券转贷收入"
            "761.98亿元，收入总量为2115.69亿元。\n\n市级政府性基金预算支出1545.64亿元，增长16.2%，加上专项债券还本支出"
            "515亿元，支出总量为2060.64亿元。\n\n收支总量相抵后，累计结余55.05亿元，全部结转下年使用。\n")
    assert _prose(text, "prose-balance") == [(("2115.69", "2060.64"), "55.05", True)]
    assert _rules(text.replace("55.05", "65.05"), "SUM008") == [("SUM008", 6)]
    # c-017: the spending total in the balance's own paragraph, the income total in the one before
    own = ("一、一般公共预算\n可供安排的收入总量为3,029,047万元。全市一般公共预算支出实现2,438,646万元，加安排预算稳定调节基金\n"
           "⑺、偿还地方政府\n一般债务等，支出总量为2,930,304万元。收入总量减去支出总量后，全市结转下年继续使用资金98,743万元。\n")
    assert [r for r in _prose(own, "prose-balance") if r[1] == "98,743"] == [(("3,029,047", "2,930,304"), "98,743", True)]
    # a heading between: the totals before it are another section's
    other = text.replace("\n\n收支总量相抵后", "\n二、结余情况\n收支总量相抵后")
    assert _prose(other, "prose-balance") == []
    # c-019, c-022: nothing added to the spending, so the one spending figure after the income total is its total
    plain = ("2022年，全市社会保险基金预算收入525.78亿元，增长16.9%，加上上年结余502.12亿元，收入总量为1027.9亿元。\n\n"
             "全市社会保险基金预算支出354.16亿元，下降13.2%，完成年初预算的93.9%。\n\n收支总量相抵后，年末滚存结余673.74亿元。\n")
    assert [r for r in _prose(plain, "prose-balance") if r[1] == "673.74"] == [(("1027.9", "354.16"), "673.74", True)]
    assert ("SUM008", 5) in _rules(plain.replace("673.74", "763.74"), "SUM008")
    # two spending figures after the income total: which is the total is not said, nothing is read
    two = plain.replace("下降13.2%，", "其中上解支出12.5亿元，下降13.2%，")
    assert [r for r in _prose(two, "prose-balance") if r[1] == "673.74"] == []


def test_a_balance_opening_its_sentence_with_shouzhi_xiangdi_is_that_of_the_totals_before() -> None:
    # c-007, d-007, d-016, d-022 (fixtures/real): 收入总量为… / 支出总计…, then 收支相抵，年末结转… as a paragraph of its own
    text = ("1．全市情况：2023年，全市一般公共预算收入929.6亿元，为预算的102.1%，增长2.2%，加上上级补助收入、债务转贷收入、"
            "调入资金等745.8亿元，收入总量为1675.4亿元。全市一般公共预算支出1411.3亿元，为预算的99%，增长2.3%，加上债务还本、"
            "上解上级支出等249.2亿元，支出总量为1660.5亿元。\n\n收支相抵，年末结转14.9亿元。\n")
    assert _prose(text, "prose-balance") == [(("1675.4", "1660.5"), "14.9", True)]
    assert _rules(text.replace("14.9亿元", "24.9亿元"), "SUM008") == [("SUM008", 3)]
    # 收支相抵 inside a sentence, not opening it: not this reading
    inside = text.replace("\n\n收支相抵，", "\n\n经测算，收支相抵，")
    assert _prose(inside, "prose-balance") == []
    # spending not named a total: no reading
    plain = text.replace("支出总量为1660.5亿元", "另支出1660.5亿元")
    assert _prose(plain, "prose-balance") == []


def test_an_adjusted_budget_is_the_initial_one_plus_or_minus_its_adjustment() -> None:
    # c-028 (fixtures/real): 年初预算合计419.2亿元，执行中…调减收入预算16亿元，调整后收入预算为403.2亿元
    text = ("汇总全市各级人代会批准的2023年全市一般公共预算收入年初预算合计419.2亿元，执行中市级和部分县区按程序调减收入预算"
            "16亿元，调整后收入预算为403.2亿元；全年收入实际完成404.3亿元，同比增长1.5%。\n")
    assert _prose(text, "prose-chain") == [(("419.2", "16"), "403.2", True)]
    assert _rules(text.replace("403.2", "413.2"), "SUM008") == [("SUM008", 1)]
    up = text.replace("调减收入预算16亿元，调整后收入预算为403.2亿元", "调增收入预算16亿元，调整后收入预算为435.2亿元")
    assert _prose(up, "prose-chain") == [(("419.2", "16"), "435.2", True)]
    # the first figure not named the initial budget: no chain
    assert _prose(text.replace("年初预算合计", "执行数"), "prose-chain") == []


def test_a_column_relation_of_a_four_row_table_is_established_by_three_rows() -> None:
    # a-006 (fixtures/real): 资金拨付率 = 已下达 ÷ 年初预算 over 合计 and three years; one wrong rate is found
    rows = [("合计", "36600", "36500", "99.7%"), ("2022年", "12200", "12200", "100%"), ("2023年", "12200", "12200", "100%"),
            ("2024年", "12200", "12100", "99.2%")]
    text = "年度\t年初预算\t已下达\t拨付率\n" + "".join(f"{a}\t{b}\t{c}\t{d}\n" for a, b, c, d in rows)
    assert _rules(text, "TABLE004") == []
    assert _rules(text.replace("99.2%", "89.2%"), "TABLE004") == [("TABLE004", 5)]


def test_a_chain_starts_past_a_footnote_mark_an_explaining_sentence_and_a_share_clause() -> None:
    # d-012 (fixtures/real): 收入1,928.9亿元2 (a footnote's mark), 收入增长主要是由于2022年… (an explanation without
    # figures), 税收收入占比为71% (a share clause after the list): the chain starts from the head of the 其中 list
    text = ("2023年全市一般公共预算收入1,928.9亿元2，增长4%，完成预算的100.2%。收入增长主要是由于2022年增值税留抵退税较多导致"
            "基数较低。其中：税收收入1,369.8亿元，非税收入559.1亿元，税收收入占比为71%。加上上级补助收入646亿元、调入资金455.3亿元"
            "后，2023年全市一般公共预算总收入3,030.2亿元。\n")
    assert _prose(text, "prose-chain") == [(("1,928.9", "646", "455.3"), "3,030.2", True)]
    assert _rules(text.replace("3,030.2", "3,130.2"), "SUM008") == [("SUM008", 1)]
    # 。收入下降主要是受…影响。加上…: the chain goes on from the figure before the explanation
    fund = ("2023年全市政府性基金预算收入1,588.8亿元，下降2.6%，其中国有土地使用权出让收入1,480.5亿元。收入下降主要是受房地产"
            "市场环境影响。加上债务转贷收入1,208.5亿元、上年结余96.6亿元后，全市政府性基金预算总收入2,893.9亿元。\n")
    assert _prose(fund, "prose-chain") == [(("1,588.8", "1,208.5", "96.6"), "2,893.9", True)]


def test_a_numbered_list_under_a_sentence_naming_several_figures_breaks_down_the_one_it_adds_up_to() -> None:
    # c-020 (fixtures/real): the sentence before 如下： is itself a 其中 list; its last figure is no head
    text = ("（二）主要支出项目决算情况\n2023年市级一般公共预算总支出2,281.5亿元，其中，市本级支出1,012.3亿元，补助区级支出"
            "1,269.2亿元。主要项目完成情况如下：\n1.市本级一般公共预算支出1,012.3亿元，下降5.2%。\n"
            "2.补助区级支出1,269.2亿元，增长10.1%。\n")
    assert ((("1,012.3", "1,269.2"), "2,281.5", True)) in _prose(text, "prose-list")
    assert all(r[1] != "1,269.2" for r in _prose(text, "prose-list"))


def test_a_balance_in_a_paragraph_of_its_own_takes_the_funds_named_totals_and_is_only_recorded() -> None:
    # c-034 (fixtures/real): the fund's income and spending pages before, a name cut by a line break (社会保⏎险基金)
    text = ("二、社会保险基金预算\n2022年全市社会保\n险基金预算收入180.4亿元，比上年执行数减少11.8亿元。\n"
            "2022年全市社会保险基金预算支出157.4亿元，比上年执行数增加3.2亿元。\n"
            "三、收支预算结余情况\n2022年全市社会保险基金预算收支相抵，当年结余23亿元。\n")
    assert _prose(text, "prose-balance-named") == [(("180.4", "157.4"), "23", True)]
    # no pair of the fund's statements gives the balance: nothing read, nothing reported
    off = text.replace("当年结余23亿元", "当年结余32亿元")
    assert _prose(off, "prose-balance-named") == []
    assert [f for f in lint_text(off).findings if f.severity != "info"] == []
    # d-020: …支出557.18亿元，…；当年结余138.32亿元 in the same sentence run: read and judged
    semi = "市本级社会保险基金收入695.5亿元，增长5.5%；市本级社会保险基金支出557.18亿元，增长6.8%；当年结余138.32亿元。\n"
    assert _prose(semi, "prose-balance") == [(("695.5", "557.18"), "138.32", True)]


def test_a_list_after_fen_zhongyang_he_difang_kan_breaks_down_the_whole_again() -> None:
    # b-002 (fixtures/real): the whole's 其中 list (税收、非税), then 分中央和地方看 breaks the whole down again
    text = ("2025年，全国一般公共预算收入216045亿元，比上年下降1.7%。其中，全国税收收入176363亿元，比上年增长0.8%；非税收入"
            "39682亿元，比上年下降11.3%。分中央和地方看，中央一般公共预算收入93963亿元，比上年下降6.5%；地方一般公共预算本级"
            "收入122082亿元，比上年增长2.4%。\n")
    assert _prose(text, "prose-list-partition") == [(("176363", "39682"), "216045", True),
                                                    (("93963", "122082"), "216045", True)]
    assert ("SUM010", 1) in _rules(text.replace("122082", "137954"))
    # b-014: a list with a list of its own inside mixes two levels: read only when it adds up
    nested = ("全国公共财政支出125712亿元，增长15.1%。分中央和地方看，中央财政支出64148亿元，其中，中央本级支出18765亿元，"
              "增长13.6%；对地方税收返还和转移支付45383亿元。\n")
    assert [r for r in _prose(nested, "prose-list") if not r[2]] == []


def test_the_shipped_partitions_each_name_two_members_or_more_with_distinct_spellings() -> None:
    from auditor.partitions import partition_of, partitions
    shipped = partitions()
    assert len(shipped) >= 5
    for p in shipped:
        spellings = [s for member in p.members for s in member]
        assert len(p.members) >= 2 and len(spellings) == len(set(spellings)), p.name
    # an item outside every member, or a member left unnamed, is no partition
    assert partition_of("债务余额", ["一般债务余额", "专项债务余额"]) is not None
    assert partition_of("债务余额", ["一般债务余额", "一般债务余额"]) is None
    assert partition_of("支出", ["中央本级支出", "中央对地方转移支付"]) is None


def test_the_central_and_the_local_figure_of_one_name_are_two_figures() -> None:
    # b-028 (fixtures/real): 中央政府性基金收入 and 地方政府性基金收入 are no one figure stated twice (CONS003)
    text = ("全国政府性基金收入9681亿元。其中，中央政府性基金收入784亿元，同比增加31亿元；地方政府性基金收入8897亿元，"
            "同比增加2670亿元。\n")
    assert _rules(text, "CONS003") == []
    assert _rules("一、概况\n中央政府性基金收入784亿元。\n二、说明\n中央政府性基金收入874亿元。\n", "CONS003") == [("CONS003", 4)]


def test_a_list_whose_items_state_only_their_changes_is_read_when_they_name_a_partition() -> None:
    # b-012 (fixtures/real): 其中，中央非税收入同比增加899亿元…；地方非税收入同比增加1614亿元
    text = ("非税收入21192亿元，同比增加2513亿元，增长13.5%。其中，中央非税收入同比增加899亿元，增长25.3%，主要是部分金融机构"
            "上缴收入增加；地方非税收入同比增加1614亿元，增长10%。\n")
    assert _prose(text, "prose-list-change") == [(("899", "1614"), "2513", True)]
    assert _rules(text.replace("增加1614亿元，增长10%", "增加1814亿元"), "SUM009") == [("SUM009", 1)]
    # items that are no partition (中央本级, 中央对地方) may leave some out: not read
    other = text.replace("地方非税收入", "中央对地方转移支付")
    assert _prose(other, "prose-list-change") == []


def test_a_balance_of_one_subjects_income_and_spending_is_read_across_a_paragraph_break() -> None:
    # c-015 (fixtures/real): the income and spending in the paragraph before, the balance in a line of its own
    text = ("2022年园区社会保险基金收入11.34亿元，完成预算的124.7%；支出10.18亿元，完成预算的108.9%。\n"
            "收支相抵，结转下年支出1.16亿元。\n")
    assert _prose(text, "prose-balance") == [(("11.34", "10.18"), "1.16", True)]
    slipped = text.replace("1.16亿元", "1.61亿元")
    assert _prose(slipped, "prose-balance") == [(("11.34", "10.18"), "1.61", False)]
    assert [f.rule for f in lint_text(slipped).findings if f.severity != "info"] == ["SUM008"]
    # d-011: the spending in its own paragraph, the income in the one before; 本年收支结余 after a full stop
    split = ("市级社会保险基金收入完成117.6亿元，增长4.1%。\n"
             "市级社会保险基金支出完成113.3亿元，增长17.1%。本年收支结余4.3亿元，年末滚存结余213.9亿元。\n")
    assert _prose(split, "prose-balance") == [(("117.6", "113.3"), "4.3", True)]
    # c-029: the subject between 收支相抵 and 当年收支结余
    own = ("市本级社会保险基金预算收入163.72亿元，增长7.05%，市本级社会保险基金预算支出158.83亿元，增长3.16%。收支相抵，"
           "市本级社会保险基金预算当年收支结余4.89亿元，上年结余178.92亿元。\n")
    assert _prose(own, "prose-balance") == [(("163.72", "158.83"), "4.89", True)]
    # two subjects (全市 income, 市本级 spending): not one fund's balance, nothing is read
    mixed = split.replace("市级社会保险基金收入", "全市社会保险基金收入").replace("市级社会保险基金支出", "市本级社会保险基金支出")
    assert _prose(mixed, "prose-balance") == []
    # a heading between: another section's figures
    headed = text.replace("\n收支相抵", "\n（二）其他情况\n收支相抵")
    assert _prose(headed, "prose-balance") == []
    # d-015, c-009: a gap (当期缺口, 支大于收) is spending over income
    gap = "2023年园区社会保险基金收入8.37亿元，完成预算的133.6%。社会保险基金支出9.15亿元。\n\n收支相抵，当期缺口0.78亿元。\n"
    assert _prose(gap, "prose-balance") == [(("9.15", "8.37"), "0.78", True)]
    assert _rules(gap.replace("0.78", "0.87"), "SUM008") == [("SUM008", 3)]
    over = ("2023年市本级社会保险基金预算收入152.93亿元，2023年市本级社会保险基金预算支出153.96亿元。收支相抵，市本级社会保险"
            "基金预算当年支大于收1.03亿元，年末滚存结余178.92亿元。\n")
    assert _prose(over, "prose-balance") == [(("153.96", "152.93"), "1.03", True)]
    # d-015: a budget's income and spending (收入预算, 支出预算) are the pair too
    budget = ("2024年市级社会保险基金收入预算552.33亿元；社会保险基金支出预算551.23亿元。\n\n"
              "收支相抵，当期结余1.1亿元，拟结转下年使用。\n")
    assert _prose(budget, "prose-balance") == [(("552.33", "551.23"), "1.1", True)]


def test_a_bare_balance_right_after_the_spending_total_is_that_of_the_totals() -> None:
    # a-005, d-010, d-012 (fixtures/real): …总收入21776.7亿元。…总支出20754.37亿元。结转1022.33亿元
    text = ("全省一般公共预算收入13533.98亿元，下降2.3%。加上债务收入、转移性收入等收入后，总收入21776.7亿元。\n\n"
            "全省一般公共预算支出17956.06亿元，下降3.1%。加上转移性支出等支出后，总支出20754.37亿元。结转1022.33亿元。\n")
    assert _prose(text, "prose-balance") == [(("21776.7", "20754.37"), "1022.33", True)]
    assert _rules(text.replace("1022.33", "1202.33"), "SUM008") == [("SUM008", 3)]
    # the same in one paragraph
    one = text.replace("。\n\n全省", "。全省")
    assert _prose(one, "prose-balance") == [(("21776.7", "20754.37"), "1022.33", True)]
    # c-027: a 年终结余 listed among what a balanced 支出总计 holds, right after another item: no such balance
    listed = ("收入总计1066.29亿元。支出总计1066.29亿元。\n\n此外，上解支出15.79亿元，年终结余90.02亿元。\n")
    assert _prose(listed, "prose-balance") == []
    # the spending not named a total: a bare 结转 is not read against it
    plain = text.replace("总支出20754.37亿元", "支出20754.37亿元")
    assert _prose(plain, "prose-balance") == []


def test_a_balance_naming_its_subject_takes_that_subjects_income_and_spending_two_paragraphs_back() -> None:
    # d-021, c-015 (fixtures/real): income and spending each a paragraph, then 2021年园区政府性基金当年收支结余…
    text = ("2021年园区政府性基金预算收入2118623万元（其中：园区本级1751375万元，苏相合作区367248万元），增长46.7%。\n"
            "2021年园区政府性基金预算支出1956631万元（其中：园区本级1768336万元，苏相合作区188295万元），增长23.8%。\n"
            "2021年园区政府性基金当年收支结余161992万元，加上上级补助资金3059万元。\n")
    assert _prose(text, "prose-balance") == [(("2118623", "1956631"), "161992", True)]
    assert _rules(text.replace("161992", "169192"), "SUM008") == [("SUM008", 3)]
    # the balance names another subject than the income and spending: nothing is read
    other = text.replace("2021年园区政府性基金当年", "2021年市级国有资本经营当年")
    assert _prose(other, "prose-balance") == []
    # the parts in brackets are not the pair: 收入67966万元（其中：利润收入64929万元，股利、股息收入3037万元）
    parts = ("2021年市级国有资本经营预算收入67966万元（其中：利润收入64929万元，股利、股息收入3037万元），增长21.3%。"
             "2021年市级国有资本经营预算支出67260万元，增长16.1%。\n2021年市级国有资本经营预算当年收支结余706万元。\n")
    assert _prose(parts, "prose-balance") == [(("67966", "67260"), "706", True)]


def test_a_balance_rolled_forward_is_the_opening_balance_plus_and_minus_the_flows_between() -> None:
    # d-021, c-015, d-007 (fixtures/real): 债务余额 from one year end to the next
    debt = ("2021年市级地方政府一般债务限额1324700万元。2020年年末地方政府一般债务余额975972万元，2021年地方政府债务转贷收支差额"
            "95000万元、偿还债务62195万元，2021年年末地方政府一般债务余额1008777万元，控制在限额内。\n")
    assert _prose(debt, "prose-rollforward") == [(("975972", "95000", "62195"), "1008777", True)]
    assert _rules(debt.replace("1008777", "1007877"), "SUM008") == [("SUM008", 1)]
    # c-007, d-022: 预算稳定调节基金, the flow's words after its figure (…20.4亿元补充预算稳定调节基金)
    fund = ("年初市本级预算稳定调节基金余额9.3亿元，当年动用9亿元，年底将预算超收收入等20.4亿元补充预算稳定调节基金，"
            "年末余额20.7亿元。\n")
    assert _prose(fund, "prose-rollforward") == [(("9.3", "9", "20.4"), "20.7", True)]
    # d-003, c-009: the items of a list take its flow word, before the list or after its last item
    listed = ("2022年年初市级预算稳定调节基金余额56,598万元，编制2022年年初预算时动用36,000万元，按规定转入超收收入"
              "8,675万元、未使用的预备费2,804万元、收回以前年度存量资金26,850万元后，2022年末市级预算稳定调节基金余额58,927万元。\n")
    assert _prose(listed, "prose-rollforward") == [(("56,598", "36,000", "8,675", "2,804", "26,850"), "58,927", True)]
    # d-003: worded 减去…，加上…后, the chain reader reads it (one reading)
    steps = listed.replace("编制2022年年初预算时动用", "减去编制2022年年初预算时动用的").replace("按规定转入", "加上按规定转入")
    assert _prose(steps, "prose-chain") == [(("56,598", "36,000", "8,675", "2,804", "26,850"), "58,927", True)]
    assert _prose(steps, "prose-rollforward") == []
    after = ("2022年末市本级预算稳定调节基金余额为28.56亿元，2023年初调入一般公共预算21.81亿元统筹使用。2023年末，将当年预备费"
             "结余3.60亿元、各类预算结余4.15亿元及国有资本经营预算结余资金0.37亿元补充预算稳定调节基金后，市本级预算稳定调节基金"
             "余额为14.87亿元。\n")
    assert _prose(after, "prose-rollforward") == [(("28.56", "21.81", "3.60", "4.15", "0.37"), "14.87", True)]
    # d-006: an aside in brackets is no flow
    aside = ("2022年末全市地方政府债务余额4640.5亿元。2023年发行新增债券593.8亿元、再融资债券470.1亿元（含存量债务再融资债券85亿元），"
             "举借外债0.3亿元，偿还到期政府债务476亿元后，债务余额为5228.7亿元。\n")
    assert _prose(aside, "prose-rollforward") == [(("4640.5", "593.8", "470.1", "0.3", "476"), "5228.7", True)]
    # an amount between without flow words, a limit, or flows left unwritten (…等): nothing is read
    assert _prose(debt.replace("、偿还债务62195", "，另有62195"), "prose-rollforward") == []
    assert _prose(debt.replace("、偿还债务62195万元", "、新增债务限额62195万元"), "prose-rollforward") == []
    assert _prose(debt.replace("偿还债务62195万元，", "偿还债务62195万元等，"), "prose-rollforward") == []
    # an opening 一般债务 and a closing 专项债务 balance are not one roll-forward
    assert _prose(debt.replace("2021年年末地方政府一般债务余额", "2021年年末地方政府专项债务余额"), "prose-rollforward") == []
    # a balance not at a period's end is no outcome
    assert _prose(debt.replace("2021年年末地方政府一般债务余额", "地方政府一般债务余额"), "prose-rollforward") == []


def test_a_revenue_is_its_tax_and_non_tax_revenue_given_paragraphs_later() -> None:
    # d-016, d-014, d-012, b-005 (fixtures/real): the split a few paragraphs after the revenue, in its section
    text = ("1．一般公共预算\n市级一般公共预算收入234.3亿元，为预算的101.4%，增长16.2%。加上级补助收入等1285.9亿元，"
            "收入总量为1520.2亿元。\n市级一般公共预算支出437.8亿元，完成预算的90%。\n"
            "收入决算情况。税收收入121.4亿元，为预算的102%；\n非税收入112.9亿元，为预算的100.7%。其中：增值税4.1亿元。\n")
    assert _prose(text, "prose-tax-split") == [(("121.4", "112.9"), "234.3", True)]
    assert _rules(text.replace("112.9", "121.9"), "SUM010") == [("SUM010", 2)]
    # 税收收入（地方级，下同）: an aside between the name and its figure; 其他税收收入 is an item, not the tax revenue
    aside = text.replace("税收收入121.4亿元，为预算的102%；", "税收收入（地方级，下同）121.4亿元，为预算的102%，其他税收收入"
                                                       "8亿元，为预算的2785.7%。")
    assert _prose(aside, "prose-tax-split") == [(("121.4", "112.9"), "234.3", True)]
    # b-005: 中央 and 地方 revenues are parts of the 全国 one, not the revenue split after them
    national = ("2022年，全国一般公共预算收入203703亿元，比上年增长0.6%。其中，中央一般公共预算收入94885亿元，比上年增长3.8%；"
                "地方一般公共预算本级收入108818亿元。全国税收收入166614亿元，比上年下降3.5%；非税收入37089亿元。\n")
    assert _prose(national, "prose-tax-split") == [(("166614", "37089"), "203703", True)]
    # another level's tax revenue, or a heading between: nothing is read
    assert _prose(text.replace("收入决算情况。税收收入", "收入决算情况。全市税收收入"), "prose-tax-split") == []
    assert _prose(text.replace("收入决算情况。", "2．收入决算情况\n"), "prose-tax-split") == []
    # the two summed by a 其中 list already: one reading
    listed = "全市一般公共预算收入2459.1亿元，增长0.1%，其中：税收收入2004.2亿元，非税收入454.9亿元。\n"
    assert _prose(listed, "prose-tax-split") == []
    # c-024, c-026: a tax share after the tax revenue, sections after the revenue of the level it names
    share = ("（一）收入情况\n全市一般公共预算收入完成221.9亿元，为预算的52.7%。\n（二）税收情况\n1.主要税种\n"
             "全市税收收入完成145.6亿元，同比下降5.5%，税收占一般公共预算收入比重为65.6%，同比提高5个百分点。\n")
    assert _prose(share, "prose-share") == [(("145.6", "221.9"), "65.6", True)]
    assert _rules(share.replace("65.6%", "56.6%"), "SHARE003") == [("SHARE003", 5)]
    # the tax revenue without its level: which revenue is not said, nothing is read
    assert _prose(share.replace("全市税收收入", "税收收入"), "prose-share") == []


def test_a_chain_of_figures_with_thousands_separators_is_read_and_a_later_step_is_no_start() -> None:
    # c-010, c-017 (fixtures/real): the separator of 1,156,157 is no clause break
    text = ("2024年，全市社会保险基金预算收入完成1,429,065万元，占预算的98.8%，增长2.9%，加上上年结余1,156,157万元，"
            "收入总计2,585,222万元。\n")
    assert _prose(text, "prose-chain") + _prose(text, "prose-total") == [
        (("1,429,065", "1,156,157"), "2,585,222", True)]
    assert _rules(text.replace("2,585,222", "2,855,222"), "SUM008") == [("SUM008", 1)]
    # d-003, d-014: …；加上新发行债务…，减去偿还债务…后，…余额为…: 加上's figure is a step of a chain begun before (whose
    # head this reader does not find), never the start of one from 减去
    step = ("2021年末全市地方政府债务余额⑼为5,270,171万元（其中：一般债务1,880,691万元、专项债务3,389,480万元）；\n"
            "加上2022年新发行债务1,362,647万元，减去偿还债务444,628万元后，2022年末债务余额为6,188,190万元。\n")
    assert [r for r in _prose(step, "prose-chain") if r[0][0] == "1,362,647"] == []


def test_a_chain_starts_past_a_clause_explaining_the_change_even_when_it_names_a_year() -> None:
    # c-019 (fixtures/real): …，主要是2022年一次性产权转让收入较多，加上…: the explanation is no step of the chain
    text = ("2023年，全市国有资本经营预算收入20.67亿元，下降33.6%，完成年初预算的98.7%，主要是2022年一次性产权转让收入较多，"
            "加上上级补助收入1.34亿元、上年结余18.84亿元，收入总量为40.85亿元。\n")
    assert _prose(text, "prose-chain") + _prose(text, "prose-total") == [(("20.67", "1.34", "18.84"), "40.85", True)]
    assert _rules(text.replace("40.85", "48.05"), "SUM008") == [("SUM008", 1)]
    assert _prose(text.replace("40.85", "48.05"), "prose-chain") == [(("20.67", "1.34", "18.84"), "48.05", False)]
    # an explanation that holds a figure of its own is no such clause: not read from the revenue
    figures = text.replace("产权转让收入较多", "产权转让收入3.2亿元").replace("40.85", "48.05")
    assert [r for r in _prose(figures, "prose-chain") if r[0][0] == "20.67"] == []


# a-017 (fixtures/real): a table in text whose empty cells are dashes; a row of dashes does not end the table
DASHED = ("表二                                            单位：万元\n"
          "         项目      预算数         调整预算数       决算数   决算数为调整预算数的%\n"
          "税收收入             1,300,000   1,300,000   1,358,083      104.5%\n"
          "增值税               514,800     514,800     564,747       109.7%\n"
          "企业所得税             307,500     307,500     280,590        91.2%\n"
          "城市维护建设税                 -           -         467             -\n"
          "房产税                52,800      52,800      49,559        93.9%\n"
          "印花税                     -           -           -             -\n"
          "城镇土地使用税            45,000      45,000      36,868        81.9%\n"
          "土地增值税              36,450      36,450      33,853        92.9%\n"
          "环境保护税            343,450     343,450     391,999       114.1%\n")


def test_the_empty_cells_of_a_table_in_text_written_as_dashes_keep_their_columns() -> None:
    rels = build_report("t", DASHED).relations
    ratios = [(r.scope.split("“")[-1].rstrip("”"), r.holds) for r in rels if r.kind == "ratio"]
    assert ("城镇土地使用税", True) in ratios and ("土地增值税", True) in ratios and len(ratios) == 7
    sums = [(r.result.text, r.holds) for r in rels if r.source == "table-rows"]
    assert sums == [("1,300,000", True), ("1,300,000", True), ("1,358,083", True)]     # the items, dashes as nothing
    # a dash is never a total nor a rate's figure: no relation has one as its result or a rate's term
    assert not [r for r in rels if r.result.text == "-" or r.kind == "ratio" and "-" in [t.text for t in r.terms]]
    # a wrong rate in a row beside the dashes is found
    assert ("TABLE004", 9) in _rules(DASHED.replace("81.9%", "89.1%"))


def test_a_chain_reads_past_a_year_a_line_break_cut_from_its_character() -> None:
    # d-012 (fixtures/real): …债务转贷收入191亿元后，2023⏎年市级一般公共预算总收入2,318.9亿元: 2023 is the year
    text = ("2023年市本级一般公共预算收入938.4亿元，增长2.1%，完成预算的100%。其中：税收收入646.5亿元，非税收入\n"
            "291.9亿元。加上上级补助收入646亿元、下级上解收入223亿元、动用预算稳定调节基金80亿元、调入资金166.3亿元、\n"
            "上年结转资金74.2亿元、债务转贷收入191亿元后，2023\n"
            "年市级一般公共预算总收入2,318.9亿元。\n")
    assert _prose(text, "prose-chain") == [(("938.4", "646", "223", "80", "166.3", "74.2", "191"), "2,318.9", True)]
    assert _prose(text.replace("2,318.9", "2,381.9"), "prose-chain")[0][2] is False


def test_a_list_head_may_state_its_like_for_like_change_and_an_item_its_main_part() -> None:
    # c-017 (fixtures/real): 同口径增长10% between the head and 其中
    text = ("全市地方一般公共预算收入完成612,188万元，为预算的100%，同口径增长10%。其中：税收收入160,883万元，为预算的100%，"
            "同口径下降19.3%；非税收入451,305万元，为预算的100%，增长40.4%。\n")
    assert _prose(text, "prose-list-partition") == [(("160,883", "451,305"), "612,188", True)]
    # b-027: …，主要是…收入10793亿元 explains the item before it; it is no item of the list (one item: no list)
    explained = ("全国政府性基金预算收入14143亿元，比去年同期下降35.7%。其中，地方本级政府性基金预算收入12675亿元，下降38.3%，"
                 "主要是国有土地使用权出让收入10793亿元，同比减少7231亿元，下降40.1%。\n")
    assert _prose(explained, "prose-list") == []
    # but a list announced by 主要包括： is read item by item
    listed = "结转资金2.6亿元，主要包括：科技0.74亿元，文旅体育0.48亿元，教育1.12亿元，其他0.26亿元。\n"
    assert _prose(listed, "prose-list-rest") + _prose(listed, "prose-list") != []


def test_a_named_share_may_follow_the_items_rate_of_its_budget() -> None:
    # d-018 (fixtures/real): …775.4亿元，为预算数的94.4%，下降1.4%，占一般公共预算收入的67.1%
    text = ("2024年，全市一般公共预算收入完成1155.1亿元，为预算数的96.2%，下降0.9%。其中：税收收入完成775.4亿元，为预算数"
            "的94.4%，下降1.4%，占一般公共预算收入的67.1%；非税收入完成379.7亿元，为预算数的100%，增长0.1%。\n")
    assert _prose(text, "prose-share") == [(("775.4", "1155.1"), "67.1", True)]
    assert _prose(text.replace("67.1%", "76.1%"), "prose-share") == [(("775.4", "1155.1"), "76.1", False)]


def test_items_numbered_again_under_each_category_row_are_the_categorys_parts() -> None:
    # a-012 (fixtures/real, 表1-1): 1, 2 … restart under 一、二、三; the item's number is no figure
    table = ("序号  资金使用方向        项目实施单位        预算资金额   实际安排资金\n"
             "一     偿还贷款类项目                      4,550.00    4,495.54\n"
             "1      引嫩工程还贷        省水利厅本级        4,000.00    4,000.00\n"
             "2    龙头桥水库日元还贷       省水利厅本级         550.00       495.54\n"
             "二      工程建设类                       6,861.00    6,528.25\n"
             "1   黑龙江省地下水监测站网建   黑龙江省水文水资源中心     6,624.00    6,291.25\n"
             "2     省泥河水库溢洪道     省泥河水库管理处        237.00      237.00\n"
             "三     规划编制类项目                        1,300.00    1,097.36\n"
             "1   黑龙江省水利改革发展规划     计研究院     700.00      637.92\n"
             "2   黑龙江省重要河湖生态流量     计研究院     600.00      459.44\n")
    sums = [(r.result.text, tuple(t.text for t in r.terms), r.holds)
            for r in build_report("t", table).relations if r.source == "table-rows"]
    assert ("6,861.00", ("6,624.00", "237.00"), True) in sums and len(sums) == 6
    wrong = [r for r in build_report("t", table.replace("1,300.00", "1,400.00")).relations
             if r.source == "table-rows" and not r.holds]
    assert [(r.result.text, r.computed) for r in wrong] == [("1,400.00", "1300.00")]


def test_class_codes_are_codes_never_amounts() -> None:
    # a 功能分类 table (held-out 部门预算 PDFs): 22301 over 2230102 … is a hierarchy of codes, not figures to add
    table = ("科目编码\t科目名称\t合计\t自治区本级\t地市级及以下\n"
             "22301\t解决历史遗留问题及改革成本支出\t12,303\t-\t12,303\n"
             "2230102\t“三供一业”移交补助支出\t63\t-\t63\n"
             "2230103\t国有企业办职教幼教支出\t42\t-\t42\n"
             "2230105\t国有企业退休人员社会化管理支出\t10,330\t-\t10,330\n"
             "2230107\t国有企业改革成本支出\t183\t-\t183\n"
             "2230199\t其他解决历史遗留问题及改革成本支出\t1,685\t-\t1,685\n")
    report = build_report("t", table)
    codes = [c for c in report.tables[0].cells if c.col == 1 and c.text.isdigit()]
    assert len(codes) == 6 and all(c.value is None for c in codes)
    assert not any(any(t.text == "2230102" for t in r.terms) for r in report.relations)
    assert [f.rule for f in lint_text(table).findings if f.severity != "info"] == []
    # a column headed 科目代码 holds codes even without their hierarchy (社会保险基金 20901, 20902 …)
    coded = table.replace("科目编码", "科目代码").replace("22301\t", "20901\t")
    assert all(c.value is None for c in build_report("t", coded).tables[0].cells if c.col == 1 and c.text.isdigit())


def test_a_column_of_signed_changes_is_the_result_of_its_difference() -> None:
    # a-009 (fixtures/real, 三公 table): 比2023年预算（增减额） −4404 = 31227 − 35631, not 31227 = 35631 + −4404
    rows = [("合计", "35631", "24832", "31227", "6395", "-4404"), ("因公出国（境）费", "1589", "32", "1177", "1145", "-412"),
            ("公务用车购置及运行维护费", "30016", "22177", "24925", "2748", "-5091"),
            ("公务用车购置费", "1247", "1313", "2517", "1204", "1270"),
            ("公务用车运行维护费", "28769", "20864", "22408", "1544", "-6361"), ("公务接待费", "4026", "2624", "5125", "2501", "1099")]
    table = "项目\t预算数\t上年决算数\t决算数\t比上年增减\t比预算增减\n" + "".join("\t".join(r) + "\n" for r in rows)
    changes = [r for r in build_report("t", table).relations if r.source == "table-changes"]
    assert [(r.result.text, tuple(t.text for t in r.terms)) for r in changes][:2] == [
        ("-4404", ("31227", "35631")), ("-412", ("1177", "1589"))]
    wrong = lint_text(table.replace("-5091", "-5901")).findings
    assert [(f.rule, f.category, f.suggestion) for f in wrong if f.severity != "info"] == [("TABLE007", "change", "-5091")]
    # a wrong 决算 of the 合计 row breaks its change and its sum across the row and the total down its column: the
    # shared cell is the culprit, not a misread row (a-009 with 31227 altered)
    total = "".join(f"{lbl}\t{a}\t{b}\t{c}\t{d}\t{e}\n" for lbl, a, b, c, d, e in rows).replace(
        "因公出国（境）费", "一、因公出国（境）费").replace("公务用车购置及运行维护费", "二、公务用车购置及运行维护费").replace(
        "公务接待费", "三、公务接待费").replace("公务用车购置费", "1.公务用车购置费").replace("公务用车运行维护费", "2.公务用车运行维护费")
    altered = ("项目\t预算数\t上年决算数\t决算数\t比上年增减\t比预算增减\n" + total).replace("\t31227\t", "\t35288\t")
    assert [f.rule for f in lint_text(altered).findings if f.severity != "info"] == ["TABLE006"]


def test_a_remark_cell_wrapped_under_its_row_does_not_end_a_table_in_text() -> None:
    # a-037 (fixtures/real): the 备注 of 车辆通行费 wrapped over four lines under its row, then the table goes on;
    # the growth column holds one growth beyond 10000% (二、… from 1,762 to 315,623)
    text = ("2023年省级政府性基金预算收入预算表\n表二十六 单位：万元\n项          目 2022年执行数 2023年预算数 预算数比上年±% 备注\n"
            "一、政府性基金收入 2,195,693 167,217 -92.38 \n"
            "    国家电影事业发展专项资金收入 2,403 3,000 24.84 \n"
            "    大中型水库库区基金收入 2,082 3,200 53.70 \n"
            "    彩票公益金收入 82,629 80,000 -3.18 \n"
            "    国家重大水利工程建设基金收入 15,052 21,000 39.52 \n"
            "    车辆通行费 2,068,685 34,130 -98.35 \n"
            "2023年起，车辆通行费管\n理体制调整，高速公路通\n行费不再按照政府性基金\n管理。\n"
            "    彩票发行机构和彩票销售机构的业务费用 23,080 25,887 12.16 \n"
            "二、专项债务对应项目专项收入 1,762 315,623 17,812.77 \n"
            "收入合计 2,197,455 482,840 -78.03 \n")
    report = build_report("t", text)
    assert len(report.tables) == 1
    rows = sorted({(r.row, r.holds) for r in report.relations if r.source == "table-rows"})
    assert rows == [(9, True)]      # 收入合计 over 一 and 二 (一 is not the sum of the items listed in 2022)
    growth = [r for r in report.relations if r.kind == "growth"]
    assert len(growth) == 9 and all(r.holds for r in growth)
    # a wrong growth of a row after the remark is found
    assert _rules(text.replace("12.16", "21.16"), "TABLE005") == [("TABLE005", 14)]
    # a long line of words (a paragraph) after the rows ends the table
    prose = text.replace("2023年起，车辆通行费管\n", "2023年起，车辆通行费管理体制调整，高速公路通行费不再按照政府性基金管理。\n")
    assert len(build_report("t", prose).tables) == 2


def test_a_rate_the_text_states_for_a_row_of_its_own_table_is_the_figure_over_the_rows_budget() -> None:
    # a-001, a-014 (fixtures/real): ——增值税。完成 2027.15 亿元，占预算的 105.2% restates the row 增值税 of 表1
    table = ("表1 2023年一般公共预算收入决算表\n单位：万元\n项目    预算数    决算数    占预算%\n"
             "税收收入    52353786    52296633    99.9\n增值税    19271220    20271498    105.2\n"
             "企业所得税    7767638    7249410    93.3\n个人所得税    2626191    2601683    99.1\n"
             "资源税    1606517    1606038    100.0\n\n")
    text = table + "——增值税。完成 2027.15 亿元，占预算的 105.2%，增长 41.1%。\n——企业所得税。完成 724.94 亿元，占预算的 93.3%。\n"
    rows = [(r.terms[1].text, r.result.text, r.holds) for r in build_report("t", text).relations
            if r.source == "prose-table-row"]
    assert rows == [("19271220", "105.2", True), ("7767638", "93.3", True)]
    assert _rules(text.replace("93.3%", "95.3%"), "RATE004") == [("RATE004", 11)]
    # the figure is not the row's: no reading (the text may speak of another scope)
    assert [r for r in build_report("t", text.replace("724.94", "730.94")).relations
            if r.source == "prose-table-row" and r.terms[1].text == "7767638"] == []
    # the row's name is not in the words before the figure: no reading
    unnamed = text.replace("——企业所得税。完成 724.94", "——其他。完成 724.94")
    assert [r.result.text for r in build_report("t", unnamed).relations if r.source == "prose-table-row"] == ["105.2"]
    # a table without its unit: its figures cannot be set against the text's
    assert [r for r in build_report("t", text.replace("单位：万元\n", "")).relations if r.source == "prose-table-row"] == []
    # the unit in brackets (（单位：万元）) is 万元, not 万元）
    bracketed = build_report("t", text.replace("单位：万元\n", "（单位：万元）\n"))
    assert [r.result.text for r in bracketed.relations if r.source == "prose-table-row"] == ["105.2", "93.3"]


def test_a_reduction_rate_is_the_amount_cut_over_the_amount_reviewed() -> None:
    # c-020, c-033 (fixtures/real): 财政评审 results
    text = "完成预算评审项目78个，涉及资金9.83亿元，核减4.05亿元，核减率41.2%。\n"
    assert _prose(text, "prose-rate") == [(("4.05", "9.83"), "41.2", True)]
    assert _rules(text.replace("41.2%", "47.2%"), "RATE002") == [("RATE002", 1)]
    approved = "全年共完成评审项目389个，评审金额102.8亿元，审定金额94.1亿元，审减资金8.7亿元，平均审减率8.5%。\n"
    assert _prose(approved, "prose-rate") == [(("8.7", "102.8"), "8.5", True)]
    # the amount before the cut not named as the amount reviewed: no reading
    assert _prose(text.replace("涉及资金", "安排资金"), "prose-rate") == []
    # a cut stated approximately (超1600万元): no reading
    assert _prose("涉及资金1.05亿元，核减成本超1600万元，核减率15.2%。\n", "prose-rate") == []


def test_a_qizhong_list_after_the_heads_change_against_the_budget_is_read() -> None:
    # c-019 (fixtures/real): 三公 经费 whose head says 比预算数减少… before 其中
    text = ("2023年，市级“三公”经费财政拨款支出1.4亿元，比预算数减少0.65亿元，较上年决算数增加0.16亿元。其中，因公出国（境）"
            "费用0.10亿元，比预算数减少0.12亿元，较上年决算数增加0.09亿元，主要是对外招商和公务活动增加；公务用车购置经费0.25亿元，"
            "比预算数减少0.07亿元，较上年决算数减少0.14亿元；公务用车运行维护经费1.00亿元，比预算数减少0.39亿元，较上年决算数增加"
            "0.17亿元；公务接待经费0.05亿元，比预算数减少0.07亿元，较上年决算数增加0.04亿元。\n")
    assert _prose(text, "prose-list-partition") == [(("0.10", "0.25", "1.00", "0.05"), "1.4", True)]
    # the three 三公 items are a partition of the head: a list of them that does not add up is reported
    assert _rules(text.replace("公务接待经费0.05亿元", "公务接待经费0.15亿元"), "SUM010") == [("SUM010", 1)]
    # before the change, a head followed by 比预算数减少… was no head of the list
    assert _prose(text.replace("比预算数减少0.65亿元", "主要是压减一般性支出0.65亿元"), "prose-list-partition") == []


def test_a_footnote_mark_glued_after_the_heads_percentage_does_not_hide_the_head() -> None:
    # c-020 (fixtures/real): 增长1.8%3，… where 3 marks a page footnote
    text = ("1.市本级一般公共预算收入936.4亿元，增长1.8%3，完成年初预算的99.8%。其中：\n"
            "（1）税收收入643.9亿元，增长3.3%，完成年初预算的93.5%。\n（2）非税收入292.5亿元，下降1.1%。\n")
    assert _prose(text, "prose-list") == [(("643.9", "292.5"), "936.4", True)]
    # a number that is not glued to the percentage is a figure: the head is not known
    assert _prose(text.replace("1.8%3，", "1.8%，3项，"), "prose-list") == []


def test_the_shares_of_all_parts_of_one_whole_are_a_share_set_in_the_model() -> None:
    text = "人员经费550.11万元，占基本支出的92.80%；公用经费42.67万元，占基本支出的7.20%。\n"
    sets = [(r.scope, r.result.text, [t.text for t in r.terms], r.holds) for r in build_report("t", text).relations
            if r.kind == "share-set"]
    assert sets == [("基本支出", "7.20", ["92.80"], True)]
    assert _rules(text.replace("7.20%", "7.80%"), "SHARE001", "SHARE002") == [("SHARE002", 1)]
    # one part only: no set
    assert [r for r in build_report("t", "人员经费550.11万元，占基本支出的92.80%。\n").relations if r.kind == "share-set"] == []
    # a share its own figures show wrong is the defect (SHARE001), not the set: one finding
    figures = "2022年基本支出592.78万元。" + text.replace("7.20%", "7.80%")
    assert _rules(figures, "SHARE001", "SHARE002") == [("SHARE001", 1)]


def test_a_rate_of_the_budget_stated_before_under_the_figures_own_name() -> None:
    # c-013, d-020 (fixtures/real): 预算情况。… / 决算情况。… in two paragraphs
    text = ("预算情况。2023年市十四届人大三次会议批准的市本级一般公共预算收入预算403.33亿元，市本级一般公共预算支出预算515亿元。\n"
            "决算情况。2023年市本级一般公共预算收入358.51亿元，可比增长2.7%。市本级一般公共预算支出464.81亿元，为预算的90.3%，"
            "增长6.2%。\n")
    assert _prose(text, "prose") == [(("464.81", "515"), "90.3", True)]
    assert _rules(text.replace("90.3%", "95.3%"), "RATE002") == [("RATE002", 2)]
    # an adjusted budget: 调整预算 is the figure after 调整为; a plain 预算 may be either
    adjusted = text.replace("支出预算515亿元。", "支出预算由年初的535亿元调整为515亿元。")
    assert _prose(adjusted.replace("为预算的", "为调整预算的"), "prose") == [(("464.81", "515"), "90.3", True)]
    assert _prose(adjusted.replace("90.3%", "86.9%"), "prose") == [(("464.81", "535"), "86.9", True)]
    # a heading between the budget and the rate: another section's budget, no reading
    assert _prose(text.replace("\n决算情况。", "\n二、决算情况\n"), "prose") == []
    # d-020: the budget named with 预算 inside the fund's name, and another budget adjusted in the next clause
    fund = ("经市十四届人大常委会第五次会议批准，2022年市本级政府性基金收入预算由年初的970.01亿元调整为1553.89亿元，市本级政府性"
            "基金预算支出预算由年初的666.53亿元调整为986.65亿元，市对区县（市）转移支付预算由年初的317.93亿元调整为398.58亿元。\n"
            "决算情况。2022年市本级政府性基金收入1603.66亿元，增长55.2%。市本级政府性基金支出888.84亿元，为调整预算1的90.1%，"
            "增长21.1%。\n")
    assert _prose(fund, "prose") == [(("888.84", "986.65"), "90.1", True)]


def test_the_tax_share_is_the_tax_revenue_over_the_revenue_it_is_part_of() -> None:
    # d-007, d-021, c-024, c-008 (fixtures/real)
    text = "2024年，全市一般公共预算收入2459.1亿元,增长0.1%，其中：税收收入2004.2亿元，非税收入454.9亿元，税收占比81.5%。\n"
    assert _prose(text, "prose-share") == [(("2004.2", "2459.1"), "81.5", True)]
    assert _rules(text.replace("81.5%", "85.1%"), "SHARE003") == [("SHARE003", 1)]
    changed = ("2021年，全市一般公共预算收入2510.0亿元，增收207.0亿元，增长9.0%，其中：税收收入2166.7亿元，增长8.1%；非税收入"
               "343.3亿元，增长15.3%；税收占比86.3%。\n")
    assert _prose(changed, "prose-share") == [(("2166.7", "2510.0"), "86.3", True)]
    named = ("全市一般公共预算收入404.3亿元，同比增长1.5%，历史首次突破400亿元大关，其中税收收入265.6亿元，同比增长2.8%，"
             "税收占一般公共预算收入比65.7%。\n")
    assert _prose(named, "prose-share") == [(("265.6", "404.3"), "65.7", True)]
    # the figure before the tax revenue is no revenue: no reading
    assert _prose("全市完成投资3000亿元，税收收入2004.2亿元，税收占比81.5%。\n", "prose-share") == []


def test_what_is_left_of_the_reserve_fund_is_the_amount_set_aside_less_what_was_spent() -> None:
    # c-014, d-007, c-020, c-031 (fixtures/real): 预备费使用情况
    text = ("2023年市级预算安排预备费共计10.67亿元，支出3.73亿元，主要用于地质灾害治理、小麦条锈病应急防治等，结余6.94亿元，"
            "按规定转入预算稳定调节基金。\n")
    assert _prose(text, "prose-balance") == [(("10.67", "3.73"), "6.94", True)]
    assert _rules(text.replace("结余6.94", "结余7.94"), "SUM008") == [("SUM008", 1)]
    before = "2023年市本级年初预算安排预备费12亿元，同比持平。当年支出0.1亿元，剩余11.9亿元作为年末结余资金。\n"
    assert _prose(before, "prose-balance") == [(("12", "0.1"), "11.9", True)]
    opens = "2022年，市本级年初预算安排预备费3.50亿元，全年动用2.26亿元，安排用于疫情防控。预备费结余1.24亿元，按预算法规定。\n"
    assert _prose(opens, "prose-balance") == [(("3.50", "2.26"), "1.24", True)]
    # an explanation holding a figure between them: not read
    assert _prose(text.replace("小麦条锈病应急防治等", "小麦条锈病应急防治1.2亿元等"), "prose-balance") == []
    # no 预备费 named: not read
    assert _prose(text.replace("安排预备费共计", "安排资金共计"), "prose-balance") == []


def test_a_debt_balance_after_its_additions_and_repayments_is_read_even_when_the_sentence_goes_on() -> None:
    # c-011 (fixtures/real): …减去偿还到期债务410.2亿元后，2022年底全市地方政府债务余额4640.5亿元，低于…5012.3亿元的限额
    text = ("2021年底全市地方政府债务余额4043.3亿元，加上2022年举借债务1007.3亿元，减去偿还到期债务410.2亿元后，2022年底全市地方"
            "政府债务余额4640.5亿元，低于全市5012.3亿元的地方政府债务限额。\n")
    assert _prose(text, "prose-chain") == [(("4043.3", "1007.3", "410.2"), "4640.5", True)]
    assert _rules(text.replace("4640.5亿元，低于", "4740.5亿元，低于"), "SUM008") == [("SUM008", 1)]
    # an outcome not named so, with another amount after it: two outcomes, none read
    split = "…加上上级补助10亿元，减去上解5亿元后，拟安排支出537.8亿元，对区县转移支付387.6亿元。\n"
    assert _prose("收入532.8亿元" + split, "prose-chain") == []


def test_a_total_of_a_one_column_table_is_read_and_reported_only_as_a_slip() -> None:
    # a-034 (fixtures/real): 2025年江苏省一般公共预算支出预算表, one column of figures
    text = ("表二十八 单位：万元\n项目    2025年预算数\n一、一般公共服务支出    12,300,000\n二、国防支出    140,000\n"
            "三、公共安全支出    8,900,000\n四、教育支出    27,700,000\n本年支出合计    49,040,000\n地方政府一般债务还本支出    9,276,471\n")
    rels = [(r.result.text, len(r.terms), r.holds) for r in build_report("t", text).relations
            if r.source == "table-column-total"]
    assert rels == [("49,040,000", 4, True)]
    assert _rules(text.replace("49,040,000", "49,400,000"), "TABLE008") == [("TABLE008", 7)]
    # another mismatch may be a row the conversion lost: shown by auditor parse, not reported
    assert _rules(text.replace("49,040,000", "49,500,000"), "TABLE008") == []
    # a numbered row without its figure: the list is not whole, nothing is read
    gap = text.replace("二、国防支出    140,000\n", "二、国防支出\n")
    assert [r for r in build_report("t", gap).relations if r.source == "table-column-total"] == []


def test_a_category_cut_off_by_the_tables_end_neither_establishes_nor_hides_a_wrong_category() -> None:
    # a-012 (fixtures/real) 表 1-1: 四 管理保护资源类项目 has one of its items before the table breaks at the page's end;
    # a category adding up in no column says nothing, so a 一 wrong in one column of two is still a contradiction
    real = "\n".join((CORPUS / "a-012.txt").read_text(encoding="utf-8").split("\n")[43:75]) + "\n"
    assert _rules(real, "TABLE006") == []
    wrong = real.replace("4,550.00", "5,142.50", 1)
    assert _rules(wrong, "TABLE006") == [("TABLE006", 7)]


def test_a_list_of_as_many_amounts_as_the_text_counts_is_judged_in_full() -> None:
    # a-027 (fixtures/real): 收入来源分为 6 类，其中：and six amounts name all of the 本年收入总计 before the count
    text = ("2023年部门本年收入总计为{total}万元，比上年减少155.29万元，下降0.28%，从收入结构上看，收入来源分为{n}类，其中："
            "一般公共预算拨款收入43856.8万元，事业收入335.5万元，经营收入349.53万元，其他收入216.41万元、使用非财政拨款结余"
            "（含专用结余）327.17万元，年初结转结余9405.69万元。\n")
    holds = text.format(total="54491.10", n="6")
    assert _rules(holds, "SUM010", "SUM006") == []
    read = [r for r in build_report("t", holds).relations if r.source == "prose-list-counted"]
    assert len(read) == 1 and read[0].holds and len(read[0].terms) == 6
    # a total that is no slip of the items' sum: a list counted whole cannot be partial
    assert _rules(text.format(total="55000.00", n="6"), "SUM010") == [("SUM010", 1)]
    # counted 7 but six listed: the list may leave one out, so no more than a slip is judged
    assert _rules(text.format(total="55000.00", n="7"), "SUM010", "SUM006") == []
    assert _rules(text.format(total="55000.00", n="七"), "SUM010", "SUM006") == []


def test_a_marked_row_over_the_rows_down_to_its_sibling_is_judged_when_one_column_of_two_adds_up() -> None:
    # a-014 (fixtures/real): （一）税收收入's 决算数 is the sum of the rows down to （二）非税收入, its 预算数 is not (印花税's
    # 预算数 copied from 房产税's): the one column of two that adds up over many rows shows the rows are its parts
    real = "\n".join((CORPUS / "a-014.txt").read_text(encoding="utf-8").split("\n")[149:175]) + "\n"
    assert _rules(real, "TABLE006") == [("TABLE006", 9)]
    fixed = real.replace("51112553", "52231392")
    assert _rules(fixed, "TABLE006") == []
    # no sibling row after the parts (the table ends): the rows may be only some of its parts, nothing judged
    cut = "\n".join(real.split("\n")[:22]) + "\n"
    assert "（二）非税收入" not in cut and _rules(cut, "TABLE006") == []
    # the other column far from its rows' sum is another table's, read side by side: not judged
    far = real.replace("51112553", "91112553")
    assert _rules(far, "TABLE006") == []
    # rows short of the total: a row with a figure in that column only may be left out (a-037), not judged
    short = real.replace("51112553", "53000000")
    assert _rules(short, "TABLE006") == []


def test_a_change_amount_is_never_the_figure_a_named_growth_is_of() -> None:
    # b-014 (fixtures/real): …支出…，比上年增加5462亿元，增长13.7% after another …比上年增加4805亿元: 5462 ÷ 4805 − 1 is
    # 13.67% by chance; the 13.7% is the growth of the spending, the amounts before it are changes
    text = ("2011年社会保障和就业支出8000亿元，比上年增加4805亿元，增长9.1%。\n"
            "2012年社会保障和就业支出9000亿元，比上年增加5462亿元，增长13.7%。\n")
    assert [r for r in build_report("t", text).relations if r.source == "prose-named-growth"
            and r.terms[0].text == "5462"] == []


def test_a_share_of_a_whole_named_with_its_level_is_judged_against_the_one_statement_of_that_level() -> None:
    # c-012 (fixtures/real): 全市“三保”支出242.0亿元，占全市一般公共预算支出的25.7% against the 全市一般公共预算支出940.1亿元
    # stated paragraphs before (the 市级 one is another whole)
    text = ("全市一般公共预算收入301.7亿元，增长12.7%。全市一般公共预算支出940.1亿元，增长4.5%。\n"
            "市级一般公共预算支出306.6亿元，增长3.0%。\n"
            "全市“三保”支出242.0亿元，占全市一般公共预算支出的{pct}%，其中：保基本民生46.4亿元，保工资178.7亿元，保运转16.9亿元。\n")
    assert _rules(text.format(pct="25.7"), "SHARE003") == []
    assert _rules(text.format(pct="33.4"), "SHARE003") == [("SHARE003", 3)]
    # two statements of the whole at that level (a budget and an outcome, say): which one is meant is not written
    two = text.replace("市级一般公共预算支出306.6亿元", "全市一般公共预算支出950.0亿元")
    assert _rules(two.format(pct="33.4"), "SHARE003") == []
    # a share naming no level: its whole may be any of them
    assert _rules(text.format(pct="33.4").replace("占全市一般", "占一般"), "SHARE003") == []


def test_a_spending_a_little_above_the_income_contradicts_a_stated_balance() -> None:
    # a-004 (fixtures/real): 收入决算结果7913.54亿元；…支出决算结果7083.22亿元；收支相抵年终结余830.32亿元
    text = ("收入决算结果7913.54亿元；一般公共预算支出6080.93亿元，债务还本支出384.62亿元，各项转移性支出617.67亿元，"
            "支出决算结果{spent}亿元；收支相抵年终结余830.32亿元。\n")
    assert _rules(text.format(spent="7083.22"), "SUM008") == []
    # a spending written above the income: no 结余 can follow, whatever else the figures are
    assert _rules(text.format(spent="8005.04"), "SUM008") == [("SUM008", 1)]
    # a spending half again the income or more is another figure than the total balanced: not read
    assert [r for r in build_report("t", text.format(spent="12083.22")).relations if r.source == "prose-balance"] == []


def test_label_pieces_with_figures_a_pdf_wrapped_keep_a_table_in_text_whole() -> None:
    # a-013 (fixtures/real): the 一级/二级指标 cells of a score table (决策 ⏎ （15 分）, 专项立项（5 分）) wrapped between the
    # rows: the table runs on to its 合计, whose 分值 and 评分 are the sums of the 24 rows
    real = "\n".join((CORPUS / "a-013.txt").read_text(encoding="utf-8").split("\n")[:56]) + "\n"
    report = build_report("t", real)
    total = [(r.result.text, r.holds, len(r.terms)) for r in report.relations
             if r.source == "table-rows" and "合计" in r.scope]
    assert total == [("100", True, 24), ("89.59", True, 24)]
    assert _rules(real.replace("8.00\n", "6.00\n", 1), "TABLE001", "TABLE006") == [("TABLE001", 55)]
    # a page's number between rows is no label (第 212 页)
    from auditor.build import _FIGURED_LABEL
    assert _FIGURED_LABEL.fullmatch("（2021－2023 年）") and _FIGURED_LABEL.fullmatch("修订省级 16 个河湖")
    assert not _FIGURED_LABEL.fullmatch("第 212 页") and not _FIGURED_LABEL.fullmatch("单位：万元")


def test_a_total_row_in_text_is_not_summed_when_a_rows_number_is_kept_as_a_figure() -> None:
    # a-012 (fixtures/real) 表 3-2: 1 88.49% 0.10 lacks its 得分 cell, so its 1 stays a figure and the columns shift
    real = "\n".join((CORPUS / "a-012.txt").read_text(encoding="utf-8").split("\n")[343:358]) + "\n"
    assert _rules(real, "TABLE001") == []


def test_two_tables_printed_side_by_side_are_read_as_two() -> None:
    # a-033 (fixtures/real) 表（1）: 收入 on the left, 支出 on the right of the same lines (…43,926,669 一、全省一般公共预算支出
    # 107,937,682 …), a right-hand row alone far to the right: each half is a table of its own
    real = "\n".join((CORPUS / "a-033.txt").read_text(encoding="utf-8").split("\n")[:32]) + "\n"
    report = build_report("t", real)
    firsts = [t.rows()[0][0].text for t in report.tables if t.rows()]
    assert "一、全省一般公共预算收入" in firsts and "一、全省一般公共预算支出" in firsts
    sums = {(r.result.text, r.holds) for r in report.relations if r.source == "table-rows"}
    assert {("49,481,739", True), ("59,423,348", True), ("987,068", True), ("7,369,510", True)} <= sums
    # a sub-row of the left table written too high is found at its total
    wrong = real.replace("4,056,963", "4,156,963", 1)
    assert _rules(wrong, "TABLE006") == [("TABLE006", 9)]


def test_a_total_row_of_rates_printed_with_percent_is_not_their_sum() -> None:
    # held-out 026_shaanxi: 毛利率 in a table whose header stayed on the page before; its 合计 is the whole's margin
    # (its first row's cells split over two lines, as a PDF's table finder gave them)
    rows = [("基础设施建设", "4.59", "", ""), ("", "", "21.99%", "4.12%"), ("土地整理业务", "1.72", "8.24%", "46.63%"),
            ("供水及污水处理", "1.07", "5.12%", "-72.12%"), ("文化旅游业务", "9.84", "47.08%", "30.02%"),
            ("其他业务", "8.27", "17.57%", "-34.89%")]
    body = "".join("\t".join(r) + "\n" for r in rows)
    text = "公司营业收入构成及毛利率情况如下。\n" + body + "合计\t20.90\t100.00%\t15.09%\n"
    assert _rules(text, "TABLE001") == []
    # the shares (占比) are still a sum: a share total off 100.00% is found
    assert _rules(text.replace("100.00%", "101.00%"), "TABLE001") == [("TABLE001", 8)]


def test_a_column_of_rates_printed_with_percent_under_a_total_row_is_not_summed() -> None:
    # held-out 037_ningxia, 038_ningxia: 决算数为上年决算数的% of a 款 over its 项 (100.0% over 0.0% and 4.0%)
    text = ("表二十三 单位：万元\n项目\t预算数\t决算数\t决算数为预算数的%\t决算数为上年决数的%\n"
            "国有资本经营预算支出\t6,247\t5,082\t81.4%\t81.2%\n国有企业资本金注入\t5,000\t5,000\t100.0%\t100.0%\n"
            "国有经济结构调整支出\t4,800\t4,800\t100.0%\t0.0%\n其他国有企业资本金注入\t200\t200\t100.0%\t4.0%\n"
            "国有企业政策性补贴\t1,247\t82\t6.6%\t12.5%\n")
    assert _rules(text, "TABLE006") == []
    # the amounts are still read over the same rows
    rows = [(r.result.text, [t.text for t in r.terms], r.holds) for r in build_report("t", text).relations
            if r.source == "table-rows"]
    assert rows == [("5,000", ["4,800", "200"], True), ("5,000", ["4,800", "200"], True)]


def test_a_change_is_the_sum_of_its_parts_changes_each_signed_by_its_own_words() -> None:
    # c-009, c-029, d-013, c-027 (fixtures/real): 总收入增加2.75亿元，主要是…增加2.78亿元，…减少0.05亿元，…增加0.02亿元
    text = ("与向市十五届人大五次会议报告的执行数相比，2023年市本级一般公共预算总收入增加2.75亿元，主要是上级补助收入增加"
            "2.78亿元，县（市、区）、开发区上解收入减少0.05亿元，调入资金增加0.02亿元。\n")
    assert _prose(text, "prose-change-list") == [(("2.78", "0.05", "0.02"), "2.75", True)]
    # a decrease of the whole: its parts' directions read against it
    down = "收入总计减少2.12亿元，其中地方政府一般债券转贷收入减少19.61亿元，调入资金增加17.49亿元。\n"
    assert _prose(down, "prose-change-list") == [(("19.61", "17.49"), "2.12", True)]
    # a list that does not add up is judged only as a slip of the pen (主要是 may name the main parts only)
    assert _prose(text.replace("0.02亿元", "0.12亿元"), "prose-change-list")[0][2] is False
    assert _rules(text.replace("0.02亿元", "0.12亿元"), "SUM006") == []
    assert _rules(text.replace("增加2.75亿元", "增加27.5亿元"), "SUM006") == [("SUM006", 1)]
    # an amount of the list with no direction of its own: no reading
    assert _prose(text.replace("调入资金增加0.02亿元", "调入资金0.02亿元"), "prose-change-list") == []


def test_totals_said_to_balance_are_equal() -> None:
    # c-013, c-018, d-018, d-020 (fixtures/real): …收入合计27.1亿元。…支出合计27.1亿元。收支相抵，…收支平衡
    text = ("2023年市本级国有资本经营预算收入22.19亿元，下降1%；加上转移支付收入0.03亿元和上年累计结余4.88亿元，收入合计27.1亿元。"
            "市本级国有资本经营预算支出15.35亿元，加上调入一般公共预算6.66亿元、年末累计结余5.09亿元，支出合计27.1亿元。"
            "收支相抵，市本级国有资本经营预算收支平衡。\n")
    assert [(r.result.text, [t.text for t in r.terms], r.holds) for r in build_report("t", text).relations
            if r.source == "prose-balance"] == [("27.1", ["27.1"], True)]
    assert _rules(text, "SUM008") == []
    # totals that differ contradict the balance the text states (the spending's own items still add up to it)
    off = text.replace("年末累计结余5.09亿元，支出合计27.1亿元", "年末累计结余5.29亿元，支出合计27.3亿元")
    assert _rules(off, "SUM008") == [("SUM008", 1)]
    # a total not named as one (合计 after the items of an unnamed list) is no side of the balance: nothing read
    bare = text.replace("收入合计27.1亿元", "合计27.1亿元")
    assert [r for r in build_report("t", bare).relations if r.source == "prose-balance"] == []


def test_a_grand_total_is_the_years_total_and_the_rows_below_it() -> None:
    # a-064, a-001, a-037 (fixtures/real): 支出总计 = 本年支出合计 + 转移性支出 (itself over 调出资金 and 年终结转)
    text = ("表十七 国有资本经营预算支出表\n单位：万元\n项目                    2024年执行数      2023年决算数\n"
            "四、国有企业政策性补贴                  73,298         73,411\n"
            "六、其他国有资本经营预算支出               143,863        278,441\n"
            "       本年支出合计              1,495,246      1,260,922\n"
            "转移性支出                      3,706,106      2,325,949\n"
            "  国有资本经营预算调出资金             3,353,215      2,061,063\n"
            "  年终结转                       352,891        264,886\n"
            "        支出总计               5,201,352      3,586,871\n")
    grand = [(r.result.text, [t.text for t in r.terms], r.holds) for r in build_report("t", text).relations
             if r.source == "table-rows" and r.result.text in ("5,201,352", "3,586,871")]
    assert grand == [("5,201,352", ["1,495,246", "3,706,106"], True), ("3,586,871", ["1,260,922", "2,325,949"], True)]
    # a 总计 that does not add up is not read (which rows it gathers is the template's): no reading, no finding
    off = text.replace("5,201,352", "5,301,352")
    assert [r for r in build_report("t", off).relations if r.result.text == "5,301,352"] == []
    # a-074: a table of one column of figures
    one = ("表二 政府性基金收入表\n单位：万元\n项目                                   预算数\n"
           "十七、专项债务对应项目专项收入                             203,354\n"
           "             本年收入合计                         789,483\n"
           "地方政府专项债务收入                                46,281,000\n"
           "转移性收入                                      2,221,073\n"
           " 政府性基金转移支付收入                                318,800\n"
           " 上解收入                                       784,302\n"
           " 上年结余收入                                    1,117,971\n"
           "                收入总计                      49,291,556\n")
    assert [(r.result.text, [t.text for t in r.terms]) for r in build_report("t", one).relations
            if r.result.text == "49,291,556"] == [("49,291,556", ["789,483", "46,281,000", "2,221,073"])]


# 公开09表 of a 部门预算 (Jiangsu, 2018): 合计 = “三公”经费小计 + 会议费 + 培训费, and the 小计 columns nest
NESTED = ("合计\t“三公”经费\t\t\t\t\t\t会议费\t培训费\n"
          "\t小计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t\t\n"
          "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\n"
          "2542.60\t833.60\t222.50\t183.60\t\t183.60\t427.50\t1305.25\t403.75\n")


def test_a_total_column_over_nested_headers_is_not_the_sum_of_every_column() -> None:
    assert _rules(NESTED, "TABLE001") == []


# 003_jilin_2024 (held out): 债务限额 A = B + C and 余额 D = E + F, the 专项 columns C and F equal in most rows, so
# D = E + C holds there too; the rows where C and F differ tell the table's relation apart
LIMITS = ("地区\t限额\t一般债务\t专项债务\t余额\t一般债务\t专项债务\n"
          "永吉县\t61.3\t34.3\t27.0\t61.2\t34.1\t27.0\n"
          "蛟河市\t37.5\t24.1\t13.3\t36.7\t23.4\t13.3\n"
          "舒兰市\t66.3\t31.7\t34.6\t65.9\t31.4\t34.6\n"
          "铁西区\t6.0\t2.0\t4.0\t6.0\t2.0\t4.0\n"
          "梨树县\t77.1\t53.2\t23.9\t75.9\t52.0\t23.9\n"
          "伊通县\t82.5\t50.7\t31.8\t82.3\t50.5\t31.8\n"
          "双辽市\t55.6\t40.1\t15.5\t55.2\t39.8\t15.5\n"
          "龙山区\t10.8\t5.0\t5.8\t10.8\t5.0\t5.8\n"
          "东昌区\t21.6\t4.0\t17.6\t21.5\t3.9\t17.6\n"
          "通化县\t75.8\t38.6\t37.2\t75.6\t38.4\t37.2\n"
          "船营区\t28.2\t11.3\t16.9\t28.1\t11.2\t16.9\n"
          "丰满区\t29.5\t18.0\t11.5\t29.1\t17.6\t11.5\n"
          "辽源市\t255.8\t108.0\t147.9\t254.8\t107.5\t147.2\n"
          "通化市\t282.9\t105.4\t177.6\t281.0\t105.2\t175.8\n")


def test_of_two_relations_equal_in_most_rows_the_one_holding_in_all_is_the_tables() -> None:
    assert _rules(LIMITS, "TABLE006") == []
    read = [r for r in build_report("t.txt", LIMITS).relations if r.result.text == "281.0"]
    assert [sorted(t.text for t in r.terms) for r in read] == [["105.2", "175.8"]]


def _coded(caption: str, admin: str, total: str = "1,000.00") -> str:
    return (f"{caption}\n单位：万元\n科目编码\t科目名称\t金额\n\t合计\t{total}\n201\t一般公共服务支出\t850.00\n"
            f"20103\t政府办公厅（室）及相关机构事务\t850.00\n2010301\t行政运行\t600.00\n2010302\t一般行政管理事务\t{admin}\n"
            "221\t住房保障支出\t150.00\n22102\t住房改革支出\t150.00\n2210201\t住房公积金\t150.00\n")


def test_one_code_has_one_amount_in_two_tables_of_one_scope() -> None:
    from auditor.build import build_report

    same = build_report("r.txt", _coded("财政拨款支出预算表", "250.00") + _coded("一般公共预算支出预算表", "250.00"))
    cross = [r for r in same.relations if r.source == "table-cross"]
    assert len(cross) == 7 and all(r.holds for r in cross)
    wrong = build_report("r.txt", _coded("财政拨款支出预算表", "250.00") + _coded("一般公共预算支出预算表", "205.00"))
    assert [(r.result.text, r.computed) for r in wrong.relations if r.source == "table-cross" and not r.holds] == [
        ("205.00", "250.00")]
    # other totals: another scope (a 基本支出 table, another year), not compared
    other = build_report("r.txt", _coded("财政拨款支出预算表", "250.00") + _coded("一般公共预算支出预算表", "205.00",
                                                                                  total="955.00"))
    assert not [r for r in other.relations if r.source == "table-cross"]


def test_a_whole_stated_by_measures_and_its_items_stating_the_same_measures() -> None:
    # c-008, d-017 (fixtures/real): 收入、支出、滚存结余 of all the funds, then 分险种来看 each fund's three; d-013: 限额、余额
    text = ("全市社会保险基金收入355.53亿元，支出260.1亿元，年末滚存结余523.48亿元。分险种来看：城乡居民基本养老保险基金收入"
            "31.01亿元，支出26.93亿元，滚存结余53.57亿元；机关事业单位基本养老保险基金收入63.48亿元，支出60亿元，滚存结余9.47亿元；"
            "职工基本医疗保险基金收入210.17亿元，支出127.75亿元，滚存结余413.03亿元；城乡居民基本医疗保险基金收入50.87亿元，"
            "支出45.42亿元，滚存结余47.41亿元。\n")
    assert _prose(text, "prose-parallel-list") == [
        (("31.01", "63.48", "210.17", "50.87"), "355.53", True), (("26.93", "60", "127.75", "45.42"), "260.1", True),
        (("53.57", "9.47", "413.03", "47.41"), "523.48", True)]
    assert _rules(text, "SUM010") == []
    # one measure that does not add up, the others do: the items are all of the whole, and that one is the defect
    wrong = text.replace("滚存结余413.03", "滚存结余431.03")
    found = [f for f in lint_text(wrong).findings if f.rule == "SUM010"]
    assert len(found) == 1 and "= 541.48亿元，文中为 523.48亿元" in found[0].message
    # no measure adds up: the items may be only some of the whole's, nothing is read
    partial = text.replace("城乡居民基本医疗保险基金收入50.87亿元，支出45.42亿元，滚存结余47.41亿元", "其他")
    assert _prose(partial, "prose-parallel-list") == [] and _rules(partial, "SUM010") == []
    # items stating other measures than each other are no such breakdown
    mixed = text.replace("支出60亿元，滚存结余9.47亿元", "支出60亿元")
    assert _prose(mixed, "prose-parallel-list") == []
    # 其中 in the whole's sentence, the same whole split another way after 分级次看 in a paragraph of its own
    debt = ("全市债务余额为5228.7亿元，控制在债务限额5383.3亿元内。分类型看：一般债务限额1384.2亿元，余额1328.9亿元；专项债务"
            "限额3999.1亿元，余额3899.8亿元。分级次看：\n市级债务限额1791.2亿元，余额1712亿元；区县债务限额3592.1亿元，"
            "余额3516.7亿元。\n")
    assert sorted(_prose(debt, "prose-parallel-list")) == [
        (("1328.9", "3899.8"), "5228.7", True), (("1384.2", "3999.1"), "5383.3", True),
        (("1712", "3516.7"), "5228.7", True), (("1791.2", "3592.1"), "5383.3", True)]
    both = ("预计2024年全市政府债务限额1663.67亿元，余额1631.90亿元。其中，市本级政府债务限额1186.28亿元，余额1162.05亿元；"
            "县（市、区）政府债务限额477.39亿元，余额496.85亿元。\n")
    assert _rules(both, "SUM010") == [("SUM010", 1)]


def test_a_growth_another_column_gives_as_well_in_every_row_is_not_judged_where_only_it_fits() -> None:
    # 018 (held-out PDF): 调整后预算数 equals 快报数 in every row but one; there 增减% is of the 快报数 (81 ÷ 191 − 1 =
    # −57.6%), and the rows cannot tell which column the table's growth is of
    head = "预算科目\t调整后预算数\t快报数\t完成%\t上年决算数\t增减%\n"
    rows = ["商贸事务\t10\t10\t100.0\t42\t-76.2\n", "档案馆\t17\t17\t100.0\t33\t-48.5\n",
            "一般行政管理事务\t57\t57\t100.0\t66\t-13.6\n", "事业运行\t319\t319\t100.0\t327\t-2.4\n"]
    text = head + "".join(rows) + "民族事务\t105\t81\t77.1\t191\t-57.6\n"
    assert _rules(text, "TABLE005") == []
    # a growth that fits neither column is still a contradiction
    assert _rules(text.replace("-57.6", "-37.6"), "TABLE005") == [("TABLE005", 6)]


def test_a_balance_after_a_step_taken_from_the_spending_is_not_income_less_spending() -> None:
    # shandong 2023 (fresh held-out PDF): 2884.53 − 2864.92 − 5.09 (上解中央调剂金…后) = 14.52
    text = ("一、企业职工基本养老保险。基金收入 2884.53 亿元，完成预算的 104.2%；基金支出 2864.92 亿元，完成预算的 99.2%。"
            "上解中央调剂金 5.09 亿元后，当年收支结余 14.52 亿元。\n")
    assert _prose(text, "prose-balance") == [] and _rules(text, "SUM008") == []
    # without the step the balance is income less spending, and a wrong one is told
    plain = text.replace("上解中央调剂金 5.09 亿元后，", "")
    assert _prose(plain, "prose-balance") == [(("2884.53", "2864.92"), "14.52", False)]
    assert _rules(plain, "SUM008") == [("SUM008", 1)]
