"""Numbered headings of a plan, in every numbering style plans use, by nesting level.

Chinese official documents nest 一、 → （一） → 1. → （1） → ①; some number articles
第一条 or chapters 第一章. A heading only counts where it stands at a line or sentence
start and continues its style's numbering (or restarts at 1 under a new heading of a
higher level), so "(街道)", "(2018-2022年)" or "1.4万" inside a sentence are no headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int
from corpus.textnorm import CLOSE, COLON, COMMA, OPEN, SEMICOLON, SENTENCE_END

_N = f"[{CHINESE_NUMERAL_CHARS}]{{1,3}}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class Style:
    """A numbering style and its level: 0 parts, 1-3 items, 4-5 sub-points."""

    name: str
    rank: int
    pattern: re.Pattern[str]


PART = Style("part", 0, re.compile(rf"(?P<num>{_N})、"))
CHAPTER = Style("chapter", 0, re.compile(rf"第(?P<num>{_N})(?:章|部分)"))
PAREN = Style("paren", 1, re.compile(rf"[{OPEN}](?P<num>{_N})[{CLOSE}]"))
ARTICLE = Style("article", 2, re.compile(rf"第(?P<num>{_N})条"))
ARABIC = Style("arabic", 3, re.compile(r"(?P<num>\d{1,3})(?:[.．](?![\d.．])|、)"))
PAREN_ARABIC = Style("paren_arabic", 4, re.compile(rf"[{OPEN}](?P<num>\d{{1,2}})[{CLOSE}]"))
CIRCLED = Style("circled", 5, re.compile(f"(?P<num>[{_CIRCLED}])"))
STYLES = (PART, CHAPTER, PAREN, ARTICLE, ARABIC, PAREN_ARABIC, CIRCLED)
# "附件：重点项目清单" on a line of its own after the plan: a part of its own (a project
# list, a table), not the end of the last task. Numbered after the plan's parts.
ATTACHMENT = Style(
    "attachment",
    0,
    re.compile(rf"^[ \t\u3000]*附件[ \t\u3000]*(?P<num>\d{{0,2}})[ \t\u3000]*[{COLON}]?", re.M),
)
_ATTACHMENT_LINE_MAX = 40
PART_RANK = 0
SUB_POINT_RANK = 4  # （1） and ① always number points inside a task
# A heading starts a line or follows the end of a sentence or of a 责任单位 clause.
_BOUNDARY = set("\n" + SENTENCE_END + SEMICOLON + CLOSE)
_POINT_BOUNDARY = _BOUNDARY | set(COLON + COMMA)  # "推进…：（1）…；（2）…"
TITLE_STOP = re.compile(f"[{COMMA}{SEMICOLON}{COLON}{SENTENCE_END}\n]")  # ends a title
_PART_TITLE_MAX = 40
# A number glued to the digits its title begins with ("12.365便民热线", "7.5G基站"): the
# ARABIC pattern refuses "12.3" (a decimal), so these are looked for apart and accepted
# only at a line start where the sequence expects exactly that number.
_GLUED_ARABIC = re.compile(r"(?<![\d.．])(?P<num>\d{1,3})[.．](?=\d)")
# How far a line-start heading may jump ahead of its sequence (a number skipped or
# misprinted) and still be taken, so one bad number never swallows the rest of a plan.
_MAX_SKIP = 2


@dataclass(frozen=True)
class Heading:
    """A numbered heading found in the text."""

    style: Style
    number: int
    label: str
    start: int
    end: int
    assumed: str = ""  # what the parser assumed to accept it (a glued or skipped number)

    @property
    def rank(self) -> int:
        """The nesting level of its style (0 for parts)."""
        return self.style.rank


def find_headings(text: str) -> list[Heading]:
    """Every heading, in text order, that stands at a boundary and continues its numbering.

    A heading at a line start is also taken when its number is glued to its title's
    digits ("12.365…") or skips ahead by up to :data:`_MAX_SKIP`; ``assumed`` says so.
    """
    candidates = sorted(
        (
            *(
                (match.start(), style.rank, style, match, False)
                for style in STYLES
                for match in style.pattern.finditer(text)
            ),
            *((m.start(), ARABIC.rank, ARABIC, m, True) for m in _GLUED_ARABIC.finditer(text)),
        ),
        key=lambda candidate: candidate[:2],
    )
    headings: list[Heading] = []
    expected: dict[str, int] = {}
    restartable: set[str] = set()
    last_part_end = -1
    for start, _, style, match, glued in candidates:
        number = _number(match["num"])
        if number is None or (headings and start < headings[-1].end):
            continue
        after_part = style.rank > PART_RANK and _follows_part_title(text, last_part_end, start)
        if not (_at_boundary(text, start, style) or after_part):
            continue
        assumed = _assumption(text, start, style, number, expected, glued=glued)
        restarts = number == 1 and style.name in restartable and not glued
        if assumed is None and not restarts:
            continue
        label = match.group()
        headings.append(Heading(style, number, label, start, match.end(), assumed or ""))
        expected[style.name] = number + 1
        restartable.discard(style.name)
        restartable.update(s.name for s in STYLES if s.rank > style.rank)
        if style.rank == PART_RANK:
            last_part_end = match.end()
    return _with_attachments(text, headings)


def _with_attachments(text: str, headings: list[Heading]) -> list[Heading]:
    """``headings`` and the attachment labels after the first of them, each a part."""
    if not headings:
        return headings
    found = []
    parts = sum(h.rank == PART_RANK for h in headings)
    for match in ATTACHMENT.pattern.finditer(text, headings[0].end):
        line_end = text.find("\n", match.end())
        line = text[match.end() : len(text) if line_end < 0 else line_end]
        if len(line) > _ATTACHMENT_LINE_MAX or any(c in SENTENCE_END for c in line):
            continue  # "附件1所列项目…。": a sentence about it, not its label
        parts += 1
        label = match.group().strip(" \t\u3000")
        found.append(Heading(ATTACHMENT, parts, label, match.end() - len(label), match.end()))
    if not found:
        return headings
    inside = [h for h in headings if not any(a.start <= h.start < a.end for a in found)]
    return sorted([*inside, *found], key=lambda heading: heading.start)


def _assumption(
    text: str, start: int, style: Style, number: int, expected: dict[str, int], *, glued: bool
) -> str | None:
    """``""`` when the number continues its sequence plainly, a note when it is accepted
    on an assumption (glued to digits, or skipping ahead at a line start), else ``None``."""
    wanted = expected.get(style.name, 1)
    if number == wanted and not glued:
        return ""
    if not (style.name in expected and _at_line_start(text, start)):
        return None
    if glued:
        return f"“{number}.”后紧跟数字，按第{number}项处理" if number == wanted else None
    if style.rank < SUB_POINT_RANK and wanted < number <= wanted + _MAX_SKIP:
        return f"编号从{wanted - 1}跳到{number}，按第{number}项继续"
    return None


def _at_line_start(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip()


def heading_at(text: str, start: int = 0) -> Heading | None:
    """The heading that opens ``text`` at ``start``, in any style, whatever its number.

    No boundary or numbering check: for a label the caller knows is one (a table's 序号).

    >>> heading_at("一、培育消费新场景").label
    '一、'
    """
    for style in STYLES:
        match = style.pattern.match(text, start)
        number = None if match is None else _number(match["num"])
        if match is not None and number is not None:
            return Heading(style, number, match.group(), match.start(), match.end())
    return None


def _number(numeral: str) -> int | None:
    if numeral.isdigit():
        return int(numeral)
    if numeral in _CIRCLED:
        return _CIRCLED.index(numeral) + 1
    return chinese_to_int(numeral)


def _at_boundary(text: str, start: int, style: Style) -> bool:
    if start == 0 or text[start - 1].isspace():
        return True
    boundary = _POINT_BOUNDARY if style.rank >= SUB_POINT_RANK else _BOUNDARY
    return text[start - 1] in boundary


def _follows_part_title(text: str, part_end: int, start: int) -> bool:
    """True when ``start`` directly follows a part heading's title ("一、构建…(一)")."""
    if part_end < 0 or not 0 < start - part_end <= _PART_TITLE_MAX:
        return False
    return TITLE_STOP.search(text, part_end, start) is None


def part_title_end(text: str, heading: Heading, limit: int) -> int:
    """Where a part heading's title ends: its first punctuation, line end or ``limit``.

    An attachment's title may stand on the line after its label ("附件" / "…分工表").
    """
    start = heading.end
    if heading.style == ATTACHMENT:
        while start < limit and text[start].isspace():
            start += 1
    stop = TITLE_STOP.search(text, start, limit)
    return stop.start() if stop else limit
