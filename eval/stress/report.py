"""One row per attack or fault: what was done, what should happen, what did."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """The outcome of one attack: ``ok`` when what was observed is what was expected."""

    attack: str
    expected: str
    observed: str
    ok: bool
    seconds: float = 0.0


def render(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table, then the count of rows as expected."""
    lines = [
        "| attack / fault | expected | observed | ok | s |",
        "|---|---|---|---|---|",
        *(_line(row) for row in rows),
        "",
        f"{sum(r.ok for r in rows)} of {len(rows)} as expected",
    ]
    return "\n".join(lines)


def _line(row: Row) -> str:
    mark = "✓" if row.ok else "✗"
    return f"| {row.attack} | {row.expected} | {row.observed} | {mark} | {row.seconds:.1f} |"
