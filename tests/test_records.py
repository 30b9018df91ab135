"""auditor.records.dataclass: the standard library's dataclasses, with the generated methods' compiled code kept
per installation. The classes must be the standard ones in every respect."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from auditor import records
from auditor.pcache import Store


def _make(decorator: object) -> type:
    @decorator(frozen=True, slots=True, kw_only=True)  # type: ignore[operator,misc]
    class Item:
        """An item."""

        name: str
        amount: int = 0
        parts: tuple[int, ...] = ()
        notes: list[str] = dataclasses.field(default_factory=list, compare=False, repr=False)

        def total(self) -> int:
            return self.amount + sum(self.parts)

    return Item


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    s = Store("records-test", limit=100, folder=str(tmp_path))
    monkeypatch.setattr(records, "_STORE", s)
    return s


def test_a_record_is_the_standard_dataclass(store: Store) -> None:
    ours, theirs = _make(records.dataclass), _make(dataclasses.dataclass)
    assert dataclasses.is_dataclass(ours)
    assert [(f.name, f.default, f.compare, f.repr, f.kw_only) for f in dataclasses.fields(ours)] == \
        [(f.name, f.default, f.compare, f.repr, f.kw_only) for f in dataclasses.fields(theirs)]
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        assert getattr(ours, name).__code__.co_code == getattr(theirs, name).__code__.co_code, name
    a, b = ours(name="x", amount=2, parts=(1, 2)), ours(name="x", amount=2, parts=(1, 2), notes=["n"])
    assert a == b and hash(a) == hash(b) and a.total() == 5
    assert repr(a) == repr(theirs(name="x", amount=2, parts=(1, 2))).replace(theirs.__qualname__, ours.__qualname__)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.amount = 3        # type: ignore[misc]
    with pytest.raises(TypeError):
        ours("x")           # keyword-only
    assert dataclasses.replace(a, amount=7).amount == 7
    assert not hasattr(a, "__dict__")       # slots
    assert store.get(next(iter(store._load()))) is not None


def test_the_second_run_takes_the_code_from_the_cache(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _make(records.dataclass)
    assert len(store._load()) >= 5          # __init__, __repr__, __eq__, __hash__, __setattr__, __delattr__
    compiled = []
    monkeypatch.setattr(records, "compile", lambda *a: compiled.append(a) or compile(*a), raising=False)
    again = _make(records.dataclass)
    assert compiled == []                   # every generated text was in the cache
    assert again(name="y").name == "y"


def test_a_damaged_entry_is_compiled_again(store: Store) -> None:
    _make(records.dataclass)
    for key in list(store._load()):
        store.put(key, "not code")
    cls = _make(records.dataclass)
    assert cls(name="z", amount=1) == cls(name="z", amount=1)


def test_pickling_a_record_round_trips() -> None:
    from auditor.spans import Span
    span = Span(3, 9)
    assert pickle.loads(pickle.dumps(span)) == span


def test_the_module_is_left_as_it_was(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _make(records.dataclass)
    assert "exec" not in vars(dataclasses)          # the cache's exec is given only while a class is made
    seen = []

    def theirs(source, globals=None, locals=None):  # type: ignore[no-untyped-def]  # someone else's exec
        seen.append(source)
        exec(source, globals, locals)  # noqa: S102
    monkeypatch.setattr(dataclasses, "exec", theirs, raising=False)
    cls = _make(records.dataclass)
    assert seen and all(isinstance(s, str) for s in seen)       # theirs was used, and kept
    assert vars(dataclasses)["exec"] is theirs
    assert cls(name="a").amount == 0


def test_a_record_made_while_another_is_being_made_does_not_wait_forever(store: Store) -> None:
    import threading

    made: list[type] = []

    class Base:
        def __init_subclass__(cls, **kw: object) -> None:
            super().__init_subclass__()
            made.append(records.dataclass(frozen=True)(type("Inner", (), {"__annotations__": {"x": "int"}})))

    def make() -> None:
        @records.dataclass(frozen=True, slots=True)     # slots: the class is made again, __init_subclass__ runs
        class Outer(Base):
            y: int
        made.append(Outer)

    worker = threading.Thread(target=make, daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive() and len(made) >= 2
    assert "exec" not in vars(dataclasses)
