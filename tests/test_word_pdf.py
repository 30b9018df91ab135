"""Word and PDF reports: the seeds as .docx (real list numbering) and .pdf lint like their text; tables; bad files."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.errors import InputError
from auditor.sources import load

FIX = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = sorted(p.stem for p in FIX.glob("0*.txt"))
_LINES = re.compile(r"第 [\d、 ]+ 行")


def _findings(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[list[dict], str | None]:
    main(["lint", "--format", "json", str(path)])
    entry = json.loads(capsys.readouterr().out)["files"][0]
    return entry["findings"], entry["error"]


def _key(f: dict) -> str:
    # line numbers quoted inside messages follow each format's own lines
    return f["rule"] + " " + _LINES.sub("第…行", f["message"])


@pytest.mark.parametrize("stem", SEEDS)
def test_word_seed_lints_like_its_text(capsys: pytest.CaptureFixture[str], stem: str) -> None:
    txt, _ = _findings(capsys, FIX / f"{stem}.txt")
    doc, err = _findings(capsys, FIX / "docx" / f"{stem}.docx")
    assert err is None
    assert [(f["rule"], f["line"], f["message"]) for f in doc] == [(f["rule"], f["line"], f["message"]) for f in txt]


@pytest.mark.parametrize("stem", SEEDS)
def test_pdf_seed_lints_like_its_text(capsys: pytest.CaptureFixture[str], stem: str) -> None:
    txt, _ = _findings(capsys, FIX / f"{stem}.txt")
    pdf, err = _findings(capsys, FIX / "pdf" / f"{stem}.pdf")
    assert err is None
    # page breaks of the PDF itself are reported as info (TEXT005); everything else is the same
    assert sorted(_key(f) for f in pdf if f["severity"] != "info") == sorted(
        _key(f) for f in txt if f["severity"] != "info")


def test_word_list_numbering_is_rendered() -> None:
    text = load(FIX / "docx" / "000_5b27a47f95f91fcd.docx").text.splitlines()
    original = (FIX / "000_5b27a47f95f91fcd.txt").read_text(encoding="utf-8").splitlines()
    assert text[43] == original[43] == "3、 政府性基金预算支出情况"   # Word's number, not typed text
    assert text[29].startswith("二、") and text[31].startswith("（1）")
    # and the numbers really come from numbering.xml, not from the paragraph text
    with zipfile.ZipFile(FIX / "docx" / "000_5b27a47f95f91fcd.docx") as zf:
        body = zf.read("word/document.xml").decode("utf-8")
    assert "政府性基金预算支出情况" in body and "3、 政府性基金" not in body and "<w:numPr>" in body


@pytest.mark.parametrize("name", ["docx/table_total_off.docx", "pdf/table_total_off.pdf"])
def test_table_total_off_by_ten_cents_is_reported_at_its_cell(capsys: pytest.CaptureFixture[str],
                                                            name: str) -> None:
    found, err = _findings(capsys, FIX / name)
    assert err is None and [f["rule"] for f in found] == ["TABLE001"]
    f = found[0]
    assert "表1第4行第2列" in f["message"] and "120.50 + 865.30 = 985.80，表中为 985.90" in f["message"]
    assert f["suggestion"] == "985.80"
    line = load(FIX / name).text.splitlines()[f["line"] - 1]
    assert line[f["column"] - 1:f["end_column"] - 1] == "985.90"


def test_table_in_plain_text_and_score_table() -> None:
    from auditor.runner import lint_text
    ok = "指标\t分值\t得分\n预算编制\t18\t17\n预算执行\t42\t40\n合计\t60\t57\n"
    assert lint_text(ok).findings == []
    bad = lint_text(ok.replace("\t17\n", "\t19\n").replace("\t57\n", "\t59\n"))
    assert [f.rule for f in bad.findings] == ["TABLE002"]


def _docx_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    real = (FIX / "docx" / "000_5b27a47f95f91fcd.docx").read_bytes()
    pdf = (FIX / "pdf" / "table_total_off.pdf").read_bytes()
    cases = {
        "truncated.docx": (real[: len(real) // 2], "truncated or damaged"),
        "bomb.docx": (_docx_bytes({"word/document.xml": b"<w/>", "word/big.xml": b"\0" * (24 * 1024 * 1024)}),
                      "zip bomb"),
        "locked.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "password-protected"),
        "notword.docx": (b"hello", "not a Word .docx file"),
        "empty.docx": (b"", "empty file"),
        "truncated.pdf": (pdf[:400], "cannot read the PDF"),
        "empty.pdf": (b"", "empty file"),
        "notpdf.pdf": (b"just text", "not a PDF file"),
        "empty.txt": (b"", "empty file"),
    }
    out = {}
    for name, (data, message) in cases.items():
        (tmp / name).write_bytes(data)
        out[name] = (tmp / name, message)
    return out


def test_bad_files_give_one_line_and_exit_2_while_the_others_are_linted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = _bad_inputs(tmp_path)
    good = FIX / "003_45e64f77cdb0a205.txt"
    code = main(["lint", "--format", "json", *[str(p) for p, _m in cases.values()], str(good)])
    out, err = capsys.readouterr()
    files = json.loads(out)["files"]
    assert code == 2 and "Traceback" not in out + err
    for entry, (name, (_p, message)) in zip(files, cases.items()):
        assert entry["error"] is not None and message in entry["error"], (name, entry["error"])
        assert "\n" not in entry["error"]
    assert files[-1]["error"] is None


def test_scanned_and_password_protected_pdf(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a dev dependency) writes the test PDFs")
    scanned = fpdf.FPDF()
    scanned.add_page()
    scanned.rect(20, 20, 100, 60, style="F")          # a page with graphics and no text layer
    scanned.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(InputError, match="no text layer"):
        load(tmp_path / "scan.pdf")
    locked = fpdf.FPDF()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.set_font("helvetica", size=12)
    locked.cell(0, 10, "report")
    locked.output(str(tmp_path / "locked.pdf"))
    with pytest.raises(InputError, match="password-protected"):
        load(tmp_path / "locked.pdf")


def test_a_pdf_of_ruled_tables_only_is_read_not_called_scanned(tmp_path: Path) -> None:
    # the table pages of a 部门预算 (Jiangsu, 2019): every page one ruled table, its title a row of it
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a dev dependency) writes the test PDFs")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    with pdf.table(first_row_as_headings=False) as t:
        for row in (("Table 1", "", ""), ("Item", "Budget", "Final"), ("Total", "300.00", "290.00"),
                    ("Basic", "200.00", "190.00"), ("Project", "100.00", "100.00")):
            r = t.row()
            for value in row:
                r.cell(value)
    pdf.output(str(tmp_path / "tables.pdf"))
    src = load(tmp_path / "tables.pdf")
    assert src.tables and "290.00" in src.text


def test_oversized_text_is_refused_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)   # a sparse 21 MB file: no memory used to make it
    with pytest.raises(InputError, match=r"refused: 21 MB is larger than a report can be \(limit 20 MB\)"):
        load(big)


def test_pdf_findings_name_their_page(capsys: pytest.CaptureFixture[str]) -> None:
    import pdfplumber
    found, _ = _findings(capsys, FIX / "pdf" / "000_5b27a47f95f91fcd.pdf")
    f = next(f for f in found if f["rule"] == "NUM001")
    with pdfplumber.open(FIX / "pdf" / "000_5b27a47f95f91fcd.pdf") as pdf:
        pages = [i + 1 for i, p in enumerate(pdf.pages) if "1,7221.85" in (p.extract_text() or "")]
    assert pages == [f["page"]]


def test_table_figure_against_the_text_in_a_word_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import docx
    document = docx.Document()
    document.add_paragraph("一、支出情况")
    document.add_paragraph("2024年基本支出为650.30万元，项目支出为325.50万元。")
    document.add_paragraph("支出明细如下（单位：万元）：")
    table = document.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("项目", "决算数"), ("基本支出", "660.30"), ("项目支出", "325.50")]):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    path = tmp_path / "r.docx"
    document.save(str(path))
    found, err = _findings(capsys, path)
    assert err is None
    assert [(f["rule"], f["message"]) for f in found] == [
        ("TABLE003", "表1第2行第2列“基本支出”为 660.30万元，正文第 2 行为 650.30万元")]


def _lines(texts: list[str]) -> list[tuple[str, float, float, float]]:
    return [(t, 500.0, 20.0 * k, 20.0 * k + 12) for k, t in enumerate(texts)]


def test_a_pdf_whose_text_gives_its_words_and_its_figures_apart_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """032_hohhot (held out): a page in six columns, read across, gives 补助下级支出 亿元，… with the figures in other
    runs; its readings were garbage (NUM001 "2024 32.58") and are refused with the reason instead."""
    from auditor.sources import pdf
    apart = [f"{k}.全市一般公共预算收入 亿元，同比增长 ，补助下级支出 亿元。" for k in range(12)]
    kept = [f"{k}.全市一般公共预算收入12.5亿元，同比增长3%，补助下级支出4.1亿元。" for k in range(12)]
    path = tmp_path / "r.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(pdf, "_read_pages", lambda _fh, _name: ([_lines(apart)], [[]]))
    with pytest.raises(InputError, match=r"not in reading order: 24 of the 24 amounts"):
        load(path)
    monkeypatch.setattr(pdf, "_read_pages", lambda _fh, _name: ([_lines(kept)], [[]]))
    assert "12.5亿元" in load(path).text
    # a few units without a figure (单位：万元 in captions, a heading's 亿元。) are no reason to refuse
    some = kept + apart[:9]
    monkeypatch.setattr(pdf, "_read_pages", lambda _fh, _name: ([_lines(some)], [[]]))
    assert "12.5亿元" in load(path).text
