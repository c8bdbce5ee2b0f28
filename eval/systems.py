"""The systems the runner compares: the pipeline and single-retriever baselines."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from corpus.loading import Corpus
from eval.runner import RETRIEVED_DEPTH, Reply, System
from index.retriever import HybridRetriever
from qa.assistant import Assistant
from qa.models import Certainty
from qa.render import to_text


class RetrievalSystem:
    """Answers with the full text of the top item of one retrieval mode.

    This is what a user could pick instead of the answering pipeline: BM25 alone
    (``lexical``), dense retrieval alone (``dense``), or both fused (``hybrid``).
    """

    def __init__(self, name: str, corpus: Corpus, retriever: HybridRetriever, mode: str) -> None:
        self.name = name
        self.corpus = corpus
        self.retriever = retriever
        self.mode = mode

    def reset(self) -> None:
        """Start cold: no query vectors cached by an earlier system's run."""
        self.retriever.dense.clear_query_cache()

    def reply(self, question: str, history: Sequence[str], doc: str | None) -> Reply:
        """Search ``question`` alone; a retrieval baseline has no notion of conversation."""
        hits = self.retriever.search(question, RETRIEVED_DEPTH * 4, self.mode)
        items = [h for h in hits if doc is None or h.doc_id == doc][:RETRIEVED_DEPTH]
        if not items:
            return Reply((), (), "", answered=False)
        top = items[0]
        text = self.corpus.document(top.doc_id).item(top.item).text
        return Reply(tuple(h.item for h in items), (top.item,), text, answered=True)


class AnswerSystem:
    """The answering pipeline: ``Assistant.ask`` with the conversation, rendered as text."""

    name = "pipeline"

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def reset(self) -> None:
        """Start cold: no query vectors cached by an earlier system's run."""
        self.assistant.retriever.dense.clear_query_cache()

    def reply(self, question: str, history: Sequence[str], doc: str | None) -> Reply:
        """Cited items first, then the rest of the search ranking (``RETRIEVED_DEPTH`` items,
        or more when the answer cites more).

        The latency is that of ``ask`` alone: the extra search that fills ``retrieved``
        is bookkeeping for the metrics, not part of answering.
        """
        started = time.perf_counter()
        answer = self.assistant.ask(question, history)
        latency_ms = (time.perf_counter() - started) * 1000
        hits = self.assistant.retriever.search(question, RETRIEVED_DEPTH * 4)
        ranked = [q.item for q in answer.quotes if doc is None or q.doc_id == doc]
        ranked += [h.item for h in hits if doc is None or h.doc_id == doc]
        retrieved = tuple(dict.fromkeys(ranked))[: max(RETRIEVED_DEPTH, len(answer.quotes))]
        cited = tuple(q.item for q in answer.quotes if doc is None or q.doc_id == doc)
        closest = answer.certainty == Certainty.CLOSEST
        text = to_text(answer)
        return Reply(
            retrieved,
            cited,
            text,
            answer.answered,
            latency_ms,
            closest,
            other_plans=tuple(sorted({q.doc_id for q in answer.quotes if doc and q.doc_id != doc})),
            names_its_plans=(
                all(f"《{q.doc_title}》" in text for q in answer.quotes)
                if len(self.assistant.corpus.documents) > 1
                else None
            ),
        )


def build_systems(
    backend: str | None, index_dir: Path | None = None, corpus_path: Path | None = None
) -> list[System]:
    """The answering pipeline first, then the BM25-only and dense-only baselines.

    ``corpus_path`` (a plan file or folder) replaces the shipped plan; its index is kept in
    its own folder unless ``index_dir`` says where.
    """
    from corpus.loading import load_corpus  # lazy: heavy loads happen here only
    from index.loader import load_retriever
    from index.settings import stack_settings
    from qa.assistant import Assistant

    corpus = load_corpus(corpus_path) if corpus_path else load_corpus()
    folder = index_dir or stack_settings().index_dir_for(corpus_path)
    retriever = load_retriever(corpus, backend=backend, index_dir=folder)
    return [
        AnswerSystem(Assistant(corpus, retriever)),
        RetrievalSystem("bm25", corpus, retriever, "lexical"),
        RetrievalSystem("dense", corpus, retriever, "dense"),
    ]
