"""Which number answers a how-much question, chosen by the words that describe it.

The weights are measured on the eval sets by ``python -m eval.calibrate numbers``, which
sets each one to 0, half and double (one at a time) and counts the how-much answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.textnorm import normalize
from index.models import Hit
from qa.analysis import MONEY_UNIT, Analysis
from qa.evidence import TopicEvidence, word_coverage
from qa.models import Answer, AnswerKind, Certainty
from qa.quoting import Quoter
from qa.series import of_another_member, paired_with_another, stated_of
from qa.targets import TargetContext, contexts, stated_in
from qa.units import COUNTS, fits, measured_in_units, money_fits, per_one_fits, rate_fits

NO_NUMBER = "计划中没有给出这个问题的具体数字。"
_SUB_POINT = re.compile(r"\s*(?:[（(]\d{1,2}[）)]|[①-⑳]|\d{1,2}[)）])")


@dataclass(frozen=True)
class NumberConfig:
    """Weights of the words around a number, and of where the number stands."""

    lead_weight: float = 1.0  # topic words right before the number ("新开工…172个")
    tail_weight: float = 0.5  # ... right after it ("172个老旧小区")
    sentence_weight: float = 0.1  # ... anywhere in its sentence
    measure_bonus: float = 1.0  # the attribute asked for stands next to it ("容量2万千伏安")
    modifier_penalty: float = 1.0  # an attribute of a counted noun ("35千伏变电站一座")
    unit_bonus: float = 1.5  # its unit is the one asked for ("多少座")
    best_sentence_bonus: float = 0.5  # it stands in the sentence the search found best
    rank_penalty: float = 1.0  # per rank of its item below the first


@dataclass(frozen=True)
class _Candidate:
    score: float
    rank: int
    context: TargetContext
    hit: Hit

    def key(self) -> tuple[float, int, int]:
        """Best score, then the higher-ranked item, then the most specific description."""
        return self.score, -self.rank, -self.context.length


def _same_figure(one: _Candidate, other: _Candidate) -> bool:
    first, second = one.context.target, other.context.target
    return (first.value, first.unit) == (second.value, second.unit)


class NumberAnswers:
    """How-much answers: the best described target of the top items, quoted in its clause."""

    def __init__(
        self,
        quoter: Quoter,
        evidence: TopicEvidence,
        min_target_match: float,
        config: NumberConfig | None = None,
    ) -> None:
        self.quoter = quoter
        self.evidence = evidence
        self.min_target_match = min_target_match
        self.config = config or NumberConfig()

    def answer(
        self, question: str, analysis: Analysis, hits: Sequence[Hit], confidence: float
    ) -> Answer:
        """The number that answers, or a decline when no number's sentence holds the topic."""
        best = self.best_target(analysis, hits[:3])
        related = self.quoter.related(hits)
        if best is None:
            return Answer.declined(question, AnswerKind.HOW_MUCH, NO_NUMBER, related)
        hit, context = best
        target = context.target
        doc, item = self.quoter.item(hit)
        # a numbered point is read under its item's heading ("加快老旧小区改造" over
        # "（2）加装电梯不少于40部"); any other sentence must name the topic itself, else
        # its number is only the closest one, said under the heading
        scoped = _SUB_POINT.match(target.sentence) is not None
        described = f"{item.title} {target.sentence}" if scoped else target.sentence
        under_heading = not self._describes(analysis, described) and not scoped
        if under_heading and not self._describes(analysis, f"{item.title} {target.sentence}"):
            return Answer.declined(question, AnswerKind.HOW_MUCH, NO_NUMBER, related)
        sentence = next(
            i
            for i, s in enumerate(item.sentences)
            if s.span.start <= target.span.start < s.span.end
        )
        shown = target.qualifier if target.qualifier not in target.text else ""
        if target.column:  # "投资（万元）：850": the number's unit is its column's
            shown = f"{target.column}："
        return Answer(
            question,
            AnswerKind.HOW_MUCH,
            answered=True,
            certainty=(
                Certainty.CLOSEST
                if under_heading or self._said_of_something_wider(analysis, hits[0], hit, item.text)
                else Certainty.ANSWERED
            ),
            direct=f"{shown}{target.text}(原文:“{context.clause}”)",
            departments=item.departments,
            targets=(shown + target.text,),
            quotes=(self.quoter.quote(doc, item, (sentence,)),),
            confidence=confidence,
        )

    def _describes(self, analysis: Analysis, text: str) -> bool:
        """Whether ``text`` holds enough of the question's topic, weighted by rarity."""
        return self.evidence.specific_coverage(analysis.content, text) >= self.min_target_match

    def _said_of_something_wider(self, analysis: Analysis, first: Hit, hit: Hit, text: str) -> bool:
        """Whether the number's item speaks of the topic less closely than the first item.

        "乡镇政府驻地的污水治理率" is named in a task that gives no rate; the county's
        overall rate, stated elsewhere, is only the closest figure.
        """
        if (hit.doc_id, hit.item) == (first.doc_id, first.item):
            return False
        named = self.quoter.item(first)[1].text
        coverage = self.evidence.specific_coverage
        return coverage(analysis.content, named) > coverage(analysis.content, text)

    def best_target(
        self, analysis: Analysis, hits: Sequence[Hit]
    ) -> tuple[Hit, TargetContext] | None:
        """The target whose surrounding words best match the question, top item first.

        A money question only takes amounts of money: a plan that states none must not
        answer "how much does it cost" with a count of toilets; a question counting a
        thing the plan names ("多少个学位") only takes a number whose clause names it. A
        number in the sentence the retriever found best for the question gets a bonus;
        remaining ties go to the target with the shortest description, the most specific
        match. A figure also stated in a higher item is answered from that one.
        """
        candidates = [
            candidate
            for rank, hit in enumerate(hits)
            for candidate in self._candidates(analysis, hit, rank)
        ]
        if not candidates:
            return None
        best = max(candidates, key=_Candidate.key)
        same = [c for c in candidates if _same_figure(c, best) and c.hit.doc_id == best.hit.doc_id]
        tasks = [c for c in same if c.hit.item != 0]
        if best.hit.item == 0:  # the preamble sums up the tasks' targets: cite the task
            best = max(tasks, key=_Candidate.key, default=best)
        # the same figure in a higher item (a task restated in a project list): cite the task
        higher = [c for c in tasks if c.rank < best.rank]
        if higher:
            best = max(higher, key=_Candidate.key)
        return best.hit, best.context

    def _candidates(self, analysis: Analysis, hit: Hit, rank: int) -> list[_Candidate]:
        _, item = self.quoter.item(hit)
        best = {item.sentences[i].span for i in self.quoter.sentences_of(hit)}
        money = MONEY_UNIT in analysis.units
        found = []
        for context in contexts(item.targets):
            target = context.target
            if (money and target.unit != MONEY_UNIT) or stated_in(target, analysis.text):
                continue  # a number the question itself states is not its answer
            if of_another_member(analysis.text, stated_of(target)) or paired_with_another(
                analysis.text, target, item.targets
            ):
                continue  # "第二中学": not the 第一中学's; "省级": its own of "分别" values
            if analysis.measure and measured_in_units(analysis.measure) and target.unit in COUNTS:
                continue  # "年分拣能力是多少": 3万吨, not "分拣中心1个"
            if not (
                fits(analysis.asked_unit, target.unit)
                and rate_fits(analysis.text, target.unit)
                and per_one_fits(analysis.text, context.lead)
                and (target.unit != MONEY_UNIT or money_fits(analysis.text, context.clause))
            ):
                continue  # "生猪多少头": no area; "罚多少": no 100%; "一户补多少": no total;
                # "一度电多少钱": no subsidy
            if analysis.counted and analysis.counted[-1] not in normalize(context.clause):
                # "多少个学位": a number of schools does not count places; the noun counted
                # ends the phrase ("多少个老旧小区": 小区, not 老旧 of 老旧燃气管道)
                continue
            overlap = self.description_score(context, analysis)
            if rank and overlap <= 0:
                continue
            bonus = self.config.unit_bonus if target.unit in analysis.units else 0.0
            if target.sentence_span in best:
                bonus += self.config.best_sentence_bonus
            score = overlap + bonus - self.config.rank_penalty * rank
            found.append(_Candidate(score, rank, context, hit))
        return found

    def description_score(self, context: TargetContext, analysis: Analysis) -> float:
        """How well the question's topic (and the attribute it asks for) describes a number.

        An attribute ("35千伏" in "35千伏变电站一座") is penalised unless the question asks
        for its unit ("变电站是多少千伏的").
        """
        config = self.config
        texts = (
            (normalize(context.lead).lower(), config.lead_weight),
            (normalize(context.tail).lower(), config.tail_weight),
            (normalize(context.target.sentence).lower(), config.sentence_weight),
        )
        total = sum(
            weight * word_coverage(word, text) for word in analysis.topic for text, weight in texts
        )
        if analysis.measure and analysis.measure in context.lead + context.tail:
            total += config.measure_bonus
        penalised = context.modifier and context.target.unit not in analysis.units
        return total - (config.modifier_penalty if penalised else 0.0)
