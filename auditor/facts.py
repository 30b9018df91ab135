"""Bind quantities to labels (facts), and read shares (占…%) and year-over-year changes from the prose."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from auditor.labels import FUNDING_PREFIX, GENERIC, STAGE_LABELS, Lexicon
from auditor.model import Change, Fact, Quantity, Rate, Share
from auditor.rates import read_rates
from auditor.spans import OffsetMap

# Text allowed between a label and its figure: 基本支出为 / 支出决算数为 / 2024年度财政拨款 …
_GAP = re.compile(r"(?:[\s:：]|为|是|共|计|达|合计|共计|总计|总额|总数|金额|数|额|的|均|都|分别|决算|预算|"
                  r"年初|调整后?|财政拨款|资金|支出|实际|本年|全年|当年|累计|完成|(?:19|20)\d{2}年度?|"
                  r"[（(]本级[）)])*")
_QUALIFIERS = ("年初预算", "调整预算", "预算", "决算", "财政拨款", "一般公共预算", "政府性基金")
_STAGE_WORDS = ("年初预算", "调整预算", "预算", "决算")
_SENTENCE_STAGE = re.compile(r"(?<![较比与同超])(?:年初预算|调整预算|决算)")   # not 较年初预算: a comparison
_INHERIT = re.compile(r"^[\s，,]*(?:支出|收入)?(?:决算|预算|年初预算|调整预算)(?:数)?(?:为|是)?\s*$")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_CLAUSE_END = re.compile(r"[，,。！？!?；;]")
_GENERIC_OK_BEFORE = set("、，,（）()年度级局位门 ：:")
_CHANGE = re.compile(r"(?:较|比|与|同)(?:上年度?|去年|上一年度?|(?:19|20)\d{2}年度?)?(?:相比|同期)?(?:比)?"
                     r"[^，。；,;\d]{0,4}?(?P<dir>增加|减少|增长|下降|降低|上升|提高|减|增)了?")
_PCT_LEAD = re.compile(r"^[，,]?\s*(?:同比)?(?P<dir>增加|减少|增长|下降|降低|上升|提高|减|增)?了?"
                       r"(?:幅度|幅)?(?:为|达)?\s*$")
_DIRECTION = {"增加": "increase", "增长": "increase", "上升": "increase", "提高": "increase", "增": "increase",
              "减少": "decrease", "下降": "decrease", "降低": "decrease", "减": "decrease"}
_SHARE_IMPLICIT = re.compile(r"占(?:比)?(?:为|是)?\s*$")
_SHARE_EXPLICIT = re.compile(r"占(?P<den>[^，。；,;%\d占]{1,24}?)(?:的)?(?:比重|比例)?(?:为|是)?\s*$")


@dataclass(slots=True)
class Unit:
    """A run of text read as a whole: a paragraph or a heading title."""

    text: str
    parts: list[tuple[int, int]]
    paragraph: int
    section: int
    quantities: list[Quantity]
    local: list[int] = field(default_factory=list)   # local start of each quantity

    def local_of(self, norm: int) -> int:
        acc = 0
        for s, e in self.parts:
            if s <= norm <= e:
                return acc + norm - s
            acc += e - s
        return acc

    def norm_of(self, local: int) -> int:
        acc = 0
        for s, e in self.parts:
            if local <= acc + e - s:
                return s + local - acc
            acc += e - s
        return self.parts[-1][1]


@dataclass(slots=True)
class Extracted:
    facts: list[Fact] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)


def extract(units: list[Unit], lex: Lexicon, offsets: OffsetMap, report_year: int | None) -> Extracted:
    """Read facts, shares and changes from each unit in document order."""
    out = Extracted()
    for unit in units:
        _extract_unit(unit, lex, offsets, report_year, out)
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        bounds.append((start, m.end()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def _labels(text: str, lex: Lexicon) -> list[tuple[int, int, str, str]]:
    found: list[tuple[int, int, str, str]] = []
    for m in lex.pattern.finditer(text):
        written = m.group()
        if written in GENERIC and (m.start() > 0 and text[m.start() - 1] not in _GENERIC_OK_BEFORE
                                   or text.startswith(("决算", "预算"), m.end())):
            continue   # 的支出 / 支出决算为…: not a total of its own
        found.append((m.start(), m.end(), lex.canonical(written), written))
    return found


def _extract_unit(unit: Unit, lex: Lexicon, offsets: OffsetMap, report_year: int | None, out: Extracted) -> None:
    text = unit.text
    if not any(q.kind == "percent" for q in unit.quantities) and not any(q.kind == "amount" for q in unit.quantities):
        out.sentences.extend((unit.norm_of(a), unit.norm_of(b)) for a, b in _sentences(text))
        return    # nothing to bind: no figure and no share or change
    unit.local = [unit.local_of(q.start) for q in unit.quantities]
    labels = _labels(text, lex)
    first_fact = len(out.facts)
    for s0, s1 in _sentences(text):
        sent_index = len(out.sentences)
        out.sentences.append((unit.norm_of(s0), unit.norm_of(s1)))
        qs = [(loc, q) for loc, q in zip(unit.local, unit.quantities) if s0 <= loc < s1]
        change_q = _changes(unit, text, s0, s1, qs, out, sent_index, offsets)
        sent_facts: list[Fact] = []
        for loc, q in qs:
            if q.kind != "amount" or id(q) in change_q:
                continue
            for fact in _bind(unit, text, labels, s0, loc, q, sent_facts, lex, offsets, report_year,
                              qs, len(out.facts), sent_index):
                out.facts.append(fact)
                sent_facts.append(fact)
        _shares(unit, text, s0, qs, sent_facts, out, lex, offsets)
        out.rates.extend(read_rates(text, qs, s0, sent_index, unit.norm_of, offsets))
        _link_changes(out, sent_index, sent_facts, qs)
    _breakdowns(unit, text, out, first_fact)


def _year_before(text: str, qs: list[tuple[int, Quantity]], s0: int, pos: int, fallback: int | None
                 ) -> tuple[int | None, Quantity | None]:
    """The year a fact at ``pos`` speaks of: the last year written before it in its sentence (not the year of
    a comparison, 与2023年相比), else the report's year."""
    years = [q for loc, q in qs if q.kind == "year" and s0 <= loc < pos and not text[loc + 5:loc + 8].startswith("相比")
             and text[max(0, loc - 1):loc] not in ("较", "比", "与")]
    return (int(years[-1].value), years[-1]) if years else (fallback, None)


def _qualifiers(text: str, ls: int, gap: str, clause_start: int, s0: int) -> tuple[str, ...]:
    before = _scrub_funds(text[max(clause_start, ls - 8):ls])
    gap = _scrub_funds(gap)
    found: list[str] = []
    for word in _QUALIFIERS:
        if (word in gap or word in before) and not any(word in f for f in found):
            found.append(word)
    if not any(w in found for w in _STAGE_WORDS):
        # 2024年决算总收入…，其中一般预算拨款收入…: the stage named earlier in the sentence holds for the list
        stages = _SENTENCE_STAGE.findall(_scrub_funds(text[s0:ls]))
        if stages:
            found.append(stages[-1])
    return tuple(found)


def _scrub_funds(text: str) -> str:
    """Drop fund names so the 预算 inside 一般公共预算 is not read as a budget stage."""
    return text.replace("一般公共预算", "一般公共").replace("政府性基金预算", "政府性基金").replace("一般预算", "一般")


def _bind(unit: Unit, text: str, labels: list[tuple[int, int, str, str]], s0: int, loc: int, q: Quantity,
          sent_facts: list[Fact], lex: Lexicon, offsets: OffsetMap, report_year: int | None,
          qs: list[tuple[int, Quantity]], next_index: int, sent_index: int) -> list[Fact]:
    clause_start = max([m.end() for m in _CLAUSE_END.finditer(text, s0, loc)] or [s0])
    near = [lab for lab in labels if s0 <= lab[0] and lab[1] <= loc]
    chosen: list[tuple[int, int, str, str]] = []
    gap = ""
    if near:
        lab = near[-1]
        gap = text[lab[1]:loc]
        between_amounts = any(lab[1] <= l2 < loc for l2, x in qs if x is not q and x.kind == "amount")
        if _GAP.fullmatch(gap) and not between_amounts:
            chosen = [lab]
            if lab[2] in STAGE_LABELS and len(near) > 1 and near[-2][1] == lab[0]:
                subject = near[-2]        # 公用经费调整预算数为…: the stage qualifies the label before it
                chosen = [(subject[0], lab[1], subject[2], subject[3])]
                gap = STAGE_LABELS[lab[2]] + gap
            if "均" in gap:
                chosen = _list_before(text, near) + chosen
    if not chosen:
        prefix = text[clause_start:loc]
        if sent_facts and _INHERIT.match(prefix):
            prev = sent_facts[-1]
            quals = tuple(w for w in _QUALIFIERS if w in prefix and w in ("预算", "决算", "年初预算", "调整预算"))
            return [replace(_fact(unit, next_index, prev.label, prev.label_text, q, prev.year, quals, clause_start,
                                  loc, offsets, sent_index), year_start=prev.year_start)]
        return []
    facts = []
    prefix_label = chosen[0][3]
    for i, (ls, le, canon, written) in enumerate(chosen):
        if written in GENERIC and i > 0:
            for pre, mapping in FUNDING_PREFIX.items():
                if prefix_label.startswith(pre) and canon in mapping:
                    canon = mapping[canon]
        year, year_q = _year_before(text, qs, s0, ls, report_year)
        quals = _qualifiers(text, ls, gap + written, clause_start, s0)
        fact = _fact(unit, next_index + i, canon, written, q, year, quals, ls, le, offsets, sent_index)
        facts.append(replace(fact, year_start=year_q.start) if year_q is not None else fact)
    return facts


def _list_before(text: str, near: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    out: list[tuple[int, int, str, str]] = []
    i = len(near) - 1
    while i > 0 and text[near[i - 1][1]:near[i][0]] in ("、", "和", "及", "与"):
        out.insert(0, near[i - 1])
        i -= 1
    return out


def _fact(unit: Unit, index: int, label: str, written: str, q: Quantity, year: int | None,
          quals: tuple[str, ...], ls: int, le: int, offsets: OffsetMap, sent_index: int) -> Fact:
    start = unit.norm_of(ls)
    return Fact(index=index, label=label, label_text=written, quantity=q, year=year, qualifiers=quals,
                paragraph=unit.paragraph, sentence=sent_index, section=unit.section, start=start,
                end=q.end, span=offsets.span(start, q.end))


def _changes(unit: Unit, text: str, s0: int, s1: int, qs: list[tuple[int, Quantity]], out: Extracted,
             sent_index: int, offsets: OffsetMap) -> set[int]:
    used: set[int] = set()
    for m in _CHANGE.finditer(text, s0, s1):
        after = [(loc, q) for loc, q in qs if loc >= m.end()]
        if not after or after[0][0] - m.end() > 2:
            continue
        amount = percent = None
        pdir: str | None = None
        loc, q = after[0]
        end_local = loc + (q.end - q.start)
        if q.kind in ("amount", "count"):
            amount = q
            if len(after) > 1:
                loc2, q2 = after[1]
                lead = _PCT_LEAD.match(text[end_local:loc2])
                if q2.kind == "percent" and lead:
                    percent, pdir = q2, _DIRECTION.get(lead.group("dir") or "", None)
                    end_local = loc2 + (q2.end - q2.start)
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
                                  base=_base(text, qs, m.start(), amount)))
    return used


def _base(text: str, qs: list[tuple[int, Quantity]], at: int, amount: Quantity | None) -> Quantity | None:
    """The count a change speaks of when it follows it directly: 参保人数36.52万人，较上年减少0.84万人."""
    if amount is None or amount.kind != "count":
        return None
    before = [(loc, q) for loc, q in qs if loc + (q.end - q.start) <= at]
    if not before:
        return None
    loc, q = before[-1]
    between = text[loc + (q.end - q.start):at]
    return q if q.kind == "count" and q.unit == amount.unit and not between.strip(" ，,") and not q.approx else None


def _link_changes(out: Extracted, sent_index: int, sent_facts: list[Fact], qs: list[tuple[int, Quantity]]) -> None:
    """Candidate subjects of each change: the nearest fact before it, then the head of the sentence.

    Only when the last figure before the change is a labelled fact: after an unlabelled amount
    (A项目100万元，较上年增加…) the subject is unknown and the change is not checked.
    """
    fact_q = {id(f.quantity) for f in sent_facts}
    for i, ch in enumerate(out.changes):
        if ch.sentence != sent_index or ch.subjects:
            continue
        before = [f for f in sent_facts if f.quantity.end <= ch.start]
        amounts = [q for _loc, q in qs if q.kind == "amount" and q.end <= ch.start]
        if not before or not amounts or id(amounts[-1]) not in fact_q:
            continue
        cands = [before[-1].index]
        if before[0].index not in cands:
            cands.append(before[0].index)
        out.changes[i] = _replace_subjects(ch, tuple(cands))


def _replace_subjects(ch: Change, subjects: tuple[int, ...]) -> Change:
    from dataclasses import replace
    return replace(ch, subjects=subjects)


def _shares(unit: Unit, text: str, s0: int, qs: list[tuple[int, Quantity]], sent_facts: list[Fact],
            out: Extracted, lex: Lexicon, offsets: OffsetMap) -> None:
    for loc, q in qs:
        if q.kind != "percent":
            continue
        clause_start = max([m.end() for m in _CLAUSE_END.finditer(text, s0, loc)] or [s0])
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
        nums = [f for f in sent_facts if f.quantity.end <= unit.norm_of(share_start)]
        if not nums:
            continue
        num = nums[-1]
        between = text[unit.local_of(num.quantity.end):share_start]
        if between.strip(" ，,") or num.label == den:
            continue
        start = unit.norm_of(share_start)
        out.shares.append(Share(numerator=num.index, percent=q, denominator_label=den, start=start, end=q.end,
                                span=offsets.span(start, q.end)))


def _fold(text: str) -> str:
    return text.replace('"', "“", 1).replace('"', "”", 1) if '"' in text else text


def _breakdowns(unit: Unit, text: str, out: Extracted, first: int) -> None:
    """Mark facts after 其中 as parts of the fact before it, and facts after 主要 as a partial list."""
    facts = out.facts[first:]
    if not facts:
        return
    from dataclasses import replace
    for m in re.finditer(r"其中|主要(?:包括|有|是|为|用于)?", text):
        pos = unit.norm_of(m.start())
        if m.group() == "其中":
            heads = [f for f in facts if f.quantity.end <= pos]
            if not heads:
                continue
            head = heads[-1].index
            stop = text.find("。", m.end())
            stop_norm = unit.norm_of(stop if stop >= 0 else len(text))
            for f in facts:
                if pos < f.start < stop_norm and f.in_breakdown_of is None and f.index != head:
                    out.facts[f.index] = replace(out.facts[f.index], in_breakdown_of=head)
        else:
            end = unit.norm_of(next((e for s, e in _sentences(text) if s <= m.start() < e), len(text)))
            for f in facts:
                if pos < f.start < end:
                    out.facts[f.index] = replace(out.facts[f.index], partial=True)
        facts = out.facts[first:]
