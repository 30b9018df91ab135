"""Section rules: the problems and improvement sections left empty or filled with only 无."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.engine import Context, Finding, Rule
from auditor.model import Report, Section

_REQUIRED = re.compile(r"存在(的)?问题|问题(及|和|与)原因|改进措施|整改措施|改进意见|整改意见|相关建议|意见建议"
                       r"|下一步(工作)?(计划|打算|措施|工作)|改进建议|对策建议")
_MAY_BE_NONE = re.compile(r"政府性基金|国有资本经营|社会保险基金|其他需要说明|其他说明")
_PLACEHOLDER = re.compile(r"^[\s。.，,；;：:]*(无|暂无|没有|无此项|不涉及|略|/|—+|-+)?[\s。.，,；;]*$")


class PlaceholderSection(Rule):
    """The problems section (存在的问题…) or the improvement section (改进措施/整改措施/相关建议) is empty or says only 无.

    Sections that may legitimately say 无 (政府性基金, 国有资本经营, 社会保险基金, 其他需要说明的情况)
    are never reported.
    """

    code = "EMPTY001"
    name = "empty-section.placeholder-only"
    category = "empty-section"
    severity = "warning"

    def check(self, report: Report, ctx: Context) -> Iterator[Finding]:
        for sec in report.sections:
            h = sec.heading
            if h is None or h.is_item or not _REQUIRED.search(h.title) or _MAY_BE_NONE.search(h.title):
                continue
            if any(o.title == h.title and o.start > h.start for o in report.headings):
                continue      # a table-of-contents entry: the section itself comes later
            ctx.count(self)
            body = _body(report, sec)
            if not _PLACEHOLDER.match(body):
                ctx.holds(self, f"「{h.title}」有实质内容", h.span)
                continue
            said = body.strip() or "（空）"
            yield self.finding(f"「{h.title}」部分只有“{said}”：绩效自评报告应如实写明"
                               f"{'存在的问题及原因' if '问题' in h.title else '具体的改进措施'}", h.span,
                               evidence={"title": h.title, "body": body.strip()})


def _body(report: Report, sec: Section) -> str:
    """All text under a section heading: its paragraphs and its subsections, without the title itself."""
    h = sec.heading
    assert h is not None
    pieces = []
    for s in sec.walk():
        if s is not sec and s.heading is not None:
            pieces.append(s.heading.title or "x")
        for i in s.paragraphs:
            p = report.paragraphs[i]
            text = p.text
            if s is sec and p.start <= h.end <= p.end:   # a run-in title: keep only what follows it
                text = text[h.end - p.start:].lstrip("。：:；; ")
            pieces.append(text)
    return "".join(pieces)
