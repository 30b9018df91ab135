#!/usr/bin/env python3
"""Batch benchmark: lint N reports (copies of the fixtures, text varied) with --jobs 1 and --jobs 2.

Reports throughput (reports per second), the speed-up, and the peak resident memory of the largest
process (the parent or a worker). Usage: python benchmarks/batch.py [--reports 1000]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=1000)
    a = ap.parse_args()
    seeds = sorted((ROOT / "fixtures").glob("0*.txt"))
    exe = ROOT / ".venv" / "bin" / "auditor"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "auditor"]
    folder = Path(tempfile.mkdtemp(prefix="auditor-batch-"))
    try:
        for i in range(a.reports):
            seed = seeds[i % len(seeds)]
            text = seed.read_text(encoding="utf-8")
            (folder / f"{i:05d}.txt").write_text(f"（副本{i}）\n" + text, encoding="utf-8")
        times = {}
        for jobs in (1, 2):
            t0 = time.perf_counter()
            done = subprocess.run([*cmd, "lint", "--format", "json", "--jobs", str(jobs), "-o",
                                   str(folder / f"out{jobs}.json"), str(folder)], capture_output=True, check=False)
            times[jobs] = time.perf_counter() - t0
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"--jobs {jobs}: {a.reports} reports in {times[jobs]:.1f} s = {a.reports / times[jobs]:.0f} reports/s "
                  f"(exit {done.returncode}); peak RSS so far {rss:.0f} MB")
        same = (folder / "out1.json").read_bytes() == (folder / "out2.json").read_bytes()
        print(f"speed-up with 2 jobs: {times[1] / times[2]:.2f}x (target >= 1.6x); identical output: {same}")
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
