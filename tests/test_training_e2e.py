"""From raw reports to a model that knows a new theme, with the commands a user runs (docs/training.md).

The user adds a theme, ``epidemic`` 疫情防控, to a copy of the taxonomy; annotates two corpus reports
(``gixnlp annotate``, pre-labelled by the shipped model, for Label Studio); labels them in Label Studio;
imports the export (``gixnlp import-annotations``); trains on it plus other gold (``gixnlp train``);
evaluates (``gixnlp eval``) and tags a report with the new model (``gixnlp tag --model``).

The Label Studio step is a **simulation of a person**: each task gets a submitted annotation whose
role, themes and boilerplate are the repository's gold labels for that unit (both reports are fully
annotated in corpora/gold), plus ``epidemic`` where the unit's text names the epidemic (疫情, 防疫,
新冠, 核酸, 疫苗). Training adds one other gold batch so that the run stays small (< 60 s); its units
were labelled before the theme existed, so for them ``epidemic`` is simply absent.
"""

import json
from pathlib import Path

import pytest

from gixnlp.cli.main import main
from gixnlp.errors import ModelError
from gixnlp.model import load
from gixnlp.taxonomy import load_taxonomy
from tests.conftest import CORPORA

REPORTS = ("2020-pingtan-shiyanqu", "2022-pingtan-shiyanqu")
KEYWORDS = ("疫情", "防疫", "新冠", "核酸", "疫苗")
EPIDEMIC = {"code": "epidemic", "zh": "疫情防控", "description": "epidemic prevention and control: measures, "
            "notices and services disclosed during an epidemic", "keywords": list(KEYWORDS)}


def gold_index() -> dict[tuple, dict]:
    lines = [json.loads(line) for path in sorted((CORPORA / "gold").glob("batch-*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    return {(g["report"], g["section"], g["heading"] or "", g["text"]): g for g in lines}


def annotator(task: dict, gold: dict[tuple, dict]) -> dict:
    """What a person submits in Label Studio for one task (simulated from gold + the new theme)."""
    data = task["data"]
    g = gold[(data["report"], data["section"], data["heading"], data["text"])]
    themes = g["themes"] + (["epidemic"] if any(k in data["text"] for k in KEYWORDS) else [])

    def choices(name, values):
        return {"from_name": name, "to_name": "text", "type": "choices", "value": {"choices": values}}
    result = [choices("role", [g["role"]])] + ([choices("themes", themes)] if themes else []) \
        + [choices("boilerplate", [str(g["boilerplate"]).lower()])]
    return {"result": result, "was_cancelled": False, "ground_truth": False, "completed_by": 1}


def test_new_theme_from_annotation_to_tagging(tmp_path, capsys):
    workdir = tmp_path
    # 1. a copy of the taxonomy with a new theme
    taxonomy = json.loads(Path(load_taxonomy().path).read_text(encoding="utf-8"))
    taxonomy["version"] = "1.3+epidemic"
    taxonomy["themes"].append(EPIDEMIC)
    tax = workdir / "taxonomy.json"
    tax.write_text(json.dumps(taxonomy, ensure_ascii=False, indent=1), encoding="utf-8")

    # 2. tasks for Label Studio, pre-labelled by the shipped model, label set from the new taxonomy
    tasks_path = workdir / "tasks.json"
    assert main(["annotate", *(str(CORPORA / "reports" / f"{r}.txt") for r in REPORTS),
                 "--taxonomy", str(tax), "--out", str(tasks_path)]) == 0
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    assert all("predictions" in t for t in tasks)
    scores = [t["data"]["informativeness"] for t in tasks]
    assert scores == sorted(scores, reverse=True)
    assert '<Choice value="epidemic" hint="疫情防控：' in (workdir / "tasks.labelstudio.xml").read_text(encoding="utf-8")

    # 3. a person labels every task in Label Studio and exports JSON (simulated, see module docstring)
    gold = gold_index()
    for i, task in enumerate(tasks, 1):
        task.update(id=i, annotations=[annotator(task, gold)])
    export = workdir / "project-1-at-2026-11-30.json"
    export.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")

    # 4. import: checked against the new taxonomy (the bundled one does not know the theme)
    new_gold = workdir / "gold" / "epidemic.jsonl"
    assert main(["import-annotations", str(export), "--out", str(new_gold)]) == 1
    err = capsys.readouterr().err
    assert "unknown theme 'epidemic'" in err and "--taxonomy FILE" in err and not new_gold.exists()
    assert main(["import-annotations", str(export), "--taxonomy", str(tax), "--out", str(new_gold)]) == 0
    lines = [json.loads(line) for line in new_gold.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(tasks) and {line["report"] for line in lines} == set(REPORTS)
    assert sum("epidemic" in line["themes"] for line in lines) >= 5

    # 5. train on the new gold plus another batch (without the two reports), taxonomy recorded in the model
    other = workdir / "gold" / "other.jsonl"
    other.write_text("".join(line + "\n" for line in (CORPORA / "gold" / "batch-b.jsonl").read_text(
        encoding="utf-8").splitlines() if json.loads(line)["report"] not in REPORTS), encoding="utf-8")
    model = workdir / "model"
    assert main(["train", "--gold", str(new_gold), str(other), "--taxonomy", str(tax), "--folds", "0",
                 "--jobs", "1", "--out", str(model)]) == 0
    assert "taxonomy 1.3+epidemic" in capsys.readouterr().out
    assert "epidemic" in load(model).taxonomy.theme_codes
    with pytest.raises(ModelError, match="retrain"):
        load(model, taxonomy=load_taxonomy())  # a model refuses a taxonomy it was not trained with

    # 6. evaluation lists the new theme
    assert main(["eval", "--gold", str(new_gold), str(other), "--taxonomy", str(tax), "--systems", "gixnlp",
                 "--folds", "2", "--jobs", "1"]) == 0
    assert "| `epidemic` | 疫情防控 |" in capsys.readouterr().out

    # 7. tagging with the new model shows the new label
    assert main(["tag", str(CORPORA / "reports" / f"{REPORTS[1]}.txt"), "--model", str(model),
                 "--format", "json"]) == 0
    units = json.loads(capsys.readouterr().out)["units"]
    tagged = [u["text"] for u in units if "epidemic" in (u["themes"] or ())]
    assert tagged and all(any(k in text for k in KEYWORDS) for text in tagged)
