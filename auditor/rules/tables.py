"""Table rules: a 合计/小计/总计 row or column that is not the sum of its cells; a score above its maximum."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import takewhile
from types import MappingProxyType
from typing import cast

from auditor import rx
from auditor.arith import Interval, convert, convert_interval, fmt, printed, sum_intervals
from auditor.columns import TOTAL_ROW, row_figures
from auditor.engine import Checked, Context, Finding, Rule, Term
from auditor.model import Cell, Fact, Quantity, Report, Table

_TOTAL = TOTAL_ROW
_SUB = rx.compile(r"^(?:其中|\s)")
_WEIGHT = rx.compile(r"分值|满分|权重|标准分")
_SCORE = rx.compile(r"^(?:自评)?得分$|^评分$")
_CELL_FIGURE = rx.compile(r"^[-−]?\d[\d,]*(?:\.\d+)?%?$")
_HUNDRED = Decimal(100)
_RATIO_HEAD = rx.compile(r"%|％|率|增幅|增长|增减|比重|占比|占.*比")


_ROW_NUMBER = rx.compile(r"[1-9]\d?")


_NESTED = rx.compile(r"^\s*小\s*计\s*$")


def _sum_holds(total: Cell, nums: list[Quantity]) -> bool:
    assert total.value is not None
    return sum_intervals(printed(q.value) for q in nums).overlaps(printed(total.value.value))


def _place(t: Table, c: Cell) -> str:
    return f"表{t.index}第{c.row}行第{c.col}列"


def _header(rows: list[list[Cell]], col: int) -> str:
    return next((c.text for c in rows[0] if c.col == col), "") if rows else ""


def _at(row: list[Cell], col: int) -> Cell | None:
    return next((c for c in row if c.col == col), None)


class TableTotals(Rule):
    """A 合计/总计/小计 row, or a 合计 column, of a table is not the sum of the cells it totals.

    Rows labelled 其中… (a breakdown of the row above) are left out of the sum; a table with 小计 rows has
    its 合计 row left unchecked. The finding names the cell (表1第4行第2列).
    """

    code = "TABLE001"
    name = "table.total"
    category = "sum"
    severity = "error"
    examples = MappingProxyType({
        "pass": [{"text": "项目\t合计\t基本支出\t项目支出\n一般公共服务\t120.50\t100.20\t20.30\n"
                          "卫生健康\t865.30\t560.10\t305.20\n合计\t985.80\t660.30\t325.50"}],
        "fail": [{"text": "项目\t合计\t基本支出\t项目支出\n一般公共服务\t120.50\t100.20\t20.30\n"
                          "卫生健康\t865.30\t560.10\t305.20\n合计\t985.90\t660.30\t325.50", "expect_line": 4,
                  "quote": "985.90"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for t in report.tables:
            if not t.aligned:       # rows set apart by spaces: a missing cell shifts the columns
                yield from self._total_rows_in_text(t, ctx)
                continue
            rows = t.rows()
            if len(rows) < 3:
                continue
            yield from self._total_rows(t, rows, ctx)
            yield from self._total_column(t, rows, ctx)

    def _total_rows(self, t: Table, rows: list[list[Cell]], ctx: Context) -> Iterator[Finding]:
        has_subtotal = any(_TOTAL.match(r[0].text) and "小" in r[0].text for r in rows[1:])
        start = 1
        for k, row in enumerate(rows[1:], start=1):
            label = row[0].text
            if not _TOTAL.match(label):
                continue
            if "小" not in label and has_subtotal:
                continue
            body = [r for r in rows[start:k] if not _SUB.match(r[0].text) and not _TOTAL.match(r[0].text)]
            start = k + 1
            checks: list[tuple[Cell, list[Quantity], str]] = []
            for cell in row[1:]:
                head = _header(rows, cell.col)
                if cell.value is None or _RATIO_HEAD.search(head) or _CELL_FIGURE.match(head.strip()):
                    continue        # a column of percentages (增幅%, 占比) has no total; a figure for a header is
                    #                 a table whose first row was not read as its header
                parts = [(_at(r, cell.col)) for r in body]
                if any(p is not None and p.value is None and p.text.strip("-— ") for p in parts):
                    continue   # a text cell in the column: not a column of figures
                nums = [p.value for p in parts if p is not None and p.value is not None]
                if len(nums) < 2:
                    continue
                if "%" in cell.text and cell.value.value != _HUNDRED \
                        and abs(sum(q.value for q in nums) - _HUNDRED) > 1:
                    continue   # rates printed with % (毛利率 under a header of two rows): their 合计 is the whole's rate,
                    #            not their sum; shares (占比) add up to 100.00%, or their total says 100%
                checks.append((cell, nums, f"{_header(rows, cell.col)}“{label}”"))
            # the rows a 合计 gathers are read from the layout (a 小计 before it, merged cells of a PDF): when the
            # sum fails in every column but holds in none, the rows were misread, not the figures
            if len(checks) >= 2 and not any(_sum_holds(c, n) for c, n, _w in checks):
                checks = []
            for cell, nums, what in checks:
                yield from self._judge(t, ctx, cell, nums, what)

    def _total_rows_in_text(self, t: Table, ctx: Context) -> Iterator[Finding]:
        """A 合计 row of a table in text (cells set apart by spaces, an empty cell leaving no gap): its columns are
        trusted only when every row it gathers has as many figures as it has (row numbers 1, 2, 3 … left out)."""
        rows = row_figures(t)
        firsts = {row[0].row: row[0] for row in t.rows() if row}
        start = 0
        for k, (label, _r, nums) in enumerate(rows):
            if not _TOTAL.match(label.strip()):
                continue
            body = [(lb, n) for lb, _x, n in rows[start:k] if n and not _SUB.match(lb) and not _TOTAL.match(lb.strip())]
            start = k + 1
            width = len(nums)
            if width < 2 or len(body) < 2 or any(len(n) != width for _lb, n in body):
                continue
            if any(n[0] is firsts.get(n[0].row) and _ROW_NUMBER.fullmatch(n[0].text) for _lb, n in body):
                continue            # 1   88.49%   0.10 beside 4   100.00%   0.09   0.09: a row's number kept as
                #                     a figure, and a cell missing: the columns do not line up
            checks: list[tuple[Cell, list[Quantity], str]] = []
            for col, cell in enumerate(nums):
                parts = [n[col].value for _lb, n in body]
                if any(p is None for p in parts) or "%" in cell.text or any("%" in n[col].text for _lb, n in body):
                    continue            # a column of rates has no total
                values = [p.value for p in parts if p is not None]
                if cell.value is not None and min(values) >= 0 and cell.value.value < max(values):
                    continue            # less than one of its parts: a rate (执行率 under a header in another line)
                checks.append((cell, cast(list[Quantity], parts), f"“{label.strip()}”行第{col + 1}个数"))
            if len(checks) >= 2 and not any(_sum_holds(c, n) for c, n, _w in checks):
                continue            # fails in every column: the rows it gathers were misread
            money = t.unit in ("元", "万元", "亿元")
            for cell, items, what in checks:
                # small whole numbers in a table not said to be of money are counts (项目个数): they add up exactly
                exact = not money and all(q.value == q.value.to_integral_value() and abs(q.value) < 1000
                                          for q in (cell.value, *items) if q is not None)
                yield from self._judge(t, ctx, cell, items, what, exact=exact)

    def _total_column(self, t: Table, rows: list[list[Cell]], ctx: Context) -> Iterator[Finding]:
        head = rows[0]
        total_col = next((c.col for c in head if _TOTAL.match(c.text)), None)
        if total_col is None:
            return
        heads = list(takewhile(lambda row: all(c.value is None for c in row), rows[1:]))
        if any(_NESTED.match(c.text) for row in heads for c in row if c.col > total_col):
            return     # a 小计 under a header of several rows: the columns nest (“三公”经费: 小计, 因公出国…), their
            #            sum counts each 小计's parts twice
        checks = []
        for row in rows[1:]:
            cell = _at(row, total_col)
            if cell is None or cell.value is None:
                continue
            parts = [c for c in row if c.col > total_col and not _RATIO_HEAD.search(_header(rows, c.col))]
            if len(parts) < 2 or any(c.value is None and c.text.strip("-— ") for c in parts):
                continue
            nums = [c.value for c in parts if c.value is not None]
            checks.append((cell, nums, f"“{row[0].text}”行的合计"))
        # 合计 may head a group of columns (合计: 快报数 同期数 增幅%) rather than total the columns after it: the
        # column is read as a total only when it is one in most rows
        held = sum(1 for cell, nums, _w in checks if _sum_holds(cell, nums))
        if len(checks) >= 2 and held < Decimal("0.8") * len(checks):
            return
        for cell, nums, what in checks:
            yield from self._judge(t, ctx, cell, nums, what)

    def _judge(self, t: Table, ctx: Context, cell: Cell, nums: list[Quantity], what: str, *,
               exact: bool = False) -> Iterator[Finding]:
        total = cell.value
        assert total is not None
        places = max(q.decimals for q in [total, *nums])
        terms = " + ".join(q.text for q in nums)
        exact_sum = sum((q.value for q in nums), Decimal(0))
        ok = exact_sum == total.value if exact else _sum_holds(cell, nums)
        finding = None
        if ok:
            ctx.holds(self, f"{_place(t, cell)} {what} {total.text} = {terms}", cell.span,
                      tuple(Term(coef=c, quantity=q) for c, q in [(1, total)] + [(-1, q) for q in nums]))
        else:
            ctx.count(self)
            finding = self.finding(f"{_place(t, cell)} {what}：{terms} = {fmt(exact_sum, places)}，表中为 {total.text}",
                                   cell.span, suggestion=fmt(exact_sum, places),
                                   evidence={"table": t.index, "row": cell.row, "column": cell.col,
                                             "total": total.text, "parts": [q.text for q in nums],
                                             "sum": fmt(exact_sum, places)})
        ctx.relations.append(Checked(quantities=(total, *nums), recheck=_recheck(total, nums, exact),
                                     solve=_solve(total, nums), finding=finding))
        if finding is not None:
            yield finding


def _recheck(total: Quantity, nums: list[Quantity], exact: bool = False) -> Callable[[Quantity, Decimal], bool]:
    def recheck(q: Quantity, value: Decimal) -> bool:
        if exact:
            return sum((value if x is q else x.value for x in nums), Decimal(0)) == (value if total is q else total.value)

        def iv(x: Quantity) -> Interval:
            return printed(value.quantize(Decimal(1).scaleb(-x.decimals)) if x is q else x.value)
        return sum_intervals(iv(x) for x in nums).overlaps(iv(total))
    return recheck


def _solve(total: Quantity, nums: list[Quantity]) -> Callable[[Quantity], Decimal | None]:
    def solve(q: Quantity) -> Decimal | None:
        if q is total:
            return sum((x.value for x in nums), Decimal(0))
        if any(x is q for x in nums):
            return total.value - sum((x.value for x in nums if x is not q), Decimal(0))
        return None
    return solve


class TableScoreWithinMaximum(Rule):
    """In a score table, a 得分 cell is higher than the 分值 (maximum) of its row."""

    code = "TABLE002"
    name = "table.score-within-weight"
    category = "score"
    severity = "error"
    examples = MappingProxyType({
        "pass": [{"text": "指标\t分值\t得分\n预算编制\t18\t17\n预算执行\t42\t40"}],
        "fail": [{"text": "指标\t分值\t得分\n预算编制\t18\t19\n预算执行\t42\t40", "expect_line": 2, "quote": "19"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for t in report.tables:
            if not t.aligned:       # rows set apart by spaces: a missing cell shifts the columns
                continue
            rows = t.rows()
            if not rows:
                continue
            w_col = next((c.col for c in rows[0] if _WEIGHT.search(c.text)), None)
            s_col = next((c.col for c in rows[0] if _SCORE.match(c.text)), None)
            if w_col is None or s_col is None:
                continue
            for row in rows[1:]:
                w, s = _at(row, w_col), _at(row, s_col)
                if w is None or s is None or w.value is None or s.value is None:
                    continue
                ctx.count(self)
                if s.value.value > w.value.value:
                    yield self.finding(f"{_place(t, s)} 得分 {s.text} 高于分值 {w.text}（“{row[0].text}”）", s.span,
                                       evidence={"table": t.index, "row": s.row, "score": s.text, "weight": w.text})


_UNIT = rx.compile(r"单位[:：]\s*(亿元|万元|元)")
_VALUE_COLUMN = rx.compile(r"合\s*计|金额|决算数|预算数|支出数|实际数|本年数")


class TableMatchesText(Rule):
    """A figure in a table differs from the same labelled figure in the text (基本支出 in the table vs the text).

    Needs the table's unit (单位：万元 just before the table or in its header), a row labelled with a known
    fact label, one value column (the only numeric one, or 合计/金额/决算数/预算数…), and exactly one value
    for that label in the text, of the same budget stage.
    """

    code = "TABLE003"
    name = "table.matches-text"
    category = "consistency"
    # info until facts carry their scope (issue 12): on held-out 决算 PDFs every finding set a table of one scope
    # (一般公共预算基本支出, a 预算 column) against the text's figure of another (the 三公 of all funds)
    severity = "info"
    examples = MappingProxyType({
        "pass": [{"text": "2024年基本支出为660.30万元，项目支出为325.50万元。\n支出情况如下（单位：万元）：\n"
                          "项目\t决算数\t上年数\n基本支出\t660.30\t640.00\n项目支出\t325.50\t300.00"}],
        "fail": [{"text": "2024年基本支出为650.30万元，项目支出为325.50万元。\n支出情况如下（单位：万元）：\n"
                          "项目\t决算数\t上年数\n基本支出\t660.30\t640.00\n项目支出\t325.50\t300.00",
                  "expect_line": 4, "quote": "660.30"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        lex = report.lexicon
        if lex is None:
            return
        # (label, stage) -> its text facts and whether they state one value: found once per report
        chosen: dict[tuple[str, str | None], tuple[list[Fact], bool]] = {}
        # a label in rows of several tables (全省 and 省本级, 收入 and 支出 tables of a 决算 with a hundred tables)
        # names figures of several scopes: the text's figure may be any of them
        rows_of: dict[str, int] = {}
        for t in report.tables:
            for row in t.rows()[1:]:
                name = lex.by_synonym.get(row[0].text.strip()) if row else None
                if name is not None:
                    rows_of[name] = rows_of.get(name, 0) + 1
        for t in report.tables:
            if not t.aligned:       # rows set apart by spaces: a missing cell shifts the columns
                continue
            rows = t.rows()
            unit = self._unit(report, t, rows)
            if unit is None or len(rows) < 2:
                continue
            col = self._value_column(rows)
            if col is None:
                continue
            stage = "决算" if "决算" in _header(rows, col) else "预算" if "预算" in _header(rows, col) else None
            for row in rows[1:]:
                label = lex.by_synonym.get(row[0].text.strip())
                cell = _at(row, col)
                if label is None or cell is None or cell.value is None or rows_of.get(label, 0) > 1:
                    continue
                if (label, stage) not in chosen:
                    facts = sorted(
                        (f for f in report.facts_by_label().get(label, []) if f.quantity.unit in ("元", "万元", "亿元")
                         and not f.quantity.approx and (report.year is None or f.year in (None, report.year))
                         and (stage is None or stage in f.qualifiers or (not f.qualifiers and stage != "预算"))),
                        key=lambda f: f.index)   # a 预算 column is compared only with text that says 预算
                    values = {convert(f.quantity.value, f.quantity.unit, "元") for f in facts}
                    chosen[label, stage] = (facts, len(values) == 1)
                facts, one = chosen[label, stage]
                if not one:
                    continue
                fact = facts[0]
                ctx.count(self)
                in_table = convert_interval(printed(cell.value.value), unit, "元")
                in_text = convert_interval(printed(fact.quantity.value), fact.quantity.unit, "元")
                line = report.lines.position(fact.quantity.span.start)[0]
                if in_table.overlaps(in_text):
                    ctx.holds(self, f"{_place(t, cell)} {row[0].text} {cell.text}{unit} = 正文第 {line} 行 "
                                    f"{fact.quantity.text}{fact.quantity.unit}", cell.span)
                    continue
                yield self.finding(f"{_place(t, cell)}“{row[0].text}”为 {cell.text}{unit}，正文第 {line} 行为 "
                                   f"{fact.quantity.text}{fact.quantity.unit}", cell.span,
                                   evidence={"table": t.index, "row": cell.row, "column": cell.col, "label": label,
                                             "table_value": cell.text, "unit": unit, "text_value": fact.quantity.text,
                                             "text_unit": fact.quantity.unit, "text_line": line})

    def _unit(self, report: Report, t: Table, rows: list[list[Cell]]) -> str | None:
        before = report.text[max(0, t.start - 80):t.start]
        found = _UNIT.findall(before) or [u for c in rows[0] for u in _UNIT.findall(c.text)] or \
            [u for c in rows[0] for u in re.findall(r"[（(](亿元|万元|元)[）)]", c.text)]
        return found[-1] if found else None

    def _value_column(self, rows: list[list[Cell]]) -> int | None:
        numeric = sorted({c.col for r in rows[1:] for c in r if c.value is not None})
        if len(numeric) == 1:
            return numeric[0]
        named = [c for c in rows[0] if _VALUE_COLUMN.search(c.text) and c.col in numeric]
        # a table of 预算数 and 决算数 is compared with the text by its 决算数: the text of a 决算 states the result
        final = [c.col for c in named if "决算" in c.text or "执行" in c.text]
        return final[0] if final else named[0].col if named else None
