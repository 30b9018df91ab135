"""Original-text spans, the normalized-to-original offset map and a 1-based line/column index."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from auditor import rx
from auditor.records import dataclass

_LINE_END = rx.compile(r"\r\n|\r|\n")


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
    ``[0, len(text)]`` has a line in ``1..line_count``. The line starts are found on first use and kept
    in an array of 8-byte integers (not a list of int objects): a report's model keeps no per-line object.
    """

    __slots__ = ("_starts_cache", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts_cache: array[int] | None = None

    @property
    def _starts(self) -> array[int]:
        """Offset where each line begins."""
        if self._starts_cache is None:
            starts = array("q", [0])
            if "\n" in self._text or "\r" in self._text:
                starts.extend(m.end() for m in _LINE_END.finditer(self._text))
            self._starts_cache = starts
        return self._starts_cache

    def _end(self, line: int) -> int:
        """Offset where 1-based ``line``'s content ends (before its line ending)."""
        starts = self._starts
        if line >= len(starts):
            return len(self._text)
        nxt = starts[line]
        return nxt - (2 if self._text.startswith("\r\n", nxt - 2) else 1)

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
        starts = self._starts
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        """Original offset where 1-based ``line`` begins."""
        self._check(line)
        return self._starts[line - 1]

    def line_text(self, line: int) -> str:
        """Text of that line without its line ending."""
        self._check(line)
        return self._text[self._starts[line - 1]:self._end(line)]

    def _check(self, line: int) -> None:
        if not 1 <= line <= len(self._starts):
            raise IndexError(f"line {line} outside 1..{len(self._starts)}")


class Ranges(Sequence[tuple[int, int]]):
    """An immutable sequence of (start, end) offset pairs kept in one array (16 bytes a pair, not ~120)."""

    __slots__ = ("_flat",)

    def __init__(self, pairs: Iterable[tuple[int, int]] = ()) -> None:
        self._flat = array("q")
        for a, b in pairs:
            self._flat.append(a)
            self._flat.append(b)

    def __len__(self) -> int:
        return len(self._flat) // 2

    def append(self, pair: tuple[int, int]) -> None:
        """Add a pair at the end (while the model is being built; nothing changes a built report's)."""
        self._flat.append(pair[0])
        self._flat.append(pair[1])

    def extend(self, pairs: Iterable[tuple[int, int]]) -> None:
        for pair in pairs:
            self.append(pair)

    @overload
    def __getitem__(self, i: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, int]]: ...

    def __getitem__(self, i: int | slice) -> tuple[int, int] | list[tuple[int, int]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        n = len(self)
        if not -n <= i < n:
            raise IndexError(i)
        i %= n
        return self._flat[2 * i], self._flat[2 * i + 1]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        flat = self._flat
        return zip(flat[::2], flat[1::2])

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, (Ranges, tuple, list)) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._flat.tobytes())

    def __repr__(self) -> str:
        return f"Ranges({list(self)!r})"
