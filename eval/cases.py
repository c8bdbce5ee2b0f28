"""The labelled question set: one JSON object per line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SET = Path(__file__).with_name("cases.jsonl")
# A case's kind is an answer kind (qa.AnswerKind) or one of the eval's own, such as:
FOLLOW_UP = "followup"  # asked after earlier questions
OTHER = "other"  # unlabelled


class EvalSetError(Exception):
    """The eval set file is missing or a line is malformed."""


@dataclass(frozen=True)
class EvalCase:
    """One labelled question; ``items`` are the item numbers that answer it, best first."""

    id: str
    question: str
    items: tuple[int, ...]
    answer_contains: tuple[str, ...] = ()
    history: tuple[str, ...] = ()
    unanswerable: bool = False
    kind: str = OTHER
    doc: str | None = None


def load_cases(path: Path = DEFAULT_SET) -> list[EvalCase]:
    """Read and validate a JSONL eval set; errors name the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EvalSetError(f"{path}: cannot read the eval set ({error})") from error
    cases, seen = [], set[str]()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        case = _parse_case(line, f"{path}: line {number}")
        if case.id in seen:
            raise EvalSetError(f"{path}: line {number}: duplicate id {case.id!r}")
        seen.add(case.id)
        cases.append(case)
    if not cases:
        raise EvalSetError(f"{path}: no cases; expected one JSON object per line")
    return cases


def _parse_case(line: str, where: str) -> EvalCase:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise EvalSetError(f"{where}: not valid JSON ({error.msg})") from error
    if not isinstance(data, dict):
        raise EvalSetError(f"{where}: expected a JSON object, got {type(data).__name__}")
    missing = [key for key in ("id", "question", "items") if key not in data]
    if missing:
        raise EvalSetError(f"{where}: missing field(s) {', '.join(missing)}")
    items, contains = data["items"], data.get("answer_contains", [])
    history = data.get("history", [])
    if not isinstance(items, list) or not all(isinstance(i, int) for i in items):
        raise EvalSetError(f"{where}: 'items' must be a list of item numbers, got {items!r}")
    for name, value in (("answer_contains", contains), ("history", history)):
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise EvalSetError(f"{where}: {name!r} must be a list of strings, got {value!r}")
    if not isinstance(data["question"], str) or not data["question"].strip():
        raise EvalSetError(f"{where}: 'question' must be a non-empty string")
    unanswerable = bool(data.get("unanswerable", False))
    if unanswerable and items:
        raise EvalSetError(f"{where}: an unanswerable case must have empty 'items'")
    return EvalCase(
        id=str(data["id"]),
        question=data["question"],
        items=tuple(items),
        answer_contains=tuple(contains),
        history=tuple(history),
        unanswerable=unanswerable,
        kind=str(data.get("kind", OTHER)),
        doc=data.get("doc"),
    )
