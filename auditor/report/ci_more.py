"""More formats for CI: GitLab Code Quality, checkstyle XML, JSON lines."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from auditor.report import FileResult
from auditor.report.ci_formats import fingerprints
from auditor.report.escape import visible
from auditor.report.json_format import finding_dict

# auditor's severities on GitLab's scale (info, minor, major, critical, blocker); a file that cannot be read blocks
_GITLAB = {"error": "major", "warning": "minor", "info": "info"}
UNREADABLE = "auditor.unreadable"      # GitLab check_name and checkstyle source of a file that could not be read


def render_gitlab(results: list[FileResult]) -> str:
    """GitLab Code Quality (a JSON array of issues, ``artifacts:reports:codequality``): per finding its
    description, check_name (the rule code), a fingerprint (the baseline's, with the path, so it is unique in the
    report and stable when lines move), severity and location (path, first line)."""
    return json.dumps([i for r in results for i in gitlab_issues(r)], ensure_ascii=False, indent=2) + "\n"


def gitlab_issues(r: FileResult) -> list[dict[str, Any]]:
    """One report's GitLab Code Quality issues."""
    path = _repo_path(r.path)
    if r.error is not None or r.report is None:
        return [{"description": r.error or "cannot read", "check_name": UNREADABLE,
                 "fingerprint": _digest(UNREADABLE, path), "severity": "blocker",
                 "location": {"path": path, "lines": {"begin": 1}}}]
    return [{"description": f"{f.rule} {f.message}", "check_name": f.rule, "fingerprint": _digest(path, fp),
             "severity": _GITLAB[f.severity],
             "location": {"path": path, "lines": {"begin": r.report.lines.position(f.span.start)[0]}}}
            for f, fp in zip(r.findings, fingerprints(r), strict=True)]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _repo_path(path: str) -> str:
    """A path as GitLab links it: / separators, no leading ./ (relative to where auditor ran)."""
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def render_checkstyle(results: list[FileResult]) -> str:
    """Checkstyle XML: a ``<file>`` per report, an ``<error>`` per finding (line, column, severity, message, the
    rule code as source); a file that cannot be read has one error at line 1."""
    return CHECKSTYLE_HEAD + "".join(checkstyle_file(r) for r in results) + CHECKSTYLE_TAIL


CHECKSTYLE_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n'
CHECKSTYLE_TAIL = "</checkstyle>\n"


def checkstyle_file(r: FileResult) -> str:
    """One report's ``<file>`` element, its lines ended (control characters are not allowed in XML 1.0)."""
    from xml.sax.saxutils import quoteattr  # here: it imports urllib.request, ssl and email (25 ms)
    errors = []
    if r.error is not None or r.report is None:
        errors.append(f'<error line="1" severity="error" message={quoteattr(r.error or "cannot read")} '
                      f'source="{UNREADABLE}"/>')
    else:
        for f in r.findings:
            line, col = r.report.lines.position(f.span.start)
            errors.append(f'<error line="{line}" column="{col}" severity="{f.severity}" '
                          f'message={quoteattr(f.message)} source={quoteattr(f.rule)}/>')
    out = ([f"  <file name={quoteattr(r.path)}>", *(f"    {e}" for e in errors), "  </file>"] if errors
           else [f"  <file name={quoteattr(r.path)}/>"])
    return visible("\n".join(out) + "\n", lines=True)


def render_jsonl(results: list[FileResult]) -> str:
    """JSON lines: one finding a line, ``{"path": …}`` and the fields of a JSON finding (docs/output-schema.md); a
    file that could not be read is ``{"path", "error"}``, a rule that could not finish ``{"path", "rule_error"}``."""
    rows: list[dict[str, Any]] = []
    for r in results:
        if r.error is not None or r.report is None:
            rows.append({"path": r.path, "error": r.error or "cannot read"})
            continue
        rows += [{"path": r.path, "rule_error": problem} for problem in r.rule_errors]
        rows += [{"path": r.path, **finding_dict(f, r.report.lines, r.report)} for f in r.findings]
    return "".join(_line(row) + "\n" for row in rows)


def _line(row: dict[str, Any]) -> str:
    """One JSON document on one line: the line separators JSON leaves as they are (U+0085, U+2028, U+2029, which
    str.splitlines splits at) escaped too."""
    text = json.dumps(row, ensure_ascii=False)
    return text.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
