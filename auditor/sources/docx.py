"""Word (.docx) reports: paragraphs in order with Word's automatic list numbers rendered, and tables."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from lxml import etree  # type: ignore[import-untyped]

from auditor import rx
from auditor.errors import InputError
from auditor.sources.files import (
    MAX_DOCUMENT_BYTES,
    MAX_TEXT_BYTES,
    MiB,
    file_size,
    open_regular,
    read_head,
    refuse_size,
)
from auditor.sources.txt import CellData, SourceText, TableData
from auditor.structure import CN_DIGITS

if TYPE_CHECKING:
    from auditor.safewrite import Snapshot

MAX_UNCOMPRESSED = 200 * 1024 * 1024      # a .docx that inflates beyond this is refused (zip bomb)
MAX_RATIO = 200                           # nor may one member inflate more than this many times
MAX_GRID_SPAN = 63                        # Word's own limit on the columns of a table
MAX_PART_BYTES = 20 * 1024 * 1024         # numbering, styles and relationships parts are parsed whole: this at most
_ZERO_WIDTH = rx.compile("[\u200b\u200c\u200d\u2060\ufeff\r]")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"


def read_docx(path: Path) -> SourceText:
    """Read a .docx report, or raise InputError with one line saying why it cannot be read.

    The body is parsed as a stream (one paragraph or table at a time, then dropped), and reading stops as
    soon as the text passes MAX_TEXT_BYTES, so memory stays bounded whatever the document's size."""
    name = str(path)
    with open_regular(name) as fh:
        _check_head(fh, name)
        try:
            with zipfile.ZipFile(fh) as zf:
                _check_container(zf, name)
                return _read_body(zf, name)
        except zipfile.BadZipFile:
            raise InputError(f"{name}: the .docx is truncated or damaged (bad zip file)") from None
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - lxml and zipfile raise many kinds on damaged files
            raise InputError(f"{name}: cannot read the Word file ({type(exc).__name__}: {str(exc)[:80]})") from None


def _read_body(zf: zipfile.ZipFile, name: str) -> SourceText:
    numbering = _Numbering(*_parts(zf, name))
    lines: list[str] = []
    tables: list[TableData] = []
    offset = 0
    size = 0
    with zf.open("word/document.xml") as xml:
        for child in _body_children(xml):
            tag = child.tag
            if tag == f"{_W}p":
                rows = [numbering.prefix(child) + _para_text(child)]
            elif tag == f"{_W}tbl":
                table, rows = _table(child, len(tables) + 1, offset)
                tables.append(table)
            else:
                continue
            lines.extend(rows)
            offset += sum(len(r) + 1 for r in rows)
            size += sum(len(r.encode("utf-8", "surrogatepass")) + 1 for r in rows)
            if size > MAX_TEXT_BYTES:
                raise InputError(f"{name}: refused: the text of the Word file is larger than a report can be "
                                 f"(limit {MAX_TEXT_BYTES // MiB} MB)")
    text = "\n".join(lines) + "\n"
    if not text.strip():
        raise InputError(f"{name}: the Word file contains no text")
    return SourceText(path=name, text=text, encoding="docx", tables=tuple(tables))


def _parser() -> etree.XMLParser:
    # no entities, no DTD, no network, libxml2's size limits on text nodes and depth kept (no huge_tree)
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True, load_dtd=False)


def _body_children(xml: IO[bytes]) -> Iterator[Any]:
    """The children of w:body, each complete when yielded and discarded afterwards."""
    depth = 0
    for event, elem in etree.iterparse(xml, events=("start", "end"), remove_blank_text=True,
                                       resolve_entities=False, no_network=True, load_dtd=False):
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if depth == 2:            # w:document > w:body > this
            yield elem
            elem.clear()
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]


def _parts(zf: zipfile.ZipFile, name: str) -> tuple[Any, Any]:
    """The root elements of the numbering and styles parts of a .docx (None where there is none)."""
    targets = {"numbering": "word/numbering.xml", "styles": "word/styles.xml"}
    members = {i.filename: i for i in zf.infolist()}
    rels = members.get("word/_rels/document.xml.rels")
    if rels is not None and rels.file_size <= MAX_PART_BYTES:
        root = etree.fromstring(zf.read(rels), _parser())
        for rel in root:
            kind = str(rel.get("Type", "")).rsplit("/", 1)[-1]
            target = str(rel.get("Target", ""))
            if kind in targets and rel.get("TargetMode") != "External":
                targets[kind] = target.lstrip("/") if target.startswith("/") else posixpath.normpath("word/" + target)
    out: list[Any] = []
    for kind in ("numbering", "styles"):
        info = members.get(targets[kind])
        if info is None:
            out.append(None)
            continue
        if info.file_size > MAX_PART_BYTES:
            raise InputError(f"{name}: refused: {info.filename} inflates to {info.file_size // MiB} MB "
                             f"(limit {MAX_PART_BYTES // MiB} MB)")
        out.append(etree.fromstring(zf.read(info), _parser()))
    return out[0], out[1]


def _check_head(fh: BinaryIO, name: str) -> None:
    head = read_head(fh, 8)
    if not head:
        raise InputError(f"{name}: empty file")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{name}: encrypted (password-protected) Word file or an old .doc file; save it as an "
                         "unprotected .docx")
    if not head.startswith(b"PK"):
        raise InputError(f"{name}: not a Word .docx file (no zip container)")
    size = file_size(fh)
    if size > MAX_DOCUMENT_BYTES:
        raise refuse_size(name, size, MAX_DOCUMENT_BYTES, "a Word report")


def _check_container(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if len(infos) > 5000 or total > MAX_UNCOMPRESSED or any(
            i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 10 * 1024 * 1024
            for i in infos):
        raise InputError(f"{name}: refused: the .docx inflates to {total // (1024 * 1024)} MB "
                         f"(limit {MAX_UNCOMPRESSED // (1024 * 1024)} MB) or is packed suspiciously (zip bomb?)")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise InputError(f"{name}: not a Word document (no word/document.xml)")
    bad = zf.testzip()
    if bad is not None:
        raise InputError(f"{name}: the .docx is damaged ({bad} fails its checksum)")


def _para_text(p: Any) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append(" ")
    return _ZERO_WIDTH.sub("", "".join(parts)).replace("\n", " ")


def _table(tbl: Any, index: int, offset: int) -> tuple[TableData, list[str]]:
    """Render a table as one tab-separated line per row; cells remember their grid place and offsets."""
    cells: list[CellData] = []
    rows: list[str] = []
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr"), start=1):
        col = 1
        line = ""
        for tc in tr.iterchildren(f"{_W}tc"):
            span = 1
            pr = tc.find(f"{_W}tcPr")
            if pr is not None:
                gs = pr.find(f"{_W}gridSpan")
                if gs is not None:
                    span = _int(gs.get(f"{_W}val"), 1, 1, MAX_GRID_SPAN)
            text = " ".join(_para_text(p) for p in tc.iterchildren(f"{_W}p")).strip().replace("\t", " ")
            if line:
                line += "\t"
            start = offset + len(line)
            line += text
            cells.append(CellData(row=r, col=col, text=text, start=start, end=start + len(text), colspan=span))
            col += span
        rows.append(line)
        offset += len(line) + 1
    start = cells[0].start if cells else offset
    return TableData(index=index, cells=tuple(cells), start=start, end=offset), rows


class _Numbering:
    """Word's automatic numbering (numbering.xml): the number a reader sees before a paragraph."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        """From the root elements of the numbering and styles parts (None where there is none)."""
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}   # numId -> ilvl -> (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}
        if styles is not None:
            self._styles(styles)
        if numbering is None:
            return
        root = numbering
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iterchildren(f"{_W}abstractNum"):
            lv = {}
            for lvl in an.iterchildren(f"{_W}lvl"):
                ilvl = _int(lvl.get(f"{_W}ilvl"), 0, 0, 1000)
                fmt = _val(lvl, "numFmt") or "decimal"
                text = _val(lvl, "lvlText") or ""
                start = _int(_val(lvl, "start"), 1, 0, 32767)
                lv[ilvl] = (fmt, text, start)
            abstract[an.get(f"{_W}abstractNumId", "")] = lv
        for num in root.iterchildren(f"{_W}num"):
            aid = _val(num, "abstractNumId") or ""
            levels = dict(abstract.get(aid, {}))
            for override in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = _int(override.get(f"{_W}ilvl"), 0, 0, 1000)
                override_start = _val(override, "startOverride")
                fmt, text, old_start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
                levels[ilvl] = (fmt, text, _int(override_start, old_start, 0, 32767))
            self.levels[num.get(f"{_W}numId", "")] = levels

    @classmethod
    def of(cls, document: Any) -> _Numbering:
        """From a python-docx Document."""
        try:
            numbering = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part: nothing is numbered automatically
            numbering = None
        return cls(numbering, document.styles.element)

    def _styles(self, styles: Any) -> None:
        for style in styles.iterchildren(f"{_W}style"):
            ppr = style.find(f"{_W}pPr")
            num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
            if num_pr is not None:
                self.styles[style.get(f"{_W}styleId", "")] = (_val(num_pr, "numId") or "",
                                                               _int(_val(num_pr, "ilvl"), 0, 0, 1000))

    def prefix(self, p: Any) -> str:
        ppr = p.find(f"{_W}pPr")
        num_id, ilvl = "", 0
        if ppr is not None:
            num_pr = ppr.find(f"{_W}numPr")
            if num_pr is not None:
                num_id, ilvl = _val(num_pr, "numId") or "", _int(_val(num_pr, "ilvl"), 0, 0, 1000)
            elif ppr.find(f"{_W}pStyle") is not None:
                num_id, ilvl = self.styles.get(_val(ppr, "pStyle") or "", ("", 0))
        levels = self.levels.get(num_id)
        if not num_id or num_id == "0" or not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        _fmt, text, start = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        out = text
        for k in range(9):
            if f"%{k + 1}" in out:
                kfmt, _t, kstart = levels.get(k, ("decimal", "", 1))
                out = out.replace(f"%{k + 1}", _format(counters.get(k, kstart), kfmt))
        return out


def _val(node: Any, tag: str) -> str | None:
    child = node.find(f"{_W}{tag}")
    return None if child is None else child.get(f"{_W}val")


def _int(value: str | None, default: int, lo: int, hi: int) -> int:
    """A number attribute of Word's XML; a missing or malformed one (gridSpan="two") is its default, and a
    number out of Word's own range is brought into it."""
    try:
        n = int(str(value).strip()[:12]) if value is not None else default
    except ValueError:
        return default
    return min(max(n, lo), hi)


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting",
               "taiwaneseCounting", "chineseLegalSimplified"):
        return _cn(n)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[n - 1] if 0 < n <= 20 else str(n)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return str(n)


def _cn(n: int) -> str:
    assert set(CN_DIGITS) >= set(_CN)
    if n <= 10:
        return "十" if n == 10 else _CN[n]
    if n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (_CN[tens] if tens > 1 else "") + "十" + (_CN[ones] if ones else "")


def write_fixed_docx(path: Path, target: Path, fixes: list[tuple[int, int, str]],
                     read: Snapshot | None = None) -> list[tuple[int, int, str]]:
    """Save a copy of a .docx with text replacements applied. ``fixes`` are (start, end, new text) in the text
    read_docx produced; a replacement is applied only inside a paragraph's own text runs (never across a
    tab, a break, Word's list number or a table cell). Returns the replacements applied, in text order.

    ``target`` is created by temp file and rename (a link or special file there is refused); with ``read``,
    a source that changed since it was read is refused."""
    import docx

    from auditor.safewrite import unchanged, write_new_copy
    document = docx.Document(str(path))
    numbering = _Numbering.of(document)
    offset = 0
    pending = sorted(fixes, key=lambda f: f[0])
    applied: list[tuple[int, int, str]] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            prefix = numbering.prefix(child)
            text = prefix + _para_text(child)
            para_start = offset + len(prefix)
            inside = [f for f in pending if offset <= f[0] and f[1] <= offset + len(text)]
            for start, end, new in sorted(inside, key=lambda f: -f[0]):   # from the end: offsets stay valid
                if start >= para_start and _replace_in_runs(child, start - para_start, end - para_start, new):
                    applied.append((start, end, new))
            offset += len(text) + 1
        elif child.tag == f"{_W}tbl":
            _table_data, rows = _table(child, 0, offset)
            offset += sum(len(r) + 1 for r in rows)
    check = (lambda: unchanged(str(path), read, str(path))) if read is not None else None
    write_new_copy(str(target), document.save, check)
    return sorted(applied)


def _replace_in_runs(p: Any, start: int, end: int, new: str) -> bool:
    """Replace characters [start, end) of a paragraph's text, editing only its w:t text nodes."""
    pos = 0
    nodes: list[tuple[Any, int]] = []    # (w:t node, its start offset)
    for node in p.iter():
        if node.tag == f"{_W}t":
            nodes.append((node, pos))
            pos += len(node.text or "")
        elif node.tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            if start <= pos < end:
                return False            # the range crosses a tab or a break: leave it
            pos += 1
    touched = [(n, s) for n, s in nodes if s < end and s + len(n.text or "") > start or (start == end == s)]
    if not touched:
        return False
    first, first_start = touched[0]
    last, last_start = touched[-1]
    head = (first.text or "")[:start - first_start]
    tail = (last.text or "")[end - last_start:]
    for n, _s in touched[1:]:
        n.text = ""
    first.text = head + new + (tail if last is first else "")
    if last is not first:
        last.text = tail
    first.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return True
