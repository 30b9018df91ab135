"""A self-contained HTML review page: the report's text with each finding highlighted at its span, a side list
of findings by category with their arithmetic, the verified relations, and severity filters."""

from __future__ import annotations

import html
import json
from collections import defaultdict

from auditor.report import FileResult

_CSS = """
body{margin:0;font:14px/1.6 "Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#222}
header{padding:8px 16px;background:#24364b;color:#fff}header h1{font-size:16px;margin:0}
.layout{display:flex;height:calc(100vh - 42px)}
.text{flex:3;overflow:auto;padding:12px 20px;white-space:pre-wrap;border-right:1px solid #ccc}
aside{flex:2;overflow:auto;padding:8px 12px;background:#fafafa}
.file{margin-bottom:24px}.file h2{font-size:15px;border-bottom:1px solid #ddd}
mark{border-radius:2px;padding:0 1px;cursor:pointer}
mark.error{background:#ffd6d6;outline:1px solid #d33}mark.warning{background:#fff0c2;outline:1px solid #c90}
mark.info{background:#e1ecff;outline:1px solid #58c}mark.focus{box-shadow:0 0 0 3px #f60}
.finding{margin:6px 0;padding:6px 8px;background:#fff;border-left:4px solid #999;cursor:pointer}
.finding.error{border-color:#d33}.finding.warning{border-color:#c90}.finding.info{border-color:#58c}
.finding .code{font-weight:bold;margin-right:6px}.finding .where{color:#777;font-size:12px}
.finding .fix{color:#070;font-size:12px}.cat{margin-top:10px;font-weight:bold}
.filters label{margin-right:10px}.verified li{color:#275;font-size:12px}
.hidden{display:none}
"""

_JS = """
document.querySelectorAll('.finding').forEach(function (item) {
  item.addEventListener('click', function () {
    var mark = document.getElementById(item.dataset.target);
    if (!mark) { return; }
    document.querySelectorAll('mark.focus').forEach(function (m) { m.classList.remove('focus'); });
    mark.classList.add('focus');
    mark.scrollIntoView({block: 'center'});
    window.lastFocused = item.dataset.target;
  });
});
document.querySelectorAll('mark').forEach(function (mark) {
  mark.addEventListener('click', function () {
    var item = document.querySelector('.finding[data-target="' + mark.id + '"]');
    if (item) { item.scrollIntoView({block: 'center'}); }
  });
});
document.querySelectorAll('.filters input').forEach(function (box) {
  box.addEventListener('change', function () {
    document.querySelectorAll('.finding.' + box.value + ', mark.' + box.value).forEach(function (el) {
      if (el.tagName === 'MARK') { el.classList.toggle('muted', !box.checked); }
      else { el.classList.toggle('hidden', !box.checked); }
    });
  });
});
"""


def render_html(results: list[FileResult]) -> str:
    """One page for all files linted (each file a section); no external resources."""
    texts, sides = [], []
    counts: dict[str, int] = defaultdict(int)
    for n, r in enumerate(results, start=1):
        if r.error is not None or r.report is None:
            sides.append(f'<div class="file"><h2>{html.escape(r.path)}</h2><p>{html.escape(r.error or "")}</p></div>')
            continue
        original = r.report.original
        lines = r.report.lines
        ordered = sorted(enumerate(r.findings), key=lambda kv: (kv[1].span.start, -kv[1].span.end))
        pieces, pos = [], 0
        for i, f in ordered:
            start, end = f.span.start, max(f.span.end, f.span.start)
            if start < pos:          # overlapping spans: the earlier highlight keeps the text
                continue
            pieces.append(html.escape(original[pos:start]))
            inner = html.escape(original[start:end]) or "▍"
            pieces.append(f'<mark id="f{n}-{i}" class="{f.severity}" title="{html.escape(f.rule)}">{inner}</mark>')
            pos = end
        pieces.append(html.escape(original[pos:]))
        texts.append(f'<div class="file" id="file{n}"><h2>{html.escape(r.path)}</h2>{"".join(pieces)}</div>')
        by_cat: dict[str, list[str]] = defaultdict(list)
        for i, f in enumerate(r.findings):
            counts[f.severity] += 1
            line, col = lines.position(f.span.start)
            fix = f'<div class="fix">建议：{html.escape(f.suggestion)}</div>' if f.suggestion else ""
            by_cat[f.category].append(
                f'<div class="finding {f.severity}" data-target="f{n}-{i}"><span class="code">{html.escape(f.rule)}'
                f'</span><span class="where">{line}:{col} {f.severity}</span><div>{html.escape(f.message)}</div>'
                f'{fix}</div>')
        cats = "".join(f'<div class="cat">{html.escape(c)}（{len(items)}）</div>{"".join(items)}'
                       for c, items in sorted(by_cat.items()))
        verified = "".join(f"<li>{lines.position(v.span.start)[0]}: {html.escape(v.text)}</li>" for v in r.verified)
        ver = (f'<details class="verified"><summary>已核对且成立的关系（{len(r.verified)}）</summary><ul>{verified}'
               f"</ul></details>") if r.verified else ""
        sides.append(f'<div class="file"><h2>{html.escape(r.path)}</h2>{cats or "<p>未发现问题。</p>"}{ver}</div>')
    filters = "".join(f'<label><input type="checkbox" value="{s}" checked> {s} ({counts[s]})</label>'
                      for s in ("error", "warning", "info"))
    data = json.dumps({"files": len(results), "findings": dict(counts)}, ensure_ascii=False)
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>auditor 审核结果</title>"
            f"<style>{_CSS}mark.muted{{background:none;outline:none}}</style></head><body>"
            f"<header><h1>auditor 审核结果</h1><div class=\"filters\">{filters}</div></header>"
            f"<div class=\"layout\"><div class=\"text\">{''.join(texts)}</div><aside>{''.join(sides)}</aside></div>"
            f"<script type=\"application/json\" id=\"summary\">{html.escape(data)}</script>"
            f"<script>{_JS}</script></body></html>\n")
