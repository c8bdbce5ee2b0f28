"""When the plan answers a question, and how sure the answer is.

The decision to answer is one logistic model over the signals each hit carries (see
:class:`Signals`); its weights and the two cut-offs are fitted on the dev sets by
``python -m eval.calibrate policy``, which prints the figures docs/architecture.md reports.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from corpus.loading import Corpus
from corpus.models import without_cited_titles
from index.models import Hit
from qa.analysis import Analysis
from qa.evidence import TopicEvidence
from qa.models import Answer, AnswerKind

NO_TOPIC = "没有看出问的是计划里的哪项工作,请说得具体些,例如某项任务由谁负责、目标是多少。"
NOT_CHINESE = "请用中文提问,例如“这项任务由哪个部门负责”“目标是多少”。"
NOT_FOUND = "计划中没有找到相关内容。"
NOT_ANSWERED = "计划中没有找到能回答这个问题的内容。"
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_FOREIGN_WORDS = 3  # Latin words that make a sentence, not an abbreviation
# The cosine signal: 0.8 (unrelated text) counts 0, 0.92 and above counts 1.
_UNRELATED_COSINE, _COSINE_SPAN = 0.8, 0.12


@dataclass(frozen=True)
class Signals:
    """What the topic and the two retrievers say about one hit, each from 0 to 1."""

    coverage: float  # share of the question's topic words the item holds
    cosine: float  # the item's best dense cosine, scaled from unrelated to close
    lexical: float  # the item's best BM25 score as a share of the question's ceiling
    first: float  # 1 for the hit the fused ranking put first

    @classmethod
    def of(cls, hit: Hit, coverage: float, first: bool) -> Signals:
        """The signals of a hit whose item holds ``coverage`` of the topic."""
        cosine = min(max((hit.dense_score - _UNRELATED_COSINE) / _COSINE_SPAN, 0.0), 1.0)
        return cls(coverage, cosine, hit.lexical_score, float(first))

    def vector(self) -> tuple[float, float, float, float]:
        """The signals in the order of :attr:`DecisionModel.weights`."""
        return (self.coverage, self.cosine, self.lexical, self.first)


@dataclass(frozen=True)
class DecisionModel:
    """The probability that a hit answers the question: logistic over its :class:`Signals`.

    Fitted by ``python -m eval.calibrate policy`` (IRLS on every top-5 hit of the dev
    questions, labelled by whether it is an item that answers). Rank agreement of BM25
    and dense, and the margin to the next hit, were fitted too and left out: they improved
    no figure on the dev sets. The weights hold for the bundled e5 model's cosines; refit
    them for another model.
    """

    weights: tuple[float, ...] = (1.772, 4.847, 1.226, 4.5)  # in Signals.vector order
    bias: float = -8.479

    def probability(self, signals: Signals) -> float:
        """``sigmoid(weights · signals + bias)``."""
        z = sum(w * x for w, x in zip(self.weights, signals.vector(), strict=True))
        return 1.0 / (1.0 + math.exp(-(z + self.bias)))


@dataclass(frozen=True)
class Support:
    """Hits that answer a question: the best first, with its evidence."""

    hits: list[Hit]
    coverage: float  # of the first hit
    probability: float  # that the first hit answers
    closest: bool  # middling evidence: answered as the closest clause found


@dataclass(frozen=True)
class AnswerConfig:
    """When to answer rather than decline (``python -m eval.calibrate``)."""

    decision: DecisionModel = field(default_factory=DecisionModel)
    answer_at: float = 0.425  # the best hit's probability to answer outright
    closest_at: float = 0.4  # ... to answer with the closest clause, said to be such
    multi_item_ratio: float = 0.9  # a "who" answer lists items scoring this close to the best
    strong_coverage: float = 0.8  # a follow-up this well covered on its own is a new topic
    min_target_match: float = 0.5  # share of the topic (by rarity) a number's sentence must hold


class AnswerPolicy:
    """The decline rules: before search (year, office, topic) and after (evidence)."""

    def __init__(self, corpus: Corpus, evidence: TopicEvidence, config: AnswerConfig) -> None:
        self.corpus = corpus
        self.evidence = evidence
        self.config = config
        # Each plan's own year and its text without the cited documents' names, read once.
        self._dated = [
            (year, without_cited_titles(doc.text))
            for doc in corpus.documents
            if (year := doc.year) is not None
        ]

    def refusal(
        self, question: str, kind: AnswerKind, analysis: Analysis, going_on: bool
    ) -> Answer | None:
        """A decline decided before any search: a year, an office or a topic the plan lacks.

        A question in a foreign language is asked again in Chinese: its words meet none of
        the plan's, and after a conversation it would be read as going on about it.
        """
        foreign = len(_LATIN_WORD.findall(analysis.text)) >= _FOREIGN_WORDS
        if foreign and not _HAN.search(analysis.text):  # "ETC" alone is the plan's word
            return Answer.declined(question, kind, NOT_CHINESE)
        missing_year = [y for y in analysis.years if not self._mentions_year(y)]
        missing_year += self._missing_relative_years(analysis)
        if missing_year:
            return Answer.declined(question, kind, f"计划中没有关于{missing_year[0]}年的内容。")
        # An office the plan never names is declined when it is what the question is about
        # ("市公安局负责哪些任务"), not when it is a guess at who does a task ("是国土局管吗").
        about_office = analysis.about_office or not analysis.content
        if analysis.unknown_departments and not analysis.departments and about_office:
            name = analysis.unknown_departments[0]
            message = f"计划中没有给“{name}”分配任务。"
            return Answer.declined(question, AnswerKind.DEPARTMENT, message)
        named = analysis.topic or analysis.departments or analysis.part is not None
        if not named and not going_on:  # "在吗", "你是谁": nothing to look up
            return Answer.declined(question, kind, NO_TOPIC)
        return None

    def supported(self, analysis: Analysis, hits: list[Hit]) -> Support | None:
        """The hits to answer from, the likeliest to answer first; ``None`` to decline.

        A hit below the fused first can answer when its evidence is better ("村里喝水难"
        / "农村吃水问题": close in meaning, few shared words).
        """
        model = self.config.decision
        signals = [self.signals(analysis, hit, rank == 0) for rank, hit in enumerate(hits)]
        probability, best, found = max(
            ((model.probability(s), hit, s) for s, hit in zip(signals, hits, strict=True)),
            key=lambda scored: scored[0],
        )
        if probability < self.config.closest_at:
            return None
        reordered = [best, *(hit for hit in hits if hit is not best)]
        closest = probability < self.config.answer_at
        return Support(reordered, found.coverage, probability, closest)

    def given(self, analysis: Analysis, hits: list[Hit]) -> Support:
        """The hits as they are (a follow-up's own item first), with the first's evidence."""
        signals = self.signals(analysis, hits[0], first=True)
        probability = self.config.decision.probability(signals)
        return Support(hits, signals.coverage, probability, closest=False)

    def coverage(self, analysis: Analysis, hit: Hit) -> float:
        """Share of the question's topic found in the hit's item."""
        return self.evidence.coverage(analysis.topic, (hit.doc_id, hit.item))

    def signals(self, analysis: Analysis, hit: Hit, first: bool) -> Signals:
        """The evidence of one hit (``first``: the fused ranking put it first)."""
        return Signals.of(hit, self.coverage(analysis, hit), first)

    def probability(self, analysis: Analysis, hit: Hit, first: bool = True) -> float:
        """How likely the hit answers the question (the fitted :class:`DecisionModel`)."""
        return self.config.decision.probability(self.signals(analysis, hit, first))

    def _mentions_year(self, year: str) -> bool:
        return any(year in doc.text or year in doc.title for doc in self.corpus.documents)

    def _missing_relative_years(self, analysis: Analysis) -> list[str]:
        """去年 and the like, read against each plan's own year: the years no plan speaks of.

        A plan's year is the one in its title, else the year its text names most often
        ("到2025年底", "2025年6月底前完成").
        """
        missing = []
        for offset in analysis.relative_years:
            years = [(str(year + offset), text) for year, text in self._dated]
            if years and not any(year in text for year, text in years):
                missing.append(years[0][0])
        return missing
