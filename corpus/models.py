"""Frozen records for a parsed policy plan, each carrying its provenance."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` in the cleaned text of a document."""

    start: int
    end: int


@dataclass(frozen=True)
class CleaningEdit:
    """One change the cleaner made to the raw text, with its place in the raw file.

    ``kind`` is ``banner``, ``page_marker`` or ``digit_repair``, and for text read from a
    PDF also ``page_number``, ``running_header``, ``page_break`` or ``line_join``;
    ``raw_line`` is 1-based.
    """

    kind: str
    raw_start: int
    raw_end: int
    raw_line: int
    before: str
    after: str


@dataclass(frozen=True)
class CleanText:
    """Cleaned text plus the map back to the raw text it came from.

    ``raw_offsets[i]`` is the raw offset of cleaned character ``i``; one extra entry
    maps the end of the text.
    """

    raw: str
    text: str
    raw_offsets: tuple[int, ...]
    edits: tuple[CleaningEdit, ...]

    def raw_span(self, span: Span) -> Span:
        """Return the raw-text range covering a cleaned-text span."""
        if span.start == span.end:
            offset = self.raw_offsets[span.start]
            return Span(offset, offset)
        return Span(self.raw_offsets[span.start], self.raw_offsets[span.end - 1] + 1)


@dataclass(frozen=True)
class Sentence:
    """A sentence of an item: its text is ``document.text[span.start:span.end]``."""

    text: str
    span: Span


@dataclass(frozen=True)
class Target:
    """A quantity stated in an item, e.g. ``1.4万座以上``."""

    text: str
    number: str
    value: float
    unit: str
    qualifier: str
    sentence: str
    sentence_span: Span
    span: Span
    item: int


@dataclass(frozen=True)
class Part:
    """A numbered part of the plan (``三、打造城乡生态宜居新面貌``)."""

    number: int
    label: str
    title: str
    span: Span
    items: tuple[int, ...]


@dataclass(frozen=True)
class Item:
    """A numbered task item; number 0 is the preamble.

    ``departments`` are canonical names; ``department_mentions`` are the names as written.
    """

    doc_id: str
    number: int
    label: str
    part: int
    title: str
    text: str
    span: Span
    raw_span: Span
    sentences: tuple[Sentence, ...]
    department_mentions: tuple[str, ...]
    departments: tuple[str, ...]
    responsibility: str
    targets: tuple[Target, ...]
    truncated: bool


@dataclass(frozen=True)
class Department:
    """A department with its canonical name and every other name it goes by."""

    canonical: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """A parsed plan: title, parts and items (item 0 is the preamble)."""

    doc_id: str
    path: str
    title: str
    clean: CleanText
    parts: tuple[Part, ...]
    items: tuple[Item, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        """The cleaned text that every quote is a substring of."""
        return self.clean.text

    def item(self, number: int) -> Item:
        """Return the item with this number, or raise ``KeyError``."""
        for item in self.items:
            if item.number == number:
                return item
        raise KeyError(f"{self.doc_id}: no item {number}")

    def part(self, number: int) -> Part:
        """Return the part with this number, or raise ``KeyError``."""
        for part in self.parts:
            if part.number == number:
                return part
        raise KeyError(f"{self.doc_id}: no part {number}")
