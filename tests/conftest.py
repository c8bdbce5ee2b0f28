"""Shared fixtures: the shipped plan and the small second plan kept in tests/fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Corpus, Document, load_corpus

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL_PLAN = ROOT / "corpus" / "documents" / "plan-2022.txt"


@pytest.fixture(scope="session")
def real_corpus() -> Corpus:
    return load_corpus(REAL_PLAN)


@pytest.fixture(scope="session")
def real_plan(real_corpus: Corpus) -> Document:
    return real_corpus.documents[0]


@pytest.fixture(scope="session")
def elderly_corpus() -> Corpus:
    return load_corpus(FIXTURES / "plan-elderly.txt")
