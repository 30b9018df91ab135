#!/usr/bin/env python3
"""Trust benchmark: precision, recall and extraction coverage of auditor on the corpus of real reports.

The corpus is fixtures/real/: documents listed in index*.tsv, and per document a label file
labels/<id>.yaml written by reading the document (docs/corpus.md gives the format). The script runs
``auditor lint --format json --verified`` on every document and on mutated copies, then prints:

- precision of error and warning findings, per rule and per category, over the findings that a label
  judges (a judged finding, or a labelled relation on the finding's line); findings that no label
  covers are listed and counted apart, never folded into either side;
- recall on the labelled relations that are violated in the real text;
- recall on injected defects: each labelled relation that holds, with its figure altered well beyond
  rounding; a thousands separator misplaced; a labelled heading sequence with a number duplicated or
  skipped; a labelled problem section emptied to 无;
- extraction coverage: labelled relations that auditor checked (verified, or reported) at their line, or at the line
  of one of the figures it used when the two share at least two figures (a total's reading labelled at its part).
  A finding hits a planted or real defect at its own line or at the figures its arithmetic uses (``related``).

Usage: python benchmarks/trust.py [--corpus DIR] [-v] [--injections N|all] [--min-precision P]
       [--min-rule-precision P] [--min-recall R] [--min-injected R] [--min-coverage C]
Exit status 1 when a --min-* bar is not met, 2 when auditor could not be run.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
NUMERIC = {"number-format", "sum", "share", "change", "rate", "score", "count", "consistency"}
RELATION_KINDS = {"sum", "share", "change", "rate", "score", "count"}
REPORTED = {"error", "warning"}


@dataclass
class Doc:
    """One corpus document with its labels."""

    id: str
    path: Path
    kind: str
    lines: list[str]
    labels: dict[str, Any] | None

    def relations(self) -> list[dict[str, Any]]:
        return list((self.labels or {}).get("relations") or [])


@dataclass
class Injection:
    """A mutated copy of a document: the defect planted, and where a finding must appear."""

    doc: Doc
    kind: str          # relation / separator / numbering / empty-section
    line: int          # 1-based line of the planted defect
    categories: frozenset[str]
    what: str
    text: str
    column: int | None = None     # where on the line the defect was planted (1-based), when known
    line_length: int = 0


@dataclass
class Tally:
    """Counts for one rule or category."""

    true: int = 0
    false: int = 0
    unjudgeable: int = 0
    unjudged: int = 0
    false_list: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        judged = self.true + self.false
        return self.true / judged if judged else None


def load_corpus(corpus: Path) -> list[Doc]:
    """Every document of the index files, with its label file when there is one."""
    docs: list[Doc] = []
    for index in sorted(corpus.glob("index*.tsv")):
        with open(index, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                path = corpus / row["file"]
                text = path.read_text(encoding="utf-8-sig")
                label_file = corpus / "labels" / f"{row['id']}.yaml"
                labels = yaml.safe_load(label_file.read_text(encoding="utf-8")) if label_file.exists() else None
                docs.append(Doc(row["id"], path, row.get("kind", ""), _split_lines(text), labels))
    return docs


def _split_lines(text: str) -> list[str]:
    """Lines as auditor counts them: \\n, \\r\\n and \\r each end one; the ends are kept."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def run_auditor(paths: list[Path], jobs: int) -> dict[str, dict[str, Any]]:
    """Lint the files in one batch; the JSON file entries by path."""
    if not paths:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for chunk in (paths[i:i + 400] for i in range(0, len(paths), 400)):
        cmd = [sys.executable, "-m", "auditor", "lint", "--format", "json", "--verified", "--fail-on", "error",
               "-j", str(jobs), *map(str, chunk)]
        run = subprocess.run(cmd, check=False, capture_output=True, text=True, cwd=ROOT)
        try:
            data = json.loads(run.stdout)
        except json.JSONDecodeError:
            raise SystemExit(f"trust: auditor gave no JSON (exit {run.returncode}): {run.stderr.strip()[-300:]}")
        out.update({entry["path"]: entry for entry in data["files"]})
    return out


def judge(doc: Doc, finding: dict[str, Any]) -> str:
    """true / false / unjudgeable / unjudged for one error or warning finding on a document."""
    labels = doc.labels
    if labels is None:
        return "unjudged"
    line = int(finding["line"])
    for lf in labels.get("findings") or []:
        if lf.get("rule") == finding["rule"] and int(lf["line"]) == line and \
                (not lf.get("quote") or lf["quote"] in finding.get("message", "") + _text_at(doc, finding)):
            return str(lf["verdict"])
    cat = finding["category"]
    near = [r for r in doc.relations() if r.get("category") == cat and abs(int(r["line"]) - line) <= 1]
    if any(r.get("verdict") == "violated" for r in near):
        return "true"
    if any(r.get("verdict") == "holds" and int(r["line"]) == line for r in near):
        return "false"
    return "unjudged"


def _text_at(doc: Doc, finding: dict[str, Any]) -> str:
    i = int(finding["line"]) - 1
    return doc.lines[i] if 0 <= i < len(doc.lines) else ""


LONG_LINE = 300      # on a longer line (a whole report on one line) a finding must lie near the spot
NEAR = 150


def _hits(entry: dict[str, Any] | None, line: int, categories: Iterable[str], spread: int = 1,
          column: int | None = None, line_length: int = 0) -> bool:
    """An error or warning finding of these categories within ``spread`` lines; on a long line, on that line
    within NEAR characters of ``column`` when it is known. A finding also hits at the figures its arithmetic uses
    (its ``related`` places: the part of a total is where the total's finding is about), on their own line."""
    if not entry:
        return False
    cats = set(categories)
    for f in entry.get("findings", []):
        if f["severity"] not in REPORTED or f["category"] not in cats:
            continue
        if _near(f, line, spread, column, line_length) or any(_near(r, line, 0, column, line_length)
                                                                for r in f.get("related", ())):
            return True
    return False


def _near(place: dict[str, Any], line: int, spread: int, column: int | None, line_length: int) -> bool:
    """Whether a place ({line, column}) is within ``spread`` lines of ``line``, and on a long line, on that line
    within NEAR characters of ``column`` when it is known."""
    if abs(int(place["line"]) - line) > spread:
        return False
    far = int(place["line"]) != line or abs(int(place["column"]) - column) > NEAR if column is not None else False
    return not (line_length > LONG_LINE and far)


def _column(doc: Doc, line: int, quote: str | None) -> tuple[int | None, int]:
    """The 1-based column of ``quote`` on the line and the line's length."""
    text = doc.lines[line - 1].rstrip("\r\n") if 0 < line <= len(doc.lines) else ""
    at = text.find(quote) if quote else -1
    return (at + 1 if at >= 0 else None), len(text)


_LINE_REF = re.compile(r"\b(?:ll?|lines?)\.?\s*\d+(?:\s*[-–]\s*\d+)?")
_FIG = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _figures(text: str) -> set[str]:
    """The figures of a relation's text, separators dropped, line references (l.38, lines 62-71) left out."""
    return {m.group().replace(",", "") for m in _FIG.finditer(_LINE_REF.sub(" ", text))}


def _checked(entry: dict[str, Any] | None, line: int, category: str, relation: str = "") -> bool:
    """Whether a finding or a verified relation of the category is at the labelled relation's line (±1), or uses a
    figure on that line (its ``related`` places) and shares at least two figures with the labelled relation: the
    same arithmetic told at its total's line (税收75.4 + 非税119.1 = 194.5, labelled at 119.1's line)."""
    if not entry:
        return False
    near = [*entry.get("findings", []), *entry.get("verified", [])]
    if any(x["category"] == category and abs(int(x["line"]) - line) <= 1 for x in near):
        return True
    wanted = _figures(relation)
    return any(x["category"] == category and any(int(r["line"]) == line for r in x.get("related", ()))
               and len(wanted & _figures(x.get("relation") or x.get("message") or "")) >= 2 for x in near)


# --- injections ----------------------------------------------------------------------------------------

_NUM = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
_CN = "零一二三四五六七八九十"


def _altered(printed: str) -> str | None:
    """The printed figure altered well beyond rounding, in the same style (decimals, separators, %)."""
    m = _NUM.search(printed)
    if m is None:
        return None
    digits = m.group().replace(",", "")
    value = Decimal(digits)
    places = -value.as_tuple().exponent if "." in digits else 0   # type: ignore[operator]
    if printed.rstrip().endswith("%") and value < 100:
        new = value + max(Decimal("3.7"), value * Decimal("0.3"))
        new = min(new, Decimal(99)) if value < 60 else value / 2
    else:
        new = value * Decimal("1.13") + Decimal(1)
    text = f"{new:.{places}f}"
    if "," in m.group():
        whole, _, frac = text.partition(".")
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    if Decimal(text.replace(",", "")) == value:
        return None
    return printed[:m.start()] + text + printed[m.end():]


def _with_line(doc: Doc, line: int, new: str) -> str:
    lines = list(doc.lines)
    end = re.search(r"(\r\n|\r|\n)$", lines[line - 1])
    lines[line - 1] = new + (end.group() if end else "")
    return "".join(lines)


def injections(doc: Doc) -> Iterator[Injection]:
    """Every defect this document's labels allow planting, in a stable order."""
    lines = doc.lines
    for r in doc.relations():
        target, line = r.get("target"), int(r.get("line", 0))
        if r.get("verdict") != "holds" or not target or r.get("category") not in RELATION_KINDS \
                or not 0 < line <= len(lines) or target not in lines[line - 1]:
            continue
        if any("０" <= c <= "９" or c == "．" for c in str(target)):
            continue        # full-width figures: the alteration would rewrite only part of the figure
        new = _altered(str(target))
        if new:
            text = lines[line - 1].rstrip("\r\n")
            yield Injection(doc, "relation", line, frozenset(NUMERIC), f"{target} → {new}",
                            _with_line(doc, line, text.replace(str(target), new, 1)),
                            text.find(str(target)) + 1, len(text))
    for i, raw in enumerate(lines, 1):
        m = _GROUPED.search(raw)
        if m and len(m.group().split(".")[0].replace(",", "")) >= 5:
            digits = m.group().replace(",", "")
            whole, _, frac = digits.partition(".")
            bad = whole[0] + "," + whole[1:] + (f".{frac}" if frac else "")   # 17221.85 → 1,7221.85
            text = raw.rstrip("\r\n")
            yield Injection(doc, "separator", i, frozenset({"number-format"}), f"{m.group()} → {bad}",
                            _with_line(doc, i, text[:m.start()] + bad + text[m.end():]), m.start() + 1, len(text))
    for seq in (doc.labels or {}).get("outlines") or []:
        heads = [int(x) for x in seq.get("lines", [])]
        for k in range(1, len(heads)):
            for shift, what in ((1, "skipped"), (-1, "duplicated")):
                new = _renumber(doc, heads[k:], shift)
                if new is not None:
                    yield Injection(doc, "numbering", heads[k], frozenset({"numbering"}),
                                    f"heading number {what} at line {heads[k]}", new)
    for sec in (doc.labels or {}).get("problem_sections") or []:
        head, end = int(sec["line"]), int(sec["end"])
        if 0 < head < end <= len(lines):
            body = [*lines[:head], "无。\n", *lines[end:]]
            yield Injection(doc, "empty-section", head, frozenset({"empty-section"}),
                            f"section at line {head} emptied", "".join(body))


_MARK = re.compile(r"^\s*[（(]?第?([一二三四五六七八九十]{1,3}|\d{1,2})(?=[、.．）)]|部分)")


def _renumber(doc: Doc, heads: list[int], shift: int) -> str | None:
    """The document with the markers of these heading lines moved by shift (their text otherwise kept)."""
    lines = list(doc.lines)
    for h in heads:
        raw = lines[h - 1]
        m = _MARK.match(raw)
        if m is None:
            return None
        num = m.group(1)
        n = int(num) if num.isdigit() else _cn_value(num)
        if n is None or n + shift < 1:
            return None
        new = str(n + shift) if num.isdigit() else _cn_text(n + shift)
        lines[h - 1] = raw[:m.start(1)] + new + raw[m.end(1):]
    return "".join(lines)


def _cn_value(s: str) -> int | None:
    if s == "十":
        return 10
    if len(s) == 1:
        return _CN.index(s) if s in _CN else None
    if s.startswith("十"):
        return 10 + _CN.index(s[1])
    if s.endswith("十"):
        return _CN.index(s[0]) * 10
    return _CN.index(s[0]) * 10 + _CN.index(s[2]) if len(s) == 3 else None


def _cn_text(n: int) -> str:
    if n <= 10:
        return _CN[n] if n < 10 else "十"
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


# --- the report ----------------------------------------------------------------------------------------

def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a (0/0)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "fixtures" / "real"))
    ap.add_argument("-v", "--verbose", action="store_true", help="list every false alarm, miss and unjudged finding")
    ap.add_argument("--injections", default="300", help="how many injected defects to try (sampled evenly), or all")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    for bar in ("precision", "rule-precision", "recall", "injected", "coverage"):
        ap.add_argument(f"--min-{bar}", type=float, default=None)
    a = ap.parse_args()

    corpus = Path(a.corpus)
    docs = load_corpus(corpus)
    if not docs:
        print(f"trust: no documents in {corpus} (index*.tsv)")
        return 2
    results = run_auditor([d.path for d in docs], a.jobs)
    entry_of = {d.id: results.get(str(d.path)) for d in docs}

    # precision
    by_rule: dict[str, Tally] = defaultdict(Tally)
    by_cat: dict[str, Tally] = defaultdict(Tally)
    unjudged: list[str] = []
    for d in docs:
        for f in (entry_of[d.id] or {}).get("findings", []):
            if f["severity"] not in REPORTED:
                continue
            verdict = judge(d, f)
            where = f"{d.id}:{f['line']} {f['rule']} {f['message'][:90]}"
            for t in (by_rule[f["rule"]], by_cat[f["category"]]):
                if verdict == "true":
                    t.true += 1
                elif verdict == "false":
                    t.false += 1
                    t.false_list.append(where)
                elif verdict == "unjudgeable":
                    t.unjudgeable += 1
                else:
                    t.unjudged += 1
            if verdict == "unjudged":
                unjudged.append(where)
    total = Tally(sum(t.true for t in by_rule.values()), sum(t.false for t in by_rule.values()))

    # recall on real violations, and coverage
    misses: list[str] = []
    violated = found = relations = covered = 0
    uncovered: Counter[str] = Counter()
    not_extracted: list[str] = []
    for d in docs:
        entry = entry_of[d.id]
        for r in d.relations():
            cat, line = r.get("category"), int(r.get("line", 0))
            if r.get("verdict") == "violated":
                violated += 1
                cats = NUMERIC if cat in NUMERIC else {cat}
                if _hits(entry, line, cats, 1, *_column(d, line, r.get("quote"))):
                    found += 1
                else:
                    misses.append(f"{d.id}:{line} [{cat}] {r.get('relation', '')[:90]}")
            if cat in RELATION_KINDS and r.get("verdict") in ("holds", "violated"):
                relations += 1
                if _checked(entry, line, str(cat), str(r.get("relation", ""))):
                    covered += 1
                else:
                    uncovered[str(cat)] += 1
                    not_extracted.append(f"{d.id}:{line} [{cat}] {r.get('relation', '')[:90]}")

    # injected defects
    planted = [inj for d in docs if d.labels for inj in injections(d)]
    if a.injections != "all" and len(planted) > int(a.injections):
        planted = random.Random(20261130).sample(planted, int(a.injections))
    inj_found: Counter[str] = Counter()
    inj_total: Counter[str] = Counter()
    inj_missed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="trust-") as tmp:
        paths = []
        for i, inj in enumerate(planted):
            p = Path(tmp) / f"{i:05d}-{inj.doc.id}.txt"
            p.write_text(inj.text, encoding="utf-8")
            paths.append(p)
        mutated = run_auditor(paths, a.jobs)
        for inj, p in zip(planted, paths):
            inj_total[inj.kind] += 1
            if _hits(mutated.get(str(p)), inj.line, inj.categories, 1, inj.column, inj.line_length):
                inj_found[inj.kind] += 1
            else:
                inj_missed.append(f"{inj.doc.id}:{inj.line} [{inj.kind}] {inj.what}")

    labelled = sum(d.labels is not None for d in docs)
    print(f"corpus: {len(docs)} documents ({labelled} labelled), {sum(len(d.lines) for d in docs)} lines")
    print(f"\n{'rule / category':22} {'true':>5} {'false':>5} {'n/j':>4} {'unjudged':>8} {'precision':>9}")
    for name, t in [*sorted(by_rule.items()), ("", Tally()), *sorted(by_cat.items())]:
        if not name:
            print("-" * 60)
            continue
        p = "—" if t.precision is None else f"{t.precision:.3f}"
        print(f"{name:22} {t.true:>5} {t.false:>5} {t.unjudgeable:>4} {t.unjudged:>8} {p:>9}")
    print("\ninjected defects:")
    for kind in sorted(inj_total):
        print(f"  {kind:14} {_ratio(inj_found[kind], inj_total[kind])}")
    if uncovered:
        print("relations not extracted, by category: " + ", ".join(f"{k} {v}" for k, v in uncovered.most_common()))
    if a.verbose:
        for title, items in (("false alarms", [x for t in by_rule.values() for x in t.false_list]),
                             ("missed real violations", misses), ("missed injected defects", inj_missed),
                             ("labelled relations not extracted", not_extracted)):
            print(f"\n{title} ({len(items)}):")
            for x in items:
                print("  " + x)
    print(f"\nunjudged findings ({len(unjudged)}): no label covers them; label them in fixtures/real/labels/")
    for x in unjudged if a.verbose else unjudged[:10]:
        print("  " + x)
    if not a.verbose and len(unjudged) > 10:
        print(f"  … and {len(unjudged) - 10} more (-v lists them)")

    injected_total, injected_found = sum(inj_total.values()), sum(inj_found.values())
    precision = total.precision
    print(f"\ntrust: precision {_ratio(total.true, total.true + total.false)} | real violations found "
          f"{_ratio(found, violated)} | injected found {_ratio(injected_found, injected_total)} | "
          f"coverage {_ratio(covered, relations)} | unjudged {len(unjudged)} | documents {len(docs)}")

    failed = []
    if a.min_precision is not None and (precision is None or precision < a.min_precision):
        failed.append("precision")
    if a.min_rule_precision is not None:
        low = [r for r, t in by_rule.items() if t.precision is not None and t.precision < a.min_rule_precision]
        if low:
            failed.append("rule precision (" + ", ".join(sorted(low)) + ")")
    for name, num, den in (("recall", found, violated), ("injected", injected_found, injected_total),
                           ("coverage", covered, relations)):
        bar = getattr(a, f"min_{name}")
        if bar is not None and (not den or num / den < bar):
            failed.append(name)
    if failed:
        print("below the bar: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
