"""Fusion of rankings as a pure function."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
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


def convex_fusion(
    scores: Mapping[str, Mapping[Key, float]],
    weights: Mapping[str, float],
    scaled: Collection[str] = (),
) -> list[tuple[Key, float]]:
    """Fuse scores by a weighted sum of normalised scores.

    Each retriever's scores are min-max scaled to [0, 1] over the keys it returned, and
    a key it did not return counts as its minimum; the retrievers named in ``scaled``
    already give scores in [0, 1] on a fixed scale, which are kept as they are (a key
    they did not return counts 0). Unlike rank fusion this keeps the margins: a BM25
    hit far ahead of the rest stays ahead. Ties keep the order of first appearance.

    >>> convex_fusion({"a": {"x": 3.0, "y": 1.0}, "b": {"y": 0.9, "x": 0.8}}, {"a": 1, "b": 1})
    [('x', 1.0), ('y', 1.0)]
    >>> convex_fusion({"a": {"x": 0.2}, "b": {"y": 0.9, "x": 0.8}}, {"a": 1, "b": 1}, {"a"})
    [('y', 1.0), ('x', 0.2)]
    """
    fused: dict[Key, float] = {key: 0.0 for by_key in scores.values() for key in by_key}
    for name, by_key in scores.items():
        weight = weights.get(name, 0.0)
        if not by_key or weight == 0:
            continue
        scale = _identity if name in scaled else _min_max(by_key.values())
        for key in fused:
            fused[key] += weight * scale(by_key.get(key))
    return sorted(fused.items(), key=lambda pair: -pair[1])


def _identity(value: float | None) -> float:
    return value or 0.0


def _min_max(values: Collection[float]) -> Callable[[float | None], float]:
    """Scaling onto [0, 1] over ``values``; a missing value counts as the minimum."""
    low, high = min(values), max(values)
    span = high - low

    def scale(value: float | None) -> float:
        return ((low if value is None else value) - low) / span if span > 0 else 1.0

    return scale
