"""Unit → feature matrix: jieba word n-grams, character n-grams, heading, section, shape and specificity.

Everything is computed from what both a gold line and a segmented unit carry (text, heading, section),
so training and tagging see the same features. Each unit is tokenised once; the three classifiers
share the matrix. Specificity counts follow TAXONOMY §4's "checkable specifics"; commonness comes from
a :class:`~gixnlp.model.reference.Reference` (how many reports share the unit's wording).
"""

from __future__ import annotations

import re
from typing import Optional, Protocol, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer

from .. import specificity
from ..report import NARRATIVE_SECTIONS
from ..tokenize import Tokenizer
from ..units import ENUMERATOR
from .reference import Reference


class UnitLike(Protocol):
    """What the model reads from a unit: gold lines and segmented units both have these."""

    text: str
    heading: Optional[str]
    section: str


_ENUM_START = re.compile(rf"^\s*(?:{ENUMERATOR}|[一二三四五六七八九十]+、|\d+[.、．])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PUNCT = re.compile(r"[，。；：！？、,.;:]")

def _shape(unit: UnitLike) -> dict[str, float]:
    text = unit.text
    chars = len(_CJK.findall(text))
    features = {f"section={unit.section}": 1.0, "enumerated": float(bool(_ENUM_START.match(text))),
                "no_full_stop": float(not text.rstrip().endswith(("。", "；", ";", "！"))),
                "short": float(chars <= 15), "log_chars": float(np.log1p(chars)),
                "clauses": float(np.log1p(len(_PUNCT.findall(text))))}
    if unit.section in NARRATIVE_SECTIONS and unit.heading and unit.heading.strip() == text.strip():
        features["is_heading"] = 1.0
    for name, count in specificity.counts(text).items():
        features[f"spec_{name}"] = float(np.log1p(count))
    return features


def _words(tokens: list[str]) -> list[str]:
    """Word unigrams and bigrams from pre-cut tokens (punctuation and spaces dropped)."""
    words = [t for t in tokens if t.strip() and not _PUNCT.fullmatch(t)]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def _identity(items: list[str]) -> list[str]:
    return items


class UnitFeaturizer(TransformerMixin, BaseEstimator):
    """Sparse features for units: words (jieba 1–2-grams), characters (1–3), heading characters, shape."""

    def __init__(self, tokenizer: Optional[Tokenizer] = None, reference: Optional[Reference] = None,
                 keywords: Optional[dict[str, tuple[str, ...]]] = None):
        self.tokenizer = tokenizer
        self.reference = reference
        self.keywords = keywords

    def _tokens(self, units: Sequence[UnitLike]) -> list[list[str]]:
        tokenizer = self.tokenizer or Tokenizer()
        return [_words(tokenizer(u.text)) for u in units]

    def _shapes(self, units: Sequence[UnitLike]) -> list[dict[str, float]]:
        shapes = [_shape(u) for u in units]
        for shape, unit in zip(shapes, units):  # the taxonomy's keyword hints, per label
            for label, words in (self.keywords or {}).items():
                hits = sum(unit.text.count(w) for w in words)
                if hits:
                    shape[f"kw={label}"] = float(np.log1p(hits))
        if self.reference is not None:
            for shape, value in zip(shapes, self.reference.commonness([u.text for u in units])):
                shape["commonness"] = float(value)
        return shapes

    def fit(self, units: Sequence[UnitLike], y=None) -> "UnitFeaturizer":
        self.fit_transform(units)
        return self

    def fit_transform(self, units: Sequence[UnitLike], y=None) -> sp.csr_matrix:
        self.words_ = TfidfVectorizer(analyzer=_identity, min_df=2, sublinear_tf=True)
        self.chars_ = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True,
                                      lowercase=False, max_features=60000)
        self.headings_ = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), min_df=2, lowercase=False)
        self.shape_ = DictVectorizer()
        return sp.hstack([self.words_.fit_transform(self._tokens(units)),
                          self.chars_.fit_transform([u.text for u in units]),
                          self.headings_.fit_transform([u.heading or "" for u in units]),
                          self.shape_.fit_transform(self._shapes(units))]).tocsr()

    def transform(self, units: Sequence[UnitLike]) -> sp.csr_matrix:
        return sp.hstack([self.words_.transform(self._tokens(units)),
                          self.chars_.transform([u.text for u in units]),
                          self.headings_.transform([u.heading or "" for u in units]),
                          self.shape_.transform(self._shapes(units))]).tocsr()
