"""Page-aware cleaning of text read from a PDF, for :func:`corpus.cleaning.clean_text`.

A PDF's raw text ends each page with a form feed on a line of its own
(:data:`corpus.pdf.PAGE_END`); any text with a form feed is cut into pages at them. A
text saved from a PDF or a printed 公文 has no form feeds but keeps each page's footer,
a dashed page number on a line of its own (``— 1 —``, ``— 2 —``…): when two or more
count up, each ends a page. When the text has pages, the cleaner also removes what the
page layout added to the plan:

- **page numbers** on a page's first or last lines (``— 3 —``, ``- 3 -``, ``3``,
  ``第3页``, ``第 3 页 共 10 页``, ``3/10``);
- **running headers and footers**: lines that repeat, digits aside, among the first or last
  lines of at least half the pages (two at least), such as the plan's short title;
- **page breaks**: the form feeds themselves;
- **line breaks inside a sentence or word** (``县住\\n建局``), including those across a
  page: the previous line fills the text width and does not end a sentence (``。！？；：”``
  or a closing bracket), and the next line does not open a heading (``一、``, ``（一）``,
  ``1.``, ``（1）``, ``第一条``…) or a label line (``责任单位：``, ``完成时限：``…).

Everything is a deletion recorded as a :class:`~corpus.models.CleaningEdit`, so every kept
character keeps its raw offset.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from corpus.models import CleaningEdit

PAGE_BREAK = "\f"
# How many lines at each end of a page may be a page number, header or footer.
EDGE_LINES = 3
# A running header is a title, a unit's name or a date: this long, digits aside. A shorter
# repeated line is more likely a table cell's tail ("底前") than a header.
MIN_HEADER_CHARS = 4
MAX_HEADER_CHARS = 40
# A line "fills the text width" when it is at least this share of the typical full line,
# the width at this percentile of the document's lines (a short line ends a paragraph).
FULL_LINE_SHARE = 0.8
FULL_LINE_PERCENTILE = 0.9
# Bare page numbers ("3", "3/10") are trusted up to this far past the page count.
PAGE_NUMBER_SLACK = 10

_DASHES = "—–―\\-－‐‑"
_DASHED = rf"[{_DASHES}~～]+\s*(\d{{1,4}})\s*[{_DASHES}~～]+"  # "— 3 —", the 公文 style
_PAGE_NUMBER = re.compile(
    _DASHED + r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，/、]?\s*第\s*\d{1,4}\s*页"
    r"|(?i:page)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
)
_BARE_PAGE_NUMBER = re.compile(r"(\d{1,4})(?:\s*/\s*\d{1,4})?")
_DASHED_PAGE_NUMBER = re.compile(_DASHED)
_SENTENCE_END = tuple("。！？；：”」』）)】〕］]!?;:")
_HEADING = re.compile(
    r"[一二三四五六七八九十百]+、"
    r"|[（(][一二三四五六七八九十百]+[）)]"
    r"|\d{1,3}[.．、](?!\d)"
    r"|[（(]\d{1,3}[）)]"
    r"|[①-⑳]"
    r"|第[一二三四五六七八九十百零〇\d]+[章节条]"
    r"|附件"
)
_LABEL = re.compile(
    r"(?:责任单位|牵头单位|配合单位|协办单位|参与单位|责任部门|牵头部门|配合部门"
    r"|完成时限|完成时间|时间节点|进度安排)\s*[:：]"
)
_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class _Line:
    """A line of a page: one raw line, or the part of one on a side of a form feed."""

    span_start: int  # raw offset where the line starts, leading spaces included
    start: int  # first visible character
    end: int  # after the last visible character
    stop: int  # after the line and its line break: what removing the line removes
    number: int  # 1-based raw line
    text: str  # the visible text, raw[start:end]

    @property
    def blank(self) -> bool:
        """Whether the line holds only spaces (a paragraph break)."""
        return not self.text


def page_edits(
    raw: str, skip: frozenset[int] = frozenset(), tables: frozenset[int] = frozenset()
) -> list[CleaningEdit]:
    """Return the page-layout deletions for ``raw``; none when it has no pages.

    Args:
        raw: The raw text, pages separated by form feeds or ended by their footers.
        skip: 1-based raw lines that other cleaning already removes (banners).
        tables: 1-based raw lines rendered from a task table (whole cells, not the page's
            visual lines): never joined, and left out of the text width.
    """
    footers = frozenset() if PAGE_BREAK in raw else footer_lines(raw)
    if PAGE_BREAK not in raw and not footers:
        return []
    pages, edits = _split_pages(raw, skip, footers)
    removed = _edge_removals(pages)
    edits += [
        CleaningEdit(
            kind, line.span_start, line.stop, line.number, raw[line.span_start : line.stop], ""
        )
        for line, kind in removed.items()
    ]
    kept = [line for page in pages for line in page if line not in removed]
    edits += _line_joins(raw, kept, tables)
    return sorted(edits, key=lambda edit: edit.raw_start)


def footer_lines(raw: str) -> frozenset[int]:
    """The 1-based lines that end a page of a text without form feeds: ``— N —`` counting up.

    Two at least, numbered one after another, so that a lone dash-framed number in a
    plan's text is left alone.
    """
    found = [
        (number, int(match.group(1)))
        for number, line in enumerate(raw.split("\n"), 1)
        if (match := _DASHED_PAGE_NUMBER.fullmatch(line.strip()))
    ]
    pages = [page for _, page in found]
    if len(found) < 2 or pages != list(range(pages[0], pages[0] + len(pages))):
        return frozenset()
    return frozenset(number for number, _ in found)


def _split_pages(
    raw: str, skip: frozenset[int], footers: frozenset[int] = frozenset()
) -> tuple[list[list[_Line]], list[CleaningEdit]]:
    """Cut ``raw`` into pages of lines at its form feeds (a ``page_break`` each) or after
    its ``footers``."""
    pages: list[list[_Line]] = [[]]
    breaks: list[CleaningEdit] = []
    offset = 0
    for number, line in enumerate(raw.split("\n"), 1):
        stop = offset + len(line) + (1 if offset + len(line) < len(raw) else 0)
        if number in skip:
            pass
        elif PAGE_BREAK in line and not line.replace(PAGE_BREAK, "").strip():
            breaks.append(CleaningEdit("page_break", offset, stop, number, raw[offset:stop], ""))
            pages.extend([] for _ in range(line.count(PAGE_BREAK)))
        else:
            start, pieces = offset, line.split(PAGE_BREAK)
            for index, piece in enumerate(pieces):
                if index:  # a form feed inside the line, just before this piece
                    breaks.append(
                        CleaningEdit("page_break", start - 1, start, number, PAGE_BREAK, "")
                    )
                    pages.append([])
                end = start + len(piece)
                if piece.strip() or len(pieces) == 1:
                    last = index == len(pieces) - 1
                    pages[-1].append(_line(raw, start, end, stop if last else end, number))
                start = end + 1
            if number in footers:
                pages.append([])
        offset = stop
    return pages, breaks


def _line(raw: str, start: int, end: int, stop: int, number: int) -> _Line:
    text = raw[start:end]
    visible_start = start + len(text) - len(text.lstrip())
    visible_end = end - (len(text) - len(text.rstrip()))
    if visible_start >= visible_end:
        visible_start = visible_end = end
    return _Line(start, visible_start, visible_end, stop, number, raw[visible_start:visible_end])


def _edge_removals(pages: list[list[_Line]]) -> dict[_Line, str]:
    """Page numbers and running headers/footers at each page's ends, with their kind."""
    page_count = sum(1 for page in pages if any(not line.blank for line in page))
    running = _running_lines(pages, page_count)
    removed: dict[_Line, str] = {}
    for page in pages:
        content = [line for line in page if not line.blank]
        for edge in (content[:EDGE_LINES], content[::-1][:EDGE_LINES]):
            for line in edge:
                kind = _edge_kind(line.text, running, page_count)
                if kind is None:
                    break
                removed.setdefault(line, kind)
    return removed


def _edge_kind(text: str, running: set[str], page_count: int) -> str | None:
    if is_page_number(text, page_count):
        return "page_number"
    if _normal(text) in running:
        return "running_header"
    return None


def is_page_number(text: str, page_count: int) -> bool:
    """Whether a whole line is a page number (``— 3 —``, ``第3页 共10页``, ``3``, ``3/10``)."""
    text = text.strip()
    if _PAGE_NUMBER.fullmatch(text):
        return True
    bare = _BARE_PAGE_NUMBER.fullmatch(text)
    return bare is not None and 0 < int(bare.group(1)) <= page_count + PAGE_NUMBER_SLACK


def _running_lines(pages: list[list[_Line]], page_count: int) -> set[str]:
    """Lines (digits normalised) at the edges of at least half the pages, two at least."""
    counts: Counter[str] = Counter()
    for page in pages:
        content = [
            line for line in page if not line.blank and not is_page_number(line.text, page_count)
        ]
        edges = content[:EDGE_LINES] + content[-EDGE_LINES:]
        counts.update({_normal(line.text) for line in edges if _may_repeat(line.text)})
    return {text for text, count in counts.items() if count >= 2 and 2 * count >= page_count}


def _may_repeat(text: str) -> bool:
    """Whether a line can be a running header: short, not a sentence, heading or label."""
    return (
        MIN_HEADER_CHARS <= len(_normal(text).replace("#", "")) <= MAX_HEADER_CHARS
        and not text.endswith(_SENTENCE_END)
        and not _HEADING.match(text)
        and not _LABEL.match(text)
    )


def _normal(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _line_joins(
    raw: str, kept: list[_Line], tables: frozenset[int] = frozenset()
) -> list[CleaningEdit]:
    """Delete the line break after each full line that continues on the next one."""
    widths = sorted(
        width(line.text) for line in kept if not line.blank and line.number not in tables
    )
    if not widths:
        return []
    full = widths[math.ceil(FULL_LINE_PERCENTILE * (len(widths) - 1))]
    edits = []
    for line, following in pairwise(kept):
        if following.blank or line.blank or width(line.text) < FULL_LINE_SHARE * full:
            continue
        if line.number in tables or following.number in tables:
            continue
        if not continues(line.text, following.text):
            continue
        stop = following.start if line.stop == following.span_start else line.stop
        if stop > line.end:
            edits.append(
                CleaningEdit("line_join", line.end, stop, line.number, raw[line.end : stop], "")
            )
    return edits


def continues(line: str, following: str) -> bool:
    """Whether ``following`` goes on with the sentence that ``line`` breaks off.

    ``line`` does not end a sentence or a bracket, ``following`` does not open a heading or
    a label line, and the break is not between two Latin words (which need their space).
    """
    if line.endswith(_SENTENCE_END) or _HEADING.match(following) or _LABEL.match(following):
        return False
    return not (_LETTER.fullmatch(line[-1]) and _LETTER.fullmatch(following[0]))


def width(text: str) -> float:
    """Display width in full-width characters: Chinese 1, Latin letters and digits 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def count_kind(edits: Iterable[CleaningEdit], kind: str) -> int:
    """How many edits are of this kind."""
    return sum(1 for edit in edits if edit.kind == kind)
