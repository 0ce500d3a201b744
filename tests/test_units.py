"""Units follow TAXONOMY §1: sentences, enumerators, sub-headings as context, a 4-character floor."""

import gixnlp
from gixnlp.units import split_units


def test_enumerated_items_split_and_heading_context():
    units = split_units("（一）存在问题。一是人员数量少；二是培训不够。（二）改进措施。一是加强培训。", "problems")
    texts = [u.text for u in units]
    assert texts == ["（一）存在问题。", "一是人员数量少；", "二是培训不够。", "（二）改进措施。", "一是加强培训。"]
    assert [u.is_heading for u in units] == [True, False, False, True, False]
    assert units[2].heading == "（一）存在问题。" and units[4].heading == "（二）改进措施。"


def test_short_units_and_signatures_dropped():
    units = split_units("无。本年度未收取信息处理费。\n某某镇人民政府2022年1月10日", "other")
    assert [u.text for u in units] == ["本年度未收取信息处理费。"]


def test_units_stand_in_the_normalised_text(seed):
    report = gixnlp.read(seed("2021-yangting-zhen"))
    for unit in report.units:
        assert report.text[unit.start:unit.start + len(unit.text)] == unit.text
    assert {u.section for u in report.units} == {"overview", "problems", "other"}
