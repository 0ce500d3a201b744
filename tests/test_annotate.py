"""``gixnlp annotate``: tasks keep unit identity, pre-labels stay suggestions, the most uncertain come first."""

import csv
import json
from dataclasses import replace
from types import SimpleNamespace

import pytest

from gixnlp.annotate import (Task, doccano_task, informativeness, labelstudio_config, labelstudio_task,
                             model_version, order_tasks, report_tasks, write_tasks)
from gixnlp.cli.main import main
from gixnlp.pipeline import read
from gixnlp.report import Unit
from gixnlp.taxonomy import load_taxonomy, parse_taxonomy

TAXONOMY = load_taxonomy()


class FakeTagger:
    """Stands in for the trained model: deterministic labels and scores, the Tagger interface."""

    taxonomy = TAXONOMY
    model = SimpleNamespace(thresholds_={"platform": 0.3, "proactive": 0.5})
    meta = {"name": "fake", "gold": {"corpus_sha256": "0123456789abcdef"}}

    def __call__(self, report):
        for i, unit in enumerate(report.units):
            unit.role, unit.role_score = "summary", 0.4 + 0.6 * (i % 5) / 4  # 0.4 … 1.0
            unit.theme_scores = {"platform": 0.3 if i % 7 == 0 else 0.95, "proactive": 0.05}
            unit.themes = [t for t, p in unit.theme_scores.items() if p >= self.model.thresholds_[t]]
            unit.boilerplate_score = 0.1
            unit.boilerplate = False


@pytest.fixture
def report(seed):
    return read(seed("2021-tuchang-zhen"))


def test_tasks_keep_unit_identity_in_document_order(report):
    tasks = report_tasks(report, "2021-tuchang-zhen", TAXONOMY)
    assert [(t.section, t.heading, t.text, t.start) for t in tasks] == \
        [(u.section, u.heading, u.text, u.start) for u in report.units]
    assert tasks[0].unit == "2021-tuchang-zhen#000" and tasks[0].prelabel is None
    assert order_tasks(tasks) == tasks  # without a model: document order


def test_informativeness_is_highest_where_the_model_is_unsure():
    sure = Unit("overview", None, "x", 0, role_score=1.0, boilerplate_score=0.0, theme_scores={"platform": 1.0})
    unsure = replace(sure, role_score=0.2, boilerplate_score=0.5, theme_scores={"platform": 0.5})
    assert informativeness(sure, 5) == 0.0
    assert informativeness(unsure, 5) == 1.0
    assert informativeness(replace(unsure, is_heading=True), 5) == 0.5
    # a theme exactly at its own threshold is as uncertain as it gets
    assert informativeness(replace(sure, theme_scores={"platform": 0.3}), 5, {"platform": 0.3}) == pytest.approx(1 / 3, abs=1e-3)
    assert informativeness(Unit("overview", None, "x", 0), 5) is None


def test_prelabelled_tasks_are_ordered_most_informative_first(report):
    tasks = order_tasks(report_tasks(report, "r", TAXONOMY, FakeTagger()))
    scores = [t.informativeness for t in tasks]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    assert order_tasks(tasks, limit=3) == tasks[:3]
    assert all(t.prelabel.role == "summary" and t.prelabel.boilerplate is False for t in tasks)


def test_prelabels_are_suggestions_not_labels(report):
    task = order_tasks(report_tasks(report, "r", TAXONOMY, FakeTagger()))[0]
    doccano = doccano_task(task)
    assert "label" not in doccano  # doccano shows metadata; every label in its export is a person's
    assert doccano["prelabel"].startswith("role:summary") and doccano["prelabel"].endswith("boilerplate:false")
    ls = labelstudio_task(task, model_version(FakeTagger()))
    assert "annotations" not in ls and ls["predictions"][0]["model_version"] == "fake@01234567"
    assert {r["from_name"] for r in ls["predictions"][0]["result"]} >= {"role", "boilerplate"}
    assert ls["data"]["text"] == task.text and ls["data"]["start"] == task.start


def test_label_studio_config_follows_the_taxonomy():
    data = json.loads(open(TAXONOMY.path, encoding="utf-8").read())
    data["themes"].append({"code": "epidemic", "zh": "疫情防控", "description": "epidemic prevention"})
    config = labelstudio_config(parse_taxonomy(data))
    assert '<Choice value="epidemic" hint="疫情防控：epidemic prevention"/>' in config
    assert 'name="role" toName="text" choice="single"' in config and 'choice="multiple"' in config


def test_csv_opens_in_excel_and_leaves_label_columns_empty(tmp_path, report):
    tasks = report_tasks(report, "r", TAXONOMY, FakeTagger())
    (path,) = write_tasks(tasks, tmp_path / "t.csv", "csv", TAXONOMY)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "总体情况".encode() in raw
    rows = list(csv.DictReader(open(path, encoding="utf-8-sig")))
    assert len(rows) == len(tasks) and rows[0]["role"] == "" and rows[0]["suggested_role"] == "summary"


def test_cli_writes_tool_files_and_label_sets(tmp_path, seed, capsys):
    out = tmp_path / "tasks.json"
    assert main(["annotate", str(seed("2021-tuchang-zhen")), str(seed("2022-lijiashan-zhen")), "--no-model",
                 "--out", str(out), "--csv", str(tmp_path / "tasks.csv")]) == 0
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert {t["data"]["report"] for t in tasks} == {"2021-tuchang-zhen", "2022-lijiashan-zhen"}
    assert "<Choices" in (tmp_path / "tasks.labelstudio.xml").read_text(encoding="utf-8")
    assert main(["annotate", str(seed("2021-tuchang-zhen")), "--no-model", "--out", str(tmp_path / "t.jsonl")]) == 0
    labels = json.loads((tmp_path / "t.doccano-labels.json").read_text(encoding="utf-8"))
    assert {"role:summary", "theme:platform", "boilerplate:true"} <= {label["text"] for label in labels}
    line = (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert "总体情况" in line  # Chinese as is, not \\u escapes
    assert "units from 1 report(s), no pre-labels" in capsys.readouterr().err


def test_cli_errors_are_one_line(tmp_path, seed, capsys):
    assert main(["annotate", str(seed("2021-tuchang-zhen")), "--no-model"]) == 2
    assert "--out FILE" in capsys.readouterr().err
    same = tmp_path / "2021-tuchang-zhen.txt"
    same.write_bytes(seed("2021-tuchang-zhen").read_bytes())
    assert main(["annotate", str(seed("2021-tuchang-zhen")), str(same), "--no-model",
                 "--out", str(tmp_path / "t.json")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "same name" in err and not (tmp_path / "t.json").exists()


def test_missing_model_is_one_line(tmp_path, seed, capsys):
    assert main(["annotate", str(seed("2021-tuchang-zhen")), "--model", str(tmp_path / "nope"),
                 "--out", str(tmp_path / "t.json")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("gixnlp: error: ") and err.count("\n") == 1 and not (tmp_path / "t.json").exists()


def test_help_teaches(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["annotate", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "--csv" in out and "--no-model" in out


def test_write_tasks_rejects_unknown_format(tmp_path):
    with pytest.raises(ValueError):
        write_tasks([Task("r#000", "r", "overview", None, "文本文本", 0)], tmp_path / "x", "brat", TAXONOMY)
