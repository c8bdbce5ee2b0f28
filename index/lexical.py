"""BM25 over tokens from a pluggable tokenizer."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from index.errors import IndexFileError
from index.protocols import TextTokenizer

LEXICAL_FILE = "lexical.npz"
_TERM_END = "\0"  # between the saved terms: no token holds it


class LexicalIndex:
    """Okapi BM25 with postings in flat numpy arrays, so scoring is vectorised.

    Every term's postings are one slice of ``ids``/``weights`` (its row's span in
    ``offsets``): three arrays and a term → row map instead of two small arrays per term,
    which at 10,000 items (a million terms) is most of the memory, and a file that loads
    without parsing.
    """

    def __init__(self, tokenizer: TextTokenizer, k1: float = 1.2, b: float = 0.75) -> None:
        self.tokenizer = tokenizer
        self.k1, self.b = k1, b
        self._rows: dict[str, int] = {}
        self._offsets = np.zeros(1, dtype=np.int64)
        self._ids = np.zeros(0, dtype=np.int32)
        self._weights = np.zeros(0, dtype=np.float32)
        self._best = np.zeros(0, dtype=np.float32)  # each term's highest weight
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def build(self, texts: Sequence[str]) -> None:
        """Index ``texts``; positions in ``texts`` are the ids ``search`` returns."""
        counts = [Counter(self.tokenizer.tokenize(text)) for text in texts]
        # Weights are computed in float64 and stored as float32: float32 sums and logs
        # run in an order (and with a log) that depends on the CPU's vector instructions.
        lengths = np.array([sum(c.values()) for c in counts], dtype=np.float64)
        average = float(lengths.mean()) if len(texts) and lengths.mean() > 0 else 1.0
        norms = self.k1 * (1 - self.b + self.b * lengths / average)
        by_term: dict[str, tuple[list[int], list[float]]] = {}
        for doc, counter in enumerate(counts):
            for term, tf in counter.items():
                ids, tfs = by_term.setdefault(term, ([], []))
                ids.append(doc)
                tfs.append(tf)
        self._size = len(texts)
        terms = list(by_term)
        sizes = np.array([len(by_term[t][0]) for t in terms], dtype=np.int64)
        self._offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self._ids = np.array([i for t in terms for i in by_term[t][0]], dtype=np.int32)
        freqs = np.array([f for t in terms for f in by_term[t][1]], dtype=np.float64)
        df = np.repeat(sizes, sizes).astype(np.float64)
        idf = np.log(1 + (self._size - df + 0.5) / (df + 0.5))
        self._weights = (idf * freqs * (self.k1 + 1) / (freqs + norms[self._ids])).astype(
            np.float32
        )
        self._index_terms(terms)

    def _index_terms(self, terms: Sequence[str]) -> None:
        self._rows = {term: row for row, term in enumerate(terms)}
        starts = self._offsets[:-1]
        self._best = (
            np.maximum.reduceat(self._weights, starts).astype(np.float32)
            if len(self._weights)
            else np.zeros(0, dtype=np.float32)
        )

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        row = self._rows.get(term)
        if row is None:
            return None
        span = slice(self._offsets[row], self._offsets[row + 1])
        return self._ids[span], self._weights[span]

    def scores(self, query: str, extra: Mapping[str, float] | None = None) -> np.ndarray:
        """BM25 score of every indexed text for ``query`` (a repeated query term counts once).

        ``extra`` adds terms at a weight (synonyms of the query's words, down-weighted);
        a term also in the query keeps its full weight.
        """
        terms = dict(extra or {})
        terms.update(dict.fromkeys(self.tokenizer.tokenize(query), 1.0))
        scores = np.zeros(self._size, dtype=np.float32)
        for term, factor in terms.items():
            postings = self._postings(term)
            if postings is not None:
                ids, weights = postings
                scores[ids] += weights if factor == 1.0 else factor * weights
        return scores

    @property
    def term_count(self) -> int:
        """Distinct terms indexed: words, ``#`` bigrams and ``@`` characters."""
        return len(self._rows)

    def vocabulary(self) -> set[str]:
        """The words indexed (not their n-gram tokens)."""
        return {term for term in self._rows if term[0] not in "#@"}

    def ceiling(self, query: str) -> float:
        """The most any text could score for ``query``: each term at its best weight.

        A term no text holds counts at the weight it would have in one text of average
        length, as if the question named something the corpus never mentions. Dividing
        a score by this gives how much of the question a text explains, on one scale
        for every query (min-max would stretch a weak best match to 1).
        """
        unseen = math.log(1 + (self._size - 0.5) / 1.5)  # idf of df=1; tf=1 at average length
        rows = self._rows
        return sum(
            float(self._best[rows[term]]) if term in rows else unseen
            for term in set(self.tokenizer.tokenize(query))
        )

    def search(
        self,
        query: str,
        k: int,
        extra: Mapping[str, float] | None = None,
        among: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """The ``k`` best ``(id, score)`` pairs with a positive score, best first.

        ``among`` (sorted ids) restricts the ranking to those texts.
        """
        scores = self.scores(query, extra)
        if among is None:
            return top_k(scores, k, positive_only=True)
        return [(int(among[i]), s) for i, s in top_k(scores[among], k, positive_only=True)]

    def save(self, folder: Path) -> None:
        """Write the index to ``folder/lexical.npz``: the arrays and the terms in row order."""
        terms = _TERM_END.join(sorted(self._rows, key=self._rows.__getitem__)).encode("utf-8")
        with (folder / LEXICAL_FILE).open("wb") as handle:
            np.savez(
                handle,
                params=np.array([self.k1, self.b, self._size], dtype=np.float64),
                offsets=self._offsets,
                ids=self._ids,
                weights=self._weights,
                terms=np.frombuffer(terms, dtype=np.uint8),
            )

    def load(self, folder: Path) -> None:
        """Read the index written by :meth:`save`; raise :class:`IndexFileError` if unusable."""
        path = folder / LEXICAL_FILE
        try:
            with np.load(path, allow_pickle=False) as data:
                k1, b, size = data["params"].tolist()
                offsets, ids = data["offsets"], data["ids"]
                weights, raw = data["weights"], data["terms"].tobytes()
            terms = raw.decode("utf-8").split(_TERM_END) if raw else []
            if len(offsets) != len(terms) + 1 or int(offsets[-1]) != len(ids):
                raise ValueError(f"{len(terms)} terms, {len(offsets)} offsets, {len(ids)} ids")
            if len(ids) != len(weights) or (len(ids) and int(ids.max()) >= size):
                raise ValueError("postings point past the indexed texts")
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
            raise IndexFileError(f"{path}: unreadable lexical index ({error})") from error
        self.k1, self.b, self._size = float(k1), float(b), int(size)
        self._offsets, self._ids, self._weights = offsets, ids, weights
        self._index_terms(terms)


def top_k(scores: np.ndarray, k: int, positive_only: bool = False) -> list[tuple[int, float]]:
    """Indices and values of the ``k`` largest scores, best first, ties by index."""
    if k <= 0 or scores.size == 0:
        return []
    order = np.lexsort((np.arange(scores.size), -scores))[:k]
    return [(int(i), float(scores[i])) for i in order if not positive_only or scores[i] > 0]
