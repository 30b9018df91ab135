"""Text rules on the shapes of real reports (snippets from the corpus in fixtures/real/): a heading and its
目录 entry, amounts listed twice and score tables flattened into text are not defects."""

from __future__ import annotations

from auditor.runner import lint_text


def _reported(text: str, rule: str) -> list[str]:
    return [f.severity for f in lint_text(text, "t.txt").findings if f.rule == rule]


def test_a_heading_repeated_by_its_table_of_contents_is_not_a_duplicate_item() -> None:
    # a-001, a-014: the 目录 lists the body's headings word for word
    text = ("目录\n（一）全省一般公共预算决算报表及说明\n（二）省级一般公共预算决算报表及说明\n"
            "（一）全省一般公共预算决算报表及说明\n内容。\n（二）省级一般公共预算决算报表及说明\n内容。\n")
    assert _reported(text, "TEXT006") == []


def test_the_same_amount_item_under_two_lists_is_not_a_duplicate_item() -> None:
    # a-009, a-050: 社会保障和就业 6.2 亿元 under 收入 and again under 支出
    text = ("一、转移支付收入\n1、社会保障和就业共同财政事权转移支付 6.2 亿元；\n2、住房保障共同财政事权转移支付 34.2 亿元；\n"
            "二、转移支付支出\n1、社会保障和就业共同财政事权转移支付 6.2 亿元；\n2、住房保障共同财政事权转移支付 34.2 亿元；\n")
    assert _reported(text, "TEXT006") == []


def test_a_copied_item_among_its_siblings_is_still_found() -> None:
    text = ("一、主要职责\n（一）负责职责范围内对行业领域的安全生产工作实施监督管理。\n（二）负责全县教师队伍建设工作。\n"
            "（三）负责职责范围内对行业领域的安全生产工作实施监督管理。\n")
    assert _reported(text, "TEXT006") == ["warning"]


def test_whether_in_a_score_table_is_not_residue_and_in_prose_only_info() -> None:
    # a-010, a-011, a-012: the 评分标准 column of a score table flattened into text
    table = ("        立项依据充分性              2    ③项目立项与部门职责范围相符；    2\n"
             "                                     ④项目属于公共财政支持范围，是否符合中央、地方事权\n"
             "                                     支出责任划分原则；\n")
    assert _reported(table, "TEXT004") == []
    # a-009: a line broken inside 是否 by the page layout is read as one sentence that goes on
    prose = ("金”向“评政策”转变，围绕政策导向是否集中聚焦、分配机制是\n"
             "否科学合理、财政金融工具是否运用充分等方面，组织 26 项评价。\n")
    assert _reported(prose, "TEXT004") == []
    assert _reported("目标设置合理，绩效指标是否清晰、细化、可量化。\n", "TEXT004") == ["info"]
    assert _reported("一、部门基本情况\nXX单位内设机构5个。\n", "TEXT004") == ["warning"]


def test_a_repeated_pair_of_characters_is_only_info_and_a_longer_phrase_a_warning() -> None:
    # c-003, c-008, c-020: pairs that straddle words or join a compound
    for text in ("深化文化文艺精品打造工程。", "全年新增减税降费及退税缓税缓费271亿元。", "关于专项债券项目项目收入编制不规范问题。"):
        assert _reported(text, "TEXT002") == ["info"], text
    # c-013: a longer phrase printed twice is a slip
    assert _reported("用于购置执法执勤等业务用车购置等业务用车购置支出。", "TEXT002") == ["warning"]


def test_lines_wrapped_at_the_page_width_are_no_page_break_joins() -> None:
    from auditor.runner import lint_text
    # text taken from a PDF page by page: every paragraph wraps at 28 characters; one is broken by a page break
    line = "全市财政部门坚持稳中求进工作总基调，加强财政资源统筹，"      # 28 characters, ends open
    body = "".join(f"{i}．{line}\n{line}\n{line}\n保障重点支出。\n" for i in range(1, 12))
    broken = body + "十二．预算执行中严格控制一般性支出，加大民生保障力度，\n\n- 3 -\n\n持续优化支出结构。\n"
    found = [f for f in lint_text(broken).findings if f.rule == "TEXT005"]
    assert len(found) == 1 and "生保障力度，" in found[0].message
    # one paragraph per line (a Word document's text): a line broken mid-sentence is reported
    word = "一、概况\n本部门预算编制规范，按要求编制中期财政规划，政策依据\n充分，符合要求。\n"
    assert [f.rule for f in lint_text(word).findings if f.rule == "TEXT005"] == ["TEXT005"]


def test_a_classification_tables_row_run_together_is_no_copied_text() -> None:
    # Jiangsu budget books (held-out PDFs): each row of an economic-classification table flattened into one line, a
    # 款 and its 项 sharing a name, the same rows in the 一般公共预算 and the 政府性基金 tables
    row = "八、对企业资本性支出资本性支出资本性支出（基本建设）政府投资基金股权投资其他对企业资本性支出\n"
    text = ("一、一般公共预算支出表\n七、对企业补助 67,452费用补贴利息补贴 5,000其他对企业补助 62,452\n" + row
            + "二、政府性基金支出表\n七、对企业补助 1,200费用补贴利息补贴 5,000其他对企业补助 62,452\n" + row)
    assert _reported(text, "TEXT006") == []
    assert _reported(text, "TEXT002") == ["info"]
    # thousands separators are no sentence punctuation: a line of names and figures is still such a row
    assert _reported("九、节能环保支出 199,477自然生态保护 1,799能源节约利用能源节约利用污染减排 46,108\n", "TEXT002") == ["info"]
    # the same name doubled in a sentence is a copy-paste slip
    assert _reported("我局当年对企业资本性支出资本性支出共计1200万元，较上年增长5%。\n", "TEXT002") == ["warning"]
    # and items of prose copied word for word are still duplicates
    prose = "（一）加强对企业资本性支出的管理，规范政府投资基金运作。\n"
    assert _reported(prose + "（二）其他。\n" + prose.replace("（一）", "（三）"), "TEXT006") == ["warning"]


def test_a_phrase_doubled_in_a_row_of_spaced_figures_is_only_info() -> None:
    # 021 (held-out PDF): a company's name wrapped in its cell, the PDF's text interleaving its two lines with the
    # row's figures (…集团 130.33 49.82% 16.23 设施代建…有限公司有限公司)
    row = ("黄冈国有资本 主要从事黄冈市临空经济区内的基础黄冈新区投资开投资运营集团 130.33 49.82% 16.23 设施代建、土地整理、"
           "安置房建设等发有限公司有限公司 业务\n")
    assert _reported(row, "TEXT002") == ["info"]
    assert _reported("本公司为黄冈新区投资运营集团有限公司有限公司的子公司，注册资本130.33亿元。\n", "TEXT002") == ["warning"]
    # a line that is one subject name twice, nothing else (a 款 and its 项 of one name): a row, only info
    assert _reported("四、国有企业公益性补贴国有企业公益性补贴\n", "TEXT002") == ["info"]


def test_the_notes_two_tables_share_are_no_copied_items() -> None:
    # guangdong (fresh held-out PDF): the notes under the transfer table repeat those under the spending table
    notes = ("备注：\n1.部分专项转移支付决算数小于调整预算数，主要是项目进度不及预期。\n"
             "2.个别领域总支出决算数小于调整预算数，主要是部分项目进度不及预期。\n")
    text = ("一、支出决算\n表1 一般公共预算支出决算表\n项目\t决算数\n合计\t100\n" + notes
            + "表2 转移支付决算表\n项目\t决算数\n合计\t50\n" + notes)
    assert _reported(text, "TEXT006") == []
    # numbered items of prose copied word for word are still duplicates
    prose = ("一、情况\n1.部分专项转移支付决算数小于调整预算数，主要是项目进度不及预期。\n2.其他。\n"
             "3.部分专项转移支付决算数小于调整预算数，主要是项目进度不及预期。\n")
    assert _reported(prose, "TEXT006") == ["warning"]
    # within one list of notes too
    assert _reported(prose.replace("一、情况\n", "一、情况\n备注：\n"), "TEXT006") == ["warning"]


def test_a_phrase_doubled_in_a_line_read_backwards_is_only_info() -> None:
    # guangdong (fresh held-out PDF): a rotated table header whose text the PDF gives backwards (入收总 for 总收入)
    line = "务债府政方地、四入收转结年上、五专增新府政方地资融再府政方地入收券债项专区作合琴横入收券债项目入收总入收总项入收\n"
    assert _reported(line, "TEXT002") == ["info"]
    # one such pair in prose (纳入收入) is no reversed line
    assert _reported("将该项资金纳入收入预算管理，专项资金专项资金按规定使用。\n", "TEXT002") == ["warning"]
