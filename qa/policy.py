"""When the plan answers a question, and how sure the answer is.

The thresholds are measured on the eval sets by ``python -m eval.calibrate policy``,
which runs a grid over the four decline thresholds of :class:`AnswerConfig` and prints
the default's row next to the setting its rule chooses.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from corpus.loading import Corpus
from corpus.models import Document
from index.models import Hit
from qa.analysis import YEAR, Analysis
from qa.evidence import TopicEvidence
from qa.models import Answer, AnswerKind

# A year inside a cited document's name (《…(2023—2025年)》) says nothing about that year.
_BOOK_TITLE = re.compile(r"《[^》]*》")
NO_TOPIC = "没有看出问的是计划里的哪项工作,请说得具体些,例如某项任务由谁负责、目标是多少。"
NOT_FOUND = "计划中没有找到相关内容。"
NOT_ANSWERED = "计划中没有找到能回答这个问题的内容。"
# The dense part of the confidence: cosine 0.8 (unrelated text) counts 0, 0.92 counts 1.
_UNRELATED_COSINE, _COSINE_SPAN = 0.8, 0.12


@dataclass(frozen=True)
class AnswerConfig:
    """Thresholds for answering rather than declining (``python -m eval.calibrate``)."""

    min_coverage: float = 0.4  # share of the topic the item must hold
    min_dense: float = 0.87  # ... or this cosine with some of the topic
    min_coverage_with_dense: float = 0.1
    min_dense_alone: float = 0.89  # trust meaning alone above this cosine
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
            (year, _BOOK_TITLE.sub("", doc.text))
            for doc in corpus.documents
            if (year := _plan_year(doc)) is not None
        ]

    def refusal(
        self, question: str, kind: AnswerKind, analysis: Analysis, going_on: bool
    ) -> Answer | None:
        """A decline decided before any search: a year, an office or a topic the plan lacks."""
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

    def supported(self, analysis: Analysis, hits: list[Hit]) -> tuple[list[Hit], float] | None:
        """The hits to answer from and the topic's coverage of the first, or ``None``.

        The best hit must hold enough of the topic (or some of it and a close meaning);
        failing that, a hit whose meaning is very close answers alone ("村里喝水难" /
        "农村吃水问题"): it is put first.
        """
        coverage = self.coverage(analysis, hits[0])
        if self._accept(coverage, hits[0].dense_score):
            return hits, coverage
        semantic = max(hits, key=lambda hit: hit.dense_score)
        if semantic.dense_score < self.config.min_dense_alone:
            return None
        reordered = [semantic, *(hit for hit in hits if hit is not semantic)]
        return reordered, self.coverage(analysis, semantic)

    def coverage(self, analysis: Analysis, hit: Hit) -> float:
        """Share of the question's topic found in the hit's item."""
        return self.evidence.coverage(analysis.topic, (hit.doc_id, hit.item))

    def confidence(self, coverage: float, dense: float) -> float:
        """Half topic coverage, half cosine (scaled from unrelated to close), 0 to 1."""
        dense_part = min(max((dense - _UNRELATED_COSINE) / _COSINE_SPAN, 0.0), 1.0)
        return round(0.5 * coverage + 0.5 * dense_part, 3)

    def _accept(self, coverage: float, dense: float) -> bool:
        config = self.config
        return coverage >= config.min_coverage or (
            dense >= config.min_dense and coverage >= config.min_coverage_with_dense
        )

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


def _plan_year(doc: Document) -> int | None:
    titled = YEAR.search(doc.title)
    if titled:
        return int(titled.group(1))
    named = Counter(YEAR.findall(_BOOK_TITLE.sub("", doc.text)))
    return int(named.most_common(1)[0][0]) if named else None
