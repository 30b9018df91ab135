"""The per-installation cache (auditor/pcache.py) and what uses it: compiled regular expressions (auditor/rx.py),
YAML rule packs (auditor/dsl/yamlnodes.py) and data files (auditor/data). A cached result must be the result:
the same Pattern, the same tree, the same data; a damaged file or entry must be recomputed, never trusted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import rx
from auditor.data import load_data
from auditor.dsl import yamlnodes
from auditor.pcache import Store

ROOT = Path(__file__).resolve().parent.parent

PATTERNS = [
    (r"[一二三四五六七八九十]+", 0),
    (r"(?P<amount>[-−]?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元)", 0),
    (r"^[（(]([一二三四五六七八九十]+)[）)]", re.MULTILINE),
    (r"[^\t\n -~\u3000-\u303f\u4e00-\u9fff]", 0),
    (r"abc|ABC", re.IGNORECASE),
    (r"(?x) a \s+ b  # a comment", 0),
    (r"(?<=增长)\d+(?:\.\d+)?%", 0),
]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """rx with a cache of its own, in a temporary folder, and no patterns compiled yet in this process."""
    s = Store("rx-test", limit=100, folder=str(tmp_path))
    monkeypatch.setattr(rx, "_STORE", s)
    monkeypatch.setattr(rx, "_live", {})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return s


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, dict(a.groupindex)) == (b.pattern, b.flags, b.groups, dict(b.groupindex))
    assert a == b       # Pattern equality compares the compiled code too


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_pattern_from_the_cache_is_the_pattern_re_compiles(store: Store, pattern: str, flags: int) -> None:
    fresh = rx.compile(pattern, flags)
    _same(fresh, re.compile(pattern, flags))
    store.save()
    assert store.path() is not None and os.path.exists(store.path() or "")
    again = Store("rx-test", limit=100, folder=store.folder)        # the next run: read from the file
    rx._STORE, rx._live = again, {}
    assert again.get((pattern, int(flags))) is not None
    cached = rx.compile(pattern, flags)
    _same(cached, re.compile(pattern, flags))
    text = "其中：（三）基本支出 1,234.56万元，增长12.5% abc ABC a  b"
    assert [m.span() for m in cached.finditer(text)] == [m.span() for m in re.finditer(pattern, text, flags)]


@pytest.mark.filterwarnings("ignore::FutureWarning")     # re's "possible nested set" for patterns like [[a]
@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab一二（）()[]^-|*+?{}\\.d", max_size=12), st.text(alphabet="ab一二（）() -", max_size=20))
def test_any_pattern_matches_as_re_does(pattern: str, text: str) -> None:
    try:
        expected = re.compile(pattern)
    except re.error:
        with pytest.raises(re.error):
            rx._entry(pattern, 0, rx._WORD or "I")
        return
    entry = rx._entry(pattern, 0, rx._WORD or "I")
    assert entry is not None
    compiled = rx._from_entry(pattern, entry, rx._WORD or "I")
    assert compiled is not None and compiled == expected
    assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in expected.finditer(text)]


def test_a_damaged_cache_file_is_ignored(store: Store) -> None:
    path = store.path()
    assert path is not None
    Path(path).write_bytes(b"\xff\x00not marshal at all")
    compiled = rx.compile(r"[甲乙丙]+")
    _same(compiled, re.compile(r"[甲乙丙]+"))


def test_an_entry_the_engine_refuses_is_compiled_again(store: Store) -> None:
    key = (r"[甲乙丙]+", 0)
    good = rx._entry(*key, rx._WORD or "I")
    assert good is not None
    flags, code, groups, gi, ig = good
    store.put(key, (flags, code[: len(code) // 2], groups, gi, ig))     # truncated code: the engine refuses it
    _same(rx.compile(*key), re.compile(*key))
    store.put(key, "not an entry")
    rx._live.clear()
    _same(rx.compile(*key), re.compile(*key))


def test_nothing_is_written_when_python_writes_no_bytecode(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    rx.compile(r"[甲乙]")
    store.save()
    assert not os.path.exists(store.path() or "")


def test_a_full_store_keeps_what_this_run_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    first = Store("t", limit=3, folder=str(tmp_path))
    for i in range(3):
        first.put(("old", i), i)
    first.save()
    second = Store("t", limit=3, folder=str(tmp_path))
    assert second.get(("old", 0)) == 0
    second.put(("new", 1), 1)
    second.put(("new", 2), 2)       # 5 entries > 3: only the 3 this run used are written
    second.save()
    third = Store("t", limit=3, folder=str(tmp_path))
    assert [third.get(k) for k in (("old", 0), ("old", 1), ("new", 1), ("new", 2))] == [0, None, 1, 2]


def test_a_value_marshal_cannot_write_is_not_kept(tmp_path: Path) -> None:
    s = Store("t", limit=3, folder=str(tmp_path))
    s.put("k", object())
    assert s.get("k") is None


def test_a_rule_pack_tree_from_the_cache_equals_the_parsed_one(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlnodes, "_STORE", Store("y", limit=10, folder=str(tmp_path)))
    text = (ROOT / "rules" / "share.yaml").read_text(encoding="utf-8")
    parsed = yamlnodes.load_located(text)
    assert parsed is not None
    assert yamlnodes._STORE.get(yamlnodes.digest(text)) is not None
    cached = yamlnodes.load_located(text)
    assert cached == parsed and cached is not parsed
    assert cached.plain() == parsed.plain()
    yamlnodes._STORE.put(yamlnodes.digest(text), (("a", 1, 1),))      # not a tree: parsed again
    assert yamlnodes.load_located(text) == parsed


def test_a_rule_pack_with_an_error_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlnodes, "_STORE", Store("y", limit=10, folder=str(tmp_path)))
    for _ in range(2):
        with pytest.raises(yamlnodes.YamlError):
            yamlnodes.load_located("a: 1\na: 2\n")
    assert yamlnodes._STORE.get(yamlnodes.digest("a: 1\na: 2\n")) is None


def test_data_files_from_the_cache_are_new_objects_each_time(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from auditor import data
    monkeypatch.setattr(data, "_STORE", Store("d", limit=10, folder=str(tmp_path)))
    expected = yaml.safe_load((ROOT / "auditor" / "data" / "profiles.yaml").read_text(encoding="utf-8"))
    first = load_data("profiles.yaml")
    assert first == expected
    first.clear()                   # a caller changing its copy changes no one else's
    assert load_data("profiles.yaml") == expected


def test_lint_output_is_the_same_with_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    """Two runs in fresh processes with their own bytecode folder: the first fills the cache, the second reads
    it; their outputs are identical, and the cache files exist."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    report = str(ROOT / "fixtures" / "000_5b27a47f95f91fcd.txt")
    cmd = [sys.executable, "-m", "auditor", "lint", "--no-config", "--format", "json", report]
    cold = subprocess.run(cmd, check=False, capture_output=True, env=env, cwd=ROOT, timeout=120)
    stores = sorted(p.name.split(".")[0] for p in (tmp_path / "pyc").rglob("*.marshal"))
    assert stores == ["data", "records", "rx", "yamlnodes"], stores
    warm = subprocess.run(cmd, check=False, capture_output=True, env=env, cwd=ROOT, timeout=120)
    assert cold.returncode == warm.returncode == 1
    assert cold.stdout == warm.stdout and b'"findings"' in cold.stdout
