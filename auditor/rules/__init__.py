"""The built-in Python rules, listed explicitly (no import-time magic)."""

from __future__ import annotations

from auditor.engine import Registry, Rule
from auditor.rules.changes import YearOverYear
from auditor.rules.number_format import GarbledNumber
from auditor.rules.sections import PlaceholderSection
from auditor.rules.shares import ShareOfTotal, SharesSumToWhole
from auditor.rules.sums import TotalOfParts

BUILTIN: tuple[type[Rule], ...] = (GarbledNumber, TotalOfParts, ShareOfTotal, SharesSumToWhole, YearOverYear,
                                   PlaceholderSection)


def default_registry() -> Registry:
    """A registry with every built-in rule, in a stable order."""
    reg = Registry()
    for cls in BUILTIN:
        rule = cls()
        rule.source = f"builtin:{cls.__module__}"
        reg.add(rule)
    return reg
