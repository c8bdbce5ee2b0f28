"""Questions that ask two things at once, each answered on its own, the replies joined.

"县里一共拿多少钱 改几个学校", "今年拆除多少违法建设？其中城区占多少？", "设计能力和总投资
分别是多少", "牵头单位和完成时限分别是什么": the second part is asked after the first,
so an elliptic one ("其中城区占多少", "总投资是多少") goes on from the first's task.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from qa.models import Answer, Certainty, Quote
from qa.render import direct_line
from qa.units import COUNTS, MEASURES

# What a part of a question asks for: a number, a date, the units (not a topic's words).
_UNIT_CHARS = "".join(sorted({unit[0] for unit in COUNTS | MEASURES}))
_WHO = r"谁|哪个(?:部门|单位|局)|哪些(?:部门|单位)|哪家"
_ASKS = re.compile(
    # "那几条路", "哪几条" point at things, they ask no number
    rf"多少|多大|多长|多高|(?<![那这哪])几(?:[{_UNIT_CHARS}万千亿元成倍年天]|个月)"
    rf"|什么时候|何时|啥时候|哪天|几号|哪年|{_WHO}"
)
# Two questions who ("网格员归哪个部门管,工资谁发"): the second asks of something the plan
# rarely names (who pays), not a second fact of the task; asked whole.
_ASKS_OTHER_THAN_WHO = re.compile(_ASKS.pattern.replace(f"|{_WHO}", ""))
# A clause asks when its ask ends it, give or take a noun ("改几个学校"); in "几条主干道
# 延长的工程" the count names the topic.
_ASKING_CLAUSE = re.compile(f"(?:{_ASKS.pattern}).{{0,5}}$")
# A modal particle ends a clause spoken without punctuation ("一年给多少补贴啊给几年").
_CLAUSE_BREAK = re.compile(r"[，,。？?！!；;\s啊呀呢嘛]+")
# "A和B分别是多少": the same question of two things.
_RESPECTIVELY = re.compile(
    r"^(?P<first>.+?)(?:和|与|以及|及)(?P<second>[^，,和与及]{2,12}?)分别(?P<ask>(?:是|为|有|要)?"
    r"(?:多少|什么|几|哪些|何时|谁).*)$"
)


def parts(question: str) -> tuple[str, ...]:
    """The question as the parts it asks, in order; one part for a simple question."""
    pair = _RESPECTIVELY.match(question)
    if pair:
        ask = pair["ask"]
        return (pair["first"] + ask, pair["second"] + ask)
    found: list[str] = []
    current, asking = "", False
    for clause in (c for c in _CLAUSE_BREAK.split(question) if c):
        asks = bool(_ASKING_CLAUSE.search(clause))
        if asking and asks:  # a second ask starts a part
            found.append(current)
            current = clause
        else:
            current = f"{current} {clause}" if current else clause
            asking = asking or asks
    split = (*found, current)
    if not found or not any(_ASKS_OTHER_THAN_WHO.search(part) for part in split):
        return (question,)
    return split


def joined(question: str, answers: list[Answer]) -> Answer:
    """One reply holding each part's: its facts in order, its quotes each once.

    A later part the plan does not answer is said so in a note ("计划中没有给出期限或时
    长。"); when the first, which names the topic, is not answered, neither is the whole.
    """
    answered = [a for a in answers if a.answered]
    if not answers[0].answered:
        return dataclasses.replace(answers[0], question=question)
    first = answered[0]
    direct = "；".join(a.direct if a is first else direct_line(a) for a in answered)
    unanswered = [a.direct for a in answers if not a.answered]
    hedged = any(a.certainty == Certainty.CLOSEST for a in answered)
    return dataclasses.replace(
        first,
        question=question,
        direct=direct,
        departments=tuple(dict.fromkeys(d for a in answered for d in a.departments)),
        targets=tuple(t for a in answered for t in a.targets),
        quotes=_each_once(q for a in answered for q in a.quotes),
        related=_each_once(q for a in answers if not a.answered for q in a.related),
        confidence=min(a.confidence for a in answered),
        notes=tuple(dict.fromkeys([*(n for a in answered for n in a.notes), *unanswered])),
        certainty=Certainty.CLOSEST if hedged else first.certainty,
    )


def _each_once(quotes: Iterable[Quote]) -> tuple[Quote, ...]:
    seen: dict[tuple[str, int], Quote] = {}
    for quote in quotes:
        seen.setdefault((quote.doc_id, quote.item), quote)
    return tuple(seen.values())
