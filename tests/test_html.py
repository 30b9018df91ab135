"""The HTML review page, checked in a real headless browser (Debian's chromium + chromedriver)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.cli import main

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
    assert '<mark id="f1-0" class="error" title="NUM001">1,7221.85</mark>' in page
    assert "42.67万元 ÷ 592.78万元 = 7.20%" in page and "已核对且成立的关系" in page


@pytest.mark.skipif(CHROMIUM is None or DRIVER is None,
                    reason="no headless browser on this machine (Debian packages chromium and chromium-driver)")
def test_page_loads_without_errors_and_a_click_scrolls_to_the_highlight(tmp_path: Path) -> None:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (a dev dependency) drives the browser")
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,700"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
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
    finally:
        driver.quit()
