#!/usr/bin/env python3
"""Write the seed reports as Word and PDF files (fixtures/docx, fixtures/pdf) and the table samples.

Word: each line becomes a paragraph; a heading marker (一、 （一） 1、 1. （1） ①) becomes real Word list
numbering (numbering.xml, one list instance per heading started at its number), so the numbers a reader
sees are Word's, not text. PDF: fpdf2 with a CJK TrueType font (Debian: fonts-wqy-zenhei; or pass
--font PATH), A4, a running header and page numbers that the reader must drop.

Usage: python scripts/make_fixtures.py [--font PATH] [--only docx|pdf]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures").glob("0*.txt"))
FONTS = ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
# marker style -> (Word numFmt, lvlText)
STYLES = [
    (re.compile(r"^([一二三四五六七八九十]+)、"), "chineseCounting", "%1、"),
    (re.compile(r"^（([一二三四五六七八九十]+)）"), "chineseCounting", "（%1）"),
    (re.compile(r"^(\d{1,2})、"), "decimal", "%1、"),
    (re.compile(r"^(\d{1,2})\.(?!\d)"), "decimal", "%1."),
    (re.compile(r"^（(\d{1,2})）"), "decimal", "（%1）"),
]
CN = {c: i for i, c in enumerate("零一二三四五六七八九")}
TABLE_TEXT = "一、部门基本情况\n本部门2024年收支情况见下表（单位：万元）。\n"
TABLE_ROWS = [["项目", "合计", "基本支出", "项目支出"],
              ["一般公共服务", "120.50", "100.20", "20.30"],
              ["卫生健康", "865.30", "560.10", "305.20"],
              ["合计", "985.90", "660.30", "325.50"]]   # 120.50 + 865.30 = 985.80: the 合计 is off by 0.10


def cn_value(text: str) -> int:
    total, cur = 0, 0
    for c in text:
        if c == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = CN[c]
    return total + cur


def write_docx(lines: list[str], target: Path, table: list[list[str]] | None = None) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    abstract_ids: dict[tuple[str, str], int] = {}
    next_num = [1000]

    def abstract(fmt: str, text: str) -> int:
        key = (fmt, text)
        if key not in abstract_ids:
            aid = 100 + len(abstract_ids)
            an = OxmlElement("w:abstractNum")
            an.set(qn("w:abstractNumId"), str(aid))
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), "0")
            for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:suff", "nothing")):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                lvl.append(el)
            an.append(lvl)
            numbering.insert(0, an)
            abstract_ids[key] = aid
        return abstract_ids[key]

    def instance(aid: int, start: int) -> int:
        next_num[0] += 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(next_num[0]))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(aid))
        num.append(ref)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        so = OxmlElement("w:startOverride")
        so.set(qn("w:val"), str(start))
        override.append(so)
        num.append(override)
        numbering.append(num)
        return next_num[0]

    for line in lines:
        para = document.add_paragraph()
        text = line
        for pattern, fmt, lvl_text in STYLES:
            m = pattern.match(line)
            if m:
                n = int(m.group(1)) if fmt == "decimal" else cn_value(m.group(1))
                num_id = instance(abstract(fmt, lvl_text), n)
                ppr = para._p.get_or_add_pPr()
                num_pr = OxmlElement("w:numPr")
                for tag, val in (("w:ilvl", "0"), ("w:numId", str(num_id))):
                    el = OxmlElement(tag)
                    el.set(qn("w:val"), val)
                    num_pr.append(el)
                ppr.append(num_pr)
                text = line[m.end():]
                break
        if text:
            para.add_run(text)
    if table is not None:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    document.save(str(target))


def write_pdf(lines: list[str], target: Path, font: str, header: str, table: list[list[str]] | None = None) -> None:
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("cjk", size=8)
            self.cell(0, 6, header, align="C", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("cjk", size=8)
            self.cell(0, 6, f"- {self.page_no()} -", align="C")

    pdf = Report(format="A4")
    pdf.add_font("cjk", fname=font)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("cjk", size=10.5)
    for line in lines:
        if line.strip():
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)   # paragraph spacing: a reader tells paragraphs from wrapped lines by it
        else:
            pdf.ln(3)
    if table is not None:
        with pdf.table(first_row_as_headings=False) as t:
            for row in table:
                r = t.row()
                for value in row:
                    r.cell(value)
    pdf.output(str(target))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--font", help="a TrueType/TTC font with Chinese glyphs (for the PDFs)")
    ap.add_argument("--only", choices=("docx", "pdf"))
    a = ap.parse_args()
    font = a.font or next((f for f in FONTS if Path(f).exists()), None)
    (ROOT / "fixtures" / "docx").mkdir(exist_ok=True)
    (ROOT / "fixtures" / "pdf").mkdir(exist_ok=True)
    for seed in SEEDS:
        lines = seed.read_text(encoding="utf-8").splitlines()
        if a.only in (None, "docx"):
            write_docx(lines, ROOT / "fixtures" / "docx" / f"{seed.stem}.docx")
        if a.only in (None, "pdf"):
            if font is None:
                print("no CJK font found: install fonts-wqy-zenhei or pass --font", file=sys.stderr)
                return 2
            write_pdf(lines, ROOT / "fixtures" / "pdf" / f"{seed.stem}.pdf", font, "部门整体支出绩效自评报告")
    if a.only in (None, "docx"):
        write_docx(TABLE_TEXT.splitlines(), ROOT / "fixtures" / "docx" / "table_total_off.docx", TABLE_ROWS)
    if a.only in (None, "pdf") and font is not None:
        write_pdf(TABLE_TEXT.splitlines(), ROOT / "fixtures" / "pdf" / "table_total_off.pdf", font, "表格样例", TABLE_ROWS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
