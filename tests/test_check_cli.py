"""``gixnlp check``: a linter's exit codes for pre-publication scripts, rule selection, one-line errors."""

import json

import pytest

from gixnlp.cli.main import main
from gixnlp.render.text import render_findings

from .labelled import path


def _check(capsys, *args):
    status = main(["check", *args])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_fail_on_error_and_warning(capsys):
    yangting = str(path("2021-yangting-zhen"))  # D306 is an error
    zhaobao = str(path("2021-zhaobao-zhen"))  # warnings only (C204, C205, …)
    assert _check(capsys, yangting)[0] == 1
    assert _check(capsys, zhaobao)[0] == 0
    assert _check(capsys, zhaobao, "--fail-on", "warning")[0] == 1
    assert _check(capsys, yangting, "--ignore", "D306,S1")[0] == 0


def test_text_output_groups_findings_by_severity_with_evidence(capsys):
    status, out, _ = _check(capsys, str(path("2021-yangting-zhen")))
    assert out.index("error (1)") < out.index("D306") < out.index("warning (")
    assert "共接到3次" in out and "Score" in out and "accuracy" in out


def test_select_and_json(capsys):
    status, out, _ = _check(capsys, str(path("2021-zhaobao-zhen")), "--select", "C204", "--format", "json")
    data = json.loads(out)
    assert status == 0 and [f["code"] for f in data[0]["findings"]] == ["C204"]
    assert data[0]["findings"][0]["target"] == "fee" and "total" in data[0]["score"]


def test_bad_file_is_one_line_and_exit_2(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("这不是一份年度报告。", encoding="utf-8")
    status, out, err = _check(capsys, str(empty), str(path("2021-tuchang-zhen")))
    assert status == 2 and err.count("\n") == 1 and err.startswith(f"gixnlp: error: {empty}:")
    assert "2021-tuchang-zhen" in out  # the readable file is still checked


def test_unknown_rule_code_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", "--select", "Z9", str(path("2021-tuchang-zhen"))])
    assert exc.value.code == 2 and "unknown rule code" in capsys.readouterr().err


def test_tag_takes_the_same_selection(capsys):
    assert main(["tag", "--format", "json", "--select", "S101", str(path("2022-lijiashan-zhen"))]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["target"]) for f in data["findings"]] == [("S101", "other")]
    assert "metrics" in data and data["score"]["completeness"] < 100


def test_text_view_counts_the_repeats_of_one_code():
    units = [{"code": "B402", "severity": "info", "section": "overview", "target": "unit", "message_zh": "套话",
              "message_en": "Boilerplate unit", "evidence": f"第{i}句"} for i in range(7)]
    lines = render_findings(units)
    assert sum("evidence: 第" in line for line in lines) == 5 and any("… 2 more" in line for line in lines)
