"""A batch written as it is linted: each report is linted, finished (per-path settings, the severity floor, the
baseline) and rendered where it was linted (in a worker with ``-j``); the parent writes the pieces in input order
and keeps only their counts, so its memory does not grow with the number of reports.

Every format is written this way (STREAMED; in SARIF and GitLab's JSON arrays a piece is a run of array items).
JUnit and the review page open with the run's totals: their pieces are spooled to temporary files as they come and
the document is written at the end (``Spool``), the parent still holding counts only. ``--statistics``,
``--write-baseline`` and ``--fix`` keep whole results."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import field, replace
from typing import Any

from auditor.engine import SEVERITY_RANK, Registry, Rule
from auditor.records import dataclass
from auditor.report import FileResult

STREAMED = ("text", "concise", "json", "jsonl", "github", "sarif", "gitlab", "checkstyle", "junit", "html")
SPOOLED = {"junit": ("\n",), "html": ("", "", ", ")}   # formats whose start needs totals: the glue between pieces
ARRAYS = {"sarif": 8, "gitlab": 2}     # formats whose pieces are items of one JSON array, indented so deep


@dataclass(frozen=True, slots=True)
class Render:
    """How pieces are rendered (the same for every report of a run)."""

    fmt: str
    verified: bool = False
    color: bool = False
    width: int = 120
    lang: str = "en"
    sarif_index: dict[str, int] = field(default_factory=dict)     # SARIF: each rule's place in the driver
    baseline: str | None = None                                   # SARIF: the baseline applied (suppressions)


@dataclass(slots=True)
class Finish:
    """What is done to one report's result before it is rendered; picklable (it travels to the workers)."""

    render: Render
    cfg: Any = None                          # auditor.config.Config with per-path tables or severities, else None
    ignore: list[str] = field(default_factory=list)
    cli_select: bool = False
    min_severity: str = "info"
    fail_on: str = "warning"
    shown: dict[str, str] = field(default_factory=dict)      # a file's name when it is shown otherwise (stdin)
    baseline: Any = None                     # auditor.baseline.Loaded, or None
    index: dict[str, int] = field(default_factory=dict)      # a file's place in the input (JSON's separators)

    def __call__(self, result: FileResult, rules: list[Rule]) -> Piece:
        return self.piece(result, rules, self.index.get(result.path, -1))

    def piece(self, result: FileResult, rules: list[Rule], index: int) -> Piece:
        """The report at input position ``index``, finished and rendered."""
        from auditor.report.escape import safe_name
        r = renamed(result, self.shown.get(result.path))
        r = replace(r, path=safe_name(r.path), error=None if r.error is None else safe_name(r.error))
        used: list[tuple[str, str, str]] = []
        if self.baseline is not None:      # first: an accepted finding a later setting hides is not stale
            from auditor import baseline
            r, used = baseline.accept(r, self.baseline)
        if self.cfg is not None:
            r = configured(r, self.cfg, rules, self.ignore, cli_select=self.cli_select)
        r = floored(r, self.min_severity)
        counts = Counter(f.severity for f in r.findings)
        fails = self.fail_on != "never" and any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[self.fail_on]
                                                for f in r.findings)
        text, notes, parts, extra = render_piece(r, self.render, index)
        return Piece(index=index, path=r.path, text=text, notes=notes, parts=parts, extra=extra,
                     error=r.error is not None,
                     rule_errors=list(r.rule_errors), rule_errors_fail=bool(r.rule_errors) and self.fail_on != "never",
                     fails=fails, severities=dict(counts), categories=dict(Counter(f.category for f in r.findings)),
                     findings=len(r.findings), used=used,
                     key=self.baseline.key(r.path) if self.baseline is not None else "")


@dataclass(slots=True)
class Piece:
    """One report, rendered, and what the run's summary and exit code need of it."""

    index: int
    path: str
    text: str
    notes: list[dict[str, Any]]         # SARIF: the tool's notifications about this report
    parts: tuple[str, ...]              # the review page: the report's text, side column and summary entry
    extra: dict[str, int]               # JUnit: the report's test cases, failures and errors
    error: bool
    rule_errors: list[str]
    rule_errors_fail: bool
    fails: bool
    severities: dict[str, int]
    categories: dict[str, int]
    findings: int
    used: list[tuple[str, str, str]]
    key: str


def render_piece(r: FileResult, how: Render, index: int
                 ) -> tuple[str, list[dict[str, Any]], tuple[str, ...], dict[str, int]]:
    """One report in the format ``how.fmt``, as the whole document would have it at input position ``index`` (in a
    JSON array format: its items, without the separator before them), SARIF's notifications about it, the review
    page's parts of it and JUnit's counts."""
    if how.fmt == "sarif":
        from auditor.report.ci_formats import sarif_file
        found, notes = sarif_file(r, how.sarif_index, how.baseline)
        return array_items(found, ARRAYS["sarif"]), notes, (), {}
    if how.fmt == "gitlab":
        from auditor.report.ci_more import gitlab_issues
        return array_items(gitlab_issues(r), ARRAYS["gitlab"]), [], (), {}
    if how.fmt == "junit":
        from auditor.report.ci_formats import junit_suite
        suite, tests, failures, errors = junit_suite(r)
        return "", [], (suite,), {"tests": tests, "failures": failures, "errors": errors}
    if how.fmt == "html":
        from auditor.report.html_format import html_parts
        return "", [], html_parts(r, index + 1, how.lang), {}
    return _piece_text(r, how, index), [], (), {}


def array_items(items: list[Any], indent: int) -> str:
    """JSON array items as json.dumps(indent=2) writes them ``indent`` spaces deep, separated by commas."""
    import json
    return ",\n".join("\n".join(" " * indent + line for line in json.dumps(item, ensure_ascii=False,
                                                                              indent=2).split("\n"))
                      for item in items)


def _piece_text(r: FileResult, how: Render, index: int) -> str:
    if how.fmt == "checkstyle":
        from auditor.report.ci_more import checkstyle_file
        return checkstyle_file(r)
    if how.fmt == "json":
        from auditor.report.json_format import json_item
        return json_item(r, verified=how.verified, first=index == 0)
    if how.fmt == "jsonl":
        from auditor.report.ci_more import render_jsonl
        return render_jsonl([r])
    if how.fmt == "github":
        from auditor.report.ci_formats import render_github
        return render_github([r])
    if how.fmt == "concise":
        from auditor.report.concise import render_concise
        return render_concise([r], color=how.color, summary=False, lang=how.lang)
    from rich.console import Console

    from auditor.report.console import render_console
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=how.color, no_color=not how.color, width=how.width, highlight=False)
    render_console([r], console, verified=how.verified, summary=False, lang=how.lang)
    return buf.getvalue()


@dataclass(slots=True)
class Tally:
    """What the parent keeps of the pieces written: counts, the five reports with most findings, baseline use."""

    files: int = 0
    failed: int = 0
    severities: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    worst: list[tuple[str, int]] = field(default_factory=list)
    used: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    linted: set[str] = field(default_factory=set)
    error: bool = False
    fails: bool = False
    notes: list[dict[str, Any]] = field(default_factory=list)
    items: bool = False                 # a JSON array format: an item was written

    def add(self, piece: Piece) -> None:
        self.notes += piece.notes
        self.files += 1
        self.failed += piece.error
        self.error = self.error or piece.error or piece.rule_errors_fail
        self.fails = self.fails or piece.fails
        self.severities.update(piece.severities)
        self.categories.update(piece.categories)
        self.used.update(piece.used)
        if piece.key:
            self.linted.add(piece.key)
        if piece.findings:
            self.worst = sorted([*self.worst, (piece.path, piece.findings)], key=lambda w: (-w[1], w[0]))[:5]


_RESULTS = '\n      "results": [],'       # where SARIF's results go in json.dumps(indent=2) of the log


def head(fmt: str, registry: Registry) -> str:
    """What precedes the pieces."""
    if fmt == "json":
        from auditor.report.json_format import JSON_HEAD
        return JSON_HEAD
    if fmt == "sarif":
        return _sarif_skeleton(registry, []).split(_RESULTS)[0] + _RESULTS[:-2]          # …"results": [
    if fmt == "gitlab":
        return "["
    if fmt == "checkstyle":
        from auditor.report.ci_more import CHECKSTYLE_HEAD
        return CHECKSTYLE_HEAD
    return ""


def _sarif_skeleton(registry: Registry, notifications: list[dict[str, Any]]) -> str:
    import json

    from auditor.report.ci_formats import sarif_document
    text = json.dumps(sarif_document(registry, [], notifications), ensure_ascii=False, indent=2) + "\n"
    assert text.count(_RESULTS) == 1
    return text


def tail(fmt: str, tally: Tally, *, quiet: bool, color: bool, width: int, lang: str,
         baseline: dict[str, Any] | None, registry: Registry | None = None) -> str:
    """What follows the pieces: JSON's end (with the baseline's counts), SARIF's (with the tool's notifications),
    the text formats' summary and notes."""
    if fmt == "json":
        from auditor.report.json_format import json_tail
        return json_tail(tally.files, {"baseline": baseline} if baseline is not None else None)
    if fmt == "sarif":
        assert registry is not None
        end = "\n" + " " * (ARRAYS["sarif"] - 2) + "]" if tally.items else "]"
        return end + "," + _sarif_skeleton(registry, tally.notes).split(_RESULTS)[1]
    if fmt == "gitlab":
        return ("\n]" if tally.items else "]") + "\n"
    if fmt == "checkstyle":
        from auditor.report.ci_more import CHECKSTYLE_TAIL
        return CHECKSTYLE_TAIL
    if fmt not in ("text", "concise") or quiet:
        return ""
    counts = {s: tally.severities.get(s, 0) for s in ("error", "warning", "info")}
    if fmt == "concise":
        from auditor.report.console import summary_line
        out = summary_line(counts, tally.files, tally.failed, lang) + "\n"
    else:
        from rich.console import Console

        from auditor.report.console import print_summary, print_tables
        buf = io.StringIO()
        console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False)
        print_summary(console, counts, tally.files, tally.failed, lang)
        if tally.files > 1:
            print_tables(console, tally.categories, tally.worst, lang)
        out = buf.getvalue()
    if baseline is not None:
        out += baseline_note(baseline, lang)
    return out


class Spool:
    """JUnit and the review page open with the run's totals: each report's parts go to temporary files as they
    come (in input order), and ``write_to`` writes the document at the end — the same bytes as the whole results
    give, with the parent's memory flat in the number of reports."""

    def __init__(self, fmt: str, lang: str) -> None:
        import tempfile
        self.fmt, self.lang = fmt, lang
        self.glue = SPOOLED[fmt]
        # newline="": a report's own \r and \r\n come back as they were written
        self.files = [tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass",  # noqa: SIM115
                                             newline="") for _ in self.glue]     # closed by close()
        self.pieces = 0
        self.totals: Counter[str] = Counter()

    def add(self, piece: Piece) -> None:
        for fh, part, glue in zip(self.files, piece.parts, self.glue, strict=True):
            if self.pieces and glue:
                fh.write(glue)
            fh.write(part)
        self.pieces += 1
        self.totals.update(piece.extra)

    def write_to(self, write: Any, tally: Tally) -> None:
        if self.fmt == "junit":
            from auditor.report.ci_formats import JUNIT_TAIL, junit_head
            write(junit_head(self.totals["tests"], self.totals["failures"], self.totals["errors"]))
            self._copy(0, write)
            write(JUNIT_TAIL)
            return
        from auditor.report.html_format import HTML_MIDDLE, HTML_TAIL, html_before_reports, html_head
        write(html_head(tally.files, tally.severities, self.lang))
        self._copy(0, write)
        write(HTML_MIDDLE)
        self._copy(1, write)
        write(html_before_reports(tally.files, tally.severities))
        self._copy(2, write)
        write(HTML_TAIL)

    def _copy(self, k: int, write: Any) -> None:
        fh = self.files[k]
        fh.seek(0)
        while chunk := fh.read(1 << 16):
            write(chunk)

    def close(self) -> None:
        for fh in self.files:
            fh.close()


def baseline_note(baseline: dict[str, Any], lang: str) -> str:
    """The text formats' lines on the baseline: how many accepted findings are not shown, the stale entries."""
    from auditor import i18n
    from auditor.report.escape import visible
    out = i18n.text("baseline.hidden", lang, n=baseline["suppressed"])
    out += "".join("\n" + i18n.text("baseline.stale", lang, path=visible(e["path"]), rule=visible(e["rule"]),
                                    fingerprint=visible(e["fingerprint"][:12])) for e in baseline["stale"])
    return out + "\n"


# --- post-processors: each takes a result and gives a new one (a result is never changed in place) -----------

def renamed(r: FileResult, name: str | None) -> FileResult:
    """The result shown under ``name`` (standard input's --stdin-filename), its error line too."""
    if name is None:
        return r
    return replace(r, path=name, error=r.error.replace(r.path, name) if r.error is not None else None)


def configured(r: FileResult, cfg: Any, rules: list[Rule], ignore: list[str], *, cli_select: bool) -> FileResult:
    """The configuration's per-path select/ignore and severity overrides applied to the findings (a per-path select
    gives way to --select on the command line)."""
    from auditor.config import rule_matches
    by_code = {rule.code: rule for rule in rules}
    select, skip, severity = cfg.for_path(r.path, ignore=ignore, cli_select=cli_select)
    kept = []
    for i, f in enumerate(r.findings):
        rule = by_code.get(f.rule)
        if rule is not None and ((select and not any(rule_matches(rule, k) for k in select))
                                 or any(rule_matches(rule, k) for k in skip)):
            continue
        level = next((v for k, v in severity.items() if rule is not None and rule_matches(rule, k)), None)
        kept.append((i, replace(f, severity=level) if level else f))
    return _keeping(r, kept)


def floored(r: FileResult, level: str) -> FileResult:
    """The findings at or above ``level`` (--min-severity): those below are neither shown nor counted."""
    if level == "info":
        return r
    floor = SEVERITY_RANK[level]
    return _keeping(r, [(i, f) for i, f in enumerate(r.findings) if SEVERITY_RANK[f.severity] >= floor])


def _keeping(r: FileResult, kept: list[tuple[int, Any]]) -> FileResult:
    """``r`` with the findings ``kept`` (index, finding); fingerprints a baseline gave them kept aligned."""
    aligned = len(r.fingerprints) == len(r.findings)
    return replace(r, findings=[f for _, f in kept],
                   fingerprints=[r.fingerprints[i] for i, _ in kept] if aligned and r.fingerprints else [])
