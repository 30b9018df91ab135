"""Find, load and validate YAML rule packs; build the one registry of Python and YAML rules."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from auditor.dsl.checks import KINDS, YamlRule
from auditor.dsl.spec import Problem, declared_labels, validate_file
from auditor.dsl.yamlnodes import Y, YamlError, load_located
from auditor.engine import Registry, RegistryError
from auditor.errors import AuditorError
from auditor.labels import LabelDef, extended, lexicon
from auditor.rules import python_rules

PACK_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 2_000_000      # a rule file is a few kilobytes; anything near this is not a rule file


class RulePackError(AuditorError):
    """One or more rule files are malformed; every problem is listed as file:line:col."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def shipped_pack_files() -> list[str]:
    """The YAML packs shipped with auditor (the top-level ``rules/`` folder, installed as auditor.packs)."""
    # the package's folder as the import system knows it (an editable install maps it to rules/), without
    # importlib.resources, whose imports (tempfile, zipfile, shutil) cost 5 ms at every start
    spec = importlib.util.find_spec("auditor.packs")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    return sorted(os.path.join(folder, name) for folder in folders[:1] for name in os.listdir(folder)
                  if name.endswith(PACK_SUFFIXES))


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


def _parse(path: str) -> tuple[Y | None, list[Problem]]:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return None, [Problem(path, 1, 1, f"rule file is larger than {MAX_FILE_BYTES:,} bytes")]
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(path, 1, 1, f"cannot read rule file: {exc}")]
    try:
        return load_located(text), []
    except YamlError as exc:
        return None, [Problem(path, exc.line, exc.column, str(exc))]


def load_files(paths: Sequence[str], inherited: Sequence[LabelDef] = ()
               ) -> tuple[list[YamlRule], list[LabelDef], list[Problem]]:
    """Load rule files together: first every ``labels:`` they declare, then their rules against those labels
    (plus the shipped lexicon and ``inherited`` labels declared by packs loaded before)."""
    parsed: list[tuple[str, Y | None]] = []
    problems: list[Problem] = []
    labels: list[LabelDef] = []
    for path in paths:
        root, probs = _parse(path)
        problems.extend(probs)
        if not probs:
            parsed.append((path, root))
            found, probs = declared_labels(root, path)
            labels.extend(found)
            problems.extend(probs)
    known = frozenset(lexicon().labels) | {d.name for d in (*inherited, *labels)}
    rules: list[YamlRule] = []
    for path, root in parsed:
        specs, probs = validate_file(root, path, known)
        problems.extend(probs)
        rules.extend(KINDS[s.kind](s) for s in specs)
    return rules, labels, problems


def load_rules(path: str) -> tuple[list[YamlRule], list[Problem]]:
    """Load one rule file: its rules, or the problems that keep them from loading."""
    rules, _labels, problems = load_files([path])
    return rules, problems


@cache
def _shipped() -> tuple[tuple[YamlRule, ...], tuple[LabelDef, ...], tuple[Problem, ...]]:
    rules, labels, problems = load_files(shipped_pack_files())
    return tuple(rules), tuple(labels), tuple(problems)


def _new_files(files: Sequence[str], loaded: Sequence[str]) -> list[str]:
    """``files`` without those already in ``loaded`` or earlier in ``files``: a pack reached twice (named in the
    configuration and on the command line, spelled two ways, or the shipped ``rules/`` named) is loaded once."""
    seen = {os.path.realpath(f) for f in loaded}
    out = []
    for f in files:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


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
    labels: list[LabelDef] = []
    if shipped:
        s_rules, s_labels, s_problems = _shipped()
        yaml_rules.extend(s_rules)
        labels.extend(s_labels)
        problems.extend(s_problems)
    if extra_packs:
        files = _new_files(pack_files(extra_packs), shipped_pack_files() if shipped else [])
        e_rules, e_labels, e_problems = load_files(files, inherited=labels)
        yaml_rules.extend(e_rules)
        labels.extend(e_labels)
        problems.extend(e_problems)
    for rule in yaml_rules:
        try:
            registry.add(rule)
        except RegistryError as exc:
            problems.append(Problem(rule.spec.source, rule.spec.line, 1, str(exc)))
    if problems:
        raise RulePackError(problems)
    registry.lexicon = extended(tuple(labels))
    return registry
