#!/usr/bin/env python3
"""A labelling worksheet for one corpus document: candidate lines, their figures, and what auditor says there.

It proposes; a reader decides. Candidate lines are found by words that signal a checkable relation
(占…%, 较上年/同比 with 增加/减少/增长/下降, 其中, 合计/总计, 完成率/执行率, 得分, …个), independently of
auditor's own extraction, so that the labels can measure what auditor misses. Beside each line it shows
auditor's findings and verified relations at that line, and headings that look numbered.

Usage: python scripts/label_worksheet.py fixtures/real/a-001.txt > /tmp/a-001.worksheet
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SIGNALS = {
    "share": re.compile(r"占[^，。；]{0,30}?\d+(?:\.\d+)?%|比重|占比"),
    "change": re.compile(r"(?:较|比|同比|与)[^，。；]{0,12}(?:增加|减少|增长|下降|降低|上升|持平)"),
    "sum": re.compile(r"其中|合计|总计|共计|分别为|包括"),
    "rate": re.compile(r"(?:完成|执行|到位|覆盖|达成)率|完成(?:年初)?预算的|为预算的"),
    "score": re.compile(r"得分|总分|分值|扣\d"),
    "count": re.compile(r"\d+(?:个|项|家|人|名)[^，。；]{0,6}(?:分别是|分别为|包括|即|：)"),
}
_HEADING = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?%?")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    path = Path(sys.argv[1])
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    run = subprocess.run([sys.executable, "-m", "auditor", "lint", "--format", "json", "--verified", str(path)],
                         check=False, capture_output=True, text=True, cwd=ROOT)
    entry = json.loads(run.stdout)["files"][0]
    said: dict[int, list[str]] = defaultdict(list)
    for f in entry.get("findings", []):
        if f["severity"] == "info":      # info findings are not scored by the benchmark
            continue
        said[f["line"]].append(f"  auditor {f['severity']} {f['rule']} [{f['category']}]: {f['message'][:160]}")
    for v in entry.get("verified", []):
        said[v["line"]].append(f"  auditor holds {v['rule']} [{v['category']}]: {v['relation'][:160]}")
    print(f"# worksheet for {path} ({len(lines)} lines)")
    for i, text in enumerate(lines, 1):
        kinds = [k for k, rx in _SIGNALS.items() if rx.search(text)]
        heading = bool(_HEADING.match(text)) and len(text) < 60
        if not kinds and not heading and i not in said:
            continue
        tag = "heading" if heading else ",".join(kinds) or "-"
        print(f"\n{i:>5} [{tag}] {text[:400]}")
        if kinds:
            print("       figures: " + " ".join(m.group() for m in _NUMBER.finditer(text))[:300])
        for s in said.get(i, []):
            print("    " + s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
