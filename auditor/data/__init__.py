"""Data files shipped with auditor (labels, profiles, partitions, table templates)."""

from __future__ import annotations

from typing import Any


def load_data(name: str) -> Any:
    """A data file shipped in auditor/data, parsed by libyaml when PyYAML has it (ten times faster than the pure
    Python parser, and the same objects: tests/test_speed.py compares them), safely either way."""
    from importlib import resources

    import yaml
    text = resources.files("auditor.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
