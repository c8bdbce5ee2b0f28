"""What counts as a question: text, not empty, not too long, no control characters."""

from __future__ import annotations

import re
import unicodedata

from qa.errors import QuestionError

MAX_QUESTION_CHARS = 500
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates (a JSON "\ud800" escape) are no characters: no text encodes with one.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def printable(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, so that it can be encoded."""
    return _SURROGATE.sub(REPLACEMENT, text)


def clean_question(question: str) -> str:
    """Validate a question and drop control characters; raise :class:`QuestionError`."""
    if not isinstance(question, str):
        raise QuestionError("问题必须是文本")
    bad = _SURROGATE.search(question)
    if bad:
        raise QuestionError(
            f"问题第{bad.start() + 1}个字符无效(U+{ord(bad.group()):04X},不是文字),请重新输入"
        )
    text = _CONTROL.sub("", unicodedata.normalize("NFC", question)).strip()
    if not text:
        raise QuestionError("问题是空的,请输入要查询的内容")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"问题太长({len(text)}字),请控制在{MAX_QUESTION_CHARS}字以内")
    return text
