"""Scores that hold on any CPU: no ranking may depend on the order a kernel sums in."""

from __future__ import annotations

import numpy as np

from index.dense import exact_ranking
from index.encoders import unit_rows


def _vectors(seed: int, rows: int, dimension: int = 384) -> np.ndarray:
    return unit_rows(np.random.default_rng(seed).standard_normal((rows, dimension)), dimension)


def test_cosines_do_not_depend_on_summation_order() -> None:
    # Summing the same products in another order (as another CPU's kernel does) changes
    # float32 dot products in the last bit; the exact ranking's scores must not change.
    passages, query = _vectors(1, 200), _vectors(2, 1)[0]
    ids = np.arange(200)
    order = np.random.default_rng(3).permutation(passages.shape[1])
    naive = passages @ query
    naive_permuted = passages[:, order] @ query[order]
    assert not np.array_equal(naive, naive_permuted)  # the hazard is real
    assert exact_ranking(ids, passages, query) == exact_ranking(
        ids, passages[:, order], query[order]
    )


def test_equal_cosines_rank_by_id() -> None:
    passage = _vectors(4, 1)
    passages = np.repeat(passage, 3, axis=0)
    ranked = exact_ranking(np.array([9, 2, 5]), passages, _vectors(5, 1)[0])
    assert [i for i, _ in ranked] == [2, 5, 9]
    assert len({score for _, score in ranked}) == 1


def test_best_cosine_first() -> None:
    query = _vectors(6, 1)[0]
    passages = np.stack([-query, query, np.zeros_like(query)])
    assert [i for i, _ in exact_ranking(np.array([0, 1, 2]), passages, query)] == [1, 2, 0]


def test_unit_rows_norm_does_not_depend_on_summation_order() -> None:
    raw = np.random.default_rng(7).standard_normal((50, 384)).astype(np.float32) * 3
    order = np.random.default_rng(8).permutation(384)
    assert np.array_equal(unit_rows(raw, 384)[:, order], unit_rows(raw[:, order], 384))
