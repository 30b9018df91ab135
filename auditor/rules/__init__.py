"""The built-in Python rules, listed explicitly (no import-time magic); YAML packs live in rules/."""

from __future__ import annotations

from auditor.engine import Registry, Rule
from auditor.rules.consistency import FigureStatedTwice, OtherYear, SelfReference
from auditor.rules.listing import BreakdownSum, ListedItems
from auditor.rules.number_format import GarbledNumber
from auditor.rules.outline import ListedTableMissing, MissingSection, TopLevelNumbering
from auditor.rules.scores import GradeMatchesScore, ScoreItemsAddUp, ScoreWithinWeight, TotalOfItems
from auditor.rules.tables import TableMatchesText, TableScoreWithinMaximum, TableTotals
from auditor.rules.text import DuplicateItem, PageBreakJoin, RepeatedPhrase, SentenceCutOff, TemplateResidue

BUILTIN: tuple[type[Rule], ...] = (GarbledNumber, TopLevelNumbering,
                                   MissingSection, ListedTableMissing, SelfReference, OtherYear, FigureStatedTwice, ScoreWithinWeight,
                                   ScoreItemsAddUp, GradeMatchesScore, TotalOfItems, RepeatedPhrase, SentenceCutOff,
                                   TemplateResidue, PageBreakJoin, DuplicateItem, ListedItems, BreakdownSum,
                                   TableTotals, TableScoreWithinMaximum, TableMatchesText)


def python_rules() -> list[Rule]:
    """One instance of every built-in Python rule, in a stable order."""
    out = []
    for cls in BUILTIN:
        rule = cls()
        rule.source = f"builtin:{cls.__module__}"
        out.append(rule)
    return out


def default_registry(extra_packs: tuple[str, ...] = ()) -> Registry:
    """Python rules plus the shipped YAML packs (and any extra packs) in one registry."""
    from auditor.dsl.loader import build_registry
    return build_registry(extra_packs)
