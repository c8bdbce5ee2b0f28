"""Admin sessions: one password check gives a cookie; failed attempts slow the client down.

The password is checked in constant time, once, at ``/admin/login``; after that the
browser holds only a random session token (an HttpOnly cookie), never the password. Each
client's failures are counted: after :data:`FREE_ATTEMPTS` it must wait, twice as long
after each further failure (up to :data:`MAX_LOCKOUT_SECONDS`), and every failure is
logged with the client's address.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable

from web.session_store import MemorySessionStore, SessionStore

logger = logging.getLogger(__name__)

COOKIE = "policy_qa_admin"
NOT_LOGGED_IN = "❌ 登录已失效,请重新登录:/admin/login"
SESSION_SECONDS = 8 * 3600
MAX_SESSIONS = 64
FREE_ATTEMPTS = 3
MAX_LOCKOUT_SECONDS = 900
MAX_CLIENTS_TRACKED = 10_000  # failures kept per client address, oldest forgotten


class LoginRefused(Exception):
    """A login attempt refused: a wrong password, or one sent while the client must wait."""

    def __init__(self, message: str, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AdminSessions:
    """Issues, checks and ends admin sessions; slows down password guessing per client.

    ``store`` keeps the sessions and failures: in this process by default, or shared by
    every process on the data folder (:class:`web.session_store.SqliteSessionStore`);
    ``clock`` is then wall-clock time, the same for all of them.
    """

    def __init__(
        self,
        password: str,
        clock: Callable[[], float] = time.time,
        store: SessionStore | None = None,
    ) -> None:
        self._password = password.encode("utf-8")
        self._clock = clock
        self._store = store or MemorySessionStore()

    @property
    def enabled(self) -> bool:
        """Whether an admin password is set at all."""
        return bool(self._password)

    def login(self, client: str, password: str) -> str:
        """A new session token for the right password; raise :class:`LoginRefused` otherwise."""
        now = self._clock()
        count, locked_until = self._store.failures(client)
        if locked_until > now:
            wait = locked_until - now
            raise LoginRefused(f"尝试次数过多,请 {wait:.0f} 秒后再试", retry_after=wait)
        given = password.encode("utf-8", "replace")
        if not self.enabled or not hmac.compare_digest(given, self._password):
            self._fail(client, count + 1, now)
            raise LoginRefused("密码不正确")
        if count:
            self._store.clear_failures(client)
        token = secrets.token_urlsafe(32)
        self._store.put_session(_key(token), now + SESSION_SECONDS, MAX_SESSIONS)
        logger.info("admin login: new session")
        return token

    def valid(self, token: str | None) -> bool:
        """Whether ``token`` is a live session."""
        if not token:
            return False
        expiry = self._store.session_expiry(_key(token))
        if expiry is None:
            return False
        if expiry <= self._clock():
            self._store.drop_session(_key(token))
            return False
        return True

    def logout(self, token: str | None) -> None:
        """End the session (a no-op for an unknown token)."""
        if token:
            self._store.drop_session(_key(token))

    def _fail(self, client: str, count: int, now: float) -> None:
        wait = min(2.0 ** (count - FREE_ATTEMPTS), MAX_LOCKOUT_SECONDS)
        locked_until = now + wait if count > FREE_ATTEMPTS else 0.0
        self._store.put_failures(client, count, locked_until, now, MAX_CLIENTS_TRACKED)
        logger.warning("admin login failed from %s (%d in a row)", client, count)


def _key(token: str) -> str:
    """What the store keeps of a token: its hash, so a copy of the store opens nothing."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
