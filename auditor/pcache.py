"""Work done once per installation instead of once per run, kept beside the package's bytecode.

A one-file lint used to spend most of its CPU redoing, on every start, work whose result never changes between
runs: compiling the same ~450 regular expressions (auditor/rx.py), parsing the same YAML data files and rule
packs (auditor/data, auditor/dsl/yamlnodes.py), and compiling the methods dataclasses generates
(auditor/records.py). A ``Store`` keeps such results in one file in the folder where
Python keeps the package's bytecode (``auditor/__pycache__/NAME.<python tag>.marshal``, under
``PYTHONPYCACHEPREFIX`` when set), read on first use and written at exit when the run added to it.

It is as safe as bytecode, and follows the same switches:
- keys are made from the whole input (a pattern and its flags; a file's content digest), never a path or a time,
  so an edited rule file or data file is simply a new key;
- the file's name carries the Python version (and each store adds what else its values depend on), so another
  interpreter never reads it; an unreadable or damaged file is ignored, a value that cannot be used is recomputed;
- values are written with marshal (no pickle: reading the file runs no code); they are plain data, except the code
  objects of auditor/records.py, which run as bytecode does: whoever can write the package's ``__pycache__`` can
  already replace its .pyc files;
- nothing is written when ``sys.dont_write_bytecode`` is set (PYTHONDONTWRITEBYTECODE or ``python -B``) or the
  folder is read-only, and the file is replaced whole (write a temporary file, then rename), so a concurrent run
  reads the old file or the new one;
- a store holds at most ``limit`` entries: when a run would exceed it, only the entries that run used are kept.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys
from collections.abc import Hashable
from typing import Any


def cache_folder() -> str | None:
    """Where Python keeps this package's bytecode, or None when this interpreter keeps none."""
    if not sys.implementation.cache_tag:
        return None
    import importlib.util
    try:
        return os.path.dirname(importlib.util.cache_from_source(__file__))
    except (NotImplementedError, ValueError):
        return None


class Store:
    """One cache file: ``get`` a value by key, ``put`` one computed on a miss."""

    def __init__(self, name: str, limit: int, folder: str | None = None) -> None:
        self.name = name
        self.limit = limit
        self.folder = folder        # None: beside the bytecode (``cache_folder()``)
        self._entries: dict[Hashable, Any] | None = None
        self._used: set[Hashable] = set()
        self._dirty = False

    def path(self) -> str | None:
        folder = self.folder or cache_folder()
        return None if folder is None else os.path.join(folder, f"{self.name}.{sys.implementation.cache_tag}.marshal")

    def get(self, key: Hashable) -> Any:
        """The stored value, or None."""
        entries = self._load()
        value = entries.get(key)
        if value is not None:
            self._used.add(key)
        return value

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` (plain data: what marshal writes; anything else is not kept)."""
        try:
            marshal.dumps(value)
        except ValueError:
            return
        self._load()[key] = value
        self._used.add(key)
        self._dirty = True

    def _load(self) -> dict[Hashable, Any]:
        if self._entries is None:
            self._entries = self._read()
            atexit.register(self.save)
        return self._entries

    def _read(self) -> dict[Hashable, Any]:
        path = self.path()
        if path is None:
            return {}
        try:
            with open(path, "rb") as fh:
                data = marshal.loads(fh.read())     # whole: marshal.load reads a file object value by value
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return data if isinstance(data, dict) else {}

    def save(self) -> None:
        """Write the file if this run added to it (run at exit)."""
        path = self.path()
        if not self._dirty or self._entries is None or path is None or sys.dont_write_bytecode:
            return
        entries = self._entries
        if len(entries) > self.limit:
            entries = {k: v for k, v in entries.items() if k in self._used}
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(tmp, "wb") as fh:
                marshal.dump(entries, fh)
            os.replace(tmp, path)
            self._dirty = False
        except (OSError, ValueError):
            try:
                os.unlink(tmp)
            except OSError:
                pass


def digest(text: str) -> bytes:
    """A key for a whole text (16 bytes of BLAKE2b of its UTF-8)."""
    import hashlib
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
