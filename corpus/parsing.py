"""Parse cleaned plan text into title, preamble, parts, groups and numbered tasks.

The task is the level that carries the units (责任/牵头单位): whichever numbering style
most often holds exactly one units clause per heading. Levels above it (below the parts)
are groups, with their own quotable sentences; levels below are sub-points inside a task.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from corpus.assignments import (
    ROLE_CLOSE,
    Metadata,
    deadline_in_text,
    find_metadata,
    opening_roles,
    parse_assignment,
)
from corpus.errors import StructureError
from corpus.headings import (
    ATTACHMENT,
    PART_RANK,
    SUB_POINT_RANK,
    Heading,
    find_headings,
    part_title_end,
)
from corpus.models import CleanText, Document, Item, ItemKind, Part, Sentence, Span, Target
from corpus.rolerules import role_rule, with_role_rule
from corpus.targets import column_targets, extract_targets
from corpus.textnorm import COLON, COMMA, SEMICOLON, SENTENCE_END
from corpus.titles import find_title

_SENTENCE = re.compile(f'[^{SENTENCE_END}{SEMICOLON}\n]+(?:[{SENTENCE_END}{SEMICOLON}]+[”"’]?)?')
_TERMINAL = set(SENTENCE_END + ROLE_CLOSE + '”"')
PREAMBLE_TITLE = "前言"
_Found = TypeVar("_Found", Heading, Metadata)


def parse_document(
    doc_id: str, path: str, clean: CleanText, headings: Sequence[Heading] | None = None
) -> Document:
    """Parse the structure of a cleaned plan; raise :class:`StructureError` if it has none.

    ``headings`` are the numbered headings when the caller knows them (a task table's
    rows, see :mod:`corpus.sourcetext`); by default they are found in the text.
    """
    text = clean.text
    headings = find_headings(text) if headings is None else headings
    metadata = find_metadata(text, 0, len(text))
    task_rank = _task_rank(headings, metadata, len(text))
    outline = [h for h in headings if h.rank <= task_rank]
    if not any(h.rank == task_rank for h in outline):
        shown = text.strip()[:40].replace("\n", " ")
        raise StructureError(
            f"{path}: expected numbered task items like '(一)…', '1.…' or '第一条…', found "
            f"none (text starts with '{shown}'); is this a policy plan? "
            "（没有找到“（一）”“1.”“第一条”这样编号的任务条目，这不像是一份计划；"
            "请上传计划正文或任务分工表）"
        )
    title, body_start = find_title(text, outline[0].start, doc_id)
    items = [_preamble(doc_id, clean, body_start, outline[0].start)]
    items += _Layout(doc_id, clean, headings, metadata, task_rank).items(outline)
    items = with_role_rule(items, role_rule(text))
    warnings = tuple(
        f"{path}: item {item.label} is cut off: the text ends with '…{item.text[-12:]}'"
        for item in items
        if item.truncated
    ) + tuple(f"{path}: 编号“{h.label}”：{h.assumed}" for h in outline if h.assumed)
    parts = _build_parts(text, outline, items)
    return Document(doc_id, path, title, clean, tuple(parts), tuple(items), warnings)


def _task_rank(headings: Sequence[Heading], metadata: Sequence[Metadata], size: int) -> int:
    """The rank of the numbering that heads tasks (see the module docstring)."""
    ranks = sorted({h.rank for h in headings if PART_RANK < h.rank < SUB_POINT_RANK})
    if not ranks:
        points = sorted({h.rank for h in headings if h.rank >= SUB_POINT_RANK})
        return points[0] if points else SUB_POINT_RANK
    if len(ranks) == 1:
        return ranks[0]
    blocks = _blocks(metadata)
    scores = {rank: _one_block_share(headings, blocks, rank, size) for rank in ranks}
    best = max(scores.values())
    return max(rank for rank, score in scores.items() if score == best)


def _blocks(metadata: Sequence[Metadata]) -> list[int]:
    """Start of each run of clauses (a 牵头 line, a 配合 line and a 时限 line are one run)."""
    starts: list[int] = []
    previous_end = -2
    for clause in metadata:
        if clause.span.start - previous_end > 1:
            starts.append(clause.span.start)
        previous_end = clause.span.end
    return starts


def _one_block_share(
    headings: Sequence[Heading], blocks: Sequence[int], rank: int, size: int
) -> float:
    """Share of the headings of ``rank`` whose section holds exactly one units clause.

    A section runs to the next heading of this rank or above; one backward pass finds
    each section's end and a binary search counts its blocks (linear: a text of 10⁴
    headings and clauses is no 10⁸ steps).
    """
    sections, end = [], size
    for heading in reversed(headings):
        if heading.rank == rank:
            count = bisect.bisect_left(blocks, end) - bisect.bisect_left(blocks, heading.start)
            sections.append(count)
        if heading.rank <= rank:
            end = heading.start
    return sum(count == 1 for count in sections) / len(sections)


def _build_parts(text: str, outline: Sequence[Heading], items: Sequence[Item]) -> list[Part]:
    indexes = [index for index, heading in enumerate(outline) if heading.rank == PART_RANK]
    starts = [item.span.start for item in items]  # items are in text order
    parts = []
    for position, index in enumerate(indexes):
        heading = outline[index]
        end = outline[indexes[position + 1]].start if position + 1 < len(indexes) else len(text)
        limit = outline[index + 1].start if index + 1 < len(outline) else len(text)
        title = text[heading.end : part_title_end(text, heading, limit)].strip()
        inside = items[bisect.bisect_left(starts, heading.start) : bisect.bisect_left(starts, end)]
        numbers = tuple(item.number for item in inside if item.number)
        parts.append(Part(heading.number, heading.label, title, Span(heading.start, end), numbers))
    return parts


@dataclass(frozen=True)
class _Layout:
    """What every item is cut from: the text, its headings and its units clauses."""

    doc_id: str
    clean: CleanText
    headings: Sequence[Heading]
    metadata: Sequence[Metadata]
    task_rank: int

    @functools.cached_property
    def _heading_starts(self) -> list[int]:
        return [heading.start for heading in self.headings]

    @functools.cached_property
    def _clause_starts(self) -> list[int]:
        return [clause.span.start for clause in self.metadata]

    def items(self, outline: Sequence[Heading]) -> list[Item]:
        """Groups and tasks in text order, numbered from 1."""
        text, items = self.clean.text, list[Item]()
        part = group = 0
        for index, heading in enumerate(outline):
            end = outline[index + 1].start if index + 1 < len(outline) else len(text)
            body = Span(heading.end, _rstrip(text, heading.start, end))
            if heading.rank == PART_RANK:
                part, group = heading.number, 0
                if not _says_more_than_its_title(text, heading, body):
                    continue
            item = self.item(heading, len(items) + 1, part, body, index + 1 == len(outline))
            if heading.rank < self.task_rank:
                group = item.number
                item = dataclasses.replace(item, kind=ItemKind.GROUP)
            elif group:
                item = dataclasses.replace(item, group=group)
            items.append(item)
        return items

    def item(self, heading: Heading, number: int, part: int, body: Span, is_last: bool) -> Item:
        """One item: its sentences outside its units clauses, its units and deadline."""
        text = self.clean.text
        points = [
            h for h in _within(self.headings, self._heading_starts, body) if h.rank > self.task_rank
        ]
        clauses = _within(self.metadata, self._clause_starts, body)
        sentences = _sentences(text, body, [c.span for c in clauses], points)
        responsibility = "；".join(text[c.content.start : c.content.end] for c in clauses)
        if not responsibility and (roles := opening_roles(text, body.start, body.end)):
            responsibility = text[roles.start : roles.end]  # "由X牵头，Y配合，健全…"
        assignment = parse_assignment(responsibility)
        span = Span(heading.start, body.end)
        title = sentences[0].text.rstrip(SENTENCE_END + SEMICOLON) if sentences else ""
        truncated = (
            is_last
            and heading.style != ATTACHMENT  # a project list ends without punctuation
            and not responsibility
            and text[body.end - 1] not in _TERMINAL
        )
        return Item(
            doc_id=self.doc_id,
            number=number,
            label=heading.label,
            part=part,
            title=title,
            text=text[span.start : span.end],
            span=span,
            raw_span=self.clean.raw_span(span),
            sentences=sentences,
            units=assignment.units,
            responsibility=responsibility,
            targets=_targets(sentences, number),
            truncated=truncated,
            deadline=assignment.deadline or deadline_in_text(text[body.start : body.end]),
            officials=assignment.officials,
            officials_label=assignment.officials_label,
        )


def _targets(sentences: Sequence[Sentence], number: int) -> tuple[Target, ...]:
    """The item's quantities, those of a spaced table's number columns among them."""
    found = extract_targets(sentences, number) + column_targets(sentences, number)
    return tuple(sorted(found, key=lambda target: target.span.start))


def _within(found: Sequence[_Found], starts: list[int], body: Span) -> Sequence[_Found]:
    """The headings or clauses (sorted by start, ``starts``) that start inside ``body``."""
    return found[bisect.bisect_left(starts, body.start) : bisect.bisect_left(starts, body.end)]


def _says_more_than_its_title(text: str, heading: Heading, body: Span) -> bool:
    """Whether a part has sentences of its own after its title ("一、总体目标。到2024年…")."""
    after = text[part_title_end(text, heading, body.end) : body.end]
    return bool(after.strip(f"{SENTENCE_END}{SEMICOLON}{COLON}{COMMA} \n\t\u3000"))


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _preamble(doc_id: str, clean: CleanText, start: int, end: int) -> Item:
    while start < end and clean.text[start].isspace():
        start += 1
    span = Span(start, _rstrip(clean.text, start, end))
    sentences = _sentences(clean.text, span, (), ())
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
        units=(),
        responsibility="",
        targets=extract_targets(sentences, 0),
        truncated=False,
        kind=ItemKind.PREAMBLE,
    )


def _sentences(
    text: str, body: Span, skipped: Sequence[Span], points: Sequence[Heading]
) -> tuple[Sentence, ...]:
    """The sentences of ``body`` outside the ``skipped`` clauses, each with its sub-point.

    A sub-point heading ("（1）") starts a new sentence.
    """
    cuts = sorted({body.start, body.end, *(p.start for p in points)})
    starts = [p.start for p in points]  # points are in text order
    sentences = []
    for start, end in itertools.pairwise(cuts):
        before = bisect.bisect_right(starts, start)
        point = points[before - 1].label if before else ""
        for piece_start, piece_end in _outside(start, end, skipped):
            for match in _SENTENCE.finditer(text, piece_start, piece_end):
                sentence = _trimmed(text, match.start(), match.end())
                if sentence is not None:
                    sentences.append(Sentence(sentence[0], sentence[1], point))
    return tuple(sentences)


def _outside(start: int, end: int, skipped: Sequence[Span]) -> list[tuple[int, int]]:
    """The pieces of ``[start, end)`` outside ``skipped`` (disjoint, in text order)."""
    pieces, position = [], start
    for index in range(
        bisect.bisect_right(skipped, start, key=lambda span: span.end), len(skipped)
    ):
        span = skipped[index]
        if span.start >= end:
            break
        if span.start > position:
            pieces.append((position, span.start))
        position = max(position, span.end)
    if position < end:
        pieces.append((position, end))
    return pieces


def _trimmed(text: str, start: int, end: int) -> tuple[str, Span] | None:
    while start < end and text[start].isspace():
        start += 1
    end = _rstrip(text, start, end)
    return (text[start:end], Span(start, end)) if start < end else None
