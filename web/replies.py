"""The replies the chat gave, kept briefly under ids the server issued, for 👍/👎.

A vote names a reply by the id hidden in it; the feedback row then holds what the server
said (question, earlier questions, reply and answer record), never what the client sends
back. Forged or expired ids store nothing.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_REPLIES = 2000
_MARKER = re.compile(r"<!-- reply:([A-Za-z0-9_-]{16,64}) -->")


@dataclass(frozen=True)
class Reply:
    """One reply as the server produced it."""

    question: str
    history: tuple[str, ...]
    text: str
    record: dict[str, Any]


class ReplyLog:
    """Replies by id, the newest ``capacity`` of them, each for ``seconds`` after it was given."""

    def __init__(
        self,
        seconds: float,
        capacity: int = MAX_REPLIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._seconds, self._capacity, self._clock = seconds, capacity, clock
        self._replies: OrderedDict[str, tuple[float, Reply]] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, reply: Reply) -> str:
        """Keep ``reply``; return the reply's text with its id hidden at the end."""
        reply_id = secrets.token_urlsafe(16)
        with self._lock:
            self._replies[reply_id] = (self._clock() + self._seconds, reply)
            while len(self._replies) > self._capacity:
                self._replies.popitem(last=False)
        return f"{reply.text}\n\n<!-- reply:{reply_id} -->"

    def find(self, shown: str) -> Reply | None:
        """The reply whose id is hidden in ``shown`` (a message sent back), if still kept."""
        reply_id = hidden_id(shown)
        if reply_id is None:
            return None
        with self._lock:
            kept = self._replies.get(reply_id)
        if kept is None or kept[0] <= self._clock():
            return None
        return kept[1]


def hidden_id(shown: str) -> str | None:
    """The reply id hidden in a message the client sent back, if any."""
    found = _MARKER.search(shown)
    return found.group(1) if found else None
