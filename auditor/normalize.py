"""Length-preserving text normalization (plus a few deletions) with a map back to the original offsets."""

from __future__ import annotations

import re

from auditor import rx
from auditor.records import dataclass
from auditor.spans import OffsetMap

# Deleted anywhere: zero-width space / non-joiner / joiner, word joiner, zero-width no-break space (BOM).
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
_ZERO_WIDTH_RE = rx.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_CRLF_RE = rx.compile("\r\n")


def _fold_table() -> dict[str, str]:
    table = {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}            # ０-９
    table.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})      # Ａ-Ｚ
    table.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})      # ａ-ｚ
    table.update({"％": "%", "\u3000": " ", "\u00a0": " ", "\r": "\n"})
    return table


# The context-free 1:1 folds (a lone "\r" is the only "\r" left when they are applied).
_FOLD: dict[str, str] = _fold_table()
_FOLD_RE = rx.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a％\u3000\u00a0\r]")
# Any char that is deleted or folded context-free: one scan tells whether the common fast path applies.
_SPECIAL_RE = rx.compile(_FOLD_RE.pattern[:-1] + "".join(_ZERO_WIDTH) + "]")
# "．" between two digits is a decimal point.
_POINT_RE = rx.compile(r"．(?<=[0-9]．)(?=[0-9])")
# "，" after a digit is a thousands separator when exactly three digits follow, or a digit run and a decimal
# point ("38，194.07", "1，7221.85"); "2019，2020年" and "3，4" are enumerations and stay.
_COMMA_RE = rx.compile(r"，(?<=[0-9]，)(?=[0-9]{3}(?![0-9])|[0-9]+\.[0-9])")


@dataclass(frozen=True, slots=True)
class Normalized:
    """The normalized text that rules and the grammar read, and its map back to the original."""

    text: str           # normalized text
    offsets: OffsetMap  # normalized -> original


def fold_char(c: str) -> str:
    """The 1:1 context-free folding of a single char; "" for a deleted (zero-width) char, "\\n" for "\\r"."""
    if c in _ZERO_WIDTH:
        return ""
    return _FOLD.get(c, c)


def _fold_match(m: re.Match[str]) -> str:
    return _FOLD[m.group()]


def _removed_offsets(original: str) -> list[int]:
    """Sorted original offsets of the deleted characters: the "\\r" of each "\\r\\n" and zero-width chars."""
    crlf = [m.start() for m in _CRLF_RE.finditer(original)] if "\r\n" in original else []
    if not any(z in original for z in _ZERO_WIDTH):
        return crlf
    zw = [m.start() for m in _ZERO_WIDTH_RE.finditer(original)]
    return sorted(crlf + zw) if crlf else zw


def normalize(original: str) -> Normalized:
    """Normalize the decoded text of a report.

    Deletes the "\\r" of "\\r\\n" and zero-width chars; folds a lone "\\r" to "\\n", full-width digits and
    ASCII letters, "％", U+3000 and U+00A0 to their ASCII forms; folds "．" between digits to "." and a
    "，" inside a number to ",". Everything else (Chinese punctuation, form feeds) is kept.
    """
    text = original
    removed: list[int] = []
    if _SPECIAL_RE.search(original) is not None:
        removed = _removed_offsets(original)
        if removed:
            if "\r\n" in text:
                text = text.replace("\r\n", "\n")
            if len(text) + len(removed) != len(original):
                text = _ZERO_WIDTH_RE.sub("", text)
        text = _FOLD_RE.sub(_fold_match, text)
    if "．" in text:
        text = _POINT_RE.sub(".", text)
    if "，" in text:
        text = _COMMA_RE.sub(",", text)
    return Normalized(text=text, offsets=OffsetMap(removed))
