"""Follow-up questions: when a question goes on about the previous answer's item."""

from __future__ import annotations

import re

from index.models import Hit
from index.retriever import HybridRetriever
from qa.analysis import Analysis
from qa.models import Answer, AnswerKind, Quote
from qa.policy import AnswerPolicy
from qa.quoting import Quoter

HISTORY_TURNS = 3  # earlier questions re-read to know what a follow-up is about
# "那修路呢", "城里的路呢,要延伸哪几条": a topic put in the place of the last one.
_ELLIPSIS = re.compile(r"^(?:那|那么|还有|另外)?(?P<topic>[^谁哪啥么几这那咋?,。]{2,10})呢")


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
        lands on the previous item ("优先在哪些村子搞" after "农村改厕谁牵头"). The X of
        "那X呢" is a topic of its own even in words the plan does not write, unless its own
        search lands on the previous item ("那修路呢" after a question about schools is
        about roads; "那出事儿喊话的大喇叭呢" after 融媒体中心 is that task's 应急广播).
        """
        if analysis.points_back and _asks_a_slot(analysis):
            # "那这个事儿的牵头部门是哪个": the task just answered, whatever it says; but
            # "那垃圾分类这项谁牵头" points at the task it names
            return not self._named_elsewhere(analysis, context, hits, strictly=True)
        if analysis.looks_followup and not analysis.content:
            return not (_names_another_topic(analysis) and not _lands_on(hits, context))
        strong = self.policy.config.strong_coverage
        own_strong = bool(hits) and self.policy.coverage(analysis, hits[0]) >= strong
        if own_strong or self._named_elsewhere(analysis, context, hits):
            return False
        combined = self.retriever.search(f"{context.question} {question}", 1)
        return _lands_on(combined, context)

    def _named_elsewhere(
        self, analysis: Analysis, context: Answer, hits: list[Hit], strictly: bool = False
    ) -> bool:
        """Whether the question's own topic is another item's: its first hit holds the topic
        words (weighted by rarity) that the previous answer's item lacks entirely, or holds
        them strongly and better ("另外问下,餐厨垃圾处理厂今年动工不" after 养老保险; not
        "优先保障哪些对象" after 危房改造, whose item names 优先). ``strictly``: only
        strongly and better (a question pointing back with "这项" names the task it means)."""
        if not hits or not analysis.content or _lands_on(hits, context):
            return False
        coverage = self.policy.evidence.specific_coverage
        own = coverage(analysis.content, self.quoter.item(hits[0])[1].text)
        previous = coverage(analysis.content, anchor(context).item_text)
        strong = self.policy.config.strong_coverage
        if strictly:
            return own >= strong and own > previous
        return own > previous and (previous == 0 or own >= strong)

    def _hits_in(self, context: Answer, query: str) -> list[Hit]:
        """Hits restricted to the item the previous answer quoted first, best sentence included."""
        quote = anchor(context)
        hits = self.retriever.search(query, len(self.retriever.chunks))
        return [h for h in hits if (h.doc_id, h.item) == (quote.doc_id, quote.item)] or hits[:1]


def _lands_on(hits: list[Hit], context: Answer) -> bool:
    """Whether the first hit is the item the previous answer is about."""
    first = anchor(context)
    return bool(hits) and (hits[0].doc_id, hits[0].item) == (first.doc_id, first.item)


def _names_another_topic(analysis: Analysis) -> bool:
    """Whether "那X呢" puts X, in words of two characters or more, in the last topic's place."""
    elided = _ELLIPSIS.match(analysis.text)
    return elided is not None and any(
        len(word) > 1 and word in elided.group("topic") for word in analysis.topic
    )


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
