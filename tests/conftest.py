"""Shared fixtures: the seed reports and their expectations."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="session")
def expected() -> dict:
    return yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))


def seed_path(name: str) -> Path:
    return FIXTURES / name


@pytest.fixture(autouse=True)
def _strict_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """In tests a rule that raises fails the test (in use it becomes a rule error: stderr, JSON rule_errors, exit 2)."""
    monkeypatch.setenv("AUDITOR_STRICT", "1")


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the default language (Chinese), whatever AUDITOR_LANG the shell that runs them has."""
    monkeypatch.delenv("AUDITOR_LANG", raising=False)
