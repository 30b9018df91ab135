"""Read plain-text reports: BOM sniffing, strict UTF-8, then GB18030, with binary-file detection."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputError

# Longest first: the UTF-32 LE BOM begins with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than \t \n \f \r.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_MAX_CONTROL_SHARE = 0.02
_BLANK = " \t\n\r\f\v\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded report file. Word and PDF files are rendered to text (one line per paragraph, table rows
    as tab-separated lines) with their tables kept as cells pointing into that text."""

    path: str      # as given by the user
    text: str      # decoded original text (BOM stripped; line endings UNTOUCHED)
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "utf-16-le", "utf-16-be", "docx", "pdf", ...
    tables: tuple[TableData, ...] = ()
    pages: tuple[int, ...] = ()     # offsets in ``text`` where each PDF page starts


@dataclass(frozen=True, slots=True)
class CellData:
    """One table cell: its place and the offsets of its text in SourceText.text."""

    row: int        # 1-based
    col: int        # 1-based (the first grid column it covers)
    text: str
    start: int
    end: int
    colspan: int = 1


@dataclass(frozen=True, slots=True)
class TableData:
    """A table of a Word or PDF report."""

    index: int      # 1-based, in document order
    cells: tuple[CellData, ...]
    start: int      # offset of the table's first line in SourceText.text
    end: int


def _binary(name: str) -> InputError:
    return InputError(f"{name}: not a text report (binary data)")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                return body.decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError:
                if encoding == "utf-32-le":
                    continue        # "FF FE 00 00" may be a UTF-16 LE BOM followed by U+0000
                raise InputError(f"{name}: cannot decode text (invalid {encoding.upper()} after its byte "
                                 "order mark)") from None
    if b"\x00" in data:
        raise _binary(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    raise InputError(f"{name}: cannot decode text (tried UTF-8, GB18030)")


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a report's bytes to ``(text, encoding)``, or raise InputError with a one-line message.

    A byte order mark decides the encoding; otherwise strict UTF-8, then strict GB18030 (covers GBK and
    GB2312). NUL bytes without a UTF-16/32 BOM, or more than 2% C0 control characters other than
    tab, line feed, carriage return and form feed, mean binary data.
    """
    if not data:
        raise InputError(f"{name}: empty file")
    text, encoding = _decode(data, name)
    if not text.strip(_BLANK):
        raise InputError(f"{name}: empty file")
    if _CONTROL_RE.search(text) is not None:
        controls = len(_CONTROL_RE.findall(text))
        if controls > _MAX_CONTROL_SHARE * len(text):
            raise _binary(name)
    return text, encoding


def _os_error_message(name: str, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{name}: no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{name}: is a directory"
    if isinstance(exc, PermissionError):
        return f"{name}: permission denied"
    detail = exc.strerror or type(exc).__name__
    return f"{name}: cannot read file ({detail})"


def read_text_file(path: Path) -> SourceText:
    """Read and decode one plain-text report; any failure is an InputError."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(_os_error_message(name, exc)) from None
    text, encoding = decode_bytes(data, name)
    return SourceText(path=name, text=text, encoding=encoding)
