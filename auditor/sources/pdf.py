"""PDF reports: text in reading order, page headers, footers and numbers dropped, lines wrapped by the layout
rejoined, ruled tables kept as tables."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO

from auditor.errors import InputError
from auditor.sources.files import (
    MAX_DOCUMENT_BYTES,
    MAX_TEXT_BYTES,
    MiB,
    file_size,
    open_regular,
    read_head,
    refuse_size,
)
from auditor.sources.pdfguard import MAX_INFLATED_BYTES, MAX_STREAM_BYTES, InflateLimit, bounded
from auditor.sources.txt import CellData, SourceText, TableData

MAX_PAGES = 500
_PAGE_NUMBER = re.compile(r"^[\s\-—–·]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+)[\s\-—–·]*$")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\r]")
_STOP = "。！？；!?;"      # a line ending so ends its paragraph; any other ending may run on
_MARKER = re.compile(r"\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．]|[①-⑳])\s*")


def read_pdf(path: Path) -> SourceText:
    """Read a .pdf report, or raise InputError with one line saying why it cannot be read.

    Only the first bytes are read to recognise a PDF, a file over MAX_DOCUMENT_BYTES is refused before it is
    parsed, streams inflate within pdfguard's limits, and reading stops once the text passes MAX_TEXT_BYTES."""
    name = str(path)
    with open_regular(name) as fh:
        head = read_head(fh, 5)
        if not head:
            raise InputError(f"{name}: empty file")
        if head != b"%PDF-":
            raise InputError(f"{name}: not a PDF file")
        size = file_size(fh)
        if size > MAX_DOCUMENT_BYTES:
            raise refuse_size(name, size, MAX_DOCUMENT_BYTES, "a PDF report")
        pages, raw_tables = _read_pages(fh, name)
    if not any(lines for lines in pages) and not any(rows for tables in raw_tables for _box, rows in tables):
        raise InputError(f"{name}: the PDF has no text layer (a scanned document?); run OCR on it first")
    source = _assemble(name, pages, raw_tables)
    apart, amounts = figures_apart(source.text)
    if apart >= MIN_APART and 2 * apart >= amounts:
        raise InputError(f"{name}: the PDF's text is not in reading order: {apart} of the {amounts} amounts in its "
                         "sentences have no figure before their unit (a page set in several columns or text boxes); "
                         "auditor cannot read it reliably: save it as Word or text and lint that")
    return source


# …补助下级支出 亿元，… 其他支出 亿元。: an amount's unit in a sentence with no figure before it. A PDF page set in
# columns or text boxes can give its words and its figures in two runs (032_hohhot: 130 of 145 such units); a real
# report has next to none (at most 1 in 8 on the corpus and held-out reports: 单位：万元，…).
MIN_APART = 20
_UNIT_IN_SENTENCE = re.compile(r"[万亿]?元(?=[，,、。；;）)])")
_NO_FIGURE = re.compile(r"[\u4e00-\u9fff，,、。；;：:][ \t]*$")
_MEASURE = re.compile(r"(?:千|百|十|万|单位[：:]?|美|港|日|多|余|个|每|按)[ \t]*$")


def figures_apart(text: str) -> tuple[int, int]:
    """How many of the amounts' units (万元, 亿元, 元) in the sentences of ``text`` have no figure before them, and how
    many units there are."""
    units = 0
    apart = 0
    for m in _UNIT_IN_SENTENCE.finditer(text):
        units += 1
        before = text[max(0, m.start() - 4):m.start()]
        if _NO_FIGURE.search(before) and not _MEASURE.search(before):
            apart += 1
    return apart, units


def _read_pages(fh: BinaryIO, name: str) -> tuple[list[list[tuple[str, float, float, float]]],
                                                    list[list[tuple[Box, list[list[str]]]]]]:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError:   # pragma: no cover - a declared dependency
        raise InputError(f"{name}: PDF support is not installed (pip install pdfplumber)") from None
    pages: list[list[tuple[str, float, float, float]]] = []
    raw_tables: list[list[tuple[Box, list[list[str]]]]] = []
    with bounded() as budget:
        try:
            with pdfplumber.open(fh) as pdf:  # type: ignore[arg-type]  # any binary file object will do
                if len(pdf.pages) > MAX_PAGES:
                    raise InputError(f"{name}: refused: {len(pdf.pages)} pages (limit {MAX_PAGES})")
                size = 0
                for page in pdf.pages:
                    tables = _page_tables(page)
                    lines = _page_lines(page, [box for box, _rows in tables])
                    page.close()                  # drop the page's cached objects: memory stays per page
                    raw_tables.append(tables)
                    pages.append(lines)
                    size += sum(len(t.encode("utf-8", "surrogatepass")) + 1 for t, *_rest in lines)
                    size += sum(len(c.encode("utf-8", "surrogatepass")) + 1
                                for _box, rows in tables for row in rows for c in row)
                    if budget.exceeded:
                        break
                    if size > MAX_TEXT_BYTES:
                        raise InputError(f"{name}: refused: the text of the PDF is larger than a report can be "
                                         f"(limit {MAX_TEXT_BYTES // MiB} MB)")
        except InputError:
            raise
        except PDFPasswordIncorrect:
            raise InputError(f"{name}: the PDF is password-protected") from None
        except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
            if budget.exceeded or isinstance(exc, InflateLimit):
                pass
            elif _locked(exc):
                raise InputError(f"{name}: the PDF is password-protected") from None
            else:
                raise InputError(f"{name}: cannot read the PDF ({type(exc).__name__}: {str(exc)[:80]})") from None
        if budget.exceeded:
            raise InputError(f"{name}: refused: a stream of the PDF inflates beyond {MAX_STREAM_BYTES // MiB} MB, "
                             f"or all together beyond {MAX_INFLATED_BYTES // MiB} MB (a flate bomb?)")
    return pages, raw_tables


Box = tuple[float, float, float, float]


def _locked(exc: BaseException) -> bool:
    """Whether an exception (or one it wraps: pdfplumber wraps pdfminer's) says the PDF needs a password."""
    seen: list[BaseException] = []
    todo: list[object] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or e in seen:
            continue
        seen.append(e)
        if "Password" in type(e).__name__ or "password" in str(e).lower() or "encrypt" in str(e).lower():
            return True
        todo.extend([e.__cause__, e.__context__, *e.args])
    return False


def _page_lines(page: Any, boxes: list[Box]) -> list[tuple[str, float, float, float]]:
    """(text, x1, top, bottom) for each text line of a page outside its tables, top to bottom."""
    out = []
    for line in page.extract_text_lines(return_chars=False, strip=True):
        text = _ZERO_WIDTH.sub("", line["text"])
        top = float(line["top"])
        if text.strip() and not any(b[1] - 1 <= top <= b[3] + 1 for b in boxes):
            out.append((text, float(line["x1"]), top, float(line["bottom"])))
    return out


def _page_tables(page: Any) -> list[tuple[Box, list[list[str]]]]:
    try:
        found = page.find_tables()
    except Exception:  # noqa: BLE001 - a page whose graphics confuse the table finder: read it as text
        return []
    return [(tuple(t.bbox), [[(c or "").replace("\n", "") for c in row] for row in t.extract()]) for t in found]


def _assemble(name: str, pages: list[list[tuple[str, float, float, float]]],
              raw_tables: list[list[tuple[Box, list[list[str]]]]]) -> SourceText:
    repeated = _running_lines(pages)
    width = max((x1 for lines in pages for _t, x1, _top, _b in lines), default=0.0)
    # the line pitch inside a paragraph, measured after lines the layout wrapped (they reach the margin)
    gaps = sorted(b[2] - a[2] for lines in pages for a, b in pairwise(lines)
                  if b[2] > a[2] and a[1] >= width - 14)
    pitch = gaps[len(gaps) // 2] if gaps else 0.0
    out: list[str] = []
    page_starts: list[int] = []
    tables: list[TableData] = []
    offset = 0
    current = ""
    for lines, page_tables in zip(pages, raw_tables):
        page_starts.append(offset + len(current))
        items: list[tuple[float, str, float, list[list[str]] | None]] = [
            (top, t, x1, None) for t, x1, top, _b in lines if t.strip() not in repeated and not _PAGE_NUMBER.match(t)]
        items += [(box[1], "", 0.0, rows) for box, rows in page_tables]
        ordered = sorted(items, key=lambda it: it[0])
        for k, (top, text, x1, rows) in enumerate(ordered):
            if rows is not None:
                if current:
                    out.append(current)
                    offset += len(current) + 1
                    current = ""
                table, rendered = _table(rows, len(tables) + 1, offset)
                tables.append(table)
                out.extend(rendered)
                offset += sum(len(r) + 1 for r in rendered)
                continue
            if current and current[-1].isascii() and text[:1].isascii() and not current[-1].isspace():
                current += " "   # the layout wrapped at a space between two Latin words; keep it
            current += text
            # a line that runs to the right margin without ending its sentence was wrapped by the layout;
            # so was one that stops short of it at a space (a long word went to the next line)
            if text[-1:] not in _STOP:
                if k + 1 < len(ordered):
                    top2, nxt, _x, rows2 = ordered[k + 1]
                    # the next line at the usual line pitch continues the paragraph; a wider gap starts a new one
                    if rows2 is None and not _MARKER.match(nxt) and pitch and top2 - top <= pitch * 1.25:
                        continue
                elif (x1 >= 0.6 * width and text[-1:] not in "：:）)”") or _MARKER.fullmatch(text):
                    continue   # the last line of a page running on (or a lone marker): the next page continues
            out.append(current)
            offset += len(current) + 1
            current = ""
    if current:
        out.append(current)
    return SourceText(path=name, text="\n".join(out) + "\n", encoding="pdf", tables=tuple(tables),
                      pages=tuple(page_starts))


def _running_lines(pages: list[list[tuple[str, float, float, float]]]) -> set[str]:
    """Lines repeated at the top or bottom of most pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    edges: Counter[str] = Counter()
    for lines in pages:
        for text, *_rest in lines[:2] + lines[-2:]:
            edges[re.sub(r"\d+", "#", text.strip())] += 1
    common = {t for t, n in edges.items() if n >= max(3, len(pages) * 0.6)}
    return {text.strip() for lines in pages for text, *_rest in lines[:2] + lines[-2:]
            if re.sub(r"\d+", "#", text.strip()) in common}


def _table(rows: list[list[str]], index: int, offset: int) -> tuple[TableData, list[str]]:
    cells: list[CellData] = []
    rendered: list[str] = []
    for r, row in enumerate(rows, start=1):
        line = ""
        for c, text in enumerate(row, start=1):
            if line or c > 1:
                line += "\t"
            start = offset + len(line)
            line += text
            cells.append(CellData(row=r, col=c, text=text, start=start, end=start + len(text)))
        rendered.append(line)
        offset += len(line) + 1
    return TableData(index=index, cells=tuple(cells), start=cells[0].start if cells else offset, end=offset,
                     source="pdf"), rendered
