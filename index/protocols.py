"""The small interfaces the indexes are built on; tests pass fakes that satisfy them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]


@runtime_checkable
class Encoder(Protocol):
    """Turns queries and passages into L2-normalised float32 vectors."""

    name: str
    dimension: int

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        """Embed search queries; returns shape ``(len(texts), dimension)``."""
        ...

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        """Embed passages to be searched; returns shape ``(len(texts), dimension)``."""
        ...


class TextTokenizer(Protocol):
    """Turns text into the tokens a lexical index counts, and into plain words."""

    def tokenize(self, text: str) -> list[str]:
        """Return the tokens of ``text``."""
        ...

    def words(self, text: str) -> list[str]:
        """Return the words of ``text`` (no n-grams)."""
        ...
