"""Report templates (profiles, auditor/data/profiles.yaml): their top-level outline and its detection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from auditor.model import Heading, Report
from auditor.structure import TEMPLATE_HEADINGS

_TRAILING = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]|[。：:；;，,.]+$")
DETECT_SHARE = 0.6          # a profile is detected when this share of its outline appears as headings


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One top-level section of a template."""

    pattern: re.Pattern[str]
    name: str
    required: bool


@dataclass(frozen=True, slots=True)
class Profile:
    """A report template."""

    key: str
    name: str
    outline: tuple[OutlineEntry, ...]


@cache
def profiles() -> dict[str, Profile]:
    """The shipped profiles, by key."""
    raw = yaml.safe_load(resources.files("auditor.data").joinpath("profiles.yaml").read_text(encoding="utf-8"))
    out = {}
    for key, body in raw.items():
        entries = tuple(OutlineEntry(re.compile(f"^(?:{e['title']})$"), e["name"], bool(e.get("required")))
                        for e in body["outline"])
        out[key] = Profile(key, body["name"], entries)
    return out


@lru_cache(maxsize=4096)
def clean_title(title: str) -> str:
    """A heading title without its score (（28分）) and trailing punctuation, for matching templates."""
    previous = None
    while previous != title:
        previous = title
        title = _TRAILING.sub("", title).strip()
    return title


def matches(entry: OutlineEntry, heading: Heading) -> bool:
    return bool(entry.pattern.match(clean_title(heading.title)))


def present(prof: Profile, report: Report) -> list[bool]:
    """For each outline entry of the profile, whether a heading of the report is that section."""
    titles = {clean_title(h.title) for h in report.headings}
    return [any(e.pattern.match(t) for t in titles) for e in prof.outline]


def detect(report: Report) -> Profile | None:
    """The profile most of whose outline appears among the headings, if one clearly does."""
    best: tuple[float, Profile] | None = None
    tie = False
    for prof in profiles().values():
        found = sum(present(prof, report))
        share = found / len(prof.outline)
        if share < DETECT_SHARE:
            continue
        if best is None or share > best[0]:
            best, tie = (share, prof), False
        elif share == best[0]:
            tie = True
    return None if best is None or tie else best[1]


def explain(report: Report) -> dict[str, object]:
    """Which template profile detection chooses for the report and why: each profile's share of outline
    sections found among the headings (``auditor parse`` shows it)."""
    shares = {key: sum(present(prof, report)) / len(prof.outline) for key, prof in profiles().items()}
    chosen = detect(report)
    if chosen is not None:
        why = (f"{shares[chosen.key]:.0%} of its outline sections are headings of the report "
               f"(at least {DETECT_SHARE:.0%} needed, and more than any other profile)")
    else:
        why = f"no profile has {DETECT_SHARE:.0%} of its outline sections among the headings, or two tie"
    return {"chosen": chosen.key if chosen else None, "why": why,
            "shares": {k: round(v, 3) for k, v in sorted(shares.items())}}


def choose(report: Report, option: str | None) -> Profile | None:
    """The profile in force: chosen by name, detected (``auto`` / None), or none (``none``)."""
    if option in (None, "auto"):
        return detect(report)
    if option == "none":
        return None
    return profiles()[option]


@cache
def top_level_titles() -> tuple[re.Pattern[str], ...]:
    """Titles that are top-level sections in some template (the required sections of every profile, and
    the unnumbered template headings the structure reader knows at level 1)."""
    pats = [e.pattern for p in profiles().values() for e in p.outline if e.required]
    pats += [pat for pat, level in TEMPLATE_HEADINGS if level == 1]
    return tuple(pats)


@lru_cache(maxsize=4096)
def is_top_level_title(title: str) -> bool:
    t = clean_title(title)
    return any(p.match(t) for p in top_level_titles())
