"""Numeric targets stated in an item: value, multiplier, unit and qualifier."""

from __future__ import annotations

import re
from collections.abc import Iterable

from corpus.models import Sentence, Span, Target
from corpus.textnorm import COLON, COMMA, SEMICOLON, SENTENCE_END

# Longest units first, so "千伏安" wins over "千伏" and "平方米" over "米".
UNITS = (
    "个百分点",
    "平方公里",
    "平方米",
    "立方米",
    "千伏安",
    "千瓦时",
    "千伏",
    "千瓦",
    "兆瓦",
    "公里",
    "千米",
    "人次",
    "公顷",
    "周年",
    "小时",
    "亩",
    "个",
    "座",
    "所",
    "%",
    "‰",
    "米",
    "人",
    "户",
    "家",
    "条",
    "项",
    "处",
    "吨",
    "元",
    "张",
    "台",
    "套",
    "间",
    "栋",
    "辆",
    "次",
    "场",
    "名",
    "位",
    "天",
    "年",
    "倍",
    "床",
    "只",
    "头",
    "批",
    "期",
    "片",
    "支",
    "部",
    "篇",
)
_MULTIPLIERS = {"万": 1e4, "亿": 1e8}
_SUFFIX_QUALIFIERS = ("以上", "以下", "以内", "左右", "余")
_PREFIX_QUALIFIERS = ("不少于", "不低于", "不超过", "至少", "超过", "力争")
# One-character qualifiers count only right before the number: 约 in 签约率 is no qualifier.
_ADJACENT_QUALIFIERS = ("超", "约", "近")

_QUANTITY = re.compile(
    r"(?<![\d.A-Za-z])(?P<number>\d+(?:\.\d+)?)(?P<mult>[万亿]?)"
    r"(?P<unit>" + "|".join(re.escape(u) for u in UNITS) + r")"
    r"(?P<suffix>" + "|".join(_SUFFIX_QUALIFIERS) + r")?"
)
_CLAUSE_BREAK = re.compile(f"[、 {COMMA}{SEMICOLON}{COLON}{SENTENCE_END}]")
_YEAR = re.compile(r"(?:19|20)\d\d")


def extract_targets(sentences: Iterable[Sentence], item: int) -> tuple[Target, ...]:
    """Return every quantity with a unit in ``sentences``, with document spans.

    Calendar years ("2022年") are dates, not quantities, and are skipped.
    """
    targets = []
    for sentence in sentences:
        previous_end = 0
        for match in _QUANTITY.finditer(sentence.text):
            if match["unit"] == "年" and not match["mult"] and _YEAR.fullmatch(match["number"]):
                continue
            lead = sentence.text[previous_end : match.start()]
            previous_end = match.end()
            start = sentence.span.start + match.start()
            span = Span(start, sentence.span.start + match.end())
            targets.append(
                Target(
                    text=match.group(),
                    number=match["number"] + match["mult"],
                    value=float(match["number"]) * _MULTIPLIERS.get(match["mult"], 1.0),
                    unit=match["unit"],
                    qualifier=match["suffix"] or _prefix_qualifier(lead),
                    sentence=sentence.text,
                    span=span,
                    item=item,
                )
            )
    return tuple(targets)


def _prefix_qualifier(lead: str) -> str:
    """Return a qualifier such as 至少 in the clause before a number, or ``""``.

    ``lead`` is the text between the previous quantity and this one, so a qualifier
    is never borrowed from another quantity ("3个总投资超30亿元…、10个…").
    """
    clause = _CLAUSE_BREAK.split(lead)[-1]
    if clause.endswith(_ADJACENT_QUALIFIERS) and not clause.endswith(_PREFIX_QUALIFIERS):
        return clause[-1]
    best, best_at = "", -1
    for qualifier in _PREFIX_QUALIFIERS:
        at = clause.rfind(qualifier)
        if at > best_at:
            best, best_at = qualifier, at
    return best
