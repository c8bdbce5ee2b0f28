"""Who does a task and by when: units with their roles, and the deadline, as plans write them.

Plans state them in many forms; all read into the same :class:`Assignment`:

* ``（责任单位：A、B、C）``: every unit responsible, all equal;
* ``（牵头单位：A；配合单位：B、C）`` or a line ``牵头单位：A　配合单位：B、C``;
* ``责任单位：A（牵头），B、C``: A leads, the others support;
* ``牵头单位：A　责任单位：B``: A leads, B is responsible;
* ``完成时限：2024年6月底前`` (or 完成时间, 时间节点, 时限…), also inside the brackets;
* ``牵头领导：王明副市长`` (分管领导, 责任领导…): officials in charge, kept apart from units;
* a table's columns (牵头单位 | 配合单位 | 完成时限), read cell by cell with
  :func:`units_from` and :func:`parse_deadline`.

Role words never end up inside a department name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from corpus.models import Deadline, Role, Span, Unit
from corpus.numerals import chinese_to_int
from corpus.textnorm import CLOSE, COLON, COMMA, OPEN, SEMICOLON, SENTENCE_END

# A task's roles are bracketed in （）, or in 【】 or ［］ on a line of their own.
ROLE_OPEN, ROLE_CLOSE = OPEN + "【［", CLOSE + "】］"

# Label words by role, longest first within a regex alternation.
LEAD_LABELS = ("牵头责任单位", "牵头单位", "牵头部门", "主责单位", "主责部门", "牵头")
SUPPORT_LABELS = (
    "配合单位",
    "配合部门",
    "参与单位",
    "参与部门",
    "协同单位",
    "协同部门",
    "协助单位",
    "协办单位",
    "配合",
)
RESPONSIBLE_LABELS = ("责任单位", "责任部门", "责任主体", "实施单位", "承办单位")
# Officials in charge of a task: people, never departments.
OFFICIAL_LABELS = (
    "牵头市领导",
    "分管市领导",
    "责任市领导",
    "牵头领导",
    "分管领导",
    "责任领导",
    "联系领导",
    "包抓领导",
)
DEADLINE_LABELS = (
    "完成时限",
    "完成时间",
    "完成期限",
    "完成节点",
    "时间节点",
    "时间要求",
    "时限要求",
    "推进时限",
    "时限",
)
_ROLE_OF_LABEL = {
    **dict.fromkeys(LEAD_LABELS, Role.LEAD),
    **dict.fromkeys(SUPPORT_LABELS, Role.SUPPORT),
    **dict.fromkeys(RESPONSIBLE_LABELS, Role.RESPONSIBLE),
}
_ALL_LABELS = sorted([*_ROLE_OF_LABEL, *DEADLINE_LABELS, *OFFICIAL_LABELS], key=len, reverse=True)
LABEL = re.compile(rf"(?P<label>{'|'.join(_ALL_LABELS)})\s*[{COLON}]")
# Separators between names; "/" and spaces too (a line "A　B").
_NAME_SPLIT = re.compile(rf"[、{COMMA}{SEMICOLON}/\s]+")
_ANNOTATION = re.compile(f"[{ROLE_OPEN}](?P<note>[^{ROLE_OPEN}{ROLE_CLOSE}]*)[{ROLE_CLOSE}]")
_LEAD_NOTE = re.compile(r"^(?:牵头|牵头单位|主责|总牵头)$")
_SUPPORT_NOTE = re.compile(r"^(?:配合|参与|协同|协助|配合单位)$")
# A role written after the name without brackets: "市发改委牵头", "市财政局配合".
_TRAILING_ROLE = re.compile(r"(?P<name>.{2,}?)(?P<role>牵头|配合|参与|协助|协同)(?:负责)?$")
_TRAILING_PUNCT = f"{SENTENCE_END}{SEMICOLON}{COMMA} \t\u3000"
_OPENING = re.compile(rf"[{ROLE_OPEN}]\s*(?={LABEL.pattern})")
# An unlabelled bracket that assigns a task: "（市发改委牵头，各县区政府按职责分工负责）".
_OFFICE = r"(?:局|委|办|厅|政府|中心|院|公司|分行|大队|办公室|委员会|办事处|人民政府)"
_UNLABELLED = re.compile(
    rf"[{ROLE_OPEN}](?P<content>[^{ROLE_OPEN}{ROLE_CLOSE}{SENTENCE_END}]{{2,120}}?{_OFFICE}"
    rf"[^{ROLE_OPEN}{ROLE_CLOSE}{SENTENCE_END}]{{0,12}}?(?:牵头|配合|负责|参与|协助|协同)"
    rf"[^{ROLE_OPEN}{ROLE_CLOSE}{SENTENCE_END}]{{0,120}})[{ROLE_CLOSE}]"
)
# A sentence assigning the task in prose, not in brackets: "此项工作由区住建局牵头，区财政局
# 配合，各街道办事处负责落实。"
_ROLE_WORD = r"(?:牵头|配合|参与|协助|协同|负责(?:落实|实施|推进|组织实施)?)"
_PROSE = re.compile(
    rf"(?<=[{SENTENCE_END}\n])[ \t\u3000]*(?:(?:此|该|本|上述)项?(?:工作|任务))?由"
    rf"(?P<content>[^{ROLE_OPEN}{ROLE_CLOSE}{SENTENCE_END}\n]{{1,120}}?{_OFFICE}"
    rf"[^{ROLE_OPEN}{ROLE_CLOSE}{SENTENCE_END}\n]{{0,12}}?(?:牵头|负责)"
    rf"(?:[^{ROLE_OPEN}{ROLE_CLOSE}{SENTENCE_END}\n]{{0,120}}?{_ROLE_WORD})?)"
    rf"(?:[{SENTENCE_END}]|(?=\n)|$)"
)
# A task sentence that opens by assigning the task and goes on to it: "由县粮食和物资储备局
# 牵头，县市场监管局配合，健全…体系。", or a clause doing so inside one ("建立…制度，由县
# 民政局牵头，县残联配合，各乡镇…实施"). The sentence stays the task's; its units are read.
_OPENING_ROLES = re.compile(
    rf"(?:^|(?<=[{SENTENCE_END}{COMMA}\n]))[ \t\u3000]*(?:(?:此|该|本)项?(?:工作|任务))?由"
    rf"(?P<content>[^{ROLE_OPEN}{ROLE_CLOSE}{SENTENCE_END}\n，,]{{1,40}}?{_OFFICE}(?:牵头|负责)"
    rf"(?:[，,、][^{ROLE_OPEN}{ROLE_CLOSE}{SENTENCE_END}\n，,]{{1,80}}?{_ROLE_WORD})*)[，,]"
)
# What follows a name to say it shares the work, not part of the name.
_DUTY = re.compile(
    r"(?:按职责分工|按职责|根据职责|分别|共同|具体)?负责(?:落实|实施|推进|组织实施)?$"
    r"|等(?:单位|部门)?$"
)
_LINE_BOUNDARY = set("\n" + SENTENCE_END + SEMICOLON + ROLE_CLOSE)
_BRACKETED_DEADLINE = re.compile(
    r"[（(]((?:19|20)\d\d年(?:\d{1,2}月)?(?:底前|末前|底|前|以前|之前))完成[）)]"
)
_DATE = re.compile(
    r"(?P<year>(?:19|20)\d\d)年"
    r"(?:(?P<month>\d{1,2}|[一二三四五六七八九十]{1,3})月)?"
    r"(?P<qualifier>底前|底|末前|末|前|以前|之前|内|上旬|中旬|下旬|上半年|下半年)?"
)


@dataclass(frozen=True)
class Metadata:
    """Where a task's units or deadline are written: the whole span and the labelled text."""

    span: Span
    content: Span


@dataclass(frozen=True)
class Assignment:
    """The units and the deadline read from one task's metadata."""

    units: tuple[Unit, ...] = ()
    deadline: Deadline | None = None
    officials: tuple[str, ...] = ()
    officials_label: str = ""


def parse_assignment(text: str) -> Assignment:
    """Read every labelled segment of ``text`` ("牵头单位：A；配合单位：B；完成时限：C").

    Text before the first label is read as a plain list of responsible units.
    """
    labels = list(LABEL.finditer(text))
    segments: list[tuple[str, int, int]] = [("", 0, labels[0].start() if labels else len(text))]
    segments += [
        (match["label"], match.end(), labels[i + 1].start() if i + 1 < len(labels) else len(text))
        for i, match in enumerate(labels)
    ]
    units: list[Unit] = []
    officials: list[str] = []
    officials_label = ""
    deadline: Deadline | None = None
    for label, start, end in segments:
        segment = text[start:end].strip().rstrip(_TRAILING_PUNCT)
        if not segment:
            continue
        if label in DEADLINE_LABELS:
            deadline = deadline or parse_deadline(segment)
        elif label in OFFICIAL_LABELS:
            officials += (name for name in _NAME_SPLIT.split(segment) if name)
            officials_label = officials_label or label
        else:
            units += units_from(segment, _ROLE_OF_LABEL.get(label, Role.RESPONSIBLE))
    return Assignment(
        tuple(dict.fromkeys(units)), deadline, tuple(dict.fromkeys(officials)), officials_label
    )


def units_from(text: str, role: Role) -> list[Unit]:
    """The units of one list (a segment or a table cell), ``role`` unless marked otherwise.

    In a plain list where one unit is marked as lead ("A（牵头），B、C"), the unmarked
    ones support it.
    """
    found = []
    for token in _NAME_SPLIT.split(_strip_notes(text)):
        name, marked = _name_and_role(token)
        if name:
            found.append((name, marked))
    if role == Role.RESPONSIBLE and any(marked == Role.LEAD for _, marked in found):
        role = Role.SUPPORT
    return [Unit(name, marked or role) for name, marked in found]


def _strip_notes(text: str) -> str:
    """Turn role notes into trailing role words ("A（牵头）" → "A牵头"); drop other notes."""

    def replace(match: re.Match[str]) -> str:
        note = match["note"].strip()
        if _LEAD_NOTE.match(note):
            return "牵头"
        if _SUPPORT_NOTE.match(note):
            return "配合"
        return ""

    return _ANNOTATION.sub(replace, text)


def _name_and_role(token: str) -> tuple[str, Role | None]:
    token = _DUTY.sub("", token.strip().rstrip(_TRAILING_PUNCT)).removeprefix("由")
    match = _TRAILING_ROLE.match(token)
    if match is None:
        return token, None
    role = Role.LEAD if match["role"] == "牵头" else Role.SUPPORT
    return match["name"], role


def parse_deadline(text: str) -> Deadline:
    """The deadline as written, with its year, month and bound where the text has them.

    >>> parse_deadline("2024年6月底前")
    Deadline(text='2024年6月底前', year=2024, month=6, qualifier='底前')
    >>> parse_deadline("长期坚持")
    Deadline(text='长期坚持', year=None, month=None, qualifier='')
    """
    written = text.strip().rstrip(_TRAILING_PUNCT)
    match = _DATE.search(written)
    if match is None:
        return Deadline(written)
    month = match["month"]
    number = None if month is None else int(month) if month.isdigit() else chinese_to_int(month)
    return Deadline(written, int(match["year"]), number, match["qualifier"] or "")


def deadline_in_text(text: str) -> Deadline | None:
    """The deadline a task writes in brackets in its text ("（2025年6月底前完成）"), if one.

    Plans without a 完成时限 line often write it so. Several different ones belong to
    the task's several clauses: none is the task's, and a "when" question reads the
    sentences instead.
    """
    found = set(_BRACKETED_DEADLINE.findall(text))
    return parse_deadline(found.pop()) if len(found) == 1 else None


_BRACKET = re.compile(f"[{re.escape(ROLE_OPEN + ROLE_CLOSE)}]")


def opening_roles(text: str, start: int, end: int) -> Span | None:
    """Where a sentence of ``text[start:end]`` opens by naming who does the task ("由X牵头，
    Y配合，健全…"): the span of "X牵头，Y配合", for an item that states its units nowhere
    else."""
    match = _OPENING_ROLES.search(text, start, end)
    return Span(*match.span("content")) if match else None


def find_metadata(text: str, start: int, end: int) -> list[Metadata]:
    """The units and deadline clauses between ``start`` and ``end``, in text order.

    A bracketed clause opening with a label ("（牵头单位：…）") runs to its closing bracket;
    a label at a line or sentence start ("责任单位：…", "完成时间：…") runs to the line end.

    Linear in the text's length: brackets are matched in one pass with a stack, and "is
    this label inside a clause" is a binary search (walking each unclosed bracket to the
    end of the text made a 3 MB file of one repeated line take 99 s).
    """
    closing = matching_brackets(text, start, end)
    clauses = [
        Metadata(Span(opening, closing[opening]), Span(opening + 1, closing[opening] - 1))
        for opening in (match.start() for match in _OPENING.finditer(text, start, end))
        if opening in closing
    ]
    covered = _Coverage(clauses)
    clauses += [
        Metadata(Span(match.start(), match.end()), Span(*match.span("content")))
        for match in _UNLABELLED.finditer(text, start, end)
        if not covered.holds(match.start())
    ]
    covered = _Coverage(clauses)
    clauses += [
        Metadata(Span(match.start(), match.end()), Span(*match.span("content")))
        for match in _PROSE.finditer(text, start, end)
        if not covered.holds(match.start())
    ]
    covered = _Coverage(clauses)
    reach = -1  # the end of the line clauses found so far (each starts after the last)
    for match in LABEL.finditer(text, start, end):
        at = match.start()
        at_start = at == start or text[at - 1] in _LINE_BOUNDARY
        if covered.holds(at) or at < reach or not (at_start or text[at - 1].isspace()):
            continue
        line_end = text.find("\n", at, end)
        reach = end if line_end < 0 else line_end
        clauses.append(Metadata(Span(at, reach), Span(at, reach)))
    return _merged(sorted(clauses, key=lambda clause: clause.span.start))


def matching_brackets(text: str, start: int, end: int) -> dict[int, int]:
    """Each opening bracket in ``[start, end)`` with a closing one: offset → after it.

    An opening bracket is closed where the brackets after it first balance; one never
    closed before ``end`` is left out.
    """
    closing: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACKET.finditer(text, start, end):
        if match.group() in ROLE_OPEN:
            opened.append(match.start())
        elif opened:
            closing[opened.pop()] = match.end()
    return closing


class _Coverage:
    """Whether an offset falls inside any of some clauses' spans (merged, then bisected)."""

    def __init__(self, clauses: list[Metadata]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for span in sorted((c.span for c in clauses), key=lambda span: span.start):
            if self._ends and span.start <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], span.end)
            else:
                self._starts.append(span.start)
                self._ends.append(span.end)

    def holds(self, offset: int) -> bool:
        """Whether ``offset`` is inside one of the spans."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]


def _merged(clauses: list[Metadata]) -> list[Metadata]:
    """Line clauses that overlap (two labels on one line) kept once, as the first."""
    kept: list[Metadata] = []
    for clause in clauses:
        if kept and clause.span.start < kept[-1].span.end:
            continue
        kept.append(clause)
    return kept
