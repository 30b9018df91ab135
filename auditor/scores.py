"""Score tables written as text: indicators with their weight (分值), score (得分), deduction (扣分) and sub-items."""

from __future__ import annotations

import re

from auditor import rx
from auditor.model import Quantity, Report, Section
from auditor.records import dataclass
from auditor.spans import Span

_SCORE_LEAD = rx.compile(r"(?:自评|评价|指标)?得分(?:为|是)?\s*$")
_WEIGHT_LEAD = rx.compile(r"分值(?:为|是)?\s*$")
_DEDUCT_LEAD = rx.compile(r"扣(?:分|除)?(?:为)?\s*$")
_HIDDEN_ITEM = rx.compile(r"^([^，。；,;：:]{2,30})[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)][。.]?$")
BONUS_TITLE = rx.compile(r"加分|加减分|扣分项|奖励分")


@dataclass(frozen=True, slots=True)
class ScoreItem:
    """One scored indicator (or category) and its sub-items."""

    title: str
    span: Span
    start: int                     # normalized offset of the item's title
    weight: Quantity | None
    score: Quantity | None
    deduction: Quantity | None
    children: tuple[ScoreItem, ...]
    hidden: bool = False           # a line shaped like an item but without its marker

    @property
    def bonus(self) -> bool:
        return bool(BONUS_TITLE.search(self.title))


def score_items(report: Report) -> list[ScoreItem]:
    """The top-level scored items of the report (sections whose title or text gives a 分值)."""
    if not any(q.kind == "score" for q in report.quantities):
        return []
    return _items(report, report.root)


def scores_between(report: Report, start: int, end: int) -> list[Quantity]:
    """The score figures (…分) whose start lies in [start, end)."""
    return report.quantities_in(start, end, ("score",))


def _items(report: Report, sec: Section) -> list[ScoreItem]:
    out: list[ScoreItem] = []
    for child in sec.children:
        out.extend(_item(report, child))
    return out


def _item(report: Report, sec: Section) -> list[ScoreItem]:
    h = sec.heading
    children = _items(report, sec)
    if h is None:
        return children
    # split the section's own paragraphs at lines shaped like a sub-item without its marker
    groups: list[tuple[str, Span, int, Quantity | None, list[int]]] = [(h.title, h.span, h.start, None, [])]
    for i in sec.paragraphs:
        p = report.paragraphs[i]
        m = _HIDDEN_ITEM.match(p.text.strip())
        if m and len(p.parts) == 1 and not _runs_in(report, sec, i):
            w = next(iter(scores_between(report, p.start, p.end)), None)
            groups.append((m.group(1), p.span, p.start, w, []))
        else:
            groups[-1][4].append(i)
    line_end = report.text.find("\n", h.start)
    title_weight = _title_weight(report, h.start, line_end if line_end >= 0 else len(report.text))
    own = groups[0]
    main = ScoreItem(title=h.title, span=h.span, start=h.start,
                     weight=title_weight or _find(report, own[4], _WEIGHT_LEAD),
                     score=_find(report, own[4], _SCORE_LEAD), deduction=_find(report, own[4], _DEDUCT_LEAD),
                     children=())
    hidden = [ScoreItem(title=t, span=sp, start=st, weight=w, score=_find(report, paras, _SCORE_LEAD),
                        deduction=_find(report, paras, _DEDUCT_LEAD), children=(), hidden=True)
              for t, sp, st, w, paras in groups[1:]]
    if main.weight is None and not hidden:
        return children
    if hidden and main.weight is not None and not children:
        # the hidden line is a sibling of this item (（1）…（5分） / 预算编制规范性（5分） / （3）…)
        return [main, *hidden]
    merged = sorted([*children, *hidden], key=lambda it: it.start)
    return [ScoreItem(title=main.title, span=main.span, start=main.start, weight=main.weight, score=main.score,
                      deduction=main.deduction, children=tuple(merged))]


def _runs_in(report: Report, sec: Section, i: int) -> bool:
    """Whether paragraph i is the run-in body of the section heading (starts on the heading's line)."""
    h = sec.heading
    return h is not None and report.paragraphs[i].start <= h.end


def _title_weight(report: Report, start: int, end: int) -> Quantity | None:
    for q in scores_between(report, start, end):
        if report.text[q.start - 1:q.start] in "（(":
            return q
    return None


def _find(report: Report, paras: list[int], lead: re.Pattern[str]) -> Quantity | None:
    """The last score figure in these paragraphs introduced by ``lead`` (得分为 / 分值 / 扣)."""
    found = None
    for i in paras:
        p = report.paragraphs[i]
        for q in (q for s, e in p.parts for q in scores_between(report, s, e)):
            before = report.text[max(0, q.start - 8):q.start]
            if lead.search(before) and not before.endswith("率"):
                found = q
                if lead is _WEIGHT_LEAD:
                    return q
    return found
