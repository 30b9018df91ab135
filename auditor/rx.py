"""Regular expressions compiled once per installation instead of once per run.

auditor's ~450 patterns are mostly Chinese character classes; Python compiles each such class into a 64K-entry
bitmap, and compiling them all took a third of a one-file lint's CPU. ``compile`` keeps what the ``re`` compiler
produces (its code words, groups and flags) in a cache file beside the package's bytecode (auditor/pcache.py;
its name also carries the regex engine's version), and later runs hand those words straight to the engine: the
same Pattern, without parsing and compiling again. The engine validates every code list it is given; a list it
refuses, or a Python whose ``re`` internals differ, falls back to ``re.compile``.

For patterns fixed by the code, its data files and the rule packs: a pattern made from a report's own text goes to
``re.compile`` (its bounded cache), never here, where it would be kept for the rest of the process and written out.
"""

from __future__ import annotations

import array
import re
from typing import Any

from auditor.pcache import Store

_ENGINE: Any
_COMPILER: Any
_PARSER: Any
try:                                    # CPython's engine and compiler; any other Python uses re.compile
    import _sre as _ENGINE  # type: ignore[import-not-found,no-redef]
    from re import _compiler as _COMPILER  # type: ignore[attr-defined,no-redef]
    from re import _parser as _PARSER  # type: ignore[attr-defined,no-redef]
except ImportError:                     # pragma: no cover - not CPython
    _ENGINE = _COMPILER = _PARSER = None

# the engine's code word as an array type code
_WORD: str | None = next((t for t in "HIL" if array.array(t).itemsize == getattr(_ENGINE, "CODESIZE", 0)), None)
_STORE = Store(f"rx.{getattr(_ENGINE, 'MAGIC', 0)}-{getattr(_ENGINE, 'CODESIZE', 0)}", limit=4096)
_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]   # code words as machine words

_live: dict[tuple[str, int], re.Pattern[str]] = {}     # this process's patterns


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the cache when this installation compiled it before."""
    key = (pattern, int(flags))
    found = _live.get(key)
    if found is not None:
        return found
    if _WORD is None or not isinstance(pattern, str) or key[1] & re.DEBUG:
        return re.compile(pattern, flags)
    stored = _STORE.get(key)
    compiled = _from_entry(pattern, stored, _WORD) if stored is not None else None
    if compiled is None:
        made = _entry(pattern, key[1], _WORD)
        compiled = _from_entry(pattern, made, _WORD) if made is not None else None
        if made is None or compiled is None:
            compiled = re.compile(pattern, flags)
        else:
            _STORE.put(key, made)
    _live[key] = compiled
    return compiled


def _entry(pattern: str, flags: int, word: str) -> _Entry | None:
    """What re.compile would hand the engine for this pattern (None when re's internals are not as expected)."""
    try:
        parsed = _PARSER.parse(pattern, flags)
        code = array.array(word, [int(w) for w in _COMPILER._code(parsed, flags)]).tobytes()
        groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - another Python's re internals: compile the ordinary way
        return None


def _from_entry(pattern: str, entry: _Entry, word: str) -> re.Pattern[str] | None:
    try:
        flags, code, groups, groupindex, indexgroup = entry
        words = array.array(word, code).tolist()
        compiled: re.Pattern[str] = _ENGINE.compile(pattern, flags, words, groups, groupindex, indexgroup)
    except Exception:  # noqa: BLE001 - a damaged or foreign entry: the engine refused it
        return None
    return compiled
