"""Misplaced thousands separators in tables flattened into text (shapes from fixtures/real/), and the
intervals and lists that look like them but are not numbers."""

from __future__ import annotations

import pytest

from auditor.runner import lint_text


def _garbled(text: str) -> list[str]:
    return [f.evidence["printed"] for f in lint_text(text, "t.txt").findings if f.rule == "NUM001"]


@pytest.mark.parametrize("text, printed", [
    # a-002: a row of well-grouped cells set apart by wide gaps
    ("合计             3,8922       25,170       35,093        -9,923\n", "3,8922"),
    # a-003: cells apart by wide gaps and single spaces
    ("一、一般公共服务支出              5,438655              6,097,403 12.11\n", "5,438655"),
    # a-036, a-066: single spaces between the cells
    ("（4）资源勘探工业信息等支出 1,52640 12,612 23,300\n", "1,52640"),
    # a-034: the only figure of its row; the rows around it are grouped
    (("十六、援助其他地区支出                           174,133\n十七、自然资源海洋气象等支出                        1,400000\n"
     "十八、住房保障支出                           2,204,100\n"), "1,400000"),
    # a-020: a bare figure with a decimal part
    ("合计               ——           1,03483.86   ——\n", "1,03483.86"),
])
def test_a_misplaced_separator_in_a_table_row_is_found(text: str, printed: str) -> None:
    assert _garbled("一、收支情况\n" + text) == [printed]


@pytest.mark.parametrize("text", [
    # a-010: score intervals in a criteria column
    "评分标准：充分[2.7,3]，较为充分[2.4,2.7)，充分性一般[1.8,2.4)，不够充分[0,1.8)\n",
    "制度健全[4.5,5]，制度较为健全[4,4.5)\n",
    # a list written with an ASCII comma, and a bare figure with no grouped figure near it
    "涉及第1,2345号文件。\n",
    # d-001: the cells of a table row glued together by the conversion
    ("一、税收收入\n３０，５５２，０００３０，１５２，０００２７，３１２，６７４９０．６\n"
     "６，６５７，０００６，６５７，０００６，３６０，７３１９５．５\n"),
])
def test_intervals_and_lists_are_not_garbled_numbers(text: str) -> None:
    assert _garbled("一、说明\n" + text) == []
