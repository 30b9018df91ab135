"""Relations between facts that rules check: scopes, compatible facts, totals of parts, shares, changes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from auditor.arith import Interval, convert_interval, printed, ratio_percent, stated_percent, sum_intervals
from auditor.engine import Context
from auditor.labels import lexicon
from auditor.model import Change, Fact, Report, Section, Share

_STAGES = ("年初预算", "调整预算", "预算", "决算")
# Totals that include more than basic + project spending when these are stated.
_OTHER_SPENDING = re.compile(r"(上缴上级支出|经营支出|对附属单位补助支出|其他支出)\s*[为是]?\s*[1-9]")


def stage(fact: Fact) -> str | None:
    """The budget stage a fact speaks of (预算 / 决算 / …), if stated."""
    for s in _STAGES:
        if s in fact.qualifiers:
            return s
    return None


def compatible(a: Fact, b: Fact) -> bool:
    """Two facts speak of the same year, stage and fund."""
    if a.year is not None and b.year is not None and a.year != b.year:
        return False
    sa, sb = stage(a), stage(b)
    if sa is not None and sb is not None and sa != sb:
        return False
    funds = {"一般公共预算", "政府性基金"}
    fa = funds & set(a.qualifiers + (a.label,)) | {f for f in funds if a.label.startswith(f)}
    fb = funds & set(b.qualifiers + (b.label,)) | {f for f in funds if b.label.startswith(f)}
    return not (fa and fb and fa != fb)


def value_yuan(fact: Fact) -> Interval:
    """The printed interval of an amount fact, in 元."""
    q = fact.quantity
    return convert_interval(printed(q.value), q.unit, "元")


def in_unit(fact: Fact, unit: str) -> Interval:
    q = fact.quantity
    return convert_interval(printed(q.value), q.unit, unit)


def section_chain(report: Report, index: int) -> list[Section]:
    """The section with this index and its ancestors, innermost first."""
    chain: list[Section] = []

    def walk(sec: Section, path: list[Section]) -> bool:
        if sec.index == index:
            chain.extend(reversed(path + [sec]))
            return True
        return any(walk(c, path + [sec]) for c in sec.children)

    walk(report.root, [])
    return chain


def subtree_indices(section: Section) -> set[int]:
    return {s.index for s in section.walk()}


def usable(fact: Fact) -> bool:
    q = fact.quantity
    return not q.approx and q.unit in ("元", "万元", "亿元")


@dataclass(frozen=True, slots=True)
class SumCheck:
    """A total and the facts that should add up to it."""

    total: Fact
    parts: tuple[Fact, ...]
    computed: Interval      # sum of the parts, in the total's unit
    holds: bool


def sum_checks(report: Report, ctx: Context) -> list[SumCheck]:
    """Every total whose lexicon parts are all stated once, unambiguously, in the total's section."""
    return ctx.memo("sum_checks", lambda: _sum_checks(report))


def _sum_checks(report: Report) -> list[SumCheck]:
    lex = lexicon()
    out: list[SumCheck] = []
    for total in report.facts:
        parts_labels = lex.labels[total.label].parts
        if not parts_labels or not usable(total) or total.partial:
            continue
        chain = section_chain(report, total.section)
        if not chain:
            continue
        scope = subtree_indices(chain[0])
        scope_text = report.text[chain[0].start:chain[0].end]
        if _OTHER_SPENDING.search(scope_text):
            continue
        chosen: list[Fact] = []
        for label in parts_labels:
            cands = [f for f in report.facts if f.label == label and f.section in scope and usable(f)
                     and f.index != total.index and compatible(f, total)]
            if not cands or any(f.partial for f in cands):
                break
            values = {f.quantity.value for f in cands}
            if len(values) != 1:
                break
            chosen.append(min(cands, key=lambda f: abs(f.start - total.start)))
        else:
            unit = total.quantity.unit
            computed = sum_intervals(in_unit(f, unit) for f in chosen)
            holds = computed.overlaps(printed(total.quantity.value))
            out.append(SumCheck(total, tuple(chosen), computed, holds))
    return out


def parents_of(label: str) -> set[str]:
    lex = lexicon()
    return {name for name, d in lex.labels.items() if label in d.parts}


@dataclass(frozen=True, slots=True)
class ShareCheck:
    share: Share
    numerator: Fact
    denominator: Fact
    computed: Interval
    holds: bool


def share_checks(report: Report, ctx: Context) -> list[ShareCheck]:
    return ctx.memo("share_checks", lambda: _share_checks(report))


def _share_checks(report: Report) -> list[ShareCheck]:
    out = []
    for share in report.shares:
        num = report.facts[share.numerator]
        den = _denominator(report, share, num)
        if den is None or not usable(num) or not usable(den):
            continue
        try:
            computed = ratio_percent(value_yuan(num), value_yuan(den))
        except ZeroDivisionError:
            continue
        holds = computed.overlaps(stated_percent(share.percent.value))
        out.append(ShareCheck(share, num, den, computed, holds))
    return out


def _denominator(report: Report, share: Share, num: Fact) -> Fact | None:
    labels = {share.denominator_label} if share.denominator_label else parents_of(num.label)
    if not labels and num.in_breakdown_of is not None:
        return report.facts[num.in_breakdown_of]
    before = [f for f in report.facts if f.label in labels and f.start < share.start and compatible(f, num)
              and f.index != num.index]
    if not before:
        return None
    # nearest scope first: the same paragraph, then each enclosing section
    same_para = [f for f in before if f.paragraph == num.paragraph and f.paragraph >= 0]
    groups = [same_para] + [[f for f in before if f.section in subtree_indices(sec)]
                            for sec in section_chain(report, num.section)]
    for group in groups:
        if group:
            values = {f.quantity.value * _scale(f) for f in group}
            return group[-1] if len(values) == 1 else None
    return None


def _scale(fact: Fact) -> Decimal:
    return {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}.get(fact.quantity.unit,
                                                                                 Decimal(1))


@dataclass(frozen=True, slots=True)
class ChangeCheck:
    change: Change
    subject: Fact
    last: Interval
    computed: Interval
    holds: bool


def change_checks(report: Report, ctx: Context) -> list[tuple[Change, list[ChangeCheck]]]:
    return ctx.memo("change_checks", lambda: _change_checks(report))


def _change_checks(report: Report) -> list[tuple[Change, list[ChangeCheck]]]:
    out = []
    for ch in report.changes:
        if ch.amount is None or ch.percent is None or ch.points or ch.amount.approx:
            continue
        checks = []
        for idx in ch.subjects:
            subj = report.facts[idx]
            if not usable(subj) or subj.quantity.unit not in ("元", "万元", "亿元"):
                continue
            amount = convert_interval(printed(ch.amount.value), ch.amount.unit, subj.quantity.unit)
            current = printed(subj.quantity.value)
            last = current - amount if ch.direction == "increase" else current + amount
            try:
                computed = ratio_percent(amount, last)
            except ZeroDivisionError:
                continue
            checks.append(ChangeCheck(ch, subj, last, computed,
                                      computed.overlaps(stated_percent(ch.percent.value))))
        if checks:
            out.append((ch, checks))
    return out
