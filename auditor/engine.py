"""The rule engine: Finding, the Rule interface, an explicit registry, and running rules over a report."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import field, replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar

from auditor.arith import fmt, fmt_grouped
from auditor.errors import TimeLimitError
from auditor.labels import Lexicon
from auditor.model import Quantity, Report
from auditor.records import dataclass
from auditor.spans import Span

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
CATEGORIES = ("number-format", "sum", "share", "change", "rate", "score", "count", "empty-section",
              "missing-section", "numbering", "text", "consistency")

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One reported contradiction, located in the original file."""

    rule: str
    name: str
    category: str
    severity: str
    message: str
    span: Span
    suggestion: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    fix: str | None = None        # replacement for the span, when the numbers pin the correction down
    also: tuple[Span, ...] = ()   # the same defect repeated at these places (reported once, here)
    related: tuple[Span, ...] = ()  # the other figures its arithmetic uses (a total's parts): SARIF relatedLocations
    # how sure the fix is (ruff's applicability): "safe" when it is certain (a garbled number its relations pin down),
    # "unsafe" when another figure may be the wrong one (a percentage recomputed from its amounts): `auditor fix`
    # applies unsafe fixes only with --unsafe-fixes
    applicability: str = "safe"


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """One figure of a linear relation Σ coef·figure = 0, as checked."""

    coef: int          # +1 or -1 once everything is moved to the left-hand side
    quantity: Quantity


@dataclass(frozen=True, slots=True, kw_only=True)
class Verified:
    """A relation that was checked and holds (shown with ``--verified``)."""

    rule: str
    category: str
    text: str
    span: Span
    terms: tuple[Term, ...] = ()   # for sums and differences: lets other rules solve for one figure
    related: tuple[Span, ...] = ()  # the other figures of the relation


@dataclass(frozen=True, slots=True, eq=False)
class Checked:
    """A relation a rule evaluated, kept so that a single wrong figure behind several failures can be found."""

    quantities: tuple[Quantity, ...]
    recheck: Callable[[Quantity, Decimal], bool]          # does it hold if this figure had that value?
    solve: Callable[[Quantity], Decimal | None]           # the value of a figure that makes it hold, if linear
    finding: Finding | None = None                        # set when the relation does not hold
    generic: bool = False       # read without labels (Report.relations): a labelled reading of the same figures wins
    # a reading too uncertain to decide alone (CONS003: one label, two values): it proposes the value a figure should
    # have and joins the one finding when that value also reconciles a relation that is not weak, never vetoes one
    weak: bool = False


class Context:
    """Per-report state shared by rules: memoized derived data and the relations found to hold."""

    def __init__(self, report: Report, options: Mapping[str, Any] | None = None) -> None:
        self.report = report
        self.options: Mapping[str, Any] = options or {}   # run options rules may read, e.g. {"profile": "hunan"}
        self.verified: list[Verified] = []
        self.relations: list[Checked] = []
        self.checked: dict[str, int] = {}
        self.rule_errors: list[str] = []     # rules that could not finish on this report: one line each
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    def holds(self, rule: Rule, text: str, span: Span, terms: tuple[Term, ...] = (),
              related: tuple[Span, ...] = ()) -> None:
        """Record a relation of ``rule`` that was checked and holds."""
        self.count(rule)
        self.verified.append(Verified(rule=rule.code, category=rule.category, text=text, span=span, terms=terms,
                                      related=related))

    def count(self, rule: Rule, n: int = 1) -> None:
        self.checked[rule.category] = self.checked.get(rule.category, 0) + n


def first_paragraph(text: str) -> tuple[str, str]:
    """A docstring or a YAML description split into its first paragraph, its lines joined into one line (no space
    between two Chinese characters), and the rest (lines stripped, blank lines between paragraphs kept)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    end = lines.index("") if "" in lines else len(lines)
    joined = ""
    for line in lines[:end]:
        joined += ("" if not joined or (_wide(joined[-1]) and _wide(line[0])) else " ") + line
    return joined, "\n".join(lines[end:]).strip()


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


class Rule:
    """Base class of all rules (Python and YAML share this interface).

    A subclass sets ``code``, ``name``, ``category``, ``severity`` and a docstring whose first paragraph is
    its description (one sentence or more, ending with a full stop), and implements :meth:`check`.
    """

    code: str = ""
    name: str = ""
    category: str = ""
    severity: str = "error"
    aliases: tuple[str, ...] = ()
    source: str = ""
    # a Chinese description the rule gives itself (a YAML pack's ``description_zh:``); the built-in rules' are in
    # auditor/data/i18n.yaml (auditor.i18n.description picks one)
    description_zh: str = ""
    phase: int = 0       # rules of a later phase see what earlier ones verified (ctx.verified)
    # {"pass": [{"text": ...}], "fail": [{"text": ..., "expect_line": 2, "quote": "..."}]}
    examples: Mapping[str, Sequence[Mapping[str, Any]]] = MappingProxyType({})

    @property
    def description(self) -> str:
        """The docstring's first paragraph, its lines joined into one."""
        return first_paragraph(type(self).__doc__ or "")[0]

    @property
    def details(self) -> str:
        """Everything after the docstring's first paragraph: what is checked and what is not."""
        return first_paragraph(type(self).__doc__ or "")[1]

    @property
    def notes(self) -> str:
        """The prose after the description (a YAML rule's details without its check)."""
        return self.details

    check_kind: str = ""      # a YAML rule's kind of check (relation, pattern …); "" for a Python rule

    @property
    def check_items(self) -> tuple[tuple[str, str], ...]:
        """A YAML rule's check as (field, value in plain text) pairs; () for a Python rule."""
        return ()

    def check(self, report: Report, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, message: str, span: Span, *, suggestion: str | None = None,
                evidence: dict[str, Any] | None = None, severity: str | None = None,
                fix: str | None = None, applicability: str = "safe", related: tuple[Span, ...] = ()) -> Finding:
        return Finding(rule=self.code, name=self.name, category=self.category,
                       severity=severity or self.severity, message=message, span=span,
                       suggestion=suggestion, evidence=evidence or {}, fix=fix, applicability=applicability,
                       related=related)


class RegistryError(ValueError):
    """Two rules share a code, a name or an alias, or a rule is malformed."""


class Registry:
    """An explicit, ordered collection of rules addressable by code, name or alias."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []
        self._by_key: dict[str, Rule] = {}
        self.lexicon: Lexicon | None = None     # labels to bind facts with: shipped plus those packs declare

    def add(self, rule: Rule) -> None:
        if rule.category not in CATEGORIES:
            raise RegistryError(f"{rule.code}: unknown category {rule.category!r}")
        if rule.severity not in SEVERITIES:
            raise RegistryError(f"{rule.code}: unknown severity {rule.severity!r}")
        for key in (rule.code, rule.name, *rule.aliases):
            if key in self._by_key:
                other = self._by_key[key]
                raise RegistryError(f"{key!r} is used by both {other.code} ({other.source}) and "
                                    f"{rule.code} ({rule.source})")
        self._rules.append(rule)
        for key in (rule.code, rule.name, *rule.aliases):
            self._by_key[key] = rule

    def get(self, key: str) -> Rule | None:
        return self._by_key.get(key)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)


@dataclass(slots=True)
class Result:
    """The findings of one report plus what was verified."""

    findings: list[Finding]
    verified: list[Verified]
    checked: dict[str, int]
    rule_errors: list[str] = field(default_factory=list)   # rules that stopped or failed (the others ran)


def run_rules(report: Report, rules: Iterable[Rule], options: Mapping[str, Any] | None = None) -> Result:
    """Run every rule on the report; findings sorted by position then rule code."""
    ctx = Context(report, options)
    findings: list[Finding] = []
    for rule in sorted(rules, key=lambda r: r.phase):
        try:
            findings.extend(rule.check(report, ctx))
        except TimeLimitError:        # the report's time is up: it fails as a whole (see auditor/dsl/regexes.py)
            raise
        except Exception as exc:      # one rule's bug must not cost the reviewer the other findings
            if os.environ.get("AUDITOR_STRICT"):
                raise
            ctx.rule_errors.append(f"rule {rule.code} ({rule.name}) failed: internal error "
                                   f"({type(exc).__name__}: {str(exc)[:80]}); please report it")
    try:
        findings = merge_culprits(findings, ctx.relations, report)
    except Exception:             # a relation's bug must not cost the report its findings: they stay unmerged
        if os.environ.get("AUDITOR_STRICT"):
            raise
    findings = merge_repeats(findings, report)
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule, f.message))
    return Result(findings=findings, verified=sorted(ctx.verified, key=lambda v: (v.span.start, v.rule)),
                  checked=dict(sorted(ctx.checked.items())), rule_errors=ctx.rule_errors)


def _same_figures(report: Report) -> dict[int, int]:
    """Quantity id -> id of the first statement of the same labelled figure (label, year, stage, value)."""
    first: dict[tuple[object, ...], int] = {}
    alias: dict[int, int] = {}
    for f in report.facts:
        q = f.quantity
        key = (f.label, f.year, tuple(sorted(f.qualifiers)), q.value, q.unit)
        alias[id(q)] = first.setdefault(key, id(q))
    return alias


def merge_repeats(findings: list[Finding], report: Report) -> list[Finding]:
    """One defect, one finding: the same finding (rule, message, suggestion and fix alike) at several places
    is reported once, at its first place, naming the others; a fix applies at every place."""
    first: dict[tuple[object, ...], int] = {}
    others: dict[int, list[Span]] = {}
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.span.start, f.span.end, f.rule)):
        key = (f.rule, f.severity, f.message, f.suggestion, f.fix)
        if key in first:
            others.setdefault(first[key], []).append(f.span)
            continue
        first[key] = len(kept)
        kept.append(f)
    for i, spans in others.items():
        f = kept[i]
        numbers = list(dict.fromkeys(report.lines.position(s.start)[0] for s in spans[:6]))
        lines = "、".join(map(str, numbers[:5])) + (f" 等共 {len(spans)} 处" if len(spans) > 5 else "")
        kept[i] = replace(f, message=f"{f.message}（同一问题另见第 {lines} 行）", also=tuple(spans))
    return kept


def _one_per_relation(relations: list[Checked], alias: dict[int, int]) -> tuple[list[Checked], set[int]]:
    """The same relation read twice (a labelled rule and the relation layer both read 基本支出 = 人员经费 + 公用经费)
    is one relation: one finding, one vote in the merge. The labelled reading is kept."""
    kept: dict[frozenset[int], Checked] = {}
    twins: set[int] = set()
    for c in sorted(relations, key=lambda c: c.generic):
        key = frozenset(alias.get(id(q), id(q)) for q in c.quantities)
        first = kept.setdefault(key, c)
        if first is not c and c.finding is not None:
            twins.add(id(c.finding))        # the first reading speaks for the relation, holding or not
    return list(kept.values()), twins


def merge_culprits(findings: list[Finding], relations: list[Checked], report: Report) -> list[Finding]:
    """Report one wrong figure once: when every failed relation a figure takes part in would hold with one
    value (and the relations that hold with it would still hold), the failures become one finding at that
    figure, naming the value that reconciles them all. A figure stated twice counts as one."""
    alias = _same_figures(report)
    relations, twins = _one_per_relation(relations, alias)
    if twins:
        findings = [f for f in findings if id(f) not in twins]
    failed = [c for c in relations if c.finding is not None]
    if len(failed) < 2:
        return findings
    involved: dict[int, list[tuple[Checked, Quantity]]] = {}
    for c in relations:
        for q in {id(q): q for q in c.quantities}.values():
            involved.setdefault(alias.get(id(q), id(q)), []).append((c, q))
    replaced: dict[int, Finding] = {}
    dropped: set[int] = set()
    labels: dict[int, str] = {}   # quantity id -> label of its first fact (looked up, not searched for)
    for f in report.facts:
        labels.setdefault(id(f.quantity), f.label_text)
    ranked = sorted(involved.values(), key=lambda pairs: -sum(c.finding is not None for c, _q in pairs))
    for pairs in ranked:
        open_fails = [(c, q) for c, q in pairs if c.finding is not None and id(c.finding) not in dropped]
        if len(open_fails) < 2 or all(c.weak for c, _q in open_fails):
            continue
        for value in dict.fromkeys(v for c, q in open_fails if (v := c.solve(q)) is not None):
            if any(value == q.value for _c, q in open_fails) or \
                    not all(c.recheck(q, value) for c, q in pairs if not c.weak):
                continue
            fails = [(c, q) for c, q in open_fails if not c.weak or c.recheck(q, value)]
            if len(fails) < 2:
                continue
            joined = {id(c) for c, _q in fails}
            members = list({id(q): q for c, q in pairs if not c.weak or id(c) in joined}.values())
            span_q = members[0]
            strong = [(c, q) for c, q in fails if not c.weak]      # a weak reading never speaks for the finding
            primary = next((c for c, q in strong if c.finding is not None and c.finding.span == q.span), strong[0][0])
            assert primary.finding is not None
            others = [c.finding for c, _q in fails if c is not primary and c.finding is not None]
            unit = "%" if span_q.unit == "%" else span_q.unit
            number = fmt_grouped(value, span_q.decimals) if "," in span_q.text else fmt(value, span_q.decimals)
            shown = f"{number}{unit}"
            label = labels.get(id(span_q), "")
            ev = primary.finding.evidence
            if not label and "table" in ev:
                label = f"表{ev['table']}第{ev.get('row')}行第{ev.get('column')}列 "
            lines = sorted({report.lines.position(q.span.start)[0] for q in members})
            where = f"（第 {'、'.join(map(str, lines))} 行）" if len(lines) > 1 else ""
            message = (f"{label}{span_q.text}{unit}{where}与 {len(fails)} 项关系不符，改为 {shown} 则全部成立："
                       + "；".join(c.finding.message for c, _q in sorted(fails, key=lambda cq: cq[0].weak)
                                  if c.finding is not None))
            replaced[id(primary.finding)] = Finding(
                rule=primary.finding.rule, name=primary.finding.name, category=primary.finding.category,
                severity=primary.finding.severity, message=message, span=span_q.span, suggestion=shown,
                evidence={**primary.finding.evidence, "culprit": span_q.text, "reconciling_value": str(value),
                          "also": [f"{f.rule}: {f.message}" for f in others]})
            dropped.update(id(f) for f in others)
            break
    return [replaced.get(id(f), f) for f in findings if id(f) not in dropped]
