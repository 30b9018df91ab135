"""Bind quantities to labels (facts), and read shares (占…%) and year-over-year changes from the prose."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import field
from itertools import pairwise
from typing import Generic, TypeVar

from auditor import rx
from auditor.labels import FUNDING_PREFIX, GENERIC, STAGE_LABELS, Lexicon
from auditor.model import Change, Fact, Quantity, Rate, Share, evolve
from auditor.rates import read_rates
from auditor.records import dataclass
from auditor.spans import OffsetMap, Ranges

# Text allowed between a label and its figure: 基本支出为 / 支出决算数为 / 2024年度财政拨款 …
_GAP = rx.compile(r"(?:[\s:：]|为|是|共|计|达|合计|共计|总计|总额|总数|金额|数|额|的|均|都|分别|决算|预算|"
                  r"年初|调整后?|财政拨款|资金|支出|实际|本年|全年|当年|累计|完成|(?:19|20)\d{2}年度?|"
                  r"[（(]本级[）)])*")
_QUALIFIERS = ("年初预算", "调整预算", "预算", "决算", "财政拨款", "一般公共预算", "政府性基金")
_STAGE_WORDS = ("年初预算", "调整预算", "预算", "决算")
_SENTENCE_STAGE = rx.compile(r"(?<![较比与同超])(?:年初预算|调整预算|决算)")   # not 较年初预算: a comparison
_INHERIT = rx.compile(r"^[\s，,]*(?:支出|收入)?(?:决算|预算|年初预算|调整预算)(?:数)?(?:为|是)?\s*$")
_SENTENCE_END = rx.compile(r"[。！？!?；;]")
_CLAUSE_END = rx.compile(r"[，,。！？!?；;]")
_GENERIC_OK_BEFORE = set("、，,（）()年度级局位门 ：:")
_CLASS_BEFORE = rx.compile(r"[（(]\s*[类款项]\s*[）)]\s*$")    # 公共安全（类）支出: a class's spending, not the total
_CHANGE = rx.compile(r"(?:(?:较|比|与|同)(?:上年度?|去年|上一年度?|(?:19|20)\d{2}年度?)?(?:相比|同期)?(?:比)?"
                     r"[^，。；,;\d]{0,4}?|(?<=[，,])(?=(?:增加|减少|增收|减收|增支|减支)\s*\d))"
                     r"(?P<dir>增加|减少|增长|下降|降低|上升|提高|增收|减收|增支|减支|减|增)了?")
_CHANGE_BEFORE = rx.compile(r"(?:增加|减少|增长|下降|降低|上升|提高|增收|减收|增支|减支|节约|超支)了?\s*$")
_RESPECTIVELY = rx.compile(r"分别|各")
_PCT_LEAD = rx.compile(r"^[，,、]?\s*(?:同比)?(?P<dir>增加|减少|增长|下降|降低|上升|提高|减|增|降)?了?"
                       r"(?:幅度|幅)?(?:为|达)?\s*$")
_DIRECTION = {"增加": "increase", "增长": "increase", "上升": "increase", "提高": "increase", "增": "increase",
              "增收": "increase", "减少": "decrease", "下降": "decrease", "降低": "decrease", "减": "decrease",
              "减收": "decrease", "增支": "increase", "减支": "decrease", "降": "decrease"}    # 降幅0.66%
_SHARE_IMPLICIT = rx.compile(r"占(?:比)?(?:为|是)?\s*$")
_SHARE_EXPLICIT = rx.compile(r"占(?P<den>[^，。；,;%\d占]{1,24}?)(?:的)?(?:比重|比例)?(?:为|是)?\s*$")


T = TypeVar("T")


@dataclass(slots=True)
class Unit:
    """A run of text read as a whole: a paragraph or a heading title."""

    text: str
    parts: Sequence[tuple[int, int]]
    paragraph: int
    section: int
    quantities: list[Quantity]
    local: list[int] = field(default_factory=list)   # local start of each quantity
    _starts: list[int] = field(default_factory=list)    # normalized start of each part
    _ends: list[int] = field(default_factory=list)      # local offset where each part ends (cumulative)

    def __post_init__(self) -> None:
        if len(self.parts) < 2:
            return          # one part: offsets map by a subtraction, no tables needed
        acc = 0
        for s, e in self.parts:
            self._starts.append(s)
            acc += e - s
            self._ends.append(acc)

    def local_of(self, norm: int) -> int:
        """The local offset of a normalized one (by bisection over the parts; past them: the unit's length)."""
        if len(self.parts) == 1:
            s, e = self.parts[0]
            return norm - s if s <= norm <= e else e - s
        i = bisect_right(self._starts, norm) - 1
        if i >= 0 and norm <= self.parts[i][1]:
            return self._ends[i] - (self.parts[i][1] - norm)
        return self._ends[-1] if self._ends else 0

    def norm_of(self, local: int) -> int:
        """The normalized offset of a local one: in the first part whose end is at or after it."""
        if len(self.parts) == 1:
            s, e = self.parts[0]
            return s + local if local <= e - s else e
        i = bisect_left(self._ends, local)
        if i < len(self.parts):
            return self.parts[i][1] - (self._ends[i] - local)
        return self.parts[-1][1]


@dataclass(slots=True)
class Extracted:
    facts: list[Fact] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    sentences: Ranges = field(default_factory=Ranges)


def extract(units: list[Unit], lex: Lexicon, offsets: OffsetMap, report_year: int | None) -> Extracted:
    """Read facts, shares and changes from each unit in document order."""
    out = Extracted()
    units.reverse()
    while units:   # each unit is dropped once read (the caller's list empties)
        _extract_unit(units.pop(), lex, offsets, report_year, out)
    return out


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """The sentences of a unit's text as local ranges, one at a time."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def _labels(text: str, lex: Lexicon) -> list[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    for m in lex.pattern.finditer(text):
        written = m.group()
        if written in GENERIC and (m.start() > 0 and text[m.start() - 1] not in _GENERIC_OK_BEFORE
                                   or text.startswith(("决算", "预算"), m.end())
                                   or _CLASS_BEFORE.search(text, max(0, m.start() - 4), m.start())):
            continue   # 的支出 / 支出决算为… / 公共安全（类）支出: not a total of its own
        found.append((m.start(), m.end(), lex.canonical(written), written))
    return found


def _extract_unit(unit: Unit, lex: Lexicon, offsets: OffsetMap, report_year: int | None, out: Extracted) -> None:
    text = unit.text
    if not any(q.kind == "percent" for q in unit.quantities) and not any(q.kind == "amount" for q in unit.quantities):
        out.sentences.extend((unit.norm_of(a), unit.norm_of(b)) for a, b in _sentences(text))
        return    # nothing to bind: no figure and no share or change
    unit.local = [unit.local_of(q.start) for q in unit.quantities]
    order = sorted(range(len(unit.local)), key=lambda i: unit.local[i])   # quantities by local start
    locs = [unit.local[i] for i in order]
    labels = _Labels(_labels(text, lex))
    first_fact = len(out.facts)
    ctx = _UnitIndex(text)
    for s0, s1 in _sentences(text):
        sent_index = len(out.sentences)
        out.sentences.append((unit.norm_of(s0), unit.norm_of(s1)))
        qs = [(unit.local[i], unit.quantities[i]) for i in sorted(order[bisect_left(locs, s0):bisect_left(locs, s1)])]
        sent = _Sentence(text, s0, s1, qs)
        first_change = len(out.changes)
        change_q = _changes(unit, text, s0, s1, qs, out, sent_index, offsets, sent)
        sent_facts: list[Fact] = []
        for loc, q in qs:
            if q.kind != "amount" or id(q) in change_q:
                continue
            for fact in _bind(unit, text, labels, s0, loc, q, sent_facts, lex, offsets, report_year,
                              qs, len(out.facts), sent_index, ctx, sent):
                out.facts.append(fact)
                sent_facts.append(fact)
        _shares(unit, text, s0, qs, sent_facts, out, lex, offsets, ctx)
        out.rates.extend(read_rates(text, qs, s0, sent_index, unit.norm_of, offsets))
        _link_changes(out, sent_index, sent_facts, qs, first_change)
    _breakdowns(unit, text, out, first_fact)


class _Labels:
    """The labels of a unit (in order, not overlapping) with their starts and ends for bisection."""

    __slots__ = ("ends", "found", "starts")

    def __init__(self, found: list[tuple[int, int, str, str]]) -> None:
        self.found = found
        self.starts = [x[0] for x in found]
        self.ends = [x[1] for x in found]

    def within(self, lo: int, hi: int) -> tuple[int, int]:
        """Index range of the labels with lo <= start and end <= hi."""
        a = bisect_left(self.starts, lo)
        return a, max(a, bisect_right(self.ends, hi))


class _UnitIndex:
    """Offsets of a unit's clause ends, found once: the clause a figure lies in by bisection."""

    __slots__ = ("clause_ends",)

    def __init__(self, text: str) -> None:
        self.clause_ends = [m.start() for m in _CLAUSE_END.finditer(text)]

    def clause_start(self, s0: int, loc: int) -> int:
        """Where the clause holding ``loc`` starts: just after the last clause end in [s0, loc), else s0."""
        i = bisect_left(self.clause_ends, loc) - 1
        return self.clause_ends[i] + 1 if i >= 0 and self.clause_ends[i] >= s0 else s0


class _Sentence:
    """A sentence's amounts, the years it names (not those of a comparison) and its stage words, in order."""

    __slots__ = ("amounts", "stage_ends", "stages", "year_locs", "years")

    def __init__(self, text: str, s0: int, s1: int, qs: list[tuple[int, Quantity]]) -> None:
        self.amounts = sorted(loc for loc, q in qs if q.kind == "amount")
        years = sorted(((loc, q) for loc, q in qs if q.kind == "year" and not text[loc + 5:loc + 8].startswith("相比")
                        and text[max(0, loc - 1):loc] not in ("较", "比", "与")), key=lambda x: x[0])
        self.year_locs = [loc for loc, _q in years]
        self.years = [q for _loc, q in years]
        # the stage words of the sentence (a fund name's 预算 is never one: the pattern needs 年初/调整/决算)
        found = list(_SENTENCE_STAGE.finditer(text, s0, s1))
        self.stages = [m.group() for m in found]
        self.stage_ends = [m.end() for m in found]

    def amounts_between(self, lo: int, hi: int) -> bool:
        """Whether an amount starts in [lo, hi)."""
        return bisect_left(self.amounts, hi) > bisect_left(self.amounts, lo)

    def year_before(self, pos: int) -> Quantity | None:
        """The last year written before ``pos`` in the sentence (not the year of a comparison)."""
        i = bisect_left(self.year_locs, pos)
        return self.years[i - 1] if i else None

    def stage_before(self, pos: int) -> str | None:
        """The last stage word (年初预算 / 调整预算 / 决算) that ends at or before ``pos``."""
        i = bisect_right(self.stage_ends, pos)
        return self.stages[i - 1] if i else None


def _year_before(sent: _Sentence, pos: int, fallback: int | None) -> tuple[int | None, Quantity | None]:
    """The year a fact at ``pos`` speaks of: the last year written before it in its sentence (not the year of
    a comparison, 与2023年相比), else the report's year."""
    year = sent.year_before(pos)
    return (int(year.value), year) if year is not None else (fallback, None)


def _qualifiers(text: str, ls: int, gap: str, clause_start: int, sent: _Sentence) -> tuple[str, ...]:
    before = _scrub_funds(text[max(clause_start, ls - 8):ls])
    gap = _scrub_funds(gap)
    found: list[str] = []
    for word in _QUALIFIERS:
        if (word in gap or word in before) and not any(word in f for f in found):
            found.append(word)
    if not any(w in found for w in _STAGE_WORDS):
        # 2024年决算总收入…，其中一般预算拨款收入…: the stage named earlier in the sentence holds for the list
        last = sent.stage_before(ls)
        if last is not None:
            found.append(last)
    return tuple(found)


def _scrub_funds(text: str) -> str:
    """Drop fund names so the 预算 inside 一般公共预算 is not read as a budget stage."""
    return text.replace("一般公共预算", "一般公共").replace("政府性基金预算", "政府性基金").replace("一般预算", "一般")


def _bind(unit: Unit, text: str, labels: _Labels, s0: int, loc: int, q: Quantity,
          sent_facts: list[Fact], lex: Lexicon, offsets: OffsetMap, report_year: int | None,
          qs: list[tuple[int, Quantity]], next_index: int, sent_index: int, ctx: _UnitIndex, sent: _Sentence
          ) -> list[Fact]:
    clause_start = ctx.clause_start(s0, loc)
    lo, hi = labels.within(s0, loc)      # the labels of the sentence before the figure
    near = labels.found
    chosen: list[tuple[int, int, str, str]] = []
    gap = ""
    if hi > lo:
        lab = near[hi - 1]
        gap = text[lab[1]:loc]
        if _GAP.fullmatch(gap) and not sent.amounts_between(lab[1], loc):
            chosen = [lab]
            if lab[2] in STAGE_LABELS and hi - lo > 1 and near[hi - 2][1] == lab[0]:
                subject = near[hi - 2]    # 公用经费调整预算数为…: the stage qualifies the label before it
                chosen = [(subject[0], lab[1], subject[2], subject[3])]
                gap = STAGE_LABELS[lab[2]] + gap
            if "均" in gap:
                chosen = _list_before(text, near, lo, hi) + chosen
    if not chosen:
        prefix = text[clause_start:loc]
        if sent_facts and _INHERIT.match(prefix):
            prev = sent_facts[-1]
            quals = tuple(w for w in _QUALIFIERS if w in prefix and w in ("预算", "决算", "年初预算", "调整预算"))
            return [evolve(_fact(unit, next_index, prev.label, prev.label_text, q, prev.year, quals, clause_start,
                                  loc, offsets, sent_index), year_start=prev.year_start)]
        return []
    facts = []
    prefix_label = chosen[0][3]
    for i, (ls, le, canon, written) in enumerate(chosen):
        if written in GENERIC and i > 0:
            for pre, mapping in FUNDING_PREFIX.items():
                if prefix_label.startswith(pre) and canon in mapping:
                    canon = mapping[canon]
        year, year_q = _year_before(sent, ls, report_year)
        quals = _qualifiers(text, ls, gap + written, clause_start, sent)
        facts.append(_fact(unit, next_index + i, canon, written, q, year, quals, ls, le, offsets, sent_index,
                           year_q.start if year_q is not None else None))
    return facts


def _list_before(text: str, near: list[tuple[int, int, str, str]], lo: int, hi: int
                 ) -> list[tuple[int, int, str, str]]:
    """The labels listed before near[hi - 1] (A、B和C均为…), among near[lo:hi]."""
    out: list[tuple[int, int, str, str]] = []
    i = hi - 1
    while i > lo and text[near[i - 1][1]:near[i][0]] in ("、", "和", "及", "与"):
        out.insert(0, near[i - 1])
        i -= 1
    return out


def _fact(unit: Unit, index: int, label: str, written: str, q: Quantity, year: int | None,
          quals: tuple[str, ...], ls: int, le: int, offsets: OffsetMap, sent_index: int,
          year_start: int | None = None) -> Fact:
    start = unit.norm_of(ls)
    return Fact(index=index, label=label, label_text=written, quantity=q, year=year, qualifiers=quals,
                paragraph=unit.paragraph, sentence=sent_index, section=unit.section, start=start,
                end=q.end, span=offsets.span(start, q.end), year_start=year_start)


def _changes(unit: Unit, text: str, s0: int, s1: int, qs: list[tuple[int, Quantity]], out: Extracted,
             sent_index: int, offsets: OffsetMap, sent: _Sentence) -> set[int]:
    used: set[int] = set()
    locs = [loc for loc, _q in qs]
    ordered = all(a <= b for a, b in pairwise(locs))
    for m in _CHANGE.finditer(text, s0, s1):
        # the two figures after the change word (qs is in text order: a bisection, not a pass over all)
        after = qs[bisect_left(locs, m.end()):][:2] if ordered else [(loc, q) for loc, q in qs if loc >= m.end()]
        if not after or after[0][0] - m.end() > 2:
            continue
        amount = percent = None
        pdir: str | None = None
        q = after[0][1]
        end_local = unit.local_of(q.end)
        if q.kind in ("amount", "count"):
            amount = q
            if len(after) > 1:
                loc2, q2 = after[1]
                lead = _PCT_LEAD.match(text[end_local:loc2])
                if q2.kind == "percent" and lead:
                    percent, pdir = q2, _DIRECTION.get(lead.group("dir") or "", None)
                    end_local = unit.local_of(q2.end)
        elif q.kind == "percent":
            percent = q
        else:
            continue
        points = text[end_local:end_local + 4].startswith(("个百分点", "百分点"))
        used.update(id(x) for x in (amount, percent) if x is not None)
        start = unit.norm_of(m.start())
        end = unit.norm_of(end_local)
        out.changes.append(Change(subjects=(), direction=_DIRECTION[m.group("dir")], amount=amount,
                                  percent=percent, percent_direction=pdir, points=points,
                                  sentence=sent_index, start=start, end=end, span=offsets.span(start, end),
                                  base=None if _RESPECTIVELY.search(m.group())
                                  else _base(unit, text, qs, m.start(), amount, ordered)))
    return used


def _base(unit: Unit, text: str, qs: list[tuple[int, Quantity]], at: int, amount: Quantity | None, ordered: bool
          ) -> Quantity | None:
    """The figure a change speaks of when it follows it directly: 参保人数36.52万人，较上年减少0.84万人;
    全国政府性基金收入52239亿元，比上年增加14704亿元 (an amount needs no known label: the change is its own)."""
    if amount is None or amount.kind not in ("count", "amount"):
        return None
    before: list[tuple[int, Quantity]] = []
    if ordered:   # the last figure ending by ``at``: walk back from the last one starting before it
        j = bisect_left(qs, at, key=lambda x: x[0]) - 1
        while j >= 0 and unit.local_of(qs[j][1].end) > at:
            j -= 1
        before = qs[j:j + 1] if j >= 0 else []
    else:
        before = [(loc, q) for loc, q in qs if unit.local_of(q.end) <= at]
    if not before:
        return None
    loc, q = before[-1]
    between = text[unit.local_of(q.end):at]
    if between.startswith(("）", ")")) and not between[1:].strip(" ，,"):
        # 转移支付331,275万元（其中一般性…、专项…），较上年减少40586万元: the figure before the brackets
        opening = max(text.rfind("（", 0, loc), text.rfind("(", 0, loc))
        inside = [(l, x) for l, x in qs if opening < l < loc]
        outside = [(l, x) for l, x in qs if l < opening and unit.local_of(x.end) <= opening]
        if opening < 0 or not inside or not outside or text[unit.local_of(outside[-1][1].end):opening].strip():
            return None
        loc, q = outside[-1]
        between = ""
    if _CHANGE_BEFORE.search(text, max(0, loc - 8), loc):
        return None      # 3.6亿元，较预算数减少0.94亿元，较上年减少0.13亿元: 0.94 is a change, not the subject
    same = q.unit == amount.unit if amount.kind == "count" else q.kind == "amount"
    if amount.kind == "amount" and "其中" in re.split(r"[。；;]", text[max(0, loc - 24):loc])[-1]:
        return None      # 支出730.10万元，其中维修100.00万元，较上年增加…: the change may be the head's
    return q if q.kind == amount.kind and same and not between.strip(" ，,") and not q.approx else None


class _LastBy(Generic[T]):
    """The last item (in list order) whose key is at most a limit: a bisection when the keys are sorted."""

    __slots__ = ("items", "keys", "ordered")

    def __init__(self, items: list[T], key: Callable[[T], int]) -> None:
        self.items = items
        self.keys = [key(x) for x in items]
        self.ordered = all(a <= b for a, b in pairwise(self.keys))

    def __call__(self, limit: int) -> T | None:
        if self.ordered:
            i = bisect_right(self.keys, limit)
            return self.items[i - 1] if i else None
        found = [x for x, k in zip(self.items, self.keys) if k <= limit]
        return found[-1] if found else None


def _link_changes(out: Extracted, sent_index: int, sent_facts: list[Fact], qs: list[tuple[int, Quantity]],
                  first_change: int) -> None:
    """Candidate subjects of each change: the nearest fact before it, then the head of the sentence.

    Only when the last figure before the change is a labelled fact: after an unlabelled amount
    (A项目100万元，较上年增加…) the subject is unknown and the change is not checked.
    The changes of this sentence are those added since ``first_change``.
    """
    if first_change == len(out.changes):
        return
    fact_q = {id(f.quantity) for f in sent_facts}
    last_fact = _LastBy(sent_facts, _quantity_end)
    last_amount = _LastBy([q for _loc, q in qs if q.kind == "amount"], _end)
    for i in range(first_change, len(out.changes)):
        ch = out.changes[i]
        if ch.sentence != sent_index or ch.subjects:
            continue
        last = last_fact(ch.start)
        amount = last_amount(ch.start)
        if last is None or amount is None or id(amount) not in fact_q:
            continue
        cands = [last.index]
        if sent_facts[0].index not in cands:   # the first fact ends before the last one does
            cands.append(sent_facts[0].index)
        out.changes[i] = _replace_subjects(ch, tuple(cands))


def _quantity_end(f: Fact) -> int:
    return f.quantity.end


def _end(q: Quantity) -> int:
    return q.end


def _replace_subjects(ch: Change, subjects: tuple[int, ...]) -> Change:
    return evolve(ch, subjects=subjects)


def _shares(unit: Unit, text: str, s0: int, qs: list[tuple[int, Quantity]], sent_facts: list[Fact],
            out: Extracted, lex: Lexicon, offsets: OffsetMap, ctx: _UnitIndex) -> None:
    last_fact = _LastBy(sent_facts, _quantity_end)
    for loc, q in qs:
        if q.kind != "percent":
            continue
        clause_start = ctx.clause_start(s0, loc)
        head = text[clause_start:loc]
        den: str | None = None
        m = _SHARE_IMPLICIT.search(head)
        if m is None:
            m = _SHARE_EXPLICIT.search(head)
            if m is None:
                continue
            written = m.group("den").strip()
            if _fold(written) not in lex.by_synonym:
                continue
            den = lex.canonical(_fold(written))
        share_start = clause_start + m.start()
        num = last_fact(unit.norm_of(share_start))
        if num is None:
            continue
        between = text[unit.local_of(num.quantity.end):share_start]
        if between.strip(" ，,") or num.label == den:
            continue
        start = unit.norm_of(share_start)
        out.shares.append(Share(numerator=num.index, percent=q, denominator_label=den, start=start, end=q.end,
                                span=offsets.span(start, q.end)))


def _fold(text: str) -> str:
    return text.replace('"', "“", 1).replace('"', "”", 1) if '"' in text else text


def _breakdowns(unit: Unit, text: str, out: Extracted, first: int) -> None:
    """Mark facts after 其中 as parts of the fact before it, and facts after 主要 as a partial list.

    A 其中 reaches to the next 。 and a 主要 to the end of its sentence; a later one inside a reach already
    marked adds nothing, so each fact is visited once per kind (facts sorted by start, a cursor each).
    """
    facts = out.facts[first:]
    if not facts:
        return
    by_start = sorted(facts, key=lambda f: (f.start, f.index))
    starts = [f.start for f in by_start]
    ends = [e for _s, e in _sentences(text)]
    cursor = {"其中": 0, "主要": 0}
    last_fact = _LastBy(facts, _quantity_end)
    for m in re.finditer(r"其中|主要(?:包括|有|是|为|用于)?", text):
        pos = unit.norm_of(m.start())
        if m.group() == "其中":
            last = last_fact(pos)
            if last is None:
                continue
            head = last.index
            stop = text.find("。", m.end())
            stop_norm = unit.norm_of(stop if stop >= 0 else len(text))
            i = max(cursor["其中"], bisect_right(starts, pos))
            while i < len(by_start) and by_start[i].start < stop_norm:
                f = out.facts[by_start[i].index]
                if f.in_breakdown_of is None and f.index != head:
                    out.facts[f.index] = evolve(f, in_breakdown_of=head)
                i += 1
            cursor["其中"] = max(cursor["其中"], i)
        else:
            k = bisect_right(ends, m.start())
            end = unit.norm_of(ends[k] if k < len(ends) else len(text))
            i = max(cursor["主要"], bisect_right(starts, pos))
            while i < len(by_start) and by_start[i].start < end:
                f = out.facts[by_start[i].index]
                out.facts[f.index] = evolve(f, partial=True)
                i += 1
            cursor["主要"] = max(cursor["主要"], i)
