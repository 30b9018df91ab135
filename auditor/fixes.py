"""Corrections: apply the fixes findings carry to a report's text — the safe ones, and the unsafe ones on request (never
the suggestions that carry no fix)."""

from __future__ import annotations

import difflib

from auditor.engine import Finding


def apply_fixes(original: str, findings: list[Finding], *, unsafe: bool = False) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with every safe fix applied (and the unsafe ones too when ``unsafe``), and the edits made (start, end,
    replacement) in text order.

    A finding repeated at several places (``also``) is fixed at each; of overlapping fixes the first wins.
    """
    edits: list[tuple[int, int, str]] = []
    last_end = -1
    places = sorted(((span, f.fix) for f in findings if f.fix is not None and (unsafe or f.applicability == "safe")
                     for span in (f.span, *f.also)), key=lambda x: (x[0].start, x[0].end))
    for span, fix in places:
        if span.start < last_end or original[span.start:span.end] == fix:
            continue
        edits.append((span.start, span.end, fix))
        last_end = span.end
    out = original
    for start, end, new in reversed(edits):
        out = out[:start] + new + out[end:]
    return out, edits


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
