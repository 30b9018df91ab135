"""Rates stated with their parts in one sentence: 实际完成59174人，任务书59000人，完成率100.3%."""

from __future__ import annotations

import re

from auditor.model import Quantity, Rate
from auditor.spans import OffsetMap

_RATE = re.compile(r"(?P<name>(?:完成|执行|到位|覆盖|管理|达标|合格|使用|签约|支出|拨付|得分|兑现|发放|结算)率|完成比例|"
                   r"完成(?:年度)?(?:预算|计划|任务)的|占(?:年度)?(?:预算|计划)的)(?:为|达到?|是|约)?\s*$")
_DEN = re.compile(r"任务|计划|预算|目标|应[^，。；、]{0,6}(?:数|人)|管理数|核定|总数|分配|分值|满分|下达")
_NUM = re.compile(r"实际|完成|决算|有效|已|累计|得分|到位|支付|执行数")
_CLAUSE = re.compile(r"[，,；;。：:、]")
_KINDS = ("count", "amount", "score")


def read_rates(text: str, local: list[tuple[int, Quantity]], s0: int, sentence: int, norm_of: object,
               offsets: OffsetMap) -> list[Rate]:
    """Rates in one sentence of a unit (``local`` are the unit's quantities with their local offsets)."""
    out: list[Rate] = []
    floor = s0
    for loc, q in local:
        if q.kind != "percent" or loc < s0:
            continue
        m = _RATE.search(text, floor, loc)
        if m is None or text[m.end():loc].strip():
            continue
        parts = [(ploc, p) for ploc, p in local if floor <= ploc < m.start() and p.kind in _KINDS and not p.approx]
        num = _one(text, parts, _NUM, _DEN, floor)
        den = _one(text, parts, _DEN, _NUM, floor)
        floor = loc
        if num is None or den is None or num is den or not _same_kind(num, den):
            continue
        start = norm_of(m.start())  # type: ignore[operator]
        out.append(Rate(name=m.group("name"), numerator=num, denominator=den, percent=q, sentence=sentence,
                        start=start, end=q.end, span=offsets.span(start, q.end)))
    return out


def _one(text: str, parts: list[tuple[int, Quantity]], want: re.Pattern[str], avoid: re.Pattern[str],
         floor: int) -> Quantity | None:
    """The single figure whose clause names it with ``want`` and not with ``avoid``."""
    found = []
    for loc, q in parts:
        cut = max([m.end() for m in _CLAUSE.finditer(text, floor, loc)] or [floor])
        lead = text[cut:loc]
        if want.search(lead) and not avoid.search(lead):
            found.append(q)
    return found[0] if len(found) == 1 else None


def _same_kind(a: Quantity, b: Quantity) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "count":
        return a.unit == b.unit
    return True
