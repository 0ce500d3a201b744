"""The seeds' real defects (read by a human) are found, and the registry behaves like a linter's."""

import pytest

from gixnlp.rules import RULES, SelectionError, check, enabled_codes
from gixnlp.rules.registry import finding

from .labelled import codes, labelled


@pytest.mark.parametrize("stem, expected", [
    ("2022-lijiashan-zhen", {("S101", "other")}),
    ("2021-yangting-zhen", {("S107", "proactive"), ("S107", "requests"), ("D306", "requests:总计")}),
    ("2021-zhaobao-zhen", {("C205", "other"), ("C204", "fee")}),
    ("2020-gaoqiao-zhen", {("D305", "requests:自然人"), ("D305", "requests:其他"), ("D305", "review:行政复议")}),
    ("2021-pingtan-caijinju", {("S101", "other")}),
])
def test_real_defects(stem, expected):
    assert expected <= codes(check(labelled(stem)))


def test_the_narrative_count_of_yangting():
    d306 = next(f for f in check(labelled("2021-yangting-zhen")) if f.code == "D306")
    assert "共接到3次" in d306.evidence and d306.severity == "error" and d306.section == "overview"
    assert "= 0" in d306.evidence


def test_gaoqiao_blank_cells_are_the_applicant_columns():
    """Only the 总计 column of its table 三 is filled (with 0); the other cells are blank."""
    targets = {t for c, t in codes(check(labelled("2020-gaoqiao-zhen"), select=["D305"]))}
    assert "requests:总计" not in targets and len([t for t in targets if t.startswith("requests:")]) == 6


def test_clean_seed_has_no_structure_or_table_errors():
    errors = [f for f in check(labelled("2021-tuchang-zhen")) if f.severity == "error"]
    assert errors == []


def test_every_rule_is_declared_once_with_both_messages():
    for code, rule in RULES.items():
        assert rule.code == code and rule.severity in ("error", "warning", "info")
        assert rule.message_zh and rule.message_en and rule.family
    assert {"S108", "D306", "D307", "O501", "O502", "D308"} <= set(RULES)


def test_findings_take_severity_and_messages_from_the_registry():
    made = finding("S101", section="other", target="other", numeral="六", number=6, name="其他需要报告的事项",
                   name_en="Other matters")
    assert made.severity == "error" and made.message_zh == "缺少第六部分「其他需要报告的事项」"
    assert made.message_en == "Section 6 (Other matters) is missing"


def test_select_and_ignore_by_code_or_prefix():
    assert enabled_codes(["S1"]) == {c for c in RULES if c.startswith("S1")}
    assert "D306" not in enabled_codes(ignore=["D30"]) and "S101" in enabled_codes(ignore=["D30"])
    assert enabled_codes("S101,C204") == {"S101", "C204"}
    with pytest.raises(SelectionError, match="X999"):
        enabled_codes(["X999"])
    report = labelled("2021-zhaobao-zhen")
    assert {f.code for f in check(report, select=["C"], ignore=["C205"])} <= {c for c in RULES if c[0] == "C"} - {"C205"}
    assert {f.code for f in check(report, select=["C204"])} == {"C204"}


def test_editions_decide_which_rules_apply():
    gaoqiao = codes(check(labelled("2020-gaoqiao-zhen")))  # 2020: 六 is a bare nil but C204 is a 2021+ rule
    assert ("C205", "other") in gaoqiao and ("C204", "fee") not in gaoqiao
