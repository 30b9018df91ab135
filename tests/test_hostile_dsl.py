"""The hostile rule-file cases of benchmarks/hostile_cases/dsl.py at their reduced sizes: exit code and verify."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.hostile_cases import Case
from benchmarks.hostile_cases.dsl import CASES

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {"dsl-rule-regex-budget", "dsl-report-regex-budget"}    # they spend the 2 s and 6 s budgets


def _run(case: Case, folder: Path) -> subprocess.CompletedProcess[bytes]:
    argv = case.build(folder, False)
    env = {**os.environ, "HOME": str(folder), "XDG_CACHE_HOME": str(folder / ".cache"),
           "PYTHONPATH": str(ROOT), **{k: v.replace("{dir}", str(folder)) for k, v in case.env.items()}}
    env.pop("AUDITOR_STRICT", None)    # as users run it
    return subprocess.run([sys.executable, "-m", "auditor", *argv], cwd=folder, env=env, capture_output=True,
                          input=case.stdin, timeout=120, check=False)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=[pytest.mark.heavy] if c.name in HEAVY else [])
                                  for c in CASES])
def test_case(case: Case, tmp_path: Path) -> None:
    run = _run(case, tmp_path)
    assert run.returncode in case.exits, run.stderr.decode("utf-8", "replace")[-500:]
    assert case.verify is None or case.verify(tmp_path, run) is None, case.verify(tmp_path, run) if case.verify else ""


def test_every_item_of_this_area_has_a_case() -> None:
    assert {c.item for c in CASES} == {11, 12, 13}
    assert len({c.name for c in CASES}) == len(CASES) and all(c.name.startswith("dsl-") for c in CASES)
