"""Report sources: load one report file by its suffix, and discover report files under directories."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from auditor.errors import InputError
from auditor.sources.exclude import Excluder
from auditor.sources.files import MAX_DOCUMENT_BYTES, MAX_TEXT_BYTES
from auditor.sources.txt import CellData, SourceText, TableData, decode_bytes, read_text_file

__all__ = ["MAX_DOCUMENT_BYTES", "MAX_TEXT_BYTES", "CellData", "Excluder", "SourceText", "TableData", "decode_bytes", "discover", "load", "read_text_file"]

_REPORT_SUFFIXES = frozenset({".txt", ".text", ".docx", ".pdf"})


def load(path: str | Path) -> SourceText:
    """Read one report: .docx (Word), .pdf, or plain text (any other suffix); InputError if it cannot be read."""
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix == ".doc" and os.path.exists(name):
        raise InputError(f"{name}: old Word .doc files are not supported; save the report as .docx")
    if suffix == ".docx":
        from auditor.sources.docx import read_docx
        return read_docx(Path(name))
    if suffix == ".pdf":
        from auditor.sources.pdf import read_pdf
        return read_pdf(Path(name))
    return read_text_file(Path(name))


def _is_report(filename: str) -> bool:
    return not filename.startswith(".") and os.path.splitext(filename)[1].lower() in _REPORT_SUFFIXES


def _walk(directory: str, exclude: Excluder | None = None) -> list[str]:
    """Report files under ``directory`` (recursively, hidden entries and excluded ones skipped), sorted by path
    components."""
    found: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")
                   and not (exclude and exclude.skips(os.path.join(root, d), True, directory))]
        for f in files:
            if _is_report(f):
                full = os.path.join(root, f)
                if exclude and exclude.skips(full, False, directory):
                    continue
                found.append((Path(os.path.relpath(full, directory)).parts, full))
    found.sort()
    return [full for _, full in found]


def discover(paths: Sequence[str], exclude: Excluder | None = None, seen: set[str] | None = None) -> list[str]:
    """Expand the command-line paths to the report files to lint.

    Directories are searched recursively for *.txt / *.docx / *.pdf files (sorted, hidden files and directories
    skipped, and those ``exclude`` skips: configured patterns, .gitignore); explicit file arguments are kept as
    given whatever their suffix (unless ``exclude.force``). The result keeps argument order and contains each file
    once (also across calls sharing ``seen``).
    """
    out: list[str] = []
    seen = set() if seen is None else seen
    for arg in paths:
        if os.path.isdir(arg):
            before = exclude.skipped if exclude is not None else 0
            files = _walk(arg, exclude)
            if not files:
                skipped = (exclude.skipped if exclude is not None else 0) - before
                raise InputError(f"{arg}: no report files (*.txt, *.docx, *.pdf) found in directory"
                                 + (f" ({skipped} excluded: configuration, default folders or .gitignore)"
                                    if skipped else ""))
        elif os.path.exists(arg):
            files = [] if exclude is not None and exclude.force and exclude.excluded(arg, False) else [arg]
        else:
            raise InputError(f"{arg}: no such file or directory")
        for f in files:
            key = os.path.normcase(os.path.realpath(f))
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out
