#!/usr/bin/env python3
"""Plant one error of each kind a reviewer looks for in a 部门预算/部门决算 into real reports, and measure how many
auditor finds (recall on planted errors, issue 13).

The places are chosen from the text itself, by the plain patterns below, never from what auditor reads: a 项 row
of a coded table, the 支出总计 of a 收支总表, a cell of the “三公” table, an amount the 情况说明 states for a 类/款/项
path, for 人员经费/公用经费 or for a “三公” item, a section's opening total (also set to 0), a “三公” share, a
决算数大于/小于预算数. Each variant holds one planted error: a figure moved by about 10% (its decimals and thousands
separators kept), a share moved by 3 points, a comparison word flipped. It is found when linting it gives a finding
of the kind's rules that linting the original did not give (rule and line).

    python scripts/plant.py REPORT... [--per-kind N] [--seed S] [--write DIR]

REPORT: .txt, .docx or .pdf (a Word or PDF report is planted in the text auditor reads from it, its tables' cells
changed with it, and linted as the file would be). --write DIR writes each variant as text, with a first line
saying what was planted, for a test or a person to read. Prints, per kind, the reports
and places planted, how many were found by the kind's rules (recall), how many were reported at the planted figure
(its span or one of the figures its arithmetic uses) by any rule (at), how many within two lines by
any rule, warnings and errors only (near: one defect is one finding, and another rule may report it on the
figure it shares with the planted one, 人员经费 + 公用经费 ≠ 基本支出 on the 基本支出 a line up), and the places
missed.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.build import build_report
from auditor.engine import Registry, run_rules
from auditor.rules import default_registry
from auditor.sources import load
from auditor.sources.txt import SourceText

NEAR = 2    # lines: a defect another rule reports on the sentence's total, a line up, is reported
AMOUNT = r"(?P<v>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


@dataclass(frozen=True)
class Kind:
    name: str
    rules: frozenset[str]
    what: str


KINDS = {k.name: k for k in (
    Kind("table-class-row", frozenset({"TABLE009", "TABLE016", "TABLE001", "TABLE004", "TABLE006"}),
         "the amount of a 项 row of a coded table"),
    Kind("balanced-total", frozenset({"TABLE010"}), "the 支出总计 of a 收支总表"),
    Kind("sangong-cell", frozenset({"TABLE014"}), "an item's cell in the “三公” table"),
    Kind("text-class-amount", frozenset({"TABLE011"}), "an amount the text states for a 类/款/项 path"),
    Kind("text-total", frozenset({"TABLE012"}), "the total a …情况说明 section opens with"),
    Kind("headline-zero", frozenset({"TABLE012"}), "that total written as 0"),
    Kind("staff-office", frozenset({"TABLE013"}), "人员经费 or 公用经费 in the 基本支出 section"),
    Kind("sangong-text", frozenset({"TABLE015", "SHARE004"}), "a “三公” item's amount in its section"),
    Kind("sangong-share", frozenset({"SHARE002", "SHARE001", "SHARE004"}), "a “三公” item's share"),
    Kind("final-vs-budget", frozenset({"CONS004"}), "决算数大于/小于预算数 flipped"),
)}


@dataclass(frozen=True)
class Site:
    kind: str
    start: int
    end: int
    new: str


def moved(text: str) -> str:
    """A figure about 10% off, written as the original was (decimals, thousands separators)."""
    digits = text.replace(",", "")
    places = len(digits.split(".")[1]) if "." in digits else 0
    value = (Decimal(digits) * Decimal("1.1") + 1).quantize(Decimal(1).scaleb(-places))
    out = f"{value:,.{places}f}" if "," in text else f"{value:.{places}f}"
    return out


def _lines(text: str) -> Iterator[tuple[int, str]]:
    at = 0
    for line in text.split("\n"):
        yield at, line
        at += len(line) + 1


_CODED_ITEM = re.compile(r"^\s*\d{7}\t[^\t\d]+\t\s*" + AMOUNT)
_SPENDING_TOTAL = re.compile(r"支出(?:总计|合计)\s*\t\s*" + AMOUNT)
_PATH_AMOUNT = re.compile(r"[（(][项款][）)]\s*(?:支出)?\s*(?:预算数?)?(?:为)?\s*" + AMOUNT + r"\s*万元")
_EXPLAINS = re.compile(r"情况说明")
_FIRST_AMOUNT = re.compile(AMOUNT + r"\s*万元")
# not an increase (基本支出增加人员经费1408.29万元 is how much it grew, not the 人员经费)
_COST = re.compile(r"(?<!增加)(?<!减少)(?:人员经费|公用经费)\s*(?:支出)?\s*(?:预算数?|决算数?)?\s*(?:为)?\s*" + AMOUNT
                   + r"\s*万元")
_SANGONG_ITEM = re.compile(r"(?:因公出国[（(]境[）)]费|公务接待费|公务用车购置及运行(?:维护)?费)(?:预算)?支出\s*" + AMOUNT
                           + r"\s*万元")
_SANGONG_SHARE = re.compile(r"占“?三公”?经费的\s*(?P<v>\d+(?:\.\d+)?)\s*%")
_ORDER = re.compile(r"决算数?(?P<v>大于|小于)(?:年初)?预算数?")


def sites(text: str) -> Iterator[Site]:
    lines = list(_lines(text))
    sangong_header = -10
    for n, (at, line) in enumerate(lines):
        if m := _CODED_ITEM.match(line):
            yield Site("table-class-row", at + m.start("v"), at + m.end("v"), moved(m.group("v")))
        if "收入" in line and (m := _SPENDING_TOTAL.search(line)):
            yield Site("balanced-total", at + m.start("v"), at + m.end("v"), moved(m.group("v")))
        if "因公出国" in line and "\t" in line and "万元" not in line:
            sangong_header = n
        elif 0 < n - sangong_header <= 3 and line.count("\t") >= 3:
            cells = [(c.start(), c.group()) for c in re.finditer(r"[^\t]+", line)]
            figures = [(s, c) for s, c in cells if re.fullmatch(AMOUNT, c.strip()) and c.strip() not in ("0", "0.00")]
            if len(figures) >= 4:
                s, c = figures[2]     # an item (因公出国（境）费 in most layouts), not the 合计 or the 小计
                yield Site("sangong-cell", at + s, at + s + len(c), moved(c.strip()))
    for m in _PATH_AMOUNT.finditer(text):
        yield Site("text-class-amount", m.start("v"), m.end("v"), moved(m.group("v")))
    for m in _EXPLAINS.finditer(text):
        if (f := _FIRST_AMOUNT.search(text, m.end(), m.end() + 160)) and "\t" not in text[m.end():f.start()]:
            yield Site("text-total", f.start("v"), f.end("v"), moved(f.group("v")))
            yield Site("headline-zero", f.start("v"), f.end("v"), "0")
    for m in _COST.finditer(text):
        yield Site("staff-office", m.start("v"), m.end("v"), moved(m.group("v")))
    for m in _SANGONG_ITEM.finditer(text):
        yield Site("sangong-text", m.start("v"), m.end("v"), moved(m.group("v")))
    for m in _SANGONG_SHARE.finditer(text):
        v = Decimal(m.group("v"))
        yield Site("sangong-share", m.start("v"), m.end("v"), str(v + 3))
    for m in _ORDER.finditer(text):
        yield Site("final-vs-budget", m.start("v"), m.end("v"), "小于" if m.group("v") == "大于" else "大于")


def _found(source: SourceText, registry: Registry) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """The findings of linting ``source`` as auditor lints the file it came from (a Word or PDF report with its
    tables as cells, not as text), warnings and errors only: by rule and line, the places each points at (its span
    and the figures its arithmetic uses)."""
    report = build_report(source.path, source.text, registry.lexicon, source.tables, source.pages)
    result = run_rules(report, registry)
    out: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for f in result.findings:
        if f.severity != "info":
            places = out.setdefault((f.rule, source.text.count("\n", 0, f.span.start) + 1), [])
            places.extend((s.start, s.end) for s in (f.span, *f.related))
    return out


def with_planted(source: SourceText, site: Site) -> SourceText:
    """``source`` with the site's words replaced, its tables' cells (and page starts) moved to match."""
    delta = len(site.new) - (site.end - site.start)

    def moved_to(at: int) -> int:
        return at + delta if at >= site.end else at

    tables = []
    for t in source.tables:
        cells = []
        for c in t.cells:
            if c.start <= site.start and site.end <= c.end:
                text = c.text[:site.start - c.start] + site.new + c.text[site.end - c.start:]
                cells.append(replace(c, text=text, end=c.end + delta))
            else:
                cells.append(replace(c, start=moved_to(c.start), end=moved_to(c.end)))
        tables.append(replace(t, cells=tuple(cells), start=moved_to(t.start), end=moved_to(t.end)))
    return replace(source, text=source.text[:site.start] + site.new + source.text[site.end:], tables=tuple(tables),
                   pages=tuple(moved_to(p) for p in source.pages))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="+", type=Path)
    parser.add_argument("--per-kind", type=int, default=2, help="places planted per kind and report (default 2)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--write", type=Path, help="write each variant into this folder")
    args = parser.parse_args(argv)
    rnd = random.Random(args.seed)
    registry = default_registry()     # built once: every variant is linted with it
    planted: dict[str, int] = {k: 0 for k in KINDS}
    hit: dict[str, int] = {k: 0 for k in KINDS}
    at: dict[str, int] = {k: 0 for k in KINDS}       # found, or reported at the planted figure by another rule
    near: dict[str, int] = {k: 0 for k in KINDS}     # found, or reported near it by another rule
    docs: dict[str, set[str]] = {k: set() for k in KINDS}
    missed: list[str] = []
    for path in args.reports:
        source = load(path)
        text = source.text
        baseline = _found(source, registry)
        by_kind: dict[str, list[Site]] = {}
        for site in sites(text):
            if Decimal(text[site.start:site.end].replace(",", "")) != Decimal(site.new.replace(",", "")):
                by_kind.setdefault(site.kind, []).append(site)  # not a total of 0 "set to 0": nothing planted
        for kind, found_sites in by_kind.items():
            for site in rnd.sample(found_sites, min(args.per_kind, len(found_sites))):
                variant = with_planted(source, site)
                line = text.count("\n", 0, site.start) + 1
                found = _found(variant, registry)
                new = {key: places for key, places in found.items() if key not in baseline}
                ok = any(rule in KINDS[kind].rules for rule, _line in new)
                end = site.start + len(site.new)
                planted[kind] += 1
                hit[kind] += ok
                at[kind] += ok or any(s < end and site.start < e for places in new.values() for s, e in places)
                near[kind] += ok or any(abs(n - line) <= NEAR for _rule, n in new)
                docs[kind].add(path.name)
                if not ok:
                    missed.append(f"{path.name}:{line} {kind}: {text[site.start:site.end]} → {site.new}"
                                  f"  (new: {sorted(new) or 'none'})")
                if args.write:
                    args.write.mkdir(parents=True, exist_ok=True)
                    out = args.write / f"{path.stem}.{kind}.{line}.txt"
                    out.write_text(f"# planted: line {line}, {KINDS[kind].what}: {text[site.start:site.end]} → "
                                   f"{site.new}; expected {', '.join(sorted(KINDS[kind].rules))}\n" + variant.text,
                                   encoding="utf-8")
    print(f"{'kind':20s} {'reports':>7s} {'planted':>7s} {'found':>5s} {'recall':>6s} {'at':>5s} {'at%':>5s}"
          f" {'near':>5s}")
    for kind in KINDS:
        if planted[kind]:
            print(f"{kind:20s} {len(docs[kind]):7d} {planted[kind]:7d} {hit[kind]:5d} {hit[kind] / planted[kind]:6.2f}"
                  f" {at[kind]:5d} {at[kind] / planted[kind]:5.2f} {near[kind]:5d}")
        else:
            print(f"{kind:20s} {0:7d} {0:7d} {'-':>5s} {'-':>6s}   (no place to plant in these reports)")
    total = sum(planted.values())
    print(f"{'all':20s} {'':7s} {total:7d} {sum(hit.values()):5d} {sum(hit.values()) / max(total, 1):6.2f}"
          f" {sum(at.values()):5d} {sum(at.values()) / max(total, 1):5.2f} {sum(near.values()):5d}")
    for m in missed:
        print("missed", m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
