"""jieba's dictionary is loaded once however many threads ask first (a 26 s stall before)."""

from __future__ import annotations

import functools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import index.tokenizer as tokenizer_module
from index.tokenizer import Tokenizer


def test_concurrent_first_questions_load_the_dictionary_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads, loads = [], []
    lock = threading.Lock()

    def slow_read() -> tuple[dict[str, int], int]:
        with lock:
            reads.append(1)
        time.sleep(0.2)  # as jieba's 5 MB dictionary takes ~0.7 s
        return {"厕所": 10, "革命": 10}, 20

    real_load = tokenizer_module._load_jieba

    def counted_load(words: Any) -> Any:
        with lock:
            loads.append(1)
        return real_load(words)

    monkeypatch.setattr(tokenizer_module, "_read_base_dictionary", functools.cache(slow_read))
    monkeypatch.setattr(tokenizer_module, "_load_jieba", counted_load)
    shared = Tokenizer(["厕所革命"])
    with ThreadPoolExecutor(16) as pool:
        words = list(pool.map(lambda _: shared.words("谁负责厕所革命"), range(16)))
        others = list(pool.map(lambda _: Tokenizer([]).words("厕所"), range(8)))
    assert len(reads) == 1  # one process-wide dictionary read
    assert len(loads) == 1 + 8  # one per tokenizer, not one per thread
    assert all(w == words[0] for w in words) and "厕所革命" in words[0]
    assert all(o == others[0] for o in others)
