"""The text read from a plan file, with the headings its task tables already number.

A task table (see :mod:`corpus.tasktables`) is rendered as lines the parser reads like a
text plan. Its rows are already delimited, so the table's headings are known and handed to
the parser as they are: a "1." or "一、" written inside a cell (a list of measures) can
never be taken for a task or a part. Around the tables, headings are found in the text as
usual; inside a cell only sub-points ("（1）", "①") are.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field

from corpus.headings import SUB_POINT_RANK, Heading, Style, find_headings
from corpus.models import CleanText, Span


@dataclass(frozen=True)
class SourceText:
    """The raw text of a plan file and what its tables tell about its structure.

    Offsets are in ``text``. ``headings`` are the task tables' parts, groups and tasks;
    ``tables`` the lines rendered from task tables; ``cells`` the quotable cell text in
    them. ``other_tables`` holds the first row of each table that is no task table.
    ``ocr``: the text was read from page images (a scan), so the cleaning repairs OCR's
    slips; ``warnings`` are what the reader wants the admin to check (pages OCR could not
    read).
    """

    text: str
    headings: tuple[Heading, ...] = ()
    tables: tuple[Span, ...] = ()
    cells: tuple[Span, ...] = ()
    other_tables: tuple[str, ...] = field(default=())
    ocr: bool = False
    warnings: tuple[str, ...] = ()

    def headings_in(self, clean: CleanText) -> list[Heading] | None:
        """Every heading of the cleaned text, or ``None`` when there is no task table."""
        if not self.tables:
            return None
        offsets = clean.raw_offsets
        tables = [_clean_span(offsets, span) for span in self.tables]
        masked = list(clean.text)
        for span in tables:
            masked[span.start : span.end] = " " * (span.end - span.start)
        found = find_headings("".join(masked))
        for heading in self.headings:
            start = _clean_offset(offsets, heading.start)
            end = start + (heading.end - heading.start)
            found.append(dataclasses.replace(heading, start=start, end=end))
        for span in (_clean_span(offsets, cell) for cell in self.cells):
            found += _sub_points(clean.text, span)
        return sorted(found, key=lambda heading: (heading.start, heading.rank))


def _sub_points(text: str, span: Span) -> list[Heading]:
    points = find_headings(text[span.start : span.end])
    return [
        dataclasses.replace(point, start=point.start + span.start, end=point.end + span.start)
        for point in points
        if point.rank >= SUB_POINT_RANK
    ]


def _clean_offset(raw_offsets: tuple[int, ...], raw: int) -> int:
    """The cleaned offset of a raw one (the next kept character if it was removed)."""
    return bisect.bisect_left(raw_offsets, raw)


def _clean_span(raw_offsets: tuple[int, ...], span: Span) -> Span:
    return Span(_clean_offset(raw_offsets, span.start), _clean_offset(raw_offsets, span.end))


class SourceBuilder:
    """Collects lines in order, remembering where table headings and cells fall."""

    def __init__(self) -> None:
        """Start an empty text."""
        self._lines: list[str] = []
        self._size = 0
        self._headings: list[Heading] = []
        self._tables: list[Span] = []
        self._cells: list[Span] = []
        self._other_tables: list[str] = []
        self._table_start: int | None = None

    @property
    def empty(self) -> bool:
        """Whether no non-blank line has been added."""
        return not any(line.strip() for line in self._lines)

    def line(self, text: str, *, cell: bool = False) -> int:
        """Add a line (or a cell's lines); return its start. ``cell``: quoted cell text."""
        start = self._size
        self._lines.append(text)
        self._size += len(text) + 1
        if cell and text:
            self._cells.append(Span(start, start + len(text)))
        return start

    def heading(self, style: Style, number: int, label: str, rest: str) -> None:
        """Add a line opening with a heading; ``rest`` is cell text (lines), quoted verbatim."""
        start = self.line(label + rest)
        self._headings.append(Heading(style, number, label, start, start + len(label)))
        if rest:
            self._cells.append(Span(start + len(label), start + len(label) + len(rest)))

    def begin_table(self) -> None:
        """Mark the start of a task table's lines."""
        self._table_start = self._size

    def end_table(self) -> None:
        """Mark the end of the task table begun last."""
        if self._table_start is not None:
            self._tables.append(Span(self._table_start, max(self._table_start, self._size - 1)))
        self._table_start = None

    def other_table(self, first_row: str) -> None:
        """Record a table that is no task table (by its first row, for messages)."""
        self._other_tables.append(first_row)

    def build(self) -> SourceText:
        """The text and what is known of its structure."""
        return SourceText(
            "\n".join(self._lines),
            tuple(self._headings),
            tuple(self._tables),
            tuple(self._cells),
            tuple(self._other_tables),
        )
