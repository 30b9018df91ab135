"""Page furniture: the lines a web page, a PDF conversion or a page header/footer adds around a report's text."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from typing import Literal

from auditor import rx
from auditor.records import dataclass

Kind = Literal["page-counter", "page-number", "web", "running-header"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Furniture:
    """One piece of furniture: normalized offsets of its whole line (of the counter alone for a page counter,
    which a PDF conversion glues to the start of a line of text)."""

    start: int
    end: int
    kind: Kind


def strip_furniture(text: str) -> tuple[str, list[Furniture]]:
    """``text`` with every piece of furniture replaced by spaces of the same length (offsets unchanged), and
    the furniture found, in text order."""
    found: list[Furniture] = []
    for finder in (_page_counters, _page_numbers, _web_lines):
        pieces = finder(text)
        text = _blank(text, pieces)
        found += pieces
    pieces = _running_headers(text, found)
    text = _blank(text, pieces)
    found += pieces
    return text, sorted(found, key=lambda f: f.start)


def find_furniture(text: str) -> list[Furniture]:
    """The page furniture of ``text`` in text order (see ``strip_furniture``)."""
    return strip_furniture(text)[1]


def _blank(text: str, pieces: list[Furniture]) -> str:
    if not pieces:
        return text
    out, last = [], 0
    for f in sorted(pieces, key=lambda f: f.start):
        out += [text[last:f.start], " " * (f.end - f.start)]
        last = f.end
    return "".join([*out, text[last:]])


# ── page counters ────────────────────────────────────────────────────────────────────────────────────────
_COUNTER = rx.compile(r"^[ \t]*(\d{1,3})/(\d{1,6})", re.MULTILINE)


def _page_counters(text: str) -> list[Furniture]:
    """Page counters a PDF conversion glued to the start of lines (2/6…, 5/64.“三保”支出, 3/62024年…).

    A counter is N/M with N ≤ M where the same M starts at least three lines; the digits after the slash may
    run on into the text (64. is 6 then 4.), so each line offers every prefix of them not below N as its M
    (2/15 offers 15 only, 1/15 offers 1 and 15) and the one most lines share wins. A fraction at a line's
    start (1/3以上) stays.
    """
    if "/" not in text:
        return []
    found = list(_COUNTER.finditer(text))
    support: dict[str, int] = defaultdict(int)
    offers = [[m.group(2)[:k] for k in range(1, min(3, len(m.group(2))) + 1)
               if int(m.group(2)[:k]) >= int(m.group(1))] for m in found]
    for ms in offers:
        for d in ms:
            support[d] += 1
    out = []
    for m, ms in zip(found, offers):
        best = max(ms, key=lambda d: (support[d], -len(d)), default="")
        if not best or support[best] < 3:
            continue
        out.append(Furniture(start=m.start(1), end=m.start(2) + len(best), kind="page-counter"))
    return out


# ── page numbers ─────────────────────────────────────────────────────────────────────────────────────────
# a line that is only a page number: - 6 -, —6—, ─ 6 ─ (or its dashes and number each on a line of its own),
# 第 6 页 共 20 页, 第 6 页，共 20 页, 第6页, or a bare 6
_PAGE_LINE = rx.compile(r"^[ \t]*(?:[-—－–─][ \t]*\d{1,4}[ \t]*[-—－–─]"
                        r"|(?P<split>[-—－–─][ \t]*\n[ \t]*\d{1,4}[ \t]*\n[ \t]*[-—－–─])"
                        r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[，,/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"
                        r"|(?P<bare>\d{1,4}))[ \t]*$", re.MULTILINE)
_NUMERIC_LINE = rx.compile(r"[ \t]*[-−]?[\d,]+(?:\.\d+)?%?[ \t]*")
_DASH_LINE = rx.compile(r"[ \t]*[-—－–─]+[ \t]*")


def _page_numbers(text: str) -> list[Furniture]:
    """Lines that hold only a page number. A bare number counts only as one of a run of page numbers (the
    next number stands alone on a later line too) and when the lines beside it are not bare figures (then it
    is a cell of a table written one cell per line, as is a lone 12 under 合计)."""
    # its dashes and number on three lines of their own (—⏎7⏎— in a PDF's text) only between lines of words: in a
    # table written one cell per line a dash is an empty cell beside a figure
    found = [m for m in _PAGE_LINE.finditer(text) if m.group("split") is None
             or not any(_beside(text, at, step, _NUMERIC_LINE) or _beside(text, at, step, _DASH_LINE)
                        for at, step in ((m.start(), -1), (m.end(), 1)))]
    bare = [m for m in found if m.group("bare") is not None
            and not (_beside(text, m.start(), -1, _NUMERIC_LINE) or _beside(text, m.end(), 1, _NUMERIC_LINE))]
    later: set[int] = set()
    runs: set[int] = set()
    for m in reversed(bare):
        n = int(m.group("bare"))
        if n + 1 in later:              # a page followed later by the next page
            runs.add(m.start())
        later.add(n)
    seen: set[int] = set()
    for m in bare:                      # the last page of a run follows its predecessor
        n = int(m.group("bare"))
        if n - 1 in seen:
            runs.add(m.start())
        seen.add(n)
    return [Furniture(start=m.start(), end=m.end(), kind="page-number") for m in found
            if m.group("bare") is None or m.start() in runs]


def _beside(text: str, at: int, step: int, line_re: re.Pattern[str], tries: int = 20) -> bool:
    """Whether the nearest non-blank line before (step -1) or after (step 1) ``at`` is all ``line_re`` (a bare
    figure, a dash), looking at most ``tries`` lines away, so a report of page-number lines stays linear."""
    pos = at
    for _ in range(tries):
        if step < 0:
            end = text.rfind("\n", 0, pos)
            if end < 0:
                return False
            start = text.rfind("\n", 0, end) + 1
            line, pos = text[start:end], start
        else:
            start = text.find("\n", pos)
            if start < 0:
                return False
            end = text.find("\n", start + 1)
            end = len(text) if end < 0 else end
            line, pos = text[start + 1:end], end
        if line.strip():
            return bool(line_re.fullmatch(line))
    return False


# ── web pages ────────────────────────────────────────────────────────────────────────────────────────────
# Seen in fixtures/real/ (b-002…b-032 来源：国库司, b-007, b-015, b-016, c-001…c-004, c-019, c-022, c-030) and
# in the boilerplate lists of public scrapers of government sites (打印本页, 关闭窗口, 扫一扫在手机打开当前页…).
def _spaced(*words: str) -> str:
    """An alternation of ``words``, longest first, each allowed spaces between its characters (来  源)."""
    return "|".join(r"[ \t]*".join(map(re.escape, w)) for w in sorted(words, key=len, reverse=True))


_COLON = r"[ \t]*[:：][ \t]*"
_DATE = r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_NAME_LABELS = ("来源", "信息来源", "文章来源", "稿件来源", "责任编辑", "发布机构", "主办单位", "承办单位", "协办单位",
                "主管单位", "技术支持", "版权所有")
_LABELS = _spaced(*_NAME_LABELS, "发布日期", "发布时间", "更新时间", "更新日期", "日期", "时间", "作者", "编辑",
                  "浏览次数", "阅读次数", "访问次数", "访问量", "浏览量", "点击数", "点击量", "阅读量", "点击", "索引号",
                  "网站标识码", "字体", "字号")
_UNTIL_NEXT = rf"(?=[ \t|｜丨·•【\[]|$|(?:{_LABELS}){_COLON})"
_VALUE = rf"[^\s\d:：。，,；;！？!?【】\[\]]{{1,25}}?{_UNTIL_NEXT}"
_TOOLS = _spaced("打印本页", "打印此页", "打印页面", "打印文章", "打印", "关闭窗口", "关闭本页", "关闭页面", "关闭",
                 "分享到微信朋友圈", "分享到", "分享", "扫一扫在手机打开当前页", "扫一扫", "相关链接", "相关文章",
                 "相关报道", "相关阅读", "附件下载", "我要纠错", "我的收藏", "收藏", "保存", "下载", "全屏",
                 "返回顶部", "网站地图", "联系我们", "首页")
_SIZES = r"(?:加大|还原|减小|放大|缩小|默认|大|中|小)"
_DATE_LABELS = _spaced("发布日期", "发布时间", "更新时间", "更新日期", "日期", "时间")
_COUNT_LABELS = _spaced("浏览次数", "阅读次数", "访问次数", "访问量", "浏览量", "点击数", "点击量", "阅读量", "点击")
_BARE_LABELS = _spaced("发布日期", "发布时间", "来源", "信息来源", "索引号", "主办单位", "承办单位", "浏览次数", "阅读次数",
                       "访问次数", "访问量", "点击数", "点击量")     # a label alone, its value on the next line or empty
_FONT = (rf"[【\[〖]?[ \t]*(?:字[ \t]*[体号]{_COLON}?)[【\[〖]?(?:[ \t]*{_SIZES})*[ \t]*[】\]〗]?"
         rf"|[【\[〖][ \t]*{_SIZES}(?:[ \t]*{_SIZES})+[ \t]*[】\]〗]?")
_META = (rf"(?:{_DATE_LABELS}){_COLON}{_DATE}(?:[ \t]*{_TIME})?"
         rf"|(?:{_COUNT_LABELS}){_COLON}\d+[ \t]*次?"
         rf"|(?:{_spaced(*_NAME_LABELS, '作者', '编辑')}){_COLON}{_VALUE}"
         rf"|(?:{_spaced('索引号')}){_COLON}[\w/.-]{{1,40}}|(?:{_spaced('网站标识码')}){_COLON}[A-Za-z0-9]{{4,20}}"
         rf"|(?:{_BARE_LABELS})(?:{_COLON})?")
_LEGAL = r"[\u4e00-\u9fff]{0,2}ICP[备证][ \t]*\d{4,}号(?:-\d+)?|[\u4e00-\u9fff]{0,2}公网安备[ \t]*\d{6,}号"
_TOOL = rf"[【\[][ \t]*(?:{_TOOLS})[ \t]*[】\]]|(?:{_TOOLS})(?:{_COLON})?"
_ITEM = rx.compile("|".join(rf"(?P<{name}>{p})" for name, p in (
    ("font", _FONT), ("iso", rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}[ \t]*{_TIME}"), ("date", _DATE), ("meta", _META),
    ("legal", _LEGAL), ("tool", _TOOL))))
_FONT_TAIL = rx.compile(rf"(?:[ \t]*{_SIZES})+[ \t]*[】\]〗]?|[ \t]*[】\]〗]")
_GAP = rx.compile(r"[ \t|｜丨·•]*")
_CRUMB_SEP = r"(?:>>|->|→|>|»|›|＞|》)"
_BREADCRUMB = rx.compile(
    rf"(?:(?:您(?:现在|当前)?的?|当前|现在|所在)位置{_COLON}(?:网站)?(?:首页|[^\n>»›→＞》。；]{{1,40}}?)|(?:网站)?首页)"
    rf"(?:[ \t]*{_CRUMB_SEP}[ \t]*[^\n>»›→＞》。；，]{{1,40}}?)+[ \t]*{_CRUMB_SEP}?")
_LINE = rx.compile(r"^[^\n]*", re.MULTILINE)


def _web_items(line: str) -> list[str] | None:
    """The kinds of the web items ``line`` is made of, or None when anything else is on it."""
    kinds: list[str] = []
    pos = _GAP.match(line).end()          # type: ignore[union-attr]
    while pos < len(line):
        m = _ITEM.match(line, pos)
        if not m or m.end() == pos:
            return None
        kinds.append(m.lastgroup or "")
        pos = _GAP.match(line, m.end()).end()      # type: ignore[union-attr]
    return kinds


def _web_lines(text: str) -> list[Furniture]:
    """Whole short lines made of what a government web page adds around an article: breadcrumbs, 发布日期/来源/
    浏览次数 lines, the 字体 大 中 小 widget (also split over lines), 打印/关闭/分享到 tools, 网站标识码 and ICP备
    footers. A date alone (2024年2月5日, a signature) and a sentence that mentions 打印 or 来源 stay text."""
    out: list[Furniture] = []
    font_open = 0           # 字号 widgets opened and not closed yet (a page may repeat one inside another)
    for m in _LINE.finditer(text):
        s = m.group().strip()
        if not s:
            continue
        kinds = _web_items(s) if len(s) <= 160 else None
        web = (bool(_BREADCRUMB.fullmatch(s)) or (kinds is not None and any(k != "date" for k in kinds))
               or (font_open > 0 and bool(_FONT_TAIL.fullmatch(s))))
        if web:
            out.append(Furniture(start=m.start(), end=m.end(), kind="web"))
        closed = s.endswith(("】", "]", "〗"))
        if not web:
            font_open = 0
        elif font_open and closed and _FONT_TAIL.fullmatch(s):
            font_open -= 1          # the widget's tail (加大 还原 】) closes one
        elif not closed and (kinds is not None and "font" in kinds or kinds is None and not font_open):
            font_open += 1          # 【字号： opens one (so does a breadcrumb line, as before)
        # any other web line inside the widget (a date put between 【字号： and 加大) keeps it open
    return out


# ── running headers and footers ──────────────────────────────────────────────────────────────────────────
# A heading of the body (一、 （一） 1. 第一部分 ①) repeated under each part is text, not a running header.
_HEADING = rx.compile(r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d)"
                      r"|\d{1,2}(?:\.\d{1,2})+\s|第[一二三四五六七八九十\d]{1,3}[部分章节条]|[①-⑳]")
# a table row: a tab, a bar, three columns, or two cells of words set apart by a wide gap (债券规模      发行时间)
_COLUMNS = rx.compile(r"\t|[|｜]|\S[ \u3000]{2,}\S.*\S[ \u3000]{2,}\S|[\u4e00-\u9fff）)][ \u3000]{3,}[\u4e00-\u9fff（(]")
_URL = rx.compile(r"https?://\S+")
_STAMP = rx.compile(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}\s*\d{1,2}:\d{2}(?::\d{2})?")    # a browser's print date and time
_HEADER_MAX = 60
_NEAR = 3            # a running header stands within this many non-blank lines of a page break


def _running_headers(text: str, breaks: list[Furniture]) -> list[Furniture]:
    """The same short line repeated at page breaks (beside a page number, a page counter or a form feed): a
    PDF's running header or footer (the report's title, the unit's name, a browser's print date and address).

    It must stand at least three times at the same place relative to a page break (the line before a page
    number, the second line after a counter…), at half the page breaks or more, and there must be most of the
    places the line stands at all: a table's cell or column head (行政运行, 科目名称) also falls next to a page
    number now and then, but not on most pages, and stands elsewhere too. The first occurrence stays text when it is the document's title (one of its first three lines);
    headings, table rows and cells, unit lines and sentences are never running headers.
    """
    lines = list(_LINE.finditer(text))
    starts = [m.start() for m in lines]
    by_kind = {kind: {_line_of(starts, f.start) for f in breaks if f.kind == kind}
               for kind in ("page-number", "page-counter")}
    by_kind["form-feed"] = {i for i, m in enumerate(lines) if "\f" in m.group()}
    marks = set().union(*by_kind.values())
    pages = max(len(v) for v in by_kind.values())       # page breaks, each counted once
    if pages < 2:
        return []
    seq = [i for i, m in enumerate(lines) if m.group().strip() or i in marks]
    at = {i: k for k, i in enumerate(seq)}
    count: dict[str, int] = defaultdict(int)         # where each line stands at all (its title excepted)
    placed: dict[tuple[str, int], list[tuple[int, bool]]] = defaultdict(list)   # (line, away from tables)
    for i, m in enumerate(lines):
        s = m.group().strip().strip("\f").strip()
        if i in marks or not _header_like(s):
            continue
        key = re.sub(r"\d+", "#", re.sub(r"\s+", "", s))
        k = at[i]
        if k < 3 and key not in count and not (_URL.fullmatch(s) or _STAMP.fullmatch(s)):
            count[key] = 0                              # the document's title stays text
            continue
        count[key] += 1
        prev = lines[seq[k - 1]].group().strip() if k > 0 else ""
        after = lines[seq[k + 1]].group().strip() if k + 1 < len(seq) else ""
        near = [j - k for j in range(max(0, k - _NEAR), min(len(seq), k + _NEAR + 1)) if j != k and seq[j] in marks]
        cell = _in_table(prev, after, short=len(key) < 8 and not (_URL.fullmatch(s) or _STAMP.fullmatch(s)))
        for d in near:                                  # each break near it offers a place (short pages: two)
            between = (lines[seq[j]].group().strip() for j in range(min(k, k + d) + 1, max(k, k + d)))
            # right beside the page number, a short line is the header even above a table's rows (a table
            # going on over the page); a column head stands there only now and then, which the shares below catch
            placed[key, d].append((i, (abs(d) == 1 or not cell) and not any(_HEADING.match(b) for b in between)))
    best: dict[str, list[tuple[int, bool]]] = {}
    for (key, _d), found in placed.items():
        if sum(c for _i, c in found) > sum(c for _i, c in best.get(key, [])):
            best[key] = found
    out: list[Furniture] = []
    for key, found in best.items():
        if sum(c for _i, c in found) >= max(3, 0.6 * count[key], 0.5 * pages):
            out += [Furniture(start=lines[i].start(), end=lines[i].end(), kind="running-header") for i, _c in found]
    return out


_STOPS = "。；！？.;!?"
_UNIT_LINE = rx.compile(r"(?:金额)?单位[:：]")
_FIGURE = rx.compile(r"[-−]?[\d,]+(?:\.\d+)?%?")


def _header_like(s: str) -> bool:
    """Whether a stripped line could be a running header or footer: short, not a heading, a table row, a unit
    line, a sentence or a bare figure."""
    if _URL.fullmatch(s) or _STAMP.fullmatch(s):
        return True
    return (4 <= len(re.sub(r"\s", "", s)) and len(s) <= _HEADER_MAX and not _HEADING.match(s)
            and not _COLUMNS.search(s) and not _UNIT_LINE.match(s)
            and not s.endswith(("。", "；", "，", ";", ",", "：", ":")) and re.search(r"[^\d\s.,/:%-]", s) is not None)


def _in_table(prev: str, after: str, short: bool) -> bool:
    """Whether the lines before and after one show it to be a table's cell: table-like (a row, a bare figure, a
    one- or two-character cell such as 项 / 目) on both sides, or on either side of a short line (a column head
    such as 发行时间 on each page of a table). A page break's blanked line is no table: a header may sit between
    it and a row."""
    tabular = [bool(_COLUMNS.search(s) or _FIGURE.fullmatch(s) or 0 < len(s) <= 2 and s[-1] not in _STOPS)
               for s in (prev, after)]
    return any(tabular) if short else all(tabular)


def _line_of(starts: list[int], pos: int) -> int:
    return bisect_right(starts, pos) - 1
