"""Run the answering pipeline over pooled cases without running the model twice."""

from __future__ import annotations

from collections.abc import Sequence

from corpus.loading import Corpus
from eval.calibrate.pooling import PooledCase
from eval.metrics import CaseResult
from eval.runner import run_system
from eval.systems import AnswerSystem
from index.models import Hit
from index.retriever import HybridRetriever
from qa.assistant import Assistant
from qa.numbers import NumberConfig
from qa.policy import AnswerConfig


class CachedRetriever(HybridRetriever):
    """A retriever that searches each ``(query, k, mode)`` once and then remembers it.

    A search does not depend on the answering settings, so a grid point asks the same
    searches as the first: memoizing them here (rather than relying on the dense index's
    query-vector cache) skips the encoder, BM25 and fusion alike, and does not depend on
    the number of distinct questions and histories fitting that cache.
    """

    def __init__(self, retriever: HybridRetriever) -> None:
        """Share the indexes, fusion setting and synonyms of ``retriever``."""
        super().__init__(
            retriever.chunks,
            retriever.lexical,
            retriever.dense,
            retriever.config,
            retriever.synonyms,
        )
        self._memo: dict[tuple[str, int, str], list[Hit]] = {}

    def search(self, query: str, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        """The hits of :meth:`HybridRetriever.search`, computed once per arguments."""
        key = (query, k, mode)
        if key not in self._memo:
            self._memo[key] = super().search(query, k, mode)
        return list(self._memo[key])  # a copy: callers may reorder their list

    @property
    def searches(self) -> int:
        """How many distinct searches were made (and are remembered)."""
        return len(self._memo)

    @property
    def queries(self) -> int:
        """How many distinct query texts were searched."""
        return len({query for query, _, _ in self._memo})


def load(backend: str | None) -> tuple[Corpus, CachedRetriever]:
    """The shipped plan and a memoizing retriever over its (saved or built) index."""
    from corpus.loading import load_corpus  # lazy: heavy loads happen here only
    from index.loader import load_retriever

    corpus = load_corpus()
    return corpus, CachedRetriever(load_retriever(corpus, backend=backend))


def run(
    corpus: Corpus,
    retriever: HybridRetriever,
    pooled: Sequence[PooledCase],
    config: AnswerConfig | None = None,
    numbers: NumberConfig | None = None,
) -> list[CaseResult]:
    """Ask every pooled case (with its history) of a new assistant with these settings.

    Args:
        corpus: The plan.
        retriever: The retriever, shared by every setting.
        pooled: The cases to ask, in order.
        config: The answer decision and its cut-offs (default: the defaults).
        numbers: The number-choice weights (default: the defaults).

    Returns:
        One result per case, exactly as ``python -m eval`` records it.
    """
    assistant = Assistant(corpus, retriever, config=config, numbers=numbers)
    return run_system(AnswerSystem(assistant), [p.case for p in pooled])
