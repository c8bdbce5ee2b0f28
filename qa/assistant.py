"""The answering core: a question (and the earlier ones) in, an :class:`Answer` out.

Every quoted sentence is a sentence record of the parsed plan (an exact substring of
the cleaned text); every department and number comes from the parsed records. The
assistant only routes: each kind of answer is made by its own part.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections.abc import Sequence

from corpus.loading import Corpus
from index.models import Hit
from index.retriever import HybridRetriever
from index.tokenizer import splits_remembered
from qa import compound
from qa.analysis import Analysis, QuestionAnalyzer
from qa.conversation import HISTORY_TURNS, FollowUps
from qa.details import Detail, unstated
from qa.errors import QuestionError
from qa.evidence import TopicEvidence
from qa.homophones import HomophoneRepair
from qa.models import Answer, AnswerKind, Certainty, Quote
from qa.numbers import NumberAnswers, NumberConfig
from qa.policy import NOT_ANSWERED, NOT_FOUND, AnswerConfig, AnswerPolicy, Support
from qa.question import clean_question
from qa.quoting import Quoter
from qa.scope import conversation_plans, missing_plan_year, resolve, without_plan_names
from qa.structure import StructuralAnswers
from qa.topical import TopicalAnswers
from qa.units import HOW_LONG
from qa.vocabulary import WORDS_FILE, PlanVocabulary, read_groups

MAX_SCOPES = 64  # assistants kept for sets of plans questions named
EARLIER_ANSWERS = 64  # answers to earlier turns kept, by their text and context
SEARCH_DEPTH = 5  # items a search returns: enough for "who" lists and number choice
_HOW_OFTEN = re.compile(r"一(?:次|回|趟|遍)")  # "多久…一次": how often


class Assistant:
    """Answers questions about one corpus with its retriever."""

    def __init__(
        self,
        corpus: Corpus,
        retriever: HybridRetriever,
        config: AnswerConfig | None = None,
        numbers: NumberConfig | None = None,
        *,
        homophones: HomophoneRepair | None = None,
        vocabulary: PlanVocabulary | None = None,
    ) -> None:
        self.corpus = corpus
        # Shared with the assistants of some plans: the whole library is the dictionary.
        self.homophones = homophones or HomophoneRepair(
            (doc.text for doc in corpus.documents), retriever.words
        )
        self.vocabulary = vocabulary or PlanVocabulary(
            (doc.text for doc in corpus.documents), read_groups([WORDS_FILE]), retriever.words
        )
        self.retriever = retriever
        self.analyzer = QuestionAnalyzer(corpus, retriever.words)
        quoter = Quoter(corpus, retriever.chunks)
        evidence = TopicEvidence(corpus)
        self.policy = AnswerPolicy(corpus, evidence, config or AnswerConfig())
        self.quoter = quoter
        self.structure = StructuralAnswers(corpus, quoter)
        self.topical = TopicalAnswers(quoter, self.policy)
        self.numbers = NumberAnswers(quoter, evidence, self.policy.config.min_target_match, numbers)
        self.follow_ups = FollowUps(retriever, quoter, self.policy)
        self._scoped: dict[frozenset[str], Assistant] = {}
        self._scoped_lock = threading.Lock()
        self._earlier = functools.lru_cache(maxsize=EARLIER_ANSWERS)(self._answer_earlier)
        self._plans_with_deadlines = frozenset(
            doc.doc_id for doc in corpus.documents if any(item.deadline for item in doc.items)
        )

    def scoped(self, doc_ids: frozenset[str]) -> Assistant:
        """An assistant for some plans of this corpus, sharing its indexes (made once each).

        Safe from many threads: the web app answers questions concurrently.
        """
        with self._scoped_lock:
            scoped = self._scoped.pop(doc_ids, None) or Assistant(
                self.corpus.only(doc_ids),
                self.retriever.only(doc_ids),
                self.policy.config,
                self.numbers.config,
                homophones=self.homophones,
                vocabulary=self.vocabulary,
            )
            self._scoped[doc_ids] = scoped  # the most recently used last
            while len(self._scoped) > MAX_SCOPES:  # questions name few plan sets; bound anyway
                self._scoped.pop(next(iter(self._scoped)))
        return scoped

    @property
    def config(self) -> AnswerConfig:
        """The thresholds of the decline policy."""
        return self.policy.config

    def ask(self, question: str, history: Sequence[str] = (), doc: str | None = None) -> Answer:
        """Answer ``question``; ``history`` holds the earlier questions, oldest first.

        The last few earlier questions are answered again (each answer is remembered) to
        know which item and kind of answer a follow-up goes on from. ``doc`` (an id or a
        title) answers from that plan only; without it, a question naming one plan of
        several (by its year or title), or following one that did, is answered from that
        plan (:mod:`qa.scope`).
        """
        text = clean_question(question)
        turns = [h for h in history if isinstance(h, str) and h.strip()][-HISTORY_TURNS:]
        documents = self.corpus.documents
        absent = missing_plan_year(text, documents)
        if absent is not None:
            message = f"计划库中没有{absent}年的计划。"
            return Answer.declined(
                text, self.analyzer.analyze(text).kind or AnswerKind.WHAT, message
            )
        scope = (
            frozenset([resolve(doc, documents)])
            if doc
            else conversation_plans([*turns, text], documents)
        )
        assistant = self.scoped(scope) if scope and len(scope) < len(documents) else self
        with splits_remembered():  # the repair's split of a text serves the analysis too
            earlier = [self._in_plan_words(turn) for turn in turns]
            parts = [self._in_plan_words(part) for part in compound.parts(text)]
            answer = assistant.converse_parts(parts, earlier)
        return dataclasses.replace(answer, question=text)

    def _in_plan_words(self, text: str) -> str:
        """The text without plan names, in the plan's words, voice slips repaired."""
        unnamed = without_plan_names(text, self.corpus.documents)
        return self.homophones.repair(self.vocabulary.rewrite(unnamed))

    def converse_parts(self, parts: Sequence[str], turns: Sequence[str]) -> Answer:
        """:meth:`converse` for a question of one part or more (:mod:`qa.compound`): each
        part after the ones before it, the replies joined."""
        if len(parts) == 1:
            return self.converse(parts[0], turns)
        answers = [self.converse(part, [*turns, *parts[:i]]) for i, part in enumerate(parts)]
        return compound.joined("".join(parts), answers)

    def converse(self, text: str, turns: Sequence[str]) -> Answer:
        """Answer a cleaned question after the earlier ``turns``, from this corpus as a whole.

        A conversation sends its turns again with every question: each turn's answer is
        kept by its text and context, its analysis by its text
        (:meth:`QuestionAnalyzer.remembered`), so a turn costs once, not on every question.
        Each text is split into words once however often it is read
        (:func:`index.tokenizer.splits_remembered`).
        """
        context: Answer | None = None
        with splits_remembered():
            for turn in turns:
                context = self._earlier(turn, context)
            return self._answer(text, context)

    def forget(self) -> None:
        """Drop what is remembered of earlier turns, here and in the scoped assistants."""
        self._earlier.cache_clear()
        self.analyzer.forget()
        with self._scoped_lock:
            scoped = list(self._scoped.values())
        for assistant in scoped:
            assistant.forget()

    def _answer_earlier(self, turn: str, context: Answer | None) -> Answer | None:
        """The answer to an earlier turn: the context the next question is read in."""
        try:
            return self._answer(clean_question(turn), context, earlier=True)
        except QuestionError:  # not a question: the context stays what it was
            return context

    def _answer(self, question: str, context: Answer | None, earlier: bool = False) -> Answer:
        """The answer to ``question`` after ``context``; ``earlier``: a turn read again."""
        analyze = self.analyzer.remembered if earlier else self.analyzer.analyze
        analysis = analyze(question, context is not None)
        kind = analysis.kind or (context.kind if context else AnswerKind.WHAT)
        # A declined question still names its task ("强镇在哪个乡" → the place is missing):
        # "那这事儿谁管" points back at the closest item it showed, as does a question with
        # no topic of its own ("那谁牵头") after one whose task was found, its fact missing.
        going_on = context is not None and bool(
            (context.answered and context.quotes)
            or (context.related and (analysis.points_back or _elliptic_after(analysis, context)))
        )
        refusal = self.policy.refusal(question, kind, analysis, going_on)
        if refusal is not None:
            return refusal
        if analysis.departments and (
            kind == AnswerKind.DEPARTMENT
            or (context and context.kind == AnswerKind.DEPARTMENT and not analysis.content)
        ):
            listed = self.structure.department(question, analysis.departments, analysis.roles)
            return _unless_unstated(listed, analysis)
        if kind == AnswerKind.PART and analysis.part is not None:
            return self.structure.part(question, analysis.part)
        hits = self.retriever.search(question, SEARCH_DEPTH)
        if going_on and context is not None:
            follow_up = self.follow_ups.hits(question, analysis, context, hits)
            if follow_up is not None:
                if not analysis.topic:  # "要完成多少": the numbers of the task asked about before
                    lent = self.analyzer.remembered(context.question).topic
                    analysis = dataclasses.replace(analysis, topic=lent)
                return self._from_hits(question, kind, analysis, follow_up, confident=True)
        return self._from_hits(question, kind, analysis, hits, confident=False)

    def _from_hits(
        self,
        question: str,
        kind: AnswerKind,
        analysis: Analysis,
        hits: list[Hit],
        confident: bool,
    ) -> Answer:
        """Answer from search hits; unless ``confident`` (a follow-up), they must support it."""
        if not hits:
            return Answer.declined(question, kind, NOT_FOUND)
        policy = self.policy
        support = policy.given(analysis, hits) if confident else policy.supported(analysis, hits)
        if support is None:
            return Answer.declined(question, kind, NOT_ANSWERED, self.quoter.related(hits))
        missing = unstated(analysis.text, self.quoter.item(support.hits[0])[1].text)
        # "那这个谁负责,要多久完成": the units answer; the duration is said to be missing.
        also_asked = missing is not None and kind == AnswerKind.WHO and not missing.instead_of_units
        if missing is not None and not also_asked:  # "咋申请": the plan names the programme
            return _declined_detail(question, kind, missing, self.quoter.related(support.hits))
        answer = self._by_kind(question, kind, analysis, support)
        if missing is not None and answer.answered:
            answer = dataclasses.replace(answer, notes=(*answer.notes, _not_given(missing)))
        # "城中村改造实施几个": a name no plan writes; the clause found speaks of something else
        if (support.closest or analysis.foreign) and answer.answered:
            return dataclasses.replace(answer, certainty=Certainty.CLOSEST)
        return answer

    def _by_kind(
        self,
        question: str,
        kind: AnswerKind,
        analysis: Analysis,
        support: Support,
    ) -> Answer:
        """The answer of the kind asked, from hits that support one."""
        hits, coverage = support.hits, support.coverage
        confidence = round(support.probability, 3)
        if kind == AnswerKind.WHO:
            return self.topical.who(
                question, analysis, self.quoter.tasks(hits), coverage, confidence
            )
        if kind == AnswerKind.HOW_MUCH:
            return self._how_much(question, analysis, hits, confidence)
        if analysis.asked_unit == HOW_LONG and self.numbers.best_target(analysis, hits[:1]):
            # "多久能办结": the time the task itself takes ("1个工作日内办结"), not its deadline
            taken = self.numbers.answer(question, analysis, hits, confidence)
            if taken.answered:
                return taken
        if (analysis.asks_when or kind == AnswerKind.WHEN) and self._states_deadlines(hits[0]):
            return self.topical.when(question, analysis, self.quoter.tasks(hits), confidence)
        return self.topical.what(question, analysis, hits, confidence)

    def _how_much(
        self, question: str, analysis: Analysis, hits: list[Hit], confidence: float
    ) -> Answer:
        """The number asked; for "多长时间" without a duration stated, the period in words
        ("多长时间发布一次": 按季度发布) or the task's 完成时限 ("要多长时间完成")."""
        counted = self.numbers.answer(question, analysis, hits, confidence)
        if counted.answered or analysis.asked_unit != HOW_LONG:
            return counted
        if _HOW_OFTEN.search(analysis.text):
            return self.topical.what(question, analysis, hits, confidence)
        if self._states_deadlines(hits[0]):
            return self.topical.when(question, analysis, self.quoter.tasks(hits), confidence)
        return counted

    def _states_deadlines(self, hit: Hit) -> bool:
        """Whether the hit's plan gives its tasks a 完成时限 (else "when" reads sentences)."""
        return hit.doc_id in self._plans_with_deadlines


def _declined_detail(
    question: str, kind: AnswerKind, missing: Detail, related: tuple[Quote, ...]
) -> Answer:
    return Answer.declined(question, kind, _not_given(missing), related)


def _not_given(missing: Detail) -> str:
    return f"计划中没有给出{missing.name}。"


def _unless_unstated(listed: Answer, analysis: Analysis) -> Answer:
    """A department's task list, unless the question asks a detail none of them states.

    "市文明办的电话是多少" names an office but asks for its telephone number.
    """
    text = "".join(quote.item_text for quote in listed.quotes)
    missing = unstated(analysis.text, text) if listed.answered else None
    if missing is None:
        return listed
    return _declined_detail(listed.question, listed.kind, missing, listed.quotes[:3])


def _elliptic_after(analysis: Analysis, context: Answer) -> bool:
    """A question without a topic after a decline that found its task (the number, the
    date or the detail was missing, not the task)."""
    return not analysis.topic and context.direct not in (NOT_ANSWERED, NOT_FOUND)
