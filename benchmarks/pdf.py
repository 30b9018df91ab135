"""PDF loading: PDFium (the reader auditor uses) against pdfminer (the one it replaced), file by file.

    python -m benchmarks.pdf [PDF or folder ...]      (default: the bundled PDFs, fixtures/pdf)

For each PDF: the CPU time of ``read_pdf`` through each reader (the least of --repeat runs, so that other work on
the machine does not count), their ratio, and whether the two give the same report text and table cells:
``same`` (identical), ``spaces`` (identical once blanks are removed: PDFium does not report the blank characters
of a content stream, and a blank decides a word break where two words touch), ``refused by both`` (the same
one-line refusal), or ``DIFFERENT``. Exits 1 when any file is DIFFERENT.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from auditor.errors import InputError
from auditor.sources import pdf
from auditor.sources.txt import SourceText

_BLANKS = re.compile(r"[ \t]+")


def _timed(path: Path, fast: bool, repeat: int) -> tuple[float, SourceText | str]:
    """The least CPU time of ``repeat`` readings, and what was read (or the message of a refusal)."""
    reader = pdf._read_pages_fast
    if not fast:
        pdf._read_pages_fast = lambda _fh, _name: None   # type: ignore[assignment]
    source: SourceText | str = ""
    try:
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            try:
                source = pdf.read_pdf(path)
            except InputError as exc:
                source = str(exc).split(": ", 1)[-1]
            best = min(best, time.process_time() - start)
    finally:
        pdf._read_pages_fast = reader   # type: ignore[assignment]
    return best, source


def _cells(source: SourceText) -> list[list[tuple[int, int, str]]]:
    return [[(c.row, c.col, _BLANKS.sub("", c.text)) for c in t.cells] for t in source.tables]


def compare(a: SourceText | str, b: SourceText | str) -> str:
    if isinstance(a, str) or isinstance(b, str):
        return "refused by both" if a == b else "DIFFERENT"
    if a.text == b.text and a.tables == b.tables and a.pages == b.pages:
        return "same"
    if _BLANKS.sub("", a.text) == _BLANKS.sub("", b.text) and _cells(a) == _cells(b) and len(a.pages) == len(b.pages):
        return "spaces"
    return "DIFFERENT"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("fixtures/pdf")])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    files = sorted(f for p in args.paths for f in ([p] if p.is_file() else p.rglob("*.pdf")))
    _timed(files[0], True, 1)   # imports and PDFium's start-up are not the reading
    totals = [0.0, 0.0]
    verdicts: dict[str, int] = {}
    print(f"{'file':44s} {'pdfminer ms':>11s} {'PDFium ms':>9s} {'faster':>6s}  text")
    for f in files:
        slow, a = _timed(f, False, args.repeat)
        fast, b = _timed(f, True, args.repeat)
        verdict = compare(b, a)
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
        totals[0] += slow
        totals[1] += fast
        print(f"{f.name[:44]:44s} {slow * 1000:11.0f} {fast * 1000:9.0f} {slow / fast:5.1f}×  {verdict}", flush=True)
    n = len(files)
    print(f"{n} files: pdfminer {totals[0] / n * 1000:.0f} ms/file, PDFium {totals[1] / n * 1000:.0f} ms/file, "
          f"{totals[0] / totals[1]:.1f}× faster; text " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
    return 1 if verdicts.get("DIFFERENT") else 0


if __name__ == "__main__":
    sys.exit(main())
