"""Admin sessions: one password check gives a cookie; failed attempts slow the client down.

The password is checked in constant time, once, at ``/admin/login``; after that the
browser holds only a random session token (an HttpOnly cookie), never the password. Each
client's failures are counted: after :data:`FREE_ATTEMPTS` it must wait, twice as long
after each further failure (up to :data:`MAX_LOCKOUT_SECONDS`), and every failure is
logged with the client's address.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)

COOKIE = "policy_qa_admin"
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


@dataclass
class _Failures:
    count: int = 0
    locked_until: float = 0.0


class AdminSessions:
    """Issues, checks and ends admin sessions; slows down password guessing per client."""

    def __init__(self, password: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._password = password.encode("utf-8")
        self._clock = clock
        self._sessions: OrderedDict[str, float] = OrderedDict()  # token -> expiry
        self._failures: OrderedDict[str, _Failures] = OrderedDict()

    @property
    def enabled(self) -> bool:
        """Whether an admin password is set at all."""
        return bool(self._password)

    def login(self, client: str, password: str) -> str:
        """A new session token for the right password; raise :class:`LoginRefused` otherwise."""
        now = self._clock()
        failures = self._failures.get(client)
        if failures and failures.locked_until > now:
            wait = failures.locked_until - now
            raise LoginRefused(f"尝试次数过多,请 {wait:.0f} 秒后再试", retry_after=wait)
        given = password.encode("utf-8", "replace")
        if not self.enabled or not hmac.compare_digest(given, self._password):
            self._fail(client, now)
            raise LoginRefused("密码不正确")
        self._failures.pop(client, None)
        return self._new_session(now)

    def valid(self, token: str | None) -> bool:
        """Whether ``token`` is a live session."""
        expiry = self._sessions.get(token or "")
        if expiry is None:
            return False
        if expiry <= self._clock():
            self._sessions.pop(token or "", None)
            return False
        return True

    def logout(self, token: str | None) -> None:
        """End the session (a no-op for an unknown token)."""
        self._sessions.pop(token or "", None)

    def _new_session(self, now: float) -> str:
        token = secrets.token_urlsafe(32)
        self._sessions[token] = now + SESSION_SECONDS
        while len(self._sessions) > MAX_SESSIONS:
            self._sessions.popitem(last=False)
        logger.info("admin login: new session")
        return token

    def _fail(self, client: str, now: float) -> None:
        failures = self._failures.pop(client, None) or _Failures()
        failures.count += 1
        if failures.count > FREE_ATTEMPTS:
            wait = min(2.0 ** (failures.count - FREE_ATTEMPTS), MAX_LOCKOUT_SECONDS)
            failures.locked_until = now + wait
        self._failures[client] = failures
        while len(self._failures) > MAX_CLIENTS_TRACKED:
            self._failures.popitem(last=False)
        logger.warning("admin login failed from %s (%d in a row)", client, failures.count)
