"""Files, caches, configuration and the terminal (issue 9, items 1-5, 7, 13): a planted grammar cache, links and
special files at fix --write's output, edits during a run, read-only and linked reports, planted and escaping
configurations, terminal escapes, file names that are not UTF-8, write failures."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
import stat
import subprocess
import time
from pathlib import Path

from . import Case

ROOT = Path(__file__).resolve().parents[2]
WORD = ROOT / "fixtures" / "docx" / "004_8d8ec8480e5b97c3.docx"   # two certain corrections
FIXABLE = "一、基本情况\n（一）（一）预算执行\n拟投资1亿元新建学校新建学校项目。\n"      # certain corrections
FILLER = "本部门严格执行预算，各项支出均按规定程序审批，资金使用规范，未发现违规情况。\n"
HIDE_ALL = 'select = ["NUM001"]\nfail-on = "never"\n'     # a planted configuration: every report "All clear"
HOSTILE = "\x1b[8m\x1b]0;owned\x07\u202e\x9b2J\x7f"
RAW = ("\x1b", "\x07", "\u202e", "\x9b", "\x7f")


def _out(proc: subprocess.CompletedProcess[bytes]) -> str:
    return (proc.stdout + proc.stderr).decode("utf-8", "replace")


def _report(folder: Path, full: bool, name: str = "r.txt", lines: int = 2000) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FIXABLE + FILLER * (lines if full else 10), encoding="utf-8")
    return path


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".auditor-*")]


def _clean(words: tuple[str, ...], proc: subprocess.CompletedProcess[bytes]) -> str | None:
    out = _out(proc)
    if "Traceback" in out or "internal error" in out:
        return "internal error: " + out[-300:]
    missing = [w for w in words if w not in out]
    return f"output lacks {missing}: {out[-300:]}" if missing else None


# --- item 1: the grammar cache ------------------------------------------------------------------------------

class Plant:
    """A pickle that creates a marker file when anything loads it."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch '{self.marker}'",)


def old_cache_name(text: str, **options: object) -> str:
    """The name the removed disk cache gave a grammar (sha256 of text, options and lark's version)."""
    import lark
    stable = sorted((k, type(v).__name__ if k == "transformer" else repr(v)) for k, v in options.items())
    return f"grammar-{hashlib.sha256(repr((text, stable, lark.__version__)).encode()).hexdigest()[:20]}.lark"


def _cache(folder: Path, full: bool) -> list[str]:
    from auditor.parse import _Lines, grammar_text
    cache = folder / "cache" / "auditor"
    cache.mkdir(parents=True)
    payload = pickle.dumps(Plant(str(folder / "pwned")))
    expr = (ROOT / "auditor" / "dsl" / "expr.lark").read_text(encoding="utf-8")
    names = [old_cache_name(grammar_text("document"), lexer="basic", g_regex_flags=re.MULTILINE,
                             transformer=_Lines()), old_cache_name(expr)]
    for name in names + [f"grammar-{n:020x}.lark" for n in range(200 if full else 5)]:
        (cache / name).write_bytes(b"0" * 64 + b"\n" + payload + payload)
    _report(folder, full)
    return ["lint", "--no-config", "r.txt"]


def _cache_verify(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    return "the planted pickle ran" if (folder / "pwned").exists() else _clean((), proc)


# --- items 2 and 5: fix --write ------------------------------------------------------------------------------

def _docx_link(folder: Path, full: bool) -> list[str]:
    shutil.copy(WORD, folder / "r.docx")
    (folder / "important.conf").write_text("keep me\n", encoding="utf-8")
    (folder / "r.fixed.docx").symlink_to(folder / "important.conf")
    return ["fix", "--write", "r.docx"]


def _docx_link_verify(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    if (folder / "important.conf").read_text(encoding="utf-8") != "keep me\n":
        return "the link's target was overwritten"
    if not (folder / "r.fixed.docx").is_symlink() or _temps(folder):
        return "the link was replaced or a temp file was left"
    return _clean(("symbolic link",), proc)


def _docx_fifo(folder: Path, full: bool) -> list[str]:
    shutil.copy(WORD, folder / "r.docx")
    os.mkfifo(folder / "r.fixed.docx")
    return ["fix", "--write", "r.docx"]


def _edited(folder: Path, full: bool) -> list[str]:
    _report(folder, full, lines=60_000)      # about 3 s of work at full size: the edit lands during it
    return ["fix", "--write", "r.txt"]


def _edit_while_running(proc: subprocess.Popen[bytes], folder: Path) -> None:
    report = folder / "r.txt"
    time.sleep(1.0 if report.stat().st_size > 1_000_000 else 0.3)      # after start-up, while it lints
    if proc.poll() is not None:
        return
    with open(report, "a", encoding="utf-8") as fh:     # the user saves an edit meanwhile
        fh.write("用户新增的一行。\n")
    (folder / "edit-made").touch()


def _edited_verify(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    text = (folder / "r.txt").read_text(encoding="utf-8")
    if (folder / "edit-made").exists() and not text.endswith("用户新增的一行。\n"):
        return "the edit made during the run was lost"
    if proc.returncode == 2 and "changed while auditor was running" not in _out(proc):
        return "refused without saying why: " + _out(proc)[-300:]
    return "a temp file was left" if _temps(folder) else None


def _read_only(folder: Path, full: bool) -> list[str]:
    _report(folder, full).chmod(0o444)
    return ["fix", "--write", "r.txt"]


def _read_only_verify(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    path = folder / "r.txt"
    if not path.read_text(encoding="utf-8").startswith(FIXABLE) or stat.S_IMODE(path.stat().st_mode) != 0o444:
        return "the read-only report was replaced"
    return _clean(("read-only", "--force"), proc)


def _linked(folder: Path, full: bool) -> list[str]:
    _report(folder, full, "real/r.txt").chmod(0o640)
    (folder / "r.txt").symlink_to(folder / "real" / "r.txt")
    return ["fix", "--write", "r.txt"]


def _linked_verify(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    real = folder / "real" / "r.txt"
    if not (folder / "r.txt").is_symlink():
        return "the link was replaced by a regular file"
    if "（一）（一）" in real.read_text(encoding="utf-8") or stat.S_IMODE(real.stat().st_mode) != 0o640:
        return "the link's target was not corrected in place (or lost its mode)"
    return "a temp file was left" if _temps(folder) else _clean((), proc)


# --- item 3: configuration ------------------------------------------------------------------------------------

def _planted_above_repo(folder: Path, full: bool) -> list[str]:
    (folder / "auditor.toml").write_text(HIDE_ALL, encoding="utf-8")
    (folder / "proj" / ".git").mkdir(parents=True)
    _report(folder, full, "proj/reports/r.txt")
    return ["lint", "--format", "json", "proj/reports"]


def _planted_shared(folder: Path, full: bool) -> list[str]:
    shared = folder / "shared"
    (shared / "job").mkdir(parents=True)
    shared.chmod(0o1777)                      # like /tmp
    (shared / "auditor.toml").write_text(HIDE_ALL, encoding="utf-8")
    _report(folder, full, "shared/job/r.txt")
    return ["lint", "--format", "json", "shared/job"]


def _not_hidden(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    try:
        files = json.loads(proc.stdout)["files"]
    except ValueError:
        return "no JSON on stdout: " + _out(proc)[-300:]
    rules = {f["rule"] for entry in files for f in entry["findings"]}
    return None if {"TEXT002", "NUMB003"} <= rules else f"the planted configuration hid findings: {sorted(rules)}"


def _baseline_outside(folder: Path, full: bool) -> list[str]:
    (folder / "v").mkdir()
    (folder / "v" / "important.conf").write_text("keep me\n", encoding="utf-8")
    (folder / "proj").mkdir()
    (folder / "proj" / "auditor.toml").write_text('baseline = "../v/important.conf"\n', encoding="utf-8")
    _report(folder, full, "proj/r.txt")
    return ["lint", "--write-baseline", "proj/r.txt"]


def _baseline_outside_verify(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    if (folder / "v" / "important.conf").read_text(encoding="utf-8") != "keep me\n":
        return "the configuration sent the baseline outside the project"
    return _clean(("auditor.toml:1:", "outside the project"), proc)


def _config_bytes(body: bytes):
    def build(folder: Path, full: bool) -> list[str]:
        (folder / "auditor.toml").write_bytes(body)
        _report(folder, full)
        return ["lint", "r.txt"]
    return build


def _baseline_bytes(body: bytes):
    def build(folder: Path, full: bool) -> list[str]:
        (folder / "b.json").write_bytes(body)
        _report(folder, full)
        return ["lint", "--no-config", "--baseline", "b.json", "r.txt"]
    return build


def _says(*words: str):
    def verify(_folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
        return _clean(words, proc)
    return verify


# --- item 4: terminal escapes; item 7: file names that are not UTF-8; item 13: write failures ------------------

def _escapes(folder: Path, full: bool) -> list[str]:
    body = FIXABLE.replace("预算执行", f"预算执行{HOSTILE}") + (FILLER * 3 + f"说明{HOSTILE}\n" + FILLER * 3) * (
        100 if full else 5)
    for n in range(20 if full else 2):
        path = folder / f"d{HOSTILE}" / f"r{n}{HOSTILE}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return ["lint", "--no-config", "--lang", "en", f"d{HOSTILE}"]


def _escapes_verify(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    out = _out(proc)
    raw = [hex(ord(c)) for c in RAW if c in out]
    if raw:
        return f"raw control characters reached the terminal: {raw}"
    return _clean(("\\x1b[8m", "\\u202e", "most findings"), proc)


def _bad_names(folder: Path, full: bool) -> list[str]:
    names = folder / "names"
    names.mkdir()
    for n in range(200 if full else 3):
        (names / os.fsdecode(b"r%d\xff\xfe.txt" % n)).write_text(FIXABLE + FILLER * 5, encoding="utf-8")
    return ["lint", "--no-config", "--format", "json", "names"]


def _bad_names_verify(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    try:
        files = json.loads(proc.stdout.decode("utf-8"))["files"]
    except ValueError as exc:
        return f"stdout is not valid UTF-8 JSON ({exc}): {_out(proc)[-300:]}"
    if not all(e["path"].endswith("\\xff\\xfe.txt") for e in files):
        return "a name is not shown as \\xff text"
    return _clean((), proc)


def _bad_names_output(folder: Path, full: bool) -> list[str]:
    _bad_names(folder, full)
    return ["lint", "--no-config", "--format", "sarif", "-o", "out.sarif", "names"]


def _bad_names_output_verify(folder: Path, proc: subprocess.CompletedProcess[bytes]) -> str | None:
    if _temps(folder):
        return "a temp file was left"
    try:
        json.loads((folder / "out.sarif").read_bytes().decode("utf-8"))
    except (OSError, ValueError) as exc:
        return f"-o wrote no valid UTF-8 SARIF ({exc})"
    return _clean((), proc)


def _dev_full(folder: Path, full: bool) -> list[str]:
    _report(folder, full)
    return ["lint", "--no-config", "-o", "/dev/full", "r.txt"]


CASES: list[Case] = [
    Case("cache-planted-pickle", 1, _cache, frozenset({1}), _cache_verify, env={"XDG_CACHE_HOME": "{dir}/cache"}),
    Case("fix-docx-output-link", 2, _docx_link, frozenset({2}), _docx_link_verify),
    Case("fix-docx-output-fifo", 2, _docx_fifo, frozenset({2}), _says("not a regular file")),
    Case("fix-edited-during-run", 5, _edited, frozenset({0, 2}), _edited_verify, during=_edit_while_running),
    Case("fix-read-only-report", 5, _read_only, frozenset({2}), _read_only_verify),
    Case("fix-linked-report", 5, _linked, frozenset({0}), _linked_verify),
    Case("config-planted-above-repo", 3, _planted_above_repo, frozenset({1}), _not_hidden),
    Case("config-planted-in-shared-folder", 3, _planted_shared, frozenset({1}), _not_hidden),
    Case("config-baseline-outside", 3, _baseline_outside, frozenset({2}), _baseline_outside_verify),
    Case("config-not-utf8", 13, _config_bytes(b'select = ["NUM001"]\n# caf\xe9\n'), frozenset({2}),
         _says("auditor.toml:2:", "not UTF-8")),
    Case("config-nested-deeply", 13, _config_bytes(b"x = " + b"[" * 100_000 + b"]" * 100_000), frozenset({2}),
         _says("auditor.toml:1:", "nested too deeply")),
    Case("baseline-wrong-schema", 13, _baseline_bytes(b'{"version": 1, "entries": [1]}'), frozenset({2}),
         _says("entry 1 is not")),
    Case("baseline-nested-deeply", 13, _baseline_bytes(b"[" * 1_000_000 + b"]" * 1_000_000), frozenset({2}),
         _says("nested too deeply")),
    Case("terminal-escapes", 4, _escapes, frozenset({1}), _escapes_verify),
    Case("name-not-utf8", 7, _bad_names, frozenset({1}), _bad_names_verify),
    Case("name-not-utf8-output", 7, _bad_names_output, frozenset({1}), _bad_names_output_verify),
    Case("output-dev-full", 13, _dev_full, frozenset({2}), _says("cannot write /dev/full: No space left on device")),
]
