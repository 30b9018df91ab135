"""Which files a folder walk skips: the configuration's ``exclude`` / ``extend-exclude`` (gitignore patterns relative
to the configuration's folder; by default the usual tool and environment folders), and ``.gitignore`` files
(those inside the walked folder, and those above it up to the root of its git repository)."""

from __future__ import annotations

import os
from dataclasses import field
from typing import TYPE_CHECKING

from auditor.records import dataclass

if TYPE_CHECKING:
    import pathspec

# folders no report lives in (ruff's defaults, as users know them); ``exclude`` in a configuration replaces them
DEFAULT_EXCLUDE = (".bzr", ".direnv", ".eggs", ".git", ".hg", ".mypy_cache", ".nox", ".pants.d", ".pytest_cache",
                   ".ruff_cache", ".svn", ".tox", ".venv", "__pycache__", "__pypackages__", "_build", "buck-out",
                   "build", "dist", "node_modules", "site-packages", "venv")


def _spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    import pathspec  # here: 10 ms of imports that a one-file lint does not need
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _decide(spec: pathspec.GitIgnoreSpec, rel: str) -> bool | None:
    """Whether ``rel`` is ignored by ``spec`` (the last matching pattern decides; None: no pattern matches)."""
    result = None
    for pattern in spec.patterns:
        if pattern.include is not None and pattern.match_file(rel) is not None:
            result = pattern.include
    return result


@dataclass(slots=True)
class Excluder:
    """What a walk skips: ``patterns``, a list of (folder, gitignore patterns relative to it) — the configuration's
    ``exclude`` + ``extend-exclude`` relative to its folder, the command line's relative to the working directory;
    ``gitignore``: .gitignore files too; ``force``: explicit file arguments are excluded too (``--force-exclude``)."""

    patterns: list[tuple[str, list[str]]] = field(default_factory=list)
    gitignore: bool = True
    force: bool = False
    skipped: int = 0                # files and folders a walk skipped
    _compiled: list[tuple[str, pathspec.GitIgnoreSpec]] = field(default_factory=list)
    _ignores: dict[str, pathspec.GitIgnoreSpec | None] = field(default_factory=dict)

    def skips(self, path: str, is_dir: bool, top: str) -> bool:
        """``excluded``, counted in ``skipped``."""
        if self.excluded(path, is_dir, top):
            self.skipped += 1
            return True
        return False

    def excluded(self, path: str, is_dir: bool, top: str | None = None) -> bool:
        """Whether the walk skips ``path`` (a folder when ``is_dir``); ``top``: the folder being walked."""
        full = os.path.abspath(path)
        if is_dir and os.path.isfile(os.path.join(full, "pyvenv.cfg")):       # a Python virtual environment
            return True
        if not self._compiled:
            self._compiled = [(os.path.abspath(base), _spec(lines)) for base, lines in self.patterns if lines]
        for base, spec in self._compiled:
            rel = _relative(full, base) or (_relative(full, os.path.abspath(top)) if top else None)
            if _decide(spec, (rel or os.path.basename(full)) + ("/" if is_dir else "")):
                return True
        return self.gitignore and self._git_ignored(full, is_dir, os.path.abspath(top) if top else None)

    def _git_ignored(self, full: str, is_dir: bool, top: str | None) -> bool:
        """Whether a .gitignore decides ``full`` is ignored: the deepest one with a matching pattern decides."""
        folder = os.path.dirname(full)
        stop = _repo_root(top or folder)
        while True:
            spec = self._ignore_file(folder)
            if spec is not None:
                rel = os.path.relpath(full, folder).replace(os.sep, "/")
                decided = _decide(spec, rel + ("/" if is_dir else ""))
                if decided is not None:
                    return decided
            if folder == stop or (stop is None and (top is None or folder == top)):
                return False
            parent = os.path.dirname(folder)
            if parent == folder:
                return False
            folder = parent

    def _ignore_file(self, folder: str) -> pathspec.GitIgnoreSpec | None:
        if folder not in self._ignores:
            spec = None
            try:
                with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as fh:
                    spec = _spec(fh.read(1_000_000).splitlines())
            except OSError:
                pass
            self._ignores[folder] = spec
        return self._ignores[folder]


def _relative(full: str, base: str) -> str | None:
    try:
        rel = os.path.relpath(full, base)
    except ValueError:       # another drive (Windows)
        return None
    return None if rel == os.pardir or rel.startswith(os.pardir + os.sep) else rel.replace(os.sep, "/")


def _repo_root(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` holding .git (None: not in a git repository)."""
    here = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent
