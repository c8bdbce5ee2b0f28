"""Timing: summaries in milliseconds, interleaved timings, and encoders that count.

Searches are timed interleaved (see :func:`interleaved_times`), so load from other
processes on shared cores hits every mode or index alike.
"""

from __future__ import annotations

import importlib
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from eval.bench.common import DEFAULT_WARMUP, TOP_K, BenchError, JsonDict
from eval.metrics import percentile
from index.names import MODES

if TYPE_CHECKING:
    import numpy as np

    from corpus.loading import Corpus
    from index.dense import DenseIndex
    from index.protocols import Encoder
    from index.retriever import HybridRetriever

T = TypeVar("T")
K = TypeVar("K")


def summarize_ms(seconds: Sequence[float]) -> JsonDict:
    """Count, mean, p50, p95 and max of durations given in seconds, in milliseconds."""
    ms = [value * 1000 for value in seconds]
    return {
        "n": len(ms),
        "mean_ms": statistics.fmean(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "max_ms": max(ms),
    }


def timed(function: Callable[[], T]) -> tuple[T, float]:
    """Call ``function`` and return its value with the wall-clock seconds it took."""
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def process_start(launched_at: float | None) -> tuple[float, str]:
    """When this process started (epoch seconds), and how that was found.

    The parent's launch timestamp comes first: psutil derives the start from the boot
    time, which /proc gives in whole seconds.

    Raises:
        BenchError: Neither a launch timestamp nor psutil is available.
    """
    if launched_at is not None:
        return launched_at, "parent's launch timestamp"
    try:
        psutil = importlib.import_module("psutil")
    except ImportError as error:
        raise BenchError("cold start needs --launched-at or psutil") from error
    return float(psutil.Process().create_time()), "psutil create_time"


class Laps:
    """Wall-clock laps from a start time, named in the order they are taken."""

    def __init__(self, start: float) -> None:
        """Start counting at ``start`` (epoch seconds)."""
        self.start = start
        self._last = start
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        """Record the seconds since the previous lap under ``name``."""
        now = time.time()
        self.laps[name] = now - self._last
        self._last = now

    @property
    def total(self) -> float:
        """Seconds from the start to the last lap."""
        return self._last - self.start


class _WrappedEncoder:
    """An encoder that passes queries to another one, under that one's name and dimension.

    The name and dimension are kept so that an index built through the wrapper matches
    the wrapped encoder's saved index.
    """

    def __init__(self, encoder: Encoder) -> None:
        """Wrap ``encoder``."""
        self.name = encoder.name
        self.dimension = encoder.dimension
        self._encoder = encoder

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries with the wrapped encoder (neither timed nor reused)."""
        return self._encoder.encode_queries(texts)


class TimingEncoder(_WrappedEncoder):
    """Wraps an encoder and adds up the time and count of passages it embeds."""

    def __init__(self, encoder: Encoder) -> None:
        """Wrap ``encoder``, with nothing embedded yet."""
        super().__init__(encoder)
        self.passage_seconds = 0.0
        self.passages = 0

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages with the wrapped encoder, adding up the time it takes."""
        started = time.perf_counter()
        vectors = self._encoder.encode_passages(texts)
        self.passage_seconds += time.perf_counter() - started
        self.passages += len(texts)
        return vectors

    def figures(self) -> JsonDict:
        """Passages embedded, seconds spent and passages per second."""
        rate = self.passages / self.passage_seconds if self.passage_seconds else None
        return {"passages": self.passages, "embed_s": self.passage_seconds, "passages_per_s": rate}


class ReusedVectorsEncoder(_WrappedEncoder):
    """Passages get vectors already computed (by text); queries go to the real encoder.

    Lets a second index over the same chunks (another FAISS factory) skip embedding.
    """

    def __init__(self, encoder: Encoder, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Map ``texts[i]`` to ``vectors[i]``; a text not in ``texts`` is embedded anew.

        Raises:
            BenchError: ``texts`` and ``vectors`` differ in length.
        """
        if len(texts) != len(vectors):
            raise BenchError(f"{len(texts)} texts but {len(vectors)} saved vectors")
        super().__init__(encoder)
        self._rows = {text: row for row, text in enumerate(texts)}
        self._vectors = vectors
        self.reused = 0
        self.embedded = 0

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Return the saved vectors of ``texts``, embedding them only if one is unknown."""
        rows = [self._rows.get(text) for text in texts]
        known = [row for row in rows if row is not None]
        if len(known) < len(rows):
            self.embedded += len(texts)
            return self._encoder.encode_passages(texts)
        self.reused += len(texts)
        return self._vectors[known]


def interleaved_times(
    calls: Mapping[K, Callable[[int], object]], rounds: int, warmup: int
) -> dict[K, JsonDict]:
    """Time ``calls[key](i)`` for every key and ``i`` below ``rounds``, interleaved.

    Each round runs every call, starting one further along each time, so load that
    changes while we measure (other processes on shared cores) hits all keys alike.
    The first ``warmup`` rounds are run once more beforehand, untimed.

    Returns:
        Per key, :func:`summarize_ms` of its ``rounds`` durations.
    """
    keys = list(calls)
    for index in range(min(warmup, rounds)):
        for key in keys:
            calls[key](index)
    times: dict[K, list[float]] = {key: [] for key in keys}
    for index in range(rounds):
        shift = index % len(keys)
        for key in keys[shift:] + keys[:shift]:
            started = time.perf_counter()
            calls[key](index)
            times[key].append(time.perf_counter() - started)
    return {key: summarize_ms(values) for key, values in times.items()}


def measure_latencies(
    retrievers: Mapping[str, HybridRetriever],
    questions: Sequence[str],
    warmup: int = DEFAULT_WARMUP,
    modes: Sequence[str] = MODES,
) -> dict[str, dict[str, JsonDict]]:
    """Per retriever and mode, the latency of ``search(question, 5, mode)``, interleaved.

    The dense index's query-vector cache is cleared before every search, so dense and
    hybrid searches always include encoding the question.
    """
    calls = {
        (name, mode): _searcher(retriever, questions, mode)
        for name, retriever in retrievers.items()
        for mode in modes
    }
    found = interleaved_times(calls, len(questions), warmup)
    return {name: {mode: found[name, mode] for mode in modes} for name in retrievers}


def measure_latency(
    retriever: HybridRetriever,
    questions: Sequence[str],
    warmup: int = DEFAULT_WARMUP,
    modes: Sequence[str] = MODES,
) -> dict[str, JsonDict]:
    """Per mode, the latency of ``search(question, 5, mode)`` over ``questions``."""
    return measure_latencies({"": retriever}, questions, warmup, modes)[""]


def measure_answering(
    corpus: Corpus,
    retriever: HybridRetriever,
    questions: Sequence[str],
    warmup: int = DEFAULT_WARMUP,
) -> JsonDict:
    """``qa.ask`` against one bare hybrid search, interleaved on the same questions.

    Both encode the question (the query-vector cache is cleared first), so the ratio of
    their medians is what answering adds to a search: analysis, evidence, quoting.
    """
    from qa.assistant import Assistant  # lazy: the answering layer only for this figure

    assistant = Assistant(corpus, retriever)

    def ask(index: int) -> object:
        retriever.dense.clear_query_cache()
        return assistant.ask(questions[index])

    calls = {"search": _searcher(retriever, questions, "hybrid"), "ask": ask}
    found = interleaved_times(calls, len(questions), warmup)
    search_p50 = found["search"]["p50_ms"]
    ratio = found["ask"]["p50_ms"] / search_p50 if search_p50 else None
    return {**found, "ask_to_search_p50": ratio}


def _searcher(
    retriever: HybridRetriever, questions: Sequence[str], mode: str
) -> Callable[[int], object]:
    def search(index: int) -> object:
        # DenseIndex caches query vectors; a timed search must encode its query.
        retriever.dense.clear_query_cache()
        return retriever.search(questions[index], TOP_K, mode)

    return search


def vector_search_latencies(
    indexes: Mapping[str, DenseIndex], vectors: np.ndarray, ks: Sequence[int]
) -> dict[str, dict[str, JsonDict]]:
    """Latency of the FAISS search alone (queries encoded beforehand), interleaved."""
    calls = {
        (name, k): _vector_searcher(dense, vectors, k)
        for name, dense in indexes.items()
        for k in ks
    }
    found = interleaved_times(calls, len(vectors), warmup=3)
    return {name: {f"k={k}": found[name, k] for k in ks} for name in indexes}


def _vector_searcher(dense: DenseIndex, vectors: np.ndarray, k: int) -> Callable[[int], object]:
    return lambda row: dense.search_vector(vectors[row : row + 1], k)


def recall_at(exact: DenseIndex, approximate: DenseIndex, vectors: np.ndarray, k: int) -> float:
    """Mean share of ``approximate``'s top ``k`` scoring at least the exact ``k``-th score.

    Scores, not ids, because a corpus can hold identical texts whose vectors tie.
    """
    shares = []
    for row in range(len(vectors)):
        best = exact.search_vector(vectors[row : row + 1], k)
        if not best:
            continue
        threshold = best[-1][1] - 1e-5
        found = approximate.search_vector(vectors[row : row + 1], k)
        shares.append(sum(score >= threshold for _, score in found) / len(best))
    return statistics.fmean(shares) if shares else 0.0
