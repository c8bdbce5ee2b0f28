"""Where admin sessions and failed logins are kept: in memory, or in SQLite for many processes.

Behind a load balancer, N app processes serve one data folder; an admin who logged in
through one must be recognised by all, and password guesses spread over them must count
together. :class:`SqliteSessionStore` keeps both in a file of the data folder (WAL, so
concurrent processes read while one writes). Tokens are stored hashed: the file never
holds a usable session.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Protocol

_SCHEMA = (
    "PRAGMA journal_mode=WAL",
    "CREATE TABLE IF NOT EXISTS sessions (key TEXT PRIMARY KEY, expires REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS failures ("
    "client TEXT PRIMARY KEY, count INTEGER NOT NULL, locked_until REAL NOT NULL, "
    "seen REAL NOT NULL)",
)


class SessionStore(Protocol):
    """Sessions (by a hash of their token) and each client's failed logins."""

    def put_session(self, key: str, expires: float, keep: int) -> None:
        """Keep a session until ``expires``; only the ``keep`` latest sessions stay."""
        ...

    def session_expiry(self, key: str) -> float | None:
        """When the session ends, or ``None`` if there is none."""
        ...

    def drop_session(self, key: str) -> None:
        """End a session (a no-op for an unknown one)."""
        ...

    def failures(self, client: str) -> tuple[int, float]:
        """The client's failed logins in a row and until when it must wait."""
        ...

    def put_failures(
        self, client: str, count: int, locked_until: float, now: float, keep: int
    ) -> None:
        """Record the client's failures; only the ``keep`` most recent clients stay."""
        ...

    def clear_failures(self, client: str) -> None:
        """Forget the client's failures (after a right password)."""
        ...


class MemorySessionStore:
    """One process's sessions and failures, in bounded ordered dicts."""

    def __init__(self) -> None:
        self._sessions: OrderedDict[str, float] = OrderedDict()
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()

    def put_session(self, key: str, expires: float, keep: int) -> None:
        """Keep a session until ``expires``; only the ``keep`` latest sessions stay."""
        self._sessions[key] = expires
        while len(self._sessions) > keep:
            self._sessions.popitem(last=False)

    def session_expiry(self, key: str) -> float | None:
        """When the session ends, or ``None`` if there is none."""
        return self._sessions.get(key)

    def drop_session(self, key: str) -> None:
        """End a session (a no-op for an unknown one)."""
        self._sessions.pop(key, None)

    def failures(self, client: str) -> tuple[int, float]:
        """The client's failed logins in a row and until when it must wait."""
        return self._failures.get(client, (0, 0.0))

    def put_failures(
        self, client: str, count: int, locked_until: float, now: float, keep: int
    ) -> None:
        """Record the client's failures; only the ``keep`` most recent clients stay."""
        self._failures.pop(client, None)
        self._failures[client] = (count, locked_until)
        while len(self._failures) > keep:
            self._failures.popitem(last=False)

    def clear_failures(self, client: str) -> None:
        """Forget the client's failures (after a right password)."""
        self._failures.pop(client, None)


class SqliteSessionStore:
    """Sessions and failures shared by every process that opens the same file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            for statement in _SCHEMA:
                connection.execute(statement)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=10)) as connection, connection:
            yield connection

    def put_session(self, key: str, expires: float, keep: int) -> None:
        """Keep a session until ``expires``; only the ``keep`` latest sessions stay."""
        with self._connect() as connection:
            connection.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?)", (key, expires))
            connection.execute(
                "DELETE FROM sessions WHERE key NOT IN "
                "(SELECT key FROM sessions ORDER BY expires DESC, rowid DESC LIMIT ?)",
                (keep,),
            )

    def session_expiry(self, key: str) -> float | None:
        """When the session ends, or ``None`` if there is none."""
        with self._connect() as connection:
            row = connection.execute("SELECT expires FROM sessions WHERE key = ?", (key,))
            found = row.fetchone()
        return float(found[0]) if found else None

    def drop_session(self, key: str) -> None:
        """End a session (a no-op for an unknown one)."""
        with self._connect() as connection:
            connection.execute("DELETE FROM sessions WHERE key = ?", (key,))

    def failures(self, client: str) -> tuple[int, float]:
        """The client's failed logins in a row and until when it must wait."""
        with self._connect() as connection:
            row = connection.execute(
                "SELECT count, locked_until FROM failures WHERE client = ?", (client,)
            ).fetchone()
        return (int(row[0]), float(row[1])) if row else (0, 0.0)

    def put_failures(
        self, client: str, count: int, locked_until: float, now: float, keep: int
    ) -> None:
        """Record the client's failures; only the ``keep`` most recent clients stay."""
        with self._connect() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)",
                (client, count, locked_until, now),
            )
            connection.execute(
                "DELETE FROM failures WHERE client NOT IN "
                "(SELECT client FROM failures ORDER BY seen DESC, rowid DESC LIMIT ?)",
                (keep,),
            )

    def clear_failures(self, client: str) -> None:
        """Forget the client's failures (after a right password)."""
        with self._connect() as connection:
            connection.execute("DELETE FROM failures WHERE client = ?", (client,))
