"""Deterministic stand-ins for the heavy parts, so unit tests run in milliseconds."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from corpus.textnorm import normalize
from qa.policy import AnswerConfig, DecisionModel


class FakeEncoder:
    """Hashes character bigrams into a fixed-size vector: similar text, similar vector."""

    def __init__(self, dimension: int = 64, name: str = "fake-bigram-hash") -> None:
        self.dimension = dimension
        self.name = name
        self.calls = 0
        self.encoded = 0  # texts encoded, over all calls

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.encoded += len(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            norm = normalize(text)
            for i in range(len(norm) - 1):
                digest = hashlib.md5(norm[i : i + 2].encode()).digest()
                vectors[row, int.from_bytes(digest[:4], "little") % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


# The shipped decision model is fitted on the e5 model's cosines (0.8 to 0.95); the fake
# encoder's cosines spread over 0 to 1. Tests with the fake answer on the topic's coverage
# and the BM25 share, as a model fitted on them would.
FAKE_ANSWERING = AnswerConfig(decision=DecisionModel((6.0, 2.0, 2.0, 1.0), -4.5))
