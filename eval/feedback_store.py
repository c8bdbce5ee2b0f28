"""👍/👎 feedback on replies, in SQLite under the data folder or in PostgreSQL.

The chat writes votes here; :mod:`eval.feedback` turns the disliked ones into eval cases.
Several app processes may write at once: SQLite runs in WAL mode with a busy timeout;
``POLICY_QA_FEEDBACK_URL=postgresql://…`` puts the votes in PostgreSQL instead (through
psycopg), for a library served by processes on several machines.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

VOTES = ("up", "down")
MAX_COMMENT_CHARS = 2000
# Bounds on what one row may hold: the reply and record are the server's own, but a plan
# may be long; a row never grows past these.
MAX_REPLY_CHARS = 20_000
MAX_RECORD_CHARS = 100_000
MAX_HISTORY_ENTRIES = 20
PURGE_EVERY_SECONDS = 3600
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

_COLUMNS = """
    created_at TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    question TEXT NOT NULL,
    history TEXT NOT NULL,
    reply TEXT NOT NULL,
    record TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'chat',
    reply_key TEXT
"""
# One row per reply: a second vote on the same reply replaces the first. (A store made
# before the column existed gets it on opening; its old rows keep NULL, never equal.)
_REPLY_KEY_INDEX = "CREATE UNIQUE INDEX IF NOT EXISTS feedback_reply_key ON feedback (reply_key)"
_SCHEMA = f"CREATE TABLE IF NOT EXISTS feedback (id INTEGER PRIMARY KEY AUTOINCREMENT,{_COLUMNS})"
_POSTGRES_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS feedback (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    f"{_COLUMNS})"
)


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
    """A small SQLite store; every call opens its own connection (safe across threads).

    The SQL is written once, with ``?`` placeholders; :class:`PostgresFeedbackStore` runs
    the same statements through psycopg.

    With ``keep_days`` set, rows older than that are deleted (checked at most hourly, when
    a vote is added, and on :meth:`purge`).
    """

    # Run once on opening: concurrent writers (WAL), then the table.
    _setup: tuple[str, ...] = ("PRAGMA journal_mode=WAL", _SCHEMA)
    _add_reply_key = "ALTER TABLE feedback ADD COLUMN reply_key TEXT"

    def __init__(self, path: Path, keep_days: int | None = None) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._open(keep_days)

    def _open(self, keep_days: int | None) -> None:
        """Create the table if needed and purge old rows."""
        self.keep_days = keep_days
        self._purged_at = 0.0
        with self._connect() as connection:
            for statement in self._setup:
                connection.execute(statement)
            if "reply_key" not in self._columns(connection):
                connection.execute(self._add_reply_key)
            connection.execute(_REPLY_KEY_INDEX)
        self.purge()

    def _columns(self, connection: Any) -> set[str]:
        return {row["name"] for row in connection.execute("PRAGMA table_info(feedback)")}

    def purge(self) -> int:
        """Delete the rows older than ``keep_days``; return how many went."""
        self._purged_at = time.monotonic()
        if self.keep_days is None:
            return 0
        cutoff = (datetime.now(UTC) - timedelta(days=self.keep_days)).isoformat(timespec="seconds")
        with self._connect() as connection:
            return int(
                connection.execute(
                    self._sql("DELETE FROM feedback WHERE created_at < ?"), (cutoff,)
                ).rowcount
            )

    def _sql(self, statement: str) -> str:
        """The statement in this database's placeholder style."""
        return statement

    @contextmanager
    def _connect(self) -> Iterator[Any]:
        with closing(sqlite3.connect(self.path, timeout=10)) as connection, connection:
            connection.row_factory = sqlite3.Row
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
        reply_key: str | None = None,
    ) -> int:
        """Store a vote (``up`` or ``down``) and return its id.

        A vote with the ``reply_key`` of an earlier one replaces it (same row and id).
        """
        if vote not in VOTES:
            raise ValueError(f"vote must be one of {VOTES}, got {vote!r}")
        if time.monotonic() - self._purged_at > PURGE_EVERY_SECONDS:
            self.purge()
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            vote,
            question[:MAX_COMMENT_CHARS],
            json.dumps(
                [h[:MAX_COMMENT_CHARS] for h in history][-MAX_HISTORY_ENTRIES:], ensure_ascii=False
            ),
            reply[:MAX_REPLY_CHARS],
            _capped_record(record),
            comment[:MAX_COMMENT_CHARS],
            source[:40],
            reply_key[:100] if reply_key else None,
        )
        with self._connect() as connection:
            cursor = connection.execute(
                self._sql(
                    "INSERT INTO feedback (created_at, vote, question, history, reply, record,"
                    " comment, source, reply_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (reply_key) DO UPDATE SET vote = excluded.vote,"
                    " created_at = excluded.created_at RETURNING id"
                ),
                row,
            )
            return int(cursor.fetchone()["id"])

    def set_comment(self, feedback_id: int, comment: str) -> bool:
        """Attach a comment to a stored vote; False if there is no such vote."""
        with self._connect() as connection:
            cursor = connection.execute(
                self._sql("UPDATE feedback SET comment = ? WHERE id = ?"),
                (comment[:MAX_COMMENT_CHARS], feedback_id),
            )
            return bool(cursor.rowcount == 1)

    def entries(self, vote: str | None = None) -> list[Feedback]:
        """Stored votes, oldest first, optionally only ``up`` or ``down``."""
        query = "SELECT * FROM feedback"
        params: tuple[str, ...] = ()
        if vote is not None:
            query, params = query + " WHERE vote = ?", (vote,)
        with self._connect() as connection:
            rows = connection.execute(self._sql(query + " ORDER BY id"), params).fetchall()
        return [_entry(row) for row in rows]


class PostgresFeedbackStore(FeedbackStore):
    """The same store in PostgreSQL (``postgresql://user:pass@host/db``), through psycopg."""

    _setup = (_POSTGRES_SCHEMA,)
    _add_reply_key = "ALTER TABLE feedback ADD COLUMN IF NOT EXISTS reply_key TEXT"

    def _columns(self, connection: Any) -> set[str]:
        rows = connection.execute(
            "SELECT column_name AS name FROM information_schema.columns"
            " WHERE table_name = 'feedback' AND table_schema = current_schema()"
        )
        return {row["name"] for row in rows}

    def __init__(self, url: str, keep_days: int | None = None) -> None:
        self.url = url
        self._open(keep_days)

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s")

    @contextmanager
    def _connect(self) -> Iterator[Any]:
        import psycopg  # lazy: only for a PostgreSQL store
        from psycopg.rows import dict_row

        with psycopg.connect(self.url, row_factory=dict_row, connect_timeout=10) as connection:
            yield connection


def open_feedback_store(target: str | Path, keep_days: int | None = None) -> FeedbackStore:
    """A PostgreSQL store for a ``postgresql://`` URL, else a SQLite file at ``target``."""
    if isinstance(target, str) and target.startswith(POSTGRES_SCHEMES):
        return PostgresFeedbackStore(target, keep_days)
    return FeedbackStore(Path(target), keep_days)


def _capped_record(record: dict[str, Any]) -> str:
    """The record as JSON, or a note of its size when it is larger than a row may hold."""
    text = json.dumps(record, ensure_ascii=False)
    if len(text) <= MAX_RECORD_CHARS:
        return text
    return json.dumps({"truncated": True, "chars": len(text)}, ensure_ascii=False)


def _entry(row: Any) -> Feedback:
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
