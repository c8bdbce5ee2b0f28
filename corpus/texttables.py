"""A task table pasted into a text plan as tab-separated rows.

Copying a web page's table from a browser gives one line per row, its cells separated by
tabs; a plan saved so from a portal holds its 重点任务清单 that way. A run of such lines
whose first rows hold a task-table header (:func:`corpus.tasktables.find_header`) is read
as that table, exactly as the same table in Word; every other line, tabs and all, stays as
it was written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from corpus.sourcetext import SourceBuilder, SourceText
from corpus.tasktables import find_header, render_table

_MIN_ROWS = 2  # a header and one row


def read_text_plan(text: str) -> SourceText:
    """A text plan, with each pasted task table read as a table."""
    lines = text.split("\n")
    out, at = SourceBuilder(), 0
    for start, end in _tab_runs(lines):
        grid = [line.split("\t") for line in lines[start:end]]
        if find_header(grid) is None:
            continue
        for line in lines[at:start]:
            out.line(line)
        render_table(grid, out)
        at = end
    if at == 0:  # no task table: the text as it is
        return SourceText(text)
    for line in lines[at:]:
        out.line(line)
    return out.build()


def _tab_runs(lines: Sequence[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each run of consecutive lines holding a tab."""
    start = None
    for index, line in enumerate([*lines, ""]):
        if "\t" in line:
            start = index if start is None else start
            continue
        if start is not None and index - start >= _MIN_ROWS:
            yield start, index
        start = None
