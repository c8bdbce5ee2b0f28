"""Frozen records of an answer: what the chat, the CLI and the JSON API all render."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AnswerKind(StrEnum):
    """What a question asks for, which decides how it is answered and shown."""

    WHO = "who"  # the 责任单位 of a task
    HOW_MUCH = "how_much"  # a number stated in the plan
    WHAT = "what"  # the sentence that says it
    DEPARTMENT = "department"  # every task of a department
    PART = "part"  # every task of a part
    WHEN = "when"  # the 完成时限 of a task


class Certainty(StrEnum):
    """How the reply stands to the question, shown to the user."""

    ANSWERED = "answered"  # the quoted clause answers it
    CLOSEST = "closest"  # the evidence is middling: the closest clause found, said to be such
    DECLINED = "declined"  # the plan does not answer it


@dataclass(frozen=True)
class Quote:
    """An item quoted verbatim, with the sentence that answers highlighted inside it.

    ``item_text`` is an exact substring of the document's cleaned text; ``sentences``
    are exact substrings of ``item_text``, with their offsets in it.
    """

    doc_id: str
    doc_title: str
    part: str
    """The part's label and title, ``三、打造城乡生态宜居新面貌``; empty for the preamble."""
    item: int
    item_label: str
    item_title: str
    item_text: str
    sentences: tuple[str, ...]
    """The answering sentences, in the order found; none when the whole item answers."""
    sentence_offsets: tuple[int, ...]
    departments: tuple[str, ...]
    """The 责任单位 as written in the item."""
    truncated: bool
    roles: tuple[str, ...] = ()
    """The role of each of ``departments``: ``lead``, ``support`` or ``responsible``."""
    deadline: str = ""
    """The item's 完成时限 as written, if it has one."""

    @property
    def citation(self) -> str:
        """``〔三、(九) 分类推进厕所革命〕``; the preamble cites as ``〔前言〕``."""
        if not self.item:
            return "〔前言〕"
        if self.part.startswith(self.item_label):  # a part's own text: "〔一、总体目标〕"
            return f"〔{self.part}〕"
        part = self.part.split("、", 1)[0] + "、" if self.part else ""
        return f"〔{part}{self.item_label} {self.item_title}〕"


@dataclass(frozen=True)
class Answer:
    """The reply to one question.

    ``direct`` is the fact asked for (departments, a target, a sentence, a list of items)
    or, when ``answered`` is false, the plain statement of what the plan does not say;
    ``related`` then holds the closest clauses ("可能相关"). ``certainty`` says whether
    the quotes answer the question or are only the closest clauses found;
    ``confidence`` is the fitted probability that the first quoted item answers.
    """

    question: str
    kind: AnswerKind
    answered: bool
    direct: str
    departments: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    related: tuple[Quote, ...] = ()
    confidence: float = 0.0
    notes: tuple[str, ...] = ()
    certainty: Certainty = Certainty.ANSWERED

    @classmethod
    def declined(
        cls, question: str, kind: AnswerKind, message: str, related: tuple[Quote, ...] = ()
    ) -> Answer:
        """The plan does not answer: say so in ``message`` and show the ``related`` clauses."""
        return cls(question, kind, False, message, related=related, certainty=Certainty.DECLINED)

    @property
    def cited(self) -> tuple[int, ...]:
        """Item numbers the reply quotes, in order."""
        return tuple(quote.item for quote in self.quotes)
