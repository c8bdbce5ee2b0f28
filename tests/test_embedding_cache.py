"""The embedding cache: a rebuild embeds only new passages; results are the same."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from corpus import Corpus, load_corpus
from index.chunks import make_chunks
from index.embedding_cache import EmbeddingCache
from index.protocols import Vectors
from index.store import load_or_build
from tests.conftest import FIXTURES
from tests.fakes import FakeEncoder


def test_adding_a_plan_embeds_only_its_new_chunks(elderly_corpus: Corpus, tmp_path: Path) -> None:
    load_or_build(elderly_corpus, FakeEncoder(), tmp_path)
    both = load_corpus([FIXTURES / "plan-elderly.txt", FIXTURES / "plan-county.txt"])
    old_texts = {chunk.text for chunk in make_chunks(elderly_corpus)}
    new_texts = {chunk.text for chunk in make_chunks(both)} - old_texts
    encoder = FakeEncoder()
    retriever = load_or_build(both, encoder, tmp_path)
    assert 0 < encoder.encoded == len(new_texts)
    fresh = load_or_build(both, FakeEncoder(), tmp_path / "uncached")
    query = "适老化改造由谁负责"
    assert retriever.search(query, 5) == fresh.search(query, 5)  # same index either way
    removed = FakeEncoder()
    load_or_build(elderly_corpus, removed, tmp_path)  # the plan taken out again
    assert removed.encoded == 0


def test_cache_keeps_vectors_by_text_and_compacts(tmp_path: Path) -> None:
    encoder = FakeEncoder(dimension=8)
    cache = EmbeddingCache(tmp_path, encoder.name, 8, "c1")
    first = [f"文本{i}" for i in range(10)]
    vectors = cache.vectors_for(first, encoder.encode_passages)
    assert cache.embedded == 10 and vectors.shape == (10, 8)
    later = [f"新文本{i}" for i in range(30)]
    cache.vectors_for(first + later, encoder.encode_passages)
    assert cache.embedded == 30
    again = cache.vectors_for(first, encoder.encode_passages)  # 40 kept, 10 used: compacted
    assert cache.embedded == 0 and np.array_equal(again, vectors)
    assert len(list(cache.folder.glob("shard-*.npz"))) == 1
    other = EmbeddingCache(tmp_path, "another-model", 8, "c1")
    other.vectors_for(first, encoder.encode_passages)
    assert other.embedded == 10  # each model has its own vectors


def test_a_damaged_shard_is_embedded_again(tmp_path: Path) -> None:
    encoder = FakeEncoder(dimension=8)
    cache = EmbeddingCache(tmp_path, encoder.name, 8, "c1")
    cache.vectors_for(["甲", "乙"], encoder.encode_passages)
    for shard in cache.folder.glob("shard-*.npz"):
        shard.write_bytes(b"not a zip")
    cache.vectors_for(["甲", "乙"], encoder.encode_passages)
    assert cache.embedded == 2


def test_batches_hold_texts_of_similar_length_and_vectors_keep_the_order() -> None:
    from index.embedding_cache import embed_in_batches

    batches: list[list[int]] = []

    def encode(texts: Sequence[str]) -> Vectors:
        batches.append([len(t) for t in texts])
        return np.array([[len(t), 0.0] for t in texts], dtype=np.float32)

    texts = ["甲" * n for n in (9, 1, 7, 3, 5, 2)]
    vectors = embed_in_batches(texts, encode, batch_size=2)
    assert batches == [[1, 2], [3, 5], [7, 9]]  # short with short, long with long
    assert vectors[:, 0].tolist() == [9, 1, 7, 3, 5, 2]  # back in the texts' order
