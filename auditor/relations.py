"""Relations between facts that rules check: scopes, compatible facts, totals of parts, shares, changes."""

from __future__ import annotations

from bisect import bisect_left
from decimal import Decimal

from auditor.arith import (
    Interval,
    convert_interval,
    exact,
    fmt,
    in_yuan,
    printed,
    ratio_percent,
    stated_percent,
    sum_intervals,
)
from auditor.engine import Context
from auditor.labels import Lexicon, lexicon
from auditor.model import Change, Fact, Relation, Report, Section, Share
from auditor.records import dataclass
from auditor.statements import share_of_whole

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


_HUNDRED = Decimal(100)


def share_sets(report: Report) -> list[Relation]:
    """人员经费550.11万元，占基本支出的92.80%；公用经费42.67万元，占基本支出的7.20%: the shares of all the parts of one
    whole stated in one paragraph, the parts exactly the lexicon's parts of that whole, add up to 100% (kind
    ``share-set``: the last share against 100% less the others). A set with a share its own figures already show wrong
    is not read: that share is the defect, reported once (SHARE001)."""
    if not report.shares:
        return []
    wrong = {c.share.start for c in _share_checks(report) if not c.holds}
    lex = report.lexicon or lexicon()
    groups: dict[tuple[int, str], list[Share]] = {}
    for share in report.shares:
        num = report.facts[share.numerator]
        whole = share.denominator_label or next(
            (n for n, d in lex.labels.items() if num.label in d.parts and n != "支出合计"), None)
        if whole:
            groups.setdefault((num.paragraph, whole), []).append(share)
    out = []
    for (_para, whole), members in groups.items():
        parts = lex.labels[whole].parts if whole in lex.labels else ()
        labels = sorted(report.facts[s.numerator].label for s in members)
        if not parts or labels != sorted(parts) or any(s.start in wrong for s in members):
            continue
        total = sum_intervals(stated_percent(s.percent.value) for s in members)
        last, others = members[-1].percent, [s.percent for s in members[:-1]]
        stated_sum = sum((s.percent.value for s in members), Decimal(0))
        rest = _HUNDRED - sum((q.value for q in others), Decimal(0))
        out.append(Relation(kind="share-set", result=last, terms=tuple(others), holds=total.contains(_HUNDRED),
                            computed=fmt(rest, last.decimals), source="prose-share-set", scope=whole,
                            text=" + ".join(f"{s.percent.text}%" for s in members) + f" = {stated_sum}%",
                            start=last.start, end=last.end, span=last.span))
        if total.contains(_HUNDRED):
            out.extend(_partition_shares(report, whole, members))
    return out


def _partition_shares(report: Report, whole: str, members: list[Share]) -> list[Relation]:
    """因公出国（境）费支出70万元，占“三公”经费的13.75%；公务用车…411.20万元，占…80.75%；公务接待费…28万元，占…5.50%: the
    shares of all the parts of a whole whose amount is not written, which add up to 100%, are each part's amount over
    the parts' sum. Each part with its share gives the whole (amount ÷ share); when all but one agree on it, that one's
    amount or share is wrong, the one defect reported. Read for three parts or more (of two, which is wrong cannot be
    told); when all agree, each share is read against the sum."""
    amounts = [report.facts[s.numerator].quantity for s in members]
    if len(members) < 3 or any(q.kind != "amount" or q.approx for q in amounts):
        return []
    values = [in_yuan(q.value, q.unit) for q in amounts]
    admitted = [share_of_whole(s.percent) for s in members]
    if any(v.lo <= 0 for v in values) or any(a.lo <= 0 for a in admitted):
        return []
    bases = [v / (a * exact(Decimal("0.01"))) for v, a in zip(values, admitted, strict=True)]
    total = sum_intervals(values)

    def agree(ks: list[int]) -> bool:
        return max(bases[k].lo for k in ks) <= min(bases[k].hi for k in ks)

    ks = list(range(len(members)))
    if agree(ks):
        odd = None
    else:
        odd_ones = [k for k in ks if agree([j for j in ks if j != k])]
        if len(odd_ones) != 1:
            return []
        odd = odd_ones[0]
    out = []
    for k, (share, q, v) in enumerate(zip(members, amounts, values, strict=True)):
        computed = ratio_percent(v, total)
        holds = k != odd
        if holds and not computed.overlaps(admitted[k]):
            continue
        pct = share.percent
        out.append(Relation(kind="ratio", result=pct, terms=(q, *[a for a in amounts if a is not q]), holds=holds,
                            computed=f"{fmt(computed.mid, pct.decimals)}%", source="prose-share-partition",
                            scope=f"{whole}的各组成部分（总额未写出，按各部分之和）",
                            text=f"{q.text}{q.unit} ÷ ({' + '.join(a.text for a in amounts)}){q.unit} × 100 = "
                                 f"{fmt(computed.mid, pct.decimals + 2)}%",
                            start=pct.start, end=pct.end, span=pct.span))
    return out
