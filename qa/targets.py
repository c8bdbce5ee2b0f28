"""Each target of an item read with the words that describe it in its clause."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.clauses import CLAUSE_BREAKS, ENUMERATION_COMMA, clause_spans
from corpus.models import Target
from qa.units import COUNTS

# A number in a unit that does not count (qa.units.COUNTS) directly before a noun that a
# later number counts is an attribute of that noun ("35千伏变电站一座,容量2万千伏安").
# A number's describing words stop at an enumeration comma too: "新建A100个、B20个".
_DESCRIBING_BREAKS = CLAUSE_BREAKS + ENUMERATION_COMMA


@dataclass(frozen=True)
class TargetContext:
    """A target with what describes it: the words before it and after it in its clause."""

    target: Target
    lead: str
    tail: str
    modifier: bool
    clause: str  # the clause (between commas) the number stands in, verbatim

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
    if target.column:  # a table row: the cells before the number name what it is
        return TargetContext(target, sentence[:start], "", False, sentence)
    spans = clause_spans(sentence, _DESCRIBING_BREAKS)
    clause_start, clause_end = next(
        ((a, b) for a, b in spans if a <= start < b), (0, len(sentence))
    )
    same = [t for t in targets if t.sentence_span == target.sentence_span and t is not target]
    before = [t.span.end - base for t in same if t.span.end - base <= start]
    # A count's noun may lie past a number of another kind: "10个总投资超10亿元的产业项目".
    after = [
        t.span.start - base for t in same if t.span.start - base >= end and _same_kind(t, target)
    ]
    lead = sentence[max([clause_start, *before]) : start]
    listed_after = next((t for t in same if t.span.end - base == start - 1), None)
    if not lead and listed_after is not None and sentence[start - 1] in ENUMERATION_COMMA:
        # "分别给予…2万元、1万元": the second value is described by the first one's words
        lead = _context(listed_after, targets).lead
    tail = sentence[end : min([clause_end, *after])]
    later_in_clause = any(end <= t.span.start - base < clause_end for t in same)
    modifier = (
        target.unit not in COUNTS
        and end < len(sentence)
        and "\u4e00" <= sentence[end] <= "\u9fff"
        and later_in_clause
    )
    return TargetContext(target, lead, tail, modifier, _clause_at(sentence, start))


def _clause_at(sentence: str, position: int) -> str:
    """The clause (between commas, its breaks left out) holding ``position``, verbatim."""
    for start, end in clause_spans(sentence):
        bare_end = start + len(sentence[start:end].rstrip(CLAUSE_BREAKS))
        if bare_end > position:
            return sentence[start:bare_end]
    return sentence


def _same_kind(first: Target, second: Target) -> bool:
    return (first.unit in COUNTS) == (second.unit in COUNTS)


def stated_in(target: Target, question: str) -> bool:
    """Whether the question already contains this target's number ("超过30个亿的项目")."""
    digits = re.match(r"\d+(?:\.\d+)?", target.number)
    if digits is None:
        return target.text in question
    return re.search(rf"(?<![\d.]){re.escape(digits.group())}(?![\d.])", question) is not None
