"""The answering core: a question (and the earlier ones) in, an :class:`Answer` out.

Every quoted sentence is a sentence record of the parsed plan (an exact substring of
the cleaned text); every department and number comes from the parsed records.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.loading import Corpus
from corpus.models import Document, Item
from corpus.textnorm import normalize
from index.models import Hit
from index.retriever import HybridRetriever
from qa.analysis import MONEY_UNIT, YEAR, Analysis, QuestionAnalyzer
from qa.errors import QuestionError
from qa.models import Answer, Quote
from qa.targets import TargetContext, contexts, stated_in, word_coverage

MAX_QUESTION_CHARS = 500
HISTORY_TURNS = 3
_SEARCH_DEPTH = 5
_TIME = re.compile(r"\d{4}年|\d{1,2}月|年内|年底|年前|年末|季度|上半年|下半年|月底")
_UNIT_BONUS = 1.5
_RANK_PENALTY = 1.0
_BEST_SENTENCE_BONUS = 0.5
NO_TOPIC = "没有看出问的是计划里的哪项工作,请说得具体些,例如某项任务由谁负责、目标是多少。"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class AnswerConfig:
    """Thresholds for declining, calibrated on the eval sets (see README)."""

    min_coverage: float = 0.4
    min_dense: float = 0.87
    min_coverage_with_dense: float = 0.1
    min_dense_alone: float = 0.89  # trust meaning alone above this cosine
    multi_item_ratio: float = 0.9
    strong_coverage: float = 0.8  # a follow-up this well covered on its own is a new topic
    min_target_match: float = 0.5  # share of the topic (by rarity) a number's sentence must hold


def clean_question(question: str) -> str:
    """Validate a question and drop control characters; raise :class:`QuestionError`."""
    if not isinstance(question, str):
        raise QuestionError("问题必须是文本")
    text = _CONTROL.sub("", unicodedata.normalize("NFC", question)).strip()
    if not text:
        raise QuestionError("问题是空的,请输入要查询的内容")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"问题太长({len(text)}字),请控制在{MAX_QUESTION_CHARS}字以内")
    return text


class Assistant:
    """Answers questions about one corpus with its retriever."""

    def __init__(
        self, corpus: Corpus, retriever: HybridRetriever, config: AnswerConfig | None = None
    ) -> None:
        self.corpus = corpus
        self.retriever = retriever
        self.config = config or AnswerConfig()
        self.analyzer = QuestionAnalyzer(corpus, retriever.lexical.tokenizer.words)
        self._normalized = {
            (doc.doc_id, item.number): normalize(item.text).lower()
            for doc in corpus.documents
            for item in doc.items
        }
        self._idf_cache: dict[str, float] = {}

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer ``question``; ``history`` holds the earlier questions, oldest first."""
        text = clean_question(question)
        context: Answer | None = None
        for turn in [h for h in history if isinstance(h, str) and h.strip()][-HISTORY_TURNS:]:
            try:
                context = self._answer(clean_question(turn), context)
            except QuestionError:
                continue
        return self._answer(text, context)

    def _answer(self, question: str, context: Answer | None) -> Answer:
        analysis = self.analyzer.analyze(question, has_history=context is not None)
        kind = analysis.kind or (context.kind if context else "what")
        going_on = context is not None and context.answered and bool(context.quotes)
        refusal = self._refusal(question, kind, analysis, going_on)
        if refusal is not None:
            return refusal
        if analysis.departments and (
            kind == "department"
            or (context and context.kind == "department" and not analysis.content)
        ):
            return self._department_answer(question, analysis.departments)
        if kind == "part" and analysis.part is not None:
            return self._part_answer(question, analysis.part)
        hits = self.retriever.search(question, _SEARCH_DEPTH)
        if going_on and context is not None:
            follow_up = self._follow_up(question, kind, analysis, context, hits)
            if follow_up is not None:
                return follow_up
        return self._topical_answer(question, kind, analysis, hits, confident=False)

    def _refusal(
        self, question: str, kind: str, analysis: Analysis, going_on: bool
    ) -> Answer | None:
        """A decline decided before any search: a year, an office or a topic the plan lacks."""
        missing_year = [y for y in analysis.years if not self._mentions_year(y)]
        missing_year += self._missing_relative_years(analysis)
        if missing_year:
            return self._decline(question, kind, f"计划中没有关于{missing_year[0]}年的内容。")
        if analysis.unknown_departments and not analysis.departments:
            name = analysis.unknown_departments[0]
            return self._decline(question, "department", f"计划中没有给“{name}”分配任务。")
        named = analysis.topic or analysis.departments or analysis.part is not None
        if not named and not going_on:  # "在吗", "你是谁": nothing to look up
            return self._decline(question, kind, NO_TOPIC)
        return None

    def _follow_up(
        self, question: str, kind: str, analysis: Analysis, context: Answer, hits: list[Hit]
    ) -> Answer | None:
        """The answer about the previous answer's item, if the question goes on about it."""
        entry = _list_entry(analysis, context)
        if entry is not None:  # "最后一条写了啥": that entry, read from its first clause
            opening = [self._opening_hit(context.quotes[entry])]
            return self._topical_answer(question, kind, analysis, opening, confident=True)
        if not self._continues(context, question, analysis, hits):
            return None
        hits = self._hits_in(context, f"{context.question} {question}")
        return self._topical_answer(question, kind, analysis, hits, confident=True)

    def _continues(
        self, context: Answer, question: str, analysis: Analysis, hits: list[Hit]
    ) -> bool:
        """Whether a question goes on about the previous answer's item.

        It does when it names no topic of its own ("那由谁负责?"), or when its own topic
        is weakly covered and, read together with the previous question, it still
        lands on the previous item ("优先在哪些村子搞" after "农村改厕谁牵头").
        """
        if analysis.looks_followup and not analysis.content:
            return True
        if hits and self._coverage(analysis, hits[0]) >= self.config.strong_coverage:
            return False
        combined = self.retriever.search(f"{context.question} {question}", 1)
        first = context.quotes[0]
        return bool(combined) and (combined[0].doc_id, combined[0].item) == (
            first.doc_id,
            first.item,
        )

    def _mentions_year(self, year: str) -> bool:
        return any(year in doc.text or year in doc.title for doc in self.corpus.documents)

    def _missing_relative_years(self, analysis: Analysis) -> list[str]:
        """去年 and the like, read against each plan's own year (in its title): the years
        that no plan with a year in its title speaks of."""
        missing = []
        for offset in analysis.relative_years:
            years = [
                (doc, str(int(m.group(1)) + offset))
                for doc in self.corpus.documents
                if (m := YEAR.search(doc.title))
            ]
            if years and not any(year in doc.text for doc, year in years):
                missing.append(years[0][1])
        return missing

    # --- structural answers -------------------------------------------------------------

    def _department_answer(self, question: str, departments: tuple[str, ...]) -> Answer:
        quotes, lines = [], []
        for canonical in departments:
            items = [
                (doc, item)
                for doc in self.corpus.documents
                for item in doc.items
                if canonical in item.departments
            ]
            if not items:
                lines.append(f"计划中没有给“{canonical}”分配任务。")
                continue
            titles = "；".join(f"{item.label}{item.title}" for _, item in items)
            lines.append(f"{canonical}负责{len(items)}项任务:{titles}")
            quotes += [self._quote(doc, item, ()) for doc, item in items]
        return Answer(
            question=question,
            kind="department",
            answered=bool(quotes),
            direct="\n".join(lines),
            departments=departments,
            targets=(),
            quotes=tuple(quotes),
            related=(),
            confidence=1.0 if quotes else 0.0,
        )

    def _part_answer(self, question: str, number: int) -> Answer:
        quotes, lines = [], []
        for doc in self.corpus.documents:
            for part in doc.parts:
                if part.number != number:
                    continue
                titles = "；".join(f"{doc.item(n).label}{doc.item(n).title}" for n in part.items)
                lines.append(f"{part.label}{part.title} 包括{len(part.items)}项任务:{titles}")
                quotes += [self._quote(doc, doc.item(n), ()) for n in part.items]
        if not quotes:
            return self._decline(question, "part", f"计划中没有第{number}部分。")
        return Answer(
            question=question,
            kind="part",
            answered=True,
            direct="\n".join(lines),
            departments=(),
            targets=(),
            quotes=tuple(quotes),
            related=(),
            confidence=1.0,
        )

    # --- answers found by search ----------------------------------------------------------

    def _opening_hit(self, quote: Quote) -> Hit:
        """A hit on the quoted item whose answering sentence is its first after the title."""
        first = next(
            (
                i
                for i, c in enumerate(self.retriever.chunks)
                if (c.doc_id, c.item, c.kind) == (quote.doc_id, quote.item, "sentence")
            ),
            -1,
        )
        return Hit(quote.doc_id, quote.item, 1.0, 0.0, 0.0, 0, 0, first)

    def _hits_in(self, context: Answer, query: str) -> list[Hit]:
        """Hits restricted to the item the previous answer quoted first, best sentence included."""
        quote = context.quotes[0]
        hits = self.retriever.search(query, len(self.retriever.chunks))
        return [h for h in hits if (h.doc_id, h.item) == (quote.doc_id, quote.item)] or hits[:1]

    def _topical_answer(
        self, question: str, kind: str, analysis: Analysis, hits: list[Hit], confident: bool
    ) -> Answer:
        if not hits:
            return self._decline(question, kind, "计划中没有找到相关内容。")
        coverage = self._coverage(analysis, hits[0])
        if not confident and not self._accept(coverage, hits[0].dense_score):
            semantic = max(hits, key=lambda hit: hit.dense_score)
            if semantic.dense_score < self.config.min_dense_alone:
                return self._decline(question, kind, "计划中没有找到能回答这个问题的内容。", hits)
            # The words barely match, but the meaning does ("村里喝水难" / "农村吃水问题").
            hits = [semantic, *(hit for hit in hits if hit is not semantic)]
            coverage = self._coverage(analysis, semantic)
        confidence = self._confidence(coverage, hits[0].dense_score)
        if kind == "who":
            return self._who_answer(question, analysis, hits, coverage, confidence)
        if kind == "how_much":
            return self._how_much_answer(question, analysis, hits, confidence)
        return self._what_answer(question, analysis, hits, confidence)

    def _who_answer(
        self,
        question: str,
        analysis: Analysis,
        hits: list[Hit],
        coverage: float,
        confidence: float,
    ) -> Answer:
        chosen = [hits[0]] + [
            hit
            for hit in hits[1:3]
            if hit.score >= self.config.multi_item_ratio * hits[0].score
            and self._coverage(analysis, hit) >= coverage > 0
        ]
        quotes, lines, departments = [], [], []
        for hit in chosen:
            doc, item = self._item(hit)
            quotes.append(self._quote(doc, item, self._sentence_of(hit)))
            written = "、".join(item.department_mentions)
            if item.truncated and not written:
                written = "原文在此处截断,未列出责任单位"
            lines.append(written if len(chosen) == 1 else f"{item.label}{item.title}:{written}")
            departments += [d for d in item.departments if d not in departments]
        notes = ("该问题涉及多项任务,分别列出。",) if len(chosen) > 1 else ()
        return Answer(
            question=question,
            kind="who",
            answered=True,
            direct="\n".join(lines),
            departments=tuple(departments),
            targets=(),
            quotes=tuple(quotes),
            related=(),
            confidence=confidence,
            notes=notes,
        )

    def _how_much_answer(
        self, question: str, analysis: Analysis, hits: list[Hit], confidence: float
    ) -> Answer:
        best = self._best_target(analysis, hits[:3])
        if best is None:
            return self._decline(question, "how_much", "计划中没有给出这个问题的具体数字。", hits)
        hit, context = best
        target = context.target
        if (
            self._specific_coverage(analysis.content, target.sentence)
            < self.config.min_target_match
        ):
            return self._decline(question, "how_much", "计划中没有给出这个问题的具体数字。", hits)
        doc, item = self._item(hit)
        sentence = next(
            i
            for i, s in enumerate(item.sentences)
            if s.span.start <= target.span.start < s.span.end
        )
        prefix = (
            target.qualifier if target.qualifier and target.qualifier not in target.text else ""
        )
        return Answer(
            question=question,
            kind="how_much",
            answered=True,
            direct=f"{prefix}{target.text}(原文:“{context.clause}”)",
            departments=item.departments,
            targets=(prefix + target.text,),
            quotes=(self._quote(doc, item, (sentence,)),),
            related=(),
            confidence=confidence,
        )

    def _what_answer(
        self, question: str, analysis: Analysis, hits: list[Hit], confidence: float
    ) -> Answer:
        hit = hits[0]
        doc, item = self._item(hit)
        sentences = self._sentence_of(hit)
        if analysis.asks_when and not any(_TIME.search(item.sentences[i].text) for i in sentences):
            return self._decline(question, "what", "计划中没有给出具体时间。", hits)
        direct = item.sentences[sentences[0]].text if sentences else item.title
        return Answer(
            question=question,
            kind="what",
            answered=True,
            direct=direct,
            departments=item.departments,
            targets=(),
            quotes=(self._quote(doc, item, sentences),),
            related=(),
            confidence=confidence,
        )

    def _decline(self, question: str, kind: str, message: str, hits: Sequence[Hit] = ()) -> Answer:
        related = tuple(self._quote(*self._item(hit), self._sentence_of(hit)) for hit in hits[:2])
        return Answer(
            question=question,
            kind=kind,
            answered=False,
            direct=message,
            departments=(),
            targets=(),
            quotes=(),
            related=related,
            confidence=0.0,
        )

    # --- scoring helpers ------------------------------------------------------------------

    def _coverage(self, analysis: Analysis, hit: Hit) -> float:
        """Share of the question's topic found in the item (bigram by bigram)."""
        text = self._normalized[(hit.doc_id, hit.item)]
        scores = [word_coverage(word, text) for word in analysis.topic]
        return sum(scores) / len(scores) if scores else 1.0

    def _specific_coverage(self, words: Sequence[str], text: str) -> float:
        """Share of ``words`` in ``text``, each weighted by its rarity among the items.

        "厕所革命总共投多少钱" must not be answered by an amount whose sentence only
        shares the common word 投资 with the question.
        """
        if not words:
            return 1.0
        norm = normalize(text).lower()
        weights = {word: self._idf(word) for word in words}
        found = sum(weight for word, weight in weights.items() if word in norm)
        return found / sum(weights.values())

    def _idf(self, word: str) -> float:
        if word not in self._idf_cache:
            frequency = sum(word in text for text in self._normalized.values())
            self._idf_cache[word] = math.log(1 + len(self._normalized) / (1 + frequency))
        return self._idf_cache[word]

    def _accept(self, coverage: float, dense: float) -> bool:
        config = self.config
        return coverage >= config.min_coverage or (
            dense >= config.min_dense and coverage >= config.min_coverage_with_dense
        )

    def _confidence(self, coverage: float, dense: float) -> float:
        dense_part = min(max((dense - 0.8) / 0.12, 0.0), 1.0)
        return round(0.5 * coverage + 0.5 * dense_part, 3)

    def _best_target(
        self, analysis: Analysis, hits: Sequence[Hit]
    ) -> tuple[Hit, TargetContext] | None:
        """The target whose surrounding words best match the question, top item first.

        A money question only takes amounts of money: a plan that states none must not
        answer "how much does it cost" with a count of toilets; a question counting a
        thing the plan names ("多少个学位") only takes a number whose clause names it. A
        number in the sentence the retriever found best for the question gets a bonus;
        remaining ties go to the target with the shortest description, the most specific
        match.
        """
        money = MONEY_UNIT in analysis.units
        scored = []
        for rank, hit in enumerate(hits):
            _, item = self._item(hit)
            best = {item.sentences[i].span for i in self._sentence_of(hit)}
            for context in contexts(item.targets):
                target = context.target
                if (money and target.unit != MONEY_UNIT) or stated_in(target, analysis.text):
                    continue  # a number the question itself states is not its answer
                if analysis.counted and not any(w in context.clause for w in analysis.counted):
                    continue  # "多少个学位": a number of schools does not count places
                overlap = context.score(analysis.topic, analysis.measure, analysis.units)
                if rank and overlap <= 0:
                    continue
                bonus = _UNIT_BONUS if target.unit in analysis.units else 0.0
                bonus += _BEST_SENTENCE_BONUS if target.sentence_span in best else 0.0
                score = overlap + bonus - _RANK_PENALTY * rank
                scored.append((score, -rank, -context.length, hit, context))
        if not scored:
            return None
        top = max(scored, key=lambda entry: entry[:3])
        return top[3], top[4]

    def _item(self, hit: Hit) -> tuple[Document, Item]:
        doc = self.corpus.document(hit.doc_id)
        return doc, doc.item(hit.item)

    def _sentence_of(self, hit: Hit) -> tuple[int, ...]:
        """Index (in its item) of the hit's best sentence, if the retriever found one."""
        if hit.sentence < 0:
            return ()
        start = self.retriever.chunks[hit.sentence].span.start  # a sentence's or a clause's
        _, item = self._item(hit)
        return tuple(i for i, s in enumerate(item.sentences) if s.span.start <= start < s.span.end)

    def _quote(self, doc: Document, item: Item, highlight: Sequence[int]) -> Quote:
        part = doc.part(item.part) if item.part else None
        offsets = tuple(item.sentences[i].span.start - item.span.start for i in highlight)
        return Quote(
            doc_id=doc.doc_id,
            doc_title=doc.title,
            part=f"{part.label}{part.title}" if part else "",
            item=item.number,
            item_label=item.label,
            item_title=item.title,
            item_text=item.text,
            sentences=tuple(item.sentences[i].text for i in highlight),
            sentence_offsets=offsets,
            departments=item.department_mentions,
            truncated=item.truncated,
        )


def _list_entry(analysis: Analysis, context: Answer) -> int | None:
    """Which quote of a previous list the question points at ("最后一条"), if any."""
    count = len(context.quotes)
    if analysis.ordinal is None or count < 2 or not -count <= analysis.ordinal < count:
        return None
    return analysis.ordinal % count
