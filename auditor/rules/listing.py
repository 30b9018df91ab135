"""Count and breakdown rules: a stated count against the items listed, and 其中 breakdowns that do not add up."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from decimal import Decimal
from types import MappingProxyType

from auditor import rx
from auditor.arith import convert, convert_interval, exact, fmt, places_gained, printed, sum_intervals
from auditor.engine import Context, Finding, Rule
from auditor.model import Paragraph, Quantity, Report

_MEASURE = ("个", "项", "家", "所", "名", "支", "类", "条", "人")
_INTRO = rx.compile(r"^\s*[，,]?\s*(?:分别是|分别为|分别有|具体为|具体是|即|为|是|有)?\s*[：:]?\s*")
_STRONG_INTRO = rx.compile(r"^\s*[，,]?\s*(?:分别是|分别为|分别有|具体为|具体是|即)\s*[：:]?|^\s*[：:]")
_AFTER_LIST = rx.compile(r"具体(?:内容)?如下|如下[：:]|分述如下")
_PARTIAL = rx.compile(r"主要|等[。；;，,]?$|等等|包括但不限于|部分|其中|以上|左右|约|余")
_OPEN, _CLOSE = "（(“《[【", "）)”》]】"
_NESTED_COUNT = rx.compile(r"^(?:以及|及|和)?\s*(\d+)\s*(?:个|家|所|项)")


def split_items(text: str) -> list[str]:
    """Split a list on 、；; and a final 和/及/以及, never inside brackets or quotes."""
    items, depth, cur = [], 0, ""
    i = 0
    while i < len(text):
        c = text[i]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE and depth:
            depth -= 1
        if depth == 0 and c in "、；;":
            items.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    items.append(cur)
    out: list[str] = []
    for it in items:
        # 和/及 are often part of a name (妇幼和老龄健康股); only 以及 joins a last item
        pieces = re.split(r"[，,]?以及", it) if it is items[-1] else [it]
        out.extend(p.strip(" ，,。") for p in pieces if p.strip(" ，,。"))
    return out


_SOME = "等"
_LIST_BEFORE = rx.compile(r"(?:^|[，,。；;：:])(?P<body>[^，,。；;：:]{3,200}?)(?P<some>等)\s*(?:共|共计|合计)?\s*$")


def _list_before(text: str, start: int) -> tuple[int, list[str]] | None:
    """The items named right before 等 and a count, in its clause (教育、卫生、科技、交通等5个领域): how many, with ``等``
    last. 等 may leave items unnamed, so only more items than the count is a contradiction. A list without 等
    (新建、改造各类公园113个) is not read: its 、 joins the words that qualify the counted things, not the things."""
    m = _LIST_BEFORE.search(text, max(0, start - 200), start)
    if m is None or "、" not in m.group("body"):
        return None
    items = split_items(m.group("body"))
    if len(items) < 2 or any(len(it) > 30 for it in items) or any(_NESTED_COUNT.match(it) or re.search(r"\d", it)
                                                                 for it in items):
        return None
    return len(items), [*items, _SOME]


LIST_MAX = 4000   # a list is read up to this many characters after its count; a longer one is not counted
_STRONG_INTRO_AT = rx.compile(_STRONG_INTRO.pattern.replace("^", ""))   # match() at a position anchors it
_PAREN_LIST = rx.compile(r"\s*[（(](?:包括|含|即|分别是|分别为)?[：:]?")


def _list_after(text: str, start: int) -> tuple[str, int] | None:
    """The list that follows a count: in parentheses (（包括A、B…）), or after 分别是/为/： up to the sentence end.

    Only the LIST_MAX characters after the count are read (a list running past them is not counted), so the
    counts of a long paragraph do not each read the rest of it.
    """
    limit = min(len(text), start + LIST_MAX)
    m = _PAREN_LIST.match(text, start, limit)
    if m:
        depth, j = 1, m.end()
        while j < limit and depth:
            depth += text[j] in _OPEN
            depth -= text[j] in _CLOSE
            j += 1
        return (text[m.end():j - 1], m.end()) if depth == 0 else None
    m = _STRONG_INTRO_AT.match(text, start, limit)
    if not m:
        return None
    end = len(text)
    for stop in ("。", "\n"):
        k = text.find(stop, m.end(), limit)
        if k >= 0:
            end = min(end, k)
    if end > limit:
        return None
    return text[m.end():end], m.end()


class ListedItems(Rule):
    """A stated count differs from the items listed with it (内设处室15个，分别是：…; 职责共有12项，具体如下: …).

    Only complete lists are counted: introduced by 分别是/分别为/：/（包括…）, not by 主要 or ending in 等. An
    item that is itself a count (以及17个基层医疗机构) counts for its number. Items named before 等 and the count
    (教育、卫生、科技、交通等5个领域) are read too; 等 may leave items unnamed, so only more items than the count is
    reported there.
    """

    code = "COUNT001"
    name = "count.listed-items"
    category = "count"
    severity = "info"        # info until the relation layer gives it scope (issue 12): on the corpus of real reports most of its findings were false (lists read across table cells)
    examples = MappingProxyType({
        "pass": [{"text": "根据编委核定，我局内设股室5个，分别是：办公室、财务股、教育股、人事股（加挂政策法规股牌子）、安全股。"},
                 {"text": "下属事业单位3个（包括县教研室、县电教站、县招生办）。"},
                 {"text": "我局内设股室5个，主要有办公室、财务股等。"}],
        "fail": [{"text": "根据编委核定，我局内设股室6个，分别是：办公室、财务股、教育股、人事股（加挂政策法规股牌子）、安全股。",
                  "expect_line": 1, "quote": "6个"},
                 {"text": "一、主要职责\n本局主要职责共有3项，具体内容如下：\n负责全县教育规划。\n负责教师管理。",
                  "expect_line": 2, "quote": "3项"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        heads = [h.start for h in report.headings]
        starts = [q.start for q in report.paragraphs]
        for p in report.paragraphs:
            counts = [q for q in report.quantities_in(p.start, p.end, ("count",)) if q.unit in _MEASURE and not q.approx and q.value == q.value.to_integral_value()]
            if not counts:
                continue
            # where the paragraph's last "如下：" may start, and its items written as the paragraphs after it
            colon = p.text.rstrip().endswith(("：", ":"))
            intro = max((m.start() for m in _AFTER_LIST_AT.finditer(p.text)), default=-1) if colon else -1
            after: list[tuple[int, list[str]] | None] = []
            to_local = _local_map(p)
            for q in counts:
                local, start = to_local(q.end), to_local(q.start)
                if local is None or start is None:
                    continue
                found = self._listed(report, p, local, intro, after, heads, starts, start)
                if found is None:
                    continue
                n, names = found
                ctx.count(self)
                if n == int(q.value):
                    ctx.holds(self, f"{q.text}{q.unit} = 列举 {n} 项", q.span)
                    continue
                if n < int(q.value) and names and names[-1] == _SOME:
                    continue        # A、B、C等5个: 等 may leave items unnamed; fewer named is no contradiction
                names = [x for x in names if x != _SOME]
                shown = [x.rstrip("。；;，,.") for x in names[:20]]    # items written as sentences: no 。、 in the list
                yield self.finding(f"文中为 {q.text}{q.unit}，实际列举 {n} 项：{'、'.join(shown)}"
                                   + ("…" if len(names) > 20 else ""), q.span, suggestion=f"{n}{q.unit}",
                                   evidence={"stated": str(q.value), "listed": n, "items": names})

    def _listed(self, report: Report, p: Paragraph, local: int, intro: int,
                after_paras: list[tuple[int, list[str]] | None], heads: list[int], starts: list[int],
                start: int = -1) -> tuple[int, list[str]] | None:
        text = p.text
        after = _list_after(text, local)
        if after is not None:
            body, _at = after
            if _PARTIAL.search(body[-4:]) or "等" in body[-3:] or not body.strip():
                return None
            items = split_items(body)
            if len(items) < 2 or any(len(it) > 40 for it in items):
                return None
            n = 0
            for it in items:
                m = _NESTED_COUNT.match(it)
                n += int(m.group(1)) if m else 1
            return n, items
        # 具体如下： after the count, ending the paragraph (intro: the last place such a phrase starts)
        if intro >= local:   # then the paragraph's closing colon comes after the count too
            if not after_paras:
                after_paras.append(self._paragraphs_after(report, p, heads, starts))
            return after_paras[0]
        # last, the items named before 等 and the count: a list written out after the count comes first
        return _list_before(text, start) if start >= 0 else None

    def _paragraphs_after(self, report: Report, p: Paragraph, heads: list[int], starts: list[int]
                          ) -> tuple[int, list[str]] | None:
        """Items written as the following paragraphs, up to the next heading (at most ITEMS_MAX of them)."""
        h = bisect_right(heads, p.end)
        nxt = heads[h] if h < len(heads) else len(report.text)
        lo = bisect_right(starts, p.end)
        hi = bisect_left(starts, nxt, lo=lo)
        if hi - lo < 2 or hi - lo > ITEMS_MAX:
            return None
        paras = report.paragraphs[lo:hi]
        return len(paras), [q.text[:12] for q in paras]


ITEMS_MAX = 500   # items written as paragraphs: a longer run of paragraphs is not read as one list
_AFTER_LIST_AT = rx.compile(r"(?=" + _AFTER_LIST.pattern + ")")   # every place the phrase starts, overlaps too


def _local_map(p: Paragraph) -> Callable[[int], int | None]:
    """``p.to_local`` by bisection over the paragraph's parts (a paragraph may join many broken lines)."""
    if len(p.parts) < 8:
        return p.to_local
    part_starts = [s for s, _e in p.parts]
    acc = [0]
    for s, e in p.parts:
        acc.append(acc[-1] + e - s)

    def to_local(norm: int) -> int | None:
        i = bisect_right(part_starts, norm) - 1
        while i >= 0 and norm <= p.parts[i][1]:   # the first part holding it (adjacent parts share an end)
            i -= 1
        i += 1
        if i < len(p.parts) and p.parts[i][0] <= norm <= p.parts[i][1]:
            return acc[i] + norm - p.parts[i][0]
        return None
    return to_local


class BreakdownSum(Rule):
    """A 其中 breakdown of a count or an amount does not add up to the figure it breaks down.

    Info, since 其中 may list only some parts. Breakdowns of labelled spending (基本支出 = 人员经费 + 公用经费 …)
    are the SUM001–003 relations, and a total the relation layer reads (a 其中 list of amounts, nested or not) is
    judged there (SUM006, SUM010): what is left here is mostly counts (编制45人，其中：…). A list opened in brackets
    ends where they close; the parts of a change, each with its own direction (增加…，减少…), are not a plain list.
    """

    code = "SUM004"
    name = "sum.breakdown"
    category = "sum"
    severity = "info"        # info until the relation layer gives it scope (issue 12): on the corpus of real reports most of its findings were false (其中 of several totals, 比上年增加X read as a part, nested lists)
    examples = MappingProxyType({
        "pass": [{"text": "本级共有52台电脑，其中台式机40台，便携式电脑12台。"},
                 {"text": "共接种12000剂次，其中第一剂接种5000人，第二剂接种4800人，加强剂接种2200人。"}],
        "fail": [{"text": "2023年末，核定编制人数45人，其中：行政编制12人，事业编制31人。", "expect_line": 1, "quote": "45人"},
                 {"text": "本级共有52台电脑，其中台式机45台，便携式电脑12台。", "expect_line": 1, "quote": "52台"}],
    })

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        lex = report.lexicon
        labelled = {id(f.quantity) for f in report.facts if lex is not None and (
            lex.labels[f.label].parts or any(f.label in d.parts for d in lex.labels.values()))}
        # a total the relation layer has read (a 其中 list, a nested list, a total of its items) is judged there once
        read = {id(r.result) for r in report.relations if r.kind == "sum"}
        for s0, s1 in report.sentences:
            cut = report.text.find("其中", s0, s1)
            if cut < 0:
                continue
            s1 = _bracket_end(report.text, s0, cut, s1)
            qs = report.quantities_in(s0, s1, ("count", "amount"))
            before = [q for q in qs if q.end <= cut]
            if not before:
                continue
            total = before[-1]
            parts = [q for q in qs if q.start > cut]
            if len(parts) < 2 or id(total) in labelled or any(id(q) in labelled for q in parts):
                continue
            if total.approx or any(q.approx for q in parts) or _PARTIAL.search(report.text[cut:s1].rstrip("。；; ")[-3:]):
                continue
            if re.match(r"其中[：:]?\s*(?:含|包括|包含|有|主要)", report.text[cut:cut + 6]):
                continue   # 其中含…: some categories, not a breakdown
            if not all(_same_unit(total, q) for q in parts):
                continue
            if len({m.group() for q in parts if (m := _DIRECTION.search(report.text, max(s0, q.start - 8), q.start))}) > 1:
                continue   # 增加2.12亿元，其中…增加19.61亿元，…减少17.49亿元: a change's parts, each signed (the relation layer)
            whole, pieces = _iv(total), [_iv(q) for q in parts]
            ctx.count(self)
            got = sum_intervals(pieces)
            terms = " + ".join(f"{q.text}{q.unit}" for q in parts)
            unit, places = parts[0].unit, max(q.decimals for q in parts)
            if total.kind == "amount" and any(q.unit != unit for q in parts):
                # parts in several units (1.28亿元 + 926万元 + …): their sum in the total's, to the parts' precision
                unit = total.unit
                places = max(total.decimals, *(q.decimals + places_gained(q.unit, unit) for q in parts))
            total_sum = sum((convert(q.value, q.unit, unit) if q.kind == "amount" else q.value for q in parts),
                            Decimal(0))
            if got.overlaps(whole):
                ctx.holds(self, f"{total.text}{total.unit} = {terms}", total.span)
                continue
            if id(total) in read:
                continue   # read by the relation layer (nested, or a list of several totals): judged there
            more = got.lo > whole.hi
            yield self.finding(f"其中各项之和 {terms} = {fmt(total_sum, places)}{unit}，"
                               f"{'超过' if more else '不等于'}总数 {total.text}{total.unit}"
                               + ("" if more else "（若“其中”只列部分项目，请说明）"),
                               total.span,
                               evidence={"total": total.text, "parts": [q.text for q in parts], "sum": str(total_sum)})


_DIRECTION = rx.compile(r"增加|减少")


def _bracket_end(text: str, start: int, cut: int, end: int) -> int:
    """Where a 其中 list opened inside brackets ends: 收入150.59亿元、下降27.43%（其中国有土地…）。加上…: at the bracket
    closing it (``end``, the sentence's end, when 其中 stands outside brackets)."""
    depth = 0
    for ch in text[start:cut]:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
    if depth == 0:
        return end
    for at in range(cut, end):
        ch = text[at]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
            if depth == 0:
                return at
    return end


def _same_unit(a: Quantity, b: Quantity) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "amount":
        return True
    pair = {a.unit.lstrip("万亿"), b.unit.lstrip("万亿")}
    return len(pair) == 1 or pair == {"剂次", "人"} or pair == {"人次", "人"}


def _iv(q: Quantity):  # type: ignore[no-untyped-def]
    if q.kind == "amount":
        return convert_interval(printed(q.value), q.unit, "元")
    base = exact(q.value) if "." not in q.text else printed(q.value)
    return base.scale(Decimal(10000)) if q.unit.startswith("万") else base
