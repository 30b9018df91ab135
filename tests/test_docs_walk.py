"""A new user's walk (issue 14): the commands README.md, docs/workflow.md and docs/writing-rules.md show, run as
written on a copy of the bundled reports, exit with the documented codes, print what the docs say they print and
never crash.

The commands are read from the documents (their ```sh blocks and the inline `auditor …` spans); EXPECTED gives
each one its documented exit code, so a command added to the docs fails this test until it is listed here (and
run), and a command dropped from the docs must be dropped here too. Placeholders are filled from PLACEHOLDERS
and a few mentions without a file (`auditor lint --fix`) get one from EXPECTED; the reports are copies, so
`--fix` and `--write-baseline` write nowhere else.
"""

from __future__ import annotations

import glob
import io
import json
import re
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from auditor.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
DOCS = ("README.md", "docs/workflow.md", "docs/writing-rules.md")

# setting up is not linting: these are run by hand (pip, a virtual environment, the whole test suite)
SETUP = ("python3 -m venv .venv", ".venv/bin/pip install", ".venv/bin/python -m pytest")
# words of the docs that stand for something the reader picks
PLACEHOLDERS = {"PATH": "report.txt", "PATH...": "reports/", "CODE": "SHARE001", "N": "2"}

# the documented exit code of each command (README "Exit codes", docs/output-schema.md): the bundled reports have
# findings (1, "The first command exits 1"), rules/explain/parse/--help/--show-settings print and exit 0, `fix`
# exits 1 when there are corrections to make, a baseline of today's findings accepts them all (0)
EXPECTED: dict[str, tuple[int, tuple[str, ...]]] = {
    # command as the docs write it: (exit code, arguments added where the docs mention it without a file)
    ".venv/bin/auditor lint fixtures/*.txt": (1, ()),
    "auditor lint report.docx": (1, ()),
    "auditor lint report.txt": (1, ()),
    "auditor lint reports/ --format json": (1, ()),
    "auditor lint reports/ -q --format concise --min-severity warning": (1, ()),
    "auditor lint report.txt --verified": (1, ()),
    "auditor lint report.txt --fail-on error": (1, ()),
    "auditor lint report.txt --profile hunan": (1, ()),
    "auditor lint report.txt --select sum,share --ignore SHARE002": (1, ()),
    "auditor parse report.txt": (0, ()),
    "auditor parse": (0, ("report.txt",)),
    "auditor lint --format sarif|github|gitlab|junit|checkstyle|jsonl|html reports/": (1, ()),
    "auditor fix reports/": (1, ()),
    "auditor fix": (1, ("reports/",)),
    "auditor lint --fix": (1, ("reports/",)),
    "auditor lint --force-exclude": (1, ("reports/",)),
    "auditor lint --write-baseline reports/": (0, ()),
    "auditor lint --baseline .auditor-baseline.json reports/": (0, ()),
    "cd sub && auditor lint --baseline ../.auditor-baseline.json ../reports/": (0, ()),
    "auditor rules": (0, ()),
    "auditor explain": (0, ("SHARE001",)),
    "auditor explain CODE": (0, ()),
    "auditor explain share001": (0, ()),
    "auditor lint report.txt --lang en": (1, ()),
    "auditor lint --rules my-rules/ report.txt": (1, ()),
    "auditor rules test my-rules/": (0, ()),
    "auditor explain XSUM001 --rules my-rules/": (0, ()),
    "auditor lint --show-settings PATH": (0, ()),
    "cat r.txt | auditor lint - --stdin-filename reports/r.txt": (1, ()),
    "auditor lint --help": (0, ()),
    "auditor lint -j N reports/": (1, ()),
    "auditor lint --format html -o review.html report.docx": (1, ()),
    "auditor fix PATH...": (1, ()),
    "auditor lint --fix PATH...": (1, ()),
    "auditor lint --diff": (1, ("reports/",)),
}
NOT_RUN = {
    "auditor": "the program's name, not a command",
    "auditor rules test rules/": "the repository's own rules/: test_writing_rules.py tests it by path",
}


def _documented() -> dict[str, str]:
    """Every command the documents show -> the document showing it first."""
    found: dict[str, str] = {}
    for name in DOCS:
        text = (ROOT / name).read_text(encoding="utf-8")
        for block in re.findall(r"^```sh\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE):
            for line in block.splitlines():
                line = re.sub(r"\s+#.*$", "", line).strip()
                for part in line.split(" && ") if not line.startswith("cd ") else [line]:
                    if part and not part.startswith(SETUP):
                        found.setdefault(part.strip(), name)
        prose = re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)
        for span in re.findall(r"`([^`\n]+)`", prose):
            span = span.replace("\\|", "|").strip()
            if re.match(r"(cd \S+ && |cat \S+ \| )?auditor( |$)", span):
                found.setdefault(span, name)
    return found


def test_every_documented_command_is_walked() -> None:
    documented = _documented()
    missing = sorted(set(documented) - set(EXPECTED) - set(NOT_RUN))
    assert not missing, f"commands in the docs without an expected exit code here: {missing}"
    gone = sorted(set(EXPECTED) - set(documented))
    assert not gone, f"commands listed here that the docs no longer show: {gone}"


@dataclass
class _Run:
    argv: list[str]
    cwd: Path
    stdin: bytes | None


def _workspace(tmp: Path) -> Path:
    """The files the docs name, as copies of the bundled reports."""
    (tmp / "fixtures").mkdir()
    for seed in sorted(FIXTURES.glob("*.txt")):
        shutil.copy(seed, tmp / "fixtures" / seed.name)
    shutil.copy(FIXTURES / "001_6a8239fff33aeddc.txt", tmp / "report.txt")     # an error (SHARE001), warnings
    shutil.copy(FIXTURES / "001_6a8239fff33aeddc.txt", tmp / "r.txt")
    shutil.copy(FIXTURES / "docx" / "000_5b27a47f95f91fcd.docx", tmp / "report.docx")
    (tmp / "reports").mkdir()
    shutil.copy(FIXTURES / "000_5b27a47f95f91fcd.txt", tmp / "reports" / "a.txt")     # a safe fix (NUM001)
    shutil.copy(FIXTURES / "002_67d54693e1e0f6b8.txt", tmp / "reports" / "b.txt")
    (tmp / "sub").mkdir()
    guide = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    for name, body in re.findall(r"<!-- file: (\S+) -->\n```yaml\n(.*?)```", guide, flags=re.DOTALL):
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(body, encoding="utf-8")
    return tmp


def _runs(command: str, extra: tuple[str, ...], tmp: Path) -> list[_Run]:
    """The command as argv lists (one per alternative of a `a|b|c` value), with its folder and standard input."""
    cwd, stdin = tmp, None
    if command.startswith("cd "):
        folder, command = command[3:].split(" && ", 1)
        cwd = tmp / folder
    if command.startswith("cat "):
        source, command = command[4:].split(" | ", 1)
        stdin = (cwd / source.strip()).read_bytes()
    words = [PLACEHOLDERS.get(w, w) for w in shlex.split(command)]
    assert Path(words[0]).name == "auditor", command
    argv: list[str] = []
    for w in [*words[1:], *extra]:
        expanded = sorted(glob.glob(w, root_dir=cwd)) if "*" in w else [w]
        argv.extend(expanded or [w])
    choices = next((w for w in argv if re.fullmatch(r"[a-z]+(\|[a-z]+)+", w)), None)
    if choices is None:
        return [_Run(argv, cwd, stdin)]
    return [_Run([c if w == choices else w for w in argv], cwd, stdin) for c in choices.split("|")]


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def _check_output(argv: list[str], out: str, cwd: Path) -> None:
    """What the docs say the command prints."""
    fmt = argv[argv.index("--format") + 1] if "--format" in argv else "text"
    if "--help" in argv:
        assert out.startswith("usage: auditor lint")
    elif argv[0] == "rules":
        wanted = r"^\d+ passed, 0 failed \(\d+ rules\)$" if "test" in argv else r"\d+ 条规则"
        assert re.search(wanted, out, flags=re.MULTILINE)
    elif argv[0] == "explain":
        assert out.split()[0] == next(w for w in argv[1:] if not w.startswith("-") and "/" not in w).upper()
    elif argv[0] == "parse":
        assert json.loads(out)["version"] == 1
    elif argv[0] == "fix" or "--diff" in argv:
        assert out.startswith("--- a/")        # piped: a unified diff
    elif "--show-settings" in argv:
        assert out.startswith("configuration:")
    elif "--write-baseline" in argv:
        assert json.loads((cwd / ".auditor-baseline.json").read_text(encoding="utf-8"))["version"] == 2
    elif "-o" in argv:
        assert (cwd / argv[argv.index("-o") + 1]).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    elif fmt == "text":
        summary = "Found " if "--lang" in argv and argv[argv.index("--lang") + 1] == "en" else "发现 "
        assert summary in out or "未发现问题" in out
    elif fmt in ("json", "sarif", "gitlab"):
        doc = json.loads(out)
        assert {"json": lambda: doc["version"] == 1, "sarif": lambda: doc["version"] == "2.1.0",
                "gitlab": lambda: isinstance(doc, list) and doc}[fmt]()
    elif fmt == "jsonl":
        assert all("path" in json.loads(line) for line in out.splitlines()) and out
    elif fmt == "github":
        assert out and all(line.startswith("::") for line in out.splitlines())
    elif fmt in ("junit", "checkstyle"):
        assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("command", sorted(EXPECTED))
def test_documented_command(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    code, extra = EXPECTED[command]
    tmp = _workspace(tmp_path)
    if "--baseline" in command:     # the baseline the docs wrote first: today's findings
        monkeypatch.chdir(tmp)
        assert main(["lint", "--write-baseline", "reports/"]) == 0
        capsys.readouterr()
    for run in _runs(command, extra, tmp):
        monkeypatch.chdir(run.cwd)
        if run.stdin is not None:
            monkeypatch.setattr(sys, "stdin", _Stdin(run.stdin))
        try:
            got = main(run.argv)
        except SystemExit as exc:       # argparse (--help)
            got = exc.code if isinstance(exc.code, int) else 2
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err and "internal error" not in out + err, (run.argv, err)
        assert got == code, (run.argv, out[-2000:], err)
        _check_output(run.argv, out, run.cwd)
