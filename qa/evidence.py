"""How much of a question's topic an item (or a sentence) holds, word by word."""

from __future__ import annotations

import math
from collections.abc import Sequence

from corpus.loading import Corpus
from corpus.textnorm import normalize

ItemKey = tuple[str, int]


def word_coverage(word: str, text: str) -> float:
    """1 if ``word`` is in ``text``, else the share of its character bigrams that are.

    >>> word_coverage("厕所革命", "推进农村厕所改造")
    0.3333333333333333
    """
    if word in text:
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
        found = sum(weight for word, weight in weights.items() if word in norm)
        return found / sum(weights.values())

    def idf(self, word: str) -> float:
        """``log(1 + items / (1 + items holding the word))``."""
        if word not in self._idf_cache:
            frequency = sum(word in text for text in self._normalized.values())
            self._idf_cache[word] = math.log(1 + len(self._normalized) / (1 + frequency))
        return self._idf_cache[word]
