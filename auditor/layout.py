"""The document outline: front matter, 目录, documents, parts, appendices, tables and page furniture as regions.

The section tree (``Report.root``) says how headings nest; the outline says what kind of thing each stretch
of the file is, so that rules can ask "is this line a 目录 entry, a table, page furniture, an appendix?" in
one place. Regions are built once the blocks are classified (auditor/structure.py) and the tables found.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from auditor import rx
from auditor.furniture import Furniture
from auditor.model import Heading, LineMarker, Region, Table
from auditor.spans import OffsetMap
from auditor.structure import Block, is_contents_title

_LEADERS = rx.compile(r"[.·．_…⋯]{3,}")
_SENTENCE = rx.compile(r"[。；;！!？?，,]")
FRONT_REACH = 8           # the title block is among the first lines


class _Lines:
    """1-based line numbers of normalized offsets (the normalized text keeps the original's lines)."""

    def __init__(self, text: str) -> None:
        self.ends = [m.start() for m in re.finditer("\n", text)]

    def of(self, pos: int) -> int:
        return bisect_right(self.ends, pos - 1) + 1 if pos > 0 else 1


def outline(text: str, blocks: Sequence[Block], headings: Sequence[Heading], markers: Sequence[LineMarker],
            tables: Sequence[Table], furniture: Sequence[Furniture], offsets: OffsetMap, unblanked: str = ""
            ) -> tuple[Region, ...]:
    """The regions of a report, in document order (an enclosing region before what it holds). ``unblanked``
    is the normalized text before page furniture was blanked (the furniture's own words, shown as titles)."""
    lines = _Lines(text)
    end_of_text = len(text.rstrip())
    out: list[Region] = []

    def add(kind: str, start: int, end: int, title: str, detail: str = "", src: str = text) -> None:
        end = max(start, min(end, len(text)))
        while end > start and src[end - 1] in " \t\n\f":
            end -= 1
        out.append(Region(kind=kind, title=title, detail=detail, line=lines.of(start), end_line=lines.of(max(start, end - 1)),
                          start=start, end=end, span=offsets.span(start, end)))

    front = _front(text, blocks)
    if front is not None:
        add("front", front[0], front[1], " ".join(text[front[0]:front[1]].split()))
    toc = _contents(text, blocks, markers, headings)
    if toc is not None:
        inside = [m for m in markers if m.kind == "toc" and toc[0] <= m.start < toc[1]]
        parts = sum(1 for b in blocks if b.row == "toc" and b.marker is None and toc[0] <= b.start < toc[1])
        linked = sum(1 for m in inside if m.announces is not None)
        add("toc", toc[0], toc[1], "目录", f"{len(inside) + parts} entries, {linked} linked to body headings")

    bounds = [h for h in headings if h.style in ("document", "part", "appendix")]
    docs = [h for h in bounds if h.style == "document"]
    if docs:
        first = docs[0]
        add("document", 0, first.start, _first_title(text, blocks) or "（第一份文件）")
        for h, nxt in zip(docs, [*docs[1:], None]):
            add("document", h.start, nxt.start if nxt else end_of_text, h.title)
    for i, h in enumerate(bounds):
        if h.style == "document":
            continue
        # a part runs to the next part, appendix or document; an appendix to the next appendix or document
        stops = ("document", "part", "appendix") if h.style == "part" else ("document", "appendix")
        nxt = next((b for b in bounds[i + 1:] if b.style in stops), None)
        add(h.style, h.start, nxt.start if nxt else end_of_text, h.title or text[h.start:h.end].strip())
    for t in tables:
        rows = t.rows()
        cols = max((len(r) for r in rows), default=0)
        unit = f", 单位：{t.unit}" if t.unit else ""
        add("table", t.start, t.end, t.caption or f"表{t.index}", f"{len(rows)} rows, up to {cols} cells, {t.source}{unit}")
    for f in furniture:
        src = unblanked or text
        add("furniture", f.start, f.end, " ".join(src[f.start:f.end].split())[:40], f.kind, src)
    out.sort(key=lambda r: (r.start, -r.end, _ORDER.get(r.kind, 9)))
    return tuple(out)


_ORDER = {"document": 0, "front": 1, "toc": 2, "part": 3, "appendix": 4, "table": 5, "furniture": 6}


def _first_title(text: str, blocks: Sequence[Block]) -> str:
    front = _front(text, blocks)
    return " ".join(text[front[0]:front[1]].split()) if front else ""


def _title_line(line: str) -> bool:
    """A line that can belong to a title block: short, no sentence, no 目录, leaders or table header."""
    return not (is_contents_title(line) or line == "目" or len(line) > 40
                or _SENTENCE.search(line) or _LEADERS.search(line) or len(re.findall(r"[\u4e00-\u9fff]", line)) < 2
                or re.search(r"\S\s{3,}\S|单位[:：]", line))


def _front(text: str, blocks: Sequence[Block]) -> tuple[int, int] | None:
    """The title block: the short lines before the first heading, 目录 or sentence of the body."""
    end = None
    start = None
    for b in blocks[:FRONT_REACH]:
        if b.kind == "heading" or b.marker is not None:
            break
        lines = [text[s:e].strip() for s, e in (b.parts or [(b.start, b.end)])]   # a title broken over lines
        good = 0
        while good < len(lines) and _title_line(lines[good]):
            good += 1
        if good == 0:
            break
        start = b.start if start is None else start
        end = b.parts[good - 1][1] if b.parts else b.end
        if good < len(lines):
            break
    return (start, end) if start is not None and end is not None else None


def _contents(text: str, blocks: Sequence[Block], markers: Sequence[LineMarker], headings: Sequence[Heading]
              ) -> tuple[int, int] | None:
    """The 目录: from its title line (or first entry) to its last entry before the body's first heading (its
    entries are the numbered lines read as entries, and the part lines of a 目录 of parts)."""
    starts = sorted([m.start for m in markers if m.kind == "toc"]
                    + [b.start for b in blocks if b.row == "toc" and b.marker is None])
    if not starts:
        return None
    body = next((h.start for h in headings if h.start > starts[0]), len(text))
    starts = [s for s in starts if s < body]
    start = starts[0]
    title = next((b for b in blocks if b.start < start and is_contents_title(text[b.start:b.end])), None)
    if title is not None:
        start = title.start
    end = text.find("\n", starts[-1])
    return start, (len(text) if end < 0 else end)
