"""Lint many files: in worker processes (--jobs), results in input order, reports slimmed for output."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import Any

from auditor.engine import Registry
from auditor.errors import InputError
from auditor.report import FileResult
from auditor.sources import discover
from auditor.spans import Ranges

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


def expand(paths: Sequence[str]) -> list[str | FileResult]:
    """Files to lint, in order; a path that cannot be expanded becomes an error entry in its place."""
    out: list[str | FileResult] = []
    for arg in paths:
        try:
            out.extend(discover([arg]))
        except InputError as exc:
            out.append(FileResult(path=arg, error=str(exc)))
    return out


def _init(make_registry: Callable[[], Registry], options: Mapping[str, Any]) -> None:
    registry = make_registry()
    _WORKER["rules"] = list(registry)
    _WORKER["lexicon"] = registry.lexicon
    _WORKER["options"] = dict(options)


def _one(path: str) -> FileResult:
    from auditor.runner import lint_file
    return slim(lint_file(path, _WORKER["rules"], _WORKER["lexicon"], _WORKER["options"]))


def lint_many(paths: Sequence[str], make_registry: Callable[[], Registry], options: Mapping[str, Any],
              jobs: int, progress: Callable[[int, int], None] | None = None) -> Iterator[FileResult]:
    """Lint every file in order with ``jobs`` worker processes (1: in this process)."""
    items = expand(paths)
    files = [i for i in items if isinstance(i, str)]
    total = len(items)
    done = 0
    if jobs <= 1 or len(files) < 4:
        _init(make_registry, options)
        results: Iterator[FileResult] = (_one(f) for f in files)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(make_registry, options))
        results = pool.map(_one, files, chunksize=max(1, min(16, len(files) // (jobs * 8) or 1)))
    try:
        for item in items:
            out = item if isinstance(item, FileResult) else next(results)
            done += 1
            if progress is not None:
                progress(done, total)
            yield out
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
