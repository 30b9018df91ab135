"""The model built from a report: section tree, markers, rejoined paragraphs, quantities and facts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from auditor.build import build_report
from auditor.structure import cn_number, marker_style


@pytest.mark.parametrize(("marker", "style", "number"), [
    ("一、", "cn-dun", 1), ("十一、", "cn-dun", 11), ("二十、", "cn-dun", 20), ("（三）", "cn-paren", 3),
    ("(三）、", "cn-paren", 3), ("1、", "ar-dun", 1), ("12.", "ar-dot", 12), ("3．", "ar-dot", 3),
    ("（4）", "ar-paren", 4), ("③", "circled", 3),
])
def test_marker_styles(marker: str, style: str, number: int) -> None:
    assert marker_style(marker) == (style, number)


def test_cn_numbers() -> None:
    assert [cn_number(t) for t in ("一", "十", "十九", "二十一", "一百零五", "X")] == [1, 10, 19, 21, 105, None]


TEXT = """2023年度某县教育局整体支出绩效自评报告
一、部门基本情况
（一）部门职能
1、负责全县教育事业发展规划，统筹教育资源配置。
（二）人员情况
二、一般公共预算支出情况
（1）基本支出情况
2023年基本支出为4,500.40万元，其中人员经费3,980.20万元，公用经费520.20万元。
存在的问题
预算执行进度偏慢，部分项目启动较晚，导致资金支付集中在

年底，影响了资金使用效益。
"""


def test_section_tree_levels_and_titles() -> None:
    r = build_report("t", TEXT)
    heads = [(h.marker, h.level, h.title) for h in r.headings]
    assert heads == [("一、", 1, "部门基本情况"), ("（一）", 2, "部门职能"),
                     ("1、", 3, "负责全县教育事业发展规划，统筹教育资源配置"), ("（二）", 2, "人员情况"),
                     ("二、", 1, "一般公共预算支出情况"), ("（1）", 4, "基本支出情况"), (None, 1, "存在的问题")]
    top = [c.heading.title for c in r.root.children if c.heading]
    assert top == ["部门基本情况", "一般公共预算支出情况", "存在的问题"]
    assert r.year == 2023 and r.entity == "某县教育局"


def test_paragraph_broken_by_a_page_break_is_rejoined() -> None:
    r = build_report("t", TEXT)
    last = r.paragraphs[-1]
    assert last.text == "预算执行进度偏慢，部分项目启动较晚，导致资金支付集中在年底，影响了资金使用效益。"
    assert len(last.parts) == 2 and len(last.joined) == 1
    assert r.lines.position(last.span.start)[0] == 10 and r.lines.position(last.span.end)[0] == 12


def test_facts_are_bound_to_labels_with_year() -> None:
    r = build_report("t", TEXT)
    facts = [(f.label, f.quantity.text, f.quantity.unit, f.year) for f in r.facts]
    assert facts == [("基本支出", "4,500.40", "万元", 2023), ("人员经费", "3,980.20", "万元", 2023),
                     ("公用经费", "520.20", "万元", 2023)]
    basic = r.facts[0]
    assert basic.quantity.value == Decimal("4500.40") and basic.quantity.decimals == 2
    assert [f.in_breakdown_of for f in r.facts] == [None, 0, 0]


def test_spans_point_into_the_original_file() -> None:
    # CRLF line ends, full-width digits and a full-width comma inside the number
    original = "一、支出情况\r\n2023年基本支出为１，２３４．５６万元。\r\n"
    r = build_report("t", original)
    q = next(q for q in r.quantities if q.kind == "amount")
    assert q.text == "1,234.56" and q.value == Decimal("1234.56")
    assert original[q.span.start:q.span.end] == "１，２３４．５６万元"
    assert r.lines.position(q.span.start) == (2, 11)


def test_words_next_to_a_label_do_not_bind() -> None:
    r = build_report("t", "2024年项目支出主要基本公共卫生服务7150.59万元、基本药物制度1216.55万元。\n")
    assert r.facts == ()


def test_list_with_jun_wei_binds_each_label() -> None:
    r = build_report("t", "2024年一般公共预算收入、支出均为38,194.07万元。\n")
    assert [(f.label, f.quantity.text) for f in r.facts] == [("一般公共预算收入", "38,194.07"),
                                                             ("一般公共预算支出", "38,194.07")]


def test_stage_qualifiers() -> None:
    r = build_report("t", "公务接待费支出预算为10万元，支出决算为0.94万元，完成预算的9.4%。\n")
    assert [(f.label, f.qualifiers, f.quantity.text) for f in r.facts] == [
        ("公务接待费", ("预算",), "10"), ("公务接待费", ("决算",), "0.94")]


def test_shares_and_changes_are_read() -> None:
    r = build_report("t", "基本支出592.78万元，较上年减少47.80万元，下降7.46%。人员经费550.11万元，占基本支出的92.80%。\n")
    assert [(s.denominator_label, s.percent.text) for s in r.shares] == [("基本支出", "92.80")]
    ch = r.changes[0]
    assert (ch.direction, ch.amount and ch.amount.text, ch.percent and ch.percent.text) == ("decrease", "47.80", "7.46")
    assert ch.subjects == (0,)


def test_approximate_figures_are_marked() -> None:
    r = build_report("t", "让利百姓近100万余元，服务2.4万余人次。\n")
    assert [(q.text, q.unit, q.approx) for q in r.quantities] == [("100", "万元", True), ("2.4", "万人次", True)]


def test_model_serializes_to_plain_json() -> None:
    import json
    doc = build_report("t", TEXT).to_dict()
    text = json.dumps(doc, ensure_ascii=False)
    assert '"4,500.40"' in text and '"value": "4500.40"' in text
