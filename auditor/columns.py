"""Relations between the columns of a table, read from the rows where they hold.

A finance table states its arithmetic in columns: 决算数 as a share of 预算数 (占预算%, 执行率), 比上年增长%, a
合计 column, a 结余 that is 收入 − 支出. The header seldom says which columns a percentage is taken of (and a
table in text loses its header's layout), so the relation is read from the figures: a candidate (column k is
i ÷ j × 100, (i ÷ j − 1) × 100, i + j or i − j) is *established* when it holds, under the interval arithmetic,
in at least MIN_ROWS rows and in at least SHARE of the rows where it can be computed. Every row of an
established relation becomes a Relation of the model; a row where it does not hold is a contradiction.

Rows are compared within groups of the same shape: the same columns filled (a Word or PDF table), or the same
number of figures (a table in text, whose empty cells leave no gap). Reading is linear in the rows: each
candidate is screened with a loose test and given up as soon as too many rows fail it.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from itertools import combinations, permutations

from auditor import rx
from auditor.arith import Interval, fmt, group_digits, half_unit, printed, ratio_percent, stated_percent
from auditor.model import Cell, Quantity, Relation, Table
from auditor.records import dataclass
from auditor.structure import cn_number

MIN_ROWS = 3                 # rows that must show a relation before it is taken as the table's
SHARE = Decimal("0.75")      # … and the share of the rows where it can be computed
MAX_FIGURES = 12             # rows with more figures are not searched (candidates grow as the cube)
PERCENT_LIMIT = Decimal(10000)
_THOUSAND = Decimal(1000)
_HUNDRED = Decimal(100)
_ONE, _FIFTIETH = Decimal(1), Decimal("0.02")
_YEAR = rx.compile(r"(?:19|20)\d{2}")
KINDS = ("ratio", "growth", "sum", "difference")


@dataclass(frozen=True, slots=True)
class _Row:
    label: str
    row: int
    cells: tuple[Cell, ...]      # the cells holding a figure, in order
    values: tuple[Decimal, ...] = ()     # their values, for the screens (filled in by __post_init__)
    dashes: frozenset[int] = frozenset()  # the columns whose cell is empty, written as a dash

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(self.q(k).value for k in range(len(self.cells))))
        object.__setattr__(self, "dashes", frozenset(k for k in range(len(self.cells)) if _dash(self.q(k))))

    def q(self, k: int) -> Quantity:
        value = self.cells[k].value
        assert value is not None
        return value


def numbered_rows(rows: list[list[Cell]]) -> set[int]:
    """The rows of a table in text whose first cell is the row's number: 1, 2, 3, … running on down the table
    (three at least), each row with more figures after it."""
    firsts = [(row[0].row, row[0].value.value) for row in rows
              if row and row[0].value is not None and sum(1 for c in row if c.value is not None) >= 3]
    out: set[int] = set()
    run: list[int] = []
    expect = Decimal(1)
    for r, v in firsts:
        if v == expect:
            run.append(r)
            expect += 1
        elif v == 1:
            if len(run) >= 3:
                out.update(run)
            run, expect = [r], Decimal(2)
    if len(run) >= 3:
        out.update(run)
    out.update(_items_under_categories(rows))
    return out


_CATEGORY = rx.compile(r"[一二三四五六七八九十]{1,3}[、.．]?")


def _items_under_categories(rows: list[list[Cell]]) -> set[int]:
    """The rows numbered 1, 2, 3 … again under each category row 一、二、三 (一 偿还贷款类项目 4,550.00 ⏎ 1 引嫩工程还贷
    4,000.00 ⏎ 2 …): their first figure is the item's number, when the categories are two or more and every run
    under them starts at 1 and goes on by one."""
    out: set[int] = set()
    categories = 0
    expect = 0          # 0: not under a category
    for row in rows:
        if not row or not any(c.value is not None for c in row):
            continue
        first = row[0]
        if first.value is None and _CATEGORY.fullmatch(first.text.strip()):
            categories += 1
            expect = 1
            continue
        q = first.value
        if expect and q is not None and q.value == expect and not q.decimals and "," not in first.text \
                and sum(1 for c in row if c.value is not None) >= 3:
            out.add(first.row)
            expect += 1
        else:
            expect = 0
    return out if categories >= 2 else set()


def row_figures(table: Table) -> list[tuple[str, int, tuple[Cell, ...]]]:
    """Each row of a table with its label and the cells holding its figures, a row's own number left out."""
    rows = table.rows()
    numbered = numbered_rows(rows) if not table.aligned else set()
    out = []
    for row in rows:
        nums = tuple(c for c in row if c.value is not None)
        if not table.aligned and nums and nums[0] is row[0] and (
                row[0].row in numbered or len(nums) >= 4 and _row_number(nums[0], nums[1:])):
            nums = nums[1:]     # 1   915.00   819.63 …: the row's number, not a figure
        label = next((c.text for c in row if c.value is None and c.text.strip() and not c.text.strip().isdigit()),
                     next((c.text for c in row if c.value is None and c.text.strip()), ""))   # the name, not its code
        out.append((label, row[0].row if row else 0, nums))
    return out


_NOTE_MARK = rx.compile(r"^(?:[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]|注\s*\d{1,2}|[*＊]{1,3})$")


def _noted_rows(table: Table) -> set[int]:
    """The rows that end with a note's mark (① ② 注1 *) after their figures."""
    out = set()
    for row in table.rows():
        last = row[-1] if row else None
        if last is not None and last.value is None and _NOTE_MARK.match(last.text.strip()) \
                and any(c.value is not None for c in row):
            out.add(last.row)
    return out


def column_relations(table: Table) -> list[Relation]:
    """The established column relations of a table, one Relation per row and relation."""
    groups: dict[object, list[_Row]] = {}
    noted = _noted_rows(table)
    single: list[_Row] = []         # the rows of one figure (a table of one column of figures)
    for label, r, nums in row_figures(table):
        if len(nums) == 1 and r not in noted and not _YEAR.fullmatch(nums[0].text):
            single.append(_Row(label, r, nums))
        if not 2 <= len(nums) <= MAX_FIGURES or sum(1 for c in nums if _YEAR.fullmatch(c.text)) >= 2:
            continue            # a header row of years (2020 2021 …), not figures
        if r in noted:
            continue            # a row a note explains (①: 同口径下降4.1%): its figures may stand on another basis
        key: object = tuple(c.col for c in nums) if table.aligned else len(nums)
        groups.setdefault(key, []).append(_Row(label, r, nums))
    out: list[Relation] = []
    items = _items_under_categories(table.rows()) if not table.aligned else set()
    for rows in groups.values():
        if len(rows) >= MIN_ROWS:
            unsure: set[int] = set()     # failures another relation of the column explains: counted, not reported
            rels = list(_group(table, rows, unsure)) if len(rows[0].cells) >= 3 else []     # k, i, j: three columns
            derived = {_column_of(rows, r.result) for r in rels if r.kind in ("ratio", "growth")}
            cats = list(_category_totals(table, rows, derived, items))
            rels.extend(cats)
            read = {r.result.start for r in cats}
            rels.extend(r for r in _row_totals(table, rows, derived) if r.result.start not in read)
            rels.extend(_marked_totals(table, rows, derived, {r.result.start for r in rels if r.source == "table-rows"}))
            out.extend(r for r in _without_misread_rows(rels) if id(r) not in unsure)
    out.extend(_across(table, {id(r.result) for r in out if r.kind in ("sum", "difference")}))
    out.extend(_grand_totals(table, [_Row(label, r, nums) for label, r, nums in row_figures(table) if nums
                                     and r not in noted], {r.result.start for r in out if r.kind == "sum"}))
    if len(single) >= MIN_ROWS and not groups:
        out.extend(_single_column_total(table, single))
    return [r for r in out if not _dash(r.result) and not (r.kind in ("ratio", "growth") and any(map(_dash, r.terms)))]


_GRAND = rx.compile(r"^(?:收入|支出)?总\s*计$")
_SUBTOTAL = rx.compile(r"^(?:本年)?(?:收入|支出)?合\s*计$")


def _grand_totals(table: Table, rows: list[_Row], read: set[int]) -> Iterator[Relation]:
    """收入总计 = 本年收入合计 + the rows between them (转移性收入, 债务收入 …), each row there a top row, or the head of the
    rows right after it that add up to it (转移性支出 over 上解支出, 调出资金, 年终结转): the template's 总计 row, over the
    rows of the table with figures (a 合计 row may carry a growth the others lack), in the columns of amounts they
    all have. Read only where it holds in every such column (two at least, or the one of a table of one column of
    figures, in the thousands), as a check of the table's reading; a 总计 that does not is left to the other
    readings (which rows it gathers is the template's, and a table may print only some)."""
    for g, grand in enumerate(rows):
        if not _GRAND.match(grand.label.strip()):
            continue
        s = next((k for k in range(g - 1, -1, -1) if _SUBTOTAL.match(rows[k].label.strip())), None)
        if s is None or g - s < 2 or any(_GRAND.match(r.label.strip()) for r in rows[s + 1:g]):
            continue
        sub, between = rows[s], rows[s + 1:g]
        if len(between) > 3 * MAX_PARTS:
            continue        # a 总计 far below its 合计: not the template's few rows (and the search stays linear)
        width = min(len(r.cells) for r in (grand, sub, *between))
        cols = [k for k in range(width) if all(not r.cells[k].text.rstrip().endswith("%") for r in (grand, sub))
                and grand.q(k).start not in read]
        if not cols or len(cols) == 1 and (width > 1 or abs(grand.q(0).value) < _THOUSAND):
            continue        # one column: only a table of one column of figures, and no small counts
        for parts in dict.fromkeys((tuple(between), _heads(between, cols))):   # every row, then the heads (once)
            if not parts or not all(_adds_up(grand, (sub, *parts), k) for k in cols) \
                    or sum(1 for k in cols if grand.q(k).value) < min(2, len(cols)):
                continue
            for k in cols:
                terms = (sub.q(k), *(r.q(k) for r in parts))
                value = fmt(sum((t.value for t in terms), Decimal(0)), max(q.decimals for q in (grand.q(k), *terms)))
                value = group_digits(value) if "," in grand.q(k).text else value
                yield Relation(kind="sum", result=grand.q(k), terms=terms, holds=True, computed=value,
                               source="table-rows", row=grand.row,
                               scope=f"表{table.index}第{grand.row}行“{grand.label.strip()}”第{k + 1}个数",
                               text=f"“{sub.label.strip()}” + {'、'.join(f'“{r.label.strip()}”' for r in parts[:4])}"
                                    f"{'…' if len(parts) > 4 else ''} {' + '.join(t.text for t in terms[:6])}"
                                    f"{' + …' if len(terms) > 6 else ''} = {value}",
                               start=grand.q(k).start, end=grand.q(k).end, span=grand.q(k).span)
            break


def _adds_up(total: _Row, parts: tuple[_Row, ...], k: int) -> bool:
    """Whether the rows' figures in column ``k`` add up to the total's, each figure ± half its last digit."""
    added = sum((r.q(k).value for r in parts), Decimal(0))
    slack = sum((half_unit(r.q(k).value) for r in parts), half_unit(total.q(k).value))
    return abs(added - total.q(k).value) <= slack


def _heads(rows: list[_Row], cols: list[int]) -> tuple[_Row, ...]:
    """The rows left when each row that the rows right after it add up to (in every column) stands for them."""
    out: list[_Row] = []
    i = 0
    while i < len(rows):
        out.append(rows[i])
        j = i + 2
        stop = min(len(rows), i + 1 + MAX_PARTS)
        while j <= stop and not all(_adds_up(rows[i], tuple(rows[i + 1:j]), k) for k in cols):
            j += 1
        i = j if j <= stop else i + 1
    return tuple(out)


def _dash(q: Quantity | None) -> bool:
    """Whether a cell's figure is an empty cell written as a dash (a figure of nothing, auditor/build.py): a part of a
    sum counts it as zero, but a total or a rate's figure that is a dash is no figure to judge."""
    return q is not None and q.kind == "number" and not any(ch.isdigit() for ch in q.text)


def _single_column_total(table: Table, rows: list[_Row]) -> Iterator[Relation]:
    """一、一般公共服务支出 12,300,000 … 二十四、债务发行费用支出 20,000 ⏎ 本年支出合计 154,500,000: in a table of one
    column of figures, a 合计 row right after the rows numbered 一、二、三 … (three or more, every numbered row of the
    table among them, nothing but their sub-rows between) is their sum (source table-column-total). With one column no
    other column confirms the reading: a row a PDF broke or lost would show as a wrong total, so the rule reports only a
    total that is the sum miswritten."""
    marks = [(r, m.group().strip(" 、.．")) for r in rows if (m := _TOP_MARK.match(r.label))]
    marked = [r for r, _mark in marks]
    if len(marked) < 3:
        return
    numbered = {row[0].row for row in table.rows() if row and _TOP_MARK.match(row[0].text)}
    if numbered - {r.row for r in marked} or [cn_number(mark) for _r, mark in marks] != list(range(1, len(marks) + 1)):
        return                  # a numbered row without its figure, or a number missing: the list is not whole
    last = marked[-1].row
    total = next((r for r in rows if r.row > last and _GRAND_TOTAL.search(r.label)), None)    # the first 合计 after them
    if total is None:
        return
    res, terms = total.q(0), tuple(r.q(0) for r in marked)
    if res.value <= 0 or any(t.value < 0 for t in terms):
        return
    added = sum((t.value for t in terms), Decimal(0))
    slack = sum((half_unit(t.value) for t in terms), Decimal(0)) + half_unit(res.value)
    places = max(q.decimals for q in (res, *terms))
    value = fmt(added, places)
    yield Relation(kind="sum", result=res, terms=terms, holds=abs(added - res.value) <= slack, computed=value,
                   source="table-column-total", scope=f"表{table.index}第{total.row}行“{total.label}”", row=total.row,
                   text=f"{'、'.join(mark for _r, mark in marks[:3])}…各行之和 "
                        f"{' + '.join(t.text for t in terms[:6])}{' + …' if len(terms) > 6 else ''} = {value}",
                   start=res.start, end=res.end, span=res.span)


MAX_ACROSS = 30           # cells a row total may add up


def _across(table: Table, read: set[int]) -> Iterator[Relation]:
    """A 合计 column, first or last, that is the sum of all the other figures of its row (a total over 地区 or 项目
    columns: 补助合计 = 11 地区 cells), read from the rows where it holds whatever their number of figures (a table in
    text drops its empty cells, 0 or —): established when it holds in MIN_ROWS rows and SHARE of those with three
    figures or more. A row where it fails is a contradiction only when some row of as many figures holds (else a
    cell may have been lost or gained in reading). Percentages are left out; small whole figures in a table not
    said to be of money are counts, added exactly."""
    rows = []
    for label, at, nums in row_figures(table):
        cells = tuple(c for c in nums if not c.text.rstrip().endswith("%"))
        if 3 <= len(cells) <= MAX_ACROSS and sum(1 for c in cells if _YEAR.fullmatch(c.text)) < 2:
            rows.append(_Row(label, at, cells))
    if len(rows) < MIN_ROWS:
        return
    money = table.unit in ("元", "万元", "亿元")
    counts = not money and all(_whole(c.value.value) and abs(c.value.value) < 1000 for r in rows for c in r.cells
                               if c.value is not None)
    for side in (0, -1):
        judged: list[tuple[_Row, bool, Decimal, tuple[Quantity, ...]]] = []
        for r in rows:
            res = r.q(side)
            terms = tuple(r.q(k) for k in range(len(r.cells)) if k != side % len(r.cells))
            total = sum((t.value for t in terms), Decimal(0))
            slack = Decimal(0) if counts else sum((half_unit(t.value) for t in terms), half_unit(res.value))
            judged.append((r, abs(total - res.value) <= slack, total, terms))
        good = [r for r, h, _s, terms in judged if h and sum(1 for t in terms if t.value) >= 2]
        held = sum(1 for _r, h, _s, _t in judged if h)
        if len(good) < MIN_ROWS or held < SHARE * len(judged) or len({r.q(side).value for r in good}) < 2:
            continue
        shapes = {len(r.cells) for r in good}
        for r, holds, total, terms in judged:
            res = r.q(side)
            if id(res) in read or not holds and len(r.cells) not in shapes:
                continue        # judged by another relation of the table, or a row that may have been misread
            if not holds and (res.value < 0 or any(t.value < 0 for t in terms)):
                continue
            value = fmt(total, max(q.decimals for q in (res, *terms)))
            value = group_digits(value) if "," in res.text else value
            label = f"“{r.label}”" if r.label else ""
            yield Relation(kind="sum", result=res, terms=terms, holds=holds, computed=value, source="table-columns",
                           scope=f"表{table.index}第{r.row}行{label}{'首' if side == 0 else '末'}列合计",
                           text=f"其余各列之和 {' + '.join(t.text for t in terms[:8])}{' + …' if len(terms) > 8 else ''}"
                                f" = {value}", start=res.start, end=res.end, row=r.row, span=res.span)
        return


def _without_misread_rows(rels: list[Relation]) -> list[Relation]:
    """A row that breaks two of its table's relations at once was misread (a cell shifted, a cell from the next
    row), not miswritten twice: its failures are dropped, the relations of the other rows kept."""
    fails: dict[int, int] = {}
    shared: dict[int, set[int]] = {}
    ways: dict[int, set[str]] = {}
    for r in rels:
        if not r.holds:
            fails[r.row] = fails.get(r.row, 0) + 1
            cells = {id(q) for q in (r.result, *r.terms)}
            shared[r.row] = shared[r.row] & cells if r.row in shared else cells
            ways.setdefault(r.row, set()).add("table-rows" if r.source == "table-rows" else "table-columns")
    # …but a wrong cell breaks one relation across its row and one down its column (2630 = 1780 + 760 across, 1780 =
    # 900 + 520 + 450 down): both share the cell, and it is the culprit. Two relations across one row that fail
    # together are a misread row, whatever cell they share.
    return [r for r in rels if r.holds or fails.get(r.row, 0) < 2
            or shared.get(r.row) and ways.get(r.row) == {"table-columns", "table-rows"}]


MAX_PARTS = 40            # a total row sums at most this many rows next to it
TOTAL_ROW = rx.compile(r"^(?:合\s*计|总\s*计|小\s*计|总\s*额)$")    # a table's 合计 row (TABLE001 reads them too)
_TOTAL_LABEL = rx.compile(r"合\s*计|总\s*计|小\s*计|共\s*计|总额|^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[）)]")


def _row_number(first: Cell, rest: tuple[Cell, ...]) -> bool:
    """A row's leading 1, 2, … in a table in text whose figures have decimals or run to thousands."""
    assert first.value is not None
    v = first.value.value
    return _whole(v) and 0 < v < 100 and "," not in first.text and \
        all(c.value is not None and (c.value.decimals or abs(c.value.value) >= 100) for c in rest)


_TOP_MARK = rx.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")
_GRAND_TOTAL = rx.compile(r"(?:合\s*计|总\s*计)\s*$")


def _marked_totals(table: Table, rows: list[_Row], derived: set[int], taken: set[int]) -> Iterator[Relation]:
    """合计 (收入合计, 支出总计) over the rows numbered 一、二、三、 of its table, their sub-rows left out: in every
    column of figures but percentages the top rows must add up to it — in all columns, or all but one, which
    is then a contradiction. A total already read over the rows next to it is not read again."""
    tops = [r for r in rows if _TOP_MARK.match(r.label)]
    if len(tops) < 2:
        return
    marked_rows = {row[0].row for row in table.rows() if row and _TOP_MARK.match(row[0].text)}
    cols = _summable_columns(rows, derived)
    if len(cols) < 2:
        return
    for total in rows:
        if not _GRAND_TOTAL.search(total.label) or any(total.q(k).start in taken for k in cols):
            continue
        parts = [r for r in tops if r.row < total.row] or [r for r in tops if r.row > total.row]
        if len(parts) < 2:
            continue
        span = range(min(r.row for r in parts), max(r.row for r in parts) + 1)
        if any(r in span for r in marked_rows - {x.row for x in parts}):
            continue        # a numbered row of another shape (二十一、预备费 with one figure) is a part too
        sums = {k: sum((r.q(k).value for r in parts), Decimal(0)) for k in cols}
        held = [k for k in cols if _adds_up(total, tuple(parts), k)]
        if len(held) < max(2, len(cols) - 1) or sum(1 for k in held if total.q(k).value) < 2:
            continue
        for k in cols:
            terms = tuple(r.q(k) for r in parts)
            res = total.q(k)
            if k not in held and (res.value < 0 or any(t.value < 0 for t in terms)):
                continue
            places = max(q.decimals for q in (res, *terms))
            value = fmt(sums[k], places)
            yield Relation(kind="sum", result=res, terms=terms, holds=k in held, computed=value, source="table-rows",
                           scope=f"表{table.index}第{total.row}行“{total.label}”第{k + 1}个数", row=total.row,
                           text=f"{'、'.join(m.group().strip(' 、.．') for r in parts if (m := _TOP_MARK.match(r.label)))}各行之和 "
                                f"{' + '.join(t.text for t in terms[:6])}{' + …' if len(terms) > 6 else ''} = {value}",
                           start=res.start, end=res.end, span=res.span)


def _category_totals(table: Table, rows: list[_Row], derived: set[int], items: set[int]) -> Iterator[Relation]:
    """Each category row (一 偿还贷款类项目 …) over the items numbered 1, 2 … right under it: established when two
    categories at least add up in every column of amounts, and SHARE of all the categories' cells do, so that a
    category that does not add up in one column is a contradiction (a table of two columns has no other column to
    tell)."""
    cats = [i for i, r in enumerate(rows) if _CATEGORY.fullmatch(r.label.strip()) or _TOP_MARK.match(r.label)]
    if len(cats) < 2 or not items:
        return
    cols = _summable_columns(rows, derived)
    if not cols:
        return
    groups: list[tuple[_Row, list[_Row], list[int]]] = []
    for n, ci in enumerate(cats):
        end = cats[n + 1] if n + 1 < len(cats) else len(rows)
        parts: list[_Row] = []
        for j in range(ci + 1, end):
            if rows[j].row not in items:
                break
            parts.append(rows[j])
        if not parts:
            continue
        head = rows[ci]
        held = [k for k in cols if _adds_up(head, tuple(parts), k)]
        if not held and len(cols) >= 2:
            continue    # adds up in no column: its items were cut (the table goes on past a page) or misread,
            #             no evidence for or against the reading, and nothing to judge
        groups.append((head, parts, held))
    good = [g for g in groups if len(g[2]) == len(cols) and any(g[0].q(k).value for k in cols)]
    if len(good) < 2 or sum(len(g[2]) for g in groups) < SHARE * len(cols) * len(groups):
        return          # established in two categories, and in SHARE of the table's category cells
    for head, parts, held in groups:
        for k in cols:
            terms = tuple(r.q(k) for r in parts)
            res = head.q(k)
            places = max(q.decimals for q in (res, *terms))
            value = fmt(sum((t.value for t in terms), Decimal(0)), places)
            yield Relation(kind="sum", result=res, terms=terms, holds=k in held, computed=value, source="table-rows",
                           scope=f"表{table.index}第{head.row}行“{head.label}”第{k + 1}个数", row=head.row,
                           text=f"第{parts[0].row}-{parts[-1].row}行之和 {' + '.join(t.text for t in terms[:6])}"
                                f"{' + …' if len(terms) > 6 else ''} = {value}",
                           start=res.start, end=res.end, span=res.span)


def _whole(v: Decimal) -> bool:
    exponent = v.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= 0


def _summable_columns(rows: list[_Row], derived: set[int]) -> list[int]:
    """The columns whose figures may add up: not a percentage a column relation derives, nor percentages beside
    amounts (比上年增长% with no base column in the table: small figures with decimals beside figures a hundred
    times larger)."""
    n = len(rows[0].cells)
    top = [max(abs(r.q(k).value) for r in rows) for k in range(n)]
    return [k for k in range(n) if k not in derived
            and not (top[k] < 1000 and any(r.q(k).decimals for r in rows) and max(top) >= 100 * max(top[k], Decimal(1)))]


def _column_of(rows: list[_Row], q: Quantity) -> int:
    for r in rows:
        for k, c in enumerate(r.cells):
            if c.value is q:
                return k
    return -1


def _row_totals(table: Table, rows: list[_Row], derived: set[int]) -> Iterator[Relation]:
    """A row that is the total of the rows right below it (一、税收收入 over 增值税, 企业所得税 …) or right above
    it (合计 under its items): in every column of figures but percentages, the sum of the rows holds — in all
    columns, or in all but one, which is then a contradiction. Only rows next to each other in the table, of the
    same shape, are summed."""
    n = len(rows[0].cells)
    cols = _summable_columns(rows, derived)
    if len(cols) < 2:
        return
    used: set[int] = set()            # rows already read as a total or as its parts
    # （一）税收收入 over the unmarked rows down to （二）非税收入: the rows between two siblings are the first's parts
    marks = {r: m for label, r, _nums in row_figures(table) if (m := _sibling_mark(label))}
    # the interval test Σ parts ∩ total ≠ ∅ is |Σ values − total| ≤ Σ half-units + the total's half-unit:
    # exact Decimal sums, each row's values and half-units taken once
    values = [[r.q(k).value for k in range(n)] for r in rows]
    # a column of small whole numbers in a table not said to be of money (项目个数, 人数) holds counts, exact;
    # other figures are amounts rounded to their last digit, ± half of it
    money = table.unit in ("元", "万元", "亿元")
    counts = [not money and all(_whole(v[k]) and abs(v[k]) < 1000 for v in values) for k in range(n)]
    halves = [[Decimal(0) if counts[k] else half_unit(v) for k, v in enumerate(vs)] for vs in values]
    for a, total in enumerate(rows):
        if a in used:
            continue
        best = None
        for direction in (1, -1):
            sums = [Decimal(0)] * n
            slack = [Decimal(0)] * n
            b = a
            for steps in range(1, MAX_PARTS + 1):
                b = a + direction * steps
                if not 0 <= b < len(rows) or abs(rows[b].row - rows[b - direction].row) != 1:
                    break
                for k in cols:
                    sums[k] += values[b][k]
                    slack[k] += halves[b][k]
                if sum(1 for k in cols if sums[k] > values[a][k] + slack[k] + halves[a][k] and values[b][k] >= 0) \
                        > len(cols) // 2:
                    break       # the rows already exceed the total in most columns: no longer its parts
                if steps < 2:
                    continue
                held = [k for k in cols if abs(sums[k] - values[a][k]) <= slack[k] + halves[a][k]]
                # two columns (预算数, 决算数): one adding up exactly over three rows or more, down to the total's
                # sibling (（一）… （二）), shows the rows are its parts, and the other column is held to them too
                enough = 1 if len(cols) == 2 and direction == 1 and steps >= 3 and _siblings(
                    marks.get(total.row), marks.get(rows[b].row + 1)) else max(2, len(cols) - 1)
                if len(held) >= enough and (best is None or len(held) > len(best[2])):
                    best = (direction, b, held, list(sums))
        if best is None:
            continue
        direction, b, held, sums = best
        parts = range(a + direction, b + direction, direction)
        if len(held) == 1:
            if sum(1 for p in parts if rows[p].q(held[0]).value) < 3 or abs(total.q(held[0]).value) < 1000:
                continue  # one column of two: three figures at least, no small counts, add up
            other = next(k for k in cols if k != held[0])
            if abs(sums[other] - values[a][other]) > abs(values[a][other]) / 4:
                continue  # the other column far from its rows' sum is another table's (收入 | 支出 side by side)
            if sums[other] < values[a][other]:
                continue  # short of the total: a row with a figure in that column only (an item of last year with
                #           no budget this year) may be left out of the table; rows beyond the total cannot be
        elif sum(1 for k in held if any(rows[p].q(k).value for p in parts)) < 2 or \
                sum(1 for k in held if total.q(k).value) < 2:
            continue      # zeros add up to anything
        if max(abs(total.q(k).value) for k in cols) < 1000 and not _TOTAL_LABEL.search(total.label):
            continue      # small counts add up by chance: only a row called a total is read as one
        if table.aligned and TOTAL_ROW.match(total.label) and direction == -1:
            continue      # a 合计 row under its items in a Word or PDF table: TABLE001 judges it (one judge)
        used.add(a)
        used.update(parts)
        for k in cols:
            terms = tuple(rows[p].q(k) for p in sorted(parts))
            res = total.q(k)
            if k not in held and (res.value < 0 or any(t.value < 0 for t in terms)
                                  or (any(t.value > res.value for t in terms)
                                      and all(t.decimals and t.value <= 200 for t in terms))
                                  or _shape(total, (k,)) == (True,)):
                continue      # negative figures (增减额, 增长%), or rates with one above the total (执行率
                #               98.80 over 100.00 and 90.10), or printed with % (决算数为上年的% 100.0% over 0.0%
                #               and 4.0%): rates need not add up, only shares do
            places = max(q.decimals for q in (res, *terms))
            value = fmt(sum((t.value for t in terms), Decimal(0)), places)
            label = f"“{total.label}”" if total.label else ""
            lines = f"第{rows[min(parts)].row}-{rows[max(parts)].row}行"
            yield Relation(kind="sum", result=res, terms=terms, holds=k in held, computed=value, source="table-rows",
                           scope=f"表{table.index}第{total.row}行{label}第{k + 1}个数", row=total.row,
                           text=f"{lines}之和 {' + '.join(t.text for t in terms[:6])}{' + …' if len(terms) > 6 else ''}"
                                f" = {value}", start=res.start, end=res.end, span=res.span)


_PAREN_MARK = rx.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[）)]")


def _sibling_mark(label: str) -> str:
    """The style of a row's marker: （一） or 一、 ("" for a row without one)."""
    return "paren" if _PAREN_MARK.match(label) else "dun" if _TOP_MARK.match(label) else ""


def _siblings(first: str | None, nxt: str | None) -> bool:
    """Whether a row marked ``first`` and the row after its parts, marked ``nxt``, are siblings: （一） … （二）."""
    return bool(first) and first == nxt


def _group(table: Table, rows: list[_Row], unsure: set[int]) -> Iterator[Relation]:
    """The relations that establish the group's columns, each judged in every row; a failure another relation of
    the column explains as well in its row and every row where it holds (_told_apart_only_here) goes in ``unsure``:
    it still tells a misread row (_without_misread_rows), but is not reported."""
    n = len(rows[0].cells)
    explained: set[int] = set()
    triples: set[frozenset[int]] = set()      # k = i + j and i = k − j are one relation: judged once
    # a growth column may hold one growth beyond 10000% (17,812.77 of a revenue that grew from 1,762 to 315,623)
    # when the table has rows enough to establish the column without it and its other rows are below 1000
    percentish = {k for k in range(n) if all(abs(r.values[k]) < PERCENT_LIMIT for r in rows) or _one_beyond(rows, k)}
    # columns printed with % are the percentages when there are any: 预算 = 到位 ÷ 到位率 × 100 is the same
    # relation read backwards, and a wrong rate would then break two relations of its row
    printed_pct = {k for k in percentish if all(_shape(r, (k,)) == (True,) for r in rows if k not in r.dashes)}
    percentish = printed_pct or percentish
    # a column with decreases printed negative beside columns without (增减额 = 决算 − 预算): the change is the result,
    # not a term of a sum (31227 = 35631 + −4404 is −4404 = 31227 − 35631)
    signed = {k for k in range(n) if any(r.values[k] < 0 for r in rows)}
    for kind, k, i, j in _candidates(n, percentish):
        if kind in ("sum", "difference") and k not in signed and len(signed & {i, j}) == 1:
            continue
        if k in explained or frozenset((k, i, j)) in triples:
            continue
        judged = _established(kind, rows, k, i, j)
        if judged is None:
            continue
        if kind in ("sum", "difference") and not all(h for _r, h, _c in judged):
            kind, i, j, judged = _likeliest(kind, rows, k, i, j, judged, percentish, signed)
        explained.add(k)
        triples.add(frozenset((k, i, j)))
        shapes = {_shape(r, (k, i, j)) for r, holds, _c in judged if holds}
        for r, holds, computed in judged:
            if not holds and not table.aligned and len(shapes) == 1 and _shape(r, (k, i, j)) not in shapes:
                continue        # its cells are printed unlike those of every row where it holds (1 where 100.00%
                #                 stands, 49.02% where 2.03 stands): a cell left empty shifted the others along
            rel = _relation(table, kind, r, k, i, j, holds, computed, changes=kind == "difference" and k in signed
                            and i not in signed and j not in signed)
            if not holds and _told_apart_only_here(kind, judged, r, k, i, j, n):
                unsure.add(id(rel))
            yield rel


def _likeliest(kind: str, rows: list[_Row], k: int, i: int, j: int, judged: list[tuple[_Row, bool, Interval]],
               percentish: set[int], signed: set[int]) -> tuple[str, int, int, list[tuple[_Row, bool, Interval]]]:
    """Of the relations of one kind that establish column ``k``, one that holds in every row, when the first found
    does not (else the first found). Two columns equal
    in most rows (a 专项债务 限额 and its 余额) make k = i + j hold with either one; the rows where they differ tell them
    apart, and the one that fails there is not the table's relation."""
    best = (sum(1 for _r, h, _c in judged if h), i, j, judged)
    for kind2, k2, i2, j2 in _candidates(len(rows[0].cells), percentish):
        if kind2 != kind or k2 != k or (i2, j2) == (i, j):
            continue
        if kind in ("sum", "difference") and k not in signed and len(signed & {i2, j2}) == 1:
            continue
        other = _established(kind, rows, k, i2, j2)
        if other is not None:
            good = sum(1 for _r, h, _c in other if h)
            if good > best[0] and good == len(other):
                best = (good, i2, j2, other)
    return kind, best[1], best[2], best[3]


def _one_beyond(rows: list[_Row], k: int) -> bool:
    """Whether column ``k`` of five rows or more holds percentages but for one growth beyond 10000%: every figure
    printed with decimals or %, every other row's below 1000."""
    beyond = [r for r in rows if abs(r.values[k]) >= PERCENT_LIMIT]
    return len(rows) >= 5 and len(beyond) == 1 and all(abs(r.values[k]) < _THOUSAND for r in rows if r is not beyond[0]) \
        and all(r.q(k).decimals or r.cells[k].text.rstrip().endswith("%") for r in rows)


def _shape(r: _Row, cols: tuple[int, ...]) -> tuple[bool, ...]:
    """Which of a row's cells in these columns are printed with %."""
    return tuple(r.cells[c].text.rstrip().endswith("%") for c in cols)


def _candidates(n: int, percentish: set[int]) -> Iterator[tuple[str, int, int, int]]:
    """(kind, result column, first term column, second term column), the likelier kinds first."""
    for k, i, j in permutations(range(n), 3):
        if k in percentish:
            yield "ratio", k, i, j
    for k, i, j in permutations(range(n), 3):
        if k in percentish:
            yield "growth", k, i, j
    for k in range(n):
        for i, j in combinations([c for c in range(n) if c != k], 2):
            yield "sum", k, i, j
    for k, i, j in permutations(range(n), 3):
        yield "difference", k, i, j


def _told_apart_only_here(kind: str, judged: list[tuple[_Row, bool, Interval]], row: _Row, k: int, i: int, j: int,
                          n: int) -> bool:
    """Whether another relation of the kind for column ``k`` (other term columns) holds in ``row`` and in every row
    where the table's holds: the rows cannot tell the two apart but this one, where the other holds (增减% of
    快报数 over 决算数, with 调整后预算数 equal to 快报数 in every other row: 81 ÷ 191 − 1 = −57.6%, not 105 ÷ 191 − 1)."""
    good = [r for r, h, _c in judged if h]
    for i2, j2 in permutations([c for c in range(n) if c != k], 2):
        if (i2, j2) == (i, j) or kind == "sum" and (j2, i2) == (i, j):
            continue
        if all(_holds_with(kind, r, k, i2, j2) for r in (row, *good)):
            return True
    return False


def _holds_with(kind: str, r: _Row, k: int, i: int, j: int) -> bool:
    if r.dashes & {k, i, j} or not _screen(kind, r.values[k], r.values[i], r.values[j]):
        return False
    judgement = _judge(kind, r, k, i, j)
    return judgement is not None and judgement[0]


def _judge(kind: str, r: _Row, k: int, i: int, j: int) -> tuple[bool, Interval] | None:
    """Whether the relation holds in row ``r`` under the interval arithmetic, and the computed interval; None when
    its terms give nothing to compute."""
    computed = _computed(kind, r.q(i), r.q(j))
    if computed is None:
        return None
    res = r.q(k).value
    return computed.overlaps(stated_percent(res) if kind in ("ratio", "growth") else printed(res)), computed


def _established(kind: str, rows: list[_Row], k: int, i: int, j: int
                 ) -> list[tuple[_Row, bool, Interval]] | None:
    """Each computable row with whether the relation holds there, when it holds in enough of them. A row with an
    empty cell (a dash) as the result, or as any figure of a rate, has nothing to say about the relation."""
    if any(r.dashes for r in rows):
        void = {k, i, j} if kind in ("ratio", "growth") else {k}
        rows = [r for r in rows if not r.dashes & void]
    allowed = len(rows) - max(MIN_ROWS, int((SHARE * len(rows)).to_integral_value(rounding="ROUND_CEILING")))
    if allowed < 0:
        return None
    failed = 0
    for seen, r in enumerate(rows, start=1):   # first the loose screen over every row (Decimal operations only)
        v = r.values
        if not _screen(kind, v[k], v[i], v[j]):
            failed += 1
            # given up once too many rows failed, or half of the first ten: a long table costs each wrong
            # candidate a few rows, not all of them
            if failed > allowed or (seen >= 10 and 2 * failed > seen):
                return None
    judged: list[tuple[_Row, bool, Interval]] = []
    distinct: set[Decimal] = set()
    for r in rows:        # then the interval judgement of a candidate that survived it
        judgement = _judge(kind, r, k, i, j)
        if judgement is None:
            continue
        holds, computed = judgement
        if holds:
            distinct.add(r.values[k])
        judged.append((r, holds, computed))
    good = sum(1 for _r, h, _c in judged if h)
    if good < MIN_ROWS or good < SHARE * len(judged) or len(distinct) < 2:
        return None
    if kind in ("sum", "difference") and sum(1 for r, h, _c in judged if h and r.q(i).value and r.q(j).value) < MIN_ROWS:
        return None     # a column equal to another beside a column of zeros is no sum
    return judged


def _screen(kind: str, res: Decimal, a: Decimal, b: Decimal) -> bool:
    """A loose first test (a few percent of slack): most wrong candidates fail it at once."""
    try:
        # |a × 100 ÷ b − res| ≤ slack, multiplied out by |b| (no division: exact, and a third of the cost)
        if kind == "ratio":
            return b != 0 and abs(a * _HUNDRED - res * b) <= max(_ONE, abs(res) * _FIFTIETH) * abs(b)
        if kind == "growth":
            return b != 0 and abs((a - b) * _HUNDRED - res * b) <= max(_ONE, abs(res) * _FIFTIETH) * abs(b)
        if kind == "sum":
            return abs(a + b - res) <= max(Decimal(1), abs(res) / 1000)
        return abs(a - b - res) <= max(Decimal(1), abs(res) / 1000)
    except (InvalidOperation, ArithmeticError):
        return False


def _computed(kind: str, a: Quantity, b: Quantity) -> Interval | None:
    if kind in ("ratio", "growth") and (a.value < 0 or b.value <= 0):
        return None           # a share or a growth of a negative figure (增减额) is not computed
    pa, pb = printed(a.value), printed(b.value)
    try:
        if kind == "ratio":
            return ratio_percent(pa, pb)
        if kind == "growth":
            ratio = ratio_percent(pa, pb)
            return Interval(ratio.lo - _HUNDRED, ratio.hi - _HUNDRED)
    except ZeroDivisionError:
        return None
    return pa + pb if kind == "sum" else pa - pb


_SYMBOL = {"ratio": "÷", "growth": "÷", "sum": "+", "difference": "−"}


def _relation(table: Table, kind: str, r: _Row, k: int, i: int, j: int, holds: bool, computed: Interval,
              changes: bool = False) -> Relation:
    res, a, b = r.q(k), r.q(i), r.q(j)
    places = res.decimals
    value = fmt(computed.mid, places)
    if kind == "ratio":
        text = f"{a.text} ÷ {b.text} × 100 = {fmt(computed.mid, places + 2)}"
    elif kind == "growth":
        text = f"({a.text} ÷ {b.text} − 1) × 100 = {fmt(computed.mid, places + 2)}"
    else:
        text = f"{a.text} {_SYMBOL[kind]} {b.text} = {value}"
    label = f"“{r.label}”" if r.label else ""
    source = "table-changes" if kind == "difference" and changes else "table-columns"
    return Relation(kind=kind, result=res, terms=(a, b), holds=holds, computed=value, source=source,
                    scope=f"表{table.index}第{r.row}行{label}", text=text, start=res.start, end=res.end, row=r.row,
                    span=res.span)
