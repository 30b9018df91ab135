#!/usr/bin/env python3
"""Batch benchmark: lint N and 3N reports (copies of the fixtures, text varied) with --jobs 1 and --jobs 2.

For each run it prints the wall time, the CPU time of the parent process and of its workers (os.times in the
linting process: the workers are reaped before it exits), and the parent's peak resident memory. Two figures
answer issue 14's targets:
- memory flat in the number of reports: the parent's peak at 3N against N (a batch is written as it is linted);
- -j 2 at least 1.7x faster than -j 1 in CPU-bound conditions: measured with CPU time, as
  cpu(-j 1) / max(parent cpu(-j 2), workers cpu(-j 2) / 2) — the wall time two free cores would give; the wall
  times are printed too, but on a shared machine they measure the neighbours.

Usage: python -m benchmarks.batch [--reports 400] [--format json]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import os, resource, sys, time
from auditor.cli import main
t = time.perf_counter()
code = main(sys.argv[1:])
tm = os.times()
print(f"{time.perf_counter() - t} {tm.user + tm.system} {tm.children_user + tm.children_system} "
      f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024} {code}", file=sys.stderr)
"""


def run(folder: Path, jobs: int, fmt: str) -> tuple[float, float, float, float, int]:
    """wall s, parent CPU s, workers CPU s, parent peak MB, exit code."""
    out = folder.parent / f"out-{folder.name}-{jobs}.{fmt}"
    done = subprocess.run([sys.executable, "-c", PROBE, "lint", "--no-config", "--format", fmt, "--jobs", str(jobs),
                           "-o", str(out), str(folder)], capture_output=True, text=True, check=False, cwd=ROOT)
    wall, parent, workers, rss, code = done.stderr.strip().splitlines()[-1].split()
    return float(wall), float(parent), float(workers), float(rss), int(code)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=400)
    ap.add_argument("--format", default="json")
    a = ap.parse_args()
    seeds = sorted((ROOT / "fixtures").glob("0*.txt"))
    base = Path(tempfile.mkdtemp(prefix="auditor-batch-"))
    try:
        peaks = {}
        for n in (a.reports, 3 * a.reports):
            folder = base / str(n)
            folder.mkdir()
            for i in range(n):
                seed = seeds[i % len(seeds)]
                (folder / f"{i:05d}.txt").write_text(f"（副本{i}）\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
            cpu = {}
            for jobs in (1, 2):
                wall, parent, workers, rss, code = run(folder, jobs, a.format)
                cpu[jobs] = (parent, workers)
                peaks[(n, jobs)] = rss
                print(f"{n:6d} reports, -j {jobs}: wall {wall:6.1f} s, parent CPU {parent:6.2f} s, workers CPU "
                      f"{workers:6.2f} s, parent peak {rss:5.0f} MB (exit {code})")
            one = cpu[1][0] + cpu[1][1]
            bound = one / max(cpu[2][0], cpu[2][1] / 2)
            print(f"{n:6d} reports: CPU-bound speed-up of -j 2 = {one:.2f} / max({cpu[2][0]:.2f}, {cpu[2][1]:.2f} / 2)"
                  f" = {bound:.2f}x (target >= 1.7x)")
            same = (base / f"out-{n}-1.{a.format}").read_bytes() == (base / f"out-{n}-2.{a.format}").read_bytes()
            print(f"{n:6d} reports: -j 1 and -j 2 outputs identical: {same}")
        for jobs in (1, 2):
            print(f"-j {jobs}: parent peak {peaks[(a.reports, jobs)]:.0f} MB at {a.reports} reports, "
                  f"{peaks[(3 * a.reports, jobs)]:.0f} MB at {3 * a.reports}")
        return 0
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
