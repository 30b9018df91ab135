"""``dataclass`` as the standard library makes it, without compiling the same generated methods on every start.

For each dataclass, the standard library writes the source of ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` and compiles it with ``exec`` (one ``exec`` per method up to Python 3.12, one
per class from 3.13): auditor's ~70 frozen dataclasses cost 60 ms of every start, most of it in that compiling.
This decorator calls ``dataclasses.dataclass`` unchanged, except that while it runs, the ``exec`` the module calls
takes the compiled code of each generated text from the per-installation cache (auditor/pcache.py: code objects, as
.pyc files hold them, in a file whose name carries the Python version) or compiles the text once and keeps it.
``exec`` of a code object compiled from a text is ``exec`` of that text, so the classes are the standard ones:
real dataclasses (``fields``, ``replace``, ``asdict``, pickling), the same generated methods.

The ``exec`` is given as a global of the ``dataclasses`` module (which Python looks up before the builtin) only
while one of auditor's classes is being made, under a re-entrant lock; a class another thread makes meanwhile would
get the same methods, compiled from the same text.
"""

from __future__ import annotations

import builtins
import dataclasses
import threading
from typing import Any, TypeVar, dataclass_transform

from auditor.pcache import Store

T = TypeVar("T")

_STORE = Store("records", limit=2048)
_LOCK = threading.RLock()     # re-entrant: a class made while another is being made


def _exec(source: Any, globals: Any = None, locals: Any = None) -> None:
    """``exec``, with a text's compiled code from the cache."""
    if isinstance(source, str):
        code = _STORE.get(source)
        if not hasattr(code, "co_code"):        # none, or an entry that is not code: compile the text
            code = compile(source, "<string>", "exec")
            _STORE.put(source, code)
        source = code
    builtins.exec(source, globals, locals)  # noqa: S102 - the standard library's own generated text


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(cls: type[T] | None = None, /, **options: Any) -> Any:
    """``dataclasses.dataclass(cls, **options)``; see the module's docstring."""
    def wrap(c: type[T]) -> type[T]:
        with _LOCK:
            space = vars(dataclasses)
            if "exec" in space:                 # someone else's, or ours for a class being made around this one
                return dataclasses.dataclass(c, **options)  # type: ignore[no-any-return,call-overload]
            space["exec"] = _exec
            try:
                return dataclasses.dataclass(c, **options)  # type: ignore[no-any-return,call-overload]
            finally:
                del space["exec"]
    return wrap if cls is None else wrap(cls)
