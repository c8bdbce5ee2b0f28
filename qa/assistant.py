"""The answering core: a question (and the earlier ones) in, an :class:`Answer` out.

Every quoted sentence is a sentence record of the parsed plan (an exact substring of
the cleaned text); every department and number comes from the parsed records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.loading import Corpus
from corpus.models import Document, Item, Target
from corpus.textnorm import normalize
from index.models import Hit
from index.retriever import HybridRetriever
from qa.analysis import Analysis, QuestionAnalyzer
from qa.errors import QuestionError
from qa.models import Answer, Quote

MAX_QUESTION_CHARS = 500
HISTORY_TURNS = 3
_SEARCH_DEPTH = 5
_CLAUSE = re.compile(r"[^,,;;。!?!?]+[,,;;。!?!?]?")
_TIME = re.compile(r"\d{4}年|\d{1,2}月|年内|年底|年前|年末|季度|上半年|下半年|月底")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class AnswerConfig:
    """Thresholds for declining, calibrated on the eval sets (see README)."""

    min_coverage: float = 0.5
    min_dense: float = 0.87
    min_coverage_with_dense: float = 0.25
    multi_item_ratio: float = 0.9


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
            (doc.doc_id, item.number): normalize(item.text)
            for doc in corpus.documents
            for item in doc.items
        }

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
        missing_year = [y for y in analysis.years if not self._mentions_year(y)]
        if missing_year:
            return self._decline(question, kind, f"计划中没有关于{missing_year[0]}年的内容。")
        if analysis.unknown_departments and not analysis.departments:
            name = analysis.unknown_departments[0]
            return self._decline(question, "department", f"计划中没有给“{name}”分配任务。")
        if analysis.departments and (
            kind == "department"
            or (context and context.kind == "department" and not analysis.content)
        ):
            return self._department_answer(question, analysis.departments)
        if kind == "part" and analysis.part is not None:
            return self._part_answer(question, analysis.part)
        follows = bool(
            context
            and context.answered
            and context.quotes
            and analysis.looks_followup
            and not analysis.content
        )
        if follows and context is not None:
            hits = self._hits_in(context, f"{context.question} {question}")
            return self._topical_answer(question, kind, analysis, hits, confident=True)
        hits = self.retriever.search(question, _SEARCH_DEPTH)
        return self._topical_answer(question, kind, analysis, hits, confident=False)

    def _mentions_year(self, year: str) -> bool:
        return any(year in doc.text or year in doc.title for doc in self.corpus.documents)

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

    def _hits_in(self, context: Answer, query: str) -> list[Hit]:
        """Hits restricted to the items the previous answer quoted, best sentence included."""
        wanted = {(q.doc_id, q.item) for q in context.quotes[:1]}
        hits = self.retriever.search(query, len(self.retriever.chunks))
        return [h for h in hits if (h.doc_id, h.item) in wanted] or hits[:1]

    def _topical_answer(
        self, question: str, kind: str, analysis: Analysis, hits: list[Hit], confident: bool
    ) -> Answer:
        if not hits:
            return self._decline(question, kind, "计划中没有找到相关内容。")
        coverage = self._coverage(analysis, hits[0])
        confidence = self._confidence(coverage, hits[0].dense_score)
        if not confident and not self._accept(coverage, hits[0].dense_score):
            return self._decline(question, kind, "计划中没有找到能回答这个问题的内容。", hits)
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
        hit, target = best
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
            direct=prefix + target.text,
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
        scores = [_word_coverage(word, text) for word in analysis.topic]
        return sum(scores) / len(scores) if scores else 1.0

    def _accept(self, coverage: float, dense: float) -> bool:
        config = self.config
        return coverage >= config.min_coverage or (
            dense >= config.min_dense and coverage >= config.min_coverage_with_dense
        )

    def _confidence(self, coverage: float, dense: float) -> float:
        dense_part = min(max((dense - 0.8) / 0.12, 0.0), 1.0)
        return round(0.5 * coverage + 0.5 * dense_part, 3)

    def _best_target(self, analysis: Analysis, hits: Sequence[Hit]) -> tuple[Hit, Target] | None:
        scored = []
        for rank, hit in enumerate(hits):
            _, item = self._item(hit)
            for target in item.targets:
                if analysis.units and not _unit_matches(target, analysis.units):
                    continue
                score = _clause_overlap(analysis.topic, target) - 0.75 * rank
                scored.append((score, -rank, hit, target))
        if not scored:
            return None
        best = max(scored, key=lambda entry: (entry[0], entry[1]))
        return best[2], best[3]

    def _item(self, hit: Hit) -> tuple[Document, Item]:
        doc = self.corpus.document(hit.doc_id)
        return doc, doc.item(hit.item)

    def _sentence_of(self, hit: Hit) -> tuple[int, ...]:
        """Index (in its item) of the hit's best sentence, if the retriever found one."""
        if hit.sentence < 0:
            return ()
        chunk = self.retriever.chunks[hit.sentence]
        _, item = self._item(hit)
        return tuple(i for i, s in enumerate(item.sentences) if s.span == chunk.span)

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


def _word_coverage(word: str, text: str) -> float:
    if word in text:
        return 1.0
    grams = [word[i : i + 2] for i in range(len(word) - 1)] or [word]
    return sum(gram in text for gram in grams) / len(grams)


def _unit_matches(target: Target, units: Sequence[str]) -> bool:
    return target.unit in units


def _clause_overlap(topic: Sequence[str], target: Target) -> float:
    """How much of the question's topic stands in the target's clause (and sentence)."""
    offset = target.sentence.find(target.text)
    clause = next(
        (m.group() for m in _CLAUSE.finditer(target.sentence) if m.start() <= offset < m.end()),
        target.sentence,
    )
    clause_norm, sentence_norm = normalize(clause), normalize(target.sentence)
    return sum(
        _word_coverage(w, clause_norm) + 0.25 * _word_coverage(w, sentence_norm) for w in topic
    )
