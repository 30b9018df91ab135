"""Configuration: [tool.auditor] in pyproject.toml or an auditor.toml, found upwards from the linted files."""

from __future__ import annotations

import difflib
import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.engine import SEVERITIES
from auditor.errors import UsageError

KEYS = ("select", "ignore", "severity", "fail-on", "profile", "rules", "per-path", "baseline")
PER_PATH_KEYS = ("select", "ignore", "severity")
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(slots=True)
class PathOverride:
    pattern: str
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)


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

    def for_path(self, path: str) -> tuple[list[str], list[str], dict[str, str]]:
        """select, ignore and severity overrides in force for one file (per-path entries added)."""
        select, ignore, severity = list(self.select), list(self.ignore), dict(self.severity)
        base = Path(self.source).parent if self.source else Path.cwd()
        try:
            rel = str(Path(path).resolve().relative_to(base.resolve()))
        except ValueError:
            rel = path
        for o in self.per_path:
            if fnmatch.fnmatch(rel, o.pattern) or fnmatch.fnmatch(path, o.pattern):
                select += o.select
                ignore += o.ignore
                severity.update(o.severity)
        return select, ignore, severity


def find_config(start: Path) -> Path | None:
    """The nearest auditor.toml, or pyproject.toml with [tool.auditor], in start or its parents."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        own = folder / "auditor.toml"
        if own.is_file():
            return own
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                if "auditor" in tomllib.loads(py.read_text(encoding="utf-8")).get("tool", {}):
                    return py
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
    return None


def load_config(path: Path) -> Config:
    """Read and validate one configuration file; a mistake is a UsageError naming file:line."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None
    table: dict[str, Any] = data.get("tool", {}).get("auditor", {}) if path.name == "pyproject.toml" else data
    cfg = Config(source=str(path))
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
        cfg.profile = str(table["profile"])
    cfg.rules = [str((path.parent / p).resolve()) for p in _list(path, text, table, "rules")]
    if "baseline" in table:
        cfg.baseline = str((path.parent / str(table["baseline"])).resolve())
    for pattern, body in (table.get("per-path") or {}).items():
        if not isinstance(body, dict):
            raise UsageError(f"{path}:{_line(text, pattern)}: per-path entry {pattern!r} must be a table")
        for key in body:
            if key not in PER_PATH_KEYS:
                raise UsageError(_unknown(path, text, key, PER_PATH_KEYS, "per-path setting"))
        cfg.per_path.append(PathOverride(pattern, _list(path, text, body, "select"), _list(path, text, body, "ignore"),
                                         _severity(path, text, body.get("severity", {}))))
    return cfg


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


def _line(text: str, key: str) -> int:
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip().strip('"')
        if stripped.startswith((key, f'"{key}"')):
            return n
    return 1


def _unknown(path: Path, text: str, key: str, allowed: tuple[str, ...], what: str) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(allowed)}"
    return f"{path}:{_line(text, key)}: unknown {what} {key!r}{hint}"
