"""Lexical and dense indexes, fusion and the saved index, with a fake encoder."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from corpus import Corpus, load_corpus
from index.chunks import lexical_chunk_ids, make_chunks, user_words
from index.dense import DenseIndex
from index.durable import CURRENT_FILE
from index.errors import IndexFileError
from index.fusion import convex_fusion, reciprocal_rank_fusion
from index.lexical import LexicalIndex
from index.store import current_build, load_or_build
from index.tokenizer import USER_WORD_FREQ, Tokenizer
from tests.conftest import FIXTURES
from tests.fakes import FakeEncoder

TEXTS = ["农村厕所革命改造卫生厕所", "城市道路交通网建设", "养老服务中心建设", "厕所"]


def whitespace_splitter(text: str) -> list[str]:
    return text.split()


def test_rrf_is_pure_and_weighted() -> None:
    rankings = {"lexical": ["a", "b", "c"], "dense": ["b", "c", "d"]}
    fused = reciprocal_rank_fusion(rankings, k=1)
    assert [key for key, _ in fused] == ["b", "c", "a", "d"]  # c: 1/4 + 1/3 > a: 1/2
    assert fused[0][1] == pytest.approx(1 / 3 + 1 / 2)
    dense_only = reciprocal_rank_fusion(rankings, {"lexical": 0.0, "dense": 1.0}, k=1)
    assert [key for key, _ in dense_only][:3] == ["b", "c", "d"]
    assert rankings == {"lexical": ["a", "b", "c"], "dense": ["b", "c", "d"]}
    with pytest.raises(ValueError, match="RRF k must be positive"):
        reciprocal_rank_fusion(rankings, k=0)


def test_convex_fusion_scales_unless_told_scores_are_scaled() -> None:
    scores = {"lexical": {"a": 0.3, "b": 0.1}, "dense": {"b": 0.9, "c": 0.8, "a": 0.7}}
    weights = {"lexical": 0.8, "dense": 0.2}
    min_max = dict(convex_fusion(scores, weights))
    assert min_max == pytest.approx({"a": 0.8, "b": 0.2, "c": 0.1})  # c: lexical at its min
    # Kept as given, a weak lexical lead (0.3 against 0.1 of the question) no longer
    # outweighs the dense ranking the way min-max's 1 against 0 does.
    kept = convex_fusion(scores, weights, scaled={"lexical"})
    assert [key for key, _ in kept] == ["b", "a", "c"]
    assert dict(kept) == pytest.approx({"b": 0.28, "a": 0.24, "c": 0.1})


def test_tokenizer_normalises_and_uses_user_words() -> None:
    tokenizer = Tokenizer(["厕所革命"])
    tokens = tokenizer.tokenize("誰負責廁所革命？")
    assert "厕所革命" in tokens and "#厕所" in tokens
    assert "谁" not in tokens  # a question word, never in a plan
    fake = Tokenizer(splitter=whitespace_splitter, bigrams=False)
    assert fake.tokenize("ＥＴＣ　Ｓｙｓｔｅｍ") == ["etc", "system"]


def test_each_tokenizer_has_its_own_user_words() -> None:
    import jieba

    with_word, without = Tokenizer(["城乡融合发展"]), Tokenizer()
    assert "城乡融合发展" in with_word.words("推进城乡融合发展")
    assert "城乡融合发展" not in without.words("推进城乡融合发展")
    fresh = jieba.Tokenizer()
    fresh.add_word("城乡融合发展", freq=USER_WORD_FREQ)
    text = "持续推进城乡融合发展,分类推进厕所革命,完成卫生厕所改造1.4万座以上"
    assert with_word.words(text) == [w for w in fresh.lcut(text) if w not in ",."]


def test_bm25_ranks_and_round_trips(tmp_path: Path) -> None:
    index = LexicalIndex(Tokenizer(splitter=whitespace_splitter))
    index.build(TEXTS)
    hits = index.search("厕所", 5)
    assert [i for i, _ in hits] == [3, 0]  # the shorter text wins on equal term counts
    assert index.search("火星", 5) == []
    index.save(tmp_path)
    loaded = LexicalIndex(Tokenizer(splitter=whitespace_splitter))
    loaded.load(tmp_path)
    assert np.allclose(loaded.scores("厕所 养老"), index.scores("厕所 养老"))
    assert loaded.ceiling("厕所 养老") == pytest.approx(index.ceiling("厕所 养老"))
    assert loaded.vocabulary() == index.vocabulary() and len(loaded) == len(TEXTS)


def test_each_index_ranks_only_the_ids_it_is_given() -> None:
    lexical = LexicalIndex(Tokenizer(splitter=whitespace_splitter))
    lexical.build(TEXTS)
    among = np.array([0, 1, 2], dtype=np.int64)  # not 3, the best text for 厕所
    assert [i for i, _ in lexical.search("厕所", 5, among=among)] == [0]
    dense = DenseIndex(FakeEncoder())
    dense.build(TEXTS)
    best = dense.search(TEXTS[3], 1)[0][0]
    kept = np.array([i for i in range(len(TEXTS)) if i != best], dtype=np.int64)
    found = dense.search(TEXTS[3], len(TEXTS), among=kept)
    assert {i for i, _ in found} == set(kept.tolist())


def test_a_lexical_file_that_does_not_add_up_is_refused(tmp_path: Path) -> None:
    index = LexicalIndex(Tokenizer(splitter=whitespace_splitter))
    index.build(TEXTS)
    index.save(tmp_path)
    with np.load(tmp_path / "lexical.npz") as saved:
        arrays = dict(saved)
    arrays["offsets"] = arrays["offsets"][:-1]  # one term's span lost
    with (tmp_path / "lexical.npz").open("wb") as handle:
        np.savez(handle, **arrays)
    with pytest.raises(IndexFileError, match="offsets"):
        LexicalIndex(Tokenizer(splitter=whitespace_splitter)).load(tmp_path)


def test_bm25_ceiling_bounds_every_score() -> None:
    index = LexicalIndex(Tokenizer(splitter=whitespace_splitter, bigrams=False))
    index.build(["toilet revolution", "elderly care", "city road", "toilet toilet toilet road"])
    assert index.ceiling("toilet") == pytest.approx(index.scores("toilet").max())
    for query in ("toilet revolution", "toilet elderly", "road care city"):
        assert 0 < index.scores(query).max() < index.ceiling(query)  # no text has all at best
    unseen = index.ceiling("toilet mars")  # "mars" weighs as a term of one text would
    assert index.scores("toilet mars").max() / unseen < 0.5


def test_dense_ranks_and_round_trips(tmp_path: Path) -> None:
    index = DenseIndex(FakeEncoder())
    index.build(TEXTS, batch_size=2)
    assert index.search("养老服务中心", 1)[0][0] == 2
    index.save(tmp_path)
    loaded = DenseIndex(FakeEncoder())
    loaded.load(tmp_path)
    assert loaded.search("养老服务中心", 4) == index.search("养老服务中心", 4)
    with pytest.raises(IndexFileError, match="vectors have 64 dimensions"):
        DenseIndex(FakeEncoder(dimension=32)).load(tmp_path)


def test_dense_gives_its_vectors_back(tmp_path: Path) -> None:
    encoder = FakeEncoder()
    index = DenseIndex(encoder)
    assert index.vectors().shape == (0, encoder.dimension)  # nothing built yet
    index.build(TEXTS, batch_size=3)
    vectors = index.vectors()
    assert vectors.dtype == np.float32
    assert np.allclose(vectors, encoder.encode_passages(TEXTS))  # row i is text i
    index.save(tmp_path)
    loaded = DenseIndex(FakeEncoder())
    loaded.load(tmp_path)
    assert np.array_equal(loaded.vectors(), vectors)
    hnsw = DenseIndex(encoder, "HNSW32")
    hnsw.build(TEXTS)
    assert np.allclose(hnsw.vectors(), vectors)


@pytest.fixture
def elderly() -> Corpus:
    return load_corpus(FIXTURES / "plan-elderly.txt")


def test_chunks_and_user_words(elderly: Corpus) -> None:
    chunks = make_chunks(elderly)
    items = [c for c in chunks if c.kind == "item"]
    assert [c.item for c in items] == [0, 1, 2, 3, 4]
    doc = elderly.documents[0]
    for chunk in chunks:
        quoted = doc.text[chunk.span.start : chunk.span.end]
        if chunk.kind == "item":  # the role labels are left out of item chunks
            assert "责任单位" not in chunk.text
            quoted = quoted.replace("责任单位：", " ")
        assert quoted in chunk.text
    clauses = [c for c in chunks if c.kind == "clause"]
    sentences = [c for c in chunks if c.kind == "sentence"]
    assert clauses and all(
        any(s.span.start <= c.span.start and c.span.end <= s.span.end for s in sentences)
        for c in clauses
    )
    lexical = lexical_chunk_ids(chunks)
    assert len(lexical) == len(chunks) - len(clauses)  # clauses are for the dense index
    assert all(chunks[i].kind != "clause" for i in lexical)
    assert "区卫健委" in user_words(elderly)


def test_hybrid_search_finds_the_item(elderly: Corpus, tmp_path: Path) -> None:
    retriever = load_or_build(elderly, FakeEncoder(), tmp_path)
    for mode in ("hybrid", "lexical", "dense"):
        hits = retriever.search("适老化改造", 3, mode)
        assert hits[0].item == 2, mode
    hit = retriever.search("老年人助餐点", 3)[0]
    assert hit.item == 1 and hit.lexical_rank == 1 and hit.dense_rank >= 1
    sentence = retriever.chunks[hit.chunk]
    assert sentence.kind == "sentence" and "助餐点" in sentence.text
    with pytest.raises(ValueError, match="unknown search mode 'bm25'"):
        retriever.search("x", 1, "bm25")


def test_saved_index_is_reused(elderly: Corpus, tmp_path: Path) -> None:
    load_or_build(elderly, FakeEncoder(), tmp_path)
    encoder = FakeEncoder()
    load_or_build(elderly, encoder, tmp_path)
    assert encoder.calls == 0  # nothing re-embedded
    builds = [p.name for p in tmp_path.glob("build-*")]
    assert builds == [(tmp_path / CURRENT_FILE).read_text("utf-8")]


def test_current_build_names_the_live_build(elderly: Corpus, tmp_path: Path) -> None:
    assert current_build(tmp_path) is None  # no index yet
    load_or_build(elderly, FakeEncoder(), tmp_path)
    first = current_build(tmp_path)
    assert first is not None and list(tmp_path.glob("build-*")) == [first]
    assert (first / "dense.faiss").is_file()
    load_or_build(elderly, FakeEncoder(), tmp_path)
    assert current_build(tmp_path) == first  # reused, not rebuilt
    load_or_build(elderly, FakeEncoder(name="another-model"), tmp_path)
    second = current_build(tmp_path)
    assert second is not None and second != first and not first.exists()


def test_changed_corpus_or_model_rebuilds(
    elderly: Corpus, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    load_or_build(elderly, FakeEncoder(), tmp_path)
    changed_doc = tmp_path / "docs" / "plan.txt"
    changed_doc.parent.mkdir()
    text = (FIXTURES / "plan-elderly.txt").read_text("utf-8")
    changed_doc.write_text(text.replace("1200户", "1500户"), "utf-8")
    encoder = FakeEncoder()
    with caplog.at_level(logging.WARNING):
        retriever = load_or_build(load_corpus(changed_doc), encoder, tmp_path)
    assert encoder.calls > 0
    assert "is stale (corpus_hash" in caplog.text
    assert retriever.search("适老化改造", 1)[0].item == 2
    other = FakeEncoder(name="another-model")
    with caplog.at_level(logging.WARNING):
        load_or_build(load_corpus(changed_doc), other, tmp_path)
    assert other.calls > 0 and "model: saved 'fake-bigram-hash', now 'another-model'" in caplog.text


@pytest.mark.parametrize("damage", ["dense.faiss", "lexical.npz", "params.json", CURRENT_FILE])
def test_corrupt_index_is_rebuilt_not_served(
    elderly: Corpus, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    load_or_build(elderly, FakeEncoder(), tmp_path)
    build = tmp_path / (tmp_path / CURRENT_FILE).read_text("utf-8")
    target = tmp_path / CURRENT_FILE if damage == CURRENT_FILE else build / damage
    target.write_bytes(b"\x00garbage")
    encoder = FakeEncoder()
    with caplog.at_level(logging.WARNING):
        retriever = load_or_build(elderly, encoder, tmp_path)
    assert current_build(tmp_path) not in (None, build)  # a new build, not the damaged one
    assert encoder.encoded == 0  # whose vectors all came from the embedding cache
    assert "rebuilding the index" in caplog.text
    assert retriever.search("适老化改造", 1)[0].item == 2


def test_truncated_lexical_file_is_rejected(elderly: Corpus, tmp_path: Path) -> None:
    load_or_build(elderly, FakeEncoder(), tmp_path)
    build = tmp_path / (tmp_path / CURRENT_FILE).read_text("utf-8")
    with np.load(build / "lexical.npz") as saved:
        arrays = dict(saved)
    arrays["params"] = np.array([1.2, 0.75, 3.0])  # claims 3 texts
    with (build / "lexical.npz").open("wb") as handle:
        np.savez(handle, **arrays)
    load_or_build(elderly, FakeEncoder(), tmp_path)
    assert current_build(tmp_path) not in (None, build)


def test_a_dense_search_leaves_the_process_thread_count_alone(tmp_path: Path) -> None:
    import faiss

    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(2)
    try:
        dense = DenseIndex(FakeEncoder())
        dense.build(["老旧小区改造", "厕所革命", "农村公路"])
        assert dense.search("厕所", 2)
        # one thread for the search only: torch shares OpenMP and encodes on both cores
        assert faiss.omp_get_max_threads() == 2
    finally:
        faiss.omp_set_num_threads(before)


def test_the_encoder_reads_at_most_the_start_and_end_of_a_long_query() -> None:
    from index.dense import MAX_QUERY_CHARS, encoded_part

    short = "谁负责厕所革命?"
    assert encoded_part(short) == short
    long = "关于" + "农村人居环境整治" * 20 + "到底是哪个部门负责?"
    part = encoded_part(long)
    assert len(part) == MAX_QUERY_CHARS
    assert part.startswith("关于农村") and part.endswith("到底是哪个部门负责?")


def test_a_long_query_is_encoded_bounded() -> None:
    from index.dense import MAX_QUERY_CHARS

    seen: list[str] = []

    class Recording(FakeEncoder):
        def encode_queries(self, texts: Sequence[str]) -> Any:
            seen.extend(texts)
            return super().encode_queries(texts)

    index = DenseIndex(Recording())
    index.build(["厕所革命", "农村公路"])
    index.search("厕" * 500, 1)
    assert seen and all(len(text) <= MAX_QUERY_CHARS for text in seen)
