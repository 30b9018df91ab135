#!/usr/bin/env python3
"""The everyday command's cost: CPU time (user + system, of the child process, from os.wait4) of one-file
`auditor lint`, beside `python -c pass` and importing lark + rich + yaml, the least of --runs runs each (the least
is the code's cost; the rest is the neighbours on a shared machine). Byte-compiled first, as installed.

Usage: python -m benchmarks.cli [--runs N] [FILE]     (default: fixtures/000_5b27a47f95f91fcd.txt)
Target (issue 14): one-file CLI <= 0.12 s CPU on the reference machine.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu(cmd: list[str], runs: int) -> float:
    """The least CPU time (s) of ``runs`` runs of ``cmd``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    best = float("inf")
    for _ in range(runs):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _pid, _status, usage = os.wait4(proc.pid, 0)
        best = min(best, usage.ru_utime + usage.ru_stime)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(ROOT / "fixtures" / "000_5b27a47f95f91fcd.txt"))
    ap.add_argument("--runs", type=int, default=10)
    a = ap.parse_args()
    compileall.compile_dir(str(ROOT / "auditor"), quiet=1)
    py = sys.executable
    rows = [("python -c pass", [py, "-c", "pass"]),
            ("import lark, rich, yaml", [py, "-c", "import lark, rich, yaml"]),
            ("auditor --version", [py, "-m", "auditor", "--version"]),
            ("lint --format json", [py, "-m", "auditor", "lint", "--no-config", "--format", "json", a.file]),
            ("lint (text)", [py, "-m", "auditor", "lint", "--no-config", a.file])]
    base = None
    for name, cmd in rows:
        t = cpu(cmd, a.runs)
        base = base or t
        print(f"{name:28s} {t * 1000:7.1f} ms CPU  ({t / base:4.1f}x python -c pass)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
