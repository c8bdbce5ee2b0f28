"""What every part of the benchmark shares: its error, settings and the questions timed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eval.cases import DEFAULT_SET, load_cases

JsonDict = dict[str, Any]

TOP_K = 5
DEFAULT_WARMUP = 5
HNSW_FACTORY = "HNSW32"
VECTOR_K = 10
RATE_SAMPLE = 256  # passages embedded to measure a backend not run on the synthetic corpus


class BenchError(Exception):
    """The benchmark cannot measure something it was asked to."""


def load_questions(path: Path = DEFAULT_SET) -> list[str]:
    """The ``question`` field of every case of an eval set.

    Args:
        path: A JSONL eval set; by default ``eval/cases.jsonl``.

    Returns:
        The questions, in file order.
    """
    return [case.question for case in load_cases(path)]
