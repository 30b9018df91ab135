"""The HTML review page, checked in a real headless browser (Debian's chromium + chromedriver)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from auditor.build import build_report
from auditor.cli import main
from auditor.engine import Finding
from auditor.report import FileResult
from auditor.report.html_format import render_html
from auditor.spans import Span

FIX = Path(__file__).resolve().parent.parent / "fixtures"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def _page(tmp_path: Path) -> Path:
    out = tmp_path / "review.html"
    main(["lint", "--format", "html", "--verified", "-o", str(out), str(FIX / "000_5b27a47f95f91fcd.txt"),
          str(FIX / "001_6a8239fff33aeddc.txt")])
    return out


def test_page_is_self_contained_with_every_finding(tmp_path: Path) -> None:
    page = _page(tmp_path).read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "http://" not in page and "https://" not in page
    assert page.count('class="finding ') == 5 + 6
    assert '<mark id="f1-0" class="error" title="NUM001" data-ids="f1-0">1,7221.85</mark>' in page
    assert "42.67万元 ÷ 592.78万元 = 7.20%" in page and "已核对且成立的关系" in page


needs_browser = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="no headless browser on this machine (Debian packages chromium and chromium-driver)")


@contextmanager
def _browser(tmp_path: Path) -> Iterator[Any]:
    """A headless Chromium that records the page's console."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (a dev dependency) drives the browser")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,700"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@needs_browser
def test_page_loads_without_errors_and_a_click_scrolls_to_the_highlight(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    with _browser(tmp_path) as driver:
        driver.get(_page(tmp_path).as_uri())
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
        target = "f2-0"   # the first finding of the second file: far down the page
        mark = driver.find_element(By.ID, target)
        visible = ("var r = arguments[0].getBoundingClientRect(), box = arguments[0].closest('.text')"
                   ".getBoundingClientRect(); return r.top >= box.top && r.bottom <= box.bottom;")
        assert driver.execute_script(visible, mark) is False     # far down the text before the click
        item = driver.find_element(By.CSS_SELECTOR, f'.finding[data-target="{target}"]')
        driver.execute_script("arguments[0].scrollIntoView();", item)
        item.click()
        assert driver.execute_script("return window.lastFocused;") == target
        assert "focus" in mark.get_attribute("class")
        assert driver.execute_script(visible, mark) is True      # scrolled into view by the click
        # the severity filter hides the warnings from the list
        driver.find_element(By.CSS_SELECTOR, '.filters input[value="warning"]').click()
        hidden = driver.find_elements(By.CSS_SELECTOR, ".finding.warning.hidden")
        assert len(hidden) == len(driver.find_elements(By.CSS_SELECTOR, ".finding.warning")) > 0


# --- issue 14, defect 8: overlapping findings, the layout, the embedded summary --------------------------------

HOSTILE = "<script>alert(1)</script><!--"
TEXT = f"一、总体情况\n本年支出合计1,234.56万元，其中{HOSTILE}基本支出1,000.00万元。\n二、其他\n"


class _Page(HTMLParser):
    """The parts of the review page the tests read: every id, the marks of the text (attributes, text, in order),
    the text as shown, the contents of each script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.marks: list[tuple[dict[str, str], str]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.shown: list[str] = []
        self._in: list[str] = []
        self._text_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "div" and "text" in a.get("class", "").split():
            self._text_depth = 1
        elif tag == "div" and self._text_depth:
            self._text_depth += 1
        if tag == "mark":
            self.marks.append((a, ""))
        if tag == "script":
            self.scripts.append((a, ""))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._text_depth:
            self._text_depth -= 1
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        inside = self._in[-1] if self._in else ""
        if inside == "mark":
            attrs, text = self.marks[-1]
            self.marks[-1] = (attrs, text + data)
        if inside == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        if self._text_depth and inside != "h2":
            self.shown.append(data)


def _read(page: str) -> _Page:
    parsed = _Page()
    parsed.feed(page)
    parsed.close()
    return parsed


def _finding(rule: str, severity: str, start: int, end: int) -> Finding:
    return Finding(rule=rule, name="demo", category="demo", severity=severity, message="示例。",
                   span=Span(start, end))


def _overlapping() -> tuple[FileResult, list[Finding]]:
    """Five findings on one line: A, B overlapping A's end, C nested in A, D on A's very span, E empty inside B."""
    a = TEXT.index("1,234.56")
    b = TEXT.index("基本支出")
    findings = [
        _finding("SUM001", "error", a, b + 4),                       # A: 1,234.56万元，其中<script>…基本支出
        _finding("NUM001", "warning", TEXT.index("其中"), TEXT.index("1,000.00") + 8),   # B: overlaps A's end
        _finding("TEXT002", "info", a + 2, a + 5),                   # C: nested in A
        _finding("CONS001", "warning", a, b + 4),                    # D: A's very span
        _finding("TEXT003", "info", TEXT.index("1,000.00") + 2, TEXT.index("1,000.00") + 2),   # E: empty, in B
    ]
    return FileResult(path="r.txt", report=build_report("r.txt", TEXT), findings=findings), findings


def test_overlapping_and_nested_findings_each_keep_a_highlight_and_an_id() -> None:
    result, findings = _overlapping()
    page = _read(render_html([result]))
    ids = [f"f1-{i}" for i in range(len(findings))]
    assert all(page.ids.count(i) == 1 for i in ids), page.ids                # every finding reachable, ids unique
    for i, f in zip(ids, findings, strict=True):
        covered = "".join(text for attrs, text in page.marks if i in attrs.get("data-ids", "").split())
        assert covered == (TEXT[f.span.start:f.span.end] or "▍"), i          # highlighted exactly at its span
    # the text as shown is the report's text (hostile markup shown as text), plus the empty finding's caret
    assert "".join(page.shown).replace("▍", "") == TEXT
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json", None]   # no script injected
    # where findings overlap, the segment says so: a style of its own and a title naming every finding
    both = [(attrs, text) for attrs, text in page.marks if len(attrs.get("data-ids", "").split()) > 1]
    assert both and all("multi" in attrs["class"].split() for attrs, _ in both)
    ab = next(attrs for attrs, text in both if set(attrs["data-ids"].split()) == {"f1-0", "f1-1", "f1-3"})
    assert [text for attrs, text in both if attrs is ab] == [TEXT[TEXT.index("其中"):TEXT.index("基本支出") + 4]]
    assert all(code in ab["title"] for code in ("SUM001", "NUM001", "CONS001"))
    assert "error" in ab["class"].split()                                   # the most severe colour
    single = [attrs for attrs, _ in page.marks if len(attrs["data-ids"].split()) == 1]
    assert single and all("multi" not in attrs["class"].split() for attrs in single)


def _summary(page: str) -> dict[str, object]:
    m = re.search(r'<script type="application/json" id="summary">(.*?)</script>', page, re.DOTALL)
    assert m is not None
    data = json.loads(m.group(1))
    assert isinstance(data, dict)
    return data


def test_the_embedded_summary_is_json_even_with_hostile_names(tmp_path: Path) -> None:
    folder = tmp_path / "a</" / "script><!--<script>"     # a path holding </script>, <!-- and <script>
    folder.mkdir(parents=True)
    (folder / "r.txt").write_text((FIX / "000_5b27a47f95f91fcd.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "review.html"
    named = str(folder / "r.txt")
    assert main(["lint", "--no-config", "--format", "html", "-o", str(out), str(FIX / "001_6a8239fff33aeddc.txt"),
                 named, str(tmp_path / "missing.txt")]) == 2
    page = out.read_text(encoding="utf-8")
    data = _summary(page)
    assert data["files"] == 3
    reports = data["reports"]
    assert isinstance(reports, list)
    assert [r["path"] for r in reports] == [str(FIX / "001_6a8239fff33aeddc.txt"), named, str(tmp_path / "missing.txt")]
    assert [sum(r["findings"].values()) for r in reports] == [6, 5, 0]
    assert reports[2]["error"] and reports[0]["error"] is None
    assert data["findings"] == {s: page.count(f'class="finding {s}"') for s in ("error", "warning", "info")
                                if f'class="finding {s}"' in page}
    parsed = _read(page)
    assert [attrs.get("type") for attrs, _ in parsed.scripts] == ["application/json", None]
    assert json.loads(parsed.scripts[0][1]) == data                    # as a browser reads it (no entities)
    # a message quoting hostile text (here a reading error) cannot break out of the element either
    hostile = FileResult(path="<!--<script>", error=f"r.txt: {HOSTILE}</script>\u2028&amp;")
    page = render_html([hostile])
    assert page.count("</script>") == 2 and "<!--<script>" not in page.split('id="summary">', 1)[1]
    assert _summary(page)["reports"] == [{"path": "<!--<script>", "error": hostile.error, "findings": {}}]


def test_layout_is_a_grid_with_the_header_outside_the_scrolling_panes(tmp_path: Path) -> None:
    page = _page(tmp_path).read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)
    assert style is not None
    css = re.sub(r"\s*([{};:,])\s*", r"\1", style.group(1))
    assert "calc(" not in css and "42px" not in css       # no pixel offset guessing the header's height
    rules: dict[str, set[str]] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        rules.setdefault(selector.strip(), set()).update(body.split(";"))
    # the page is a grid: the header's row as tall as the header, the rest for the panes; the page never scrolls
    grid = {"display:grid", "height:100vh", "grid-template-rows:auto minmax(0,1fr)", "overflow:hidden"}
    assert grid <= rules["body"]
    assert {"overflow:auto", "min-height:0"} <= rules[".text"] and {"overflow:auto", "min-height:0"} <= rules["aside"]
    assert "min-height:0" in rules[".layout"]
    assert "<body><header>" in page and '</header><div class="layout"><div class="text">' in page


_GEOMETRY = """
var page = document.scrollingElement, header = document.querySelector('header');
var text = document.querySelector('.text');
var before = header.getBoundingClientRect(), box = text.getBoundingClientRect();
text.scrollTop = text.scrollHeight; window.scrollTo(0, 100000);
var after = header.getBoundingClientRect();
var geo = {overflow: page.scrollHeight - page.clientHeight, windowY: window.scrollY, headerBottom: before.bottom,
           textTop: box.top, textBottom: box.bottom, inner: window.innerHeight, textScrolled: text.scrollTop,
           headerTopAfter: after.top, headerBottomAfter: after.bottom};
text.scrollTop = 0;
return geo;
"""


@needs_browser
def test_in_a_browser_the_header_stays_whatever_its_height_and_the_page_never_scrolls(tmp_path: Path) -> None:
    with _browser(tmp_path) as driver:
        driver.get(_page(tmp_path).as_uri())
        for padding in (0, 180):          # the header as written, and a header grown (wrapped filters, large font)
            driver.execute_script("document.querySelector('header').style.paddingBottom = arguments[0] + 'px';",
                                  padding)
            geo = driver.execute_script(_GEOMETRY)
            assert geo["overflow"] == 0 and geo["windowY"] == 0, geo    # one scroller: the page itself never scrolls
            assert geo["textTop"] >= geo["headerBottom"] - 0.5, geo     # the text starts below the header
            assert geo["textBottom"] <= geo["inner"] + 0.5, geo         # and ends inside the window (its bar whole)
            assert geo["textScrolled"] > 0, geo                         # the text pane scrolls
            assert geo["headerTopAfter"] == 0 and geo["headerBottomAfter"] == geo["headerBottom"], geo   # header stays
        summary = driver.execute_script("return JSON.parse(document.getElementById('summary').textContent);")
        assert summary["files"] == 2 and sum(summary["findings"].values()) == 5 + 6
        # a link to a finding (review.html#f2-0) scrolls the text pane to it, never the page
        driver.get(_page(tmp_path).as_uri() + "#f2-0")
        shown = driver.execute_script(
            "var r = document.getElementById('f2-0').getBoundingClientRect(),"
            " box = document.querySelector('.text').getBoundingClientRect();"
            " return [r.top >= box.top - 1 && r.bottom <= box.bottom, window.scrollY,"
            " document.querySelector('header').getBoundingClientRect().top];")
        assert shown == [True, 0, 0]


@needs_browser
def test_in_a_browser_every_overlapping_finding_is_reachable_both_ways(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    result, findings = _overlapping()
    out = tmp_path / "overlap.html"
    out.write_text(render_html([result]), encoding="utf-8")
    with _browser(tmp_path) as driver:
        driver.get(out.as_uri())
        assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
        assert driver.execute_script("return typeof alert1;") == "undefined"
        for i in range(len(findings)):       # a click on each finding of the list marks its whole span
            target = f"f1-{i}"
            driver.find_element(By.CSS_SELECTOR, f'.finding[data-target="{target}"]').click()
            focused = driver.execute_script(
                "return Array.from(document.querySelectorAll('mark.focus')).map(function (m) {"
                " return m.dataset.ids; });")
            assert focused and all(target in ids.split() for ids in focused), (target, focused)
            marks = driver.find_elements(By.CSS_SELECTOR, f'mark[data-ids~="{target}"]')
            assert len(focused) == len(marks)
        # a click on a segment several findings cover goes through them in turn in the list
        shared = driver.find_element(By.CSS_SELECTOR, 'mark.multi[data-ids="f1-0 f1-1 f1-3"]')
        seen = []
        for _ in range(4):
            shared.click()
            seen.append(driver.execute_script("return window.lastListed;"))
        assert seen == ["f1-0", "f1-1", "f1-3", "f1-0"]
        listed = driver.find_elements(By.CSS_SELECTOR, ".finding.focus")
        assert sorted(item.get_attribute("data-target") for item in listed) == ["f1-0", "f1-1", "f1-3"]
        # hiding errors and warnings mutes the segments only they cover, not those an info finding also covers
        for severity in ("error", "warning"):
            driver.find_element(By.CSS_SELECTOR, f'.filters input[value="{severity}"]').click()
        muted = driver.execute_script(
            "return Array.from(document.querySelectorAll('mark')).map(function (m) {"
            " return [m.dataset.ids, m.classList.contains('muted')]; });")
        for ids, is_muted in muted:
            assert is_muted == (not {"f1-2", "f1-4"} & set(ids.split())), (ids, is_muted)
