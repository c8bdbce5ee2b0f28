"""The lines of a page from the boxes an OCR engine reads, in the order a text layer has.

The engine finds text in boxes, one or more to a visual line (a gap, a change of style
splits a line). :func:`merge_lines` puts the boxes of one visual line together, left to
right, and the lines top to bottom, each with the engine's confidence in it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Between two boxes of one line, a gap wider than the line is tall is a space.
GAP_SPACE = "\u3000"


@dataclass(frozen=True)
class OcrLine:
    """One visual line of a page and the recognition's confidence in it (0-1)."""

    text: str
    confidence: float


@dataclass(frozen=True)
class _Box:
    top: float
    bottom: float
    left: float
    right: float
    text: str
    confidence: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


def merge_lines(found: Sequence[tuple[Any, str, float]]) -> list[OcrLine]:
    """Boxes ``(four corner points, text, confidence)`` as visual lines, top to bottom.

    A box whose vertical centre is within half a line height of a line's joins it; a
    line's boxes are read left to right, a gap wider than the line is tall kept as an
    ideographic space (two cells of a table, two labels on one line).
    """
    boxes = sorted((_box(*box) for box in found), key=lambda box: box.middle)
    lines: list[list[_Box]] = []
    for box in boxes:
        if lines and abs(box.middle - _middle(lines[-1])) <= _height(lines[-1]) / 2:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [_line(sorted(line, key=lambda box: box.left)) for line in lines]


def _box(points: Any, text: str, confidence: float) -> _Box:
    xs = [float(point[0]) for point in points]
    ys = [float(point[1]) for point in points]
    return _Box(min(ys), max(ys), min(xs), max(xs), text, confidence)


def _middle(line: list[_Box]) -> float:
    return sum(box.middle for box in line) / len(line)


def _height(line: list[_Box]) -> float:
    return sum(box.height for box in line) / len(line)


def _line(boxes: list[_Box]) -> OcrLine:
    height, text = _height(boxes), boxes[0].text
    for previous, box in itertools.pairwise(boxes):
        text += (GAP_SPACE if box.left - previous.right > height else "") + box.text
    sizes = [len(box.text) for box in boxes]
    confidence = sum(s * b.confidence for s, b in zip(sizes, boxes, strict=True)) / sum(sizes)
    return OcrLine(text, confidence)
