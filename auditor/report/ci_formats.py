"""Formats for CI: SARIF 2.1.0 (code scanning), GitHub workflow annotations, JUnit XML, per-rule statistics."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import unicodedata
from collections import Counter
from typing import Any

from auditor import __version__
from auditor.engine import Finding, Registry, Rule
from auditor.errors import reason
from auditor.model import Report
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
    return out


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


@functools.lru_cache(maxsize=1)
def rules_url() -> str | None:
    """The address of the rule reference (docs/rules.md as GitHub renders it; its headings' anchors, _anchor): the
    package's ``Rule reference`` project URL (``[project.urls]`` in pyproject.toml). None while the project records
    no public address: SARIF then gives no ``helpUri`` rather than an invented one."""
    from importlib import metadata
    try:
        urls = metadata.metadata("auditor").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "rule reference" and url.strip().startswith("https://"):
            return url.strip()
    return None


def render_sarif(results: list[FileResult], registry: Registry, *, baseline: str | None = None) -> str:
    """SARIF 2.1.0. With ``baseline`` (the baseline applied), the findings it accepts are kept, marked suppressed
    (``baselineState`` unchanged) and the others ``baselineState`` new."""
    index = sarif_index(registry)
    out_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for r in results:
        found, notes = sarif_file(r, index, baseline)
        out_results += found
        notifications += notes
    return json.dumps(sarif_document(registry, out_results, notifications), ensure_ascii=False, indent=2) + "\n"


def sarif_index(registry: Registry) -> dict[str, int]:
    """Each rule's place in the driver's rules (a result's ``ruleIndex``)."""
    return {r.code: i for i, r in enumerate(registry)}


def sarif_document(registry: Registry, results: list[dict[str, Any]],
                   notifications: list[dict[str, Any]]) -> dict[str, Any]:
    """The SARIF log of a run: the driver with the rules, the results, the tool's notifications."""
    driver = {"name": "auditor", "version": __version__, "semanticVersion": __version__,
              "rules": [_descriptor(r, documented=_shipped(r)) for r in registry]}
    run = {"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints",
           "invocations": [{"executionSuccessful": not notifications,
                            "toolExecutionNotifications": notifications}]}
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def sarif_file(r: FileResult, index: dict[str, int], baseline: str | None = None
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One report's SARIF results and the notifications it gives (it could not be read, a rule could not finish)."""
    where = [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}]
    if r.error is not None or r.report is None:
        return [], [{"level": "error", "message": {"text": r.error or "cannot read"}, "locations": where}]
    notifications = [{"level": "error", "message": {"text": problem}, "locations": where}
                     for problem in r.rule_errors]
    listed = [(f, fp, False) for f, fp in zip(r.findings, fingerprints(r), strict=True)]
    if baseline is not None:      # the accepted findings too, in text order
        listed += [(f, fp, True) for f, fp in zip(r.suppressed, r.suppressed_fingerprints, strict=True)]
        listed.sort(key=lambda x: (x[0].span.start, x[0].rule))
    out = []
    for f, fp, accepted in listed:
        res = _result(r, f, fp)
        if f.rule in index:
            res["ruleIndex"] = index[f.rule]
        if baseline is not None:
            res["baselineState"] = "unchanged" if accepted else "new"
            if accepted:
                res["suppressions"] = [{"kind": "external", "justification": f"accepted in the baseline {baseline}"}]
        out.append(res)
    return out, notifications


def _descriptor(rule: Rule, *, documented: bool) -> dict[str, Any]:
    """A rule's reportingDescriptor: descriptions, level, and its help (GitHub shows ``help``, not ``helpUri``);
    ``helpUri`` only for the rules docs/rules.md describes (not a user's own packs)."""
    full = "\n\n".join(t for t in (rule.description or rule.name, rule.details) if t)
    help_md = "\n\n".join(p for p in (rule.description, rule.details) if p) or rule.name
    out: dict[str, Any] = {"id": rule.code, "name": rule.name,
                           "shortDescription": {"text": rule.description or rule.name},
                           "fullDescription": {"text": full},
                           "defaultConfiguration": {"level": _LEVEL[rule.severity]},
                           "properties": {"category": rule.category, "tags": [rule.category]}}
    base = rules_url() if documented else None
    if base is not None:
        url = f"{base}#{_anchor(f'{rule.code} {rule.name}')}"
        out["helpUri"] = url
        help_md += f"\n\n[{rule.code} in the rule reference](<{url}>)"
    out["help"] = {"text": "\n\n".join(p for p in (rule.description, rule.details) if p) or rule.name,
                   "markdown": help_md}
    return out


def _shipped(rule: Rule) -> bool:
    """A built-in rule or one of the YAML packs shipped with auditor (those docs/rules.md lists)."""
    return rule.source.startswith("builtin:") or rule.source.rpartition(":")[0] in _shipped_files()


@functools.lru_cache(maxsize=1)
def _shipped_files() -> frozenset[str]:
    from auditor.dsl.loader import shipped_pack_files
    return frozenset(shipped_pack_files())


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading (github-slugger): the heading's text lower-cased, every character
    but letters, marks, digits, connector punctuation (_), hyphens and spaces removed, spaces as hyphens. The
    backticks of a code span are not part of the text."""
    kept = (c for c in heading.replace("`", "").lower()
            if c in " -" or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc")
    return "".join(kept).replace(" ", "-")


def _result(r: FileResult, f: Finding, fp: str) -> dict[str, Any]:
    """A finding as a SARIF result (without ruleIndex and baseline state)."""
    assert r.report is not None
    report, lines, uri = r.report, r.report.lines, _uri(r.path)
    region: dict[str, Any] = {**_region(lines, f.span), "snippet": {"text": lines.line_text(lines.position(
        f.span.start)[0])}}
    res: dict[str, Any] = {
        "ruleId": f.rule, "level": _LEVEL[f.severity], "message": {"text": f.message},
        "locations": [_location(report, uri, f.span, region)],
        "partialFingerprints": {"auditorFingerprint/v2": fp},
        "properties": {"category": f.category, "evidence": f.evidence},
    }
    if f.related:
        # the other figures of the relation (a total's parts): a reviewer can go to each
        res["relatedLocations"] = [{"id": k, "message": {"text": "参与计算的数字"},
                                    **_location(report, uri, s, _region(lines, s))}
                                   for k, s in enumerate(f.related, 1)]
    if f.suggestion or f.fix is not None:
        res["properties"]["suggestion"] = f.suggestion if f.suggestion else f.fix
    if f.fix is not None:
        res["properties"]["fix"] = {"content": f.fix, "applicability": f.applicability}
    if f.fix is not None and f.applicability == "safe" and r.encoding not in ("docx", "pdf"):
        # SARIF fixes: only the certain ones (an unsafe fix stays a suggestion), each place of a repeated defect
        # replaced; not for Word or PDF reports, whose places are in the text auditor reads, not in the file's bytes
        text = f.suggestion if f.suggestion and f.suggestion != f.fix else (f"改为“{f.fix}”" if f.fix else "删除")
        res["fixes"] = [{"description": {"text": text},
                         "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [
                             {"deletedRegion": _region(lines, s, exact=True), "insertedContent": {"text": f.fix}}
                             for s in sorted((f.span, *f.also), key=lambda s: s.start)]}],
                         "properties": {"applicability": f.applicability}}]
    return res


def _location(report: Report, uri: str, span: Span, region: dict[str, Any]) -> dict[str, Any]:
    """A SARIF location of a span; for a PDF report, its page in ``properties.page`` (as JSON's ``page``)."""
    out: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}
    page = report.page_of(span.start)
    if page is not None:
        out["properties"] = {"page": page}
    return out


def _region(lines: LineIndex, span: Span, *, exact: bool = False) -> dict[str, Any]:
    """A SARIF region of a span: 1-based start, exclusive end column (an empty span widened to one character
    unless ``exact``: a replacement's insertion point)."""
    line, col = lines.position(span.start)
    end_line, end_col = lines.position(span.end)
    return {"startLine": line, "startColumn": col, "endLine": end_line,
            "endColumn": end_col if exact else max(end_col, col + (1 if end_line == line else 0))}


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
            out.append(f"::error file={_prop(r.path)}::{_data(reason(r.path, r.error or 'cannot read'))}")
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
    suites = [junit_suite(r) for r in results]
    head = junit_head(sum(s[1] for s in suites), sum(s[2] for s in suites), sum(s[3] for s in suites))
    return head + "\n".join(s[0] for s in suites) + JUNIT_TAIL


def junit_head(tests: int, failures: int, errors: int) -> str:
    """The document's start, with its totals (a batch written as it is linted writes it last: pipeline.Spool)."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="auditor" tests="{tests}" '
            f'failures="{failures}" errors="{errors}">\n')


JUNIT_TAIL = "\n</testsuites>\n"


def junit_suite(r: FileResult) -> tuple[str, int, int, int]:
    """One report's ``<testsuite>`` (control characters shown, as XML 1.0 allows none, even escaped) and its
    test cases, failures and errors."""
    from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib.request, ssl and email (25 ms)
    cases = []
    errors = failures = 0
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
    suite = (f'  <testsuite name={quoteattr(r.path)} tests="{len(cases)}" '
             f'failures="{sum(1 for c in cases if "<failure" in c)}" '
             f'errors="{sum(1 for c in cases if "<error" in c)}">\n' + "\n".join(cases) + "\n  </testsuite>")
    return visible(suite, lines=True), len(cases), failures, errors


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
