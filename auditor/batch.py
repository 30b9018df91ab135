"""Lint many files: in worker processes (--jobs) that survive a dead worker, results in input order, reports
slimmed for output."""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from auditor.engine import Registry
from auditor.errors import InputError
from auditor.report import FileResult
from auditor.sources import Excluder, discover
from auditor.spans import Ranges

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from auditor.pipeline import Finish

_WORKER: dict[str, Any] = {}


def slim(result: FileResult) -> FileResult:
    """Keep what formatters read (text, line index, pages, findings); drop the model, so a batch of
    thousands of reports holds only their texts."""
    if result.report is None:
        return result
    r = result.report
    small = replace(r, text="", headings=(), paragraphs=(), sentences=Ranges(), quantities=(), facts=(), shares=(),
                    changes=(), rates=(), tables=(), sections=(), markers=(), lexicon=None,
                    root=replace(r.root, children=(), paragraphs=()))
    return replace(result, report=small)


def expand(paths: Sequence[str], exclude_for: Callable[[str], Excluder | None] | None = None
           ) -> list[str | FileResult]:
    """Files to lint, in order, each once; a path that cannot be expanded becomes an error entry in its place.
    ``exclude_for(arg)``: what the walk of that argument skips (configured patterns, .gitignore)."""
    out: list[str | FileResult] = []
    seen: set[str] = set()
    for arg in paths:
        try:
            out.extend(discover([arg], exclude_for(arg) if exclude_for else None, seen))
        except InputError as exc:
            out.append(FileResult(path=arg, error=str(exc)))
    return out


_DIED = "worker died while linting this file"
JOBS_PER_CPU = 4      # -j is capped at this many workers per CPU


def _init(make_registry: Callable[[], Registry], options: Mapping[str, Any], parent: int,
          finish: Finish | None = None) -> None:
    """Set up a worker process (``parent``: the pid of the auditor process that started it)."""
    _worker_signals(parent)
    _init_here(make_registry, options, finish)


def _worker_signals(parent: int) -> None:
    """A worker ends with its parent: SIGTERM is not inherited from the parent's handler, Ctrl-C is the
    parent's to handle, and on Linux the kernel sends SIGTERM when the parent dies (even by SIGKILL)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)     # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent:   # the parent died before prctl took effect
            os._exit(1)


def _one(path: str) -> Any:
    from auditor.runner import lint_file
    result = lint_file(path, _WORKER["rules"], _WORKER["lexicon"], _WORKER["options"])
    finish = _WORKER.get("finish")
    return slim(result) if finish is None else finish(result, _WORKER["rules"])


def lint_many(paths: Sequence[str], make_registry: Callable[[], Registry], options: Mapping[str, Any],
              jobs: int, progress: Callable[[int, int], None] | None = None,
              finish: Finish | None = None) -> Iterator[Any]:
    """Lint every file in order with ``jobs`` worker processes (1: in this process): their results, slimmed, or
    with ``finish`` what it makes of each (auditor.pipeline: rendered where they were linted)."""
    items = expand(paths)
    files = [i for i in items if isinstance(i, str)]
    total = len(items)
    if jobs <= 1 or len(files) < 4:
        _init_here(make_registry, options, finish)
        results: Iterator[Any] = (_one(f) for f in files)
    else:
        results = _pooled(files, jobs, make_registry, options, finish)
    for done, item in enumerate(items, start=1):
        if isinstance(item, FileResult):
            out = item if finish is None else finish(item, [])
        else:
            out = next(results)
        if progress is not None:
            progress(done, total)
        yield out


def _init_here(make_registry: Callable[[], Registry], options: Mapping[str, Any],
               finish: Finish | None = None) -> None:
    registry = make_registry()
    _WORKER["rules"] = list(registry)
    _WORKER["lexicon"] = registry.lexicon
    _WORKER["options"] = dict(options)
    _WORKER["finish"] = finish
    _tune_gc()


GC_THRESHOLD = (50_000, 20, 100)


def _tune_gc() -> None:
    """A report's model is hundreds of thousands of small objects that hold no cycles: the cyclic collector's
    frequent passes over them cost an eighth of the time of a long report and free next to nothing. What is set up
    so far (modules, grammars, rules) is frozen out of its passes, and it runs after GC_THRESHOLD allocations
    instead of 700 (benchmarks/scaling.py; the peak memory stays within a few MB)."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


class _Terminated(SystemExit):
    """SIGTERM received while workers run: unwind (stopping the workers), then exit 128 + 15."""


def _on_sigterm(_signum: int, _frame: object) -> None:
    raise _Terminated(128 + signal.SIGTERM)


def _chunk(paths: list[str]) -> list[Any]:
    return [_one(p) for p in paths]


def _pooled(files: list[str], jobs: int, make_registry: Callable[[], Registry],
            options: Mapping[str, Any], finish: Finish | None = None) -> Iterator[Any]:
    """Results in input order from a pool of workers that survives the death of one.

    Files go to the workers in small chunks, at most 2 × jobs chunks in flight. When a worker dies (killed,
    os._exit, a crash in a C library) the pool breaks and every file in flight fails with it: the pool is
    restarted and those files run again one at a time, so that the file a worker died on is the one marked
    failed ("worker died while linting this file") and the others are linted. SIGTERM stops the workers
    before this process exits."""
    # here, not at the top: a one-file lint never starts a pool (the pool's modules cost 8 ms to import)
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                                   initargs=(make_registry, options, os.getpid(), finish))

    size = max(1, min(16, len(files) // (jobs * 8)))
    todo = deque(list(range(k, min(k + size, len(files)))) for k in range(0, len(files), size))
    suspects: deque[int] = deque()       # in flight when a worker died: run again alone
    running: dict[Future[list[Any]], list[int]] = {}
    ready: dict[int, Any] = {}
    alone = False                        # the one file in flight is a suspect run alone
    nxt = 0
    previous = _handle_sigterm()
    pool = new_pool()
    try:
        while nxt < len(files):
            if nxt in ready:
                yield ready.pop(nxt)
                nxt += 1
                continue
            broken: list[int] = []
            chunk: list[int] = []
            try:
                if not running:
                    alone = False
                    if suspects:        # a suspect runs with nothing else in flight
                        chunk, alone = [suspects.popleft()], True
                        running[pool.submit(_chunk, [files[i] for i in chunk])] = chunk
                if not alone and not suspects:
                    while todo and len(running) < 2 * jobs:
                        chunk = todo.popleft()
                        running[pool.submit(_chunk, [files[i] for i in chunk])] = chunk
            except BrokenProcessPool:
                broken += chunk
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in finished:
                broken += _collect(fut, running.pop(fut), files, ready, finish)
            if not broken:
                continue
            wait(list(running))          # the rest of this pool's files fail with it
            for fut, chunk in running.items():
                broken += _collect(fut, chunk, files, ready, finish)
            running.clear()
            _stop(pool, kill=True)
            pool = new_pool()
            if alone or len(broken) == 1:
                for i in broken:
                    ready[i] = _failed(FileResult(path=files[i], error=f"{files[i]}: {_DIED}"), finish)
            else:
                suspects.extend(sorted(broken))
        _stop(pool, kill=False)
    except BaseException:
        _stop(pool, kill=True)
        raise
    finally:
        _restore_sigterm(previous)


def _failed(result: FileResult, finish: Finish | None) -> Any:
    """A file that failed in a worker, as the worker would have returned it."""
    return result if finish is None else finish(result, [])


def _collect(fut: Future[list[Any]], chunk: list[int], files: list[str], ready: dict[int, Any],
             finish: Finish | None = None) -> list[int]:
    """Put a finished chunk's results in ``ready``; returns the files of the chunk if its worker died."""
    from concurrent.futures.process import BrokenProcessPool
    try:
        for i, result in zip(chunk, fut.result(), strict=True):
            ready[i] = result
    except BrokenProcessPool:
        return chunk
    except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be sent back
        for i in chunk:
            ready[i] = _failed(FileResult(path=files[i], error=f"{files[i]}: internal error in a worker "
                                                                f"({type(exc).__name__}: {str(exc)[:80]})"), finish)
    return []


def _stop(pool: ProcessPoolExecutor, kill: bool) -> None:
    """Shut a pool down; ``kill``: terminate its workers now (they may be busy) and reap them."""
    processes = list((getattr(pool, "_processes", None) or {}).values()) if kill else []
    for p in processes:
        if p.is_alive():
            p.terminate()
    pool.shutdown(wait=not kill, cancel_futures=True)
    for p in processes:
        p.join(timeout=2)
        if p.is_alive():
            p.kill()


def _handle_sigterm() -> Any:
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:               # not the main thread: the caller handles signals
        return None


def _restore_sigterm(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def cap_jobs(jobs: int) -> tuple[int, str | None]:
    """``jobs`` capped at JOBS_PER_CPU per CPU, with a note when it was."""
    cpus = default_jobs()
    limit = JOBS_PER_CPU * cpus
    if jobs <= limit:
        return jobs, None
    return limit, f"-j {jobs} capped at {limit} ({JOBS_PER_CPU} per CPU, {cpus} CPU{'s' if cpus != 1 else ''})"
