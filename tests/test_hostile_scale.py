"""The scale cases of the hostile-input benchmark at their reduced sizes: exit code and verify hold."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.hostile_cases import Case
from benchmarks.hostile_cases.scale import CASES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.heavy
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_scale_case_at_reduced_size(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    argv = case.build(folder, False)
    env = {**os.environ, "HOME": str(folder), "XDG_CACHE_HOME": str(folder / ".cache"),
           "PYTHONPATH": str(ROOT), **{k: v.replace("{dir}", str(folder)) for k, v in case.env.items()}}
    done = subprocess.run([sys.executable, "-m", "auditor", *argv], cwd=folder, env=env, input=case.stdin,
                          capture_output=True, timeout=120, check=False)
    assert done.returncode in case.exits, done.stderr.decode("utf-8", "replace")[-2000:]
    if case.verify is not None:
        assert case.verify(folder, done) is None
