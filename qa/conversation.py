"""Follow-up questions: when a question goes on about the previous answer's item."""

from __future__ import annotations

from index.models import Hit
from index.retriever import HybridRetriever
from qa.analysis import Analysis
from qa.models import Answer, AnswerKind, Quote
from qa.policy import AnswerPolicy
from qa.quoting import Quoter

HISTORY_TURNS = 3  # earlier questions re-read to know what a follow-up is about


class FollowUps:
    """Decides whether a question continues the previous answer, and finds its hits."""

    def __init__(self, retriever: HybridRetriever, quoter: Quoter, policy: AnswerPolicy) -> None:
        self.retriever = retriever
        self.quoter = quoter
        self.policy = policy

    def hits(
        self, question: str, analysis: Analysis, context: Answer, hits: list[Hit]
    ) -> list[Hit] | None:
        """The hits to answer from when the question goes on about ``context``, else ``None``.

        "最后一条写了啥" after a list points at that entry, read from its first sentence;
        a question that continues the previous item is searched within that item.
        """
        entry = list_entry(analysis, context)
        if entry is not None:
            quote = context.quotes[entry]
            chunk = self.quoter.first_sentence_chunk(quote.doc_id, quote.item)
            return [Hit(quote.doc_id, quote.item, score=1.0, chunk=chunk)]
        if not self.continues(question, analysis, context, hits):
            return None
        return self._hits_in(context, f"{context.question} {question}")

    def continues(
        self, question: str, analysis: Analysis, context: Answer, hits: list[Hit]
    ) -> bool:
        """Whether a question goes on about the previous answer's item.

        It does when it names no topic of its own ("那由谁负责?"), or when its own topic
        is weakly covered and, read together with the previous question, it still
        lands on the previous item ("优先在哪些村子搞" after "农村改厕谁牵头").
        """
        if analysis.looks_followup and not analysis.content:
            return True
        if analysis.points_back and _asks_a_slot(analysis):
            return True  # "那这个事儿的牵头部门是哪个": the task just answered, whatever it says
        strong = self.policy.config.strong_coverage
        if hits and self.policy.coverage(analysis, hits[0]) >= strong:
            return False
        combined = self.retriever.search(f"{context.question} {question}", 1)
        first = anchor(context)
        return bool(combined) and (combined[0].doc_id, combined[0].item) == (
            first.doc_id,
            first.item,
        )

    def _hits_in(self, context: Answer, query: str) -> list[Hit]:
        """Hits restricted to the item the previous answer quoted first, best sentence included."""
        quote = anchor(context)
        hits = self.retriever.search(query, len(self.retriever.chunks))
        return [h for h in hits if (h.doc_id, h.item) == (quote.doc_id, quote.item)] or hits[:1]


def _asks_a_slot(analysis: Analysis) -> bool:
    """Whether the question asks for a task's units, number or deadline."""
    slots = (AnswerKind.WHO, AnswerKind.HOW_MUCH, AnswerKind.WHEN)
    return analysis.kind in slots or analysis.asks_when or bool(analysis.roles)


def anchor(context: Answer) -> Quote:
    """The item an answer is about: the first it quoted, else the closest it showed."""
    return context.quotes[0] if context.quotes else context.related[0]


def list_entry(analysis: Analysis, context: Answer) -> int | None:
    """Which quote of a previous list the question points at ("最后一条"), if any."""
    count = len(context.quotes)
    if analysis.ordinal is None or count < 2 or not -count <= analysis.ordinal < count:
        return None
    return analysis.ordinal % count
