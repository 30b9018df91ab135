"""Tests for auditor.sources: decoding, binary/empty/missing detection, dispatch and discovery."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from auditor.errors import AuditorError, InputError
from auditor.normalize import normalize
from auditor.sources import SourceText, decode_bytes, discover, load, read_text_file
from auditor.spans import LineIndex

REPORT = "2024年度部门整体支出绩效自评报告\n一、部门基本情况\n年初预算数为38，194.07万元，执行率９８％。\n"


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _error(tmp: Path, data: bytes, name: str = "r.txt") -> str:
    p = _write(tmp / name, data)
    with pytest.raises(InputError) as info:
        load(p)
    msg = str(info.value)
    assert "\n" not in msg and "Traceback" not in msg
    assert isinstance(info.value, AuditorError)
    return msg


# --- decoding ------------------------------------------------------------------------------------------

def test_utf8_without_bom(tmp_path: Path) -> None:
    p = _write(tmp_path / "a.txt", REPORT.encode("utf-8"))
    src = load(p)
    assert isinstance(src, SourceText)
    assert (src.text, src.encoding, src.path) == (REPORT, "utf-8", str(p))


def test_utf8_with_bom_stripped(tmp_path: Path) -> None:
    p = _write(tmp_path / "a.txt", codecs.BOM_UTF8 + REPORT.encode("utf-8"))
    src = load(str(p))
    assert src.text == REPORT and not src.text.startswith("\ufeff")
    assert src.encoding == "utf-8-sig"
    assert src.path == str(p)


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
def test_gb_family_decoded_as_gb18030(tmp_path: Path, codec: str) -> None:
    p = _write(tmp_path / "gb.txt", REPORT.encode(codec))
    src = load(p)
    assert src.text == REPORT
    assert src.encoding == "gb18030"


@pytest.mark.parametrize(("bom", "codec"), [
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_utf16_utf32_with_bom(tmp_path: Path, bom: bytes, codec: str) -> None:
    text = REPORT.replace("\n", "\r\n")
    p = _write(tmp_path / "u.txt", bom + text.encode(codec))
    src = load(p)
    assert src.text == text
    assert src.encoding == codec


def test_utf16_le_bom_followed_by_nul_char() -> None:
    body = "\x00" + "预算报告正文" * 20       # one NUL char: well under the 2% control-character limit
    text, enc = decode_bytes(codecs.BOM_UTF16_LE + body.encode("utf-16-le"))
    assert enc == "utf-16-le" and text.startswith("\x00预算")


def test_crlf_and_cr_line_ends_untouched(tmp_path: Path) -> None:
    text = "标题\r\n一、概况\r（一）人员\n合计１，０００元"
    p = _write(tmp_path / "crlf.txt", text.encode("utf-8"))
    src = load(p)
    assert src.text == text
    lines = LineIndex(src.text)
    assert lines.line_count == 4
    assert [lines.line_text(i) for i in range(1, 5)] == ["标题", "一、概况", "（一）人员", "合计１，０００元"]
    assert lines.position(src.text.index("概况")) == (2, 3)
    assert lines.position(src.text.index("人员")) == (3, 4)
    assert lines.position(src.text.index("元")) == (4, 8)
    norm = normalize(src.text)
    assert norm.text == "标题\n一、概况\n（一）人员\n合计1,000元"
    i = norm.text.index("1,000")
    span = norm.offsets.span(i, i + 5)
    assert src.text[span.start:span.end] == "１，０００"
    assert lines.position(span.start) == (4, 3)


def test_decode_bytes_directly() -> None:
    assert decode_bytes("报告".encode("gbk")) == ("报告", "gb18030")
    assert decode_bytes(b"report\n") == ("report\n", "utf-8")
    with pytest.raises(InputError, match=r"^<bytes>: empty file$"):
        decode_bytes(b"")


# --- errors --------------------------------------------------------------------------------------------

def test_binary_nul_bytes(tmp_path: Path) -> None:
    msg = _error(tmp_path, b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "x.txt")
    assert msg == f"{tmp_path / 'x.txt'}: not a text report (binary data)"


def test_binary_control_characters(tmp_path: Path) -> None:
    data = ("报告" * 20 + "\x01\x02\x03\x1b" * 5).encode("utf-8")
    assert _error(tmp_path, data).endswith(": not a text report (binary data)")


def test_few_control_characters_allowed(tmp_path: Path) -> None:
    text = "报告正文" * 100 + "\x0b\x1b" + "\t\f\n"
    p = _write(tmp_path / "ok.txt", text.encode("utf-8"))
    assert load(p).text == text


def test_undecodable_bytes(tmp_path: Path) -> None:
    msg = _error(tmp_path, "报告".encode() + b"\x80\xff\x80abc")
    assert msg == f"{tmp_path / 'r.txt'}: cannot decode text (tried UTF-8, GB18030)"


def test_bad_utf16_after_bom(tmp_path: Path) -> None:
    msg = _error(tmp_path, codecs.BOM_UTF16_LE + b"\x00\xd8a")   # lone surrogate, odd length
    assert "cannot decode text" in msg


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n", codecs.BOM_UTF8, "\u3000\n".encode("utf-8")])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert _error(tmp_path, data) == f"{tmp_path / 'r.txt'}: empty file"


def test_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=r"nope\.txt: no such file$"):
        load(p)
    with pytest.raises(InputError, match="no such file"):
        read_text_file(p)


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load(tmp_path)
    assert str(info.value).startswith(str(tmp_path) + ": ")
    assert "\n" not in str(info.value)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = _write(tmp_path / "locked.txt", b"x")

    def deny(name: str, flags: int, *args: object) -> int:   # root can read anything: the refusal is simulated
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr("auditor.sources.files.os.open", deny)
    with pytest.raises(InputError, match="permission denied"):
        load(p)


@pytest.mark.parametrize(("suffix", "message"), [
    (".docx", "the .docx is truncated or damaged (bad zip file)"),
    (".DOCX", "the .docx is truncated or damaged (bad zip file)"),
    (".doc", "old Word .doc files are not supported; save the report as .docx"),
])
def test_word_files_that_cannot_be_read(tmp_path: Path, suffix: str, message: str) -> None:
    p = _write(tmp_path / f"r{suffix}", b"PK\x03\x04")
    with pytest.raises(InputError) as info:
        load(p)
    assert str(info.value) == f"{p}: {message}"


@pytest.mark.parametrize("name", ["r.md", "r.csv", "r.text", "README", "r.log"])
def test_other_suffixes_read_as_text(tmp_path: Path, name: str) -> None:
    p = _write(tmp_path / name, REPORT.encode("utf-8"))
    assert load(p).text == REPORT


# --- discovery -----------------------------------------------------------------------------------------

def _tree(root: Path) -> None:
    for rel in ["b.txt", "a.TXT", "sub/c.txt", "sub/deeper/d.text", "sub/notes.md", ".hidden.txt",
                ".git/e.txt", "sub/.cache/f.txt", "z-dir/g.txt", "z/h.txt"]:
        _write(root / rel, b"x")


def test_discover_directory_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    _tree(tmp_path)
    got = discover([str(tmp_path)])
    rel = [os.path.relpath(p, tmp_path) for p in got]
    assert rel == ["a.TXT", "b.txt", os.path.join("sub", "c.txt"), os.path.join("sub", "deeper", "d.text"),
                   os.path.join("z", "h.txt"), os.path.join("z-dir", "g.txt")]
    assert all(p.startswith(str(tmp_path)) for p in got)


def test_discover_keeps_explicit_files_and_order_and_dedups(tmp_path: Path) -> None:
    _tree(tmp_path)
    notes = str(tmp_path / "sub" / "notes.md")
    hidden = str(tmp_path / ".hidden.txt")
    sub = str(tmp_path / "sub")
    c = str(tmp_path / "sub" / "c.txt")
    got = discover([notes, hidden, c, sub, notes])
    assert got == [notes, hidden, c, os.path.join(sub, "deeper", "d.text")]


def test_discover_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing")
    with pytest.raises(InputError) as info:
        discover([missing])
    assert str(info.value) == f"{missing}: no such file or directory"


def test_discover_directory_without_reports(tmp_path: Path) -> None:
    _write(tmp_path / "only.md", b"x")
    _write(tmp_path / ".hid" / "x.txt", b"x")
    with pytest.raises(InputError) as info:
        discover([str(tmp_path)])
    assert str(info.value) == f"{tmp_path}: no report files (*.txt, *.docx, *.pdf) found in directory"


def test_discover_relative_paths_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert discover(["sub", "b.txt", "./b.txt"]) == [os.path.join("sub", "c.txt"),
                                                     os.path.join("sub", "deeper", "d.text"), "b.txt"]
    assert discover(["."])[0] == os.path.join(".", "a.TXT")
