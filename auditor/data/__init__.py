"""Data files shipped with auditor (labels, profiles, partitions, table templates, the UI catalogue)."""

from __future__ import annotations

import marshal
from typing import Any

from auditor import package_text
from auditor.pcache import Store, digest

# each file's parsed value by the digest of its text, kept across runs (auditor/pcache.py)
_STORE = Store("data", limit=64)


def load_data(name: str) -> Any:
    """A data file shipped in auditor/data, parsed by libyaml when PyYAML has it (ten times faster than the pure
    Python parser, and the same objects: tests/test_speed.py compares them), safely either way; once per
    installation and text (auditor/pcache.py)."""
    text = package_text("data", name)
    key = (name, digest(text))
    stored = _STORE.get(key)
    if isinstance(stored, bytes):       # kept marshalled: every call gets its own objects, as from the parser
        try:
            return marshal.loads(stored)
        except (EOFError, ValueError, TypeError):
            pass
    import yaml  # here: a run whose data files are all in the cache does not import it (17 ms)
    value = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    try:
        _STORE.put(key, marshal.dumps(value))
    except ValueError:                  # a value marshal cannot write (a date): parsed every time
        pass
    return value
