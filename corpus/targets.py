"""Numeric targets stated in an item: value, multiplier, unit and qualifier."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.models import Sentence, Span, Target
from corpus.numerals import chinese_to_int
from corpus.textnorm import COLON, COMMA, SEMICOLON, SENTENCE_END

# Longest units first, so "千伏安" wins over "千伏", "平方米" over "米" and "个工作日"
# ("压缩至0.5个工作日", 营商环境 plans) over "个".
UNITS = tuple(
    sorted(
        "个百分点 个工作日 工作日 个月 平方公里 平方米 立方米 千伏安 千瓦时 千伏 千瓦 兆瓦 公里 "
        "千米 人次 公顷 周年 小时 分钟 秒 亩 个 座 所 % ‰ 米 人 户 家 条 项 处 吨 元 张 台 套 "
        "间 栋 辆 次 场 名 位 天 年 倍 床 只 头 批 期 片 支 部 篇 大 级 类 学时 课时 "
        "件 艘 块 棵 株 份 枚 眼 盏 宗 微克/立方米".split(),
        key=len,
        reverse=True,
    )
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
# Counts written in Chinese numerals ("三条控制线", "4大领域" is caught above): only with
# a classifier, never after 第 (an ordinal) and never inside a fixed phrase (一村一品).
_CHINESE_COUNT = re.compile(
    r"(?<![第一二三四五六七八九十两])(?P<number>[一二三四五六七八九十两]{1,3})(?P<unit>[条项座所类大级])"
)
_CLAUSE_BREAK = re.compile(f"[、 {COMMA}{SEMICOLON}{COLON}{SENTENCE_END}]")
# A table printed as spaced lines ("项目名称   建设内容   投资（万元）   责任单位"): cells
# are set apart by spaces or tabs; a header cell names its unit in brackets.
_CELL = re.compile(r"[^ \t\u3000]+")
_COLUMN_UNIT = re.compile(
    r"[（(](?P<mult>[万亿]?)(?P<unit>" + "|".join(re.escape(u) for u in UNITS) + r")[）)]$"
)
_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MIN_COLUMNS = 3
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    number: str
    value: float
    unit: str
    suffix: str


def extract_targets(sentences: Iterable[Sentence], item: int) -> tuple[Target, ...]:
    """Return every quantity with a unit in ``sentences``, with document spans.

    Calendar years ("2022年") are dates, not quantities, and are skipped.
    """
    targets = []
    for sentence in sentences:
        previous_end = 0
        for quantity in _quantities(sentence.text):
            lead = sentence.text[previous_end : quantity.start]
            previous_end = quantity.end
            start = sentence.span.start + quantity.start
            targets.append(
                Target(
                    text=sentence.text[quantity.start : quantity.end],
                    number=quantity.number,
                    value=quantity.value,
                    unit=quantity.unit,
                    qualifier=quantity.suffix or _prefix_qualifier(lead),
                    sentence=sentence.text,
                    sentence_span=sentence.span,
                    span=Span(start, sentence.span.start + quantity.end),
                    item=item,
                )
            )
    return tuple(targets)


def column_targets(sentences: Iterable[Sentence], item: int) -> tuple[Target, ...]:
    """Bare numbers in the rows of a spaced table, each in its column header's unit.

    A row counts when it has as many cells as the header above it: "榆泽技师学院实训楼
    建设…2.2万平方米   8800   榆泽技师学院" under "…   投资（万元）   …" states 8800万元.
    """
    targets: list[Target] = []
    header: list[tuple[str, re.Match[str] | None]] = []
    for sentence in sentences:
        cells = [cell.span() for cell in _CELL.finditer(sentence.text)]
        if len(cells) < _MIN_COLUMNS:
            header = []
            continue
        names = [sentence.text[a:b] for a, b in cells]
        units = [_COLUMN_UNIT.search(name) for name in names]
        if any(units):
            header = list(zip(names, units, strict=True))
            continue
        if len(cells) != len(header):
            continue
        for (a, b), (name, unit) in zip(cells, header, strict=True):
            number = sentence.text[a:b]
            if unit is None or not _BARE_NUMBER.fullmatch(number):
                continue
            mult = unit["mult"]
            targets.append(
                Target(
                    text=number,
                    number=number + mult,
                    value=float(number) * _MULTIPLIERS.get(mult, 1.0),
                    unit=unit["unit"],
                    qualifier="",
                    sentence=sentence.text,
                    sentence_span=sentence.span,
                    span=Span(sentence.span.start + a, sentence.span.start + b),
                    item=item,
                    column=name,
                )
            )
    return tuple(targets)


def _quantities(text: str) -> list[_Quantity]:
    found = []
    for match in _QUANTITY.finditer(text):
        if match["unit"] == "年" and not match["mult"] and _YEAR.fullmatch(match["number"]):
            continue
        value = float(match["number"]) * _MULTIPLIERS.get(match["mult"], 1.0)
        found.append(
            _Quantity(
                match.start(),
                match.end(),
                match["number"] + match["mult"],
                value,
                match["unit"],
                match["suffix"] or "",
            )
        )
    for match in _CHINESE_COUNT.finditer(text):
        value_int = chinese_to_int(match["number"].replace("两", "二"))
        if value_int is not None:
            found.append(
                _Quantity(
                    match.start(), match.end(), match["number"], float(value_int), match["unit"], ""
                )
            )
    return sorted(found, key=lambda q: q.start)


def _prefix_qualifier(lead: str) -> str:
    """Return a qualifier such as 至少 in the clause before a number, or ``""``.

    ``lead`` is the text between the previous quantity and this one, so a qualifier
    is never borrowed from another quantity ("3个总投资超30亿元…、10个…").
    """
    clause = _CLAUSE_BREAK.split(lead)[-1]
    if clause.endswith(_ADJACENT_QUALIFIERS) and not clause.endswith(_PREFIX_QUALIFIERS):
        return clause[-1]
    # the last one written; of two ending together the longer ("不超过", not its "超过")
    found = [(at + len(q), len(q), q) for q in _PREFIX_QUALIFIERS if (at := clause.rfind(q)) >= 0]
    return max(found)[2] if found else ""
