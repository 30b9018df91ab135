"""A batch written as it is linted (auditor/pipeline.py) gives exactly what the whole results give."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor import cli
from auditor.cli import main

FIX = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS = sorted(str(p) for p in FIX.glob("00*.txt"))


def _both(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str
          ) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    out = []
    for stream in (True, False):
        monkeypatch.setattr(cli, "STREAM", stream)
        code = main(list(argv))
        got = capsys.readouterr()
        out.append((code, got.out, got.err))
    return out[0], out[1]


@pytest.fixture()
def batch(tmp_path: Path) -> list[str]:
    (tmp_path / "empty.txt").write_bytes(b"")
    paths = [*SEEDS, str(tmp_path / "missing.txt"), str(tmp_path / "empty.txt"), str(FIX / "pdf" / "000_5b27a47f95f91fcd.pdf")]
    docx = sorted(FIX.glob("docx/*.docx"))
    return paths + [str(docx[0])] if docx else paths


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "jsonl", "github", "sarif", "gitlab", "checkstyle", "junit",
                                 "html"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_streamed_format_is_the_whole_output(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                                    batch: list[str], fmt: str, jobs: str) -> None:
    streamed, whole = _both(capsys, monkeypatch, "lint", "--no-config", "--format", fmt, "-j", jobs, *batch)
    assert streamed == whole and streamed[0] == 2 and streamed[1]


@pytest.mark.parametrize("extra", [["--verified"], ["--min-severity", "warning"], ["-q"], ["--lang", "en"],
                                   ["--fail-on", "never"], ["--exit-zero"]])
def test_options_are_the_same_streamed(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                       extra: list[str]) -> None:
    for fmt in ("text", "json", "concise"):
        streamed, whole = _both(capsys, monkeypatch, "lint", "--no-config", "--format", fmt, *extra, *SEEDS)
        assert streamed == whole, (fmt, extra)


def test_configuration_and_baseline_are_the_same_streamed(capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        for seed in SEEDS[:3]:
            shutil.copy(seed, tmp_path / name / Path(seed).name)
    (tmp_path / "a" / "auditor.toml").write_text('ignore = ["TEXT005"]\n[severity]\nNUMB001 = "info"\n'
                                                 '[per-path."old*"]\nignore = ["EMPTY001"]\n', encoding="utf-8")
    (tmp_path / "b" / "auditor.toml").write_text('select = ["number-format", "sum", "numbering"]\n'
                                                 'fail-on = "error"\n', encoding="utf-8")
    shutil.copy(SEEDS[0], tmp_path / "a" / "old.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--no-config", "--write-baseline", "--baseline", "base.json", "a/000_5b27a47f95f91fcd.txt"]) == 0
    capsys.readouterr()
    (tmp_path / "a" / "000_5b27a47f95f91fcd.txt").write_text(
        (tmp_path / "a" / "000_5b27a47f95f91fcd.txt").read_text(encoding="utf-8").replace("1,7221.85", "1,7221.86"),
        encoding="utf-8")
    for fmt in ("text", "json", "concise", "sarif", "gitlab", "junit", "html"):
        # files of two configurations interleaved on the command line: still in input order
        argv = ["lint", "--format", fmt, "--lang", "en", "b/001_6a8239fff33aeddc.txt", "a", "b"]
        streamed, whole = _both(capsys, monkeypatch, *argv)
        assert streamed == whole, fmt
        streamed, whole = _both(capsys, monkeypatch, *argv, "--baseline", "base.json")
        assert streamed == whole, fmt
        assert "stale" in streamed[1] or fmt in ("concise", "sarif", "gitlab", "junit", "html")


def test_output_file_is_written_whole(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path) -> None:
    texts = []
    for stream in (True, False):
        monkeypatch.setattr(cli, "STREAM", stream)
        out = tmp_path / f"out{stream}.json"
        assert main(["lint", "--no-config", "--format", "json", "-o", str(out), *SEEDS]) == 1
        texts.append(out.read_text(encoding="utf-8"))
    assert texts[0] == texts[1] and capsys.readouterr().out == ""
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".auditor-")] == []


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab", "checkstyle", "text"])
def test_a_batch_with_nothing_found_is_the_whole_output(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                        fmt: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    clean = tmp_path / "clean.txt"
    clean.write_text("一、基本情况\n本单位主要职责是做好工作。\n", encoding="utf-8")
    for argv in ([str(tmp_path / "missing.txt")], [str(clean)], [str(tmp_path / "empty.txt"), str(clean)]):
        streamed, whole = _both(capsys, monkeypatch, "lint", "--no-config", "--format", fmt, *argv)
        assert streamed == whole, argv
