"""Unit → feature matrix: jieba word n-grams, character n-grams, heading, section, shape and specificity.

Everything is computed from what both a gold line and a segmented unit carry (text, heading, section),
so training and tagging see the same features. Each unit is tokenised once; the three classifiers
share the matrix. Specificity counts follow TAXONOMY §4's "checkable specifics"; commonness comes from
a :class:`~gixnlp.model.reference.Reference` (how many reports share the unit's wording).

Fitting uses scikit-learn's vectorizers; what a fitted featurizer keeps is only their numbers
(vocabularies, idf weights, shape columns), and :meth:`UnitFeaturizer.transform` computes the same
TF-IDF with whole-report array operations instead of a Python step per token. So tagging neither
imports scikit-learn (a worker starts faster and is ~70 MB smaller) nor pays its per-token cost;
tests/test_model.py checks the two matrices are equal.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import add
from typing import Iterable, Optional, Protocol, Sequence

import numpy as np
import scipy.sparse as sp

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
_WHITE_SPACES = re.compile(r"\s\s+")  # what scikit-learn's character analyzer folds to one space


def _shape(unit: UnitLike) -> dict[str, float]:
    text = unit.text
    chars = len(_CJK.findall(text))
    features = {f"section={unit.section}": 1.0, "enumerated": float(bool(_ENUM_START.match(text))),
                "no_full_stop": float(not text.rstrip().endswith(("。", "；", ";", "！"))),
                "short": float(chars <= 15), "log_chars": math.log1p(chars),
                "clauses": math.log1p(len(_PUNCT.findall(text)))}
    if unit.section in NARRATIVE_SECTIONS and unit.heading and unit.heading.strip() == text.strip():
        features["is_heading"] = 1.0
    for name, count in specificity.counts(text).items():
        features[f"spec_{name}"] = math.log1p(count)
    return features


def _words(tokens: list[str]) -> list[str]:
    """Word unigrams and bigrams from pre-cut tokens (punctuation and spaces dropped)."""
    words = [t for t in tokens if t.strip() and not _PUNCT.fullmatch(t)]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


@lru_cache(maxsize=None)
def _any_of(words: tuple[str, ...]) -> re.Pattern:
    """Whether any of ``words`` occurs, in one search: most units hold none of a label's keywords."""
    return re.compile("|".join(map(re.escape, words)))


def _identity(items: list[str]) -> list[str]:
    return items


def char_ngrams(text: str, low: int, high: int) -> Counter:
    """Counts of the text's character n-grams, ``low <= n <= high``, as scikit-learn's ``char`` analyzer cuts them."""
    text = _WHITE_SPACES.sub(" ", text)
    counts: Counter = Counter()
    grams: Iterable[str] = text
    for n in range(1, high + 1):
        if n > 1:  # the (n-1)-grams, each extended by the character after it
            grams = list(map(add, grams, text[n - 1:]))
        if n >= low:
            counts.update(grams)
    return counts


@dataclass
class Tfidf:
    """A fitted ``TfidfVectorizer`` as numbers: vocabulary, idf, n-gram range (None: documents are tokens)."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    ngrams: Optional[tuple[int, int]]
    sublinear: bool

    @classmethod
    def of(cls, vectorizer) -> "Tfidf":
        if vectorizer.norm != "l2" or not vectorizer.use_idf or vectorizer.binary:
            raise ValueError("only l2-normalised TF-IDF with raw counts is supported")
        ngrams = None if callable(vectorizer.analyzer) else tuple(vectorizer.ngram_range)
        return cls(dict(vectorizer.vocabulary_), vectorizer.idf_.copy(), ngrams, vectorizer.sublinear_tf)

    def transform(self, docs: Sequence) -> sp.csr_matrix:
        get = self.vocabulary.get
        cols: list[int] = []
        counts: list[int] = []
        lengths = []
        for doc in docs:
            found = Counter(doc) if self.ngrams is None else char_ngrams(doc, *self.ngrams)
            cols.extend(map(get, found, repeat(-1)))
            counts.extend(found.values())
            lengths.append(len(found))
        return _rows_to_csr(cols, counts, lengths, len(self.idf), self._weigh)

    def _weigh(self, col: np.ndarray, count: np.ndarray, row: np.ndarray, n_rows: int) -> np.ndarray:
        value = 1.0 + np.log(count) if self.sublinear else count
        value *= self.idf[col]
        norm = np.sqrt(np.bincount(row, weights=value * value, minlength=n_rows))
        return value / norm[row]  # every row with a known term has a positive norm


def _rows_to_csr(cols: list[int], values: list, lengths: list[int], width: int, weigh=None) -> sp.csr_matrix:
    """Rows given one after another (column -1: not a feature, dropped) as a CSR matrix, built directly."""
    col = np.array(cols, dtype=np.int64)
    value = np.array(values, dtype=np.float64)
    row = np.repeat(np.arange(len(lengths)), lengths)
    known = col >= 0
    row, col, value = row[known], col[known], value[known]
    if weigh is not None:
        value = weigh(col, value, row, len(lengths))
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=len(lengths)), out=indptr[1:])
    return sp.csr_matrix((value, col, indptr), shape=(len(lengths), width))


class UnitFeaturizer:
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
                hits = sum(unit.text.count(w) for w in words) if _any_of(words).search(unit.text) else 0
                if hits:
                    shape[f"kw={label}"] = math.log1p(hits)
        if self.reference is not None:
            for shape, value in zip(shapes, self.reference.commonness([u.text for u in units])):
                shape["commonness"] = float(value)
        return shapes

    def fit_transform(self, units: Sequence[UnitLike], y=None) -> sp.csr_matrix:
        """Fit the vectorizers on ``units`` and return their matrix (scikit-learn's own)."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.feature_extraction.text import TfidfVectorizer

        words = TfidfVectorizer(analyzer=_identity, min_df=2, sublinear_tf=True)
        chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True,
                                lowercase=False, max_features=60000)
        headings = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), min_df=2, lowercase=False)
        shape = DictVectorizer()
        x = sp.hstack([words.fit_transform(self._tokens(units)),
                       chars.fit_transform([u.text for u in units]),
                       headings.fit_transform([u.heading or "" for u in units]),
                       shape.fit_transform(self._shapes(units))]).tocsr()
        self.words_, self.chars_, self.headings_ = Tfidf.of(words), Tfidf.of(chars), Tfidf.of(headings)
        self.shape_columns_ = dict(shape.vocabulary_)
        return x

    def transform(self, units: Sequence[UnitLike]) -> sp.csr_matrix:
        return sp.hstack([self.words_.transform(self._tokens(units)),
                          self.chars_.transform([u.text for u in units]),
                          self.headings_.transform([u.heading or "" for u in units]),
                          self._shape_matrix(self._shapes(units))], format="csr")

    def _shape_matrix(self, shapes: list[dict[str, float]]) -> sp.csr_matrix:
        """The shape dicts in the fitted columns (as ``DictVectorizer``; unseen names dropped)."""
        get = self.shape_columns_.get
        return _rows_to_csr([get(name, -1) for shape in shapes for name in shape],
                            [value for shape in shapes for value in shape.values()],
                            [len(shape) for shape in shapes], len(self.shape_columns_))
