"""``dataclass`` as the standard library makes it, without compiling the same generated methods on every start.

For each dataclass, Python 3.11 writes the source of ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` and compiles each with ``exec``: auditor's ~70 frozen dataclasses cost 60 ms
of every start, most of it in that compiling. This decorator calls ``dataclasses.dataclass`` unchanged, except that
while it runs, the compiled code of each generated text is taken from the per-installation cache
(auditor/pcache.py; code objects are what .pyc files hold, and the file's name carries the Python version) or
compiled once and kept. ``exec`` of a code object compiled from a text is ``exec`` of that text, so the classes are
the same, and they are real dataclasses (``fields``, ``replace``, ``asdict``, pickling).

Where the standard library's generator is not the one this was written for (``dataclasses._create_fn`` with the
3.11/3.12 signature; Python 3.13 generates a class's methods in one ``exec`` and has no such function), the
decorator is ``dataclasses.dataclass`` itself.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from typing import Any, TypeVar, dataclass_transform

from auditor.pcache import Store

T = TypeVar("T")

_STORE = Store("records", limit=2048)
_LOCK = threading.Lock()
_ORIGINAL: Any = getattr(dataclasses, "_create_fn", None)
_EXPECTED = (("name", "args", "body", "globals", "locals", "return_type"), 3)


def _usable() -> bool:
    code = getattr(_ORIGINAL, "__code__", None)
    return (sys.version_info[:2] in ((3, 11), (3, 12)) and code is not None
            and (code.co_varnames[:6], code.co_argcount) == _EXPECTED)


def _create_fn(name: str, args: Any, body: Any, *, globals: Any = None,
               locals: Any = None, return_type: Any = dataclasses.MISSING) -> Any:
    """dataclasses._create_fn of Python 3.11/3.12, with the compiled text from the cache."""
    if locals is None:
        locals = {}
    return_annotation = ""
    if return_type is not dataclasses.MISSING:
        locals["_return_type"] = return_type
        return_annotation = "->_return_type"
    args = ",".join(args)
    body = "\n".join(f"  {b}" for b in body)
    txt = f" def {name}({args}){return_annotation}:\n{body}"
    local_vars = ", ".join(locals.keys())
    txt = f"def __create_fn__({local_vars}):\n{txt}\n return {name}"
    code = _STORE.get(txt)
    if code is None or not hasattr(code, "co_code"):
        code = compile(txt, "<string>", "exec")
        _STORE.put(txt, code)
    ns: dict[str, Any] = {}
    exec(code, globals, ns)  # noqa: S102 - the standard library's own generated text, compiled from it
    return ns["__create_fn__"](**locals)


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(cls: type[T] | None = None, /, **options: Any) -> Any:
    """``dataclasses.dataclass(cls, **options)``; see the module's docstring."""
    def wrap(c: type[T]) -> type[T]:
        if not _usable():
            return dataclasses.dataclass(c, **options)      # type: ignore[no-any-return,call-overload]
        with _LOCK:
            dataclasses._create_fn = _create_fn             # type: ignore[attr-defined]
            try:
                return dataclasses.dataclass(c, **options)  # type: ignore[no-any-return,call-overload]
            finally:
                dataclasses._create_fn = _ORIGINAL          # type: ignore[attr-defined]
    return wrap if cls is None else wrap(cls)

