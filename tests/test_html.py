"""Tests of the batch page ``index.html``: structure, escaping of hostile report text, and behaviour in Chromium."""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator, Optional

import pytest

from gixnlp.render.html import render_index

# ---------------------------------------------------------------- fixture builder

AGENCIES = [
    "赵保镇人民政府", "潭城镇人民政府", "宿城区人民政府办公室", "淮安市住房和城乡建设局", "紫金县教育局",
    "江宁区市场监督管理局", "洪泽区自然资源和规划局", "龙川县卫生健康局", "盱眙县财政局", "清江浦区民政局",
]

# (section, heading, text, role, themes, boilerplate)
UNITS = [
    ("overview", "（一）主动公开情况", "（一）主动公开情况", "framing", [], False),
    ("overview", "（一）主动公开情况", "2021年，通过政府网站主动公开政府信息479条，其中财政预决算信息12条。", "summary", ["proactive", "platform"], False),
    ("overview", "（一）主动公开情况", "严格落实重点领域信息公开要求，及时公开工作动态。", "summary", ["proactive", "quality"], True),
    ("overview", "（二）依申请公开情况", "（二）依申请公开情况", "framing", [], False),
    ("overview", "（二）依申请公开情况", "全年共收到政府信息公开申请3件，均在法定期限内答复。", "summary", ["request"], False),
    ("overview", "（三）政府信息管理", "严格执行保密审查制度，坚持先审后发、谁公开谁负责。", "summary", ["management"], True),
    ("overview", "（四）平台建设", "依托微信公众号「红色赵保」发布信息95条。", "summary", ["platform"], False),
    ("overview", "（五）监督保障", "成立政务公开工作领导小组，主要领导亲自抓。", "summary", ["organization"], True),
    ("overview", "（五）监督保障", "2021年6月组织政务公开业务培训1次，参训人员32人。", "summary", ["staffing"], False),
    ("problems", "（一）上年度问题整改情况", "针对上年度报告提出的栏目更新不及时问题，已于2021年3月完成整改。", "rectification", ["quality"], False),
    ("problems", "（二）存在的主要问题", "一是负责政府信息公开的业务人员数量少。", "problem", ["staffing"], True),
    ("problems", "（二）存在的主要问题", "二是政策解读形式单一，回应关切不够及时。", "problem", ["interpretation", "quality"], True),
    ("problems", "（三）改进措施", "下一步，我们将进一步加强业务培训，提升工作人员综合素质。", "measure", ["staffing"], True),
    ("problems", "（三）改进措施", "丰富图解、视频等解读形式，拓展公开渠道。", "measure", ["interpretation", "platform"], True),
    ("other", "六、其他需要报告的事项", "本年度未收取信息处理费。", "summary", ["request"], False),
]

FINDINGS = [
    ("S101", "error", "review_table", "review_table", "缺少第四部分：政府信息公开行政复议、行政诉讼情况", "Section 4 (administrative review and litigation) is missing", None),
    ("D302", "error", "requests_table", "requests:总计", "表三（七）总计与（一）至（六）之和不符", "Table 3: (7) total does not equal the sum of rows (1)-(6)", "总计 5 ≠ 3"),
    ("C201", "warning", "overview", "platform", "总体情况未涉及政府信息公开平台建设", "Overview does not cover disclosure platforms", None),
    ("C202", "warning", "problems", "rectification", "未报告上年度问题整改情况", "No rectification of the previous year's problems", None),
    ("C204", "warning", "other", "fee", "第六部分未说明信息处理费收取情况", "Section 6 does not state information processing fees", "无"),
    ("B401", "warning", "overview", "overview", "套话占比 62%，高于阈值 40%", "Boilerplate share 62% is above the threshold 40%", None),
    ("B402", "info", "problems", "problems", "该单元为套话", "This unit is boilerplate", "下一步，我们将进一步加强业务培训，提升工作人员综合素质。"),
    ("C206", "info", "overview", "oversight", "监督保障未报告考核、社会评议或责任追究结果", "Oversight does not report assessment, appraisal or accountability results", None),
]

SUBSCORES = ("completeness", "accuracy", "substance", "problems", "originality")


def make_unit(section: str, heading: str, text: str, role: Optional[str], themes: Optional[list], boilerplate: Optional[bool]) -> dict:
    return {"section": section, "heading": heading, "text": text, "role": role, "themes": themes, "boilerplate": boilerplate}


def make_finding(code: str, severity: str, section: str, target: str, zh: str, en: str, evidence: Optional[str]) -> dict:
    return {"code": code, "severity": severity, "section": section, "target": target,
            "message_zh": zh, "message_en": en, "evidence": evidence}


def make_record(i: int, *, total: Optional[float] = None, labelled: bool = True, **overrides: object) -> dict:
    """A plausible ok record; ``i`` seeds the agency, year, units, findings and scores."""
    rng = random.Random(i)
    agency = AGENCIES[i % len(AGENCIES)]
    year = 2020 + i % 3
    units = [make_unit(*u) if labelled else make_unit(*u[:3], None, None, None) for u in UNITS if rng.random() < 0.85]
    score = {name: float(rng.randint(30, 100)) for name in SUBSCORES}
    score["total"] = total if total is not None else round(sum(score.values()) / len(SUBSCORES), 1)
    record = {
        "schema": "gixnlp.report/1",
        "source": f"reports/{agency}{year}.docx",
        "title": f"{agency}{year}年政府信息公开工作年度报告",
        "agency": agency,
        "year": year,
        "edition": "2021" if year >= 2021 else "2019",
        "sections": [{"code": c, "heading": h if rng.random() < 0.9 else None, "found": rng.random() < 0.9} for c, h in [
            ("overview", "一、总体情况"), ("proactive_table", "二、主动公开政府信息情况"),
            ("requests_table", "三、收到和处理政府信息公开申请情况"), ("review_table", "四、政府信息公开行政复议、行政诉讼情况"),
            ("problems", "五、存在的主要问题及改进情况"), ("other", "六、其他需要报告的事项")]],
        "units": units,
        "tables": {},
        "findings": [make_finding(*f) for f in FINDINGS if rng.random() < 0.5],
        "score": score,
        "status": "ok",
    }
    record.update(overrides)
    return record


def make_error(source: str, error: str = "无法读取文件：PDF 已加密") -> dict:
    return {"source": source, "status": "error", "error": error}


def make_batch(n: int) -> list[dict]:
    """``n`` records, every seventh one a read error."""
    return [make_error(f"reports/损坏文件{i}.pdf") if i % 7 == 6 else make_record(i) for i in range(n)]


# ---------------------------------------------------------------- HTML inspection

class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: Optional[dict] = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def named(self, tag: str) -> list[dict]:
        return [attrs for t, attrs in self.tags if t == tag]

    def json_block(self, block_id: str) -> object:
        return json.loads(next(text for attrs, text in self.scripts if attrs.get("id") == block_id))


def assert_only_own_scripts(doc: Elements, n_records: int) -> None:
    """Ours are: labels, rows, one block per record (all JSON), and one inline program; nothing with src."""
    data = [attrs for attrs, _ in doc.scripts if attrs.get("type") == "application/json"]
    programs = [attrs for attrs, _ in doc.scripts if attrs.get("type") != "application/json"]
    assert len(data) == 2 + n_records
    assert programs == [{}]


# ---------------------------------------------------------------- plain tests

def test_page_structure() -> None:
    records = make_batch(20)
    page = render_index(records, title="淮安市 2021 年度")
    doc = Elements(page)

    assert {"charset": "utf-8"} in doc.named("meta")
    assert "Noto Sans CJK SC" in page and "Microsoft YaHei" in page and "PingFang SC" in page
    assert "<title>淮安市 2021 年度" in page
    assert_only_own_scripts(doc, len(records))
    assert not doc.named("link") and not doc.named("img")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "page must not load anything from the network"

    assert len([a for a in doc.named("rect") if "bar" in a.get("class", "")]) == 10
    assert len(doc.named("g")) == 5  # one box plot per sub-score
    assert [a["data-key"] for a in doc.named("th") if "data-key" in a][:5] == ["i", "source", "agency", "year", "total"]

    rows = doc.json_block("rows")
    assert [r["i"] for r in rows] == list(range(20))
    assert rows[6]["status"] == "error" and rows[6]["total"] is None and rows[6]["error"] == "无法读取文件：PDF 已加密"
    ok = records[0]
    assert rows[0]["total"] == ok["score"]["total"]
    assert rows[0]["n_error"] + rows[0]["n_warning"] + rows[0]["n_info"] == len(ok["findings"])

    detail = doc.json_block("d-0")
    assert [u[0] for g in detail["groups"] for u in g[2]] == [u["text"] for u in ok["units"]]
    assert len(detail["findings"]) == len(ok["findings"]) and len(detail["sections"]) == 6


def test_summary_histogram_and_top_findings() -> None:
    records = [make_record(0, total=0.0), make_record(1, total=59.9), make_record(2, total=100.0), make_error("x.pdf")]
    doc = Elements(render_index(records))
    heights = [float(a["height"]) for a in doc.named("rect") if "bar" in a.get("class", "")]
    assert [h > 0 for h in heights] == [True, False, False, False, False, True, False, False, False, True]

    page = render_index(records)
    assert "<b>4</b><span>报告数" in page and "<b>3</b><span>成功" in page and "<b>1</b><span>读取失败" in page
    assert "<b>53.3</b><span>平均分" in page
    # the most frequent code comes first in the findings table
    codes = [f["code"] for r in records for f in r.get("findings", [])]
    top = max(sorted(set(codes)), key=codes.count)
    first_code = re.search(r'id="top-findings".*?data-code="([^"]+)"', page, re.S)
    assert first_code and first_code.group(1) == top


def test_records_without_model_labels_or_scores() -> None:
    records = [make_record(0, labelled=False), make_record(1, score=None, findings=None, units=None, sections=None),
               make_record(2, total=float("nan"))]
    doc = Elements(render_index(records))
    unit = doc.json_block("d-0")["groups"][0][2][0]
    assert unit[1:] == [None, None, None]
    assert doc.json_block("rows")[1]["total"] is None and doc.json_block("rows")[2]["total"] is None
    assert doc.json_block("d-1")["groups"] == []


def test_empty_batch() -> None:
    doc = Elements(render_index([]))
    assert doc.json_block("rows") == []
    assert "无数据" in render_index([])


HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "</script><!--", "\u2028"]


def hostile_record() -> dict:
    bad = "".join(HOSTILE)
    record = make_record(3, title="标题" + bad, agency="机关" + bad, source="reports/" + bad + ".docx")
    record["units"][0]["text"] = "单元" + bad
    record["units"][0]["themes"] = [bad]
    record["findings"] = [make_finding("C201" + bad, "warning", bad, bad, "问题" + bad, "en" + bad, "证据" + bad)]
    return record


def test_hostile_text_is_escaped() -> None:
    bad = "".join(HOSTILE)
    records = [hostile_record(), make_error("reports/" + bad, "错误" + bad)]
    page = render_index(records, title="批次" + bad)
    doc = Elements(page)

    assert_only_own_scripts(doc, len(records))
    assert not doc.named("img")
    assert "<img" not in page and "<!--" not in page
    assert page.count("</script>") == len(doc.scripts)
    # the text is intact once the JSON is read back
    assert doc.json_block("d-0")["title"] == "标题" + bad
    assert doc.json_block("d-0")["groups"][0][2][0][0] == "单元" + bad
    assert doc.json_block("d-0")["findings"][0][6] == "证据" + bad
    assert doc.json_block("rows")[1]["error"] == "错误" + bad


def test_size_grows_linearly() -> None:
    small, large = (len(render_index(make_batch(n)).encode()) for n in (200, 400))
    assert 1.8 < large / small < 2.1


# ---------------------------------------------------------------- browser test

def chromium_binary() -> Optional[str]:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Selenium; never a browser or driver downloaded by a tool."""
    binary, driver_path = chromium_binary(), shutil.which("chromedriver")
    if not binary:
        pytest.skip("no chromium binary on PATH (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    if not driver_path:
        pytest.skip("no chromedriver on PATH (apt-get install chromium-driver)")
    with tempfile.TemporaryDirectory() as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = binary
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={profile}", "--window-size=1400,1000"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver_path), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def open_page(browser: object, tmp_path: Path, records: list[dict]) -> None:
    path = tmp_path / "index.html"
    path.write_text(render_index(records), encoding="utf-8")
    browser.get(path.as_uri())


def test_page_in_browser(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    records = make_batch(250)
    open_page(browser, tmp_path, records)
    css = lambda selector: browser.find_elements(By.CSS_SELECTOR, selector)  # noqa: E731

    assert len(css("#reports tbody tr")) == 100  # first page
    assert [b for b in css("#histogram rect.bar") if float(b.get_attribute("height")) > 0]

    css('#reports th[data-key="total"]')[0].click()
    totals = [float(td.text) for td in css("#reports tbody td:nth-child(5)") if td.text != "—"]
    assert totals == sorted(totals) and totals[0] == min(r["score"]["total"] for r in records if "score" in r)
    css('#reports th[data-key="total"]')[0].click()
    totals = [float(td.text) for td in css("#reports tbody td:nth-child(5)")]
    assert totals == sorted(totals, reverse=True)

    search = browser.find_element(By.ID, "f-text")
    search.send_keys("赵保镇")
    assert css("#reports tbody tr") and all("赵保镇" in tr.text for tr in css("#reports tbody tr"))

    css("#reports tbody tr a")[0].click()
    assert browser.find_element(By.ID, "detail").is_displayed()
    assert not browser.find_element(By.ID, "list").is_displayed()
    assert re.fullmatch(r".*#r-\d+", browser.current_url)
    marks = css("#detail mark.u.problem, #detail mark.u.summary")
    assert marks and "存在问题" in browser.find_element(By.ID, "detail").text
    assert css("#detail mark.u.bp .tag.bpt")

    browser.find_element(By.ID, "back").click()
    assert browser.find_element(By.ID, "list").is_displayed()


def test_hostile_text_in_browser(browser: object, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    open_page(browser, tmp_path, [hostile_record(), make_error("reports/坏.pdf", "".join(HOSTILE))])
    browser.get(browser.current_url + "#r-0")
    detail = browser.find_element(By.ID, "detail")
    assert "<script>alert(1)</script>" in detail.text
    assert not browser.find_elements(By.TAG_NAME, "img")
    assert len(browser.find_elements(By.TAG_NAME, "script")) == 2 + 2 + 1
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
