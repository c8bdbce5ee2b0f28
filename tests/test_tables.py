"""Text tables line up by display width, Chinese characters counting two columns."""

from __future__ import annotations

import unicodedata

from corpus.tables import text_table


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_columns_line_up_with_chinese_cells() -> None:
    lines = text_table(["条目", "n"], [["前言", "1"], ["(十九)完善", "123"], ["x", "7"]])
    ends = {_width(line) for line in lines}
    assert len(ends) == 1  # right-aligned last column: every line ends at one column
    assert lines[2].startswith("(十九)完善")


def test_alignment_and_short_rows() -> None:
    lines = text_table(["a", "b", "c"], [["甲", "1"]], align="lll")
    assert lines == ["a   b  c", "甲  1"]
