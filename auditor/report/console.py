"""Human output in the style of ruff/rustc: location, code, severity, message, the line with the span marked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from auditor import i18n
from auditor.engine import Finding
from auditor.errors import reason
from auditor.model import Report
from auditor.report import FileResult
from auditor.report.escape import visible
from auditor.spans import LineIndex

_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
_CONTEXT = 24   # characters of context shown either side of a span on long lines


MAX_SHOWN = 1000       # findings shown per report; the rest are counted ("… and N more")
PLAIN_ABOVE = 2000     # beyond this many findings shown in a run, they are written plainly (no rich layout)


class _Plain:
    """Stands in for a rich Console when there are many findings: writes each line's plain text, without
    styles or wrapping (rich's layout costs about a third of a millisecond per finding)."""

    def __init__(self, console: Console) -> None:
        self.file = console.file

    def print(self, *objects: object, **_options: object) -> None:
        self.file.write(" ".join(o.plain if isinstance(o, Text) else str(o) for o in objects) + "\n")


def render_console(results: list[FileResult], console: Console, *, verified: bool = False,
                   summary: bool = True, lang: str = "en") -> None:
    counts = {"error": 0, "warning": 0, "info": 0}
    shown = sum(min(len(r.findings), MAX_SHOWN) for r in results if r.error is None)
    out: Any = _Plain(console) if shown > PLAIN_ABOVE else console
    for r in results:
        if r.error is not None:
            # the file is named here once: the reason without the path the error line opens with
            console.print(Text.assemble((visible(r.path), "bold"), ": ", ("error", "bold red"),
                                        f": {visible(reason(r.path, r.error))}"), soft_wrap=True)
            continue
        assert r.report is not None
        for f in r.findings:
            counts[f.severity] += 1
        for f in r.findings[:MAX_SHOWN]:
            _finding(out, r.path, f, r.report.lines, r.report, lang)
        if len(r.findings) > MAX_SHOWN:
            more = len(r.findings) - MAX_SHOWN
            console.print(Text(i18n.text("summary.more", lang, path=r.path, more=more, shown=MAX_SHOWN),
                               style="bold"))
            console.print()
        if verified and r.verified:
            console.print(Text(f"{visible(r.path)}: 已核对且成立的关系 {len(r.verified)} 项", style="bold green"))
            for v in r.verified:
                line, col = r.report.lines.position(v.span.start)
                console.print(Text(f"  {line}:{col} {v.rule} ✓ {visible(v.text)}", style="green"))
    if summary:
        _summary(console, results, counts, lang)


def _finding(console: Console, path: str, f: Finding, lines: LineIndex, report: Report | None = None,
             lang: str = "en") -> None:
    line, col = lines.position(f.span.start)
    end_line, end_col = lines.position(f.span.end)
    page = report.page_of(f.span.start) if report is not None else None
    where = f"{visible(path)}:{line}:{col}" + (f" (第{page}页)" if page else "")
    head = Text.assemble((where, "bold"), ": ", (f.rule, _STYLE[f.severity]), " ",
                         (f"[{i18n.severity(f.severity, lang)}]", _STYLE[f.severity]), " ", visible(f.message))
    console.print(head, soft_wrap=True)
    src = lines.line_text(line)
    stop = end_col if end_line == line else len(src) + 1
    lo = max(0, col - 1 - _CONTEXT)
    hi = min(len(src), stop - 1 + _CONTEXT)
    # table rows are tab-separated: show each tab as two spaces so the marks line up; control characters
    # as visible escapes (measured after escaping, so the marks still line up)
    def show(part: str) -> str:
        return visible(part.replace("\t", "  "))

    shown = ("…" if lo else "") + show(src[lo:hi]) + ("…" if hi < len(src) else "")
    pad = cell_len(("…" if lo else "") + show(src[lo:col - 1]))
    width = max(1, cell_len(show(src[col - 1:stop - 1])))
    gutter = " " * len(str(line))
    console.print(Text(f"{gutter} |", style="blue"))
    console.print(Text.assemble((f"{line} | ", "blue"), shown), soft_wrap=True)
    console.print(Text.assemble((f"{gutter} | ", "blue"), " " * pad, ("^" * width, _STYLE[f.severity])),
                  soft_wrap=True)
    if f.suggestion:
        console.print(Text.assemble((f"{gutter} = ", "blue"), ("建议：", "bold"), visible(f.suggestion)),
                      soft_wrap=True)
    console.print()


def _summary(console: Console, results: list[FileResult], counts: dict[str, int], lang: str = "en") -> None:
    print_summary(console, counts, len(results), sum(1 for r in results if r.error is not None), lang)


def print_summary(console: Console, counts: dict[str, int], files: int, failed: int, lang: str = "en") -> None:
    """The summary line: the findings by severity, the files, the unreadable ones (or all clear)."""
    clean = sum(counts.values()) == 0 and not failed
    console.print(Text(summary_line(counts, files, failed, lang), style="bold green" if clean else "bold"))


def summary_line(counts: dict[str, int], files: int, failed: int, lang: str = "en") -> str:
    """All clear: no findings in 2 files. / Found 5 findings (1 error, 4 warning) in 1 file. (or in Chinese)"""
    total = sum(counts.values())
    if total == 0 and not failed:
        return i18n.text("summary.clean", lang, files=files)
    return _found(total, counts, files, failed, lang)


def _found(total: int, counts: dict[str, int], files: int, failed: int, lang: str) -> str:
    """Found 5 findings (1 error, 4 warning) in 1 file. / 发现 5 个问题（1 个错误，4 个警告），共 1 个文件。"""
    parts = [i18n.text("summary.part", lang, n=counts[s], severity=i18n.severity(s, lang))
             for s in ("error", "warning", "info") if counts[s]]
    shown = i18n.text("summary.parts", lang, list=i18n.text("summary.separator", lang).join(parts)) if parts else ""
    msg = i18n.text("summary.found", lang, total=total, parts=shown, files=files)
    if failed:
        msg += i18n.text("summary.unreadable", lang, failed=failed)
    return msg + i18n.text("summary.end", lang)


def render_summary(results: list[FileResult], console: Console, lang: str = "en") -> None:
    """A batch summary: findings per category, the files with most findings (the counts of files, findings and
    unreadable files are render_console's last line: not said twice)."""
    from collections import Counter
    cats: Counter[str] = Counter(f.category for r in results for f in r.findings)
    worst = sorted(((r.path, len(r.findings)) for r in results if r.findings), key=lambda w: (-w[1], w[0]))[:5]
    print_tables(console, cats, worst, lang)


def print_tables(console: Console, cats: Mapping[str, int], worst: list[tuple[str, int]], lang: str = "en") -> None:
    """The batch tables: findings per category, and ``worst``, the files with most findings (path, count)."""
    from rich.table import Table
    if not cats:
        return
    table = Table(show_header=True)
    table.add_column(i18n.text("batch.category", lang))
    table.add_column(i18n.text("batch.findings", lang), justify="right")
    for cat, n in sorted(cats.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(i18n.category(cat, lang), str(n))
    console.print(table)
    if worst:
        top = Table(title=i18n.text("batch.most", lang), show_header=True)
        top.add_column(i18n.text("batch.file", lang))
        top.add_column(i18n.text("batch.findings", lang), justify="right")
        for path, n in worst:
            top.add_row(Text(visible(path)), str(n))
        console.print(top)
