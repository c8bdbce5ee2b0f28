"""Task tables (任务分工表): recognise the header, render the rows as plan text.

A table is a grid of cell texts, ``None`` where a horizontally merged cell continues
(readers repeat a vertically merged cell in every row it spans). A header is recognised
by its column names (序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时限 and their
variants), on one row or two (a merged "责任单位" over "牵头 | 配合"). Below it:

* a category row (one text across the row, "一、培育消费新场景") becomes a part heading,
  or a group heading when it is numbered "（一）"; without a numeral it is a part whose
  label is empty, so no numeral the table lacks is written into the text;
* a task row becomes "1．" + its task cell (the title), its measure cells on their own
  lines, then one line per unit or deadline column in the canonical form
  "牵头单位：…", "配合单位：…", "责任单位：…", "完成时限：…" that
  :func:`corpus.assignments.find_metadata` reads;
* a row with units but no task text adds its units to the task above it.

Every task and measure sentence stays a verbatim substring of its cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from corpus.assignments import (
    DEADLINE_LABELS,
    LEAD_LABELS,
    OFFICIAL_LABELS,
    RESPONSIBLE_LABELS,
    SUPPORT_LABELS,
)
from corpus.errors import StructureError
from corpus.headings import ARABIC, PAREN, PART, PART_RANK, Heading, Style, heading_at
from corpus.numerals import CHINESE_NUMERAL_CHARS, chinese_to_int
from corpus.sourcetext import SourceBuilder
from corpus.textnorm import CLOSE, OPEN, SENTENCE_END
from corpus.traditional import simplified_chars

Grid = Sequence[Sequence[str | None]]


class Column(StrEnum):
    """What a column of a task table holds."""

    NUMBER = "number"  # 序号
    TASK = "task"  # 重点任务: the task's title
    MEASURE = "measure"  # 具体措施: its sentences
    LEAD = "lead"
    SUPPORT = "support"
    RESPONSIBLE = "responsible"
    DEADLINE = "deadline"
    OFFICIAL = "official"  # 牵头领导, 分管领导: people in charge, not units


TASK_NAMES = ("重点任务", "工作任务", "主要任务", "任务", "任务名称", "重点工作", "工作事项")
MEASURE_NAMES = (
    *("具体措施", "工作措施", "主要措施", "推进措施", "措施", "工作举措", "重点举措"),
    *("主要内容", "工作内容", "具体内容", "任务内容", "具体任务", "工作目标", "目标任务"),
)
_EXACT: dict[str, Column] = {
    **dict.fromkeys(("序号", "编号", "序"), Column.NUMBER),
    **dict.fromkeys(TASK_NAMES, Column.TASK),
    **dict.fromkeys(MEASURE_NAMES, Column.MEASURE),
    **dict.fromkeys((*LEAD_LABELS, "牵头领导单位"), Column.LEAD),
    **dict.fromkeys((*SUPPORT_LABELS, "参与", "协同", "协办"), Column.SUPPORT),
    **dict.fromkeys((*RESPONSIBLE_LABELS, "责任分工", "责任处室", "责任科室"), Column.RESPONSIBLE),
    **dict.fromkeys((*DEADLINE_LABELS, "时间安排", "进度安排", "完成时限要求"), Column.DEADLINE),
    **dict.fromkeys((*OFFICIAL_LABELS, "市领导", "领导"), Column.OFFICIAL),
}
# Unambiguous words inside a longer name ("牵头单位（部门）" is handled by dropping notes).
_KEYWORDS = (
    (("领导",), Column.OFFICIAL),  # before 牵头: "牵头领导" names people
    (("牵头", "主责"), Column.LEAD),
    (("配合", "参与", "协同", "协助", "协办"), Column.SUPPORT),
    (("责任单位", "责任部门", "责任主体"), Column.RESPONSIBLE),
    (("时限", "完成时间", "期限", "时间节点"), Column.DEADLINE),
    (("举措", "措施", "任务内容", "工作内容"), Column.MEASURE),  # 具体举措, 主要措施及目标
)
_NAME_MAX = 12
_UNIT_COLUMNS = (Column.LEAD, Column.SUPPORT, Column.RESPONSIBLE)
_TEXT_COLUMNS = (Column.TASK, Column.MEASURE)
CANONICAL_LABELS = {
    Column.LEAD: "牵头单位",
    Column.SUPPORT: "配合单位",
    Column.RESPONSIBLE: "责任单位",
    Column.DEADLINE: "完成时限",
    Column.OFFICIAL: "牵头领导",
}
EXPECTED_COLUMNS = (
    "序号、重点任务（或 任务/工作任务/主要任务）、具体措施（或 工作措施/主要内容/工作内容/"
    "具体内容）、牵头单位（或 牵头部门）、配合单位（或 配合部门/参与单位/协同单位）或 "
    "责任单位、完成时限（或 完成时间/时间节点/完成期限）"
)
_HEADER_SEARCH = 6  # a title row or two may stand above the header
_CATEGORY_MAX = 40
_NOTE = re.compile(rf"[{OPEN}][^{OPEN}{CLOSE}]*[{CLOSE}]")
_ARABIC_NUMBER = re.compile(rf"[{OPEN}]?(\d{{1,3}})[{CLOSE}.．、]?")
_CHINESE_NUMBER = re.compile(rf"[{OPEN}]?([{CHINESE_NUMERAL_CHARS}]{{1,3}})[{CLOSE}、．.]?")
_EMPTY_VALUES = {"无", "/", "-", "—", "——", "－"}


@dataclass(frozen=True)
class Header:
    """A recognised header: each column's kind, where it starts, where the rows start."""

    columns: tuple[Column | None, ...]
    start: int
    body: int


def column_kind(name: str) -> Column | None:
    """The kind of a column from its header text, or ``None`` (备注, unknown names).

    >>> column_kind("牵头单位（部门）"), column_kind("完成 时间"), column_kind("备注")
    (<Column.LEAD: 'lead'>, <Column.DEADLINE: 'deadline'>, None)
    """
    compact = _NOTE.sub("", re.sub(r"\s+", "", simplified_chars(name))).rstrip(":：")
    if compact in _EXACT:
        return _EXACT[compact]
    if not compact or len(compact) > _NAME_MAX:
        return None
    for words, kind in _KEYWORDS:
        if any(word in compact for word in words):
            return kind
    return None


def find_header(grid: Grid) -> Header | None:
    """The task-table header among the first rows, with a second header row if any."""
    for index, row in enumerate(grid[:_HEADER_SEARCH]):
        columns = _kinds(row)
        if not is_task_header(columns):
            continue
        body = index + 1
        if body < len(grid):
            combined = _with_sub_header(row, columns, grid[body])
            if combined is not None:
                columns, body = combined, body + 1
        return Header(_settled(columns), index, body)
    return None


def is_task_header(columns: Iterable[Column | None]) -> bool:
    """A header names a task or measure column and a unit or deadline column."""
    kinds = set(columns)
    return bool(kinds & set(_TEXT_COLUMNS)) and bool(kinds & {*_UNIT_COLUMNS, Column.DEADLINE})


def _kinds(row: Sequence[str | None]) -> tuple[Column | None, ...]:
    return tuple(column_kind(cell) if cell else None for cell in row)


def _with_sub_header(
    top: Sequence[str | None], columns: tuple[Column | None, ...], row: Sequence[str | None]
) -> tuple[Column | None, ...] | None:
    """Columns refined by a second header row ("牵头 | 配合" under "责任单位"), if it is one."""
    refined, differs = list(columns), False
    for index, cell in enumerate(row):
        above = top[index] if index < len(top) else None
        if not cell or cell == above:
            continue
        kind = column_kind(cell)
        if kind is None:
            return None
        if index >= len(refined):
            refined += [None] * (index + 1 - len(refined))
        refined[index], differs = kind, True
    return tuple(refined) if differs else None


def _settled(columns: tuple[Column | None, ...]) -> tuple[Column | None, ...]:
    """A second task column ("重点任务 | 具体任务") holds measures."""
    settled: list[Column | None] = []
    for kind in columns:
        second_task = kind == Column.TASK and Column.TASK in settled
        settled.append(Column.MEASURE if second_task else kind)
    return tuple(settled)


def cell_text(value: str | None) -> str:
    """A cell's text: each line stripped, blank lines dropped."""
    lines = (line.strip() for line in (value or "").splitlines())
    return "\n".join(line for line in lines if line)


def row_text(row: Sequence[str | None], separator: str = "　") -> str:
    """A row as one plain line: its distinct non-empty cells, in order."""
    cells = dict.fromkeys(text for text in map(cell_text, row) if text)
    return separator.join(cells)


def render_table(grid: Grid, out: SourceBuilder) -> bool:
    """Render a task table into ``out``; ``False`` (nothing added) if it is none."""
    header = find_header(grid)
    if header is None:
        return False
    out.begin_table()
    for row in grid[: header.start]:  # a title row above the header
        if row_text(row):
            out.line(row_text(row))
    rows = _Rows(header.columns, out, _official_label(grid[header.start], header.columns))
    for row in grid[header.body :]:
        rows.add(row)
    out.end_table()
    return True


def _official_label(names: Sequence[str | None], columns: Sequence[Column | None]) -> str:
    """What the plan calls its officials' column (分管领导…), as a label the parser reads."""
    for name, kind in zip(names, columns, strict=False):
        compact = re.sub(r"\s+", "", simplified_chars(name or ""))
        if kind == Column.OFFICIAL and compact in OFFICIAL_LABELS:
            return compact
    return CANONICAL_LABELS[Column.OFFICIAL]


def unrecognised(path: str, first_rows: Sequence[str], *, paragraphs: bool) -> StructureError:
    """The error for a file whose tables are no task tables (and, if any, no numbered text)."""
    found = "；".join(f"“{row}”" for row in first_rows if row) or "（空）"
    prose = "，正文也没有编号的任务段落" if paragraphs else ""
    return StructureError(
        f"{path}：表格的表头无法识别{prose}。任务分工表应有这些列：{EXPECTED_COLUMNS}；"
        f"表格第一行是：{found}"
    )


class _Rows:
    """Renders the rows below a header, numbering parts and tasks as it goes."""

    def __init__(
        self, columns: tuple[Column | None, ...], out: SourceBuilder, official_label: str
    ) -> None:
        self.columns = columns
        self.official_label = official_label
        self.out = out
        self.task_number = 0
        self.part_number = 0
        self.number_column = next(
            (i for i, kind in enumerate(columns) if kind == Column.NUMBER), None
        )

    def add(self, row: Sequence[str | None]) -> None:
        """Render one row: a category, a task, more units for the task above, or a note."""
        cells = [cell_text(row[i]) if i < len(row) else "" for i in range(len(self.columns))]
        if not any(cells) or is_task_header(_kinds(row)):
            return  # blank, or the header repeated on a new page
        number = cells[self.number_column] if self.number_column is not None else ""
        others = list(
            dict.fromkeys(
                c for i, c in enumerate(cells) if c and c != number and i != self.number_column
            )
        )
        if len(others) <= 1:
            text, numeral = (others[0], number) if others else (number, "")
            if _is_category(text, numeral):
                self.category(text, numeral)
                return
        if any(c for i, c in enumerate(cells) if self.columns[i] in _TEXT_COLUMNS):
            self.task(number, cells)
        elif any(c for i, c in enumerate(cells) if self.columns[i] in CANONICAL_LABELS):
            self.metadata(cells)
        else:
            self.out.line(row_text(row))

    def category(self, text: str, numeral: str) -> None:
        """A category row: a part (or a group when numbered "（一）")."""
        own = _upper_heading(text)
        if own is not None:
            self.part_number = own.number if own.rank == PART_RANK else self.part_number
            self.out.heading(own.style, own.number, own.label, text[own.end :])
            return
        written = _numeral_heading(numeral)
        if written is not None:
            self.part_number = written.number if written.rank == PART_RANK else self.part_number
            self.out.heading(written.style, written.number, written.label, text)
            return
        self.part_number += 1
        self.out.heading(PART, self.part_number, "", text)

    def task(self, number: str, cells: Sequence[str]) -> None:
        """A task row: numbered heading and task cell, measures, then units and deadline."""
        label, style, value = self._label(number)
        order = sorted(
            (i for i, kind in enumerate(self.columns) if kind in _TEXT_COLUMNS and cells[i]),
            key=lambda i: (self.columns[i] != Column.TASK, i),
        )
        texts = list(dict.fromkeys(cells[i] for i in order))
        self.out.heading(style, value, label, texts[0])  # the task cell opens the item
        for text in texts[1:]:
            self.out.line(text, cell=True)
        self.metadata(cells)

    def metadata(self, cells: Sequence[str]) -> None:
        """One "牵头单位：…" line per unit or deadline cell."""
        for index, kind in enumerate(self.columns):
            value = cells[index]
            if kind in CANONICAL_LABELS and value and value not in _EMPTY_VALUES:
                joiner = "，" if kind == Column.DEADLINE else "、"
                label = self.official_label if kind == Column.OFFICIAL else CANONICAL_LABELS[kind]
                self.out.line(f"{label}：{value.replace(chr(10), joiner)}")

    def _label(self, number: str) -> tuple[str, Style, int]:
        arabic = _ARABIC_NUMBER.fullmatch(number)
        if arabic is not None:
            self.task_number = int(arabic[1])
            return f"{self.task_number}．", ARABIC, self.task_number
        chinese = _CHINESE_NUMBER.fullmatch(number)
        value = chinese_to_int(chinese[1]) if chinese else None
        if chinese is not None and value is not None:
            return f"（{chinese[1]}）", PAREN, value
        self.task_number += 1
        return f"{self.task_number}．", ARABIC, self.task_number


def _upper_heading(text: str) -> Heading | None:
    """A part or group heading opening ``text`` ("一、", "第一部分", "（一）")."""
    heading = heading_at(text)
    return heading if heading is not None and heading.rank < ARABIC.rank else None


def _numeral_heading(numeral: str) -> Heading | None:
    """The heading a category's 序号 cell stands for: "一" is "一、", "（一）" itself."""
    heading = _upper_heading(numeral)
    if heading is not None and heading.end == len(numeral):
        return heading
    bare = numeral.strip("、．.")
    return heading_at(f"{bare}、") if chinese_to_int(bare) is not None else None


def _is_category(text: str, numeral: str) -> bool:
    """One short text across a row, without an arabic 序号: a category, not a task."""
    if not text or _ARABIC_NUMBER.fullmatch(text) or _CHINESE_NUMBER.fullmatch(text):
        return False
    if numeral and _CHINESE_NUMBER.fullmatch(numeral) is None:
        return False
    return len(text) <= _CATEGORY_MAX and text[-1] not in SENTENCE_END
