"""``gixnlp import-annotations``: tool exports back to exact gold lines; bad labels named by file and line.

The exports are simulated the way each tool writes them (doccano JSONL with ``label`` and the task
metadata flattened; Label Studio full JSON with ``annotations``/``predictions`` and JSON-MIN; the
gixnlp CSV filled in a spreadsheet), with the labels of the repository's gold files.
"""

import csv
import json
from pathlib import Path

import pytest

from gixnlp.annotations import AnnotationError, import_annotations
from gixnlp.cli.main import main
from gixnlp.taxonomy import load_taxonomy, parse_taxonomy
from tests.conftest import CORPORA

TAXONOMY = load_taxonomy()
STEM = "2021-tuchang-zhen"


def gold_lines(stem: str) -> list[dict]:
    lines = [json.loads(l) for f in sorted((CORPORA / "gold").glob("batch-*.jsonl"))
             for l in f.read_text(encoding="utf-8").splitlines()]
    return [g for g in lines if g["report"] == stem]


def gold_of(record: dict, gold: list[dict]) -> dict:
    return next(g for g in gold if (g["section"], g["heading"] or "", g["text"]) ==
                (record["section"], record["heading"], record["text"]))


def doccano_labels(g: dict) -> list[str]:
    return [f"role:{g['role']}"] + [f"theme:{t}" for t in g["themes"]] + [f"boilerplate:{str(g['boilerplate']).lower()}"]


def ls_result(g: dict) -> list[dict]:
    def choice(name, values):
        return {"from_name": name, "to_name": "text", "type": "choices", "value": {"choices": values},
                "origin": "manual"}
    return [choice("role", [g["role"]])] + ([choice("themes", g["themes"])] if g["themes"] else []) \
        + [choice("boilerplate", [str(g["boilerplate"]).lower()])]


@pytest.fixture
def tasks(tmp_path, seed):
    """Write doccano, Label Studio and CSV tasks for one seed report; return their paths."""
    assert main(["annotate", str(seed(STEM)), "--no-model", "--out", str(tmp_path / "tasks.jsonl"),
                 "--csv", str(tmp_path / "tasks.csv")]) == 0
    assert main(["annotate", str(seed(STEM)), "--no-model", "--out", str(tmp_path / "tasks.json")]) == 0
    return tmp_path


def doccano_export(tasks: Path, labelled: int) -> Path:
    """doccano: one line per example, metadata flattened, ``label`` as the person left it ([] if untouched)."""
    gold = gold_lines(STEM)
    lines = []
    for i, line in enumerate((tasks / "tasks.jsonl").read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        labels = doccano_labels(gold_of(record, gold)) if i < labelled else []
        lines.append(json.dumps({"id": 100 + i, **record, "label": labels, "Comments": []}, ensure_ascii=False))
    path = tasks / "admin.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_doccano_round_trip_rebuilds_gold_exactly(tasks):
    gold = gold_lines(STEM)
    result = import_annotations([doccano_export(tasks, labelled=len(gold))], TAXONOMY)
    assert result.gold == gold and result.unlabelled == 0


def test_only_units_a_person_labelled_become_gold(tasks, tmp_path):
    result = import_annotations([doccano_export(tasks, labelled=5)], TAXONOMY)
    assert len(result.gold) == 5 and result.unlabelled == len(gold_lines(STEM)) - 5


def test_label_studio_full_export(tasks):
    gold = gold_lines(STEM)
    exported = json.loads((tasks / "tasks.json").read_text(encoding="utf-8"))
    for i, task in enumerate(exported):
        task["id"] = i + 1
        g = gold_of(task["data"], gold)
        proposal = dict(g, role="framing", themes=[])
        task["predictions"] = [{"model_version": "m", "result": ls_result(proposal)}]
        if i == 0:  # two annotators disagree, one marked ground truth: that one counts
            task["annotations"] = [{"result": ls_result(proposal), "was_cancelled": False},
                                   {"result": ls_result(g), "was_cancelled": False, "ground_truth": True}]
        elif i < 4:
            task["annotations"] = [{"result": ls_result(g), "was_cancelled": False, "completed_by": 1}]
        elif i == 4:  # skipped by the annotator
            task["annotations"] = [{"result": [], "was_cancelled": True}]
    path = tasks / "project-1-at-2026.json"
    path.write_text(json.dumps(exported, ensure_ascii=False, indent=2), encoding="utf-8")
    result = import_annotations([path], TAXONOMY, keep_prelabels=True)
    assert result.gold == gold[:4]
    assert result.unlabelled == len(gold) - 4
    assert result.auto[0] == dict(gold[4], role="framing", themes=[], source="auto")


def test_label_studio_json_min_export(tasks):
    gold = gold_lines(STEM)[:3]
    rows = []
    for i, task in enumerate(json.loads((tasks / "tasks.json").read_text(encoding="utf-8"))[:3]):
        g = gold_of(task["data"], gold)
        row = {**task["data"], "id": i + 1, "role": g["role"], "boilerplate": str(g["boilerplate"]).lower(),
               "annotator": 1, "annotation_id": i + 10, "lead_time": 3.2}
        if g["themes"]:  # JSON-MIN: one choice as a string, several as {"choices": [...]}
            row["themes"] = g["themes"][0] if len(g["themes"]) == 1 else {"choices": g["themes"]}
        rows.append(row)
    path = tasks / "min.json"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    assert import_annotations([path], TAXONOMY).gold == gold


def fill_csv(tasks: Path, rows_to_fill: dict[int, tuple[str, str, str]], encoding: str = "utf-8-sig") -> Path:
    with open(tasks / "tasks.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    for i, (role, themes, flag) in rows_to_fill.items():
        rows[i].update(role=role, themes=themes, boilerplate=flag)
    path = tasks / "sheet.csv"
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])  # Excel on Chinese Windows saves GB18030
def test_csv_accepts_codes_or_chinese_names(tasks, encoding):
    path = fill_csv(tasks, {0: ("工作情况", "平台渠道；proactive", "否"), 1: ("过渡/套语", "", "false"), 2: ("measure", "", "true")}, encoding)
    result = import_annotations([path], TAXONOMY)
    assert [(g["role"], g["themes"], g["boilerplate"]) for g in result.gold] == \
        [("summary", ["platform", "proactive"], False), ("framing", [], False), ("measure", [], True)]


def test_unknown_theme_is_named_with_file_and_line(tasks, tmp_path, capsys):
    export = doccano_export(tasks, labelled=3)
    lines = export.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[1])
    record["label"].append("theme:xyz")
    lines[1] = json.dumps(record, ensure_ascii=False)
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "gold.jsonl"
    assert main(["import-annotations", str(export), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"gixnlp: error: {export}:2: unknown theme 'xyz' (taxonomy 1.3 has: proactive, request," in err
    assert "nothing written" in err and not out.exists()


def test_every_problem_is_reported_at_once(tasks):
    path = fill_csv(tasks, {0: ("summary", "platform", ""), 1: ("", "platform", "false"),
                            2: ("summary; measure", "", "false"), 3: ("summary", "", "maybe")})
    with pytest.raises(AnnotationError) as exc:
        import_annotations([path], TAXONOMY)
    problems = exc.value.problems
    assert [p.split(": ", 1)[0] for p in problems] == [f"{path}:{n}" for n in (2, 3, 4, 5)]
    assert "no boilerplate label" in problems[0] and "no role" in problems[1]
    assert "2 roles (summary, measure)" in problems[2] and "not 'maybe'" in problems[3]


def test_label_studio_line_numbers_point_at_the_task(tasks):
    exported = json.loads((tasks / "tasks.json").read_text(encoding="utf-8"))
    exported[2]["annotations"] = [{"result": ls_result({"role": "summery", "themes": [], "boilerplate": True})}]
    path = tasks / "ls.json"
    text = json.dumps(exported, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError) as exc:
        import_annotations([path], TAXONOMY)
    (problem,) = exc.value.problems
    line = int(problem.split(":")[1])
    assert text.splitlines()[line - 1].strip() == "{" and '"summery"' in "\n".join(text.splitlines()[line:line + 40])
    assert "unknown role 'summery'" in problem


def test_disagreeing_exports_are_refused(tasks):
    a = doccano_export(tasks, labelled=2)
    lines = a.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["label"] = [l for l in record["label"] if not l.startswith("role:")] + ["role:framing"]
    b = tasks / "other.jsonl"
    b.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError) as exc:
        import_annotations([a, b], TAXONOMY)
    assert f"labelled differently at {a}:1" in exc.value.problems[0]
    assert len(import_annotations([a, a], TAXONOMY).gold) == 2  # agreeing duplicates collapse


def test_foreign_files_are_refused(tmp_path):
    path = tmp_path / "other.jsonl"
    path.write_text('{"text": "某局全年公开信息100条。", "label": ["positive"]}\n{"text": ', encoding="utf-8")
    with pytest.raises(AnnotationError) as exc:
        import_annotations([path], TAXONOMY)
    assert any("not role:…, theme:… or boilerplate:…" in p for p in exc.value.problems)
    assert any("no report, section" in p for p in exc.value.problems)
    assert any(p.startswith(f"{path}:2: not valid JSON") for p in exc.value.problems)


def test_new_theme_needs_its_taxonomy(tasks, tmp_path):
    export = doccano_export(tasks, labelled=1)
    record = json.loads(export.read_text(encoding="utf-8").splitlines()[0])
    record["label"].append("theme:epidemic")
    export.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError):
        import_annotations([export], TAXONOMY)
    data = json.loads(Path(TAXONOMY.path).read_text(encoding="utf-8"))
    data["themes"].append({"code": "epidemic", "zh": "疫情防控"})
    assert "epidemic" in import_annotations([export], parse_taxonomy(data)).gold[0]["themes"]


def test_cli_writes_gold_and_keeps_proposals_apart(tasks, tmp_path, capsys):
    export = doccano_export(tasks, labelled=4)
    lines = export.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[5])
    record["prelabel"] = "role:summary boilerplate:true"
    lines[5] = json.dumps(record, ensure_ascii=False)
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, auto = tmp_path / "gold" / "batch-x.jsonl", tmp_path / "auto.jsonl"
    assert main(["import-annotations", str(export), "--out", str(out), "--prelabels-out", str(auto)]) == 0
    assert "4 gold units from 1 report(s)" in capsys.readouterr().err
    assert [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()] == gold_lines(STEM)[:4]
    assert json.loads(auto.read_text(encoding="utf-8"))["source"] == "auto"
    assert main(["import-annotations", str(export), "--out", str(out)]) == 1  # gold is not overwritten
    assert "exists" in capsys.readouterr().err
    assert main(["import-annotations", str(tasks / "tasks.jsonl"), "--out", str(tmp_path / "none.jsonl")]) == 1
    assert "was labelled by a person" in capsys.readouterr().err
