"""``--format concise``: one line per finding (ruff's concise output), then the summary line."""

from __future__ import annotations

from auditor.errors import reason
from auditor.i18n import severity
from auditor.report import FileResult
from auditor.report.escape import visible

_SGR = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;34m"}
_RESET = "\x1b[0m"


def render_concise(results: list[FileResult], *, color: bool = False, summary: bool = True, lang: str = "en") -> str:
    """``path:line:col: CODE [severity] message`` per finding (a PDF's page after the place), ``path: error: …``
    per unreadable report; the count of findings last unless ``summary`` is false (``-q``)."""
    out: list[str] = []
    counts = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        if r.error is not None or r.report is None:
            out.append(f"{visible(r.path)}: error: {visible(reason(r.path, r.error or 'cannot read'))}")
            continue
        lines = r.report.lines
        for f in r.findings:
            counts[f.severity] += 1
            line, col = lines.position(f.span.start)
            page = r.report.page_of(f.span.start)
            code = f"{_SGR[f.severity]}{f.rule}{_RESET}" if color else f.rule
            where = f"{visible(r.path)}:{line}:{col}:" + (f" (第{page}页)" if page else "")
            suggestion = f"（建议：{visible(f.suggestion)}）" if f.suggestion else ""
            out.append(f"{where} {code} [{severity(f.severity, lang)}] {visible(f.message)}{suggestion}")
    if summary:
        from auditor.report.console import summary_line
        out.append(summary_line(counts, len(results), sum(1 for r in results if r.error is not None), lang))
    return "".join(line.replace("\n", " ") + "\n" for line in out)
