"""Hybrid retrieval: lexical and dense chunk rankings, aggregated to items, then fused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from index.dense import DenseIndex
from index.fusion import reciprocal_rank_fusion
from index.lexical import LexicalIndex
from index.models import Chunk, Hit

MODES = ("hybrid", "lexical", "dense")
ItemKey = tuple[str, int]


@dataclass(frozen=True)
class FusionConfig:
    """How the two rankings are combined (chosen on the eval set, see README)."""

    rrf_k: float = 60.0
    lexical_weight: float = 1.0
    dense_weight: float = 1.0
    candidates: int = 1000  # chunks taken from each retriever before aggregation


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
        fused = reciprocal_rank_fusion(
            {"lexical": list(lexical_items), "dense": list(dense_items)},
            {"lexical": self.config.lexical_weight, "dense": self.config.dense_weight},
            k=self.config.rrf_k,
        )
        chunk_order = reciprocal_rank_fusion(
            {"lexical": [i for i, _ in lexical], "dense": [i for i, _ in dense]},
            {"lexical": self.config.lexical_weight, "dense": self.config.dense_weight},
            k=self.config.rrf_k,
        )
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
