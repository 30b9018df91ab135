"""Files, caches, configuration and the terminal: the grammar cache, fix --write, configuration discovery,
terminal escapes, file names that are not UTF-8 and write failures (docs/reliability.md)."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import lark

REPORT = "一、基本情况\n2022年基本支出 592.78万元，人员经费550.11万元，公用经费42.67万元。\n"


class _Plant:
    """A pickle that creates a marker file when it is loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def _old_cache_name(text: str, **options: object) -> str:
    """The file name the removed disk cache used for a grammar (hash of text, options, lark version)."""
    stable = sorted((k, type(v).__name__ if k == "transformer" else repr(v)) for k, v in options.items())
    key = hashlib.sha256(repr((text, stable, lark.__version__)).encode())
    return f"grammar-{key.hexdigest()[:20]}.lark"


def test_a_planted_pickle_in_the_cache_folder_never_runs(tmp_path: Path) -> None:
    from auditor.parse import _Lines, grammar_text
    cache = tmp_path / "cache" / "auditor"
    cache.mkdir(parents=True)
    marker = tmp_path / "pwned"
    names = [_old_cache_name(grammar_text("document"), lexer="basic", g_regex_flags=re.MULTILINE,
                             transformer=_Lines())]
    expr = (Path(__file__).resolve().parent.parent / "auditor" / "dsl" / "expr.lark").read_text(encoding="utf-8")
    names.append(_old_cache_name(expr))
    payload = pickle.dumps(_Plant(marker))
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
