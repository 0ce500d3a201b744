"""D301–D307 on real reports: a table cell changed, a contradicting count added, look-alikes ignored."""

import gixnlp
from gixnlp.rules import check
from gixnlp.rules.counts import application_counts, case_counts

from .labelled import CORPORA, codes, edited, labelled

GONGAN = "2022-pingtan-gonganju"  # table 三: 1 new + 1 carried = 2 handled + 0 carried forward
NEW_ROW = "一、本年新收政府信息公开申请数量1000001"
# The edits below space the cells (1 0 0 0 0 0 2): a run such as 1000002 is split only where the row's
# own totals make the split unique, so a run that breaks the sums would be read as unreadable instead.


def _d(report):
    return codes(f for f in check(report, select=["D"]))


def test_clean_tables_raise_nothing():
    assert _d(labelled(GONGAN)) == set()


def test_changed_total_breaks_row_and_column_sums():
    changed = edited(GONGAN, (NEW_ROW, "一、本年新收政府信息公开申请数量1 0 0 0 0 0 2"))
    assert _d(changed) == {("D301", "requests:总计"), ("D303", "requests:总计"),
                           ("D306", "requests:总计")}  # and the narrative's 收到…申请1件 no longer agrees


def test_changed_applicant_cell_breaks_identity_and_row_sum():
    found = check(edited(GONGAN, (NEW_ROW, "一、本年新收政府信息公开申请数量2 0 0 0 0 0 1")), select=["D301", "D303"])
    assert codes(found) == {("D301", "requests:自然人"), ("D303", "requests:总计")}
    assert "一、本年新收政府信息公开申请数量:自然人 = 2" in next(f.evidence for f in found if f.code == "D303")


def test_outcome_rows_must_add_up_to_the_total():
    changed = edited(GONGAN, ("（七）总计2000002", "（七）总计3 0 0 0 0 0 3"))
    assert ("D302", "requests:总计") in _d(changed) and ("D302", "requests:自然人") in _d(changed)


def test_review_group_total():
    stem = "2022-pingtan-caijinju"
    cells = "结果维持结果纠正其他结果尚未审结总计 00 0 00 0 0 0 00 0 0 0 00"
    changed = edited(stem, (cells, "结果维持结果纠正其他结果尚未审结总计 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0"))
    assert ("D304", "review:行政复议:总计") in _d(changed)
    assert _d(labelled(stem)) == set()


def test_blank_and_slash_cells():
    assert ("D305", "requests:自然人") in _d(edited(GONGAN, ("二、上年结转政府信息公开申请数量1000001", "二、上年结转政府信息公开申请数量/ 0 0 0 0 0 1")))
    gaoqiao = _d(labelled("2020-gaoqiao-zhen"))
    assert ("D305", "requests:自然人") in gaoqiao and ("D305", "review:行政复议") in gaoqiao


def test_contradicting_application_count():
    said = "2022年，我局收到政府信息公开申请1件"
    assert _d(edited(GONGAN, (said, "2022年，我局收到政府信息公开申请5件"))) == {("D306", "requests:总计")}
    nil = edited(GONGAN, (said + "，", "2022年，我局全年未收到政府信息公开申请，"))
    found = check(nil, select=["D306"])
    assert codes(found) == {("D306", "requests:总计")} and "0" in found[0].message_en


def test_look_alikes_are_not_application_counts():
    """信息 N 条, 咨询, 行政事业性收费 and 办结 counts are not applications received."""
    stem = "2022-pingtan-caijinju"  # 依申请公开信息数245条 next to 收到政府信息公开申请1件 (table: 1)
    assert [s.value for s in application_counts(labelled(stem))] == [1]
    added = edited(stem, ("2022年共收到政府信息公开申请1件", "全年接到群众电话咨询12次，办结依申请公开9件，"
                          "2022年共收到政府信息公开申请1件"))
    assert _d(added) == set()


def test_contradicting_review_count():
    stem = GONGAN
    said = "没有因政府信息公开针对区公安局申请行政复议或行政诉讼的事项"
    assert [(s.kind, s.value) for s in case_counts(labelled(stem))] == [("review", 0), ("litigation", 0)]
    changed = edited(stem, (said, "因政府信息公开被申请行政复议2件，未发生行政诉讼"))
    assert _d(changed) == {("D307", "review:行政复议:总计")}


def test_no_count_rules_without_a_readable_table():
    report = edited(GONGAN, ("2022年，我局收到政府信息公开申请1件", "2022年，我局收到政府信息公开申请5件"))
    report.tables.pop("requests")
    assert not any(f.code == "D306" for f in check(report))


def test_pdf_table_four_totals_left_at_zero_are_reported():
    """2023 洪泽区 (PDF original): on the rendered page, table 四 reads 行政复议 维持 10, 纠正 1, 总计 0 and
    复议后起诉 维持 5, 总计 0; table 三's （六）其他处理 is the 2019 edition's single row. Both are the
    report's own faults, read from the PDF as printed."""
    report = gixnlp.read(CORPORA / "originals" / "2023-hongze-qu_hzq2023_working.pdf")
    found = check(report, select=["D304", "S107"])
    assert codes(found) == {("D304", "review:行政复议:总计"), ("D304", "review:复议后起诉:总计"), ("S107", "requests")}
