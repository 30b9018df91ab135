"""The “三公”经费 table of a 部门预算 or 部门决算, read by its items, and the text that restates it.

The table's items are the same everywhere: 因公出国（境）费, 公务用车购置及运行(维护)费 (公务用车购置费 + 公务用车运行
(维护)费) and 公务接待费, with their 小计 or 合计, and in a 预算 often 会议费 and 培训费 beside them. Local tables lay them
out as columns (one row of figures, or a 预算数 and a 决算数 block side by side) or as rows (with 预算数 and 决算数
columns). Either way an item is known by the end of its header or row name, and the template's identities are read
on the other axis:

    公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费
    “三公”经费小计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费
    合计 = “三公”经费小计 + 会议费 + 培训费      (a 合计 beside 会议费 and 培训费)
    合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费      (a table of the 三公 items alone)

An identity is read only when every item it names is in the table once per block; an empty cell among the parts is
nothing spent. The section explaining the table (…“三公”经费…情况说明) states the items' amounts: each must be one
of the table's figures for that item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from itertools import pairwise

from auditor import rx
from auditor.arith import convert_interval, fmt, printed, sum_intervals
from auditor.classes import explanations, sections, unit_of, whole_tables
from auditor.grids import name_of
from auditor.model import Grid, GridRow, Quantity, Relation, Report

TEMPLATES = ("三公经费支出决算表", "三公经费支出表")

# an item by the end of its header or row name (a header joins its parents: 公务用车购置及运行费小计)
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("三公", rx.compile(r"三公.*(?:小计|合计)$")),
    ("车辆", rx.compile(r"公务用车购置[及和]运行(?:维护)?费(?:小计|合计)?$")),
    ("购置", rx.compile(r"购置费$")),
    ("运行", rx.compile(r"运行(?:维护)?费$")),
    ("出国", rx.compile(r"因公出国[（(]?境?[）)]?费$")),
    ("接待", rx.compile(r"公务接待费$")),
    ("会议", rx.compile(r"会议费$")),
    ("培训", rx.compile(r"培训费$")),
    ("合计", rx.compile(r"(?:合计|总计)$")),
)
_NAMES = {"三公": "“三公”经费", "车辆": "公务用车购置及运行费", "购置": "公务用车购置费", "运行": "公务用车运行费",
          "出国": "因公出国（境）费", "接待": "公务接待费", "会议": "会议费", "培训": "培训费", "合计": "合计"}
_UP_TO_COLON = rx.compile(r"^.*[：:]")      # 部门：合计, 单位：万元培训费: a caption's words a header took in


def _role(name: str) -> str:
    key = name_of(_UP_TO_COLON.sub("", name))
    for role, pattern in _ROLES:
        if pattern.search(key):
            return role
    return ""


def _identities(present: set[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The template's identities among the items present (whole, parts), each with every item it names."""
    out: list[tuple[str, tuple[str, ...]]] = []
    car: tuple[str, ...] = ("车辆",) if "车辆" in present else ("购置", "运行")
    if {"车辆", "购置", "运行"} <= present:
        out.append(("车辆", ("购置", "运行")))
    items = ("出国", *car, "接待")
    if "三公" in present:
        out.append(("三公", items))
        if {"合计", "会议", "培训"} <= present:
            out.append(("合计", ("三公", "会议", "培训")))
    elif "合计" in present and not present & {"会议", "培训"}:
        out.append(("合计", items))
    return [(whole, parts) for whole, parts in out if set(parts) <= present]


def sangong_relations(report: Report) -> list[Relation]:
    grids = [(g, rows) for g, rows, _single in whole_tables(report) if g.template in TEMPLATES]
    out: list[Relation] = []
    for grid, rows in grids:
        out.extend(_table_identities(grid, rows))
    if len(grids) == 1:
        # an item of a table whose own identities fail is that defect, reported once: the text is not held to it
        failed = {r.result.start for r in out if not r.holds} | {t.start for r in out if not r.holds for t in r.terms}
        out.extend(_text_items(report, *grids[0], failed))
    return out


def _blocks(names: list[str]) -> list[dict[str, int]]:
    """The items' places among ``names``, in blocks: a 决算 table repeats its items under 预算数 and 决算数. Each item
    present the same number of times, block k made of the k-th of each, the blocks one after the other; else none."""
    places: dict[str, list[int]] = {}
    for k, name in enumerate(names):
        role = _role(name)
        if role:
            places.setdefault(role, []).append(k)
    counts = {len(v) for v in places.values()}
    if len(counts) != 1:
        return []
    n = counts.pop()
    blocks = [{role: ks[b] for role, ks in places.items()} for b in range(n)]
    if any(max(a.values()) > min(b.values()) for a, b in pairwise(blocks)):
        return []
    return blocks


def _layout(grid: Grid, rows: list[GridRow]) -> tuple[bool, list[dict[str, int]]]:
    """Whether the items are the table's columns (else its rows), and their blocks (_blocks) on that axis."""
    by_columns = _blocks([c.header for c in grid.columns])
    return (True, by_columns) if by_columns else (False, _blocks([r.name for r in rows]))


def _table_identities(grid: Grid, rows: list[GridRow]) -> Iterator[Relation]:
    as_columns, blocks = _layout(grid, rows)
    if as_columns:
        for row in rows:
            if sum(1 for q in row.figures if q is not None) < 2:
                continue
            for block in blocks:
                # a table of two blocks names the block by its total's header (决算数合计)
                which = f"（{grid.columns[block['合计']].header}栏）" if len(blocks) > 1 and "合计" in block else ""
                yield from _check(grid, block, partial(_at, row.figures), f"第{row.row}行{which}")
        return
    width = max((len(r.figures) for r in rows), default=0)
    for block in blocks:
        for c in range(width):
            header = grid.columns[c].header if c < len(grid.columns) else ""
            yield from _check(grid, block, partial(_in_column, rows, c), f"“{header}”栏" if header else f"第{c + 1}栏")


def _at(figures: tuple[Quantity | None, ...], k: int) -> Quantity | None:
    return figures[k] if k < len(figures) else None


def _in_column(rows: list[GridRow], c: int, k: int) -> Quantity | None:
    return _at(rows[k].figures, c)


def _check(grid: Grid, block: dict[str, int], figure: Callable[[int], Quantity | None], where: str
           ) -> Iterator[Relation]:
    for whole, parts in _identities(set(block)):
        total: Quantity | None = figure(block[whole])
        terms = [figure(block[p]) for p in parts]
        if total is None or all(t is None for t in terms) or total.kind not in ("amount", "number"):
            continue
        read = [t for t in terms if t is not None]
        computed = sum_intervals(printed(t.value) for t in read)
        shown = fmt(computed.mid, max(q.decimals for q in (total, *read)))
        text = " + ".join(f"{_NAMES[p]} {t.text if t is not None else '0'}" for p, t in zip(parts, terms, strict=True))
        yield Relation(kind="sum", result=total, terms=tuple(read), holds=computed.overlaps(printed(total.value)),
                       computed=shown, source="table-sangong",
                       scope=f"表{grid.table}（{grid.template}）{where}{_NAMES[whole]}",
                       text=f"{text} = {shown}", start=total.start, end=total.end, span=total.span)


_LABELS = {"因公出国（境）费": "出国", "公务用车购置及运行维护费": "车辆", "公务用车购置费": "购置",
           "公务用车运行维护费": "运行", "公务接待费": "接待"}


def _text_items(report: Report, grid: Grid, rows: list[GridRow], failed: set[int]) -> Iterator[Relation]:
    """Each item's amount the section explaining the table states, against the table's figures for that item (none
    of them in an identity of the table that fails: ``failed``)."""
    unit = unit_of(grid, report)
    if not unit:
        return
    values: dict[str, list[Quantity]] = {}
    as_columns, blocks = _layout(grid, rows)
    for block in blocks:
        for role, k in block.items():
            cells = [_at(row.figures, k) for row in rows] if as_columns else list(rows[k].figures)
            if any(q is not None for q in cells):
                values.setdefault(role, []).extend(q for q in cells if q is not None)
    blank = not rows and bool(blocks)      # the table's items are headed and none has a figure
    if not values and not blank:
        return
    for at, end, template in sections(explanations(report), len(report.text)):
        if template != grid.template:
            continue
        seen: set[tuple[str, int]] = set()
        for fact in report.facts:
            q = fact.quantity
            role = _LABELS.get(fact.label, "")
            if blank and (at <= q.start < end) and role in blocks[0] and q.kind == "amount" and q.value > 0:
                yield Relation(kind="sum", result=q, terms=(), holds=False, computed="", source="prose-table-sangong",
                               scope=f"“…{fact.label_text}…”（表{grid.table}，{grid.template}）",
                               text=f"{_NAMES[role]}：表中该项为空（全表无数字）", start=q.start, end=q.end, span=q.span)
                continue
            if not (at <= q.start < end) or not role or role not in values or q.approx or q.kind != "amount":
                continue
            if (role, q.start) in seen:
                continue
            seen.add((role, q.start))
            stated = convert_interval(printed(q.value), q.unit, unit)
            figures = values[role]
            if any(f.start in failed for f in figures):
                continue
            holds = any(printed(f.value).overlaps(stated) for f in figures)
            distinct = list(dict.fromkeys(f.text for f in figures))
            shown = "、".join(distinct)
            yield Relation(kind="sum", result=q, terms=(figures[0],), holds=holds,
                           computed=distinct[0] if len(distinct) == 1 else "",
                           source="prose-table-sangong", scope=f"“…{fact.label_text}…”（表{grid.table}，{grid.template}）",
                           text=f"{_NAMES[role]}：表中为 {shown}{unit}", start=q.start, end=q.end, span=q.span)
