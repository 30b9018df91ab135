"""Consistency rules: the report speaks of another body (我厅 in a 局's report), of another year, or states one
labelled figure twice with different values."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from decimal import Decimal
from types import MappingProxyType

from auditor import rx
from auditor.arith import convert, convert_interval, in_yuan, printed
from auditor.engine import Checked, Context, Finding, Rule
from auditor.model import Fact, Quantity, Report
from auditor.relations import stage

# the kind of body a government unit is, by the last character of its name
_BODY = {"委员会": "委", "办公室": "办", "中心": "中心", "局": "局", "厅": "厅", "委": "委", "办": "办", "处": "处"}
# 本 closing another word (基本办学, 成本处理, 资本局面) is not a self-reference
_SELF = rx.compile(r"(?:我|(?<![基根成资样版文日课剧账脚原])本)(厅|局|委|办|处)(?![长属内外级里面法理事公学])")
_ENTITY_END = rx.compile(r"(委员会|办公室|中心|局|厅|委|办|处)$")
_LEVEL = rx.compile(r"([市区县])(?:[^市区县]{0,12})(局|厅|委|委员会|办公室|办|中心)$")
_OWN_SCOPE = rx.compile(r"(?:负责|统筹|指导|组织|协调|推进|拟订|制定|规划|管理|监督)(全[市区县])")
_COMPARE = rx.compile(r"较|比|相比|同比|上年|去年|上一年|以前年度|历年|截至|累计|以来|期间|—|-|至")
_SCOPE_WORDS = rx.compile(r"本级|机关|下属|所属|全系统|系统内|合并|汇总|全县|全市|全区|全省|中央|地方")


def entity_kind(report: Report) -> str | None:
    """What kind of body wrote the report (局, 厅, 委 …): from its title, else from how it names itself."""
    if report.entity:
        m = _ENTITY_END.search(report.entity)
        if m:
            return _BODY[m.group(1)]
    counts: dict[str, int] = {}
    for m in _SELF.finditer(report.text):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    # only a clear majority names the body: 我局 four times against 我厅 once
    return best if counts[best] >= 3 and counts[best] >= 3 * (sum(counts.values()) - counts[best]) else None


class SelfReference(Rule):
    """The report calls its author by another kind of body: 我厅 in a 局's report, or takes a wider area as
    its own remit (负责全市… in a district's report). Text copied from another body's report."""

    code = "CONS001"
    name = "consistency.self-reference"
    category = "consistency"
    severity = "warning"
    examples = MappingProxyType({
        "pass": [{"text": "2023年度某县教育局整体支出绩效自评报告\n一、部门基本情况\n我局内设股室6个。本局负责全县教育工作。"}],
        "fail": [{"text": "2023年度某县教育局整体支出绩效自评报告\n一、部门基本情况\n基本支出系保障我厅机构正常运转的支出。",
                  "expect_line": 3, "quote": "我厅"},
                 {"text": "2023年度某区教育局整体支出绩效自评报告\n一、部门职能\n负责全市教育事业发展规划。",
                  "expect_line": 3, "quote": "全市"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        kind = entity_kind(report)
        if kind is not None:
            for m in _SELF.finditer(report.text):
                ctx.count(self)
                if m.group(1) == kind:
                    continue
                who = report.entity or f"本{kind}"
                yield self.finding(f"自称“{m.group()}”与报告主体“{who}”不符（应为“我{kind}”），疑为套用其他单位文本",
                                   report.span_of(m.start(), m.end()), suggestion=f"我{kind}",
                                   evidence={"found": m.group(), "entity": who, "expected": f"我{kind}"})
        level = _LEVEL.search(report.entity or "")
        if level is None or level.group(1) == "市":
            return
        own = "全" + level.group(1)
        for m in _OWN_SCOPE.finditer(report.text):
            ctx.count(self)
            if m.group(1) == own:
                continue
            s, e = m.span(1)
            yield self.finding(f"“{m.group()}”：报告主体“{report.entity}”的职责范围应为“{own}”，文中为“{m.group(1)}”",
                               report.span_of(s, e), suggestion=own,
                               evidence={"found": m.group(1), "entity": report.entity, "expected": own})


class OtherYear(Rule):
    """A budget figure is stated for another year than the report's (2023年基本支出… in a 2024 report), with no
    comparison in the sentence: a figure left over from last year's report."""

    code = "CONS002"
    name = "consistency.fiscal-year"
    category = "consistency"
    severity = "info"        # info until the relation layer gives it scope (issue 12): on the corpus of real reports most of its findings were false (a 预算执行报告 states last year's figures by nature)
    examples = MappingProxyType({
        "pass": [{"text": "2024年度某县教育局整体支出绩效自评报告\n2024年基本支出为500.00万元，较2023年增加20.00万元。"}],
        "fail": [{"text": "2024年度某县教育局整体支出绩效自评报告\n2023年基本支出为500.00万元，其中人员经费400.00万元。",
                  "expect_line": 2, "quote": "2023年"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if report.year is None:
            return
        seen: set[int] = set()
        compares: dict[int, bool] = {}   # per sentence: searched once
        for f in report.facts:
            if f.year is None or not f.year_start or f.sentence in seen:
                continue
            ctx.count(self)
            if f.year == report.year:
                continue
            if f.sentence not in compares:
                s0, s1 = report.sentences[f.sentence]
                compares[f.sentence] = _COMPARE.search(report.text, s0, s1) is not None
            if compares[f.sentence] or f.year > report.year:
                continue
            seen.add(f.sentence)
            ys = f.year_start
            yield self.finding(f"报告年度为{report.year}年，此处预算数据却为{f.year}年（{f.label_text}"
                               f"{f.quantity.text}{f.quantity.unit}），疑为沿用上年报告内容",
                               report.span_of(ys, ys + 5), evidence={"report_year": report.year, "year": f.year,
                                                                   "label": f.label})


class FigureStatedTwice(Rule):
    """The same labelled figure (same label, year, stage and scope) is stated twice with different values.

    An info on its own. When one of the two values makes a failed relation of the other statement hold (基本支出 ≠
    人员经费 + 公用经费 with 人员经费 6929.22, while 6298.38 stated in another section adds up), the failures are one
    finding of that relation's rule at the figure, suggesting that value.

    Silent in a report of several levels of government (全省 and 省本级, 中央 and 地方, each named three times or more):
    there a label without its level may be either level's figure.
    """

    code = "CONS003"
    name = "consistency.figure-stated-twice"
    category = "consistency"
    severity = "info"        # info until the relation layer gives it scope (issue 12): on the corpus of real reports most of its findings were false (全市 vs 市本级, 预算 vs 决算, one fund vs another); silent in reports of several levels
    examples = MappingProxyType({
        "pass": [{"text": "一、概况\n2024年基本支出为500.00万元。\n二、支出\n2024年基本支出500.00万元，占比50.00%。"}],
        "fail": [{"text": "一、概况\n2024年基本支出为500.00万元。\n二、支出\n2024年基本支出520.00万元，主要用于人员工资。",
                  "expect_line": 4, "quote": "520.00万元"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        if _several_levels(report.text):
            return      # 全省 and 省本级, 中央 and 地方: a label without its level may be either's figure
        groups: dict[tuple[object, ...], list[Fact]] = {}
        words: dict[int, tuple[list[int], list[str]]] = {}
        for f in report.facts:
            q = f.quantity
            if q.approx or f.partial or q.unit not in ("元", "万元", "亿元"):
                continue
            # a 其中 part belongs to its head: 人员经费 of 基本支出 is another figure than 人员经费 of 项目支出
            head = report.facts[f.in_breakdown_of].label if f.in_breakdown_of is not None else None
            # a line that names a 类/款/项 before the figure (（一）…行政运行（项）。年初预算为…) speaks of that class alone
            line_start = report.text.rfind("\n", 0, q.start) + 1
            classed = line_start if _CLASSED.search(report.text, line_start, q.start) else None
            key = (f.label, head, f.year, stage(f), tuple(sorted(f.qualifiers)), _scope(report, f, words), classed)
            groups.setdefault(key, []).append(f)
        for facts in groups.values():
            yield from self._group(report, ctx, facts)

    def _group(self, report: Report, ctx: Context, facts: list[Fact]) -> Iterator[Finding]:
        """One figure stated with two values: each statement of the second value. A label that takes three
        or more values names several figures the model cannot tell apart (one per unit, per project …)."""
        if len(facts) < 2:
            return
        values = [in_yuan(f.quantity.value, f.quantity.unit) for f in facts]
        ctx.count(self, len(facts) - 1)
        distinct = [values[0]]
        for v in values[1:]:
            if not any(v.overlaps(d) for d in distinct):
                distinct.append(v)
                if len(distinct) > 2:
                    return
        if len(distinct) != 2:
            return
        earlier = facts[0]
        line = report.lines.position(earlier.quantity.span.start)[0]
        for f, v in zip(facts[1:], values[1:], strict=True):
            if v.overlaps(values[0]):
                continue
            q = f.quantity
            here = report.lines.position(q.span.start)[0]
            finding = self.finding(f"{f.label_text}前后不一致：第 {line} 行为 {earlier.quantity.text}"
                                   f"{earlier.quantity.unit}，第 {here} 行为 {q.text}{q.unit}", q.span,
                                   evidence={"label": f.label, "first": earlier.quantity.text, "first_line": line,
                                             "second": q.text, "unit": q.unit})
            # weak: alone it decides nothing; when one of the two values also makes a failed relation of the other
            # statement hold (人员经费 6929.22 + 公用经费 ≠ 基本支出, while 6298.38 stated later adds up), the failures
            # are one finding at that statement, naming the value (engine.merge_culprits)
            ctx.relations.append(Checked(quantities=(earlier.quantity, q), recheck=_same_recheck(earlier.quantity, q),
                                         solve=_same_solve(earlier.quantity, q), finding=finding, weak=True))
            yield finding


def _same_recheck(a: Quantity, b: Quantity) -> Callable[[Quantity, Decimal], bool]:
    """Whether the two statements agree once ``q`` (one of them) reads ``value`` in its own unit."""
    def recheck(q: Quantity, value: Decimal) -> bool:
        other = b if q is a else a
        mine = printed(value.quantize(Decimal(1).scaleb(-q.decimals)))
        return convert_interval(mine, q.unit, "元").overlaps(in_yuan(other.value, other.unit))
    return recheck


def _same_solve(a: Quantity, b: Quantity) -> Callable[[Quantity], Decimal | None]:
    """The other statement's value in ``q``'s unit (None when that needs more places than ``q`` prints)."""
    def solve(q: Quantity) -> Decimal | None:
        if q is not a and q is not b:
            return None
        other = b if q is a else a
        value = convert(other.value, other.unit, q.unit)
        return value if value == value.quantize(Decimal(1).scaleb(-q.decimals)) else None
    return solve


_CLASSED = rx.compile(r"[（(]\s*[类款项]\s*[）)]")
_GOV_LEVEL = rx.compile(r"全国|中央|全省|省本级|省级|全市|市本级|市级|全县|县本级|县级|全区|区本级|区级")
_LEVEL_USES = 3


def _several_levels(text: str) -> bool:
    """Whether the report speaks of two levels of government or more, each three times at least (全省 … 省本级 …):
    then 一般公共预算支出 is stated for each level, often without its level in the sentence (…；一般公共预算支出631.58
    亿元 after 省本级 at the paragraph's start), and two values of one label are two figures. On the corpus all 190
    CONS003 findings in such reports were of that kind."""
    uses: dict[str, int] = {}
    for m in _GOV_LEVEL.finditer(text):
        uses[m.group()] = uses.get(m.group(), 0) + 1
    return sum(1 for n in uses.values() if n >= _LEVEL_USES) >= 2


def _scope(report: Report, f: Fact, words: dict[int, tuple[list[int], list[str]]]) -> str:
    """Words before the fact's figure in its sentence that say whose figure it is (本级, 下属单位 …).

    ``words`` keeps, per sentence, where each scope word ends and the sorted words up to it (found once).
    """
    if f.sentence not in words:
        s0, s1 = report.sentences[f.sentence]
        ends: list[int] = []
        sofar: list[str] = []
        seen: set[str] = set()
        for m in _SCOPE_WORDS.finditer(report.text, s0, s1):
            seen.add(m.group())
            ends.append(m.end())
            sofar.append("".join(sorted(seen)))
        words[f.sentence] = (ends, sofar)
    ends, sofar = words[f.sentence]
    n = bisect_right(ends, f.quantity.start)
    return sofar[n - 1] if n else ""
