"""`auditor parse --format outline`: the report's outline as an indented listing a reviewer can read —
front matter, 目录, documents, parts, sections, tables and appendices with their lines, the template profile
chosen and why, a count of the page furniture set aside and of the relations read (auditor/columns.py,
auditor/statements.py) by source."""

from __future__ import annotations

from collections import Counter
from typing import Any

from auditor.model import Region, Report, Section
from auditor.report.escape import safe_name, visible

_KIND = {"front": "标题", "toc": "目录", "document": "文件", "part": "部分", "appendix": "附件", "table": "表格",
         "section": "章节"}
_CONTAINERS = ("document", "part", "appendix")


def render(report: Report, profile: dict[str, Any]) -> str:
    """The outline listing (plain text, one entry a line, children indented under what holds them)."""
    depth = _section_depths(report)
    rows: list[tuple[int, int, str, str, str]] = []       # (start, order, lines, kind, text) with indentation
    for sec in report.sections:
        h = sec.heading
        if h is None or h.is_item or h.style in _CONTAINERS:
            continue
        title = f"{h.marker or ''}{h.title}".strip()
        rows.append((h.start, 1, f"{h.line}", "  " * depth[sec.index] + _KIND["section"], title))
    regions = [r for r in report.outline if r.kind != "furniture"]
    for r, level in zip(regions, _depths_at(report, regions, depth)):
        text = r.title + (f"（{r.detail}）" if r.detail else "")
        lines = f"{r.line}-{r.end_line}" if r.end_line != r.line else f"{r.line}"
        rows.append((r.start, 0, lines, "  " * level + _KIND.get(r.kind, r.kind), text))
    rows.sort(key=lambda x: (x[0], x[1]))
    out = [f"{safe_name(report.path)}"]
    chosen = profile.get("chosen")
    out.append(f"profile: {chosen or 'none'} — {profile.get('why', '')}")
    width = max((len(x[2]) for x in rows), default=1)
    for _start, _order, lines, kind, text in rows:
        out.append(f"  {lines:>{width}}  {kind}  {visible(text)}")
    furniture = Counter(r.detail for r in report.outline if r.kind == "furniture")
    if furniture:
        out.append("furniture set aside: " + ", ".join(f"{k} {n}" for k, n in sorted(furniture.items())))
    if report.relations:
        read = Counter(r.source for r in report.relations)
        failing = Counter(r.source for r in report.relations if not r.holds)
        out.append("relations read: " + ", ".join(f"{k} {n}" + (f" ({failing[k]} do not hold)" if failing[k] else "")
                                                  for k, n in sorted(read.items())))
    return "\n".join(out) + "\n"


def _section_depths(report: Report) -> dict[int, int]:
    """How deep each section sits under the root (the root's children are at depth 0)."""
    depth: dict[int, int] = {report.root.index: -1}
    for sec in sorted(report.sections, key=lambda s: s.index):
        if sec.index != report.root.index:
            depth[sec.index] = depth.get(sec.parent, -1) + 1
    return depth


def _depths_at(report: Report, regions: list[Region], depth: dict[int, int]) -> list[int]:
    """The indentation of each region (in document order): a container (part, appendix, document) at its
    own section's depth, anything else one below the innermost section holding its start. One sweep over
    the sections in order of start, keeping the open ones on a stack (sections nest)."""
    secs = sorted((s for s in report.sections if s.heading is not None), key=lambda s: (s.start, s.index))
    own = {s.start: s for s in secs}
    stack: list[Section] = []
    out = []
    k = 0
    for r in regions:
        while k < len(secs) and secs[k].start < r.start:
            while stack and stack[-1].end <= secs[k].start:
                stack.pop()
            stack.append(secs[k])
            k += 1
        while stack and stack[-1].end <= r.start:
            stack.pop()
        if r.kind in _CONTAINERS and r.start in own:
            out.append(max(0, depth[own[r.start].index]))
        else:
            out.append(depth[stack[-1].index] + 1 if stack else 0)
    return out
