"""Text safe to show: control characters, bidi overrides and undecodable file-name bytes made visible."""

from __future__ import annotations

import re

from auditor import rx

# C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates, lone surrogates (os.fsdecode's escapes)
_UNSAFE = rx.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_IN_LINES = rx.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = rx.compile("[\ud800-\udfff]")


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    n = ord(c)
    if 0xDC80 <= n <= 0xDCFF:          # a byte of a file name that is not UTF-8: show the byte
        return f"\\x{n - 0xDC00:02x}"
    return f"\\x{n:02x}" if n <= 0xFF else f"\\u{n:04x}"


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` for a terminal: control characters as ``\\x1b``, bidi controls as ``\\u202e``, undecodable
    file-name bytes as ``\\xff``; with ``lines``, newlines and tabs are kept."""
    return (_UNSAFE_IN_LINES if lines else _UNSAFE).sub(_escape, text)


def safe_name(text: str) -> str:
    """A file name (or a message naming one) encodable as UTF-8: bytes os.fsdecode could not decode as ``\\xff``."""
    return _SURROGATE.sub(_escape, text)


def encodable(text: str) -> str:
    """A last resort before writing: any lone surrogate left becomes U+FFFD, so the output is valid UTF-8."""
    return _SURROGATE.sub("\ufffd", text)
