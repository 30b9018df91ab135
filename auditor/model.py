"""The typed report model: frozen dataclasses, every node with normalized offsets and an original span."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import field, fields
from decimal import Decimal
from typing import Any, TypeVar

from auditor.labels import Lexicon
from auditor.records import dataclass
from auditor.spans import LineIndex, OffsetMap, Ranges, Span


def _plain(value: Any) -> Any:
    """Serialize a model value for JSON: Decimals keep their printed form."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (Node, Span)):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


class Node:
    """Base of model nodes: ``start``/``end`` index the normalized text, ``span`` the original file."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)  # type: ignore[arg-type]
                if not f.name.startswith("_")}


N = TypeVar("N", bound=Node)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_new, _set = object.__new__, object.__setattr__


def evolve(node: N, **changes: Any) -> N:
    """A copy of a model node with some fields changed: ``dataclasses.replace`` without its call of ``__init__`` by
    keyword (five times its cost; the model's classes check nothing when built). Unknown fields are an error."""
    cls = type(node)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))   # type: ignore[arg-type]
    unknown = [k for k in changes if k not in names]
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {unknown[0]!r}")
    out = _new(cls)
    for name in names:
        _set(out, name, changes[name] if name in changes else getattr(node, name))
    return out  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity(Node):
    """A number as printed, with its unit. ``value`` is the digits reading; ``text`` the printed number."""

    kind: str            # amount | percent | count | score | year | number
    text: str            # the printed number (normalized), e.g. "1,7221.85"
    value: Decimal       # digits reading, keeps printed precision: Decimal("17221.85")
    unit: str            # 万元 / 元 / 亿元 / % / 人 / 个 / 分 / 年 / ""
    start: int
    end: int
    span: Span
    number_end: int      # normalized end of the number part (before the unit)
    garble: str | None = None   # separator-groups | two-points | inner-space | point-space | inner-letter
    approx: bool = False         # 余/多/约/近/超 make the figure approximate

    @property
    def decimals(self) -> int:
        exp = self.value.as_tuple().exponent
        return -exp if isinstance(exp, int) and exp < 0 else 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading(Node):
    """A section heading: its marker (一、 （一） 1、 1. （1） ①), style, number, level and title."""

    marker: str | None   # as printed, e.g. "（一）"; None for an unnumbered template heading
    style: str           # cn-dun | cn-paren | ar-dun | ar-dot | ar-paren | circled | part (第一部分) | none
    number: int | None
    level: int           # rank of the style (0 第一部分 1 一、 2 （一） 3 1、/1. 4 （1） 5 ①); 1 for a template top-level
                         # section numbered in another style (3、政府性基金预算支出情况 after 二、)
    title: str
    is_item: bool        # a numbered paragraph (long, no title) rather than a heading
    line: int
    start: int
    end: int
    span: Span
    marker_span: Span | None


@dataclass(frozen=True, slots=True, kw_only=True)
class LineMarker(Node):
    """A numbered line that is not a section heading: a row of a table in text (一、税收收入  5235  5229)
    or a 目录 entry (七、存在的问题……12). Numbering rules read them so that a number carried by such a line
    is not taken for a number missing from the headings."""

    marker: str
    style: str
    number: int | None
    kind: str            # row | toc | note (注：1.…, the first item of a table's notes)
    line: int
    start: int
    end: int
    span: Span
    text: str = ""                 # the line after its marker (a 目录 entry: without leaders and page number)
    announces: int | None = None   # a 目录 entry: the line of the body heading it announces, when found


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph(Node):
    """A paragraph; lines broken mid-sentence (page breaks) are rejoined into one."""

    index: int
    text: str                              # joined normalized text
    parts: tuple[tuple[int, int], ...]     # normalized ranges making up ``text``
    line: int
    start: int
    end: int
    span: Span
    joined: tuple[int, ...] = ()           # normalized offsets where a broken line was rejoined

    def to_local(self, norm: int) -> int | None:
        """Map a normalized document offset to an offset inside ``text`` (None when outside the parts)."""
        acc = 0
        for s, e in self.parts:
            if s <= norm <= e:
                return acc + norm - s
            acc += e - s
        return None

    def to_norm(self, local: int) -> int:
        """Map an offset inside ``text`` to the normalized document offset."""
        acc = 0
        for s, e in self.parts:
            if local <= acc + (e - s):
                return s + (local - acc)
            acc += e - s
        return self.parts[-1][1]


@dataclass(frozen=True, slots=True, kw_only=True)
class Section(Node):
    """A node of the section tree; the root has no heading."""

    index: int
    heading: Heading | None
    level: int
    paragraphs: tuple[int, ...]            # indices into Report.paragraphs (the section's own body)
    children: tuple[Section, ...]
    start: int
    end: int                               # normalized end of the whole subtree
    span: Span
    parent: int = -1                       # index of the enclosing section (-1 for the root)
    last: int = 0                          # highest index in the subtree (indices are in document order)

    def contains(self, index: int) -> bool:
        """Whether the section with this index lies in this subtree."""
        return self.index <= index <= self.last

    def walk(self) -> list[Section]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact(Node):
    """A quantity bound to a label (基本支出, 人员经费 …), with its year, qualifier and place."""

    index: int
    label: str             # canonical label
    label_text: str        # as written
    quantity: Quantity
    year: int | None
    qualifiers: tuple[str, ...]   # 预算 / 决算 / 财政拨款 / 一般公共预算 …
    paragraph: int
    sentence: int          # global sentence index
    section: int           # index of the innermost section
    start: int             # start of the label
    end: int
    span: Span
    in_breakdown_of: int | None = None   # fact index of the 其中 head this fact is a part of
    year_start: int | None = None        # normalized offset of the year written for this fact (None: report's)
    partial: bool = False                # listed after 主要 / 等: a partial list


@dataclass(frozen=True, slots=True, kw_only=True)
class Share(Node):
    """占…% / 占比…%: a percentage of a numerator fact relative to a denominator."""

    numerator: int             # fact index
    percent: Quantity
    denominator_label: str | None   # explicit 占<label> ; None for 占比
    start: int
    end: int
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Change(Node):
    """A year-over-year change: 较上年减少47.80万元，减少17.13%."""

    subjects: tuple[int, ...]  # candidate fact indices (nearest first); empty when none
    direction: str             # increase | decrease
    amount: Quantity | None
    percent: Quantity | None
    percent_direction: str | None
    points: bool               # 个百分点: a difference of percentages
    sentence: int
    start: int
    end: int
    span: Span
    base: Quantity | None = None   # a count right before the change, when the subject is not a labelled fact


@dataclass(frozen=True, slots=True, kw_only=True)
class Rate(Node):
    """A rate stated with its parts: 任务书59000人，实际完成59174人，完成率100.3%."""

    name: str                  # 完成率 / 执行率 / 得分率 / 完成预算的 …
    numerator: Quantity        # the achieved figure (实际, 完成, 决算, 有效, 得分 …)
    denominator: Quantity      # the planned figure (任务, 计划, 预算, 应…, 分值 …)
    percent: Quantity
    sentence: int
    start: int
    end: int
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell(Node):
    """A table cell: its grid place, its text and, when it holds one number, that number."""

    row: int
    col: int
    text: str
    value: Quantity | None
    start: int
    end: int
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Table(Node):
    """A table: of a Word or PDF report (rendered in the text as tab-separated lines), or written in the text
    itself (tab- or |-separated rows, or rows whose cells are set apart by wide gaps)."""

    index: int
    cells: tuple[Cell, ...]
    start: int
    end: int
    span: Span
    source: str = "word"     # word | pdf | tab | pipe | spaced
    aligned: bool = True     # cells sit in their true columns (spaced rows drop empty cells: their columns
                             # cannot be trusted, so column arithmetic skips them)
    caption: str = ""        # the title line above the table (…决算表, 公开01表), when there is one
    unit: str = ""           # 单位：万元 above the table

    def rows(self) -> list[list[Cell]]:
        out: dict[int, list[Cell]] = {}
        for c in self.cells:
            out.setdefault(c.row, []).append(c)
        return [out[r] for r in sorted(out)]


@dataclass(frozen=True, slots=True, kw_only=True)
class GridColumn(Node):
    """A column of figures of a table, with what its header says it holds: 2023年决算数 is year 2023, stage 决算;
    决算数为调整预算数的% is a percentage. ``index`` counts the table's figure columns from 0, left to right."""

    index: int
    header: str = ""
    year: int | None = None
    stage: str = ""              # 年初预算 | 调整预算 | 预算 | 决算 | 执行 | "" (not said, or a comparison of two)
    percent: bool = False        # its figures are percentages (by its header, or by its figures)


@dataclass(frozen=True, slots=True, kw_only=True)
class GridRow(Node):
    """A row of a table read as data: its label, its class code and level (功能分类 201 类 / 20101 款 / 2010101 项),
    and its figure in each of the table's columns (None where the cell is empty)."""

    row: int                     # the table's row number
    label: str                   # as printed
    name: str                    # the label without its marker, code, spaces and quotes: 公务用车购置及运行维护费
    code: str = ""
    level: int = 0               # 1 类, 2 款, 3 项 (0: no code)
    figures: tuple[Quantity | None, ...] = ()
    start: int = 0               # the row's normalized offsets (its first cell to its last)
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "label": self.label, "name": self.name, "code": self.code, "level": self.level,
                "figures": [q.text if q is not None else None for q in self.figures]}


@dataclass(frozen=True, slots=True, kw_only=True)
class Grid(Node):
    """A table read as data (auditor/grids.py): its template identity, its columns' meanings, its rows' labels,
    codes and figures by column."""

    table: int                   # the Table's index
    template: str = ""           # 收入支出决算总表 … (auditor/data/tables.yaml), "" when the caption names none
    number: int | None = None    # 公开NN表 / 表N
    unit: str = ""
    columns: tuple[GridColumn, ...] = ()
    rows: tuple[GridRow, ...] = ()
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation(Node):
    """A checkable statement read from the report: a stated figure (``result``) and the figures that determine
    it (``terms``), with the kind of relation between them.

    kinds: ratio (result = terms[0] ÷ terms[1] × 100: 决算数占预算%, 执行率), growth (result = (terms[0] ÷
    terms[1] − 1) × 100: 比上年增长%), sum (result = Σ terms), difference (result = terms[0] − terms[1] − …;
    ``signs`` when the steps mix: 结余 = A + B − C).
    ``holds`` is the judgement under the interval arithmetic (docs/architecture.md), made once when the
    relation is read; rules report the relations that do not hold.
    """

    kind: str
    result: Quantity
    terms: tuple[Quantity, ...]
    holds: bool
    computed: str          # the value the terms give, printed like the result ("96.5")
    source: str            # table-columns (a column relation of a table, established by most of its rows)
    scope: str             # where: 表3第5行 “一、税收收入”
    text: str              # the relation written out: 23,296,853 ÷ 24,148,942 × 100 = 96.47
    start: int
    end: int
    span: Span
    row: int = 0           # table-columns / table-rows: the table row the result figure stands in
    signs: tuple[int, ...] = ()     # sum / difference: +1 or −1 per term (empty: the kind's own)

    def term_signs(self) -> tuple[int, ...]:
        """+1 or −1 for each term of a sum or a difference."""
        if self.signs:
            return self.signs
        if self.kind == "difference":
            return (1, *(-1 for _t in self.terms[1:]))
        return tuple(1 for _t in self.terms)


@dataclass(frozen=True, slots=True, kw_only=True)
class Region(Node):
    """A stretch of the file and what kind of thing it is: front (the title block), toc (目录), document (one
    of several documents in a file), part (第一部分 …), appendix (附件 / 附表), table, furniture (page numbers,
    web page chrome, running headers: kept here, never read as text)."""

    kind: str
    title: str
    detail: str
    line: int
    end_line: int
    start: int
    end: int
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True)
class Report(Node):
    """A parsed report."""

    path: str
    original: str
    text: str                      # normalized
    offsets: OffsetMap
    lines: LineIndex
    year: int | None
    entity: str | None
    root: Section
    headings: tuple[Heading, ...]
    paragraphs: tuple[Paragraph, ...]
    sentences: Ranges                        # normalized ranges, a sequence of (start, end)
    quantities: tuple[Quantity, ...]
    facts: tuple[Fact, ...]
    shares: tuple[Share, ...]
    changes: tuple[Change, ...]
    rates: tuple[Rate, ...] = ()
    tables: tuple[Table, ...] = ()
    pages: tuple[int, ...] = ()             # PDF: offsets where each page starts

    def page_of(self, offset: int) -> int | None:
        """The 1-based PDF page an original offset lies on (None for other formats)."""
        if not self.pages:
            return None
        return max(1, bisect_left(self.pages, offset + 1))
    sections: tuple[Section, ...] = field(default=())
    lexicon: Lexicon | None = None          # the labels facts were bound with (shipped + rule packs)
    markers: tuple[LineMarker, ...] = ()    # numbered lines that are not headings (table rows, 目录 entries)
    outline: tuple[Region, ...] = ()        # front matter, 目录, documents, parts, appendices, tables, furniture
    relations: tuple[Relation, ...] = ()    # checkable statements read from tables (and, later, prose)
    grids: tuple[Grid, ...] = ()            # the tables read as data: columns' meanings, rows' codes
    _index: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)   # lazily built lookups

    def facts_by_label(self) -> dict[str, list[Fact]]:
        """The facts of each label, ordered by where their label starts (then by index); built once."""
        index = self._index.get("facts_by_label")
        if index is None:
            index = {}
            for f in sorted(self.facts, key=lambda f: (f.start, f.index)):
                index.setdefault(f.label, []).append(f)
            self._index["facts_by_label"] = index
        return index  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        keep = ("path", "year", "entity", "root", "headings", "paragraphs", "quantities", "facts",
                "shares", "changes", "rates", "tables", "markers", "pages", "outline", "relations", "grids")
        return {k: _plain(getattr(self, k)) for k in keep}

    def within(self, kind: str, pos: int) -> bool:
        """Whether the normalized offset lies in a region of this kind (a table, 目录, appendix …); a bisection
        over the kind's regions, built once."""
        key = "within:" + kind
        index = self._index.get(key)
        if index is None:
            regs = sorted((r.start, r.end) for r in self.outline if r.kind == kind)
            merged: list[list[int]] = []
            for s, e in regs:
                if merged and s <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], e)
                else:
                    merged.append([s, e])
            index = ([m[0] for m in merged], [m[1] for m in merged])
            self._index[key] = index
        starts, ends = index
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < ends[i]

    def markers_in(self, start: int, end: int) -> tuple[LineMarker, ...]:
        """The numbered table rows and 目录 entries starting in the normalized range [start, end)."""
        ms = self.markers
        lo = bisect_left(ms, start, key=lambda m: m.start)
        return ms[lo:bisect_left(ms, end, lo=lo, key=lambda m: m.start)]

    def headings_in(self, start: int, end: int) -> tuple[Heading, ...]:
        """The headings (numbered paragraphs included) starting in the normalized range [start, end)."""
        hs = self.headings
        lo = bisect_left(hs, start, key=lambda h: h.start)
        return hs[lo:bisect_left(hs, end, lo=lo, key=lambda h: h.start)]

    def quantities_in(self, start: int, end: int, kinds: tuple[str, ...] = ()) -> list[Quantity]:
        """The quantities starting in the normalized range [start, end) (of the given kinds), in order."""
        qs = self.quantities
        lo = bisect_left(qs, start, key=lambda q: q.start)
        hi = bisect_left(qs, end, lo=lo, key=lambda q: q.start)
        return [q for q in qs[lo:hi] if not kinds or q.kind in kinds]

    def span_of(self, start: int, end: int) -> Span:
        """The original-file span of a normalized range."""
        return self.offsets.span(start, end)
