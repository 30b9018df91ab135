"""Run the pass/fail examples that rules carry (``auditor rules test``; the pytest suite runs the same cases)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from auditor.engine import Rule
from auditor.labels import Lexicon
from auditor.records import dataclass
from auditor.runner import check_text


@dataclass(frozen=True, slots=True)
class Case:
    """One example of one rule."""

    rule: Rule
    kind: str               # pass | fail
    index: int              # 1-based within its kind
    example: dict[str, Any]
    lexicon: Lexicon | None = None

    @property
    def id(self) -> str:
        return f"{self.rule.code}-{self.kind}-{self.index}"

    @property
    def where(self) -> str:
        src = self.rule.source
        line = self.example.get("line")
        if line and not src.startswith("builtin:"):
            return f"{src.rpartition(':')[0]}:{line}"
        return src


def cases(rules: Iterable[Rule], lexicon: Lexicon | None = None) -> Iterator[Case]:
    """Every example of every rule, in registry order (facts bound with ``lexicon``)."""
    for rule in rules:
        for kind in ("pass", "fail"):
            for i, ex in enumerate(rule.examples.get(kind, ()), start=1):
                yield Case(rule, kind, i, dict(ex), lexicon)


def run_case(case: Case) -> str | None:
    """None when the example behaves as declared, else why not (one line)."""
    text = case.example["text"]
    report, result = check_text(text, [case.rule], case.lexicon, f"<{case.id}>")
    found = [f for f in result.findings if f.rule == case.rule.code]
    if case.kind == "pass":
        if found:
            f = found[0]
            line = report.lines.position(f.span.start)[0]
            return f"expected no finding, got line {line}: {f.message}"
        return None
    if not found:
        return "expected a finding, got none"
    want_line = case.example.get("expect_line")
    quote = case.example.get("quote")
    for f in found:
        line = report.lines.position(f.span.start)[0]
        covered = text[f.span.start:f.span.end]
        if (want_line is None or line == want_line) and (quote is None or quote in covered or covered in quote
                                                          and covered):
            return None
    got = "; ".join(f"line {report.lines.position(f.span.start)[0]} “{text[f.span.start:f.span.end]}”"
                    for f in found)
    want = " ".join(x for x in (f"line {want_line}" if want_line else "", f"“{quote}”" if quote else "") if x)
    return f"expected a finding at {want}, got {got}"


def missing_examples(rules: Iterable[Rule]) -> list[str]:
    """Rules without at least one pass and one fail example."""
    return [f"{r.code} ({r.source}): needs at least one pass and one fail example"
            for r in rules if not r.examples.get("pass") or not r.examples.get("fail")]
