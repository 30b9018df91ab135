"""The stable, versioned JSON output (docs/output-schema.md)."""

from __future__ import annotations

import json
from typing import Any

from auditor.engine import Finding
from auditor.model import Report
from auditor.report import FileResult
from auditor.spans import LineIndex, Span

SCHEMA_VERSION = 1


def finding_dict(f: Finding, lines: LineIndex, report: Report | None = None) -> dict[str, Any]:
    line, col = lines.position(f.span.start)
    end_line, end_col = lines.position(f.span.end)
    out = {"rule": f.rule, "name": f.name, "category": f.category, "severity": f.severity,
           "message": f.message, "line": line, "column": col, "end_line": end_line, "end_column": end_col,
           "suggestion": f.suggestion, "evidence": f.evidence,
           "fix": None if f.fix is None else {"content": f.fix, "applicability": f.applicability}}
    if f.also:
        out["also"] = [{"line": lines.position(s.start)[0], "column": lines.position(s.start)[1]} for s in f.also]
    if f.related:
        out["related"] = [_place(s, lines) for s in f.related]
    page = report.page_of(f.span.start) if report is not None else None
    if page is not None:
        out["page"] = page
    return out


def _place(span: Span, lines: LineIndex) -> dict[str, int]:
    """A span's 1-based start and exclusive end."""
    (line, col), (end_line, end_col) = lines.position(span.start), lines.position(span.end)
    return {"line": line, "column": col, "end_line": end_line, "end_column": end_col}


def file_entry(r: FileResult, *, verified: bool = False) -> dict[str, Any]:
    """The JSON entry of one report."""
    entry: dict[str, Any] = {"path": r.path, "error": r.error, "rule_errors": list(r.rule_errors), "findings": []}
    if r.report is not None:
        lines = r.report.lines
        entry["findings"] = [finding_dict(f, lines, r.report) for f in r.findings]
        entry["stats"] = {"checked": r.checked}
        if verified:
            entry["verified"] = [
                {"rule": v.rule, "category": v.category, "relation": v.text,
                 "line": lines.position(v.span.start)[0], "column": lines.position(v.span.start)[1],
                 **({"related": [_place(s, lines) for s in v.related]} if v.related else {})}
                for v in r.verified]
    return entry


def render_json(results: list[FileResult], *, verified: bool = False) -> str:
    files = [file_entry(r, verified=verified) for r in results]
    return json.dumps({"version": SCHEMA_VERSION, "files": files}, ensure_ascii=False, indent=2) + "\n"


# --- the same document in pieces, for a batch written as it is linted (auditor/pipeline.py) ------------------

JSON_HEAD = '{\n  "version": ' + str(SCHEMA_VERSION) + ',\n  "files": ['     # as json.dumps(indent=2) opens it


def json_item(r: FileResult, *, verified: bool = False, first: bool = False) -> str:
    """One report's entry as render_json places it in the document (after the head or the previous entry)."""
    body = json.dumps(file_entry(r, verified=verified), ensure_ascii=False, indent=2)
    return ("\n" if first else ",\n") + "\n".join("    " + line for line in body.split("\n"))


def json_tail(files: int, extra: dict[str, Any] | None = None) -> str:
    """The end of the document after ``files`` entries, with ``extra`` top-level fields (the baseline's)."""
    out = "]" if files == 0 else "\n  ]"
    for key, value in (extra or {}).items():
        body = json.dumps(value, ensure_ascii=False, indent=2)
        out += f",\n  {json.dumps(key)}: " + "\n".join(("  " + line) if n else line
                                                       for n, line in enumerate(body.split("\n")))
    return out + "\n}\n"
