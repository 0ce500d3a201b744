"""S1xx on real reports: each defect built into an unmodified report that does not have it."""

from gixnlp.rules import check

from .labelled import codes, edited, labelled, raw

CAIJINJU = "2022-pingtan-caijinju"  # 2022, 2021 tables, all six sections, 六 states the fee


def _of(report, code):
    return {target for c, target in codes(check(report, select=[code]))}


def test_removed_section_is_named():
    assert _of(labelled(CAIJINJU), "S101") == set()
    review = raw(CAIJINJU)[raw(CAIJINJU).index("四、政府信息公开行政复议"):raw(CAIJINJU).index("五、存在的主要问题")]
    assert _of(edited(CAIJINJU, (review, "")), "S101") == {"review_table"}
    assert _of(edited(CAIJINJU, ("六、其他需要报告的事项2022年，无收取信息处理费情况。", "")), "S101") == {"other"}


def test_removed_or_nil_problems_section_is_s103_not_s101():
    text = raw(CAIJINJU)
    problems = text[text.index("五、存在的主要问题及改进情况"):text.index("六、其他需要报告的事项")]
    removed = edited(CAIJINJU, (problems, ""))
    assert _of(removed, "S103") == {"problems"} and "problems" not in _of(removed, "S101")
    assert _of(edited(CAIJINJU, (problems, "五、存在的主要问题及改进情况无。")), "S103") == {"problems"}
    assert _of(labelled(CAIJINJU), "S103") == set()


def test_swapped_sections_are_out_of_order():
    text = raw(CAIJINJU)
    problems = text[text.index("五、存在的主要问题及改进情况"):text.index("六、其他需要报告的事项")]
    other = text[text.index("六、其他需要报告的事项"):text.index(" 平潭综合实验区财政全融局2023年1月4日")]
    swapped = edited(CAIJINJU, (problems + other, other + problems))
    assert _of(swapped, "S102") == {"problems"}
    assert _of(labelled(CAIJINJU), "S102") == set()


def test_problem_and_measure_roles():
    line = next(l for l in raw("2021-tuchang-zhen").splitlines() if l.startswith("2021年，尽管我镇"))
    problems = line[line.index("一是"):]
    assert _of(edited("2021-tuchang-zhen", (problems, "")), "S104") == {"problem"}
    line = next(l for l in raw("2021-tuchang-zhen").splitlines() if l.startswith("针对以上存在的问题"))
    assert _of(edited("2021-tuchang-zhen", (line[line.index("一是"):], "")), "S105") == {"measure"}
    assert _of(labelled("2021-tuchang-zhen"), "S104") == _of(labelled("2021-tuchang-zhen"), "S105") == set()


def test_label_rules_are_silent_without_labels():
    unlabelled = labelled("2021-tuchang-zhen")
    for unit in unlabelled.units:
        unit.role = unit.themes = unit.boilerplate = None
    assert not {c for c, _ in codes(check(unlabelled))} & {"S104", "S105", "C201", "C202", "C203", "B401", "B402"}


def test_title_year():
    assert _of(labelled(CAIJINJU), "S106") == set()
    changed = edited(CAIJINJU, ("标题: 平潭综合实验区财政金融局2022年度", "标题: 平潭综合实验区财政金融局2021年度"))
    found = check(changed, select=["S106"])
    assert codes(found) == {("S106", "title")} and "2021" in found[0].message_zh and "2022" in found[0].message_zh
    assert _of(labelled("2022-lijiashan-zhen"), "S106") == {"title"}  # 李家山镇政府信息公开工作年度报告: no year


def test_layout_must_fit_the_year():
    assert _of(labelled("2020-gaoqiao-zhen"), "S107") == set()  # 2019 layout, 2020 report
    moved = edited("2020-gaoqiao-zhen", ("高桥镇2020年政府信息公开工作年度报告", "高桥镇2021年政府信息公开工作年度报告"))
    assert _of(moved, "S107") == {"proactive", "requests"}


def test_wrong_year_in_the_narrative():
    assert _of(labelled(CAIJINJU), "S108") == set()  # 2023年，我局将… in a 2022 report; 2021年政府决算 is legitimate
    plans = edited(CAIJINJU, ("2023年，我局将坚持", "2022年，我局将坚持"))
    assert _of(plans, "S108") == {"2022"}
    summary = edited(CAIJINJU, ("2022年共收到政府信息公开申请1件", "2021年共收到政府信息公开申请1件"))
    found = check(summary, select=["S108"])
    assert codes(found) == {("S108", "2021")} and found[0].section == "overview"
    assert _of(labelled("2021-pingtan-caijinju"), "S108") == {"2021"}  # real: 2021年，我局将… in the 2021 report


def test_legacy_reports_need_only_the_2008_sections():
    legacy = labelled("2016-pingtan-shiyanqu")
    assert legacy.year == 2016 and _of(legacy, "S101") == set()
    assert not any(f.code.startswith("D") or f.code == "S107" for f in check(legacy))
