"""Rates stated with their parts in one sentence: 实际完成59174人，任务书59000人，完成率100.3%."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import pairwise

from auditor import rx
from auditor.model import Quantity, Rate
from auditor.spans import OffsetMap

_RATE = rx.compile(r"(?P<name>(?:完成|执行|到位|覆盖|管理|达标|合格|使用|签约|支出|拨付|得分|兑现|发放|结算)率|完成比例|"
                   r"完成(?:年度)?(?:预算|计划|任务)的|占(?:年度)?(?:预算|计划)的)(?:为|达到?|是|约)?\s*$")
_DEN = rx.compile(r"任务|计划|预算|目标|应[^，。；、]{0,6}(?:数|人)|管理数|核定|总数|分配|分值|满分|下达")
_NUM = rx.compile(r"实际|完成|决算|有效|已|累计|得分|到位|支付|执行数")
_CLAUSE = rx.compile(r"[，,；;。：:、]")
_KINDS = ("count", "amount", "score")


def read_rates(text: str, local: list[tuple[int, Quantity]], s0: int, sentence: int, norm_of: object,
               offsets: OffsetMap) -> list[Rate]:
    """Rates in one sentence of a unit (``local`` are the unit's quantities with their local offsets).

    Each look is bounded: the rate's name is read in a window just before the percentage, the figures
    before it by bisection, and each figure's clause from the clause ends found once.
    """
    out: list[Rate] = []
    floor = s0
    if not any(q.kind == "percent" for _loc, q in local):
        return out
    locs = [loc for loc, _q in local]
    ordered = all(a <= b for a, b in pairwise(locs))
    clauses: list[int] | None = None
    for loc, q in local:
        if q.kind != "percent" or loc < s0:
            continue
        m = _RATE.search(text, max(floor, _name_window(text, floor, loc)), loc)
        if m is None or text[m.end():loc].strip():
            continue
        if clauses is None:
            clauses = [c.start() for c in _CLAUSE.finditer(text, s0, max(locs))]
        before = local[bisect_left(locs, floor):bisect_left(locs, m.start())] if ordered else \
            [(ploc, p) for ploc, p in local if floor <= ploc < m.start()]
        parts = [(ploc, p) for ploc, p in before if p.kind in _KINDS and not p.approx]
        num = _one(text, parts, _NUM, _DEN, floor, clauses)
        den = _one(text, parts, _DEN, _NUM, floor, clauses)
        floor = loc
        if num is None or den is None or num is den or not _same_kind(num, den):
            continue
        start = norm_of(m.start())  # type: ignore[operator]
        out.append(Rate(name=m.group("name"), numerator=num, denominator=den, percent=q, sentence=sentence,
                        start=start, end=q.end, span=offsets.span(start, q.end)))
    return out


_NAME_MAX = 12   # the longest rate name and its verb (完成年度预算的 + 达到) fit in this many characters


def _name_window(text: str, floor: int, loc: int) -> int:
    """Where a rate name ending (before white space) at ``loc`` can start at the earliest."""
    end = loc
    while end > floor and text[end - 1].isspace():
        end -= 1
    return end - _NAME_MAX


def _one(text: str, parts: list[tuple[int, Quantity]], want: re.Pattern[str], avoid: re.Pattern[str],
         floor: int, clauses: list[int]) -> Quantity | None:
    """The single figure whose clause names it with ``want`` and not with ``avoid``.

    A figure's clause starts after the last of ``clauses`` (offsets of clause marks) in [floor, loc).
    """
    found = []
    for loc, q in parts:
        i = bisect_left(clauses, loc) - 1
        cut = clauses[i] + 1 if i >= 0 and clauses[i] >= floor else floor
        lead = text[cut:loc]
        if want.search(lead) and not avoid.search(lead):
            found.append(q)
            if len(found) > 1:
                return None
    return found[0] if len(found) == 1 else None


def _same_kind(a: Quantity, b: Quantity) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "count":
        return a.unit == b.unit
    return True
