"""The benchmark cases of the files area (issue 9, items 1-5, 7, 13) at reduced size, each in a child process
with HOME and XDG_CACHE_HOME inside its folder, checked by its own verify."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from benchmarks.hostile_cases import Case
from benchmarks.hostile_cases.files import CASES

ROOT = Path(__file__).resolve().parent.parent


def run_case(case: Case, folder: Path) -> subprocess.CompletedProcess[bytes]:
    (folder / "home").mkdir()
    argv = case.build(folder, False)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    env.update(HOME=str(folder / "home"), XDG_CACHE_HOME=str(folder / "home" / ".cache"), PYTHONPATH=str(ROOT))
    env.update({k: v.replace("{dir}", str(folder)) for k, v in case.env.items()})
    proc = subprocess.Popen([sys.executable, "-m", "auditor", *argv], cwd=folder, env=env,
                            stdin=subprocess.PIPE if case.stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if case.during is not None:
        threading.Thread(target=case.during, args=(proc, folder), daemon=True).start()
    try:
        out, err = proc.communicate(case.stdin, timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"{case.name}: still running after 120 s")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_files_case_at_reduced_size(case: Case, tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    done = run_case(case, folder)
    assert done.returncode in case.exits, (done.stdout + done.stderr).decode("utf-8", "replace")[-2000:]
    if case.verify is not None:
        assert case.verify(folder, done) is None, case.verify(folder, done)
