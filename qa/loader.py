"""Explicit loading of the answering stack and a module-level default assistant."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qa.assistant import Assistant
from qa.errors import NotLoadedError
from qa.models import Answer
from qa.vocabulary import WORDS_FILE, PlanVocabulary, read_groups

if TYPE_CHECKING:
    from corpus.loading import Corpus
    from index.retriever import HybridRetriever

logger = logging.getLogger(__name__)

_default: Assistant | None = None


def load(
    corpus_dir: Path | None = None,
    *,
    backend: str | None = None,
    model: str | None = None,
    index_dir: Path | None = None,
) -> Assistant:
    """Load the corpus, the encoder and the index; make this the assistant ``ask`` uses."""
    from corpus.loading import DEFAULT_CORPUS_DIR, load_corpus  # lazy: heavy stack
    from index.loader import load_retriever
    from index.settings import stack_settings

    global _default  # noqa: PLW0603 - one process-wide assistant, set explicitly by load()
    corpus = load_corpus(corpus_dir or DEFAULT_CORPUS_DIR)
    if not corpus.documents:
        failures = "; ".join(f.message for f in corpus.failures) or "no plan files"
        raise NotLoadedError(f"no plan could be loaded from {corpus_dir}: {failures}")
    folder = index_dir or stack_settings().index_dir_for(corpus_dir)
    retriever = load_retriever(corpus, backend=backend, model=model, index_dir=folder)
    _default = Assistant(corpus, retriever, vocabulary=_vocabulary(corpus, retriever))
    logger.info("assistant ready: %d documents", len(corpus.documents))
    return _default


def _vocabulary(corpus: Corpus, retriever: HybridRetriever) -> PlanVocabulary:
    """The shipped words of government work and the city's own (``POLICY_QA_WORDS``).

    A city file that cannot be read is logged and left out: a broken word list must not
    stop the service.
    """
    from index.settings import stack_settings
    from index.synonyms import ThesaurusError

    texts = [doc.text for doc in corpus.documents]
    own = stack_settings().words
    try:
        groups = read_groups([WORDS_FILE, *([own] if own else [])])
    except ThesaurusError as error:
        logger.warning("reading the shipped words only: %s", error)
        groups = read_groups([WORDS_FILE])
    return PlanVocabulary(texts, groups, retriever.words)


def ask(question: str, history: Sequence[str] = (), doc: str | None = None) -> Answer:
    """Answer with the assistant made by :func:`load` (``doc``: only from that plan)."""
    if _default is None:
        raise NotLoadedError("call qa.load() before qa.ask()")
    return _default.ask(question, history, doc)
