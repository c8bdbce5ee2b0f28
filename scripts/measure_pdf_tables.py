"""Measure ruled-table finders on PDFs printed from HTML: grids against the HTML's table.

``python3 scripts/measure_pdf_tables.py [--runs N]`` reads each sample PDF whose HTML
source is at hand (the test fixtures ``tests/fixtures/plan-pdf-table.pdf`` and
``plan-pdf-table-wide.pdf``; the layout eval plans ``eval/layouts/plan-pdftable.pdf`` and
``eval/layouts/heldout/plan-pdftable.pdf``) with every candidate and prints a Markdown
table: milliseconds per page (median of the runs: finding the tables and reading their
cells, every page); then, once the pages' parts are joined by :mod:`corpus.pdftables`
(header repeats dropped, broken rows merged), how many of the HTML table's body rows come
out exactly (whitespace aside), how many rows are read, and how many of the HTML's cells
are found in their column of any row.

The HTML's expected grid follows the Word reader's convention: a ``rowspan`` cell's text
repeated in each row, a ``colspan`` cell's text then ``None``; ``<br>`` is a line break.

Candidates: ``pypdfium2`` (:mod:`corpus.pdfgrid`: rules from the page's paths, cells from
the characters' boxes) and ``pdfplumber`` (``page.find_tables()``, default settings:
tables from drawn lines; its grid gives ``None`` for every merged cell, turned into the
same convention from the cells' boxes). pdfplumber comes from
``pip install -r requirements-measure.txt``; without it its rows are skipped.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import pdftables
from corpus.pdfgrid import RuledTable, join_lines

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "eval" / "layouts"
SAMPLES = (
    ("fixture (3 pp.)", ROOT / "tests/fixtures/plan-pdf-table.pdf",
     ROOT / "tests/fixtures/src/plan-pdf-table.html"),
    ("fixture, landscape (2 pp.)", ROOT / "tests/fixtures/plan-pdf-table-wide.pdf",
     ROOT / "tests/fixtures/src/plan-pdf-table-wide.html"),
    ("eval dev", LAYOUTS / "plan-pdftable.pdf", LAYOUTS / "src/plan-pdftable-dev.html"),
    ("eval held-out", LAYOUTS / "heldout/plan-pdftable.pdf",
     LAYOUTS / "src/plan-pdftable-heldout.html"),
)  # fmt: skip
Grid = list[list[str | None]]


class _TableRows(HTMLParser):
    """The ``<td>`` rows of the last ``<tbody>`` (the task table), spans expanded."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: Grid = []
        self._in_body = False
        self._cell: list[str] | None = None
        self._spans: tuple[int, int] = (1, 1)
        self._row: list[tuple[str, int, int]] = []
        self._raw: list[list[tuple[str, int, int]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tbody":
            self._in_body, self._raw = True, []
        elif self._in_body and tag == "tr":
            self._row = []
        elif self._in_body and tag == "td":
            self._cell = []
            self._spans = (int(values.get("rowspan") or 1), int(values.get("colspan") or 1))
        elif self._cell is not None and tag == "br":
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._in_body and tag == "td" and self._cell is not None:
            lines = "".join(self._cell).split("\n")
            self._row.append((join_lines(line.strip() for line in lines), *self._spans))
            self._cell = None
        elif self._in_body and tag == "tr" and self._row:  # a header row has no <td>
            self._raw.append(self._row)
        elif tag == "tbody" and self._in_body:
            self._in_body = False
            self.rows = _expand(self._raw)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(" ".join(data.split()))


def _expand(raw: list[list[tuple[str, int, int]]]) -> Grid:
    """Rows of (text, rowspan, colspan) as a grid: rowspans repeated, colspans ``None``."""
    pending: dict[tuple[int, int], str] = {}
    grid: Grid = []
    for number, cells in enumerate(raw):
        row: list[str | None] = []
        queue = list(cells)
        while queue or (number, len(row)) in pending:
            if (number, len(row)) in pending:
                row.append(pending.pop((number, len(row))))
                continue
            text, down, across = queue.pop(0)
            for below in range(1, down):
                pending[(number + below, len(row))] = text
            row += [text, *[None] * (across - 1)]
        grid.append(row)
    return grid


def _own(path: Path) -> list[pdftables._Page]:
    return pdftables._scan(path, path.read_bytes())


def _plumber(path: Path) -> list[pdftables._Page]:
    import pdfplumber

    with pdfplumber.open(path) as document:
        return [
            pdftables._Page("", [], [_plumber_table(t, page.height) for t in page.find_tables()])
            for page in document.pages
        ]


def _plumber_table(table: Any, height: float) -> RuledTable:
    """A pdfplumber table in corpus.pdfgrid's form (a merged cell's rows repeat its text)."""
    texts = table.extract()
    grid: Grid = []
    for number, row in enumerate(table.rows):
        line: list[str | None] = []
        for column, box in enumerate(row.cells):
            if box is not None:
                line.append(join_lines((texts[number][column] or "").split("\n")))
            elif number and _below_a_cell(table, number, column):
                line.append(grid[-1][column])
            else:
                line.append(None)
        grid.append(line)
    xs = sorted({round(box[0], 1) for box in table.cells} | {round(table.bbox[2], 1)})
    _, top, _, bottom = table.bbox
    ids = tuple(tuple(range(len(row))) for row in grid)
    foot = (False,) * len(grid[0]) if grid else ()
    return RuledTable(
        tuple(map(tuple, grid)), tuple(xs), height - top, height - bottom, foot, frozenset(), ids
    )


def _below_a_cell(table: Any, number: int, column: int) -> bool:
    """Whether the empty grid place is covered by a cell from a row above (a rowspan)."""
    row = table.rows[number]
    x = next(
        ((box[0] + box[2]) / 2 for r in table.rows if (box := r.cells[column]) is not None), None
    )
    y = (row.bbox[1] + row.bbox[3]) / 2
    return x is not None and any(
        box[0] <= x <= box[2] and box[1] < row.bbox[1] and box[3] >= y
        for r in table.rows[:number]
        for box in r.cells
        if box is not None
    )


def _body(pages: Sequence[pdftables._Page]) -> Grid:
    """The rows below the header of the document's task table(s), parts joined."""
    rows: Grid = []
    for table in pdftables._joined(pages):
        if table.header is not None:
            rows += table.grid[table.header.body :]
    return rows


def _squeeze(row: Sequence[str | None]) -> list[str | None]:
    return [None if cell is None else "".join(cell.split()) for cell in row]


def _measure(
    read: Callable[[Path], list[pdftables._Page]], pdf: Path, html: Path, runs: int
) -> str:
    parser = _TableRows()
    parser.feed(html.read_text(encoding="utf-8"))
    expected = [_squeeze(row) for row in parser.rows]
    timings, pages = [], []
    for _ in range(runs):
        start = time.perf_counter()
        pages = read(pdf)
        timings.append(time.perf_counter() - start)
    found = [_squeeze(row) for row in _body(pages)]
    rows = sum(1 for row in expected if row in found)
    columns = [{row[c] for row in found if c < len(row)} for c in range(len(expected[0]))]
    cells = sum(1 for row in expected for c, cell in enumerate(row) if cell in columns[c])
    total = sum(len(row) for row in expected)
    ms = 1000 * statistics.median(timings) / max(len(pages), 1)
    return f"{ms:.1f} | {len(pages)} | {rows}/{len(expected)} | {len(found)} | {cells}/{total}"


def main(argv: list[str] | None = None) -> int:
    """Measure every candidate on every sample at hand; print the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed readings per sample")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # pdfminer warns about every CJK font it reads
    candidates: dict[str, Callable[[Path], list[pdftables._Page]]] = {"pypdfium2": _own}
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        sys.stderr.write("pdfplumber: not installed, skipped\n")
    else:
        candidates["pdfplumber"] = _plumber
    lines = ["| finder | PDF | ms/page | pages | body rows right | rows read | cells right |"]
    lines.append("|---|---|---:|---:|---:|---:|---:|")
    for name, read in candidates.items():
        for sample, pdf, html in SAMPLES:
            if pdf.is_file() and html.is_file():
                lines.append(f"| {name} | {sample} | {_measure(read, pdf, html, args.runs)} |")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
