"""The real extent of a worksheet, measured while its XML streams past (:mod:`corpus.packages`).

A sheet's ``<dimension>`` tag, and openpyxl's ``max_row``/``max_column``, count every
cell the sheet mentions: one styled empty cell at ``XFD1048576`` makes a sheet of 1,048,576
× 16,384, and walking that rectangle killed the server. Here only cells that hold a value
count (a ``<v>`` or an inline ``<is>``), plus the rows of merged ranges (a merged value
is copied down its range's first column: see :mod:`corpus.tablereaders`). Cells are
placed as openpyxl places them: by their ``r`` reference, or after the previous cell of a
row that is numbered by its own ``r`` or follows the one before.

A value past :data:`MAX_ROWS` rows or :data:`MAX_COLUMNS` columns stops the scan at once
with a :class:`SheetLimitError`.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_ROWS = 5000
MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"  # openpyxl's
_CELL, _ROW, _MERGE = (f"{MAIN_NAMESPACE} {local}" for local in ("c", "row", "mergeCell"))
_VALUES = frozenset({f"{MAIN_NAMESPACE} v", f"{MAIN_NAMESPACE} is"})
MAX_COLUMNS = 50
_WHAT_TO_DO = "；计划的任务分工表不会这么大，请删除表格以外的内容，或把表格拆分为几个工作表后再上传"


class SheetLimitError(Exception):
    """A sheet whose content goes past the limits; the message (Chinese) says how."""


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based and inclusive as Excel writes it (``A2:A4``)."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass(frozen=True)
class SheetExtent:
    """The rows and columns that a sheet's values reach, and its merged ranges."""

    rows: int
    columns: int
    merges: tuple[Merge, ...]


class SheetScan:
    """Receives a worksheet's elements ("namespace local", attributes) in document order."""

    def __init__(self) -> None:
        """Start before the sheet's first row."""
        self.row = 0
        self.reference: str | None = None  # the last cell's "r", if it had one
        self.after = 0  # cells without "r" since that one (or since the row began)
        self.rows = 0
        self.columns = 0
        self.merged_cells = 0
        self.merges: list[Merge] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        """One element of the sheet ("namespace local"), below its root.

        Like openpyxl, rows are read wherever they stand, in the main namespace only.
        """
        if name == _CELL:
            self._cell(attributes.get("r"))
        elif name in _VALUES:
            self._value()
        elif name == _ROW:
            self.row = _row_number(attributes["r"]) if "r" in attributes else self.row + 1
            self.reference, self.after = None, 0
        elif name == _MERGE:
            self._merge(attributes.get("ref", ""))

    def _cell(self, reference: str | None) -> None:
        # Placed only when a value shows (most cells of a hostile sheet have none).
        if reference:
            self.reference, self.after = reference, 0
        else:
            self.after += 1

    def _value(self) -> None:
        if self.reference:
            row, column = _coordinates(self.reference)
            if self.after:  # a cell without "r" after one with: openpyxl's row counter
                row, column = self.row, column + self.after
        else:
            row, column = self.row, self.after
        if min(row, column) < 1:
            return  # a value outside any cell: openpyxl reads none either
        if row > MAX_ROWS or column > MAX_COLUMNS:
            where = f"第 {row} 行" if row > MAX_ROWS else f"第 {column} 列"
            raise SheetLimitError(
                f"的内容超过 {MAX_ROWS} 行或 {MAX_COLUMNS} 列的上限（{where}有内容）{_WHAT_TO_DO}"
            )
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)

    def _merge(self, reference: str) -> None:
        first, _, last = reference.partition(":")
        (min_row, min_col), (max_row, max_col) = _coordinates(first), _coordinates(last or first)
        merge = Merge(min_row, min_col, max(min_row, max_row), max(min_col, max_col))
        if merge.max_row > MAX_ROWS:
            raise SheetLimitError(
                f"的合并单元格 {reference} 延伸到第 {merge.max_row} 行，"
                f"超过 {MAX_ROWS} 行的上限{_WHAT_TO_DO}"
            )
        # Merges copy values down (over each other when they overlap, which Excel never
        # writes): their cells, within the column limit, are bounded like a full sheet's.
        columns = max(0, min(merge.max_col, MAX_COLUMNS) - merge.min_col + 1)
        self.merged_cells += (merge.max_row - merge.min_row + 1) * columns
        if self.merged_cells > MAX_ROWS * MAX_COLUMNS:
            raise SheetLimitError(
                f"的合并单元格共超过 {MAX_ROWS * MAX_COLUMNS} 个（合并区域重叠或过多）{_WHAT_TO_DO}"
            )
        self.merges.append(merge)
        self.rows = max(self.rows, merge.max_row)

    def extent(self) -> SheetExtent:
        """What the sheet's values reach, once all of it has been read."""
        return SheetExtent(self.rows, self.columns, tuple(self.merges))


def _row_number(text: str) -> int:
    number = float(text)
    if not number.is_integer() or number < 1:
        raise ValueError(f"row number {text!r} is not a whole number from 1")
    return int(number)


def _coordinates(reference: str) -> tuple[int, int]:
    """(row, column) of "B12"; raise ``ValueError`` on anything else."""
    from openpyxl.utils.cell import coordinate_to_tuple

    row, column = coordinate_to_tuple(reference.replace("$", ""))
    return int(row), int(column)
