"""Normalisation for matching (never for quoting): full-width, traditional, spacing."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
# Spaces mean nothing next to a CJK character ("厕所 革命"), but separate Latin words.
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) | (?=[\u3000-\u9fff\uff00-\uffef])")


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Return ``text`` in NFKC (full-width to half-width), simplified, spaces folded.

    >>> normalize("誰負責 廁所革命?")
    '谁负责厕所革命?'
    """
    import zhconv

    simplified = zhconv.convert(unicodedata.normalize("NFKC", text), "zh-cn")
    return _CJK_SPACE.sub("", _SPACE.sub(" ", simplified).strip())


# ASCII and full-width forms of the punctuation plans use; scraped text mixes both.
OPEN = "(\uff08"
CLOSE = ")\uff09"
COLON = ":\uff1a"
COMMA = ",\uff0c"
SEMICOLON = ";\uff1b"
SENTENCE_END = "。!?\uff01\uff1f"
