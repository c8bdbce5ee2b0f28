"""Frozen records of the retrieval layer: what is indexed and what a search returns."""

from __future__ import annotations

from dataclasses import dataclass

from corpus.models import Span


@dataclass(frozen=True)
class Chunk:
    """A searchable unit: a whole item or one of its sentences, with its provenance.

    ``text`` is what gets indexed (it may carry the item's title as context);
    ``span`` is where the quoted part stands in the document's cleaned text.
    """

    doc_id: str
    item: int
    kind: str  # "item" or "sentence"
    text: str
    span: Span


@dataclass(frozen=True)
class Hit:
    """An item found for a query, with the scores and ranks of each retriever.

    ``sentence`` is the index of the chunk of the item's best-matching sentence, or -1.
    Ranks are 1-based; 0 means the retriever did not return the item.
    """

    doc_id: str
    item: int
    score: float
    lexical_score: float
    dense_score: float
    lexical_rank: int
    dense_rank: int
    sentence: int
