"""👍/👎 feedback on replies, kept in a SQLite database under the data folder.

The chat writes votes here; :mod:`eval.feedback` turns the disliked ones into eval cases.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

VOTES = ("up", "down")
MAX_COMMENT_CHARS = 2000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    question TEXT NOT NULL,
    history TEXT NOT NULL,
    reply TEXT NOT NULL,
    record TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'chat'
)
"""


@dataclass(frozen=True)
class Feedback:
    """One stored vote: the question, the reply as shown and its answer record."""

    id: int
    created_at: str
    vote: str
    question: str
    history: tuple[str, ...]
    reply: str
    record: dict[str, Any]
    comment: str
    source: str


class FeedbackStore:
    """A small SQLite store; every call opens its own connection (safe across threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10)) as connection, connection:
            yield connection

    def add(
        self,
        *,
        vote: str,
        question: str,
        history: Sequence[str],
        reply: str,
        record: dict[str, Any],
        comment: str = "",
        source: str = "chat",
    ) -> int:
        """Store a vote (``up`` or ``down``) and return its id."""
        if vote not in VOTES:
            raise ValueError(f"vote must be one of {VOTES}, got {vote!r}")
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            vote,
            question,
            json.dumps(list(history), ensure_ascii=False),
            reply,
            json.dumps(record, ensure_ascii=False),
            comment[:MAX_COMMENT_CHARS],
            source,
        )
        with self._connect() as connection:
            cursor = connection.execute(
                "INSERT INTO feedback (created_at, vote, question, history, reply, record,"
                " comment, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            return int(cursor.lastrowid or 0)

    def set_comment(self, feedback_id: int, comment: str) -> bool:
        """Attach a comment to a stored vote; False if there is no such vote."""
        with self._connect() as connection:
            cursor = connection.execute(
                "UPDATE feedback SET comment = ? WHERE id = ?",
                (comment[:MAX_COMMENT_CHARS], feedback_id),
            )
            return cursor.rowcount == 1

    def entries(self, vote: str | None = None) -> list[Feedback]:
        """Stored votes, oldest first, optionally only ``up`` or ``down``."""
        query = "SELECT * FROM feedback"
        params: tuple[str, ...] = ()
        if vote is not None:
            query, params = query + " WHERE vote = ?", (vote,)
        with self._connect() as connection:
            connection.row_factory = sqlite3.Row
            rows = connection.execute(query + " ORDER BY id", params).fetchall()
        return [_entry(row) for row in rows]


def _entry(row: sqlite3.Row) -> Feedback:
    return Feedback(
        id=row["id"],
        created_at=row["created_at"],
        vote=row["vote"],
        question=row["question"],
        history=tuple(json.loads(row["history"])),
        reply=row["reply"],
        record=json.loads(row["record"]),
        comment=row["comment"],
        source=row["source"],
    )
