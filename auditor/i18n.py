"""The language of the human outputs (--lang zh|en, AUDITOR_LANG): the catalogue auditor/data/i18n.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from auditor.data import load_data
from auditor.errors import UsageError
from auditor.records import dataclass

if TYPE_CHECKING:
    from auditor.engine import Rule

LANGS = ("zh", "en")
DEFAULT = "zh"
ENV = "AUDITOR_LANG"


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Chinese names of severities, categories and rules (by code), and the UI strings in both languages."""

    severities: Mapping[str, str]
    categories: Mapping[str, str]
    rules: Mapping[str, str]
    ui: Mapping[str, Mapping[str, str]]


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue, read once (safe_load: plain data only)."""
    raw = load_data("i18n.yaml")
    names = {key: _strings(raw.get(key), key) for key in ("severities", "categories", "rules")}
    ui: dict[str, Mapping[str, str]] = {}
    for key, texts in (raw.get("ui") or {}).items():
        ui[key] = _strings(texts, f"ui.{key}")
        if set(ui[key]) != set(LANGS):
            raise ValueError(f"i18n.yaml: ui.{key} needs exactly {' and '.join(LANGS)}")
    return Catalogue(names["severities"], names["categories"], names["rules"], ui)


def _strings(value: Any, what: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError(f"i18n.yaml: {what} must map names to strings")
    return value


def resolve(choice: str | None, env: str | None) -> str:
    """The language of a run: --lang when given, else AUDITOR_LANG (zh, en, or a locale such as zh_CN.UTF-8),
    else Chinese. Any other AUDITOR_LANG is a usage error (exit 2), not a silent fallback."""
    if choice:
        return choice
    value = (env or "").strip()
    if not value:
        return DEFAULT
    head = value.replace("-", "_").replace(".", "_").split("_")[0].lower()
    if head in LANGS:
        return head
    raise UsageError(f"{ENV} must be zh or en (or a locale such as zh_CN), not {value!r}")


def severity(key: str, lang: str) -> str:
    """A severity as shown: 错误/警告/提示 in Chinese, the key itself in English."""
    return catalogue().severities.get(key, key) if lang == "zh" else key


def category(key: str, lang: str) -> str:
    """A category as shown: its Chinese name (数字格式, 合计 …), or the key itself in English."""
    return catalogue().categories.get(key, key) if lang == "zh" else key


def chinese(rule: Rule) -> str | None:
    """A rule's Chinese description: its own ``description_zh`` (a YAML pack's), else the catalogue's; None when it
    has neither."""
    return rule.description_zh or catalogue().rules.get(rule.code) or None


def description(rule: Rule, lang: str) -> str:
    """A rule's description in ``lang``; in Chinese, the English one when the rule has no Chinese."""
    return (chinese(rule) or rule.description) if lang == "zh" else rule.description


def text(key: str, lang: str, **values: Any) -> str:
    """A UI string of the catalogue filled with ``values``; each whole number ``n`` also gives ``n_s``, English's
    plural s ("" for one)."""
    filled = dict(values)
    for name, value in values.items():
        if isinstance(value, int) and not isinstance(value, bool):
            filled[f"{name}_s"] = "" if value == 1 else "s"
    return catalogue().ui[key][lang].format(**filled)
