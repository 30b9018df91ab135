"""Command line: parse arguments, call the runner, hand results to a formatter. Nothing else."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.config import Config

from auditor import __version__
from auditor.engine import SEVERITY_RANK, Registry, Rule
from auditor.errors import AuditorError, UsageError
from auditor.report import FileResult, formats
from auditor.rules import default_registry

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="auditor", description="Audit Chinese budget-performance reports for "
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
    lint.add_argument("--select", default="", help="comma list of rule codes, names or categories to run")
    lint.add_argument("--ignore", default="", help="comma list of rule codes, names or categories to skip")
    lint.add_argument("--verified", action="store_true", help="also list the relations checked and found to hold")
    lint.add_argument("-o", "--output", help="write the output to this file (written whole or not at all)")
    lint.add_argument("--no-color", action="store_true")
    lint.add_argument("--rules", action="append", default=[], metavar="DIR_OR_FILE",
                      help="add a YAML rule pack (file or folder); may be repeated")
    lint.add_argument("--profile", default=None,
                      help="report template for missing-section checks: auto (detect), none, or one of: "
                           + ", ".join(_profile_names()))
    parse = sub.add_parser("parse", help="dump the parsed model of one report")
    parse.add_argument("path", metavar="FILE")
    parse.add_argument("--format", choices=("json", "outline"), default="json",
                       help="json: the whole model; outline: an indented listing of the report's structure")
    rules = sub.add_parser("rules", help="list the rules; `rules test` runs their examples")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.add_argument("--rules", action="append", default=[], metavar="DIR_OR_FILE",
                       help="add a YAML rule pack (file or folder); may be repeated")
    rules_sub = rules.add_subparsers(dest="rules_command")
    test = rules_sub.add_parser("test", help="run the pass/fail examples of rules")
    test.add_argument("packs", nargs="*", metavar="PATH",
                      help="rule files or folders to test (default: every rule, built-in and shipped)")
    fix = sub.add_parser("fix", help="show (or --write) the corrections the findings carry: the safe ones, and the "
                                     "unsafe ones with --unsafe-fixes")
    fix.add_argument("path", metavar="FILE")
    fix.add_argument("--unsafe-fixes", action="store_true",
                     help="also apply unsafe fixes: a recomputed figure where another figure may be the wrong one")
    fix.add_argument("--write", action="store_true", help="write the corrected report over FILE")
    fix.add_argument("--force", action="store_true", help="with --write, also replace a read-only FILE")
    fix.add_argument("--rules", action="append", default=[], metavar="DIR_OR_FILE")
    explain = sub.add_parser("explain", help="describe one rule: what it checks, its examples, where it is defined")
    explain.add_argument("code", metavar="CODE")
    explain.add_argument("--rules", action="append", default=[], metavar="DIR_OR_FILE")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "lint":
            return _lint(args)
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
        _say(str(exc))
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
    if not Path(key).is_file():
        raise UsageError(f"{key}: no such configuration file")
    return load_config(Path(key))


def _registry_for(packs: tuple[str, ...], select: str, ignore: str) -> Registry:
    """The rules of a run (module-level so worker processes can rebuild it)."""
    return _select(default_registry(packs), select, ignore)


def _profile_names() -> list[str]:
    from auditor.profiles import profiles
    return sorted(profiles())


def _keys(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


def _names(registry: Registry) -> list[str]:
    """What a rule key may be: codes, names, aliases and categories (for did-you-mean)."""
    return sorted({n for r in registry for n in (r.code, r.name, r.category, *r.aliases)})


def _check_config(cfg: Config, registry: Registry) -> None:
    """Every rule key of the configuration names a rule of the run (else file:line, did-you-mean)."""
    if cfg.source is not None:
        from auditor.config import check_keys
        check_keys(cfg, lambda k: any(_matches(r, k) for r in registry), _names(registry))


def _select(registry: Registry, select: str, ignore: str) -> Registry:
    from auditor.config import did_you_mean
    for key in _keys(select) + _keys(ignore):
        if not any(_matches(r, key) for r in registry):
            raise UsageError(f"unknown rule, prefix or category: {key}{did_you_mean(key, _names(registry))}")
    out = Registry()
    out.lexicon = registry.lexicon
    for rule in registry:
        if _keys(select) and not any(_matches(rule, k) for k in _keys(select)):
            continue
        if any(_matches(rule, k) for k in _keys(ignore)):
            continue
        out.add(rule)
    return out


def _lint(args: argparse.Namespace) -> int:
    from functools import partial

    from auditor.batch import cap_jobs, default_jobs, expand, lint_many
    from auditor.config import Config
    items = expand(args.paths)
    _FOUND.clear()
    # each file follows the configuration found upwards from it (or --config / --no-config for all)
    groups: dict[str | None, list[str]] = {}
    configs: dict[str | None, Config] = {}
    for item in items:
        if isinstance(item, str):
            key = _config_key(args, item)
            groups.setdefault(key, []).append(item)
            if key not in configs:
                configs[key] = _load_config(key)
    if args.profile is not None and args.profile not in ("auto", "none", *_profile_names()):
        raise UsageError(f"unknown profile {args.profile!r}; choose auto, none or one of: "
                         + ", ".join(_profile_names()))
    if args.show_settings:
        return _show_settings(args, groups, configs)
    if args.format == "text":
        for key in groups:
            if key is not None:
                _say(f"using configuration {key}")
    jobs, capped = cap_jobs(args.jobs) if args.jobs > 0 else (default_jobs(), None)
    if capped:
        _say(capped)
    show = args.format == "text" and not args.statistics and sys.stderr.isatty() and not args.output
    done: dict[str, FileResult] = {}
    fail_on: dict[str, str] = {}
    registry: Registry | None = None
    for key, files in groups.items():
        cfg = configs[key]
        select = args.select if args.select else ",".join(cfg.select)
        ignore = args.ignore if args.ignore else ",".join(cfg.ignore)
        packs = tuple(cfg.rules + args.rules)
        every = default_registry(packs)
        _check_config(cfg, every)
        group_registry = _select(every, select, ignore)
        registry = registry or group_registry
        profile = args.profile or cfg.profile or "auto"
        if profile not in ("auto", "none", *_profile_names()):
            raise UsageError(f"{cfg.source}: unknown profile {profile!r}")
        options = {"profile": profile, "verified": args.verified}
        make = partial(_registry_for, packs, select, ignore)
        if show:
            from rich.console import Console
            from rich.progress import Progress
            with Progress(console=Console(file=sys.stderr, no_color=_no_color(args)), transient=True) as bar:
                found = list(lint_many(files, make, options, jobs, partial(_advance, bar, bar.add_task("auditor"))))
        else:
            found = list(lint_many(files, make, options, jobs))
        if cfg.per_path or cfg.severity:
            _apply_config(found, cfg, group_registry, _keys(ignore), cli_select=bool(args.select))
        for r in found:
            done[r.path] = r
            fail_on[r.path] = args.fail_on or cfg.fail_on or "warning"
    results = [item if isinstance(item, FileResult) else done[item] for item in items]
    results, fail_on = _displayable(results, fail_on)
    for r in results:
        for problem in r.rule_errors:        # a rule that stopped or failed: the report's other rules ran
            _say(f"{r.path}: {problem}")
    registry = registry or default_registry(tuple(args.rules))
    first = configs[next(iter(groups))] if groups else Config()
    cfg = first
    if args.write_baseline:
        from auditor import baseline
        from auditor.config import inside_project
        target = args.baseline or cfg.baseline or ".auditor-baseline.json"
        if not args.baseline and cfg.baseline and not inside_project(cfg, target):   # named by the file: stay inside
            raise UsageError(f"{cfg.source}: baseline {target} is outside the project; name it with --baseline")
        _emit(baseline.build(results, target), target)
        count = sum(len(r.findings) for r in results)
        _say(f"wrote {count} finding(s) to {target}")
        return EXIT_ERROR if any(r.error is not None for r in results) else EXIT_OK
    applied = None
    if args.baseline or cfg.baseline:
        from auditor import baseline
        applied = baseline.apply(results, str(args.baseline or cfg.baseline))
    formatter = formats.get(args.format)
    stats_aside = args.statistics and formatter.statistics is None
    if args.statistics and formatter.statistics is not None:
        text = formatter.statistics(results, registry)
    else:
        color = not (_no_color(args) or args.output is not None)
        text = formatter.render(formats.Output(results=results, registry=registry, verified=args.verified,
                                               baseline=str(args.baseline or cfg.baseline) if applied is not None else None,
                                               color=color, terminal=sys.stdout.isatty() and args.output is None))
    if applied is not None and args.format in ("text", "json") and not args.statistics:
        if args.format == "json":
            doc = json.loads(text)
            doc["baseline"] = {"suppressed": applied.suppressed, "stale": applied.stale}
            text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        else:
            from auditor.report.escape import visible
            text += f"Baseline: {applied.suppressed} accepted finding(s) not shown"
            text += "".join(f"\n  stale: {visible(e['path'])} {visible(e['rule'])} {visible(e['fingerprint'][:12])}"
                            for e in applied.stale)
            text += "\n"
    _emit(text, args.output)
    if stats_aside:       # a findings format keeps stdout (or -o); its statistics go to stderr
        from auditor.report.ci_formats import render_statistics
        sys.stderr.write(render_statistics(results, registry))
    return _exit_code(results, fail_on)


def _no_color(args: argparse.Namespace) -> bool:
    return bool(args.no_color or os.environ.get("NO_COLOR"))


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


def _apply_config(results: list[FileResult], cfg: Config, registry: Registry, ignore: list[str], *,
                  cli_select: bool) -> None:
    """Per-path select/ignore and severity overrides from the configuration, applied to each file's findings
    (a per-path select gives way to --select on the command line)."""
    from dataclasses import replace
    rules = {r.code: r for r in registry}
    for r in results:
        select, skip, severity = cfg.for_path(r.path, ignore=ignore, cli_select=cli_select)
        kept = []
        for f in r.findings:
            rule = rules.get(f.rule)
            if rule is not None and ((select and not any(_matches(rule, k) for k in select))
                                     or any(_matches(rule, k) for k in skip)):
                continue
            level = next((v for k, v in severity.items() if rule is not None and _matches(rule, k)), None)
            kept.append(replace(f, severity=level) if level else f)
        r.findings = kept


def _matches(rule: Rule, key: str) -> bool:
    return key in (rule.code, rule.name, rule.category, *rule.aliases) or rule.code.startswith(key)


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
    from auditor.build import build_report
    from auditor.profiles import explain
    from auditor.sources import load
    src = load(args.path)
    report = build_report(args.path, src.text, None, src.tables, src.pages)    # as lint builds it
    if args.format == "outline":
        from auditor.report.outline_view import render
        _emit(render(report, explain(report)), None)
        return EXIT_OK
    _emit(json.dumps({"version": 1, "encoding": src.encoding, "profile": explain(report),
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
    out += [f"| {r.code} | `{r.name}` | {r.category} | {r.severity} | {r.description} |" for r in registry]
    for r in registry:
        out += ["", f"## {r.code} `{r.name}`", "", f"*{r.category}, {r.severity}* — defined in `{_portable(r.source)}`",
                "", r.description]
        if r.details:
            out += ["", r.details]
    return "\n".join(out) + "\n"


def _rules(args: argparse.Namespace) -> int:
    registry = default_registry(tuple(args.rules))
    if args.format == "json":
        rows = [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
                 "description": r.description, "source": r.source, "aliases": list(r.aliases)} for r in registry]
        sys.stdout.write(json.dumps({"version": 1, "rules": rows}, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if args.format == "markdown":
        sys.stdout.write(rules_markdown(registry))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    table = Table(title=f"{len(registry)} rules")
    for col in ("code", "name", "category", "severity"):
        table.add_column(col, no_wrap=True)
    table.add_column("description")
    table.add_column("source", overflow="fold")
    for r in registry:
        table.add_row(*(Text(v) for v in (r.code, r.name, r.category, r.severity, r.description, _short(r.source))))
    console.print(table)
    return EXIT_OK


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
    registry = default_registry(tuple(args.rules))
    rule = registry.get(args.code)
    if rule is None:
        raise UsageError(f"no rule {args.code!r} (see `auditor rules`)")
    out = [f"{rule.code} {rule.name} [{rule.category}, {rule.severity}]", f"defined in: {rule.source}"]
    if rule.aliases:
        out.append("aliases: " + ", ".join(rule.aliases))
    out += ["", rule.description]
    if rule.details:
        out += ["", rule.details]
    for kind in ("pass", "fail"):
        for ex in rule.examples.get(kind, ()):
            out += ["", f"{kind} example:" + (f" (finding at line {ex['expect_line']})" if ex.get("expect_line") else "")]
            out += ["    " + line for line in str(ex["text"]).splitlines()]
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK


def _fix(args: argparse.Namespace) -> int:
    from auditor.fixes import apply_fixes, unified_diff
    from auditor.report.escape import safe_name, visible
    from auditor.runner import lint_file
    from auditor.safewrite import replace_report, snapshot
    registry = default_registry(tuple(args.rules))
    read = snapshot(args.path) if args.write else None       # what the run reads: an edit meanwhile is refused
    result = lint_file(args.path, list(registry), registry.lexicon)
    if result.error is not None or result.report is None:
        raise UsageError(result.error or f"{args.path}: cannot read")
    if args.write and Path(args.path).suffix.lower() == ".pdf":
        raise UsageError(f"{args.path}: --write cannot change a PDF (run without --write for the diff)")
    before = result.report.original
    after, applied = apply_fixes(before, result.findings, unsafe=args.unsafe_fixes)
    held = 0 if args.unsafe_fixes else sum(1 + len(f.also) for f in result.findings
                                           if f.fix is not None and f.applicability != "safe")
    note = f" ({held} unsafe fix(es) not applied: --unsafe-fixes)" if held else ""
    if args.write and args.path.lower().endswith(".docx"):
        from auditor.sources.docx import write_fixed_docx
        target = str(Path(args.path).with_suffix("")) + ".fixed.docx"
        count = write_fixed_docx(Path(args.path), Path(target),
                                 applied, read)
        _say(f"{count} correction(s) written to a corrected copy {target}{note}")
        return EXIT_OK
    if args.write:
        if applied:
            import codecs
            boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
                    "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
            data = boms.get(result.encoding, b"") + after.encode(result.encoding)   # the BOM it was read with
            replace_report(args.path, data, read, force=args.force)
        _say(f"{len(applied)} correction(s) written to {args.path}{note}")
        return EXIT_OK
    diff = unified_diff(safe_name(args.path), before, after)
    _emit(visible(diff, lines=True) if sys.stdout.isatty() else diff, None)   # a pipe gets the patch as it is
    _say(f"{len(applied)} correction(s); --write applies them{note}")
    return EXIT_FINDINGS if applied else EXIT_OK
