"""Certain corrections: apply the fixes findings carry (never the uncertain suggestions) to a report's text."""

from __future__ import annotations

import difflib

from auditor.engine import Finding


def apply_fixes(original: str, findings: list[Finding]) -> tuple[str, list[Finding]]:
    """The text with every certain fix applied (overlapping fixes: the first wins), and the fixes applied."""
    chosen: list[Finding] = []
    last_end = -1
    for f in sorted((f for f in findings if f.fix is not None), key=lambda f: (f.span.start, f.span.end)):
        if f.span.start < last_end or original[f.span.start:f.span.end] == f.fix:
            continue
        chosen.append(f)
        last_end = f.span.end
    out = original
    for f in reversed(chosen):
        out = out[:f.span.start] + (f.fix or "") + out[f.span.end:]
    return out, chosen


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
