"""Parse cleaned plan text into title, preamble, parts and numbered task items."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.errors import StructureError
from corpus.models import CleanText, Document, Item, Part, Sentence, Span
from corpus.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int
from corpus.targets import extract_targets
from corpus.textnorm import CLOSE, COLON, COMMA, OPEN, SEMICOLON, SENTENCE_END

_N = f"[{CHINESE_NUMERAL_CHARS}]{{1,3}}"
_PART_HEADING = re.compile(rf"(?P<num>{_N})、")
_ITEM_HEADING = re.compile(rf"[{OPEN}](?P<num>{_N})[{CLOSE}]")
# A heading starts a line or follows the end of a sentence or of a 责任单位 clause.
_BOUNDARY = set("\n" + SENTENCE_END + SEMICOLON + CLOSE)
_PART_TITLE_MAX = 40
_TITLE_SUFFIXES = re.compile(
    r"(?:计划|方案|规划|意见|通知|办法|要点|纲要|措施|细则|决定|报告|安排|清单|条例|规定)"
)
_TITLE_STOP = re.compile(f"[{COMMA}{SEMICOLON}{COLON}{SENTENCE_END}\n]")
_TITLE_MAX = 60
_SENTENCE = re.compile(f'[^{SENTENCE_END}{SEMICOLON}\n]+(?:[{SENTENCE_END}{SEMICOLON}]+[”"’]?)?')
_RESPONSIBILITY = re.compile(rf"[{OPEN}]\s*(?:责任单位|牵头单位|责任部门)\s*[{COLON}]")
_DEPARTMENT_SPLIT = re.compile(rf"[、{COMMA}{SEMICOLON}\s]+")
_ANNOTATION = re.compile(f"[{OPEN}][^{OPEN}{CLOSE}]*[{CLOSE}]")
_TERMINAL = set(SENTENCE_END + CLOSE + '”"')
PREAMBLE_TITLE = "前言"


@dataclass(frozen=True)
class _Heading:
    kind: str  # "part" or "item"
    number: int
    label: str
    start: int
    end: int


def parse_document(doc_id: str, path: str, clean: CleanText) -> Document:
    """Parse the structure of a cleaned plan; raise :class:`StructureError` if it has none."""
    text = clean.text
    headings = _find_headings(text)
    items_found = [h for h in headings if h.kind == "item"]
    if not items_found:
        shown = text.strip()[:40].replace("\n", " ")
        raise StructureError(
            f"{path}: expected numbered task items like '(一)…', '(二)…', found none "
            f"(text starts with '{shown}'); is this a policy plan?"
        )
    title, body_start = _find_title(text, headings[0].start, doc_id)
    parts = _build_parts(text, headings)
    items = [_preamble(doc_id, clean, body_start, headings[0].start)]
    items += _build_items(doc_id, clean, headings)
    warnings = tuple(
        f"{path}: item {item.label} is cut off: the text ends with '…{item.text[-12:]}'"
        for item in items
        if item.truncated
    )
    return Document(doc_id, path, title, clean, tuple(parts), tuple(items), warnings)


def _find_headings(text: str) -> list[_Heading]:
    """Find part and item headings, accepting only those that continue the numbering."""
    candidates = [("part", m) for m in _PART_HEADING.finditer(text)]
    candidates += [("item", m) for m in _ITEM_HEADING.finditer(text)]
    candidates.sort(key=lambda c: c[1].start())
    headings: list[_Heading] = []
    next_part, next_item, last_part_end = 1, 1, -1
    for kind, match in candidates:
        number = chinese_to_int(match["num"])
        start = match.start()
        if kind == "part" and number == next_part and _at_boundary(text, start):
            headings.append(_Heading("part", number, match.group(), start, match.end()))
            next_part, last_part_end = next_part + 1, match.end()
        elif kind == "item" and number is not None:
            after_part_title = _follows_part_title(text, last_part_end, start)
            restart = number == 1 and after_part_title and next_item > 1
            if (number == next_item or restart) and (_at_boundary(text, start) or after_part_title):
                ordinal = len([h for h in headings if h.kind == "item"]) + 1
                headings.append(_Heading("item", ordinal, match.group(), start, match.end()))
                next_item = number + 1
    return headings


def _at_boundary(text: str, start: int) -> bool:
    return start == 0 or text[start - 1] in _BOUNDARY or text[start - 1].isspace()


def _follows_part_title(text: str, part_end: int, start: int) -> bool:
    """True when ``start`` directly follows a part heading's title ("一、构建…(一)")."""
    if part_end < 0 or not 0 < start - part_end <= _PART_TITLE_MAX:
        return False
    return _TITLE_STOP.search(text, part_end, start) is None


def _find_title(text: str, first_heading: int, fallback: str) -> tuple[str, int]:
    """Return the plan's title and where the preamble starts.

    A title on its own first line is taken whole; a title glued to the preamble
    ("…行动计划为深入贯彻…") is the longest unpunctuated prefix ending in a document type.
    """
    head = text[:first_heading]
    first_line = head.split("\n", 1)[0]
    stripped = first_line.strip()
    if (
        "\n" in head
        and stripped
        and len(stripped) <= _TITLE_MAX
        and not _TITLE_STOP.search(stripped)
    ):
        return stripped, len(first_line) + 1
    stop = _TITLE_STOP.search(head)
    prefix = head[: stop.start() if stop else len(head)][:_TITLE_MAX]
    ends = [m.end() for m in _TITLE_SUFFIXES.finditer(prefix)]
    if ends:
        return prefix[: ends[-1]].strip(), ends[-1]
    return fallback, 0


def _build_parts(text: str, headings: list[_Heading]) -> list[Part]:
    parts = []
    for index, heading in enumerate(headings):
        if heading.kind != "part":
            continue
        following = headings[index + 1 :]
        end = next((h.start for h in following if h.kind == "part"), len(text))
        title_end = following[0].start if following else len(text)
        stop = _TITLE_STOP.search(text, heading.end, title_end)
        title = text[heading.end : stop.start() if stop else title_end].strip()
        numbers = tuple(h.number for h in following if h.kind == "item" and h.start < end)
        parts.append(Part(heading.number, heading.label, title, Span(heading.start, end), numbers))
    return parts


def _build_items(doc_id: str, clean: CleanText, headings: list[_Heading]) -> list[Item]:
    text, items, part = clean.text, [], 0
    for index, heading in enumerate(headings):
        if heading.kind == "part":
            part = heading.number
            continue
        end = headings[index + 1].start if index + 1 < len(headings) else len(text)
        end = _rstrip(text, heading.start, end)
        is_last = index + 1 == len(headings)
        items.append(
            _make_item(doc_id, clean, heading, part, Span(heading.end, end), is_last=is_last)
        )
    return items


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _make_item(
    doc_id: str, clean: CleanText, heading: _Heading, part: int, body: Span, *, is_last: bool
) -> Item:
    text = clean.text
    clause = _responsibility_clause(text, body)
    sentences = _sentences(text, Span(body.start, clause[0].start if clause else body.end))
    mentions: tuple[str, ...] = ()
    responsibility = ""
    if clause:
        responsibility = text[clause[1].start : clause[1].end]
        mentions = split_departments(responsibility)
    span = Span(heading.start, body.end)
    title = sentences[0].text.rstrip(SENTENCE_END + SEMICOLON) if sentences else ""
    truncated = is_last and not responsibility and text[body.end - 1] not in _TERMINAL
    return Item(
        doc_id=doc_id,
        number=heading.number,
        label=heading.label,
        part=part,
        title=title,
        text=text[span.start : span.end],
        span=span,
        raw_span=clean.raw_span(span),
        sentences=sentences,
        department_mentions=mentions,
        departments=mentions,
        responsibility=responsibility,
        targets=extract_targets(sentences, heading.number),
        truncated=truncated,
    )


def _preamble(doc_id: str, clean: CleanText, start: int, end: int) -> Item:
    while start < end and clean.text[start].isspace():
        start += 1
    span = Span(start, _rstrip(clean.text, start, end))
    sentences = _sentences(clean.text, span)
    return Item(
        doc_id=doc_id,
        number=0,
        label="",
        part=0,
        title=PREAMBLE_TITLE,
        text=clean.text[span.start : span.end],
        span=span,
        raw_span=clean.raw_span(span),
        sentences=sentences,
        department_mentions=(),
        departments=(),
        responsibility="",
        targets=extract_targets(sentences, 0),
        truncated=False,
    )


def _responsibility_clause(text: str, body: Span) -> tuple[Span, Span] | None:
    """Return the spans of the item's last "(责任单位:…)" clause and of its list."""
    matches = list(_RESPONSIBILITY.finditer(text, body.start, body.end))
    if not matches:
        return None
    opening = matches[-1]
    depth, position = 1, opening.end()
    while position < body.end and depth:
        char = text[position]
        depth += 1 if char in OPEN else -1 if char in CLOSE else 0
        position += 1
    if depth:
        return None
    return Span(opening.start(), position), Span(opening.end(), position - 1)


def split_departments(responsibility: str) -> tuple[str, ...]:
    """Split a 责任单位 list into names, dropping annotations such as "(牵头)"."""
    names = _DEPARTMENT_SPLIT.split(_ANNOTATION.sub("", responsibility))
    return tuple(name for name in names if name)


def _sentences(text: str, span: Span) -> tuple[Sentence, ...]:
    sentences = []
    for match in _SENTENCE.finditer(text, span.start, span.end):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        end = _rstrip(text, start, end)
        if start < end:
            sentences.append(Sentence(text[start:end], Span(start, end)))
    return tuple(sentences)
