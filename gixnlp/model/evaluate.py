"""Cross-validation grouped by report: every unit is predicted by a model that never saw its report.

The same folds are used for every system, so the comparison in ``gixnlp eval`` is like for like.
The commonness reference of each fold is built only from reports outside the held-out fold.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np
from joblib import Parallel, delayed

from ..taxonomy import Taxonomy
from ..tokenize import Tokenizer
from .baselines import KeywordBaseline, SpacyBaseline, TfidfBaseline
from .classifiers import SEED, Prediction, UnitModel
from .gold import GoldUnit
from .reference import Reference

SYSTEMS = ("keyword", "tfidf-lr", "spacy-bow", "gixnlp")


def make_system(name: str, taxonomy: Taxonomy, tokenizer: Tokenizer, reference: Optional[Reference]):
    if name == "keyword":
        return KeywordBaseline(taxonomy)
    if name == "tfidf-lr":
        return TfidfBaseline(taxonomy, tokenizer)
    if name == "spacy-bow":
        return SpacyBaseline(taxonomy)
    if name == "gixnlp":
        return UnitModel(taxonomy, tokenizer, reference)
    raise ValueError(f"unknown system {name!r}; choose from {', '.join(SYSTEMS)}")


def _prf(y_true, y_pred) -> dict[str, float]:
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
    return {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4),
            "support": int(np.sum(y_true))}


def metrics(gold: Sequence[GoldUnit], predicted: Sequence[Prediction], taxonomy: Taxonomy) -> dict:
    """Per-label precision/recall/F1, macro and micro averages, the role confusion matrix."""
    from sklearn.metrics import confusion_matrix, f1_score

    roles = [r for r in taxonomy.role_codes if any(u.role == r for u in gold)]
    y_role, p_role = [u.role for u in gold], [p.role for p in predicted]
    codes = taxonomy.theme_codes
    y_theme = np.array([[c in u.themes for c in codes] for u in gold])
    p_theme = np.array([[c in p.themes for c in codes] for p in predicted])
    present = [j for j in range(len(codes)) if y_theme[:, j].any()]
    y_bp = np.array([u.boilerplate for u in gold])
    p_bp = np.array([p.boilerplate for p in predicted])
    return {
        "units": len(gold),
        "role": {"accuracy": round(float(np.mean(np.array(y_role) == np.array(p_role))), 4),
                 "macro_f1": round(float(f1_score(y_role, p_role, labels=roles, average="macro", zero_division=0)), 4),
                 "labels": {r: _prf(np.array(y_role) == r, np.array(p_role) == r) for r in roles},
                 "confusion": {"labels": roles,
                               "matrix": confusion_matrix(y_role, p_role, labels=roles).tolist()}},
        "themes": {"macro_f1": round(float(f1_score(y_theme[:, present], p_theme[:, present], average="macro",
                                                    zero_division=0)), 4),
                   "micro_f1": round(float(f1_score(y_theme, p_theme, average="micro", zero_division=0)), 4),
                   "labels": {codes[j]: _prf(y_theme[:, j], p_theme[:, j]) for j in present}},
        "boilerplate": {**_prf(y_bp, p_bp), "accuracy": round(float(np.mean(y_bp == p_bp)), 4)},
    }


def folds_by_report(units: Sequence[GoldUnit], folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import GroupKFold

    groups = np.array([u.report for u in units])
    n = min(folds, len(set(groups)))
    if n < 2:
        raise ValueError("cross-validation needs gold units from at least two reports")
    return list(GroupKFold(n_splits=n).split(np.zeros(len(units)), groups=groups))


def _fold_reference(reports: Optional[dict[str, str]], held_out: set[str]) -> Optional[Reference]:
    if not reports:
        return None
    return Reference.build(text for stem, text in sorted(reports.items()) if stem not in held_out)


def _run_fold(name: str, units: Sequence[GoldUnit], train: np.ndarray, test: np.ndarray, taxonomy: Taxonomy,
              tokenizer: Tokenizer, reports: Optional[dict[str, str]]) -> list[Prediction]:
    reference = _fold_reference(reports, {units[i].report for i in test}) if name == "gixnlp" else None
    system = make_system(name, taxonomy, tokenizer, reference).fit([units[i] for i in train])
    return system.predict([units[i] for i in test])


@dataclass
class Evaluation:
    """Out-of-fold metrics per system, from one set of report-grouped folds."""

    folds: int
    units: int
    reports: int
    systems: dict[str, dict] = field(default_factory=dict)


def cross_validate(units: Sequence[GoldUnit], taxonomy: Taxonomy, systems: Sequence[str] = SYSTEMS, folds: int = 5,
                   reports: Optional[dict[str, str]] = None, tokenizer: Optional[Tokenizer] = None,
                   jobs: int = 1) -> Evaluation:
    """Predict every unit out of fold with each system; ``reports`` (stem → text) feeds the commonness reference."""
    tokenizer = tokenizer or Tokenizer()
    splits = folds_by_report(units, folds)
    jobs_list = [(name, k) for name in systems for k in range(len(splits))]
    results = Parallel(n_jobs=jobs)(delayed(_run_fold)(name, units, *splits[k], taxonomy, tokenizer, reports)
                                    for name, k in jobs_list)
    evaluation = Evaluation(len(splits), len(units), len({u.report for u in units}))
    for name in systems:
        gold, predicted = [], []
        for (system, k), fold_predictions in zip(jobs_list, results):
            if system == name:
                gold += [units[i] for i in splits[k][1]]
                predicted += fold_predictions
        evaluation.systems[name] = metrics(gold, predicted, taxonomy)
    return evaluation


def learning_curve(units: Sequence[GoldUnit], taxonomy: Taxonomy, steps: Sequence[int], folds: int = 5,
                   reports: Optional[dict[str, str]] = None, tokenizer: Optional[Tokenizer] = None,
                   jobs: int = 1) -> list[dict]:
    """gixnlp's out-of-fold scores when trained on the first ``n`` training reports of each fold (seeded order)."""
    tokenizer = tokenizer or Tokenizer()
    splits = folds_by_report(units, folds)
    tasks = []
    for train, test in splits:
        train_reports = sorted({units[i].report for i in train})
        random.Random(SEED).shuffle(train_reports)
        for n in steps:
            keep = set(train_reports[:n])
            tasks.append((n, np.array([i for i in train if units[i].report in keep]), test))
    results = Parallel(n_jobs=jobs)(delayed(_run_fold)("gixnlp", units, train, test, taxonomy, tokenizer, reports)
                                    for _, train, test in tasks)
    curve = []
    for n in steps:
        gold, predicted = [], []
        for (m, _, test), fold_predictions in zip(tasks, results):
            if m == n:
                gold += [units[i] for i in test]
                predicted += fold_predictions
        scores = metrics(gold, predicted, taxonomy)
        curve.append({"reports": n, "role_accuracy": scores["role"]["accuracy"],
                      "theme_macro_f1": scores["themes"]["macro_f1"], "boilerplate_f1": scores["boilerplate"]["f1"]})
    return curve
