"""Relations read from prose sentences, without a label list: the sentence's own words name the figures.

Two shapes so far, both written for every fund in 预算执行 and 决算 reports:

- the rate of a figure to a budget the same sentence states: 调整后收入预算为393.5亿元，预计完成395.4亿元，为调整预算
  的100.5% / 收入完成138.63亿元，占年初预算（120亿元）的115.5%. The numerator is the amount right before 为/占/完成…
  预算的; the base is the amount in brackets after 预算, or else the amount the sentence gave the same budget (调整后…
  预算为, 年初预算) with no other amount between it and the numerator;
- an enumerated total: 本级收入128.09亿元、上级补助收入31.97亿元、…债务转贷收入201.31亿元，收入总计408.18亿元. The
  parts are the amounts listed before 总计/合计/总量/共计 in the sentence (not those in brackets, not a change's
  amount): the whole list, or the last two or more of it, must add up to the total. Which items a total gathers is
  not written, so a total no part list explains is only noted (info), never reported as an error.

Anything else is left unread.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache
from itertools import chain, pairwise

from auditor import rx
from auditor.arith import (
    Interval,
    convert,
    fmt,
    group_digits,
    in_yuan,
    printed,
    ratio_percent,
    stated_percent,
)
from auditor.columns import row_figures
from auditor.model import Paragraph, Quantity, Relation, Report
from auditor.partitions import Partition, ends_with_rest, partition_of, partitions
from auditor.records import dataclass
from auditor.structure import cn_number

_RATE = rx.compile(r"(?:为|占|完成|达到?|是)(?P<q>年初|调整后?|全年|当年|年度)?的?预算(?:数)?\d?"
                   r"(?:[（(](?P<base>[^（）()]{1,24})[）)])?的\s*$")
_BASE = rx.compile(r"(?P<q>年初|调整后?|全年|当年|年度)?[^，。；;,\d]{0,12}预算(?:数)?(?:为|是|安排)?\s*$"
                   r"|预算[^，。；;,\d]{0,30}(?P<q2>调整)(?:后|和变动)?(?:为|至)\s*$")
_SENTENCE_END = "。；;！？!?"
_ENDS, _OPENS, _CLOSES = rx.compile(f"[{_SENTENCE_END}]"), rx.compile("[（(]"), rx.compile("[）)]")


def prose_relations(report: Report) -> list[Relation]:
    """The relations the prose states, in document order."""
    out: list[Relation] = []
    named = _NamedAmounts(report)
    for before, p in pairwise(report.paragraphs):
        if _LIST_NEXT.search(before.text):
            out.extend(_breakdowns_over(report, before, p))
        if _PARALLEL_NEXT.search(before.text):
            out.extend(_parallel_over(report, before, p))
    out.extend(_breakdowns_under_headings(report))
    paras: dict[int, _Para] = {}
    out.extend(_numbered_lists(report, paras))
    worded: list[_Para] = []        # the paragraphs with a figure word, in order
    for p in report.paragraphs:
        if "%" not in p.text and not _TOTAL_ANY.search(p.text) and "相抵" not in p.text and "结余" not in p.text \
                and "减" not in p.text and "加" not in p.text and "扣除" not in p.text and "结转" not in p.text \
                and "（" not in p.text and "(" not in p.text and "其中" not in p.text and "包括" not in p.text \
                and "划分" not in p.text and "调整后" not in p.text and "剩余" not in p.text and "余额" not in p.text:
            continue
        para = _para(report, paras, p)
        worded.append(para)
        mark = len(out)
        if "占" in p.text and "%" in p.text:
            out.extend(_named_shares(para, named))
            if "税" in p.text:
                out.extend(_tax_shares(para))
        if "预算" in p.text and "%" in p.text:
            out.extend(_budget_rates(para))
        if _TOTAL_ANY.search(p.text):
            out.extend(_enumerated_totals(para))
        if "相抵" in p.text or "减去" in p.text or "结余" in p.text or "结转" in p.text:
            out.extend(_balances(para))
        if "加" in p.text or "扣除" in p.text or "减" in p.text:
            # this paragraph's sums: a figure is read once, and a chain replaces a reading that does not add up
            read = {id(r.result): n for n, r in enumerate(out[mark:], start=mark) if r.kind in ("sum", "difference")}
            for r in _chains(para):
                n = read.get(id(r.result))
                if n is None:
                    out.append(r)
                elif not out[n].holds:
                    out[n] = r      # every step of a chain is written (加上…、扣除…): its reading is the likelier one
        if "调整后" in p.text:
            taken = {id(r.result) for r in out[mark:]}
            out.extend(r for r in _budget_adjustments(para) if id(r.result) not in taken)
        if "（" in p.text or "(" in p.text:
            out.extend(_bracket_breakdowns(para))
        if "其中" in p.text or "包括" in p.text or "划分" in p.text:
            out.extend(_breakdowns(para))
        if ("；" in p.text or ";" in p.text) and ("看" in p.text or "其中" in p.text):
            parallel = list(_parallel_lists(para))
            if parallel:
                # a whole read by its measures is not also a 其中 list of all its figures mixed
                wholes = {id(r.result) for r in parallel}
                out[mark:] = [r for r in out[mark:] if id(r.result) not in wholes]
                out.extend(parallel)
        if ("其中" in p.text or "主要是" in p.text) and ("增加" in p.text or "减少" in p.text):
            taken = {id(r.result) for r in out[mark:]}
            out.extend(r for r in _change_parts(para) if id(r.result) not in taken)
        if "占" in p.text and "%" in p.text:
            shared = {id(r.result) for r in out[mark:] if r.kind == "ratio"}
            out.extend(r for r in _share_runs(para) if id(r.result) not in shared)
        if "增长" in p.text or "下降" in p.text:
            summed = {(id(r.result), *map(id, r.terms)) for r in out[mark:] if r.kind == "sum"}
            out.extend(r for r in _growth_of_parts(para) if (id(r.result), *map(id, r.terms)) not in summed)
            out.extend(_named_growth(para, named))
        if "率" in p.text or "进度" in p.text:
            out.extend(_named_rates(para))
        if "应" in p.text and "实际" in p.text and "率" in p.text:
            out.extend(_count_rates(para))
        if "减率" in p.text:
            out.extend(_reduction_rates(para))
        if "剩余" in p.text or "结余" in p.text:
            out.extend(_reserve_balances(para))
        if "余额" in p.text:
            taken = {id(r.result) for r in out[mark:]}
            out.extend(r for r in _rollforwards(para) if id(r.result) not in taken)
        if "收支相抵" in p.text and "平衡" in p.text:
            out.extend(_even_balances(para))      # its totals are read as sums too: this is another relation of theirs
    out.extend(_restated_rows(report, paras, worded, {id(r.result) for r in out if r.kind in ("ratio", "growth")}))
    out.extend(_budgets_stated_before(report, paras, worded, {id(r.result) for r in out if r.kind == "ratio"}))
    out.extend(_balances_over(report, paras, worded, {id(r.result) for r in out}))
    out.extend(_balances_before(report, paras, worded, {id(r.result) for r in out}))
    out.extend(_established_shares(report, paras, {id(r.result) for r in out if r.kind == "ratio"}))
    out.extend(_named_balances(worded, named, {id(r.result) for r in out}))
    out.extend(_tax_partitions(report, paras, {id(t) for r in out if r.kind == "sum" for t in r.terms},
                               {id(r.result) for r in out if r.kind == "ratio"}))
    return [_grouped(r) if "," in r.result.text and r.kind in ("sum", "difference") else r for r in out]


def _grouped(r: Relation) -> Relation:
    """A computed amount printed as the text prints its figures: 49,239 beside 48,239."""
    shown = group_digits(r.computed)
    if shown == r.computed:
        return r
    head, sep, tail = r.text.rpartition(f"= {r.computed}")
    return replace(r, computed=shown, text=f"{head}= {shown}{tail}" if sep else r.text)


LOOK_BACK = 40            # figures looked at before a statement's result: readers stay linear in a long sentence


class _Para:
    """A paragraph prepared once for the readers: its figures at their offsets in the paragraph's text, and
    bisection indexes of its sentence ends and brackets, so that no reader rescans the text per figure."""

    def __init__(self, report: Report, p: Paragraph) -> None:
        self.p = p
        self.text = p.text
        starts, acc = [], []
        total = 0
        for s, e in p.parts:
            starts.append(s)
            acc.append(total)
            total += e - s
        self._starts, self._acc = starts, acc
        local = ((self.to_local(q.start), q) for q in report.quantities_in(p.start, p.end + 1))
        self.local: list[tuple[int, Quantity]] = []
        for at, q in local:
            if at is None:
                continue
            if q.kind == "number" and len(q.text) <= 2 and self.local and self.local[-1][1].end == q.start \
                    and self.local[-1][1].kind == "amount" and self.text[at + len(q.text):at + len(q.text) + 1] in "，,。；; ":
                continue        # 收入1,928.9亿元2，增长4%: a footnote's mark, not a figure
            if q.kind == "number" and len(q.text) == 4 and q.text[:2] in ("19", "20") \
                    and self.text[at + 4:at + 5] == "年":
                continue        # 后，2023⏎年市级…: a year a line break cut from its 年
            self.local.append((at, q))
        self.pos = [at for at, _q in self.local]
        self.ends = [m.start() for m in _ENDS.finditer(self.text)]
        self.opens = [m.start() for m in _OPENS.finditer(self.text)]
        self.closes = [m.start() for m in _CLOSES.finditer(self.text)]

    def to_local(self, norm: int) -> int | None:
        """The offset in the paragraph's text of a normalized offset (None outside its parts)."""
        i = bisect_right(self._starts, norm) - 1
        if i < 0:
            return None
        s, e = self.p.parts[i]
        if norm <= e:
            return self._acc[i] + norm - s
        return None

    def sentence_start(self, at: int) -> int:
        i = bisect_left(self.ends, at)
        return self.ends[i - 1] + 1 if i else 0

    def index(self, at: int) -> int:
        """How many figures start before ``at``."""
        return bisect_left(self.pos, at)

    def bracketed(self, start: int, at: int) -> bool:
        """Whether ``at`` lies inside brackets opened after ``start``."""
        opened = bisect_left(self.opens, at) - bisect_left(self.opens, start)
        closed = bisect_left(self.closes, at) - bisect_left(self.closes, start)
        return opened > closed


def _para(report: Report, paras: dict[int, _Para], p: Paragraph) -> _Para:
    """The paragraph prepared for the readers, once per report."""
    para = paras.get(p.index)
    if para is None:
        para = paras[p.index] = _Para(report, p)
    return para


_TOTAL_WORD = rx.compile(r"(?:总计|合计|总量|共计|总额)(?:为|达到?|是)?\s*$|(?:总收入|总支出)(?:为|达到?)?\s*$")
_PLUS = rx.compile(r"\s*(?:再)?加上?")
_TOTAL_ANY = rx.compile(r"总计|合计|总量|共计|总额|总收入|总支出")
_CHANGE_WORD = rx.compile(r"(?:增加|减少|增长|下降|降低|上升|提高|增收|减收|超收|短收|节约|(?<!上年|历年|累计|滚存|年末|年终|年初)结余)了?\s*$")
MAX_PARTS = 12


def _enumerated_totals(para: _Para) -> Iterator[Relation]:
    p, local = para, para.local
    for n, (at, total) in enumerate(local):
        if total.kind != "amount" or total.approx or not _TOTAL_WORD.search(p.text[max(0, at - 8):at]):
            continue
        sentence_start = para.sentence_start(at)
        parts = [q for a, q in local[max(0, n - LOOK_BACK):n] if a >= sentence_start and q.kind == "amount"
                 and not para.bracketed(sentence_start, a) and not _CHANGE_WORD.search(p.text[max(0, a - 6):a])]
        if _PLUS.match(p.text, sentence_start):
            # 实际完成437.8亿元，完成预算的90.3%，下降3.7%。加上转移性支出1035.1亿元，支出总计1472.9亿元: the
            # figure the sentence before ended on (its last amount that is no change) is the first part
            prev_start = para.sentence_start(max(0, sentence_start - 1))
            carried = [q for a, q in local[max(0, n - LOOK_BACK):n] if prev_start <= a < sentence_start
                       and q.kind == "amount" and not _CHANGE_WORD.search(p.text[max(0, a - 6):a])]
            parts = carried[-1:] + parts
        parts = parts[-MAX_PARTS:]
        if len(parts) < 2 or any(q.approx for q in parts):
            continue
        stated = in_yuan(total.value, total.unit)
        found = None
        for k in range(len(parts), 1, -1):          # the whole list first, then its shorter tails
            tail = parts[-k:]
            computed = _sum_yuan(tail)
            if computed.overlaps(stated):
                found = (tail, computed)
                break
        tail, computed = found if found is not None else (parts, _sum_yuan(parts))
        value = convert(computed.mid, "元", total.unit)
        shown = fmt(value, max(q.decimals for q in (total, *tail)))
        yield Relation(kind="sum", result=total, terms=tuple(tail), holds=found is not None, computed=shown,
                       source="prose-total", scope=f"“…{p.text[max(sentence_start, at - 12):at + len(total.text) + 2]}”",
                       text=" + ".join(f"{q.text}{q.unit}" for q in tail) + f" = {shown}{total.unit}",
                       start=total.start, end=total.end, span=total.span)


_BALANCE = rx.compile(r"(?:收支(?:总量)?相抵(?:后)?|收入总量减去支出总量后?)[，,]?\s*(?:\d{4}年)?[^，。；,;\d]{0,14}?"
                      r"(?:年终|当年|年末|累计)?(?:结余|结转(?:下年)?(?:使用|支出)?|滚存结余)(?:为)?\s*$"
                      r"|[，,；;]\s*(?:当年|本年|年度)(?:收支)?(?:结余|结转)(?:为)?\s*$"
                      r"|(?:总量|总计)[\d,.]+[万亿]?元[；;]\s*(?:年终)?结余(?:为)?\s*$"
                      r"|收支平衡[^。；;\d]{0,24}结转下年(?:继续)?使用\s*$")
_SUBJECT_BALANCE = rx.compile(r"(?:收支(?:总量)?相抵(?:后)?[，,]?\s*(?:\d{4}年)?[^，。；,;\d]{0,20}?(?:年终|当年|年末|累计|当期)?(?:收支)?"
                              r"(?:结余|结转(?:下年)?(?:使用|支出)?|缺口|支大于收|收不抵支)|(?:^|[，,；;。])\s*(?:\d{4}年)?(?P<of>[^，。；,;\d]{2,14}?)?"
                              r"(?:当年|本年)(?:收支)?结余)(?:为)?\s*$")
# …总收入21776.7亿元。…总支出20754.37亿元。结转1022.33亿元: a bare balance opening its clause, read only against totals
_BARE_BALANCE = rx.compile(r"[，,；;。]\s*(?:年终|年末)?(?:结余|结转(?:下年)?(?:使用)?)(?:为)?\s*$")
_INCOME = rx.compile(r"收入[^，。；,;\d]{0,10}$|收入(?:总计|合计|总量)(?:为)?\s*$")
_SPENDING = rx.compile(r"支出[^，。；,;\d]{0,10}$|支出(?:总计|合计|总量)(?:为)?\s*$")
_INCOME_TOTAL = rx.compile(r"(?:总收入|收入(?:总计|合计|总量|总额))(?:累计|合计)?(?:为|达到?)?\s*$")
_SPENDING_TOTAL = rx.compile(r"(?:总支出|支出(?:总计|合计|总量|总额))(?:累计|合计)?(?:为|达到?)?\s*$")


def _last_named(text: str, window: list[tuple[int, Quantity]], before: int, total: re.Pattern[str],
                plain: re.Pattern[str] | None = None) -> tuple[int, Quantity] | None:
    """The last figure before ``before`` whose words name a total (总支出), or when none does, the last whose words name
    the kind (支出, when ``plain`` is given): 总收入853.02亿元，其中：…。总支出808.62亿元，其中：… is balanced by its totals,
    not their last items."""
    for words in (total, plain) if plain is not None else (total,):
        found = next(((a, q) for a, q in reversed(window) if a < before and words.search(text[max(0, a - 14):a])), None)
        if found is not None:
            return found
    return None


def _balances(para: _Para) -> Iterator[Relation]:
    """收入…A亿元，支出…B亿元，收支相抵年终结余C亿元: C = A − B, A and B the last income and spending figures
    before it in the paragraph (their words right before them). A balance worded more freely (市本级社会保险基金预算当年
    收支结余; …。本年收支结余) is read only against an income and a spending of one subject (_subject_pair)."""
    p = para
    local = [(at, q) for at, q in para.local if q.kind == "amount"]
    for n, (at, rest) in enumerate(local):
        if rest.approx:
            continue
        before = p.text[max(0, at - 32):at]
        window = local[max(0, n - LOOK_BACK):n]
        # after 收支相抵 its figures may be named by their kind (支出); a bare 结转 is read against totals only
        kinds = _BALANCE.search(before[-24:]) is not None
        if kinds or _BARE_BALANCE.search(before[-12:]):
            named = _last_named(p.text, window, at, _SPENDING_TOTAL, _SPENDING if kinds else None)
            income = _last_named(p.text, window, named[0], _INCOME_TOTAL, _INCOME if kinds else None) \
                if named else None
            if named is None or income is None:
                continue
            got, spent = income[1], named[1]
        elif (m := _SUBJECT_BALANCE.search(before)) is not None:
            pair = _subject_pair([(para, at)], _SUBJECT_NOISE.sub("", m.group("of") or ""))
            if pair is None:
                continue
            got, spent = pair
        else:
            continue
        if got.approx or spent.approx or _step_between(para, spent, at):
            continue
        found = _balance(rest, got, spent, p.text[max(0, at - 12):at + len(rest.text) + 2],
                         gap=_GAP.search(before) is not None)
        if found is not None:
            yield found


_GAP = rx.compile(r"(?:缺口|支大于收|收不抵支)(?:为)?\s*$")
_AFTER_STEP = rx.compile(r"\s*(?:亿元|万元|元)?\s*后")


def _step_between(para: _Para, spent: Quantity, at: int) -> bool:
    """Whether an amount between the spending and the balance at ``at`` is a step taken before it (…基金支出2864.92
    亿元…。上解中央调剂金5.09亿元后，当年收支结余14.52亿元): the balance is then not income less spending."""
    start = para.to_local(spent.end)
    if start is None:
        return False
    for a, q in para.local[para.index(start):para.index(at)]:
        end = para.to_local(q.number_end) if q.kind == "amount" and q is not spent else None
        if end is not None and _AFTER_STEP.match(para.text, end):
            return True
    return False
_FAR_ABOVE = Decimal("1.5")


def _balance(rest: Quantity, got: Quantity, spent: Quantity, quoted: str, gap: bool = False) -> Relation | None:
    """The balance ``rest`` of income ``got`` and spending ``spent`` (source prose-balance), or the gap (当期缺口,
    支大于收) of spending over income when ``gap`` (the words before it say so); None when the figures give spending
    half again the income or more for a stated 结余 (or income so far above spending for a gap): they are not the
    totals balanced (0.18亿元 against 77.62亿元). Totals that balance are near each other, so a spending a little
    above the income is read, and contradicts the 结余."""
    if gap:
        got, spent = spent, got
    income, spending = in_yuan(got.value, got.unit), in_yuan(spent.value, spent.unit)
    computed = income - spending
    if computed.hi < 0 <= rest.value and spending.lo >= income.hi * _FAR_ABOVE:
        return None
    shown = fmt(convert(computed.mid, "元", rest.unit), max(q.decimals for q in (rest, got, spent)))
    return Relation(kind="difference", result=rest, terms=(got, spent),
                    holds=computed.overlaps(in_yuan(rest.value, rest.unit)), computed=shown, source="prose-balance",
                    scope=f"“…{quoted}”", text=f"{got.text}{got.unit} − {spent.text}{spent.unit} = {shown}{rest.unit}",
                    start=rest.start, end=rest.end, span=rest.span)


# 收支相抵，市本级国有资本经营预算收支平衡 / 收支相抵，保持平衡: no figure between them
_EVEN = rx.compile(r"收支相抵[，,]?[^，,。；;\d]{0,30}?(?:收支)?(?:平衡|保持平衡)")


def _even_balances(para: _Para) -> Iterator[Relation]:
    """收入合计27.1亿元。…支出合计27.1亿元。收支相抵，市本级国有资本经营预算收支平衡: the income total and the spending
    total before 收支相抵 (each named a total: 收入合计, 支出总计, 总收入 …, the last of each in the paragraph) are equal.
    Read only when both are so named, spending after income: a total stated in another paragraph is another fund's."""
    p, local = para, para.local
    for m in _EVEN.finditer(p.text):
        window = [(a, q) for a, q in local[max(0, para.index(m.start()) - LOOK_BACK):para.index(m.start())]
                  if q.kind == "amount"]
        spent = _last_named(p.text, window, m.start(), _SPENDING_TOTAL)
        got = _last_named(p.text, window, spent[0], _INCOME_TOTAL) if spent is not None else None
        if spent is None or got is None or got[1].approx or spent[1].approx:
            continue
        income, spending = got[1], spent[1]
        shown = fmt(convert(income.value, income.unit, spending.unit), max(income.decimals, spending.decimals))
        yield Relation(kind="sum", result=spending, terms=(income,),
                       holds=in_yuan(income.value, income.unit).overlaps(in_yuan(spending.value, spending.unit)),
                       computed=shown, source="prose-balance", scope=f"“…{p.text[m.start():m.end()]}”",
                       text=f"收入{income.text}{income.unit}，收支平衡则支出为 {shown}{spending.unit}",
                       start=spending.start, end=spending.end, span=spending.span)


_GROWTH_WORD = rx.compile(r"(?:增加|减少|增长|下降|降低|上升|提高|增收|减收|超收|短收)了?\s*$")
_CHAIN_START = rx.compile(r"[，,]\s*(?=(?:再)?(?:加上|加|扣除|减去|减除|减)(?![少速快强大]))"
                          r"|(?<=元)(?=(?:再)?(?:加上|扣除|减去))|[；;、。]\s*(?=(?:再)?(?:加上|扣除|减去))")
_CHAIN_OP = rx.compile(r"^(?:再)?(?P<op>加上|加|扣除|减去|减除|减)(?![少速快强大])")
_ITEM_START = rx.compile(r"\s*(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十][，,、])")
_STEP_TAIL = rx.compile(r"\s|后|等|共计|合计|^[）)]")
_CHAIN_RESULT = rx.compile(r"(?:滚存结余|(?<!上年)(?<!上年度)(?:结余|结转(?:下年)?(?:使用)?)|总收入|总支出|收入总计|支出总计|总计|合计|总量|总额|余额|"
                           r"可用财力|财力)(?:累计|合计)?(?:为|达到?|是)?\s*$")


_CLAUSE_COMMA = rx.compile(r"，|,(?!\d{3}(?!\d))")
_CLAUSE_BREAK = rx.compile(r"[，；;。]|,(?!\d{3}(?!\d))")


def _last_clause_break(text: str, at: int) -> int:
    """The offset just after the last clause break (，；。 or a comma that separates no digits) before ``at``."""
    lo = max(0, at - 60)
    return max((m.end() for m in _CLAUSE_BREAK.finditer(text, lo, at)), default=lo)


def _chains(para: _Para) -> Iterator[Relation]:
    """当年结余42.8亿元，加上上年结余371.1亿元，年终滚存结余413.9亿元 / …结余27047万元，加上上年结转收入302万元，扣除调出资金
    25000万元，结余2349万元: the amount before a clause that opens with 加上/扣除, the amounts those clauses add or take
    away, and the figure the next clause names as the outcome (结余, 总计, 余额…)."""
    p = para
    done = 0
    for op in _CHAIN_START.finditer(p.text):
        if op.start() < done:
            continue            # a later step of a chain already read
        k = para.index(op.start())
        if not k:
            continue
        # the amount right before 加上, or before the clauses that only say how it changed or stands to its budget
        # (收入1152.55亿元，下降12%，完成年初预算的96.8%，加上上年结余…)
        head = _head_of_list(para, k, op.start(), _GROWTH_WORD)
        if head is None:
            continue
        a_at, start = head
        s0 = para.sentence_start(op.start())
        if a_at < s0 and s0 and not _EXPLAINED.sub("", p.text[s0 - 1:op.start()]).strip():
            s0 = para.sentence_start(a_at)      # …收入1,588.8亿元…。收入下降主要是受…影响。加上…: past the explanation
        if a_at < s0:
            continue
        of = p.text.rfind("其中", s0, a_at)
        if of >= 0:
            # 收入1,631.8亿元，增长4.5%，其中国有土地使用权出让收入1,541亿元。加上…: the chain goes on from the whole
            m = _OF_WHICH.search(p.text, max(0, of - 1), of + 3)
            head = _head_of_list(para, para.index(m.start()), m.start(), _GROWTH_WORD) if m else None
            if head is None:
                continue
            a_at, start = head
        elif "、" in p.text[max(s0, p.text.rfind("，", 0, a_at) + 1):a_at]:
            continue        # …、专项债务转贷净收入23.3亿元，扣除…: the last item of a list, not the chain's start
        if _CHAIN_OP.match(p.text[max(s0, _last_clause_break(p.text, a_at)):a_at].lstrip()):
            continue        # …；加上新发行债务1,362,647万元，减去…: a step of a chain begun before, not its start
        i = bisect_left(para.ends, op.end())
        stop = para.ends[i] if i < len(para.ends) else len(p.text)
        terms: list[tuple[int, Quantity]] = []
        at = op.end()
        result = None
        sign = 1
        unread = closed = False
        gaps = 0
        while at < stop:
            c = _CLAUSE_COMMA.search(p.text, at, stop)     # not the separator of 1,156,157
            comma = c.start() if c is not None else stop
            clause = p.text[at:comma]
            figures = [(a, q) for a, q in para.local[para.index(at):para.index(comma)]
                       if not para.bracketed(at, a) and q.kind not in ("year", "date")]   # 后，2023年…总支出…
            m = _CHAIN_OP.match(clause.lstrip())
            if closed and not figures and not m and gaps < 2:
                gaps += 1       # …后，按收支平衡和列收列支原则，拟安排…支出2522.3亿元
                at = comma + 1
                continue
            if not figures or any(q.kind != "amount" or q.approx for _a, q in figures):
                break
            if m:
                sign = -1 if m.group("op")[0] in "扣减" else 1
            r_at = figures[0][0]
            after = [q for a, q in para.local[para.index(r_at) + 1:para.index(stop)]
                     if q.kind == "amount" and not para.bracketed(r_at, a)]
            named = _CHAIN_RESULT.search(p.text[at:r_at]) if not m and len(figures) == 1 else None
            if not m and closed and len(figures) == 1:
                # 减去…198亿元后，拟安排一般公共预算支出2651.5亿元: the clause after 后, when the sentence ends with it
                # (…后，拟安排支出537.8亿元，对区县转移支付387.6亿元 splits the outcome in two)
                # (…减去偿还到期债务410.2亿元后，2022年底全市地方政府债务余额4640.5亿元，低于…5012.3亿元的…限额: an outcome
                # named so is the outcome whatever follows it)
                result = figures[0][1] if not after or named else None
                break
            if named and (not after or not named.group().startswith(("结余", "结转"))):
                # …，结余748300万元结转下年使用 / …，总支出累计828.21亿元，结转下年40.2亿元; but 结转下年12.8亿元，支出总计
                # 22.7亿元 lists 结转下年 among the items of the total
                result = figures[0][1]
                break
            if not m and (not terms or not after):
                break           # a clause without 加上/扣除 goes on with the last one's list, up to the outcome
            last = para.to_local(figures[-1][1].end)
            if last is None or _STEP_TAIL.sub("", p.text[last:comma]):
                unread = True   # 加上调出资金26.1亿元等各类转移性支出后: a step names amounts it does not write
                break
            terms.extend((sign, q) for _a, q in figures)
            closed = p.text[last:comma].strip().endswith("后")
            at = comma + 1
        if result is None or not terms or unread:
            continue
        done = at
        computed = _signed_sum(terms, in_yuan(start.value, start.unit))
        holds = computed.overlaps(in_yuan(result.value, result.unit))
        if not holds and (s0 and p.text[s0 - 1] in "；;" or _ITEM_START.match(p.text, s0)):
            continue            # 二是…1.9亿元；三是…10.2亿元。加上…: the start may be one item of a list the steps go on from
        parts = (start, *(q for _s, q in terms))
        shown = fmt(convert(computed.mid, "元", result.unit), max(q.decimals for q in (result, *parts)))
        text = f"{start.text}{start.unit}" + "".join(f" {'+' if sign > 0 else '−'} {q.text}{q.unit}" for sign, q in terms)
        yield Relation(kind="sum" if all(sign > 0 for sign, _q in terms) else "difference", result=result,
                       terms=parts, signs=(1, *(sign for sign, _q in terms)), holds=holds, computed=shown,
                       source="prose-chain",
                       scope=f"“…{p.text[max(s0, a_at - 10):min(stop, a_at + 60)]}…”",
                       text=f"{text} = {shown}{result.unit}", start=result.start, end=result.end, span=result.span)


_SHARE = rx.compile(r"占(?P<base>[^，。；、的\d%（()）]{2,16}?)(?:的)?(?:比重|比例)?(?:为|达到?|是)?\s*$")
_CLAUSE_GAP = rx.compile(r"[ ，,、]|(?:[增减]加|增长|下降|减少)[^，。；]{0,12}?[，,]"
                         r"|(?:为|完成|达到?)(?:年初|调整后?|全年)?预算(?:数)?的?[\d.]+%[，,]")
_PREFIX = rx.compile(r"^(?:全省|全市|全县|全区|省级|市级|县级|区级|本级|省本级|市本级|当年|年度)")
_LEVEL_WORDS = "全省|全市|全县|全区|省级|市级|县级|区级|省本级|市本级"     # a whole's level: 占全市一般公共预算支出的…
_SHARE_LEVEL = rx.compile(f"^(?:{_LEVEL_WORDS})")
_LEVELS = rx.compile(f"{_LEVEL_WORDS}|本级")

CANDIDATES = 10           # the last statements of a name tried as the base of a share or a growth
TAIL = 2                  # amounts are looked up by the last characters of the words before them


_NAMED_TAIL = rx.compile(r"(?:为|是|达到?|完成|实现|共|合计|总计)\s*$")


_BREAKS = rx.compile(r"\s+")
_YEAR_WORD = rx.compile(r"(?<=预算)(?:当年|本年)(?=收入|支出)")
_BARE_KIND = rx.compile(r"[；;，,](?:全年|当年|本年)?(收入|支出)(?:实际|预计)?$")   # ；全年支出实际完成667亿元
_BARE_DONE = rx.compile(r"[；;，,](?:预计|实际)$")      # …，预计完成395.4亿元 (完成 taken off as the name's tail)
_KIND_WORD = rx.compile(r"(收入|支出)")


class _NamedAmounts:
    """The amounts of the report with the words right before them, for finding the figure a name was given."""

    def __init__(self, report: Report) -> None:
        self.text = report.text
        self.amounts = [q for q in report.quantities if q.kind == "amount" and not q.approx]
        self.starts = [q.start for q in self.amounts]
        self.judged = {sh.percent.start for sh in report.shares}
        self._words: list[str | None] = [None] * len(self.amounts)     # each amount's words, read once
        self._tails: dict[str, list[int]] | None = None
        self._merged: dict[str, list[int]] = {}

    def words(self, i: int) -> str:
        w = self._words[i]
        if w is None:
            q = self.amounts[i]
            # a name a line break cut (社会保⏎险基金预算收入) is read whole
            # …一般公共预算当年收入完成1060.82亿元 is named 一般公共预算收入 too
            w = self._words[i] = _NAMED_TAIL.sub("", _YEAR_WORD.sub(
                "", _BREAKS.sub("", self.text[max(0, q.start - 30):q.start])))
        return w

    def _ending(self, tail: str) -> list[int]:
        """The indexes of the amounts whose words end with ``tail`` (TAIL characters), in order: an index of every
        amount's words by their last characters, built on the first lookup."""
        if self._tails is None:
            self._tails = {}
            for i in range(len(self.amounts)):
                self._tails.setdefault(self.words(i)[-TAIL:], []).append(i)
        return self._tails.get(tail, [])

    def _ending_or_done(self, tail: str) -> list[int]:
        """The amounts whose words end with ``tail`` or say completed (…，预计), in order: merged once per tail."""
        merged = self._merged.get(tail)
        if merged is None:
            merged = self._merged[tail] = sorted({*self._ending(tail), *self._ending("预计"), *self._ending("实际")})
        return merged

    def index_of(self, q: Quantity) -> int | None:
        """The index of amount ``q`` among the report's amounts (None when it is none of them)."""
        i = bisect_left(self.starts, q.start)
        return i if i < len(self.amounts) and self.amounts[i] is q else None

    def named(self, base: str, before: int) -> list[Quantity]:
        """The last CANDIDATES amounts before ``before`` whose preceding words end with the name (为/是/达 allowed
        between), nearest first, among the 400 amounts before it (looked up by the words' last characters)."""
        out: list[Quantity] = []
        last = bisect_left(self.starts, before) - 1
        if len(base) < TAIL:
            ending: Sequence[int] = range(last + 1)
        elif base.endswith(("收入", "支出")):
            # …，预计完成395.4亿元: a figure said completed, of the kind its sentence named (_elliptical)
            ending = self._ending_or_done(base[-TAIL:])
        else:
            ending = self._ending(base[-TAIL:])
        j = bisect_right(ending, last) - 1
        while j >= 0 and len(out) < CANDIDATES:
            i = ending[j]
            if last - i >= 400:
                break
            if self.words(i).endswith(base) or self._elliptical(i, base):
                out.append(self.amounts[i])
            j -= 1
        return out

    def _elliptical(self, i: int, base: str) -> bool:
        """…一般公共预算收入年初预算合计420.9亿元，…调整后收入预算为402.8亿元；收入完成406.9亿元: a figure named by the bare
        kind (收入, 支出) after a clause break, in a sentence that named the fund before it, is that fund's."""
        w = self.words(i)
        q = self.amounts[i]
        seg = self.text[max(0, q.start - 200):q.start]
        cut = max(seg.rfind("。"), seg.rfind("\n\n"))
        m = _BARE_KIND.search(w)
        if m is None and _BARE_DONE.search(w):
            # …调整后收入预算为393.5亿元，预计完成395.4亿元: completed, of the kind the sentence named last
            kinds = _KIND_WORD.findall(_BREAKS.sub("", seg[cut + 1:]))
            m = _KIND_WORD.search(kinds[-1]) if kinds else None
        if m is None or not base.endswith(m.group(1)) or len(base) <= len(m.group(1)):
            return False
        # the sentence named the whole name, or the same fund with the other kind (全市一般公共预算收入完成398.2亿元，…；
        # 支出完成628.6亿元 is 一般公共预算支出), or the sentence before it did, in the same paragraph (…全市一般公共预算收入
        # 年初预算合计424.3亿元，…预计完成395.4亿元。年初支出预算合计680.4亿元，…预计完成623.4亿元)
        stem = base[:-len(m.group(1))]
        if len(_PREFIX.sub("", stem)) < 4:
            return False
        if stem in _BREAKS.sub("", seg[cut + 1:]):
            return True
        if cut < 0 or seg[cut] != "。":
            return False
        wider = self.text[max(0, q.start - 400):q.start]
        opening = len(wider) - (len(seg) - cut)        # the 。 that opens the figure's sentence, in ``wider``
        before = wider[wider.rfind("。", 0, opening) + 1:opening]
        return "\n\n" not in before and stem in _BREAKS.sub("", before)


_GROWTH_PLAIN = rx.compile(r"^[，,、]\s*(?:同比|比上年(?:同期)?|较上年(?:同期)?|比\s*\d{4}\s*年(?:执行数|决算数)?)?(?P<dir>增长|下降)\s*$")
_NAME = rx.compile(r"([\u4e00-\u9fff]{4,12}?)(?:为|是|达到?|完成|共|合计|总计|预计|(?:预算)?安排|计划|预期(?:实现)?|实现)?\s*$")


def _coarse(q: Quantity) -> bool:
    """Whether a printed figure is too coarse to verify a growth against: its half unit is more than 5% of it."""
    return q.value <= 0 or Decimal(5).scaleb(-q.decimals - 1) * 20 > q.value


def _named_growth(para: _Para, named: _NamedAmounts) -> Iterator[Relation]:
    """社会保险基金预算收入5392.0万元，增长1.8%: a growth whose last-year figure the report stated earlier under the
    same name (…社会保险基金预算收入5296万元). Read only when one of the few last statements of that name gives the
    growth (which year a statement is of is not always written): recorded, never reported."""
    p = para
    local = [(at, q) for at, q in para.local if q.kind in ("amount", "percent")]
    for (a_at, amount), (_g_at, pct) in pairwise(local):
        if amount.kind != "amount" or pct.kind != "percent" or amount.approx or not amount.value:
            continue
        end = para.to_local(amount.end)
        m = _GROWTH_PLAIN.match(p.text[end:_g_at]) if end is not None else None
        if m is None:
            continue
        name = _NAME.search(p.text[max(0, a_at - 16):a_at])
        if name is None or _CHANGE_WORD.search(name.group()):
            continue            # 较上年增加1139万元，增长13.2%: the amount is the change, not the figure that grew
        sign = -1 if m.group("dir") == "下降" else 1
        stated = stated_percent(pct.value * sign)
        now = in_yuan(amount.value, amount.unit)
        base = name.group(1)
        # 2024年全市政府性基金收入预算1351.33亿元，下降3.6%: against the year's 政府性基金收入, the budget's own name
        bases = (base, base[:-2]) if base.endswith("预算") and len(base) > 6 else (base,)
        for before in (q for b in bases for q in named.named(b, amount.start)):
            if before.value == amount.value and before.unit == amount.unit:
                continue        # the same figure stated again
            if _coarse(before):
                continue        # 0.2亿元 admits 0.15 to 0.25: any growth from −40% to 0% "holds" against it
            try:
                computed = (now / in_yuan(before.value, before.unit)).scale(_HUNDRED_D)
            except ZeroDivisionError:
                continue
            computed = Interval(computed.lo - _HUNDRED_D, computed.hi - _HUNDRED_D)
            if computed.overlaps(stated):
                yield Relation(kind="growth", result=pct, terms=(amount, before), holds=True,
                               computed=f"{fmt(abs(computed.mid), pct.decimals)}%", source="prose-named-growth",
                               scope=f"“…{p.text[max(0, a_at - 12):_g_at + len(pct.text) + 1]}”",
                               text=f"{amount.text} ÷ {before.text} − 1 = {fmt(computed.mid, pct.decimals + 2)}%",
                               start=pct.start, end=pct.end, span=pct.span)
                break


_TAX_SHARE = rx.compile(r"税(?:收)?(?:收入)?占(?:比|(?P<base>[^，。；、的\d%]{0,12}?收入)(?:的)?(?:比重|比例|比))(?:为|达到?|是)?\s*$")
_TAX = rx.compile(r"(?<!非)税收(?:收入)?(?:完成|为|实现)?\s*$")
_REVENUE = rx.compile(r"收入(?:完成|为|实现|达到?)?\s*$")


def _tax_shares(para: _Para) -> Iterator[Relation]:
    """全市一般公共预算收入2459.1亿元，增长0.1%，其中：税收收入2004.2亿元，非税收入454.9亿元，税收占比81.5% (税收占一般
    公共预算收入比65.7%; …收入1227.07亿元中，税收收入完成821.03亿元，…，税占比为66.91%): the share of the tax revenue
    stated before it in its paragraph, of the revenue it is part of — the revenue the share names, or else the nearest
    revenue before the tax figure with only its changes and rates between them. Judged in full."""
    p = para
    local = [(at, q) for at, q in para.local if q.kind in ("amount", "percent")]
    for n, (at, pct) in enumerate(local):
        if pct.kind != "percent":
            continue
        m = _TAX_SHARE.search(p.text[max(0, at - 20):at])
        if m is None:
            continue
        words_at = at - len(p.text[max(0, at - 20):at]) + m.start()
        before = [(a, q) for a, q in local[max(0, n - LOOK_BACK):n] if q.kind == "amount" and a < words_at]
        t = next((k for k in range(len(before) - 1, -1, -1)
                  if _TAX.search(p.text[max(0, before[k][0] - 8):before[k][0]])), None)
        if t is None or before[t][1].approx:
            continue
        tax_at, tax = before[t]
        base = None
        named = _PREFIX.sub("", m.group("base") or "")
        for k in range(t - 1, max(-1, t - 7), -1):
            a, q = before[k]
            words = _NAMED_TAIL.sub("", p.text[max(0, a - 16):a])
            if _CHANGE_WORD.search(words[-6:]):
                continue        # 增收207.0亿元: the revenue's change
            if named:
                if words.endswith(named):
                    base = q
                    break
                continue        # the revenue the share names, past other figures (历史首次突破400亿元大关)
            if _REVENUE.search(words) and not _TAX.search(words):
                base = q
            break               # the nearest amount that is no change is the revenue, or there is none
        if base is None or base.approx or not base.value:
            continue
        s0 = para.sentence_start(tax_at)
        yield _amount_ratio(tax, base, pct, "prose-share", p.text[max(s0, tax_at - 8):at + len(pct.text) + 1])


def share_of_whole(pct: Quantity) -> Interval:
    """What a stated share of one whole admits: the shares of a whole are often rounded so that they add up to 100%
    (22.11% + 18.23% + 59.66%), so one unit of the last digit either way beyond the rounding."""
    unit = Decimal(1).scaleb(-pct.decimals)
    return Interval(pct.value - unit * Decimal("1.5"), pct.value + unit * Decimal("1.5"))


def _level_named(named: _NamedAmounts, q: Quantity, level: str) -> bool:
    """Whether the words right before amount ``q`` name this level (全市…) and no other (市本级…)."""
    i = named.index_of(q)
    return i is not None and set(_LEVELS.findall(named.words(i)[-24:])) == {level}


def _named_shares(para: _Para, named: _NamedAmounts) -> Iterator[Relation]:
    """民生支出181.3亿元，占一般公共预算支出的70.6%: the base is a figure the report gave under that name before
    (一般公共预算支出2568572万元), its last few statements tried; read only when one of them explains the share. One
    of several shares of a base in the paragraph may be a unit of its last digit off (rounded to add to 100%); a share
    alone is held to its own rounding."""
    p = para
    local = [(at, q) for at, q in para.local if q.kind in ("amount", "percent")]
    for n, (at, pct) in enumerate(local):
        if pct.kind != "percent" or pct.start in named.judged:
            continue            # a share the fact layer binds is judged there (SHARE001): one judge
        m = _SHARE.search(p.text[max(0, at - 24):at])
        if m is None:
            continue
        base = _PREFIX.sub("", m.group("base").strip())
        start = at - len(p.text[max(0, at - 24):at]) + m.start()
        before = [(a, q) for a, q in local[max(0, n - LOOK_BACK):n] if q.kind == "amount" and a < start
                  and not _CHANGE_WORD.search(p.text[max(0, a - 6):a])]     # 436.6亿元，增加65亿元，占…: not 65
        if not before or len(base) < 2:
            continue
        num = before[-1][1]
        end = para.to_local(num.end)
        if end is None or _CLAUSE_GAP.sub("", p.text[end:start]) or num.approx:
            continue
        stated = share_of_whole(pct)
        a = in_yuan(num.value, num.unit)
        tried = []
        for cand in named.named(base, num.start):
            if cand is num:
                continue
            try:
                computed = ratio_percent(a, in_yuan(cand.value, cand.unit))
            except ZeroDivisionError:
                continue
            tried.append((cand, computed))
            if computed.overlaps(stated):
                break
        else:
            # no statement of the base explains the share: judged only when the paragraph itself names the base
            # once, with a figure, and the report names it nowhere else before
            level = _SHARE_LEVEL.match(m.group("base").strip())
            same = [t for t in tried if level is not None and _level_named(named, t[0], level.group())]
            if len(same) == 1:
                tried = same
            elif not (len(tried) == 1 and tried[0][0].start >= para.p.start):
                continue
        cand, computed = tried[-1]
        if p.text.count(f"占{m.group('base').strip()}") < 2:
            stated = stated_percent(pct.value)  # a share alone, not one of several of its base rounded to add to 100%
        yield Relation(kind="ratio", result=pct, terms=(num, cand), holds=computed.overlaps(stated),
                       computed=f"{fmt(computed.mid, pct.decimals)}%", source="prose-share",
                       scope=f"“{p.text[start:at + len(pct.text) + 1]}”",
                       text=f"{num.text} ÷ {cand.text} × 100 = {fmt(computed.mid, pct.decimals + 2)}%",
                       start=pct.start, end=pct.end, span=pct.span)


_GROWTH_AFTER = rx.compile(r"^[，,]\s*(?:同比|比上年(?:同期)?|较上年(?:同期)?)(?P<dir>增长|下降|减少|增加)\s*$")
_PARTS_LEAD = rx.compile(r"^[。；;]?\s*(?:其中|分中央和地方看|分级次看|从结构看)[，,：:]?")


def _growth_of_parts(para: _Para) -> Iterator[Relation]:
    """全国一般公共预算支出260609亿元，比上年增长6.1%。其中，中央…本级支出35570亿元，比上年增长3.9%；地方…支出225039亿元，
    比上年增长6.4%: when the two parts add up to the whole, last year's whole is Σ part ÷ (1 + its growth), and the
    whole's growth follows from it. Read only then, and not when the text speaks of a comparable basis (可比口径)."""
    p = para
    if "可比" in p.text or "同口径" in p.text:
        return
    local = [(at, q) for at, q in para.local if q.kind in ("amount", "percent")]
    pairs: list[tuple[int, Quantity, Quantity, int]] = []     # (local start, amount, percent, sign)
    for (a_at, amount), (g_at, pct) in pairwise(local):
        if amount.kind != "amount" or pct.kind != "percent" or amount.approx:
            continue
        end = para.to_local(amount.end)
        m = _GROWTH_AFTER.match(p.text[end:g_at]) if end is not None else None
        if m is not None:
            pairs.append((a_at, amount, pct, -1 if m.group("dir") in ("下降", "减少") else 1))
    for w, (w_at, whole, wp, ws) in enumerate(pairs[:-2]):
        (a_at, a, ap, as_), (_b_at, b, bp, bs) = pairs[w + 1], pairs[w + 2]
        w_end = para.to_local(wp.end) or w_at
        if not _PARTS_LEAD.match(p.text[w_end + 1:a_at].lstrip("%")) or p.text[w_end:a_at].count("。") > 1:
            continue
        av = in_yuan(a.value, a.unit)
        bv = in_yuan(b.value, b.unit)
        tv = in_yuan(whole.value, whole.unit)
        adds = (av + bv).overlaps(tv)
        if not adds and "分" in p.text[w_end:a_at]:
            # 收入219702亿元…。其中，税收…；非税收入44730亿元…。分中央和地方看，…: the whole split may be stated earlier
            for e_at, e_whole, e_pct, e_sign in reversed(pairs[max(0, w - 6):w]):
                if (av + bv).overlaps(in_yuan(e_whole.value, e_whole.unit)):
                    w_at, whole, wp, ws = e_at, e_whole, e_pct, e_sign
                    w_end = para.to_local(wp.end) or w_at
                    tv, adds = in_yuan(whole.value, whole.unit), True
                    break
        named = _central_local(p.text, w_at, a_at, _b_at)
        if adds or named:
            # 分中央和地方看 splits the whole in two; read when the two add up (other pairs were misread: a part's
            # figure of another sentence), or when the whole is the 全国 one and the parts its 中央 and 地方 ones: a
            # partition (SUM010), judged in full
            shown = fmt(convert((av + bv).mid, "元", whole.unit), max(q.decimals for q in (whole, a, b)))
            yield Relation(kind="sum", result=whole, terms=(a, b), holds=adds, computed=shown,
                           source="prose-list-partition" if named else "prose-split",
                           scope=f"“…{p.text[max(0, w_at - 10):w_end + 1]}”",
                           text=f"{a.text}{a.unit} + {b.text}{b.unit} = {shown}{whole.unit}",
                           start=whole.start, end=whole.end, span=whole.span)
        if not adds:
            continue            # the two are not the whole's parts: nothing more to say
        try:
            last = av / _growth_factor(ap, as_) + bv / _growth_factor(bp, bs)
            computed = (tv / last).scale(_HUNDRED_D)
            computed = Interval(computed.lo - _HUNDRED_D, computed.hi - _HUNDRED_D).scale(Decimal(ws))
        except ZeroDivisionError:
            continue
        stated = stated_percent(wp.value)
        yield Relation(kind="growth", result=wp, terms=(whole, a, ap, b, bp), holds=computed.overlaps(stated),
                       computed=f"{fmt(computed.mid, wp.decimals)}%", source="prose-growth",
                       scope=f"“…{p.text[max(0, w_at - 10):w_end + 1]}”",
                       text=(f"上年 = {a.text} ÷ (1{'+' if as_ > 0 else '−'}{ap.text}%) + {b.text} ÷ "
                             f"(1{'+' if bs > 0 else '−'}{bp.text}%)，{whole.text} ÷ 上年 − 1 = "
                             f"{fmt(computed.mid, wp.decimals + 2)}%"),
                       start=wp.start, end=wp.end, span=wp.span)


_SPLIT_NAME = rx.compile(r"(?P<level>全国|中央|地方)(?P<name>(?:一般公共预算|政府性基金预算?|国有资本经营预算|社会保险基金预算?)"
                         r"(?:本级)?(?:收入|支出))(?:为|完成|达到?)?\s*$")


def _central_local(text: str, w_at: int, a_at: int, b_at: int) -> bool:
    """Whether the three figures are named 全国…, 中央… and 地方… of one fund and kind (全国一般公共预算支出, 中央一般公共
    预算本级支出, 地方一般公共预算支出): the whole and its two parts, whatever their figures."""
    found = [_SPLIT_NAME.search(text[max(0, at - 20):at]) for at in (w_at, a_at, b_at)]
    if not all(found):
        return False
    levels = [m.group("level") for m in found if m]
    names = {m.group("name").replace("本级", "").replace("预算", "") for m in found if m}
    return levels == ["全国", "中央", "地方"] and len(names) == 1


_HUNDRED_D = Decimal(100)
_NAMED_RATE = rx.compile(r"(?:执行率|支出率|完成率|到位率|支出进度|使用率|拨付率)(?:为|达到?|是)?\s*$")
_RATE_BASE = rx.compile(r"(?:预算|下达|拨付|安排|计划|分配|批复|到位|资金|债券)[^，。；,;\d]{0,10}(?:为|是|共|总额|资金)?\s*$")
_SPENT = rx.compile(r"(?:支出|支付|使用)[^，。；,;\d]{0,4}$")
_SPENT_BEFORE = rx.compile(r"支出|支付|使用")
_SPENDING_RATE = rx.compile(r"[ ，,]*(?:预算)?(?:执行率|支出率|支出进度)(?:为|达到?|是|仅为|仅达)?\s*")


def _named_rates(para: _Para) -> Iterator[Relation]:
    """…下达资金7400万元，…实际支出765.7万元，支出率为10.35%: a rate named after what it measures (执行率, 支出率,
    完成率, 到位率 …) taken of two amounts of its sentence or the one before — the amount right before it and
    one the words call a budget, an allocation or a plan. Which two figures a rate is taken of is not written, so
    a reading is kept only when it holds — except when every figure is named: a spending rate (执行率, 支出率, 支出
    进度) right after an amount called spent (实际支出765.7万元), with one other amount the words call a budget or an
    allocation and no other figure in the two sentences. That reading is judged (RATE002)."""
    p, local = para, para.local
    for n, (at, pct) in enumerate(local):
        if pct.kind != "percent" or not _NAMED_RATE.search(p.text[max(0, at - 10):at]):
            continue
        start = para.sentence_start(para.sentence_start(at) - 1) if para.sentence_start(at) else 0
        window = [(a, q) for a, q in local[max(0, n - LOOK_BACK):n] if a >= start and q.kind in ("amount", "percent")]
        amounts = [(a, q) for a, q in window if q.kind == "amount" and not q.approx]
        if len(amounts) < 2:
            continue
        num = amounts[-1][1]
        stated = stated_percent(pct.value)
        a_iv = in_yuan(num.value, num.unit)
        end = para.to_local(num.end)
        # every figure named: 下达资金7400万元，实际支出765.7万元，支出率为10.35% and nothing else to divide
        # (another rate between, with no figure of its own, 财政端支出率为97.8%, is no figure to divide)
        others = [(a, q) for a, q in window[:-1] if q.kind == "percent"
                  and not _NAMED_RATE.search(p.text[max(0, a - 10):a])]
        named = not others and len(amounts) == 2 and end is not None and bool(
            _SPENT.search(p.text[max(0, amounts[-1][0] - 8):amounts[-1][0]])) and bool(
            _SPENDING_RATE.fullmatch(p.text[end:at]))
        for b_at, base in reversed(amounts[:-1]):
            words = p.text[max(0, b_at - 16):b_at]
            if not _RATE_BASE.search(words):
                continue
            clause = p.text[max(0, b_at - 40):b_at]
            if named and _SPENT_BEFORE.search(clause[max(clause.rfind(c) for c in "，,。；;") + 1:]):
                named = False   # …资金支出（含…资金部分）167817.60万元: a base spent itself is no allocation
            try:
                computed = ratio_percent(a_iv, in_yuan(base.value, base.unit))
            except ZeroDivisionError:
                continue
            if computed.overlaps(stated) or named:
                yield Relation(kind="ratio", result=pct, terms=(num, base), holds=computed.overlaps(stated),
                               computed=f"{fmt(computed.mid, pct.decimals)}%", source="prose-rate",
                               scope=f"“…{p.text[max(0, at - 12):at + len(pct.text) + 1]}”",
                               text=f"{num.text} ÷ {base.text} × 100 = {fmt(computed.mid, pct.decimals + 2)}%",
                               start=pct.start, end=pct.end, span=pct.span)
            break


_OUGHT = rx.compile(r"应[^，。；,;\d]{0,14}$")
_ACTUAL = rx.compile(r"实际[^，。；,;\d]{0,14}$")
_COUNT_RATE = rx.compile(r"率(?:为|达到?|是)?\s*$")


def _count_rates(para: _Para) -> Iterator[Relation]:
    """应完工子项目个数17个，实际完工子项目个数10个，按时完工率58.5%: a rate after a count the words call due (应…) and
    one they call actual (实际…), in the same unit, with nothing else between: actual ÷ due. Exact counts."""
    p, local = para, para.local
    for n, (at, pct) in enumerate(local):
        if pct.kind != "percent" or n < 2 or not _COUNT_RATE.search(p.text[max(0, at - 3):at]):
            continue
        (d_at, due), (a_at, actual) = local[n - 2], local[n - 1]
        if due.kind != "count" or actual.kind != "count" or due.unit != actual.unit or due.approx or actual.approx:
            continue
        s0 = para.sentence_start(at)
        if d_at < s0 or not _OUGHT.search(p.text[max(s0, d_at - 16):d_at]) \
                or not _ACTUAL.search(p.text[max(s0, a_at - 16):a_at]) or not due.value:
            continue
        computed = ratio_percent(Interval(actual.value, actual.value), Interval(due.value, due.value))
        # a 完成率 above 100% is often written as 100% (the target met): that reading holds too
        holds = computed.overlaps(stated_percent(pct.value)) or (pct.value == 100 and computed.lo >= 100)
        yield Relation(kind="ratio", result=pct, terms=(actual, due), holds=holds,
                       computed=f"{fmt(computed.mid, pct.decimals)}%", source="prose-count-rate",
                       scope=f"“…{p.text[max(s0, d_at - 12):at + len(pct.text) + 1]}”",
                       text=f"{actual.text}{actual.unit} ÷ {due.text}{due.unit} × 100 = {fmt(computed.mid, pct.decimals + 2)}%",
                       start=pct.start, end=pct.end, span=pct.span)


def _amount_ratio(num: Quantity, base: Quantity, pct: Quantity, source: str, quoted: str) -> Relation:
    """The percentage ``pct`` of amount ``num`` over amount ``base`` (both in 元, ± half a unit), judged."""
    computed = ratio_percent(in_yuan(num.value, num.unit), in_yuan(base.value, base.unit))
    return Relation(kind="ratio", result=pct, terms=(num, base), holds=computed.overlaps(stated_percent(pct.value)),
                    computed=f"{fmt(computed.mid, pct.decimals)}%", source=source, scope=f"“…{quoted}”",
                    text=f"{num.text}{num.unit} ÷ {base.text}{base.unit} × 100 = {fmt(computed.mid, pct.decimals + 2)}%",
                    start=pct.start, end=pct.end, span=pct.span)


_RESERVED = rx.compile(r"(?:预算安排|预算|安排)(?:预备费)?(?:共计|为)?\s*$|预备费(?:预算)?(?:共计|为)?\s*$")
_USED = rx.compile(r"(?:实际|当年|全年|本年|已)?(?:[\u4e00-\u9fff]{0,4}?)?(?:支出|使用|动用|动支)(?:了)?\s*$")
_REST = rx.compile(r"(?:结余|剩余)(?:资金)?(?:为)?\s*$")


def _reserve_balances(para: _Para) -> Iterator[Relation]:
    """市级预算安排预备费10.67亿元，支出3.73亿元，主要用于…，结余6.94亿元 / 预备费预算7亿元，当年使用4.5亿元，…，结余2.5亿元
    收回: what is left of an amount set aside after what was spent of it, three amounts named so in one sentence (the
    amount set aside may close the sentence before: …预备费12亿元，同比持平。当年支出0.1亿元，剩余11.9亿元), a 预备费 named
    in them or right before, nothing but explanations without figures between them. Judged in full."""
    p = para
    local = [(at, q) for at, q in para.local if q.kind in ("amount", "percent", "count")]
    for n in range(2, len(local)):
        (a_at, budget), (u_at, used), (r_at, rest) = local[n - 2], local[n - 1], local[n]
        if not (budget.kind == used.kind == rest.kind == "amount") or any(q.approx for q in (budget, used, rest)):
            continue
        s0 = para.sentence_start(r_at)
        prev = para.sentence_start(max(0, s0 - 1))
        opens = p.text[s0:r_at].strip().startswith("预备费")
        if a_at < s0 and (a_at < prev or u_at < s0 and not opens):
            continue            # the amount set aside in this sentence, or (当年支出0.1亿元，剩余11.9亿元) the one before;
            #                     both before it when it opens with 预备费 (…全年动用2.26亿元，…。预备费结余1.24亿元)
        s0 = min(s0, para.sentence_start(a_at))
        if "预备费" not in p.text[max(0, s0 - 12):u_at]:
            continue
        if not _REST.search(p.text[max(0, r_at - 6):r_at]) or not _USED.search(p.text[max(a_at, u_at - 10):u_at]) \
                or not _RESERVED.search(p.text[max(0, a_at - 10):a_at]):
            continue
        found = _balance(rest, budget, used, p.text[max(s0, a_at - 10):r_at + len(rest.text) + 2])
        if found is not None:
            yield found


_OPENING = rx.compile(r"(?:上年末|上年底|年初|期初|期末|\d{4}年(?:年)?(?:末|底|初)|\d{4}年期末)[^，。；;,\d]{0,20}?余额(?:为|是)?\s*$")
_BALANCE_END = ("余额", "余额为", "余额是", "余额达", "余额达到")
_CLOSING_WHEN = rx.compile(r"年末|年底|期末|后")
_ROLL_OPS = rx.compile(r"(?P<minus>偿还|还本|动用|减去|扣除|调出|调入一般公共预算|减少)|(?P<plus>新增|举借|发行|转贷|加上|补充|转入|增加)")
_ROLL_KIND = rx.compile(r"一般债务|专项债务|预算稳定调节基金")
_ROLL_BAR = rx.compile(r"其中|限额")


def _roll_sign(words: str) -> int | None:
    """+1 or −1 by the flow words (新增, 偿还…) in ``words``; None when they name none, or both ways."""
    signs = {1 if m.group("plus") else -1 for m in _ROLL_OPS.finditer(words)}
    return signs.pop() if len(signs) == 1 else None


@dataclass(slots=True)
class _Flow:
    """A flow between two balances: its sign (None until its words or its list's give it), its figure, whether it
    continues a list (…、…及…), and the sign the words after it give."""

    sign: int | None
    figure: Quantity
    continues: bool
    after: int | None


def _rollforwards(para: _Para) -> Iterator[Relation]:
    """2020年年末地方政府一般债务余额975972万元，2021年地方政府债务转贷收支差额95000万元、偿还债务62195万元，2021年年末地方政府
    一般债务余额1008777万元 / 年初…预算稳定调节基金余额9.3亿元，当年动用9亿元，年底将预算超收收入等20.4亿元补充预算稳定调节
    基金，年末余额20.7亿元: a balance at the end of a period is the opening balance plus and minus the flows written
    between them, each signed by its words (新增, 发行, 转贷, 补充, 转入 add; 偿还, 动用, 调出 take away), its own or, for an
    item of a list (…、…及…), those of the list. Read only when every amount between is so signed, none of them a
    limit, a part (其中) or the first of unwritten others (…等)."""
    p = para
    opening: tuple[int, int, Quantity] | None = None      # (index in para.local, offset, figure)
    for n, (at, q) in enumerate(para.local):
        if q.kind != "amount" or q.approx:
            continue
        words = p.text[max(0, at - 30):at]
        if not words.rstrip().endswith(_BALANCE_END):
            continue
        if opening is not None:
            s0 = para.sentence_start(at)
            when = p.text[max(s0, at - 30):at]
            if _CLOSING_WHEN.search(when):
                found = _rolled(para, opening, (n, at, q))
                if found is not None:
                    yield found
        opening = (n, at, q) if _OPENING.search(words) else None


def _rolled(para: _Para, opening: tuple[int, int, Quantity], closing: tuple[int, int, Quantity]) -> Relation | None:
    """The reading of one roll-forward from ``opening`` to ``closing`` (_rollforwards), or None."""
    p = para
    (i, o_at, start), (j, c_at, result) = opening, closing
    kinds = {m.group() for m in _ROLL_KIND.finditer(p.text, max(0, o_at - 30), o_at)}
    if kinds and not kinds & {m.group() for m in _ROLL_KIND.finditer(p.text, max(0, c_at - 30), c_at)} \
            and _ROLL_KIND.search(p.text, max(0, c_at - 30), c_at):
        return None             # 一般债务 opening, 专项债务 closing
    terms: list[_Flow] = []
    prev_end = para.to_local(start.end)
    if prev_end is None:
        return None
    for a, q in para.local[i + 1:j]:
        if q.kind in ("percent", "year", "date") or para.bracketed(o_at, a):
            continue            # （含存量债务再融资债券85亿元）: an aside
        if q.kind != "amount" or q.approx:
            return None
        cut = max((m.end() for m in _CLAUSE_BREAK.finditer(p.text, prev_end, a)), default=prev_end)
        lead = p.text[max(cut, prev_end):a]
        if _ROLL_BAR.search(lead) or "其中" in p.text[prev_end:a]:
            return None
        end = para.to_local(q.end)
        if end is None:
            return None
        nxt = min([m.start() for m in _CLAUSE_BREAK.finditer(p.text, end, c_at)][:1] + [c_at])
        following = [b for b, _q in para.local[para.index(end):para.index(nxt)]]
        trail = p.text[end:min([nxt, *following])]
        if trail.lstrip().startswith("等"):
            return None         # 偿还债务62195万元等: flows it does not write
        continues = not lead.strip() or lead.lstrip()[0] in "、及和与"
        terms.append(_Flow(_roll_sign(lead), q, continues, _roll_sign(trail)))
        prev_end = end
    if not terms:
        return None
    # an item without flow words of its own takes its list's: the words before the list, or after its last item
    for k, t in enumerate(terms):
        if t.sign is None and t.continues and k and terms[k - 1].sign is not None:
            t.sign = terms[k - 1].sign
    for k in range(len(terms) - 1, -1, -1):
        t = terms[k]
        if t.sign is None:
            t.sign = t.after if t.after is not None else (
                terms[k + 1].sign if k + 1 < len(terms) and terms[k + 1].continues else None)
    signed = [(t.sign, t.figure) for t in terms if t.sign is not None]
    if len(signed) < len(terms):
        return None
    computed = _signed_sum(signed, in_yuan(start.value, start.unit))
    parts = (start, *(q for _s, q in signed))
    shown = fmt(convert(computed.mid, "元", result.unit), max(q.decimals for q in (result, *parts)))
    text = f"{start.text}{start.unit}" + "".join(f" {'+' if sg > 0 else '−'} {q.text}{q.unit}" for sg, q in signed)
    return Relation(kind="sum" if all(sg > 0 for sg, _q in signed) else "difference", result=result, terms=parts,
                    signs=(1, *(sg for sg, _q in signed)), holds=computed.overlaps(in_yuan(result.value, result.unit)),
                    computed=shown, source="prose-rollforward",
                    scope=f"“…{p.text[max(0, o_at - 16):o_at + 40]}…”", text=f"{text} = {shown}{result.unit}",
                    start=result.start, end=result.end, span=result.span)


_PARTS_OF_CHANGE = rx.compile(r"[，,。；;]\s*(?:其中|主要是)[：:，,]?")
_DIRECTED = rx.compile(r"(?P<plus>增加|调增|增收)|(?P<minus>减少|调减|减收)")
_DIRECTED_BEFORE = rx.compile(r"(?:(?P<plus>增加|调增|增收)|减少|调减|减收)了?\s*$")


def _change_parts(para: _Para) -> Iterator[Relation]:
    """总收入增加2.75亿元，主要是上级补助收入增加2.78亿元，…上解收入减少0.05亿元，调入资金增加0.02亿元: a change in a
    whole is the sum of its parts' changes, each signed by its own direction word (2.78 − 0.05 + 0.02 = 2.75). Read
    when the whole's amount follows its direction word and every amount up to the end of the sentence has one in its
    clause (a 其中 list the plain reader took is not read again). 主要是 and 其中 may name only the main parts, so a
    list that does not add up is judged only as a slip of the pen (SUM006)."""
    p, local = para, para.local
    for m in _PARTS_OF_CHANGE.finditer(p.text):
        k = para.index(m.start())
        start = para.sentence_start(m.start())
        if not k or local[k - 1][0] < start:
            continue
        h_at, head = local[k - 1]
        lead = _DIRECTED_BEFORE.search(p.text[max(start, h_at - 8):h_at])
        if head.kind != "amount" or head.approx or lead is None:
            continue
        sign = 1 if lead.group("plus") else -1
        i = bisect_left(para.ends, m.end())
        stop = para.ends[i] if i < len(para.ends) else len(p.text)
        signed: list[tuple[int, Quantity]] = []
        prev = m.end()
        for a, q in local[para.index(m.end()):para.index(stop)]:
            if q.kind != "amount" or para.bracketed(m.end(), a):
                prev = a + len(q.text)
                continue
            words = list(_DIRECTED.finditer(p.text, prev, a))
            if not words or q.approx:
                signed = []
                break       # an amount with no direction of its own: not a list of changes
            signed.append((sign * (1 if words[-1].group("plus") else -1), q))
            prev = a + len(q.text)
        if len(signed) < 2:
            continue
        computed = _signed_sum(signed)
        shown = fmt(convert(computed.mid, "元", head.unit), max(q.decimals for q in (head, *(q for _s, q in signed))))
        text = "".join(f"{'' if n == 0 and sg > 0 else ' + ' if sg > 0 else ' − ' if n else '−'}{q.text}{q.unit}"
                       for n, (sg, q) in enumerate(signed))
        yield Relation(kind="sum" if all(sg > 0 for sg, _q in signed) else "difference", result=head,
                       terms=tuple(q for _s, q in signed),
                       signs=tuple(sg for sg, _q in signed), holds=computed.overlaps(in_yuan(head.value, head.unit)),
                       computed=shown, source="prose-change-list",
                       scope=f"“…{p.text[max(start, h_at - 16):h_at + len(head.text) + 2]}”",
                       text=f"{text} = {shown}{head.unit}", start=head.start, end=head.end, span=head.span)


_CUT_RATE = rx.compile(r"(?:核减|审减|压减)率(?:为|达到?)?\s*$")
_CUT = rx.compile(r"(?:核减|审减|压减)(?:金额|资金)?(?:为|达到?)?\s*$")
_REVIEWED = rx.compile(r"(?:涉及(?:财政)?资金|评审金额|送审(?:金额|资金)?|申请(?:追加)?(?:预算)?(?:资金)?)(?:为|达到?|共计|合计)?\s*$")
_REVIEWED_OK = rx.compile(r"审定(?:金额|资金)?(?:为)?\s*$")


def _reduction_rates(para: _Para) -> Iterator[Relation]:
    """完成预算评审项目78个，涉及资金9.83亿元，核减4.05亿元，核减率41.2% / 评审金额102.8亿元，审定金额94.1亿元，审减资金
    8.7亿元，平均审减率8.5%: the rate of the amount cut to the amount reviewed, both named so in the sentence, with no
    other amount between them but the amount approved (审定). Judged in full."""
    p = para
    local = [(at, q) for at, q in para.local if q.kind in ("amount", "percent")]
    for n, (at, pct) in enumerate(local):
        if pct.kind != "percent" or n < 2 or not _CUT_RATE.search(p.text[max(0, at - 8):at]):
            continue
        s0 = para.sentence_start(at)
        c_at, cut = local[n - 1]
        if cut.kind != "amount" or cut.approx or c_at < s0 or not _CUT.search(p.text[max(s0, c_at - 8):c_at]):
            continue
        k = n - 2
        while k >= 0 and local[k][1].kind == "amount" and _REVIEWED_OK.search(p.text[max(s0, local[k][0] - 8):local[k][0]]):
            k -= 1          # 审定金额94.1亿元: between the amount reviewed and the amount cut
        if k < 0:
            continue
        b_at, base = local[k]
        if base.kind != "amount" or base.approx or b_at < s0 or not base.value \
                or not _REVIEWED.search(p.text[max(s0, b_at - 10):b_at]):
            continue
        yield _amount_ratio(cut, base, pct, "prose-rate", p.text[max(s0, b_at - 12):at + len(pct.text) + 1])


def _growth_factor(pct: Quantity, sign: int) -> Interval:
    """1 ± the growth rate, over the interval the printed rate stands for (rounded or truncated)."""
    iv = stated_percent(pct.value).scale(Decimal(sign) / _HUNDRED_D)
    return Interval(iv.lo + 1, iv.hi + 1)


_BRACKET_OF_WHICH = rx.compile(r"\s*(?:其中|含|包括)[：:，,]?")
# …支出0.47亿元（加上补助市县支出0.93亿元，共完成支出1.4亿元）: a chain from the figure, not its parts (加上, 共, 合计)
_BRACKET_NOT_ALL = rx.compile(r"其中|主要|含|包括|等|约|增长|下降|增加|减少|比上年|同比|%|％|占|年|加上?|扣除|减去|共|合计")


def _signed_sum(terms: list[tuple[int, Quantity]], start: Interval | None = None) -> Interval:
    """``start`` (zero when None) plus or minus each term in 元, by its sign."""
    total = start if start is not None else Interval(Decimal(0), Decimal(0))
    for sign, q in terms:
        iv = in_yuan(q.value, q.unit)
        total = total + iv if sign > 0 else total - iv
    return total


def _sum_yuan(parts: list[Quantity] | tuple[Quantity, ...]) -> Interval:
    """The interval sum of printed amounts, in 元."""
    return sum((in_yuan(q.value, q.unit) for q in parts), printed(Decimal(0)))


def _matching_close(text: str, open_at: int, reach: int) -> int:
    """The bracket closing the one opened at ``open_at`` within ``reach`` characters, or -1. Brackets nested in it
    may only hold words (其他区县（市）): a nested figure is another statement's."""
    depth, inner = 0, -1
    for i in range(open_at, min(len(text), open_at + reach + 2)):
        c = text[i]
        if c in "（(":
            depth += 1
            inner = i
        elif c in "）)":
            depth -= 1
            if depth == 0:
                return i
            if any(ch.isdigit() for ch in text[inner:i]):
                return -1
    return -1


def _bracket_breakdowns(para: _Para) -> Iterator[Relation]:
    """债券偿还债务本金67.2亿元（一般债务19.4亿元、专项债务47.8亿元）: the amounts in the brackets right after a
    figure are its parts, when the brackets hold nothing but named amounts (no 其中/主要/等, no rate, no
    change, no year): they must add up to it."""
    p, local = para, para.local
    for n, (at, total) in enumerate(local):
        if total.kind != "amount" or total.approx:
            continue
        end = para.to_local(total.end)
        if end is None or end >= len(p.text) or p.text[end] not in "（(":
            continue
        close = _matching_close(p.text, end, 120)
        if close < 0:
            continue
        inside = p.text[end + 1:close]
        of_which = _BRACKET_OF_WHICH.match(inside)
        # （其中：一般债务余额4051.3亿元，专项债务余额1633.2亿元） may name only some parts, unless they make up a partition
        if _BRACKET_NOT_ALL.search(inside[of_which.end() if of_which else 0:]) or any(c in inside for c in "。；"):
            continue
        parts = [q for _a, q in local[n + 1:para.index(close)]]
        if len(parts) < 2 or any(q.kind != "amount" or q.approx for q in parts):
            continue
        source = "prose-breakdown"
        if of_which:
            inner = end + 1 + of_which.end()        # the names start inside the brackets, after 其中/含/包括
            names = [_name_before(p.text[inner:], (para.to_local(q.start) or inner) - inner) for q in parts]
            if partition_of(_name_before(p.text, at), names) is None:
                continue
            source = "prose-list-partition"
        computed = _sum_yuan(parts)
        holds = computed.overlaps(in_yuan(total.value, total.unit))
        shown = fmt(convert(computed.mid, "元", total.unit), max(q.decimals for q in (total, *parts)))
        yield Relation(kind="sum", result=total, terms=tuple(parts), holds=holds, computed=shown,
                       source=source, scope=f"“{p.text[max(0, at - 10):close + 1]}”",
                       text=" + ".join(f"{q.text}{q.unit}" for q in parts) + f" = {shown}{total.unit}",
                       start=total.start, end=total.end, span=total.span)


# 收入来源分为6类 / 包括3项 / 由4部分构成, right before 其中: the text counts the items of the list
_COUNTED = rx.compile(r"[，,]\s*(?:从[^，,。；;\d]{1,12}看[，,]\s*)?[^，,。；;\d]{0,12}(?:分为|分成|包括|共有?|由)\s*"
                      r"(?P<n>\d{1,2}|[一二三四五六七八九十两]{1,3})\s*(?:类|项|部分|个方面|大类|块)(?:构成|组成)?\s*$")
_OF_WHICH = rx.compile(r"[，,。；;]\s*(?:其中|(?:主要|具体)?包括|分中央(?:和|与)地方看|分级次看|按[^，,。；;\d]{1,6}划分)[：:，,]?")


_EXPLAINING = ("主要是", "主要为", "主要用于", "主要包括", "主要原因", "主要由于")


def _explains(text: str, at: int) -> bool:
    """Whether the figure at ``at`` stands in a clause explaining the item before it (…12675亿元，下降38.3%，主要是国有土地
    使用权出让收入10793亿元，…): a part of that item, not an item of the list."""
    seg = text[max(0, at - 40):at]
    cut = max(seg.rfind(c) for c in "，,；;。：:")
    return seg[cut + 1:].lstrip().startswith(_EXPLAINING)


def _breakdowns(para: _Para) -> Iterator[Relation]:
    """总收入490.17亿元。其中，当年政府性基金收入207.51亿元，上级补助收入6.91亿元，…: the amounts listed after 其中 up
    to the end of the sentence, when they add up to the figure right before 其中. A 其中 list may name only the
    main items, so a list that does not add up is shown (holds: false) but judged only as a slip of the pen
    (SUM006).

    Three readings more are tried, and taken when the list then adds up: a list that goes on past ； in clauses that
    each name an amount (其中：补助下级支出0.08亿元；调出资金1.42亿元，主要是…), amounts named 结余 taken as items
    (…，待偿债再融资一般债券结余5.5亿元，结转下年支出62.3亿元), and the first amount of each ；-clause (the rest of the
    clause saying how the item changed and why).

    A list whose items name every member of a partition of the head (auditor/data/partitions.yaml) cannot be
    partial: it is recorded as ``prose-list-partition`` and judged in full (SUM010). The items' changes are read
    against the whole's change (``prose-list-change``) when the list adds up, or, when the items state only their
    changes, when they name a partition."""
    p, local = para, para.local
    before: tuple[int, tuple[int, Quantity]] | None = None   # where the last list's sentence ends, and its head
    for m in _OF_WHICH.finditer(p.text):
        k = para.index(m.start())
        head = _head_of_list(para, k, m.start())
        counted = _COUNTED.search(p.text[max(0, m.start() - 40):m.start()]) if head is None else None
        n_text = counted.group("n").replace("两", "二") if counted is not None else ""
        count = int(n_text) if n_text.isdigit() else cn_number(n_text)
        if counted is not None and count is not None:
            # …收入总计为54591.10万元，…，从收入结构上看，收入来源分为6类，其中：: the head is the figure before the clause
            # that counts its items
            at = m.start() - len(counted.group())
            head = _head_of_list(para, para.index(at), at)
        if "划分" in m.group() and before is not None and before[0] == m.start():
            head = before[1]    # 按类别划分，一般债券…。按品种划分，新增债券…: the same whole split another way
        named_head = head is None
        if head is None:
            head = _partition_head(para, k)
        if head is None:
            continue
        t_at, total = head
        before = p.text.find("。", m.end()), head
        if "看" in m.group():
            # …其中，税收收入…；非税收入39682亿元，…。分中央和地方看，…: the whole again, not the last item of its 其中 list
            of = p.text.rfind("其中", p.text.rfind("。", 0, t_at) + 1, t_at)
            if of >= 0:
                again = _OF_WHICH.search(p.text, max(0, of - 1), of + 3)
                head = _head_of_list(para, para.index(again.start()), again.start()) if again else None
                if head is None:
                    continue
                t_at, total = head
        i = bisect_left(para.ends, m.end())
        stop = para.ends[i] if i < len(para.ends) else len(p.text)
        whole = in_yuan(total.value, total.unit)
        first: tuple[list[Quantity], Interval] | None = None
        chosen: tuple[list[Quantity], Interval] | None = None
        whole_count: list[Quantity] | None = None      # the reading of as many items as the text counts
        widest: list[Quantity] = []
        too_long = False
        for upto in dict.fromkeys((stop, _list_goes_on(para, stop))):     # the sentence, then past its ；
            if para.index(upto) - para.index(m.end()) > 3 * MAX_PARTS:
                too_long = True
                break           # measured before the figures are taken: a long paragraph is read in linear time
            listed = local[para.index(m.end()):para.index(upto)]
            widest = [q for a, q in listed if q.kind == "amount" and not para.bracketed(m.end(), a)]
            parts = [q for a, q in listed if q.kind in ("amount", "percent") and not para.bracketed(m.end(), a)]
            for words in (_CHANGE_WORD, _GROWTH_WORD, None):      # 结余 amounts left out, then taken in
                if words is None:
                    amounts = _clause_heads(para, m.end(), upto)
                    if not amounts or upto == stop:
                        continue
                else:
                    amounts = [q for a, q in listed if q.kind == "amount" and not words.search(p.text[max(0, a - 6):a])
                               and not para.bracketed(m.end(), a) and not _explains(p.text, a)]
                    if len(parts) > 2 * len(amounts) + 2:
                        continue
                if len(amounts) < 2 or any(q.approx for q in amounts):
                    continue
                if count is not None and len(amounts) == count and upto == stop and whole_count is None:
                    whole_count = amounts
                added = _sum_yuan(amounts)
                if first is None and upto == stop and words is _CHANGE_WORD:
                    first = amounts, added      # a reading past ； or with 结余 items is taken only when it adds up
                if added.overlaps(whole):
                    chosen = amounts, added
                    break
            if chosen is not None or upto == len(p.text):
                break
        if not named_head:      # a head found by its name is read only as its partition's, below
            yield from _list_shares(para, total, chosen[0] if chosen else widest, chosen is not None)
            if chosen is not None:
                spans = [(para.to_local(q.end), para.to_local(nxt.start) if nxt is not None else upto)
                         for q, nxt in zip(chosen[0], [*chosen[0][1:], None])]
                yield from _changes_of_list(para, total, m.start(), spans)
        # a list naming every member of a partition (一般债务、专项债务) is no partial list: it is judged in full,
        # over the sentence or, past its ；, one item per clause (中央本级收入…，增长25.5%；地方本级收入…)
        head_name = _name_before(p.text, t_at)
        part: Partition | None = None
        rest = False
        readings = [chosen[0]] if chosen else [r[0] for r in (first,) if r] + (
            [] if too_long else [_clause_heads(para, m.end(), upto)])
        for reading in readings:
            if len(reading) < 2 or any(q.approx for q in reading):
                continue
            names = [_name_before(p.text, para.to_local(q.start) or 0) for q in reading]
            part = partition_of(head_name, names)
            rest = part is None and ends_with_rest(names)     # …，其他支出0.6亿元: the list names all of its head
            if part is not None or rest:
                if chosen is None:
                    first = reading, _sum_yuan(reading)
                break
        if named_head and part is None:
            continue            # a head found by its name is taken only for a list naming its partition
        counted_all = whole_count is not None and (chosen is None or chosen[0] == whole_count) and not part
        if whole_count is not None and counted_all and chosen is None:
            first = whole_count, _sum_yuan(whole_count)     # 分为6类，其中：and six items: all of the head
        taken = chosen or first
        if taken is None:
            yield from _changes_only(para, total, t_at, m)
        if taken is None or chosen is None and not counted_all and (
                "主要" in m.group() or part is None and not rest and "其中" in p.text[m.end():upto]):
            continue        # 主要包括： names the main items only, and a list with a list of its own inside (中央财政支出
            #                 64148亿元，其中，中央本级支出…) mixes two levels: read when they add up, never judged
        read, computed = taken
        shown = fmt(convert(computed.mid, "元", total.unit), max(q.decimals for q in (total, *read)))
        yield Relation(kind="sum", result=total, terms=tuple(read), holds=chosen is not None, computed=shown,
                       source="prose-list-partition" if part else "prose-list-rest" if rest
                       else "prose-list-counted" if counted_all else "prose-list",
                       scope=f"“…{p.text[max(0, t_at - 10):m.end() + 12]}…”",
                       text=" + ".join(f"{q.text}{q.unit}" for q in read) + f" = {shown}{total.unit}",
                       start=total.start, end=total.end, span=total.span)


# 分险种来看：…基金收入31.01亿元，支出26.93亿元，滚存结余53.57亿元；… / 其中，市本级政府债务限额…，余额…；…
_PARALLEL_WORDS = r"[。，,]\s*(?:分险种(?:来)?看|分(?:类型|级次|级)(?:来)?看|其中)"
_PARALLEL_OPENER = rx.compile(_PARALLEL_WORDS + r"[：:，,]?")
_MEASURE = rx.compile(r"(滚存结余|累计结余|结余|收入|支出|限额|余额)(?:为|达到?|是)?\s*$")
_PARALLEL_REACH = 1200      # characters: a whole's sentence, or a list, longer than this is not read


def _measures(para: _Para, start: int, end: int, only: bool = True) -> dict[str, Quantity] | None:
    """The amounts between ``start`` and ``end`` each named right before it by a measure (收入, 支出, 滚存结余, 限额,
    余额 …), by measure, the last of each; None when an amount of the span is neither such a figure nor a change
    (增加588.2亿元), unless not ``only`` (a whole's sentence may state other figures before it: 举借外债0.3亿元，…，
    债务余额为5228.7亿元)."""
    out: dict[str, Quantity] = {}
    for a, q in para.local[para.index(start):para.index(end)]:
        if q.kind != "amount" or para.bracketed(start, a):
            continue
        if _CHANGE_WORD.search(para.text[max(0, a - 6):a]):
            continue
        m = _MEASURE.search(para.text[max(start, a - 8):a])
        if m is None or q.approx:
            if only:
                return None
            continue
        out[m.group(1)] = q
    return out


def _parallel_lists(para: _Para) -> Iterator[Relation]:
    """全市社会保险基金收入355.53亿元，支出260.1亿元，年末滚存结余523.48亿元。分险种来看：全市城乡居民基本养老保险基金收入
    31.01亿元，支出26.93亿元，滚存结余53.57亿元；…: a whole stated by two or more measures (收入, 支出, 滚存结余; 限额,
    余额), then the items of a breakdown (分险种来看, 分类型看, 分级次看, 其中), one per ；-clause to the end of the
    sentence, each stating the same measures once. Each measure of the items adds up to the whole's — read only when
    one of them does at least: the items are then all of the whole, and a measure that does not add up is the defect
    (a list none of whose measures add up may name only some of the whole's parts, and is left unread)."""
    p = para
    before: tuple[int, dict[str, Quantity]] | None = None     # where the last list read ends, and its whole
    for m in _PARALLEL_OPENER.finditer(p.text):
        # the whole's sentence and the list's, each read within a bounded reach: a long paragraph stays linear
        head_start = p.text.rfind("。", max(0, m.start() - _PARALLEL_REACH), m.start()) + 1
        stop = p.text.find("。", m.end(), m.end() + _PARALLEL_REACH)
        if stop < 0 and len(p.text) - m.end() > _PARALLEL_REACH or m.start() - head_start >= _PARALLEL_REACH - 1:
            continue
        stop = len(p.text) if stop < 0 else stop
        clauses, at = [], m.end()
        for c in re.finditer(r"[；;]", p.text[m.end():stop]):
            clauses.append((at, m.end() + c.start()))
            at = m.end() + c.end()
        clauses.append((at, stop))
        if len(clauses) < 2:
            continue
        items = [item for a, b in clauses if (item := _measures(para, a, b))]
        keys = set(items[0]) if len(items) == len(clauses) else set()
        if len(keys) < 2 or any(set(item) != keys for item in items):
            continue
        head = _measures(para, head_start, m.start(), only=False)
        if before is not None and before[0] == m.start() and "看" in m.group():
            head = before[1]    # 分类型看：…。分级次看：…: the same whole split another way
        if head is None or not keys <= set(head):
            continue
        judged = []
        for key in keys:
            whole, parts = head[key], [item[key] for item in items]
            computed = _sum_yuan(parts)
            judged.append((whole, parts, computed, computed.overlaps(in_yuan(whole.value, whole.unit))))
        if not any(ok for *_x, ok in judged):
            continue
        before = stop, head
        for whole, parts, computed, ok in sorted(judged, key=lambda j: j[0].start):
            shown = fmt(convert(computed.mid, "元", whole.unit), max(q.decimals for q in (whole, *parts)))
            yield Relation(kind="sum", result=whole, terms=tuple(parts), holds=ok, computed=shown,
                           source="prose-parallel-list", scope=f"“…{p.text[m.start() + 1:m.end() + 12]}…”",
                           text=" + ".join(f"{q.text}{q.unit}" for q in parts) + f" = {shown}{whole.unit}",
                           start=whole.start, end=whole.end, span=whole.span)


@cache
def _head_words() -> frozenset[str]:
    """The words that name the head of a partition of the catalogue (三公, 基本支出, 还本付息 …)."""
    return frozenset(w for p in partitions() for w in p.head)


def _partition_head(para: _Para, k: int, reach: int = 8) -> tuple[int, Quantity] | None:
    """The head of a 其中 list past other figures: “三公”经费支出合计0.51亿元，…年初预算0.66亿元，支出比年初预算数减少0.15亿
    元，主要是…。其中：公务接待费…: the nearest of the last few amounts before the list (before ``k``-th figure) whose name
    holds the head word of a partition (三公, 基本支出 …). Taken only when the list names that partition's members."""
    words = _head_words()
    for at, q in reversed(para.local[max(0, k - reach):k]):
        if q.kind == "amount" and not q.approx and any(w in _name_before(para.text, at, 40) for w in words):
            return at, q
    return None


_RISE = ("增加", "增长", "增收", "上升", "提高")
_CHANGE_AMOUNT = rx.compile(r"(?P<base>同比|(?:比|较)(?:上年|去年)(?:决算数?|执行数?|同期|同月)?|(?:比|较)(?:年初)?预算(?:数)?|与上年相比)?"
                            r"[，,]?(?P<dir>增加|增长|增收|上升|提高|减少|下降|减收|降低)了?\s*$")


def _change_at(para: _Para, lo: int, hi: int) -> tuple[int, Quantity, str] | None:
    """The first amount from ``lo`` to ``hi`` that says how much a figure changed (同比增加31亿元), with its sign and the
    base it is compared with ("" when unnamed, "budget" or "year"); None when another amount comes first."""
    for at, q in para.local[para.index(lo):para.index(hi)]:
        if q.kind == "percent" or para.bracketed(lo, at):
            continue
        if q.kind != "amount" or q.approx:
            return None
        w = _CHANGE_AMOUNT.search(para.text[max(lo, at - 16):at])
        if w is None:
            return None
        base = w.group("base") or ""
        return (1 if w.group("dir") in _RISE else -1, q,
                "budget" if "预算" in base else "year" if base else "")
    return None


_CHANGE_LEAD = rx.compile(r"同比|(?:比|较)(?:上年|去年)|增加|减少|增长|下降")


def _changes_only(para: _Para, total: Quantity, t_at: int, m: re.Match[str]) -> Iterator[Relation]:
    """非税收入21192亿元，同比增加2513亿元。其中，中央非税收入同比增加899亿元，…；地方非税收入同比增加1614亿元: a 其中 list
    whose items state only how they changed. Read when the items name every member of a partition of the head (中央、
    地方), so their changes must give the head's."""
    text = para.text
    stop = text.find("。", m.end())
    stop = len(text) if stop < 0 else stop
    spans = _clauses(text, m.end(), stop)
    names = []
    for a, b in spans:
        lead = _CHANGE_LEAD.search(text, a, b)
        if lead is None:
            return
        names.append(text[a:lead.start()].strip())
    if len(spans) < 2 or partition_of(_name_before(text, t_at), names) is None:
        return
    yield from _changes_of_list(para, total, m.start(), spans)


def _changes_of_list(para: _Para, total: Quantity, at: int, spans: Sequence[tuple[int | None, int | None]]
                     ) -> Iterator[Relation]:
    """全国政府性基金收入9681亿元，比去年同期增加2701亿元，增长38.7%。其中，中央…收入784亿元，同比增加31亿元，…；地方…收入
    8897亿元，同比增加2670亿元: a 其中 list that adds up to its head, each item and the head with the amount it changed
    by; the items' changes, each with its sign, must give the head's. Read only when every item states its change
    against the same base as the head's (a change on the budget is never added to a change on last year)."""
    end = para.to_local(total.end)
    if end is None:
        return
    head = _change_at(para, end, at)
    if head is None:
        return
    sign, change, base = head
    terms: list[tuple[int, Quantity]] = []
    bases = {base}
    for lo, hi in spans:        # where each item says how it changed
        got = _change_at(para, lo, hi) if lo is not None and hi is not None else None
        if got is None:
            return
        terms.append((got[0] * sign, got[1]))
        bases.add(got[2])
    if len(bases - {""}) > 1:
        return
    terms.sort(key=lambda t: -t[0])     # the additions first: 3846 = 4029 − 183
    computed = _signed_sum(terms)
    holds = computed.overlaps(in_yuan(change.value, change.unit))
    parts = tuple(q for _s, q in terms)
    shown = fmt(convert(computed.mid, "元", change.unit), max(q.decimals for q in (change, *parts)))
    text = "".join(f"{'' if n == 0 and sg > 0 else ' + ' if sg > 0 else ' − ' if n else '−'}{q.text}{q.unit}"
                   for n, (sg, q) in enumerate(terms))
    yield Relation(kind="sum" if all(sg > 0 for sg, _q in terms) else "difference", result=change, terms=parts,
                   signs=tuple(sg for sg, _q in terms), holds=holds, computed=shown, source="prose-list-change",
                   scope=f"“…{para.text[max(0, end - len(total.text) - 10):end + 20]}…”的增减额",
                   text=f"{text} = {shown}{change.unit}", start=change.start, end=change.end, span=change.span)


def _clauses(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The ；-separated clauses from ``start`` to ``stop``, as (start, end) offsets."""
    cuts = [start] + [i + 1 for i in range(start, stop) if text[i] in "；;"] + [stop]
    return list(pairwise(cuts))


_NAME_STOP = rx.compile(r"[，,；;。：:、！？]")


def _name_before(text: str, at: int, reach: int = 30) -> str:
    """The words naming the figure at ``at``: back to the clause's start (，；。：、), at most ``reach`` characters."""
    lo = max(0, at - reach)
    stops = [m.end() for m in _NAME_STOP.finditer(text, lo, at)]
    return text[stops[-1] if stops else lo:at].strip()


def _clause_heads(para: _Para, start: int, upto: int) -> list[Quantity]:
    """The first amount of each ；-clause from ``start`` to ``upto``, leaving out amounts of a change and amounts in
    brackets: 其中，中央…收入784亿元，同比增加31亿元，增长4.2%；地方…收入8897亿元，同比增加2670亿元，…，国有土地使用权出让收入
    7700亿元… names one item per clause, the rest of the clause says how it changed and why. Empty when a clause
    names no amount."""
    text = para.text
    heads: list[Quantity] = []
    for a, b in _clauses(text, start, upto):
        found = None
        for at, q in para.local[para.index(a):para.index(b)]:
            if q.kind == "amount" and not _CHANGE_WORD.search(text[max(0, at - 6):at]) and not para.bracketed(a, at):
                found = q
                break
        if found is None:
            return []
        heads.append(found)
    return heads


_ITEM_SHARE = rx.compile(r"^\s*(?:[（(][^（）()]{0,40}[）)])?\s*(?:[，,、]\s*(?:同比|比上年)?(?:增长|下降)-?[\d.]+%)?"
                         r"\s*[，,、]?\s*(?:占比|占(?:(?P<base>[^，。；;、\d%（()）]{2,16}?)的)?|比重)(?:为|达到?|是)?\s*$")


def _list_shares(para: _Para, head: Quantity, items: list[Quantity], adds_up: bool) -> Iterator[Relation]:
    """其中：一般债务24.96亿元，占比14.3%；专项债务149.69亿元，占比85.7%: an item's unnamed share (占比, 占) is its share
    of the list's head. The head is taken as the base only when the shares of two items or more hold against it, or,
    when the list adds up to the head, half of them. A list that adds up is not enough: in 转移支付28438万元，其中福州
    6733万元、占比23.22%… the shares are of the whole fund (29000万元), and one of eight holds against 28438 by chance."""
    p = para
    read: list[tuple[Quantity, Quantity, Interval, bool]] = []
    base = in_yuan(head.value, head.unit)
    for q in items:
        n = para.index(para.to_local(q.start) or 0) + 1
        end = para.to_local(q.end)
        # the share right after the item, or after a bracket and the item's growth (一般性转移支付491.7亿元（含…185.4
        # 亿元），增长0.9%，占比为70.2%)
        pct = next((pct for at, pct in para.local[n:n + 3] if pct.kind == "percent" and end is not None
                    and _ITEM_SHARE.match(p.text[end:at])), None)
        if pct is None or q.approx:
            continue
        try:
            computed = ratio_percent(in_yuan(q.value, q.unit), base)
        except ZeroDivisionError:
            continue
        read.append((q, pct, computed, computed.overlaps(share_of_whole(pct))))
    held = sum(ok for *_x, ok in read)
    lone = len(read) == 1 and held == 1     # 收入929.6亿元，…其中税收收入674亿元，占比72.5%: one item's share its head explains
    if not lone and held < 2 and not (adds_up and held and 2 * held >= len(read)):
        return      # the shares may be of another whole (of all the funds, where the list breaks down a part)
    for q, pct, computed, ok in read:
        yield Relation(kind="ratio", result=pct, terms=(q, head), holds=ok,
                       computed=f"{fmt(computed.mid, pct.decimals)}%", source="prose-list-share",
                       scope=f"“…{q.text}{q.unit}，占比{pct.text}%…”",
                       text=f"{q.text} ÷ {head.text} × 100 = {fmt(computed.mid, pct.decimals + 2)}%",
                       start=pct.start, end=pct.end, span=pct.span)


_LIST_NEXT = rx.compile(r"(?:其中|包括)[：:]\s*$")


_PARALLEL_NEXT = rx.compile(_PARALLEL_WORDS + r"[：:]\s*$")      # the opener ending its paragraph


def _parallel_over(report: Report, head: Paragraph, nxt: Paragraph) -> Iterator[Relation]:
    """…余额3899.8亿元。分级次看：⏎市级债务限额1791.2亿元，余额1712亿元；…: a breakdown by measures (_parallel_lists) that
    a line break after the colon put in a paragraph of its own, read over the two paragraphs as one."""
    if nxt.start < head.end or report.text.count("\n", head.end, nxt.start) > 3:
        return
    both = replace(head, text=head.text + nxt.text, parts=head.parts + nxt.parts, end=nxt.end)
    for r in _parallel_lists(_Para(report, both)):
        if r.terms[0].start >= head.end:
            yield r


def _breakdowns_over(report: Report, head: Paragraph, nxt: Paragraph) -> Iterator[Relation]:
    """收入总计1136.9亿元，其中：⏎一般公共预算收入194.5亿元，返还性收入89.3亿元，…: a 其中 list that a line break after the
    colon put in a paragraph of its own, read over the two paragraphs as one."""
    if nxt.start < head.end or nxt.line - head.line > 3:
        return
    both = replace(head, text=head.text + nxt.text, parts=head.parts + nxt.parts, end=nxt.end)
    for r in _breakdowns(_Para(report, both)):
        whole = r.terms[1] if r.source == "prose-list-share" else r.result
        if whole.start < head.end <= r.terms[0].start:
            yield r


def _share_runs(para: _Para) -> Iterator[Relation]:
    """2025年到期726.78亿元，占4.5%；2026年到期1044.21亿元，占6.4%；…: three or more amounts in a row in one sentence,
    each with its share (占, 占比, or 占 the same whole named: 因公出国（境）费支出170万元，占“三公”经费的27.39%；…) and no
    other amount between them, are parts of one whole. With no whole written, the whole is their sum; it is taken as
    the base only when every share but one holds against it (a run whose shares are of a whole not written, or of
    wholes named differently, is left unread)."""
    p = para
    local = [(a, q) for a, q in para.local if not para.bracketed(0, a)]  # 318万元（含…补助50万元）、占比1.10%
    runs: list[list[tuple[Quantity, Quantity]]] = [[]]
    bases: list[set[str]] = [set()]      # the wholes each run's shares name (none for 占, 占比)
    n = 0
    while n + 1 < len(local):
        (a_at, q), (at, pct) = local[n], local[n + 1]
        end = para.to_local(q.end)
        m = _ITEM_SHARE.match(p.text[end:at]) if end is not None else None
        if q.kind == "amount" and pct.kind == "percent" and m is not None and not q.approx:
            run = runs[-1]
            if run and any(c in "。！？!?" for c in p.text[(para.to_local(run[-1][1].start) or 0):a_at]):
                runs.append(run := [])      # a run ends with its sentence (not at ；)
                bases.append(set())
            run.append((q, pct))
            if m.group("base"):
                bases[-1].add(m.group("base").strip())
            n += 2
            continue
        if runs[-1] and q.kind == "amount":
            runs.append([])     # another amount breaks the run
            bases.append(set())
        n += 1
    for run, named in zip(runs, bases, strict=True):
        if len(run) < 3 or len(named) > 1:
            continue
        whole = _sum_yuan([q for q, _pct in run])
        judged = []
        for q, pct in run:
            try:
                computed = ratio_percent(in_yuan(q.value, q.unit), whole)
            except ZeroDivisionError:
                break
            judged.append((q, pct, computed, computed.overlaps(share_of_whole(pct))))
        if len(judged) < len(run) or sum(not ok for *_x, ok in judged) > 1:
            continue
        total = fmt(convert(whole.mid, "元", run[0][0].unit), max(q.decimals for q, _p in run))
        for q, pct, computed, ok in judged:
            yield Relation(kind="ratio", result=pct, terms=(q, *(o for o, _p in run if o is not q)), holds=ok,
                           computed=f"{fmt(computed.mid, pct.decimals)}%", source="prose-list-share",
                           scope=f"“…{q.text}{q.unit}，占{pct.text}%…”",
                           text=f"{q.text} ÷ ({' + '.join(o.text for o, _p in run)} = {total}) × 100 = "
                                f"{fmt(computed.mid, pct.decimals + 2)}%",
                           start=pct.start, end=pct.end, span=pct.span)


_UNNAMED_SHARE = rx.compile(r"^(?:\s|[，,、]|(?:同比|比上年|较上年)?(?:增长|下降)-?\d+(?:\.\d+)?%)*"
                            r"(?:占比|比重|占(?P<name>[^，。；、的\d%（()）]{2,16}?)的?(?:比重|比例)?)(?:为|达到?|是)?\s*$")
_MONEY = ("元", "万元", "亿元")
SHARE_REACH = 60            # a share's base is looked for among this many amounts of its section either side


def _established_shares(report: Report, paras: dict[int, _Para], taken: set[int]) -> Iterator[Relation]:
    """——卫生健康支出77.33亿元，占比7.1%。…——债务付息及发行费用支出27.93亿元，占比2.6%: amounts each with an unnamed share
    (占比, 比重), their whole written elsewhere in the section (一般公共预算支出1093.65亿元). The base is the amount of the
    section that gives most of these shares, taken only when it gives two or more of them and at least as many as
    no amount gives at all. A share the base does not give is judged only when no other amount of the section gives
    it either (it may be the share of another whole the section names)."""
    groups: dict[tuple[int, str], list[tuple[Quantity, Quantity]]] = {}
    sec_starts = [sec.start for sec in report.sections]
    for p in report.paragraphs:
        if "%" not in p.text or "占" not in p.text and "比重" not in p.text:
            continue
        para = _para(report, paras, p)
        local = para.local
        for n, (at, pct) in enumerate(local):
            if pct.kind != "percent" or id(pct) in taken or not n or not Decimal(0) < pct.value < 100:
                continue
            j = n - 1
            while j >= 0 and local[j][1].kind == "percent":
                j -= 1
            if j < 0:
                continue
            q_at, q = local[j]
            end = para.to_local(q.end)
            if q.kind != "amount" or q.unit not in _MONEY or q.approx or end is None or end > at \
                    or para.bracketed(para.sentence_start(at), q_at):
                continue
            m = _UNNAMED_SHARE.match(p.text[end:at])
            if m is None:
                continue
            # shares of a named base (占预算支出23.5%) are grouped by the name
            groups.setdefault((_innermost(report, sec_starts, pct.start), m.group("name") or ""), []).append((q, pct))
    if all(len(shares) < 2 for shares in groups.values()):
        return
    money = [q for q in report.quantities if q.kind == "amount" and q.unit in _MONEY and not q.approx]
    starts = [q.start for q in money]
    for (key, _name), shares in groups.items():
        if len(shares) < 2:
            continue
        lo_pos, hi_pos = (report.sections[key].start, report.sections[key].end) if key >= 0 else (0, len(report.text))
        gives: dict[tuple[Decimal, str], list[int]] = {}
        bases: dict[tuple[Decimal, str], Quantity] = {}
        given: list[bool] = []         # per share: whether any amount of the section gives it
        for k, (q, pct) in enumerate(shares):
            i = bisect_left(starts, q.start)
            lo = max(bisect_left(starts, lo_pos), i - SHARE_REACH)
            hi = min(bisect_left(starts, hi_pos), i + SHARE_REACH)
            num = in_yuan(q.value, q.unit)
            stated = share_of_whole(pct)
            found = False
            for b in money[lo:hi]:
                if b is q or b.value <= 0:
                    continue
                den = in_yuan(b.value, b.unit)
                if den.lo <= num.hi:
                    continue
                if ratio_percent(num, den).overlaps(stated):
                    found = True
                    key_b = (b.value, b.unit)
                    if k not in gives.setdefault(key_b, []):
                        gives[key_b].append(k)
                    bases.setdefault(key_b, b)
            given.append(found)
        if not gives:
            continue
        best = max(gives.values(), key=len)
        tops = [kb for kb, ks in gives.items() if len(ks) == len(best)]
        if len(best) < 2 or len({in_yuan(*kb).mid for kb in tops}) > 1:
            continue
        unexplained = given.count(False)
        if len(best) < unexplained:
            continue
        base = bases[tops[0]]
        den = in_yuan(base.value, base.unit)
        for k, (q, pct) in enumerate(shares):
            if k not in best and given[k]:
                continue        # the share of another whole the section names
            computed = ratio_percent(in_yuan(q.value, q.unit), den)
            yield Relation(kind="ratio", result=pct, terms=(q, base), holds=computed.overlaps(share_of_whole(pct)),
                           computed=f"{fmt(computed.mid, pct.decimals)}%", source="prose-share-established",
                           scope=f"“…{q.text}{q.unit}，占比{pct.text}%…”",
                           text=f"{q.text} ÷ {base.text} × 100 = {fmt(computed.mid, pct.decimals + 2)}%",
                           start=pct.start, end=pct.end, span=pct.span)


_FUND = rx.compile(r"一般公共预算|政府性基金|国有资本经营|社会保险基金")
_FUND_NAMES = {"收入": ("预算收入", "收入", "预算总收入", "总收入"), "支出": ("预算支出", "支出", "预算总支出", "总支出")}


_ADJUSTED = rx.compile(r"调整后[^，。；;\d]{0,8}预算(?:数)?(?:为|是)?\s*$")
_ADJUST_STEP = rx.compile(r"(?P<op>调增|调减|追加|调整增加|调整减少)[^，。；;\d]{0,8}$")
_INITIAL = rx.compile(r"年初预算(?:数)?(?:合计|总计)?(?:为|是)?\s*$")


def _budget_adjustments(para: _Para) -> Iterator[Relation]:
    """收入年初预算合计419.2亿元，执行中…调减收入预算16亿元，调整后收入预算为403.2亿元: three amounts in a row in one
    sentence, the initial budget, the adjustment and the adjusted budget. Every step is written, so it is judged in
    full (a chain)."""
    p, local = para, para.local
    for n in range(2, len(local)):
        (xa, x), (ya, y), (za, z) = local[n - 2], local[n - 1], local[n]
        if any(q.kind != "amount" or q.approx for q in (x, y, z)) or para.sentence_start(za) > xa \
                or not _ADJUSTED.search(p.text[max(0, za - 16):za]) or not _INITIAL.search(p.text[max(0, xa - 12):xa]):
            continue
        step = _ADJUST_STEP.search(p.text[max(0, ya - 12):ya])
        if step is None:
            continue
        down = "减" in step.group("op")
        start, change = in_yuan(x.value, x.unit), in_yuan(y.value, y.unit)
        computed = start - change if down else start + change
        shown = fmt(convert(computed.mid, "元", z.unit), max(q.decimals for q in (x, y, z)))
        yield Relation(kind="difference" if down else "sum", result=z, terms=(x, y),
                       holds=computed.overlaps(in_yuan(z.value, z.unit)), computed=shown, source="prose-chain",
                       scope=f"“…{p.text[max(0, za - 16):za + len(z.text) + 2]}”",
                       text=f"{x.text}{x.unit} {'−' if down else '+'} {y.text}{y.unit} = {shown}{z.unit}",
                       start=z.start, end=z.end, span=z.span)


_TOTALS_BALANCED = rx.compile(r"(?:收支总量相抵(?:后)?|收入总量减去支出总量后?)[，,]?\s*[^，。；,;\d]{0,14}?(?:年终|当年|年末|累计)?"
                              r"(?:滚存结余|结余|结转(?:下年)?(?:继续)?(?:使用|支出)?(?:的?资金)?)(?:为)?\s*$")
# 收支相抵，年末结转14.9亿元 opening its sentence: the balance of the named totals before it, like 收支总量相抵后
_TOTALS_BALANCED_OPENING = rx.compile(r"收支相抵[，,]\s*(?:\d{4}年)?[^，。；,;\d]{0,20}?(?:年终|当年|年末|累计)?"
                                      r"(?:滚存结余|结余|结转(?:下年)?(?:继续)?(?:使用|支出)?(?:的?资金)?)(?:为)?\s*$")


def _unread_balances(paras: list[_Para], read: set[int], words: re.Pattern[str], reach: int, *needles: str
                     ) -> Iterator[tuple[_Para, int, Quantity]]:
    """Each amount not yet read whose words right before it (``reach`` characters) name a balance, in the paragraphs
    holding one of ``needles``: the figures the cross-paragraph balance readers start from."""
    for para in paras:
        if not any(n in para.text for n in needles):
            continue
        for at, rest in para.local:
            if rest.kind == "amount" and not rest.approx and id(rest) not in read \
                    and words.search(para.text[max(0, at - reach):at]):
                yield para, at, rest


def _opening_balances(paras: list[_Para], read: set[int]) -> Iterator[tuple[_Para, int, Quantity]]:
    """The balances worded 收支相抵，…结余/结转 that open their sentence (after 。 or ； or at the paragraph's start)."""
    for p, at, rest in _unread_balances(paras, read, _TOTALS_BALANCED_OPENING, 40, "收支相抵"):
        opening = p.text.rfind("收支相抵", max(0, at - 40), at)
        if not p.text[:opening].rstrip() or p.text[:opening].rstrip()[-1] in "。；;":
            yield p, at, rest


def _balances_over(report: Report, paras: dict[int, _Para], worded: list[_Para], read: set[int]
                   ) -> Iterator[Relation]:
    """收支总量相抵后，累计结余55.05亿元 / 收入总量减去支出总量后，全市结转下年继续使用资金98,743万元, after the 收入总量 and
    the 支出总量 it balances stated in the paragraphs before (the two before it and its own, no heading between): the
    totals are named as such, so the balance is judged in full."""
    heads = [h.start for h in report.headings]
    bare = ((p, at, rest) for p, at, rest in _unread_balances(worded, read, _BARE_BALANCE, 12, "总支出")
            if _right_after_spending(p, at))
    for p, at, rest in chain(_unread_balances(worded, read, _TOTALS_BALANCED, 32, "总量"),
                             _opening_balances(worded, read), bare):
        named: list[tuple[str, Quantity]] = []       # the totals before it, in order
        for j in (p.p.index - 2, p.p.index - 1, p.p.index):
            if j < 0 or bisect_right(heads, p.p.start) != bisect_right(heads, report.paragraphs[j].start):
                continue        # a heading between: another section's totals
            prev = _para(report, paras, report.paragraphs[j])
            for a, q in prev.local:
                if j == p.p.index and a >= at:
                    break
                if q.kind != "amount":
                    continue
                words = prev.text[max(0, a - 14):a]
                kind = "in" if _INCOME_TOTAL.search(words) else "out" if _SPENDING_TOTAL.search(words) else \
                    "spent" if _SPENDING.search(words) and not _CHANGE_WORD.search(words) else ""
                if kind:
                    named.append((kind, q))
        spent = next((q for k, q in reversed(named) if k == "out"), None)
        got = next((q for k, q in reversed(named) if k == "in"), None)
        if spent is None and got is not None:
            # 收入总量为1027.9亿元。⏎…预算支出354.16亿元，…。⏎收支总量相抵后，年末滚存结余673.74亿元: nothing added to the
            # spending, so it is its own total — when it is the one spending figure after the income total
            last_in = max(i for i, (k, _q) in enumerate(named) if k == "in")
            after = [q for k, q in named[last_in + 1:] if k == "spent"]
            spent = after[0] if len(after) == 1 and "总量" in p.text[max(0, at - 32):at] else None
        if spent is None or got is None or spent.approx or got.approx:
            continue
        found = _balance(rest, got, spent, p.text[max(0, at - 16):at + len(rest.text) + 2])
        if found is not None:
            yield found


def _right_after_spending(para: _Para, at: int) -> bool:
    """…总支出20754.37亿元。结转1022.33亿元: a bare balance whose figure right before it is the spending total it
    follows (…上解支出15.79亿元，年终结余90.02亿元 in a list of what a balanced 支出总计 holds is no such balance)."""
    k = para.index(at)
    if k == 0:
        return False
    a, q = para.local[k - 1]
    return q.kind == "amount" and bool(_SPENDING_TOTAL.search(para.text[max(0, a - 14):a]))


_LEVEL = r"(?P<level>全省|全市|全县|全区|全国|省级|市级|县级|区级|本级|省本级|市本级|县本级|区本级|中央|地方)?"
_NAME_END = r"(?:[（(][^（）()。；]{0,12}[）)])?(?:预期|预计|预算)?(?:完成|为|实现|达到?|安排)?\s*$"   # 税收收入（地方级，下同）
_GPB_REVENUE = rx.compile(_LEVEL + r"(?:地方)?一般公共预算收入" + _NAME_END)
_TAX_REVENUE = rx.compile(_LEVEL + r"(?<!非)(?<!其他)税收收入" + _NAME_END)
_NONTAX_REVENUE = rx.compile(_LEVEL + r"非税收入" + _NAME_END)
_PART_LEVELS = ("中央", "地方")        # 中央一般公共预算收入 is a part of the 全国 one, not the revenue split after it
TAX_REACH = 12            # paragraphs between a revenue and the tax revenue it is split into
NAMED_REACH = 60          # paragraphs between a revenue and a tax share of it that names its level


def _tax_partitions(report: Report, paras: dict[int, _Para], read: set[int], shared: set[int]) -> Iterator[Relation]:
    """市级一般公共预算收入234.3亿元，… (paragraphs of other matters) … 收入决算情况。税收收入121.4亿元，为预算的102%；非税收入
    112.9亿元，…: the revenue is its tax and its non-tax revenue — the first 税收收入 after it, within a few paragraphs,
    and the first 非税收入 after that, no other revenue, tax or non-tax figure between, the same level (全市, 市级…) where
    they name one. Figures another reading already sums (a 其中 list) are left to it. A tax share after the tax
    revenue (…，税收占一般公共预算收入比重为65.6%) is that tax revenue over the revenue, unless read in its paragraph."""
    last: tuple[int, Quantity, str] | None = None       # (paragraph, revenue, its level)
    tax: tuple[Quantity, str] | None = None
    by_level: dict[str, tuple[int, Quantity]] = {}       # the last revenue of each level named, across sections
    heads = [h.start for h in report.headings]
    section = -1
    for p in report.paragraphs:
        if "收入" not in p.text:
            continue
        if bisect_right(heads, p.start) != section:
            section, last, tax = bisect_right(heads, p.start), None, None     # a heading between: another matter
        para = _para(report, paras, p)
        here: tuple[Quantity, str] | None = None        # the tax revenue stated in this paragraph
        for at, q in para.local:
            if q.kind == "percent" and id(q) not in shared and (tax is not None or here is not None):
                share = _TAX_SHARE.search(para.text[max(0, at - 20):at])
                base = _PREFIX.sub("", share.group("base") or "") if share else ""
                quoted = para.text[max(0, at - 20):at + len(q.text) + 1]
                if share and base in ("", "一般公共预算收入", "地方一般公共预算收入"):
                    if last is not None and tax is not None and tax[1] in ("", last[2]):
                        whole, part = last[1], tax[0]
                    elif here is not None and here[1] and base and here[1] in by_level \
                            and p.index - by_level[here[1]][0] <= NAMED_REACH:
                        # 全市税收收入完成145.6亿元，…，税收占一般公共预算收入比重为65.6%, sections after 全市一般公共预算收入完成
                        # 221.9亿元: the revenue of the level the tax revenue names, the last stated
                        whole, part = by_level[here[1]][1], here[0]
                    else:
                        continue
                    if not whole.approx and not part.approx:
                        yield _amount_ratio(part, whole, q, "prose-share", quoted)
                continue
            if q.kind != "amount":
                continue
            words = para.text[max(0, at - 30):at]
            if (m := _GPB_REVENUE.search(words)) is not None:
                level = m.group("level") or ""
                if level not in _PART_LEVELS:
                    last, tax = (p.index, q, level), None
                    if level:
                        by_level[level] = (p.index, q)
            elif (m := _TAX_REVENUE.search(words)) is not None:
                here = (q, m.group("level") or "")
                tax = (q, m.group("level") or "") if last is not None and tax is None and \
                    p.index - last[0] <= TAX_REACH else None
                if tax is None:
                    last = None     # a second tax figure, or one too far from its revenue: no split read
            elif (m := _NONTAX_REVENUE.search(words)) is not None:
                if last is not None and tax is not None:
                    yield from _tax_partition(para, at, last[1], last[2], tax, (q, m.group("level") or ""), read)
                last = tax = None


def _tax_partition(para: _Para, at: int, whole: Quantity, level: str, tax: tuple[Quantity, str],
                   nontax: tuple[Quantity, str], read: set[int]) -> Iterator[Relation]:
    """The reading of one revenue split into its tax and non-tax revenue (_tax_partitions)."""
    (t, t_level), (n, n_level) = tax, nontax
    if any(x and level and x != level for x in (t_level, n_level)) or t_level and n_level and t_level != n_level:
        return                  # 全市 revenue, 市级 tax revenue: another level's split
    if any(q.approx for q in (whole, t, n)) or {id(t), id(n)} & read:
        return                  # the two are summed already (…收入1928.9亿元，其中：税收收入…，非税收入…): one reading
    computed = _sum_yuan((t, n))
    shown = fmt(convert(computed.mid, "元", whole.unit), max(q.decimals for q in (whole, t, n)))
    yield Relation(kind="sum", result=whole, terms=(t, n), holds=computed.overlaps(in_yuan(whole.value, whole.unit)),
                   computed=shown, source="prose-tax-split",
                   scope=f"“…{para.text[max(0, at - 12):at + len(n.text) + 2]}”",
                   text=f"税收收入{t.text}{t.unit} + 非税收入{n.text}{n.unit} = {shown}{whole.unit}",
                   start=whole.start, end=whole.end, span=whole.span)


_CLAUSE_START = rx.compile(r"[，。；,;：:]")
_KIND_AT = rx.compile(r"(?:预算)?(?P<kind>收入|支出)(?:预算|预期|预计|完成|执行|共计|合计|总计|总额|总量)?(?:为|达到?)?\s*$")
_SUBJECT_NOISE = rx.compile(r"\d{4}年度?|^(?:其中|同时|另外)|预算|\s")


def _subject(text: str, at: int) -> tuple[str, str] | None:
    """The subject and the kind of the figure at ``at`` named as income or spending by the words of its clause right
    before it (2022年园区社会保险基金收入11.34亿元 → 园区社会保险基金, 收入); None when not so named."""
    lo = max(0, at - 40)
    starts = [m.end() for m in _CLAUSE_START.finditer(text, lo, at)]
    words = text[starts[-1] if starts else lo:at]
    m = _KIND_AT.search(words)
    if m is None:
        return None
    return _SUBJECT_NOISE.sub("", words[:m.start()]), m.group("kind")


def _same_subject(a: str, b: str) -> bool:
    """Two subjects of one fund: equal, or one the other with its level left out (全市社会保险基金, 社会保险基金)."""
    return bool(a) and bool(b) and (a.endswith(b) or b.endswith(a))


def _subject_pair(spans: list[tuple[_Para, int]], of: str = "") -> tuple[Quantity, Quantity] | None:
    """The income and the spending a balance is of: the last two figures named as income or spending before it (in
    these paragraphs, each up to its limit), income then spending, of one subject (the balance's own, ``of``, when it
    names one: 2021年市级政府性基金当年收支结余); a bare 支出 right after its income in the same paragraph shares it. None
    when the last two are not such a pair."""
    named: list[tuple[str, str, Quantity, int]] = []     # (kind, subject, figure, paragraph)
    for para, upto in spans:
        for a, q in para.local[max(0, para.index(upto) - LOOK_BACK):para.index(upto)]:
            if q.kind != "amount" or para.bracketed(0, a):
                continue        # 收入67966万元（其中：利润收入64929万元，…）: the parts in brackets are not the pair
            got = _subject(para.text, a)
            if got is not None:
                named.append((got[1], got[0], q, para.p.index))
    if len(named) < 2 or named[-1][0] != "支出" or named[-2][0] != "收入":
        return None
    (_k, s_in, income, i_in), (_k2, s_out, spent, i_out) = named[-2], named[-1]
    if not (_same_subject(s_in, s_out) or (not s_out and s_in and i_in == i_out)):
        return None
    if of and not _same_subject(of, s_in):
        return None
    return income, spent


def _balances_before(report: Report, paras: dict[int, _Para], worded: list[_Para], read: set[int]
                     ) -> Iterator[Relation]:
    """2022年园区社会保险基金收入11.34亿元…；支出10.18亿元…。 / 收支相抵，结转下年支出1.16亿元 (or …支出完成113.3亿元。本年收支
    结余4.3亿元): a balance whose income, or income and spending, the two paragraphs before state, no heading between, of
    one subject (_subject_pair); every other reading is left unread."""
    heads = [h.start for h in report.headings]
    for p, at, rest in _unread_balances(worded, read, _SUBJECT_BALANCE, 32, "结余", "结转", "缺口", "支大于收", "收不抵支"):
        section = bisect_right(heads, p.p.start)
        spans = [(prev, len(prev.text)) for prev in (_para(report, paras, report.paragraphs[j])
                                                     for j in (p.p.index - 2, p.p.index - 1) if j >= 0)
                 if bisect_right(heads, prev.p.start) == section]
        if not spans:
            continue
        m = _SUBJECT_BALANCE.search(p.text[max(0, at - 32):at])
        of = _SUBJECT_NOISE.sub("", m.group("of") or "") if m else ""
        pair = _subject_pair([*spans, (p, at)], of)
        if pair is None or pair[0].approx or pair[1].approx:
            continue
        found = _balance(rest, pair[0], pair[1], p.text[max(0, at - 16):at + len(rest.text) + 2],
                         gap=_GAP.search(p.text[max(0, at - 32):at]) is not None)
        if found is not None:
            yield found


def _named_balances(paras: list[_Para], named: _NamedAmounts, read: set[int]) -> Iterator[Relation]:
    """2022年全市社会保险基金预算收支相抵，当年结余23亿元 in a paragraph of its own: the balance of the fund's income and
    spending stated before under its name (社会保险基金预算收入180.4亿元 … 支出157.4亿元). Which year and which level a
    statement is of is not always written, so the reading is recorded only when a pair of the few last statements
    gives the balance, never reported."""
    for para, at, rest in _unread_balances(paras, read, _BALANCE, 24, "结余", "结转"):
        p = para
        s0 = para.sentence_start(at)
        funds = _FUND.findall(p.text, s0, at)
        if len(set(funds)) != 1:
            continue
        fund = funds[0]
        incomes = [q for w in _FUND_NAMES["收入"] for q in named.named(fund + w, rest.start)][:6]
        spendings = [q for w in _FUND_NAMES["支出"] for q in named.named(fund + w, rest.start)][:6]
        target = in_yuan(rest.value, rest.unit)
        pairs = ((a, b, in_yuan(a.value, a.unit) - in_yuan(b.value, b.unit)) for a in incomes for b in spendings)
        found = next(((a, b, d) for a, b, d in pairs if d.overlaps(target)), None)
        if found is None:
            continue
        a, b, diff = found
        shown = fmt(convert(diff.mid, "元", rest.unit), max(q.decimals for q in (rest, a, b)))
        yield Relation(kind="difference", result=rest, terms=(a, b), holds=True, computed=shown,
                       source="prose-balance-named", scope=f"“…{p.text[max(0, at - 16):at + len(rest.text) + 2]}”",
                       text=f"{a.text}{a.unit} − {b.text}{b.unit} = {shown}{rest.unit}",
                       start=rest.start, end=rest.end, span=rest.span)


def _innermost(report: Report, starts: list[int], pos: int) -> int:
    """The index of the innermost section holding ``pos`` (-1: none)."""
    i = bisect_right(starts, pos) - 1
    while i >= 0:
        sec = report.sections[i]
        if sec.start <= pos < sec.end:
            return i
        i = sec.parent
    return -1


_LIST_INTRO = rx.compile(r"(?:[，,]\s*(?:具体|主要|分项)?(?:完成|执行|安排|使用|分配|构成|支出|收入)?情况(?=如下)|[，,。；;])?\s*"
                         r"(?:其中|包括|主要包括|具体包括|具体如下|如下)[：:]\s*$")


def _numbered_lists(report: Report, paras: dict[int, _Para]) -> Iterator[Relation]:
    """（三）返还性支出182.1亿元。其中：⏎1、所得税基数返还支出14.8亿元；⏎2、…: a paragraph that ends with 其中：/包括：/
    如下： and the numbered headings right under it, 1, 2, 3 … of one style, each naming its amount first. The list
    is the head's breakdown; like any 其中 list it may name only the main items, so one that does not add up is
    shown (holds: false) and judged only as a slip of the pen (SUM006)."""
    heads = report.headings
    starts = [h.start for h in heads]
    for p in report.paragraphs:
        intro = _LIST_INTRO.search(p.text)
        if intro is None:
            continue
        para = _para(report, paras, p)
        found = _head_of_list(para, para.index(intro.start()), intro.start())
        if found is None:
            continue
        total = found[1]
        items: list[Quantity] = []
        k = bisect_left(starts, p.end)
        nxt = report.paragraphs[p.index + 1].start if p.index + 1 < len(report.paragraphs) else len(report.text)
        if k >= len(heads) or nxt < heads[k].start:
            continue        # the list's first item must come right after the head (each heading is read once)
        style = heads[k].style
        expect = 1
        # the explanation under an item may hold figures of its own, but no numbered heading of the list's style:
        # the next such heading is the next item, or the list has ended
        while k < len(heads) and heads[k].style == style and heads[k].number == expect:
            h = heads[k]
            first = next(iter(report.quantities_in(h.start, h.end, ("amount", "percent", "count"))), None)
            if first is None or first.kind != "amount" or first.approx:
                items = []
                break
            items.append(first)
            expect += 1
            k += 1
        if len(items) < 2:
            continue
        added = _sum_yuan(items)
        s0 = para.sentence_start(found[0])
        named = [q for a, q in para.local[para.index(s0):para.index(intro.start())] if q.kind == "amount"
                 and not _CHANGE_WORD.search(p.text[max(0, a - 6):a]) and not para.bracketed(s0, a)]
        if len(named) > 1:
            # 总支出2,281.5亿元，其中，市本级支出1,012.3亿元，…等支出325.6亿元。主要项目完成情况如下：⏎1.…: the sentence
            # names several figures; the list breaks down the one it adds up to, or is left unread
            fits = next((q for q in reversed(named) if added.overlaps(in_yuan(q.value, q.unit))), None)
            if fits is None:
                continue
            total = fits
        shown = fmt(convert(added.mid, "元", total.unit), max(q.decimals for q in (total, *items)))
        yield Relation(kind="sum", result=total, terms=tuple(items), holds=added.overlaps(in_yuan(total.value, total.unit)),
                       computed=shown, source="prose-list", scope=f"“…{p.text[-30:]}”（{len(items)} 项）",
                       text=" + ".join(f"{q.text}{q.unit}" for q in items) + f" = {shown}{total.unit}",
                       start=total.start, end=total.end, span=total.span)


def _breakdowns_under_headings(report: Report) -> Iterator[Relation]:
    """（2）非税收入292.5亿元，下降1.1%，完成年初预算的117%。⏎其中：专项收入106.8亿元，…: a paragraph that opens with 其中
    breaks down the figure of the heading right above it."""
    heads = {h.end: h for h in report.headings if not h.is_item}
    for p in report.paragraphs:
        if not p.text.startswith("其中"):
            continue
        end = p.start
        while end > 0 and end > p.start - 200 and report.text[end - 1].isspace():
            end -= 1            # back over the line break: no copy of the text before (linear in the report)
        h = next((heads[e] for e in (end, end - 1, end - 2) if e in heads), None)   # the title may leave out 。
        if h is None:
            continue
        text = report.text[h.start:p.start].rstrip()       # with the 。 the heading's title leaves out
        head = Paragraph(index=-1, text=text, parts=((h.start, h.start + len(text)),), line=h.line,
                         start=h.start, end=h.start + len(text), span=h.span)
        yield from _breakdowns_over(report, head, p)


_NAMED_CLAUSE = rx.compile(r"^(?!.*其中)[^\d，,。；;：:]{1,20}$")


def _list_goes_on(para: _Para, stop: int) -> int:
    """Where a 其中 list ends that goes on past ``stop`` (a ；) in clauses that each open with a named amount; ``stop``
    itself when the sentence does not end with ；."""
    end = stop
    while end < len(para.text) and para.text[end] in "；;":
        n = para.index(end + 1)
        if n >= len(para.local):
            break
        at, q = para.local[n]
        i = bisect_left(para.ends, end + 1)
        nxt = para.ends[i] if i < len(para.ends) else len(para.text)
        if q.kind != "amount" or at > nxt or not _NAMED_CLAUSE.match(para.text[end + 1:at].strip()):
            break
        end = nxt
    return end


_AFTER_HEAD = rx.compile(r"(?:同口径|可比口径|按可比口径)?(?:同比|(?:比|较)(?:上年|去年)(?:决算数|预算数|同期|同月)?|与上年相比|(?:较|比)(?:年初)?预算数?)?"
                         r"(?:增长|下降|增加|减少|降低|上升|提高|增收|减收|回落|加快)了?|(?:为|完成|占|达到?)(?:年初|调整后?|全年)?预算(?:数)?的?|完成预算的?|"
                         r"(?:增幅|降幅)(?:为|达)?|[^，,。；;\d]{0,12}占比(?:为|达到?)?")


def _head_of_list(para: _Para, k: int, at: int, changed: re.Pattern[str] = _CHANGE_WORD) -> tuple[int, Quantity] | None:
    """The figure a 其中 list at ``at`` breaks down: the amount right before 其中, or the last amount before the
    clauses that only say how it changed or stands to its budget (支出646亿元，增长1.8%。其中：…; 收入130,566万元，为预算的
    102.3%，下降7.8%。其中：…)."""
    local = para.local
    j = k - 1
    seen = 0
    s0 = para.sentence_start(at)
    while j >= 0 and seen < 4:
        t_at, q = local[j]
        end = para.to_local(q.end)
        if end is None:
            return None
        if para.bracketed(s0, t_at) and not para.bracketed(s0, at) or q.kind == "year" or _note_mark(para, t_at, q):
            j -= 1              # …下降4.92%（其中税收收入243.53亿元、下降8.14%…），加上…: inside an aside; a year is
            continue            # judged with the words around it (由于2022年…基数较低); 增长1.8%3，: a footnote's mark
        seen += 1
        if q.kind == "amount" and not changed.search(para.text[max(0, t_at - 6):t_at]):
            if q.approx:
                return None
            # …亿元2，增长4%: a footnote's mark; 。收入增长主要是由于…较低。: a sentence explaining the figure, without figures
            between = _EXPLAINED.sub("", _FOOTNOTE_MARK.sub("", _ASIDE.sub("", para.text[end:at])))
            # …，完成调整预算的112%，收入变动主要是…征缴收入增长。其中：: a last clause explaining the change stated
            # before it, no figure in it (an explanation of the figure itself, 收入646亿元，主要是税收增加。, ends the search)
            explained = _EXPLAINING_CLAUSE.sub("", between)
            if explained != between and not _AFTER_HEAD.match(re.split(r"[，,、]", explained)[-1].strip()):
                return None
            between = explained
            if not between.strip():
                return t_at, q          # 其中 right after the figure it breaks down
            clauses = [c.strip() for c in re.split(r"[，,、]", between)]
            if clauses[0] or not all(c and _AFTER_HEAD.match(c) for c in clauses[1:]):
                return None
            return t_at, q
        if q.kind not in ("percent", "amount"):
            return None
        j -= 1
    return None


def _note_mark(para: _Para, at: int, q: Quantity) -> bool:
    """Whether a bare number of one or two digits glued after a percentage or an amount (增长1.8%3，; 亿元2，) is a
    footnote's mark, no figure."""
    return q.kind == "number" and len(q.text) <= 2 and at > 0 and para.text[at - 1] in "%％元" \
        and para.text[at + len(q.text):at + len(q.text) + 1] in ("，", "。", "；", ",", "")


_EXPLAINED = rx.compile(r"[。；;][^。；;%元]*?(?:主要|由于|原因)[^。；;%元]*")
_EXPLAINING_CLAUSE = rx.compile(r"[，,][^，,。；;%\d]{0,12}(?:主要是|主要由于|主要因为|主要原因是|原因是)(?:\d{4}年|[^。；;%\d])*[。；;]?\s*$")
_FOOTNOTE_MARK = rx.compile(r"^\d{1,2}(?=[，,。；;\s]|$)")
_ASIDE = rx.compile(r"[（(][^（）()]*[）)]")


def _budget_rates(para: _Para) -> Iterator[Relation]:
    p = para
    local = [(at, q) for at, q in para.local if q.kind in ("amount", "percent")]
    for n, (at, pct) in enumerate(local):
        if pct.kind != "percent":
            continue
        head = p.text[max(0, at - 40):at]
        m = _RATE.search(head)
        if m is None:
            continue
        start = at - len(head) + m.start()
        sentence_start = para.sentence_start(start)
        window = [(a, q) for a, q in local[max(0, n - LOOK_BACK):n] if q.kind == "amount"]
        amounts = [(a, q) for a, q in window if sentence_start <= a]
        before = [(a, q) for a, q in amounts if a < start]
        if not before:
            continue
        num = before[-1][1]
        end = para.to_local(num.end)
        if end is None or p.text[end:start].strip(" ，,") not in ("", "预计", "实际"):
            continue
        if m.group("base"):
            base = _bracketed(m, amounts, at - len(head))
        elif len(before) > 1:
            base = _stated(p, before[:-1], m.group("q"))
        else:
            # 全年…支出预算调整为537亿元。2023年，全市…支出完成529.79亿元，完成调整预算的98.7%: the budget the sentence
            # before ends with, when the rate names the same kind of budget
            prior = [(a, q) for a, q in window if a < sentence_start][-1:]
            base = _stated(p, prior, m.group("q")) if prior and para.sentence_start(prior[0][0]) < sentence_start \
                and p.text[sentence_start - 1] == "。" else None
        if base is None or base is num or num.approx or base.approx:
            continue
        yield _relation(num, base, pct, p.text[start:at + len(pct.text) + 1])


_ADJUSTED_TO = rx.compile(r"调整(?:为|至)\s*$")
_BUDGET_IS = rx.compile(r"^(?:为|是|安排|总额为|由年初的)?\s*$")


def _budgets_stated_before(report: Report, paras: dict[int, _Para], worded: list[_Para], read: set[int]
                           ) -> Iterator[Relation]:
    """预算情况。…市本级一般公共预算支出预算515亿元。决算情况。…市本级一般公共预算支出464.81亿元，为预算的90.3%: a rate of
    a budget the sentence does not state, against the budget stated before under the figure's own name followed by
    预算 (…支出预算515亿元; …支出预算由年初的535亿元调整为485亿元), in the paragraph or the two before it, no heading
    between. 调整预算 is the figure after 调整为, 年初预算 the first; a plain 预算 may be either: it is reported only when
    neither gives the rate."""
    heads = [h.start for h in report.headings]
    for para in worded:
        p = para
        if "预算" not in p.text or "%" not in p.text:
            continue
        local = [(at, q) for at, q in para.local if q.kind in ("amount", "percent")]
        for n, (at, pct) in enumerate(local):
            if pct.kind != "percent" or id(pct) in read:
                continue
            head = p.text[max(0, at - 40):at]
            m = _RATE.search(head)
            if m is None or m.group("base"):
                continue
            start = at - len(head) + m.start()
            s0 = para.sentence_start(start)
            before = [(a, q) for a, q in local[max(0, n - LOOK_BACK):n] if q.kind == "amount" and s0 <= a < start]
            if len(before) != 1:
                continue            # a figure of the sentence may be its budget: _budget_rates' reading
            a_at, num = before[0]
            end = para.to_local(num.end)
            if end is None or p.text[end:start].strip(" ，,") not in ("", "预计", "实际") or num.approx:
                continue
            name = _NAME.search(p.text[max(s0, a_at - 20):a_at])
            if name is None or len(name.group(1)) < 4:
                continue
            readings = _budget_readings(report, paras, heads, para, a_at, name.group(1), m.group("q"))
            if not readings:
                continue
            judged = [_relation(num, base, pct, p.text[max(s0, a_at - 12):at + len(pct.text) + 1]) for base in readings]
            yield next((r for r in judged if r.holds), judged[0])


def _budget_readings(report: Report, paras: dict[int, _Para], heads: list[int], para: _Para, before: int, name: str,
                     qualifier: str | None) -> list[Quantity]:
    """The amounts the last statement of the budget of ``name`` (…政府性基金支出: …政府性基金支出预算 or …政府性基金预算
    支出预算) before ``before`` gives it, in this paragraph or the two before it with no heading between: the first
    (年初), the one after 调整为 (调整), or both (plain 预算)."""
    kind = name[-2:] if name.endswith(("收入", "支出")) else ""
    stem = (name[:-2] if kind else name).removesuffix("预算")
    budget = re.compile(re.escape(stem) + ("(?:预算)?" + kind if kind else "") + "预算")
    k = para.p.index
    for j, limit in ((k, before), (k - 1, None), (k - 2, None)):
        if j < 0 or bisect_right(heads, para.p.start) != bisect_right(heads, report.paragraphs[j].start):
            return []
        other = para if j == k else _para(report, paras, report.paragraphs[j])
        text = other.text if limit is None else other.text[:limit]
        found = None
        for found in budget.finditer(text):
            pass                    # the last statement of the budget
        if found is None:
            continue
        at, after = found.start(), found.end()
        stop = next((i for i in range(at, len(text)) if text[i] in _SENTENCE_END), len(text))
        amounts = [(a, q) for a, q in other.local if after <= a < stop and q.kind == "amount"]
        if not amounts or amounts[0][1].approx or not _BUDGET_IS.match(other.text[after:amounts[0][0]]):
            return []
        first = amounts[0][1]
        # 由年初的666.53亿元调整为986.65亿元: the figure right after the first, adjusted to (not a later clause's: …，
        # 市对区县转移支付预算由年初的317.93亿元调整为398.58亿元)
        adjusted = [q for a, q in amounts[1:2] if _ADJUSTED_TO.search(other.text[max(0, a - 4):a]) and not q.approx]
        if qualifier and qualifier.startswith("调整"):
            return adjusted
        if qualifier == "年初":
            return [first]
        return [first, *adjusted]
    return []


def _bracketed(m: re.Match[str], before: list[tuple[int, Quantity]], offset: int) -> Quantity | None:
    """The amount inside 预算（120亿元）: the last amount before the percent, when it lies in the brackets."""
    lo, hi = offset + m.start("base"), offset + m.end("base")
    inside = [q for a, q in before if lo <= a < hi]
    return inside[-1] if len(inside) == 1 else None


def _stated(p: _Para, before: list[tuple[int, Quantity]], qualifier: str | None) -> Quantity | None:
    """The amount the sentence gave the same budget (调整后收入预算为393.5亿元): the amount right before the
    numerator, when the words before it name a 预算 of the same kind."""
    if not before:
        return None
    at, q = before[-1]
    m = _BASE.search(p.text[max(0, at - 40):at])
    if m is None:
        return None
    named = m.group("q") or m.group("q2") or ""
    if qualifier and named[:2] != qualifier[:2]:
        return None
    return q


def _relation(num: Quantity, base: Quantity, pct: Quantity, phrase: str) -> Relation:
    a = in_yuan(num.value, num.unit)
    b = in_yuan(base.value, base.unit)
    try:
        computed = ratio_percent(a, b)
        holds = computed.overlaps(stated_percent(pct.value))
    except (ZeroDivisionError, ValueError):
        computed, holds = None, True
    value = fmt(computed.mid, pct.decimals) if computed is not None else pct.text.rstrip("%")
    text = (f"{num.text} ÷ {base.text} × 100 = {fmt(computed.mid, pct.decimals + 2)}%" if computed is not None
            else f"{num.text} ÷ {base.text}")
    return Relation(kind="ratio", result=pct, terms=(num, base), holds=holds, computed=f"{value}%", source="prose",
                    scope=f"“{phrase.strip()}”", text=text, start=pct.start, end=pct.end, span=pct.span)


# ——增值税。完成 2027.15 亿元，占预算的 105.2%，增长 41.1%: a row of a table restated in the text
_ROW_RATE = rx.compile(r"(?:占|为|完成)(?:年初|调整后?|全年)?预算(?:数)?的?\s*$")
_ROW_GROWTH = rx.compile(r"(?:比上年|较上年|同比)?(?P<dir>增长|下降)\s*$")
_ROW_LABEL = rx.compile(r"^[\s一二三四五六七八九十\d、.．（）()]*(?:其中[：:])?\s*|\s|[（(](?:款|项|类)[）)]$")


class _RowIndex:
    """The rows of the report's tables whose 占预算% or 增长% column is established (table-columns), looked up by the
    figure of the row's first term (a sorted list of the figures in 元, bisected): each relation with its table's
    unit and the row's label without its number (增值税, 企业所得税, 一般公共服务支出)."""

    def __init__(self, report: Report) -> None:
        tables = sorted(report.tables, key=lambda t: t.start)
        starts = [t.start for t in tables]
        labels: dict[tuple[int, int], str] = {}
        rows: list[tuple[Decimal, Decimal, Relation, str, str]] = []
        for r in report.relations:
            if r.source != "table-columns" or r.kind not in ("ratio", "growth") or r.row is None:
                continue
            i = bisect_right(starts, r.result.start) - 1     # the table the relation's figures lie in
            table = tables[i] if i >= 0 and r.result.start < tables[i].end else None
            if table is None or table.unit not in ("元", "万元", "亿元"):
                continue
            if (table.index, 1) not in labels:
                labels[table.index, 1] = ""
                for label, row, _nums in row_figures(table):
                    labels[table.index, row] = _ROW_LABEL.sub("", label)
            label = labels.get((table.index, r.row), "")
            if len(label) >= 2:
                iv = in_yuan(r.terms[0].value, table.unit)
                rows.append((iv.lo, iv.hi, r, table.unit, label))
        rows.sort(key=lambda x: x[0])
        self.rows = rows
        self.los = [x[0] for x in rows]
        self.widest = max((x[1] - x[0] for x in rows), default=Decimal(0))

    def __bool__(self) -> bool:
        return bool(self.rows)

    def row_of(self, words: str, amount: Quantity, kind: str) -> tuple[Relation, str] | None:
        """The relation of ``kind`` whose first term is ``amount`` (in the table's unit) and whose row's label is named
        in ``words`` (the longest label that is); None when no row, or more than one, fits."""
        stated = in_yuan(amount.value, amount.unit)
        lo = bisect_left(self.los, stated.lo - self.widest)
        hi = bisect_right(self.los, stated.hi)
        words = _BREAKS.sub("", words)
        fits = [(len(label), id(r), r, unit) for a, b, r, unit, label in self.rows[lo:hi]
                if r.kind == kind and a <= stated.hi and b >= stated.lo and label in words]
        if not fits:
            return None
        longest = max(f[0] for f in fits)
        best = {f[1]: (f[2], f[3]) for f in fits if f[0] == longest}
        return next(iter(best.values())) if len(best) == 1 else None


def _restated_rows(report: Report, paras: dict[int, _Para], worded: list[_Para], read: set[int]
                   ) -> Iterator[Relation]:
    """——增值税。完成 2027.15 亿元，占预算的 105.2%，增长 41.1%: the text restates a row of its own table (增值税 20271498
    万元 in the 决算 column of a table whose 占预算% column is 决算 ÷ 预算 in most rows). The amount names the row (its
    label in the words before it, its figure the row's), so the stated rate is the amount over the row's 预算, and the
    stated growth its change over the row's last year: judged in full."""
    if not any(r.source == "table-columns" for r in report.relations):
        return
    index = _RowIndex(report)
    if not index:
        return
    for para in worded:
        p = para
        local = [(at, q) for at, q in para.local if q.kind in ("amount", "percent")]
        for (a_at, amount), (g_at, pct) in pairwise(local):
            if amount.kind != "amount" or pct.kind != "percent" or id(pct) in read or amount.approx:
                continue
            end = para.to_local(amount.end)
            if end is None:
                continue
            gap = p.text[end:g_at]
            kind = "ratio" if _ROW_RATE.search(gap) else "growth" if _ROW_GROWTH.search(gap) else ""
            if not kind or re.search(r"[。；;]", gap) or len(gap) > 16:
                continue
            found = index.row_of(p.text[max(0, a_at - 30):a_at], amount, kind)
            if found is None:
                continue
            rel, unit = found
            yield _restated(rel, unit, amount, pct, kind, "下降" in gap,
                            p.text[max(para.sentence_start(a_at), a_at - 12):g_at + len(pct.text) + 1])
        # a growth after the rate: …，占预算的105.2%，增长41.1%
        for (a_at, amount), (_r_at, rate), (g_at, pct) in zip(local, local[1:], local[2:]):
            if amount.kind != "amount" or rate.kind != "percent" or pct.kind != "percent" or id(pct) in read \
                    or amount.approx:
                continue
            end, mid = para.to_local(amount.end), para.to_local(rate.end)
            if end is None or mid is None or not _ROW_RATE.search(p.text[end:_r_at]):
                continue
            gap = p.text[mid:g_at]
            m = _ROW_GROWTH.search(gap)
            if m is None or re.search(r"[。；;]", gap) or len(gap) > 12:
                continue
            found = index.row_of(p.text[max(0, a_at - 30):a_at], amount, "growth")
            if found is not None:
                rel, unit = found
                yield _restated(rel, unit, amount, pct, "growth", m.group("dir") == "下降",
                                p.text[max(para.sentence_start(a_at), a_at - 12):g_at + len(pct.text) + 1])


def _restated(rel: Relation, unit: str, amount: Quantity, pct: Quantity, kind: str, down: bool, quoted: str
              ) -> Relation:
    base = rel.terms[1]
    num, den = in_yuan(amount.value, amount.unit), in_yuan(base.value, unit)
    computed = ratio_percent(num, den)
    if kind == "growth":
        computed = Interval(computed.lo - _HUNDRED_D, computed.hi - _HUNDRED_D)
    stated = stated_percent(-pct.value if down else pct.value)
    shown = f"{fmt(abs(computed.mid), pct.decimals)}"
    text = (f"{amount.text}{amount.unit} ÷ {base.text}{unit}（{rel.scope}）× 100"
            + (" − 100" if kind == "growth" else "") + f" = {fmt(computed.mid, pct.decimals + 2)}%")
    return Relation(kind=kind, result=pct, terms=(amount, base), holds=computed.overlaps(stated), computed=shown,
                    source="prose-table-row", scope=f"“…{quoted}”", text=text, start=pct.start, end=pct.end,
                    span=pct.span)
