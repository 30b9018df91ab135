"""Heavy inputs for the lexer, the builders, the rules and the model's memory (items 9, 10 and 12)."""

from __future__ import annotations

import json
import random
import subprocess
from collections.abc import Callable
from pathlib import Path

from . import Build, Case


def _linted(folder: Path, done: subprocess.CompletedProcess[bytes]) -> str | None:
    """The report was linted: JSON output, no file error, no internal error."""
    try:
        doc = json.loads(done.stdout)
    except ValueError:
        return "no JSON on stdout: " + done.stderr.decode("utf-8", "replace")[:200]
    errors = [f["error"] for f in doc["files"] if f.get("error")]
    return f"the file was not linted: {errors[0]}" if errors else None


def _spaced_ones(folder: Path, full: bool) -> list[str]:
    (folder / "ones.txt").write_text("1 " * (10_000 if full else 500), encoding="utf-8")
    return ["lint", "--format", "json", "ones.txt"]


def _numbers_row(folder: Path, full: bool) -> list[str]:
    rnd = random.Random(9)
    row = []
    while sum(len(x) + 1 for x in row) < (39_000 if full else 2_000):
        row.append(str(rnd.randint(1, 999_999)))
    (folder / "row.txt").write_text("2024年部门决算表\n" + " ".join(row) + "\n", encoding="utf-8")
    return ["lint", "--format", "json", "row.txt"]


def _refused(folder: Path, done: subprocess.CompletedProcess[bytes]) -> str | None:
    """The report was refused with a one-line reason (not linted, no traceback)."""
    try:
        doc = json.loads(done.stdout)
    except ValueError:
        return "no JSON on stdout: " + done.stderr.decode("utf-8", "replace")[:200]
    errors = [f.get("error") or "" for f in doc["files"]]
    if not errors or not errors[0].startswith("refused") and ": refused" not in errors[0]:
        return f"not refused: {errors!r:.200}"
    return None if "\n" not in errors[0] else "the reason is not one line"


def _write(name: str, make: Callable[[bool], str]) -> Build:
    """A build step writing ``make(full)`` to ``name`` and linting it as JSON."""
    def build(folder: Path, full: bool) -> list[str]:
        (folder / name).write_text(make(full), encoding="utf-8")
        return ["lint", "--format", "json", name]
    return build


def _basic_lines(full: bool) -> str:
    return "基本支出1万元\n" * (40_000 if full else 2_000)


def _text_tables(full: bool) -> str:
    rnd = random.Random(11)
    labels = ("基本支出", "人员经费", "公用经费", "项目支出", "支出合计")
    out, size = ["2024年度部门决算说明\n"], 0
    while size < (390_000 if full else 20_000):
        block = "".join([f"2024年基本支出{rnd.randint(100, 999)}.{rnd.randint(10, 99)}万元。\n", "单位：万元\n",
                         "项目\t决算数\t预算数\t合计\n",
                         *(f"{lab}\t{rnd.randint(1, 999)}.{rnd.randint(10, 99)}\t{rnd.randint(1, 999)}.50\t"
                           f"{rnd.randint(1, 999)}.00\n" for lab in labels), "\n"])
        out.append(block)
        size += len(block.encode())
    return "".join(out)


def _short_lines(megabytes: int) -> Callable[[bool], str]:
    def make(full: bool) -> str:
        return "第一行\n" * ((megabytes * 1024 * 1024 // 10) if full else 160_000)   # 10 bytes a line
    return make


def _lines_at_limit(full: bool) -> str:
    from auditor.parse import MAX_LINES
    return "一行文字\n" * (MAX_LINES - 1 if full else 5_000)


def _docx_figures(folder: Path, full: bool) -> list[str]:
    """A Word report of figures: paragraphs of labelled amounts, shares and changes, and tables of numbers."""
    import docx  # python-docx, a dependency of auditor

    rnd = random.Random(10)
    doc = docx.Document()
    doc.add_paragraph("2024年度某县教育局部门决算情况说明")
    path, target, i = folder / "figures.docx", (129_000 if full else 15_000), 0
    while True:
        for _ in range(200):
            i += 1
            doc.add_paragraph(
                f"（{i % 20 + 1}）2024年基本支出{rnd.randint(100, 999)}.{rnd.randint(10, 99)}万元，其中人员经费"
                f"{rnd.randint(10, 99)}.{rnd.randint(10, 99)}万元，公用经费{rnd.randint(10, 99)}.{rnd.randint(10, 99)}"
                f"万元，占{rnd.randint(1, 99)}.{rnd.randint(10, 99)}%，较上年增加{rnd.randint(1, 9)}.{rnd.randint(10, 99)}"
                f"万元，增长{rnd.randint(1, 9)}.{rnd.randint(10, 99)}%。")
        table = doc.add_table(rows=20, cols=4)
        for row in table.rows:
            for c, cell in enumerate(row.cells):
                cell.text = ("基本支出", "人员经费", "公用经费", "项目支出")[rnd.randint(0, 3)] if c == 0 else \
                    f"{rnd.randint(1, 99999)}.{rnd.randint(10, 99)}"
        doc.save(str(path))
        if path.stat().st_size >= target:
            return ["lint", "--format", "json", path.name]


CASES: list[Case] = [
    Case("lexer-spaced-digits", 9, _spaced_ones, exits=frozenset({0, 1}), verify=_linted),
    Case("lexer-numbers-row", 9, _numbers_row, exits=frozenset({0, 1}), verify=_linted),
    Case("relations-basic-lines", 10, _write("basic.txt", _basic_lines), exits=frozenset({0, 1}), verify=_linted),
    Case("docx-figures", 10, _docx_figures, exits=frozenset({0, 1}), verify=_linted),
    Case("text-tables", 10, _write("tables.txt", _text_tables), exits=frozenset({0, 1}), verify=_linted),
    Case("lines-at-limit", 12, _write("long.txt", _lines_at_limit), exits=frozenset({0, 1}), verify=_linted),
    Case("short-lines-2mb", 12, _write("short.txt", _short_lines(2)), exits=frozenset({2}), verify=_refused),
    Case("short-lines-10mb", 12, _write("short.txt", _short_lines(10)), exits=frozenset({2}), verify=_refused),
]
