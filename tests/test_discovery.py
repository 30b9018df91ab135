"""Which files a lint of folders reads: exclusions (configured, default, .gitignore), each file once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from auditor.cli import main

SEED0 = Path(__file__).resolve().parent.parent / "fixtures" / "000_5b27a47f95f91fcd.txt"


def _linted(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    code = main(["lint", "--format", "json", "--fail-on", "never", *argv])
    out, err = capsys.readouterr()
    return code, [f["path"] for f in json.loads(out)["files"]] if out else [], err


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    for rel in ("reports/a.txt", "reports/drafts/d.txt", "reports/archive/old.txt", "env/LICENSE.txt",
                "node_modules/pkg/README.txt", "build/notes.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SEED0, tmp_path / rel)
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (tmp_path / "reports" / ".gitignore").write_text("drafts/\n", encoding="utf-8")
    return tmp_path


def _names(paths: list[str], root: Path) -> list[str]:
    return [str(Path(p).relative_to(root)) for p in paths]


def test_default_folders_virtualenvs_and_gitignore_are_skipped(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # issue 14: `auditor lint .` linted a virtualenv's LICENSE.txt
    _code, paths, _ = _linted(capsys, "--no-config", str(tree))
    assert _names(paths, tree) == ["reports/a.txt", "reports/archive/old.txt"]
    _code, paths, _ = _linted(capsys, "--no-config", "--no-respect-gitignore", str(tree))
    assert _names(paths, tree) == ["reports/a.txt", "reports/archive/old.txt", "reports/drafts/d.txt"]


def test_configured_exclude_and_extend_exclude(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "auditor.toml").write_text('extend-exclude = ["archive/"]\n', encoding="utf-8")
    _code, paths, _ = _linted(capsys, str(tree))
    assert _names(paths, tree) == ["reports/a.txt"]
    # exclude replaces the defaults: the build folder is read again, the virtualenv never is
    (tree / "auditor.toml").write_text('exclude = ["reports/archive"]\nrespect-gitignore = false\n', encoding="utf-8")
    _code, paths, _ = _linted(capsys, str(tree))
    assert _names(paths, tree) == ["build/notes.txt", "node_modules/pkg/README.txt", "reports/a.txt",
                                   "reports/drafts/d.txt"]


def test_cli_exclude_and_force_exclude(tree: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    _code, paths, _ = _linted(capsys, "--no-config", "--extend-exclude", "reports/a.txt", "reports")
    assert paths == ["reports/archive/old.txt"]
    # a file named on the command line is linted, unless --force-exclude
    _code, paths, _ = _linted(capsys, "--no-config", "--extend-exclude", "a.txt", "reports/a.txt")
    assert paths == ["reports/a.txt"]
    _code, paths, _ = _linted(capsys, "--no-config", "--extend-exclude", "a.txt", "--force-exclude", "reports/a.txt",
                              "reports/archive/old.txt")
    assert paths == ["reports/archive/old.txt"]


def test_a_file_given_twice_is_linted_once(tree: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    _code, paths, _ = _linted(capsys, "--no-config", "reports/a.txt", "./reports/a.txt", "reports",
                              str(tree / "reports" / "a.txt"))
    assert paths == ["reports/a.txt", "reports/archive/old.txt"]


def test_configuration_exclude_mistakes_have_their_place(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "auditor.toml").write_text('\nrespect-gitignore = "yes"\n', encoding="utf-8")
    code, _paths, err = _linted(capsys, str(tree))
    assert code == 2 and "auditor.toml:2: respect-gitignore must be true or false" in err
