"""The parser finds exactly the sections a person reading each corpus report found (tests/data/expected_sections.tsv)."""

from __future__ import annotations

import pytest

import gixnlp
from gixnlp.report import SECTION_CODES

from .conftest import CORPORA, expected_sections

ROWS = expected_sections()


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_sections_match_hand_table(row):
    report = gixnlp.read(CORPORA / row["file"])
    found = {s.code for s in report.sections if s.code in SECTION_CODES}
    expected = {code for code in SECTION_CODES if row[code] == "1"}
    assert found == expected, row["notes"]


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_year_and_edition_match_hand_table(row):
    report = gixnlp.read(CORPORA / row["file"])
    assert str(report.year or "") == row["year"]
    assert (report.edition or "unknown") == row["edition"]


def test_hand_table_covers_every_shipped_report():
    listed = {r["file"] for r in ROWS}
    shipped = {str(p.relative_to(CORPORA)) for p in CORPORA.glob("*/*") if p.suffix in (".txt", ".pdf", ".docx")}
    assert shipped == listed


def test_pdf_original_gives_same_sections_as_its_text_version():
    pdf = gixnlp.read(CORPORA / "originals" / "2023-hongze-qu_hzq2023_working.pdf")
    txt = gixnlp.read(CORPORA / "reports" / "2023-hongze-qu.txt")
    assert [s.code for s in pdf.sections] == [s.code for s in txt.sections]
    assert [s.heading for s in pdf.sections] == [s.heading for s in txt.sections]
    assert pdf.year == txt.year == 2023


def test_preamble_listing_all_section_names_is_not_a_heading():
    text = ("某局2021年政府信息公开工作年度报告\n本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
            "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况和其他需要报告的事项等六个部分。\n"
            "一、总体情况\n2021年，我局公开信息12条。\n五、存在的主要问题及改进情况\n一是人员少。\n")
    report = gixnlp.parse_text(text)
    assert [s.code for s in report.sections] == ["overview", "problems"]
    assert report.section("overview").heading == "一、总体情况"


def test_misnumbered_inline_and_typo_headings():
    text = ("某镇2022年政府信息公开工作年度报告 一、总体情况2022年，我镇公开信息12条。一、主动公开政府信息情况 第二十条第（一）项"
            " 二、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 三、政府信息公开行政法复议、行政诉讼情况 0"
            " 四、存在的主要问题及改进情况 一是人员少。五、其他需要报告的事项 无。")
    report = gixnlp.parse_text(text)
    assert [s.code for s in report.sections] == list(SECTION_CODES)


def test_lost_problems_heading_is_inferred_from_sub_heading():
    text = ("某委2024年政府信息公开工作年度报告\n一、总体情况\n2024年公开信息12条。\n"
            "三、政府信息公开行政复议、行政诉讼情况\n0 0 0 0 0\n（一）主要问题\n栏目设置不合理。\n（二）改进情况\n调整了目录。\n"
            "五、其他需要报告的事项\n无。\n")
    report = gixnlp.parse_text(text)
    problems = report.section("problems")
    assert problems is not None and problems.inferred and problems.heading is None
    assert "栏目设置不合理" in report.section_text("problems")
    assert [b.kind for b in report.blocks] == ["problems", "measures"]


def test_problem_sub_blocks_include_previous_year_rectification():
    text = ("某局2025年政府信息公开工作年度报告\n一、总体情况\n2025年公开信息12条。\n五、存在的主要问题及改进情况\n"
            "（一）2024年工作中存在问题的改进情况\n已整改栏目。\n（二）存在的主要问题\n人员少。\n（三）改进措施\n加强培训。\n")
    report = gixnlp.parse_text(text)
    assert [b.kind for b in report.blocks] == ["rectification", "problems", "measures"]


def test_overview_sub_part_named_like_a_table_section_is_not_the_table():
    text = ("某委2024年政府信息公开工作年度报告\n一、总体情况\n2024年公开信息12条。\n三、主动公开工作情况\n办理复文85件。\n"
            "一、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n"
            "五、存在的主要问题及改进情况\n一是栏目设置不合理。\n")
    report = gixnlp.parse_text(text)
    assert report.section("proactive_table").heading == "一、主动公开政府信息情况"
    assert "办理复文85件" in report.section_text("overview")
