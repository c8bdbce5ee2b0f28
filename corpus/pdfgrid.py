"""Ruled tables on one PDF page, from the lines drawn on it and its characters' boxes.

PDFium (``pypdfium2``) gives a page's drawn paths and each character's box; a table is a
set of horizontal and vertical rules that cross one another. Its column boundaries are the
rules' x positions, its row boundaries their y positions (and the ends of the vertical
rules, where a row broken at the page's foot has no closing rule). Two neighbouring grid
cells are one merged cell where no rule separates them. Each cell's text is its
characters, line by line (by baseline), joined without a space: a line break inside a cell
is a visual wrap, except before a sub-point (``（1）``, ``1.``, ``①``), which keeps its
own line.

The grid follows the Word reader's convention (:mod:`corpus.tablereaders`): a cell
spanning columns gives its text once, then ``None``; a cell spanning rows repeats its text
in every row. Coordinates are PDF points, y upwards.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

SNAP = 2.0  # rules or ends this close (points) are one
THIN = 2.5  # a path no thicker than this is a rule (a 1px border is 0.75 pt)
MIN_RULE = 2.0  # shorter strokes (dots, ticks) are no rules
MIN_COLUMNS = 2
MIN_ROW_RULES = 2
# More rules than this on a page (once joined), or more paths, is a drawing, not a table:
# the page is not searched (pairing the rules is quadratic; each path is a library call).
MAX_RULES = 1000
MAX_PATHS = 20_000
_SUB_POINT = re.compile(r"[（(][0-9一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．、](?!\d)|[①-⑳]")
_LATIN = re.compile(r"[A-Za-z]")
_MIXED = re.compile(r"[\u4e00-\u9fff][0-9A-Za-z%]|[0-9A-Za-z%][\u4e00-\u9fff]")


@dataclass(frozen=True)
class Rule:
    """A drawn line: its position across (y of a horizontal rule, x of a vertical one)
    and its extent along."""

    at: float
    start: float
    end: float


@dataclass(frozen=True)
class Char:
    """A character of the page's text (PDFium's index), where it is drawn."""

    index: int
    text: str
    x: float  # centre of its box
    y: float
    baseline: float
    size: float  # font size, for telling lines apart
    generated: bool  # a space or line break PDFium added
    width: float  # of its box, for the gap to its neighbours


@dataclass(frozen=True)
class RuledTable:
    """A ruled table on a page: its grid, its place, and how its foot is ruled."""

    grid: tuple[tuple[str | None, ...], ...]
    columns: tuple[float, ...]  # x boundaries, left to right
    top: float
    bottom: float
    open_foot: tuple[bool, ...]  # per column: no rule closes the last row (it goes on)
    chars: frozenset[int]  # indices of the characters inside
    cells: tuple[tuple[int, ...], ...]  # each grid cell's merged cell (an id)

    @property
    def left(self) -> float:
        """The table's left edge."""
        return self.columns[0]

    @property
    def right(self) -> float:
        """The table's right edge."""
        return self.columns[-1]


@dataclass(frozen=True)
class _Frame:
    """A table's boundaries and its rules, before its text is read."""

    xs: tuple[float, ...]  # left to right
    ys: tuple[float, ...]  # top to bottom
    at_y: tuple[tuple[Rule, ...], ...]  # the horizontal rules on each row boundary
    at_x: tuple[tuple[Rule, ...], ...]  # the vertical rules on each column boundary


def page_rules(page: Any, raw: Any) -> tuple[list[Rule], list[Rule]]:
    """The horizontal and vertical rules drawn on a page (thin paths and stroked edges)."""
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    paths = page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=0)
    for count, obj in enumerate(paths):
        if count == MAX_PATHS:
            return [], []
        left, bottom, right, top = obj.get_bounds()
        if right - left <= THIN and top - bottom >= MIN_RULE:
            vertical.append(Rule((left + right) / 2, bottom, top))
        elif top - bottom <= THIN and right - left >= MIN_RULE:
            horizontal.append(Rule((bottom + top) / 2, left, right))
        elif _stroked(obj, raw):
            _add_edges(obj, raw, horizontal, vertical)
    return _merged(horizontal), _merged(vertical)


def _stroked(obj: Any, raw: Any) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    ok = raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
    return bool(ok and stroke.value)


def _add_edges(obj: Any, raw: Any, horizontal: list[Rule], vertical: list[Rule]) -> None:
    """The straight axis-parallel segments of a stroked path (a cell drawn as a rectangle)."""
    matrix = obj.get_matrix()
    points: list[tuple[float, float]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(raw.FPDFPath_CountSegments(obj.raw)):
        segment = raw.FPDFPath_GetPathSegment(obj.raw, index)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = matrix.on_point(x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_LINETO and points:
            _add_edge(points[-1], point, horizontal, vertical)
        elif kind != raw.FPDF_SEGMENT_LINETO:
            points.clear()  # a move or a curve starts afresh
        points.append(point)
        if raw.FPDFPathSegment_GetClose(segment) and len(points) > 1:
            _add_edge(point, points[0], horizontal, vertical)


def _add_edge(
    a: tuple[float, float], b: tuple[float, float], horizontal: list[Rule], vertical: list[Rule]
) -> None:
    (x0, y0), (x1, y1) = a, b
    if abs(y0 - y1) <= THIN and abs(x0 - x1) >= MIN_RULE:
        horizontal.append(Rule((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) <= THIN and abs(y0 - y1) >= MIN_RULE:
        vertical.append(Rule((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _merged(rules: list[Rule]) -> list[Rule]:
    """Rules on one line (within :data:`SNAP`) that touch or overlap, made one."""
    merged: list[Rule] = []
    for at, group in _clusters(rules):
        group.sort(key=lambda rule: rule.start)
        start, end = group[0].start, group[0].end
        for rule in group[1:]:
            if rule.start > end + SNAP:
                merged.append(Rule(at, start, end))
                start = rule.start
            end = max(end, rule.end)
        merged.append(Rule(at, start, end))
    return merged


def _clusters(rules: Iterable[Rule]) -> list[tuple[float, list[Rule]]]:
    """Rules grouped by position (each group's first position names it)."""
    groups: list[tuple[float, list[Rule]]] = []
    for rule in sorted(rules, key=lambda rule: rule.at):
        if groups and rule.at - groups[-1][1][-1].at <= SNAP:
            groups[-1][1].append(rule)
        else:
            groups.append((rule.at, [rule]))
    return groups


def find_frames(horizontal: list[Rule], vertical: list[Rule]) -> list[_Frame]:
    """The tables the rules make: groups of crossing rules, top of the page first."""
    rules = [*horizontal, *vertical]
    if len(rules) > MAX_RULES:
        return []
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical, len(horizontal)):
            if _cross(h, v):
                parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(rules)):
        groups.setdefault(root(i), []).append(i)
    frames = [
        _frame(
            [rules[i] for i in members if i < len(horizontal)],
            [rules[i] for i in members if i >= len(horizontal)],
        )
        for members in groups.values()
    ]
    return sorted((f for f in frames if f is not None), key=lambda frame: -frame.ys[0])


def _cross(h: Rule, v: Rule) -> bool:
    return h.start - SNAP <= v.at <= h.end + SNAP and v.start - SNAP <= h.at <= v.end + SNAP


def _frame(horizontal: list[Rule], vertical: list[Rule]) -> _Frame | None:
    xs = [at for at, _ in _clusters(vertical)]
    ys = [at for at, _ in _clusters(horizontal)]
    if len(xs) < MIN_COLUMNS + 1 or len(ys) < MIN_ROW_RULES:
        return None
    top, bottom = max(v.end for v in vertical), min(v.start for v in vertical)
    ys += [y for y in (top, bottom) if all(abs(y - other) > SNAP for other in ys)]
    ys = sorted((y for y in ys if bottom - SNAP <= y <= top + SNAP), reverse=True)
    if len(ys) < MIN_ROW_RULES:
        return None
    return _Frame(tuple(xs), tuple(ys), _on(ys, horizontal), _on(xs, vertical))


def _on(boundaries: Sequence[float], rules: Iterable[Rule]) -> tuple[tuple[Rule, ...], ...]:
    """The rules lying on each boundary."""
    found: list[list[Rule]] = [[] for _ in boundaries]
    for rule in rules:
        nearest = min(range(len(boundaries)), key=lambda i: abs(boundaries[i] - rule.at))
        if abs(boundaries[nearest] - rule.at) <= SNAP:
            found[nearest].append(rule)
    return tuple(tuple(group) for group in found)


def page_chars(textpage: Any, raw: Any) -> list[Char]:
    """Every character of a text page with its box centre, baseline and font size."""
    handle = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    chars = []
    for index in range(raw.FPDFText_CountChars(handle)):
        raw.FPDFText_GetCharBox(handle, index, *map(ctypes.byref, (left, right, bottom, top)))
        raw.FPDFText_GetCharOrigin(handle, index, ctypes.byref(x), ctypes.byref(y))
        chars.append(
            Char(
                index,
                chr(raw.FPDFText_GetUnicode(handle, index)),
                (left.value + right.value) / 2,
                (bottom.value + top.value) / 2,
                y.value,
                raw.FPDFText_GetFontSize(handle, index) or 1.0,
                raw.FPDFText_IsGenerated(handle, index) == 1,
                right.value - left.value,
            )
        )
    return chars


def page_text(chars: Sequence[Char]) -> str:
    """A page's text from its characters in PDFium's order, with two repairs.

    A line drawn out of order (a Word export draws a full-width quotation mark in a
    fallback font after the words it encloses: "六个百 “ ” 分之百") is read left to right,
    a space standing where its characters are a character or more apart; and the spaces
    :func:`font_gaps` finds are dropped. Every other line reads as PDFium gives it.
    """
    gaps = font_gaps(chars)
    lines: list[list[Char]] = [[]]
    for char in chars:
        if char.text in "\r\n":
            lines.append([char])  # the break stays, at the head of the line it opens
            lines.append([])
        else:
            lines[-1].append(char)
    return "".join(_line_in_order(line, gaps) for line in lines)


def _line_in_order(line: Sequence[Char], gaps: frozenset[int]) -> str:
    drawn = [char for char in line if not char.generated]
    if all(after.x >= before.x - 1 for before, after in itertools.pairwise(drawn)):
        return "".join(char.text for char in line if char.index not in gaps)
    ordered = sorted(drawn, key=lambda char: char.x)
    text = ordered[0].text
    for before, after in itertools.pairwise(ordered):
        if _gap(before, after) >= max(before.size, after.size):
            text += " "
        text += after.text
    return text


def _gap(before: Char, after: Char) -> float:
    return (after.x - after.width / 2) - (before.x + before.width / 2)


def font_gaps(chars: Sequence[Char]) -> frozenset[int]:
    """The spaces PDFium added where a word processor only widened the gap between a
    Chinese character and a figure or a Latin letter ("每户 3500 元" drawn for 每户3500元).

    Such a gap is narrower than a character; a column gap in a table set with spaces is
    wider, and its space stays.
    """
    gaps = set()
    for before, space, after in zip(chars, chars[1:], chars[2:], strict=False):
        added = space.generated and space.text == " "
        if not (added and _MIXED.fullmatch(before.text + after.text)):
            continue
        if _gap(before, after) < max(before.size, after.size):
            gaps.add(space.index)
    return frozenset(gaps)


def read_table(frame: _Frame, chars: Sequence[Char]) -> RuledTable:
    """The table's grid of cell texts, from the characters inside its cells."""
    xs, ys = frame.xs, frame.ys
    cells = _merged_cells(frame)
    texts: dict[int, list[Char]] = {}
    inside = set()
    for char in chars:
        if char.generated or not (xs[0] < char.x < xs[-1] and ys[-1] < char.y < ys[0]):
            continue
        inside.add(char.index)
        column = bisect.bisect_right(xs, char.x) - 1
        row = sum(1 for y in ys[1:-1] if y > char.y)
        texts.setdefault(cells[row][column], []).append(char)
    text = {cell: cell_text(found) for cell, found in texts.items()}
    grid = tuple(
        tuple(
            None
            if column and cells[row][column] == cells[row][column - 1]
            else text.get(cells[row][column], "")
            for column in range(len(xs) - 1)
        )
        for row in range(len(ys) - 1)
    )
    foot = ys[-1]
    open_foot = tuple(
        not _covered(frame.at_y[-1], (xs[c] + xs[c + 1]) / 2) for c in range(len(xs) - 1)
    )
    ids = tuple(tuple(row) for row in cells)
    return RuledTable(grid, xs, ys[0], foot, open_foot, frozenset(inside), ids)


def _merged_cells(frame: _Frame) -> list[list[int]]:
    """Each grid cell's merged cell (an id), joining cells no rule separates."""
    xs, ys = frame.xs, frame.ys
    rows, columns = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * columns))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in range(rows):
        middle_y = (ys[row] + ys[row + 1]) / 2
        for column in range(columns):
            here = row * columns + column
            if column + 1 < columns and not _covered(frame.at_x[column + 1], middle_y):
                parent[root(here + 1)] = root(here)
            middle_x = (xs[column] + xs[column + 1]) / 2
            if row + 1 < rows and not _covered(frame.at_y[row + 1], middle_x):
                parent[root(here + columns)] = root(here)
    return [[root(row * columns + column) for column in range(columns)] for row in range(rows)]


def _covered(rules: Iterable[Rule], point: float) -> bool:
    """Whether one of these rules (on one boundary) runs past ``point``."""
    return any(rule.start <= point <= rule.end for rule in rules)


def cell_text(chars: Sequence[Char]) -> str:
    """A cell's characters as text: lines by baseline, joined as :func:`join_lines` does."""
    lines: list[list[Char]] = []
    for char in chars:
        if lines and abs(char.baseline - lines[-1][0].baseline) <= char.size / 2:
            lines[-1].append(char)
        else:
            lines.append([char])
    return join_lines(line_text(line).strip() for line in lines)


def line_text(line: Iterable[Char]) -> str:
    """A line's characters left to right: in drawing order a quotation mark set in another
    font may come after the words it encloses ("对梧川“”老街")."""
    return "".join(char.text for char in sorted(line, key=lambda char: char.x))


def join_lines(lines: Iterable[str]) -> str:
    """A cell's lines as one text: no space between wrapped Chinese lines, one between two
    Latin words, a line break before a sub-point (``（1）``, ``1.``, ``①``)."""
    text = ""
    for line in filter(None, lines):
        if text and _SUB_POINT.match(line):
            text += "\n"
        elif text and _LATIN.fullmatch(text[-1]) and _LATIN.fullmatch(line[0]):
            text += " "
        text += line
    return text
