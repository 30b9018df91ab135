"""The fact-label lexicon (auditor/data/labels.yaml): canonical labels, synonyms and part lists."""

from __future__ import annotations

import re
from functools import cache

from auditor import rx
from auditor.data import load_data
from auditor.records import dataclass

# Bare 支出/收入 only name a total when nothing compound-forming stands before them.
GENERIC = frozenset({"支出", "收入"})
# Budget-stage labels: right after another label they qualify it (公用经费调整预算数 is 公用经费 at that stage).
STAGE_LABELS = {"年初预算": "年初预算", "调整预算": "调整预算"}
# A funding prefix carried over a 、 list: 一般公共预算收入、支出均为X -> 一般公共预算支出.
FUNDING_PREFIX = {
    "一般公共预算": {"支出合计": "一般公共预算支出", "收入合计": "一般公共预算收入"},
    "政府性基金": {"支出合计": "政府性基金支出", "收入合计": "政府性基金收入"},
}


@dataclass(frozen=True, slots=True)
class LabelDef:
    """One canonical label."""

    name: str
    synonyms: tuple[str, ...]
    parts: tuple[str, ...]
    kind: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All labels and a compiled pattern that finds any synonym (longest first)."""

    labels: dict[str, LabelDef]
    by_synonym: dict[str, str]
    pattern: re.Pattern[str]

    def canonical(self, written: str) -> str:
        return self.by_synonym[_fold_quotes(written)]

    def is_label(self, name: str) -> bool:
        return name in self.labels


def _fold_quotes(text: str) -> str:
    return text.replace('"', "“", 1).replace('"', "”", 1) if '"' in text else text


def parse_labels(raw: dict) -> list[LabelDef]:   # type: ignore[type-arg]
    """Label definitions from the YAML shape ``name: {synonyms: [...], parts: [...], kind: amount}``."""
    return [LabelDef(name, tuple((body or {}).get("synonyms") or [name]), tuple((body or {}).get("parts") or ()),
                     (body or {}).get("kind", "amount")) for name, body in raw.items()]


def make_lexicon(defs: list[LabelDef]) -> Lexicon:
    """A lexicon from label definitions; a later definition of the same name replaces an earlier one."""
    labels: dict[str, LabelDef] = {}
    for d in defs:
        labels[d.name] = d
    by_syn: dict[str, str] = {}
    for d in labels.values():
        for syn in d.synonyms:
            by_syn[_fold_quotes(syn)] = d.name
    alts = sorted(by_syn, key=len, reverse=True)
    pattern = rx.compile("|".join(re.escape(a).replace("“", "[“\"]").replace("”", "[”\"]") for a in alts))
    return Lexicon(labels, by_syn, pattern)


@cache
def lexicon() -> Lexicon:
    """The shipped lexicon, loaded once."""
    raw = load_data("labels.yaml")
    return make_lexicon(parse_labels(raw))


@cache
def extended(extra: tuple[LabelDef, ...]) -> Lexicon:
    """The shipped lexicon plus labels declared by rule packs."""
    return make_lexicon(list(lexicon().labels.values()) + list(extra)) if extra else lexicon()
