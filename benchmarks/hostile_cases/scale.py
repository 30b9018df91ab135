"""Heavy inputs for the lexer, the builders, the rules and the model's memory (items 9, 10 and 12)."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

from benchmarks.hostile_cases import Case


def _linted(folder: Path, done: subprocess.CompletedProcess[bytes]) -> str | None:
    """The report was linted: JSON output, no file error, no internal error."""
    try:
        doc = json.loads(done.stdout)
    except ValueError:
        return "no JSON on stdout: " + done.stderr.decode("utf-8", "replace")[:200]
    errors = [f["error"] for f in doc["files"] if f.get("error")]
    return f"the file was not linted: {errors[0]}" if errors else None


def _spaced_ones(folder: Path, full: bool) -> list[str]:
    (folder / "ones.txt").write_text("1 " * (10_000 if full else 500), encoding="utf-8")
    return ["lint", "--format", "json", "ones.txt"]


def _numbers_row(folder: Path, full: bool) -> list[str]:
    rnd = random.Random(9)
    row = []
    while sum(len(x) + 1 for x in row) < (39_000 if full else 2_000):
        row.append(str(rnd.randint(1, 999_999)))
    (folder / "row.txt").write_text("2024年部门决算表\n" + " ".join(row) + "\n", encoding="utf-8")
    return ["lint", "--format", "json", "row.txt"]


CASES: list[Case] = [
    Case("lexer-spaced-digits", 9, _spaced_ones, exits=frozenset({0, 1}), verify=_linted),
    Case("lexer-numbers-row", 9, _numbers_row, exits=frozenset({0, 1}), verify=_linted),
]
