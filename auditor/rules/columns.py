"""Relations of the model that do not hold: a table row that breaks its table's column relation (auditor/columns.py),
a rate the prose states against a budget it names (auditor/statements.py). The readers put them in
Report.relations, judged; these rules only report what the model holds."""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from auditor.engine import Context, Finding, Rule
from auditor.model import Relation, Report

_WHAT = {"ratio": "占比（百分比）", "growth": "增长率", "sum": "合计", "difference": "差额"}

_RATE_ROWS = ("项目\t预算数\t决算数\t决算数为预算数的%\n税收收入\t52353786\t52296633\t99.9\n"
              "增值税\t19271220\t20271498\t105.2\n企业所得税\t7767638\t7249410\t93.3\n"
              "个人所得税\t2626191\t2601683\t99.1\n资源税\t1606517\t1606038\t{last}\n")
_GROWTH_ROWS = ("项目\t上年决算数\t本年决算数\t比上年增长%\n税收收入\t47928120\t52296633\t9.1\n"
                "增值税\t14386523\t20271498\t40.9\n企业所得税\t8401320\t7249410\t-13.7\n"
                "个人所得税\t2654771\t2601683\t-2.0\n资源税\t1580716\t1606038\t{last}\n")
_SUM_ROWS = ("项目\t合计\t基本支出\t项目支出\n一般公共服务\t120.50\t100.20\t20.30\n卫生健康\t865.30\t560.10\t305.20\n"
             "教育\t300.00\t250.00\t50.00\n文化旅游\t45.80\t40.10\t5.70\n住房保障\t60.00\t60.00\t0.00\n"
             "农林水\t{last}\t80.40\t15.60\n")


class _ColumnRelation(Rule):
    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ("table-columns", "table-rows")

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for rel in report.relations:
            if rel.kind not in self.kinds or rel.source not in self.sources:
                continue
            if rel.holds:
                ctx.holds(self, f"{rel.scope} {rel.text}", rel.span)
                continue
            ctx.count(self)
            yield self._violation(rel)

    def _violation(self, rel: Relation) -> Finding:
        # which figure is wrong is not known (a term may be): the recomputed value is a suggestion only
        where = "同表其他各行" if rel.source == "table-columns" else "同一行的其他各列"
        return self.finding(f"{rel.scope}的{_WHAT[rel.kind]}与{where}的算法不符：{rel.text}，表中为 {rel.result.text}",
                            rel.span, suggestion=rel.computed,
                            evidence={"relation": rel.kind, "scope": rel.scope, "stated": rel.result.text,
                                      "computed": rel.computed, "terms": [t.text for t in rel.terms],
                                      "applicability": "unsafe"})


class TableColumnRatio(_ColumnRelation):
    """A percentage column (决算数占预算%, 执行率, 完成率) that is one column's share of another in the other rows
    of its table does not match in this row. The relation is read from the table's own figures: it must hold
    in at least three rows and 80% of them before a row is judged (also in tables written in text)."""

    code = "TABLE004"
    name = "table.column-ratio"
    category = "rate"
    severity = "warning"
    kinds = ("ratio",)
    examples = MappingProxyType({
        "pass": [{"text": _RATE_ROWS.format(last="100.0")}],
        "fail": [{"text": _RATE_ROWS.format(last="97.0"), "expect_line": 6, "quote": "97.0"}],
    })


class TableColumnGrowth(_ColumnRelation):
    """A growth column (比上年增长%) that is the change between two columns in the other rows of its table does
    not match in this row (read from the table's own figures, as TABLE004)."""

    code = "TABLE005"
    name = "table.column-growth"
    category = "change"
    severity = "warning"
    kinds = ("growth",)
    examples = MappingProxyType({
        "pass": [{"text": _GROWTH_ROWS.format(last="1.6")}],
        "fail": [{"text": _GROWTH_ROWS.format(last="6.1"), "expect_line": 6, "quote": "6.1"}],
    })


class TableColumnSum(_ColumnRelation):
    """A column that is the sum or the difference of two others in the other rows of its table (合计 =
    基本支出 + 项目支出, 结余 = 收入 − 支出) does not match in this row (read from the table's own figures, as
    TABLE002)."""

    code = "TABLE006"
    name = "table.column-sum"
    category = "sum"
    severity = "warning"
    kinds = ("sum", "difference")
    examples = MappingProxyType({
        "pass": [{"text": _SUM_ROWS.format(last="96.00")}],
        "fail": [{"text": _SUM_ROWS.format(last="98.00"), "expect_line": 7, "quote": "98.00"}],
    })


class ProseBudgetRate(_ColumnRelation):
    """A rate the text states against a budget it names in the same sentence (预算为393.5亿元，完成395.4亿元，为调整
    预算的100.5%; 完成138.63亿元，占年初预算（120亿元）的115.5%) is not the figure divided by that budget."""

    code = "RATE002"
    name = "rate.of-stated-budget"
    category = "rate"
    severity = "warning"
    kinds = ("ratio",)
    sources = ("prose",)
    examples = MappingProxyType({
        "pass": [{"text": "县区调整后收入预算为393.5亿元，预计完成395.4亿元，为调整预算的100.5%，同比下降0.6%。"},
                 {"text": "全市一般公共预算收入完成138.63亿元，占年初预算（120亿元）的115.5%。"}],
        "fail": [{"text": "全市一般公共预算收入完成138.63亿元，占年初预算（120亿元）的113.5%。", "expect_line": 1,
                  "quote": "113.5"}],
    })

    def _violation(self, rel: Relation) -> Finding:
        return self.finding(f"{rel.scope}：{rel.text}，文中为 {rel.result.text}%", rel.span, suggestion=rel.computed,
                            evidence={"relation": rel.kind, "stated": rel.result.text, "computed": rel.computed,
                                      "terms": [t.text for t in rel.terms], "applicability": "unsafe"})


class EnumeratedTotal(_ColumnRelation):
    """A total written after the items it gathers (…上解收入3.64亿元、上年结余收入43.17亿元、债务转贷收入201.31亿元，
    收入总计408.18亿元) that neither the whole list nor its last items add up to, or a 收支相抵 balance that is not
    the income less the spending stated before it, where the stated figure is the computed one with its decimal
    point moved or two adjacent digits swapped. Which items a total gathers is not written, so any other
    mismatch is only shown by `auditor parse` (holds: false): it was a partial list on every corpus report."""

    code = "SUM006"
    name = "sum.enumerated-total"
    category = "sum"
    severity = "warning"
    kinds = ("sum", "difference")
    sources = ("prose",)
    examples = MappingProxyType({
        "pass": [{"text": "市级一般公共预算收入128.09亿元、上级补助收入31.97亿元、上解收入3.64亿元、上年结余收入43.17亿元、"
                          "债务转贷收入201.31亿元，收入总计408.18亿元。"}],
        "fail": [{"text": "市级一般公共预算收入128.09亿元、上级补助收入31.97亿元、上解收入3.64亿元、上年结余收入43.17亿元、"
                          "债务转贷收入201.31亿元，收入总计4081.8亿元。", "expect_line": 1, "quote": "4081.8"},
                 {"text": "市级一般公共预算收入128.09亿元、上级补助收入31.97亿元、上解收入3.64亿元、上年结余收入43.17亿元、"
                          "债务转贷收入201.31亿元，收入总计408.81亿元。", "expect_line": 1, "quote": "408.81"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        # What holds is recorded (--verified). On the corpus the totals and balances no reading explains were
        # partial lists or figures of another scope: a finding only when the stated figure is the computed one
        # with its decimal point moved or two digits swapped — a slip of the pen, not another scope.
        for f in super().check(report, ctx):
            if f.evidence.get("slip"):
                yield f

    def _violation(self, rel: Relation) -> Finding:
        slip = _slip(rel.result.text, rel.computed)
        what = f"所列各项 {rel.text}" if rel.kind == "sum" else f"收支相抵 {rel.text}"
        message = f"{rel.scope}：{what}，文中为 {rel.result.text}{rel.result.unit}（{slip}）"
        return self.finding(message, rel.span, suggestion=rel.computed,
                            evidence={"relation": rel.kind, "stated": rel.result.text, "computed": rel.computed,
                                      "terms": [t.text for t in rel.terms], "applicability": "unsafe",
                                      "slip": slip})


def _slip(stated: str, computed: str) -> str:
    """How the stated figure is the computed one miswritten: 小数点错位 (1387 for 138.7), 相邻数字颠倒 (4081.18
    for 4018.18) or one digit of five or more wrong (54591.10 for 54491.10); "" when it is none of these."""
    a, b = stated.replace(",", ""), computed.replace(",", "")
    da, db = a.replace(".", "").lstrip("0"), b.replace(".", "").lstrip("0")
    if da and da == db and a != b:
        return "疑为小数点错位"
    if len(da) == len(db) and da != db and a.find(".") == b.find("."):
        diff = [i for i in range(len(da)) if da[i] != db[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and da[diff[0]] == db[diff[1]] and da[diff[1]] == db[diff[0]]:
            return "疑为相邻数字颠倒"
        if len(diff) == 1 and len(da) >= 5:
            return "疑为一位数字笔误"      # 54591.10 for 54491.10: one digit of five or more
    return ""


class ShareOfNamedBase(_ColumnRelation):
    """A share of a whole the text names (民生支出181.3亿元，占一般公共预算支出的70.6%) that no statement of that
    whole explains: the whole's figure is looked up under its name before the share (全市/市级 prefixes aside),
    its last few statements tried; reported only when the paragraph itself states the whole once and the share
    does not match it."""

    code = "SHARE003"
    name = "share.of-named-whole"
    category = "share"
    severity = "warning"
    kinds = ("ratio",)
    sources = ("prose-share",)
    examples = MappingProxyType({
        "pass": [{"text": "2023年全市一般公共预算支出2,568,572万元，增长3%。\n全市民生支出181.3亿元，占一般公共预算支出的70.6%。"}],
        "fail": [{"text": "部门支出预算总额16441.4万元。其中：工资福利支出7542.4万元，占支出预算总额的49.5%。",
                  "expect_line": 1, "quote": "49.5"}],
    })

    def _violation(self, rel: Relation) -> Finding:
        return self.finding(f"{rel.scope}：{rel.text}，文中为 {rel.result.text}%", rel.span, suggestion=rel.computed,
                            evidence={"relation": rel.kind, "stated": rel.result.text, "computed": rel.computed,
                                      "terms": [t.text for t in rel.terms], "applicability": "unsafe"})


class GrowthOfParts(_ColumnRelation):
    """A whole's growth that its two parts' figures and growths do not give (全国一般公共预算支出260609亿元，比上年增长
    6.1%。其中，中央…35570亿元，增长3.9%；地方…225039亿元，增长6.4%): when the parts add up to the whole, last
    year's whole is Σ part ÷ (1 + its growth), so the whole's growth is fixed within the rounding of every figure."""

    code = "CHG003"
    name = "change.growth-of-parts"
    category = "change"
    severity = "warning"
    kinds = ("growth",)
    sources = ("prose-growth",)
    examples = MappingProxyType({
        "pass": [{"text": "2022年，全国一般公共预算支出260609亿元，比上年增长6.1%。其中，中央一般公共预算本级支出35570亿元，"
                          "比上年增长3.9%；地方一般公共预算支出225039亿元，比上年增长6.4%。"}],
        "fail": [{"text": "2022年，全国一般公共预算支出260609亿元，比上年增长7.1%。其中，中央一般公共预算本级支出35570亿元，"
                          "比上年增长3.9%；地方一般公共预算支出225039亿元，比上年增长6.4%。", "expect_line": 1, "quote": "7.1"}],
    })

    def _violation(self, rel: Relation) -> Finding:
        return self.finding(f"{rel.scope}的增幅与其两部分不符：{rel.text}，文中为 {rel.result.text}%", rel.span,
                            suggestion=rel.computed,
                            evidence={"relation": rel.kind, "stated": rel.result.text, "computed": rel.computed,
                                      "terms": [t.text for t in rel.terms], "applicability": "unsafe"})


class BracketBreakdown(_ColumnRelation):
    """A figure broken down in the brackets right after it (偿还债务本金67.2亿元（一般债务19.4亿元、专项债务47.8亿元）)
    whose parts do not add up to it. Only brackets that hold nothing but named amounts are read (no 其中, 主要, 等,
    rate, change or year): such a breakdown is complete."""

    code = "SUM007"
    name = "sum.bracket-breakdown"
    category = "sum"
    severity = "warning"
    kinds = ("sum",)
    sources = ("prose-breakdown",)
    examples = MappingProxyType({
        "pass": [{"text": "全年偿还到期政府债券本金115.0亿元（一般债券89.3亿元，专项债券25.7亿元）。"}],
        "fail": [{"text": "通过再融资债券偿还债务本金67.2亿元（一般债务19.4亿元、专项债务478亿元）。", "expect_line": 1,
                  "quote": "67.2"}],
    })

    def _violation(self, rel: Relation) -> Finding:
        return self.finding(f"{rel.scope}：括号内各项 {rel.text}，文中为 {rel.result.text}{rel.result.unit}", rel.span,
                            suggestion=rel.computed,
                            evidence={"relation": rel.kind, "stated": rel.result.text, "computed": rel.computed,
                                      "terms": [t.text for t in rel.terms], "applicability": "unsafe"})
