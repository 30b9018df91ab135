"""Lint files and text: load → build the model → run the rules. No formatting here."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from auditor.build import build_report
from auditor.engine import Registry, Result, Rule, run_rules
from auditor.errors import InputError, TimeLimitError, about
from auditor.labels import Lexicon
from auditor.model import Report
from auditor.report import FileResult
from auditor.rules import default_registry
from auditor.sources import discover, load


def read_report(path: str, lex: Lexicon | None = None) -> tuple[Report, str]:
    """The model of one report file and how it was decoded; every command reads files through this (lint, fix,
    parse, batches), so they all see the same model. InputError when it cannot be read."""
    src = load(path)
    try:
        return build_report(path, src.text, lex, src.tables, src.pages), src.encoding
    except InputError as exc:       # the parser's refusals do not name the file
        raise InputError(about(path, str(exc))) from None


def check_text(text: str, rules: Iterable[Rule], lex: Lexicon | None = None, path: str = "<text>",
               options: Mapping[str, Any] | None = None) -> tuple[Report, Result]:
    """Build and check a report given as text (the original, as decoded): the rules' examples and the API."""
    report = build_report(path, text, lex)
    return report, run_rules(report, rules, options)


def lint_text(text: str, path: str = "<text>", registry: Registry | None = None,
              options: Mapping[str, Any] | None = None) -> Result:
    """Lint a report given as text (the original, as decoded)."""
    registry = registry if registry is not None else default_registry()
    return check_text(text, registry, registry.lexicon, path, options)[1]


def lint_file(path: str, rules: Sequence[Rule], lex: Lexicon | None = None,
              options: Mapping[str, Any] | None = None) -> FileResult:
    """Lint one file; a file that cannot be read becomes an entry with ``error`` set."""
    encoding = ""
    try:
        report, encoding = read_report(path, lex)
    except InputError as exc:     # a reader names the file; the parser's refusals do not: the path once, always
        return FileResult(path=path, error=about(path, str(exc)))
    except Exception as exc:   # a reader's or the builder's bug: this file fails, the others are still linted
        if os.environ.get("AUDITOR_STRICT"):
            raise
        return FileResult(path=path, error=f"{path}: internal error while reading ({type(exc).__name__}: "
                                           f"{str(exc)[:80]}); please report it")
    try:
        res = run_rules(report, rules, options)
    except TimeLimitError as exc:   # this report used up its time; the others are still linted
        return FileResult(path=path, error=about(path, str(exc)), encoding=encoding)
    return FileResult(path=path, report=report, findings=res.findings, verified=res.verified,
                      checked=res.checked, encoding=encoding, rule_errors=res.rule_errors)


def lint_paths(paths: Sequence[str], registry: Registry | None = None,
               options: Mapping[str, Any] | None = None) -> list[FileResult]:
    """Lint every report named by ``paths`` (files, or directories searched for reports)."""
    registry = registry if registry is not None else default_registry()
    rules = list(registry)
    results: list[FileResult] = []
    for arg in paths:
        try:
            files = discover([arg])
        except InputError as exc:
            results.append(FileResult(path=arg, error=str(exc)))
            continue
        results.extend(lint_file(f, rules, registry.lexicon, options) for f in files)
    return results
