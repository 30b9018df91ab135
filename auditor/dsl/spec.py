"""Validate a YAML rule file into RuleSpecs, reporting every problem as file:line:col with a hint."""

from __future__ import annotations

import difflib
import string
from dataclasses import field
from typing import Any

import regex

from auditor import rx
from auditor.dsl.expr import Comparison, ExprError, parse_expr
from auditor.dsl.regexes import pattern_problem
from auditor.dsl.yamlnodes import Y
from auditor.engine import CATEGORIES, SEVERITIES
from auditor.labels import LabelDef, lexicon
from auditor.records import dataclass

CHECK_KINDS = ("relation", "pattern", "section", "sequence", "judged")
RULE_FIELDS = ("id", "name", "aliases", "category", "severity", "description", "description_zh", "message", "suggest",
               "fix", "fix_applicability", "examples", *CHECK_KINDS)
APPLICABILITIES = ("safe", "unsafe")
REQUIRED = ("id", "name", "category", "severity", "description", "message")
CHECK_FIELDS = {
    "relation": ("bind", "scope", "assert", "at", "unless"),
    "pattern": ("regex", "in", "section", "unless", "group"),
    "section": ("title", "require", "unless_title", "placeholder", "before"),
    "sequence": ("styles", "within", "start", "report", "mixed_styles", "missing_marker"),
    "judged": ("kinds", "sources", "only"),
}
RELATION_KINDS = ("ratio", "growth", "sum", "difference", "share-set", "order")
RELATION_SOURCES = ("table-columns", "table-rows", "table-changes", "prose", "prose-share", "prose-list-share", "prose-growth", "prose-breakdown",
                    "prose-rate", "prose-total", "prose-list", "prose-chain", "prose-balance", "prose-split", "prose-count-rate",
                    "prose-named-growth", "prose-list-change", "prose-table-row",
                    "prose-share-established", "prose-list-partition", "prose-list-rest", "prose-list-counted",
                    "prose-balance-named", "prose-rollforward", "prose-tax-split", "prose-share-set", "table-column-total",
                    "prose-change-list", "prose-table-change", "table-codes", "table-template", "prose-table-class",
                    "prose-table-total", "prose-order", "prose-table-econ", "table-sangong",
                    "prose-table-sangong", "prose-share-partition", "table-cross", "prose-parallel-list")
SELECTOR_FIELDS = ("label", "label_pattern", "year", "stage", "object")
SCOPES = ("sentence", "paragraph", "section", "report")
STYLES = ("cn-dun", "cn-paren", "ar-dun", "ar-dot", "ar-paren", "circled")
# the attributes that hold words (增加/减少), not figures: compared with words, by == or != only
TEXT_ATTRS = {"change": ("direction", "percent_direction")}
OBJECT_ATTRS = {"share": ("numerator", "denominator", "percent"),
                "change": ("current", "amount", "last", "percent", "direction", "percent_direction"),
                "rate": ("numerator", "denominator", "percent")}
_ID = rx.compile(r"^[A-Z][A-Z-]*\d{3}$")
_NAME = rx.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem at a place in a rule file."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass(slots=True)
class RuleSpec:
    """A validated rule declaration."""

    id: str
    name: str
    category: str
    severity: str
    description: str
    message: str
    kind: str
    check: dict[str, Any]
    source: str
    line: int
    aliases: tuple[str, ...] = ()
    suggest: str | None = None
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    assertion: Comparison | None = None
    fix: str | None = None
    fix_applicability: str = "safe"    # unsafe: another figure may be the wrong one (auditor fix --unsafe-fixes)
    description_zh: str = ""           # shown by --lang zh (the default) instead of the English description


class _Checker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.known: frozenset[str] = frozenset()

    def err(self, node: Y, message: str, offset: int = 0) -> None:
        self.problems.append(Problem(self.path, node.line, node.column + offset, message))

    def mapping(self, node: Y, what: str, allowed: tuple[str, ...]) -> dict[str, tuple[Y, Y]] | None:
        if not isinstance(node.value, dict):
            self.err(node, f"{what} must be a mapping, got {_type(node.value)}")
            return None
        for key, (knode, _v) in node.value.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of: {', '.join(allowed)}"
                self.err(knode, f"unknown field {key!r} in {what}{hint}")
        return node.value  # type: ignore[no-any-return]

    def string(self, node: Y, what: str) -> str | None:
        if not isinstance(node.value, str) or not node.value.strip():
            self.err(node, f"{what} must be a non-empty string, got {_type(node.value)}")
            return None
        return node.value

    def choice(self, node: Y, what: str, options: tuple[str, ...]) -> str | None:
        value = self.string(node, what)
        if value is not None and value not in options:
            close = difflib.get_close_matches(value, options, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.err(node, f"{what} {value!r} is not one of: {', '.join(options)}{hint}")
            return None
        return value

    def regex(self, node: Y, what: str) -> str | None:
        value = self.string(node, what)
        if value is None:
            return None
        return value if self.compiles(node, what, value) else None

    def compiles(self, node: Y, what: str, value: str) -> bool:
        """Whether ``value`` is a regular expression within the size bounds (checked before compiling it)."""
        problem = pattern_problem(value)
        if problem is not None:
            self.err(node, f"{what}: regular expression refused: {problem}")
            return False
        try:
            regex.compile(value)
        except regex.error as exc:
            self.err(node, f"{what} is not a valid regular expression: {exc}")
            return False
        return True

    def strings(self, node: Y, what: str) -> list[str] | None:
        if isinstance(node.value, str):
            return [node.value]
        if not isinstance(node.value, list) or not all(isinstance(v.value, str) for v in node.value):
            self.err(node, f"{what} must be a string or a list of strings")
            return None
        return [v.value for v in node.value]


def _type(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", type(None): "nothing"}.get(type(value),
                                                                                        type(value).__name__)


def declared_labels(root: Y | None, path: str) -> tuple[list[LabelDef], list[Problem]]:
    """The ``labels:`` a rule file declares (fact labels beyond the shipped lexicon)."""
    ck = _Checker(path)
    if root is None or not isinstance(root.value, dict) or "labels" not in root.value:
        return [], []
    node = root.value["labels"][1]
    out: list[LabelDef] = []
    if not isinstance(node.value, dict):
        ck.err(node, f"`labels` must be a mapping of label names, got {_type(node.value)}")
        return [], ck.problems
    for name, (_k, body) in node.value.items():
        fields = ck.mapping(body, f"label {name!r}", ("synonyms", "parts", "kind"))
        if fields is None:
            continue
        synonyms = ck.strings(fields["synonyms"][1], "synonyms") if "synonyms" in fields else [name]
        parts = ck.strings(fields["parts"][1], "parts") if "parts" in fields else []
        kind = ck.choice(fields["kind"][1], "kind", ("amount",)) if "kind" in fields else "amount"
        if synonyms is not None and parts is not None and kind:
            out.append(LabelDef(name, tuple(synonyms), tuple(parts), kind))
    return out, ck.problems


def validate_file(root: Y | None, path: str, known: frozenset[str] | None = None
                  ) -> tuple[list[RuleSpec], list[Problem]]:
    """Validate a parsed rule file: ``rules:`` (a list of rule mappings) and optional ``labels:``.

    ``known`` is every fact label rules may name: the shipped ones plus those the loaded packs declare.
    """
    ck = _Checker(path)
    ck.known = known if known is not None else frozenset(lexicon().labels)
    if root is None:
        return [], [Problem(path, 1, 1, "empty rule file: expected `rules:` with a list of rules")]
    top = ck.mapping(root, "a rule file", ("rules", "labels"))
    if top is None:
        return [], ck.problems
    if "rules" not in top:
        ck.err(root, "missing `rules:` (a list of rules)")
        return [], ck.problems
    rules_node = top["rules"][1]
    if not isinstance(rules_node.value, list):
        ck.err(rules_node, f"`rules` must be a list of rules, got {_type(rules_node.value)}")
        return [], ck.problems
    specs = [s for s in (_rule(ck, node) for node in rules_node.value) if s is not None]
    return specs, ck.problems


def _rule(ck: _Checker, node: Y) -> RuleSpec | None:
    fields = ck.mapping(node, "a rule", RULE_FIELDS)
    if fields is None:
        return None
    before = len(ck.problems)
    for key in REQUIRED:
        if key not in fields:
            ck.err(node, f"rule is missing the required field {key!r}")
    kinds = [k for k in CHECK_KINDS if k in fields]
    if len(kinds) != 1:
        ck.err(node, "a rule needs exactly one check: " + " | ".join(CHECK_KINDS)
               + (f" (found {', '.join(kinds)})" if kinds else ""))
    values: dict[str, Any] = {}
    for key in ("id", "name", "description", "description_zh", "message"):
        if key in fields:
            values[key] = ck.string(fields[key][1], key)
    if values.get("id") and not _ID.match(values["id"]):
        ck.err(fields["id"][1], f"id {values['id']!r} must look like SUM001 (capitals, then three digits)")
    if values.get("name") and not _NAME.match(values["name"]):
        ck.err(fields["name"][1], f"name {values['name']!r} must be dotted lower-case, like sum.total-of-parts")
    category = ck.choice(fields["category"][1], "category", CATEGORIES) if "category" in fields else None
    severity = ck.choice(fields["severity"][1], "severity", SEVERITIES) if "severity" in fields else None
    aliases = ck.strings(fields["aliases"][1], "aliases") if "aliases" in fields else []
    suggest = ck.string(fields["suggest"][1], "suggest") if "suggest" in fields else None
    fix = fields["fix"][1].value if "fix" in fields else None
    if fix is not None and not isinstance(fix, str):
        ck.err(fields["fix"][1], "fix must be a string: the text that replaces the span when the numbers pin it down")
    applicability = ck.choice(fields["fix_applicability"][1], "fix_applicability", APPLICABILITIES) \
        if "fix_applicability" in fields else "safe"
    if "fix_applicability" in fields and fix is None:
        ck.err(fields["fix_applicability"][1], "fix_applicability without a fix: add `fix:` or remove it")
    examples = _examples(ck, fields["examples"][1]) if "examples" in fields else {}
    check: dict[str, Any] = {}
    assertion = None
    if len(kinds) == 1:
        kind = kinds[0]
        check, assertion = _CHECKS[kind](ck, fields[kind][1])
        placeholders = _allowed_placeholders(kind, check)
        for key in ("message", "suggest", "fix"):
            if key in fields and isinstance(fields[key][1].value, str):
                _placeholders(ck, fields[key][1], placeholders)
    if len(ck.problems) > before:
        return None
    return RuleSpec(id=values["id"], name=values["name"], category=category or "", severity=severity or "",
                    description=values["description"], message=values["message"], kind=kinds[0], check=check,
                    source=ck.path, line=node.line, aliases=tuple(aliases or ()), suggest=suggest,
                    examples=examples, assertion=assertion, fix=fix, fix_applicability=applicability or "safe",
                    description_zh=values.get("description_zh") or "")


def _examples(ck: _Checker, node: Y) -> dict[str, list[dict[str, Any]]]:
    fields = ck.mapping(node, "examples", ("pass", "fail"))
    out: dict[str, list[dict[str, Any]]] = {"pass": [], "fail": []}
    for kind, (_k, lst) in (fields or {}).items():
        if not isinstance(lst.value, list):
            ck.err(lst, f"examples.{kind} must be a list")
            continue
        for item in lst.value:
            if isinstance(item.value, str):
                out[kind].append({"text": item.value, "line": item.line})
                continue
            allowed = ("text", "line", "quote") if kind == "fail" else ("text",)
            m = ck.mapping(item, f"an examples.{kind} entry", allowed)
            if m is None or "text" not in m or not isinstance(m["text"][1].value, str):
                if m is not None:
                    ck.err(item, f"an examples.{kind} entry needs `text:` (the report text)")
                continue
            entry: dict[str, Any] = {"text": m["text"][1].value, "line": item.line}
            if "line" in m:
                if not isinstance(m["line"][1].value, int):
                    ck.err(m["line"][1], "line must be an integer (1-based line in the example text)")
                else:
                    entry["expect_line"] = m["line"][1].value
            if "quote" in m and ck.string(m["quote"][1], "quote"):
                entry["quote"] = m["quote"][1].value
            out[kind].append(entry)
    return out


def _relation(ck: _Checker, node: Y) -> tuple[dict[str, Any], Comparison | None]:
    fields = ck.mapping(node, "relation", CHECK_FIELDS["relation"])
    if fields is None:
        return {}, None
    bind: dict[str, dict[str, Any]] = {}
    if "bind" in fields:
        bmap = ck.mapping(fields["bind"][1], "bind", tuple(fields["bind"][1].value) if isinstance(
            fields["bind"][1].value, dict) else ())
        for name, (_k, sel) in (bmap or {}).items():
            bind[name] = _selector(ck, sel, name)
    scope = ck.choice(fields["scope"][1], "scope", SCOPES) if "scope" in fields else "section"
    assertion = None
    if "assert" not in fields:
        ck.err(node, "relation is missing `assert:` (e.g. `total == a + b`)")
    else:
        anode = fields["assert"][1]
        text = ck.string(anode, "assert")
        if text is not None:
            try:
                assertion = parse_expr(text)
            except ExprError as exc:
                ck.err(anode, str(exc), offset=exc.column - 1)
            else:
                _bind_refs(ck, anode, assertion, bind)
    at = None
    if "at" in fields:
        at = ck.string(fields["at"][1], "at")
        if at is not None and at.split(".")[0] not in bind:
            ck.err(fields["at"][1], f"`at: {at}` names no binding; bindings: {', '.join(bind) or 'none'}")
    elif bind:
        at = next(iter(bind))
    unless = ck.regex(fields["unless"][1], "unless") if "unless" in fields else None
    return {"bind": bind, "scope": scope, "at": at, "unless": unless}, assertion


def _selector(ck: _Checker, node: Y, name: str) -> dict[str, Any]:
    if isinstance(node.value, str):
        node = Y({"label": (node, node)}, node.line, node.column)
    fields = ck.mapping(node, f"binding {name!r}", SELECTOR_FIELDS)
    sel: dict[str, Any] = {}
    if fields is None:
        return sel
    if "label" in fields:
        labels = ck.strings(fields["label"][1], "label") or []
        for lab in labels:
            if lab not in ck.known:
                close = difflib.get_close_matches(lab, sorted(ck.known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                ck.err(fields["label"][1], f"unknown fact label {lab!r}{hint} (labels: auditor/data/labels.yaml)")
        sel["label"] = labels
    if "label_pattern" in fields:
        sel["label_pattern"] = ck.regex(fields["label_pattern"][1], "label_pattern")
    if "year" in fields:
        sel["year"] = ck.choice(fields["year"][1], "year", ("same", "any", "report", "previous"))
    if "stage" in fields:
        sel["stage"] = ck.choice(fields["stage"][1], "stage", ("预算", "决算", "年初预算", "调整预算", "any"))
    if "object" in fields:
        sel["object"] = ck.choice(fields["object"][1], "object", tuple(OBJECT_ATTRS))
    if not ({"label", "label_pattern", "object"} & set(sel)):
        ck.err(node, f"binding {name!r} needs `label:`, `label_pattern:` or `object:`")
    return sel


def _bind_refs(ck: _Checker, node: Y, assertion: Comparison, bind: dict[str, dict[str, Any]]) -> None:
    for name, attr in assertion.refs:
        if name not in bind:
            if name in ck.known and attr is None:
                bind[name] = {"label": [name]}        # a label used directly: 基本支出 == 人员经费 + 公用经费
                continue
            close = difflib.get_close_matches(name, list(bind) + sorted(ck.known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            ck.err(node, f"`{name}` is neither a binding nor a fact label{hint}", offset=assertion.text.find(name))
            continue
        obj = bind[name].get("object")
        if obj and attr not in OBJECT_ATTRS[obj]:
            ck.err(node, f"`{name}` is a {obj}: use {name}.{' / '.join(OBJECT_ATTRS[obj])}",
                   offset=assertion.text.find(name))
        elif not obj and attr is not None:
            ck.err(node, f"`{name}.{attr}`: a fact binding has no attributes", offset=assertion.text.find(name))
    kinds = [_side_kind(side, bind) for side in (assertion.left, assertion.right)]
    if "mixed" in kinds or ("text" in kinds and (kinds[0] != kinds[1] or assertion.op not in ("==", "!="))):
        ck.err(node, "words (a change's direction, a quoted string) compare with words, by == or != only, and take no "
                     "arithmetic: e.g. `c.direction == c.percent_direction`")


def _side_kind(node: tuple, bind: dict[str, dict[str, Any]]) -> str:
    """Whether one side of a comparison is words (``text``), figures (``figure``) or mixes them (``mixed``)."""
    tag = node[0]
    if tag == "str":
        return "text"
    if tag == "num":
        return "figure"
    if tag == "ref":
        obj = bind.get(node[1], {}).get("object")
        return "text" if node[2] in TEXT_ATTRS.get(obj or "", ()) else "figure"
    parts = [node[1]] if tag == "neg" else list(node[2]) if tag == "call" else [node[2], node[3]]
    return "mixed" if any(_side_kind(p, bind) != "figure" for p in parts) else "figure"


def _pattern(ck: _Checker, node: Y) -> tuple[dict[str, Any], None]:
    fields = ck.mapping(node, "pattern", CHECK_FIELDS["pattern"])
    if fields is None:
        return {}, None
    out: dict[str, Any] = {"in": "text", "unless": [], "group": 0}
    if "regex" not in fields:
        ck.err(node, "pattern is missing `regex:`")
    else:
        out["regex"] = ck.regex(fields["regex"][1], "regex")
    if "in" in fields:
        out["in"] = ck.choice(fields["in"][1], "in", ("text", "headings", "paragraphs", "section"))
    if "section" in fields:
        out["section"] = ck.regex(fields["section"][1], "section")
    if out["in"] == "section" and "section" not in out:
        ck.err(node, "`in: section` needs `section:` (a regular expression over section titles)")
    if "unless" in fields:
        for pat in ck.strings(fields["unless"][1], "unless") or []:
            if ck.compiles(fields["unless"][1], "unless", pat):
                out["unless"].append(pat)
    if "group" in fields:
        g = fields["group"][1].value
        if not isinstance(g, (int, str)):
            ck.err(fields["group"][1], "group must be a group number or name")
        out["group"] = g
    return out, None


def _section(ck: _Checker, node: Y) -> tuple[dict[str, Any], None]:
    fields = ck.mapping(node, "section", CHECK_FIELDS["section"])
    if fields is None:
        return {}, None
    out: dict[str, Any] = {"placeholder": r"^[\s。.，,；;：:]*(无|暂无|没有|无此项|不涉及|略|/|—+|-+)?[\s。.，,；;]*$"}
    for key in ("title", "unless_title", "placeholder", "before"):
        if key in fields:
            out[key] = ck.regex(fields[key][1], key)
    if "title" not in fields:
        ck.err(node, "section is missing `title:` (a regular expression over section titles)")
    if "require" not in fields:
        ck.err(node, "section is missing `require:` (exists | not-empty | before)")
    else:
        out["require"] = ck.choice(fields["require"][1], "require", ("exists", "not-empty", "before"))
        if out["require"] == "before" and "before" not in out:
            ck.err(fields["require"][1], "`require: before` needs `before:` (the title of the later section)")
    return out, None


def _sequence(ck: _Checker, node: Y) -> tuple[dict[str, Any], None]:
    fields = ck.mapping(node, "sequence", CHECK_FIELDS["sequence"])
    if fields is None:
        return {}, None
    out: dict[str, Any] = {"within": "parent", "start": 1, "report": ["gap", "repeat"]}
    if "styles" not in fields:
        ck.err(node, "sequence is missing `styles:` (marker styles: " + ", ".join(STYLES) + ")")
    else:
        styles = ck.strings(fields["styles"][1], "styles") or []
        for st in styles:
            if st not in STYLES:
                close = difflib.get_close_matches(st, STYLES, n=1)
                ck.err(fields["styles"][1], f"unknown marker style {st!r}"
                       + (f"; did you mean {close[0]!r}?" if close else f"; styles: {', '.join(STYLES)}"))
        out["styles"] = styles
    if "within" in fields:
        out["within"] = ck.choice(fields["within"][1], "within", ("parent", "document"))
    if "start" in fields:
        if not isinstance(fields["start"][1].value, int):
            ck.err(fields["start"][1], "start must be an integer")
        else:
            out["start"] = fields["start"][1].value
    if "report" in fields:
        rep = ck.strings(fields["report"][1], "report") or []
        for r in rep:
            if r not in ("gap", "repeat", "style"):
                ck.err(fields["report"][1], f"report: {r!r} is not gap, repeat or style")
        out["report"] = rep
    out["mixed_styles"] = False
    if "mixed_styles" in fields:
        if not isinstance(fields["mixed_styles"][1].value, bool):
            ck.err(fields["mixed_styles"][1], "mixed_styles must be true or false")
        else:
            out["mixed_styles"] = fields["mixed_styles"][1].value
    if "missing_marker" in fields:
        out["missing_marker"] = ck.regex(fields["missing_marker"][1], "missing_marker")
    return out, None


def _judged(ck: _Checker, node: Y) -> tuple[dict[str, Any], None]:
    """judged: the relations of the model (Report.relations) of these kinds and sources; those that hold are
    recorded, those that do not are reported (``only: slip``: only when the stated figure is the computed one
    miswritten — decimal point moved, two digits swapped, one digit of five or more wrong)."""
    fields = ck.mapping(node, "judged", CHECK_FIELDS["judged"])
    if fields is None:
        return {}, None
    out: dict[str, Any] = {"kinds": list(RELATION_KINDS), "sources": list(RELATION_SOURCES), "only": None}
    for key, allowed in (("kinds", RELATION_KINDS), ("sources", RELATION_SOURCES)):
        if key not in fields:
            ck.err(node, f"judged is missing `{key}:` ({', '.join(allowed)})")
            continue
        values = ck.strings(fields[key][1], key) or []
        for v in values:
            if v not in allowed:
                close = difflib.get_close_matches(v, allowed, n=1)
                ck.err(fields[key][1], f"unknown relation {key[:-1]} {v!r}"
                       + (f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(allowed)}"))
        out[key] = values
    if "only" in fields:
        out["only"] = ck.choice(fields["only"][1], "only", ("slip",))
    return out, None


_CHECKS = {"relation": _relation, "pattern": _pattern, "section": _section, "sequence": _sequence,
           "judged": _judged}


def _allowed_placeholders(kind: str, check: dict[str, Any]) -> set[str]:
    if kind == "relation":
        names = {"computed", "lhs", "rhs", "expr"}
        for b, sel in check.get("bind", {}).items():
            obj = sel.get("object")
            if obj:
                names |= {f"{b}.{a}" for a in OBJECT_ATTRS[obj]} | {f"{b}.direction", f"{b}.name"}
                names |= {f"{b}.{a}_label" for a in ("numerator", "denominator", "current")}
            else:
                names |= {b, f"{b}.label", f"{b}.value", f"{b}.unit"}
        return names
    return {"pattern": {"match", "line_text", "group1", "group2"}, "section": {"title", "body"},
            "sequence": {"marker", "expected", "previous", "place", "line_text", "kind"},
            "judged": {"scope", "text", "stated", "unit", "computed", "slip", "slip_note"}}[kind]


def _placeholders(ck: _Checker, node: Y, allowed: set[str]) -> None:
    try:
        fields = [f for _lit, f, _spec, _conv in string.Formatter().parse(node.value) if f is not None]
    except ValueError as exc:
        ck.err(node, f"bad placeholder syntax: {exc} (write {{{{ and }}}} for literal braces)")
        return
    for f in fields:
        if f not in allowed:
            close = difflib.get_close_matches(f, sorted(allowed), n=1)
            hint = f"; did you mean {{{close[0]}}}?" if close else f"; available: {', '.join(sorted(allowed))}"
            ck.err(node, f"unknown placeholder {{{f}}}{hint}")
