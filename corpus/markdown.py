"""A plan written in Markdown (.md), as a wiki or a knowledge base exports it.

Its marks are layout, not words: heading marks (``#``), emphasis (``**牵头单位**：``),
block quotes (``>``), list bullets and table pipes are dropped; the words stay, in order.
Where the plan marks its items as Markdown headings ("### （一）…"), a numbered list
inside an item ("1. …") is a list, not a heading of the plan: it is read like a table
cell, where only sub-points are headings. Where only its parts are headings ("## 一、…"),
its numbered lists are its items.
"""

from __future__ import annotations

import re

from corpus.headings import PART_RANK, SUB_POINT_RANK, find_headings
from corpus.sourcetext import SourceBuilder, SourceText

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+")
_ORDERED = re.compile(r"^[ \t]*\d{1,3}[.)][ \t]+")
_EMPHASIS = re.compile(r"\*\*|__")
_TABLE_ROW = re.compile(r"^[ \t]*\|(?P<cells>.*)\|[ \t]*$")
_TABLE_RULE = re.compile(r"^[ \t|:\-]+$")


def read_markdown(text: str) -> SourceText:
    """The plan's words without the Markdown marks, its lists kept apart from its items."""
    lines = text.split("\n")
    lists_apart = any(_item_heading(line) for line in lines)
    out = SourceBuilder()
    for line in lines:
        if _TABLE_ROW.match(line) and _TABLE_RULE.match(line):
            continue  # the rule under a table's header
        words = _words(line)
        if lists_apart and _ORDERED.match(line):
            out.begin_table()  # a list item: no heading of the plan
            out.line(words, cell=True)
            out.end_table()
        else:
            out.line(words)
    return out.build()


def _item_heading(line: str) -> bool:
    """A Markdown heading numbered as an item of the plan ("### （一）推进…"), not a part."""
    if not _HEADING.match(line):
        return False
    found = find_headings(_HEADING.sub("", line))
    return any(PART_RANK < heading.style.rank < SUB_POINT_RANK for heading in found)


def _words(line: str) -> str:
    row = _TABLE_ROW.match(line)
    if row:
        return "　".join(cell.strip() for cell in row.group("cells").split("|"))
    for mark in (_HEADING, _QUOTE, _BULLET):
        line = mark.sub("", line, count=1)
    return _EMPHASIS.sub("", line)
