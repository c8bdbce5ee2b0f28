"""Read .docx, .xlsx and .csv plans into a :class:`SourceText`, task tables rendered as text.

* ``.docx``: paragraphs and tables in document order; a task table is rendered by
  :func:`corpus.tasktables.render_table`, any other table is kept as plain lines (one per
  row, its distinct cells separated by a full-width space), so a layout table that wraps
  the plan's paragraphs still parses and a data table's figures stay in the text.
* ``.xlsx``: every sheet whose header is a task table's, in order; other sheets are skipped.
* ``.csv``: one task table (the caller decodes the bytes).

Merged cells: python-docx repeats a merged cell in every grid cell it covers; a repeat
across a row is dropped (``None``), a repeat down a column kept (each row gets its 牵头
单位). openpyxl keeps a merged value in the top-left cell only; it is copied down the
merged range's first column, the other columns are ``None``, to the same effect.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import zipfile
from typing import Any

from corpus.errors import DocumentReadError
from corpus.sourcetext import SourceBuilder, SourceText
from corpus.tasktables import Grid, render_table, row_text, unrecognised

logger = logging.getLogger(__name__)

Row = list[str | None]


def read_docx(path: str, data: bytes) -> SourceText:
    """Paragraphs and tables of a Word document, in order."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocumentReadError(
            f"{path}: not a readable .docx file ({error}); expected a Word 2007+ document"
        ) from error
    out = SourceBuilder()
    tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            _add_table(_docx_grid(block), out)
        else:
            out.line(block.text)
    if tables and out.empty:
        raise DocumentReadError(
            f"{path}：文档里没有计划正文，表格里也没有任务内容（只有空表格或只有表头）"
        )
    return out.build()


def _docx_grid(table: Any) -> list[Row]:
    grid: list[Row] = []
    for row in table.rows:
        cells = row.cells
        grid.append(
            [
                None if index and cell._tc is cells[index - 1]._tc else cell.text
                for index, cell in enumerate(cells)
            ]
        )
    return grid


def _add_table(grid: Grid, out: SourceBuilder) -> None:
    if render_table(grid, out):
        return
    lines = [line for line in (row_text(row) for row in grid) if line]
    if lines:
        out.other_table(row_text(next(row for row in grid if row_text(row)), " | "))
    for line in lines:
        out.line(line)


def read_xlsx(path: str, data: bytes) -> SourceText:
    """Every task-table sheet of an Excel workbook, in order."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    unreadable = (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        TypeError,
    )
    try:
        # Not read-only: merged ranges are only known to a fully loaded sheet.
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except unreadable as error:
        raise DocumentReadError(
            f"{path}：无法读取 .xlsx 文件（{type(error).__name__}: {error}），"
            "应为 Excel 2007 及以上版本的工作簿"
        ) from error
    sheets = [(sheet.title, _sheet_grid(sheet)) for sheet in workbook.worksheets]
    filled = [(title, grid) for title, grid in sheets if any(row_text(row) for row in grid)]
    if not filled:
        raise DocumentReadError(f"{path}：工作簿是空的，没有任何单元格内容")
    out = SourceBuilder()
    headers = []
    for title, grid in filled:
        if not render_table(grid, out):
            logger.info("%s: sheet %r is no task table, skipped", path, title)
            headers.append(f"工作表“{title}”：{_first_row(grid)}")
    if len(headers) == len(filled):
        raise unrecognised(path, headers, paragraphs=False)
    return out.build()


def _sheet_grid(sheet: Any) -> list[Row]:
    grid: list[Row] = [
        [_value(value) for value in row] for row in sheet.iter_rows(values_only=True)
    ]
    for merged in sheet.merged_cells.ranges:
        top = _at(grid, merged.min_row - 1, merged.min_col - 1)
        for row in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            for column in range(merged.min_col - 1, min(merged.max_col, len(grid[row]))):
                if (row, column) != (merged.min_row - 1, merged.min_col - 1):
                    grid[row][column] = top if column == merged.min_col - 1 else None
    return grid


def _at(grid: list[Row], row: int, column: int) -> str | None:
    return grid[row][column] if row < len(grid) and column < len(grid[row]) else None


def _value(value: object) -> str:
    """A cell value as text: whole numbers without ".0", dates as "2024年6月30日"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def _first_row(grid: Grid) -> str:
    return next((row_text(row, " | ") for row in grid if row_text(row)), "")


def read_csv(path: str, text: str) -> SourceText:
    """A task table saved as CSV (comma, tab or semicolon separated)."""
    sample = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=sample.count)
    try:
        grid: list[Row] = [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise DocumentReadError(f"{path}：无法读取 CSV 文件（{error}）") from error
    if not any(row_text(row) for row in grid):
        raise DocumentReadError(f"{path}：CSV 文件是空的，没有任何单元格内容")
    out = SourceBuilder()
    if not render_table(grid, out):
        raise unrecognised(path, [_first_row(grid)], paragraphs=False)
    return out.build()
