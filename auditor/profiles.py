"""Report templates (profiles, auditor/data/profiles.yaml): their outline, and which one a report follows."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from auditor import rx
from auditor.data import load_data
from auditor.model import Heading, Report
from auditor.records import dataclass
from auditor.structure import TEMPLATE_HEADINGS

_TRAILING = rx.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]|[。：:；;，,.]+$")
_PART_ONLY = rx.compile(r"^第[一二三四五六七八九十]{1,3}部分$")
DETECT_SHARE = 0.6          # a profile is a candidate when this share of its outline appears as headings
DETECT_ORDER = 0.75         # … and this share of the entries found appear in the outline's order
HINT_BONUS = 0.1            # each hint of the opening (kind, place) adds this to a candidate's score
MARGIN = 0.1                # the best candidate must lead the next by this much, else no profile is chosen
OPENING_CHARS = 400         # the opening: the text before the first top-level heading, at most this long


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One section (or part) of a template."""

    pattern: re.Pattern[str]
    name: str
    required: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """A report template."""

    key: str
    name: str
    outline: tuple[OutlineEntry, ...]
    kind: str = ""
    province: str | None = None
    level: str = "section"                   # section: 一、二、… entries; part: 第X部分 entries
    hint: re.Pattern[str] | None = None      # the opening names this kind of report
    place: re.Pattern[str] | None = None     # the opening names the province or one of its cities
    sources: tuple[str, ...] = ()
    headings: str = "top"                    # top: only top-level headings are entries; all: any heading
    hint_required: bool = False              # detected only when the opening names its kind


def _compile(text: str | None) -> re.Pattern[str] | None:
    return rx.compile(text) if text else None


@cache
def profiles() -> dict[str, Profile]:
    """The shipped profiles, by key."""
    raw = load_data("profiles.yaml")
    out = {}
    for key, body in raw.items():
        entries = tuple(OutlineEntry(rx.compile(f"^(?:{e['title']})$"), e["name"], bool(e.get("required")))
                        for e in body["outline"])
        out[key] = Profile(key=key, name=body["name"], outline=entries, kind=body.get("kind", ""),
                           province=body.get("province"), level=body.get("level", "section"),
                           hint=_compile(body.get("hint")), place=_compile(body.get("place")),
                           sources=tuple(body.get("sources") or ()), headings=body.get("headings", "top"),
                           hint_required=bool(body.get("hint_required")))
    return out


@lru_cache(maxsize=4096)
def clean_title(title: str) -> str:
    """A heading title without its score (（28分）) and trailing punctuation, for matching templates."""
    previous = None
    while previous != title:
        previous = title
        title = _TRAILING.sub("", title).strip()
    return title


def _title(report: Report, h: Heading) -> str:
    """The title a heading is matched by: a part written alone on its line (第一部分) takes the next line."""
    if h.style == "part" and _PART_ONLY.match(h.title.replace(" ", "")):
        rest = report.text[h.end:h.end + 200].lstrip().split("\n", 1)[0].strip()
        return clean_title(rest) if rest else clean_title(h.title)
    return clean_title(h.title)


def _candidates(prof: Profile, report: Report) -> list[Heading]:
    """The headings that may be the profile's entries: parts for a part outline, other headings otherwise."""
    if prof.level == "part":
        return [h for h in report.headings if h.style == "part"]
    # a part may be one of the sections too (第一部分 2023年预算执行情况 in a 预算执行报告 written in parts)
    return [h for h in report.headings if not h.is_item and h.style not in ("appendix", "document")
            and (prof.headings == "all" or h.level <= 1)]


def matches(entry: OutlineEntry, heading: Heading, report: Report | None = None) -> bool:
    title = _title(report, heading) if report is not None else clean_title(heading.title)
    return bool(entry.pattern.match(title))


def located(prof: Profile, report: Report) -> list[list[Heading]]:
    """For each outline entry of the profile, the headings of the report that are that section, in order."""
    heads = [(h, _title(report, h)) for h in _candidates(prof, report)]
    return [[h for h, t in heads if e.pattern.match(t)] for e in prof.outline]


def present(prof: Profile, report: Report) -> list[bool]:
    """For each outline entry of the profile, whether a heading of the report is that section."""
    return [bool(hs) for hs in located(prof, report)]


_LEAD = rx.compile(r"^[\s—\-一二三四五六七八九十\d、.．,，（）()]*")


def mentioned(entry: OutlineEntry, report: Report) -> bool:
    """Whether a short line of the report reads as the entry's title once a marker-like lead is taken off
    (—、基本情况: a heading whose 一 was read as a dash is not a heading to the structure reader, but the
    section is there)."""
    for line in report.text.splitlines():
        line = line.strip()
        if 2 <= len(line) <= 40 and entry.pattern.match(clean_title(_LEAD.sub("", line))):
            return True
    return False


def _in_order(where: list[list[Heading]]) -> int:
    """How many of the entries found follow the outline's order: each entry is taken at its first heading
    after the previous entry taken (an entry met only earlier is out of order)."""
    pos, n = -1, 0
    for hs in where:
        nxt = next((h for h in hs if h.start > pos), None)
        if nxt is not None:
            pos, n = nxt.start, n + 1
    return n


def opening(report: Report) -> str:
    """The document's title and first lines: the text before its first top-level heading (at most
    OPENING_CHARS characters), with line breaks and spaces removed so that a title broken over lines reads
    whole."""
    first = next((h.start for h in report.headings if not h.is_item and h.level <= 1), len(report.text))
    first = min([first, *(r.start for r in report.outline if r.kind == "toc")])    # the 目录 names every part
    head = report.text[:min(first, OPENING_CHARS)] if first > 0 else report.text[:OPENING_CHARS]
    return re.sub(r"\s+", "", head)


@dataclass(frozen=True, slots=True)
class Assessment:
    """How well a profile fits a report."""

    profile: Profile
    found: int
    share: float
    order: float
    kind_hint: bool | None        # None: the profile has no hint
    place_hint: bool | None
    contradicted: str | None      # why the opening rules the profile out
    score: float

    @property
    def candidate(self) -> bool:
        return self.share >= DETECT_SHARE and self.order >= DETECT_ORDER and self.contradicted is None

    def to_dict(self) -> dict[str, object]:
        return {"profile": self.profile.key, "share": round(self.share, 3), "order": round(self.order, 3),
                "kind_hint": self.kind_hint, "place_hint": self.place_hint, "contradicted": self.contradicted,
                "score": round(self.score, 3)}


def assess(report: Report) -> list[Assessment]:
    """Every profile's fit to the report, best first."""
    head = opening(report)
    kinds = {p.key: bool(p.hint.search(head)) if p.hint else None for p in profiles().values()}
    places = {p.key: bool(p.place.search(head)) if p.place else None for p in profiles().values()}
    out = []
    for prof in profiles().values():
        where = located(prof, report)
        found = sum(1 for hs in where if hs)
        share = found / len(prof.outline)
        order = _in_order(where) / found if found else 0.0
        contradicted = None
        if not kinds[prof.key]:
            other = sorted({p.kind for p in profiles().values() if kinds[p.key] and p.kind != prof.kind})
            if other:
                contradicted = f"the opening names a {'/'.join(other)} report, not {prof.kind}"
        if contradicted is None and prof.hint_required and not kinds[prof.key]:
            contradicted = f"the opening does not name a {prof.kind} report"
        if contradicted is None and prof.province and not places[prof.key]:
            other = sorted({p.province for p in profiles().values()
                            if places[p.key] and p.province and p.province != prof.province})
            if other:
                contradicted = f"the opening names {'/'.join(other)}, not {prof.province}"
        bonus = HINT_BONUS * (bool(kinds[prof.key]) + bool(places[prof.key]))
        out.append(Assessment(prof, found, share, order, kinds[prof.key], places[prof.key], contradicted,
                              share + bonus))
    out.sort(key=lambda a: (-a.candidate, -a.score, a.profile.key))
    return out


def _decide(ranked: list[Assessment]) -> tuple[Profile | None, str]:
    cands = [a for a in ranked if a.candidate]
    if not cands:
        return None, (f"no profile has {DETECT_SHARE:.0%} of its outline among the headings in order "
                      f"(at least {DETECT_ORDER:.0%} of them in the outline's order) without the opening ruling "
                      f"it out")
    best = cands[0]
    if len(cands) > 1 and best.score - cands[1].score < MARGIN:
        return None, (f"too close to choose: {best.profile.key} (score {best.score:.2f}) and "
                      f"{cands[1].profile.key} (score {cands[1].score:.2f}) differ by less than {MARGIN}")
    hints = []
    if best.kind_hint:
        hints.append(f"the opening names a {best.profile.kind} report")
    if best.place_hint:
        hints.append(f"the opening names {best.profile.province}")
    why = (f"{best.share:.0%} of its outline {'parts' if best.profile.level == 'part' else 'sections'} "
           f"({best.found} of {len(best.profile.outline)}) are headings of the report, "
           f"{best.order:.0%} of them in the outline's order")
    if hints:
        why += "; " + "; ".join(hints)
    if len(cands) > 1:
        why += f"; it leads {cands[1].profile.key} by {best.score - cands[1].score:.2f}"
    return best.profile, why


def detect(report: Report) -> Profile | None:
    """The profile the report clearly follows, if one does."""
    return _decide(assess(report))[0]


def explain(report: Report) -> dict[str, object]:
    """Which template profile detection chooses for the report and why (``auditor parse`` shows it): the
    chosen profile, the reason, each profile's share of outline sections found among the headings, and the
    runners-up with their share, order, hints and score."""
    ranked = assess(report)
    chosen, why = _decide(ranked)
    runners = [a.to_dict() for a in ranked if (chosen is None or a.profile.key != chosen.key)
               and (a.share >= DETECT_SHARE / 2 or a.candidate)][:4]
    out: dict[str, object] = {"chosen": chosen.key if chosen else None, "why": why,
                              "shares": {a.profile.key: round(a.share, 3) for a in sorted(ranked, key=lambda a:
                                                                                            a.profile.key)},
                              "runners_up": runners}
    if chosen is not None:
        out["assessment"] = next(a.to_dict() for a in ranked if a.profile.key == chosen.key)
    return out


def choose(report: Report, option: str | None) -> Profile | None:
    """The profile in force: chosen by name, detected (``auto`` / None), or none (``none``)."""
    if option in (None, "auto"):
        return detect(report)
    if option == "none":
        return None
    return profiles()[option]


@cache
def top_level_titles() -> tuple[re.Pattern[str], ...]:
    """Titles that are top-level sections in some template (the required sections of the section-level
    performance-report profiles, and the unnumbered template headings the structure reader knows at
    level 1)."""
    pats = [e.pattern for p in profiles().values() if p.level == "section" and p.kind == "部门整体绩效自评"
            for e in p.outline if e.required]
    pats += [pat for pat, level in TEMPLATE_HEADINGS if level == 1]
    return tuple(pats)


@lru_cache(maxsize=4096)
def is_top_level_title(title: str) -> bool:
    t = clean_title(title)
    return any(p.match(t) for p in top_level_titles())
