"""Fusion of rankings as a pure function."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)

DEFAULT_RRF_K = 60.0


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[Key]],
    weights: Mapping[str, float] | None = None,
    k: float = DEFAULT_RRF_K,
) -> list[tuple[Key, float]]:
    """Fuse ranked lists (best first) by weighted reciprocal rank.

    Each key scores ``sum(weight / (k + rank))`` over the rankings it appears in
    (rank 1-based). Ties keep the order of first appearance, so the result is
    deterministic.

    >>> reciprocal_rank_fusion({"a": ["x", "y"], "b": ["y", "z"]}, k=1)
    [('y', 0.8333333333333333), ('x', 0.5), ('z', 0.3333333333333333)]
    """
    if k <= 0:
        raise ValueError(f"RRF k must be positive, got {k}")
    scores: dict[Key, float] = {}
    for name, ranking in rankings.items():
        weight = 1.0 if weights is None else weights.get(name, 0.0)
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
