"""The output formats of ``auditor lint --format``: a registry of name → (render function, description)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import field

from auditor.engine import Registry
from auditor.records import dataclass
from auditor.report import FileResult


@dataclass(frozen=True, slots=True, kw_only=True)
class Output:
    """What a formatter is given: the results of a run and how it was asked for."""

    results: list[FileResult]
    registry: Registry
    verified: bool = False          # --verified: also the relations that hold
    baseline: str | None = None     # the baseline applied (SARIF keeps its accepted findings, marked suppressed)
    color: bool = False             # text: styles allowed (not --no-color / NO_COLOR, not written to a file)
    terminal: bool = False          # text: stdout is a terminal (its width; otherwise 120 columns)
    quiet: bool = False             # -q: the findings only, no summary
    lang: str = "en"                # the language of people's formats (text, concise, html): zh or en


@dataclass(frozen=True, slots=True, kw_only=True)
class Formatter:
    """One ``--format``: its render function and a one-line description (``auditor lint --help``)."""

    name: str
    description: str
    render: Callable[[Output], str]
    # ``--statistics`` in this format; None for a findings format: its output is kept, the table goes to stderr
    statistics: Callable[[list[FileResult], Registry, str], str] | None = field(default=None)


def _text(out: Output) -> str:
    from rich.console import Console

    from auditor.report.console import render_console, render_summary
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=out.color, no_color=not out.color,
                      width=None if out.terminal else 120, highlight=False)
    render_console(out.results, console, verified=out.verified, summary=not out.quiet, lang=out.lang)
    if len(out.results) > 1 and not out.quiet:
        render_summary(out.results, console, lang=out.lang)
    return buf.getvalue()


def _concise(out: Output) -> str:
    from auditor.report.concise import render_concise
    return render_concise(out.results, color=out.color, summary=not out.quiet, lang=out.lang)


def _json(out: Output) -> str:
    from auditor.report.json_format import render_json
    return render_json(out.results, verified=out.verified)


def _sarif(out: Output) -> str:
    from auditor.report.ci_formats import render_sarif
    return render_sarif(out.results, out.registry, baseline=out.baseline)


def _github(out: Output) -> str:
    from auditor.report.ci_formats import render_github
    return render_github(out.results)


def _junit(out: Output) -> str:
    from auditor.report.ci_formats import render_junit
    return render_junit(out.results)


def _gitlab(out: Output) -> str:
    from auditor.report.ci_more import render_gitlab
    return render_gitlab(out.results)


def _checkstyle(out: Output) -> str:
    from auditor.report.ci_more import render_checkstyle
    return render_checkstyle(out.results)


def _jsonl(out: Output) -> str:
    from auditor.report.ci_more import render_jsonl
    return render_jsonl(out.results)


def _html(out: Output) -> str:
    from auditor.report.html_format import render_html
    return render_html(out.results, lang=out.lang)


def _statistics(results: list[FileResult], registry: Registry, lang: str) -> str:
    from auditor.report.ci_formats import render_statistics
    return render_statistics(results, registry, lang=lang)


def _statistics_json(results: list[FileResult], registry: Registry, _lang: str) -> str:
    from auditor.report.ci_formats import render_statistics_json
    return render_statistics_json(results, registry)


FORMATTERS: dict[str, Formatter] = {f.name: f for f in (
    Formatter(name="text", description="for people: file:line:col, rule, message, the line marked",
              render=_text, statistics=_statistics),
    Formatter(name="concise", description="for people and scripts: one line per finding (no excerpt)",
              render=_concise, statistics=_statistics),
    Formatter(name="json", description="the stable schema of docs/output-schema.md", render=_json,
              statistics=_statistics_json),
    Formatter(name="sarif", description="SARIF 2.1.0, for code scanning", render=_sarif),
    Formatter(name="github", description="GitHub Actions workflow annotations", render=_github),
    Formatter(name="junit", description="JUnit XML: a failing test case per finding", render=_junit),
    Formatter(name="gitlab", description="GitLab Code Quality JSON (artifacts:reports:codequality)",
              render=_gitlab),
    Formatter(name="checkstyle", description="checkstyle XML: an error per finding", render=_checkstyle),
    Formatter(name="jsonl", description="JSON lines: one finding a line, with its file's path", render=_jsonl),
    Formatter(name="html", description="a self-contained review page", render=_html),
)}


def names() -> tuple[str, ...]:
    """The ``--format`` choices, in the registry's order."""
    return tuple(FORMATTERS)


def get(name: str) -> Formatter:
    """The formatter called ``name`` (one of :func:`names`)."""
    return FORMATTERS[name]
