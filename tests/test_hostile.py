"""Every case of the hostile-input benchmark at its reduced size keeps its guarantee (the benchmark runs them full size)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import hostile

CASES = hostile.all_cases()


@pytest.mark.heavy
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_keeps_its_guarantee(case: hostile.Case) -> None:
    outcome = hostile.run_case(case, full=False, timeout=120)
    assert outcome.ok, outcome.problems


def stray(proc: object, folder: Path) -> None:
    """A ``during`` hook (module level: it is sent to the measuring process) that writes beside the folder."""
    (folder.parent / "stray").write_text("x")


def test_runner_catches_a_broken_guarantee(tmp_path: Path) -> None:
    """The runner itself: a wrong exit code, a failing verify and a write beside the folder are all reported."""
    def build(folder: Path, full: bool) -> list[str]:
        (folder / "r.txt").write_text("一、概况\n基本支出10万元。\n", encoding="utf-8")
        return ["lint", "r.txt"]


    case = hostile.Case("runner-self-test", 0, build, exits=frozenset({2}),
                        verify=lambda folder, done: "verify saw it" if done.returncode in (0, 1) else None,
                        during=stray)
    outcome = hostile.run_case(case, full=False)
    assert outcome.exit_code in (0, 1)
    assert any("expected [2]" in p for p in outcome.problems)
    assert "verify saw it" in outcome.problems
    assert any("wrote outside" in p for p in outcome.problems)
    assert 5 < outcome.peak_mb < 200      # the child's own peak, not the test process's
