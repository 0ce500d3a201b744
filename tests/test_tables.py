"""Tables 二/三/四 parse to the numbers a person reads; run-together digits are split only when the totals decide."""

from __future__ import annotations

import json

import pytest

import gixnlp
from gixnlp.structure.tables import _recover, parse_requests, parse_review

from .conftest import CORPORA, DATA

EXPECTED = {k: v for k, v in json.loads((DATA / "expected_tables.json").read_text(encoding="utf-8")).items()
            if not k.startswith("_")}
CASES = [(f, table) for f, tables in EXPECTED.items() for table in tables]


@pytest.mark.parametrize("path,table", CASES, ids=[f"{f}:{t}" for f, t in CASES])
def test_hand_read_tables(path, table):
    report = gixnlp.read(CORPORA / path)
    assert report.tables[table].rows == EXPECTED[path][table]["rows"]
    assert report.tables[table].unreadable == []


def test_run_together_digits_split_by_row_total():
    check = lambda cells: sum(cells[:-1]) == cells[-1]  # noqa: E731
    assert _recover(["1", "0", "0", "0", "0", "01"], 7, check) == [1, 0, 0, 0, 0, 0, 1]
    assert _recover(["21710000218"], 7, check) == [217, 1, 0, 0, 0, 0, 218]
    assert _recover(["0000000"], 7, check) == [0] * 7


def test_ambiguous_digit_run_is_unreadable():
    # 1,1,0,0,0,0,2 and 11,0,0,0,0,0,11 both balance: the totals cannot decide
    assert _recover(["11000002"], 7, lambda c: sum(c[:-1]) == c[-1]) is None
    assert _recover(["1210"], 3, None) is None  # 1,2,10 / 1,21,0 / 12,1,0: no totals to decide


def test_run_on_report_rows_recovered():
    report = gixnlp.read(CORPORA / "reports" / "2022-pingtan-caijinju.txt")
    requests = report.tables["requests"]
    assert requests.layout == "2021"
    assert requests.rows["一、本年新收政府信息公开申请数量"] == dict(zip(
        ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"), (1, 0, 0, 0, 0, 0, 1)))
    assert "一、本年新收政府信息公开申请数量" in requests.recovered
    assert report.tables["proactive"].rows["行政规范性文件"] == {"本年制发件数": 8, "本年废止件数": 0, "现行有效件数": 8}


def test_blank_cells_recorded_as_blank():
    report = gixnlp.read(CORPORA / "seeds" / "2020-gaoqiao-zhen.txt")
    row = report.tables["requests"].rows["一、本年新收政府信息公开申请数量"]
    assert list(row.values()) == ["", "", "", "", "", "", 0]
    review = report.tables["review"].rows["行政复议"]
    assert review["总计"] == 0 and review["结果维持"] == ""


def test_review_table_fifteen_cells():
    text = "行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉 " \
           "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0"
    table = parse_review(text)
    assert table.unreadable == []
    assert table.rows["行政复议"]["总计"] == 1 and table.rows["未经复议直接起诉"]["结果维持"] == 0


def test_pipe_rows_with_markdown_separators():
    text = ("| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 |\n|---|---|---|---|---|---|---|---|\n"
            "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n")
    table = parse_requests(text)
    assert table.rows["一、本年新收政府信息公开申请数量"]["总计"] == 34
    assert table.rows["二、上年结转政府信息公开申请数量"]["自然人"] == 2
