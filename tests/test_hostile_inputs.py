"""Hostile inputs and batches (issue 9, items 6, 8, 12, 13): the benchmark cases at reduced size, and the
mechanisms behind them (special files, read limits, inflation limits, streamed Word bodies, UTF-16, numbers)."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import threading
import time
import tracemalloc
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console

from auditor import batch
from auditor.arith import convert
from auditor.build import build_report
from auditor.cli import main
from auditor.engine import run_rules
from auditor.errors import InputError
from auditor.report import FileResult
from auditor.report.console import render_console
from auditor.rules import default_registry
from auditor.sources import decode_bytes, load
from auditor.sources.files import read_limited
from benchmarks.hostile_cases.inputs import docx_bytes, pdf_bytes

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures"


# The benchmark cases themselves run through the benchmark's own runner in tests/test_hostile.py.


# --- item 6: a dead worker does not lose the batch; SIGTERM stops the workers; -j is capped -----------------

_REAL_ONE = batch._one


def _dies_on_marked_files(path: str) -> FileResult:
    """Stands in for batch._one in the workers (they are forked: the patch reaches them)."""
    text = Path(path).read_text(encoding="utf-8")
    if "KILL-ME" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "EXIT-ME" in text:
        os._exit(3)
    if "SLOW" in text:
        Path(path + ".tmp").write_text(str(os.getpid()))
        os.replace(path + ".tmp", path + ".pid")          # whole when seen
        time.sleep(0.5)
    return _REAL_ONE(path)


def _batch_files(folder: Path, n: int, marks: dict[int, str]) -> list[str]:
    text = (FIX / "003_45e64f77cdb0a205.txt").read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(marks.get(i, "") + text, encoding="utf-8")
    return [str(folder / f"{i:03d}.txt") for i in range(n)]


@pytest.fixture
def forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the worker function is patched in forked workers")
    monkeypatch.setattr(batch, "_one", _dies_on_marked_files)


@pytest.mark.usefixtures("forked_workers")
def test_a_dead_worker_fails_only_its_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    files = _batch_files(tmp_path, 40, {5: "KILL-ME\n", 23: "EXIT-ME\n"})
    results = list(batch.lint_many(files, default_registry, {"profile": "auto"}, jobs=2))
    assert [r.path for r in results] == files
    assert results[5].error == f"{files[5]}: worker died while linting this file"
    assert results[23].error == f"{files[23]}: worker died while linting this file"
    good = [r for i, r in enumerate(results) if i not in (5, 23)]
    assert all(r.error is None for r in good)
    alone = list(batch.lint_many(files[:4], default_registry, {"profile": "auto"}, jobs=1))
    assert [r.findings for r in good[:4]] == [r.findings for r in alone]


@pytest.mark.usefixtures("forked_workers")
def test_sigterm_stops_the_workers(tmp_path: Path) -> None:
    files = _batch_files(tmp_path, 12, dict.fromkeys(range(12), "SLOW\n"))

    def terminate_when_working() -> None:
        stop = time.monotonic() + 30
        while time.monotonic() < stop and len({p.read_text() for p in tmp_path.glob("*.pid")}) < 2:
            time.sleep(0.01)                               # both workers busy
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=terminate_when_working, daemon=True).start()
    with pytest.raises(SystemExit) as info:
        list(batch.lint_many(files, default_registry, {"profile": "auto"}, jobs=2))
    assert info.value.code == 128 + signal.SIGTERM
    workers = {int(p.read_text()) for p in tmp_path.glob("*.pid")}
    assert len(workers) == 2
    for pid in workers:
        with pytest.raises(ProcessLookupError):    # stopped and reaped, not orphaned
            os.kill(pid, 0)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_jobs_are_capped_at_four_per_cpu(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "default_jobs", lambda: 2)
    assert batch.cap_jobs(8) == (8, None)
    assert batch.cap_jobs(500) == (8, "-j 500 capped at 8 (4 per CPU, 2 CPUs)")
    seen = []
    real = batch.lint_many
    monkeypatch.setattr(batch, "lint_many", lambda *a, **k: seen.append(a[3]) or real(*a, **k))
    main(["lint", "-j", "1000", "--format", "json", str(FIX / "003_45e64f77cdb0a205.txt")])
    assert seen == [8] and "auditor: -j 1000 capped at 8" in capsys.readouterr().err


# --- item 8: only regular files, sizes judged on the bytes read ------------------------------------------

@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf"])
def test_fifo_is_refused_without_blocking(tmp_path: Path, suffix: str) -> None:
    fifo = tmp_path / f"r{suffix}"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"refused: a named pipe \(FIFO\), not a regular file$"):
        load(fifo)


def test_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "r.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="refused: a character device, not a regular file"):
        load(link)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_the_limit_holds_on_the_bytes_read_not_the_size_claimed() -> None:
    # /proc files are regular files that say they are empty; the limit must still hold on what is read
    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(InputError, match=r"refused: more than 0 MB"):
        read_limited("/proc/self/maps", limit=64)
    assert read_limited("/proc/self/maps", limit=10 * 1024 * 1024)


# --- item 12: sizes, inflation, extracted text --------------------------------------------------------------

@pytest.mark.parametrize(("name", "head"), [("r.pdf", b"%PDF-1.4\n"), ("r.docx", b"PK\x03\x04")])
def test_a_huge_document_is_refused_by_its_size_having_read_its_first_bytes(tmp_path: Path, name: str,
                                                                              head: bytes) -> None:
    path = tmp_path / name
    with path.open("wb") as fh:
        fh.write(head)
        fh.truncate(150 * 1024 * 1024)          # sparse
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"refused: 150 MB is larger than a (PDF|Word) report can be "
                                             r"\(limit 100 MB\)"):
            load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024                   # the file was not read


def test_a_pdf_flate_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    c = zlib.compressobj(9)
    data = b"".join(c.compress(bytes(1024 * 1024)) for _ in range(48)) + c.flush()   # 48 MB of zeros
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_bytes([(data, "FlateDecode")]))
    assert path.stat().st_size < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"refused: a stream of the PDF inflates beyond 32 MB.*flate bomb"):
            load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024


def test_inflation_limits_hold_for_lzw_runlength_and_chained_filters(monkeypatch: pytest.MonkeyPatch) -> None:
    from pdfminer.lzw import lzwdecode as pdfminer_lzw
    from pdfminer.runlength import rldecode as pdfminer_rl

    from auditor.sources import pdfguard
    monkeypatch.setattr(pdfguard, "MAX_STREAM_BYTES", 1000)
    rl = bytes([1, 65, 66, 200, 67, 0, 68, 128])
    lzw = bytes.fromhex("800b6050220c0c8501")     # the LZW example of the PDF reference
    with pdfguard.bounded() as budget:
        assert pdfguard._runlength(rl) == pdfminer_rl(rl)
        assert pdfguard._lzw(lzw) == pdfminer_lzw(lzw)
        assert pdfguard._Zlib.decompress(zlib.compress(b"abc" * 300)) == b"abc" * 300
        with pytest.raises(zlib.error):
            pdfguard._Zlib.decompress(zlib.compress(b"abc")[:-6])       # truncated: as zlib.decompress
        assert not budget.exceeded
        with pytest.raises(pdfguard.InflateLimit):
            pdfguard._runlength(bytes([129, 0]) * 20)                   # 20 runs of 128 bytes
        assert budget.exceeded
    with pdfguard.bounded() as budget, pytest.raises(pdfguard.InflateLimit):
        pdfguard._Zlib.decompress(zlib.compress(bytes(1001)))
    with pdfguard.bounded() as budget:
        damaged = bytearray(zlib.compress(b"report " * 100))
        damaged[-1] ^= 0xFF                                               # a bad checksum: kept, as pdfminer does
        assert pdfguard._corrupted(bytes(damaged)) == b"report " * 100
        assert not budget.exceeded


def test_the_inflation_budget_is_per_document_and_only_inside_read_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.sources import pdfguard
    monkeypatch.setattr(pdfguard, "MAX_STREAM_BYTES", 1000)
    monkeypatch.setattr(pdfguard, "MAX_INFLATED_BYTES", 2500)
    stream = zlib.compress(bytes(900))
    with pdfguard.bounded() as budget:
        for _ in range(2):
            pdfguard._Zlib.decompress(stream)
        with pytest.raises(pdfguard.InflateLimit):
            pdfguard._Zlib.decompress(stream)          # 2,700 bytes in all
        assert budget.exceeded
    with pdfguard.bounded():
        pdfguard._Zlib.decompress(stream)              # a new document, a new budget
    for _ in range(5):
        pdfguard._Zlib.decompress(stream)              # outside read_pdf: only the limit per stream


@pytest.mark.parametrize("name", ["docx/000_5b27a47f95f91fcd.docx", "pdf/000_5b27a47f95f91fcd.pdf"])
def test_extraction_stops_once_the_text_passes_the_limit(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    module = "docx" if name.endswith("docx") else "pdf"
    monkeypatch.setattr(f"auditor.sources.{module}.MAX_TEXT_BYTES", 2000)
    with pytest.raises(InputError, match=r"refused: the text of the (Word file|PDF) is larger than a report can be"):
        load(FIX / name)


def test_pdfs_read_as_before_under_the_guard() -> None:
    src = load(FIX / "pdf" / "000_5b27a47f95f91fcd.pdf")
    assert "一、" in src.text and src.pages and src.encoding == "pdf"


@pytest.mark.heavy
def test_the_text_of_a_word_file_is_held_to_the_text_limit(tmp_path: Path) -> None:
    para = "<w:p><w:r><w:t>" + "预算执行情况良好" * 40 + "</w:t></w:r></w:p>"
    paras = [para.replace("良好", f"良好{i}") for i in range(22_000)]   # ~21 MB of text, no zip bomb
    path = tmp_path / "big.docx"
    path.write_bytes(docx_bytes("".join(paras)))
    with pytest.raises(InputError, match=r"refused: the text of the Word file is larger than a report can be "
                                         r"\(limit 20 MB\)"):
        load(path)


def test_word_body_is_read_as_a_stream(tmp_path: Path) -> None:
    from auditor.sources import docx
    para = "<w:p><w:r><w:t>" + "预算" * 200 + "</w:t></w:r></w:p>"
    path = tmp_path / "r.docx"
    path.write_bytes(docx_bytes(para * 5000))               # 6 MB of XML
    seen = []
    real = docx._body_children

    def spy(xml):  # type: ignore[no-untyped-def]
        for child in real(xml):
            seen.append(len(child.getparent()))   # the body holds the current child and what the parser read ahead
            yield child

    docx._body_children = spy
    try:
        assert len(load(path).text) == 5000 * 401
    finally:
        docx._body_children = real
    assert max(seen) < 100


def _many_findings(n: int, path: str = "r.txt") -> FileResult:
    reg = default_registry()
    report = build_report(path, "一、总体情况\n1,7221.85元\n2,7221.85元\n3,7221.85元\n", reg.lexicon)
    found = run_rules(report, reg).findings
    assert len(found) == 3
    return FileResult(path=path, report=report, findings=(found * (n // 3 + 1))[:n])


def _render(results: list[FileResult]) -> str:
    buf = io.StringIO()
    render_console(results, Console(file=buf, no_color=True, width=120, highlight=False))
    return buf.getvalue()


def test_findings_shown_per_report_are_capped_and_the_rest_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.report import console
    calls = []
    real = console._finding
    monkeypatch.setattr(console, "_finding", lambda *a: calls.append(1) or real(*a))
    out = _render([_many_findings(200_000)])
    assert len(calls) == console.MAX_SHOWN == 1000
    assert "r.txt: … and 199000 more findings not shown (the first 1000 are; --format json lists all)" in out
    assert "Found 200000 findings (200000 error) in 1 file." in out


def test_many_findings_are_written_plainly_as_rich_would(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.report import console
    results = [_many_findings(40, "a.txt"), _many_findings(1, "b.txt")]
    rich_text = _render(results)
    monkeypatch.setattr(console, "PLAIN_ABOVE", 10)
    monkeypatch.setattr(console.Console, "print", None)        # a rich print now would fail ...
    monkeypatch.setattr(console, "_summary", lambda *a: None)  # ... so the summary is left out here
    plain = _render(results)
    assert plain == rich_text[:len(plain)] and plain.count("NUM001") == 41


# --- item 13: clear messages ---------------------------------------------------------------------------------

def test_a_non_numeric_grid_span_is_a_span_of_one(tmp_path: Path) -> None:
    row = ('<w:tr><w:tc><w:tcPr><w:gridSpan w:val="{}"/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>'
           '<w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>')
    body = "<w:tbl>" + "".join(row.format(v) for v in ("two", "", "3", "-1", "9" * 30)) + "</w:tbl>"
    path = tmp_path / "r.docx"
    path.write_bytes(docx_bytes(body))
    cells = load(path).tables[0].cells
    assert [c.colspan for c in cells if c.text == "a"] == [1, 1, 3, 1, 63]
    assert [c.col for c in cells if c.text == "b"] == [2, 2, 4, 2, 64]


def test_numbers_of_any_length_convert_exactly() -> None:
    big = Decimal("2" * 250)
    assert convert(big, "元", "元") == big
    assert convert(big, "万元", "元") == Decimal("2" * 250 + "0000")
    assert convert(Decimal("1" * 5000 + ".5"), "元", "亿元") == Decimal("1" * 4992 + "." + "1" * 8 + "5")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_text(encoding: str) -> None:
    text = (FIX / "000_5b27a47f95f91fcd.txt").read_text(encoding="utf-8")
    assert decode_bytes(text.encode(encoding)) == (text, encoding.replace("-16-", "-16"))
    assert decode_bytes("一二三\n1、预算100万元\n".encode(encoding))[0] == "一二三\n1、预算100万元\n"


def test_binary_data_with_nul_bytes_is_still_binary() -> None:
    for data in (bytes(range(256)) * 4, b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)),
                 bytes(b if i % 2 == 0 else 0 for i, b in enumerate(os.urandom(4000)))):
        with pytest.raises(InputError, match=r"binary data"):
            decode_bytes(data)
