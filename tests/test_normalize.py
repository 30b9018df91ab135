"""Tests for auditor.normalize and auditor.spans: folding rules, offset map, line index, properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.normalize import Normalized, fold_char, normalize
from auditor.spans import LineIndex, OffsetMap, Span


def _n(s: str) -> str:
    return normalize(s).text


# --- folding rules -------------------------------------------------------------------------------------

def test_crlf_deletes_carriage_return() -> None:
    r = normalize("一\r\n二\r\n")
    assert r.text == "一\n二\n"
    assert r.offsets.removed == (1, 4)
    assert r.offsets.to_original(1) == 2 and r.offsets.to_original(2) == 3


def test_lone_cr_becomes_lf_in_place() -> None:
    r = normalize("一\r二\r\r\n三")
    assert r.text == "一\n二\n\n三"
    assert r.offsets.removed == (4,)


def test_cr_then_zero_width_then_lf_is_two_line_ends() -> None:
    assert _n("a\r\u200b\nb") == "a\n\nb"


@pytest.mark.parametrize("zw", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_zero_width_deleted(zw: str) -> None:
    r = normalize(f"{zw}预算{zw}1{zw}2{zw}")
    assert r.text == "预算12"
    assert r.offsets.removed == (0, 3, 5, 7)
    assert [r.offsets.to_original(i) for i in range(5)] == [1, 2, 4, 6, 8]


def test_full_width_digits_letters_percent_spaces() -> None:
    assert _n("０１２３４５６７８９") == "0123456789"
    assert _n("ＡＢＺａｂｚ") == "ABZabz"
    assert _n("完成率１００％") == "完成率100%"
    assert _n("一\u3000二\u00a0三") == "一 二 三"


def test_full_width_point_only_between_digits() -> None:
    assert _n("３．５") == "3.5"
    assert _n("3．5万元") == "3.5万元"
    assert _n("第３．") == "第3．"
    assert _n("．５") == "．5"
    assert _n("a．b") == "a．b"


@pytest.mark.parametrize(("src", "want"), [
    ("38，194.07", "38,194.07"),
    ("1，7221.85", "1,7221.85"),
    ("１，７２２１．８５万元", "1,7221.85万元"),
    ("38，194．07", "38,194.07"),
    ("1，234，567元", "1,234,567元"),
    ("共12，345人", "共12,345人"),
    ("合计100，000。", "合计100,000。"),
])
def test_comma_inside_number_folded(src: str, want: str) -> None:
    assert _n(src) == want


@pytest.mark.parametrize("src", [
    "2019，2020年", "3，4", "1，2，3项", "12，3456", "预算，123", "5，abc", "7，12.", "7，.5",
])
def test_comma_not_a_thousands_separator_kept(src: str) -> None:
    assert _n(src) == src


def test_other_characters_untouched() -> None:
    s = "一、概况：（一）“绩效”；完成。\f第二页 ①②ⅠⅡ ﹪ ！？【】"
    r = normalize(s)
    assert r.text == s
    assert r.offsets.removed == ()


def test_no_nfkc() -> None:
    assert _n("㎡ ﬁ ¹ ㈠") == "㎡ ﬁ ¹ ㈠"


def test_fold_char() -> None:
    assert fold_char("５") == "5"
    assert fold_char("ｘ") == "x"
    assert fold_char("％") == "%"
    assert fold_char("\u3000") == " "
    assert fold_char("\r") == "\n"
    assert fold_char("\u200b") == ""
    for c in "，。．中a1\n\f":
        assert fold_char(c) == c


def test_normalized_is_frozen() -> None:
    r = normalize("x")
    assert isinstance(r, Normalized)
    with pytest.raises(AttributeError):
        r.text = "y"  # type: ignore[misc]


# --- spans ---------------------------------------------------------------------------------------------

def test_span_to_dict_and_validation() -> None:
    assert Span(2, 5).to_dict() == {"start": 2, "end": 5}
    assert Span(3, 3).to_dict() == {"start": 3, "end": 3}
    with pytest.raises(ValueError):
        Span(5, 2)


def test_offset_map_identity() -> None:
    m = OffsetMap([])
    assert m.to_original(0) == 0 and m.to_original(17) == 17
    assert m.span(3, 9) == Span(3, 9)


def test_offset_map_span_excludes_adjacent_deletions() -> None:
    original = "a\u200bb\u200b"
    r = normalize(original)
    assert r.text == "ab"
    assert r.offsets.span(0, 1) == Span(0, 1)
    assert r.offsets.span(1, 2) == Span(2, 3)
    assert r.offsets.span(0, 2) == Span(0, 3)
    assert r.offsets.span(2, 2) == Span(4, 4)
    assert r.offsets.to_original(2) == len(original)


def test_offset_map_crlf_line_span() -> None:
    original = "第一行\r\n第二行\r\n"
    r = normalize(original)
    start = r.text.index("第二行")
    span = r.offsets.span(start, start + 3)
    assert original[span.start:span.end] == "第二行"
    full = r.offsets.span(0, len(r.text))
    assert (full.start, full.end) == (0, len(original))


def test_line_index_crlf_cr_lf() -> None:
    text = "ab\r\ncd\ref\ngh"
    li = LineIndex(text)
    assert li.line_count == 4
    assert [li.line_text(i) for i in range(1, 5)] == ["ab", "cd", "ef", "gh"]
    assert li.position(0) == (1, 1)
    assert li.position(2) == (1, 3)        # the \r of \r\n
    assert li.position(3) == (1, 4)        # the \n of \r\n
    assert li.position(4) == (2, 1)
    assert li.position(6) == (2, 3)        # lone \r
    assert li.position(7) == (3, 1)
    assert li.position(10) == (4, 1)
    assert li.position(len(text)) == (4, 3)


def test_line_index_trailing_newline_and_empty() -> None:
    li = LineIndex("一\n")
    assert li.line_count == 2
    assert li.position(2) == (2, 1)
    assert li.line_text(2) == ""
    empty = LineIndex("")
    assert empty.line_count == 1 and empty.position(0) == (1, 1) and empty.line_text(1) == ""
    with pytest.raises(IndexError):
        li.line_text(3)
    with pytest.raises(ValueError):
        li.position(3)


def test_line_index_columns_count_characters() -> None:
    li = LineIndex("预算执行率\r\n为９８％")
    assert li.position(li.line_start(2) + 2) == (2, 3)
    assert li.line_text(2) == "为９８％"


# --- properties ----------------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "\r\n", "\r", "\n", "１２", "３", "％", "\u3000", "\u00a0", "，", "．", ".", "\u200b", "\u200c",
    "\u200d", "\u2060", "\ufeff", "0", "1", "7", "123", "4567", "Ｘ", "ｙ", "预算", "执行", "。", "\f", " ",
])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=40).map("".join)


def _maps_to(orig: str, norm: str) -> bool:
    return fold_char(orig) == norm or (orig, norm) in {("，", ","), ("．", "."), ("\r", "\n")}


@settings(max_examples=400, deadline=None)
@given(original=_TEXT, data=st.data())
def test_normalize_properties(original: str, data: st.DataObject) -> None:
    r = normalize(original)
    norm, offsets = r.text, r.offsets
    deleted = len(offsets.removed)
    # (a) only deletions change the length
    assert len(norm) == len(original) - deleted
    assert all(fold_char(original[p]) == "" or original[p:p + 2] == "\r\n" for p in offsets.removed)
    lines = LineIndex(original)
    prev = -1
    line = 1
    for i, ch in enumerate(norm):
        o = offsets.to_original(i)
        # (b) strictly increasing, and the char there folds to the normalized char
        assert o > prev
        prev = o
        assert _maps_to(original[o], ch), (i, original[o], ch)
        # (c) line numbers agree
        assert lines.position(o)[0] == line
        if ch == "\n":
            line += 1
    assert offsets.to_original(len(norm)) == len(original)
    assert lines.position(offsets.to_original(len(norm)))[0] == line
    # (d) spans stay inside the original text
    s = data.draw(st.integers(0, len(norm)))
    e = data.draw(st.integers(s, len(norm)))
    span = offsets.span(s, e)
    assert 0 <= span.start <= span.end <= len(original)
    assert len(original[span.start:span.end]) >= e - s
    if e > s:
        assert span.start == offsets.to_original(s) and span.end == offsets.to_original(e - 1) + 1


@settings(max_examples=200, deadline=None)
@given(original=_TEXT)
def test_normalize_idempotent_except_context(original: str) -> None:
    once = normalize(original).text
    assert normalize(once).text == once
