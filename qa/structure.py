"""Answers read from the plan's structure, not searched: a department's tasks, a part's."""

from __future__ import annotations

from collections.abc import Sequence

from corpus.loading import Corpus
from corpus.models import Item
from qa.models import Answer, AnswerKind, Quote
from qa.quoting import Quoter


class StructuralAnswers:
    """Exact lists from the parsed 责任单位 and parts of one corpus."""

    def __init__(self, corpus: Corpus, quoter: Quoter) -> None:
        self.corpus = corpus
        self.quoter = quoter

    def department(self, question: str, departments: tuple[str, ...]) -> Answer:
        """Every task whose 责任单位 name each department (canonical names)."""
        lines: list[str] = []
        quotes: list[Quote] = []
        for canonical in departments:
            items = self.corpus.items_for_department(canonical) or ()
            if not items:
                lines.append(f"计划中没有给“{canonical}”分配任务。")
                continue
            lines.append(f"{canonical}负责{len(items)}项任务:{_titles(items)}")
            quotes += self._quotes(items)
        return _listing(question, AnswerKind.DEPARTMENT, lines, quotes, departments)

    def part(self, question: str, number: int) -> Answer:
        """Every task of the part with this number, in each plan that has one."""
        lines: list[str] = []
        quotes: list[Quote] = []
        for doc in self.corpus.documents:
            for part in doc.parts:
                if part.number == number:
                    items = [doc.item(n) for n in part.items]
                    lines.append(
                        f"{part.label}{part.title} 包括{len(items)}项任务:{_titles(items)}"
                    )
                    quotes += self._quotes(items)
        if not quotes:
            return Answer.declined(question, AnswerKind.PART, f"计划中没有第{number}部分。")
        return _listing(question, AnswerKind.PART, lines, quotes)

    def _quotes(self, items: Sequence[Item]) -> list[Quote]:
        return [self.quoter.quote(self.corpus.document(item.doc_id), item) for item in items]


def _titles(items: Sequence[Item]) -> str:
    return "；".join(f"{item.label}{item.title}" for item in items)


def _listing(
    question: str,
    kind: AnswerKind,
    lines: Sequence[str],
    quotes: Sequence[Quote],
    departments: tuple[str, ...] = (),
) -> Answer:
    """A list answer: one line per department or part, every listed item quoted."""
    return Answer(
        question,
        kind,
        answered=bool(quotes),
        direct="\n".join(lines),
        departments=departments,
        quotes=tuple(quotes),
        confidence=1.0 if quotes else 0.0,
    )
