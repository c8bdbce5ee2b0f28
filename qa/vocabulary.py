"""Everyday words and abbreviations of government work, read as the plan's own words.

Staff write 社零, 规上, 高企, 棚改; residents say 老小区, 开搞, 茅房. A plan writes
社会消费品零售总额, 规模以上, 高新技术企业, 棚户区改造, 老旧小区, 开工, 厕所. A reviewed
word list (``govwords.txt``, plain groups, one per line; a city adds its own with
``POLICY_QA_WORDS``) maps each word a plan does not use onto the one of its group that the
plan does use, before the question is analysed and searched, so the analysis, the evidence
and the search all see the plan's word. A word the plan itself uses is never replaced.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from corpus.textnorm import normalize
from index.synonyms import Thesaurus

WORDS_FILE = Path(__file__).with_name("govwords.txt")
# Rewrites kept, by question text: a conversation's earlier turns come again with each question.
REMEMBERED = 256


def read_groups(paths: Sequence[Path]) -> list[tuple[str, ...]]:
    """The word groups of these files (UTF-8, one group per line, ``#`` for notes).

    Raises:
        index.synonyms.ThesaurusError: a file cannot be read; the message names it.
    """
    return [group for path in paths for group in Thesaurus.read(path).groups]


class PlanVocabulary:
    """Rewrites a question's words that a set of plans never uses into words it uses."""

    def __init__(
        self,
        texts: Iterable[str],
        groups: Iterable[Sequence[str]],
        split: Callable[[str], Iterable[str]],
    ) -> None:
        self._split = split
        plans = "\n".join(normalize(text) for text in texts)
        table: dict[str, str] = {}
        for group in groups:
            # the plan's word: the one it uses most, when it uses several ("开工", "动工")
            used = sorted(
                (w for w in group if w in plans), key=lambda w: (-plans.count(w), -len(w), w)
            )
            for word in group:
                if used and word not in plans and word not in table:
                    table[word] = used[0]
        self._table = table
        self._remembered = functools.lru_cache(maxsize=REMEMBERED)(self._rewrite)
        self._pattern = (
            re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True))), re.I)
            if table
            else None
        )

    def rewrite(self, question: str) -> str:
        """``question`` (normalised) with each listed word the plans lack in the plans' word.

        Remembered by text (:data:`REMEMBERED`).
        """
        return self._remembered(question)

    def _rewrite(self, question: str) -> str:
        """See :meth:`rewrite`.

        A listed word counts only where no word of the question runs across its edges from
        outside: 高企 in "高企认定" or "高企数量", not in "提高企业".
        """
        text = normalize(question)
        if self._pattern is None:
            return text
        spans = _word_spans(text, self._split(text.lower()))
        return self._pattern.sub(
            lambda m: (
                m.group() if _crossed(spans, m.start(), m.end()) else self._table[m.group().lower()]
            ),
            text,
        )


def _word_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where each of ``words`` stands in ``text``, found in order."""
    spans, cursor, lowered = [], 0, text.lower()
    for word in words:
        found = lowered.find(word, cursor)
        if found >= 0:
            spans.append((found, found + len(word)))
            cursor = found + len(word)
    return spans


def _crossed(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a word begins before ``start`` and runs into the match, or begins inside it
    and runs past ``end`` ("提高|企业" across 高企)."""
    return any(s < start < e or start < s < end < e for s, e in spans)
