"""What the speed-ups rest on (the speed itself is measured by benchmarks/cli.py, not by timed tests)."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from auditor.data import load_data


@pytest.mark.parametrize("name", ["labels.yaml", "partitions.yaml", "profiles.yaml", "tables.yaml"])
def test_shipped_data_reads_the_same_with_libyaml(name: str) -> None:
    text = resources.files("auditor.data").joinpath(name).read_text(encoding="utf-8")
    assert load_data(name) == yaml.safe_load(text)
