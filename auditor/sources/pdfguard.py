"""Bounded decompression for pdfminer: Flate, LZW and RunLength streams inflate within a budget (flate bombs).

pdfminer inflates a stream whole (``zlib.decompress``) and keeps it. While ``bounded()`` is active, each
decoded stream may grow to MAX_STREAM_BYTES and all of a document's to MAX_INFLATED_BYTES; past either the
decoder stops at once, having held at most the limit, and ``bounded()`` reports it as an InflateLimit.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any

from auditor.sources.files import MiB

MAX_STREAM_BYTES = 32 * MiB     # one decoded stream (a page's content, a font, a cmap)
MAX_INFLATED_BYTES = 128 * MiB  # all decoded streams of one PDF together
_CHUNK = 64 * 1024              # compressed bytes fed at a time
_STEP = 1024 * 1024             # inflated bytes produced at a time


class InflateLimit(Exception):
    """A PDF stream inflates beyond the limits."""


class _Budget:
    def __init__(self, total: int | None) -> None:
        self.left = total           # None: no limit on the total (pdfminer used outside read_pdf)
        self.exceeded = False

    def allow(self) -> int:
        """How many bytes the next stream may inflate to."""
        if self.exceeded and self.left is not None:
            raise InflateLimit
        return MAX_STREAM_BYTES if self.left is None else min(MAX_STREAM_BYTES, self.left)

    def spend(self, n: int, allowed: int) -> None:
        if n > allowed:
            self.exceeded = True
            raise InflateLimit
        if self.left is not None:
            self.left -= n


_budget = _Budget(None)


def _inflate(data: bytes, corrupted: bool = False) -> bytes:
    """zlib.decompress within the budget, a step at a time. ``corrupted``: keep what decodes before an error
    near the end (pdfminer's decompress_corrupted, linear instead of byte by byte)."""
    allowed = _budget.allow()
    d = zlib.decompressobj()
    out: list[bytes] = []
    size = 0
    for pos in range(0, len(data), _CHUNK):
        chunk = data[pos:pos + _CHUNK]
        saved, mark, size_mark = (d.copy() if corrupted else None), len(out), size
        try:
            while chunk and not d.eof:
                part = d.decompress(chunk, _STEP)
                size += len(part)
                out.append(part)
                if size > allowed:
                    _budget.spend(size, allowed)
                chunk = d.unconsumed_tail
        except zlib.error:
            if saved is None:
                raise
            del out[mark:]
            return b"".join(out) + _bytewise(saved, data[pos:pos + _CHUNK], pos, len(data), allowed - size_mark)
        if d.eof:
            break
    if not d.eof and not corrupted:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    _budget.spend(size, allowed)
    return b"".join(out)


def _bytewise(d: Any, chunk: bytes, pos: int, total: int, allowed: int) -> bytes:
    out: list[bytes] = []
    size = 0
    for i in range(len(chunk)):
        try:
            part = d.decompress(chunk[i:i + 1], allowed - size + 1)
        except zlib.error:
            if pos + i < total - 3:      # not in the checksum at the end: really damaged (as pdfminer decides)
                raise
            break
        size += len(part)
        out.append(part)
        if size > allowed:
            _budget.spend(allowed + 1, allowed)
    _budget.spend(size, allowed)
    return b"".join(out)


class _Zlib:
    """Stands in for the zlib module inside pdfminer.pdftypes."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    @staticmethod
    def decompress(data: bytes, *_args: Any) -> bytes:
        return _inflate(data)


def _corrupted(data: bytes) -> bytes:
    return _inflate(data, corrupted=True)


def _lzw(data: bytes) -> bytes:
    from pdfminer.lzw import LZWDecoder
    allowed = _budget.allow()
    out: list[bytes] = []
    size = 0
    for part in LZWDecoder(BytesIO(data)).run():
        size += len(part)
        if size > allowed:
            _budget.spend(size, allowed)
        out.append(part)
    _budget.spend(size, allowed)
    return b"".join(out)


def _runlength(data: bytes) -> bytes:
    allowed = _budget.allow()
    out = bytearray()
    i, n = 0, len(data)
    while i < n and data[i] != 128:
        length = data[i]
        if length < 128:
            out += data[i + 1:i + 2 + length]
            i += 2 + length
        else:
            out += data[i + 1:i + 2] * (257 - length)
            i += 2
        if len(out) > allowed:
            _budget.spend(len(out), allowed)
    _budget.spend(len(out), allowed)
    return bytes(out)


def _install() -> None:
    from pdfminer import pdftypes
    pdftypes.zlib = _Zlib()                        # type: ignore[assignment]
    pdftypes.decompress_corrupted = _corrupted     # type: ignore[assignment]
    pdftypes.lzwdecode = _lzw                      # type: ignore[assignment]
    pdftypes.rldecode = _runlength                 # type: ignore[assignment]


@contextmanager
def bounded() -> Iterator[_Budget]:
    """Decode the streams of one PDF within the limits; yields the budget (``exceeded`` says whether a
    stream went past them, even if pdfminer caught the InflateLimit)."""
    global _budget
    _install()
    previous, _budget = _budget, _Budget(MAX_INFLATED_BYTES)
    try:
        yield _budget
    finally:
        _budget = previous


def decode_page_streams(fh: Any) -> int:
    """Decode, within the budget of the enclosing ``bounded()``, every stream a PDF reader inflates to lay out
    the text and lines of ``fh``'s pages: their contents and, through their resources, fonts, CMaps and forms
    (images are never decoded). Returns the number of pages.

    A reader in C (PDFium) inflates streams beyond this module's reach; decoding them here first, with pdfminer
    and the bounded decoders, refuses a flate bomb before it gets there. Raises InflateLimit past a limit, and
    pdfminer's errors for a damaged or locked file."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    doc = PDFDocument(PDFParser(fh))
    seen: set[int] = set()
    pages = 0
    for page in PDFPage.create_pages(doc):
        pages += 1
        for stream in page.contents:
            _decode_under(stream, seen, 0)
        _decode_under(page.resources, seen, 0)
    return pages


_SKIP_KEYS = frozenset({"Parent", "P", "Annots", "Thumb", "B", "Length", "Filter", "DecodeParms"})


def _decode_under(obj: Any, seen: set[int], depth: int) -> None:
    from pdfminer.pdftypes import PDFObjRef, PDFStream
    from pdfminer.psparser import PSLiteral

    if depth > 32:
        return
    if isinstance(obj, PDFObjRef):
        if obj.objid in seen:
            return
        seen.add(obj.objid)
        try:
            obj = obj.resolve()
        except InflateLimit:
            raise
        except Exception:  # noqa: BLE001 - a dangling or damaged object: nothing a reader can inflate
            return
    if isinstance(obj, PDFStream):
        subtype = obj.attrs.get("Subtype")
        if isinstance(subtype, PSLiteral) and subtype.name == "Image":
            return
        try:
            obj.get_data()
        except InflateLimit:
            raise
        except Exception:  # noqa: BLE001, S110 - a stream pdfminer cannot decode; the reader will judge it
            pass
        obj.data = None        # keep nothing: only the size mattered
        obj.rawdata = None
        children: Any = obj.attrs
    else:
        children = obj
    if isinstance(children, dict):
        for key, value in children.items():
            if key not in _SKIP_KEYS:
                _decode_under(value, seen, depth + 1)
    elif isinstance(children, list):
        for value in children:
            _decode_under(value, seen, depth + 1)
