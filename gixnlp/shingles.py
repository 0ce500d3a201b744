"""Character shingles as 64-bit hashes, computed with array arithmetic.

Two things compare texts by their character n-grams: the model's commonness reference
(:mod:`gixnlp.model.reference`, in how many reports a shingle occurs) and the cross-report
near-duplicate check (:mod:`gixnlp.rules.originality`, MinHash). Both need only a stable hash per
shingle, never the shingle itself, so the text's code points are combined by a polynomial over a
sliding window and mixed (the splitmix64 finaliser): a few numpy operations per text instead of a
Python string and a hash call per shingle. The hash is the same on every machine and run.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

_PRIME = np.uint64(1_000_003)
_EMPTY = np.zeros(0, dtype=np.uint64)


def hashes(text: str, n: int) -> np.ndarray:
    """The hash of every ``n``-character window of ``text``, in order (repeats included)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint64)
    count = len(codes) - n + 1
    if count <= 0:
        return _EMPTY
    h = codes[:count].copy()
    for k in range(1, n):  # unsigned arithmetic wraps modulo 2**64, as a hash wants
        h *= _PRIME
        h += codes[k:k + count]
    return _mix(h)


def hashes_of_each(texts: Sequence[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The window hashes of several texts in one pass, and the index of the text each window lies in."""
    owner = np.repeat(np.arange(len(texts)), [len(t) for t in texts])
    found = hashes("".join(texts), n)
    inside = owner[:len(found)] == owner[n - 1:n - 1 + len(found)]  # not across two texts
    return found[inside], owner[:len(found)][inside]


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an integer array.

    Sorting and dropping repeats, as ``np.unique`` did before numpy 2.3: its hash-based path for
    integers is 10-25x slower on arrays of mostly distinct values, as shingle hashes are.
    """
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves every output bit, so low bits can index a table."""
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h
