"""The 任务分工 matrix: tasks × departments by role, with 完成时限, CSV and .xlsx export."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from corpus.loading import Corpus
from corpus.models import Item, ItemKind, Role

ALL_DEPARTMENTS = "全部部门"
ALL_ROLES = "全部角色"
MARK = "●"  # lead, or responsible in a plain 责任单位 list
SUPPORT_MARK = "○"
ROLE_CHOICES = {ALL_ROLES: (), "牵头": (Role.LEAD, Role.RESPONSIBLE), "配合": (Role.SUPPORT,)}
LEGEND = "● 牵头单位(未分牵头/配合的计划:责任单位)　○ 配合单位"
FIXED_COLUMNS = ("文件", "部分", "编号", "任务", "完成时限")


@dataclass(frozen=True)
class Matrix:
    """A table: the fixed columns, then one column per department (● lead, ○ support)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def department_choices(corpus: Corpus) -> list[str]:
    """``全部部门`` then every canonical department, in the order of the registry."""
    return [ALL_DEPARTMENTS, *(d.canonical for d in corpus.registry.departments)]


def build_matrix(corpus: Corpus, department: str | None = None, role: str = ALL_ROLES) -> Matrix:
    """Tasks × departments; ``department`` keeps its tasks and column, ``role`` its role."""
    departments = [d.canonical for d in corpus.registry.departments]
    if department and department != ALL_DEPARTMENTS:
        departments = [corpus.registry.resolve(department) or department]
    roles = ROLE_CHOICES.get(role, ())
    filtered = len(departments) == 1 or bool(roles)
    rows = []
    for doc in corpus.documents:
        parts = {part.number: f"{part.label}{part.title}" for part in doc.parts}
        for item in doc.items:
            marks = tuple(_mark(item, name, roles) for name in departments)
            if item.kind != ItemKind.TASK or (filtered and not any(marks)):
                continue
            deadline = item.deadline.text if item.deadline else ""
            fixed = (doc.title, parts.get(item.part, ""), item.label, item.title, deadline)
            rows.append((*fixed, *marks))
    return Matrix((*FIXED_COLUMNS, *departments), tuple(rows))


def _mark(item: Item, canonical: str, roles: tuple[Role, ...]) -> str:
    role = item.role_of(canonical)
    if role is None or (roles and role not in roles):
        return ""
    return SUPPORT_MARK if role == Role.SUPPORT else MARK


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
    sheet.freeze_panes = "F2"
    sheet.column_dimensions["D"].width = 30
    sheet.column_dimensions["E"].width = 16
    workbook.save(path)
    return path
