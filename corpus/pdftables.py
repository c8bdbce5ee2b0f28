"""Read a PDF whose tasks are a ruled 重点任务分工表, as the same table in Word reads.

:func:`read_pdf_tables` finds each page's ruled tables (:mod:`corpus.pdfgrid`), joins a
table continued on the next pages into one grid, and hands every task table (a header
:func:`corpus.tasktables.find_header` recognises) to the Word reader's
:func:`corpus.tablereaders._add_table`, so its rows become tasks with their units and
deadlines. A table continues on the next page when it is the last table of its page, the
next page's first table has the same columns, and at most :data:`EDGE_LINES` short lines
(a running header, a page number) stand between them. Joining, the header repeated at the
top of a page is dropped, and a row broken across the page (the continuation's 序号 cell
is empty) is merged into the row it continues, cell by cell; a merged cell left open at
the page's foot (no rule under it) fills the empty cell it continues into.

The text around the task tables (a notice, the title, the preamble, what follows) keeps
the text layer's lines in reading order, exactly as :func:`corpus.pdf.read_pdf` gives
them, and every page still ends with :data:`corpus.pdf.PAGE_END`, so the cleaning removes
page numbers and running headers as before. A table is placed where its first character
stands in PDFium's reading order. A ruled table that is no task table stays in the text.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.pdf import _PDFIUM_LOCK, PAGE_END, _tidy, check_page_count, read_pdf_text
from corpus.pdfgrid import (
    Char,
    RuledTable,
    find_frames,
    font_gaps,
    join_lines,
    line_text,
    page_chars,
    page_rules,
    read_table,
)
from corpus.sourcetext import SourceBuilder, SourceText
from corpus.tablereaders import _add_table
from corpus.tasktables import Column, Grid, Header, column_kind, find_header

logger = logging.getLogger(__name__)

# Lines that may stand between a table's part on one page and its part on the next (a
# running header, a page number), and how long each may be: as corpus.pages reads them.
EDGE_LINES = 3
MAX_EDGE_CHARS = 40
# Columns of two parts of one table are this close (points) at each boundary.
COLUMN_SLACK = 3.0
_HEAD_BYTES = 1024

Row = list[str | None]


@dataclass
class _Page:
    """One page: its text layer, its characters, its ruled tables (top first)."""

    text: str
    chars: list[Char]
    tables: list[RuledTable]


@dataclass
class _Table:
    """A table over one or more pages: the grid so far and the parts it was read from."""

    grid: list[Row]
    header: Header | None
    parts: list[tuple[int, RuledTable]] = field(default_factory=list)


def read_pdf_tables(path: Path, data: bytes) -> SourceText | None:
    """The PDF's text with its ruled task tables rendered as rows of tasks.

    ``None`` when no page holds a ruled task table (or PDFium cannot read the file): the
    caller then reads the PDF with :func:`corpus.pdf.read_pdf_source`, which also gives
    the errors of an unreadable file.

    Raises:
        DocumentReadError: As :func:`corpus.pdf.read_pdf`, once a task table is found.
    """
    if b"%PDF-" not in data[:_HEAD_BYTES]:
        return None
    pages = _scan(path, data)
    tasks = [table for table in _joined(pages) if table.header is not None]
    if not tasks:
        return None
    found = read_pdf_text(path, data)
    if found.ocr:  # read as a scan after all: the OCR'd text, not read twice
        return SourceText(found.text, ocr=True, warnings=found.warnings)
    if len(found.pages) != len(pages):
        return None
    logger.info(
        "%s: 读取到 %d 个任务分工表（%s 页）",
        path,
        len(tasks),
        "、".join(str(page + 1) for page in sorted({p for t in tasks for p, _ in t.parts})),
    )
    built = _build(list(found.pages), pages, tasks)
    return dataclasses.replace(built, warnings=found.warnings)


def _scan(path: Path, data: bytes) -> list[_Page]:
    """Every page's text, characters and ruled tables; none when PDFium cannot read it."""
    import pypdfium2

    with _PDFIUM_LOCK:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError:
            return []
        try:
            check_page_count(path, len(document))
            return [_scan_page(document[index], pypdfium2.raw) for index in range(len(document))]
        except pypdfium2.PdfiumError as error:
            logger.debug("%s: no tables read: %s", path, error)
            return []
        finally:
            document.close()


def _scan_page(page: Any, raw: Any) -> _Page:
    try:
        frames = find_frames(*page_rules(page, raw))
        if not frames:
            return _Page("", [], [])
        textpage = page.get_textpage()
        try:
            text, chars = textpage.get_text_range(), page_chars(textpage, raw)
        finally:
            textpage.close()
        if len(text) != len(chars):  # a character beyond UCS-2: no place for a table
            return _Page("", [], [])
        return _Page(text, chars, [read_table(frame, chars) for frame in frames])
    finally:
        page.close()


def _joined(pages: Sequence[_Page]) -> list[_Table]:
    """The tables of the document, each part continued on a next page joined to it."""
    tables: list[_Table] = []
    for index, page in enumerate(pages):
        for position, part in enumerate(page.tables):
            previous = tables[-1] if tables else None
            if position == 0 and previous and _continues(previous, pages, index, part):
                _append(previous, part)
            else:
                grid: list[Row] = [list(row) for row in part.grid]
                tables.append(_Table(grid, find_header(grid)))
            tables[-1].parts.append((index, part))
    return tables


def _continues(table: _Table, pages: Sequence[_Page], index: int, part: RuledTable) -> bool:
    """Whether ``part``, first on page ``index``, goes on with ``table``."""
    last_page, last = table.parts[-1]
    if last_page != index - 1 or pages[last_page].tables[-1] is not last:
        return False
    if len(last.columns) != len(part.columns) or any(
        abs(a - b) > COLUMN_SLACK for a, b in zip(last.columns, part.columns, strict=True)
    ):
        return False
    below = _lines_outside(pages[last_page], lambda char: char.y < last.bottom)
    above = _lines_outside(pages[index], lambda char: char.y > part.top)
    if len(below) + len(above) > EDGE_LINES or any(len(t) > MAX_EDGE_CHARS for t in below + above):
        return False
    if table.header is None:  # no task table so far: a task table's header starts one
        return find_header(part.grid) is None
    return not _another_header(table.header, table.grid, part.grid)


def _another_header(header: Header, grid: Grid, part: Grid) -> bool:
    """Whether a part opens with a header other than the table's own (repeated)."""
    heads = _header_rows(grid, header)
    own = find_header(part)
    if own is not None:
        return _header_rows(part, own) != heads
    number = _number_column(header)
    first = next((row for row in part if list(row) not in heads), None)
    if number is None or first is None or number >= len(first):
        return False
    return column_kind(first[number] or "") == Column.NUMBER  # "序号" heads another table


def _lines_outside(page: _Page, where: Callable[[Char], bool]) -> list[str]:
    """The text lines (by baseline) of a page's characters outside its tables, kept by
    ``where``."""
    inside = set().union(*(table.chars for table in page.tables))
    lines: dict[int, list[Char]] = {}
    for char in page.chars:
        if char.index in inside or char.generated or not char.text.strip() or not where(char):
            continue
        lines.setdefault(round(char.baseline), []).append(char)
    return [line_text(line) for line in lines.values()]


def _header_rows(grid: Sequence[Sequence[str | None]], header: Header) -> list[list[str | None]]:
    return [list(row) for row in grid[header.start : header.body]]


def _append(table: _Table, part: RuledTable) -> None:
    """Add a part from the next page: its repeated header dropped, a broken row merged."""
    rows: list[Row] = [list(row) for row in part.grid]
    cells = [list(row) for row in part.cells]
    heads = _header_rows(table.grid, table.header) if table.header else table.grid[:1]
    while rows and rows[0] in heads:
        rows, cells = rows[1:], cells[1:]
    _, last = table.parts[-1]
    if not rows or not table.grid:
        table.grid.extend(rows)
        return
    broken = _broken(table.grid[-1], rows[0], _number_column(table.header), last.open_foot)
    if broken:
        _merge(table.grid[-1], rows[0])
    _carry_open_cells(table.grid[-1], rows, cells, last.open_foot, broken=broken)
    table.grid.extend(rows[1:] if broken else rows)


def _number_column(header: Header | None) -> int | None:
    if header is None:
        return None
    return next((i for i, kind in enumerate(header.columns) if kind == Column.NUMBER), None)


def _broken(last: Row, first: Row, number: int | None, open_foot: Sequence[bool]) -> bool:
    """Whether ``first`` (on a new page) is the rest of the row ``last`` (on the page before).

    Its 序号 cell is empty while it has text; or, the foot left open under every column,
    the row before has no 序号 (a 序号 centred in the cell lands on the second page).
    """
    if not any(first):
        return False
    if number is None or number >= len(first) or number >= len(last):
        return all(open_foot)
    if first[number] == "":
        return True
    return all(open_foot) and last[number] == ""


def _merge(last: Row, first: Row) -> None:
    """Join a broken row's two parts cell by cell."""
    for column, rest in enumerate(first[: len(last)]):
        if rest and last[column] is not None:
            last[column] = join_lines([last[column] or "", rest])
        elif rest:
            last[column] = rest


def _carry_open_cells(
    last: Row, rows: list[Row], cells: list[list[int]], open_foot: Sequence[bool], *, broken: bool
) -> None:
    """A cell merged down past the page's foot (no rule under it) takes its text into the
    rows it spans on this page: the rest of a broken row's merged cell, or a cell left
    empty under the repeated header."""
    for column, is_open in enumerate(open_foot):
        if not is_open or column >= len(last) or not last[column]:
            continue
        if not broken and rows[0][column] != "":
            continue
        for row in range(1 if broken else 0, len(rows)):
            if cells[row][column] != cells[0][column]:
                break
            rows[row][column] = last[column]


def _build(texts: list[str], pages: Sequence[_Page], tables: Sequence[_Table]) -> SourceText:
    """The document: each page's text, a task table in place of its first part."""
    parts: dict[int, list[tuple[RuledTable, _Table | None]]] = {}
    for table in tables:
        for order, (page, part) in enumerate(table.parts):
            parts.setdefault(page, []).append((part, None if order else table))
    out = SourceBuilder()
    for index, text in enumerate(texts):
        if index not in parts:
            out.line(text)
        else:
            for piece in _pieces(pages[index], parts[index]):
                if isinstance(piece, str):
                    out.line(piece)
                elif piece is not None:
                    _add_table(piece.grid, out)
        out.line(PAGE_END.strip("\n"))
    out.line("")
    return out.build()


def _pieces(
    page: _Page, parts: list[tuple[RuledTable, _Table | None]]
) -> list[str | _Table | None]:
    """The page's text around its task tables' parts, in reading order: text pieces (their
    lines tidied as the text path tidies them), and at each part's place its table (or
    ``None`` where a part continues a table placed on an earlier page)."""
    owner = {index: number for number, (part, _) in enumerate(parts) for index in part.chars}
    gaps = font_gaps(page.chars)
    pieces: list[str | _Table | None] = []
    placed: set[int] = set()
    current: list[str] = []
    previous: int | None = None  # the part the last drawn character belongs to
    for char in page.chars:
        if char.index in gaps:
            continue
        number = owner.get(char.index, previous if char.generated else None)
        if number is None:
            current.append(page.text[char.index])
        elif number not in placed:
            pieces.append(_tidy("".join(current)))
            current = []
            pieces.append(parts[number][1])
            placed.add(number)
        if not char.generated:
            previous = number
    pieces.append(_tidy("".join(current)))
    return [piece for piece in pieces if piece != ""]
