"""The outline of real reports (issue 11): 目录 and parts, appendices, several documents in one file, tables in
text, documents that start mid-way. Each fixture in tests/data/structure/ is a stretch of a corpus document
(fixtures/real/, named below), copied as it is; each test asserts the outline `auditor parse` shows, that lint
finds nothing to say about numbering or sections there, and, where it matters, that a real break planted in the
same text is still found (a restart the structure explains must not hide one it does not)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.build import build_report
from auditor.cli import main
from auditor.runner import lint_text

DATA = Path(__file__).resolve().parent / "data" / "structure"
CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "real"


def _outline(path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int, int, str]]:
    assert main(["parse", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)["report"]["outline"]
    return [(r["kind"], r["line"], r["end_line"], r["title"]) for r in out if r["kind"] != "furniture"]


def _findings(path: Path, capsys: pytest.CaptureFixture[str], *select: str) -> list[dict]:
    main(["lint", "--format", "json", *(a for s in select for a in ("--select", s)), str(path)])
    return [f for r in json.loads(capsys.readouterr().out)["files"] for f in r["findings"]]


def _warnings(path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int]]:
    return [(f["rule"], f["line"]) for f in _findings(path, capsys) if f["severity"] != "info"]


def _planted(tmp_path: Path, name: str, line: int, old: str, new: str) -> Path:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_contents_and_parts(capsys: pytest.CaptureFixture[str]) -> None:
    """a-001 lines 1-140: title block, a 目录 listing 第一部分…第六部分 with their 表 entries, the body's
    第一部分 with its title on a later line (and printed again as a page header), a table in text."""
    path = DATA / "toc_parts.txt"
    assert _outline(path, capsys) == [
        ("front", 1, 7, "山东省 2023 年决算情况表 山东省财政厅 二○二四年七月"),
        ("toc", 8, 92, "目录"),
        ("part", 94, 140, "一般公共预算报表及说明"),
        ("table", 110, 140, "2023年山东省一般公共预算收入决算表"),
    ]
    report = build_report(str(path), path.read_text(encoding="utf-8"))
    # the 目录's numbered lines are entries, its 第二部分… lines are not parts, and the body's heading is read
    assert sum(m.kind == "toc" for m in report.markers) == 43
    assert [h.style for h in report.headings][:2] == ["part", "cn-paren"]
    table = report.tables[0]
    assert (table.source, table.aligned, table.unit) == ("spaced", False, "万元")
    assert [c.text for c in table.rows()[0]] == ["一、税收收入", "52353786", "52296633", "99.9", "9.1"]
    assert _warnings(path, capsys) == []


def test_appendix_holds_its_own_numbering(capsys: pytest.CaptureFixture[str]) -> None:
    """a-010 lines 355-460: the report's last sections, then 附件：…评分表 and the score table's ①②③."""
    path = DATA / "appendix.txt"
    assert _outline(path, capsys) == [("appendix", 23, 106, "附件：省级项目（专项）支出财政评价评分表")]
    assert _warnings(path, capsys) == []


def test_contents_lines_of_appendix_tables_are_entries(capsys: pytest.CaptureFixture[str]) -> None:
    """d-001 lines 138-270: the end of a 目录 whose 附表一… entries carry their page number on the next line,
    the tables, then 说明一 (a document of its own, its 一、 restarting)."""
    path = DATA / "appendix_tables.txt"
    outline = _outline(path, capsys)
    assert not [r for r in outline if r[0] == "appendix"]
    assert outline[-1] == ("document", 105, 133, "说明一关于2022年市级一般公共预算收入决算情况的说明")
    assert _warnings(path, capsys) == []


def test_several_documents_in_one_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """c-034 lines 140-257: four 关于…情况的说明 one after another, each numbered from 一、; the title of
    the last is broken over two lines after a page's blank lines."""
    path = DATA / "two_documents.txt"
    docs = [r for r in _outline(path, capsys) if r[0] == "document"]
    assert [(r[1], r[3]) for r in docs] == [
        (1, "（第一份文件）"),
        (18, "关于2022年市级政府性基金支出预算情况的说明"),
        (45, "关于2022年市级国有资本经营收支预算情况的说明"),
        (70, "关于2022年全市社会保险基金收支预算情况的说明"),
    ]
    # the one finding is a real error of the document (labelled violated in fixtures/real/labels/c-034.yaml:
    # 减少11.8亿元 on 180.4亿元 is 6.14%, not 7%), nothing about its structure
    assert _warnings(path, capsys) == [("CHG001", 88)]
    # a number skipped inside the last document is still one finding, at its place
    planted = _planted(tmp_path, "two_documents.txt", 84, "三、", "四、")
    found = _findings(planted, capsys, "numbering")
    assert [(f["rule"], f["line"]) for f in found] == [("NUMB001", 84)]
    assert "“二、”之后为“四、”" in found[0]["message"]


def test_table_rows_are_not_headings(capsys: pytest.CaptureFixture[str]) -> None:
    """a-070 lines 1-40: 表八 with rows 一、…收入 set apart by wide gaps; the row markers are table rows."""
    path = DATA / "table_rows.txt"
    outline = _outline(path, capsys)
    # one table: the row 十一、国家重大水利工程建设基金收入 without figures does not end it
    assert [r[0] for r in outline] == ["front", "table"]
    report = build_report(str(path), path.read_text(encoding="utf-8"))
    assert not [h for h in report.headings if h.style == "cn-dun"]
    assert {m.kind for m in report.markers} == {"row"}
    assert _warnings(path, capsys) == []


def test_a_document_that_starts_mid_way(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """b-002 lines 20-60: the text starts at item 13. of a list begun on the previous page, then （二）; a list
    whose first item is not 1 is no break, but a skip further on is, named in the list's own style."""
    path = DATA / "starts_midway.txt"
    assert _findings(path, capsys, "numbering") == []
    planted = _planted(tmp_path, "starts_midway.txt", 22, "（二）", "（三）")
    found = _findings(planted, capsys, "numbering")
    assert [(f["rule"], f["line"]) for f in found] == [("NUMB002", 22)]
    assert "“（一）”之后应为“（二）”，文中为“（三）”" in found[0]["message"]


def _as_grid(sep: str) -> str:
    """The table of toc_parts.txt (a real table in text) written with tab or | separated cells."""
    report = build_report("t", (DATA / "toc_parts.txt").read_text(encoding="utf-8"))
    rows = [[c.text for c in row] for row in report.tables[0].rows()[:6]]
    if sep == "|":
        return "\n".join("| " + " | ".join(r) + " |" for r in [rows[0], ["---"] * len(rows[0]), *rows[1:]]) + "\n"
    return "\n".join("\t".join(r) for r in rows) + "\n"


@pytest.mark.parametrize(("sep", "source"), [("|", "pipe"), ("\t", "tab")])
def test_tables_with_separated_cells(sep: str, source: str) -> None:
    text = "2023年山东省一般公共预算收入决算表\n单位：万元\n" + _as_grid(sep) + "以上为决算数。\n"
    report = build_report("t", text)
    assert len(report.tables) == 1
    t = report.tables[0]
    assert (t.source, t.aligned, t.caption, t.unit) == (source, True, "2023年山东省一般公共预算收入决算表", "万元")
    rows = t.rows()
    assert len(rows) == 6 and [c.text for c in rows[1]] == ["增值税", "19271220", "20271498", "105.2", "41.1"]
    assert rows[1][1].value is not None and str(rows[1][1].value.value) == "19271220"
    # the rows are cells, not paragraphs or headings
    assert not report.headings and not any("增值税" in p.text for p in report.paragraphs)
    assert [r.kind for r in report.outline] == ["front", "table"]


def test_every_corpus_document_parses_with_an_outline(capsys: pytest.CaptureFixture[str]) -> None:
    """`auditor parse` shows the outline, profile and tables of every corpus document (both formats)."""
    docs = sorted(CORPUS.glob("*.txt"))
    assert len(docs) >= 160
    kinds: set[str] = set()
    for doc in docs:
        assert main(["parse", "--format", "outline", str(doc)]) == 0
        listing = capsys.readouterr().out
        assert listing.splitlines()[1].startswith("profile: ")
        report = build_report(str(doc), doc.read_text(encoding="utf-8"))
        kinds |= {r.kind for r in report.outline}
        json.dumps(report.to_dict(), ensure_ascii=False)
        for r in report.outline:
            assert 0 <= r.start <= r.end <= len(report.text) and r.line <= r.end_line
    assert {"front", "toc", "part", "appendix", "document", "table"} <= kinds


def test_text_rules_skip_glued_cells_of_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A cell glued to its neighbour by the conversion (执行执行) repeats a word inside a table: not a doubled
    word of prose. The same slip in a sentence of the same report is still reported."""
    in_table = _planted(tmp_path, "toc_parts.txt", 111, "增值税", "增值税增值税")
    assert _findings(in_table, capsys, "TEXT002") == []
    in_prose = tmp_path / "prose.txt"
    in_prose.write_text((DATA / "toc_parts.txt").read_text(encoding="utf-8")
                        + "全省增值税增值税收入增长较快，主要是留抵退税减少。\n", encoding="utf-8")
    assert [f["line"] for f in _findings(in_prose, capsys, "TEXT002")] == [141]


def test_a_doubled_word_on_a_wrapped_label_line_of_a_table_in_text_is_reported() -> None:
    """A row label a PDF wrapped around its row (松原市松原市宁江区政务服务一     松原市宁江区机关事务管, held-out 吉林 debt
    report) holds words, not glued cells: its doubled word is reported; the same in a row of cells is not."""
    from auditor.runner import lint_text
    rows = ("2        22070221D000000029075   其他政权建设        一般债券     98.00    2021-05\n"
            "3        22072121D000000031409   道路              一般债券     56.00    2022-01\n"
            "4        22020020D000000027022   其他市政建设        一般债券     49.00    2021-05\n")
    wrapped = rows.replace("3        ", "松原市松原市宁江区政务服务一     松原市宁江区机关事务管\n3        ")
    assert [f.rule for f in lint_text(rows).findings if f.rule == "TEXT002"] == []
    assert [(f.rule, f.message) for f in lint_text(wrapped).findings if f.rule == "TEXT002"] == [
        ("TEXT002", "词语重复：“松原市松原市”")]
    glued = rows.replace("其他政权建设", "政权建设政权建设")
    assert [f.rule for f in lint_text(glued).findings if f.rule == "TEXT002"] == []


def test_contents_of_parts_without_page_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    """A 目录 listing 第一部分…第四部分 with no page numbers (the 部门预算 template, composed snippet of
    tests/data/profiles): its lines are entries, each part is read once, in the body."""
    path = Path(__file__).resolve().parent / "data" / "profiles" / "mof-budget-composed.txt"
    outline = _outline(path, capsys)
    assert outline[:3] == [("front", 1, 1, "某县某镇人民政府2024年部门预算"), ("toc", 2, 6, "目录"),
                           ("part", 7, 11, "某县某镇人民政府部门概况")]
    assert [r[1] for r in outline if r[0] == "part"] == [7, 12, 15, 20]


def test_the_outline_listing_counts_the_relations_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--format", "outline", str(DATA / "toc_parts.txt")]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("relations read: ") and "table-columns" in last


def test_a_pages_footnotes_are_paragraphs_of_their_own_and_the_broken_paragraph_is_rejoined() -> None:
    # c-020 (fixtures/real): a PDF page ends mid-sentence, its footnotes (marked 1 and 2 in the text) come next,
    # then the page number and the rest of the sentence
    text = ("收入方面，调入资金175.5亿元1，以及动用预算稳定调节基金80亿元。\n"
            "2023年市本级一般公共预算支出1,012.3亿元2，加上补助区级支出842.3亿元，上解省级支出101.3亿元，安排预算稳定调\n"
            "1调入资金包括从政府性基金预算调入162亿元、国有资本经营预算调入12.2亿元、\n"
            "其他资金调入1.3亿元。\n"
            "2支出决算数除年初预算安排资金外，还包括上年结转资金、中央和省年中追加资金、\n"
            "新增财力等安排的支出。\n"
            "\n"
            "2\n"
            "节基金130.6亿元，债务转贷及还本支出191.5亿元，区域间转\n"
            "移性支出等3.5亿元后，市级一般公共预算总支出2,281.5亿元。\n"
            "\n"
            "3\n"
            "收支相抵，年终结转62.1亿元。\n")
    report = build_report("t", text)
    paras = [p.text for p in report.paragraphs]
    assert paras[1].endswith("安排预算稳定调节基金130.6亿元，债务转贷及还本支出191.5亿元，区域间转移性支出等3.5亿元后，"
                             "市级一般公共预算总支出2,281.5亿元。")
    assert paras[2] == "1调入资金包括从政府性基金预算调入162亿元、国有资本经营预算调入12.2亿元、其他资金调入1.3亿元。"
    assert paras[3].startswith("2支出决算数") and paras[3].endswith("新增财力等安排的支出。")
    totals = [r for r in report.relations if r.source == "prose-total"]
    assert [(r.result.text, r.holds) for r in totals] == [("2,281.5", True)]
    # d-012: the mark of one of the page's notes is enough (the other's was lost with its superscript)
    assert build_report("t", text.replace("亿元1，", "亿元，")).paragraphs[2].text.startswith("1调入资金")
    # no mark of the notes in the text before: lines of the body, not footnotes
    plain = text.replace("亿元2，", "亿元，").replace("亿元1，", "亿元，")
    assert build_report("t", plain).paragraphs[1].text.count("调入资金包括") == 1
    # a figure with its unit opening a line (4元，增长…) is the sentence going on, not a footnote
    wrapped = "市本级一般公共预算收入合计完成了28亿元4，其中税收收入合计为1\n4元，增长5%。\n\n3\n下一段。\n"
    assert build_report("t", wrapped).paragraphs[0].text.endswith("税收收入合计为14元，增长5%。")


def test_a_notes_mark_at_the_start_of_a_line_continues_the_sentence_it_broke() -> None:
    # d-003 (fixtures/real): the conversion breaks the line at each superscript mark ⑴ ⑵
    text = ("2022年，全市地方一般公共预算收入626,797万元，为预算\n"
            "的102.2%，同口径增长10.2%，加上转移性收入\n"
            "⑴，收入总量\n"
            "3,252,474万元；支出2,568,572万元，完成预算的91.3%，增长\n"
            "6.9%，加上转移性支出\n"
            "⑵、债务还本付息支出等，支出总量\n"
            "3,007,405万元；结余245,069万元。\n")
    report = build_report("t", text)
    assert [p.text for p in report.paragraphs] == [(
        "2022年，全市地方一般公共预算收入626,797万元，为预算的102.2%，同口径增长10.2%，加上转移性收入，收入总量3,252,474万元；"
        "支出2,568,572万元，完成预算的91.3%，增长6.9%，加上转移性支出、债务还本付息支出等，支出总量3,007,405万元；结余245,069万元。")]
    assert [(r.result.text, r.holds) for r in report.relations if r.source == "prose-balance"] == [("245,069", True)]


def test_a_pdf_line_that_ends_with_a_semicolon_at_the_pages_width_does_not_end_the_paragraph() -> None:
    # c-020 (fixtures/real): PDF text wraps at the page's width; one line happens to end with ； where the width ran
    # out, and the 其中 list goes on in the next line
    text = ("（2）非税收入292.5亿元，下降1.1%，完成年初预算的117%。\n"
            "其中：专项收入106.8亿元，增长35.7%，主要是上年实施大规\n"
            "模增值税留抵退税导致地方教育附加等相关收入减少压低基数；\n"
            "行政事业性收费22.9亿元，下降19.3%，主要是诉讼费因一次性\n"
            "因素下降较多；罚没收入30.4亿元，减少113.4亿元，主要是上\n"
            "年大额罚没一次性因素拉高基数；国有资本经营收入35亿元，\n"
            "增加33.5亿元，主要是市属国有企业上缴金额增加；国有资源\n"
            "（资产）有偿使用收入31.7亿元，增加10.6亿元，主要是加大\n"
            "行政事业单位资产资源盘活力度；政府住房基金收入59.3亿元，\n"
            "增加43.9亿元，主要是住房公积金增值收益清算上缴；其他收\n"
            "入6.4亿元。\n")
    report = build_report("t", text)
    assert len(report.paragraphs) == 1 and report.paragraphs[0].text.endswith("其他收入6.4亿元。")
    assert [(r.result.text, len(r.terms), r.holds) for r in report.relations if r.source == "prose-list-rest"] == [
        ("292.5", 7, True)]
    # a line ending with ； that is shorter than the paragraph's lines ends it
    short = text.replace("模增值税留抵退税导致地方教育附加等相关收入减少压低基数；", "模增值税留抵退税导致收入减少；")
    assert len(build_report("t", short).paragraphs) == 2
    # one paragraph per line (a Word document's text): a long line ending with ； ends its paragraph
    word = ("其中：专项收入106.8亿元，增长35.7%，主要是上年实施大规模增值税留抵退税导致地方教育附加等相关收入减少压低基数，"
            "地方教育附加等相关收入减少；\n行政事业性收费22.9亿元，下降19.3%，主要是诉讼费因一次性因素下降较多，"
            "诉讼费因一次性因素下降较多；\n")
    assert len(build_report("t", word).paragraphs) == 2


def test_a_line_of_two_run_together_does_not_set_the_pages_width() -> None:
    # c-020:141 (fixtures/real): the conversion ran two lines of the page together (…完⏎成调整预算的…配 is twice the
    # page's width); the page's width is still that of the other lines, and the line ending with ； at it goes on
    text = ("2023年市本级政府性基金支出863.5亿元，增长4.6%，完\n"
            "成调整预算的99.5%。其中：国有土地使用权出让金支出359.1亿元，下降21.5%；城市基础设施配套费支出8.5亿元，增长\n"
            "27.5%；国有土地收益基金支出6亿元，下降25%；污水处理费\n"
            "支出4.1亿元，下降18.2%；车辆通行费支出2.7亿元，增长3.2%；\n"
            "地方政府专项债务付息支出67.3亿元，增长17.7%；新增政府专\n"
            "项债券收入安排支出409.9亿元、增长44.9%；彩票公益金等其\n"
            "他支出5.9亿元。\n")
    report = build_report("t", text)
    assert len(report.paragraphs) == 1
    assert [(r.result.text, len(r.terms), r.holds) for r in report.relations if r.source == "prose-list"] == [
        ("863.5", 8, True)]


def test_a_pdf_line_that_ends_with_a_closing_bracket_at_the_pages_width_does_not_end_the_paragraph() -> None:
    # c-009, a-002, a-015 (fixtures/real): …公务接待费（以下简称“三公”经费）⏎支出合计0.51亿元: the width ran out right after ）
    text = ("（1）“三公”经费使用情况\n"
            "2023年市本级一般公共预算安排的因公出国（境）经费、公\n"
            "务用车购置及运行维护费、公务接待费（以下简称“三公”经费）\n"
            "支出合计0.51亿元（包括基本支出和项目支出安排的经费），2023\n"
            "年年初预算0.66亿元，支出比年初预算数减少0.15亿元，主要\n"
            "是“三公”经费预算执行中按照过紧日子的要求减少了开支。其\n"
            "中：公务接待费0.07亿元，比年初预算数减少0.04亿元；因公\n"
            "出国（境）经费0.03亿元，比年初预算数增加0.02亿元；公务用\n"
            "车购置及运行维护费0.41亿元（其中：公务用车购置费0.06亿元、\n"
            "公务用车运行维护费0.35亿元），比年初预算数减少0.13亿元。\n")
    report = build_report("t", text)
    assert len(report.paragraphs) == 1
    # the 三公 list's head is its total, past the budget and the change stated between (a partition: judged in full)
    got = [(r.result.text, tuple(t.text for t in r.terms), r.holds) for r in report.relations
           if r.source == "prose-list-partition" and r.result.text == "0.51"]
    assert got == [("0.51", ("0.07", "0.03", "0.41"), True)]
    assert [f.rule for f in lint_text(text.replace("支出合计0.51", "支出合计0.61")).findings
            if f.severity != "info"] == ["SUM010"]
    # a list that does not name the partition (会议费 beside two of the 三公 items) takes no head found by its name
    other = text.replace("中：公务接待费0.07亿元", "中：会议费0.07亿元")
    assert [r for r in build_report("t", other).relations if r.result.text == "0.51"] == []
    # a 目录 entry's page number (……（61）) ends its line, however wide
    toc = ("表三十四    2025年省级一般公共预算基本支出预算表 ···························· （60）\n"
           "表三十五    2025年省级一般公共预算对下级的转移支付预算分项目表\n"
           "        ··········································································· （61）\n"
           "说明：本表反映省级对下级的转移支付预算。\n")
    assert [p.text for p in build_report("t", toc).paragraphs][-1] == "说明：本表反映省级对下级的转移支付预算。"
    # a line ending with ） shorter than the paragraph's lines ends it
    short = text.replace("务用车购置及运行维护费、公务接待费（以下简称“三公”经费）", "务用车购置及运行维护费（“三公”经费）")
    assert len(build_report("t", short).paragraphs) == 2


def test_a_line_closing_an_inner_bracket_while_its_own_stays_open_does_not_end_the_paragraph() -> None:
    # a-047 (fixtures/real): …资金支出（含市、县（市、区）⏎筹集资金部分）167817.60 万元: the ） closes （市、区 only
    text = ("       （2）资金执行情况\n"
            "       2022 年，全省就业补助资金支出（含市、县（市、区）\n"
            "筹集资金部分）167817.60 万元，预算执行率为 86.94%；其\n"
            "中，中央财政资金支出 53072.14 万元，预算执行率为 96.64%。\n")
    paras = [p.text for p in build_report("t", text).paragraphs]
    assert len(paras) == 1 and paras[0].startswith("2022 年") and "167817.60" in paras[0]
    # a line whose brackets all close ends where it ends
    closed = text.replace("（含市、县（市、区）\n", "（含市、县）\n")
    assert len(build_report("t", closed).paragraphs) == 2


@pytest.mark.parametrize("carry", ["加上上级补助1,959万元和上年结余82万元", "加上级补助1,959万元和上年结余82万元"])
def test_a_line_that_adds_to_the_figure_before_its_semicolon_goes_on_that_paragraph(carry: str) -> None:
    # d-003, d-014, c-014, c-017, d-010 (fixtures/real): …收入6,608万元，为预算的100%；⏎加上上级补助…，收入总量为…
    text = f"（七）收支决算情况\n市级国有资本经营预算收入6,608万元，为预算的100%；\n{carry}，收入总量为8,649万元。\n"
    report = build_report("t", text)
    assert report.paragraphs[-1].text.startswith("市级国有资本经营预算收入6,608万元")
    assert [(r.result.text, [t.text for t in r.terms], r.holds) for r in report.relations if r.kind == "sum"] == [
        ("8,649", ["6,608", "1,959", "82"], True)]
    # a line after ； that opens with words of its own (加强, 加快) is a paragraph of its own
    other = text.replace(carry, "加强预算管理，压减一般性支出2,041万元")
    assert len(build_report("t", other).paragraphs) == 2


def test_a_carried_balance_is_one_of_the_figures_a_total_gathers() -> None:
    # d-015, c-015, d-012, d-021 (fixtures/real): 动用上年结余63.11亿元 is an amount of the sum, not a saving
    text = "2024年市级政府性基金收入预算128.11亿元，动用上年结余63.11亿元，合计191.22亿元。\n"
    report = build_report("t", text)
    assert [(r.result.text, [t.text for t in r.terms], r.holds) for r in report.relations if r.kind == "sum"] == [
        ("191.22", ["128.11", "63.11"], True)]
