"""BM25 over tokens from a pluggable tokenizer."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from index.errors import IndexFileError
from index.protocols import TextTokenizer

LEXICAL_FILE = "lexical.json"


class LexicalIndex:
    """Okapi BM25 with postings held as numpy arrays, so scoring is vectorised."""

    def __init__(self, tokenizer: TextTokenizer, k1: float = 1.2, b: float = 0.75) -> None:
        self.tokenizer = tokenizer
        self.k1, self.b = k1, b
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def build(self, texts: Sequence[str]) -> None:
        """Index ``texts``; positions in ``texts`` are the ids ``search`` returns."""
        counts = [Counter(self.tokenizer.tokenize(text)) for text in texts]
        lengths = np.array([sum(c.values()) for c in counts], dtype=np.float32)
        average = float(lengths.mean()) if len(texts) and lengths.mean() > 0 else 1.0
        norms = self.k1 * (1 - self.b + self.b * lengths / average)
        by_term: dict[str, tuple[list[int], list[float]]] = {}
        for doc, counter in enumerate(counts):
            for term, tf in counter.items():
                ids, tfs = by_term.setdefault(term, ([], []))
                ids.append(doc)
                tfs.append(tf)
        self._size = len(texts)
        self._postings = {}
        for term, (ids, tfs) in by_term.items():
            idf = math.log(1 + (self._size - len(ids) + 0.5) / (len(ids) + 0.5))
            freqs = np.array(tfs, dtype=np.float32)
            weights = idf * freqs * (self.k1 + 1) / (freqs + norms[ids])
            self._postings[term] = (np.array(ids, dtype=np.int32), weights.astype(np.float32))

    def scores(self, query: str, extra: Mapping[str, float] | None = None) -> np.ndarray:
        """BM25 score of every indexed text for ``query`` (a repeated query term counts once).

        ``extra`` adds terms at a weight (synonyms of the query's words, down-weighted);
        a term also in the query keeps its full weight.
        """
        terms = dict(extra or {})
        terms.update(dict.fromkeys(self.tokenizer.tokenize(query), 1.0))
        scores = np.zeros(self._size, dtype=np.float32)
        for term, factor in terms.items():
            if term in self._postings:
                ids, weights = self._postings[term]
                scores[ids] += weights if factor == 1.0 else factor * weights
        return scores

    def vocabulary(self) -> set[str]:
        """The words indexed (not their n-gram tokens)."""
        return {term for term in self._postings if term[0] not in "#@"}

    def ceiling(self, query: str) -> float:
        """The most any text could score for ``query``: each term at its best weight.

        A term no text holds counts at the weight it would have in one text of average
        length, as if the question named something the corpus never mentions. Dividing
        a score by this gives how much of the question a text explains, on one scale
        for every query (min-max would stretch a weak best match to 1).
        """
        unseen = math.log(1 + (self._size - 0.5) / 1.5)  # idf of df=1; tf=1 at average length
        return sum(
            float(self._postings[term][1].max()) if term in self._postings else unseen
            for term in set(self.tokenizer.tokenize(query))
        )

    def search(
        self, query: str, k: int, extra: Mapping[str, float] | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` best ``(id, score)`` pairs with a positive score, best first."""
        return top_k(self.scores(query, extra), k, positive_only=True)

    def save(self, folder: Path) -> None:
        """Write the index to ``folder/lexical.json``."""
        data = {
            "k1": self.k1,
            "b": self.b,
            "size": self._size,
            "postings": {t: [i.tolist(), w.tolist()] for t, (i, w) in self._postings.items()},
        }
        (folder / LEXICAL_FILE).write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    def load(self, folder: Path) -> None:
        """Read the index written by :meth:`save`; raise :class:`IndexFileError` if unusable."""
        path = folder / LEXICAL_FILE
        try:
            data = json.loads(path.read_text("utf-8"))
            self.k1, self.b, self._size = float(data["k1"]), float(data["b"]), int(data["size"])
            self._postings = {
                term: (np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32))
                for term, (ids, weights) in data["postings"].items()
            }
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise IndexFileError(f"{path}: unreadable lexical index ({error})") from error


def top_k(scores: np.ndarray, k: int, positive_only: bool = False) -> list[tuple[int, float]]:
    """Indices and values of the ``k`` largest scores, best first, ties by index."""
    if k <= 0 or scores.size == 0:
        return []
    order = np.lexsort((np.arange(scores.size), -scores))[:k]
    return [(int(i), float(scores[i])) for i in order if not positive_only or scores[i] > 0]
