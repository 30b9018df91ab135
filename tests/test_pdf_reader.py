"""PDF pages read through PDFium give what pdfminer gave: the same characters and boxes, lines, tables and text."""

from __future__ import annotations

import re
from ctypes import c_float
from pathlib import Path

import pytest

from auditor.sources import pdf, pdffast

FIX = Path(__file__).resolve().parent.parent / "fixtures"
BUNDLED = sorted((FIX / "pdf").glob("*.pdf"))


def _through_pdfminer(path: Path, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        m.setattr(pdf, "_read_pages_fast", lambda _fh, _name: None)
        return pdf.read_pdf(path)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_pdfium_reads_the_bundled_pdfs_exactly_as_pdfminer_did(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    reader = pdf._read_pages_fast
    monkeypatch.setattr(pdf, "_read_pages_fast", lambda fh, name: calls.append(name) or reader(fh, name))
    fast = pdf.read_pdf(path)
    assert calls == [str(path)]
    slow = _through_pdfminer(path, monkeypatch)
    assert fast.text == slow.text
    assert fast.tables == slow.tables
    assert fast.pages == slow.pages


def test_character_boxes_are_pdfminers() -> None:
    # pdfminer's box stands on the font's descent and is the font size tall; PDFium's loose box spans descent to
    # ascent. Lines are clustered by the boxes' tops, so they must agree to PDFium's (single) float precision.
    import pdfplumber
    import pypdfium2 as pdfium

    path = FIX / "pdf" / "000_5b27a47f95f91fcd.pdf"
    doc = pdfium.PdfDocument(path)
    with pdfplumber.open(path) as plumber:
        for k, page in enumerate(plumber.pages[:2]):
            want = [c for c in page.chars if not c["text"].isspace()]
            got = [c for c in pdffast.read_page(doc[k], 0.0).chars if not c["text"].isspace()]
            assert [c["text"] for c in got] == [c["text"] for c in want]
            for a, b in zip(got, want):
                for key in ("x0", "top", "bottom"):
                    assert a[key] == pytest.approx(b[key], abs=0.01), (a["text"], key)
                assert a["x1"] == pytest.approx(b["x1"], abs=0.25), a["text"]   # a glyph's width, in single precision
                assert a["upright"] == b["upright"]
    doc.close()


def test_the_indexed_cell_search_finds_pdfplumbers_cells() -> None:
    import pdfplumber
    from pdfplumber.table import TableFinder

    path = FIX / "pdf" / "table_total_off.pdf"
    with pdfplumber.open(path) as plumber:
        finder = TableFinder(plumber.pages[0])
        assert finder.cells                                  # the page has a ruled table
        assert pdffast._intersections_to_cells(finder.intersections) == finder.cells


def test_a_rotated_page_is_read_by_pdfminer(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a dev dependency) writes the test PDFs")
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(0, 10, "Total income 300.00, total spending 290.00.")
    data = doc.output()
    rotated = tmp_path / "rotated.pdf"
    rotated.write_bytes(bytes(data).replace(b"/Type /Page\n", b"/Type /Page\n/Rotate 90\n", 1))
    assert b"/Rotate 90" in rotated.read_bytes()
    with rotated.open("rb") as fh:
        assert pdf._read_pages_fast(fh, "rotated.pdf") is None
    assert "290.00" in pdf.read_pdf(rotated).text


def test_a_hyphen_ending_a_line_stays_a_hyphen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # PDFium reports a hyphen at the end of a line as a soft hyphen (U+0002); pdfminer kept the "-"
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a dev dependency) writes the test PDFs")
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.text(20, 20, "rating aa-")
    doc.text(20, 30, "outlook stable")
    path = tmp_path / "hyphen.pdf"
    doc.output(str(path))
    text = pdf.read_pdf(path).text
    assert re.search(r"aa-\s*\n", text), text
    assert text == _through_pdfminer(path, monkeypatch).text


def test_a_rectangles_far_corner_is_added_in_double_as_pdfminer_does() -> None:
    # "353.714 y 0.48 h re": pdfminer puts the right side at 353.714 + 0.48 = 354.19399999999996, PDFium keeps
    # 354.194 in single precision. A neighbouring rule at 357.194 is then within the table finder's 3 pt of one
    # and not of the other, and a column of a real table (Guangxi, 2024) moved.
    corners = [(353.714, 10.0), (353.714 + 0.48, 10.0), (353.714 + 0.48, 30.0), (353.714, 30.0)]
    stored = [(round(c_float(x).value, 3), round(c_float(y).value, 3)) for x, y in corners]
    placed, closed = pdffast._on_page((stored, True), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    assert closed
    assert [p[0] for p in placed] == [353.714, 353.714 + 0.48, 353.714 + 0.48, 353.714]
    assert 357.194 - placed[1][0] <= 3         # as in pdfminer: the two rules snap together
    # a path that is no rectangle keeps its points as written
    bent = [(0.0, 0.0), (10.5, 0.0), (10.5, 7.25)]
    assert pdffast._on_page((bent, False), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))[0] == bent


def test_a_footnote_number_keeps_the_blank_before_its_text() -> None:
    # “5 2024年公司…”: a raised footnote number, a blank of the stream PDFium drops (marking a word break of its own
    # instead), then the note. Without the blank the two read as one figure, 52024.
    def char(text: str, x0: float, size: float) -> dict[str, object]:
        return {"text": text, "x0": x0, "x1": x0 + size / 2, "top": 100.0, "bottom": 100.0 + size, "height": size,
                "size": size, "doctop": 100.0, "upright": True}

    note = [char("5", 50.0, 6.0), char("2", 53.5, 10.5), char("0", 58.75, 10.5)]
    with_blank = pdffast._with_blanks(note, [1])
    assert [c["text"] for c in with_blank] == ["5", " ", "2", "0"]
    # between characters of one size PDFium's word break is not pdfminer's: left out
    same = [char("1", 50.0, 10.5), char("3", 55.5, 10.5)]
    assert [c["text"] for c in pdffast._with_blanks(same, [1])] == ["1", "3"]
