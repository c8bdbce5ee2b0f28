"""Frozen records for a parsed policy plan, each carrying its provenance."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

YEAR = re.compile(r"((?:19|20)\d\d)年")
_CITED_TITLE = re.compile(r"《[^》]*》")  # a cited document's name: its year is not the plan's


def without_cited_titles(text: str) -> str:
    """``text`` without the names of the documents it cites (《…》)."""
    return _CITED_TITLE.sub("", text)


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` in the cleaned text of a document."""

    start: int
    end: int


@dataclass(frozen=True)
class CleaningEdit:
    """One change the cleaner made to the raw text, with its place in the raw file.

    ``kind`` is ``banner``, ``page_marker`` or ``digit_repair``, and for text read from a
    PDF also ``page_number``, ``running_header``, ``page_break`` or ``line_join``, and
    for text OCR read from a scan also ``ocr_dash`` or ``ocr_label``; ``raw_line`` is
    1-based.
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
    """A sentence of an item: its text is ``document.text[span.start:span.end]``.

    ``point`` is the label of the sub-point the sentence stands in ("（1）"), if any.
    """

    text: str
    span: Span
    point: str = ""


class Role(StrEnum):
    """What a unit does for a task."""

    LEAD = "lead"  # 牵头
    SUPPORT = "support"  # 配合, 参与, 协同, 协助
    RESPONSIBLE = "responsible"  # a plain 责任单位 list: all equal


@dataclass(frozen=True)
class Unit:
    """A department named for a task, as written, with its role.

    ``canonical`` is the department's one name across the corpus (filled when the corpus
    loads; empty in a document parsed on its own).
    """

    name: str
    role: Role
    canonical: str = ""


@dataclass(frozen=True)
class Deadline:
    """When a task must be done: the plan's words, and the date in them if there is one.

    ``text`` is verbatim ("2024年6月底前", "长期坚持"); ``year``/``month`` are parsed where
    the text states them, ``qualifier`` is what bounds the date (前, 底, 内, 末…).
    """

    text: str
    year: int | None = None
    month: int | None = None
    qualifier: str = ""


@dataclass(frozen=True)
class Target:
    """A quantity stated in an item, e.g. ``1.4万座以上``.

    A bare number in a table row takes its unit from its column's header
    ("投资（万元）"), which ``column`` holds; ``text`` stays the number as printed.
    """

    text: str
    number: str
    value: float
    unit: str
    qualifier: str
    sentence: str
    sentence_span: Span
    span: Span
    item: int
    column: str = ""


@dataclass(frozen=True)
class Part:
    """A numbered part of the plan (``三、打造城乡生态宜居新面貌``)."""

    number: int
    label: str
    title: str
    span: Span
    items: tuple[int, ...]


class ItemKind(StrEnum):
    """What a numbered unit of a plan is."""

    PREAMBLE = "preamble"  # the text before the first heading (number 0)
    TASK = "task"  # carries the units and targets
    GROUP = "group"  # a heading above tasks ("（一）" over "1." "2."), with its own sentences


@dataclass(frozen=True)
class Item:
    """A numbered item of a plan: the preamble (number 0), a task, or a group of tasks.

    Items are numbered in document order; ``label`` is the plan's own numbering ("（九）",
    "3.", "第五条"). ``units`` are the departments named for a task with their roles;
    ``responsibility`` is the text they were read from, ``deadline`` its 完成时限;
    ``officials`` the people a plan puts in charge (牵头领导 "王明副市长"), never units.
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
    units: tuple[Unit, ...]
    responsibility: str
    targets: tuple[Target, ...]
    truncated: bool
    deadline: Deadline | None = None
    kind: ItemKind = ItemKind.TASK
    group: int = 0  # the number of the group item this task belongs to, 0 if none
    officials: tuple[str, ...] = ()  # the officials in charge ("王明副市长"), not units
    officials_label: str = ""  # what the plan calls them: 牵头领导, 分管领导…

    @property
    def department_mentions(self) -> tuple[str, ...]:
        """The departments as written, in order."""
        return tuple(unit.name for unit in self.units)

    @functools.cached_property
    def departments(self) -> tuple[str, ...]:
        """The departments' canonical names (as written until the corpus resolves them)."""
        return tuple(dict.fromkeys(unit.canonical or unit.name for unit in self.units))

    def role_of(self, canonical: str) -> Role | None:
        """The role a department (canonical name) has in the item, if it is named there."""
        return next((u.role for u in self.units if (u.canonical or u.name) == canonical), None)

    def units_in(self, *roles: Role) -> tuple[Unit, ...]:
        """The units with one of these roles, in order."""
        return tuple(unit for unit in self.units if unit.role in roles)

    @property
    def has_roles(self) -> bool:
        """Whether the plan names a lead or supporting unit (not only a plain list)."""
        return any(unit.role != Role.RESPONSIBLE for unit in self.units)


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

    @functools.cached_property
    def year(self) -> int | None:
        """The plan's year: the one in its title, else the year its text names most often.

        ("到2025年底", "2025年6月底前完成"; not the years of the documents it cites.) Read
        once: every question across a library asks it of every plan.
        """
        titled = YEAR.search(self.title)
        if titled:
            return int(titled.group(1))
        named = Counter(YEAR.findall(without_cited_titles(self.text)))
        return int(named.most_common(1)[0][0]) if named else None

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
