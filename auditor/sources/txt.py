"""Read plain-text reports: BOM sniffing, strict UTF-8, then GB18030, with binary-file detection."""

from __future__ import annotations

import codecs
from pathlib import Path

from auditor import rx
from auditor.errors import InputError
from auditor.records import dataclass
from auditor.sources.files import MAX_TEXT_BYTES, read_limited

# Longest first: the UTF-32 LE BOM begins with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than \t \n \f \r.
_CONTROL_RE = rx.compile("[\x00-\x08\x0b\x0e-\x1f]")
_MAX_CONTROL_SHARE = 0.02
# What reports are written in: ASCII, Latin-1, general and CJK punctuation, CJK ideographs, full-width forms.
_TEXTUAL = rx.compile("[\t\n\f\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2460-\u24ff\u3000-\u303f"
                      "\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_BLANK = " \t\n\r\f\v\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded report file. Word and PDF files are rendered to text (one line per paragraph, table rows
    as tab-separated lines) with their tables kept as cells pointing into that text."""

    path: str      # as given by the user
    text: str      # decoded original text (BOM stripped; line endings UNTOUCHED)
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "utf-16-le", "utf-16-be", "utf-16le" (no BOM), "docx", ...
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
    source: str = "word"    # word | pdf | tab | pipe | spaced
    aligned: bool = True    # cells in their true columns (spaced rows drop empty cells)


def _binary(name: str) -> InputError:
    return InputError(f"{name}: not a text report (binary data)")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte order mark: NUL bytes mostly at odd positions (LE) or even ones (BE),
    a clean decode, and characters that text is made of (not what random bytes decode to); else None."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for nuls, other, encoding in ((odd, even, "utf-16le"), (even, odd, "utf-16be")):
        if nuls < 4 * other or nuls * 50 < len(data) // 2:
            continue          # NULs on both sides (binary data), or too few of them to tell
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            return None
        if len(_TEXTUAL.findall(text)) >= 0.9 * len(text):
            return text, encoding
    return None


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
        found = _utf16_without_bom(data)
        if found is None:
            raise _binary(name)
        return found
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    raise InputError(f"{name}: cannot decode text (tried UTF-8, GB18030)")


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a report's bytes to ``(text, encoding)``, or raise InputError with a one-line message.

    A byte order mark decides the encoding; otherwise strict UTF-8, then strict GB18030 (covers GBK and
    GB2312). UTF-16 without a BOM is recognised by where its NUL bytes fall (``utf-16le`` / ``utf-16be``: no BOM
    is written back). Other NUL bytes, or more than 2% C0 control characters other than tab, line feed,
    carriage return and form feed, mean binary data.
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


def read_text_file(path: Path) -> SourceText:
    """Read and decode one plain-text report (a regular file of at most MAX_TEXT_BYTES); any failure is an
    InputError."""
    name = str(path)
    text, encoding = decode_bytes(read_limited(name, MAX_TEXT_BYTES), name)
    return SourceText(path=name, text=text, encoding=encoding)
