"""Word (.docx) reports: paragraphs in order with Word's automatic list numbers rendered, and tables."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.errors import InputError
from auditor.sources.txt import CellData, SourceText, TableData
from auditor.structure import CN_DIGITS

if TYPE_CHECKING:
    from auditor.safewrite import Snapshot

MAX_UNCOMPRESSED = 200 * 1024 * 1024      # a .docx that inflates beyond this is refused (zip bomb)
MAX_RATIO = 200                           # nor may one member inflate more than this many times
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\r]")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN = "零一二三四五六七八九"


def read_docx(path: Path) -> SourceText:
    """Read a .docx report, or raise InputError with one line saying why it cannot be read."""
    name = str(path)
    _check_container(path, name)
    try:
        import docx
        document = docx.Document(name)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on damaged files
        raise InputError(f"{name}: cannot read the Word file ({type(exc).__name__}: {str(exc)[:80]})") from None
    numbering = _Numbering(document)
    lines: list[str] = []
    tables: list[TableData] = []
    offset = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            text = numbering.prefix(child) + _para_text(child)
            lines.append(text)
            offset += len(text) + 1
        elif tag == f"{_W}tbl":
            table, rows = _table(child, len(tables) + 1, offset)
            tables.append(table)
            lines.extend(rows)
            offset += sum(len(r) + 1 for r in rows)
    text = "\n".join(lines) + "\n"
    if not text.strip():
        raise InputError(f"{name}: the Word file contains no text")
    return SourceText(path=name, text=text, encoding="docx", tables=tuple(tables))


def _check_container(path: Path, name: str) -> None:
    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror or 'cannot read'}".lower()) from None
    if not head:
        raise InputError(f"{name}: empty file")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{name}: encrypted (password-protected) Word file or an old .doc file; save it as an "
                         "unprotected .docx")
    if not head.startswith(b"PK"):
        raise InputError(f"{name}: not a Word .docx file (no zip container)")
    try:
        with zipfile.ZipFile(path) as zf:
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
    except zipfile.BadZipFile:
        raise InputError(f"{name}: the .docx is truncated or damaged (bad zip file)") from None


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
                    span = int(gs.get(f"{_W}val", "1") or 1)
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

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}   # numId -> ilvl -> (fmt, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part: nothing is numbered automatically
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iterchildren(f"{_W}abstractNum"):
            lv = {}
            for lvl in an.iterchildren(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = _val(lvl, "numFmt") or "decimal"
                text = _val(lvl, "lvlText") or ""
                start = int(_val(lvl, "start") or "1")
                lv[ilvl] = (fmt, text, start)
            abstract[an.get(f"{_W}abstractNumId", "")] = lv
        for num in root.iterchildren(f"{_W}num"):
            aid = _val(num, "abstractNumId") or ""
            levels = dict(abstract.get(aid, {}))
            for override in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                override_start = _val(override, "startOverride")
                fmt, text, old_start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
                levels[ilvl] = (fmt, text, int(override_start) if override_start is not None else old_start)
            self.levels[num.get(f"{_W}numId", "")] = levels
        for style in document.styles.element.iterchildren(f"{_W}style"):
            ppr = style.find(f"{_W}pPr")
            num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
            if num_pr is not None:
                self.styles[style.get(f"{_W}styleId", "")] = (_val(num_pr, "numId") or "",
                                                               int(_val(num_pr, "ilvl") or "0"))

    def prefix(self, p: Any) -> str:
        ppr = p.find(f"{_W}pPr")
        num_id, ilvl = "", 0
        if ppr is not None:
            num_pr = ppr.find(f"{_W}numPr")
            if num_pr is not None:
                num_id, ilvl = _val(num_pr, "numId") or "", int(_val(num_pr, "ilvl") or "0")
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
    tens, ones = divmod(n, 10)
    return (_CN[tens] if tens > 1 else "") + "十" + (_CN[ones] if ones else "")


def write_fixed_docx(path: Path, target: Path, fixes: list[tuple[int, int, str]], read: Snapshot | None = None) -> int:
    """Save a copy of a .docx with text replacements applied. ``fixes`` are (start, end, new text) in the text
    read_docx produced; a replacement is applied only inside a paragraph's own text runs (never across a
    tab, a break, Word's list number or a table cell). Returns how many were applied.

    ``target`` is created by temp file and rename (a link or special file there is refused); with ``read``,
    a source that changed since it was read is refused."""
    import docx

    from auditor.safewrite import unchanged, write_new_copy
    document = docx.Document(str(path))
    numbering = _Numbering(document)
    offset = 0
    pending = sorted(fixes, key=lambda f: f[0])
    applied = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            prefix = numbering.prefix(child)
            text = prefix + _para_text(child)
            para_start = offset + len(prefix)
            inside = [f for f in pending if offset <= f[0] and f[1] <= offset + len(text)]
            for start, end, new in sorted(inside, key=lambda f: -f[0]):   # from the end: offsets stay valid
                if start >= para_start and _replace_in_runs(child, start - para_start, end - para_start, new):
                    applied += 1
            offset += len(text) + 1
        elif child.tag == f"{_W}tbl":
            _table_data, rows = _table(child, 0, offset)
            offset += sum(len(r) + 1 for r in rows)
    check = (lambda: unchanged(str(path), read, str(path))) if read is not None else None
    write_new_copy(str(target), document.save, check)
    return applied


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
