"""The parent process: run each measurement in a child process and gather the figures."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from eval.bench.common import (
    DEFAULT_WARMUP,
    RATE_SAMPLE,
    TOP_K,
    JsonDict,
    load_questions,
)
from eval.bench.machine import folder_bytes, machine_facts
from eval.bench.ocr_scan import scan_for_bench
from eval.bench.synthetic import DEFAULT_ITEMS_PER_DOC, generate_corpus
from eval.bench.timing import timed
from eval.cases import DEFAULT_SET
from index.names import BACKENDS, MODES, SENTENCE_TRANSFORMERS
from index.settings import ROOT

logger = logging.getLogger(__name__)

DEFAULT_SYNTHETIC_ITEMS = 10_000
DEFAULT_SYNTHETIC_BACKEND = SENTENCE_TRANSFORMERS


@dataclass(frozen=True)
class RunOptions:
    """What a whole benchmark run measures (the public flags of the CLI).

    Attributes:
        backends: The backends measured on the shipped plan.
        quick: Skip the synthetic corpus.
        warmup: Untimed queries per mode before timing.
        workdir: Where temporary indexes go; ``None`` for the system's temporary folder.
        synthetic_items: Items in the synthetic corpus.
        synthetic_backend: The one backend built on the synthetic corpus; the others only
            embed a sample of its chunks.
        items_per_doc: Synthetic items per document.
        seed: Seed of the synthetic corpus and of the samples.
        hnsw: Compare FAISS ``Flat`` with ``HNSW32`` on the synthetic corpus.
        growth: Synthetic library sizes (items) for the growth table: build, adding
            one plan, cold start, memory and latency at each, with the synthetic backend.
        lexical: Synthetic library sizes (items) at which the lexical index alone is
            built, saved and loaded (no embedding).
        ocr: Read a 6-page scanned plan with OCR (seconds in all and per page).
    """

    backends: tuple[str, ...] = BACKENDS
    quick: bool = False
    warmup: int = DEFAULT_WARMUP
    workdir: Path | None = None
    synthetic_items: int = DEFAULT_SYNTHETIC_ITEMS
    synthetic_backend: str = DEFAULT_SYNTHETIC_BACKEND
    items_per_doc: int = DEFAULT_ITEMS_PER_DOC
    growth: tuple[int, ...] = ()  # library sizes (items) measured one after another
    lexical: tuple[int, ...] = ()
    seed: int = 0
    hnsw: bool = True
    ocr: bool = True


def run_child(
    kind: str,
    backend: str,
    index_dir: Path,
    *,
    corpus: Path | None = None,
    flags: Sequence[str] = (),
) -> JsonDict:
    """Run ``python -m eval.bench --child kind`` in a fresh process; its figures or an error.

    Args:
        kind: The child measurement (a key of :data:`eval.bench.children.CHILDREN`).
        backend: The embedding backend it measures.
        index_dir: Its index folder; its figures are written next to it.
        corpus: The plans to index, if not the shipped plan.
        flags: More command-line flags for the child (``--warmup``, ``--hnsw``, …).

    Returns:
        The child's figures, or ``{"error": …}`` if it failed (its log goes to stderr).
    """
    out = index_dir.with_name(f"{index_dir.name}.{kind}.json")
    command = [sys.executable, "-m", "eval.bench", "--child", kind, "--backend", backend]
    command += ["--index-dir", str(index_dir), "--out", str(out), *flags]
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
    build = run_child("build", backend, index_dir, flags=["--warmup", str(warmup)])
    cold = run_child("cold", backend, index_dir) if "error" not in build else {"error": "no build"}
    return {"build": build, "cold": cold}


def bench_synthetic(options: RunOptions, work: Path) -> JsonDict:
    """Generate the synthetic corpus, then build, time and cold start it in children."""
    folder, index_dir = work / "synthetic-corpus", work / "synthetic-index"
    items = options.synthetic_items
    logger.info("generating %d synthetic items into %s", items, folder)
    documents, generate_s = timed(
        lambda: generate_corpus(folder, items, options.seed, options.items_per_doc)
    )
    flags = ["--progress", "--warmup", str(options.warmup)] + (["--hnsw"] if options.hnsw else [])
    backend = options.synthetic_backend
    build = run_child("build", backend, index_dir, corpus=folder, flags=flags)
    if "error" not in build and build["items"] != items:
        logger.warning("asked for %d synthetic items, %d loaded", items, build["items"])
    cold = (
        run_child("cold", backend, index_dir, corpus=folder)
        if "error" not in build
        else {"error": "no build"}
    )
    # after the cold start: the add changes the library the saved index was built from
    add = (
        run_child("add", backend, index_dir, corpus=folder)
        if "error" not in build
        else {"error": "no build"}
    )
    rates = measure_other_rates(options, work, folder, build)
    return {
        "requested_items": items,
        "documents": documents,
        "seed": options.seed,
        "items_per_doc": options.items_per_doc,
        "generate_s": generate_s,
        "corpus_bytes": folder_bytes(folder),
        "backend": backend,
        "hnsw_skipped": None if options.hnsw else "--no-hnsw",
        "build": build,
        "cold": cold,
        "add": add,
        "rates": rates,
        "estimates": estimate_others(build, rates),
    }


def bench_growth(options: RunOptions, work: Path, items: int) -> JsonDict:
    """One size of the growth table: build, cold start and adding one plan, in children."""
    folder, index_dir = work / f"growth-{items}-corpus", work / f"growth-{items}-index"
    documents = generate_corpus(folder, items, options.seed, options.items_per_doc)
    backend = options.synthetic_backend
    build = run_child("build", backend, index_dir, corpus=folder, flags=["--warmup", "2"])
    if "error" in build:
        return {"items": items, "documents": documents, "build": build}
    cold = run_child("cold", backend, index_dir, corpus=folder)
    add = run_child("add", backend, index_dir, corpus=folder)
    return {
        "items": items,
        "documents": documents,
        "backend": backend,
        "build": build,
        "cold": cold,
        "add": add,
    }


def bench_lexical(options: RunOptions, work: Path, items: int) -> JsonDict:
    """The lexical index alone at one library size: built in one child, loaded in another."""
    folder, index_dir = work / f"lexical-{items}-corpus", work / f"lexical-{items}-index"
    documents = generate_corpus(folder, items, options.seed, options.items_per_doc)
    backend = options.synthetic_backend  # unused by these children; the CLI wants one
    build = run_child("lexical-build", backend, index_dir, corpus=folder)
    if "error" in build:
        return {"items": items, "documents": documents, "build": build}
    load = run_child("lexical-load", backend, index_dir, flags=["--warmup", str(options.warmup)])
    return {"items": items, "documents": documents, "build": build, "load": load}


def bench_ocr(work: Path) -> JsonDict:
    """OCR of a 6-page scan in a child, with an empty OCR cache (then read from it)."""
    scan, source = scan_for_bench(work)
    backend = DEFAULT_SYNTHETIC_BACKEND  # unused by this child; the CLI wants one
    return run_child("ocr", backend, work / "ocr-cache", corpus=scan) | {"source": source}


def measure_other_rates(
    options: RunOptions, work: Path, folder: Path, build: JsonDict
) -> dict[str, JsonDict]:
    """Embedding rates of the backends not built on the synthetic corpus, on a sample."""
    if "error" in build:
        return {}
    flags = ["--sample", str(RATE_SAMPLE), "--seed", str(options.seed)]
    return {
        other: run_child("rate", other, work / f"rate-{other}", corpus=folder, flags=flags)
        for other in options.backends
        if other != options.synthetic_backend
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


def run_benchmark(options: RunOptions) -> JsonDict:
    """Measure every backend on the shipped plan, then (unless quick) the synthetic corpus."""
    questions = load_questions()
    results: JsonDict = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_facts(),
        "settings": {
            "cases": str(DEFAULT_SET.relative_to(ROOT)),
            "questions": len(questions),
            "warmup": options.warmup,
            "top_k": TOP_K,
            "modes": list(MODES),
            "backends": list(options.backends),
            "quick": options.quick,
        },
        "synthetic": None,
    }
    with tempfile.TemporaryDirectory(prefix="policy-qa-bench-", dir=options.workdir) as name:
        work = Path(name)
        results["plan"] = {b: bench_backend(b, work, options.warmup) for b in options.backends}
        if options.ocr:
            results["ocr"] = bench_ocr(work)
        if not options.quick:
            results["synthetic"] = bench_synthetic(options, work)
        if options.growth:
            results["growth"] = [bench_growth(options, work, items) for items in options.growth]
        if options.lexical:
            results["lexical"] = [bench_lexical(options, work, n) for n in options.lexical]
    results["machine"]["load_average_end"] = list(os.getloadavg())
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return results
