"""Explicit loading of the answering stack and a module-level default assistant."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from qa.assistant import Assistant
from qa.errors import NotLoadedError
from qa.models import Answer

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
    _default = Assistant(corpus, retriever)
    logger.info("assistant ready: %d documents", len(corpus.documents))
    return _default


def ask(question: str, history: Sequence[str] = (), doc: str | None = None) -> Answer:
    """Answer with the assistant made by :func:`load` (``doc``: only from that plan)."""
    if _default is None:
        raise NotLoadedError("call qa.load() before qa.ask()")
    return _default.ask(question, history, doc)
