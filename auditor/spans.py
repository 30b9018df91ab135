"""Original-text spans, the normalized-to-original offset map and a 1-based line/column index."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of character offsets in the ORIGINAL decoded text."""

    start: int  # inclusive
    end: int    # exclusive; start <= end

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def to_dict(self) -> dict[str, int]:
        """The span as ``{"start": .., "end": ..}``."""
        return {"start": self.start, "end": self.end}


class OffsetMap:
    """Maps offsets in normalized text back to offsets in the original text.

    Normalization only ever DELETES characters (e.g. the \\r of \\r\\n, zero-width spaces) or replaces
    one char by one char, so the map is identity plus the count of deletions before a position.
    """

    __slots__ = ("_keys", "_removed")

    def __init__(self, removed: Sequence[int]) -> None:
        """``removed``: sorted ORIGINAL offsets of the deleted characters."""
        self._removed: tuple[int, ...] = tuple(removed)
        # The j-th deletion (0-based) sits just before normalized offset removed[j] - j; this key list is
        # non-decreasing, so the deletions at or before normalized ``pos`` are found with one bisect.
        self._keys: list[int] = [r - j for j, r in enumerate(self._removed)]
        if any(b <= a for a, b in zip(self._removed, self._removed[1:])):
            raise ValueError("removed offsets must be strictly increasing")

    @property
    def removed(self) -> tuple[int, ...]:
        """The original offsets of the deleted characters."""
        return self._removed

    def to_original(self, pos: int) -> int:
        """Normalized offset -> original offset (``pos`` may equal the normalized length)."""
        if pos < 0:
            raise ValueError(f"negative offset {pos}")
        if not self._keys:
            return pos
        return pos + bisect_right(self._keys, pos)

    def span(self, start: int, end: int) -> Span:
        """Normalized ``[start, end)`` -> original Span; deleted characters just outside it stay outside."""
        if end < start:
            raise ValueError(f"invalid range [{start}, {end})")
        if not self._keys:
            return Span(start, end)
        ostart = self.to_original(start)
        if end == start:
            return Span(ostart, ostart)
        return Span(ostart, self.to_original(end - 1) + 1)

    def __repr__(self) -> str:
        return f"OffsetMap(removed={list(self._removed)!r})"


class LineIndex:
    """1-based line/column in characters for the ORIGINAL text. '\\r\\n', '\\r' and '\\n' each end a line.

    The text after the last line ending is a line of its own (possibly empty), so every offset in
    ``[0, len(text)]`` has a line in ``1..line_count``.
    """

    __slots__ = ("_ends", "_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        starts = [0]
        ends: list[int] = []
        if "\n" in text or "\r" in text:
            for m in _LINE_END.finditer(text):
                ends.append(m.start())
                starts.append(m.end())
        ends.append(len(text))
        self._starts: list[int] = starts   # offset where each line begins
        self._ends: list[int] = ends       # offset where each line's content ends (before its line ending)

    @property
    def line_count(self) -> int:
        """Number of lines, counting the (possibly empty) text after the last line ending."""
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, column counted in characters; ``offset == len(text)`` allowed.

        An offset inside a line ending belongs to the line that ending terminates.
        """
        if not 0 <= offset <= len(self._text):
            raise ValueError(f"offset {offset} outside the text (length {len(self._text)})")
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        """Original offset where 1-based ``line`` begins."""
        self._check(line)
        return self._starts[line - 1]

    def line_text(self, line: int) -> str:
        """Text of that line without its line ending."""
        self._check(line)
        return self._text[self._starts[line - 1]:self._ends[line - 1]]

    def _check(self, line: int) -> None:
        if not 1 <= line <= len(self._starts):
            raise IndexError(f"line {line} outside 1..{len(self._starts)}")
