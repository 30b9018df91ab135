"""Text rules: a phrase doubled, a sentence cut off, template residue, page-break joins, an item repeated."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from types import MappingProxyType

from auditor import rx
from auditor.engine import Context, Finding, Rule
from auditor.model import Heading, Report
from auditor.profiles import is_top_level_title
from auditor.structure import SENTENCE_MARK, SUBJECT_WORD, display_width, names_run

_CJK = "\u4e00-\u9fff"
# a run of 2–12 Chinese characters written twice back to back: 异地新建异地新建
_DOUBLED = rx.compile(rf"([{_CJK}]{{2,12}}?)\1")
# legitimate reduplication: AABB (明明白白, 扎扎实实), ABAB verbs of trying (研究研究, 考虑考虑) are rare in reports
# but grammatical; a doubled unit made only of one repeated character (常常) is not matched (unit >= 2)
_ABAB_OK = frozenset({"研究", "考虑", "商量", "讨论", "学习", "了解", "检查", "看看", "试试", "走走"})
_ONE_BY_ONE = rx.compile(r"^[一每][个项件次步年天户人家批点条所]$")   # 一个一个地检查: adverbial, fine
_RESIDUE = rx.compile(r"[XＸ×xX]{2,}(?=[单局厅委县市区乡镇村年月日万元个人项家所]|$)|[○〇]{2,}(?=[单局年月])|"
                      r"【[^】\n]{0,30}(?:填写|填报|请|此处|说明)[^】\n]{0,30}】|\[[^\]\n]{0,30}(?:填写|请填)[^\]\n]{0,30}\]|"
                      r"[（(](?:此处|请)(?:填写|填报|说明)[^）)\n]{0,30}[）)]")
_WHETHER = rx.compile(r"是否[^，。；;！？!?\n]{1,30}")
_CELL_GAP = rx.compile(r"\S[ \t\u3000]{3,}\S")      # cells of a table row set apart by a wide gap
_WHETHER_OK = rx.compile(r"(?:检查|评估|核查|核实|判断|确认|了解|审核|考察|分析|关注|考核|评价|审查|调查|监督|对|就|明确|"
                         r"决定|取决于|无论|不论|询问|问卷|征求)[^，。；;]{0,20}$|(?:根据|按照|依据|视|以|看)$")


# 入收总 for 总收入: a rotated table header the PDF's text reads backwards (收入, 支出, 预算, 合计 reversed)
_REVERSED = rx.compile(r"入收|出支|算预|计合")
_SPACED_FIGURES = rx.compile(r"(?<=\s)-?\d[\d,]*(?:\.\d+)?%?(?=\s)")


class RepeatedPhrase(Rule):
    """A phrase is written twice back to back (异地新建异地新建): a copy-paste slip.

    A repeated pair of characters (资金资金) is info: it may straddle two words (深化文化文艺). So is a budget subject
    name doubled in a line of subject names without sentence punctuation (八、对企业资本性支出资本性支出资本性支出（基本
    建设）…): a classification table's row run together, where a 款 and its 项 share a name; and a phrase doubled in a
    line holding three figures or more set apart by spaces, a table's row whose cells a PDF's text interleaved, or in a
    line a PDF's text reads backwards (入收总 for 总收入: a rotated table header).
    """

    code = "TEXT002"
    name = "text.repeated-phrase"
    category = "text"
    severity = "warning"
    examples = MappingProxyType({
        "pass": [{"text": "各项工作扎扎实实推进，层层落实责任，人人参与。"},
                 {"text": "今年以来，新建学校2所。今年以来，累计培训教师300人次。"}],
        "fail": [{"text": "拟投资2.5亿元新建学校新建学校项目，设置学位1800个。", "expect_line": 1, "quote": "新建学校"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        rows = _TableRows(report)
        lines: dict[int, tuple[str, bool, bool]] = {}     # per line start: its text, whether it reads as a row
        for m in _DOUBLED.finditer(report.text):     # Chinese characters only: never across a line or a stop
            unit = m.group(1)
            if unit in _ABAB_OK or len(set(unit)) == 1 or _ONE_BY_ONE.match(unit) or rows.holds(m.start()):
                continue        # in a table's row, cells glued by the conversion repeat words (项目执行执行规范)
            ctx.count(self)
            second = m.start() + len(unit)
            # Two characters repeated may straddle words (深化文化文艺, 退税缓税缓费) or join a compound
            # (专项债券项目项目收入): seen in three reports of the corpus, so only info and no automatic fix.
            short = len(unit) == 2
            if not short:
                short = _in_a_row(report.text, m.start(), m.end(), unit, lines)
            yield self.finding(f"词语重复：“{unit}{unit}”", report.span_of(second, m.end()),
                               suggestion=f"删除重复的“{unit}”", evidence={"phrase": unit},
                               severity="info" if short else None, fix=None if short else "")


def _in_a_row(text: str, start: int, end: int, unit: str, lines: dict[int, tuple[str, bool, bool]]) -> bool:
    """Whether a doubled ``unit`` stands in a line that is a table's row rather than prose: subject names run together
    (a subject name doubled there), or a row whose cells a PDF's text interleaved (…投资运营集团 130.33 49.82% 16.23
    设施代建…有限公司有限公司), or a line read backwards; or the whole line one subject name twice (四、国有企业公益性
    补贴国有企业公益性补贴: a 款 and its 项 of one name). Each line is measured once (``lines``)."""
    at = text.rfind("\n", 0, start) + 1
    known = lines.get(at)
    if known is None:
        stop = text.find("\n", end)
        line = text[at:len(text) if stop < 0 else stop]
        known = lines[at] = (line, names_run(line),
                             len(_SPACED_FIGURES.findall(line)) >= 3 or len(_REVERSED.findall(line)) >= 3)
    line, names, row = known
    return row or SUBJECT_WORD.search(unit) is not None and (
        names or line.strip().endswith(unit * 2) and SENTENCE_MARK.search(line) is None)


class _TableRows:
    """Which offsets lie on a line of a table that holds its cells, looked up by bisection. Not a row label a PDF
    wrapped around a row of a table in text (松原市松原市宁江区政务服务一     松原市宁江区机关事务管): its words stand
    apart from other cells."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.tables = sorted(report.tables, key=lambda t: t.start)
        self.starts = [t.start for t in self.tables]
        self.cells = {t.index: [c.start for c in t.cells] for t in self.tables if t.source == "spaced"}

    def holds(self, at: int) -> bool:
        text = self.report.text
        if not self.report.within("table", at):
            return False
        i = bisect_right(self.starts, at) - 1
        if i < 0 or at >= self.tables[i].end:
            return True
        cells = self.cells.get(self.tables[i].index)
        if cells is None:
            return True         # a Word or tab-separated table: every line of it is cells
        lo = text.rfind("\n", 0, at) + 1
        hi = text.find("\n", at)
        return bisect_left(cells, lo) < bisect_left(cells, len(text) if hi < 0 else hi)


class SentenceCutOff(Rule):
    """A sentence is cut off: a line that stops mid-clause is followed by a line holding only punctuation."""

    code = "TEXT003"
    name = "text.sentence-cut-off"
    category = "text"
    severity = "warning"
    examples = MappingProxyType({
        "pass": [{"text": "一、改进措施\n1.加强预算编制管理，提高预算编制的精准度。\n2.加强监督。"},
                 {"text": "一、改进措施\n1.加大平台企业诉求收集和办理力度，落实首办负责制\n，\n提升服务企业能力。"}],
        "fail": [{"text": "一、改进措施\n1.加强预算编制管理，对于因政策调整等原因导致的预算\n。\n2.加强监督。",
                  "expect_line": 2, "quote": "导致的预算"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        text = report.text
        for p in report.paragraphs:
            for k in range(1, len(p.parts)):
                s, e = p.parts[k]
                piece = text[s:e].strip()
                if piece and all(c in "。．.；;，,！!？?" for c in piece):
                    if all(c in "，," for c in piece) and k + 1 < len(p.parts):
                        continue    # 落实“首办负责制”⏎，⏎提升服务企业能力: a comma set on a line of its own, the sentence goes on
                    ps, pe = p.parts[k - 1]
                    tail = text[ps:pe].rstrip()
                    cut = max(ps, ps + len(tail) - 5)
                    ctx.count(self)
                    yield self.finding(f"句子被截断：“…{text[cut:ps + len(tail)]}”之后另起一行只有“{piece}”，内容疑有缺失",
                                       report.span_of(cut, ps + len(tail)),
                                       evidence={"tail": text[cut:ps + len(tail)], "next_line": piece})


class TemplateResidue(Rule):
    """Text left from a template: XX/×× placeholders, prompts such as 【填写…】, or a template question 是否…
    copied into a statement (…绩效指标是否清晰、细化、可量化。).

    A 是否 in a statement is reported as info: real reports write it in statements too (难以认定是否…), and
    it is never read in a table flattened into text (a score table's criteria ask 是否 by design).
    """

    code = "TEXT004"
    name = "text.template-residue"
    category = "text"
    severity = "warning"
    examples = MappingProxyType({
        "pass": [{"text": "我局对项目是否按期完成进行了检查，结果均按期完成。"},
                 {"text": "绩效目标明确、细化、可量化。"}],
        "fail": [{"text": "目标设置合理，依据绩效目标所设定的绩效指标是否清晰、细化、可量化。", "expect_line": 1,
                  "quote": "是否清晰"},
                 {"text": "一、部门基本情况\nXX单位内设机构5个。", "expect_line": 2, "quote": "XX"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        text = report.text
        for m in _RESIDUE.finditer(text):
            ctx.count(self)
            yield self.finding(f"模板残留：“{m.group()}”", report.span_of(m.start(), m.end()),
                               evidence={"text": m.group()})
        # 是否 is read in paragraphs (lines broken by the page rejoined), never in a table flattened into
        # text: a score table's 评分标准 column asks 是否 by design
        for p in report.paragraphs:
            if "是否" not in p.text or any(_in_table(text, s, e) or report.within("table", s) for s, e in p.parts):
                continue
            para = p.text
            for m in _WHETHER.finditer(para):
                ctx.count(self)
                clause_start = max(para.rfind(c, 0, m.start()) for c in "，。；;") + 1
                lead = para[clause_start:m.start()]
                stop = para[m.end():m.end() + 1]
                if stop in ("？", "?") or _WHETHER_OK.search(lead) or "进行" in m.group() or "开展" in m.group():
                    continue
                if stop not in ("。", "；", ";", ""):
                    continue   # 是否… followed by more of the clause: a question embedded in a longer statement
                start, end = p.to_norm(m.start()), p.to_norm(m.end())
                # info: real reports also write 是否 in statements (难以认定是否真正从事农业生产) — on the corpus
                # of real reports most such findings were false, so this is a place to look, not a defect
                yield self.finding(f"疑为模板中的评价要点未改写：“{lead[-8:]}{m.group()}”（陈述句中出现“是否”）",
                                   report.span_of(start, end), severity="info", evidence={"text": m.group()})


def _in_table(text: str, start: int, end: int) -> bool:
    """Whether a line reads as part of a table flattened into text: cells set apart by a wide gap, or text
    indented far into a column (a criteria cell wrapped onto its own line)."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_CELL_GAP.search(text[start:end].strip())) or len(text[line_start:start].expandtabs()) >= 12


class PageBreakJoin(Rule):
    """A paragraph was broken by a page break mid-sentence; auditor read it as one (info, so the place can be
    checked in the source document).

    In a text whose lines wrap at a page's width (taken from a PDF page by page), a full line that goes on in the
    line right under it is a wrap, not a break: not reported (on the corpus 17,654 such infos fell to 2,028).
    """

    code = "TEXT005"
    name = "text.page-break-join"
    category = "text"
    severity = "info"
    examples = MappingProxyType({
        "pass": [{"text": "一、概况\n本部门预算编制规范，符合要求。"}],
        "fail": [{"text": "一、概况\n本部门预算编制规范，按要求编制中期财政规划，政策依据\n\n充分，符合要求。", "expect_line": 2}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        width = _page_width(report)
        for p in report.paragraphs:
            for k, at in enumerate(p.joined, start=1):
                s, e = p.parts[k - 1]
                if report.within("table", at):
                    continue        # a cell wrapped onto the next line of a table in text
                piece = report.text[at:p.parts[k][1]].strip() if k < len(p.parts) else ""
                if piece and all(c in "。．.；;，,！!？?" for c in piece):
                    continue   # a cut-off sentence: TEXT003
                if width and display_width(report.text[s:e].strip()) >= width - 8 and _next_line(report, e, at):
                    continue   # a full line of text that wraps at the page's width, the next line right under it
                ctx.count(self)
                tail = report.text[max(s, e - 6):e]
                yield self.finding(f"段落在“…{tail}”处被分页或换行打断，已按一段连读", report.span_of(max(s, e - 6), e),
                                   evidence={"joined_at_line": report.lines.position(report.offsets.to_original(at))[0]})


def _page_width(report: Report) -> int:
    """The width (in columns) at which the report's lines wrap, when they do: text taken from a PDF page by page
    (…按要求编制中期财政规划，政策依据⏎充分…). Most lines of its paragraphs that go on to a next line are about this
    wide (the 80th percentile of their widths, at most 110 columns: 55 Chinese characters); 0 for a text of one line
    per paragraph (Word), whose rejoined lines are each a break to report."""
    widths = sorted(display_width(report.text[s:e].strip()) for p in report.paragraphs if p.joined
                    for s, e in p.parts[:-1])
    if len(widths) < 20:
        return 0
    w = widths[int(len(widths) * 0.8)]
    return w if 30 <= w <= 110 else 0


def _next_line(report: Report, end: int, at: int) -> bool:
    """Whether the line going on at ``at`` is the one right after the line ending at ``end`` (no blank line, no page
    number or header between them)."""
    first = report.lines.position(report.offsets.to_original(end))[0]
    return report.lines.position(report.offsets.to_original(at))[0] == first + 1


def _run_in(report: Report, h: Heading) -> bool:
    """Whether the heading's line is a sentence (（十八）负责……监督管理。), or goes on with a body."""
    if report.text[h.end:h.end + 1] in ("。", "；", ";"):
        return True
    ps = report.paragraphs
    i = bisect_left(ps, h.start, key=lambda p: p.start)
    return i < len(ps) and ps[i].start < h.end


_NOTES_OPENER = rx.compile(r"(?:备注|注|说明)[：:]")


class DuplicateItem(Rule):
    """A numbered item repeats another item's first sentence word for word."""

    code = "TEXT006"
    name = "text.duplicate-item"
    category = "text"
    severity = "warning"
    examples = MappingProxyType({
        "pass": [{"text": "（一）负责全县教育事业发展规划。\n（二）负责全县教师队伍建设。"}],
        "fail": [{"text": "（一）负责全县教育事业发展规划，统筹教育资源配置。\n（二）负责学校安全工作。\n"
                          "（三）负责全县教育事业发展规划，统筹教育资源配置。", "expect_line": 3}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        # Only numbered paragraphs (an item with a body), compared with their siblings: a heading and its
        # 目录 entry, or the same category listed under 收入 and under 支出, repeat by nature. A first
        # sentence with figures (社会保障和就业 6.2 亿元) is a line of a list of amounts, not copied prose.
        parent = {s.heading.start: s.parent for s in report.sections if s.heading is not None}
        seen: dict[tuple[int, str, int], int] = {}
        starts = [p.start for p in report.paragraphs]
        notes = [m.end for m in report.markers if m.kind == "note"]
        # the items of a table's notes (备注：⏎1.…; 注：1.…⏎2.…) are compared within their list only: two tables may
        # share their notes
        in_notes, lists = False, 0
        style = ""
        for h in report.headings:
            was = in_notes
            if h.number == 1:
                text = report.text
                before = text[text.rfind("\n", 0, max(0, text.rfind("\n", 0, h.start))) + 1:h.start].strip()
                in_notes = _NOTES_OPENER.fullmatch(before) is not None
                was = False
            elif h.number == 2 and h.style in ("ar-dot", "ar-dun"):
                i = bisect_left(notes, h.start)
                opened = i > 0 and h.start - notes[i - 1] < 400 and report.text.count("\n", notes[i - 1], h.start) <= 3
                in_notes, was = in_notes and h.style == style or opened, was and not opened
            elif h.style != style:
                in_notes = False
            style = h.style
            lists += in_notes and not was
            first = re.split(r"[。；;！？!?]", h.title)[0] if h.title else ""
            if not first:
                i = bisect_left(starts, h.start)   # the first paragraph starting at the heading or after it
                p = report.paragraphs[i] if i < len(starts) and starts[i] <= h.end + 2 else None
                first = re.split(r"[。；;！？!?]", p.text)[0] if p is not None else ""
            elif not h.is_item and not _run_in(report, h):
                continue            # a title without a run-in body: a heading, not an item
            if len(first) < 12 or is_top_level_title(first) or any(c.isdigit() for c in first) \
                    or not any("\u4e00" <= c <= "\u9fff" for c in first) or names_run(first):
                continue            # …………: leaders, not an item; a table's row of subject names run together
            ctx.count(self)
            key = (parent.get(h.start, -1), first, lists if in_notes else 0)
            if key in seen:
                yield self.finding(f"与第 {seen[key]} 行的条目首句完全相同：“{first[:30]}…”", h.span,
                                   evidence={"first_line": seen[key], "sentence": first})
                continue
            seen[key] = h.line
