"""Render an :class:`Answer` as Markdown (chat), plain text (terminal) or JSON (API)."""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Any

from corpus.assignments import OFFICIAL_LABELS
from corpus.models import Role
from qa.models import Answer, AnswerKind, Certainty, Quote
from qa.roles import ROLE_LABELS, asked_first

# The heading of the direct answer, by kind.
HEADINGS = {
    AnswerKind.WHO: "责任单位",
    AnswerKind.HOW_MUCH: "目标",
    AnswerKind.WHAT: "答复",
    AnswerKind.DEPARTMENT: "任务分工",
    AnswerKind.PART: "任务清单",
    AnswerKind.WHEN: "完成时限",
}
CLOSEST_NOTE = "计划中没有直接回答这个问题的条款;下面是找到的最接近的条款,请核对原文。"
_LABELLED = (
    *(f"{label}:" for label in (*ROLE_LABELS.values(), *OFFICIAL_LABELS)),
    "计划中该任务没有",
)
_SPECIAL = r"([\\`*_{}\[\]#+\-!|~>])"  # characters that Markdown reads as markup
_MARKDOWN_SPECIAL = re.compile(_SPECIAL)
_MARKDOWN_ESCAPED = re.compile(r"\\" + _SPECIAL)


def to_dict(answer: Answer) -> dict[str, Any]:
    """The answer record as JSON-ready data (with ``cited`` and each quote's citation)."""
    data = dataclasses.asdict(answer)
    data["cited"] = list(answer.cited)
    for key in ("quotes", "related"):
        for quote_data, quote in zip(data[key], getattr(answer, key), strict=True):
            quote_data["citation"] = quote.citation
    return data


def to_text(answer: Answer) -> str:
    """Plain text: the direct answer, then each quoted item with its citation."""
    lines = [*_caveat(answer), direct_line(answer), *answer.notes]
    for quote in answer.quotes:
        lines += ["", f"{quote.citation}{_source(quote)}", quote.item_text]
        lines += [f"  → {sentence}" for sentence in quote.sentences]
    if answer.related:
        lines += ["", "可能相关:"]
        for quote in answer.related:
            lines += [
                f"{quote.citation} {quote.sentences[0] if quote.sentences else quote.item_title}"
            ]
    return "\n".join(lines)


def to_markdown(answer: Answer, collapsible: bool = True) -> str:
    """Markdown for the chat: direct answer first, then quoted clauses, then departments.

    Plan text is escaped, so nothing in a document or question becomes markup.
    """
    heading = _strong(escape_markdown(_heading(answer))) if answer.answered else ""
    parts = [f"⚠️ _{escape_markdown(caveat)}_" for caveat in _caveat(answer)]
    parts.append(f"{heading}{escape_markdown(answer.direct)}".replace("\n", "  \n"))
    parts += [f"_{escape_markdown(note)}_" for note in answer.notes]
    for quote in answer.quotes:
        parts.append(_quote_block(quote, collapsible))
    if answer.answered and answer.quotes and answer.kind != AnswerKind.DEPARTMENT:
        parts += [escape_markdown(line) for line in _facts(answer)]
    if answer.related:
        parts.append(_strong("可能相关:"))
        parts += [_quote_block(quote, collapsible=False, full=False) for quote in answer.related]
    return "\n\n".join(parts)


def _facts(answer: Answer) -> list[str]:
    """The quoted task's units by role and its 完成时限, unless the answer already gave them."""
    quote = answer.quotes[0]
    lines = []
    if answer.kind != AnswerKind.WHO and quote.departments:
        roles = [Role(role) for role in quote.roles] or [Role.RESPONSIBLE] * len(quote.departments)
        for role in asked_first(()):
            names = [name for name, r in zip(quote.departments, roles, strict=True) if r == role]
            if names:
                lines.append(f"{ROLE_LABELS[role]}:{'、'.join(names)}")
    if quote.deadline and answer.kind != AnswerKind.WHEN:
        lines.append(f"完成时限:{quote.deadline}")
    return ["；".join(lines)] if lines else []


def _caveat(answer: Answer) -> list[str]:
    """The warning an answer from the closest clause found carries, shown before it."""
    return [CLOSEST_NOTE] if answer.certainty == Certainty.CLOSEST else []


def direct_line(answer: Answer) -> str:
    """The direct answer under its heading ("目标:1.4万座以上"), as the text reply shows it."""
    return _heading(answer) + answer.direct


def _heading(answer: Answer) -> str:
    if not answer.answered or answer.direct.startswith(_LABELLED):
        return ""  # "牵头单位:A…" names its roles itself
    return f"{HEADINGS[answer.kind]}:"


def _source(quote: Quote) -> str:
    return f"(《{quote.doc_title}》)" if quote.doc_title else ""


def _quote_block(quote: Quote, collapsible: bool, full: bool = True) -> str:
    body = (
        _highlighted(quote)
        if full
        else escape_markdown(quote.sentences[0] if quote.sentences else quote.item_title)
    )
    citation = escape_markdown(quote.citation)
    if collapsible:
        return (
            f"<details><summary>{html.escape(quote.citation)}</summary>\n\n> {body}\n\n</details>"
        )
    return f"> {citation} {body}"


def _highlighted(quote: Quote) -> str:
    """The item text with its answering sentences in bold."""
    pieces, position = [], 0
    for sentence, offset in sorted(
        zip(quote.sentences, quote.sentence_offsets, strict=True), key=lambda pair: pair[1]
    ):
        pieces.append(escape_markdown(quote.item_text[position:offset]))
        pieces.append(_strong(escape_markdown(sentence)))
        position = offset + len(sentence)
    pieces.append(escape_markdown(quote.item_text[position:]))
    return "".join(pieces)


def _strong(html_text: str) -> str:
    # <strong>, not **: CommonMark does not close ** after Chinese punctuation when a
    # CJK character follows (**责任单位:**市…), so the asterisks would show.
    return f"<strong>{html_text}</strong>"


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that shows exactly these characters: no HTML, no markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def unescape_markdown(text: str) -> str:
    """Inverse of :func:`escape_markdown`."""
    return html.unescape(_MARKDOWN_ESCAPED.sub(r"\1", text))
