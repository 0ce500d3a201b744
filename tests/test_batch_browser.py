"""``gixnlp score``'s index.html in headless Chromium: the table and the charts render, report script stays inert."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import gixnlp

from .conftest import CORPORA
from .test_batch import hostile_batch  # noqa: F401  (fixture)
from .test_html import browser  # noqa: F401  (fixture: Debian chromium + chromedriver, or a skip with the reason)


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and 20 corpus reports, plus one unreadable file, scored into an output folder."""
    root = tmp_path_factory.mktemp("page")
    folder = root / "in"
    folder.mkdir()
    for path in [*sorted((CORPORA / "seeds").glob("*.txt")), *sorted((CORPORA / "reports").glob("*.txt"))[::7]]:
        shutil.copy(path, folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    summary = gixnlp.score_many([folder], root / "out", jobs=1, progress=False)
    assert summary.errors == 1
    return root / "out"


def test_table_and_charts_render(browser, corpus_page: Path) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get((corpus_page / "index.html").as_uri())
    css = lambda selector: browser.find_elements(By.CSS_SELECTOR, selector)  # noqa: E731
    n = sum(1 for _ in open(corpus_page / "reports.jsonl", encoding="utf-8"))

    rows = css("#reports tbody tr")
    assert len(rows) == n and "读取失败" in rows[-1].text and "broken.pdf" in rows[-1].text
    assert len(css("#histogram rect.bar")) == 10 and css("#subscores g.subscore-box")
    assert browser.find_element(By.ID, "histogram").size["height"] > 50

    browser.find_element(By.ID, "f-severity").send_keys("读取失败")  # filter: the failed one only
    assert [tr.text for tr in css("#reports tbody tr")] and all("broken.pdf" in tr.text for tr in css("#reports tbody tr"))

    browser.get((corpus_page / "index.html").as_uri() + "#r-0")
    detail = browser.find_element(By.ID, "detail")
    assert detail.is_displayed() and "一、总体情况" in detail.text
    assert css("#detail mark.u")  # the report's units, highlighted


def test_script_in_a_report_does_not_run(browser, hostile_batch: Path) -> None:  # noqa: F811
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    browser.get((hostile_batch / "index.html").as_uri() + "#r-0")
    detail = browser.find_element(By.ID, "detail")
    assert "<script>window.pwned = 1; alert(1)</script>" in detail.text  # shown as text
    assert browser.execute_script("return window.pwned") is None
    assert not browser.find_elements(By.TAG_NAME, "img")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    browser.get((hostile_batch / "index.html").as_uri())
    assert len(browser.find_elements(By.CSS_SELECTOR, "#reports tbody tr")) == 2  # the page's own script did run
    assert browser.execute_script("return window.pwned") is None
