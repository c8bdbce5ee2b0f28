"""The measurements that run in a child process, one backend each (``--child KIND``).

A fresh process per measurement makes its peak RSS and cold start that backend's alone:

* ``build``: build the index afresh, then time every search mode (and Flat vs HNSW32);
* ``cold``: from process start to the first hybrid answer, on the index just saved;
* ``rate``: embed a sample of the chunks, for the backend's passages per second;
* ``lexical-build``, ``lexical-load``: the lexical index alone (:mod:`eval.bench.lexical_scale`);
* ``ocr``: a scanned plan read with OCR (:mod:`eval.bench.ocr_scan`).
"""

from __future__ import annotations

import json
import logging
import os
import random
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eval.bench.common import (
    DEFAULT_WARMUP,
    HNSW_FACTORY,
    RATE_SAMPLE,
    TOP_K,
    VECTOR_K,
    BenchError,
    JsonDict,
    load_questions,
)
from eval.bench.lexical_scale import child_lexical_build, child_lexical_load
from eval.bench.machine import folder_bytes, peak_rss_mib, runtime_threads
from eval.bench.ocr_scan import child_ocr
from eval.bench.timing import (
    Laps,
    ReusedVectorsEncoder,
    TimingEncoder,
    measure_answering,
    measure_latencies,
    measure_latency,
    process_start,
    recall_at,
    timed,
    vector_search_latencies,
)
from index.names import SENTENCE_TRANSFORMERS

if TYPE_CHECKING:
    from corpus.loading import Corpus
    from index.protocols import Encoder
    from index.retriever import HybridRetriever

logger = logging.getLogger(__name__)

BATCH_SIZE = 32  # passages per encode call, as DenseIndex.build


@dataclass(frozen=True)
class ChildOptions:
    """What one child measures, and where (the hidden ``--child`` flags of the CLI).

    Attributes:
        kind: The measurement: a key of :data:`CHILDREN`.
        backend: The embedding backend measured.
        index_dir: The index folder: built afresh by ``build``, loaded by ``cold``.
        out: Where the child writes its figures as JSON.
        corpus: The plans to index; ``None`` for the shipped plan.
        launched_at: When the parent launched the child (epoch seconds), for ``cold``.
        warmup: Untimed queries per mode before timing.
        progress: Show a progress bar while embedding.
        hnsw: After ``build``, also build and time an ``HNSW32`` index.
        sample: Passages ``rate`` embeds.
        seed: Seed of the ``rate`` sample.
    """

    kind: str
    backend: str
    index_dir: Path
    out: Path
    corpus: Path | None = None
    launched_at: float | None = None
    warmup: int = DEFAULT_WARMUP
    progress: bool = False
    hnsw: bool = False
    sample: int = RATE_SAMPLE
    seed: int = 0


def load_plans(folder: Path | None) -> Corpus:
    """The corpus in ``folder``, or the shipped plan."""
    from corpus import load_corpus

    return load_corpus(folder) if folder else load_corpus()


def load_encoder(backend: str) -> Encoder:
    """The backend's default encoder (what ``index.loader.load_retriever`` loads)."""
    from index.encoders import load_encoder as load

    return load(backend)


def prepare_model(backend: str) -> float:
    """Convert the sentence-transformers model once, outside the timings; returns seconds."""
    if backend != SENTENCE_TRANSFORMERS:
        return 0.0
    from index.encoders import bundled_model_dir

    return timed(bundled_model_dir)[1]


def child_build(options: ChildOptions) -> JsonDict:
    """Child ``build``: fresh index build, then per-mode latency (and Flat vs HNSW).

    Raises:
        BenchError: ``options.index_dir`` already holds an index.
    """
    from index.loader import configured_thesaurus
    from index.store import current_build, load_or_build

    if current_build(options.index_dir) is not None:
        raise BenchError(
            f"{options.index_dir} already holds an index; a fresh build needs a new one"
        )
    corpus, corpus_load_s = timed(lambda: load_plans(options.corpus))
    model_prepare_s = prepare_model(options.backend)
    encoder, encoder_load_s = timed(lambda: load_encoder(options.backend))
    timing = TimingEncoder(encoder)
    retriever, build_s = timed(
        lambda: load_or_build(
            corpus,
            timing,
            options.index_dir,
            thesaurus=configured_thesaurus(),
            progress=options.progress,
        )
    )
    questions = load_questions()
    result: JsonDict = {
        "backend": options.backend,
        "documents": len(corpus.documents),
        "items": sum(1 for item in corpus.items() if item.number > 0),
        "load_failures": len(corpus.failures),
        "chunks": len(retriever.chunks),
        "corpus_load_s": corpus_load_s,
        "model_prepare_s": model_prepare_s,
        "encoder_load_s": encoder_load_s,
        "build_s": build_s,
        **timing.figures(),
        "index_bytes": folder_bytes(options.index_dir),
        "latency": measure_latency(retriever, questions, options.warmup),
        "answering": measure_answering(corpus, retriever, questions, options.warmup),
        "peak_rss_mib": peak_rss_mib(),
    }
    if options.hnsw:
        result["hnsw"] = compare_hnsw(corpus, retriever, encoder, options.index_dir, questions)
        result["peak_rss_mib_after_hnsw"] = peak_rss_mib()
    return result | runtime_threads()


def compare_hnsw(
    corpus: Corpus,
    flat: HybridRetriever,
    encoder: Encoder,
    flat_dir: Path,
    questions: Sequence[str],
) -> JsonDict:
    """Build an ``HNSW32`` index from the Flat build's vectors and time both.

    The ``HNSW32`` index goes into a folder next to ``flat_dir``.
    """
    from index.loader import configured_thesaurus
    from index.store import load_or_build

    texts = [chunk.text for chunk in flat.chunks]
    reused = ReusedVectorsEncoder(encoder, texts, flat.dense.vectors())
    folder = flat_dir.with_name(f"{flat_dir.name}-hnsw")
    logger.info("building %s from the Flat build's vectors into %s", HNSW_FACTORY, folder)
    hnsw, build_s = timed(
        lambda: load_or_build(
            corpus, reused, folder, dense_factory=HNSW_FACTORY, thesaurus=configured_thesaurus()
        )
    )
    vectors = encoder.encode_queries(list(questions))
    candidates = min(flat.config.candidates, len(flat.chunks))
    both = {"Flat": flat, HNSW_FACTORY: hnsw}
    return {
        "factory": HNSW_FACTORY,
        "build_s": build_s,
        "reused_passages": reused.reused,
        "embedded_passages": reused.embedded,
        "index_bytes": folder_bytes(folder),
        "latency_by_factory": measure_latencies(both, questions, DEFAULT_WARMUP),
        "vector_search": vector_search_latencies(
            {name: retriever.dense for name, retriever in both.items()},
            vectors,
            (VECTOR_K, candidates),
        ),
        "candidates": candidates,
        f"recall_at_{VECTOR_K}": recall_at(flat.dense, hnsw.dense, vectors, VECTOR_K),
    }


def child_cold(options: ChildOptions) -> JsonDict:
    """Child ``cold``: process start to the first hybrid answer on a saved index."""
    start, clock = process_start(options.launched_at)
    laps = Laps(start)
    laps.lap("interpreter_s")
    from index.loader import configured_thesaurus
    from index.store import current_build, load_or_build

    laps.lap("imports_s")
    corpus = load_plans(options.corpus)
    laps.lap("corpus_s")
    encoder = load_encoder(options.backend)
    laps.lap("encoder_s")
    before = current_build(options.index_dir)
    retriever = load_or_build(corpus, encoder, options.index_dir, thesaurus=configured_thesaurus())
    laps.lap("index_s")
    question = load_questions()[0]
    hits = retriever.search(question, TOP_K, "hybrid")
    laps.lap("first_search_s")
    rebuilt = before is None or before != current_build(options.index_dir)
    if rebuilt:
        logger.warning("the saved index was not used: it was rebuilt, so this is no cold start")
    return {
        "backend": options.backend,
        "total_s": laps.total,
        **laps.laps,
        "clock": clock,
        "rebuilt": rebuilt,
        "hits": len(hits),
        "peak_rss_mib": peak_rss_mib(),
    } | runtime_threads()


def child_add(options: ChildOptions) -> JsonDict:
    """Child ``add``: one more plan (the shipped one) joins a saved library; time its rebuild.

    The plan file is copied into the corpus folder for the measurement and taken out
    again; the index then holds the library with the plan (a later load rebuilds).
    """
    import shutil

    from corpus.loading import DEFAULT_CORPUS_DIR, find_documents
    from index.loader import configured_thesaurus
    from index.store import load_or_build

    if options.corpus is None:
        raise BenchError("child add needs --corpus: the library a plan is added to")
    plan = find_documents(DEFAULT_CORPUS_DIR)[0]
    added = options.corpus / f"added-{plan.name}"
    shutil.copyfile(plan, added)
    try:
        corpus = load_plans(options.corpus)
        timing = TimingEncoder(load_encoder(options.backend))
        retriever, add_s = timed(
            lambda: load_or_build(
                corpus, timing, options.index_dir, thesaurus=configured_thesaurus()
            )
        )
    finally:
        added.unlink(missing_ok=True)
    return {
        "backend": options.backend,
        "plan": plan.name,
        "chunks": len(retriever.chunks),
        "add_s": add_s,
        **timing.figures(),
        "peak_rss_mib": peak_rss_mib(),
    }


def child_rate(options: ChildOptions) -> JsonDict:
    """Child ``rate``: the backend's embedding rate on a seeded sample of the chunks."""
    from index.chunks import make_chunks

    texts = [chunk.text for chunk in make_chunks(load_plans(options.corpus))]
    sample = random.Random(options.seed).sample(texts, min(options.sample, len(texts)))
    encoder = load_encoder(options.backend)
    encoder.encode_passages(sample[:4])  # first call: lazy set-up, untimed
    timing = TimingEncoder(encoder)
    for start in range(0, len(sample), BATCH_SIZE):
        timing.encode_passages(sample[start : start + BATCH_SIZE])
    return {"backend": options.backend, **timing.figures(), "peak_rss_mib": peak_rss_mib()}


CHILDREN: dict[str, Callable[[ChildOptions], JsonDict]] = {
    "build": child_build,
    "cold": child_cold,
    "add": child_add,
    "rate": child_rate,
    "lexical-build": lambda options: child_lexical_build(options.corpus, options.index_dir),
    "lexical-load": lambda options: child_lexical_load(options.index_dir, options.warmup),
    "ocr": lambda options: child_ocr(options.corpus, options.index_dir),
}


def child_main(options: ChildOptions) -> int:
    """Run one child measurement and write its figures, with the load, to ``options.out``.

    Returns:
        The process exit code, 0.
    """
    load_start, started = os.getloadavg()[0], time.perf_counter()
    result = CHILDREN[options.kind](options)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["contention"] = {
        "wall_s": time.perf_counter() - started,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "load_start": load_start,
        "load_end": os.getloadavg()[0],
    }
    options.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0
