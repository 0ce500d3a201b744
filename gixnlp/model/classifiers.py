"""The three unit classifiers over one shared feature matrix.

- role: multinomial logistic regression (one of the taxonomy's roles);
- themes: one logistic regression per theme, each with its own decision threshold chosen by
  report-grouped cross-validation on the training data (themes differ in base rate and wording);
- boilerplate: logistic regression whose features include specificity counts and corpus commonness.

scikit-learn fits them; a fitted model keeps only numbers (:mod:`.features`, ``weights_``), so
tagging does not import scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from ..taxonomy import Taxonomy
from ..tokenize import Tokenizer
from .features import UnitFeaturizer, UnitLike
from .gold import GoldUnit
from .reference import Reference

SEED = 20261121
THRESHOLDS = np.round(np.arange(0.10, 0.91, 0.05), 2)
_THRESHOLD_FOLDS = 4


@dataclass
class Prediction:
    """Labels for one unit, with the probabilities behind them."""

    role: str
    role_score: float
    themes: list[str]
    theme_scores: dict[str, float]
    boilerplate: bool
    boilerplate_score: float


def _logistic(c: float):
    from sklearn.linear_model import LogisticRegression

    # liblinear: ten times faster than lbfgs here (sparse, unscaled shape columns); one-vs-rest for roles
    return LogisticRegression(C=c, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000, random_state=SEED)


def _linear(model, n_features: int) -> tuple[np.ndarray, float]:
    """Weights and bias of a fitted binary logistic regression (a constant answer: zero weights)."""
    if isinstance(model, (bool, np.bool_)):
        return np.zeros(n_features), 30.0 if model else -30.0
    return model.coef_.ravel(), float(model.intercept_[0])


def best_threshold(y: np.ndarray, scores: np.ndarray) -> float:
    """The threshold on ``scores`` with the best F1 for ``y`` (ties: the one nearest 0.5)."""
    best, best_f1 = 0.5, -1.0
    for t in sorted(THRESHOLDS, key=lambda t: abs(t - 0.5)):
        predicted = scores >= t
        tp = float(np.sum(predicted & y))
        f1 = 2 * tp / (predicted.sum() + y.sum()) if predicted.sum() + y.sum() else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return best


class UnitModel:
    """Role, themes and boilerplate for units; fit on gold units, predict for any unit-like objects."""

    def __init__(self, taxonomy: Taxonomy, tokenizer: Optional[Tokenizer] = None,
                 reference: Optional[Reference] = None, c_role: float = 10.0, c_theme: float = 10.0,
                 c_boilerplate: float = 3.0):
        self.taxonomy = taxonomy
        keywords = {label.code: label.keywords for label in taxonomy.roles + taxonomy.themes}
        self.featurizer = UnitFeaturizer(tokenizer or Tokenizer(), reference, keywords)
        self.c_role, self.c_theme, self.c_boilerplate = c_role, c_theme, c_boilerplate

    @property
    def tokenizer(self) -> Tokenizer:
        return self.featurizer.tokenizer

    def fit(self, units: Sequence[GoldUnit]) -> "UnitModel":
        from sklearn.multiclass import OneVsRestClassifier

        x = self.featurizer.fit_transform(units)
        groups = np.array([u.report for u in units])
        role = OneVsRestClassifier(_logistic(self.c_role)).fit(x, [u.role for u in units])
        self.roles_ = [str(r) for r in role.classes_]
        self.theme_codes_ = self.taxonomy.theme_codes
        y_themes = np.array([[code in u.themes for code in self.theme_codes_] for u in units])
        themes = [self._fit_binary(x, y_themes[:, j], self.c_theme) for j in range(len(self.theme_codes_))]
        self.thresholds_ = self._theme_thresholds(x, y_themes, groups)
        boilerplate = self._fit_binary(x, np.array([u.boilerplate for u in units]), self.c_boilerplate)
        # every output is a logistic unit over the same features: keep one weight matrix and predict
        # all of them with one sparse product instead of sixteen estimator calls
        layers = [_linear(m, x.shape[1]) for m in list(role.estimators_) + themes + [boilerplate]]
        self.weights_ = np.column_stack([w for w, _ in layers])
        self.bias_ = np.array([b for _, b in layers])
        return self

    @staticmethod
    def _fit_binary(x, y: np.ndarray, c: float):
        if y.all() or not y.any():  # a label never (or always) used: constant answer, not an error
            return bool(y.any())
        return _logistic(c).fit(x, y)

    @staticmethod
    def _proba(model, x) -> np.ndarray:
        if isinstance(model, bool):
            return np.full(x.shape[0], float(model))
        return model.predict_proba(x)[:, 1]

    def _theme_thresholds(self, x, y: np.ndarray, groups: np.ndarray) -> dict[str, float]:
        """Per theme, the threshold with the best F1 on out-of-fold probabilities (folds grouped by report)."""
        from sklearn.model_selection import GroupKFold

        folds = min(_THRESHOLD_FOLDS, len(set(groups)))
        if folds < 2:
            return {code: 0.5 for code in self.theme_codes_}
        oof = np.zeros(y.shape, dtype=float)
        for train, test in GroupKFold(n_splits=folds).split(x, groups=groups):
            for j in range(y.shape[1]):
                oof[test, j] = self._proba(self._fit_binary(x[train], y[train, j], self.c_theme), x[test])
        return {code: best_threshold(y[:, j], oof[:, j]) for j, code in enumerate(self.theme_codes_)}

    def predict(self, units: Sequence[UnitLike]) -> list[Prediction]:
        if not units:
            return []
        proba = 1.0 / (1.0 + np.exp(-(self.featurizer.transform(units) @ self.weights_ + self.bias_)))
        n_roles, n_themes = len(self.roles_), len(self.theme_codes_)
        role_proba = proba[:, :n_roles] / proba[:, :n_roles].sum(axis=1, keepdims=True)  # as one-vs-rest does
        best = role_proba.argmax(axis=1)
        role_score = role_proba[np.arange(len(units)), best].round(4).tolist()
        theme_proba = proba[:, n_roles:n_roles + n_themes].round(4)
        order = np.argsort(-theme_proba, axis=1, kind="stable")
        boilerplate, is_boilerplate = proba[:, -1].round(4).tolist(), (proba[:, -1] >= 0.5).tolist()
        thresholds = [self.thresholds_[code] for code in self.theme_codes_]
        out = []
        for i, scores in enumerate(theme_proba.tolist()):
            out.append(Prediction(
                role=self.roles_[int(best[i])], role_score=role_score[i],
                themes=[code for code, p, t in zip(self.theme_codes_, scores, thresholds) if p >= t],
                theme_scores={self.theme_codes_[j]: scores[j] for j in order[i].tolist() if scores[j] >= 0.05},
                boilerplate=is_boilerplate[i], boilerplate_score=boilerplate[i]))
        return out
