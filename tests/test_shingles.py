"""Shingle hashes and their distinct values (what MinHash and the commonness reference build on)."""

import numpy as np

from gixnlp.shingles import distinct, hashes, hashes_of_each


def test_distinct_is_sorted_unique_values():
    rng = np.random.default_rng(0)
    for values in (np.zeros(0, np.uint64), rng.integers(0, 50, 1000), hashes("公开公开公开政府信息公开" * 30, 5)):
        assert np.array_equal(distinct(values), np.unique(values))
        assert distinct(values).dtype == values.dtype


def test_windows_never_span_two_texts():
    texts = ["政府信息公开", "年度报告", "依申请公开工作"]
    found, owner = hashes_of_each(texts, 3)
    expected = [h for i, t in enumerate(texts) for h in hashes(t, 3)]
    assert found.tolist() == expected
    assert owner.tolist() == [i for i, t in enumerate(texts) for _ in range(max(0, len(t) - 2))]
