"""Cases of the hostile-input benchmark (benchmarks/hostile.py): one module per area, each with ``CASES``.

A case writes its inputs into a fresh folder and names the ``auditor`` command line to run there. The
runner runs it on one core in a child process (cwd = that folder, HOME and XDG_CACHE_HOME inside it),
and prints its exit code, wall time and peak memory. ``full`` is True for the probe's full sizes and
False for the reduced sizes that the test suite uses.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Build = Callable[[Path, bool], list[str]]            # (folder, full) -> argv after "auditor"
Verify = Callable[[Path, "subprocess.CompletedProcess[bytes]"], "str | None"]   # -> what went wrong, or None
During = Callable[["subprocess.Popen[bytes]", Path], None]                     # act on the running process


@dataclass(frozen=True)
class Case:
    """One hostile, bad or heavy input and the guarantee auditor keeps on it."""

    name: str                     # short id, e.g. "lexer-spaced-digits"
    item: int                     # the numbered defect of the reliability issue it reproduces
    build: Build
    exits: frozenset[int] = frozenset({0, 1, 2})   # acceptable exit codes
    verify: Verify | None = None  # checks output and files (e.g. nothing written outside the folder)
    during: During | None = None  # e.g. kill a worker or send SIGTERM while it runs
    env: dict[str, str] = field(default_factory=dict)   # extra environment; "{dir}" is the folder
    stdin: bytes | None = None
    max_seconds: float = 10.0     # the guarantee: within this wall time on one core
    max_mb: float = 500.0         # and this peak resident memory
