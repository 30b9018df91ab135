"""Formats for CI: SARIF 2.1.0 (code scanning), GitHub workflow annotations, JUnit XML, per-rule statistics."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from auditor import __version__
from auditor.engine import Registry
from auditor.report import FileResult
from auditor.report.escape import visible
from auditor.spans import LineIndex, Span

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


_CONTEXT = 12      # characters of context each side of a finding's span, within its line (whitespace not counted)
_SCAN = 1000       # at most this many characters are read looking for that context


def fingerprints(result: FileResult) -> list[str]:
    """A fingerprint of each finding (in the order of ``result.findings``) that survives line shifts and edits
    elsewhere, also elsewhere in its line (a paragraph): the rule, the text the finding marks, up to 12 characters
    either side of it within its line (whitespace ignored), and its occurrence among the findings of the file that
    share all of these (in text order), so two findings alike in all that still differ. Computed once: a baseline
    that drops findings keeps the others' fingerprints (``FileResult.fingerprints``)."""
    if result.fingerprints and len(result.fingerprints) == len(result.findings):
        return list(result.fingerprints)
    assert result.report is not None
    text = result.report.original
    out = [""] * len(result.findings)
    seen: Counter[str] = Counter()
    order = sorted(range(len(result.findings)),
                   key=lambda i: (result.findings[i].span.start, result.findings[i].span.end))
    for i in order:
        f = result.findings[i]
        marked = "".join(text[f.span.start:f.span.end].split())
        base = f"{f.rule}\0{marked}\0{_context(text, f.span.start, -1)}\0{_context(text, f.span.end, 1)}"
        out[i] = hashlib.sha256(f"{base}\0{seen[base]}".encode()).hexdigest()[:32]
        seen[base] += 1
    result.fingerprints = out
    return list(out)


def _context(text: str, at: int, step: int) -> str:
    """Up to ``_CONTEXT`` characters other than whitespace before (step -1) or after (step 1) ``at``, within
    its line."""
    got: list[str] = []
    i = at if step > 0 else at - 1
    for _ in range(_SCAN):
        if not 0 <= i < len(text) or text[i] in "\r\n" or len(got) == _CONTEXT:
            break
        if not text[i].isspace():
            got.append(text[i])
        i += step
    return "".join(got if step > 0 else reversed(got))


def render_sarif(results: list[FileResult], registry: Registry) -> str:
    rules = list(registry)
    index = {r.code: i for i, r in enumerate(rules)}
    driver = {
        "name": "auditor", "version": __version__, "semanticVersion": __version__,
        "rules": [{"id": r.code, "name": r.name, "shortDescription": {"text": r.description or r.name},
                   "fullDescription": {"text": "\n\n".join(t for t in (r.description or r.name, r.details) if t)},
                   "defaultConfiguration": {"level": _LEVEL[r.severity]},
                   "properties": {"category": r.category, "tags": [r.category]}} for r in rules],
    }
    out_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for r in results:
        if r.error is not None or r.report is None:
            notifications.append({"level": "error", "message": {"text": r.error or "cannot read"},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}]})
            continue
        notifications += [{"level": "error", "message": {"text": problem},
                           "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}]}
                          for problem in r.rule_errors]
        lines = r.report.lines
        for f, fp in zip(r.findings, fingerprints(r), strict=True):
            line, col = lines.position(f.span.start)
            end_line, end_col = lines.position(f.span.end)
            region: dict[str, Any] = {"startLine": line, "startColumn": col, "endLine": end_line,
                                      "endColumn": max(end_col, col + (1 if end_line == line else 0)),
                                      "snippet": {"text": lines.line_text(line)}}
            res: dict[str, Any] = {
                "ruleId": f.rule, "level": _LEVEL[f.severity], "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}, "region": region}}],
                "partialFingerprints": {"auditorFingerprint/v2": fp},
                "properties": {"category": f.category, "evidence": f.evidence},
            }
            if f.related:
                # the other figures of the relation (a total's parts): a reviewer can go to each
                res["relatedLocations"] = [
                    {"id": k, "message": {"text": "参与计算的数字"},
                     "physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}, "region": _region(lines, s)}}
                    for k, s in enumerate(f.related, 1)]
            if f.rule in index:
                res["ruleIndex"] = index[f.rule]
            if f.suggestion:
                res["properties"]["suggestion"] = f.suggestion
            if f.fix is not None:
                # SARIF fixes: the replacement of the finding's region; applicability as a property (ruff's safe/unsafe)
                res["fixes"] = [{"description": {"text": f"{f.fix}（{f.applicability}）"},
                                 "artifactChanges": [{"artifactLocation": {"uri": _uri(r.path)},
                                                      "replacements": [{"deletedRegion": {
                                                          k: region[k] for k in ("startLine", "startColumn", "endLine",
                                                                                 "endColumn")},
                                                          "insertedContent": {"text": f.fix}}]}],
                                 "properties": {"applicability": f.applicability}}]
            out_results.append(res)
    run = {"tool": {"driver": driver}, "results": out_results, "columnKind": "unicodeCodePoints",
           "invocations": [{"executionSuccessful": not notifications,
                            "toolExecutionNotifications": notifications}]}
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _region(lines: LineIndex, span: Span) -> dict[str, int]:
    """A SARIF region of a span: 1-based start, exclusive end column."""
    line, col = lines.position(span.start)
    end_line, end_col = lines.position(span.end)
    return {"startLine": line, "startColumn": col, "endLine": end_line,
            "endColumn": max(end_col, col + (1 if end_line == line else 0))}


def _uri(path: str) -> str:
    """A relative URI reference: Windows separators as /, elsewhere a backslash (a file name character, as in
    the ``\\xff`` of a name that is not UTF-8) and % percent-encoded."""
    if os.sep == "\\":
        return path.replace("\\", "/")
    return path.replace("%", "%25").replace("\\", "%5C")


def render_github(results: list[FileResult]) -> str:
    """GitHub Actions workflow commands: ::error file=…,line=…,col=…,title=…::message."""
    kind = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for r in results:
        if r.error is not None or r.report is None:
            out.append(f"::error file={_prop(r.path)}::{_data(r.error or 'cannot read')}")
            continue
        for f in r.findings:
            line, col = r.report.lines.position(f.span.start)
            end_line, end_col = r.report.lines.position(f.span.end)
            out.append(f"::{kind[f.severity]} file={_prop(r.path)},line={line},col={col},endLine={end_line},"
                       f"endColumn={end_col},title={_prop(f.rule + ' ' + f.name)}::{_data(f.message)}")
    return visible("\n".join(out) + ("\n" if out else ""), lines=True)   # no control characters in the CI log


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_junit(results: list[FileResult]) -> str:
    """JUnit XML: one test suite per file, one failing test case per finding (a clean file passes one case)."""
    suites = []
    total = failures = errors = 0
    for r in results:
        cases = []
        if r.error is not None or r.report is None:
            errors += 1
            cases.append(f'    <testcase classname={quoteattr(r.path)} name="read">'
                         f'<error message={quoteattr(r.error or "cannot read")}/></testcase>')
        elif not r.findings:
            cases.append(f'    <testcase classname={quoteattr(r.path)} name="auditor"/>')
        report = r.report
        for f in r.findings if report is not None else []:
            assert report is not None
            line, col = report.lines.position(f.span.start)
            failures += 1
            cases.append(f'    <testcase classname={quoteattr(r.path)} name={quoteattr(f"{f.rule} {line}:{col}")}>'
                         f'<failure type={quoteattr(f.severity)} message={quoteattr(f.message)}>'
                         f'{escape(f"{r.path}:{line}:{col}: {f.rule} {f.name}")}</failure></testcase>')
        total += len(cases)
        suites.append(f'  <testsuite name={quoteattr(r.path)} tests="{len(cases)}" '
                      f'failures="{sum(1 for c in cases if "<failure" in c)}" '
                      f'errors="{sum(1 for c in cases if "<error" in c)}">\n' + "\n".join(cases) + "\n  </testsuite>")
    doc = (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="auditor" tests="{total}" '
           f'failures="{failures}" errors="{errors}">\n' + "\n".join(suites) + "\n</testsuites>\n")
    return visible(doc, lines=True)     # control characters are not allowed in XML 1.0, even escaped


def _counts(results: list[FileResult]) -> list[tuple[str, int]]:
    """Findings per rule, most frequent first."""
    counts: Counter[str] = Counter(f.rule for r in results for f in r.findings)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def render_statistics(results: list[FileResult], registry: Registry, lang: str = "en") -> str:
    """Counts per rule, most frequent first (like ruff --statistics); ``lang`` zh: categories and total in Chinese."""
    from auditor import i18n
    counts = _counts(results)
    names = {r.code: (r.name, i18n.category(r.category, lang)) for r in registry}
    rows = [f"{n:6d}  {code:9s} {names.get(code, ('', ''))[0]:36s} {names.get(code, ('', ''))[1]}"
            for code, n in counts]
    failed = sum(1 for r in results if r.error is not None)
    rows.append(i18n.text("statistics.total", lang, findings=sum(n for _, n in counts), files=len(results),
                          unreadable=i18n.text("statistics.unreadable", lang, failed=failed) if failed else ""))
    return "\n".join(rows) + "\n"


def render_statistics_json(results: list[FileResult], registry: Registry) -> str:
    """The counts per rule as JSON (``--statistics --format json``; docs/output-schema.md)."""
    rules = {r.code: r for r in registry}
    counts = _counts(results)
    rows = [{"code": code, "name": rules[code].name if code in rules else "",
             "category": rules[code].category if code in rules else "", "count": n} for code, n in counts]
    doc = {"version": 1, "statistics": rows, "findings": sum(n for _, n in counts), "files": len(results),
           "unreadable": sum(1 for r in results if r.error is not None)}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
