"""Outline rules: the top-level numbering of a report (gaps, wrong style, template headings left unnumbered)
and required sections missing under a detected or chosen template profile."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from auditor import rx
from auditor.engine import Context, Finding, Rule
from auditor.model import Heading, Region, Report
from auditor.normalize import normalize
from auditor.profiles import choose, is_top_level_title, located, mentioned
from auditor.records import dataclass
from auditor.spans import Span
from auditor.structure import row_like

CN = "零一二三四五六七八九十"
BOUNDARY_STYLES = frozenset({"part", "appendix", "document"})


def cn(n: int) -> str:
    """Chinese numeral for 1..99: 3 -> 三, 12 -> 十二, 20 -> 二十."""
    if n <= 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return (CN[tens] if tens > 1 else "") + "十" + (CN[ones] if ones else "")


_DIGITS = rx.compile(r"[0-9]+|[０-９]+")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_SHAPES = {"cn-dun": "{}、", "cn-paren": "（{}）", "ar-dun": "{}、", "ar-dot": "{}.", "ar-paren": "（{}）"}


def as_written(report: Report, h: Heading) -> str:
    """A heading's marker as the document prints it (（４） with full-width digits), not as normalized (（4）)."""
    if h.marker_span is None or h.marker is None:
        return h.marker or ""
    written = report.original[h.marker_span.start:h.marker_span.end].strip()
    return written if normalize(written).text == h.marker else h.marker


def marker_like(model: str, style: str, number: int | None, n: int) -> str:
    """The marker numbered ``n`` written like ``model`` (a marker of ``style`` numbered ``number``): （三） for （二）,
    ３． for ２．, 十一、 for 十、; never a bare number."""
    if style in ("cn-dun", "cn-paren"):
        cur = cn(number or 0) if number and number < 100 else ""
        if cur and cur in model and n < 100:
            return model.replace(cur, cn(n), 1)
        return _SHAPES[style].format(cn(n) if n < 100 else n)
    if style == "circled":     # ① … ⑳, then ㉑ … ㉟ and ㊱ … ㊿
        return _CIRCLED[n - 1] if 0 < n <= 20 else chr(0x3251 + n - 21) if n <= 35 else \
            chr(0x32B1 + n - 36) if n <= 50 else f"（{n}）"
    m = _DIGITS.search(model)
    if m is None:
        return _SHAPES.get(style, "{}.").format(n)
    digits = str(n)
    if m.group()[0] > "9":                  # full-width digits stay full-width
        digits = digits.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    return model[:m.start()] + digits + model[m.end():]


@dataclass(frozen=True, slots=True)
class _Top:
    heading: Heading
    kind: str          # numbered | wrong-style | unnumbered | boundary (a part, appendix or document begins)


def top_level(report: Report) -> list[_Top]:
    """The report's top-level sections in order: 一、二、… headings, plus template sections written in
    another numbering style (3、 for 三、) where the number continues the sequence, and template
    sections left without a number."""
    out: list[_Top] = []
    last = 0
    for h in report.headings:
        if h.style in BOUNDARY_STYLES:       # a part, an appendix or a new document holds its own 一、二、…
            out.append(_Top(h, "boundary"))
            last = 0
            continue
        if h.is_item or h.number == 0 or _a_row(report, h):
            continue        # 零、 numbers no section; 一、利润收入 629,496 is a table's row a PDF flattened
        if h.style == "cn-dun" and h.number is not None:
            out.append(_Top(h, "numbered"))
            last = h.number
        elif h.marker is None and h.level == 1 and is_top_level_title(h.title):
            out.append(_Top(h, "unnumbered"))
        elif h.number == last + 1 and last > 0 and h.style in ("ar-dun", "ar-dot") and is_top_level_title(h.title):
            # 3、 for 三、; a （二） with a template title is an ordinary second-level heading
            out.append(_Top(h, "wrong-style"))
            last = h.number
    return out


def _rows_between(report: Report, a: Heading, b: Heading) -> set[int]:
    """The numbers of 一、-style table rows, 目录 entries and numbered paragraphs between two headings."""
    rows = {m.number for m in report.markers_in(a.end, b.start) if m.style == "cn-dun" and m.number is not None}
    return rows | {h.number for h in report.headings_in(a.end, b.start)
                   if (h.is_item or _a_row(report, h)) and h.style == "cn-dun" and h.number is not None}


def _a_row(report: Report, h: Heading) -> bool:
    """Whether a heading reads as a table's row flattened into a line (the text after it may carry its unit)."""
    return row_like(h.title, report.text[h.end:h.end + 8])


class TopLevelNumbering(Rule):
    """The top-level sections are not numbered 一、二、三、… in order.

    Reports a template section numbered in another style (3、 政府性基金预算支出情况 after 二、; a run of
    such sections is reported once, at its first), a template section left without a number where the
    numbering skips exactly as many numbers, a skipped number (一、 then 三、) and a repeated one.
    Sub-levels are checked by NUMB002.
    """

    code = "NUMB001"
    name = "numbering.top-level"
    category = "numbering"
    severity = "warning"
    examples = MappingProxyType({
        "pass": [{"text": "一、部门基本情况\n内容。\n二、一般公共预算支出情况\n内容。\n三、存在的问题及原因分析\n内容。"}],
        "fail": [
            {"text": "一、部门基本情况\n内容。\n二、一般公共预算支出情况\n内容。\n3、政府性基金预算支出情况\n无。\n"
                     "4、国有资本经营预算支出情况\n无。\n五、部门整体支出绩效情况\n内容。", "expect_line": 5,
             "quote": "3、"},
            {"text": "一、部门基本情况\n内容。\n一般公共预算支出情况\n内容。\n三、存在的问题及原因分析\n内容。",
             "expect_line": 3, "quote": "一般公共预算支出情况"},
            {"text": "一、部门基本情况\n内容。\n三、绩效分析\n内容。", "expect_line": 3, "quote": "三、"},
        ],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        seq = top_level(report)
        if sum(1 for t in seq if t.kind not in ("unnumbered", "boundary")) < 2:
            return
        last = 0
        pending: list[Heading] = []
        run: list[Heading] = []
        prev: Heading | None = None
        reported: Heading | None = None       # the last heading reported for a number one off
        reported_kind = ""
        # the number of the last heading before table rows the numbering went on through (三、 before rows 四、五、…;
        # or a heading after a table's rows that do not lead up to it, 三、 after rows ending 十五、): 0 when none
        resume = 0
        for t in seq:
            h = t.heading
            if t.kind == "boundary":
                if run:
                    yield self._wrong_style(report, run)
                last, pending, run, prev, resume = 0, [], [], None, 0
                continue
            if t.kind == "unnumbered":
                pending.append(h)
                continue
            ctx.count(self)
            n = h.number or 0
            if t.kind == "wrong-style":
                run.append(h)
            elif run:
                yield self._wrong_style(report, run)
                run = []
            gap = n - last - 1 if last else 0     # the first number may continue an earlier page or part
            rows = _rows_between(report, prev, h) if prev is not None else set()
            # table rows or 目录 entries numbered 一、二、… between the two headings: the numbering may go on
            # through them, so no break can be told for sure
            if rows & set(range(last + 1, n)):
                resume = resume or last
            elif n <= last and rows:
                if n < last and not set(range(1, n)) <= rows:
                    resume = n  # rows that do not lead up to it: a heading of the document's own list again
            elif resume and n == resume + 1 and n < last:
                resume = n      # 三、 … rows 四、…七、 … 四、草案说明: the headings go on from before the table's rows
            elif prev is not None and prev is reported and (n == last or (gap == 1 and not pending)) \
                    and (n == last) == (reported_kind == "gap"):
                # 二、四、四、 or 二、二、四、: one heading carries the wrong number, already reported at it; the
                # list goes on as if it carried the right one
                pass
            elif gap > 0 and gap == len(pending):
                for i, u in enumerate(pending):
                    yield self._unnumbered(u, last + 1 + i)
            elif gap > 0:
                yield self._gap(report, h, last, pending)
                if gap == 1 and not pending:
                    reported, reported_kind = h, "gap"
            elif n == last and prev is not None:
                reported, reported_kind = h, "repeat"
                yield self.finding(f"一级标题编号重复：“{as_written(report, prev)}”之后又是“{as_written(report, h)}”，"
                                   f"应为“{cn(last + 1)}、”",
                                   h.marker_span or h.span, suggestion=f"{cn(last + 1)}、",
                                   evidence={"marker": h.marker, "expected": f"{cn(last + 1)}、"})
            elif n < last and n != 1 and prev is not None:
                yield self.finding(f"一级标题编号倒退：“{as_written(report, prev)}”之后为“{as_written(report, h)}”",
                                   h.marker_span or h.span, evidence={"marker": h.marker, "previous": prev.marker})
            # 一、 after a later number starts a new list (a new part, an appendix, the body after its 目录):
            # the numbering goes on from here, so one break is one finding and a restart is none
            last, pending, prev = n, [], h
        if run:
            yield self._wrong_style(report, run)
        last_title = prev.title if prev else ""
        for i, u in enumerate(pending):
            if u.title not in last_title and last_title not in u.title:
                yield self._unnumbered(u, last + 1 + i)

    def _wrong_style(self, report: Report, run: list[Heading]) -> Finding:
        first = run[0]
        wrong = "".join(h.marker or "" for h in run)
        right = "".join(f"{cn(h.number or 0)}、" for h in run)
        lines = "、".join(str(h.line) for h in run[1:])
        more = f"（第 {lines} 行同样）" if lines else ""
        return self.finding(f"一级标题“{first.title}”编号为“{as_written(report, first)}”，与其他一级标题（一、二、…）格式不一致，"
                            f"应为“{cn(first.number or 0)}、”{more}", first.marker_span or first.span,
                            suggestion=f"{cn(first.number or 0)}、",
                            evidence={"markers": wrong, "expected": right, "lines": [h.line for h in run]})

    def _unnumbered(self, h: Heading, expected: int) -> Finding:
        return self.finding(f"模板一级标题“{h.title}”缺少编号，按顺序应为“{cn(expected)}、{h.title}”", h.span,
                            suggestion=f"{cn(expected)}、{h.title}",
                            evidence={"title": h.title, "expected": f"{cn(expected)}、"})

    def _gap(self, report: Report, h: Heading, last: int, pending: list[Heading]) -> Finding:
        missing = "、".join(cn(i) for i in range(last + 1, h.number or 0))
        note = ""
        if pending:
            note = "（其间的" + "、".join(f"“{p.title}”" for p in pending) + "未编号）"
        return self.finding(f"一级标题编号不连续：“{cn(last)}、”之后为“{as_written(report, h)}”，缺少“{missing}、”{note}",
                            h.marker_span or h.span,
                            evidence={"marker": h.marker, "missing": missing,
                                      "unnumbered": [p.title for p in pending]})


class MissingSection(Rule):
    """A section the report's template requires is missing (only under a detected or chosen profile).

    The profile is detected from the headings and the opening (auditor/data/profiles.yaml, docs/profiles.md)
    or chosen with --profile; a report that follows no known template gets no missing-section finding. The
    finding sits at the heading of the next section of the outline that is present (or of the previous
    one), never at the end of the file.
    """

    code = "MISS001"
    name = "missing-section.template"
    category = "missing-section"
    severity = "warning"
    examples = MappingProxyType({
        "pass": [{"text": "一、部门（单位）基本情况\n二、一般公共预算支出情况\n三、政府性基金预算支出情况\n四、国有资本经营预算支出情况\n"
                          "五、社会保险基金预算支出情况\n六、部门整体支出绩效情况\n七、存在的问题及原因分析\n八、下一步改进措施\n"
                          "九、部门整体支出绩效自评结果拟应用和公开情况\n十、其他需要说明的情况\n无。"}],
        "fail": [{"text": "一、部门（单位）基本情况\n二、一般公共预算支出情况\n三、政府性基金预算支出情况\n四、国有资本经营预算支出情况\n"
                          "五、社会保险基金预算支出情况\n六、部门整体支出绩效情况\n七、存在的问题及原因分析\n八、下一步改进措施\n"
                          "九、其他需要说明的情况\n无。", "expect_line": 9}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        prof = choose(report, ctx.options.get("profile"))
        if prof is None:
            return
        where = located(prof, report)
        for i, entry in enumerate(prof.outline):
            if not entry.required:
                continue
            ctx.count(self)
            if where[i] or mentioned(entry, report):
                continue        # present, or written on a line the structure reader did not take for a heading
            yield self._missing(report, prof.name, prof.key, entry.name, where, i)

    def _missing(self, report: Report, profile: str, key: str, section: str, where: list[list[Heading]],
                 i: int) -> Finding:
        """The finding for a missing section, at the heading it should precede (the next section of the
        outline that is present, at its first heading) or else follow (the previous one)."""
        nxt = next((hs[0] for hs in where[i + 1:] if hs), None)
        prev = next((hs[0] for hs in reversed(where[:i]) if hs), None)
        at: Heading | None
        if nxt is not None:
            at, where_text = nxt, f"，应在“{nxt.title}”之前"
        elif prev is not None:
            at, where_text = prev, f"，应在“{prev.title}”之后"
        else:
            first = next((h for h in report.headings if not h.is_item), None)
            at, where_text = first, "" if first is not None else "（报告中未识别出标题，标在报告开头）"
        span = at.span if at is not None else _first_line(report)
        return self.finding(f"按“{profile}”模板，缺少“{section}”部分{where_text}", span,
                            evidence={"profile": key, "section": section,
                                      "at": at.title if at is not None else None})


def _first_line(report: Report) -> Span:
    """The first non-blank line of the report (a report without headings under a chosen profile); the start of the
    report when it is blank, never a place past its last line."""
    text = report.original
    start = len(text) - len(text.lstrip())
    if start == len(text):
        return Span(0, 0)
    end = text.find("\n", start)
    return Span(start, end if end >= 0 else len(text))


_ENTRY_ORDINAL = rx.compile(r"(?:(?<=^)|(?<=[表\s…\.．\d]))(?:[一二三四五六七八九十]+、|\d{1,2}[、.．]|公开\s*\d{1,2}\s*表\s*)")
_PAGE_TAIL = rx.compile(r"[\s…\.．·-]*\d*\s*$")
_BLANKS = rx.compile(r"[\s“”\"'‘’]")


class ListedTableMissing(Rule):
    """A table the 目录 lists (三、支出预算总表, 公开05表 一般公共预算财政拨款支出决算表 …, known as one of the department
    templates) that the report does not hold: no table of that template, and no line outside the 目录 naming it other
    than a 情况说明 of it. Several missing are one finding, at the first. A report that says its tables are attached
    (具体公开表样附后; 附件：…公开表) lacks them as the reader of this file sees it, but they are published with it:
    an info, not a warning."""

    code = "MISS002"
    name = "missing-section.listed-table"
    category = "missing-section"
    severity = "warning"
    examples = MappingProxyType({
        "pass": [{"text": "江苏省示例厅2019年度部门预算\n目录\n第一部分 部门概况\n第二部分 部门预算表\n一、收支预算总表\n二、收入预算总表\n第三部分 部门预算情况说明\n第一部分 部门概况\n本厅负责本行业的监督管理。\n第二部分 部门预算表\n收支预算总表\n单位：万元\n项目\t金额\n收入合计\t100.00\n收入预算总表\n单位：万元\n项目\t金额\n合计\t100.00\n第三部分 部门预算情况说明\n一、收支预算总表情况说明\n本年收支预算总计100.00万元。\n二、收入预算总表情况说明\n本年收入预算合计100.00万元。\n第四部分 名词解释\n一、财政拨款收入：指财政当年拨付的资金。\n"}],
        "fail": [{"text": "江苏省示例厅2019年度部门预算\n目录\n第一部分 部门概况\n第二部分 部门预算表\n一、收支预算总表\n二、收入预算总表\n第三部分 部门预算情况说明\n第一部分 部门概况\n本厅负责本行业的监督管理。\n第二部分 部门预算表\n收支预算总表\n单位：万元\n项目\t金额\n收入合计\t100.00\n第三部分 部门预算情况说明\n一、收支预算总表情况说明\n本年收支预算总计100.00万元。\n二、收入预算总表情况说明\n本年收入预算合计100.00万元。\n第四部分 名词解释\n一、财政拨款收入：指财政当年拨付的资金。\n", "expect_line": 6}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        from auditor.grids import template_of

        tocs = [r for r in report.outline if r.kind == "toc"]
        if not tocs:
            return
        present = {g.template for g in report.grids if g.template}
        body_lines = [line for line in _outside_regions(report.text, tocs).split("\n") if "情况说明" not in line]
        body = _BLANKS.sub("", "\n".join(body_lines))
        # a caption written otherwise than its 目录 entry (政府性基金预算财政拨款支出预算表 for 政府性基金财政拨款支出预算表)
        present |= {t.id for line in body_lines if "表" in line and (t := template_of(line.replace("\t", ""))) is not None}
        missing: list[tuple[str, int, int]] = []
        for toc in tocs:
            at = toc.start
            for line in report.text[toc.start:toc.end].split("\n"):
                for name, a, b in _entries(line):
                    t = template_of(name)
                    if t is None or name.endswith("情况说明"):
                        continue
                    ctx.count(self)
                    if t.id in present or _BLANKS.sub("", name) in body:
                        continue
                    missing.append((name, at + a, at + b))
                at += len(line) + 1
        if not missing:
            return
        name, start, end = missing[0]
        names = "、".join(f"“{n}”" for n, _a, _b in missing[:4]) + ("等" if len(missing) > 4 else "")
        attached = _ATTACHED.search(body) is not None
        yield self.finding(f"目录列出的{len(missing)}张表正文中未见：{names}（既无该表，也无以其表名为题的行"
                           + ("；文中称表格附后，本文件未含" if attached else "") + "）",
                           report.offsets.span(start, end), severity="info" if attached else None,
                           evidence={"missing": [n for n, _a, _b in missing], "attached": attached})


# 具体公开表样附后 / 2019年度部门预算公开表附后。/ 附件：江苏省政协办公厅2019年度部门预算公开表 (blanks taken out)
_ATTACHED = rx.compile(r"表样?附后|附件[：:][^\n]{0,40}表")


def _entries(line: str) -> Iterator[tuple[str, int, int]]:
    """The entries of a 目录 line, several when a PDF ran them together (九、…预算表十、…预算表), each without its
    number and page: (name, start, end) in the line."""
    marks = list(_ENTRY_ORDINAL.finditer(line))
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(line)
        raw = line[m.end():end]
        name = _PAGE_TAIL.sub("", raw).strip()
        if name:
            yield name, m.end(), m.end() + len(name)


def _outside_regions(text: str, regions: list[Region]) -> str:
    out = []
    at = 0
    for r in sorted(regions, key=lambda r: r.start):
        out.append(text[at:r.start])
        at = r.end
    out.append(text[at:])
    return "".join(out)
