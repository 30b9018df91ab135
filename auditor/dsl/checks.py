"""YAML rules at run time: relation, pattern, section and sequence checks behind the common Rule interface."""

from __future__ import annotations

import re
import string
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import regex

from auditor import rx
from auditor.arith import (
    UNITS,
    Interval,
    convert,
    convert_interval,
    exact,
    fmt,
    group_digits,
    in_yuan,
    printed,
    ratio_percent,
    stated_percent,
)
from auditor.dsl.expr import EvalError, Val, compare, evaluate, words
from auditor.dsl.regexes import RegexClock, RuleStopped, RuleTimer
from auditor.dsl.spec import RuleSpec
from auditor.engine import Checked, Context, Finding, Rule, Term, first_paragraph
from auditor.model import Fact, Heading, Quantity, Relation, Report
from auditor.relations import (
    change_subject,
    compatible,
    section_body,
    section_chain,
    share_denominator,
    stage,
    usable,
)
from auditor.spans import Span
from auditor.structure import STYLE_LEVEL

_SCALE = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
MAX_MATCHES = 100_000   # matches of one pattern in one region: beyond this a pattern is matching everything


class YamlRule(Rule):
    """A rule declared in a YAML pack."""

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        self.code = spec.id
        self.name = spec.name
        self.category = spec.category
        self.severity = spec.severity
        self.aliases = spec.aliases
        self.source = f"{spec.source}:{spec.line}"
        self.examples = spec.examples
        self.check_kind = spec.kind
        self.description_zh = first_paragraph(spec.description_zh)[0]

    @property
    def description(self) -> str:
        """The first paragraph of the rule's ``description:``, its lines joined into one."""
        return first_paragraph(self.spec.description)[0]

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        """Run the check with every regular expression search timed against the budgets of auditor/dsl/regexes.py.

        A rule out of time stops with a rule error (ctx.rule_errors: stderr, JSON, SARIF, exit 2; its findings so
        far are kept); a report out of
        time raises TimeLimitError, which fails that report alone.
        """
        clock = ctx.memo("dsl.regex-clock", RegexClock)
        try:
            yield from self.run(report, ctx, clock.timer(self.code))
        except RuleStopped as exc:
            ctx.rule_errors.append(f"rule {self.code} ({self.name}) stopped: {exc}; its findings before that are kept")

    def run(self, report: Report, ctx: Context, timer: RuleTimer) -> Iterator[Finding]:
        """The check itself; every regular expression search goes through ``timer``."""
        raise NotImplementedError

    @property
    def details(self) -> str:
        check = f"YAML {self.spec.kind} check: " + "; ".join(f"{k}: {v}" for k, v in self.check_items)
        return f"{self.notes}\n\n{check}" if self.notes else check

    @property
    def notes(self) -> str:
        """The later paragraphs of the rule's ``description:``."""
        return first_paragraph(self.spec.description)[1]

    @property
    def check_items(self) -> tuple[tuple[str, str], ...]:
        chk = self.spec.check
        shown = {k: v for k, v in chk.items() if v not in (None, [], {}) and k != "placeholder"}
        if self.spec.assertion is not None:
            shown["assert"] = self.spec.assertion.text
        return tuple((k, _plain(v)) for k, v in shown.items())

    def render(self, template: str | None, values: dict[str, str]) -> str | None:
        """Fill ``{name}`` placeholders from a flat mapping (no attribute access, no format specs)."""
        if template is None:
            return None
        out = []
        for literal, field, _spec, _conv in string.Formatter().parse(template):
            out.append(literal)
            if field is not None:
                out.append(values.get(field, "{" + field + "}"))
        return "".join(out)


def _plain(value: Any) -> str:
    """A check's value as text, not as Python: lists joined by commas, yes/no, a binding as name (field: value)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):       # a binding's own fields are set apart by semicolons: its labels are a list
        return ", ".join(f"{k} ({'; '.join(f'{f}: {_plain(x)}' for f, x in v.items())})" if isinstance(v, dict)
                         else f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    return str(value)


def _money(q: Quantity) -> Interval:
    return in_yuan(q.value, q.unit)


def _fact_val(f: Fact) -> Val:
    return Val(_money(f.quantity), "money")


def _shown(q: Quantity) -> str:
    return f"{q.text}{q.unit}"


class RelationRule(YamlRule):
    """relation: bind facts (or shares, changes) and assert an arithmetic relation between them."""

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        self._unless = regex.compile(spec.check["unless"]) if spec.check.get("unless") else None

    def run(self, report: Report, ctx: Context, timer: RuleTimer) -> Iterator[Finding]:
        bind: dict[str, dict[str, Any]] = self.spec.check["bind"]
        at: str = self.spec.check["at"]
        anchor_name = at.split(".")[0]
        sel = bind[anchor_name]
        if sel.get("object") == "share":
            yield from self._shares(report, ctx, anchor_name)
            return
        if sel.get("object") == "change":
            yield from self._changes(report, ctx, anchor_name)
            return
        if sel.get("object") == "rate":
            yield from self._rates(report, ctx, anchor_name)
            return
        unless = self._unless
        scope: str = self.spec.check["scope"]
        # each binding's candidates, indexed by where they lie: an anchor looks only at those in its scope
        pools = {name: _Pool(report, [f for f in report.facts if _matches(f, other, report, timer) and usable(f)],
                             scope)
                 for name, other in bind.items() if name != anchor_name}
        unless_seen: dict[tuple[int, int], bool] = {}
        # the same figure stated twice (in a summary and in its own section) binds the same parts twice:
        # judge each set of parts once, with the statement of the anchor nearest to them
        best: dict[tuple[object, ...], tuple[int, dict[str, Fact]]] = {}
        for anchor in report.facts:
            if not _matches(anchor, sel, report, timer) or not usable(anchor) or anchor.partial:
                continue
            if unless is not None and _scope_text(report, anchor, scope, unless, unless_seen, timer):
                continue
            env = {anchor_name: anchor}
            for name, other in bind.items():
                if name == anchor_name:
                    continue
                chosen = self._pick(pools[name], anchor, other, env)
                if chosen is None:
                    break
                env[name] = chosen
            else:
                others = tuple(sorted(f.index for n, f in env.items() if n != anchor_name))
                key = (others, anchor.quantity.value * _SCALE[anchor.quantity.unit])
                distance = sum(abs(f.start - anchor.start) for f in env.values())
                if key not in best or distance < best[key][0]:
                    best[key] = (distance, env)
        for _distance, env in sorted(best.values(), key=lambda x: x[1][anchor_name].start):
            finding = self._judge(report, ctx, _fact_builder(env), env, env[anchor_name].quantity)
            if finding is not None:
                yield finding

    def _pick(self, pool: _Pool, anchor: Fact, sel: dict[str, Any], env: dict[str, Fact]) -> Fact | None:
        near = pool.around(anchor)
        if near is None:
            return None      # more candidates in scope than MAX_CANDIDATES: too many to tell which is meant
        used = {f.index for f in env.values()}
        cands: list[Fact] = []
        value: Decimal | None = None
        for f in near:
            if f.index in used or not _year_ok(anchor, f, sel) or not _stage_ok(anchor, f, sel):
                continue
            mid = _money(f.quantity).mid
            if f.partial or (value is not None and mid != value):
                return None  # two different figures could be meant: precision first, say nothing
            value = mid
            cands.append(f)
        if not cands:
            return None
        return min(cands, key=lambda f: abs(f.start - anchor.start))

    def _evaluated(self, build: Builder) -> tuple[dict[str, Val], bool | None]:
        """The values ``build`` gives, and whether the assertion holds on them (None when it cannot be evaluated)."""
        cmp = self.spec.assertion
        assert cmp is not None
        vals = build({})

        def resolve(name: str, attr: str | None) -> Val:
            return vals[f"{name}.{attr}" if attr else name]

        try:
            return vals, compare(cmp.op, evaluate(cmp.left, resolve), evaluate(cmp.right, resolve))
        except EvalError:
            return vals, None

    def _judge(self, report: Report, ctx: Context, build: Builder, shown: dict[str, Any],
               at_q: Quantity, record: bool = True) -> Finding | None:
        cmp = self.spec.assertion
        assert cmp is not None
        vals, holds = self._evaluated(build)
        if holds is None:
            return None
        terms = _terms(cmp, shown)
        if holds and not ctx.options.get("verified"):
            # nobody will read the wording of a relation that holds: record it without rendering it
            ctx.holds(self, cmp.text, at_q.span, terms)
            if record:
                ctx.relations.append(Checked(quantities=_sources(shown), recheck=_rechecker(cmp, build),
                                             solve=_solver(terms)))
            return None
        # the other figures of the relation, for a reviewer to go to (JSON related, SARIF relatedLocations)
        related = tuple(dict.fromkeys(q.span for q in _sources(shown) if q is not at_q and q.span != at_q.span))
        # what is shown: the arithmetic on the printed figures themselves
        points = {k: Val(exact(v.iv.mid), v.dim, v.text) for k, v in vals.items()}

        def resolve_point(name: str, attr: str | None) -> Val:
            return points[f"{name}.{attr}" if attr else name]

        left, right = evaluate(cmp.left, resolve_point), evaluate(cmp.right, resolve_point)
        at = self.spec.check["at"]
        at_left = any((n if a is None else f"{n}.{a}") == at for n, a in _refs(cmp.left))
        other = right if at_left else left
        places = max([q.decimals for q in _quantities(shown)] or [2])
        texts = _texts(shown)
        texts.update({"lhs": _fmt_val(left, places, at_q), "rhs": _fmt_val(right, places, at_q),
                      "computed": _fmt_val(other, places, at_q), "expr": cmp.text})
        relation = self.render(self.spec.message, texts) or cmp.text
        finding = None
        if holds:
            ctx.holds(self, _equation(cmp, shown) or relation, at_q.span, terms, related)
        else:
            ctx.count(self)
            finding = self.finding(relation, at_q.span, suggestion=self.render(self.spec.suggest, texts),
                                   fix=self.render(self.spec.fix, texts), applicability=self.spec.fix_applicability,
                                   related=related,
                                   evidence={"relation": cmp.text, "lhs": texts["lhs"], "rhs": texts["rhs"],
                                             **{k: v for k, v in texts.items() if "." not in k and k not in
                                                ("lhs", "rhs", "computed", "expr")}})
        if record:
            ctx.relations.append(Checked(quantities=_sources(shown), recheck=_rechecker(cmp, build),
                                         solve=_solver(terms), finding=finding))
        return finding

    def _shares(self, report: Report, ctx: Context, name: str) -> Iterator[Finding]:
        for share in report.shares:
            num = report.facts[share.numerator]
            den = share_denominator(report, share, num)
            if den is None or not usable(num) or not usable(den):
                continue
            shown = {f"{name}.numerator": num, f"{name}.denominator": den, f"{name}.percent": share.percent}
            f = self._judge(report, ctx, _object_builder(shown), shown, share.percent)
            if f is not None:
                yield f

    def _rates(self, report: Report, ctx: Context, name: str) -> Iterator[Finding]:
        for rate in report.rates:
            shown = {f"{name}.numerator": rate.numerator, f"{name}.denominator": rate.denominator,
                     f"{name}.percent": rate.percent, f"{name}.name": rate.name}
            f = self._judge(report, ctx, _object_builder(shown), shown, rate.percent)
            if f is not None:
                yield f

    def _changes(self, report: Report, ctx: Context, name: str) -> Iterator[Finding]:
        cmp = self.spec.assertion
        assert cmp is not None
        if not any(attr in ("current", "last") for _n, attr in cmp.refs):
            yield from self._change_words(report, ctx, name)
            return
        for ch in report.changes:
            if ch.amount is None or ch.percent is None or ch.points or ch.amount.approx:
                continue
            if ch.percent_direction and ch.percent_direction != ch.direction:
                continue      # contradictory direction words: CHG002's business
            attempts = []
            subjects: list[Fact | Quantity] = list(change_subject(report, ch))
            if not subjects and ch.base is not None:
                subjects = [ch.base]
            for subj in subjects:
                sq = subj.quantity if isinstance(subj, Fact) else subj
                if (sq.kind == "amount") != (ch.amount.kind == "amount"):
                    continue
                build = _change_builder(name, sq, ch.amount, ch.percent, ch.direction)
                last = build({})[f"{name}.last"].iv
                shown = {f"{name}.current": subj, f"{name}.amount": ch.amount, f"{name}.percent": ch.percent,
                         f"{name}.last": (last, sq),
                         f"{name}.direction": _DIRECTION[ch.direction]}
                attempts.append((build, shown))
            if not attempts:
                continue
            sub = Context(report, ctx.options)
            if ctx.options.get("verified"):
                verdicts = [self._judge(report, sub, b, s, ch.percent, record=False) for b, s in attempts]
            else:
                # the wording of a failing reading is rendered only when no reading holds (and then only the
                # first, which is the one reported); a reading that cannot be evaluated (None) reports nothing
                held = [self._evaluated(b)[1] for b, _s in attempts]
                for (_b, s), h in zip(attempts, held, strict=True):
                    if h:
                        sub.holds(self, cmp.text, ch.percent.span, _terms(cmp, s))
                if any(h is not False for h in held):
                    verdicts = [None]
                else:
                    verdicts = [self._judge(report, sub, *attempts[0], ch.percent, record=False)]
            ctx.count(self)
            if any(v is None for v in verdicts):
                ctx.verified.extend(sub.verified)
                continue
            build, shown = attempts[0]
            ctx.relations.append(Checked(quantities=_sources(shown), recheck=_rechecker(self.spec.assertion, build),
                                         solve=lambda q: None, finding=verdicts[0]))
            yield verdicts[0]   # type: ignore[misc]

    def _change_words(self, report: Report, ctx: Context, name: str) -> Iterator[Finding]:
        """A change judged by its own words and figures, without the figure it changes (c.direction ==
        c.percent_direction): every change stating an amount and a percentage, each with its direction word."""
        for ch in report.changes:
            if ch.amount is None or ch.percent is None or ch.percent_direction is None or ch.points:
                continue
            shown: dict[str, Any] = {f"{name}.amount": ch.amount, f"{name}.percent": ch.percent,
                                     f"{name}.direction": _DIRECTION[ch.direction],
                                     f"{name}.percent_direction": _DIRECTION[ch.percent_direction]}
            said = {f"{name}.direction": words(shown[f"{name}.direction"]),
                    f"{name}.percent_direction": words(shown[f"{name}.percent_direction"])}
            f = self._judge(report, ctx, _with_words(_object_builder(shown), said), shown, ch.percent)
            if f is not None:
                yield f


Builder = Callable[[Mapping[int, Decimal]], dict[str, Val]]   # values, some figures replaced by id()

_DIRECTION = {"increase": "增加", "decrease": "减少"}


def _as(q: Quantity, override: Mapping[int, Decimal]) -> Decimal:
    """The figure's value, or the value assumed for it (kept to its printed precision)."""
    v = override.get(id(q))
    return q.value if v is None else v.quantize(Decimal(1).scaleb(-q.decimals))


def _val_of(q: Quantity, override: Mapping[int, Decimal]) -> Val:
    if q.kind == "amount":
        return Val(convert_interval(printed(_as(q, override)), q.unit, "元"), "money")
    if q.kind == "percent":
        return Val(_ratio(_as(q, override)), "ratio")
    return Val(exact(_as(q, override)), q.kind)


def _fact_builder(env: Mapping[str, Fact]) -> Builder:
    return lambda o: {k: _val_of(f.quantity, o) for k, f in env.items()}


def _object_builder(shown: Mapping[str, Any]) -> Builder:
    figures = {k: (v.quantity if isinstance(v, Fact) else v) for k, v in shown.items()
               if isinstance(v, (Fact, Quantity))}
    return lambda o: {k: _val_of(q, o) for k, q in figures.items()}


def _with_words(figures: Builder, said: dict[str, Val]) -> Builder:
    """A builder that gives the figures' values and the words ``said`` (which no figure changes)."""
    return lambda o: {**figures(o), **said}


def _change_builder(name: str, current: Quantity, amount: Quantity, percent: Quantity, direction: str) -> Builder:
    dim = "money" if current.kind == "amount" else "count"

    def figure(q: Quantity, o: Mapping[int, Decimal]) -> Interval:
        # a count of people stated as 36.52万人 is a rounded figure too: ± half a unit, in units
        if q.kind == "amount":
            return convert_interval(printed(_as(q, o)), q.unit, "元")
        iv = printed(_as(q, o))
        return iv.scale(Decimal(10000)) if q.unit.startswith("万") else iv.scale(Decimal(100000000)) \
            if q.unit.startswith("亿") else iv

    plain: list[dict[str, Val]] = []        # the values without any figure replaced: computed once

    def build(o: Mapping[int, Decimal]) -> dict[str, Val]:
        if not o and plain:
            return plain[0]
        cur, amt = figure(current, o), figure(amount, o)
        last = cur - amt if direction == "increase" else cur + amt
        out = {f"{name}.current": Val(cur, dim), f"{name}.amount": Val(amt, dim),
               f"{name}.last": Val(last, dim), f"{name}.percent": _val_of(percent, o)}
        if not o:
            plain.append(out)
        return out
    return build


def _sources(shown: Mapping[str, Any]) -> tuple[Quantity, ...]:
    return tuple(v.quantity if isinstance(v, Fact) else v for v in shown.values() if isinstance(v, (Fact, Quantity)))


def _rechecker(cmp: Any, build: Builder) -> Callable[[Quantity, Decimal], bool]:
    def recheck(q: Quantity, value: Decimal) -> bool:
        vals = build({id(q): value})
        try:
            return compare(cmp.op, evaluate(cmp.left, lambda n, a: vals[f"{n}.{a}" if a else n]),
                           evaluate(cmp.right, lambda n, a: vals[f"{n}.{a}" if a else n]))
        except EvalError:
            return False
    return recheck


def _solver(terms: tuple[Term, ...]) -> Callable[[Quantity], Decimal | None]:
    """For Σ coef·figure = 0: the value of one figure (in its own unit) that makes the relation exact."""
    def solve(q: Quantity) -> Decimal | None:
        mine = [t for t in terms if t.quantity is q]
        if len(mine) != 1:
            return None
        rest = sum((Decimal(t.coef) * convert(t.quantity.value, t.quantity.unit, q.unit)
                    for t in terms if t.quantity is not q), Decimal(0))
        return -rest / mine[0].coef
    return solve


def _plain_val(q: Quantity) -> Val:
    """A figure as a value: amounts in 元 (± half a unit), counts and scores as exact numbers."""
    if q.kind == "amount":
        return Val(_money(q), "money")
    return Val(exact(q.value), q.kind)


def _ratio(value: Decimal) -> Interval:
    iv = stated_percent(value)
    return Interval(iv.lo / 100, iv.hi / 100)


def _linear(node: tuple, sign: int = 1) -> list[tuple[int, str]] | None:
    """The node as a signed sum of plain references, or None when it is not one."""
    tag = node[0]
    if tag == "ref" and node[2] is None:
        return [(sign, node[1])]
    if tag == "neg":
        return _linear(node[1], -sign)
    if tag == "call" and node[1] == "sum":
        parts = [_linear(a, sign) for a in node[2]]
        return None if any(p is None for p in parts) else [t for p in parts for t in p]  # type: ignore[union-attr]
    if tag == "op" and node[1] in "+-":
        left, right = _linear(node[2], sign), _linear(node[3], sign if node[1] == "+" else -sign)
        return None if left is None or right is None else left + right
    return None


def _terms(cmp: Any, shown: dict[str, Any]) -> tuple[Term, ...]:
    if cmp.op != "==":
        return ()
    left, right = _linear(cmp.left), _linear(cmp.right)
    if left is None or right is None:
        return ()
    terms = [(c, n) for c, n in left] + [(-c, n) for c, n in right]
    if not all(isinstance(shown.get(n), Fact) for _c, n in terms):
        return ()
    return tuple(Term(coef=c, quantity=shown[n].quantity) for c, n in terms)


def _equation(cmp: Any, shown: dict[str, Any]) -> str | None:
    """``基本支出 1,7221.85 = 人员经费 16457.93 + 公用经费 763.92``: the relation with its figures."""
    left, right = _linear(cmp.left), _linear(cmp.right)
    if left is None or right is None:
        return None

    def side(terms: list[tuple[int, str]]) -> str:
        out = ""
        for i, (c, n) in enumerate(terms):
            f = shown.get(n)
            if not isinstance(f, Fact):
                return ""
            piece = f"{f.label_text} {f.quantity.text}{f.quantity.unit}"
            out += (piece if i == 0 and c > 0 else (" + " if c > 0 else " − ") + piece) if i else \
                (piece if c > 0 else "− " + piece)
        return out

    lhs, rhs = side(left), side(right)
    return f"{lhs} {'=' if cmp.op == '==' else cmp.op} {rhs}" if lhs and rhs else None


def _refs(node: tuple) -> list[tuple[str, str | None]]:
    tag = node[0]
    if tag == "ref":
        return [(node[1], node[2])]
    if tag in ("num", "str"):
        return []
    if tag == "neg":
        return _refs(node[1])
    if tag == "call":
        return [r for arg in node[2] for r in _refs(arg)]
    return _refs(node[2]) + _refs(node[3])


def _quantities(shown: dict[str, Any]) -> list[Quantity]:
    out = []
    for v in shown.values():
        if isinstance(v, Fact):
            out.append(v.quantity)
        elif isinstance(v, Quantity):
            out.append(v)
    return out


def _texts(shown: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, v in shown.items():
        if isinstance(v, Fact):
            out[key] = _shown(v.quantity)
            out[f"{key}.label"] = v.label_text
            out[f"{key}.value"] = v.quantity.text
            out[f"{key}.unit"] = v.quantity.unit
            out[f"{key}_label"] = v.label_text
        elif isinstance(v, Quantity):
            out[key] = f"{v.text}{v.unit}" if v.unit != "%" else f"{v.text}%"
            out.setdefault(f"{key}_label", "")
        elif isinstance(v, tuple):
            iv, q = v
            out[key] = f"{fmt(_in_own_unit(iv, q).mid, q.decimals)}{q.unit}"
        else:
            out[key] = str(v)
    return out


def _in_own_unit(iv: Interval, q: Quantity) -> Interval:
    """A value computed in base units (元, persons) expressed in the unit the figure is printed in."""
    if q.kind == "amount":
        return convert_interval(iv, "元", q.unit)
    if q.unit.startswith("万"):
        return iv.scale(Decimal("0.0001"))
    if q.unit.startswith("亿"):
        return iv.scale(Decimal("0.00000001"))
    return iv


def _fmt_val(v: Val, places: int, at_q: Quantity) -> str:
    if v.dim == "text":
        return v.text
    if v.dim == "ratio":
        return f"{fmt(v.iv.mid * 100, max(2, at_q.decimals if at_q.unit == '%' else 2))}%"
    if v.dim == "money":
        unit = at_q.unit if at_q.unit in ("元", "万元", "亿元") else "万元"
        return f"{fmt(convert_interval(v.iv, '元', unit).mid, places)}{unit}"
    return fmt(v.iv.mid, places)


def _matches(f: Fact, sel: dict[str, Any], report: Report, timer: RuleTimer) -> bool:
    if "label" in sel and f.label not in sel["label"]:
        return False
    if sel.get("label_pattern") and not timer(regex.search, sel["label_pattern"], f.label_text):
        return False
    want = sel.get("stage")
    if want and want != "any" and stage(f) != want:
        return False
    year = sel.get("year")
    if year == "report" and report.year is not None and f.year != report.year:
        return False
    return not (year == "previous" and report.year is not None and f.year != report.year - 1)


def _year_ok(anchor: Fact, f: Fact, sel: dict[str, Any]) -> bool:
    if sel.get("year") in ("any", "previous", "report"):
        return True
    return anchor.year is None or f.year is None or anchor.year == f.year


def _stage_ok(anchor: Fact, f: Fact, sel: dict[str, Any]) -> bool:
    if sel.get("stage"):
        return True
    return compatible(anchor, f) if sel.get("year") not in ("any", "previous") else stage(anchor) == stage(f) or \
        stage(anchor) is None or stage(f) is None


def _scope_text(report: Report, anchor: Fact, scope: str, pattern: regex.Pattern[str],
                seen: dict[tuple[int, int], bool], timer: RuleTimer) -> bool:
    """Whether ``unless`` matches the text of the anchor's scope (then the relation is not checked).

    ``seen`` remembers the answer per range: anchors sharing a scope search its text once.
    """
    if scope == "report":
        start, end = 0, len(report.text)
    elif scope in ("sentence", "paragraph") or anchor.paragraph < 0:
        start, end = report.sentences[anchor.sentence]
    else:
        chain = section_chain(report, anchor.section)
        start, end = (chain[0].start, chain[0].end) if chain else (0, len(report.text))
    if (start, end) not in seen:
        seen[start, end] = timer(pattern.search, report.text, start, end) is not None
    return seen[start, end]


MAX_CANDIDATES = 64   # a binding with more facts of its kind in the anchor's scope is not judged


class _Pool:
    """The facts a binding may take, indexed by the scope they lie in (sections by bisection, the rest by key).

    ``around(anchor)`` gives those in the anchor's scope (same sentence, paragraph, or a section of the
    anchor's subtree) in document order without looking at the others; None when there are more than
    MAX_CANDIDATES of them.
    """

    def __init__(self, report: Report, facts: list[Fact], scope: str) -> None:
        self.report, self.scope, self.facts = report, scope, facts
        self.by_key: dict[int, list[Fact]] = {}
        self.by_sentence: dict[int, list[Fact]] = {}
        if scope in ("sentence", "paragraph"):
            for f in facts:
                self.by_sentence.setdefault(f.sentence, []).append(f)
                if scope == "paragraph":
                    self.by_key.setdefault(f.paragraph, []).append(f)
        self.sorted = sorted(facts, key=lambda f: (f.section, f.index))
        self.sections = [f.section for f in self.sorted]

    def around(self, anchor: Fact) -> list[Fact] | None:
        if self.scope == "report":
            found = self.facts
        elif self.scope == "sentence" or (self.scope == "paragraph" and anchor.paragraph < 0):
            found = self.by_sentence.get(anchor.sentence, [])
        elif self.scope == "paragraph":
            found = self.by_key.get(anchor.paragraph, [])
        else:
            sections = self.report.sections
            if not 0 <= anchor.section < len(sections):
                return []
            sec = sections[anchor.section]
            lo = bisect_left(self.sections, sec.index)
            hi = bisect_right(self.sections, sec.last, lo=lo)
            if hi - lo > MAX_CANDIDATES:
                return None
            return sorted(self.sorted[lo:hi], key=lambda f: f.index)
        return found if len(found) <= MAX_CANDIDATES else None


class PatternRule(YamlRule):
    """pattern: a regular expression over normalized text, optionally within headings, paragraphs or a section."""

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        self._pattern = regex.compile(spec.check["regex"])
        self._unless = [regex.compile(p) for p in spec.check["unless"]]
        self._section = regex.compile(spec.check["section"]) if spec.check.get("section") else None

    def run(self, report: Report, ctx: Context, timer: RuleTimer) -> Iterator[Finding]:
        chk = self.spec.check
        unless = self._unless
        lines = _Lines(report.text)
        for start, end in _regions(report, chk["in"], self._section, timer):
            ctx.count(self)
            # the matches first, timed on their own; then the findings (their time is not regex time).
            # When the rule runs out of time, the matches found before that are still reported.
            found: list[tuple[int, int, str, str]] = []
            stopped: RuleStopped | None = None
            try:
                timer(_matches_in, self._pattern, report.text, start, end, chk["group"], found)
            except RuleStopped as exc:
                stopped = exc
            for s, e, group1, group2 in found:
                line_text, excused = lines.around(s, e, unless, timer)
                if excused:
                    continue
                values = {"match": report.text[s:e], "line_text": line_text, "group1": group1, "group2": group2}
                yield self.finding(self.render(self.spec.message, values) or "", report.span_of(s, e),
                                   suggestion=self.render(self.spec.suggest, values),
                                   fix=self.render(self.spec.fix, values), applicability=self.spec.fix_applicability,
                                   evidence={"match": values["match"]})
            if stopped is not None:
                raise stopped


def _matches_in(pattern: regex.Pattern[str], text: str, start: int, end: int, group: int | str,
                out: list[tuple[int, int, str, str]], *, timeout: float) -> None:
    """Append the span of ``group`` (non-empty) and groups 1 and 2 of every match in text[start:end] to ``out``."""
    for m in pattern.finditer(text, start, end, timeout=timeout):
        s, e = m.span(group)
        if s < 0 or s == e:
            continue
        out.append((s, e, (m.group(1) or "") if m.re.groups >= 1 else "",
                    (m.group(2) or "") if m.re.groups >= 2 else ""))
        if len(out) > MAX_MATCHES:
            raise RuleStopped(f"more than {MAX_MATCHES:,} matches in one part of the report")


class _Lines:
    """The lines of the normalized text around a match, each sliced and tested against ``unless`` once
    (many matches on one long line do not each copy and search it again)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines: list[int] | None = None
        self.seen: dict[tuple[int, int], tuple[str, bool]] = {}

    def around(self, s: int, e: int, unless: list[regex.Pattern[str]], timer: RuleTimer) -> tuple[str, bool]:
        """The text from the line holding ``s`` to the end of the line holding ``e``, and whether an
        ``unless`` pattern matches it."""
        if self.newlines is None:
            self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        nl = self.newlines
        i = bisect_left(nl, s)          # the first newline at or after s ends s's line
        line_start = nl[i - 1] + 1 if i else 0
        j = bisect_left(nl, e)          # text.find("\n", e)
        line_end = nl[j] if j < len(nl) else len(self.text)
        key = (line_start, line_end)
        if key not in self.seen:
            line_text = self.text[line_start:line_end]
            self.seen[key] = (line_text, any(timer(u.search, line_text) for u in unless))
        return self.seen[key]


def _regions(report: Report, where: str, title: regex.Pattern[str] | None, timer: RuleTimer
             ) -> list[tuple[int, int]]:
    if where == "text":
        return [(0, len(report.text))]
    if where == "headings":
        return [(h.start, h.end) for h in report.headings]
    if where == "paragraphs":
        return [part for p in report.paragraphs for part in p.parts]
    assert title is not None
    return [(s.start, s.end) for s in report.sections
            if s.heading is not None and timer(title.search, s.heading.title)]


def _titled(m: regex.Match[str] | None, title: str) -> bool:
    """Whether a heading's title match names the section: not words at the end of a numbered statement
    (（六）围绕省委工作部署，收集信息，…，提出意见建议。 is a duty, not a 意见建议 section)."""
    return m is not None and not _CLAUSE_MARK.search(title, 0, m.start())


_CLAUSE_MARK = rx.compile(r"[，,。；;]")


class SectionRule(YamlRule):
    """section: a section chosen by title must exist, must not be empty or a placeholder, or must come first."""

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        chk = spec.check
        self._title = regex.compile(chk["title"])
        self._unless = regex.compile(chk["unless_title"]) if chk.get("unless_title") else None
        self._placeholder = regex.compile(chk["placeholder"])
        self._before = regex.compile(chk["before"]) if chk.get("before") else None

    def run(self, report: Report, ctx: Context, timer: RuleTimer) -> Iterator[Finding]:
        chk = self.spec.check
        title, unless = self._title, self._unless
        hits = [s for s in report.sections if s.heading is not None and not s.heading.is_item
                and _titled(timer(title.search, s.heading.title), s.heading.title)
                and not (unless and timer(unless.search, s.heading.title))]
        require = chk["require"]
        if require == "exists":
            ctx.count(self)
            if not hits and report.headings:
                yield self.finding(self.render(self.spec.message, {"title": chk["title"], "body": ""}) or "",
                                   Span(0, 0))
            return
        if require == "before":
            later = self._before
            assert later is not None
            # where the first heading matching ``before`` starts: a hit after it has one before it
            first = min((o.start for o in report.headings if timer(later.search, o.title)), default=None) \
                if hits else None
            for sec in hits:
                ctx.count(self)
                h = sec.heading
                assert h is not None
                if first is not None and first < h.start:
                    yield self.finding(self.render(self.spec.message, {"title": h.title, "body": ""}) or "", h.span)
            return
        placeholder = self._placeholder
        last_of: dict[str, int] = {}      # title -> where its last heading starts
        for o in report.headings:
            last_of[o.title] = max(o.start, last_of.get(o.title, o.start))
        for sec in hits:
            h = sec.heading
            assert h is not None
            if last_of.get(h.title, h.start) > h.start:
                continue      # a table-of-contents entry: the section itself comes later
            ctx.count(self)
            body = section_body(report, sec)
            if timer(placeholder.match, body):
                values = {"title": h.title, "body": body.strip() or "（空）"}
                yield self.finding(self.render(self.spec.message, values) or "", h.span,
                                   suggestion=self.render(self.spec.suggest, values),
                                   evidence={"title": h.title, "body": body.strip()})
            else:
                ctx.holds(self, f"「{h.title}」有实质内容", h.span)


class SequenceRule(YamlRule):
    """sequence: heading markers of the given styles must number 1, 2, 3 … without gaps or repeats."""

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        mm = spec.check.get("missing_marker")
        self._missing = regex.compile(mm) if mm else None

    def run(self, report: Report, ctx: Context, timer: RuleTimer) -> Iterator[Finding]:
        chk = self.spec.check
        styles = set(chk["styles"])
        groups: dict[tuple[int, str], list[Heading]] = {}
        for sec in report.sections:
            for child in sec.children:
                h = child.heading
                # a template section promoted to the top level (3、 for 三、) is NUMB001's business
                if h is not None and h.style in styles and h.number is not None and \
                        h.level == STYLE_LEVEL.get(h.style, h.level):
                    key = (0 if chk["within"] == "document" else sec.index,
                           "*" if chk["mixed_styles"] else h.style)
                    groups.setdefault(key, []).append(h)
        for heads in groups.values():
            heads.sort(key=lambda h: h.start)
            yield from self._one_list(report, ctx, heads, timer)

    def _one_list(self, report: Report, ctx: Context, heads: list[Heading], timer: RuleTimer) -> Iterator[Finding]:
        chk = self.spec.check
        counts: dict[str, int] = {}
        for h in heads:
            counts[h.style] = counts.get(h.style, 0) + 1
        major = max(counts, key=lambda k: (counts[k], k))
        expected = chk["start"]
        prev: Heading | None = None
        notes = [m.end for m in report.markers if m.kind == "note" and m.style in counts]
        for h in heads:
            ctx.count(self)
            n = h.number or 0
            if prev is not None and bisect_left(notes, prev.end) < bisect_left(notes, h.start):
                # 注：1.…⏎2.… between: a table's notes, a list of their own that this one goes on (its first item
                # without a heading's marker: nothing before it can be told)
                prev, expected = None, 2
            # the expected marker in the list's own style: （三） after （二）, 3. after 2.
            shown = _marker_like(report, prev if prev is not None else h, expected)
            before = _written(report, prev) if prev is not None else ""
            # {place}: where the marker stands, never empty (a list's first marker has no previous one to name)
            values: dict[str, str] = {"marker": _written(report, h), "expected": shown,
                                      "previous": before, "line_text": "", "kind": "",
                                      "place": f"“{before}”之后" if prev else "本级第一个编号"}
            if prev is not None and n == prev.number and "repeat" in chk["report"]:
                yield self._emit(h.marker_span or h.span, {**values, "kind": "编号重复"})
            elif n > expected and "gap" in chk["report"] and prev is not None and n == expected + 1:
                line = self._unmarked_line(report, prev, h, timer)
                if line is not None:
                    start, end = line
                    text = report.text[start:end]
                    yield self._emit(report.span_of(start, end),
                                     {**values, "kind": "此行缺少编号", "line_text": text,
                                      "marker": text, "expected": _marker_like(report, prev, expected)},
                                     suggestion=_marker_like(report, prev, expected) + text)
                else:
                    yield self._emit(h.marker_span or h.span, {**values, "kind": "编号跳号"})
            elif n > expected and "gap" in chk["report"] and prev is not None and \
                    not _rows_carry(report, prev, h, set(range(expected, n))):
                # a list whose first marker is not 1 is not reported: the list may go on from another
                # section or page, and there is no previous marker to name
                yield self._emit(h.marker_span or h.span, {**values, "kind": "编号跳号"})
            elif n == expected and h.style != major and counts[h.style] < counts[major] and "style" in chk["report"]:
                like = next(x for x in heads if x.style == major)
                yield self._emit(h.marker_span or h.span,
                                 {**values, "kind": "编号格式不一致", "expected": _marker_like(report, like, n)},
                                 suggestion=_marker_like(report, like, n))
            expected = n + 1 if n >= expected or n == 1 else expected
            prev = h

    def _emit(self, span: Span, values: dict[str, str], suggestion: str | None = None) -> Finding:
        return self.finding(self.render(self.spec.message, values) or "", span,
                            suggestion=suggestion or self.render(self.spec.suggest, values),
                            evidence={"marker": values["marker"], "expected": values["expected"],
                                      "kind": values["kind"]})

    def _unmarked_line(self, report: Report, prev: Heading, nxt: Heading, timer: RuleTimer
                       ) -> tuple[int, int] | None:
        """A line between two numbered siblings that looks like the missing sibling (missing_marker)."""
        if self._missing is None:
            return None
        paras = report.paragraphs
        for k in range(bisect_left(paras, prev.end, key=lambda p: p.start), len(paras)):   # in text order
            p = paras[k]
            if p.start >= nxt.start:
                break
            if prev.end <= p.start < nxt.start and len(p.parts) == 1:
                text = p.text.strip()
                if timer(self._missing.search, text):
                    return p.start, p.start + len(text)
        return None


def _rows_carry(report: Report, a: Heading, b: Heading, numbers: set[int]) -> bool:
    """Whether a numbered line read as a table row or 目录 entry between two headings, in the same style
    family, carries one of the numbers (the list then goes on through it: no gap can be told)."""
    return any(m.number in numbers and STYLE_LEVEL.get(m.style) == STYLE_LEVEL.get(a.style)
               for m in report.markers_in(a.end, b.start))


def _written(report: Report, h: Heading) -> str:
    """A heading's marker as the document prints it (（４）, not the normalized （4））."""
    from auditor.rules.outline import as_written
    return as_written(report, h)


def _marker_like(report: Report, model: Heading, n: int) -> str:
    """A marker in the style of ``model``, as the document writes it, with number ``n``: （2） for （1）, 三、 for 一、."""
    from auditor.rules.outline import as_written, marker_like
    return marker_like(as_written(report, model), model.style, model.number, n)


class JudgedRule(YamlRule):
    """judged: report the relations of the model (Report.relations, read and judged once by auditor/columns.py
    and auditor/statements.py) of the given kinds and sources that do not hold; record those that do."""

    def run(self, report: Report, ctx: Context, timer: RuleTimer) -> Iterator[Finding]:
        chk = self.spec.check
        kinds, sources, only = set(chk["kinds"]), set(chk["sources"]), chk.get("only")
        for rel in report.relations:
            if rel.kind not in kinds or rel.source not in sources:
                continue
            related = tuple(t.span for t in rel.terms if t is not rel.result)
            if rel.holds:
                ctx.holds(self, f"{rel.scope} {rel.text}", rel.span, related=related)
                ctx.relations.append(_checked(rel, None))
                continue
            ctx.count(self)
            slip = slip_of(rel.result.text, rel.computed)
            computed = group_digits(rel.computed) if "," in rel.result.text else rel.computed   # 49,239 beside 48,239
            text = rel.text
            in_unit = unit_slip(rel)
            if in_unit is not None:     # 0.10亿元 + 0.30亿元 against 0.40元: the head's unit is the slip
                slip, computed = "疑为单位错误", f"{rel.result.text}{in_unit[0]}"
                text = f"{text.rpartition(' = ')[0]} = {in_unit[1]}{in_unit[0]}"
            if only == "slip" and not slip:
                continue
            values = {"scope": rel.scope, "text": text, "stated": rel.result.text, "unit": rel.result.unit,
                      "computed": computed, "slip": slip, "slip_note": f"（{slip}）" if slip else ""}
            suggestion = self.render(self.spec.suggest, values)
            finding = self.finding(self.render(self.spec.message, values) or rel.text, rel.span,
                                   suggestion=suggestion,
                                   # the computed figure replaces the stated one: unsafe, a term may be the wrong figure
                                   # (no fix for a unit slip: the unit, not the figure, is wrong)
                                   fix=_judged_fix(report, rel, suggestion) if in_unit is None else None,
                                   applicability="unsafe", related=related,
                                   evidence={"relation": rel.kind, "source": rel.source, "scope": rel.scope,
                                             "stated": rel.result.text, "computed": rel.computed,
                                             "terms": [t.text for t in rel.terms], "applicability": "unsafe",
                                             **({"slip": slip} if slip else {})})
            ctx.relations.append(_checked(rel, finding))
            yield finding


_FIGURE = rx.compile(r"[-−]?[\d,]+(?:\.\d+)?%?")


def _judged_fix(report: Report, rel: Relation, suggestion: str | None) -> str | None:
    """The suggested figure as the replacement of the stated one, printed as it is (with its % when the stated figure
    has one); None when the suggestion is no bare figure."""
    if not suggestion or not _FIGURE.fullmatch(suggestion):
        return None
    stated = report.original[rel.span.start:rel.span.end]
    figure = suggestion.rstrip("%")
    sign = stated.rstrip()[-1:]
    return figure + sign if sign in ("%", "％") else figure


def _unit(unit: str) -> str:
    """A table cell has no unit of its own: its table's, the same for every cell, read as 元."""
    return unit if unit in UNITS else "元"


def _checked(rel: Relation, finding: Finding | None) -> Checked:
    """The relation as the engine's one-wrong-figure merge sees it: which value of one of its figures would make it
    hold (a sum and a ratio are solved for any figure), and whether it holds with a figure changed."""
    terms = tuple(rel.terms)
    signs = rel.term_signs() if rel.kind in ("sum", "difference") else ()

    def value(q: Quantity, override: Quantity | None, v: Decimal | None) -> Interval:
        return printed(v.quantize(Decimal(1).scaleb(-q.decimals)) if q is override and v is not None else q.value)

    def recheck(q: Quantity, v: Decimal) -> bool:
        if rel.kind in ("sum", "difference"):
            total = printed(Decimal(0))
            for sign, t in zip(signs, terms, strict=True):
                iv = convert_interval(value(t, q, v), _unit(t.unit), "元")
                total = total + iv if sign > 0 else total - iv
            return total.overlaps(convert_interval(value(rel.result, q, v), _unit(rel.result.unit), "元"))
        if rel.kind == "ratio" and len(terms) == 2:
            num, base = (convert_interval(value(t, q, v), _unit(t.unit), "元") for t in terms)
            try:
                return ratio_percent(num, base).overlaps(stated_percent(
                    v.quantize(Decimal(1).scaleb(-rel.result.decimals)) if q is rel.result else rel.result.value))
            except (ZeroDivisionError, ValueError):
                return True
        return rel.holds and all(q is not t for t in (rel.result, *terms))

    def solve(q: Quantity) -> Decimal | None:
        try:
            if rel.kind in ("sum", "difference"):
                signed = [(sign, t, in_yuan(t.value, _unit(t.unit)).mid) for sign, t in zip(signs, terms, strict=True)]
                if q is rel.result:
                    return convert(sum((sign * v for sign, _t, v in signed), Decimal(0)), "元", _unit(q.unit))
                for sign, t, _v in signed:
                    if q is t:
                        rest = sum(s * v for s, u, v in signed if u is not q)
                        return convert((in_yuan(rel.result.value, _unit(rel.result.unit)).mid - rest) * sign, "元", _unit(q.unit))
            if rel.kind == "ratio" and len(terms) == 2:
                num, base = terms
                a, b = in_yuan(num.value, _unit(num.unit)).mid, in_yuan(base.value, _unit(base.unit)).mid
                if q is rel.result:
                    return a / b * 100
                if q is num:
                    return convert(b * rel.result.value / 100, "元", _unit(q.unit))
                if q is base:
                    return convert(a * 100 / rel.result.value, "元", _unit(q.unit))
        except (ArithmeticError, ValueError):
            return None
        return None

    return Checked(quantities=(rel.result, *terms), recheck=recheck, solve=solve, finding=finding, generic=True)


def unit_slip(rel: Relation) -> tuple[str, str] | None:
    """For a sum whose parts are all in one unit of money and its total in another: (the parts' unit, their sum
    printed in it) when the total's figure is that sum, the unit miswritten (0.10亿元 + 0.30亿元, total 0.40元)."""
    units = {t.unit for t in rel.terms}
    if rel.kind != "sum" or len(units) != 1 or rel.result.unit not in UNITS:
        return None
    unit = units.pop()
    if unit not in UNITS or unit == rel.result.unit:
        return None
    total = sum((printed(t.value) for t in rel.terms), exact(Decimal(0)))
    if not total.overlaps(printed(rel.result.value)):
        return None
    return unit, fmt(total.mid, max(t.decimals for t in (rel.result, *rel.terms)))


def slip_of(stated: str, computed: str) -> str:
    """How a stated figure is the computed one miswritten: 疑为小数点错位 (1387 for 138.7), 疑为相邻数字颠倒 (4081.18
    for 4018.18), 疑为一位数字笔误 (54591.10 for 54491.10, five digits or more); "" when it is none of these."""
    a, b = stated.replace(",", "").rstrip("%"), computed.replace(",", "").rstrip("%")
    da, db = a.replace(".", "").lstrip("0"), b.replace(".", "").lstrip("0")
    if da and da == db and a != b:
        return "疑为小数点错位"
    if len(da) == len(db) and da != db and a.find(".") == b.find("."):
        diff = [i for i in range(len(da)) if da[i] != db[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and da[diff[0]] == db[diff[1]] and da[diff[1]] == db[diff[0]]:
            return "疑为相邻数字颠倒"
        if len(diff) == 1 and len(da) >= 5:
            return "疑为一位数字笔误"
    return ""


KINDS: dict[str, type[YamlRule]] = {"relation": RelationRule, "pattern": PatternRule, "section": SectionRule,
                                    "sequence": SequenceRule, "judged": JudgedRule}
