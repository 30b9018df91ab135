"""A self-contained HTML review page: the report's text with each finding highlighted at its span, a side list
of findings by category with their arithmetic, the verified relations, and severity filters."""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Mapping

from auditor import i18n
from auditor.engine import Finding
from auditor.report import FileResult

_CSS = """
body{margin:0;font:14px/1.6 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#222;
display:grid;grid-template-rows:auto minmax(0,1fr);height:100vh;overflow:hidden}
header{padding:8px 16px;background:#24364b;color:#fff}header h1{font-size:16px;margin:0}
.layout{display:flex;min-height:0}
.text{flex:3;min-width:0;min-height:0;overflow:auto;padding:12px 20px;white-space:pre-wrap;border-right:1px solid #ccc}
aside{flex:2;min-width:0;min-height:0;overflow:auto;padding:8px 12px;background:#fafafa}
.file{margin-bottom:24px}.file h2{font-size:15px;border-bottom:1px solid #ddd}
mark{border-radius:2px;padding:0 1px;cursor:pointer}
mark.error{background:#ffd6d6;outline:1px solid #d33}mark.warning{background:#fff0c2;outline:1px solid #c90}
mark.info{background:#e1ecff;outline:1px solid #58c}mark.focus{box-shadow:0 0 0 3px #f60}
mark.multi{background-image:repeating-linear-gradient(135deg,transparent 0 4px,rgba(0,0,0,.12) 4px 6px);
outline-width:2px;outline-style:double}
.finding.focus{box-shadow:0 0 0 2px #f60}
.finding{margin:6px 0;padding:6px 8px;background:#fff;border-left:4px solid #999;cursor:pointer}
.finding.error{border-color:#d33}.finding.warning{border-color:#c90}.finding.info{border-color:#58c}
.finding .code{font-weight:bold;margin-right:6px}.finding .where{color:#777;font-size:12px}
.finding .fix{color:#070;font-size:12px}.cat{margin-top:10px;font-weight:bold}
.filters label{margin-right:10px}.verified li{color:#275;font-size:12px}
.hidden{display:none}
"""

_JS = """
var items = {};
document.querySelectorAll('.finding').forEach(function (item) { items[item.dataset.target] = item; });
function marksOf(id) { return document.querySelectorAll('mark[data-ids~="' + id + '"]'); }
document.querySelectorAll('.finding').forEach(function (item) {
  item.addEventListener('click', function () {
    var marks = marksOf(item.dataset.target);
    if (!marks.length) { return; }
    document.querySelectorAll('mark.focus').forEach(function (m) { m.classList.remove('focus'); });
    marks.forEach(function (m) { m.classList.add('focus'); });
    marks[0].scrollIntoView({block: 'center'});
    window.lastFocused = item.dataset.target;
  });
});
document.querySelectorAll('mark').forEach(function (mark) {
  mark.addEventListener('click', function () {
    var ids = mark.dataset.ids.split(' '), k = Number(mark.dataset.next || 0) % ids.length;
    mark.dataset.next = k + 1;   /* a segment several findings cover: each click lists the next one */
    document.querySelectorAll('.finding.focus').forEach(function (f) { f.classList.remove('focus'); });
    ids.forEach(function (id) { if (items[id]) { items[id].classList.add('focus'); } });
    if (items[ids[k]]) { items[ids[k]].scrollIntoView({block: 'center'}); window.lastListed = ids[k]; }
  });
});
document.querySelectorAll('.filters input').forEach(function (box) {
  box.addEventListener('change', function () {
    document.querySelectorAll('.finding.' + box.value).forEach(function (el) {
      el.classList.toggle('hidden', !box.checked);
    });
    document.querySelectorAll('mark').forEach(function (mark) {   /* muted when every finding on it is hidden */
      var shown = mark.dataset.ids.split(' ').some(function (id) {
        return items[id] && !items[id].classList.contains('hidden');
      });
      mark.classList.toggle('muted', !shown);
    });
  });
});
"""


_RANK = {"error": 0, "warning": 1, "info": 2}
# JSON inside <script>: no character of markup, so "</script>" or "<!--" in a path or a message cannot end or
# alter the element; entities are not decoded there, so html.escape would make the JSON invalid
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                              "\u2029": "\\u2029"})


def _script_json(data: object) -> str:
    """``data`` as JSON that is safe as the content of a ``<script type="application/json">`` element."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)


def _mark(ids: list[str], findings: list[Finding], text: str, anchor: str | None) -> str:
    """One highlighted segment: the ids of every finding covering it, the most severe one's colour; a segment
    several findings cover has a style of its own and a title naming them all."""
    severity = min((f.severity for f in findings), key=lambda s: _RANK.get(s, len(_RANK)))
    if len(findings) == 1:
        cls, title = severity, findings[0].rule
    else:
        cls, title = f"{severity} multi", f"{len(findings)} 个问题：" + "、".join(f.rule for f in findings)
    attr = f' id="{anchor}"' if anchor else ""
    return (f'<mark{attr} class="{html.escape(cls)}" title="{html.escape(title)}" data-ids="{" ".join(ids)}">'
            f"{text}</mark>")


def _highlight(original: str, findings: list[Finding], n: int) -> str:
    """The text with every finding highlighted: cut at each span's ends, each segment marked with all the findings
    covering it (overlapping and nested spans all stay visible); each finding's id on its first segment (an empty
    anchor when several start at one place), an empty span shown as ▍."""
    size = len(original)
    spans = [(min(f.span.start, size), min(max(f.span.end, f.span.start), size)) for f in findings]
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    points: dict[int, list[int]] = defaultdict(list)
    for i, (start, end) in enumerate(spans):
        if start == end:
            points[start].append(i)
        else:
            starts[start].append(i)
            ends[end].append(i)
    cuts = sorted({0, size, *starts, *ends, *points})
    pieces: list[str] = []
    active: set[int] = set()
    for k, cut in enumerate(cuts):
        active.difference_update(ends.get(cut, ()))
        active.update(starts.get(cut, ()))
        for i in points.get(cut, ()):
            pieces.append(_mark([f"f{n}-{i}"], [findings[i]], "▍", f"f{n}-{i}"))
        if k + 1 == len(cuts):
            break
        text = html.escape(original[cut:cuts[k + 1]])
        if not active:
            pieces.append(text)
            continue
        opened = [f"f{n}-{i}" for i in sorted(starts.get(cut, ()))]
        pieces.extend(f'<span class="anchor" id="{a}"></span>' for a in opened[1:])
        covering = sorted(active)
        pieces.append(_mark([f"f{n}-{i}" for i in covering], [findings[i] for i in covering], text,
                            opened[0] if opened else None))
    return "".join(pieces)


def render_html(results: list[FileResult], lang: str = "en") -> str:
    """One page for all files linted (each file a section); no external resources. ``lang`` zh: severities and
    categories by their Chinese names (the page's own words are Chinese either way)."""
    parts = [html_parts(r, n, lang) for n, r in enumerate(results, start=1)]
    counts: Counter[str] = Counter()
    for r in results:
        if r.error is None and r.report is not None:
            counts.update(Counter(f.severity for f in r.findings))
    return (html_head(len(results), counts, lang) + "".join(p[0] for p in parts) + HTML_MIDDLE
            + "".join(p[1] for p in parts) + html_before_reports(len(results), counts)
            + ", ".join(p[2] for p in parts) + HTML_TAIL)


def html_parts(r: FileResult, n: int, lang: str) -> tuple[str, str, str]:
    """The ``n``-th report's three parts of the page: its text with the findings marked (none when it could not
    be read), its findings in the side column, and its entry in the page's JSON summary (a batch written as it
    is linted spools each kind and writes the page at the end: pipeline.Spool)."""
    entry = _script_json({"path": r.path, "findings": dict(Counter(f.severity for f in r.findings)), "error": r.error})
    if r.error is not None or r.report is None:
        return "", f'<div class="file"><h2>{html.escape(r.path)}</h2><p>{html.escape(r.error or "")}</p></div>', entry
    original = r.report.original
    lines = r.report.lines
    text = f'<div class="file" id="file{n}"><h2>{html.escape(r.path)}</h2>{_highlight(original, r.findings, n)}</div>'
    by_cat: dict[str, list[str]] = defaultdict(list)
    for i, f in enumerate(r.findings):
        line, col = lines.position(f.span.start)
        fix = f'<div class="fix">建议：{html.escape(f.suggestion)}</div>' if f.suggestion else ""
        by_cat[f.category].append(
            f'<div class="finding {f.severity}" data-target="f{n}-{i}"><span class="code">{html.escape(f.rule)}'
            f'</span><span class="where">{line}:{col} {i18n.severity(f.severity, lang)}</span>'
            f'<div>{html.escape(f.message)}</div>{fix}</div>')
    cats = "".join(f'<div class="cat">{html.escape(i18n.category(c, lang))}（{len(items)}）</div>{"".join(items)}'
                   for c, items in sorted(by_cat.items()))
    verified = "".join(f"<li>{lines.position(v.span.start)[0]}: {html.escape(v.text)}</li>" for v in r.verified)
    ver = (f'<details class="verified"><summary>已核对且成立的关系（{len(r.verified)}）</summary><ul>{verified}'
           f"</ul></details>") if r.verified else ""
    return text, f'<div class="file"><h2>{html.escape(r.path)}</h2>{cats or "<p>未发现问题。</p>"}{ver}</div>', entry


def _totals(counts: Mapping[str, int]) -> dict[str, int]:
    """Findings per severity in the order met, then the severities not met, as 0."""
    out = dict(counts)
    for s in ("error", "warning", "info"):
        out.setdefault(s, 0)
    return out


def html_head(files: int, counts: Mapping[str, int], lang: str) -> str:
    """The page up to the first report's text: the header, its filters with the counts."""
    totals = _totals(counts)
    filters = "".join(f'<label><input type="checkbox" value="{s}" checked> '
                      f'{i18n.text("html.filter", lang, severity=i18n.severity(s, lang), n=totals[s])}</label>'
                      for s in ("error", "warning", "info"))
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>auditor 审核结果</title>"
            f"<style>{_CSS}mark.muted{{background:none;outline:none}}</style></head><body>"
            f"<header><h1>auditor 审核结果</h1><div class=\"filters\">{filters}</div></header>"
            "<div class=\"layout\"><div class=\"text\">")


HTML_MIDDLE = "</div><aside>"


def html_before_reports(files: int, counts: Mapping[str, int]) -> str:
    """From the side column's end to the first entry of the JSON summary's reports."""
    head = _script_json({"files": files, "findings": _totals(counts), "reports": []})
    assert head.endswith("[]}")
    return "</aside></div><script type=\"application/json\" id=\"summary\">" + head[:-2]


HTML_TAIL = f"]}}</script><script>{_JS}</script></body></html>\n"
