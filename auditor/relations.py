"""Relations between facts that rules check: scopes, compatible facts, totals of parts, shares, changes."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

from auditor.arith import Interval, convert_interval, printed, ratio_percent, stated_percent
from auditor.engine import Context
from auditor.labels import Lexicon, lexicon
from auditor.model import Change, Fact, Report, Section, Share

_STAGES = ("年初预算", "调整预算", "预算", "决算")


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


def section_chain(report: Report, index: int) -> list[Section]:
    """The section with this index and its ancestors, innermost first."""
    chain: list[Section] = []
    while 0 <= index < len(report.sections):
        sec = report.sections[index]
        chain.append(sec)
        index = sec.parent
    return chain


def usable(fact: Fact) -> bool:
    q = fact.quantity
    return not q.approx and q.unit in ("元", "万元", "亿元")


def parents_of(label: str, lex: Lexicon | None = None) -> set[str]:
    lex = lex or lexicon()
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
        den = share_denominator(report, share, num)
        if den is None or not usable(num) or not usable(den):
            continue
        try:
            computed = ratio_percent(value_yuan(num), value_yuan(den))
        except ZeroDivisionError:
            continue
        holds = computed.overlaps(stated_percent(share.percent.value))
        out.append(ShareCheck(share, num, den, computed, holds))
    return out


def share_denominator(report: Report, share: Share, num: Fact) -> Fact | None:
    """The fact a share is taken of: the label after 占, or for 占比 the whole the numerator is part of."""
    labels = {share.denominator_label} if share.denominator_label else parents_of(num.label, report.lexicon)
    if not labels and num.in_breakdown_of is not None:
        return report.facts[num.in_breakdown_of]
    window = [f for f in _nearest_before(report, labels, share.start) if f.index != num.index]
    ok: dict[int, bool] = {}

    def fits(f: Fact) -> bool:   # compatible with the numerator, asked only of facts in the scope looked at
        if f.index not in ok:
            ok[f.index] = compatible(f, num)
        return ok[f.index]

    # nearest scope first: the same paragraph, then each enclosing section
    same_para = [f for f in window if f.paragraph == num.paragraph and f.paragraph >= 0 and fits(f)]
    groups = [same_para] if same_para else ([f for f in window if sec.contains(f.section) and fits(f)]
                                            for sec in section_chain(report, num.section))
    for group in groups:
        if group:
            values = {f.quantity.value * _scale(f) for f in group}
            return group[-1] if len(values) == 1 else None
    return None


SHARE_WINDOW = 64   # the denominator of a share is looked for among this many facts of its label before it


def _nearest_before(report: Report, labels: set[str], start: int) -> list[Fact]:
    """The facts of these labels whose label starts before ``start``: the SHARE_WINDOW nearest of each
    label, in document order (an index by label and a bisection, not a pass over every fact)."""
    index = report.facts_by_label()
    out: list[Fact] = []
    for label in labels:
        facts = index.get(label, [])
        hi = bisect_left(facts, start, key=lambda f: f.start)
        out.extend(facts[max(0, hi - SHARE_WINDOW):hi])
    return sorted(out, key=lambda f: f.index)


def _scale(fact: Fact) -> Decimal:
    return {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}.get(fact.quantity.unit,
                                                                                 Decimal(1))


def change_subject(report: Report, ch: Change) -> list[Fact]:
    """The facts a change may speak of, the most likely first: after a 其中 list, the head of the list."""
    subjects = [report.facts[i] for i in ch.subjects]
    if subjects and subjects[0].in_breakdown_of in ch.subjects:
        head = report.facts[subjects[0].in_breakdown_of]   # type: ignore[index]
        subjects = [head] + [f for f in subjects if f.index != head.index]
    return [f for f in subjects if usable(f)]


def section_body(report: Report, sec: Section) -> str:
    """All text under a section heading: its paragraphs and its subsections, without the title itself."""
    h = sec.heading
    assert h is not None
    pieces = []
    for s in sec.walk():
        if s is not sec and s.heading is not None:
            pieces.append(s.heading.title or "x")
        for i in s.paragraphs:
            p = report.paragraphs[i]
            text = p.text
            if s is sec and p.start <= h.end <= p.end:   # a run-in title: keep only what follows it
                text = text[h.end - p.start:].lstrip("。：:；; ")
            pieces.append(text)
    return "".join(pieces)
