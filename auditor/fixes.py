"""Corrections: plan the fixes findings carry — the safe ones, and the unsafe ones on request (never the suggestions
that carry no fix) —, apply them to a report's text, show them (a unified diff, or the changed words in context) and
write them back."""

from __future__ import annotations

import codecs
import difflib
from pathlib import Path

from auditor.engine import Finding
from auditor.errors import UsageError
from auditor.records import dataclass
from auditor.report.escape import visible
from auditor.safewrite import Snapshot, replace_report
from auditor.spans import LineIndex

CONTEXT = 20      # characters shown either side of a change in the word view (within its line)


@dataclass(frozen=True, slots=True, kw_only=True)
class Edit:
    """One replacement in a report's original text: characters [start, end) become ``new`` (``rule``'s fix)."""

    start: int
    end: int
    new: str
    rule: str
    applicability: str = "safe"


def plan(original: str, findings: list[Finding], *, unsafe: bool = False) -> list[Edit]:
    """The edits the findings' fixes make (the unsafe ones too when ``unsafe``), in text order.

    A finding repeated at several places (``also``) is fixed at each; of overlapping fixes the first wins; a place
    that already reads as its fix is left alone.
    """
    edits: list[Edit] = []
    last_end = -1
    places = sorted(((span, f) for f in findings if f.fix is not None and (unsafe or f.applicability == "safe")
                     for span in (f.span, *f.also)), key=lambda x: (x[0].start, x[0].end))
    for span, f in places:
        assert f.fix is not None
        if span.start < last_end or original[span.start:span.end] == f.fix:
            continue
        edits.append(Edit(start=span.start, end=span.end, new=f.fix, rule=f.rule, applicability=f.applicability))
        last_end = span.end
    return edits


def apply_edits(original: str, edits: list[Edit]) -> str:
    out = original
    for e in reversed(edits):
        out = out[:e.start] + e.new + out[e.end:]
    return out


def apply_fixes(original: str, findings: list[Finding], *, unsafe: bool = False) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with every safe fix applied (and the unsafe ones too when ``unsafe``), and the edits made (start, end,
    replacement) in text order."""
    edits = plan(original, findings, unsafe=unsafe)
    return apply_edits(original, edits), [(e.start, e.end, e.new) for e in edits]


def held_back(findings: list[Finding], *, unsafe: bool) -> int:
    """How many places have an unsafe fix that is not applied (without ``unsafe``)."""
    return 0 if unsafe else sum(1 + len(f.also) for f in findings if f.fix is not None and f.applicability != "safe")


def fixed_findings(original: str, findings: list[Finding], done: list[tuple[int, int, str]]) -> set[tuple[str, int, int]]:
    """(rule, start, end) of the findings corrected at every place: by an edit in ``done``, or already right."""
    made = {(start, end) for start, end, _new in done}
    return {(f.rule, f.span.start, f.span.end) for f in findings if f.fix is not None
            and all((s.start, s.end) in made or original[s.start:s.end] == f.fix for s in (f.span, *f.also))}


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


_OLD, _NEW, _DIM, _RESET = "\x1b[9;31m", "\x1b[32m", "\x1b[2m", "\x1b[0m"


def word_view(path: str, original: str, lines: LineIndex, edits: list[Edit], *, color: bool = False) -> str:
    """Each change as ``path:line:col: old → new (RULE)`` and the changed words in up to CONTEXT characters of their
    line: ``…context[-old-]{+new+}context…`` (git's --word-diff=plain), or red and green with ``color``."""
    out: list[str] = []
    for e in edits:
        line, col = lines.position(e.start)
        first = lines.line_start(line)
        last_line, _ = lines.position(e.end)
        last = lines.line_start(last_line) + len(lines.line_text(last_line))
        a, b = max(first, e.start - CONTEXT), max(e.end, min(last, e.end + CONTEXT))
        old = original[e.start:e.end]
        before = ("…" if a > first else "") + visible(original[a:e.start], lines=True)
        after = visible(original[e.end:b], lines=True) + ("…" if b < last else "")
        kind = "" if e.applicability == "safe" else f", {e.applicability}"
        out.append(f"{path}:{line}:{col}: {visible(old) or '(inserted)'} → {visible(e.new) or '(deleted)'} "
                   f"({e.rule}{kind})")
        if color:
            change = (f"{_OLD}{visible(old, lines=True)}{_RESET}" if old else "") + \
                     (f"{_NEW}{visible(e.new, lines=True)}{_RESET}" if e.new else "")
            out.append(f"    {_dim(before)}{change}{_dim(after)}")
        else:
            change = (f"[-{visible(old, lines=True)}-]" if old else "") + \
                     (f"{{+{visible(e.new, lines=True)}+}}" if e.new else "")
            out.append(f"    {before}{change}{after}")
    return "".join(line + "\n" for line in out)


def _dim(text: str) -> str:
    return f"{_DIM}{text}{_RESET}" if text else ""


_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
         "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


def write_text_report(path: str, text: str, encoding: str, read: Snapshot | None, *, force: bool = False) -> None:
    """Replace a text report with ``text`` in the encoding (and byte order mark) it was read with."""
    try:
        data = _BOMS.get(encoding, b"") + text.encode(encoding)
    except UnicodeEncodeError:
        raise UsageError(f"cannot write {path}: the corrected text cannot be written in {encoding}") from None
    replace_report(path, data, read, force=force)


def fixed_copy(path: str) -> str:
    """Where a Word report's corrected copy goes: report.fixed.docx (a corrected copy is itself updated)."""
    if path.lower().endswith(".fixed.docx"):
        return path
    return str(Path(path).with_suffix("")) + ".fixed.docx"
