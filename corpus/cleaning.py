"""Conservative, auditable cleaning of scraped plan text.

Every change is recorded as a :class:`CleaningEdit` with its place in the raw text, and
the cleaned text keeps a per-character map back to the raw text, so a quote taken from the
cleaned text can always be traced to the raw file.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.models import CleaningEdit, CleanText, Span
from corpus.pages import count_kind, page_edits

# Lines a document-sharing site adds around the plan: "《X.docx》由会员分享…请在…上搜索".
_BANNER = re.compile(
    r"《[^》]{1,80}\.(?:docx?|pdf|wps|txt)》|由会员分享|在线阅读|免费下载|文档下载|请在.{0,12}搜索"
)
_BANNER_ZONE = 3  # only the first and last few lines can be banners

# A digit run where the scan read letters: O/o for 0, I/l/L for 1 ("IOOO亩", "L98万").
_OCR_RUN = re.compile(r"(?<![A-Za-z0-9.])[0-9OoIlL][0-9OoIlL.]*(?![A-Za-z0-9.])")
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "L": "1"})
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# What may follow a number: a multiplier, a measure word or a percent sign.
_UNIT_START = set("万亿千百个座所亩公里米人户家条项处吨元张台套间栋辆次场名位周年天%‰倍")

# Slips of OCR, repaired only in text read from page images (corpus.ocr), each one
# character for one, and only where no plan means what was read: 一 for the dash between
# two years ("2023一2025年"), 贵 for 责 in the 责任单位/责任部门 label.
_OCR_SLIPS = (
    ("ocr_dash", re.compile(r"(?<!\d)(?:19|20)\d\d(一)(?=((?:19|20)\d\d)(?!\d))"), "—"),
    ("ocr_label", re.compile(r"(贵)任(?:单位|部门)"), "责"),
)
# A page number whose dashes OCR read as 一 ("一2一", "—3一", "-4一"): repaired before the
# page layout is read, so it is removed as a page number instead of joining a sentence.
_OCR_PAGE_NUMBER = re.compile(r"(?m)^[ \t]*[-—–―一－~～]+[ \t]*\d{1,4}[ \t]*[-—–―一－~～]+[ \t]*$")

_NEWLINE = re.compile("\n")
_MIN_MARKED_LINES = 3
_MARKED_SHARE = 0.8


@dataclass(frozen=True)
class _Deletion:
    start: int
    end: int
    edit: CleaningEdit


def clean_text(raw: str, *, ocr: bool = False, tables: Iterable[Span] = ()) -> CleanText:
    """Remove banners and page markers and repair letters-for-digits in ``raw``.

    Text read from a PDF (pages separated by form feeds) also loses its page numbers,
    running headers, page breaks and the line breaks inside sentences (:mod:`corpus.pages`).
    Text OCR read from a scan (``ocr``) also has OCR's slips repaired (``ocr_dash``,
    ``ocr_label``); other text never does. Lines rendered from a task table (``tables``,
    :attr:`corpus.sourcetext.SourceText.tables`) are whole cells: never joined.
    """
    if ocr:
        return _clean_ocr_text(raw, tables)
    lines = _line_spans(raw)
    deletions = [*_banner_deletions(raw, lines)]
    banner_lines = frozenset(d.edit.raw_line for d in deletions)
    deletions += _page_marker_deletions(raw, lines, banner_lines)
    # Text read from a PDF: page numbers, running headers, page breaks, broken lines.
    spans = tuple(tables)
    in_tables = frozenset(
        number
        for number, (start, _) in enumerate(lines, 1)
        if any(span.start <= start <= span.end for span in spans)
    )
    layout = page_edits(raw, banner_lines, in_tables)
    deletions += [_Deletion(e.raw_start, e.raw_end, e) for e in layout]
    text, offsets = _apply_deletions(raw, deletions)
    text, repairs = _repair_digits(text, offsets, raw)
    edits = sorted([d.edit for d in deletions] + repairs, key=lambda e: e.raw_start)
    return CleanText(raw=raw, text=text, raw_offsets=tuple(offsets), edits=tuple(edits))


def _line_spans(raw: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each line, the end excluding its newline."""
    spans, start = [], 0
    for line in raw.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _banner_deletions(raw: str, lines: list[tuple[int, int]]) -> Iterable[_Deletion]:
    zone = set(range(_BANNER_ZONE)) | set(range(len(lines) - _BANNER_ZONE, len(lines)))
    for number in sorted(n for n in zone if 0 <= n < len(lines)):
        start, end = lines[number]
        line = raw[start:end]
        if not _BANNER.search(line):
            continue
        stop = min(end + 1, len(raw))  # the banner's own line break goes with it
        edit = CleaningEdit("banner", start, stop, number + 1, raw[start:stop], "")
        yield _Deletion(start, stop, edit)


def _page_marker_deletions(
    raw: str, lines: list[tuple[int, int]], skip: frozenset[int]
) -> list[_Deletion]:
    """Find "1、", "2、"… opening consecutive lines; remove each with the break before it.

    A scrape cuts a page wherever it ends, so the line break before a marker is not a
    paragraph break. Markers must count up from 1 on nearly every line; otherwise the
    document is left alone, so real enumerations ("1、…" lists) survive.
    """
    expected, found, nonempty = 1, [], 0
    for number, (start, end) in enumerate(lines):
        if number + 1 in skip or start == end:
            continue
        nonempty += 1
        marker = f"{expected}、"
        if raw.startswith(marker, start):
            found.append((number, start, start + len(marker)))
            expected += 1
    if len(found) < _MIN_MARKED_LINES or len(found) < _MARKED_SHARE * nonempty:
        return []
    deletions = []
    for number, start, end in found:
        cut = start - 1 if start > 0 and raw[start - 1] == "\n" and number > 0 else start
        if number > 0 and number in skip:  # the previous line was a banner, already gone
            cut = start
        edit = CleaningEdit("page_marker", cut, end, number + 1, raw[cut:end], "")
        deletions.append(_Deletion(cut, end, edit))
    return deletions


def _apply_deletions(raw: str, deletions: list[_Deletion]) -> tuple[str, list[int]]:
    removed = [False] * len(raw)
    for deletion in deletions:
        for offset in range(deletion.start, deletion.end):
            removed[offset] = True
    offsets = [i for i in range(len(raw)) if not removed[i]]
    text = "".join(raw[i] for i in offsets)
    offsets.append(len(raw))
    return text, offsets


def _repair_digits(text: str, offsets: list[int], raw: str) -> tuple[str, list[CleaningEdit]]:
    """Replace letters read for digits inside numbers; each replacement is one-for-one."""
    chars, edits = list(text), []
    line_ends = [match.start() for match in _NEWLINE.finditer(raw)]
    for match in _OCR_RUN.finditer(text):
        run = match.group()
        repaired = run.translate(_OCR_DIGITS)
        if repaired == run or not _NUMBER.fullmatch(repaired):
            continue
        if run.isalpha() and len(run) < 2:  # a lone "I" or "O" is a letter, not a number
            continue
        if match.end() >= len(text) or text[match.end()] not in _UNIT_START:
            continue
        chars[match.start() : match.end()] = repaired
        raw_start = offsets[match.start()]
        edits.append(
            CleaningEdit(
                "digit_repair",
                raw_start,
                offsets[match.end() - 1] + 1,
                bisect.bisect_left(line_ends, raw_start) + 1,  # 1-based line, no rescan per repair
                run,
                repaired,
            )
        )
    return "".join(chars), edits


def _clean_ocr_text(raw: str, tables: Iterable[Span]) -> CleanText:
    """Clean text OCR read: page numbers' dashes first, then as any text, then OCR's slips.

    Every repair is one character for one, so offsets into the repaired text are offsets
    into ``raw``; a removal's ``before`` is taken from ``raw``, as OCR read it.
    """
    fixed, page_slips = _repair_page_number_dashes(raw)
    clean = clean_text(fixed, tables=tables)
    offsets = list(clean.raw_offsets)
    text, slips = _repair_ocr_slips(clean.text, offsets, raw)
    edits = [
        e if e.after else dataclasses.replace(e, before=raw[e.raw_start : e.raw_end])
        for e in clean.edits
    ]
    edits = sorted(page_slips + edits + slips, key=lambda e: e.raw_start)
    return CleanText(raw=raw, text=text, raw_offsets=clean.raw_offsets, edits=tuple(edits))


def _repair_page_number_dashes(raw: str) -> tuple[str, list[CleaningEdit]]:
    """``raw`` with 一 read for a dash around a page number made a dash (``ocr_dash``)."""
    chars, edits = list(raw), []
    for match in _OCR_PAGE_NUMBER.finditer(raw):
        if "一" not in match.group():
            continue
        line = match.group().strip()
        fixed = line.replace("一", "—")
        start = match.start() + match.group().index(line)
        chars[start : start + len(line)] = fixed
        number = raw.count("\n", 0, start) + 1
        edits.append(CleaningEdit("ocr_dash", start, start + len(line), number, line, fixed))
    return "".join(chars), edits


def _repair_ocr_slips(text: str, offsets: list[int], raw: str) -> tuple[str, list[CleaningEdit]]:
    """Repair the slips of :data:`_OCR_SLIPS`; each edit shows the slip in its context."""
    chars, edits = list(text), []
    line_ends = [match.start() for match in _NEWLINE.finditer(raw)]
    for kind, pattern, replacement in _OCR_SLIPS:
        for match in pattern.finditer(text):
            chars[match.start(1)] = replacement
            # the context shown: the match and what it looks ahead at (the second year)
            start, end = match.start(), max(match.end(), match.end(pattern.groups))
            fixed = text[start : match.start(1)] + replacement + text[match.end(1) : end]
            raw_start = offsets[start]
            line = bisect.bisect_left(line_ends, raw_start) + 1
            edits.append(
                CleaningEdit(kind, raw_start, offsets[end - 1] + 1, line, text[start:end], fixed)
            )
    return "".join(chars), edits


def cleaning_report(name: str, clean: CleanText) -> str:
    """Render the cleaning edits as ``name:line: kind: 'before' -> 'after'`` lines.

    Line joins (one per line a PDF broke inside a sentence, often hundreds) are not listed
    one by one: a last line counts them.
    """
    if not clean.edits:
        return f"{name}: no changes"
    lines = [f"{name}: {len(clean.edits)} changes"]
    for edit in clean.edits:
        if edit.kind == "line_join":
            continue
        before = edit.before.replace("\n", "\\n")
        after = f" -> {edit.after!r}" if edit.after else " removed"
        shown = before if len(before) <= 60 else before[:57] + "..."
        lines.append(
            f"{name}:{edit.raw_line}: {edit.kind} at raw [{edit.raw_start},{edit.raw_end}): "
            f"{shown!r}{after}"
        )
    joins = count_kind(clean.edits, "line_join")
    if joins:
        lines.append(f"{name}: line_join: {joins} line breaks inside sentences removed")
    return "\n".join(lines)
