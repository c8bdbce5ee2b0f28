"""Disliked chat replies as eval-set lines for a human to label.

Each line is a valid eval case (``load_cases`` reads it) with empty ``items`` and
``answer_contains`` for a human to fill in, plus what the assistant replied.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.cases import FOLLOW_UP, OTHER
from eval.feedback_store import Feedback, FeedbackStore
from qa.models import AnswerKind

_ANSWER_KINDS = frozenset(AnswerKind)


def feedback_case(entry: Feedback) -> dict[str, Any]:
    """One disliked reply as an eval-set line awaiting its labels."""
    record = entry.record
    kind = str(record.get("kind", OTHER))
    if entry.history:
        kind = FOLLOW_UP
    elif kind not in _ANSWER_KINDS:
        kind = OTHER
    return {
        "id": f"fb{entry.id:05d}",
        "kind": kind,
        "question": entry.question,
        "history": list(entry.history),
        "items": [],
        "answer_contains": [],
        "needs_label": True,
        "feedback": {
            "time": entry.created_at,
            "comment": entry.comment,
            "source": entry.source,
            "answered": record.get("answered"),
            "direct": record.get("direct", record.get("error", "")),
            "cited": record.get("cited", []),
        },
    }


def export_disliked(store: FeedbackStore, path: Path) -> int:
    """Write every 👎 as a JSONL eval line; return how many were written."""
    lines = [
        json.dumps(feedback_case(entry), ensure_ascii=False) for entry in store.entries("down")
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return len(lines)
