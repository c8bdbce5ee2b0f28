"""Clauses: the pieces of a sentence between commas, semicolons and sentence ends.

One splitter for every layer: the index embeds clauses, the answering step reads a
number with the words of its clause, the benchmark recombines clauses into plans.
"""

from __future__ import annotations

import re
from functools import cache

from corpus.textnorm import COMMA, SEMICOLON, SENTENCE_END

CLAUSE_BREAKS = COMMA + SEMICOLON + SENTENCE_END
ENUMERATION_COMMA = "、"  # splits a list ("国道207、307") where a finer cut is wanted


@cache
def _clause_pattern(breaks: str) -> re.Pattern[str]:
    escaped = re.escape(breaks)
    return re.compile(f"[^{escaped}]+[{escaped}]*")


def clause_spans(text: str, breaks: str = CLAUSE_BREAKS) -> list[tuple[int, int]]:
    """``[start, end)`` of each clause, the breaks that close it included.

    >>> clause_spans("建设厂房,完成1万座。")
    [(0, 5), (5, 11)]
    """
    return [match.span() for match in _clause_pattern(breaks).finditer(text)]


def split_clauses(text: str, breaks: str = CLAUSE_BREAKS) -> list[str]:
    """The clauses' texts without their breaks or surrounding spaces, empty ones dropped.

    >>> split_clauses("建设厂房, 完成1万座。")
    ['建设厂房', '完成1万座']
    """
    pieces = (text[start:end].rstrip(breaks).strip() for start, end in clause_spans(text, breaks))
    return [piece for piece in pieces if piece]
