"""Find, load and validate YAML rule packs; build the one registry of Python and YAML rules."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from auditor.dsl.checks import KINDS, YamlRule
from auditor.dsl.spec import Problem, validate_file
from auditor.dsl.yamlnodes import YamlError, load_located
from auditor.engine import Registry, RegistryError
from auditor.errors import AuditorError
from auditor.rules import python_rules

PACK_SUFFIXES = (".yaml", ".yml")


class RulePackError(AuditorError):
    """One or more rule files are malformed; every problem is listed as file:line:col."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def shipped_pack_files() -> list[str]:
    """The YAML packs shipped with auditor (the top-level ``rules/`` folder, installed as auditor.packs)."""
    root = resources.files("auditor.packs")
    return sorted(str(p) for p in root.iterdir() if p.name.endswith(PACK_SUFFIXES))


def pack_files(paths: Sequence[str]) -> list[str]:
    """Expand files and folders into rule files (folders searched recursively, sorted)."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.suffix in PACK_SUFFIXES and f.is_file()
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                raise RulePackError([Problem(raw, 1, 1, "no rule files (*.yaml) in this folder")])
            out.extend(found)
        elif p.is_file():
            out.append(raw)
        else:
            raise RulePackError([Problem(raw, 1, 1, "no such rule file or folder")])
    return out


def load_rules(path: str) -> tuple[list[YamlRule], list[Problem]]:
    """Load one rule file: its rules, or the problems that keep them from loading."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(path, 1, 1, f"cannot read rule file: {exc}")]
    try:
        root = load_located(text)
    except YamlError as exc:
        return [], [Problem(path, exc.line, exc.column, str(exc))]
    specs, problems = validate_file(root, path)
    return [KINDS[s.kind](s) for s in specs], problems


@cache
def _shipped() -> tuple[tuple[YamlRule, ...], tuple[Problem, ...]]:
    rules: list[YamlRule] = []
    problems: list[Problem] = []
    for f in shipped_pack_files():
        r, p = load_rules(f)
        rules.extend(r)
        problems.extend(p)
    return tuple(rules), tuple(problems)


def build_registry(extra_packs: Sequence[str] = (), *, shipped: bool = True) -> Registry:
    """Python rules, the shipped YAML packs and any extra packs, in one registry (ids unique across all).

    Raises RulePackError listing every problem when any rule file is malformed: one bad file never
    silently disables the others.
    """
    registry = Registry()
    problems: list[Problem] = []
    for rule in python_rules():
        registry.add(rule)
    yaml_rules: list[YamlRule] = []
    if shipped:
        rules, probs = _shipped()
        yaml_rules.extend(rules)
        problems.extend(probs)
    for f in pack_files(extra_packs):
        loaded, found = load_rules(f)
        yaml_rules.extend(loaded)
        problems.extend(found)
    for rule in yaml_rules:
        try:
            registry.add(rule)
        except RegistryError as exc:
            problems.append(Problem(rule.spec.source, rule.spec.line, 1, str(exc)))
    if problems:
        raise RulePackError(problems)
    return registry
