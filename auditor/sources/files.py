"""Open report files safely: regular files only, never blocking, with sizes checked on the bytes read."""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from auditor.errors import InputError

MiB = 1024 * 1024
MAX_TEXT_BYTES = 20 * MiB       # a text report (or the text of a Word or PDF report) larger than this is refused
MAX_DOCUMENT_BYTES = 100 * MiB  # a .docx or .pdf file larger than this is refused before it is parsed

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def os_error_message(name: str, exc: OSError) -> str:
    """A one-line message for an OSError met while opening or reading a report."""
    if isinstance(exc, FileNotFoundError):
        return f"{name}: no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{name}: is a directory"
    if isinstance(exc, PermissionError):
        return f"{name}: permission denied"
    detail = exc.strerror or type(exc).__name__
    return f"{name}: cannot read file ({detail})"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_special(name: str, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(f"{name}: is a directory")
    if not stat.S_ISREG(mode):
        raise InputError(f"{name}: refused: {_kind(mode)}, not a regular file")


def open_regular(name: str) -> BinaryIO:
    """Open a regular file for reading (symlinks followed); a FIFO, device, socket or directory is refused
    before it is opened, and the open itself never blocks (O_NONBLOCK) should the file change in between."""
    try:
        _refuse_special(name, os.stat(name).st_mode)
        fd = os.open(name, _FLAGS)
    except OSError as exc:
        raise InputError(os_error_message(name, exc)) from None
    try:
        _refuse_special(name, os.fstat(fd).st_mode)     # what was opened, not what was looked at
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)                   # a regular file: ordinary reads from here on
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def file_size(fh: BinaryIO) -> int:
    return os.fstat(fh.fileno()).st_size


def refuse_size(name: str, size: int, limit: int, what: str = "a report") -> InputError:
    return InputError(f"{name}: refused: {size // MiB} MB is larger than {what} can be (limit {limit // MiB} MB)")


def read_limited(name: str, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit``: a larger file is refused, judged by the size on disk
    and by the bytes actually read (a file that grows, or lies about its size, is read no further)."""
    with open_regular(name) as fh:
        size = file_size(fh)
        if size > limit:
            raise refuse_size(name, size, limit)
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InputError(os_error_message(name, exc)) from None
    if len(data) > limit:
        raise InputError(f"{name}: refused: more than {limit // MiB} MB (limit {limit // MiB} MB)")
    return data


def read_head(fh: BinaryIO, n: int) -> bytes:
    """The first ``n`` bytes of an open file (and back to its start)."""
    head = fh.read(n)
    fh.seek(0)
    return head
