"""A PDF page's characters and ruling lines read with PDFium (pypdfium2), in the form pdfplumber gives them.

pdfplumber reads a page through pdfminer's content-stream interpreter, written in Python: about 95% of the time
auditor spent on a PDF. PDFium interprets the page in C. This module asks it for what pdfplumber's line and table
finders need, and no more: each character's text, its box as pdfminer draws it (standing on the font's descent,
the font size tall, from the glyph's origin to its advance) and whether it is upright; and the page's ruling lines
as pdfminer classifies a path (a two-point path is a line, a closed axis-aligned four-point path a rectangle,
anything else a curve through its points). pdfplumber's WordExtractor, TextMap and table finder then run on them,
so lines, words and table cells are formed by the same code and tolerances as before (only the search for each
table cell is indexed: ``find_tables``).

What differs: PDFium does not report most blank characters of a content stream (it drops them and puts a space
of its own where it judges a word ends). Its own spaces are left out, as pdfminer has none; where a stream blank
separated two words closer than pdfplumber's 3 pt, the two now run together ("13.56 %" reads "13.56%"), and
nothing else changes. ``benchmarks/pdf.py`` compares the two readers on any set of PDFs.

Only pages laid out the plain way qualify: not rotated, media box at the origin and equal to the crop box. A
document with any other page is read by pdfminer as before (``plain`` says which).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as R  # type: ignore[import-untyped]

Point = tuple[float, float]
Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_FORM_DEPTH = 8


class Page:
    """What pdfplumber's TableFinder and Table.extract read of a page: its chars, edges and box."""

    __slots__ = ("bbox", "chars", "edges", "height", "width")

    def __init__(self, chars: list[dict[str, Any]], edges: list[dict[str, Any]], width: float, height: float):
        self.chars = chars
        self.edges = edges
        self.width = width
        self.height = height
        self.bbox = (0.0, 0.0, width, height)


def plain(page: pdfium.PdfPage) -> bool:
    """Whether ``page`` is unrotated with its media box at the origin and equal to its crop box."""
    media = tuple(round(v, 3) for v in page.get_mediabox())
    crop = tuple(round(v, 3) for v in page.get_cropbox())
    return page.get_rotation() == 0 and media[:2] == (0, 0) and crop == media


def read_page(page: pdfium.PdfPage, doctop: float) -> Page:
    """The characters and edges of ``page``; ``doctop``: the height of the pages before it."""
    # PDFium keeps numbers in single precision (578.47 is 578.469970703125); pdfminer computes in double from the
    # numbers written in the file, mostly with three decimals or fewer. The page size, and the points and matrices
    # of ruling lines, are taken back to those numbers, and the lines placed on the page in double as pdfminer
    # does: the table finder's 3 pt tolerances are often met exactly (a rule ending 3 pt short of another).
    width, height = (round(float(v), 3) for v in page.get_size())
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, height, doctop)
    finally:
        textpage.close()
    # every copy of a border drawn twice is kept: the table finder snaps a border to the mean of its copies
    edges = list(_edges(page, height, doctop))
    return Page(chars, edges, width, height)


def _chars(textpage: pdfium.PdfTextPage, height: float, doctop: float) -> list[dict[str, Any]]:
    raw = textpage.raw
    rect = R.FS_RECTF()
    ox = ctypes.c_double()
    oy = ctypes.c_double()
    count = R.FPDFText_CountChars(raw)
    codes = _codes(raw, count)
    fonts: dict[int, float | None] = {}
    objects: dict[int, tuple[bool, float | None, float]] = {}
    out: list[dict[str, Any]] = []
    generated: list[int] = []
    for i in range(count):
        code = codes[i] if codes is not None else R.FPDFText_GetUnicode(raw, i)
        if code in (0x0D, 0x0A):
            continue   # a line break PDFium inferred
        if code == 0x20 and R.FPDFText_IsGenerated(raw, i) == 1:
            # a space PDFium put where it judged a word ends (for a blank of the stream it dropped, or a wide gap):
            # left out, as pdfminer has none of its own, except between characters of two sizes (_with_blanks)
            if out:
                generated.append(len(out))
            continue
        if code in (0x02, 0xFFFE):
            if R.FPDFText_IsHyphen(raw, i) != 1:
                continue
            code = 0x2D   # a hyphen ending a line, which PDFium reports as a soft hyphen
        R.FPDFText_GetLooseCharBox(raw, i, rect)
        x0, x1 = float(rect.left), float(rect.right)
        y0, y1 = float(rect.bottom), float(rect.top)
        obj = R.FPDFText_GetTextObject(raw, i)
        key = ctypes.addressof(obj.contents) if obj else 0
        known = objects.get(key)
        if known is None:
            known = objects[key] = _text_object(raw, i, obj, fonts)
        upright, descent, size = known
        if descent is not None:
            # PDFium's loose box spans the font's descent to ascent; pdfminer's stands on the descent and is the
            # font size tall. It starts at the origin, where PDFium's may start further right (a glyph drawn
            # over the one before)
            R.FPDFText_GetCharOrigin(raw, i, ox, oy)
            x0 = ox.value
            y0 = oy.value + descent * size / 1000
            y1 = y0 + size
        top, bottom = height - y1, height - y0
        out.append({"text": chr(code), "x0": x0, "x1": x1, "top": top, "bottom": bottom, "height": bottom - top,
                    "size": bottom - top, "doctop": doctop + top, "upright": upright})
    return _with_blanks(out, generated) if generated else out


def _with_blanks(chars: list[dict[str, Any]], generated: list[int]) -> list[dict[str, Any]]:
    """The characters with a blank where PDFium put a space of its own between two characters of different sizes
    on one line: a footnote's raised number and its text (“5 2024年…”), whose blank pdfminer kept and PDFium
    dropped; without it the two would read as one figure (52024). Elsewhere PDFium's spaces are left out: kept
    wherever the characters stand 1 pt apart or more, they made the text differ from pdfminer's in 729 lines of
    52 reports instead of 110."""
    out: list[dict[str, Any]] = []
    k = 0
    for n, c in enumerate(chars):
        while k < len(generated) and generated[k] == n:
            prev = chars[n - 1]
            if c["upright"] and prev["upright"] and abs(c["size"] - prev["size"]) > 0.2 * max(c["size"], prev["size"]):
                out.append({**prev, "text": " ", "x0": prev["x1"], "x1": max(prev["x1"], c["x0"])})
            k += 1
        out.append(c)
    return out


def _codes(raw: Any, count: int) -> list[int] | None:
    """The page's characters in one call, or None when they do not map one to one onto character indexes (a
    character beyond the BMP takes two UTF-16 units)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = R.FPDFText_GetText(raw, 0, count, buffer)
    codes = list(buffer[:max(written - 1, 0)])
    if len(codes) != count or any(0xD800 <= c < 0xE000 for c in codes):
        return None
    return codes


def _text_object(raw: Any, i: int, obj: Any, fonts: dict[int, float | None]) -> tuple[bool, float | None, float]:
    """Whether character ``i``'s text object is upright, its font's descent (None: keep PDFium's box) and its font
    size on the page: the same for every character of the object."""
    matrix = R.FS_MATRIX()
    R.FPDFText_GetMatrix(raw, i, matrix)
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    upright = 0 < a * d and b * c <= 0
    if not upright or not obj:
        return upright, None, 0.0
    font = R.FPDFTextObj_GetFont(obj)
    if not font:
        return upright, None, 0.0
    key = ctypes.addressof(font.contents)
    if key not in fonts:
        fonts[key] = _descent(font)
    return upright, fonts[key], R.FPDFText_GetFontSize(raw, i) * d


def _descent(font: Any) -> float | None:
    """A font's descent in thousandths of its size (pdfminer's), or None when PDFium has no ascent and descent
    for it (then its box is the glyph's)."""
    ascent = ctypes.c_float()
    descent = ctypes.c_float()
    if not R.FPDFFont_GetAscent(font, 1000, ascent) or not R.FPDFFont_GetDescent(font, 1000, descent):
        return None
    if ascent.value == descent.value:
        return None
    return float(descent.value)


def _edges(page: pdfium.PdfPage, height: float, doctop: float) -> Iterator[dict[str, Any]]:
    for obj, ctm in _paths(page.raw, R.FPDFPage_CountObjects, R.FPDFPage_GetObject, _IDENTITY, 0):
        fill = ctypes.c_int()
        stroke = ctypes.c_int()
        R.FPDFPath_GetDrawMode(obj, fill, stroke)
        if not fill.value and not stroke.value:
            continue
        for sub in _subpaths(obj):
            for edge in _shape_edges(_on_page(sub, ctm), height, doctop):
                # pdfplumber's table finder drops an edge shorter than 1 pt before anything else
                if edge["height" if edge["orientation"] == "v" else "width"] >= 1:
                    yield edge


def _paths(parent: Any, count: Any, get: Any, ctm: Matrix, depth: int) -> Iterator[tuple[Any, Matrix]]:
    """Each path object under ``parent`` (a page or form), with the matrix from its space to the page's."""
    m = R.FS_MATRIX()
    for k in range(count(parent)):
        obj = get(parent, k)
        kind = R.FPDFPageObj_GetType(obj)
        if kind not in (R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_FORM):
            continue
        R.FPDFPageObj_GetMatrix(obj, m)
        own = _compose((round(m.a, 6), round(m.b, 6), round(m.c, 6), round(m.d, 6), round(m.e, 3), round(m.f, 3)),
                       ctm)
        if kind == R.FPDF_PAGEOBJ_PATH:
            yield obj, own
        elif depth < _MAX_FORM_DEPTH:
            yield from _paths(obj, R.FPDFFormObj_CountObjects, R.FPDFFormObj_GetObject, own, depth + 1)


def _compose(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _subpaths(obj: Any) -> Iterator[tuple[list[Point], bool]]:
    """Each subpath's points in the path's own space, as written in the file (a Bézier segment gives its end
    point, as pdfminer's do), and whether it is closed."""
    x = ctypes.c_float()
    y = ctypes.c_float()
    pts: list[Point] = []
    bezier = 0
    last = None
    get_segment, get_type, get_point = R.FPDFPath_GetPathSegment, R.FPDFPathSegment_GetType, R.FPDFPathSegment_GetPoint
    for k in range(R.FPDFPath_CountSegments(obj)):
        seg = get_segment(obj, k)
        kind = get_type(seg)
        if kind == R.FPDF_SEGMENT_MOVETO:
            if pts:
                yield pts, bool(R.FPDFPathSegment_GetClose(last))
            pts, bezier, last = [], 0, seg
        elif not pts:
            continue   # a path must begin with a move; pdfminer ignores one that does not
        elif kind == R.FPDF_SEGMENT_BEZIERTO:
            # PDFium gives a curve's two control points as segments of their own; pdfminer keeps the end point
            bezier += 1
            if bezier % 3:
                continue
        last = seg
        get_point(seg, x, y)
        pts.append((round(x.value, 3), round(y.value, 3)))
    if pts:
        yield pts, bool(R.FPDFPathSegment_GetClose(last))


def _on_page(sub: tuple[list[Point], bool], ctm: Matrix) -> tuple[list[Point], bool]:
    """A subpath's points placed on the page, computed as pdfminer computes them. A rectangle drawn with ``re x y
    w h`` has its far corner at x + w, y + h, which pdfminer adds in double and PDFium in single precision: the
    sum is redone from the width and height."""
    pts, closed = sub
    if closed and len(pts) in (4, 5) and (len(pts) == 4 or pts[4] == pts[0]):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
        if y1 == y0 and x2 == x1 and x3 == x0 and y3 == y2:
            w, h = round(x1 - x0, 3), round(y2 - y1, 3)
            pts = [(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)] + ([(x0, y0)] if len(pts) == 5 else [])
    a, b, c, d, e, f = ctm
    return [(x * a + y * c + e, x * b + y * d + f) for x, y in pts], closed


def _shape_edges(sub: tuple[list[Point], bool], height: float, doctop: float) -> Iterator[dict[str, Any]]:
    pts, closed = sub
    pts = list(pts)
    if closed:
        if len(pts) > 2 and pts[-1] == pts[0]:
            pts.pop()          # an explicit return to the start before the close: pdfminer drops it
        pts.append(pts[0])
    if len(pts) == 2 or (closed and len(pts) == 3 and pts[2] == pts[0]):
        yield _edge("line", pts[0], pts[1], height, doctop)
        return
    if len(pts) == 5 and pts[4] == pts[0]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0):
            left, right = min(x0, x2), max(x0, x2)
            low, high = min(y0, y2), max(y0, y2)
            for p, q in (((left, high), (right, high)), ((left, low), (right, low)),
                         ((left, low), (left, high)), ((right, low), (right, high))):
                yield _edge("rect_edge", p, q, height, doctop)
            return
    for p, q in pairwise(pts):
        if p[0] == q[0] or p[1] == q[1]:
            yield _edge("curve_edge", p, q, height, doctop)


def _edge(kind: str, p: Point, q: Point, height: float, doctop: float) -> dict[str, Any]:
    x0, x1 = min(p[0], q[0]), max(p[0], q[0])
    top, bottom = height - max(p[1], q[1]), height - min(p[1], q[1])
    if kind == "curve_edge":
        orientation = "v" if p[0] == q[0] else "h"
    else:
        orientation = "h" if top == bottom else "v"
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": doctop + top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def find_tables(page: Page) -> list[Any]:
    """pdfplumber's tables of ``page`` under its default settings (``page.find_tables()``), found by the same
    steps; only the search for each intersection's smallest cell is indexed instead of rescanning every point."""
    from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections

    finder = TableFinder.__new__(TableFinder)
    finder.page = page  # type: ignore[assignment]  # a Page of ours: chars, edges and bbox, which is all it reads
    finder.settings = TableSettings.resolve(None)
    finder.edges = finder.get_edges()
    finder.intersections = edges_to_intersections(finder.edges, finder.settings.intersection_x_tolerance,
                                                  finder.settings.intersection_y_tolerance)
    finder.cells = _intersections_to_cells(finder.intersections)
    return [Table(page, cells) for cells in cells_to_tables(finder.cells)]  # type: ignore[arg-type]


def _intersections_to_cells(intersections: dict[Point, dict[str, list[dict[str, Any]]]]) -> list[Box]:
    """pdfplumber.table.intersections_to_cells, with each point's edges made a set once and the points below and
    to the right of a point looked up instead of filtered out of all the points after it."""
    from pdfplumber.utils import obj_to_bbox

    vertical = {p: frozenset(map(obj_to_bbox, found["v"])) for p, found in intersections.items()}
    horizontal = {p: frozenset(map(obj_to_bbox, found["h"])) for p, found in intersections.items()}

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]):
            return True
        return p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])

    points = sorted(intersections)
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    for p in points:                 # both in the points' sorted order
        columns.setdefault(p[0], []).append(p)
        rows.setdefault(p[1], []).append(p)
    place_in_column = {p: k for ps in columns.values() for k, p in enumerate(ps)}
    place_in_row = {p: k for ps in rows.values() for k, p in enumerate(ps)}
    cells = []
    for pt in points[:-1]:
        below = columns[pt[0]][place_in_column[pt] + 1:]
        right = rows[pt[1]][place_in_row[pt] + 1:]
        found = None
        for below_pt in below:
            if not connects(pt, below_pt):
                continue
            for right_pt in right:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells
