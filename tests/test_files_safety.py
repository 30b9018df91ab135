"""Files, caches, configuration and the terminal: the grammar cache, fix --write, configuration discovery,
terminal escapes, file names that are not UTF-8 and write failures (docs/reliability.md)."""

from __future__ import annotations

import errno
import os
import pickle
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any, Self

import pytest

from auditor.cli import main
from benchmarks.hostile_cases.files import Plant, old_cache_name

REPORT = "一、基本情况\n2022年基本支出 592.78万元，人员经费550.11万元，公用经费42.67万元。\n"


def test_a_planted_pickle_in_the_cache_folder_never_runs(tmp_path: Path) -> None:
    from auditor.parse import _Lines, grammar_text
    cache = tmp_path / "cache" / "auditor"
    cache.mkdir(parents=True)
    marker = tmp_path / "pwned"
    names = [old_cache_name(grammar_text("document"), lexer="basic", g_regex_flags=re.MULTILINE,
                             transformer=_Lines())]
    expr = (Path(__file__).resolve().parent.parent / "auditor" / "dsl" / "expr.lark").read_text(encoding="utf-8")
    names.append(old_cache_name(expr))
    payload = pickle.dumps(Plant(str(marker)))
    for name in names:
        # lark's cache format: a hash line, then pickles; the first pickle is loaded before any check
        (cache / name).write_bytes(b"0" * 64 + b"\n" + payload + payload)
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "auditor", "lint", "--no-config", str(report)],
                          check=False, capture_output=True, env=env, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    assert not marker.exists()
    assert sorted(p.name for p in cache.iterdir()) == sorted(names)   # nothing new cached on disk either


# --- fix --write: links, special files, edits during the run, modes, read-only files, temp files ---------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXABLE = "一、基本情况\n（一）（一）预算执行\n拟投资1亿元新建学校新建学校项目。\n"
FIXED = "一、基本情况\n（一）预算执行\n拟投资1亿元新建学校项目。\n"


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".auditor-")]


def test_fix_write_docx_never_writes_through_a_link_at_the_output_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "r.docx"
    shutil.copy(FIXTURES / "docx" / "004_8d8ec8480e5b97c3.docx", src)
    victim = tmp_path / "important.conf"
    victim.write_text("keep me\n", encoding="utf-8")
    (tmp_path / "r.fixed.docx").symlink_to(victim)
    assert main(["fix", "--write", str(src)]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert (tmp_path / "r.fixed.docx").is_symlink() and not _temps(tmp_path)


def test_fix_write_docx_refuses_a_special_file_at_the_output_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "r.docx"
    shutil.copy(FIXTURES / "docx" / "004_8d8ec8480e5b97c3.docx", src)
    os.mkfifo(tmp_path / "r.fixed.docx")          # opening it for writing would block forever
    assert main(["fix", "--write", str(src)]) == 2
    assert "not a regular file" in capsys.readouterr().err and not _temps(tmp_path)


def test_fix_write_docx_replaces_an_earlier_copy(tmp_path: Path) -> None:
    src = tmp_path / "r.docx"
    shutil.copy(FIXTURES / "docx" / "004_8d8ec8480e5b97c3.docx", src)
    (tmp_path / "r.fixed.docx").write_bytes(b"old copy")
    assert main(["fix", "--write", str(src)]) == 0
    assert (tmp_path / "r.fixed.docx").read_bytes()[:2] == b"PK" and not _temps(tmp_path)


def test_fix_write_refuses_a_report_edited_during_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import auditor.runner
    target = tmp_path / "r.txt"
    target.write_text(FIXABLE, encoding="utf-8")
    real = auditor.runner.lint_file

    def lint_then_edit(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        with open(target, "a", encoding="utf-8") as fh:      # the user saves an edit meanwhile
            fh.write("新增一段。\n")
        return result

    monkeypatch.setattr(auditor.runner, "lint_file", lint_then_edit)
    assert main(["fix", "--write", str(target)]) == 2
    assert "changed while auditor was running" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == FIXABLE + "新增一段。\n" and not _temps(tmp_path)


def test_fix_write_keeps_the_mode_and_refuses_read_only_files_unless_forced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "r.txt"
    target.write_text(FIXABLE, encoding="utf-8")
    target.chmod(0o640)
    assert main(["fix", "--write", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == FIXED and stat.S_IMODE(target.stat().st_mode) == 0o640
    target.write_text(FIXABLE, encoding="utf-8")
    target.chmod(0o444)
    assert main(["fix", "--write", str(target)]) == 2
    assert "read-only" in capsys.readouterr().err and target.read_text(encoding="utf-8") == FIXABLE
    assert main(["fix", "--write", "--force", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == FIXED and stat.S_IMODE(target.stat().st_mode) == 0o444


def test_fix_write_edits_a_linked_report_at_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real" / "r.txt"
    real.parent.mkdir()
    real.write_text(FIXABLE, encoding="utf-8")
    link = tmp_path / "r.txt"
    link.symlink_to(real)
    assert main(["fix", "--write", str(link)]) == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == FIXED
    assert not _temps(tmp_path) and not _temps(real.parent)


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
def test_fix_write_leaves_no_temp_file_on_ctrl_c_or_a_full_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        failure: type[BaseException]) -> None:
    target = tmp_path / "r.txt"
    target.write_text(FIXABLE, encoding="utf-8")
    real_fdopen = os.fdopen

    class Failing:
        """A temp file whose write stops half way (disk full) or is interrupted (Ctrl-C)."""

        def __init__(self, fh: Any) -> None:
            self.fh = fh

        def __enter__(self) -> Self:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            self.fh.write(data[:len(data) // 2])
            self.fh.flush()
            raise KeyboardInterrupt if failure is KeyboardInterrupt else OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.fh, name)

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Failing(real_fdopen(fd, *a, **k)))
    code = main(["fix", "--write", str(target)])
    assert code == (130 if failure is KeyboardInterrupt else 2)
    if failure is OSError:
        assert f"cannot write {target}: No space left on device" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == FIXABLE and not _temps(tmp_path)


def test_a_file_size_limit_leaves_the_report_whole(tmp_path: Path) -> None:
    """A real failing write (RLIMIT_FSIZE: EFBIG, like a full disk) in a child process."""
    target = tmp_path / "r.txt"
    text = FIXABLE + "基本支出592.78万元。\n" * 4000
    target.write_text(text, encoding="utf-8")

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    proc = subprocess.run([sys.executable, "-m", "auditor", "fix", "--write", str(target)], check=False,
                          capture_output=True, preexec_fn=limit, timeout=120)
    assert proc.returncode == 2 and b"cannot write" in proc.stderr, proc.stderr
    assert target.read_text(encoding="utf-8") == text and not _temps(tmp_path)


# --- write failures of lint -o and --write-baseline -----------------------------------------------------------

def _report(tmp_path: Path) -> Path:
    report = tmp_path / "r.txt"
    report.write_text(FIXABLE, encoding="utf-8")
    return report


def test_lint_output_on_a_full_disk_says_cannot_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import auditor.safewrite
    out = tmp_path / "out.json"
    out.write_text("previous\n", encoding="utf-8")

    def full(fh: Any, data: bytes) -> None:
        fh.write(data[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(auditor.safewrite, "write_bytes", full)
    assert main(["lint", "--no-config", "--format", "json", "-o", str(out), str(_report(tmp_path))]) == 2
    assert f"cannot write {out}: No space left on device" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "previous\n" and not _temps(tmp_path)


def test_lint_output_to_dev_full_says_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    assert main(["lint", "--no-config", "-o", "/dev/full", str(_report(tmp_path))]) == 2
    assert "cannot write /dev/full: No space left on device" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)          # the device is written, never replaced


def test_write_baseline_on_a_read_only_file_system_says_cannot_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import tempfile

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    target = tmp_path / "base.json"
    assert main(["lint", "--no-config", "--write-baseline", "--baseline", str(target), str(_report(tmp_path))]) == 2
    assert f"cannot write {target}: Read-only file system" in capsys.readouterr().err
    assert not target.exists()


def test_lint_output_through_a_link_writes_the_link_target(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n", encoding="utf-8")
    (tmp_path / "out.json").symlink_to(real)
    assert main(["lint", "--no-config", "--format", "json", "-o", str(tmp_path / "out.json"),
                 str(_report(tmp_path))]) in (0, 1)
    assert (tmp_path / "out.json").is_symlink() and real.read_text(encoding="utf-8").startswith("{")


# --- configuration: discovery boundaries, paths inside the project, what is in force, clear messages ---------

SEED0 = FIXTURES / "000_5b27a47f95f91fcd.txt"
HIDE_ALL = 'select = ["NUM001"]\nfail-on = "never"\n'


def _json_lint(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    import json
    code = main(["lint", "--format", "json", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else {}), err


def test_discovery_stops_at_the_repository_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "auditor.toml").write_text(HIDE_ALL, encoding="utf-8")     # planted above the repository
    for marker in (".git", ".hg"):
        proj = tmp_path / f"proj{marker}"
        (proj / marker).mkdir(parents=True)
        (proj / "reports").mkdir()
        shutil.copy(SEED0, proj / "reports" / "r.txt")
        code, doc, _ = _json_lint(capsys, str(proj / "reports" / "r.txt"))
        assert code == 1 and len(doc["files"][0]["findings"]) == 5


def test_discovery_stops_at_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "auditor.toml").write_text(HIDE_ALL, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    shutil.copy(SEED0, home / "r.txt")
    code, doc, _ = _json_lint(capsys, str(home / "r.txt"))
    assert code == 1 and len(doc["files"][0]["findings"]) == 5


def test_a_configuration_in_a_world_writable_folder_is_not_used(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path / "shared"                 # like /tmp: anyone can plant a file there
    (shared / "job").mkdir(parents=True)
    shared.chmod(0o1777)
    (shared / "auditor.toml").write_text(HIDE_ALL, encoding="utf-8")
    shutil.copy(SEED0, shared / "job" / "r.txt")
    code, doc, _ = _json_lint(capsys, str(shared / "job" / "r.txt"))
    assert code == 1 and len(doc["files"][0]["findings"]) == 5


def test_a_configured_baseline_outside_the_project_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path / "v" / "important.conf"
    victim.parent.mkdir()
    victim.write_text("keep me\n", encoding="utf-8")
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "auditor.toml").write_text('fail-on = "error"\nbaseline = "../v/important.conf"\n', encoding="utf-8")
    shutil.copy(SEED0, proj / "r.txt")
    assert main(["lint", "--write-baseline", str(proj / "r.txt")]) == 2
    err = capsys.readouterr().err
    assert "auditor.toml:2: baseline '../v/important.conf' is outside the project" in err
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    # named on the command line, a baseline may go anywhere
    assert main(["lint", "--no-config", "--write-baseline", "--baseline", str(tmp_path / "b.json"),
                 str(proj / "r.txt")]) == 0


def test_a_configured_baseline_linked_outside_the_project_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path / "important.conf"
    victim.write_text("keep me\n", encoding="utf-8")
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "base.json").symlink_to(victim)
    (proj / "auditor.toml").write_text('baseline = "base.json"\n', encoding="utf-8")
    shutil.copy(SEED0, proj / "r.txt")
    assert main(["lint", "--write-baseline", str(proj / "r.txt")]) == 2
    assert "outside the project" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_configured_rule_folders_stay_inside_the_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    proj = tmp_path / "proj"
    proj.mkdir()
    (tmp_path / "rules").mkdir()
    (proj / "auditor.toml").write_text('\n\nrules = ["../rules"]\n', encoding="utf-8")
    shutil.copy(SEED0, proj / "r.txt")
    assert main(["lint", str(proj / "r.txt")]) == 2
    assert "auditor.toml:3: rules '../rules' is outside the project" in capsys.readouterr().err


def test_show_settings_names_the_configuration_in_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "auditor.toml").write_text('ignore = ["TEXT005"]\nfail-on = "error"\n[severity]\nEMPTY001 = "info"\n',
                                           encoding="utf-8")
    shutil.copy(SEED0, tmp_path / "r.txt")
    assert main(["lint", "--show-settings", "--select", "NUM001", str(tmp_path / "r.txt")]) == 0
    out = capsys.readouterr().out
    assert f"configuration: {tmp_path / 'auditor.toml'}" in out
    for line in ("select: NUM001", "ignore: TEXT005", "fail-on: error", "severity: EMPTY001 = info", "profile: auto"):
        assert line in out
    assert main(["lint", "--show-settings", "--no-config", str(tmp_path / "r.txt")]) == 0
    assert "configuration: none" in capsys.readouterr().out


def test_text_mode_says_which_configuration_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "auditor.toml").write_text(HIDE_ALL, encoding="utf-8")
    shutil.copy(SEED0, tmp_path / "r.txt")
    assert main(["lint", str(tmp_path / "r.txt")]) == 0
    err = capsys.readouterr().err
    assert err.count(f"auditor: using configuration {tmp_path / 'auditor.toml'}") == 1
    _code, _doc, err = _json_lint(capsys, str(tmp_path / "r.txt"))
    assert "using configuration" not in err


@pytest.mark.parametrize(("body", "message"), [
    (b'select = ["NUM001"]\n# caf\xe9\n', "auditor.toml:2: the configuration is not UTF-8"),
    (b"\n\nselect = " + b"[" * 5000 + b"]" * 5000 + b"\n", "auditor.toml:3: nested too deeply"),
    (b"x = " + b"{a=" * 3000 + b"1" + b"}" * 3000 + b"\n", "auditor.toml:1: nested too deeply"),
    (b"per-path = 3\n", "auditor.toml:1: per-path must be a table"),
])
def test_configuration_mistakes_have_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     body: bytes, message: str) -> None:
    (tmp_path / "auditor.toml").write_bytes(body)
    shutil.copy(SEED0, tmp_path / "r.txt")
    assert main(["lint", str(tmp_path / "r.txt")]) == 2
    err = capsys.readouterr().err
    assert message in err and "internal error" not in err


@pytest.mark.parametrize(("body", "message"), [
    (b'{"version": 1, "entries": [1, 2]}', "entry 1 is not"),
    (b'{"version": 1, "entries": [{"path": "r.txt", "rule": 5, "fingerprint": "x"}]}', "entry 1 is not"),
    (b'{"version": 1, "entries": [], "x": "\xff"}', "not UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"version": 3, "entries": []}', "not an auditor baseline"),
    (b'{"version": true, "entries": []}', "not an auditor baseline"),
])
def test_baselines_of_the_wrong_schema_have_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            body: bytes, message: str) -> None:
    (tmp_path / "b.json").write_bytes(body)
    shutil.copy(SEED0, tmp_path / "r.txt")
    assert main(["lint", "--no-config", "--baseline", str(tmp_path / "b.json"), str(tmp_path / "r.txt")]) == 2
    err = capsys.readouterr().err
    assert message in err and "internal error" not in err


# --- terminal escapes and file names that are not UTF-8 -----------------------------------------------------

HOSTILE = "\x1b[8m\x1b]0;owned\x07\u202e\x9b2J\x7f"
FILLER = "本部门严格执行预算，各项支出均按规定程序审批，资金使用规范。\n" * 10   # controls stay under 2% (not binary)
RAW = ("\x1b", "\x07", "\u202e", "\x9b", "\x7f")


def _no_raw_controls(text: str) -> None:
    bad = sorted({c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f
                  or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069 or 0xd800 <= ord(c) <= 0xdfff})
    assert not bad, [hex(ord(c)) for c in bad]


def test_terminal_escapes_in_report_text_and_names_are_shown_escaped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / f"d{HOSTILE}"
    folder.mkdir()
    body = FIXABLE.replace("预算执行", f"预算执行{HOSTILE}") + FILLER
    for n in (1, 2):
        (folder / f"r{n}{HOSTILE}.txt").write_text(body, encoding="utf-8")
    assert main(["lint", "--no-config", "--lang", "en", "--select", "TEXT", str(folder)]) == 1
    out, err = capsys.readouterr()
    _no_raw_controls(out + err)
    assert "\\x1b[8m" in out and "\\u202e" in out and "\\x9b" in out     # the excerpt and the file names
    assert "most findings" in out                                        # the summary table, names escaped


def test_error_lines_on_stderr_escape_control_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", str(tmp_path / f"no{HOSTILE}.txt")]) == 2
    err = capsys.readouterr().err
    _no_raw_controls(err)
    assert "no\\x1b[8m" in err


def test_machine_formats_escape_control_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json
    report = tmp_path / f"r{HOSTILE}.txt"
    report.write_text(FIXABLE.replace("预算执行", f"预算执行{HOSTILE}") + FILLER, encoding="utf-8")
    for fmt in ("json", "sarif", "gitlab", "jsonl"):
        main(["lint", "--no-config", "--format", fmt, str(report)])
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out
        for doc in out.splitlines() if fmt == "jsonl" else [out]:
            json.loads(doc)
    for fmt in ("github", "junit", "checkstyle"):
        main(["lint", "--no-config", "--format", fmt, str(report)])
        out = capsys.readouterr().out
        _no_raw_controls(out)
    import xml.dom.minidom
    for fmt in ("junit", "checkstyle"):
        main(["lint", "--no-config", "--format", fmt, str(report)])
        xml.dom.minidom.parseString(capsys.readouterr().out)     # still well-formed XML


BAD_NAME = os.fsdecode(b"r\xff\xfe.txt")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "gitlab", "checkstyle", "jsonl", "html"])
def test_a_file_name_that_is_not_utf8_is_shown_safely_in_every_format(tmp_path: Path, fmt: str) -> None:
    report = tmp_path / BAD_NAME
    report.write_text(FIXABLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["lint", "--no-config", "--format", fmt, "-o", str(out), str(report)]) == 1
    text = out.read_bytes().decode("utf-8")          # valid UTF-8
    shown = "r%5Cxff%5Cxfe.txt" if fmt == "sarif" else "r\\xff\\xfe.txt"    # SARIF: a URI
    assert shown in text.replace("\\\\", "\\")
    assert not _temps(tmp_path)
    if fmt in ("json", "sarif", "gitlab"):
        import json
        json.loads(text)


def test_json_on_stdout_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    import json
    (tmp_path / BAD_NAME).write_text(FIXABLE, encoding="utf-8")
    for argv in (["lint", "--no-config", "--format", "json", str(tmp_path)], ["fix", str(tmp_path / BAD_NAME)]):
        proc = subprocess.run([sys.executable, "-m", "auditor", *argv], check=False, capture_output=True, timeout=120)
        assert proc.returncode == 1, proc.stderr
        out = proc.stdout.decode("utf-8")
        if argv[0] == "lint":
            assert json.loads(out)["files"][0]["path"].endswith("r\\xff\\xfe.txt")
        else:
            assert "r\\xff\\xfe.txt" in out
        assert b"internal error" not in proc.stderr


def test_a_baseline_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    report = tmp_path / BAD_NAME
    report.write_text(FIXABLE, encoding="utf-8")
    base = tmp_path / "b.json"
    assert main(["lint", "--no-config", "--write-baseline", "--baseline", str(base), str(report)]) == 0
    base.read_bytes().decode("utf-8")
    assert main(["lint", "--no-config", "--baseline", str(base), str(report)]) == 0


def test_fix_write_leaves_no_temp_file_on_sigterm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import auditor.safewrite
    target = tmp_path / "r.txt"
    target.write_text(FIXABLE, encoding="utf-8")

    def terminated(fh: Any, data: bytes) -> None:
        fh.write(data[:5])
        os.kill(os.getpid(), signal.SIGTERM)          # e.g. a CI job cancelled mid-write
        fh.write(data[5:])

    monkeypatch.setattr(auditor.safewrite, "write_bytes", terminated)
    with pytest.raises(SystemExit) as exit_info:
        main(["fix", "--write", str(target)])
    assert exit_info.value.code == 143
    assert target.read_text(encoding="utf-8") == FIXABLE and not _temps(tmp_path)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL     # the handler is put back


@pytest.mark.skipif(getattr(os, "geteuid", lambda: -1)() != 0, reason="only root can give a file away")
def test_fix_write_as_root_keeps_the_owner(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text(FIXABLE, encoding="utf-8")
    os.chown(target, 1234, 5678)
    assert main(["fix", "--write", str(target)]) == 0
    st = target.stat()
    assert (st.st_uid, st.st_gid) == (1234, 5678) and target.read_text(encoding="utf-8") == FIXED
