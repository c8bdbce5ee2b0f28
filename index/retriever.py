"""Hybrid retrieval: lexical and dense chunk rankings, aggregated to items, then fused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from index.dense import DenseIndex
from index.fusion import convex_fusion, reciprocal_rank_fusion
from index.lexical import LexicalIndex
from index.models import Chunk, Hit

MODES = ("hybrid", "lexical", "dense")
FUSION_METHODS = ("convex", "rrf")
ItemKey = tuple[str, int]
Key = TypeVar("Key", ItemKey, int)


@dataclass(frozen=True)
class FusionConfig:
    """How the two rankings are combined; chosen on the eval sets (``python -m eval.tune``).

    ``convex`` sums min-max normalised scores with these weights; ``rrf`` sums
    ``weight / (rrf_k + rank)``.
    """

    method: str = "convex"
    lexical_weight: float = 0.8
    dense_weight: float = 0.2
    rrf_k: float = 10.0
    candidates: int = 1000  # chunks taken from each retriever before aggregation

    def fuse(self, lexical: dict[Key, float], dense: dict[Key, float]) -> list[tuple[Key, float]]:
        """Fuse two score maps (each ordered best first) into one ranking."""
        weights = {"lexical": self.lexical_weight, "dense": self.dense_weight}
        if self.method == "rrf":
            return reciprocal_rank_fusion(
                {"lexical": list(lexical), "dense": list(dense)}, weights, k=self.rrf_k
            )
        if self.method == "convex":
            return convex_fusion({"lexical": lexical, "dense": dense}, weights)
        raise ValueError(
            f"unknown fusion method {self.method!r}; expected one of {', '.join(FUSION_METHODS)}"
        )


class HybridRetriever:
    """Searches chunks with both indexes and returns items, best first."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        lexical: LexicalIndex,
        dense: DenseIndex,
        config: FusionConfig | None = None,
    ) -> None:
        self.chunks = list(chunks)
        self.lexical = lexical
        self.dense = dense
        self.config = config or FusionConfig()

    def search(self, query: str, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        """The ``k`` best items for ``query`` with ``mode`` hybrid, lexical or dense."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; expected one of {', '.join(MODES)}")
        limit = min(self.config.candidates, len(self.chunks))
        lexical = self.lexical.search(query, limit) if mode != "dense" else []
        dense = self.dense.search(query, limit) if mode != "lexical" else []
        lexical_items, dense_items = _by_item(self.chunks, lexical), _by_item(self.chunks, dense)
        fused = self.config.fuse(lexical_items, dense_items)
        chunk_order = self.config.fuse(dict(lexical), dict(dense))
        best_sentence = self._best_sentences([i for i, _ in chunk_order])
        lexical_rank = {key: rank for rank, key in enumerate(lexical_items, start=1)}
        dense_rank = {key: rank for rank, key in enumerate(dense_items, start=1)}
        return [
            Hit(
                doc_id=key[0],
                item=key[1],
                score=score,
                lexical_score=lexical_items.get(key, 0.0),
                dense_score=dense_items.get(key, 0.0),
                lexical_rank=lexical_rank.get(key, 0),
                dense_rank=dense_rank.get(key, 0),
                sentence=best_sentence.get(key, -1),
            )
            for key, score in fused[:k]
        ]

    def _best_sentences(self, chunk_ids: Sequence[int]) -> dict[ItemKey, int]:
        best: dict[ItemKey, int] = {}
        for chunk_id in chunk_ids:
            chunk = self.chunks[chunk_id]
            if chunk.kind == "sentence":
                best.setdefault((chunk.doc_id, chunk.item), chunk_id)
        return best


def _by_item(chunks: Sequence[Chunk], ranked: Sequence[tuple[int, float]]) -> dict[ItemKey, float]:
    """Each item's best chunk score, items in order of that score (dicts keep order)."""
    best: dict[ItemKey, float] = {}
    for chunk_id, score in ranked:
        chunk = chunks[chunk_id]
        best.setdefault((chunk.doc_id, chunk.item), score)
    return best
