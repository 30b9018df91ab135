"""Exception types shared by the auditor: input problems and command-line usage errors."""

from __future__ import annotations


class AuditorError(Exception):
    """Base class."""


class InputError(AuditorError):
    """A report that cannot be read.

    str(e) is a one-line user-facing message (English or Chinese), never a traceback.
    """


class UsageError(AuditorError):
    """Bad command-line usage."""


class TimeLimitError(AuditorError):
    """A report that used up the time its rules may spend on it; str(e) is one line (the report is not checked)."""


def about(path: str, message: str) -> str:
    """``message`` as a line about the file ``path``, which it names once, at its start (x.pdf: not a PDF file),
    whether the message named it already (once or more) or not."""
    return f"{path}: {reason(path, message)}"


def reason(path: str, message: str) -> str:
    """``message`` without the file name it opens with (for a formatter that names the file itself)."""
    prefix = f"{path}: "
    while message.startswith(prefix):
        message = message[len(prefix):]
    return message
