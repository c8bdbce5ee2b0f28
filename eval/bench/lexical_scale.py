"""The lexical index alone at library scale (``--lexical N…``): build, file, load, memory.

Two children per size, so that loading is measured in a process that never built:

* ``lexical-build``: tokenise every chunk of a synthetic library, build BM25, save it;
* ``lexical-load``: load the saved ``lexical.npz`` in a fresh process, with its load time,
  the memory it takes, and the time of a BM25 search at the retriever's candidate depth.

No embedding is involved, so 100,000 chunks (about 27,000 items) take minutes, not hours.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from eval.bench.common import DEFAULT_WARMUP, BenchError, JsonDict, load_questions
from eval.bench.machine import current_rss_mib, peak_rss_mib
from eval.bench.timing import interleaved_times, timed

logger = logging.getLogger(__name__)

USER_WORDS_FILE = "user_words.json"  # the library's user words, for the loading child


def child_lexical_build(corpus_dir: Path | None, index_dir: Path) -> JsonDict:
    """Child ``lexical-build``: tokenise and index every chunk, then save into ``index_dir``.

    Raises:
        BenchError: No corpus folder was given.
    """
    from corpus import load_corpus
    from index.chunks import lexical_chunk_ids, make_chunks, user_words
    from index.lexical import LEXICAL_FILE, LexicalIndex
    from index.tokenizer import Tokenizer

    if corpus_dir is None:
        raise BenchError("child lexical-build needs --corpus: the synthetic library")
    corpus, corpus_s = timed(lambda: load_corpus(corpus_dir))
    chunks = make_chunks(corpus)
    texts = [chunks[i].text for i in lexical_chunk_ids(chunks)]
    words = user_words(corpus)
    tokenizer = Tokenizer(words)
    tokenizer.load()
    lexical = LexicalIndex(tokenizer)
    _, build_s = timed(lambda: lexical.build(texts))
    index_dir.mkdir(parents=True, exist_ok=True)
    _, save_s = timed(lambda: lexical.save(index_dir))
    (index_dir / USER_WORDS_FILE).write_text(json.dumps(words, ensure_ascii=False), "utf-8")
    return {
        "items": sum(1 for item in corpus.items() if item.number > 0),
        "all_chunks": len(chunks),  # the dense index holds them all
        "chunks": len(texts),  # the lexical index holds all but clause chunks
        "words": len(lexical.vocabulary()),
        "terms": lexical.term_count,  # with the bigrams and characters
        "corpus_load_s": corpus_s,
        "build_s": build_s,
        "save_s": save_s,
        "file_bytes": (index_dir / LEXICAL_FILE).stat().st_size,
        "peak_rss_mib": peak_rss_mib(),
    }


def child_lexical_load(index_dir: Path, warmup: int = DEFAULT_WARMUP) -> JsonDict:
    """Child ``lexical-load``: load the saved index in this fresh process and search it."""
    from index.lexical import LexicalIndex
    from index.retriever import FusionConfig
    from index.tokenizer import Tokenizer

    words = json.loads((index_dir / USER_WORDS_FILE).read_text("utf-8"))
    tokenizer = Tokenizer(words)
    tokenizer.load()  # jieba's dictionary: needed by any search, not part of the index
    lexical = LexicalIndex(tokenizer)
    before = current_rss_mib()
    _, load_s = timed(lambda: lexical.load(index_dir))
    memory = current_rss_mib() - before
    depth = FusionConfig().candidates
    questions = load_questions()
    calls = {"bm25": lambda index: lexical.search(questions[index], depth)}
    search = interleaved_times(calls, len(questions), warmup)["bm25"]
    return {
        "chunks": len(lexical),
        "load_s": load_s,
        "index_rss_mib": memory,
        "peak_rss_mib": peak_rss_mib(),
        "search_depth": depth,
        "search": search,
    }
