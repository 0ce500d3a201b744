"""The unit classifiers: tokenizer agreement, tagging, model directories, checksums, determinism, gold files."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from gixnlp import load, read
from gixnlp.cli.main import main
from gixnlp.errors import ModelError
from gixnlp.model.classifiers import UnitModel
from gixnlp.model.gold import GoldError, read_gold
from gixnlp.model.reference import Reference
from gixnlp.model.store import sha256
from gixnlp.model.tagger import default_model_path
from gixnlp.model.train import report_texts, train
from gixnlp.taxonomy import load_taxonomy
from gixnlp.tokenize import Tokenizer, agreement

from .conftest import CORPORA

GOLD = sorted((CORPORA / "gold").glob("batch-*.jsonl"))


@pytest.fixture(scope="module")
def gold_units():
    return read_gold(GOLD, load_taxonomy())


def test_rjieba_agrees_with_jieba_on_999_of_tokens_over_the_corpus():
    text = "\n".join(report_texts([CORPORA / "reports", CORPORA / "seeds"]).values())
    reference, fast = Tokenizer("jieba")(text), Tokenizer("rjieba")(text)
    assert "".join(fast) == text  # nothing lost or added
    share = agreement(reference, fast)
    assert share >= 0.999, f"rjieba agrees with jieba on only {share:.4%} of tokens"


def test_tokenizer_pickles_as_its_backend_name_only():
    tokenizer = Tokenizer("jieba")
    assert tokenizer("政府信息公开") == ["政府", "信息", "公开"]
    copy = pickle.loads(pickle.dumps(tokenizer))
    assert copy.backend == "jieba" and copy._cut is None
    with pytest.raises(ValueError, match="unknown tokenizer backend"):
        Tokenizer("nltk")


def test_reference_commonness_separates_stock_wording_from_specifics():
    reference = Reference.build(report_texts([CORPORA / "reports"]).values())
    stock, specific = reference.commonness(["坚持以公开为常态、不公开为例外", "微信公众号“羊亭在线”公开566条"])
    assert stock > 0.8 > 0.3 > specific


def test_fitted_featurizer_computes_scikit_learns_matrix_without_it(gold_units):
    """Tagging uses the featurizer's own TF-IDF over the fitted vocabularies; it must equal scikit-learn's."""
    taxonomy = load_taxonomy()
    reference = Reference.build(report_texts([CORPORA / "reports"]).values())
    featurizer = UnitModel(taxonomy, Tokenizer(), reference).featurizer
    fitted = featurizer.fit_transform(gold_units)
    ours = featurizer.transform(gold_units)
    assert ours.shape == fitted.shape and ours.nnz == fitted.nnz
    assert abs(ours - fitted).max() < 1e-12
    odd = [SimpleNamespace(text="  新词   𠀀𠀁 ", heading=None, section="一"),
           SimpleNamespace(text="", heading="", section="九")]  # unseen words, spaces, no text, unknown section
    assert featurizer.transform(odd).shape == (2, fitted.shape[1])


def test_tagging_does_not_import_scikit_learn(seed):
    """A worker needs only numpy and scipy: faster start, ~70 MB less per process."""
    code = ("import sys, gixnlp; gixnlp.load()(gixnlp.read(sys.argv[1])); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))")
    done = subprocess.run([sys.executable, "-c", code, str(seed("2021-zhaobao-zhen"))], capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_shipped_model_labels_every_unit_within_its_taxonomy(seed):
    tagger = load()
    report = tagger(read(seed("2021-zhaobao-zhen")))
    taxonomy = tagger.taxonomy
    assert report.units
    for unit in report.units:
        assert unit.role in taxonomy.role_codes and 0.0 <= unit.role_score <= 1.0
        assert set(unit.themes) <= set(taxonomy.theme_codes)
        assert isinstance(unit.boilerplate, bool) and 0.0 <= unit.boilerplate_score <= 1.0
        if unit.is_heading:
            assert unit.boilerplate is False  # TAXONOMY §4: headings are structure
    problems = [u for u in report.units if u.section == "problems"]
    assert {"problem", "measure"} <= {u.role for u in problems}


def test_shipped_model_meta_records_what_reproduces_it():
    meta = json.loads((default_model_path() / "meta.json").read_text(encoding="utf-8"))
    assert meta["taxonomy"]["version"] == load_taxonomy().version
    assert meta["taxonomy"]["fingerprint"] == load_taxonomy().fingerprint
    assert meta["libraries"]["scikit-learn"] and meta["libraries"]["jieba"]
    assert len(meta["gold"]["corpus_sha256"]) == 64 and meta["seed"]
    assert meta["metrics"]["grouped_by"] == "report"
    for name, digest in meta["files"].items():
        assert sha256(default_model_path() / name) == digest


@pytest.fixture
def model_copy(tmp_path):
    target = tmp_path / "model"
    shutil.copytree(default_model_path(), target)
    return target


def test_model_whose_file_does_not_match_its_checksum_is_refused(model_copy, seed, capsys):
    with open(model_copy / "model.joblib", "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError, match="sha256 does not match"):
        load(model_copy)
    assert main(["tag", str(seed("2021-zhaobao-zhen")), "--model", str(model_copy)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "model.joblib" in err[0] and "refused" in err[0]


def test_model_refuses_a_different_taxonomy(model_copy, tmp_path):
    data = json.loads((model_copy / "taxonomy.json").read_text(encoding="utf-8"))
    data["themes"].append({"code": "epidemic", "zh": "疫情防控", "keywords": ["疫情"]})
    other = tmp_path / "taxonomy.json"
    other.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ModelError, match="retrain"):
        load(model_copy, taxonomy=load_taxonomy(other))


def test_training_is_deterministic_and_writes_a_complete_model_dir(gold_units, tmp_path):
    small = [u for u in gold_units if u.report in sorted({u.report for u in gold_units})[:10]]
    taxonomy = load_taxonomy()
    first = train(small, taxonomy, tmp_path / "a", folds=0)
    second = train(list(reversed(small)), taxonomy, tmp_path / "b", folds=0)
    assert first["files"]["model.joblib"] == second["files"]["model.joblib"]
    assert first["gold"]["corpus_sha256"] == second["gold"]["corpus_sha256"]
    assert {"model.joblib", "taxonomy.json", "gold.jsonl", "meta.json"} <= {p.name for p in (tmp_path / "a").iterdir()}
    tagger = load(tmp_path / "a")
    assert tagger.meta["gold"]["units"] == len(small)


def test_gold_errors_name_file_line_and_label(tmp_path):
    bad = tmp_path / "bad.jsonl"
    line = {"report": "r", "section": "problems", "heading": None, "text": "一是人员少。", "role": "problem",
            "themes": ["staff"], "boilerplate": True}
    bad.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad.jsonl:1: unknown theme 'staff'"):
        read_gold([bad], load_taxonomy())


def test_every_gold_text_is_still_a_unit_the_segmenter_produces(gold_units):
    """Gold is keyed by unit text: a segmenter change that alters a unit would silently orphan its labels."""
    files = {p.stem: p for p in list((CORPORA / "reports").glob("*.txt")) + list((CORPORA / "seeds").glob("*.txt"))}
    produced: dict[str, set[str]] = {}
    missing = []
    for unit in gold_units:
        if unit.report not in produced:
            produced[unit.report] = {u.text for u in read(files[unit.report]).units}
        if unit.text not in produced[unit.report]:
            missing.append((unit.report, unit.text[:30]))
    assert not missing, missing[:5]


def _gold_subset(path: Path, reports: list[str], units) -> Path:
    path.write_text("".join(json.dumps(u.to_json(), ensure_ascii=False) + "\n" for u in units if u.report in reports),
                    encoding="utf-8")
    return path


def test_train_base_extends_a_models_gold_and_curve_prints_f1_by_reports(gold_units, tmp_path, capsys):
    names = sorted({u.report for u in gold_units})
    first = _gold_subset(tmp_path / "first.jsonl", names[:6], gold_units)
    second = _gold_subset(tmp_path / "second.jsonl", names[6:9], gold_units)
    assert main(["train", "--gold", str(first), "--folds", "0", "--out", str(tmp_path / "base")]) == 0
    assert main(["train", "--gold", str(second), "--base", str(tmp_path / "base"), "--folds", "2", "--curve",
                 "--jobs", "1", "--out", str(tmp_path / "extended")]) == 0
    out = capsys.readouterr().out
    meta = load(tmp_path / "extended").meta
    assert meta["gold"]["reports"] == 9
    assert meta["gold"]["units"] == sum(u.report in names[:9] for u in gold_units)
    assert "| training reports | role accuracy | theme macro-F1 | boilerplate F1 |" in out
    assert meta["metrics"]["folds"] == 2
