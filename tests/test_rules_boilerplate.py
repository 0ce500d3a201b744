"""B401–B403 and the metrics: boilerplate share from labels, specifics by regex, commonness from a reference."""

import glob

from gixnlp.model.reference import Reference
from gixnlp.rules import check, metrics
from gixnlp.specificity import specifics

from .labelled import CORPORA, codes, edited, labelled, raw


def test_specifics_are_checkable_things_not_statutes_or_years():
    found = specifics("公开政府信息479条，12.11万元，100%，2021年6月，紫政办函〔2021〕5号，开设「红色赵保」专栏，"
                      "全年未收到政府信息公开申请")
    assert found == ["479条", "12.11万元", "100%", "6月", "〔2021〕5号", "「红色赵保」", "未收到政府信息公开申请"]
    assert specifics("根据《中华人民共和国政府信息公开条例》第二十条，在20个工作日内，2021年，坚持“五公开”") == []


def test_boilerplate_share_needs_labels():
    assert metrics(labelled("2022-lijiashan-zhen"))["boilerplate_share"] > 0.9
    assert metrics(labelled("2023-pingtan-jiaotong-jiansheju"))["boilerplate_share"] is None  # no gold labels
    assert codes(check(labelled("2022-lijiashan-zhen"), select=["B401"])) == {("B401", "narrative")}
    assert check(labelled("2021-pingtan-jiaotong-jiansheju"), select=["B401"]) == []


def test_one_b402_per_boilerplate_unit_with_its_text():
    report = labelled("2021-tuchang-zhen")
    found = check(report, select=["B402"])
    expected = [u.text for u in report.units if u.boilerplate and not u.is_heading]
    assert [f.evidence for f in found] == expected and all(f.severity == "info" for f in found)


def test_low_specificity_section():
    stem = "2021-pingtan-jiaotong-jiansheju"  # an overview full of counts
    assert "overview" not in {t for _, t in codes(check(labelled(stem), select=["B403"]))}
    text = raw(stem)
    overview = text[text.index("一、总体情况") + 6:text.index("二、主动公开政府信息情况")]
    generic = "我局高度重视政府信息公开工作，坚持以公开为常态、不公开为例外，不断提升政府信息公开质量。" * 8
    assert ("B403", "overview") in codes(check(edited(stem, (overview, generic)), select=["B403"]))


def test_commonness_from_a_reference_corpus():
    texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(str(CORPORA / "reports" / "202*.txt")))]
    reference = Reference.build(texts)
    report = labelled("2022-lijiashan-zhen")
    with_reference = metrics(report, reference)["sections"]
    assert 0 <= with_reference["overview"]["commonness"] <= 1
    assert metrics(report)["sections"]["overview"]["commonness"] is None
    # 财政金融局 repeats its 五 every year (2021–2025 are in the reference); 李家山镇 is not from there
    repeated = metrics(labelled("2022-pingtan-caijinju"), reference)["sections"]["problems"]["commonness"]
    assert repeated > 0.4 > 0.2 > with_reference["problems"]["commonness"]
