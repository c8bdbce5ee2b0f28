"""Read .docx, .xlsx and .csv plans into a :class:`SourceText`, task tables rendered as text.

* ``.docx``: paragraphs and tables in document order; a task table is rendered by
  :func:`corpus.tasktables.render_table`, any other table is kept as plain lines (one per
  row, its distinct cells separated by a full-width space), so a layout table that wraps
  the plan's paragraphs still parses and a data table's figures stay in the text.
* ``.xlsx``: every sheet whose header is a task table's, in order; other sheets are skipped.
* ``.csv``: one task table (the caller decodes the bytes).

Merged cells: python-docx repeats a merged cell in every grid cell it covers; a repeat
across a row is dropped (``None``), a repeat down a column kept (each row gets its 牵头
单位). A sheet keeps a merged value in the top-left cell only; it is copied down the
merged range's first column, the other columns are ``None``, to the same effect.

Bounds: a .docx or .xlsx is checked by :func:`corpus.packages.read_package` before the
library opens it (zip size, no DTD, element count, each sheet's real extent); a sheet is
then read (openpyxl, read-only) over the rows and columns its values reach, never over
its ``<dimension>``, and any XML parser error becomes a :class:`DocumentReadError`.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import zipfile
from typing import Any
from xml.parsers import expat

from corpus.errors import DocumentReadError
from corpus.packages import read_package
from corpus.sheetscan import SheetExtent
from corpus.sourcetext import SourceBuilder, SourceText
from corpus.tasktables import Grid, render_table, row_text, unrecognised

logger = logging.getLogger(__name__)

Row = list[str | None]
# What XML parsers raise: lxml's XMLSyntaxError and ElementTree's ParseError are
# SyntaxErrors (python-docx parses with lxml, openpyxl with both).
XML_ERRORS = (SyntaxError, expat.ExpatError)
# What python-docx and openpyxl raise on a part that is missing or malformed.
DAMAGED = (AttributeError, LookupError, TypeError, IndexError)


def read_docx(path: str, data: bytes) -> SourceText:
    """Paragraphs and tables of a Word document, in order (bounded: :mod:`corpus.packages`)."""
    import docx

    try:
        read_package(path, data, ".docx")
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocumentReadError(
            f"{path}: not a readable .docx file ({error}); expected a Word 2007+ document"
        ) from error
    except XML_ERRORS as error:
        raise _xml_error(path, ".docx", error) from error
    except DAMAGED as error:
        raise _damaged(path, ".docx", error) from error
    try:
        out, tables = _docx_text(document)
    except (*DAMAGED, KeyError, ValueError) as error:
        raise _damaged(path, ".docx", error) from error
    if tables and out.empty:
        raise DocumentReadError(
            f"{path}：文档里没有计划正文，表格里也没有任务内容（只有空表格或只有表头）"
        )
    return out.build()


def _docx_text(document: Any) -> tuple[SourceBuilder, int]:
    """The document's paragraphs and tables as lines, and how many tables it has."""
    from docx.table import Table

    out = SourceBuilder()
    tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            _add_table(_docx_grid(block), out)
        else:
            out.line(block.text)
    return out, tables


def _damaged(path: str, kind: str, error: Exception) -> DocumentReadError:
    """A library's error on a damaged file (a missing or malformed part) as a message."""
    return DocumentReadError(
        f"{path}：{kind} 文件的结构已损坏，无法读取（{type(error).__name__}: {error}）；"
        "请在 Word/WPS/Excel 中打开并另存后再上传"
    )


def _xml_error(path: str, kind: str, error: Exception) -> DocumentReadError:
    """An XML parser's error (lxml, ElementTree, expat) as a one-line Chinese message."""
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    return DocumentReadError(
        f"{path}：{kind} 文件内的 XML 无法解析（{detail}），文件已损坏或被篡改；"
        "请在 Word/WPS/Excel 中打开并另存后再上传"
    )


def _docx_grid(table: Any) -> list[Row]:
    """The table's rows as python-docx's ``row.cells`` give them, in linear time.

    A cell continuing a vertical merge takes the text of the cell above at its grid
    offset (python-docx walks up the column from every such cell: 2,000 merged rows took
    51 s, then a RecursionError); a cell spanning columns gives its text once, then
    ``None``. A continuation with no cell above to continue stands for itself.
    """
    from docx.table import _Cell

    grid: list[Row] = []
    above: dict[int, str] = {}  # grid offset -> text of the previous row's cell there
    for tr in table._tbl.tr_lst:
        offset, current, row = tr.grid_before, dict[int, str](), list[str | None]()
        for tc in tr.tc_lst:
            continued = tc.vMerge == "continue" and offset in above
            text = above[offset] if continued else _Cell(tc, table).text
            current[offset] = text
            row += [text, *[None] * (tc.grid_span - 1)]
            offset += tc.grid_span
        grid.append(row)
        above = current
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
    """Every task-table sheet of an Excel workbook, in order (bounded: :mod:`corpus.packages`)."""
    sheets = _xlsx_sheets(path, data)
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


def _xlsx_sheets(path: str, data: bytes) -> list[tuple[str, list[Row]]]:
    """Each worksheet's title and grid, read over the sheet's real extent only."""
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
        package = read_package(path, data, ".xlsx")
        # Read-only: rows stream from the sheet's XML; the merged ranges come from the scan.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [
                (sheet.title, _sheet_grid(sheet, package.sheets.get(_part(sheet))))
                for sheet in workbook.worksheets
            ]
        finally:
            workbook.close()
    except unreadable as error:
        raise DocumentReadError(
            f"{path}：无法读取 .xlsx 文件（{type(error).__name__}: {error}），"
            "应为 Excel 2007 及以上版本的工作簿"
        ) from error
    except XML_ERRORS as error:
        raise _xml_error(path, ".xlsx", error) from error
    except DAMAGED as error:
        raise _damaged(path, ".xlsx", error) from error


def _part(sheet: Any) -> str:
    """The zip part a read-only sheet streams from."""
    return str(getattr(sheet, "_worksheet_path", ""))


def _sheet_grid(sheet: Any, extent: SheetExtent | None) -> list[Row]:
    """The sheet's values over its real extent, merged values copied down (see above).

    A sheet no scan measured (no worksheet part) or without values has none. (Bounds of 0
    would make openpyxl fall back to the sheet's ``<dimension>``.)
    """
    if extent is None or not extent.rows or not extent.columns:
        return []
    rows = sheet.iter_rows(
        min_row=1, max_row=extent.rows, min_col=1, max_col=extent.columns, values_only=True
    )
    grid: list[Row] = [[_value(value) for value in row] for row in rows]
    grid += [[""] * extent.columns for _ in range(extent.rows - len(grid))]
    for merged in extent.merges:
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
