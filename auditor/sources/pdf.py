"""PDF reports: text in reading order, page headers, footers and numbers dropped, lines wrapped by the layout
rejoined, ruled tables kept as tables."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO

from auditor import rx
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
from auditor.sources.pdfguard import (
    MAX_INFLATED_BYTES,
    MAX_STREAM_BYTES,
    InflateLimit,
    bounded,
    decode_page_streams,
)
from auditor.sources.txt import CellData, SourceText, TableData

MAX_PAGES = 500
_PAGE_NUMBER = rx.compile(r"^[\s\-—–·]*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|\d+)[\s\-—–·]*$")
_ZERO_WIDTH = rx.compile("[\u200b\u200c\u200d\u2060\ufeff\r]")
_STOP = "。！？；!?;"      # a line ending so ends its paragraph; any other ending may run on
_MARKER = rx.compile(r"\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．]|[①-⑳])\s*")


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
_UNIT_IN_SENTENCE = rx.compile(r"[万亿]?元(?=[，,、。；;）)])")
_NO_FIGURE = rx.compile(r"[\u4e00-\u9fff，,、。；;：:][ \t]*$")
_MEASURE = rx.compile(r"(?:千|百|十|万|单位[：:]?|美|港|日|多|余|个|每|按)[ \t]*$")


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


Line = tuple[str, float, float, float]
Box = tuple[float, float, float, float]
Pages = tuple[list[list[Line]], list[list[tuple[Box, list[list[str]]]]]]


def _read_pages(fh: BinaryIO, name: str) -> Pages:
    """Each page's text lines outside its ruled tables, and its tables' rows: through PDFium when every page
    is laid out plainly (pdffast), else through pdfminer."""
    try:
        import pdfplumber  # noqa: F401 - both readers lay out lines and tables with pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError:   # pragma: no cover - a declared dependency
        raise InputError(f"{name}: PDF support is not installed (pip install pdfplumber)") from None
    with bounded() as budget:
        try:
            count = decode_page_streams(fh)
        except InflateLimit:
            pass
        except PDFPasswordIncorrect:
            raise InputError(f"{name}: the PDF is password-protected") from None
        except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
            if not budget.exceeded:
                raise _unreadable(name, exc) from None
        if budget.exceeded:
            raise _bomb(name)
    if count > MAX_PAGES:
        raise InputError(f"{name}: refused: {count} pages (limit {MAX_PAGES})")
    fh.seek(0)
    fast = _read_pages_fast(fh, name)
    if fast is not None:
        return fast
    fh.seek(0)
    return _read_pages_pdfminer(fh, name)


def _unreadable(name: str, exc: BaseException) -> InputError:
    if _locked(exc):
        return InputError(f"{name}: the PDF is password-protected")
    return InputError(f"{name}: cannot read the PDF ({type(exc).__name__}: {str(exc)[:80]})")


def _too_large(name: str) -> InputError:
    return InputError(f"{name}: refused: the text of the PDF is larger than a report can be "
                      f"(limit {MAX_TEXT_BYTES // MiB} MB)")


def _text_bytes(lines: list[Line], tables: list[tuple[Box, list[list[str]]]]) -> int:
    """The bytes a page's lines and table cells add to the report's text."""
    return (sum(len(t.encode("utf-8", "surrogatepass")) + 1 for t, *_rest in lines)
            + sum(len(c.encode("utf-8", "surrogatepass")) + 1 for _box, rows in tables for row in rows for c in row))


def _in_table(top: float, boxes: list[Box]) -> bool:
    """Whether a line or character whose top is ``top`` stands in one of a page's tables."""
    return any(b[1] - 1 <= top <= b[3] + 1 for b in boxes)


def _bomb(name: str) -> InputError:
    return InputError(f"{name}: refused: a stream of the PDF inflates beyond {MAX_STREAM_BYTES // MiB} MB, "
                      f"or all together beyond {MAX_INFLATED_BYTES // MiB} MB (a flate bomb?)")


def _read_pages_fast(fh: BinaryIO, name: str) -> Pages | None:
    """The pages read by PDFium, or None when a page is not plain (rotated, offset boxes) or PDFium is missing."""
    try:
        import pypdfium2 as pdfium  # type: ignore[import-untyped]

        from auditor.sources import pdffast
    except ImportError:   # pragma: no cover - installed with pdfplumber's extras; pdfminer reads instead
        return None
    pages: list[list[Line]] = []
    raw_tables: list[list[tuple[Box, list[list[str]]]]] = []
    try:
        doc = pdfium.PdfDocument(fh)
    except pdfium.PdfiumError as exc:
        raise _unreadable(name, exc) from None
    try:
        size = 0
        doctop = 0.0
        for i in range(len(doc)):
            try:
                page = doc[i]
            except pdfium.PdfiumError:
                return None    # a page PDFium cannot load: pdfminer may still read it
            try:
                if not pdffast.plain(page):
                    return None
                read = pdffast.read_page(page, doctop)
            except pdfium.PdfiumError:
                return None
            finally:
                page.close()
            doctop += read.height
            tables = _fast_tables(read)
            lines = _fast_lines(read, [box for box, _rows in tables])
            raw_tables.append(tables)
            pages.append(lines)
            size += _text_bytes(lines, tables)
            if size > MAX_TEXT_BYTES:
                raise _too_large(name)
    finally:
        doc.close()
    return pages, raw_tables


def _fast_lines(page: Any, boxes: list[Box]) -> list[Line]:
    """As _page_lines, over a page PDFium read."""
    from pdfplumber.utils import chars_to_textmap

    # a line whose top is in a table is dropped below: its characters need not be laid out at all
    chars = [c for c in page.chars if not _in_table(c["top"], boxes)] if boxes else page.chars
    if not chars:
        return []
    textmap = chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height)
    return _outside(textmap.extract_text_lines(strip=True, return_chars=False), boxes)


def _fast_tables(page: Any) -> list[tuple[Box, list[list[str]]]]:
    """As _page_tables, over a page PDFium read; each table reads only the characters inside it."""
    from auditor.sources.pdffast import find_tables

    if not page.edges:
        return []
    try:
        found = find_tables(page)
    except Exception:  # noqa: BLE001 - a page whose graphics confuse the table finder: read it as text
        return []
    if not found:
        return []
    # each character by the middle of its box, top to bottom: a row takes those whose middle is inside it
    placed = sorted((((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, k) for k, c in enumerate(page.chars)))
    middles = [p[0] for p in placed]
    return [(tuple(table.bbox), _cells(table, page.chars, placed, middles)) for table in found]


def _cells(table: Any, chars: list[dict[str, Any]], placed: list[tuple[float, float, int]],
           middles: list[float]) -> list[list[str]]:
    """What pdfplumber's Table.extract gives (a character belongs to the cell holding the middle of its box,
    cells read in stream order), without testing every character of the page for every row."""
    from bisect import bisect_left

    from pdfplumber.utils import extract_text

    rows = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        inside = [p for p in placed[bisect_left(middles, top):bisect_left(middles, bottom)] if x0 <= p[1] < x1]
        texts = []
        for cell in row.cells:
            if cell is None:
                texts.append("")
                continue
            cx0, ctop, cx1, cbottom = cell
            ks = sorted(k for v, h, k in inside if cx0 <= h < cx1 and ctop <= v < cbottom)
            texts.append(extract_text([chars[k] for k in ks]).replace("\n", "") if ks else "")
        rows.append(texts)
    return rows


def _read_pages_pdfminer(fh: BinaryIO, name: str) -> Pages:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    pages: list[list[Line]] = []
    raw_tables: list[list[tuple[Box, list[list[str]]]]] = []
    with bounded() as budget:
        try:
            with pdfplumber.open(fh) as pdf:  # type: ignore[arg-type]  # any binary file object will do
                size = 0                          # the page count was checked by _read_pages
                for page in pdf.pages:
                    tables = _page_tables(page)
                    lines = _page_lines(page, [box for box, _rows in tables])
                    page.close()                  # drop the page's cached objects: memory stays per page
                    raw_tables.append(tables)
                    pages.append(lines)
                    size += _text_bytes(lines, tables)
                    if budget.exceeded:
                        break
                    if size > MAX_TEXT_BYTES:
                        raise _too_large(name)
        except InputError:
            raise
        except PDFPasswordIncorrect:
            raise InputError(f"{name}: the PDF is password-protected") from None
        except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
            if not (budget.exceeded or isinstance(exc, InflateLimit)):
                raise _unreadable(name, exc) from None
        if budget.exceeded:
            raise _bomb(name)
    return pages, raw_tables


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


def _page_lines(page: Any, boxes: list[Box]) -> list[Line]:
    """(text, x1, top, bottom) for each text line of a page outside its tables, top to bottom."""
    return _outside(page.extract_text_lines(return_chars=False, strip=True), boxes)


def _outside(lines: list[dict[str, Any]], boxes: list[Box]) -> list[Line]:
    """pdfplumber's text lines, as (text, x1, top, bottom), but those whose top is in a table and the blank ones."""
    out = []
    for line in lines:
        text = _ZERO_WIDTH.sub("", line["text"])
        top = float(line["top"])
        if text.strip() and not _in_table(top, boxes):
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
