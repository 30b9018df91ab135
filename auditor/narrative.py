"""The narrative checked against the report's own tables (issue 13): a sentence that names a row of a table and
states its change over a year the table also gives.

    2023年公务用车购置及运行维护费较2022年减少540万元  ⟷  表九 公务用车购置及运行维护费 | 2023年决算数 6,106 | 2022年决算数 6,644

The sentence names the row (its name, marker and quotes taken off, ends the words before 较/比), and the table (a
grid, auditor/grids.py) has one column of that stage for each of the two years: the change is the difference of the
row's two figures. The current year is the one the sentence names before the row, else the report's; the other is
the year after 较, or the one before for 上年. Only a row that no other table states differently is read, and only
when the table gives its unit; a sentence that also states the row's current figure must state the table's, or the
words speak of something else (another scope, another fund) and nothing is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor import rx
from auditor.arith import convert, convert_interval, fmt, in_yuan, printed
from auditor.grids import QUOTES
from auditor.model import Grid, GridColumn, GridRow, Quantity, Relation, Report

_COMPARED = rx.compile(r"(?:较|比)\s*(?:(?P<year>(?:19|20)\d{2})\s*年\s*度?|(?P<last>上\s*年\s*度?|上一年度?|去\s*年))\s*"
                       r"(?:同\s*期)?\s*(?:决\s*算\s*数?)?\s*(?:相\s*比)?\s*[，,]?\s*"
                       r"(?P<dir>增\s*加|减\s*少|增\s*长|下\s*降|上\s*升|降\s*低)\s*了?\s*$")
_YEAR_BEFORE = rx.compile(r"((?:19|20)\d{2})\s*年度?")
_AFTER_NAME = rx.compile(r"^(?:(?:支出|经费|费用|费)?(?:决算数?|合计|总额|为|共)?)$")
_UP = ("增加", "增长", "上升")
MIN_NAME = 4              # a row name shorter than this is too common a word to bind a sentence to


def narrative_relations(report: Report) -> list[Relation]:
    grids = [g for g in report.grids if g.unit and len({c.year for c in g.columns if c.year}) >= 2]
    if not grids:
        return []
    names = sorted({r.name for g in grids for r in g.rows if len(r.name) >= MIN_NAME}, key=len, reverse=True)
    if not names:
        return []
    out: list[Relation] = []
    for p in report.paragraphs:
        if "较" not in p.text and "比" not in p.text:
            continue
        out.extend(_changes(report, p.start, p.end, grids, names))
    return out


def _changes(report: Report, start: int, end: int, grids: list[Grid], names: list[str]) -> Iterator[Relation]:
    text = report.text
    amounts = report.quantities_in(start, end + 1, ("amount",))
    for q in amounts:
        before = text[max(start, q.start - 24):q.start]
        m = _COMPARED.search(before)
        if m is None or q.approx:
            continue
        at = q.start - len(before) + m.start()
        seg_from = max(start, at - SENTENCE_REACH)
        cut = list(_SENTENCE_END.finditer(text, seg_from, at))
        if cut:
            seg_from = cut[-1].end()
        bound = _named(text, seg_from, at, names, [a for a in amounts if seg_from <= a.start < at])
        if bound is None:
            continue
        name, name_at, stated_now = bound
        ys = _YEAR_BEFORE.findall(text, seg_from, name_at)
        now = int(ys[-1]) if ys else report.year
        if now is None:
            continue
        then = int(m.group("year")) if m.group("year") else now - 1
        if then >= now:
            continue
        found = _cells(grids, name, now, then)
        if found is None:
            continue
        grid, row, c_now, c_then = found
        a, b = row.figures[c_now.index], row.figures[c_then.index]
        assert a is not None and b is not None
        if stated_now is not None and not convert_interval(printed(stated_now.value), stated_now.unit,
                                                           grid.unit).overlaps(printed(a.value)):
            continue            # the sentence's own figure is not the table's: another scope
        up = re.sub(r"\s", "", m.group("dir")) in _UP
        first, second = (a, b) if up else (b, a)
        computed = convert_interval(printed(first.value), grid.unit, "元") - convert_interval(printed(second.value),
                                                                                             grid.unit, "元")
        shown = fmt(convert(computed.mid, "元", q.unit), q.decimals)
        scope = f"表{grid.table}第{row.row}行“{row.label}”"
        heads = (c_now.header, c_then.header) if up else (c_then.header, c_now.header)
        text_rel = (f"{first.text} − {second.text}（{scope}，{heads[0]} − {heads[1]}）= "
                    f"{fmt(convert(computed.mid, '元', grid.unit), max(first.decimals, second.decimals))}{grid.unit}")
        yield Relation(kind="difference", result=q, terms=(first, second),
                       holds=computed.overlaps(in_yuan(q.value, q.unit)), computed=shown, source="prose-table-change",
                       scope="“…" + re.sub(r"\s+", "", text[max(seg_from, at - 40):q.end + len(q.unit) + 2]) + "”",
                       text=text_rel,
                       start=q.start, end=q.end, span=q.span)


SENTENCE_REACH = 100      # characters looked back for the sentence that names the row
_SENTENCE_END = rx.compile(r"[。；;！？!?]")


def _named(text: str, start: int, end: int, names: list[str], amounts: list[Quantity]
           ) -> tuple[str, int, Quantity | None] | None:
    """The row name the words of [start, end) give as their subject (its last mention, the longest name there),
    where it starts, and the amount stated for it right after it (None if none): a name is the subject when what
    follows it up to that amount, or up to 较/比, is at most 支出/经费/费/决算数/合计/为."""
    kept = [(i, ch) for i, ch in enumerate(text[start:end], start=start) if not QUOTES.match(ch)]
    clean = "".join(ch for _i, ch in kept)
    best: tuple[int, str] | None = None
    for n in names:
        k = clean.rfind(n)
        if k >= 0 and (best is None or k > best[0] or (k == best[0] and len(n) > len(best[1]))):
            best = (k, n)
    if best is None:
        return None
    k, name = best
    name_at = kept[k][0]
    name_end = kept[k + len(name) - 1][0] + 1
    after = [a for a in amounts if a.start >= name_end]
    stop = after[0].start if after else end
    tail = QUOTES.sub("", text[name_end:stop])
    if after and _YEAR_BEFORE.fullmatch(tail):
        tail = ""
    if not _AFTER_NAME.match(tail.rstrip("，,为是")):
        return None
    return name, name_at, after[0] if after else None


def _cells(grids: list[Grid], name: str, now: int, then: int
           ) -> tuple[Grid, GridRow, GridColumn, GridColumn] | None:
    """The one row named so with a figure in a column of each year, of one stage; None when there is none, or
    when two tables give it different figures."""
    found: list[tuple[Grid, GridRow, GridColumn, GridColumn]] = []
    for g in grids:
        for c_now in g.columns:
            if c_now.year != now or c_now.percent or not c_now.stage:
                continue
            c_then = [c for c in g.columns if c.year == then and c.stage == c_now.stage and not c.percent]
            if len(c_then) != 1 or sum(1 for c in g.columns if c.year == now and c.stage == c_now.stage) != 1:
                continue
            for r in g.rows:
                if r.name == name and r.figures[c_now.index] is not None and r.figures[c_then[0].index] is not None:
                    found.append((g, r, c_now, c_then[0]))
    if not found:
        return None
    values = {(_value(f[1].figures[f[2].index]), _value(f[1].figures[f[3].index])) for f in found}
    return found[0] if len(values) == 1 else None


def _value(q: Quantity | None) -> str:
    return str(q.value) if q is not None else ""


# 决算数小于年初预算数 / 决算数与预算数持平: the direction the text gives a final figure against its budget
_ORDER = rx.compile(r"决\s*算\s*数?\s*(?:(?P<dir>大于|小于|等于|高于|低于|超过|超出|少于)\s*(?P<base>年初预算|调整预算|全年预算|预算)数?"
                    r"|与\s*(?P<base2>年初预算|调整预算|全年预算|预算)数?\s*(?P<dir2>持平|相等|一致|相同))")
_BUDGET_BEFORE = rx.compile(r"(?P<kind>年初预算|调整预算|全年预算|调整后预算|预算)\s*数?\s*(?:为|是|数为)?\s*$")
_FINAL_BEFORE = rx.compile(r"(?:支出)?决\s*算\s*数?\s*(?:为|是|数为)?\s*$")
_ORDER_REACH = 160        # characters before the direction in which its two figures are looked for
_MORE, _LESS = ("大于", "高于", "超过", "超出"), ("小于", "低于", "少于")


def order_relations(report: Report) -> list[Relation]:
    """年初预算为100.00万元，支出决算为95.00万元，…决算数大于年初预算数的主要原因是…: the direction a 部门决算 states for a
    final figure against its budget must be the figures' own. The two figures are the last amounts before the words
    named 预算 (年初预算, 调整预算 …: the one the words name, or the only one) and 决算, in the same paragraph and
    after the last direction stated; a figure named twice, or two budgets for a bare 预算数, is not read. Equal within
    the printed figures' rounding is 持平."""
    out: list[Relation] = []
    for p in report.paragraphs:
        if "决算" not in p.text or not _ORDER.search(p.text):
            continue
        amounts = report.quantities_in(p.start, p.end + 1, ("amount",))
        last = p.start
        for m in _ORDER.finditer(report.text, p.start, p.end + 1):
            window = [q for q in amounts if max(last, m.start() - _ORDER_REACH) <= q.start < m.start()]
            last = m.end()
            words = (m.group("dir") or m.group("dir2")).strip()
            base = m.group("base") or m.group("base2")
            budgets: list[tuple[str, Quantity]] = []
            finals: list[Quantity] = []
            for q in window:
                before = report.text[max(p.start, q.start - 12):q.start]
                b = _BUDGET_BEFORE.search(before)
                if b is not None and "决算" not in before[b.start() - 2:b.start()]:
                    budgets.append((b.group("kind"), q))
                elif _FINAL_BEFORE.search(before):
                    finals.append(q)
            named = [q for kind, q in budgets if kind == base or base == "预算"]
            if len(finals) != 1 or len(named) != 1 or finals[0].approx or named[0].approx:
                continue
            final, budget = finals[0], named[0]
            f_iv, b_iv = in_yuan(final.value, final.unit), in_yuan(budget.value, budget.unit)
            truth = "等于" if f_iv.overlaps(b_iv) else "大于" if f_iv.lo > b_iv.hi else "小于"
            said = "大于" if words in _MORE else "小于" if words in _LESS else "等于"
            sign = {"等于": "=", "大于": ">", "小于": "<"}[truth]
            span = report.span_of(m.start(), m.end())
            out.append(Relation(kind="order", result=final, terms=(budget,), holds=truth == said, computed=truth,
                                source="prose-order", scope="“…" + re.sub(r"\s+", "", m.group()) + "…”",
                                text=f"决算 {final.text}{final.unit} {sign} {base} {budget.text}{budget.unit}",
                                start=m.start(), end=m.end(), span=span))
    return out
