"""Tables as data (issue 13): each table of the report read as a grid of typed columns and rows.

A finance table's header says what its columns hold (2023年决算数, 调整预算数, 决算数为调整预算数的%) and its rows
carry labels and, in the standard tables of a 部门决算 or 部门预算, class codes (功能分类 201 类 / 20101 款 / 2010101 项).
The grid keeps, for every row, its figure in each column — in a table set apart by spaces in text, where an empty
cell leaves no gap, a figure's column is found by where it ends on its line (the layout right-aligns figures under
their header) — and for every column its year, its stage (年初预算, 调整预算, 预算, 决算, 执行) and whether it holds
percentages. The caption names the table's template (auditor/data/tables.yaml).

What cannot be placed is left out rather than guessed: a row whose figures do not each fall clearly under one
column keeps None for them, and a column whose header cannot be found has no year and no stage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from itertools import pairwise

from auditor import rx
from auditor.data import load_data
from auditor.model import Cell, Grid, GridColumn, GridRow, Quantity, Table, evolve
from auditor.records import dataclass
from auditor.structure import cn_number

_YEAR = rx.compile(r"((?:19|20)\d{2})\s*年")
_PERCENT_HEAD = rx.compile(r"%|％|百分比|比重|率|占.*(?:比|%)|增减.*比|增长")
_CHANGE_HEAD = rx.compile(r"增减|增加|减少|比上年|较上年|差额|变动")
CODE = rx.compile(r"[1-5]\d{2}(?:\d{2}){0,3}")      # 201 / 20101 / 2010101 / 103060402 / 301: a class code, not an amount
_LEAD_CODE = rx.compile(r"^\s*([1-5]\d{2}(?:\d{2}){0,3})\s+(?=\S)")
_MARK = rx.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|\d{1,2}\s*[、.．]"
                   r"(?!\d)|其中\s*[:：]?|[①-⑳])\s*")
QUOTES = rx.compile(r"[\s“”\"'‘’「」『』]")
_NUMBER_OF = rx.compile(r"公开\s*(\d{1,2})\s*表|公开表\s*(\d{1,2}|[一二三四五六七八九十]{1,3})|"
                        r"表\s*(\d{1,2}|[一二三四五六七八九十]{1,3})(?![\u4e00-\u9fff])")
_CAPTION_TAIL = rx.compile(r"\s*(?:部门|单位|部门名称|编制单位)\s*[:：].*$")
_CAPTION_HEAD = rx.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十]+部分.*?(?=[\u4e00-\u9fff]+表))")
_LINE_REACH = 4           # non-blank lines above a table set apart by spaces that may hold its header
MIN_CODED = 3             # rows with a class code before a table's codes are taken as codes
_PLACE = 3                # a figure ends within this many characters of its column's usual end, or is not placed


@dataclass(frozen=True, slots=True)
class Template:
    """One standard table of the catalogue."""

    id: str
    stage: str
    names: tuple[str, ...]
    number: int | None = None
    not_with: tuple[str, ...] = ()


@cache
def _catalogue() -> tuple[tuple[str, ...], tuple[Template, ...]]:
    raw = load_data("tables.yaml")
    government = tuple(str(w) for t in raw if "government" in t for w in t["government"])
    return government, tuple(
        Template(id=str(t["id"]), stage=str(t["stage"]), names=tuple(str(n) for n in t["names"]),
                 number=int(t["number"]) if t.get("number") is not None else None,
                 not_with=tuple(str(w) for w in t.get("not_with", ()))) for t in raw if "id" in t)


def template_of(caption: str) -> Template | None:
    """The standard table a caption names (the longest name it contains), if any; a government's table (its caption
    names a level of government) is none."""
    key = QUOTES.sub("", _YEAR.sub("", caption))
    government, catalogue = _catalogue()
    if any(w in key for w in government):
        return None
    best: tuple[int, Template] | None = None
    for t in catalogue:
        if any(w in key for w in t.not_with):
            continue
        for name in t.names:
            if name in key and (best is None or len(name) > best[0]):
                best = (len(name), t)
    return best[1] if best else None


def name_of(label: str) -> str:
    """A row label without its marker (一、, （二）, 其中：), leading class code, spaces and quotes."""
    s = _LEAD_CODE.sub("", label)
    while True:
        m = _MARK.match(s)
        if m is None or not m.group().strip():
            break
        s = s[m.end():]
    return QUOTES.sub("", s)


def level_of(code: str) -> int:
    """类 1, 款 2, 项 3 for a 功能分类 code of 3, 5 or 7 digits (经济分类 301 / 30101 likewise)."""
    return {3: 1, 5: 2, 7: 3, 9: 4}.get(len(code), 0)


def meaning(header: str) -> tuple[int | None, str, bool]:
    """The year, stage and percent-ness a column's header gives."""
    h = QUOTES.sub("", header)
    y = _YEAR.search(h)
    year = int(y.group(1)) if y else None
    percent = bool(_PERCENT_HEAD.search(h))
    stage = ""
    if not percent and not _CHANGE_HEAD.search(h):
        kinds = [s for s in ("决算", "执行") if s in h]
        budget = "调整预算" if "调整预算" in h or "调整后预算" in h or "变动预算" in h else \
            "年初预算" if "年初预算" in h else "预算" if "预算" in h and "预算数" in h or \
            h.endswith("预算") else ""
        if budget and kinds:
            stage = ""          # 决算数与预算数: a comparison, or a name of the fund (预算 in 一般公共预算)
            if "决算数" in h and "预算数" not in h:
                stage = "决算"
        elif budget:
            stage = budget
        elif kinds:
            stage = kinds[0]
    return year, stage, percent


def read_grid(table: Table, text: str) -> Grid | None:
    """The table read as data, or None when it holds no figures."""
    rows = table.rows()
    data = [r for r in rows if any(c.value is not None for c in r)]
    if not data:
        return _blank(table, text, rows)
    first_data = data[0][0].row
    if table.aligned:
        cols = sorted({c.col for r in data for c in r if c.value is not None})
        index = {col: i for i, col in enumerate(cols)}
        placed = [tuple(_aligned(r, index)) for r in data]
        headers = _aligned_headers([r for r in rows if r[0].row < first_data and not _caption_row(r)], index)
    else:
        edges = _edges(data, text)
        if edges is None:
            return None
        placed = [_by_position(r, edges, text) for r in data]
        headers = _spaced_headers(table, [r for r in rows if r[0].row < first_data], edges, text, data)
    marked = {id(c.value) for r in data for c in r if c.value is not None and ("%" in c.text or "％" in c.text)}
    columns = []
    for i, head in enumerate(headers):
        year, stage, percent = meaning(head)
        if not percent:
            held = [p[i] for p in placed if p[i] is not None]
            percent = bool(held) and all(id(q) in marked for q in held)
        columns.append(GridColumn(index=i, header=head, year=year, stage=stage, percent=percent))
    grid_rows = []
    labels = [_label(r) for r in data]
    coded = sum(1 for _l, code in labels if code) >= MIN_CODED
    for r, figures, (label, code) in zip(data, placed, labels):
        if coded and not code:
            code, figures = code_among(figures)      # 30239 ⏎ 596.38: a code the PDF set among the figures
        grid_rows.append(GridRow(row=r[0].row, label=label, name=name_of(label), code=code, level=level_of(code),
                                 figures=figures, start=r[0].start, end=r[-1].end))
    caption, t = _named(table, text)
    return Grid(table=table.index, template=t.id if t else "", number=_number(caption, t), unit=_unit(table, text),
                columns=tuple(columns), rows=tuple(grid_rows), start=table.start, end=table.end)


def _named(table: Table, text: str) -> tuple[str, Template | None]:
    """A table's caption (caption_of) and the standard table it names."""
    caption = caption_of(table, text)
    return caption, template_of(caption) if caption else None


def _unit(table: Table, text: str) -> str:
    """A table's unit: the one the model found (its unit words alone: 万元常委会办 where a PDF ran words on), else one
    written where its caption may stand."""
    known = _KNOWN_UNIT.match(table.unit)
    return known.group() if known else table.unit or _unit_near(table, text)


# the templates whose blank table is read: the “三公” table, whose text must then say it spent nothing. Other blank
# tables are left unread: on real PDFs most are a caption a page break cut off its table, and a second grid of one
# template would hide the table from the checks that want it alone (the 情况说明's total)
BLANK_READ = ("三公经费支出决算表", "三公经费支出表")


def _blank(table: Table, text: str, rows: list[list[Cell]]) -> Grid | None:
    """A standard table with headers and no figure (a 三公 table of a department that spent nothing on them, or one
    left empty): its template and its columns, every cell below its headers empty; None for any other table without
    figures. Only a Word or PDF table has its columns."""
    caption, t = _named(table, text)
    if t is None or t.id not in BLANK_READ or not table.aligned:
        return None
    heads = [r for r in rows if not _caption_row(r) and any(c.text.strip() for c in r)]
    cols = sorted({c.col for r in heads for c in r if c.text.strip()})
    if len(cols) < 2:
        return None
    index = {col: i for i, col in enumerate(cols)}
    columns = []
    for i, head in enumerate(_aligned_headers(heads, index)):
        year, stage, _percent = meaning(head)
        columns.append(GridColumn(index=i, header=head, year=year, stage=stage))
    return Grid(table=table.index, template=t.id, number=_number(caption, t), unit=_unit(table, text),
                columns=tuple(columns), rows=(), start=table.start, end=table.end)


def code_among(figures: tuple[Quantity | None, ...]) -> tuple[str, tuple[Quantity | None, ...]]:
    """A row's class code set among its figures (its first of two or more is a code: 30239 ⏎ 596.38), and the figures
    without it; ("", figures) when there is none."""
    filled = [(i, q) for i, q in enumerate(figures) if q is not None]
    if len(filled) < 2 or not CODE.fullmatch(filled[0][1].text):
        return "", figures
    return filled[0][1].text, tuple(None if i == filled[0][0] else q for i, q in enumerate(figures))


def _number(caption: str, t: Template | None) -> int | None:
    m = _NUMBER_OF.search(caption)
    if m:
        n = m.group(1) or m.group(2) or m.group(3)
        return int(n) if n.isdigit() else cn_number(n)
    return t.number if t else None


def caption_of(table: Table, text: str) -> str:
    """A table's caption: a first row that is one cell naming a table (收支预算总表公开表一部门：…, as a PDF ruled it into
    the table), else the one the model found above it, else a line the table's run took in before its first row, or
    the line just above it, when it names one (四、财政拨款收支预算总表部门：江苏省人民检察院 单位：万元); without the
    unit's name, the unit and a leading marker."""
    ruled, lead, above = _caption_lines(table, text)
    if ruled:
        return _clean_caption(ruled)
    near = next((_clean_caption(line) for line in (*lead, above)
                 if "表" in line and "\t" not in line and len(line) <= 80), "")
    if table.caption:
        # the caption the model found may be a line further up (第二部分 …预算表; the caption of the table before, 公开
        # 03表…) while the line right above names the standard table (一、2018年度…收支预算总表单位：万元; 公开
        # 04表财政拨款收支预算总表部门名称：… 单位:万元): that line is the caption
        named = template_of(near) if near and len(near) <= 40 and not any(c in near for c in "。，；,;") else None
        if named is not None and named != template_of(table.caption):
            return near
        return table.caption
    return near


def _unit_near(table: Table, text: str) -> str:
    """单位：万元 where a caption of the table may stand (caption_of)."""
    ruled, lead, above = _caption_lines(table, text)
    m = next((m for m in (_UNIT.search(t) for t in (ruled, *lead, above)) if m), None)
    return m.group(1) if m else ""


def _caption_lines(table: Table, text: str) -> tuple[str, list[str], str]:
    """Where a table's caption may stand: its first row when that is one cell naming a table, the lines its run took
    in before its first row, and the line just above it."""
    rows = table.rows()
    ruled = next(c.text for c in rows[0] if c.text.strip()) if rows and _caption_row(rows[0]) else ""
    lead = [line.strip() for line in text[table.start:_line_start(text, rows[0][0].start)].split("\n")
            if line.strip()] if rows and rows[0] else []
    return ruled, lead, _line_above(text, table.start)


def _line_above(text: str, start: int, skip: int = 2) -> str:
    """The line just above ``start``; past at most ``skip`` lines of cells (a header row the table's run left out:
    四、…财政拨款收支预算总表单位：万元 ⏎ 收入<tab>支出 ⏎ the table)."""
    end = _before_newlines(text, start)
    for _ in range(skip + 1):
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end]
        if "\t" not in line or begin == 0:
            return line.strip()
        end = _before_newlines(text, begin)
    return ""


def _before_newlines(text: str, at: int) -> int:
    """``at`` moved back over the newlines just before it (no copy of the text before it)."""
    while at > 0 and text[at - 1] == "\n":
        at -= 1
    return at


_UNIT = rx.compile(r"单位\s*[:：]\s*(亿元|万元|元)")
_KNOWN_UNIT = rx.compile(r"亿元|万元|元")


def _clean_caption(line: str) -> str:
    line = _CAPTION_TAIL.sub("", line.strip())
    return _CAPTION_HEAD.sub("", line).strip()


def _caption_row(row: list[Cell]) -> bool:
    """A row that is one cell naming a table: the caption a PDF ruled into it, not a header."""
    filled = [c for c in row if c.text.strip()]
    return len(filled) == 1 and filled[0].value is None and "表" in filled[0].text


def _label(row: list[Cell]) -> tuple[str, str]:
    """A row's label (the words before its first figure) and its class code."""
    words: list[str] = []
    code = ""
    for c in row:
        if c.value is not None:
            break
        t = c.text.strip()
        if not t:
            continue
        if not code and CODE.fullmatch(t):
            code = t
            continue
        m = _LEAD_CODE.match(t)
        if m and not code:
            code = m.group(1)
        words.append(t)
    return " ".join(words), code


def _aligned(row: list[Cell], index: dict[int, int]) -> list[Quantity | None]:
    out: list[Quantity | None] = [None] * len(index)
    for c in row:
        if c.value is not None and c.col in index:
            out[index[c.col]] = c.value
    return out


def _aligned_headers(head_rows: list[list[Cell]], index: dict[int, int]) -> list[str]:
    """Each figure column's header: the words above it in the header rows, top to bottom; a header cell that holds
    as many words as there are figure columns from it on gives one to each (2023年决算数 2022年决算数 2023年预算数)."""
    out = [""] * len(index)
    for r in head_rows:
        for c in r:
            words = c.text.split()
            if c.col in index:
                i = index[c.col]
                if len(words) > 1 and len(words) == len(index) - i:
                    for k, w in enumerate(words):
                        out[i + k] += w
                else:
                    out[i] += "".join(words)
            elif len(words) == len(index) > 1 and c.col < min(index):
                for k, w in enumerate(words):
                    out[k] += w
    return out


def median(values: Iterable[int]) -> float:
    """statistics.median (whose module imports fractions and random: 5 ms at every start)."""
    data = sorted(values)
    n = len(data)
    if n == 0:
        raise ValueError("no median for empty data")
    return data[n // 2] if n % 2 else (data[n // 2 - 1] + data[n // 2]) / 2


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _edges(data: list[list[Cell]], text: str) -> list[float] | None:
    """Where each figure column of a table set apart by spaces ends on its lines: the median end of the i-th figure
    of the rows that fill every column."""
    figs = [[c for c in r if c.value is not None] for r in data]
    k = max(len(f) for f in figs)
    full = [f for f in figs if len(f) == k]
    if len(full) < 2 and len(figs) > 2:
        return None
    return [median(f[i].end - _line_start(text, f[i].start) for f in full) for i in range(k)]


def _by_position(row: list[Cell], edges: list[float], text: str) -> tuple[Quantity | None, ...]:
    figs = [c for c in row if c.value is not None]
    out: list[Quantity | None] = [None] * len(edges)
    if len(figs) == len(edges):
        return tuple(c.value for c in figs)
    last = -1
    for c in figs:
        x = c.end - _line_start(text, c.start)
        near = min(range(len(edges)), key=lambda i: abs(edges[i] - x))
        if abs(edges[near] - x) > _PLACE or near <= last:
            return (None,) * len(edges)      # not clearly under one column: left out, not guessed
        out[near] = c.value
        last = near
    return tuple(out)


def _spaced_headers(table: Table, head_rows: list[list[Cell]], edges: list[float], text: str,
                    data: list[list[Cell]]) -> list[str]:
    """Each figure column's header in a table set apart by spaces: the words of the header lines (the table's rows
    before its first figure, and the few lines just above it) that stand over the column, top to bottom."""
    lines: list[tuple[int, str]] = []
    pos = table.start
    reach = 0
    while pos > 0 and reach < _LINE_REACH:
        begin = _line_start(text, pos - 1)
        line = text[begin:pos - 1]
        pos = begin
        if not line.strip():
            continue
        reach += 1
        if re.search(r"单位|[。；，]|表\s*\d|决算表|预算表|总表|情况表|明细表", line) or \
                re.search(r"\d[\d,]{3,}", line):
            break
        lines.insert(0, (begin, line))
    seen = {_line_start(text, r[0].start) for r in head_rows}
    lines += [(s, text[s:text.find("\n", s) if text.find("\n", s) >= 0 else len(text)]) for s in sorted(seen)]
    starts = [min(c.start - _line_start(text, c.start) for c in r if c.value is not None) for r in data]
    left = median(starts) if starts else 0
    widths = [max(len(c.text) for r in data for c in r if c.value is not None) for _e in edges]
    out = [""] * len(edges)
    for begin, line in lines:
        said = [m for m in re.finditer(r"\S+", line) if m.end() > left - 1 or meaning(m.group()) != (None, "", False)]
        if len(said) == len(edges) > 1 and all(b.start() - a.end() == 1 for a, b in pairwise(said)):
            for i, m in enumerate(said):      # 2023年决算数 2022年决算数 2023年预算数: one word a column, packed
                out[i] += m.group()
            continue
        for m in re.finditer(r"\S+", line):
            if m.end() <= left - 1:
                continue                      # over the labels (项目)
            word = m.group()
            centre = (m.start() + m.end()) / 2
            near = min(range(len(edges)), key=lambda i: abs(edges[i] - widths[i] / 2 - centre))
            if abs(edges[near] - widths[near] / 2 - centre) <= max(widths[near], len(word)) + 2:
                out[near] += word
    return out


def grids_of(tables: tuple[Table, ...], text: str) -> tuple[Grid, ...]:
    out = []
    for t in tables:
        for part in _parts(t):
            g = read_grid(part, text)
            if g is not None:
                out.append(g)
    return tuple(out)


def _parts(table: Table) -> list[Table]:
    """A table, or the tables a PDF ruled into one (a row further down that is one cell naming a table, 财政拨款支出预算表,
    starts the next): each a view of its rows, the first keeping the caption found above it."""
    if not table.aligned:
        return [table]
    rows = table.rows()
    cuts = [k for k, row in enumerate(rows) if k > 0 and _caption_row(row)]
    if not cuts:
        return [table]
    out = []
    for a, b in zip([0, *cuts], [*cuts, len(rows)], strict=True):
        cells = tuple(c for row in rows[a:b] for c in row)
        if cells:
            out.append(evolve(table, cells=cells, start=min(c.start for c in cells), end=max(c.end for c in cells),
                              caption=table.caption if a == 0 else ""))
    return out

