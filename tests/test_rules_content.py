"""C2xx on real reports with gold labels: aspects, rectification, correspondence, fees, a bare 六."""

from gixnlp.rules import check, content
from gixnlp.rules.base import Context
from gixnlp.taxonomy import load_taxonomy, parse_taxonomy

from .labelled import codes, edited, labelled, raw

TUCHANG = "2021-tuchang-zhen"


def _of(report, code):
    return {target for c, target in codes(check(report, select=[code]))}


def _line(stem, start):
    return next(l for l in raw(stem).splitlines() if l.startswith(start))


def test_removed_overview_aspect():
    assert _of(labelled(TUCHANG), "C201") == set()
    assert _of(edited(TUCHANG, (_line(TUCHANG, "（四）持续加强监督保障"), "")), "C201") == {"oversight"}


def test_coverage_comes_from_the_taxonomy_file():
    data = {"version": "t", "roles": [{"code": r.code, "zh": r.zh} for r in load_taxonomy().roles],
            "themes": [{"code": t.code, "zh": t.zh} for t in load_taxonomy().themes],
            "overview_coverage": [{"aspect": "staffing", "zh": "队伍", "themes": ["staffing"]}]}
    report = labelled(TUCHANG)
    ctx = Context.for_report(report, frozenset({"C201"}), taxonomy=parse_taxonomy(data))
    assert codes(content.check(ctx)) == {("C201", "staffing")}


def test_rectification_of_last_years_problems():
    stem = "2021-pingtan-jiaotong-jiansheju"
    assert _of(labelled(stem), "C202") == set()
    text = raw(stem)
    rectification = text[text.index("我局针对2020年"):text.index("2021年，我局在政府信息公开工作中也仍存在")]
    assert _of(edited(stem, (rectification, "")), "C202") == {"rectification"}
    assert _of(labelled("2020-gaoqiao-zhen"), "C202") == set()  # 2020: not required


def test_problem_without_matching_measure():
    assert _of(labelled(TUCHANG), "C203") == set()
    removed = edited(TUCHANG, ("三是继续深化政府信息公开平台建设，提升微信公众号等平台的关注度。", ""))
    found = check(removed, select=["C203"])
    assert codes(found) == {("C203", "platform")} and "微信公众号关注人员不多" in found[0].evidence


def test_fee_statement_in_other():
    stem = "2022-pingtan-caijinju"  # table 二 has 行政事业性收费 9116.36 (not 信息处理费); 六 states the fee
    assert _of(labelled(stem), "C204") == set()
    nil = edited(stem, ("六、其他需要报告的事项2022年，无收取信息处理费情况。", "六、其他需要报告的事项无。"))
    assert _of(nil, "C204") == {"fee"} and _of(nil, "C205") == {"other"}
    assert _of(labelled("2020-gaoqiao-zhen"), "C204") == set()  # 2020 report: the fee statement is a 2021+ rule


def test_government_reports_oversight_results():
    assert _of(labelled("2020-gaoqiao-zhen"), "C206") == {"oversight"}
    assert _of(labelled(TUCHANG), "C206") == set()  # 纳入…工作考核内容
    assert _of(labelled("2022-pingtan-caijinju"), "C206") == set()  # a department, not a 人民政府
