"""Build the Report model: normalize → lark parse → structure → quantities → facts."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import pairwise
from typing import TypeVar

from auditor import rx
from auditor.classes import class_relations, class_statements, section_totals, staff_and_office
from auditor.columns import column_relations
from auditor.facts import Unit, extract
from auditor.furniture import strip_furniture
from auditor.grids import CODE, grids_of
from auditor.labels import Lexicon, lexicon
from auditor.layout import FRONT_REACH, outline
from auditor.model import Cell, Heading, LineMarker, Paragraph, Quantity, Report, Section, Table
from auditor.narrative import narrative_relations, order_relations
from auditor.normalize import normalize
from auditor.parse import RawLine, parse_lines
from auditor.profiles import is_top_level_title
from auditor.quantities import digits_reading, garble_of, make_quantity
from auditor.relations import share_sets
from auditor.sangong import sangong_relations
from auditor.sources.txt import CellData, TableData
from auditor.spans import LineIndex, OffsetMap
from auditor.statements import prose_relations
from auditor.structure import Block, classify, display_width, entry_key, is_contents_title

T = TypeVar("T")
_TITLE_YEAR = rx.compile(r"((?:19|20)\d{2})\s*年度?")
_ENTITY = rx.compile(r"[\u4e00-\u9fff（）()]{2,30}?(?:局|厅|委员会|委|办公室|院|中心|部|署|所|站|会)")


def build_report(path: str, original: str, lex: Lexicon | None = None,
                 tables: Sequence[TableData] = (), pages: Sequence[int] = ()) -> Report:
    """Parse one report's original text into the model (facts bound with ``lex``, default: shipped labels).

    ``tables`` are the tables a Word or PDF reader found, rendered in ``original`` as tab-separated lines;
    those lines are table rows, not paragraphs.
    """
    lex = lex or lexicon()
    norm = normalize(original)
    text, furniture = strip_furniture(norm.text)   # page furniture blanked; the outline keeps where it was
    raw = parse_lines(text)
    if not tables and ("\t" in text or "|" in text):
        tables = text_tables(text)
    if tables:
        raw = _outside(raw, [(t.start, t.end) for t in tables])
    tables = (*tables, *spaced_tables(text, [(t.start, t.end) for t in tables], len(tables) + 1))
    blocks = classify(text, raw)
    offsets = norm.offsets
    quantities: list[Quantity] = []
    qmap: dict[int, Quantity] = {}
    for ln in raw:
        for tok in ln.items:
            q = make_quantity(tok, text, offsets)
            quantities.append(q)
            qmap[tok.start] = q
    del raw   # memory: what the model keeps per line is all that is left once it is built
    year, entity = _title_info(text, blocks)
    markers = _markers(text, blocks, offsets)
    front = blocks[:FRONT_REACH]
    layout = [b for b in blocks if b.kind == "heading" and b.level <= 0 or b.row == "toc"
              or is_contents_title(text[b.start:b.end])]
    headings, paragraphs, units, root, sections = _assemble(text, _drain(blocks), offsets, qmap)
    del qmap
    model_tables = tuple(_table(t, text, offsets) for t in tables)
    relations = tuple(r for t in model_tables for r in column_relations(t))
    markers = _announced(markers, headings)
    regions = outline(text, [*front, *(b for b in layout if b not in front)], headings, markers, model_tables,
                      furniture, offsets, norm.text)
    ext = extract(units, lex, offsets, year)
    report = Report(path=path, original=original, text=text, offsets=offsets, lines=LineIndex(original),
                  year=year, entity=entity, root=root, headings=tuple(headings), paragraphs=tuple(paragraphs),
                  sentences=ext.sentences, quantities=tuple(quantities), facts=tuple(ext.facts),
                  shares=tuple(ext.shares), changes=tuple(ext.changes), rates=tuple(ext.rates),
                  tables=model_tables, sections=tuple(sections), lexicon=lex,
                    pages=tuple(pages), markers=tuple(markers), outline=regions, relations=relations,
                    grids=grids_of(model_tables, text))
    return replace(report, relations=(*relations, *class_relations(report), *prose_relations(report),
                                      *narrative_relations(report), *class_statements(report),
                                      *section_totals(report), *staff_and_office(report),
                                      *order_relations(report), *sangong_relations(report),
                                      *share_sets(report)))


# 注：1.本表反映…⏎2.本表由…: the first item of a table's notes, after the word that opens them
_NOTE_LIST = rx.compile(r"[ \t\f]*(?:注|说明|备注)[ \t]*[：:][ \t]*(?P<m>(?P<n>1)[ \t]*(?P<s>[、.．])"
                        r"(?:(?![\d.．])|(?=(?:19|20)\d{2}\s*年)))")     # 注：1.2023年预算数是指…: a year after the mark


def _markers(text: str, blocks: list[Block], offsets: OffsetMap) -> list[LineMarker]:
    """The numbered lines read as table rows or 目录 entries rather than headings, and the first items of notes
    (注：1.…, kind ``note``: the numbered lines after it are the note's, a list of their own)."""
    out = []
    for b in blocks:
        if b.row and b.marker is not None:
            out.append(LineMarker(marker=b.marker.text.strip(), style=b.style, number=b.number, kind=b.row,
                                  line=b.line, start=b.start, end=b.marker.end, span=offsets.span(b.start, b.marker.end),
                                  text=(entry_key(text[b.marker.end:b.end]) if b.row == "toc"
                                        else text[b.marker.end:b.end].strip())))
        elif b.kind == "para":
            # at the start of any of its lines: a caption a table's rows were taken from may have joined it
            for start, end in b.parts or [(b.start, b.end)]:
                if (m := _NOTE_LIST.match(text, start)) is not None:
                    out.append(LineMarker(marker=m.group("m"), style="ar-dun" if m.group("s") == "、" else "ar-dot",
                                          number=1, kind="note", line=b.line + text.count("\n", b.start, start),
                                          start=m.start("m"), end=m.end("m"), span=offsets.span(m.start("m"), m.end("m")),
                                          text=text[m.end("m"):end].strip()))
    return out


def _announced(markers: list[LineMarker], headings: list[Heading]) -> list[LineMarker]:
    """Each 目录 entry linked to the first later heading with the same marker and title."""
    first: dict[tuple[str, str], list[Heading]] = {}
    for h in headings:
        if h.marker is not None:
            first.setdefault((h.marker, entry_key(h.title)), []).append(h)
    out = []
    for m in markers:
        later = [h for h in first.get((m.marker, m.text), []) if h.start > m.start] if m.kind == "toc" else []
        out.append(replace(m, announces=later[0].line) if later else m)
    return out


def text_tables(text: str) -> tuple[TableData, ...]:
    """Tables in plain text: two or more consecutive lines of three or more tab-separated cells, or of cells
    between | bars (a Markdown or converted table; its |---| rule lines belong to it)."""
    out: list[TableData] = []
    run: list[tuple[int, str]] = []
    kind = ""
    pos = 0

    def flush() -> None:
        rows = [(s, r) for s, r in run if not _PIPE_RULE.fullmatch(r)
                and sum(1 for c in r.split("|" if kind == "pipe" else "\t") if c.strip()) >= 2]
        if len(rows) >= 2:
            cells = []
            for r, (start, row) in enumerate(rows, start=1):
                cells += _split_row(row, start, r, "\t" if kind == "tab" else "|")
            out.append(TableData(index=len(out) + 1, cells=tuple(cells), start=run[0][0],
                                 end=run[-1][0] + len(run[-1][1]) + 1, source=kind))

    for line in [*text.split("\n"), ""]:
        this = "tab" if line.count("\t") >= 2 else "pipe" if _PIPE_ROW.fullmatch(line) else ""
        if this and this == kind:
            run.append((pos, line))
        else:
            flush()
            run, kind = ([(pos, line)], this) if this else ([], "")
        pos += len(line) + 1
    return tuple(out)


_PIPE_ROW = rx.compile(r"[ \t]*\|?(?:[^|\n]*\|){2,}[^|\n]*")
_PIPE_RULE = rx.compile(r"[ \t]*\|?(?:[ \t]*:?-{2,}:?[ \t]*\|)+[ \t]*(?::?-{2,}:?[ \t]*)?")


def _split_row(row: str, start: int, r: int, sep: str) -> list[CellData]:
    """The cells of one tab- or |-separated row with their offsets (a | row's outer bars open no cell)."""
    parts = row.split(sep)
    at = start
    if sep == "|":
        if parts and not parts[0].strip():
            at += len(parts[0]) + 1
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    cells = []
    for c, value in enumerate(parts, start=1):
        lead = len(value) - len(value.lstrip())
        body = value.strip()
        cells.append(CellData(row=r, col=c, text=body, start=at + lead, end=at + lead + len(body)))
        at += len(value) + 1
    return cells


_SPACED_ROW = rx.compile(r"\S(?:[ \u3000]{2,}|\t)[-−]?\d|(?<=[ \u3000])[-−]?\d[\d,]*(?:\.\d+)?%?[ \u3000]+[-−]?\d"
                         # 印花税   -   -   -: a row whose cells are all empty, written as dashes
                         r"|[\u4e00-\u9fff）)](?:[ \u3000]{2,}|\t)[-—－](?:[ \u3000]{2,}|\t)[-—－\d]")
_DASH = rx.compile(r"[-—－]{1,2}")     # an empty cell of a table in text
_SPACED_SPLIT = rx.compile(r"[ \t\u3000]{2,}|(?<=\d)[ \u3000](?=[-−]?\d)|(?<=%)[ \u3000](?=[-−]?\d)"
                           r"|(?<=[\u4e00-\u9fff）)])[ \u3000](?=[-−]?\d[\d,]*(?:\.\d+)?%?(?:[ \u3000]|$))")
_PROSE = rx.compile(r"[。；！？]|，.*，")
_CAPTION = rx.compile(r"[^。；，]{2,50}表[一二三四五六七八九十\d]*[)）]?$|^表\s*[\d一二三四五六七八九十]+")
_UNIT = rx.compile(r"单位\s*[:：]\s*([^\s，。）)、,;；]{1,6})")


# a row's label a PDF wrapped around the row's figures: one to three fragments of words (two cells of a row wrap
# side by side: 保障方案、水库水电站生态     计研究院、黑龙江省水利科), none a sentence
_WRAPPED_LABEL = rx.compile(r"[\u4e00-\u9fff（）()“”、]{1,14}(?:[ \u3000]{2,}[\u4e00-\u9fff（）()“”、]{1,14}){0,2}")


# a line of a 备注 cell a PDF wrapped under its row: a short run of words with no gap (a cell's width)
_NOTE_FRAGMENT = rx.compile(r"[^\s]{1,14}")
_NOTE_LINES = 6
# a piece of a row's label with a figure in it that a PDF wrapped (修订省级 16 个河湖 / （2021－2023 年）): words and
# figures set apart by single spaces at most, no gap a table's columns leave
_FIGURED_LABEL = rx.compile(r"(?![-—\s]*第\s*\d+\s*页)(?=[^\n]*[\u4e00-\u9fff])(?=.{1,20}$)[\u4e00-\u9fff（）()“”、\d－—-]+"
                            r"(?: [\u4e00-\u9fff（）()“”、\d－—-]+){0,3}")


def _between_rows(lines: list[str]) -> bool:
    """Whether the lines of words between two rows of a table in text leave it one table: a row's label a PDF wrapped
    around its figures (省级⏎教师   6513.28 …⏎培训), up to four short fragments none of which is a sentence (其中：当年
    财政拨⏎ 22093.71 …⏎款; 8.其他社会保险基金收入, a row without figures), or a 备注 cell wrapped under its row
    (2023年起，车辆通行费管⏎理体制调整，高速公路通⏎…⏎管理。: three lines or more, all but the last of one width, the
    last no wider); never a sentence standing alone between them."""
    if len(lines) <= 4 and all(_WRAPPED_LABEL.fullmatch(t) or not t.endswith(("。", "；", ";")) for t in lines):
        return True
    widths = [display_width(t) for t in lines]
    return len(lines) >= 3 and max(widths[:-1]) - min(widths[:-1]) <= 2 and widths[-1] <= max(widths[:-1])


def spaced_tables(text: str, taken: Sequence[tuple[int, int]], first_index: int) -> tuple[TableData, ...]:
    """Tables whose rows are lines of cells set apart by wide gaps (一、税收收入   52353786   52296633   99.9): runs
    of three or more such lines (blank lines between them allowed), or two under a caption or 单位 line. Their
    lines stay text too (facts are read from them); the table is a view of them, not aligned: an empty cell
    leaves no gap, so columns cannot be trusted."""
    out: list[TableData] = []
    run: list[tuple[int, str]] = []
    pos = 0
    spans = sorted(taken)
    starts = [s for s, _e in spans]

    def inside(p: int) -> bool:
        i = bisect_right(starts, p) - 1
        return i >= 0 and p < spans[i][1]

    def flush() -> None:
        if not run:
            return
        if len(run) >= 3 or (len(run) >= 2 and any(_caption_lines(text, run[0][0]))):
            rows = [_split_spaced(row, start, r) for r, (start, row) in enumerate(run, start=1)]
            end = run[-1][0] + len(run[-1][1]) + 1
            for half in _side_by_side(rows, [start for start, _row in run]) or [rows]:
                cells = [replace(c, row=r) for r, cs in enumerate((cs for cs in half if cs), start=1) for c in cs]
                out.append(TableData(index=first_index + len(out), cells=tuple(cells), start=run[0][0], end=end,
                                     source="spaced", aligned=False))

    between: list[str] = []           # the lines of words since the run's last row
    for line in text.split("\n"):
        if not line.strip():
            pos += len(line) + 1
            continue                  # blank lines between rows keep the run
        if _SPACED_ROW.search(line) and not _PROSE.search(line) and not (spans and inside(pos)):
            if between and not _between_rows(between):
                flush()
                run = []
            run.append((pos, line))
            between = []
        elif run and len(between) < _NOTE_LINES and (_WRAPPED_LABEL.fullmatch(line.strip()) or (
                (_NOTE_FRAGMENT.fullmatch(line.strip()) or _FIGURED_LABEL.fullmatch(line.strip()))
                and not _CAPTION.search(line.strip()) and not _UNIT.search(line))):
            between.append(line.strip())
        else:
            flush()
            run = []
            between = []
        pos += len(line) + 1
    flush()                           # a table that ends the file
    return tuple(out)


def _is_figure(cell: CellData) -> bool:
    return bool(_CELL_NUMBER.match(cell.text) or _DASH.fullmatch(cell.text))


def _side_by_side(rows: list[list[CellData]], starts: list[int]) -> list[list[list[CellData]]] | None:
    """Two tables printed side by side (收入 | 支出: 一、一般公共预算收入 47,868,908 … 一、一般公共预算支出 107,937,682 …):
    a table in text whose rows, three at least and a third of them, each hold a label and its figures, then a second
    label and its figures, every second label starting to the right of every first half's last figure. Each row's
    cells are dealt to the left table or the right one by where they start on their line (a row of the right table
    alone starts far to the right); None for one table."""
    rows = [[piece for c in cs for piece in _glued(c)] for cs in rows]
    halves = []             # per row of two halves: where its left half's last figure and its second label start
    for cs, start in zip(rows, starts):
        m = _TWO_HALVES.fullmatch("".join("n" if _is_figure(c) else "t" for c in cs))
        if m is not None:
            split = m.end(2)
            halves.append((cs[split - 1].start - start, cs[split].start - start))
    if len(halves) < 3 or 3 * len(halves) < len(rows):
        return None
    cut = min(second for _last, second in halves)
    if max(last for last, _second in halves) >= cut:
        return None
    left = [[c for c in cs if c.start - start < cut] for cs, start in zip(rows, starts)]
    right = [[c for c in cs if c.start - start >= cut] for cs, start in zip(rows, starts)]
    return [left, right]


_TWO_HALVES = rx.compile(r"(t+)(n+)(t+)(n+)")     # the cells of a row, t a label's and n a figure's
_GLUED = rx.compile(r"([-−]?\d[\d,]*(?:\.\d+)?%?) ([^\s\d].*)")


def _glued(cell: CellData) -> list[CellData]:
    """A figure and the next table's label one space apart (43,926,669 一、全省一般公共预算支出): two cells."""
    m = _GLUED.fullmatch(cell.text)
    if m is None:
        return [cell]
    return [replace(cell, text=m.group(1), end=cell.start + m.end(1)),
            replace(cell, text=m.group(2), start=cell.start + m.start(2), col=cell.col + 1)]


def _split_spaced(row: str, start: int, r: int) -> list[CellData]:
    cells = []
    at = 0
    c = 1
    for m in [*_SPACED_SPLIT.finditer(row), None]:
        stop = m.start() if m is not None else len(row)
        value = row[at:stop]
        body = value.strip()
        if body:
            lead = len(value) - len(value.lstrip())
            cells.append(CellData(row=r, col=c, text=body, start=start + at + lead, end=start + at + lead + len(body)))
            c += 1
        if m is not None:
            at = m.end()
    return cells


def _caption_lines(text: str, start: int, reach: int = 6) -> tuple[str, str]:
    """The caption (…决算表, 表1) and unit (单位：万元) among the few non-blank lines above a table, if any."""
    caption = unit = ""
    pos = start
    seen = 0
    while pos > 0 and seen < reach:
        begin = text.rfind("\n", 0, pos - 1) + 1
        line = text[begin:pos].strip()
        pos = begin
        if not line:
            continue
        seen += 1
        if _PROSE.search(line):
            break
        u = _UNIT.search(line)
        if u and not unit:
            unit = u.group(1)
        elif not caption and _CAPTION.search(line):
            caption = " ".join(line.split())
    return (caption, unit) if caption or unit else ("", "")


_CELL_NUMBER = rx.compile(r"^[-+−]?\d[\d,]*(?:\.\d+)?(?: ?%)?$")     # 53.49 % (a space before % in PDF text)


def _table(t: TableData, text: str, offsets: OffsetMap) -> Table:
    """A table's cells; a cell that holds one number (985.90, 1,234.50) gets it as a Quantity."""
    cells = []
    for c in t.cells:
        raw = text[c.start:c.end].strip()
        value = None
        if _CELL_NUMBER.match(raw):
            number = raw.replace("−", "-").rstrip("%").rstrip()
            value = Quantity(kind="number", text=number, value=digits_reading(number.lstrip("+-"))
                             * (-1 if number.startswith("-") else 1), unit="", start=c.start, end=c.end,
                             span=offsets.span(c.start, c.end), number_end=c.end, garble=garble_of(number.lstrip("+-")))
        elif t.source == "spaced" and c.col > 1 and _DASH.fullmatch(raw):
            # an empty cell written as a dash keeps its column in a table set apart by spaces (a figure of nothing:
            # a part of a sum, never a total nor a rate's figure, auditor/columns.py)
            value = Quantity(kind="number", text=raw, value=Decimal(0), unit="", start=c.start, end=c.end,
                             span=offsets.span(c.start, c.end), number_end=c.end)
        cells.append(Cell(row=c.row, col=c.col, text=raw, value=value, start=c.start, end=c.end,
                          span=offsets.span(c.start, c.end)))
    codes = _class_codes(cells)
    if codes:
        cells = [replace(c, value=None) if id(c) in codes else c for c in cells]
    caption, unit = _caption_lines(text, t.start)
    return Table(index=t.index, cells=tuple(cells), start=t.start, end=t.end, span=offsets.span(t.start, t.end),
                 source=t.source, aligned=t.aligned, caption=caption, unit=unit)


_CODE_HEAD = rx.compile(r"编码|代码|科目编号")


def _class_codes(cells: list[Cell]) -> set[int]:
    """The cells of a table that hold 功能分类/经济分类/收入分类 codes (类 201, 款 20101, 项 2010101): the first figure of
    each row in the table's first column, of 3, 5, 7 or 9 digits, when two of them at least extend another of the
    table (22301 ⏎ 2230102): the codes' hierarchy shows they are codes; and the figures of a column headed 科目编码 or
    代码. Class codes are codes, never amounts."""
    headed = {c.col for c in cells if c.row <= 3 and c.value is None and _CODE_HEAD.search(c.text)}
    out = {id(c) for c in cells if c.col in headed and c.value is not None and c.text.isdigit()}
    first: dict[int, Cell] = {}
    for c in cells:
        if c.value is not None and c.row not in first:
            first[c.row] = c
    cand = [c for c in first.values() if c.col == 1 and CODE.fullmatch(c.text)]
    texts = {c.text for c in cand}
    if len(texts) >= 3 and sum(1 for t in texts if len(t) > 3 and t[:-2] in texts) >= 2:
        out.update(id(c) for c in cand)
    return out


def _title_info(text: str, blocks: list[Block]) -> tuple[int | None, str | None]:
    """The report's year and entity from the lines before the first heading (the title block)."""
    head = []
    for b in blocks[:8]:
        if b.kind == "heading":
            break
        line = text[b.start:b.end]
        if len(line) <= 60 and "，" not in line:    # title lines, not the opening sentence (受市人民政府委托，…)
            head.append(line)
    title = "\n".join(head)
    named = re.search(r"(?:部门|单位)名称[:：]\s*([^\n（(]+)", title)
    entities = [m.group() for m in _ENTITY.finditer(_TITLE_YEAR.sub("", title)) if "报告" not in m.group()]
    entity = named.group(1).strip() if named else (max(entities, key=len) if entities else None)
    years = re.findall(r"((?:19|20)\d{2})\s*年度", title)
    if not years:   # the year most budget statements speak of
        counts: dict[str, int] = {}
        for y in re.findall(r"((?:19|20)\d{2})\s*年度?(?:部门|我局|本部门|市|区|县)?[^，。\d]{0,8}?"
                            r"(?:决算|预算|支出|收入|财政拨款)", text):
            counts[y] = counts.get(y, 0) + 1
        years = sorted(counts, key=lambda y: (-counts[y], y))[:1]
    if not years:
        years = [y for y in re.findall(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)", title)][:1]
    return (int(years[0]) if years else None), entity


def _drain(items: list[T]) -> Iterator[T]:
    """The items of a list in order, each dropped from the list as it is handed out (freed once used)."""
    items.reverse()
    while items:
        yield items.pop()


def _assemble(text: str, blocks: Iterable[Block], offsets: OffsetMap, qmap: dict[int, Quantity]
              ) -> tuple[list[Heading], list[Paragraph], list[Unit], Section, list[Section]]:
    headings: list[Heading] = []
    paragraphs: list[Paragraph] = []
    units: list[Unit] = []
    # section stack entries: [level, heading, paragraph indices, children, start, sec_index, parent index]
    stack: list[list] = [[0, None, [], [], 0, 0, -1]]
    counter = [1]
    sections: list[Section] = []

    def close(entry: list, end: int) -> Section:
        children = tuple(entry[3])
        sec = Section(index=entry[5], heading=entry[1], level=entry[0], paragraphs=tuple(entry[2]),
                      children=children, start=entry[4], end=end, span=offsets.span(entry[4], end),
                      parent=entry[6], last=children[-1].last if children else entry[5])
        sections.append(sec)
        return sec

    top_last = 0
    for b in blocks:
        if b.kind == "heading":
            if b.level <= 0:
                top_last = 0                           # a part, appendix or document: its own 一、二、…
            elif b.style == "cn-dun" and b.number is not None and not b.is_item:
                top_last = b.number
            elif (b.number == top_last + 1 and top_last and not b.is_item and b.style in ("ar-dun", "ar-dot")
                  and is_top_level_title(b.title)):
                b.level, top_last = 1, top_last + 1   # 3、政府性基金预算支出情况 after 二、: a top-level section
            h = _heading(text, b, offsets)
            headings.append(h)
            while stack[-1][0] >= h.level and len(stack) > 1:
                done = stack.pop()
                stack[-1][3].append(close(done, b.start))
            stack.append([h.level, h, [], [], b.start, counter[0], stack[-1][5]])
            counter[0] += 1
            if not b.parts and h.title:
                tq = [qmap[t.start] for t in b.items if t.start in qmap]
                units.append(Unit(h.title, [(b.title_end - len(h.title), b.title_end)], -1, stack[-1][5], tq))
        if b.parts:
            p = _paragraph(text, b, len(paragraphs), offsets)
            paragraphs.append(p)
            stack[-1][2].append(p.index)
            inside = _Inside(b.parts)
            pq = [qmap[t.start] for t in b.items if t.start in qmap and inside(t.start)]
            units.append(Unit(p.text, p.parts, p.index, stack[-1][5], pq))
    end = len(text)
    while len(stack) > 1:
        done = stack.pop()
        stack[-1][3].append(close(done, end))
    root = close(stack[0], end)
    sections.sort(key=lambda s: s.index)
    return headings, paragraphs, units, root, sections


class _Inside:
    """Whether an offset lies in one of a block's parts: a bisection over their starts."""

    __slots__ = ("ordered", "parts", "starts")

    def __init__(self, parts: list[tuple[int, int]]) -> None:
        self.parts = parts
        self.starts = [s for s, _e in parts]
        # parts are the block's lines in order: sorted and disjoint (else every part is tried)
        self.ordered = all(a[1] <= b[0] for a, b in pairwise(parts))

    def __call__(self, pos: int) -> bool:
        if not self.ordered:
            return any(s <= pos < e for s, e in self.parts)
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.parts[i][1]


def _outside(raw: list[RawLine], ranges: list[tuple[int, int]]) -> list[RawLine]:
    """The lines that start in none of the ranges (the tables): the ranges merged once, then a bisection each."""
    merged: list[list[int]] = []
    for s, e in sorted(r for r in ranges if r[0] < r[1]):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    starts = [s for s, _e in merged]
    out = []
    for ln in raw:
        i = bisect_right(starts, ln.start) - 1
        if i < 0 or ln.start >= merged[i][1]:
            out.append(ln)
    return out


def _heading(text: str, b: Block, offsets: OffsetMap) -> Heading:
    marker = b.marker.text.strip() if b.marker is not None else None
    mspan = None
    if b.marker is not None:
        ms = b.start
        mspan = offsets.span(ms, b.marker.end)
    end = b.title_end if b.title else b.end
    end = max(end, b.marker.end if b.marker is not None else end)
    return Heading(marker=marker, style=b.style, number=b.number, level=b.level, title=b.title,
                   is_item=b.is_item, line=b.line, start=b.start, end=end, span=offsets.span(b.start, end),
                   marker_span=mspan)


def _paragraph(text: str, b: Block, index: int, offsets: OffsetMap) -> Paragraph:
    start, end = b.parts[0][0], b.parts[-1][1]
    joined = text[start:end] if len(b.parts) == 1 else "".join(text[s:e] for s, e in b.parts)
    return Paragraph(index=index, text=joined, parts=tuple(b.parts), line=b.line, start=start, end=end,
                     span=offsets.span(start, end), joined=tuple(b.joined))
