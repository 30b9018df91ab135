"""Hostile inputs and batches (issue 9, items 6, 8, 12, 13): special files, huge and inflating documents,
a million findings, a batch with a killed worker, malformed Word tables, huge numbers, UTF-16 without a BOM."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
import zipfile
import zlib
from pathlib import Path

from . import Case

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "000_5b27a47f95f91fcd.txt"
MiB = 1024 * 1024
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')


def _out(proc: subprocess.CompletedProcess[bytes]) -> str:
    return (proc.stdout + proc.stderr).decode("utf-8", "replace")


def _expect(*words: str):
    """A verify: the output holds every word, no traceback (and the error is one line)."""
    def verify(_folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
        out = _out(proc)
        if "Traceback" in out or "internal error" in out:
            return "internal error: " + out[-300:]
        missing = [w for w in words if w not in out]
        return f"missing {missing!r} in: {out[-300:]!r}" if missing else None
    return verify


def docx_bytes(body: str | bytes, level: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal .docx whose body is ``body`` (w:p / w:tbl elements)."""
    from io import BytesIO
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>'.encode()
    xml = head + (body.encode() if isinstance(body, str) else body) + b"</w:body></w:document>"
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", level) as zf:
        zf.writestr("[Content_Types].xml", _TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


def pdf_bytes(streams: list[tuple[bytes, str]]) -> bytes:
    """A one-page PDF whose content is the given (data, filter) streams, with a correct xref."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
             "/Contents [" + " ".join(f"{5 + i} 0 R" for i in range(len(streams))) + "] >>").encode(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for data, filt in streams:
        f = f" /Filter /{filt}" if filt else ""
        objs.append(f"<< /Length {len(data)}{f} >>\nstream\n".encode() + data + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _zeros_deflated(size: int) -> bytes:
    """``size`` zero bytes, deflated (about size / 1030 bytes), made in small steps."""
    c = zlib.compressobj(9)
    block = bytes(MiB)
    parts = [c.compress(block) for _ in range(size // MiB)]
    parts.append(c.compress(bytes(size % MiB)))
    parts.append(c.flush())
    return b"".join(parts)


# --- item 8: special files ------------------------------------------------------------------------

def _fifo(folder: Path, full: bool) -> list[str]:
    os.mkfifo(folder / "report.txt")
    return ["lint", "report.txt"]


def _dev_zero(folder: Path, full: bool) -> list[str]:
    (folder / "report.txt").symlink_to("/dev/zero")
    return ["lint", "report.txt"]


# --- item 12: sizes, inflation, extracted text ------------------------------------------------------

def _sparse_pdf(folder: Path, full: bool) -> list[str]:
    with (folder / "report.pdf").open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate((3 * 1024 if full else 150) * MiB)    # sparse: no disk used
    return ["lint", "report.pdf"]


def _sparse_docx(folder: Path, full: bool) -> list[str]:
    with (folder / "report.docx").open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate((3 * 1024 if full else 150) * MiB)
    return ["lint", "report.docx"]


def _flate_bomb(folder: Path, full: bool) -> list[str]:
    data = _zeros_deflated((2048 if full else 64) * MiB)
    (folder / "report.pdf").write_bytes(pdf_bytes([(data, "FlateDecode")]))
    return ["lint", "report.pdf"]


def _big_docx_text(folder: Path, full: bool) -> list[str]:
    """A .docx of text that passes the zip-bomb check (about 38 MB, 190 MB of XML at full size) but whose
    text is more than 20 MB."""
    rng = random.Random(9)
    chars = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 12))
    pool = ["<w:p><w:r><w:t>" + "".join(rng.choices(chars, k=100)) + "</w:t></w:r></w:p>" for _ in range(3000)]
    target = (190 if full else 24) * MiB
    parts: list[bytes] = []
    size = 0
    while size < target:
        p = pool[rng.randrange(len(pool))].encode()
        parts.append(p)
        size += len(p)
    (folder / "report.docx").write_bytes(docx_bytes(b"".join(parts)))
    return ["lint", "report.docx"]


# --- item 6: batches and workers ------------------------------------------------------------------------

def _batch(folder: Path, full: bool) -> list[str]:
    """2,000 short reports (one in three with a wrong percentage), linted with two workers."""
    reports = folder / "reports"
    reports.mkdir()
    for i in range(2000 if full else 200):
        pct = "1.95" if i % 3 else "2.95"
        (reports / f"{i:05d}.txt").write_text(
            f"一、总体情况\n单位{i}：2024年项目支出为20,972.22万元，与2023年相比减少201.97万元，减少{pct}%。\n"
            "二、主要职能\n1、负责全县教育规划。\n2、负责教师管理。\n", encoding="utf-8")
    return ["lint", "--format", "json", "-j", "2", "-o", "out.json", "reports"]


def _processes() -> tuple[dict[int, int], dict[int, list[bytes]]]:
    """Parent and command line of every live process (zombies and the resource tracker left out)."""
    parents: dict[int, int] = {}
    commands: dict[int, list[bytes]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                cmd = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if ") Z " not in stat and not any(b"resource_tracker" in c for c in cmd):
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
                commands[int(entry)] = cmd
    return parents, commands


def _auditor_and_workers(pid: int) -> tuple[int | None, list[int]]:
    """The auditor process at or below ``pid`` (the first ``python -m auditor`` going down: a wrapper such as
    taskset may stand above it) and its worker processes."""
    parents, commands = _processes()
    level = [pid]
    while level:
        main = next((p for p in level if commands.get(p, [])[1:3] == [b"-m", b"auditor"]), None)
        if main is not None:
            return main, [c for c, pp in parents.items() if pp == main]
        level = [c for c, pp in parents.items() if pp in level]
    return None, []


def _first_workers(proc: subprocess.Popen[bytes], seconds: float = 30) -> tuple[int, list[int]]:
    stop = time.monotonic() + seconds
    while proc.poll() is None and time.monotonic() < stop:
        main, pids = _auditor_and_workers(proc.pid)
        if main is not None and pids:
            return main, pids
        time.sleep(0.005)
    return 0, []


def _kill_a_worker(proc: subprocess.Popen[bytes], folder: Path) -> None:
    _main, pids = _first_workers(proc)
    if pids:
        time.sleep(0.05)                     # let it start on its files
        os.kill(pids[-1], signal.SIGKILL)
        (folder / "killed.txt").write_text(str(pids[-1]))


def _batch_survives(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    import json
    if not (folder / "killed.txt").exists():
        return "no worker was killed (the batch ended first?)"
    try:
        files = json.loads((folder / "out.json").read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError) as exc:
        return f"no output: {exc}; {_out(proc)[-300:]}"
    expected = sorted(p.name for p in (folder / "reports").iterdir())
    if [Path(f["path"]).name for f in files] != expected:
        return f"{len(files)} results for {len(expected)} files, or out of order"
    bad = [f["error"] for f in files if f["error"] is not None and not f["error"].endswith("worker died while linting "
                                                                                          "this file")]
    died = sum(1 for f in files if f["error"] is not None) - len(bad)
    return f"errors: {bad[:3]}" if bad else (f"{died} files marked failed" if died > 4 else None)


def _terminate(proc: subprocess.Popen[bytes], folder: Path) -> None:
    main, pids = _first_workers(proc)
    if pids:
        (folder / "workers.txt").write_text(" ".join(map(str, pids)))
        time.sleep(0.05)
        os.kill(main, signal.SIGTERM)


def _no_orphans(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    if not (folder / "workers.txt").exists():
        return "no worker seen (the batch ended first?)"
    pids = [int(p) for p in (folder / "workers.txt").read_text().split()]
    stop = time.monotonic() + 5
    while time.monotonic() < stop:
        alive = [p for p in pids if Path(f"/proc/{p}").exists()
                 and ") Z " not in Path(f"/proc/{p}/stat").read_text(errors="replace")]
        if not alive:
            return None
        time.sleep(0.05)
    return f"workers still running after SIGTERM: {alive}"


def _million_findings(folder: Path, full: bool) -> list[str]:
    """One report with a different badly grouped figure on each line: as many findings as a report can hold
    (the probe's million needs more figures than the model's limit of 60,000 admits: such a report is now
    refused in one line; the same figure repeated would be one finding naming its other places)."""
    n = 59_000 if full else 1500
    (folder / "report.txt").write_text("一、总体情况\n" + "".join(f"1,{10_000 + i}.85元\n" for i in range(n)),
                                       encoding="utf-8")
    return ["lint", "--no-color", "report.txt"]


def _capped(_folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    out = proc.stdout.decode("utf-8", "replace")
    heads = sum(1 for line in out.splitlines() if line.startswith("report.txt:") and "] " in line)
    if "more findings not shown" not in out and "个问题未显示" not in out:      # English or Chinese (the default)
        return "no '… and N more findings' line: " + out[-300:]
    return f"{heads} findings shown (limit 1000)" if heads > 1000 else None


# --- item 13: clear messages --------------------------------------------------------------------------

def _grid_span(folder: Path, full: bool) -> list[str]:
    rows = "".join(f"<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"{v}\"/></w:tcPr><w:p><w:r><w:t>项目{i}</w:t></w:r>"
                   f"</w:p></w:tc><w:tc><w:p><w:r><w:t>{i}万元</w:t></w:r></w:p></w:tc></w:tr>"
                   for i, v in enumerate(["two", "", "1e3", "-4", "99999999999999999999"]))
    (folder / "report.docx").write_bytes(docx_bytes(f"<w:p><w:r><w:t>一、表格</w:t></w:r></w:p><w:tbl>{rows}</w:tbl>"))
    return ["lint", "--format", "json", "report.docx"]


def _long_numbers(folder: Path, full: bool) -> list[str]:
    n = 1000 if full else 300
    digits = "9" * n
    text = (f"一、总体情况\n年度预算{digits}万元，实际支出{digits}.5万元，执行率{digits}%。\n"
            f"合计{'1' * n}元，其中基本支出{'1' * (n - 1)}元、项目支出{'1' * (n - 2)}元。\n"
            f"较上年增长{'8' * n}%，增加{'7' * n}万元。\n")
    (folder / "report.txt").write_text(text, encoding="utf-8")
    return ["lint", "--format", "json", "report.txt"]


def _utf16_no_bom(folder: Path, full: bool) -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    (folder / "le.txt").write_bytes(text.encode("utf-16-le"))
    (folder / "be.txt").write_bytes(text.encode("utf-16-be"))
    return ["lint", "--format", "json", "le.txt", "be.txt"]


def _no_errors(_folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    import json
    out = _out(proc)
    if "Traceback" in out or "internal error" in out:
        return "internal error: " + out[-300:]
    try:
        files = json.loads(proc.stdout)["files"]
    except ValueError:
        return "no JSON output: " + out[-300:]
    bad = [f["error"] for f in files if f["error"] is not None]
    return f"errors: {bad}" if bad else None


CASES: list[Case] = [
    Case("fifo-named-txt", 8, _fifo, frozenset({2}), _expect("named pipe", "not a regular file"), max_seconds=5),
    Case("symlink-to-dev-zero", 8, _dev_zero, frozenset({2}), _expect("character device"), max_seconds=5),
    Case("pdf-3gb-sparse", 12, _sparse_pdf, frozenset({2}), _expect("refused", "limit 100 MB")),
    Case("docx-3gb-sparse", 12, _sparse_docx, frozenset({2}), _expect("refused", "limit 100 MB")),
    Case("pdf-flate-bomb", 12, _flate_bomb, frozenset({2}), _expect("refused", "flate bomb")),
    Case("docx-38mb-of-text", 12, _big_docx_text, frozenset({2}), _expect("refused", "limit 20 MB")),
    Case("batch-2000-killed-worker", 6, _batch, frozenset({0, 1, 2}), _batch_survives, during=_kill_a_worker),
    Case("batch-sigterm-no-orphans", 6, _batch, frozenset({143}), _no_orphans, during=_terminate),
    Case("most-findings-in-text", 12, _million_findings, frozenset({1}), _capped),
    Case("docx-gridspan-not-a-number", 13, _grid_span, frozenset({0, 1}), _no_errors),
    Case("numbers-over-200-digits", 13, _long_numbers, frozenset({0, 1}), _no_errors),
    Case("utf16-without-bom", 13, _utf16_no_bom, frozenset({0, 1}), _no_errors),
]
