"""Corpus-level commonness: in how many reports of a reference corpus each character shingle occurs.

Text whose shingles occur in many agencies' reports is common wording (套话 or copied text); the
boilerplate classifier uses it as a feature and the rules use it for B403 and the originality score.
Shingles are hashed (:mod:`gixnlp.shingles`) into a fixed-size table that stores no text; it is
saved as a plain ``.npz`` array, which loads without running code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Union

import numpy as np

from ..shingles import distinct, hashes, hashes_of_each

SHINGLE = 5
N_FEATURES = 2 ** 20
#: a shingle found in at least this share of reference reports counts as common wording
COMMON_SHARE = 0.05


def _slots(found: np.ndarray) -> np.ndarray:
    """Shingle hashes -> their slots in the table."""
    return (found & np.uint64(N_FEATURES - 1)).astype(np.int64)


class Reference:
    """Document frequencies of hashed character shingles over ``n_reports`` reports."""

    def __init__(self, df: np.ndarray, n_reports: int):
        self.df = df
        self.n_reports = n_reports
        self._common = df >= max(2, COMMON_SHARE * n_reports)

    @classmethod
    def build(cls, texts: Iterable[str]) -> "Reference":
        """Count, per shingle, the reports (one text each) that contain it."""
        df = np.zeros(N_FEATURES, dtype=np.uint32)
        n = 0
        for text in texts:
            df[distinct(_slots(hashes(text, SHINGLE)))] += 1
            n += 1
        return cls(df, n)

    def commonness(self, texts: list[str]) -> np.ndarray:
        """Per text, the share of its distinct shingles that are common across the reference reports."""
        found, owner = hashes_of_each(texts, SHINGLE)
        keys = distinct(owner * N_FEATURES + _slots(found))  # each text's distinct slots
        owner, slots = np.divmod(keys, N_FEATURES)
        size = np.bincount(owner, minlength=len(texts))
        common = np.bincount(owner, weights=self._common[slots], minlength=len(texts))
        return np.divide(common, size, out=np.zeros(len(texts)), where=size > 0)

    def save(self, path: Union[str, Path]) -> None:
        np.savez_compressed(path, df=self.df, n_reports=np.array([self.n_reports]))

    @classmethod
    def load(cls, path: Union[str, Path]) -> "Reference":
        with np.load(path, allow_pickle=False) as data:
            return cls(data["df"], int(data["n_reports"][0]))
