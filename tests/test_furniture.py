"""Page furniture (auditor/furniture.py): what a web page, a PDF conversion or a browser's print adds around a
report's text is found and blanked; the report's own lines that look alike stay (issue 11).

Snippets are copied from fixtures/real/ (named by id) or transcribed from Ke51n/homework2@4092e236d688161e1c1e79615c3fa1c4713d66a2:
homework/reports/中部地区/郑州市/2郑州市2022预算.txt and homework/reports/东部地区/杭州市/2025年杭州市政府工作报告.txt.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from auditor.furniture import Furniture, find_furniture, strip_furniture
from auditor.runner import lint_text

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"


def _found(text: str) -> list[tuple[str, str]]:
    """(kind, stripped text) of each piece of furniture."""
    return [(f.kind, text[f.start:f.end].strip()) for f in find_furniture(text)]


# ── web pages ────────────────────────────────────────────────────────────────────────────────────────────
WEB = {
    "b-007 header": [" 首页  >  政务公开  >  财政信息  >  审计工作报告 ", " 时间 : 2021-07-29 14:00:00 ",
                     " 来源 : 广东省审计厅网站 ", " 【打印】 ", " 我的收藏    收藏 ", " 【字体: 大 中 小 】 ", " 分享到： "],
    "b-015 header": [" 首页  >  重要发布  > 报告", " 日期：2023-02-01 ", " 来源：北京日报 ", " 分享到： ",
                     " 【字号： 大 中 ", " 小 】", " 收藏 ", " 打印 "],
    "b-016 header": [" 您现在的位置： 首页 > 专题专栏 > 2022年部分省（区、市）财政预算报告汇编 ",
                     " 发布日期：2022年03月01日", " 分享到微信朋友圈 "],
    "b-016 footer": [" 附件下载: ", " 相关文章: ", " 【 大 中 小", " 】 ", " 【打印此页】 ", " 【关闭窗口】 ",
                     " 网站地图 ", " 联系我们 ", " 主办单位：中华人民共和国财政部 ",
                     "网站标识码：bm14000001   京ICP备05002860号    京公网安备11010202000006号 ",
                     "技术支持：财政部信息网络中心 "],
    "b-002 date and source": ["2026年1月30日 来源：国库司"],
    "c-001 toolbar": ["下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】", "来源：河北日报",
                      "时间：2026-02-02"],
    "c-019 metadata": ["索引号", "", "发布日期", "", "2024-10-2909:19", "", "来  源", "", "【字体：大 中 小】打印保存"],
    "c-030 byline": ["2026-01-31 07:00:44", "来源：青海日报"],
    "Ke51n/homework2 郑州 footer": ["扫一扫在手机打开当前页"],
    "Ke51n/homework2 杭州 byline": ["时间：2025-05-2911:59 来源：杭州市政府研究室（市政府参事室） 浏览次数：9546"],
}


@pytest.mark.parametrize("name", WEB)
def test_web_page_lines_are_found_and_blanked(name: str) -> None:
    body = "——2021年7月29日在广东省第十三届人民代表大会常务委员会第三十三次会议上\n各位代表：\n"
    text = "\n".join(WEB[name]) + "\n" + body
    blanked, found = strip_furniture(text)
    assert [s for _k, s in _found(text)] == [ln.strip() for ln in WEB[name] if ln.strip()]
    assert {f.kind for f in found} == {"web"}
    assert len(blanked) == len(text) and blanked.endswith(body)
    assert not blanked[:-len(body)].strip()


@pytest.mark.parametrize("line", [
    "打开微信，点击底部的“发现”， 使用“扫一扫”即可将网页分享至朋友圈。",                       # b-016: a sentence
    "关于上海市2023年市级决算及2024年上半年预算执行情况的报告2024-11-15 来源：市财政局",     # c-006: the title
    "设资金来源为专项债券、银行融资和自筹资金。",                                              # a-024
    "  （四）收入来源分析",                                                                    # a-026: a heading
    "2024年2月5日",                                                                            # a date alone: a signature
    "2021-07-29",                                                                              # b-007: a date without time
    "购置打印机、复印机等办公设备12台，打印本页所列资产已入账。",                              # constructed: 打印机
    "资金来源：财政拨款",
    "时间：2021年1月至12月",
])
def test_sentences_and_titles_that_mention_web_words_stay_text(line: str) -> None:
    text = "一、部门基本情况\n" + line + "\n本部门内设科室3个。\n"
    assert find_furniture(text) == []


# ── running headers ──────────────────────────────────────────────────────────────────────────────────────
_XY = ["2026/1/2722:03", "", "咸阳市人民政府_咸阳市2023年财政预算执行情况和2024年财政预算草案的报告", "",
       "https://www.xianyang.gov.cn/zfxxgk/fdzdgknr/czzj/sjyjssgjf/202402/t20240221_1734949.html", ""]
_BODY = ["入增长19.9%，超额完成全年预期目标。二是减税降费提振市场信心。精", "走访和“三送一解”纾困帮扶活动，全市实现新增退税减税降费28.7亿元",
         "支持产业培育和产业链改造升级。累计下达各类企业发展专项资金4.2亿元", "项目推进年为引领，累计实施城建项目资金和重大项目建设资金38亿元，保",
         "项目建设成效奖励资金2000万元，支持培育新的增长点。五是增强财政金", "金的设立运营，支持科技成果转化落地。拨付各级普惠金融发展及政府性融资",
         "政策导向，加强项目包装和向上申请，积极开展债券资金发行、使用督导检查", "西咸一体发展。认真落实“七个一体化”部署要求，下达西安地铁1号线三期"]
D008 = "\n".join([
    "咸阳市2023年财政预算执行情况和2024年财政预算草案的报告", "", _BODY[0], "", _BODY[1], "",
    "义务教育薄弱环节改善等。下达困难群众生活救助资金8.5亿元，用于", "", *_XY,
    "2/6康咸阳建设等。下达优抚资金3.5亿元，统筹用于全市3.7万名优抚对", "", _BODY[2], "", _BODY[3], "",
    "量。", "", *_XY,
    "3/62024年财政预算安排的总体思路是：聚焦中省重大决策部署和市委、市政府重要工作安排，加强财政资源统筹，", "", _BODY[4], "", _BODY[5], "",
    "设施建设和产业聚集，引导咸阳高新区、经开区加快发展，促进县域园区创建省级开发区。", "", *_XY,
    "4/6升市级工业发展资金使用效益，支持工业企业技术改造、扩能增产，全力支持工业产业链集群化发展。", "", _BODY[6], "", _BODY[7], "",
    "债务应在专项债务限额内举借，专项债务余额不得超过本地区专项债务限额。", "", *_XY,
    "5/64.“三保”支出：即保基本民生、保工资、保运转支出。", ""])

_ZZ = ["2026/1/2813:58", "关于郑州市2021年财政预算执行情况和2022年财政预算草案的报告-政务公开",
       "https://public.zhengzhou.gov.cn/D190101X/6428628.jhtml"]
ZHENGZHOU = "\n".join([
    *_ZZ, "1/15", "关于郑州市2021年预算执行情况和", "2022年预算草案的报告（草案）", "各位代表：",
    "一、2021年全市及市本级预算执行情况", "的大力支持下，市政府团结带领全市人民，以习近平新时代中国特色社会主义思想为指导，", "",
    *_ZZ, "2/15", "全会精神，认真落实习近平总书记视察河南郑州重要讲话重要指示，坚持稳中求进工作总基调，",
    "经济技术开发区一般公共预算收入完成101.4亿元，增长1%；支出完成73.1亿元，增长4.2%。", "",
    *_ZZ, "3/15", "郑东新区一般公共预算收入完成124.5亿元，增长0.3%；支出完成121亿元，增长5.9%。",
    "（五）2021年地方政府债务预算情况", "",
    *_ZZ, "4/15", "河南省财政厅核定全市2021年政府债务限额3081.5亿元，其中：一般债务限额1641.9亿元。", ""])


def test_a_browser_prints_date_title_and_address_at_each_page_break_are_running_headers() -> None:
    found = _found(D008)
    heads = [s for k, s in found if k == "running-header"]
    assert heads == [s for s in _XY if s] * 4
    assert [s for k, s in found if k == "page-counter"] == ["2/6", "3/6", "4/6", "5/6"]
    blanked, _ = strip_furniture(D008)
    assert "咸阳市人民政府_" not in blanked and "https://" not in blanked
    assert blanked.startswith("咸阳市2023年财政预算执行情况和2024年财政预算草案的报告\n")   # the title stays


def test_the_first_occurrence_stays_when_it_is_the_documents_title_and_counters_past_nine_are_found() -> None:
    found = _found(ZHENGZHOU)
    assert [s for k, s in found if k == "page-counter"] == ["1/15", "2/15", "3/15", "4/15"]
    heads = [s for k, s in found if k == "running-header"]
    assert heads.count(_ZZ[0]) == 4 and heads.count(_ZZ[2]) == 4
    assert heads.count(_ZZ[1]) == 3                     # the page's title on the first page is the document's title
    assert strip_furniture(ZHENGZHOU)[0].split("\n")[1] == _ZZ[1]


def _pages(*pages: list[str], number: str = "第 {} 页") -> str:
    out: list[str] = []
    for n, lines in enumerate(pages, start=227):
        out += ["", number.format(n), *lines]
    return "\n".join(out) + "\n"


def test_a_table_head_repeated_at_each_page_top_is_not_a_running_header() -> None:
    """a-012: the score table's head 一级 / 指标 (beside its column row) starts each page."""
    head = ["一级", "     二级指标   分值   三级指标   分值   得分       ", "指标"]
    text = _pages([*head, "项目     项目效益   35    生态效益    10     10"],
                  [*head, "                                  依据绩效目标设定的绩效指标是否清晰"],
                  [*head, "                                     项目实施的实际产出数与计划产出数的比率"],
                  [*head, "效益   项目效益   35    生态效益    10     10     项目"])
    assert [k for k, _s in _found(text)] == ["page-number"] * 4


def test_a_headings_wrapped_end_after_each_page_number_is_not_a_running_header() -> None:
    """a-002: each part starts a page, its heading wrapped so that 情况说明 stands alone three times."""
    text = _pages(["    3.1   关于 2020 年一般公共预算执行", "                情况说明", "  1.一般公共预算收入完成情况。"],
                  ["     3.2   关于 2020 年政府性基金执行", "                情况说明", "  1.政府性基金预算收入完成情况。"],
                  ["   3.3   关于 2020 年国有资本经营执行", "               情况说明", "  1.国有资本经营预算收入完成情况。"],
                  ["  3.4   关于 2020 年省本级转移支付执行", "               情况说明", "  2020 年中央对我省税收返还。"])
    assert [k for k, _s in _found(text)] == ["page-number"] * 4


def test_repeated_headings_and_lines_beside_page_numbers_only_twice_are_not_running_headers() -> None:
    """c-019 repeats 1．西安市决算情况 under each part; a title beside only two page breaks is no header."""
    text = _pages(["1．西安市决算情况", "全市一般公共预算收入完成。"], ["1．西安市决算情况", "全市政府性基金收入完成。"],
                  ["1．西安市决算情况", "全市国有资本经营收入完成。"], ["西安市财政局", "全市社会保险基金收入完成。"],
                  ["西安市财政局", "市级收入完成。"], number="- {} -")
    assert [k for k, _s in _found(text)] == ["page-number"] * 5


def test_furniture_is_a_frozen_record_of_normalized_offsets() -> None:
    f = find_furniture("正文。\n【打印】\n")[0]
    assert f == Furniture(start=4, end=8, kind="web")
    with pytest.raises(AttributeError):
        f.start = 0    # type: ignore[misc]


# ── adding furniture never changes what auditor lint reports ─────────────────────────────────────────────
def _emptied(doc: str) -> tuple[list[str], int]:
    """The lines of a real document whose labelled problem section is emptied (as benchmarks/trust.py plants
    it: an EMPTY001 finding), and the index of the line after its heading."""
    labels = yaml.safe_load((REAL / "labels" / f"{doc}.yaml").read_text(encoding="utf-8"))
    sec = labels["problem_sections"][0]
    lines = (REAL / f"{doc}.txt").read_text(encoding="utf-8").split("\n")
    head, end = int(sec["line"]), int(sec["end"])
    return [*lines[:head], "无。", *lines[end:]], head


# documents with a problem section; the first five also hold true NUMB/TEXT findings or page numbers
WITH_PAGES = ["a-010", "a-006", "a-012"]
WITHOUT_PAGES = ["a-026", "a-039", "a-007", "a-031", "a-043"]
# what a web page adds, line by line, or as one block when it is one widget split over lines
WEB_BLOCKS = [[ln] for name in ("b-007 header", "b-016 header", "b-002 date and source", "c-030 byline",
                                "Ke51n/homework2 杭州 byline")
              for ln in WEB[name]] + [WEB["c-001 toolbar"][4:9], WEB["b-016 footer"][2:4], WEB["b-015 header"][4:6],
                                      WEB["b-016 footer"][4:], WEB["c-019 metadata"]]
HEADERS = ["咸阳市人民政府_咸阳市2023年财政预算执行情况和2024年财政预算草案的报告", _ZZ[1], "上海市财政局"]


def _reported(text: str) -> list[tuple[str, str]]:
    """Error and warning findings as (rule, the text they mark): independent of line numbers."""
    res = lint_text(text, "t.txt")
    return sorted((f.rule, text[f.span.start:f.span.end]) for f in res.findings if f.severity != "info")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.sampled_from(WITH_PAGES + WITHOUT_PAGES), blocks=st.lists(st.sampled_from(WEB_BLOCKS), min_size=1, max_size=8),
       places=st.lists(st.integers(min_value=0, max_value=10_000), min_size=8, max_size=8), inside=st.booleans())
def test_web_lines_anywhere_add_and_remove_no_finding(doc: str, blocks: list[list[str]], places: list[int],
                                                      inside: bool) -> None:
    """Web lines between any lines (in the emptied section too, where as text they would hide its EMPTY001)."""
    base, head = _emptied(doc)
    text = "\n".join(base)
    assert ("EMPTY001", base[head - 1].strip()) in _reported(text)
    out = list(base)
    for n, (block, p) in enumerate(zip(blocks, places, strict=False)):
        at = head if inside and n == 0 else p % (len(out) + 1)
        out[at:at] = block
    assert _reported("\n".join(out)) == _reported(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.sampled_from(WITHOUT_PAGES), header=st.sampled_from(HEADERS), before=st.booleans(),
       page=st.sampled_from(["- {} -", "第 {} 页", "第 {} 页 共 30 页"]), inside=st.booleans(),
       places=st.lists(st.integers(min_value=0, max_value=10_000), min_size=3, max_size=8, unique=True))
def test_running_headers_at_page_breaks_anywhere_add_and_remove_no_finding(
        doc: str, header: str, before: bool, page: str, inside: bool, places: list[int]) -> None:
    """A running header with its page number at three to eight page breaks (pages of five lines or more)
    anywhere after the title lines
    (one maybe in the emptied section, where as text it would hide its EMPTY001)."""
    base, head = _emptied(doc)
    text = "\n".join(base)
    spread: list[int] = []
    # after the title block (a unit's name in its first lines may be the title: it stays text)
    for at in sorted({8 + p % (len(base) - 8) for p in places} | ({head} if inside else set())):
        if not spread or at - spread[-1] >= 5 or at == head:    # a page holds a few lines at least
            spread.append(at)
    spots = set(spread)
    assume(len(spots) >= 3)
    out = list(base)
    for n, at in enumerate(sorted(spots, reverse=True)):
        number = page.format(len(spots) - n + 1)
        out[at:at] = [header, number] if before else [number, header]
    assert _reported("\n".join(out)) == _reported(text)


@pytest.mark.parametrize("line", ["─ 6 ─", "第 6 页，共 20 页", "第6页/共20页", "- 6 -", "第 6 页 共 20 页"])
def test_page_number_lines_in_the_shapes_of_converted_pdfs_are_found(line: str) -> None:
    """─ 6 ─ and 第 6 页，共 20 页 as public PDF conversions print them (chenfei2008c/china-local-debt-atlas)."""
    text = f"一、部门基本情况\n本部门内设科室3个。\n{line}\n二、收入支出情况\n收入100万元。\n"
    assert _found(text) == [("page-number", line)]


def test_a_page_number_with_its_dashes_on_lines_of_their_own_is_found_and_the_sentence_read_across_it() -> None:
    """—⏎7⏎— as a PDF's text gives — 7 — (fixtures/real/c-005, d-020): the sentence it cuts is one sentence."""
    text = ("（三）国有资本经营预算\n全市国有资本经营预算收入60.19亿元，加上转移支付收入0.04亿元和上年结余2.62亿元，收入合计62.85亿\n"
            "—\n7\n—\n\n元。全市国有资本经营预算支出33.78亿元。\n")
    assert _found(text) == [("page-number", "—\n7\n—")]
    from auditor.build import build_report
    report = build_report("t.txt", text)
    sums = [r for r in report.relations if r.kind == "sum" and r.result.text == "62.85"]
    assert [(r.holds, [t.text for t in r.terms]) for r in sums] == [(True, ["60.19", "0.04", "2.62"])]


@pytest.mark.parametrize("cells", [["合计", "—", "7", "—", "12"], ["12", "—", "7", "—", "合计"]])
def test_dashes_and_a_figure_on_lines_of_their_own_in_a_table_of_one_cell_per_line_are_cells(cells: list[str]) -> None:
    """A table written one cell per line: — is an empty cell beside a figure, not a page number's dash."""
    text = "表1 收入支出表\n项目\n" + "\n".join(cells) + "\n说明文字。\n"
    assert [k for k, _t in _found(text)] == []
