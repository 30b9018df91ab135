"""The class hierarchy of a coded table (issue 13): in the standard tables of a 部门决算 or 部门预算 each row carries
a 功能分类 code (类 201, 款 20101, 项 2010101) or an 经济分类 code (301, 30101), and a row's amount is the sum of the
rows coded under it:

    201      一般公共服务支出   13,907.78   =  20101 人大事务 13,907.78
    20101    人大事务           13,907.78   =  2010101 行政运行 7,448.20 + 2010102 … + 2010199 …
    合计                        18,330.37   =  201 + 208 + 221 (the rows of the top level)

Only the code says which rows a row gathers, so nothing else is read: the rows under a code are the ones that
follow it whose code extends it by two digits, up to the first row whose code does not start with it; an empty
cell among them is nothing spent. A table a page break cut in two (its second part has no header) is read as one;
a row whose rows may go on past the end of the table read is not judged.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from decimal import Decimal

from auditor import rx
from auditor.arith import convert, convert_interval, fmt, printed, sum_intervals
from auditor.grids import MIN_CODED, code_among, level_of, template_of
from auditor.model import Grid, GridRow, Quantity, Relation, Report, Table, evolve

_TOTAL = rx.compile(r"^(?:合\s*计|总\s*计)$")


def class_relations(report: Report) -> list[Relation]:
    out: list[Relation] = list(_balanced(report))
    for grid, rows, single in whole_tables(report):
        coded = [r for r in rows if r.code]
        if len(coded) < MIN_CODED:
            continue
        known = {r.code for r in coded}
        end = max(r.end for r in rows)
        stray = {m.group(1) for m in _CODED_LINE.finditer(report.text, grid.start, end)} - known
        out.extend(_hierarchy(grid, rows, single, stray, _closed(report.text, end)))
    out.extend(_across(whole_tables(report)))
    return out


def _across(tables: list[tuple[Grid, list[GridRow], bool]]) -> Iterator[Relation]:
    """The same class code with the same amount in every coded table of one scope: two tables of function (2xx) or
    economic (3xx) codes whose 合计 rows agree (财政拨款支出表 and 一般公共预算支出表 of a department with no fund
    budget) give each code they share one amount. A table is held to the first of its scope; a pair that differs in
    more than a fifth of its shared codes is two scopes that happen to total alike, and is not read."""
    read: list[tuple[Grid, dict[str, Quantity], Quantity, str]] = []
    for grid, rows, single in tables:
        coded = [r for r in rows if r.code]
        kinds = {r.code[0] for r in coded if len(r.code) == 3}
        if len(coded) < MIN_CODED or len(kinds) != 1 or kinds & {"1"}:
            continue
        k = _amount_column(grid, single)
        total = next((_figure(r, k) for r in rows if not r.code and _TOTAL.match(r.name)), None)
        figures = {r.code: q for r in coded if (q := _figure(r, k)) is not None}
        if total is None or not figures or total.value == 0:
            continue
        read.append((grid, figures, total, kinds.pop()))
    for n, (grid, figures, total, kind) in enumerate(read):
        first = next(((g, f, t) for g, f, t, k in read[:n] if k == kind and printed(t.value).overlaps(printed(total.value))),
                     None)
        if first is None:
            continue
        g0, f0, _t0 = first
        shared = [c for c in figures if c in f0]
        differ = [c for c in shared if not printed(figures[c].value).overlaps(printed(f0[c].value))]
        if len(shared) < MIN_CODED or 5 * len(differ) > len(shared):
            continue
        for code in shared:
            q, q0 = figures[code], f0[code]
            yield Relation(kind="sum", result=q, terms=(q0,), holds=code not in differ, computed=q0.text,
                           source="table-cross", scope=f"表{grid.table}（{grid.template or '科目表'}）科目 {code}",
                           text=f"表{g0.table}（{g0.template or '科目表'}，合计同为 {total.text}）中为 {q0.text}",
                           start=q.start, end=q.end, span=q.span)


_NEXT_PART = rx.compile(r"^\s*(?:公开\s*\d+\s*表|附表|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")


def _closed(text: str, end: int) -> bool:
    """Whether the line after a table's last row shows the table ends there: another table's caption (一般公共预算
    基本支出预算表, 公开06表) or a title of the text (第三部分…, 五、…)."""
    start = text.find("\n", end)
    if start < 0:
        return False
    stop = text.find("\n", start + 1)
    line = text[start + 1:stop if stop >= 0 else len(text)].replace("\t", "").strip()
    return bool(line) and (_NEXT_PART.match(line) is not None or template_of(line) is not None)


# a coded row the PDF reader left out of its table, as a line of text among its rows (30206 电费 235.00)
_CODED_LINE = rx.compile(r"^[ \t]*([1-5]\d{2}(?:\d{2}){0,2})[ \t]+[\u4e00-\u9fff]", re.MULTILINE)


UNITS = ("元", "万元", "亿元")


def report_unit(report: Report) -> str:
    """The one unit (元, 万元, 亿元) the report's tables give, '' when they give none or several: the unit of a table
    printed without its own 单位 in a report of one unit."""
    units = {g.unit for g in report.grids if g.unit in UNITS}
    return units.pop() if len(units) == 1 else ""


def unit_of(grid: Grid, report: Report) -> str:
    """A table's unit: its own, else the report's one unit (report_unit), '' when neither is known."""
    return grid.unit if grid.unit in UNITS else report_unit(report)


def whole_tables(report: Report) -> list[tuple[Grid, list[GridRow], bool]]:
    """The report's tables with their continuations (_whole_tables), read once per report."""
    found = report._index.get("whole_tables")
    if found is None:
        found = report._index["whole_tables"] = list(_whole_tables(report.grids))
    return found  # type: ignore[no-any-return]


def explanations(report: Report) -> list[tuple[int, str]]:
    """The report's …情况说明 titles (_explanations), found once per report."""
    found = report._index.get("explanations")
    if found is None:
        found = report._index["explanations"] = _explanations(report.text)
    return found  # type: ignore[no-any-return]


def _single(rows: list[GridRow]) -> bool:
    """Whether each coded row (and a 合计 row) holds one figure: a table of one amount column, whose figures a PDF
    may print under different columns by level (a 类's amount one column right of its items')."""
    rows = [r for r in rows if r.code or _TOTAL.match(r.name)]
    return bool(rows) and all(sum(1 for q in r.figures if q is not None) == 1 for r in rows)


def _whole_tables(grids: tuple[Grid, ...]) -> Iterator[tuple[Grid, list[GridRow], bool]]:
    """Each table with the rows of its continuations, and whether it is a table of one amount column: a next table
    with no caption of its own that starts with a coded row or a row of figures (no header), or repeats the header,
    goes on from the one before when it has as many columns, or when both hold one figure a row."""
    current: tuple[Grid, list[GridRow], bool] | None = None
    for g in grids:
        rows = list(g.rows)
        if current is not None and sum(1 for r in current[1] if r.code) >= MIN_CODED:
            rows = [_recoded(r) for r in rows]      # a page of a coded table whose codes were read as figures
        single = _single(rows)
        if current is not None and rows and not g.template and not _TOTAL.match(rows[0].name) and (
                rows[0].row == 1 or rows[0].code
                or [c.header for c in g.columns] == [c.header for c in current[0].columns]) and (
                len(g.columns) == len(current[0].columns) and not (single and current[2])
                or single and current[2]):
            current[1].extend(rows)
            continue
        if current is not None:
            yield current
        current = (g, list(g.rows), _single(list(g.rows)))
    if current is not None:
        yield current


def _recoded(row: GridRow) -> GridRow:
    """A row whose first figure is a class code (30218 ⏎ 专用材料费 ⏎ 65.00, the code not taken as one on a page of its
    own): the code taken off its figures."""
    code, figures = ("", row.figures) if row.code else code_among(row.figures)
    return evolve(row, code=code, level=level_of(code), figures=figures) if code else row


# 款 of the function classification that many governments leave out of their published tables while their 类 rows
# include them (national security, state secrets, defence, party and discipline-inspection bodies): a 类 row above
# its listed 款 is read only when they add up, if one of these is missing among them
WITHHELD = frozenset({"20111", "20131", "20132", "20133", "20134", "20135", "20136", "20137", "20138",
                      "20301", "20304", "20305", "20306", "20399", "20403", "20410"})


def _hierarchy(grid: Grid, rows: list[GridRow], single: bool, stray: set[str], closed: bool) -> Iterator[Relation]:
    amount_cols = [-1] if single else [c.index for c in grid.columns if not c.percent]
    for n, parent in enumerate(rows):
        complete = True
        if parent.code:
            children, complete = _under(rows, n)
            complete = complete or closed     # a table followed by another's caption has no more rows
        elif _TOTAL.match(parent.name) and n + 1 < len(rows) and rows[n + 1].code:
            children = _top_level(rows, n)
        else:
            continue
        if not children:
            continue
        if any(c.startswith(parent.code) for c in stray):
            complete = False      # a row of its own was left out of the table: read only when it adds up
        # 204 公共安全支出 above its 款 without 20403 国家安全 (between 20402 and 20404): a class many publish without
        # it, its rows falling short
        listed = {r.code for r in children or ()}
        withheld = bool(parent.code and listed) and any(
            c.startswith(parent.code) and len(c) == len(parent.code) + 2 and c not in listed and c < max(listed)
            for c in WITHHELD)
        for k in amount_cols:
            total = _figure(parent, k)
            if total is None:
                continue
            parts = [q for q in (_figure(c, k) for c in children) if q is not None]
            if not parts:
                continue
            rel = _relation(grid, parent, children, k, total, parts)
            short = withheld and sum((q.value for q in parts), Decimal(0)) < total.value
            if rel.holds or complete and not short:
                yield rel     # rows that run to the table's end may go on past it: only read when they add up


def _amount_column(grid: Grid, single: bool) -> int:
    """The column a coded table's row amounts are read from: -1 (a row's one figure) in a table of one amount column,
    else its total column."""
    return -1 if single else _total_column(grid)


def _figure(row: GridRow, k: int) -> Quantity | None:
    """A row's figure in column k (-1: its one figure, in whichever column it stands)."""
    if k >= 0:
        return row.figures[k]
    return next((q for q in row.figures if q is not None), None)


def _under(rows: list[GridRow], n: int) -> tuple[list[GridRow] | None, bool]:
    """The rows coded directly under rows[n] (its code and two digits more), None when what follows it is not only
    its own rows up to the next code of its level or above; and whether a row after them shows they end there (at
    the table's end they may go on past what was read)."""
    code = rows[n].code
    children: list[GridRow] = []
    for r in rows[n + 1:]:
        if not r.code:
            if _TOTAL.match(r.name):
                return children or None, True
            return None, True     # a row without a code among them: not a hierarchy auditor can read
        if not r.code.startswith(code) or len(r.code) <= len(code):
            return children or None, True
        if len(r.code) == len(code) + 2:
            children.append(r)
        elif not any(r.code.startswith(c.code) for c in children):
            return None, True     # a deeper code with no parent among them: a level is missing
    return children or None, False


def _top_level(rows: list[GridRow], n: int) -> list[GridRow] | None:
    """The rows of the top level (the shortest code) after a 合计 row, when every coded row after it falls under
    one of them and the table ends with them."""
    after = rows[n + 1:]
    if any(not r.code for r in after):
        return None
    top = min(len(r.code) for r in after)
    children = [r for r in after if len(r.code) == top]
    if not after[0].code or len(after[0].code) != top:
        return None
    if any(not any(r.code.startswith(c.code) for c in children) for r in after):
        return None
    return children


def _relation(grid: Grid, parent: GridRow, children: list[GridRow], k: int, total: Quantity,
              parts: list[Quantity]) -> Relation:
    computed = sum_intervals(printed(q.value) for q in parts)
    places = max(q.decimals for q in (total, *parts))
    shown = fmt(computed.mid, places)
    what = f"{parent.code} {parent.name}".strip() if parent.code else parent.label
    header = grid.columns[k].header if k >= 0 else ""
    text = " + ".join(f"{q.text}" for q in parts) + f" = {shown}"
    codes = "、".join(c.code for c in children[:6]) + ("…" if len(children) > 6 else "")
    return Relation(kind="sum", result=total, terms=tuple(parts), holds=computed.overlaps(printed(total.value)),
                    computed=shown, source="table-codes",
                    scope=f"表{grid.table}第{parent.row}行“{what}”" + (f"（{header}）" if header else "")
                    + f"，其下 {codes}", text=text, start=total.start, end=total.end, span=total.span, row=parent.row)


# the department templates whose two sides balance by construction (结转下年 is a spending line of them)
BALANCED = ("部门收支总表", "财政拨款收支总表", "收入支出决算总表", "财政拨款收入支出决算总表")
_SIDE = rx.compile(r"^(收入|支出)(总计|合计)$")


def _balanced(report: Report) -> Iterator[Relation]:
    """收入总计 = 支出总计 in a department's 收支总表 (or 财政拨款收支总表): the table of the template, with the tables
    after it that have no caption of their own (the pages it ran on to, up to three). 总计 is taken over 合计 on each
    side (本年收入合计 and the balance brought forward make the 收入总计 of a 决算); read only when each side's total
    is written once."""
    tables = {t.index: t for t in report.tables}
    grids = list(report.grids)
    for n, g in enumerate(grids):
        if g.template not in BALANCED:
            continue
        parts = _with_continuations(tables, grids, n)
        sides: dict[str, dict[str, list[tuple[str, Quantity]]]] = {"收入": {}, "支出": {}}
        for t in parts:
            for word, figure in _labelled(t, lambda w: _SIDE.match(w) is not None, below=False):
                side = _SIDE.match(word)
                assert side is not None
                sides[side.group(1)].setdefault(side.group(2), []).append((word, figure))
        income = sides["收入"].get("总计") or sides["收入"].get("合计")
        spending = sides["支出"].get("总计") or sides["支出"].get("合计")
        if not income or not spending or len(income) != 1 or len(spending) != 1:
            continue
        (in_name, a), (out_name, b) = income[0], spending[0]
        holds = printed(a.value).overlaps(printed(b.value))
        yield Relation(kind="sum", result=b, terms=(a,), holds=holds, computed=a.text, source="table-template",
                       scope=f"表{g.table}（{g.template}）", text=f"{in_name} {a.text} = {out_name}", start=b.start,
                       end=b.end, span=b.span)


def _with_continuations(tables: dict[int, Table], grids: list[Grid], n: int) -> list[Table]:
    """The n-th grid's table, with the tables after it that have no caption of their own (the pages it ran on to,
    up to three), each its own part of its table."""
    parts = [_own(tables[grids[n].table], grids[n])]
    for nxt in grids[n + 1:n + 4]:
        if nxt.template:
            break
        parts.append(_own(tables[nxt.table], nxt))
    return parts


# …检察（款）行政运行（项）支出 7968.14 万元: a row named by its class path, the amount right after it
# a name may hold a short bracket of its own: 政府办公厅（室）及相关机构事务（款）
_INNER = r"[（(](?![类款项]\s*[）)])[\u4e00-\u9fff]{1,4}[）)]"
_PATH = rx.compile(r"(?P<path>(?:(?:[\u4e00-\u9fff“”]|" + _INNER + r"){1,30}[（(]\s*[类款项]\s*[）)]\s*){1,3})(?:支出)?\s*"
                   r"(?:预算数?|为|是)*\s*$")
_SEGMENT = rx.compile(r"((?:[^（()）]|" + _INNER + r")+)[（(]\s*([类款项])\s*[）)]")
_FUND = rx.compile(r"一般公共|政府性基金|国有资本|财政拨款|三公|机关运行|政府采购|项目")
_EXPLAINS = rx.compile(r"([\u4e00-\u9fff“”、\s]{2,40}?)\s*情况说明")


def class_statements(report: Report) -> list[Relation]:
    """Amounts the text states for a row it names by its class path (1．检察（款）行政运行（项）支出7968.14万元) against that
    row of the coded table the section explains (五、财政拨款支出预算表情况说明 → the 财政拨款支出预算表), or, when the
    section names none, of every coded table that has the row (all of them giving it one figure). The words of the path
    are the rows' names (支出 taken off; the 类/款/项 marks are often wrong, so the level comes from the codes): the last
    names the row, each other one of its rows above. A path that fits no row, or two with different figures, is not
    read."""
    tables = [(g, rows, single) for g, rows, single in whole_tables(report) if sum(1 for r in rows if r.code) >= MIN_CODED]
    if not tables:
        return []
    out: list[Relation] = []
    heads = explanations(report)
    spans = [(p.start, p.end) for p in report.paragraphs if "（项）" in p.text or "（款）" in p.text]
    spans += [(h.start, h.end) for h in report.headings if "（项）" in h.title or "（款）" in h.title]
    for start, end in sorted(spans):
        for q in report.quantities_in(start, end + 1, ("amount",)):
            before = report.text[max(start, q.start - 90):q.start]
            m = _PATH.search(before.replace("\n", ""))
            if m is None or q.approx:
                continue
            names = [_norm(s) for s, _level in _SEGMENT.findall(m.group("path"))]
            if not names or not names[-1]:
                continue
            explained = _explained(heads, q.start)
            chosen = [t for t in tables if t[0].template == explained] if explained else []
            if explained and not chosen and any(g.template == explained for g in report.grids):
                continue          # the section explains a table auditor did not read as a coded one (when no table
                #                   has its caption, the coded tables of no known template may be it)
            found = _path_rows(chosen or [t for t in tables if not explained or not t[0].template], names)
            if found is None or (len(names) == 1 and not chosen):
                continue          # one name alone, with no table bound by the section: too loose
            grid, row, figure = found
            unit = unit_of(grid, report)
            if not unit:
                continue
            stated = convert_interval(printed(q.value), q.unit, unit)
            holds = stated.overlaps(printed(figure.value))
            shown = fmt(convert(figure.value, unit, q.unit), q.decimals)
            out.append(Relation(kind="sum", result=q, terms=(figure,), holds=holds, computed=shown,
                                source="prose-table-class",
                                scope=f"“…{m.group('path').strip()}…”", start=q.start, end=q.end, span=q.span,
                                text=f"表{grid.table}第{row.row}行“{row.code} {row.name}”为 {figure.text}{unit}"))
    return out


def _norm(name: str) -> str:
    name = re.sub(r"[\s“”]", "", name)
    return name.removesuffix("支出")


def _explanations(text: str) -> list[tuple[int, str]]:
    """Where each …情况说明 title starts, with the template of the table it explains ('' for none)."""
    out = []
    for m in _EXPLAINS.finditer(text):
        name = m.group(1)
        # 五、财政拨款支出预算情况说明 (the 财政拨款支出预算表); 一、收支预算总体情况说明 and 二、收入预算情况说明 (the
        # 收支预算总表 and 收入预算总表)
        t = (template_of(name) or template_of(name + "表") or template_of(name.replace("总体", "总表"))
             or (template_of(name + "总表") if not _FUND.search(name) else None))
        out.append((m.start(), t.id if t else ""))
    return out


def sections(titles: list[tuple[int, str]], size: int) -> Iterator[tuple[int, int, str]]:
    """Each …情况说明 section: where its title starts, where the next one does (or the text ends), its template."""
    for n, (at, template) in enumerate(titles):
        yield at, titles[n + 1][0] if n + 1 < len(titles) else size, template


def _explained(titles: list[tuple[int, str]], at: int) -> str:
    """The template of the table the …情况说明 section around ``at`` explains, '' when it names none."""
    k = bisect_right(titles, at, key=lambda h: h[0]) - 1
    return titles[k][1] if k >= 0 else ""


def _path_rows(tables: list[tuple[Grid, list[GridRow], bool]], names: list[str]
               ) -> tuple[Grid, GridRow, Quantity] | None:
    found: list[tuple[Grid, GridRow, Quantity]] = []
    for grid, rows, single in tables:
        by_code = {r.code: r for r in rows if r.code}
        for r in rows:
            if not r.code or _norm(r.name) != names[-1]:
                continue
            ancestors = [by_code[r.code[:n]] for n in range(3, len(r.code), 2) if r.code[:n] in by_code]
            if all(any(_norm(a.name) == s or s.endswith(_norm(a.name)) for a in ancestors) for s in names[:-1]):
                figure = _figure(r, _amount_column(grid, single))
                if figure is not None:
                    found.append((grid, r, figure))
    if not found and len(names) >= 2 and names[-1] not in _GENERIC and not names[-1].startswith("其他"):
        # the 款 named by its name of another year (行政事业单位离退休（款）for 行政事业单位养老支出): a 项 whose name
        # is its own (not 行政运行, which every 款 has) and is in the tables once is that row
        unique = [(grid, r, single) for grid, rows, single in tables for r in rows
                  if len(r.code) == 7 and _norm(r.name) == names[-1]]
        if len(unique) == 1:
            grid, r, single = unique[0]
            figure = _figure(r, _amount_column(grid, single))
            if figure is not None:
                found.append((grid, r, figure))
    if not found or len({f[2].value for f in found}) != 1:
        return None
    return found[0]


# 项 that most 款 have: their name alone does not say which row
_GENERIC = frozenset({"行政运行", "一般行政管理事务", "机关服务", "事业运行", "专项业务", "信息化建设"})


def _total_column(grid: Grid) -> int:
    """The column of a coded table's row totals: the one headed 合计, else its first column of amounts."""
    amounts = [c for c in grid.columns if not c.percent]
    headed = [c for c in amounts if "合计" in c.header or "金额" in c.header]
    return (headed or amounts)[0].index if amounts else 0


# the tables whose explaining section opens with the table's total (a 三公 table of 会议费 and 培训费 as well does not)
_OPENS_WITH_TOTAL = ("部门收支总表", "部门收入总表", "部门支出总表", "财政拨款收支总表", "财政拨款支出表", "财政拨款基本支出表",
                     "一般公共预算支出表", "一般公共预算基本支出表", "机关运行经费支出表", "政府采购预算表",
                     "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
                     "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表")
_TOTAL_CELL = ("收入总计", "总计", "收入合计", "合计")
_TOTAL_WORDS = rx.compile(r"预算|决算|合计|总计|总额|支出|收入")
_NOT_TOTAL = rx.compile(r"其中|占|较|比|增加|减少|增长|下降|包括|主要")


def section_totals(report: Report) -> list[Relation]:
    """五、财政拨款支出预算表情况说明 … 2017年财政拨款预算支出17981.68万元: the section that explains a standard table
    opens with the table's total (收入总计, 总计 or 合计, in that order). The first amount after the section's title,
    in a clause that names a budget, a total or a spending and is no 其中, share or change, is read against it, when
    one table of the report has that template and its total is written once."""
    titles = explanations(report)
    if not titles:
        return []
    tables = {t.index: t for t in report.tables}
    grids = list(report.grids)
    by_template: dict[str, list[int]] = {}
    for n, g in enumerate(grids):
        if g.template:
            by_template.setdefault(g.template, []).append(n)
    out: list[Relation] = []
    for at, end, template in sections(titles, len(report.text)):
        if template not in _OPENS_WITH_TOTAL or len(by_template.get(template, [])) != 1:
            continue
        n = by_template[template][0]
        grid = grids[n]
        # the total, on the table's first page or on a page it ran on to
        total = next((t for part in _with_continuations(tables, grids, n) if (t := _grand_total(part)) is not None),
                     None)
        unit = unit_of(grid, report)
        if total is None or not unit:
            continue
        amounts = [q for q in report.quantities_in(at, min(end, at + 400), ("amount",)) if q.start > at]
        if not amounts:
            continue
        q = amounts[0]
        clause = re.split(r"[。；;，,]", report.text[at:q.start])[-1]
        if q.approx or not _TOTAL_WORDS.search(clause) or _NOT_TOTAL.search(clause):
            continue
        stated = convert_interval(printed(q.value), q.unit, unit)
        holds = stated.overlaps(printed(total.value))
        out.append(Relation(kind="sum", result=q, terms=(total,), holds=holds,
                            computed=fmt(convert(total.value, unit, q.unit), q.decimals), source="prose-table-total",
                            scope="“…" + re.sub(r"\s+", "", clause)[-24:] + "…”", start=q.start, end=q.end, span=q.span,
                            text=f"表{grid.table}（{grid.template}）的总计为 {total.text}{unit}"))
    return out


def _own(table: Table, grid: Grid) -> Table:
    """The part of a table a grid reads (a PDF table holding two tables gives a grid to each, auditor/grids.py)."""
    if grid.start <= table.start and grid.end >= table.end:
        return table
    return evolve(table, cells=tuple(c for c in table.cells if grid.start <= c.start and c.end <= grid.end))


def _labelled(table: Table, label: Callable[[str], bool], below: bool) -> Iterator[tuple[str, Quantity]]:
    """Each cell of a table whose words (spaces taken off) ``label`` accepts, with its figure: the first to its right
    before the next such label, else (``below``: a header) the one under it."""
    rows = [sorted(row, key=lambda c: c.col) for row in table.rows()]
    for r, row in enumerate(rows):
        for i, c in enumerate(row):
            word = re.sub(r"\s", "", c.text)
            if not label(word):
                continue
            figure = next((d.value for d in row[i + 1:] if d.value is not None or label(re.sub(r"\s", "", d.text))),
                          None)
            if figure is None and below and r + 1 < len(rows):
                figure = next((d.value for d in rows[r + 1] if d.col == c.col and d.value is not None), None)
            if figure is not None:
                yield word, figure


def _grand_total(table: Table) -> Quantity | None:
    """A table's total: the figure right of (or, for a header, under) its 收入总计 / 总计 / 收入合计 / 合计 cell, taking
    the first of these the table has; None when that total is written with two different figures."""
    found: dict[str, list[Quantity]] = {}
    for word, figure in _labelled(table, lambda w: w in _TOTAL_CELL, below=True):
        found.setdefault(word, []).append(figure)
    for word in _TOTAL_CELL:
        values = found.get(word)
        if values:
            return values[0] if len({v.value for v in values}) == 1 else None
    return None


_BASIC = ("财政拨款基本支出表", "一般公共预算基本支出表", "一般公共预算财政拨款基本支出决算表")
_STAFF = ("301", "303")       # 工资福利支出, 对个人和家庭的补助: 人员经费; the other 类 of 基本支出 are 公用经费
_COST = rx.compile(r"(?P<kind>人员经费|公用经费)\s*(?:支出)?\s*(?:预算数?|决算数?)?\s*(?:为|是)?\s*$")


def staff_and_office(report: Report) -> list[Relation]:
    """（一）人员经费9710.42万元。…（二）公用经费2598.06万元 in the section that explains a 基本支出 table (by economic
    class): 人员经费 is its 301 工资福利支出 + 303 对个人和家庭的补助, 公用经费 its other 类 (302 商品和服务支出, 310 …).
    Read when one coded table of the report has the section's template and its top-level codes are economic (3xx)."""
    titles = explanations(report)
    if not titles:
        return []
    tables = [(g, rows, single) for g, rows, single in whole_tables(report)
              if g.template in _BASIC and sum(1 for r in rows if r.code) >= MIN_CODED]
    out: list[Relation] = []
    for at, end, template in sections(titles, len(report.text)):
        mine = [t for t in tables if t[0].template == template]
        if template not in _BASIC or len(mine) != 1:
            continue
        grid, rows, single = mine[0]
        unit = grid.unit if grid.unit in UNITS else ""
        top = [r for r in rows if r.code and len(r.code) == 3]
        if not unit or not top or any(not r.code.startswith("3") for r in top):
            continue
        k = _amount_column(grid, single)
        figures = {r.code: _figure(r, k) for r in top}
        if any(f is None for f in figures.values()):
            continue
        seen: set[str] = set()
        for q in report.quantities_in(at, min(end, at + 1500), ("amount",)):
            m = _COST.search(report.text[max(at, q.start - 14):q.start])
            if m is None or q.approx or m.group("kind") in seen:
                continue
            kind = m.group("kind")
            seen.add(kind)
            codes = [c for c in figures if (c in _STAFF) == (kind == "人员经费")]
            parts = [f for c in codes if (f := figures[c]) is not None]
            if not parts:
                continue
            computed = sum_intervals(printed(p.value) for p in parts)
            stated = convert_interval(printed(q.value), q.unit, unit)
            shown = fmt(convert(computed.mid, unit, q.unit), q.decimals)
            named = " + ".join(f"{c} {p.text}" for c, p in zip(codes, parts, strict=True))
            out.append(Relation(kind="sum", result=q, terms=tuple(parts), holds=computed.overlaps(stated),
                                computed=shown, source="prose-table-econ", scope=f"“…{kind}…”（表{grid.table}，{template}）",
                                text=f"{kind} = {named} = {fmt(computed.mid, max(p.decimals for p in parts))}{unit}",
                                start=q.start, end=q.end, span=q.span))
    return out
