"""Configuration: [tool.auditor] in pyproject.toml or an auditor.toml, found upwards from the linted files
(never above the repository root, the user's home or into a world-writable folder)."""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
import stat
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import Any

from auditor import rx
from auditor.engine import SEVERITIES
from auditor.errors import UsageError
from auditor.records import dataclass

KEYS = ("select", "ignore", "severity", "fail-on", "profile", "rules", "per-path", "baseline", "exclude",
        "extend-exclude", "respect-gitignore")
PER_PATH_KEYS = ("select", "ignore", "severity")
FAIL_ON = ("error", "warning", "info", "never")
MAX_DEPTH = 32          # brackets and braces nested deeper than this are refused (tomllib would recurse)


@dataclass(slots=True)
class PathOverride:
    pattern: str
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    line: int = 1                   # where its table starts in the configuration file


@dataclass(slots=True)
class Config:
    """Settings from a configuration file (all optional); CLI flags override them."""

    source: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    profile: str | None = None
    rules: list[str] = field(default_factory=list)
    per_path: list[PathOverride] = field(default_factory=list)
    baseline: str | None = None
    exclude: list[str] | None = None         # None: the default folders (auditor.sources.exclude.DEFAULT_EXCLUDE)
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    text: str = field(default="", repr=False)      # the file's text, to place a value found wrong later

    def for_path(self, path: str, *, ignore: list[str], cli_select: bool = False
                 ) -> tuple[list[str], list[str], dict[str, str]]:
        """The per-path narrowing in force for one file: the rules it is limited to (empty: no limit; a per-path
        ``select``, unless ``--select`` was given on the command line, which wins), the rules ignored
        (``ignore`` plus per-path ignores) and the severity overrides."""
        select: list[str] = []
        ignore, severity = list(ignore), dict(self.severity)
        base = Path(self.source).parent if self.source else Path.cwd()
        try:
            rel = str(Path(path).resolve().relative_to(base.resolve()))
        except ValueError:
            rel = path
        for o in self.per_path:
            if fnmatch.fnmatch(rel, o.pattern) or fnmatch.fnmatch(path, o.pattern):
                if not cli_select:
                    select += o.select
                ignore += o.ignore
                severity.update(o.severity)
        return select, ignore, severity

    def rule_keys(self) -> list[tuple[str, str, int]]:
        """Every rule key the file names (select, ignore, severity, per-path), with the setting and its line."""
        out = [(k, "select", self.where(k, "select")) for k in self.select]
        out += [(k, "ignore", self.where(k, "ignore")) for k in self.ignore]
        out += [(k, "severity", self.where(k, "severity")) for k in self.severity]
        for o in self.per_path:
            out += [(k, f"per-path {o.pattern!r} select", self.where(k, "select", o.line)) for k in o.select]
            out += [(k, f"per-path {o.pattern!r} ignore", self.where(k, "ignore", o.line)) for k in o.ignore]
            out += [(k, f"per-path {o.pattern!r} severity", self.where(k, "severity", o.line)) for k in o.severity]
        return out

    def where(self, value: str, setting: str, start: int = 1) -> int:
        """The line of ``value`` (a quoted list item or a key) at or after the line of ``setting``."""
        return _value_line(self.text, value, setting, start)


def find_config(start: Path) -> Path | None:
    """The nearest auditor.toml, or pyproject.toml with [tool.auditor], in start or its parents.

    The search ends at the repository root (a folder with .git or .hg) or the user's home, whichever comes
    first, and never enters a world-writable folder (such as /tmp), where anyone could plant a configuration.
    """
    here = start.resolve()
    if here.is_file():
        here = here.parent
    home = _home()
    for folder in (here, *here.parents):
        if _world_writable(folder):
            return None
        own = folder / "auditor.toml"
        if own.is_file():
            return own
        py = folder / "pyproject.toml"
        if py.is_file():
            import tomllib  # only where there is TOML to read (3 ms)
            try:
                if "auditor" in tomllib.loads(py.read_text(encoding="utf-8")).get("tool", {}):
                    return py
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError, RecursionError):
                pass
        if folder == home or (folder / ".git").exists() or (folder / ".hg").exists():
            return None
    return None


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError):
        return None


def _world_writable(folder: Path) -> bool:
    try:
        return bool(os.stat(folder).st_mode & stat.S_IWOTH)
    except OSError:
        return True


def inside_project(cfg: Config, path: str) -> bool:
    """Whether ``path`` (links followed) lies in the folder tree of the configuration file ``cfg`` came from."""
    if cfg.source is None:
        return True
    project = os.path.realpath(os.path.dirname(os.path.abspath(cfg.source)))
    real = os.path.realpath(path)
    return real == project or real.startswith(project.rstrip(os.sep) + os.sep)


def load_config(path: Path) -> Config:
    """Read and validate one configuration file; a mistake is a UsageError naming file:line."""
    import tomllib  # only where there is TOML to read (3 ms)
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(_toml_error(path, text, str(exc))) from None
    except RecursionError:
        raise UsageError(f"{path}:1: nested too deeply (limit {MAX_DEPTH} levels)") from None
    table: dict[str, Any] = data.get("tool", {}).get("auditor", {}) if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise UsageError(f"{path}:{_line(text, 'auditor')}: [tool.auditor] must be a table")
    cfg = Config(source=str(path), text=text)
    for key in table:
        if key not in KEYS:
            raise UsageError(_unknown(path, text, key, KEYS, "setting"))
    cfg.select = _list(path, text, table, "select")
    cfg.ignore = _list(path, text, table, "ignore")
    cfg.severity = _severity(path, text, table.get("severity", {}))
    if "fail-on" in table:
        if table["fail-on"] not in FAIL_ON:
            raise UsageError(f"{path}:{_line(text, 'fail-on')}: fail-on must be one of {', '.join(FAIL_ON)}")
        cfg.fail_on = table["fail-on"]
    if "profile" in table:
        cfg.profile = _profile(path, text, table["profile"])
    cfg.rules = [_pack(path, text, p) for p in _list(path, text, table, "rules")]
    if "baseline" in table:
        if not isinstance(table["baseline"], str):
            raise UsageError(f"{path}:{_line(text, 'baseline')}: baseline must be a file name")
        cfg.baseline = _inside(path, text, "baseline", table["baseline"])
    if "exclude" in table:
        cfg.exclude = _list(path, text, table, "exclude")
    cfg.extend_exclude = _list(path, text, table, "extend-exclude")
    if "respect-gitignore" in table:
        if not isinstance(table["respect-gitignore"], bool):
            raise UsageError(f"{path}:{_line(text, 'respect-gitignore')}: respect-gitignore must be true or false")
        cfg.respect_gitignore = table["respect-gitignore"]
    per_path = table.get("per-path") or {}
    if not isinstance(per_path, dict):
        raise UsageError(f"{path}:{_line(text, 'per-path')}: per-path must be a table of glob = settings")
    for pattern, body in per_path.items():
        if not isinstance(body, dict):
            raise UsageError(f"{path}:{_line(text, pattern)}: per-path entry {pattern!r} must be a table")
        for key in body:
            if key not in PER_PATH_KEYS:
                raise UsageError(_unknown(path, text, key, PER_PATH_KEYS, "per-path setting"))
        cfg.per_path.append(PathOverride(pattern, _list(path, text, body, "select"), _list(path, text, body, "ignore"),
                                         _severity(path, text, body.get("severity", {})), _header(text, pattern)))
    return cfg


def check_keys(cfg: Config, known: Callable[[str], bool], names: list[str]) -> None:
    """Every rule key of the configuration must name a rule, a code prefix, a name or a category of the run's
    rules (``known``): a typo would otherwise silence findings and pass CI. The first unknown one is a UsageError
    at its file:line, with the closest of ``names``."""
    for key, setting, line in cfg.rule_keys():
        if not known(key):
            raise UsageError(f"{cfg.source}:{line}: unknown rule, prefix or category {key!r} in {setting}"
                             f"{did_you_mean(key, names)}")


def rule_matches(rule: Any, key: str) -> bool:
    """Whether a rule key (code, code prefix, dotted name, alias or category) names ``rule``."""
    return key in (rule.code, rule.name, rule.category, *rule.aliases) or rule.code.startswith(key)


def did_you_mean(key: str, names: list[str]) -> str:
    """"; did you mean 'X'?" for the closest of ``names`` (case ignored), or ""."""
    folded = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(key.casefold(), list(folded), n=1, cutoff=0.6)
    return f"; did you mean {folded[close[0]]!r}?" if close else ""


def _profile(path: Path, text: str, value: Any) -> str:
    from auditor.profiles import profiles
    known = ("auto", "none", *sorted(profiles()))
    if value not in known:
        close = difflib.get_close_matches(str(value), known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; choose one of: {', '.join(known)}"
        raise UsageError(f"{path}:{_line(text, 'profile')}: unknown profile {value!r}{hint}")
    return str(value)


def _pack(path: Path, text: str, value: str) -> str:
    """A rule pack named in the configuration: inside the project, and there."""
    full = _inside(path, text, "rules", value)
    if not os.path.exists(full):
        raise UsageError(f"{path}:{_value_line(text, value, 'rules')}: rules {value!r}: no such file or folder "
                         f"({full})")
    return full


def _header(text: str, pattern: str) -> int:
    """The line where the per-path table of ``pattern`` starts."""
    lines = text.splitlines()
    for want in (lambda ln: "per-path" in ln and pattern in ln, lambda ln: pattern in ln):
        for n, line in enumerate(lines, start=1):
            if want(line):
                return n
    return 1


def _value_line(text: str, value: str, setting: str, start: int = 1) -> int:
    """The line of ``value`` (a quoted list item or a key) at or after the line of ``setting`` in ``text``."""
    lines = text.splitlines()
    first = next((n for n in range(start, len(lines) + 1) if _names(lines[n - 1], setting)), start)
    quoted = re.compile(r'(^|[\s\[,{])(["\']?)' + re.escape(value) + r'\2\s*[,\]=}]')
    for n in range(first, len(lines) + 1):
        if quoted.search(lines[n - 1]):
            return n
    return first


def _names(line: str, setting: str) -> bool:
    stripped = line.strip().strip('"')
    return stripped.startswith((setting, f'"{setting}"', f"[{setting}]", f"[tool.auditor.{setting}]"))


def _read(path: Path) -> str:
    """The configuration's text: UTF-8, brackets nested at most MAX_DEPTH deep (else file:line)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the configuration ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UsageError(f"{path}:{line}: the configuration is not UTF-8 text "
                         f"(byte 0x{data[exc.start]:02x}); save it as UTF-8") from None
    deep = _too_deep(text)
    if deep is not None:
        raise UsageError(f"{path}:{deep}: nested too deeply (limit {MAX_DEPTH} levels)")
    return text


def _too_deep(text: str) -> int | None:
    """The line where [ and { (outside strings and comments) nest deeper than MAX_DEPTH, if any."""
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and text[j:j + len(quote)] != quote and (len(quote) == 3 or text[j] != "\n"):
                j += 2 if c == '"' and text[j] == "\\" else 1
            if text[j:j + len(quote)] == quote:
                j += len(quote)
            line += text.count("\n", i, j)
            i = j
            continue
        elif c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif c in "]}":
            depth = max(0, depth - 1)
        i += 1
    return None


def _inside(path: Path, text: str, key: str, value: str) -> str:
    """A path named in the configuration, resolved against its folder; it must stay inside that folder tree."""
    project = path.parent.resolve()
    full = (path.parent / value).resolve()
    if full != project and project not in full.parents:
        raise UsageError(f"{path}:{_line(text, key)}: {key} {value!r} is outside the project ({project}); "
                         f"name it on the command line instead")
    return str(full)


def describe(cfg: Config, *, files: int, select: str, ignore: str, fail_on: str, profile: str,
             rules: list[str], baseline: str | None) -> list[str]:
    """The settings in force for a group of reports, one per line (``lint --show-settings``)."""
    out = [f"configuration: {cfg.source or 'none (defaults)'}", f"  reports: {files}",
           f"  select: {select or 'all rules'}", f"  ignore: {ignore or '-'}",
           "  severity: " + (", ".join(f"{k} = {v}" for k, v in cfg.severity.items()) or "-"),
           f"  fail-on: {fail_on}", f"  profile: {profile}", "  rules: built-in" + "".join(f", {r}" for r in rules),
           f"  baseline: {baseline or '-'}",
           "  exclude: " + (", ".join(cfg.exclude) if cfg.exclude is not None else "(defaults)")
           + "".join(f", {p}" for p in cfg.extend_exclude), f"  respect-gitignore: {cfg.respect_gitignore}"]
    for o in cfg.per_path:
        parts = [f"select {','.join(o.select)}" if o.select else "", f"ignore {','.join(o.ignore)}" if o.ignore else "",
                 ", ".join(f"{k} = {v}" for k, v in o.severity.items())]
        out.append(f"  per-path {o.pattern}: " + "; ".join(p for p in parts if p))
    return out


def _list(path: Path, text: str, table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{path}:{_line(text, key)}: {key} must be a list of strings")
    return value


def _severity(path: Path, text: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise UsageError(f"{path}:{_line(text, 'severity')}: severity must be a table of rule = level")
    for rule, level in value.items():
        if level not in SEVERITIES:
            raise UsageError(f"{path}:{_line(text, rule)}: severity of {rule} must be one of {', '.join(SEVERITIES)}")
    return dict(value)


_TOML_AT = rx.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")


def _toml_error(path: Path, text: str, message: str) -> str:
    """tomllib's error as ``file:line:col: invalid TOML: reason`` (tomllib puts the place in its message)."""
    m = _TOML_AT.search(message)
    if m is None:
        return f"{path}: invalid TOML: {message}"
    if m.group(1):
        line, col = int(m.group(1)), int(m.group(2))
    else:       # the end of the document: just after its last character
        line, col = text.count("\n") + 1, len(text) - text.rfind("\n")
    return f"{path}:{line}:{col}: invalid TOML: {message[:m.start()]}"


def _line(text: str, key: str, default: int = 1) -> int:
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip().strip('"')
        if stripped.startswith((key, f'"{key}"')):
            return n
    return default


def _unknown(path: Path, text: str, key: str, allowed: tuple[str, ...], what: str) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(allowed)}"
    return f"{path}:{_line(text, key)}: unknown {what} {key!r}{hint}"
