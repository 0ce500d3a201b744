"""Corpus-level commonness: in how many reports of a reference corpus each character shingle occurs.

Text whose shingles occur in many agencies' reports is common wording (套话 or copied text); the
boilerplate classifier uses it as a feature and the rules use it for B403 and the originality score.
Shingles are hashed (sklearn's HashingVectorizer, murmurhash), so the table has a fixed size and
stores no text; it is saved as a plain ``.npz`` array, which loads without running code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Union

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

SHINGLE = 5
N_FEATURES = 2 ** 20
#: a shingle found in at least this share of reference reports counts as common wording
COMMON_SHARE = 0.05


def _hasher() -> HashingVectorizer:
    return HashingVectorizer(analyzer="char", ngram_range=(SHINGLE, SHINGLE), n_features=N_FEATURES,
                             alternate_sign=False, norm=None, binary=True, lowercase=False)


class Reference:
    """Document frequencies of hashed character shingles over ``n_reports`` reports."""

    def __init__(self, df: np.ndarray, n_reports: int):
        self.df = df
        self.n_reports = n_reports
        self._hasher = _hasher()
        self._common = (df >= max(2, COMMON_SHARE * n_reports)).astype(np.float64)

    @classmethod
    def build(cls, texts: Iterable[str]) -> "Reference":
        """Count, per shingle, the reports (one text each) that contain it."""
        hasher = _hasher()
        df = np.zeros(N_FEATURES, dtype=np.uint32)
        n = 0
        for text in texts:
            df[hasher.transform([text]).indices] += 1
            n += 1
        return cls(df, n)

    def commonness(self, texts: list[str]) -> np.ndarray:
        """Per text, the share of its distinct shingles that are common across the reference reports."""
        matrix = self._hasher.transform(texts).tocsr()
        common = matrix @ self._common
        counts = np.diff(matrix.indptr).astype(np.float64)
        return np.divide(common, counts, out=np.zeros(len(texts)), where=counts > 0)

    def save(self, path: Union[str, Path]) -> None:
        np.savez_compressed(path, df=self.df, n_reports=np.array([self.n_reports]))

    @classmethod
    def load(cls, path: Union[str, Path]) -> "Reference":
        with np.load(path, allow_pickle=False) as data:
            return cls(data["df"], int(data["n_reports"][0]))
