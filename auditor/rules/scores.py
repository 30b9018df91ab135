"""Score rules: a score table written as text that does not add up (sub-items, deductions, totals, grades)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from types import MappingProxyType

from auditor import rx
from auditor.engine import Context, Finding, Rule
from auditor.model import Report
from auditor.scores import ScoreItem, score_items, scores_between

_GRADE = rx.compile(r"(?:得分|评分|总分|自评分)(?:为|是)?\s*$")
_GRADE_WORD = rx.compile(r"[“\"]?(优秀|优|良好|良|中等|中|合格|差|不合格)[”\"]?")
_GRADES = (("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0)))
_CANON = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中", "差": "差",
          "不合格": "差"}

SCORED = ("一、绩效分析\n（一）预算编制情况（{cat}分）\n1.预算编制。指标分值{w1}分，自评得分{s1}分。\n"
          "（1）预算编制合理性（{a}分）\n预算编制合理。因此，该指标扣{d}分，指标评价得分{sa}分。\n"
          "（2）预算编制规范性（5分）\n预算编制规范，该项指标得分为5分。\n2.目标设置。指标分值10分，自评得分10分。")


def _walk(items: list[ScoreItem]) -> Iterator[ScoreItem]:
    for it in items:
        yield it
        yield from _walk(list(it.children))


def _v(q: object) -> Decimal:
    return q.value  # type: ignore[attr-defined, no-any-return]


class ScoreWithinWeight(Rule):
    """An item's score is higher than its weight (得分 > 分值), or its deduction does not match (分值 − 扣分 ≠ 得分)."""

    code = "SCORE001"
    name = "score.item"
    category = "score"
    severity = "error"
    examples = MappingProxyType({
        "pass": [{"text": SCORED.format(cat=28, w1=10, s1=9, a=5, d=1, sa=4)}],
        "fail": [{"text": SCORED.format(cat=28, w1=10, s1=9, a=5, d=1, sa=3), "expect_line": 4,
                  "quote": "（1）预算编制合理性（5分）"},
                 {"text": SCORED.format(cat=28, w1=10, s1=11, a=5, d=0, sa=5), "expect_line": 3}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for it in _walk(ctx.memo("score_items", lambda: score_items(report))):
            if it.weight is None or it.score is None:
                continue
            ctx.count(self)
            w, s = _v(it.weight), _v(it.score)
            if s > w:
                yield self.finding(f"“{it.title}”得分 {s} 分高于分值 {w} 分", it.span,
                                   evidence={"weight": str(w), "score": str(s)})
                continue
            if it.deduction is not None and w - _v(it.deduction) != s:
                d = _v(it.deduction)
                yield self.finding(f"“{it.title}”分值 {w} 分，扣 {d} 分，应得 {w - d} 分，文中得分 {s} 分", it.span,
                                   suggestion=f"{w - d}分", evidence={"weight": str(w), "deduction": str(d),
                                                                      "score": str(s)})
                continue
            ctx.holds(self, f"“{it.title}”得分 {s} ≤ 分值 {w}", it.span)


class ScoreItemsAddUp(Rule):
    """The sub-items of a scored indicator do not add up: their weights to its weight, or their scores to its score.

    Checked only when every sub-item states the figure; a line shaped like a sub-item but missing its
    marker (预算编制规范性（5分）) counts as one.
    """

    code = "SCORE002"
    name = "score.items-sum"
    category = "score"
    severity = "error"
    examples = MappingProxyType({
        "pass": [{"text": SCORED.format(cat=20, w1=10, s1=9, a=5, d=1, sa=4)}],
        "fail": [{"text": SCORED.format(cat=28, w1=10, s1=9, a=5, d=1, sa=4), "expect_line": 2,
                  "quote": "（一）预算编制情况"},
                 {"text": SCORED.format(cat=20, w1=10, s1=8, a=5, d=1, sa=4), "expect_line": 3}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for it in _walk(ctx.memo("score_items", lambda: score_items(report))):
            kids = [k for k in it.children if not k.bonus]
            if len(kids) < 2:
                continue
            for what, own, parts in (("分值", it.weight, [k.weight for k in kids]),
                                     ("得分", it.score, [k.score for k in kids])):
                if own is None or any(p is None for p in parts):
                    continue
                ctx.count(self)
                total = sum((_v(p) for p in parts), Decimal(0))
                terms = " + ".join(str(_v(p)) for p in parts)
                if total == _v(own):
                    ctx.holds(self, f"“{it.title}”{what} {_v(own)} = {terms}", it.span)
                    continue
                yield self.finding(f"“{it.title}”各子项{what}之和 {terms} = {total} 分，文中{what}为 {_v(own)} 分",
                                   it.span, suggestion=f"{total}分",
                                   evidence={"what": what, "stated": str(_v(own)), "sum": str(total),
                                             "items": [k.title for k in kids]})


class GradeMatchesScore(Rule):
    """The grade stated with a score does not match it (优 ≥ 90, 良 80–89.99, 中 60–79.99, 差 < 60)."""

    code = "SCORE003"
    name = "score.grade"
    category = "score"
    severity = "error"
    examples = MappingProxyType({
        "pass": [{"text": "2024年度我局整体支出绩效自评得分92分，部门整体支出绩效为“优”。"}],
        "fail": [{"text": "2024年度我局整体支出绩效自评得分86分，部门整体支出绩效为“优”。", "expect_line": 1,
                  "quote": "“优”"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if not any(q.kind == "score" for q in report.quantities):
            return
        for s0, s1 in report.sentences:
            if not _GRADE_WORD.search(report.text, s0, s1):
                continue
            scores = [q for q in scores_between(report, s0, s1)
                      if _GRADE.search(report.text[max(0, q.start - 6):q.start])]
            if len(scores) != 1:
                continue
            q = scores[0]
            tail = report.text[q.end:s1]
            m = re.search(r"(?:等级|绩效|评价|结果)(?:为|是|评定为|属于)\s*([“\"]?(?:优秀|优|良好|良|中等|中|合格|差|不合格)[”\"]?)",
                          tail)
            if m is None:
                continue
            ctx.count(self)
            said = _CANON[m.group(1).strip("“”\"")]
            due = next(g for g, floor in _GRADES if q.value >= floor)
            if said == due:
                ctx.holds(self, f"得分 {q.value} 分，等级“{said}”", q.span)
                continue
            s = q.end + m.start(1)
            yield self.finding(f"得分 {q.value} 分对应等级应为“{due}”（优≥90，良80–89.99，中60–79.99，差<60），文中为“{said}”",
                               report.span_of(s, q.end + m.end(1)), suggestion=f"“{due}”",
                               evidence={"score": str(q.value), "stated": said, "expected": due})


_TOTAL_LEAD = rx.compile(r"(?:总分|总得分|自评得分|综合得分|综合评分|评价得分|自评分)(?:为|是|达到?)?\s*$")
_WEIGHT_WORD = rx.compile(r"(?:满分|分值|权重)(?:为|是)?\s*$")


class TotalOfItems(Rule):
    """A total score does not equal the scores of the items it is broken into in the same sentence.

    自评总分为95分，其中产出指标48分（满分50分），效益指标29分…; an item scored above its stated maximum (满分)
    is reported too. The total of a report against its scored sections (综合评分为97分 after a score table) is
    not checked: bonus items (加减分) rarely state their figure.
    """

    code = "SCORE004"
    name = "score.total"
    category = "score"
    severity = "error"
    examples = MappingProxyType({
        "pass": [{"text": "本项目自评总分为95分，其中产出指标48分（满分50分），效益指标29分（满分30分），"
                          "满意度指标10分（满分10分），预算执行指标8分（满分10分）。"}],
        "fail": [{"text": "本项目自评总分为95分，其中产出指标48分（满分50分），效益指标27分（满分30分），"
                          "满意度指标10分（满分10分），预算执行指标8分（满分10分）。", "expect_line": 1, "quote": "95分"},
                 {"text": "本项目自评总分为97分，其中产出指标52分（满分50分），效益指标27分（满分30分），"
                          "满意度指标10分（满分10分），预算执行指标8分（满分10分）。", "expect_line": 1, "quote": "52分"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for s0, s1 in report.sentences:
            cut = report.text.find("其中", s0, s1)
            if cut < 0:
                continue
            scores = scores_between(report, s0, s1)
            totals = [q for q in scores if q.start < cut and _TOTAL_LEAD.search(report.text[max(0, q.start - 8):q.start])]
            if len(totals) != 1:
                continue
            total = totals[0]
            items: list[tuple[object, object | None]] = []
            for q in scores:
                if q.start < cut:
                    continue
                if _WEIGHT_WORD.search(report.text[max(0, q.start - 4):q.start]):
                    if items and items[-1][1] is None:
                        items[-1] = (items[-1][0], q)
                    continue
                items.append((q, None))
            if len(items) < 2 or any(getattr(s, "approx", False) for s, _w in items):
                continue
            for s, w in items:
                if w is not None and _v(s) > _v(w):
                    ctx.count(self)
                    yield self.finding(f"得分 {_v(s)} 分高于满分 {_v(w)} 分", s.span,  # type: ignore[attr-defined]
                                       evidence={"score": str(_v(s)), "max": str(_v(w))})
            ctx.count(self)
            parts = [_v(s) for s, _w in items]
            total_sum = sum(parts, Decimal(0))
            terms = " + ".join(str(p) for p in parts)
            if total_sum == _v(total):
                ctx.holds(self, f"总分 {_v(total)} = {terms}", total.span)
                continue
            yield self.finding(f"各项得分之和 {terms} = {total_sum} 分，文中总分为 {_v(total)} 分", total.span,
                               suggestion=f"{total_sum}分", evidence={"total": str(_v(total)), "sum": str(total_sum),
                                                                    "items": [str(p) for p in parts]})
