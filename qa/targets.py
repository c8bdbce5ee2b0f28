"""Which number answers a how-much question: each target read with the words around it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.models import Target
from corpus.textnorm import normalize

# Units that count things; a number in any other unit directly before a noun that a later
# number counts is an attribute of that noun ("35千伏变电站一座,容量2万千伏安").
COUNTING_UNITS = frozenset(
    "个 座 所 条 项 家 户 类 大 批 片 处 名 位 人 人次 张 台 套 间 栋 辆 只 头".split()
)
_CLAUSE = re.compile(r"[^,\uff0c;\uff1b。!?\uff01\uff1f、]+[,\uff0c;\uff1b。!?\uff01\uff1f、]?")
_DISPLAY_CLAUSE = re.compile(r"[^,\uff0c;\uff1b。!?\uff01\uff1f]+")
_LEAD_WEIGHT, _TAIL_WEIGHT, _SENTENCE_WEIGHT = 1.0, 0.5, 0.1
_MEASURE_BONUS = 1.0
_MODIFIER_PENALTY = 1.0


@dataclass(frozen=True)
class TargetContext:
    """A target with what describes it: the words before it and after it in its clause."""

    target: Target
    lead: str
    tail: str
    modifier: bool
    clause: str  # the clause (between commas) the number stands in, verbatim

    def score(self, topic: Sequence[str], measure: str | None, units: Sequence[str]) -> float:
        """How well the question's topic (and the attribute it asks for) describes it.

        An attribute ("35千伏" in "35千伏变电站一座") is penalised unless the question asks
        for its unit ("变电站是多少千伏的").
        """
        texts = (
            (normalize(self.lead).lower(), _LEAD_WEIGHT),
            (normalize(self.tail).lower(), _TAIL_WEIGHT),
            (normalize(self.target.sentence).lower(), _SENTENCE_WEIGHT),
        )
        total = sum(weight * word_coverage(w, text) for w in topic for text, weight in texts)
        if measure and measure in self.lead + self.tail:
            total += _MEASURE_BONUS
        penalised = self.modifier and self.target.unit not in units
        return total - (_MODIFIER_PENALTY if penalised else 0.0)

    @property
    def length(self) -> int:
        """Length of the describing words: the shorter, the more specific a match."""
        return len(self.lead) + len(self.tail)


def contexts(targets: Sequence[Target]) -> list[TargetContext]:
    """Read each target of an item with the words around it."""
    return [_context(target, targets) for target in targets]


def _context(target: Target, targets: Sequence[Target]) -> TargetContext:
    sentence, base = target.sentence, target.sentence_span.start
    start, end = target.span.start - base, target.span.end - base
    clause = next((m for m in _CLAUSE.finditer(sentence) if m.start() <= start < m.end()), None)
    clause_start, clause_end = (clause.start(), clause.end()) if clause else (0, len(sentence))
    same = [t for t in targets if t.sentence_span == target.sentence_span and t is not target]
    before = [t.span.end - base for t in same if t.span.end - base <= start]
    # A count's noun may lie past a number of another kind: "10个总投资超10亿元的产业项目".
    after = [
        t.span.start - base for t in same if t.span.start - base >= end and _same_kind(t, target)
    ]
    lead = sentence[max([clause_start, *before]) : start]
    tail = sentence[end : min([clause_end, *after])]
    later_in_clause = any(end <= t.span.start - base < clause_end for t in same)
    modifier = (
        target.unit not in COUNTING_UNITS
        and end < len(sentence)
        and "\u4e00" <= sentence[end] <= "\u9fff"
        and later_in_clause
    )
    shown = next(m.group() for m in _DISPLAY_CLAUSE.finditer(sentence) if m.end() > start)
    return TargetContext(target, lead, tail, modifier, shown)


def _same_kind(first: Target, second: Target) -> bool:
    return (first.unit in COUNTING_UNITS) == (second.unit in COUNTING_UNITS)


def word_coverage(word: str, text: str) -> float:
    """1 if ``word`` is in ``text``, else the share of its character bigrams that are."""
    if word in text:
        return 1.0
    grams = [word[i : i + 2] for i in range(len(word) - 1)] or [word]
    return sum(gram in text for gram in grams) / len(grams)


def stated_in(target: Target, question: str) -> bool:
    """Whether the question already contains this target's number ("超过30个亿的项目")."""
    digits = re.match(r"\d+(?:\.\d+)?", target.number)
    if digits is None:
        return target.text in question
    return re.search(rf"(?<![\d.]){re.escape(digits.group())}(?![\d.])", question) is not None
