"""Hybrid retrieval: lexical and dense chunk rankings, aggregated to items, then fused."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from index.chunks import lexical_chunk_ids
from index.dense import DenseIndex
from index.fusion import convex_fusion, reciprocal_rank_fusion
from index.lexical import LexicalIndex
from index.models import Chunk, Hit
from index.names import MODES as MODES  # re-exported: part of this interface
from index.synonyms import SynonymTable

FUSION_METHODS = ("convex", "rrf")
LEXICAL_SCALES = ("ceiling", "min-max")
ItemKey = tuple[str, int]
Key = TypeVar("Key", ItemKey, int)


@dataclass(frozen=True)
class FusionConfig:
    """How the two rankings are combined; chosen on the eval sets (``python -m eval.tune``).

    ``convex`` sums normalised scores with these weights: dense scores min-max scaled,
    BM25 scores divided by the query's ceiling (the share of the question the text
    explains; see :meth:`LexicalIndex.ceiling`) or min-max scaled. ``rrf`` sums
    ``weight / (rrf_k + rank)``. Measured on the dev sets (cases, holdout, paraphrase):
    convex with the ceiling at dense weight 0.2 puts the right item first for 218 of
    228 single-item questions, min-max scaling at best 215, RRF at best 211, BM25 alone
    208, dense alone 205; on paraphrase_holdout, kept to confirm, 46 of 57 against 41
    (BM25) and 42 (dense).
    """

    method: str = "convex"
    lexical_weight: float = 0.8
    dense_weight: float = 0.2
    lexical_scale: str = "ceiling"
    rrf_k: float = 10.0
    candidates: int = 1000  # chunks taken from each retriever before aggregation
    synonym_weight: float = 0.5  # BM25 weight of a synonym standing in for a question word

    def fuse(self, lexical: dict[Key, float], dense: dict[Key, float]) -> list[tuple[Key, float]]:
        """Fuse two score maps (each ordered best first) into one ranking."""
        weights = {"lexical": self.lexical_weight, "dense": self.dense_weight}
        if self.method == "rrf":
            return reciprocal_rank_fusion(
                {"lexical": list(lexical), "dense": list(dense)}, weights, k=self.rrf_k
            )
        if self.method == "convex":
            if self.lexical_scale not in LEXICAL_SCALES:
                raise ValueError(
                    f"unknown lexical scale {self.lexical_scale!r}; "
                    f"expected one of {', '.join(LEXICAL_SCALES)}"
                )
            scaled = ("lexical",) if self.lexical_scale == "ceiling" else ()
            return convex_fusion({"lexical": lexical, "dense": dense}, weights, scaled)
        raise ValueError(
            f"unknown fusion method {self.method!r}; expected one of {', '.join(FUSION_METHODS)}"
        )


class HybridRetriever:
    """Searches chunks with both indexes and returns items, best first.

    The dense index holds every chunk; the lexical index holds those of
    ``lexical_chunk_ids`` (its positions are mapped back to chunk positions).
    """

    def __init__(
        self,
        chunks: Sequence[Chunk],
        lexical: LexicalIndex,
        dense: DenseIndex,
        config: FusionConfig | None = None,
        synonyms: SynonymTable | None = None,
    ) -> None:
        self.chunks = list(chunks)
        self.lexical = lexical
        self.dense = dense
        self.config = config or FusionConfig()
        self.synonyms = synonyms or SynonymTable()
        self.lexical_ids = lexical_chunk_ids(self.chunks)
        # A view on some documents: the chunk ids each index may return (None: all).
        self._dense_scope: np.ndarray | None = None
        self._lexical_scope: np.ndarray | None = None

    def only(self, doc_ids: Iterable[str]) -> HybridRetriever:
        """A view searching only these documents' items (the indexes are shared, not copied).

        Each index ranks only the view's chunks, so a plan's items are found at the usual
        depth however many other plans the library holds.
        """
        wanted = frozenset(doc_ids)
        inside = [chunk.doc_id in wanted for chunk in self.chunks]
        view = copy.copy(self)
        view._dense_scope = np.flatnonzero(inside).astype(np.int64)
        view._lexical_scope = np.flatnonzero([inside[i] for i in self.lexical_ids]).astype(np.int64)
        return view

    def search(self, query: str, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        """The ``k`` best items for ``query`` with ``mode`` hybrid, lexical or dense."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; expected one of {', '.join(MODES)}")
        limit = min(self.config.candidates, len(self.chunks))
        lexical = self._lexical_search(query, limit) if mode != "dense" else []
        dense = self.dense.search(query, limit, self._dense_scope) if mode != "lexical" else []
        lexical_items, dense_items = _by_item(self.chunks, lexical), _by_item(self.chunks, dense)
        fused = self.config.fuse(lexical_items, dense_items)
        chunk_order = self.config.fuse(dict(lexical), dict(dense))
        best_chunk = self._best_chunks([i for i, _ in chunk_order])
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
                chunk=best_chunk.get(key, -1),
            )
            for key, score in fused[:k]
        ]

    def words(self, text: str) -> list[str]:
        """The words of ``text`` as the lexical index splits them (no n-grams)."""
        return self.lexical.tokenizer.words(text)

    def expansions(self, text: str) -> dict[str, tuple[str, ...]]:
        """The words of ``text`` the corpus never uses, with their synonyms that it does."""
        return self.synonyms.expansions(self.words(text))

    def synonym_terms(self, query: str) -> dict[str, float]:
        """The BM25 terms of the query's synonyms, each at :attr:`FusionConfig.synonym_weight`."""
        weight = self.config.synonym_weight
        return {
            term: weight
            for targets in self.expansions(query).values()
            for target in targets
            for term in self.lexical.tokenizer.tokenize(target)
        }

    def _lexical_search(self, query: str, limit: int) -> list[tuple[int, float]]:
        """BM25 hits as chunk positions, scored as a share of the query's ceiling.

        The ceiling is the question's own: a synonym only makes up for a word the corpus
        lacks, at a discount, so a paraphrase never scores above the plan's own words.
        """
        ceiling = self.lexical.ceiling(query) or 1.0
        extra = self.synonym_terms(query) if self.config.synonym_weight > 0 else None
        hits = self.lexical.search(query, limit, extra, self._lexical_scope)
        return [(self.lexical_ids[i], s / ceiling) for i, s in hits]

    def _best_chunks(self, chunk_ids: Sequence[int]) -> dict[ItemKey, int]:
        """Each item's best sentence or clause chunk, in fused order."""
        best: dict[ItemKey, int] = {}
        for chunk_id in chunk_ids:
            chunk = self.chunks[chunk_id]
            if chunk.kind != "item":
                best.setdefault((chunk.doc_id, chunk.item), chunk_id)
        return best


def _by_item(chunks: Sequence[Chunk], ranked: Sequence[tuple[int, float]]) -> dict[ItemKey, float]:
    """Each item's best chunk score, items in order of that score (dicts keep order)."""
    best: dict[ItemKey, float] = {}
    for chunk_id, score in ranked:
        chunk = chunks[chunk_id]
        best.setdefault((chunk.doc_id, chunk.item), score)
    return best
