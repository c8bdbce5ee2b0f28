"""Plain-text tables for terminals and reports, aligned by display width.

A Chinese character takes two columns in a terminal, so padding by ``len`` misaligns
every table holding one; ``rich`` measures cells by display width.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

_WIDE_ENOUGH = 10_000  # never wrap: a report line is as long as its cells


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None
) -> list[str]:
    """The table as lines, each column aligned as ``align`` says (``l`` or ``r`` a column).

    By default the first column is left-aligned and the others right-aligned (figures).

    Rows shorter than the header are padded with empty cells; trailing spaces are dropped.

    >>> text_table(["条目", "n"], [["前言", "1"], ["(一)", "12"]])
    ['条目   n', '前言   1', '(一)  12']
    """
    from rich.console import Console  # lazy: only reports and CLIs draw tables
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style=None, padding=(0, 1))
    align = align or "l" + "r" * (len(headers) - 1)
    for header, side in zip(headers, align, strict=True):
        table.add_column(header, justify="left" if side == "l" else "right", no_wrap=True)
    width = len(headers)
    for row in rows:
        cells = [str(cell) for cell in row][:width]
        table.add_row(*cells, *[""] * (width - len(cells)))
    buffer = io.StringIO()
    console = Console(file=buffer, width=_WIDE_ENOUGH, color_system=None, soft_wrap=True)
    console.print(table)
    return [line.rstrip() for line in buffer.getvalue().splitlines()]
