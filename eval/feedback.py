"""``python -m eval feedback --export PATH``: disliked replies as eval-set lines to label.

Each line is a valid eval case (``load_cases`` reads it) with empty ``items`` and
``answer_contains`` for a human to fill in, plus what the assistant replied.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from web.config import default_data_dir
from web.feedback import Feedback, FeedbackStore

logger = logging.getLogger(__name__)

_EVAL_KINDS = ("who", "how_much", "what", "department", "part")


def feedback_case(entry: Feedback) -> dict[str, Any]:
    """One disliked reply as an eval-set line awaiting its labels."""
    record = entry.record
    kind = "followup" if entry.history else str(record.get("kind", "other"))
    return {
        "id": f"fb{entry.id:05d}",
        "kind": kind if kind in (*_EVAL_KINDS, "followup") else "other",
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


def main(argv: Sequence[str] | None = None) -> int:
    """Export the disliked replies; exit 2 if the database is missing."""
    parser = argparse.ArgumentParser(prog="python -m eval feedback", description=__doc__)
    parser.add_argument("--export", type=Path, metavar="PATH", required=True, help="JSONL out")
    parser.add_argument(
        "--db",
        type=Path,
        help="feedback database (default: $POLICY_QA_DATA/feedback.sqlite3 or data/)",
    )
    args = parser.parse_args(argv)
    database = args.db or default_data_dir() / "feedback.sqlite3"
    if not database.is_file():
        print(f"error: no feedback database at {database}", file=sys.stderr)
        return 2
    count = export_disliked(FeedbackStore(database), args.export)
    print(
        f"wrote {count} disliked replies to {args.export}; label their 'items' and "
        "'answer_contains' before adding them to the eval set"
    )
    return 0
