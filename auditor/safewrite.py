"""Writing files without losing any: temp file + rename, never through a link we were not asked to follow,
the mode kept, an edit made during the run detected, and the temp file removed on every exit path."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from typing import BinaryIO

from auditor.errors import UsageError
from auditor.records import dataclass

_HASH_LIMIT = 64 * 1024 * 1024      # larger files are compared by size, inode and mtime only


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a file was when it was read: identity, size, modification time and a hash of its bytes."""

    dev: int
    ino: int
    size: int
    mtime_ns: int
    digest: str


def snapshot(path: str) -> Snapshot | None:
    """The state of the file at ``path`` (links followed), or None when it is not a readable regular file."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return None
        digest = ""
        if st.st_size <= _HASH_LIMIT:
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            digest = h.hexdigest()
    except OSError:
        return None
    return Snapshot(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, digest)


def unchanged(path: str, before: Snapshot | None, shown: str) -> None:
    """Refuse (UsageError) when the file at ``path`` is no longer what ``before`` recorded."""
    if before is None or snapshot(path) != before:
        raise UsageError(f"{shown}: the file changed while auditor was running; nothing written (run it again)")


def write_bytes(fh: BinaryIO, data: bytes) -> None:
    """Write all of ``data`` (a separate function so tests can make the disk fill up)."""
    fh.write(data)


def _new_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _atomic(target: str, shown: str, fill: Callable[[BinaryIO], None], mode: int,
            owner: tuple[int, int] | None = None, check: Callable[[], None] | None = None) -> None:
    """Write a temp file next to ``target`` and rename it over ``target``; the temp file never survives
    (an exception, Ctrl-C, SIGTERM, a full disk)."""
    folder = os.path.dirname(os.path.abspath(target))
    with _term_as_exit():
        try:
            import tempfile  # here: a run that writes to stdout does not import it (4 ms)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".auditor-", suffix=".tmp")
        except OSError as exc:
            raise UsageError(f"cannot write {shown}: {exc.strerror}") from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fill(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)                  # mkstemp's 0600 is for the temporary file, not the output
            if owner is not None:
                os.chown(tmp, *owner)
            if check is not None:
                check()
            os.replace(tmp, target)
        except BaseException as exc:             # no half-written or hidden file stays, whatever happened
            try:
                os.unlink(tmp)
            except OSError:
                pass
            if isinstance(exc, OSError):
                raise UsageError(f"cannot write {shown}: {exc.strerror or exc}") from None
            raise


@contextlib.contextmanager
def _term_as_exit() -> Iterator[None]:
    """While writing, SIGTERM raises SystemExit (exit 143) so the temp file is removed on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _stat(path: str, shown: str, *, follow: bool) -> os.stat_result | None:
    """What is at ``path`` now (None when nothing is); any other failure is a 'cannot write' error."""
    try:
        return os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"cannot write {shown}: {exc.strerror}") from None


def write_output(path: str, data: bytes, shown: str | None = None) -> None:
    """Write a file the user named (``-o``, ``--baseline``): whole or not at all.

    A symbolic link is written at its target (the link stays); a device or FIFO the user named (/dev/stdout,
    /dev/null) is written directly; a regular file keeps its mode.
    """
    shown = shown or path
    real = os.path.realpath(path)
    st = _stat(real, shown, follow=True)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"cannot write {shown}: it is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            with open(real, "wb") as fh:
                write_bytes(fh, data)
        except OSError as exc:
            raise UsageError(f"cannot write {shown}: {exc.strerror or exc}") from None
        return
    _atomic(real, shown, lambda fh: write_bytes(fh, data), stat.S_IMODE(st.st_mode) if st else _new_mode())


def write_output_stream(path: str, produce: Callable[[Callable[[str], None]], None], shown: str | None = None) -> None:
    """Write a file the user named (``-o``) as ``produce`` writes text to the function it is given: whole or not at
    all, as write_output (a regular file is replaced only when ``produce`` has finished)."""
    from auditor.report.escape import encodable
    shown = shown or path
    real = os.path.realpath(path)
    st = _stat(real, shown, follow=True)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"cannot write {shown}: it is a directory")

    def fill(fh: BinaryIO) -> None:
        produce(lambda text: write_bytes(fh, encodable(text).encode("utf-8")))

    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            with open(real, "wb") as fh:
                fill(fh)
        except OSError as exc:
            raise UsageError(f"cannot write {shown}: {exc.strerror or exc}") from None
        return
    _atomic(real, shown, fill, stat.S_IMODE(st.st_mode) if st else _new_mode())


def write_new_copy(target: str, fill: Callable[[BinaryIO], None], check: Callable[[], None] | None = None) -> None:
    """Write a file auditor names itself (``report.fixed.docx``): refuse a link or special file at that name;
    replace only a regular file there."""
    st = _stat(target, target, follow=False)
    if st is not None and stat.S_ISLNK(st.st_mode):
        raise UsageError(f"{target}: refusing to write: it is a symbolic link (remove it first)")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{target}: refusing to write: it is not a regular file")
    _atomic(target, target, fill, stat.S_IMODE(st.st_mode) if st else _new_mode(), check=check)


def replace_report(path: str, data: bytes, before: Snapshot | None, *, force: bool = False) -> None:
    """Replace a report the user asked to fix with ``data``: at a link's target, keeping mode (and owner when
    root), refusing a file that changed since ``before`` or (without ``force``) a read-only file."""
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{path}: refusing to write: it is not a regular file")
    if not force and (not st.st_mode & 0o222 or not os.access(real, os.W_OK)):
        raise UsageError(f"{path}: the file is read-only; nothing written (--force replaces it anyway)")
    owner = (st.st_uid, st.st_gid) if getattr(os, "geteuid", lambda: -1)() == 0 else None
    unchanged(real, before, path)
    _atomic(real, path, lambda fh: write_bytes(fh, data), stat.S_IMODE(st.st_mode), owner,
            check=lambda: unchanged(real, before, path))
