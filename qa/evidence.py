"""How much of a question's topic an item (or a sentence) holds, word by word."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence

from corpus.loading import Corpus
from corpus.textnorm import normalize

ItemKey = tuple[str, int]


# Words this long are said shorter by dropping one inner character of the plan's word:
# 停车位 for 停车泊位, 老小区 for 老旧小区 (two-character words would match too much).
_SHORTENED_MIN = 3


def holds_word(word: str, text: str) -> bool:
    """Whether ``text`` holds ``word``, or the plan's longer form of it with one more
    character inside (停车位 in "新增公共停车泊位")."""
    return word in text or (
        len(word) >= _SHORTENED_MIN and _lengthened(word).search(text) is not None
    )


@functools.lru_cache(maxsize=4096)
def _lengthened(word: str) -> re.Pattern[str]:
    """``word`` with one CJK character more between any two of its own."""
    gapped = (
        re.escape(word[:i]) + "[\u4e00-\u9fff]" + re.escape(word[i:]) for i in range(1, len(word))
    )
    return re.compile("|".join(gapped))


def word_coverage(word: str, text: str) -> float:
    """1 if ``text`` holds ``word`` (:func:`holds_word`), else the share of its character
    bigrams that it holds.

    >>> word_coverage("厕所革命", "推进农村厕所改造")
    0.3333333333333333
    """
    if holds_word(word, text):
        return 1.0
    grams = [word[i : i + 2] for i in range(len(word) - 1)] or [word]
    return sum(gram in text for gram in grams) / len(grams)


class TopicEvidence:
    """Coverage of topic words in the items of one corpus, plain or weighted by rarity."""

    def __init__(self, corpus: Corpus) -> None:
        self._normalized: dict[ItemKey, str] = {
            (doc.doc_id, item.number): normalize(item.text).lower()
            for doc in corpus.documents
            for item in doc.items
        }
        self._idf_cache: dict[str, float] = {}

    def coverage(self, topic: Sequence[str], key: ItemKey) -> float:
        """Share of the topic words found in the item (bigram by bigram); 1 for no topic."""
        text = self._normalized[key]
        scores = [word_coverage(word, text) for word in topic]
        return sum(scores) / len(scores) if scores else 1.0

    def specific_coverage(self, words: Sequence[str], text: str) -> float:
        """Share of ``words`` in ``text``, each weighted by its rarity among the items.

        "厕所革命总共投多少钱" must not be answered by an amount whose sentence only
        shares the common word 投资 with the question.
        """
        if not words:
            return 1.0
        norm = normalize(text).lower()
        weights = {word: self.idf(word) for word in words}
        found = sum(weight for word, weight in weights.items() if holds_word(word, norm))
        return found / sum(weights.values())

    def idf(self, word: str) -> float:
        """``log(1 + items / (1 + items holding the word))``."""
        if word not in self._idf_cache:
            frequency = sum(word in text for text in self._normalized.values())
            self._idf_cache[word] = math.log(1 + len(self._normalized) / (1 + frequency))
        return self._idf_cache[word]
