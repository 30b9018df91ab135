"""Any text lints without an exception, and every finding's span lies inside the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.runner import lint_text

_PIECES = st.sampled_from([
    "一、", "（一）", "(二）", "1、", "2.", "（3）", "①", "\n", "\r\n", "\r", "\n\n", "\f", "。", "，", "；", "：",
    "基本支出", "项目支出", "人员经费", "公用经费", "支出", "收入", "、", "均为", "其中", "主要", "占", "占比",
    "占基本支出的", "较上年", "增加", "减少", "增长", "下降", "个百分点", "存在的问题", "改进措施", "无", "无。",
    "1,7221.85", "38,194.07", "0", "0.00", "-5", "100", "万元", "元", "亿元", "%", "％", "１２", "人", "分", "2024年",
    "余", "约", " ", "\u3000", "\u200b", "……3", "调整预算数", "决算", "预算", "“三公”经费", "公务接待费",
    "万人", "36.52", "人", "分值", "得分", "（5分）", "完成率", "实际完成", "任务数", "优", "“优”", "扣1分",
    "我厅", "全市", "负责", "七、", "3、", "（2）", "1.",
])

report_like = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_like)
def test_lint_text_never_raises_and_spans_are_inside(text: str) -> None:
    res = lint_text(text, "fuzz.txt")
    for f in res.findings:
        assert 0 <= f.span.start <= f.span.end <= len(text)
        assert f.message and f.category and f.severity in ("error", "warning", "info")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_lints(text: str) -> None:
    res = lint_text(text, "fuzz.txt")
    assert all(0 <= f.span.start <= f.span.end <= len(text) for f in res.findings)


@settings(max_examples=200, deadline=None)
@given(report_like)
def test_grammar_lines_cover_the_text(text: str) -> None:
    from auditor.normalize import normalize
    from auditor.parse import parse_lines
    norm = normalize(text).text
    lines = parse_lines(norm)
    for ln in lines:
        assert 0 <= ln.start <= ln.end <= len(norm) + 1
        assert "\n" not in norm[ln.start:ln.end]
        for tok in ln.items:
            assert ln.start <= tok.start < tok.end <= ln.end and norm[tok.start:tok.end] == tok.text
