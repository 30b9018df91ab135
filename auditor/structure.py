"""Document structure: heading markers, unnumbered template headings, rejoined paragraphs, the section tree."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import field
from itertools import pairwise

from auditor import rx
from auditor.parse import RawLine, Tok
from auditor.records import dataclass

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
STYLE_LEVEL = {"cn-dun": 1, "cn-paren": 2, "ar-dun": 3, "ar-dot": 3, "ar-paren": 4, "circled": 5}

# Headings of the report templates, recognised even when written without a number.
TEMPLATE_HEADINGS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (rx.compile(p), lvl) for p, lvl in (
        (r"^部门(（单位）|\(单位\))?(的)?基本情况$", 1),
        (r"^(一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算)支出情况$", 1),
        (r"^部门整体支出(绩效情况|目标及任务|绩效自评结果拟应用和公开情况)$", 1),
        (r"^(绩效自评情况|自评结论|绩效分析|主要绩效|存在问题|存在的问题(及原因分析)?|相关建议|改进意见)$", 1),
        (r"^(下一步)?(改进|整改)(措施|意见|建议)$", 1),
        (r"^其他需要说明的(情况|问题|事项)$", 1),
        (r"^(基本支出|项目支出)(决算)?情况(说明)?$", 2),
    ))

_TERMINAL = "。！？；：!?;:…”’）)」』】》"
_SENT_END = rx.compile(r"[。！？!?；;：:]")
_TITLE_MAX = 40
_TOC_ENTRY = rx.compile(r"(?:[.·．_-]{3,}|…{2,}|\t)\s*\d{1,3}\s*$")
# A row of a table flattened into text: cells separated by a tab, or a figure set off by a wide gap
# (二、转移性收入      69184783   76417644 / 一、财政拨款收入 \t189,767,551 \t一、一般公共服务支出).
_LEADERS = rx.compile(r"[.·．_…⋯\-—\s]{3,}")
_NUMERALS_ONLY = rx.compile(r"^[一二三四五六七八九十百零〇\d、，,.．）)（(\s]+$")
# Two figures standing alone between single spaces are cells too (一、文化体育与传媒支出 665 240 -63.91), but not
# one figure (PDF text sets figures off with spaces: 占地 1090 平方米; 收入 6.35 at a line's end, its unit wrapped).
_NUM = r"[-−]?\d[\d,]*(?:\.\d+)?%?"
_TABLE_ROW = rx.compile(rf"\t\S|[ \u3000]{{2,}}{_NUM}(?:[ \t\u3000]|$)|(?<=[ \u3000]){_NUM}[ \u3000]+{_NUM}(?:[ \u3000]|$)")


@dataclass(slots=True)
class Block:
    """A line after classification; paragraphs may absorb continuation lines."""

    kind: str                      # heading | para
    line: int                      # 1-based
    start: int
    end: int
    marker: Tok | None = None
    style: str = "none"
    number: int | None = None
    level: int = 0
    title: str = ""
    title_end: int = 0
    is_item: bool = False
    parts: list[tuple[int, int]] = field(default_factory=list)   # body ranges (paragraph text)
    joined: list[int] | tuple[()] = ()          # a list once a broken line is rejoined (most blocks: none)
    items: list[Tok] | tuple[Tok, ...] = ()      # the line's tokens; a list once a continuation adds more
    row: str = ""                  # a numbered para: "row" (a table row) or "toc" (a 目录 entry)


def cn_number(text: str) -> int | None:
    """Value of a Chinese numeral up to 百: 十一 -> 11, 二十 -> 20."""
    if not text or any(c not in CN_DIGITS and c not in "十百" for c in text):
        return None
    total, cur = 0, 0
    for c in text:
        if c == "百":
            total += (cur or 1) * 100
            cur = 0
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = CN_DIGITS[c]
    return total + cur


def marker_style(marker: str) -> tuple[str, int | None]:
    """Classify a marker as printed: ("cn-paren", 3) for "（三）"."""
    m = marker.strip(" \t、.．")
    if m and m[0] in CIRCLED:
        return "circled", CIRCLED.index(m[0]) + 1
    paren = m[:1] in "（(" and m[-1:] in "）)"
    inner = m[1:-1].strip() if paren else m
    if inner.isdigit():
        num = int(inner)
        if paren:
            return "ar-paren", num
        return ("ar-dun" if "、" in marker else "ar-dot"), num
    return ("cn-paren" if paren else "cn-dun"), cn_number(inner)


def _ends_open(text: str) -> bool:
    t = text.rstrip(" \t\f")
    if t[-1:] in "）)":
        # …资金支出（含市、县（市、区）⏎筹集资金部分）167817.60万元: the line closes an inner bracket, not the one it opened
        return t.count("（") + t.count("(") > t.count("）") + t.count(")")
    return bool(t) and t[-1] not in _TERMINAL


# A page's footnote, printed between the last line of the page and the next page (PDF text): its mark, a number
# glued to the words (1调入资金包括…), not a figure with its unit (4元，增长…; 10条地铁线路)
_NOTE_START = rx.compile(r"(\d{1,2})(?=[\u4e00-\u9fff“《（(])(?![万亿元千百十个项年月日号次人家所条座倍期批类户名台辆套件份])")
_NOTE_REACH = 4000          # characters before a footnote where its mark must stand in the text
_NOTE_LINES = 8             # lines a page's footnotes may take


def _footnotes(text: str, raw: list[RawLine]) -> dict[int, bool]:
    """The lines of the footnotes a page break left inside a paragraph, by line number (True: a footnote's first
    line). The page's text ends mid-sentence; then come lines opening with a number glued to words, one of them a
    number the text before marks (…调入资金175.5亿元1，以及…), ending a sentence, then a blank line (the page
    number blanked) before the page goes on. Each footnote is a paragraph of its own and the broken paragraph is
    rejoined across it."""
    out: dict[int, bool] = {}
    lines = [(ln, text[ln.start:ln.end].strip(" \t\f")) for ln in raw]

    def goes_on(k: int) -> bool:        # line k + 1 comes right after line k, not blank
        return k + 1 < len(lines) and bool(lines[k + 1][1]) and lines[k + 1][0].line == lines[k][0].line + 1

    i = 1
    while i < len(lines):
        ln, stripped = lines[i]
        if ln.marker is not None or not _NOTE_START.match(stripped) or not goes_on(i - 1) \
                or not _ends_open(lines[i - 1][1]):
            i += 1
            continue
        j = i
        while goes_on(j) and j - i < _NOTE_LINES:
            j += 1
        if j + 1 >= len(lines) or goes_on(j) or lines[j][1][-1:] not in "。.）)":
            i += 1
            continue        # no blank line after the notes, or their text does not end: not a page's foot
        starts = {k: m for k in range(i, j + 1) if (m := _NOTE_START.match(lines[k][1])) is not None
                  and (k == i or lines[k - 1][1][-1:] in "。.")}
        before = text[max(0, ln.start - _NOTE_REACH):ln.start]
        if not any(re.search(rf"(?<=[元%）)\u4e00-\u9fff]){m.group(1)}(?=[，。；、;]|,(?!\d))", before)
                   for m in starts.values()):
            i += 1
            continue        # no mark of these notes in the text: lines of the body
        for k in range(i, j + 1):
            out[lines[k][0].line] = k in starts
        i = j + 1
    return out


def classify(text: str, raw: list[RawLine]) -> list[Block]:
    """Classify lines into headings and paragraphs and rejoin paragraphs broken mid-sentence."""
    blocks: list[Block] = []
    open_block: Block | None = None
    note: Block | None = None       # the footnote being read (a page's footnotes leave open_block open)
    notes = _footnotes(text, raw) if "\n\n" in text else {}
    # per block: how many of its lines are measured, the widest at most 100 wide, the widest, how many are wider
    widest: dict[int, tuple[int, int, int, int]] = {}
    semicolon: Block | None = None  # the paragraph whose line before ended with ；
    prev_line = 0
    for ln in raw:
        n = ln.line
        body = text[ln.start:ln.end]
        stripped = body.strip(" \t\f")
        if not stripped:
            continue
        gap, prev_line = n - prev_line, n      # gap > 2: two blank lines or more before this line
        lead = ln.start + (len(body) - len(body.lstrip(" \t\f")))
        first = notes.get(n)
        if first is not None:
            if first or note is None:
                note = Block("para", n, lead, lead + len(stripped), parts=[(lead, lead + len(stripped))],
                             items=ln.items)
                blocks.append(note)
            else:
                note.parts.append((lead, lead + len(stripped)))
                note.joined = [*note.joined, lead]
                note.items = [*note.items, *ln.items]
            continue
        note = None
        if open_block is None and gap == 1 and semicolon is not None and _CARRIED.match(stripped):
            open_block = semicolon
        semicolon = None
        if (ln.marker is None or not _holds_marker(ln, stripped)) and open_block is not None \
                and _continues(open_block, text, stripped) \
                and not (gap > 2 and _TITLE_AFTER_GAP.match(stripped)):
            if isinstance(open_block.joined, tuple):
                open_block.joined = []
            if stripped[0] in _NOTE_MARKS and len(stripped.strip("。，、；：,.;:")) > 1:
                lead += 1           # the mark is no word of the sentence (kept before a lone 。: ⑽。)
            open_block.joined.append(lead)
            open_block.parts.append((lead, ln.end))
            if ln.items:
                if isinstance(open_block.items, tuple):
                    open_block.items = list(open_block.items)
                open_block.items.extend(ln.items)
            semicolon = open_block if stripped[-1] in "；;" else None
            open_block = open_block if _ends_open(stripped) or _wrapped_at_semicolon(open_block, text, widest) else None
            continue
        block = _marked(text, n, ln) if ln.marker is not None and ln.marker.type == "MARKER" \
            else _unmarked(n, ln, lead, stripped)
        blocks.append(block)
        open_block = block if block.parts and _ends_open(text[block.parts[-1][0]:block.parts[-1][1]]) else None
        semicolon = block if block.kind == "para" and stripped[-1] in "；;" else None
    _page_numbers_of_contents(text, blocks)
    _rows_among_cells(text, blocks)
    _part_titles(text, blocks)
    _table_of_contents(text, blocks)
    _rows_without_figures(text, blocks)
    _documents(text, blocks)
    return blocks


# The title of a document: 某某局2023年度单位决算 / 2023年度部门整体支出绩效自评表 / …自评报告
_DOC_TITLE = rx.compile(r"(报告|说明|决算|预算(草案)?|自评表|评价表|评分表|公开表?)$")
_DOC_NAME = rx.compile(r"(?:19|20)\d{2}\s*年|部门|单位|局|委员会|办公室|中心")


def _documents(text: str, blocks: list[Block], reach: int = 4) -> None:
    """A file that holds more than one document (a 部门决算 followed by its 单位决算, a report followed by its
    自评表): a short title line naming a document (a year or a unit, and a kind: …报告, …决算, …自评表) that
    comes after the body has reached a second numbered heading and is followed within a few lines by a
    heading numbered 1 (一、, 第一部分, 1.) starts a new document, a heading of style "document" above parts
    (level -1), so every list restarts under it."""
    top = 0
    in_part = False
    for i, b in enumerate(blocks):
        if b.kind == "heading" and b.style in ("document", "appendix"):
            top = 0
            continue
        if b.kind == "heading" and b.style == "part":
            in_part = True          # a 说明 inside 第四部分 is the part's own; its 一、 restart is read as a restart
            continue
        if in_part:
            continue
        if b.kind == "heading" and b.number is not None:
            top = max(top, b.number)
            continue
        if top < 2 or b.kind != "para" or b.marker is not None or len(b.parts) > 3:
            continue
        line = "".join(text[s:e].strip() for s, e in b.parts)    # a title broken over lines is one block
        if _LEADERS.search(line):
            continue                      # a 目录 entry: 说明……（44）
        titles = [line]
        for nxt in blocks[i + 1:i + 3]:     # 关于2022年…收支预算 / 情况的说明: a title on two or three lines
            if nxt.kind != "para" or nxt.marker is not None or nxt.end - nxt.start > 24:
                break
            titles.insert(0, titles[0] + text[nxt.start:nxt.end].strip())
        line = next((t for t in titles if len(t) <= 60 and _DOC_TITLE.search(t) and _DOC_NAME.search(t)
                     and not any(c in t for c in "。，；：:、！？")), "")
        if not line:
            continue
        restart = next((n for n in blocks[i + 1:i + 1 + reach]
                        if n.kind == "heading" and n.number == 1 and n.style in ("cn-dun", "part", "ar-dot", "ar-dun")),
                       None)
        if restart is None:
            continue
        b.kind, b.style, b.level, b.title, b.title_end, b.parts = "heading", "document", -1, line, b.end, []
        b.joined = ()
        top = 0


def _part_titles(text: str, blocks: list[Block]) -> None:
    """第一部分 alone on its line with its title on the next (一般公共预算报表及说明): the title joins the part."""
    for b, nxt in pairwise(blocks):
        if b.kind == "heading" and b.style == "part" and _PART.fullmatch(b.title) and nxt.kind == "para" \
                and nxt.marker is None and not nxt.joined and nxt.parts:
            line = text[nxt.start:nxt.end].strip()
            if 2 <= len(line) <= 30 and not any(c in line for c in "。，；：:、！？") and "部分" not in line:
                b.title = line
    for a, b, c in zip(blocks, blocks[1:], blocks[2:]):
        # 第一部分 / 一般公共预算报表及说明 / 第一部分: the same part printed again (a page's running header)
        if a.style == c.style == "part" and a.number == c.number and a.kind == c.kind == "heading" \
                and b.kind == "para" and a.title == text[b.start:b.end].strip() and _PART.fullmatch(c.title):
            c.kind, c.style, c.level, c.parts, c.title = "para", "none", 0, [(c.start, c.end)], ""


_CONTENTS = rx.compile(r"目\s*录")


def is_contents_title(line: str) -> bool:
    """Whether a line is the title of a 目录 (目录, 目 录, with any spaces)."""
    return bool(_CONTENTS.fullmatch(re.sub(r"\s", "", line)))
# 关于2022年全市社会保险基金收支预算情况的 after a page's blank lines: a title, not the rest of a sentence
_TITLE_AFTER_GAP = rx.compile(r"关于[^，。；：]{4,28}(?:的|说明|报告)$")
_ENTRY_END = rx.compile(r"[\s.·．_…⋯\-—]*[（(]?\d{0,3}[）)]?\s*$")   # leaders and a page number after a title


def entry_key(text: str) -> str:
    """A 目录 entry or heading title compared without page number, leaders, marker or spaces."""
    return re.sub(r"\s", "", _ENTRY_END.sub("", text))


def _table_of_contents(text: str, blocks: list[Block], reach: int = 200) -> None:
    """The numbered lines of a 目录 are its entries, not headings nor table rows: after a line 目录 (or 目 录),
    the numbered lines up to the body's first heading, recognised as the first entry's heading appearing
    again, become "toc" lines. Without that repetition nothing is changed (the list may be the body itself)."""
    start = next((i for i, b in enumerate(blocks[:reach])
                  if is_contents_title(text[b.start:b.end])), None)
    if start is None:
        return

    def key(b: Block) -> tuple[str, str]:
        if b.style == "part":            # 第一部分 in the 目录 and in the body (titles may differ or wrap)
            return "part", str(b.number)
        assert b.marker is not None
        title = b.title if b.kind == "heading" else text[b.marker.end:b.end]
        return b.marker.text.strip(), entry_key(title)

    def entry(b: Block) -> bool:
        return (b.marker is not None and (b.kind == "heading" or bool(b.row))) or \
            (b.kind == "heading" and b.style == "part")

    entries = [i for i in range(start + 1, min(len(blocks), start + reach)) if entry(blocks[i])]
    if not entries:
        return
    first = key(blocks[entries[0]])
    body = next((i for i in entries[1:] if blocks[i].kind == "heading" and key(blocks[i]) == first), None)
    if not first[1] or body is None:
        return
    by_part = first[0] == "part"
    last_entry = max((i for i in range(start + 1, body) if blocks[i].marker is not None
                      and (blocks[i].kind == "heading" or blocks[i].row)), default=start)
    for i in range(start + 1, body):
        b = blocks[i]
        if b.marker is not None and (b.kind == "heading" or b.row):
            b.kind, b.row, b.parts, b.title = "para", "toc", [(b.start, b.end)], ""
        elif b.kind == "heading" and b.style in ("part", "appendix") and (by_part or i < last_entry):
            # 第二部分 … among the entries of the 目录 (the body's own 第一部分 comes after the last entry)
            b.kind, b.style, b.level, b.parts, b.title, b.row = "para", "none", 0, [(b.start, b.end)], "", "toc"


_PAGE_REF = rx.compile(r"[（(]?\s*\d{1,4}\s*[）)]?|[.·．_…⋯\-—\s]{3,}")


def _page_numbers_of_contents(text: str, blocks: list[Block]) -> None:
    """A marker alone on its line followed by a line of leaders (（５） then ………………) is the page number of
    a 目录 entry printed on a line of its own, not a heading; so is a part or appendix title followed by its
    page number or leaders on the next line (附表一　北京市…情况表 / （１４７） / ……)."""
    for b, nxt in pairwise(blocks):
        if b.kind == "heading" and b.style in ("part", "appendix") and nxt.kind == "para" and nxt.marker is None \
                and _PAGE_REF.fullmatch(text[nxt.start:nxt.end].strip()):
            b.kind, b.style, b.level, b.parts, b.title = "para", "none", 0, [(b.start, b.end)], ""
            continue
        if b.kind == "heading" and not b.title and not b.parts and b.marker is not None and nxt.kind == "para" \
                and all(_LEADERS.fullmatch(text[s:e].strip()) for s, e in nxt.parts):
            b.kind, b.row, b.parts = "para", "toc", [(b.start, b.end)]


def _rows_without_figures(text: str, blocks: list[Block]) -> None:
    """A numbered line with neither body nor figures after a table row is a row whose cells are empty
    (七、彩票公益金及彩票发行销售机构业务费 after 六、…  15199  158), not a section heading; so is a run of such
    lines. A line before the first row stays a heading (二、分项情况 introduces its table), and so does a
    title that names a table (…决算表): it is the table's caption.
    """
    def rowish(b: Block, style: str) -> bool:
        if b.row == "row":
            return b.style == style
        return b.kind == "para" and b.marker is None and any(_TABLE_ROW.search(text[s:e]) for s, e in b.parts)

    def bare(i: int) -> bool:      # a heading line with no prose after it before the next numbered line
        b, nxt = blocks[i], blocks[i + 1] if i + 1 < len(blocks) else None
        return (b.kind == "heading" and not b.parts and b.marker is not None and not b.is_item
                and "表" not in b.title and (nxt is None or nxt.kind == "heading" or bool(nxt.row)
                                            or rowish(nxt, b.style)))

    for i in range(1, len(blocks)):
        b = blocks[i]
        if bare(i) and rowish(blocks[i - 1], b.style):
            b.kind, b.row, b.parts, b.title = "para", "row", [(b.start, b.end)], ""


# a row of a classification table flattened into a line (八、对企业资本性支出资本性支出资本性支出（基本建设）政府投资基金…):
# the names of a 类, its 款 and its 项 one after the other, no sentence punctuation; a 款 and its 项 often share a name
SUBJECT_WORD = rx.compile(r"支出|收入|补助|补贴|基金|注入|投资|事务|费用|利息|利用")
SENTENCE_MARK = rx.compile(r"[，。；！？;!?]|,(?!\d{3})")      # not a thousands separator (81,999)
# a row's label and its figure without a unit at the end of a numbered line (一、利润收入 629,496)
_ROW_FIGURE = rx.compile(r"[^\d\s，。；：:,;]\s+-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")


def names_run(text: str) -> bool:
    """Whether ``text`` reads as budget subject names run together rather than prose: no sentence punctuation and
    three subject words or more."""
    return SENTENCE_MARK.search(text) is None and len(SUBJECT_WORD.findall(text)) >= 3


def row_like(title: str, after: str = "") -> bool:
    """Whether a heading's title reads as a table's row flattened into a line: its label and a figure without a
    unit (一、利润收入 629,496; not when the text ``after`` the title goes on with its unit: …的支出 20.1⏎亿元。), or
    subject names run together."""
    if _ROW_FIGURE.search(title) is not None:
        return not after.lstrip().startswith(("元", "万", "亿", "%", "％"))
    return names_run(title)


# a line of a table's cells only (\t128,580\t; 1,246.00\t50.00; 953.57), or a row's label and its one figure without a
# unit (国外债务还本 3,863): a PDF table whose labels and figures the conversion put on lines of their own
_CELLS_ONLY = rx.compile(r"[ \t]*(?:-?\d[\d,]*(?:\.\d+)?%?(?:[ \t]+|$))*")    # one way to split: linear
_SEPARATED = rx.compile(r"\t|\d,\d{3}|\d\.\d")
_LABEL_FIGURE = rx.compile(r"[^\d\s，。；：:,;、]{2,30} -?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _cells_line(line: str) -> bool:
    return bool(line.strip(" \f")) and (_CELLS_ONLY.fullmatch(line) is not None and _SEPARATED.search(line) is not None
                                       or _LABEL_FIGURE.fullmatch(line.strip()) is not None)


def _rows_among_cells(text: str, blocks: list[Block]) -> None:
    """A numbered line between lines of a table's cells (\t128,580\t⏎七、城市基础设施配套费收入⏎八、…), or between
    such a line and the next or previous number of its list, is a row of a PDF table whose labels and figures the
    conversion set on lines of their own, not a heading (a heading after a table, 四、草案说明 after its last row, is
    followed by its own first item, 一、…, not by the next number)."""
    at = {b.line: b for b in blocks}

    def line_at(start: int, step: int) -> tuple[int, str] | None:
        """The line before (step -1) or after (step 1) the one starting at ``start``, skipping empty ones."""
        pos = start
        for _ in range(3):
            if step < 0:
                if pos == 0:
                    return None
                end = pos - 1
                pos = text.rfind("\n", 0, end) + 1
            else:
                end = text.find("\n", pos)
                if end < 0:
                    return None
                pos = end + 1
                end = text.find("\n", pos)
                end = len(text) if end < 0 else end
            line = text[pos:end]
            if line.strip(" \f"):
                return pos, line
        return None

    def sibling(line_start: int, b: Block) -> bool:
        """Whether the line starting at ``line_start`` holds the number before or after ``b``'s in its style."""
        n = b.line + text.count("\n", b.start, line_start) if line_start > b.start \
            else b.line - text.count("\n", line_start, b.start)
        o = at.get(n)
        return o is not None and o.marker is not None and o.style == b.style and o.number is not None \
            and b.number is not None and abs(o.number - b.number) == 1

    for b in blocks:
        if b.kind != "heading" or b.marker is None or b.number is None or b.style not in STYLE_LEVEL or b.parts:
            continue
        before, after = line_at(b.start, -1), line_at(b.start, 1)
        if before is None or after is None:
            continue
        cells_before, cells_after = _cells_line(before[1]), _cells_line(after[1])
        if cells_before and (cells_after or sibling(after[0], b)) or cells_after and sibling(before[0], b):
            b.kind, b.row, b.parts, b.title = "para", "row", [(b.start, b.end)], ""


_NOTE_MARKS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"     # a note's mark as a PDF conversion prints it (not ① nor （1）)


def display_width(line: str) -> int:
    """The printed width of a line: a CJK or full-width character takes two columns, a digit or a letter one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _wrapped_at_semicolon(block: Block, text: str, widest: dict[int, tuple[int, int, int, int]]) -> bool:
    """A paragraph of a PDF's text whose line happens to end with ； where the page's width ran out (…主要是上年实施大规⏎
    模增值税…压低基数；⏎行政事业性收费22.9亿元，…): the clause list goes on. Read so only when the line is as wide as
    the paragraph's other lines, and these wrap at a page's width (24 to 50 characters), so a document of one line per
    paragraph (Word) never joins two."""
    if len(block.parts) < 2:
        return False
    last = text[block.parts[-1][0]:block.parts[-1][1]].strip()
    if not last.endswith(("；", ";", "）", "”")) or last[-2:-1].isdigit() or "\t" in last:
        return False            # …公务接待费（以下简称“三公”经费）⏎支出合计0.51亿元: a bracket closed at the page's end too,
        #                         but not a 目录 entry's page number (……（61）) nor a table's row (cells)
    # the widest of its earlier lines, measured once each (a paragraph ending many lines with ； stays linear)
    # a line of two run together (…完⏎成调整预算的99.5%。其中：…配, up to twice as wide, fewer than the others) is no
    # page's width
    seen, full, most, over = widest.get(id(block), (0, 0, 0, 0))
    for s, e in block.parts[seen:-1]:
        width = display_width(text[s:e].strip())
        most = max(most, width)
        if width <= 100:
            full = max(full, width)
        else:
            over += 1
    widest[id(block)] = (len(block.parts) - 1, full, most, over)
    return 48 <= full and (most <= 100 or most <= 2.2 * full and 2 * over < len(block.parts) - 1) \
        and display_width(last) >= full - 3


# …市级国有资本经营预算收入6,608万元，为预算的100%；⏎加上上级补助1,959万元和上年结余82万元，收入总量为8,649万元: a line
# that adds to or takes from the figure before it goes on the paragraph its line before ended with ； (not 加强, 加快)
_CARRIED = rx.compile(r"(?:再?加上|加(?:中央|上级|转移|调入)|扣除|减去|剔除)")


def _continues(prev: Block, text: str, stripped: str) -> bool:
    if stripped[0] in "。，、；：）)”" or stripped[0] in _NOTE_MARKS:
        return True         # …加上转移性收入⏎⑴，收入总量: a note's mark the conversion set at the start of a line
    if _template_level(stripped) is not None:
        return False
    last = text[prev.parts[-1][0]:prev.parts[-1][1]].rstrip()
    if text[max(0, prev.parts[-1][0] - 1):prev.parts[-1][0] + 1].lstrip()[:1] in _NOTE_MARKS:
        return True         # ⑴，收入总量⏎3,252,474万元: the short piece after a mark, broken again
    if _TABLE_ROW.search(last) and _TABLE_ROW.search(stripped):
        return False          # one row of a table in text after another: cells, not a sentence broken by a page
    return len(last) >= 20 or last.endswith(("，", "、", "“", "（"))


def _template_level(stripped: str) -> int | None:
    if len(stripped) > 30:
        return None
    for pat, lvl in TEMPLATE_HEADINGS:
        if pat.match(stripped.rstrip("。：:")):
            return lvl
    return None


# 第一部分 部门概况 / 第二部分 2023年度部门决算表: the parts of the Ministry of Finance templates, above 一、
_PART = rx.compile(r"第([一二三四五六七八九十]{1,3})部分[\s:：、]*([^。；，]{0,40})$")
# 附件 / 附件2：绩效评价评分表 / 附件：1.绩效评价指标体系 / 附表一　北京市２０２２年…情况表: an appendix begins; its own
# numbering starts again. Not 附件下载 (web page furniture) nor a sentence (附表35）。主要项目完成情况是：).
_APPENDIX = rx.compile(r"附\s*([件表])\s*([一二三四五六七八九十]{1,3}|\d{1,2})?\s*(?:[:：、.．]\s*|\s+|$)"
                       r"(?!下载)([^。；！？]{0,60})$")


def _holds_marker(ln: RawLine, stripped: str) -> bool:
    """Whether the line's leading marker stands: a heading marker always; a part or appendix marker when the
    rest of the line is a title (附表35）。主要项目完成情况是： goes on with a sentence broken before it)."""
    assert ln.marker is not None
    if ln.marker.type == "PART":
        return bool(_PART.match(stripped)) and not _TOC_ENTRY.search(stripped)
    if ln.marker.type == "APPENDIX":
        return bool(_APPENDIX.match(stripped)) and not _TOC_ENTRY.search(stripped)
    return True


def _unmarked(n: int, ln: RawLine, lead: int, stripped: str) -> Block:
    """A line without a heading marker: a part (the grammar's PART marker), an appendix (APPENDIX), an
    unnumbered template heading, or a paragraph."""
    end = lead + len(stripped)
    kind = ln.marker.type if ln.marker is not None else None
    part = _PART.match(stripped) if kind == "PART" else None
    if part is not None and not _TOC_ENTRY.search(stripped):
        # a part holds its own 一、二、…: a level above the top-level sections
        return Block("heading", n, lead, end, style="part", number=cn_number(part.group(1)), level=0,
                     title=part.group(2).strip() or stripped, title_end=end, items=ln.items)
    appendix = _APPENDIX.match(stripped) if kind == "APPENDIX" else None
    if appendix is not None and not _TOC_ENTRY.search(stripped):
        num = appendix.group(2)
        return Block("heading", n, lead, end, style="appendix",
                     number=(int(num) if num.isdigit() else cn_number(num)) if num else None, level=0,
                     title=stripped, title_end=end, items=ln.items)
    lvl = _template_level(stripped)
    if lvl is not None:
        return Block("heading", n, lead, end, level=lvl, title=stripped.rstrip("。：:"), title_end=end,
                     items=ln.items)
    return Block("para", n, lead, end, parts=[(lead, end)], items=ln.items)


def _marked(text: str, n: int, ln: RawLine) -> Block:
    marker = ln.marker
    assert marker is not None
    style, number = marker_style(marker.text)
    m_start = marker.start + (len(marker.text) - len(marker.text.lstrip(" \t\f")))
    rest_start = marker.end
    while rest_start < ln.end and text[rest_start] in " \t":
        rest_start += 1
    rest = text[rest_start:ln.end].rstrip(" \t\f")
    end = rest_start + len(rest)
    if _NUMERALS_ONLY.match(rest):    # 十四、二十五、二十六）: the wrapped end of a list of numbers, not a heading
        return Block("para", n, m_start, end, parts=[(m_start, end)], items=ln.items)
    toc = _TOC_ENTRY.search(rest)
    if toc or _TABLE_ROW.search(rest):
        # 七、存在的问题……12 is a table-of-contents line, 二、转移性收入   6918   7641 a table row: not sections
        return Block("para", n, m_start, end, parts=[(m_start, end)], items=ln.items, marker=marker,
                     style=style, number=number, row="toc" if toc else "row")
    block = Block("heading", n, m_start, max(end, marker.end), marker=marker, style=style,
                  number=number, level=STYLE_LEVEL[style], items=ln.items)
    hit = _SENT_END.search(rest, 0, _TITLE_MAX + 1)
    # a title that reads like a sentence (has a comma) and stops mid-phrase was cut by a page break
    broken = rest.endswith(("，", ",", "、", "“", "（")) or (len(rest) >= 20 and _ends_open(rest) and ("，" in rest or "," in rest))
    if hit is None and len(rest) <= _TITLE_MAX and not broken:
        block.title, block.title_end = rest, end
    elif hit is None and broken and len(rest) <= _TITLE_MAX:
        block.title, block.title_end = rest, end          # a title broken across a page: keep reading
        block.parts = [(rest_start, end)]
    elif hit is None:
        block.is_item = True
        block.title_end = rest_start
        block.parts = [(rest_start, end)]
    else:
        block.title = rest[:hit.start()]
        block.title_end = rest_start + hit.start()
        if rest[hit.end():].strip():
            block.parts = [(rest_start, end)]     # the body keeps the run-in title: it is one sentence
    return block
