"""Build the task-table fixtures from their committed source text.

``tests/fixtures/src/plan-table.json`` holds two small plans; this writes

* ``plan-table.docx`` (python-docx): title and preamble paragraphs, then a task table
  序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时限 with category rows merged
  across the table and a 牵头单位 cell merged down over two rows;
* ``plan-table.xlsx`` (openpyxl): the second plan under a merged title row and a two-row
  header ("责任单位" merged over "牵头单位 | 配合单位"), categories merged across;
* ``plan-table.csv``: the second plan flat (UTF-8 with BOM, as Excel saves it): a title
  row, other column names, units in one "责任单位" column written "A（牵头），B、C".

Usage: ``python scripts/make_table_fixtures.py [OUT_DIR]`` (default ``tests/fixtures``).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "src" / "plan-table.json"
DEFAULT_OUT = ROOT / "tests" / "fixtures"
STEM = "plan-table"
# Fixed document dates, so a rebuild differs from the committed files as little as possible.
_WHEN = datetime.datetime(2024, 1, 15, 9, 0, 0)


def build(out_dir: Path = DEFAULT_OUT, source: Path = SOURCE) -> list[Path]:
    """Write the three fixtures into ``out_dir``; return their paths."""
    spec = json.loads(source.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{STEM}{suffix}" for suffix in (".docx", ".xlsx", ".csv")]
    build_docx(spec["docx"], paths[0])
    build_xlsx(spec["sheet"], paths[1])
    build_csv(spec["sheet"], paths[2])
    return paths


def _rows(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Category rows ({"category": …}) and task rows, in table order."""
    rows: list[dict[str, Any]] = []
    for part in plan["parts"]:
        rows.append({"category": part["category"]})
        rows += part["tasks"]
    return rows


def _task_cells(task: dict[str, Any]) -> list[str]:
    keys = ("number", "task", "measure", "lead", "support", "deadline")
    return [str(task[key]) for key in keys]


def build_docx(plan: dict[str, Any], path: Path) -> None:
    """The Word plan: paragraphs, then the task table with merged cells."""
    import docx

    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = _WHEN
    document.add_paragraph(plan["title"])
    for paragraph in plan["preamble"]:
        document.add_paragraph(paragraph)
    rows = _rows(plan)
    width = len(plan["header"])
    table = document.add_table(rows=len(rows) + 1, cols=width)
    table.style = "Table Grid"
    for column, name in enumerate(plan["header"]):
        table.cell(0, column).text = name
    lead = plan["header"].index("牵头单位")
    merged_from_above = False
    for index, row in enumerate(rows, start=1):
        if "category" in row:
            table.cell(index, 0).merge(table.cell(index, width - 1)).text = row["category"]
            continue
        for column, text in enumerate(_task_cells(row)):
            if column != lead or not merged_from_above:
                table.cell(index, column).text = text
        merged_from_above = bool(row.get("merge_lead_with_next"))
        if merged_from_above:
            table.cell(index, lead).merge(table.cell(index + 1, lead))
    document.save(str(path))


def build_xlsx(plan: dict[str, Any], path: Path) -> None:
    """The Excel plan: title row, two-row header, categories merged across."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.properties.created = workbook.properties.modified = _WHEN
    sheet = workbook.active
    sheet.title = "任务分工"
    header = plan["header"]
    width = len(header)
    sheet.append([plan["title"]])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    lead = header.index("牵头单位")
    sheet.append([*header[:lead], "责任单位", None, *header[lead + 2 :]])
    sheet.append([None] * lead + header[lead : lead + 2] + [None] * (width - lead - 2))
    sheet.merge_cells(start_row=2, start_column=lead + 1, end_row=2, end_column=lead + 2)
    for column in (*range(1, lead + 1), *range(lead + 3, width + 1)):
        sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    merged_from_above = False
    for row in _rows(plan):
        if "category" in row:
            sheet.append([row["category"]])
            line = sheet.max_row
            sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=width)
            continue
        cells: list[Any] = _task_cells(row)
        cells[0] = int(cells[0])  # a number, as Excel users type it
        if merged_from_above:
            cells[lead] = None  # inside the merge started on the row above
        sheet.append(cells)
        merged_from_above = bool(row.get("merge_lead_with_next"))
        if merged_from_above:
            line = sheet.max_row
            sheet.merge_cells(
                start_row=line, start_column=lead + 1, end_row=line + 1, end_column=lead + 1
            )
    workbook.save(str(path))


def build_csv(plan: dict[str, Any], path: Path) -> None:
    """The same plan as a flat CSV: categories on their own rows, units in one column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([plan["title"], *[""] * (len(plan["csv_header"]) - 1)])
    writer.writerow(plan["csv_header"])
    for row in _rows(plan):
        if "category" in row:
            writer.writerow([row["category"], "", "", "", ""])
            continue
        units = f"{row['lead']}（牵头），{row['support']}"
        writer.writerow([row["number"], row["task"], row["measure"], units, row["deadline"]])
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))


def main(argv: list[str]) -> int:
    """Build into ``argv[0]`` or the fixtures folder."""
    out_dir = Path(argv[0]) if argv else DEFAULT_OUT
    for path in build(out_dir):
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
