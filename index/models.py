"""Frozen records of the retrieval layer: what is indexed and what a search returns."""

from __future__ import annotations

from dataclasses import dataclass

from corpus.models import Span


@dataclass(frozen=True)
class Chunk:
    """A searchable unit: a whole item, one of its sentences or clauses, with provenance.

    ``text`` is what gets indexed (it may carry the item's title as context);
    ``span`` is where the quoted part stands in the document's cleaned text.
    """

    doc_id: str
    item: int
    kind: str  # "item", "sentence" or "clause"
    text: str
    span: Span


@dataclass(frozen=True)
class Hit:
    """An item found for a query, with the scores and ranks of each retriever.

    ``chunk`` is the position (in the retriever's chunks) of the item's best-matching
    sentence or clause, or -1 when none matched. ``lexical_score`` is the item's best
    BM25 score as a share of the query's ceiling (0 to 1), ``dense_score`` its best
    cosine. Ranks are 1-based; 0 means the retriever did not return the item (or the hit
    was made by hand, as for "the last item of that list").
    """

    doc_id: str
    item: int
    score: float
    lexical_score: float = 0.0
    dense_score: float = 0.0
    lexical_rank: int = 0
    dense_rank: int = 0
    chunk: int = -1
