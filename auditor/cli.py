"""Command line: parse arguments, call the runner, hand results to a formatter. Nothing else."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from collections import Counter

    from auditor.baseline import Loaded
    from auditor.config import Config
    from auditor.fixes import Edit
    from auditor.safewrite import Snapshot
    from auditor.sources.exclude import Excluder

from auditor import __version__
from auditor.config import rule_matches
from auditor.engine import SEVERITY_RANK, Registry, Rule
from auditor.errors import AuditorError, UsageError
from auditor.records import dataclass
from auditor.report import FileResult, formats

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def default_registry(extra_packs: tuple[str, ...] = ()) -> Registry:
    """The rules (auditor.rules.default_registry), imported when first needed: `--help`, `--version` and usage
    errors do not pay for importing every rule."""
    from auditor.rules import default_registry as build
    return build(extra_packs)


class _Parser(argparse.ArgumentParser):
    """argparse with a short error: the mistake and where to look, not the whole usage of every option."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n(see `{self.prog} --help`)\n")


def _parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="auditor", description="Audit Chinese budget-performance reports for "
                                 "internal contradictions.")
    ap.add_argument("--version", action="version", version=f"auditor {__version__}")
    ap.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = ap.add_subparsers(dest="command", required=True)
    lint = sub.add_parser("lint", help="lint reports (files or directories)")
    lint.add_argument("paths", nargs="+", metavar="PATH")
    lint.add_argument("--format", choices=formats.names(), default="text",
                      help="; ".join(f"{f.name} ({f.description})" for f in formats.FORMATTERS.values()))
    lint.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    lint.add_argument("-j", "--jobs", type=int, default=0, help="worker processes (default: the CPU count)")
    lint.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default=None,
                      help="exit 1 when a finding at or above this severity is reported (default: warning)")
    lint.add_argument("--config", help="configuration file (default: auditor.toml or pyproject.toml [tool.auditor] "
                                       "found upwards from the first path)")
    lint.add_argument("--no-config", action="store_true", help="ignore configuration files")
    lint.add_argument("--show-settings", action="store_true",
                      help="print the configuration file in force and the effective settings, then exit")
    lint.add_argument("--baseline", help="report only findings not in this baseline file (lists stale entries)")
    lint.add_argument("--write-baseline", action="store_true",
                      help="record the current findings as accepted, in --baseline FILE "
                           "(default: .auditor-baseline.json)")
    lint.add_argument("--exclude", default=None, metavar="PATTERNS",
                      help="comma list of gitignore-style patterns (relative to the working directory) a folder walk "
                           "skips, replacing the configuration's exclude and the default folders")
    lint.add_argument("--extend-exclude", default="", metavar="PATTERNS",
                      help="comma list of patterns to skip in addition to the configuration's")
    lint.add_argument("--no-respect-gitignore", action="store_true",
                      help="do not skip the files .gitignore ignores when walking folders")
    lint.add_argument("--force-exclude", action="store_true",
                      help="apply the exclusions to files named on the command line too")
    lint.add_argument("--select", default="", help="comma list of rule codes, names or categories to run")
    lint.add_argument("--ignore", default="", help="comma list of rule codes, names or categories to skip")
    lint.add_argument("--verified", action="store_true", help="also list the relations checked and found to hold")
    lint.add_argument("-o", "--output", help="write the output to this file (written whole or not at all)")
    lint.add_argument("--color", choices=("auto", "always", "never"), default=None,
                      help="colour the text output: auto (a terminal; the default), always, never; without it "
                           "FORCE_COLOR and NO_COLOR are honoured")
    lint.add_argument("--no-color", action="store_true", help="the same as --color never")
    lint.add_argument("-q", "--quiet", action="store_true",
                      help="print the findings only: no summary, no progress bar, no notes on stderr (errors stay)")
    lint.add_argument("--min-severity", choices=("info", "warning", "error"), default="info",
                      help="show only findings at or above this severity (default: info, all)")
    lint.add_argument("--exit-zero", action="store_true",
                      help="exit 0 even when findings are reported (2 still means a usage or input error)")
    lint.add_argument("--stdin-filename", default=None, metavar="NAME",
                      help="with PATH -: the name of the report read from standard input (its suffix says how to "
                           "read it: .txt, .docx, .pdf; its folder, which configuration applies)")
    lint.add_argument("--rules", action="append", default=[], metavar="DIR_OR_FILE",
                      help="add a YAML rule pack (file or folder); may be repeated")
    _lang_option(lint)
    lint.add_argument("--profile", default=None,
                      help="report template for missing-section checks: auto (detect), none, or one of: "
                           + ", ".join(_profile_names()))
    lint.add_argument("--fix", action="store_true",
                      help="apply the safe fixes first (a .docx gets a corrected copy), then report what remains")
    lint.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff, also the unsafe fixes")
    lint.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    parse = sub.add_parser("parse", help="dump the parsed model of one report")
    parse.add_argument("path", metavar="FILE")
    parse.add_argument("--format", choices=("json", "outline"), default="json",
                       help="json: the whole model; outline: an indented listing of the report's structure")
    rules = sub.add_parser("rules", help="list the rules; `rules test` runs their examples")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.add_argument("--rules", action="append", default=[], metavar="DIR_OR_FILE",
                       help="add a YAML rule pack (file or folder); may be repeated")
    _config_options(rules)
    _lang_option(rules)
    rules_sub = rules.add_subparsers(dest="rules_command")
    test = rules_sub.add_parser("test", help="run the pass/fail examples of rules")
    test.add_argument("packs", nargs="*", metavar="PATH",
                      help="rule files or folders to test (default: every rule, built-in and shipped)")
    fix = sub.add_parser("fix", help="show (or --write) the corrections the findings carry: the safe ones, and the "
                                     "unsafe ones with --unsafe-fixes")
    fix.add_argument("paths", nargs="+", metavar="PATH", help="reports (files or directories, as for lint)")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="also apply unsafe fixes: a recomputed figure where another figure may be the wrong one")
    fix.add_argument("--write", action="store_true",
                     help="write the corrected reports (a text report in place, a .docx as a corrected copy)")
    fix.add_argument("--force", action="store_true", help="with --write, also replace a read-only report")
    view = fix.add_mutually_exclusive_group()
    view.add_argument("--diff", action="store_true", help="show a unified diff (the default when not on a terminal)")
    view.add_argument("--word-diff", action="store_true",
                      help="show each change as old → new in its context (the default on a terminal)")
    fix.add_argument("--no-color", action="store_true")
    fix.add_argument("--config", help="configuration file (as for lint)")
    fix.add_argument("--no-config", action="store_true", help="ignore configuration files")
    fix.add_argument("--select", default="", help="comma list of rule codes, names or categories to run")
    fix.add_argument("--ignore", default="", help="comma list of rule codes, names or categories to skip")
    fix.add_argument("--baseline", help="leave the findings this baseline file accepts unfixed")
    fix.add_argument("-j", "--jobs", type=int, default=0, help="worker processes (default: the CPU count)")
    fix.add_argument("--rules", action="append", default=[], metavar="DIR_OR_FILE")
    fix.set_defaults(profile=None, verified=False, fail_on=None)
    explain = sub.add_parser("explain", help="describe one rule: what it checks, its examples, where it is defined")
    explain.add_argument("code", metavar="CODE")
    explain.add_argument("--rules", action="append", default=[], metavar="DIR_OR_FILE")
    _config_options(explain)
    _lang_option(explain)
    return ap


def _lang_option(sub: argparse.ArgumentParser) -> None:
    """--lang of the human outputs (text, the review page, `rules`, `explain`); machine formats stay English."""
    sub.add_argument("--lang", choices=("zh", "en"), default=None,
                     help="language of the human output: zh (Chinese, the default) or en; default from AUDITOR_LANG")


def _config_options(sub: argparse.ArgumentParser) -> None:
    """--config / --no-config of `rules` and `explain`: the configuration's rule folders are shown too."""
    sub.add_argument("--config", help="configuration file whose `rules` folders to add (default: auditor.toml or "
                                      "pyproject.toml [tool.auditor] found upwards from the current folder)")
    sub.add_argument("--no-config", action="store_true", help="ignore configuration files")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if hasattr(args, "lang"):
            from auditor.i18n import ENV, resolve
            args.lang = resolve(args.lang, os.environ.get(ENV))
        if args.command == "lint":
            if args.stdin_filename and "-" not in args.paths:
                raise UsageError("--stdin-filename names the report read from standard input: give - as a PATH")
            return _lint_stdin(args) if "-" in args.paths else _lint(args)
        if args.command == "parse":
            return _parse(args)
        if args.command == "explain":
            return _explain(args)
        if args.command == "fix":
            return _fix(args)
        if getattr(args, "rules_command", None) == "test":
            return _rules_test(args)
        return _rules(args)
    except AuditorError as exc:
        for problem in getattr(exc, "problems", None) or [exc]:     # a rule file's mistakes: one line each
            _say(str(problem))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the user never sees a traceback without --debug
        if args.debug:
            traceback.print_exc()
        else:
            _say(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        return EXIT_ERROR


def _say(message: str) -> None:
    """One line on stderr, control characters and undecodable file-name bytes shown as escapes."""
    from auditor.report.escape import visible
    print(f"auditor: {visible(message)}", file=sys.stderr)


def _advance(bar: Any, task: Any, done: int, total: int) -> None:
    bar.update(task, completed=done, total=total)


def _config_key(args: argparse.Namespace, path: str) -> str | None:
    """The configuration file a report follows (None: none)."""
    from auditor.config import find_config
    if args.no_config:
        return None
    if args.config:
        return args.config
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in _FOUND:       # one look upwards per folder, not per report
        found = find_config(Path(folder))
        _FOUND[folder] = str(found) if found is not None else None
    return _FOUND[folder]


_FOUND: dict[str, str | None] = {}


def _load_config(key: str | None) -> Config:
    from auditor.config import Config, load_config
    if key is None:
        return Config()
    if key not in _LOADED:
        if not Path(key).is_file():
            raise UsageError(f"{key}: no such configuration file")
        _LOADED[key] = load_config(Path(key))
    return _LOADED[key]


_LOADED: dict[str, Config] = {}


def _excluder(args: argparse.Namespace, arg: str) -> Excluder:
    """What the walk of one command-line path skips: the exclusions of the configuration of that folder (or the
    defaults), the command line's, and .gitignore files."""
    from auditor.sources.exclude import DEFAULT_EXCLUDE, Excluder
    folder = os.path.abspath(arg if os.path.isdir(arg) else os.path.dirname(os.path.abspath(arg)))
    cfg = _load_config(_config_key(args, os.path.join(folder, "_")))
    base = os.path.dirname(cfg.source) if cfg.source else os.getcwd()
    own = cfg.exclude if cfg.exclude is not None else [f"{d}/" for d in DEFAULT_EXCLUDE]
    exclude = getattr(args, "exclude", None)       # `fix` has no flags of its own for this: the configuration's
    patterns = [(os.getcwd(), _keys(exclude))] if exclude is not None else [(base, own)]
    patterns += [(base, cfg.extend_exclude), (os.getcwd(), _keys(getattr(args, "extend_exclude", "")))]
    return Excluder(patterns, gitignore=cfg.respect_gitignore and not getattr(args, "no_respect_gitignore", False),
                    force=getattr(args, "force_exclude", False))


def _registry_for(packs: tuple[str, ...], select: str, ignore: str) -> Registry:
    """The rules of a run (module-level so worker processes can rebuild it)."""
    return _select(default_registry(packs), select, ignore)


def _profile_names() -> list[str]:
    """The shipped profiles' keys, for --help: read from the data file (auditor.profiles would import the parser)."""
    from auditor.data import load_data
    return sorted(load_data("profiles.yaml"))


def _keys(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


def _names(registry: Registry) -> list[str]:
    """What a rule key may be: codes, names, aliases and categories (for did-you-mean)."""
    return sorted({n for r in registry for n in (r.code, r.name, r.category, *r.aliases)})


def _check_config(cfg: Config, registry: Registry) -> None:
    """Every rule key of the configuration names a rule of the run (else file:line, did-you-mean)."""
    if cfg.source is not None:
        from auditor.config import check_keys
        check_keys(cfg, lambda k: any(rule_matches(r, k) for r in registry), _names(registry))


def _select(registry: Registry, select: str, ignore: str) -> Registry:
    from auditor.config import did_you_mean
    for key in _keys(select) + _keys(ignore):
        if not any(rule_matches(r, key) for r in registry):
            raise UsageError(f"unknown rule, prefix or category: {key}{did_you_mean(key, _names(registry))}")
    out = Registry()
    out.lexicon = registry.lexicon
    for rule in registry:
        if _keys(select) and not any(rule_matches(rule, k) for k in _keys(select)):
            continue
        if any(rule_matches(rule, k) for k in _keys(ignore)):
            continue
        out.add(rule)
    return out


def _lint(args: argparse.Namespace) -> int:
    from collections import Counter

    from auditor import baseline as bl
    from auditor.batch import cap_jobs, default_jobs, expand
    from auditor.config import Config
    from auditor.pipeline import STREAMED, baseline_note, floored
    _FOUND.clear()
    _LOADED.clear()
    items = expand(args.paths, partial(_excluder, args))
    groups, configs = _group(args, items)
    if args.profile is not None and args.profile not in ("auto", "none", *_profile_names()):
        raise UsageError(f"unknown profile {args.profile!r}; choose auto, none or one of: "
                         + ", ".join(_profile_names()))
    if args.show_settings:
        return _show_settings(args, groups, configs)
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("--unsafe-fixes works with --fix or --diff")
    if args.diff:                   # the fixes as a patch, nothing written (ruff's --diff)
        return _fix_paths(args, write=False).code
    fixed = _fix_paths(args, write=True, in_lint=True) if args.fix else None
    plans = _plans(args, groups, configs)          # every configuration checked before one is named as in use
    cfg = configs[next(iter(groups))] if groups else Config()
    if args.format in ("text", "concise") and not args.quiet:
        for key in groups:
            if key is not None:
                _say(f"using configuration {key}")
    jobs, capped = cap_jobs(args.jobs) if args.jobs > 0 else (default_jobs(), None)
    if capped and not args.quiet:
        _say(capped)
    show = (args.format in ("text", "concise") and not args.statistics and not args.quiet and sys.stderr.isatty()
            and not args.output)
    if STREAM and args.format in STREAMED and not (args.statistics or args.fix or args.write_baseline):
        return _lint_stream(args, items, plans, cfg, jobs, show)
    loaded = (bl.load(str(args.baseline or cfg.baseline)) if (args.baseline or cfg.baseline)
              and not args.write_baseline else None)
    used: Counter[tuple[str, str, str]] = Counter()
    done, fail_on = _lint_groups(args, plans, jobs, show, loaded, used)
    results = [item if isinstance(item, FileResult) else done[item] for item in items]
    if fixed is not None:
        results = fixed.drop(results)
    results, fail_on = _displayable(results, fail_on)
    results = [floored(r, args.min_severity) for r in results]  # hidden below it: not shown, not counted for the exit
    for r in results:
        for problem in r.rule_errors:        # a rule that stopped or failed: the report's other rules ran
            _say(f"{r.path}: {problem}")
    registry = plans[0].registry if plans else default_registry(tuple(args.rules))
    if args.write_baseline:
        from auditor.config import inside_project
        target = args.baseline or cfg.baseline or ".auditor-baseline.json"
        if not args.baseline and cfg.baseline and not inside_project(cfg, target):   # named by the file: stay inside
            raise UsageError(f"{cfg.source}: baseline {target} is outside the project; name it with --baseline")
        _emit(bl.build(results, target), target)
        count = sum(len(r.findings) for r in results)
        _say(f"wrote {count} finding(s) to {target}")
        return EXIT_ERROR if any(r.error is not None for r in results) else EXIT_OK
    applied = None
    if loaded is not None:
        codes = {rule.code for plan in plans for rule in plan.registry}
        applied = bl.Applied(suppressed=sum(used.values()),
                             stale=bl.stale(loaded, used, {loaded.key(r.path) for r in results}, codes))
    formatter = formats.get(args.format)
    stats_aside = args.statistics and formatter.statistics is None
    if args.statistics and formatter.statistics is not None:
        text = formatter.statistics(results, registry, args.lang)
    else:
        color = _color(args, None if args.output is not None else sys.stdout)
        text = formatter.render(formats.Output(results=results, registry=registry, verified=args.verified,
                                               baseline=str(args.baseline or cfg.baseline) if applied is not None else None,
                                               color=color, terminal=sys.stdout.isatty() and args.output is None,
                                               quiet=args.quiet, lang=args.lang))
    if applied is not None and args.format in ("text", "concise", "json") and not args.statistics:
        if args.quiet and args.format != "json":
            pass
        elif args.format == "json":
            doc = json.loads(text)
            doc["baseline"] = {"suppressed": applied.suppressed, "stale": applied.stale}
            text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        else:
            text += baseline_note({"suppressed": applied.suppressed, "stale": applied.stale}, args.lang)
    _emit(text, args.output)
    if stats_aside:       # a findings format keeps stdout (or -o); its statistics go to stderr
        from auditor.report.ci_formats import render_statistics
        sys.stderr.write(render_statistics(results, registry, lang=args.lang))
    if fixed is not None and fixed.code == EXIT_ERROR:      # a fix that could not be written
        return EXIT_ERROR
    code = _exit_code(results, fail_on)
    return EXIT_OK if args.exit_zero and code == EXIT_FINDINGS else code


_STDIN: dict[str, str] = {}     # the temporary file holding standard input -> the name it is shown by


def _stdin_place(path: str) -> str:
    """Where a report lies for finding its configuration: standard input's by --stdin-filename (or the working
    directory)."""
    if path not in _STDIN:
        return path
    name = _STDIN[path]
    return os.path.abspath(name if name != "-" else "stdin.txt")


def _lint_stdin(args: argparse.Namespace) -> int:
    """``auditor lint -``: the report on standard input is written to a private temporary file, linted there and
    shown as --stdin-filename (or "-")."""
    import tempfile

    from auditor.sources import MAX_DOCUMENT_BYTES
    if args.paths.count("-") > 1:
        raise UsageError("- (standard input) may be given only once")
    name = args.stdin_filename or "-"
    suffix = Path(name).suffix.lower() if args.stdin_filename else ""
    if suffix not in (".docx", ".pdf"):
        suffix = ".txt"
    data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UsageError(f"standard input: more than {MAX_DOCUMENT_BYTES} bytes")
    with tempfile.TemporaryDirectory(prefix="auditor-stdin-") as folder:
        temp = os.path.join(folder, "stdin" + suffix)
        with open(temp, "wb") as fh:
            fh.write(data)
        _STDIN[temp] = name
        args.paths = [temp if p == "-" else p for p in args.paths]
        try:
            return _lint(args)
        finally:
            _STDIN.clear()


def _group(args: argparse.Namespace, items: list[str | FileResult]) -> tuple[dict[str | None, list[str]],
                                                                             dict[str | None, Config]]:
    """The report files by the configuration each follows: found upwards from it (or --config / --no-config for
    all); each configuration loaded once."""
    groups: dict[str | None, list[str]] = {}
    configs: dict[str | None, Config] = {}
    for item in items:
        if isinstance(item, str):
            key = _config_key(args, _stdin_place(item))
            groups.setdefault(key, []).append(item)
            if key not in configs:
                configs[key] = _load_config(key)
    return groups, configs


@dataclass(slots=True)
class _Plan:
    """How one group of reports (those following one configuration) is linted."""

    files: list[str]
    cfg: Config
    registry: Registry
    select: str
    ignore: str
    make: Callable[[], Registry]
    options: dict[str, Any]
    fail_on: str


def _plans(args: argparse.Namespace, groups: dict[str | None, list[str]],
           configs: dict[str | None, Config]) -> list[_Plan]:
    """Each group's rules (select, ignore, packs, profile; --select/--ignore win) and settings, all checked before
    any report is linted (a mistake in a later group's configuration never follows output already written)."""
    out = []
    for key, files in groups.items():
        cfg = configs[key]
        select = args.select if args.select else ",".join(cfg.select)
        ignore = args.ignore if args.ignore else ",".join(cfg.ignore)
        packs = tuple(cfg.rules + args.rules)
        every = default_registry(packs)
        _check_config(cfg, every)
        registry = _select(every, select, ignore)
        profile = args.profile or cfg.profile or "auto"
        if profile not in ("auto", "none") and profile not in _profile_names():
            raise UsageError(f"{cfg.source}: unknown profile {profile!r}")
        out.append(_Plan(files, cfg, registry, select, ignore, partial(_registry_for, packs, select, ignore),
                         {"profile": profile, "verified": args.verified}, args.fail_on or cfg.fail_on or "warning"))
    return out


def _progress(args: argparse.Namespace, show: bool) -> Any:
    """A progress bar on stderr (or nothing)."""
    if not show:
        return contextlib.nullcontext(None)
    from rich.console import Console
    from rich.progress import Progress
    # a batch written as it is linted writes while the bar is drawn: on a terminal rich prints those lines above the
    # bar (the same screen); into a file or a pipe they go straight to stdout, never into the bar's stream
    on_screen = sys.stdout.isatty()
    return Progress(console=Console(file=sys.stderr, no_color=not _color(args, sys.stderr)), transient=True,
                    redirect_stdout=on_screen, redirect_stderr=on_screen)


def _lint_groups(args: argparse.Namespace, plans: list[_Plan], jobs: int, show: bool, loaded: Loaded | None = None,
                 used: Counter[tuple[str, str, str]] | None = None) -> tuple[dict[str, FileResult], dict[str, str]]:
    """Lint each group with its configuration's rules, then its per-path settings and severities: the results by
    path, the fail-on level by path, the first group's rules. Lint and fix both run reports through here (a batch
    written as it is linted goes through _lint_stream instead). With ``loaded``, a baseline's accepted findings are
    taken first (the entries they use counted in ``used``), as auditor.pipeline.Finish does."""
    from auditor.batch import lint_many
    done: dict[str, FileResult] = {}
    fail_on: dict[str, str] = {}
    for plan in plans:
        with _progress(args, show) as bar:
            tick = partial(_advance, bar, bar.add_task("auditor")) if bar is not None else None
            found = list(lint_many(plan.files, plan.make, plan.options, jobs, tick))
        from auditor.pipeline import configured, renamed
        for file, r in zip(plan.files, found, strict=True):
            r = renamed(r, _STDIN.get(file))        # the report read from standard input, by the name it was given
            if loaded is not None and used is not None:
                from auditor import baseline
                from auditor.report.escape import safe_name
                shown, got = baseline.accept(replace(r, path=safe_name(r.path)), loaded)   # keyed by the name shown
                r = replace(shown, path=r.path)
                used.update(got)
            if plan.cfg.per_path or plan.cfg.severity:
                r = configured(r, plan.cfg, list(plan.registry), _keys(plan.ignore), cli_select=bool(args.select))
            done[file] = r
            fail_on[r.path] = plan.fail_on
    return done, fail_on


STREAM = True       # tests compare both ways


def _lint_stream(args: argparse.Namespace, items: list[str | FileResult], plans: list[_Plan], cfg: Config, jobs: int,
                 show: bool) -> int:
    """lint, written as it is linted (auditor.pipeline): the same output as the whole results would give."""
    from auditor import baseline as bl
    from auditor.batch import lint_many
    from auditor.pipeline import ARRAYS, SPOOLED, Finish, Piece, Render, Spool, Tally, head, tail
    registry = plans[0].registry if plans else default_registry(tuple(args.rules))
    loaded = bl.load(str(args.baseline or cfg.baseline)) if args.baseline or cfg.baseline else None
    to_file = args.output is not None
    color = _color(args, None if to_file else sys.stdout)
    width = 120 if to_file or not sys.stdout.isatty() else _terminal_width()
    from auditor.report.ci_formats import sarif_index
    render = Render(args.format, verified=args.verified, color=color, width=width, lang=args.lang,
                    sarif_index=sarif_index(registry) if args.format == "sarif" else {},
                    baseline=str(args.baseline or cfg.baseline) if loaded is not None else None)
    index = {item: i for i, item in enumerate(items) if isinstance(item, str)}
    common = {"render": render, "ignore": [], "min_severity": args.min_severity, "shown": dict(_STDIN),
              "baseline": loaded, "index": index}
    tally = Tally()
    pending: dict[int, Piece] = {i: Finish(**common).piece(item, [], i)             # paths that could not be read
                                 for i, item in enumerate(items) if isinstance(item, FileResult)}

    def produce(write: Callable[[str], None]) -> None:
        spool = Spool(args.format, args.lang) if args.format in SPOOLED else None
        try:
            _produce(write, spool)
        finally:
            if spool is not None:
                spool.close()

    def _produce(write: Callable[[str], None], spool: Spool | None) -> None:
        nxt = 0

        def flush() -> None:
            nonlocal nxt
            while nxt in pending:
                piece = pending.pop(nxt)
                for problem in piece.rule_errors:       # a rule that stopped or failed: the report's other rules ran
                    _say(f"{piece.path}: {problem}")
                if spool is not None:                   # JUnit, the review page: written at the end
                    spool.add(piece)
                elif args.format not in ARRAYS:
                    write(piece.text)
                elif piece.text:                        # items of one JSON array: a comma between runs of them
                    write(("," if tally.items else "") + "\n" + piece.text)
                    tally.items = True
                tally.add(piece)
                nxt += 1

        write(head(args.format, registry))
        flush()
        for plan in plans:
            finish = Finish(**{**common, "cfg": plan.cfg if plan.cfg.per_path or plan.cfg.severity else None,
                               "ignore": _keys(plan.ignore), "cli_select": bool(args.select),
                               "fail_on": plan.fail_on})
            with _progress(args, show) as bar:
                tick = partial(_advance, bar, bar.add_task("auditor")) if bar is not None else None
                for piece in lint_many(plan.files, plan.make, plan.options, jobs, tick, finish):
                    pending[piece.index] = piece
                    flush()
        flush()
        summary = None
        if loaded is not None:
            codes = {rule.code for plan in plans for rule in plan.registry}
            summary = {"suppressed": sum(tally.used.values()),
                       "stale": bl.stale(loaded, tally.used, tally.linted, codes)}
        if spool is not None:
            spool.write_to(write, tally)
        write(tail(args.format, tally, quiet=args.quiet, color=color, width=width, lang=args.lang,
                   baseline=summary, registry=registry))

    _emit_stream(produce, args.output)
    code = EXIT_ERROR if tally.error else EXIT_FINDINGS if tally.fails else EXIT_OK
    return EXIT_OK if args.exit_zero and code == EXIT_FINDINGS else code


def _terminal_width() -> int:
    from rich.console import Console
    return Console(file=sys.stdout).width


def _emit_stream(produce: Callable[[Callable[[str], None]], None], output: str | None) -> None:
    """Write what ``produce`` writes, as it writes it: to stdout, or to the file ``output`` whole or not at all."""
    from auditor.report.escape import encodable
    if output is None:
        def write(text: str) -> None:
            sys.stdout.write(encodable(text))
        produce(write)
        sys.stdout.flush()
        return
    from auditor.safewrite import write_output_stream
    write_output_stream(output, produce)


def _color(args: argparse.Namespace, stream: Any) -> bool:
    """Whether output to ``stream`` is coloured: --color/--no-color, else FORCE_COLOR, else NO_COLOR, else
    whether ``stream`` is a terminal."""
    choice = "never" if getattr(args, "no_color", False) else getattr(args, "color", None)
    if choice is None:
        if os.environ.get("FORCE_COLOR"):
            choice = "always"
        elif os.environ.get("NO_COLOR"):
            choice = "never"
    if choice in ("always", "never"):
        return choice == "always"
    return bool(getattr(stream, "isatty", lambda: False)())


def _show_settings(args: argparse.Namespace, groups: dict[str | None, list[str]],
                   configs: dict[str | None, Config]) -> int:
    """Print the configuration each group of reports follows and the settings in force (CLI over file)."""
    from auditor.config import Config, describe
    out: list[str] = []
    for key in groups or {None: []}:
        cfg = configs.get(key) or Config()
        out += describe(cfg, files=len(groups.get(key, [])), select=args.select or ",".join(cfg.select),
                        ignore=args.ignore or ",".join(cfg.ignore), fail_on=args.fail_on or cfg.fail_on or "warning",
                        profile=args.profile or cfg.profile or "auto", rules=cfg.rules + args.rules,
                        baseline=args.baseline or cfg.baseline)
    from auditor.report.escape import visible
    _emit(visible("\n".join(out) + "\n", lines=True), None)
    return EXIT_OK


def _displayable(results: list[FileResult], fail_on: dict[str, str]) -> tuple[list[FileResult], dict[str, str]]:
    """Results whose file names (and error lines naming them) are valid UTF-8: bytes that os.fsdecode could
    not decode become ``\\xff`` text, in every format."""
    from dataclasses import replace

    from auditor.report.escape import safe_name
    out, levels = [], {}
    for r in results:
        shown = replace(r, path=safe_name(r.path), error=None if r.error is None else safe_name(r.error))
        levels[shown.path] = fail_on.get(r.path, "warning")
        out.append(shown)
    return out, levels


def _exit_code(results: list[FileResult], fail_on: dict[str, str]) -> int:
    if any(r.error is not None for r in results):
        return EXIT_ERROR
    if any(r.rule_errors and fail_on.get(r.path, "warning") != "never" for r in results):
        return EXIT_ERROR
    for r in results:
        level = fail_on.get(r.path, "warning")
        if level != "never" and any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level] for f in r.findings):
            return EXIT_FINDINGS
    return EXIT_OK


def _emit(text: str, output: str | None) -> None:
    from auditor.report.escape import encodable
    text = encodable(text)          # never a lone surrogate: the output is valid UTF-8 whatever slipped through
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from auditor.safewrite import write_output
    write_output(output, text.encode("utf-8"))


def _parse(args: argparse.Namespace) -> int:
    from auditor.profiles import explain
    from auditor.runner import read_report
    report, encoding = read_report(args.path)    # as lint reads it
    if args.format == "outline":
        from auditor.report.outline_view import render
        _emit(render(report, explain(report)), None)
        return EXIT_OK
    _emit(json.dumps({"version": 1, "encoding": encoding, "profile": explain(report),
                      "report": report.to_dict()}, ensure_ascii=False, indent=2) + "\n", None)
    return EXIT_OK


def _short(source: str) -> str:
    """A rule's source relative to the working directory when it lies below it."""
    try:
        return os.path.relpath(source) if not source.startswith("builtin:") and not os.path.relpath(
            source).startswith("..") else source
    except ValueError:
        return source


def _portable(source: str) -> str:
    """A source location that does not depend on where auditor is installed: rules/sum.yaml:5."""
    if source.startswith("builtin:"):
        return source
    path, _, line = source.rpartition(":")
    return f"rules/{os.path.basename(path)}:{line}"


def rules_markdown(registry: Registry) -> str:
    """The rule reference (docs/rules.md), generated from the registry."""
    out = ["# Rule reference", "", "Generated by `auditor rules --format markdown`; do not edit by hand.", "",
           "| code | name | category | severity | description |", "|---|---|---|---|---|"]
    out += [f"| {r.code} | `{r.name}` | {r.category} | {r.severity} | {_cell(r.description)} |" for r in registry]
    for r in registry:
        out += ["", f"## {r.code} `{r.name}`", "", f"*{r.category}, {r.severity}* — defined in `{_portable(r.source)}`",
                "", r.description]
        if r.aliases:
            out += ["", "Also named " + ", ".join(_code(a) for a in r.aliases) + "."]
        if r.notes:
            out += ["", r.notes]
        if r.check_items:
            out += ["", f"YAML {r.check_kind} check:", ""] + [f"- {k}: {_code(v)}" for k, v in r.check_items]
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    """Text for a markdown table cell: one line, its bars escaped."""
    return " ".join(text.split("\n")).replace("|", "\\|")


def _code(text: str) -> str:
    """A markdown code span holding ``text`` as it is (fenced by more backticks than it contains in a row)."""
    import re
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _rule_packs(args: argparse.Namespace) -> tuple[str, ...]:
    """The YAML packs `rules` and `explain` show: the configuration's `rules` folders (the file found upwards from
    the current folder, or --config FILE; none with --no-config), then those named with --rules."""
    from auditor.config import find_config
    key = None if args.no_config else args.config
    if key is None and not args.no_config:
        found = find_config(Path.cwd())
        key = str(found) if found is not None else None
    cfg = _load_config(key)
    if key is not None and args.command == "rules" and args.format == "text":
        _say(f"using configuration {key}")
    return tuple(cfg.rules + args.rules)


def _rules(args: argparse.Namespace) -> int:
    registry = default_registry(_rule_packs(args))
    if args.format == "json":
        from auditor.i18n import chinese
        rows = [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
                 "description": r.description, "description_zh": chinese(r), "source": r.source,
                 "aliases": list(r.aliases)} for r in registry]
        sys.stdout.write(json.dumps({"version": 1, "rules": rows}, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if args.format == "markdown":
        sys.stdout.write(rules_markdown(registry))
        return EXIT_OK
    from rich.console import Console
    _print_rules(registry, Console(highlight=False, width=_columns()), args.lang)
    return EXIT_OK


def _columns() -> int:
    """The width `rules` lays out for: $COLUMNS when it is a number, else the terminal's, else 120 (a pipe or a
    file, as lint's text output); never under 40."""
    import shutil
    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit() and int(env) > 0:
        width = int(env)
    elif sys.stdout.isatty():
        width = shutil.get_terminal_size(fallback=(120, 24)).columns
    else:
        width = 120
    return max(width, 40)


_MIN_DESCRIPTION = 40       # a description column narrower than this reads worse than one block per rule


def _print_rules(registry: Registry, console: Any, lang: str = "en") -> None:
    """The rules as a table when the console is wide enough for every code, name, category and severity whole and a
    readable description (with the source column when it fits too); otherwise one block per rule. ``lang`` zh: the
    headings, categories, severities and descriptions in Chinese."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from auditor import i18n
    rules = [(r.code, r.name, i18n.category(r.category, lang), i18n.severity(r.severity, lang),
              i18n.description(r, lang), _short(r.source)) for r in registry]
    heads = [i18n.text(f"rules.{h}", lang) for h in ("code", "name", "category", "severity", "description", "source")]
    fixed = sum(max([cell_len(heads[k])] + [cell_len(r[k]) for r in rules]) for k in range(4))
    source = max([cell_len(heads[5])] + [cell_len(r[5]) for r in rules])
    # a bordered table spends 3 cells a column (padding and rule) and one more at its right edge
    with_source = console.width >= fixed + source + 3 * 6 + 1 + _MIN_DESCRIPTION
    title = i18n.text("rules.title", lang, n=len(rules))
    if with_source or console.width >= fixed + 3 * 5 + 1 + _MIN_DESCRIPTION:
        table = Table(title=title)
        for col in heads[:4]:
            table.add_column(col, no_wrap=True)
        table.add_column(heads[4], min_width=_MIN_DESCRIPTION, overflow="fold")
        if with_source:
            table.add_column(heads[5], overflow="fold")
        for r in rules:
            table.add_row(*(Text(v) for v in (r if with_source else r[:5])))
        console.print(table)
        return
    console.print(Text(title, style="bold"))
    for code, name, cat, severity, description, where in rules:
        console.print()
        head = Text()
        head.append(code, style="bold")
        head.append(f" {name} ")
        head.append(f"({cat}, {severity})" if lang == "en" else f"（{cat}，{severity}）", style="dim")
        console.print(head, overflow="fold")
        for text in (Text(description), Text(where, style="dim")):
            for line in text.wrap(console, console.width - 4, overflow="fold"):
                line.rstrip()
                console.print(Text("    ") + line)


def _rules_test(args: argparse.Namespace) -> int:
    from auditor.dsl.loader import load_rules, pack_files
    from auditor.ruletest import cases, missing_examples, run_case
    registry = default_registry(tuple(args.packs))      # validates everything, ids unique across packs
    if args.packs:
        wanted = {r.code for f in pack_files(args.packs) for r in load_rules(f)[0]}
        rules = [r for r in registry if r.code in wanted]
    else:
        rules = list(registry)
    passed = failed = 0
    for case in cases(rules, registry.lexicon):
        why = run_case(case)
        if why is None:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {case.id} ({case.where}): {why}")
    missing = missing_examples(rules)
    for problem in missing:
        print(f"FAIL {problem}")
    print(f"{passed} passed, {failed + len(missing)} failed ({len(rules)} rules)")
    return EXIT_FINDINGS if failed or missing else EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from auditor import i18n
    registry = default_registry(_rule_packs(args))
    rule = _find_rule(registry, args.code)
    lang = args.lang

    def say(key: str, **values: Any) -> str:
        return i18n.text(key, lang, **values)

    out = [f"{rule.code}  {rule.name}",
           say("explain.category", code=rule.category, name=i18n.category(rule.category, lang)),
           say("explain.severity", code=rule.severity, name=i18n.severity(rule.severity, lang))]
    if rule.aliases:
        out.append(say("explain.aliases", list=", ".join(rule.aliases)))
    out += [say("explain.source", source=_short(rule.source)), "", i18n.description(rule, lang)]
    if i18n.description(rule, lang) != rule.description:      # Chinese first, the English after it
        out += ["", say("explain.english", text=rule.description)]
    if rule.notes:
        out += ["", rule.notes]
    if rule.check_items:
        out += ["", say("explain.check", kind=rule.check_kind)] + [f"  {k}: {v}" for k, v in rule.check_items]
    for kind in ("pass", "fail"):
        for n, ex in enumerate(rule.examples.get(kind, ()), 1):
            where = [say("explain.example.line", line=ex["expect_line"])] if ex.get("expect_line") else []
            where += [say("explain.example.quote", quote=ex["quote"])] if ex.get("quote") else []
            head = say(f"explain.example.{kind}", n=n)
            end = (say("explain.example.where", list=say("explain.example.separator").join(where)) if where
                   else say("explain.example.end"))
            out += ["", head + end]
            out += ["      " + line for line in str(ex["text"]).splitlines()]
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK


def _find_rule(registry: Registry, key: str) -> Rule:
    """The rule a code, name or alias names, in any letter case; otherwise a usage error naming the closest keys."""
    rule = registry.get(key)
    if rule is not None:
        return rule
    keys: dict[str, str] = {}                   # folded key -> the key as written
    for r in registry:
        for k in (r.code, r.name, *r.aliases):
            keys.setdefault(k.casefold(), k)
    folded = key.strip().casefold()
    if folded in keys:
        found = registry.get(keys[folded])
        assert found is not None
        return found
    import difflib
    close = [keys[k] for k in difflib.get_close_matches(folded, list(keys), n=3, cutoff=0.75)]
    hint = f"; did you mean {' or '.join(close)}?" if close else " (see `auditor rules`)"
    raise UsageError(f"unknown rule {key}{hint}")


def _fix(args: argparse.Namespace) -> int:
    return _fix_paths(args, write=args.write).code


@dataclass(slots=True)
class _Fixed:
    """What a fix run did: its exit code, and the findings of each Word report fixed in its corrected copy."""

    code: int = EXIT_OK
    in_copy: dict[str, set[tuple[str, int, int]]] = field(default_factory=dict)

    def drop(self, results: list[FileResult]) -> list[FileResult]:
        """The results without the findings a corrected copy no longer has (the original is unchanged)."""
        return [replace(r, findings=[f for f in r.findings if (f.rule, f.span.start, f.span.end) not in gone])
                if (gone := self.in_copy.get(r.path)) else r for r in results]


def _fix_paths(args: argparse.Namespace, *, write: bool, in_lint: bool = False) -> _Fixed:
    """Lint PATHs exactly as lint does (configuration per report, --select/--ignore, per-path settings, the baseline:
    an accepted finding is not fixed), then show the corrections their findings carry or (``write``) write them.
    ``in_lint`` (lint --fix): only write and say so on stderr; lint reports the rest, unreadable files included."""
    from auditor import baseline
    from auditor.batch import cap_jobs, default_jobs, expand
    from auditor.config import Config
    from auditor.fixes import apply_edits, fixed_copy, held_back, plan, unified_diff, word_view
    from auditor.report.escape import safe_name, visible
    from auditor.safewrite import snapshot
    _FOUND.clear()
    _LOADED.clear()
    items = expand(args.paths, partial(_excluder, args))
    groups, configs = _group(args, items)
    reads = {f: snapshot(f) for files in groups.values() for f in files} if write else {}   # an edit meanwhile: refused
    jobs, capped = cap_jobs(args.jobs) if args.jobs > 0 else (default_jobs(), None)
    if capped and not in_lint:
        _say(capped)
    done, _levels = _lint_groups(args, _plans(args, groups, configs), jobs, show=False)
    results = [item if isinstance(item, FileResult) else done[item] for item in items]
    shown, _levels = _displayable(results, {})     # as lint shows them: the names a baseline records
    cfg = configs[next(iter(groups))] if groups else Config()
    if args.baseline or cfg.baseline:
        shown, _applied = baseline.apply(shown, str(args.baseline or cfg.baseline))
    words = not getattr(args, "diff", False) and (getattr(args, "word_diff", False) or sys.stdout.isatty())
    color = words and _color(args, sys.stdout)
    out = _Fixed()
    total = changed = held = 0
    failed = False
    view: list[str] = []
    for real, r in zip(results, shown, strict=True):
        if r.error is not None or r.report is None:
            if not in_lint:
                _say(r.error or f"{r.path}: cannot read")
            failed = True
            continue
        if r.rule_errors and not in_lint:
            for problem in r.rule_errors:
                _say(f"{r.path}: {problem}")
            failed = True
        before = r.report.original
        edits = plan(before, r.findings, unsafe=args.unsafe_fixes)
        waiting = held_back(r.findings, unsafe=args.unsafe_fixes)
        held += waiting
        note = f" ({waiting} unsafe fix(es) not applied: --unsafe-fixes)" if waiting else ""
        if not write:
            total += len(edits)
            changed += bool(edits)
            if edits and words:
                view.append(word_view(r.path, before, r.report.lines, edits, color=color))
            elif edits:
                diff = unified_diff(r.path, before, apply_edits(before, edits))
                view.append(visible(diff, lines=True) if sys.stdout.isatty() else diff)   # a pipe gets the patch as is
            continue
        if not edits:
            if waiting:
                _say(f"{r.path}: 0 correction(s){note}")
            continue
        try:
            count = _write_fixes(real.path, r, edits, reads.get(real.path), args, out)
        except UsageError as exc:        # read-only, changed meanwhile, a link at the copy's name, a full disk
            _say(str(exc))
            failed = True
            continue
        if count is None:
            _say(f"{r.path}: cannot change a PDF: {len(edits)} correction(s) not applied"
                 + ("" if in_lint else " (run without --write for the diff)"))
            failed = failed or not in_lint
            continue
        total += count
        changed += bool(count)
        copy = fixed_copy(real.path) if real.path.lower().endswith(".docx") else real.path
        where = f" to a corrected copy {safe_name(copy)}" if copy != real.path else ""
        _say(f"{r.path}: {count} correction(s) written{where}{note}")
    if view:
        _emit("".join(view), None)
    readable = sum(1 for r in results if r.error is None and r.report is not None)
    reports = f"{changed} of {readable} report(s)" + (f"; {len(results) - readable} could not be read"
                                                      if readable < len(results) else "")
    if not readable:              # nothing was read: the errors said why, a count of corrections would mislead
        pass
    elif write and (len(results) > 1 or not total):
        _say(f"{total} correction(s) written in {reports}")
    elif not write:
        how = "--fix" if args.command == "lint" else "--write"
        _say(f"{total} correction(s) in {reports}; {how} applies them"
             + (f" ({held} unsafe fix(es) not applied: --unsafe-fixes)" if held else ""))
    out.code = EXIT_ERROR if failed else EXIT_FINDINGS if total and not write else EXIT_OK
    return out


def _write_fixes(path: str, r: FileResult, edits: list[Edit], read: Snapshot | None, args: argparse.Namespace,
                 out: _Fixed) -> int | None:
    """Write one report's corrections: a text report in place, a Word report as a corrected copy (the findings fixed
    there noted in ``out``); how many were written, None for a PDF (never written)."""
    from auditor.fixes import apply_edits, fixed_copy, fixed_findings
    assert r.report is not None
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        return None
    if suffix == ".docx":
        from auditor.sources.docx import write_fixed_docx
        made = write_fixed_docx(Path(path), Path(fixed_copy(path)), [(e.start, e.end, e.new) for e in edits], read)
        out.in_copy[path] = fixed_findings(r.report.original, r.findings, made)
        return len(made)
    from auditor.fixes import write_text_report
    write_text_report(path, apply_edits(r.report.original, edits), r.encoding, read,
                      force=getattr(args, "force", False))
    return len(edits)
