"""The 任务分工 matrix: task items × responsible departments, with CSV and .xlsx export."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from corpus.loading import Corpus

ALL_DEPARTMENTS = "全部部门"
MARK = "●"
FIXED_COLUMNS = ("文件", "部分", "编号", "任务")


@dataclass(frozen=True)
class Matrix:
    """A table: the fixed columns, then one column per department (``●`` = responsible)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def department_choices(corpus: Corpus) -> list[str]:
    """``全部部门`` then every canonical department, in the order of the registry."""
    return [ALL_DEPARTMENTS, *(d.canonical for d in corpus.registry.departments)]


def build_matrix(corpus: Corpus, department: str | None = None) -> Matrix:
    """Task items × departments; with ``department``, only its items and column."""
    departments = [d.canonical for d in corpus.registry.departments]
    wanted = None
    if department and department != ALL_DEPARTMENTS:
        canonical = corpus.registry.resolve(department) or department
        wanted = {id(item) for item in corpus.items_for_department(canonical) or ()}
        departments = [canonical]
    rows = []
    for doc in corpus.documents:
        parts = {part.number: f"{part.label}{part.title}" for part in doc.parts}
        for item in doc.items:
            if (not item.number and not item.departments) or (
                wanted is not None and id(item) not in wanted
            ):
                continue
            marks = tuple(MARK if name in item.departments else "" for name in departments)
            rows.append((doc.title, parts.get(item.part, ""), item.label, item.title, *marks))
    return Matrix((*FIXED_COLUMNS, *departments), tuple(rows))


def write_csv(matrix: Matrix, path: Path) -> Path:
    """Write the matrix as UTF-8 CSV with a BOM (so Excel reads the Chinese correctly)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(matrix.headers)
        writer.writerows(matrix.rows)
    return path


def write_xlsx(matrix: Matrix, path: Path) -> Path:
    """Write the matrix as an Excel workbook with a frozen header row."""
    from openpyxl import Workbook  # lazy: only needed for the download
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "任务分工"
    sheet.append(list(matrix.headers))
    for row in matrix.rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "E2"
    sheet.column_dimensions["D"].width = 30
    workbook.save(path)
    return path
