"""The score: sub-scores from findings and metrics, every lost point traceable, weights from configuration."""

import json

import pytest

from gixnlp.pipeline import analyse
from gixnlp.report import Finding
from gixnlp.score import SUBSCORES, ScoreConfigError, load_config, ramp, score, subscore_of

from .labelled import labelled


def _f(code, severity="warning", target=None):
    return {"code": code, "severity": severity, "section": None, "target": target, "message_zh": "", "message_en": "",
            "evidence": None}


def test_perfect_report_scores_100():
    result = score([], {})
    assert result["total"] == 100 and all(result[name] == 100 for name in SUBSCORES) and result["deductions"] == []


def test_each_finding_costs_its_subscore_and_is_traced():
    config = load_config()
    result = score([_f("D306", "error", "requests:总计"), _f("C204", target="fee")], {})
    assert result["accuracy"] == 100 - config["severity_points"]["error"]
    assert result["completeness"] == 100 - config["severity_points"]["warning"]
    assert {(d["code"], d["subscore"]) for d in result["deductions"]} == {("D306", "accuracy"), ("C204", "completeness")}
    lost = sum(d["points"] * config["weights"][d["subscore"]] for d in result["deductions"]) / sum(config["weights"].values())
    assert result["total"] == pytest.approx(100 - lost, abs=0.05)


def test_longest_prefix_decides_the_subscore():
    config = load_config()
    assert subscore_of("S101", config) == "completeness" and subscore_of("S104", config) == "problems"
    assert subscore_of("O501", config) == "originality" and subscore_of("B402", config) is None


def test_repeats_of_one_code_are_capped():
    config = load_config()
    result = score([_f("D305", target=f"requests:{i}") for i in range(9)], {})
    assert 100 - result["accuracy"] == config["code_caps"]["D305"]


def test_metric_ramps_in_either_direction():
    assert ramp(0.4, 0.4, 0.9, 40) == 0 and ramp(0.9, 0.4, 0.9, 40) == 40 and ramp(0.65, 0.4, 0.9, 40) == 20
    assert ramp(12, 12, 2, 25) == 0 and ramp(7, 12, 2, 25) == 12.5 and ramp(0, 12, 2, 25) == 25
    result = score([], {"boilerplate_share": 0.9, "sections": {"overview": {"specificity": 0.0}}})
    assert {d["metric"] for d in result["deductions"]} == {"boilerplate_share", "sections.overview.specificity"}
    assert all(d["subscore"] == "substance" for d in result["deductions"])


def test_weights_change_without_code(tmp_path):
    config = load_config()
    config = {**config, "weights": {**config["weights"], "accuracy": 0, "completeness": 0, "substance": 0,
                                     "problems": 0, "originality": 1}}
    path = tmp_path / "score.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    findings = [_f("D306", "error"), _f("O502", target="other.txt")]
    assert score(findings, {}, path)["total"] == score(findings, {}, path)["originality"] < 100
    with pytest.raises(ScoreConfigError):
        score([], {}, tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text('{"weights": {"total": 1}}', encoding="utf-8")
    with pytest.raises(ScoreConfigError, match="weights"):
        load_config(tmp_path / "bad.json")


def test_objects_and_dicts_score_alike_and_batch_rescoring_works():
    record = analyse(labelled("2021-yangting-zhen"))
    objects = [Finding(**f) for f in record["findings"]]
    assert score(objects, record["metrics"]) == record["score"]
    record["findings"].append(_f("O501", target="2020-yangting-zhen.txt"))
    assert score(record["findings"], record["metrics"])["originality"] < record["score"]["originality"]


def test_seed_scores_reflect_their_defects():
    clean, defective = analyse(labelled("2021-tuchang-zhen")), analyse(labelled("2021-yangting-zhen"))
    assert defective["score"]["accuracy"] < clean["score"]["accuracy"] == 100
    assert defective["score"]["completeness"] < clean["score"]["completeness"]
