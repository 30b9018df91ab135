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
