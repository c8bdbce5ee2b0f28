"""Answers found by search: who is responsible, and what the plan says about a topic."""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.models import Item
from corpus.traditional import simplified_chars
from index.models import Hit
from qa.analysis import Analysis
from qa.details import asked_detail
from qa.models import Answer, AnswerKind, Quote
from qa.policy import AnswerPolicy
from qa.quoting import Quoter
from qa.roles import (
    ASKS_LEADER,
    ASKS_OFFICIAL,
    NO_ROLES_NOTE,
    departments_by_role,
    unit_lines,
)

NO_TIME = "计划中没有给出具体时间。"
NO_UNITS = "计划中没有写明由哪个单位负责这项内容。"
NO_OFFICIALS = "计划中没有写明由哪位领导负责这项内容。"
NO_DEADLINE = "计划中没有给出该任务的完成时限。"
MULTI_ITEM_NOTE = "该问题涉及多项任务,分别列出。"
TRUNCATED_UNITS = "原文在此处截断,未列出责任单位"
# What a "when" question needs its answering sentence to state.
_TIME = re.compile(r"\d{4}年|\d{1,2}月|年内|年底|年前|年末|季度|上半年|下半年|月底")
# A date work is due by ("2026年12月底前完成…"), not how often it recurs ("每季度开展1次").
_DUE = re.compile(
    r"(?:19|20)\d\d年(?:\d{1,2}月)?(?:底|末)?(?:前|以前|之前|内)|(?:19|20)\d\d年\d{1,2}月"
    r"|年底前|年内|\d{1,2}月底前"
)
_WHO_ITEMS = 3  # a "who" answer may list the top item and up to two close runners-up


class TopicalAnswers:
    """Who and what answers from the items a search found, best first."""

    def __init__(self, quoter: Quoter, policy: AnswerPolicy) -> None:
        self.quoter = quoter
        self.policy = policy
        self.evidence = policy.evidence

    def who(
        self,
        question: str,
        analysis: Analysis,
        hits: Sequence[Hit],
        coverage: float,
        confidence: float,
    ) -> Answer:
        """The 责任单位 as written; several items when the topic spans them."""
        ratio = self.policy.config.multi_item_ratio
        chosen = [hits[0]] + [
            hit
            for hit in hits[1:_WHO_ITEMS]
            if hit.score >= ratio * hits[0].score
            and self.policy.coverage(analysis, hit) >= coverage > 0
        ]
        # an item naming no units says nothing of who: the others close to it answer
        chosen = [h for h in chosen if (item := self.quoter.item(h)[1]).units or item.truncated]
        # "哪位领导牵头": only the officials an item names answer, never its units
        unnamed = ASKS_LEADER.search(analysis.text) and not any(
            self.quoter.item(hit)[1].officials for hit in chosen
        )
        if not chosen or unnamed:
            message = NO_OFFICIALS if chosen else NO_UNITS
            return Answer.declined(question, AnswerKind.WHO, message, self.quoter.related(hits))
        several_plans = len({hit.doc_id for hit in chosen}) > 1
        if several_plans:  # grouped by plan, newest first (stable: best first within one)
            chosen.sort(key=lambda hit: -(self.quoter.item(hit)[0].year or 0))
        quotes: list[Quote] = []
        lines, departments, notes = [], [], []
        for hit in chosen:
            doc, item = self.quoter.item(hit)
            quotes.append(self.quoter.hit(hit))
            written = unit_lines(item, analysis.roles, bool(ASKS_OFFICIAL.search(analysis.text)))
            if item.truncated and not written:
                written = [TRUNCATED_UNITS]
            if analysis.roles and item.units and not item.has_roles:
                notes = [NO_ROLES_NOTE]
            if len(chosen) == 1:
                lines += written
            else:
                plan = f"《{doc.title}》" if several_plans else ""
                lines.append(f"{plan}{item.label}{item.title}:{'；'.join(written)}")
            departments += [
                d for d in departments_by_role(item, analysis.roles) if d not in departments
            ]
        if len(chosen) > 1:
            notes.insert(0, MULTI_ITEM_NOTE)
        return Answer(
            question,
            AnswerKind.WHO,
            answered=True,
            direct="\n".join(lines),
            departments=tuple(departments),
            quotes=tuple(quotes),
            confidence=confidence,
            notes=tuple(notes),
        )

    def when(
        self, question: str, analysis: Analysis, hits: Sequence[Hit], confidence: float
    ) -> Answer:
        """The top item's 完成时限 as written; without one, its dated sentence that names the
        topic ("（3）2026年12月底前完成主体工程建设"); declined when it states neither."""
        hit = hits[0]
        doc, item = self.quoter.item(hit)
        related = self.quoter.related(hits)
        if item.deadline is None:
            dated = self._dated_sentence(analysis, item)
            if dated is None:
                return Answer.declined(question, AnswerKind.WHEN, NO_DEADLINE, related)
            return Answer(
                question,
                AnswerKind.WHEN,
                answered=True,
                direct=item.sentences[dated].text,
                departments=tuple(departments_by_role(item, analysis.roles)),
                quotes=(self.quoter.quote(doc, item, (dated,)),),
                confidence=confidence,
            )
        # A deadline is the answer only for the task the question names, not a neighbour
        # sharing a common word ("雨污分流改造" is not "新建改造公厕").
        match = self.evidence.specific_coverage(analysis.content, item.text)
        if match < self.policy.config.min_target_match:
            return Answer.declined(question, AnswerKind.WHEN, NO_DEADLINE, related)
        return Answer(
            question,
            AnswerKind.WHEN,
            answered=True,
            direct=item.deadline.text,
            departments=tuple(departments_by_role(item, analysis.roles)),
            quotes=(self.quoter.hit(hit),),
            confidence=confidence,
        )

    def _dated_sentence(self, analysis: Analysis, item: Item) -> int | None:
        """The sentence of ``item`` stating a due date that holds most of the question's topic,
        if it holds enough of it (weighted by rarity): the date is of the thing asked."""
        coverage = self.evidence.specific_coverage
        scored = [
            (coverage(analysis.content, sentence.text), -index)
            for index, sentence in enumerate(item.sentences)
            if _DUE.search(sentence.text)
        ]
        best = max(scored, default=None)
        if best is None or best[0] < self.policy.config.min_target_match:
            return None
        return -best[1]

    def what(
        self, question: str, analysis: Analysis, hits: Sequence[Hit], confidence: float
    ) -> Answer:
        """The best sentence of the top item, quoted inside the whole item; for a detail
        asked ("建在哪几个地方"), the sentence stating it ("在龙泉镇…各建设1个")."""
        hit = hits[0]
        doc, item = self.quoter.item(hit)
        sentences = self.quoter.sentences_of(hit)
        if analysis.asks_when and not any(_TIME.search(item.sentences[i].text) for i in sentences):
            return Answer.declined(question, AnswerKind.WHAT, NO_TIME, self.quoter.related(hits))
        stating = _stating(analysis.text, item, sentences)
        return Answer(
            question,
            AnswerKind.WHAT,
            answered=True,
            direct=item.sentences[(stating or sentences)[0]].text if sentences else item.title,
            departments=item.departments,
            quotes=(self.quoter.quote(doc, item, stating) if stating else self.quoter.hit(hit),),
            confidence=confidence,
        )


def _stating(question: str, item: Item, best: Sequence[int]) -> tuple[int, ...]:
    """The sentence of ``item`` stating the detail the question asks for, the retriever's
    best first; none when no detail is asked or none states it."""
    detail = asked_detail(question)
    if detail is None:
        return ()
    order = sorted(range(len(item.sentences)), key=lambda i: (i not in best, i))
    states = (i for i in order if detail.stated.search(simplified_chars(item.sentences[i].text)))
    return next(((i,) for i in states), ())
