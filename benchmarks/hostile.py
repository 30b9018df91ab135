#!/usr/bin/env python3
"""Hostile-input benchmark: every case of benchmarks/hostile_cases at full size, with exit code, time and memory.

Each case writes its inputs into a fresh folder and runs ``python -m auditor ARGV`` there, pinned to one core,
with HOME and XDG_CACHE_HOME inside the folder. The runner prints, per case, the exit code, the wall time and
the peak resident memory of the process tree (the largest process, as ``wait4`` reports it), checks them
against the case's guarantee (acceptable exit codes, 10 s and 500 MB unless the case says otherwise, its own
``verify``), and checks that nothing was written beside the case's folder.

Usage: python benchmarks/hostile.py [--small] [-k SUBSTRING] [--timeout S]
Exit status 1 when any guarantee is broken.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import os
import pkgutil
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from hostile_cases import Case

_OUTPUT_CAP = 64 * 1024 * 1024     # bytes of stdout/stderr handed to a case's verify


@dataclass(frozen=True)
class Outcome:
    """What one case did, and which of its guarantees it broke (empty when none)."""

    case: Case
    exit_code: int | None          # None: killed by the runner at the time-out
    seconds: float
    peak_mb: float
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def all_cases() -> list[Case]:
    """The cases of every module in benchmarks/hostile_cases, in module then list order."""
    import hostile_cases

    cases: list[Case] = []
    for info in sorted(pkgutil.iter_modules(hostile_cases.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"hostile_cases.{info.name}")
        cases.extend(getattr(module, "CASES", []))
    return cases


def _one_core(pid: int) -> None:
    """Pin a started child to one core (the guarantee is stated for one); the processes it starts inherit it."""
    try:
        os.sched_setaffinity(pid, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass


def run_case(case: Case, full: bool, timeout: float | None = None) -> Outcome:
    """Run one case in a fresh temporary folder and judge it."""
    with tempfile.TemporaryDirectory(prefix=f"hostile-{case.name}-") as tmp:
        top = Path(tmp)
        folder, logs = top / "work", top / "logs"
        folder.mkdir()
        logs.mkdir()
        (folder / "home").mkdir()
        argv = case.build(folder, full)
        before = sorted(p.name for p in top.iterdir())
        env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
        env.update(HOME=str(folder / "home"), XDG_CACHE_HOME=str(folder / "home" / ".cache"),
                   PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
        env.update({k: v.replace("{dir}", str(folder)) for k, v in case.env.items()})
        limit = timeout if timeout is not None else max(60.0, 6 * case.max_seconds)
        # the child is started from a small process of its own: a forked child's peak memory counts the
        # memory of the process it was forked from, and building a case's inputs can take hundreds of MB here
        ctx = multiprocessing.get_context("forkserver")
        receive, send = ctx.Pipe(duplex=False)
        argv_full = [sys.executable, "-m", "auditor", *argv]
        runner = ctx.Process(target=_measure, args=(argv_full, str(folder), env, case.stdin, case.during,
                                                    limit, str(logs), send))
        runner.start()
        send.close()
        try:
            code, seconds, peak_kb, pid = receive.recv()
        except EOFError:
            code, seconds, peak_kb, pid = None, 0.0, 0, 0
        runner.join()
        if pid:
            _kill_group(pid)      # leftovers of a killed run, or workers it orphaned
        stdout, stderr = (_read(logs / name) for name in ("stdout", "stderr"))
        problems: list[str] = []
        if code is None:
            problems.append(f"still running after {limit:.0f} s (killed)")
        elif code not in case.exits:
            problems.append(f"exit {code}, expected {sorted(case.exits)}")
        if seconds > case.max_seconds and code is not None:
            problems.append(f"{seconds:.1f} s > {case.max_seconds:g} s")
        if peak_kb / 1024 > case.max_mb:
            problems.append(f"{peak_kb / 1024:.0f} MB > {case.max_mb:g} MB")
        if b"Traceback (most recent call last)" in stderr:
            problems.append("traceback on stderr: " + stderr.decode("utf-8", "replace").strip().splitlines()[-1])
        after = sorted(p.name for p in top.iterdir())
        if after != before:
            problems.append(f"wrote outside its folder: {sorted(set(after) - set(before))}")
        if case.verify is not None and code is not None:
            completed = subprocess.CompletedProcess(argv_full, code, stdout, stderr)
            try:
                verdict = case.verify(folder, completed)
            except Exception as exc:  # noqa: BLE001  (a verify that fails is a broken guarantee, not a crash of the runner)
                verdict = f"verify raised {type(exc).__name__}: {exc}"
            if verdict:
                problems.append(verdict)
        shutil.rmtree(folder, ignore_errors=True)
        return Outcome(case, code, seconds, peak_kb / 1024, tuple(problems))


def _measure(argv: list[str], cwd: str, env: dict[str, str], stdin: bytes | None, during: Any, limit: float,
             logs: str, send: Any) -> None:
    """In a small process of its own: run the command on one core, wait for it, send back
    (exit code or None when killed at the limit, seconds, peak KB, pid)."""
    with open(Path(logs) / "stdout", "wb") as out, open(Path(logs) / "stderr", "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err, process_group=0,
                                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
        _one_core(proc.pid)
        if stdin is not None:
            threading.Thread(target=_feed, args=(proc, stdin), daemon=True).start()
        if during is not None:
            threading.Thread(target=during, args=(proc, Path(cwd)), daemon=True).start()
        code, peak_kb = _wait(proc, start + limit)
        send.send((code, time.perf_counter() - start, peak_kb, proc.pid))


def _feed(proc: subprocess.Popen[bytes], data: bytes) -> None:
    assert proc.stdin is not None
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except OSError:
        pass


def _wait(proc: subprocess.Popen[bytes], deadline: float) -> tuple[int | None, int]:
    """Wait for the child, killing its group at the deadline; its exit code (None when killed) and peak KB.

    The measuring process has no other child, so once the child is reaped its peak is this process's
    RUSAGE_CHILDREN maximum, whoever reaped it (a ``during`` hook may poll the child too).
    """
    killed = False
    while proc.poll() is None:
        if time.perf_counter() > deadline:
            _kill_group(proc.pid)
            proc.wait()
            killed = True
            break
        time.sleep(0.01)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (None if killed else proc.returncode), peak


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _read(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(_OUTPUT_CAP)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", action="store_true", help="the reduced sizes the test suite uses")
    ap.add_argument("-k", dest="pattern", default="", help="only cases whose name contains this")
    ap.add_argument("--timeout", type=float, default=None, help="kill a case after this many seconds")
    args = ap.parse_args()
    cases = [c for c in all_cases() if args.pattern in c.name]
    print(f"{'case':34} {'item':>4} {'exit':>4} {'seconds':>8} {'peak MB':>8}  verdict")
    broken = 0
    for case in cases:
        o = run_case(case, full=not args.small, timeout=args.timeout)
        broken += not o.ok
        code = "kill" if o.exit_code is None else str(o.exit_code)
        verdict = "ok" if o.ok else "BROKEN: " + "; ".join(o.problems)
        print(f"{case.name:34} {case.item:>4} {code:>4} {o.seconds:>8.2f} {o.peak_mb:>8.0f}  {verdict}", flush=True)
    size = "reduced" if args.small else "full"
    print(f"{len(cases)} cases at {size} size: {len(cases) - broken} kept their guarantee, {broken} broke it")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
