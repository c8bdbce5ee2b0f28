"""Answers read from the plan's structure, not searched: a department's tasks, a part's."""

from __future__ import annotations

from corpus.loading import Corpus
from qa.models import Answer, AnswerKind, Quote
from qa.quoting import Quoter


class StructuralAnswers:
    """Exact lists from the parsed 责任单位 and parts of one corpus."""

    def __init__(self, corpus: Corpus, quoter: Quoter) -> None:
        self.corpus = corpus
        self.quoter = quoter

    def department(self, question: str, departments: tuple[str, ...]) -> Answer:
        """Every task whose 责任单位 name each department (canonical names)."""
        quotes: list[Quote] = []
        lines = []
        for canonical in departments:
            items = self.corpus.items_for_department(canonical) or ()
            if not items:
                lines.append(f"计划中没有给“{canonical}”分配任务。")
                continue
            titles = "；".join(f"{item.label}{item.title}" for item in items)
            lines.append(f"{canonical}负责{len(items)}项任务:{titles}")
            quotes += [self.quoter.quote(self.corpus.document(i.doc_id), i) for i in items]
        return Answer(
            question,
            AnswerKind.DEPARTMENT,
            answered=bool(quotes),
            direct="\n".join(lines),
            departments=departments,
            quotes=tuple(quotes),
            confidence=1.0 if quotes else 0.0,
        )

    def part(self, question: str, number: int) -> Answer:
        """Every task of the part with this number, in each plan that has one."""
        quotes: list[Quote] = []
        lines = []
        for doc in self.corpus.documents:
            for part in doc.parts:
                if part.number != number:
                    continue
                titles = "；".join(f"{doc.item(n).label}{doc.item(n).title}" for n in part.items)
                lines.append(f"{part.label}{part.title} 包括{len(part.items)}项任务:{titles}")
                quotes += [self.quoter.quote(doc, doc.item(n)) for n in part.items]
        if not quotes:
            return Answer.declined(question, AnswerKind.PART, f"计划中没有第{number}部分。")
        return Answer(
            question,
            AnswerKind.PART,
            answered=True,
            direct="\n".join(lines),
            quotes=tuple(quotes),
            confidence=1.0,
        )
