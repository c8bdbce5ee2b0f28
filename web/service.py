"""The live assistant shared by the chat, the API and the tabs, and its rebuild."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa import Answer, Assistant

logger = logging.getLogger(__name__)


class RebuildBusyError(RuntimeError):
    """A rebuild is already running."""


@dataclass(frozen=True)
class RebuildResult:
    """What a finished rebuild produced."""

    documents: int
    items: int
    seconds: float


class AssistantService:
    """Holds the current :class:`Assistant`; a rebuild swaps it only once the new one is ready.

    Readers take the reference without a lock (an attribute read is atomic), so questions
    keep being answered from the old index while a new one is being built.
    """

    def __init__(self, assistant: Assistant, loader: Callable[[], Assistant]) -> None:
        self._assistant = assistant
        self._loader = loader
        self._rebuild_lock = threading.Lock()
        self.last_failure: str | None = None  # why the last rebuild failed, until one succeeds
        self.after_rebuild: list[Callable[[], None]] = []  # called after each swap

    @property
    def assistant(self) -> Assistant:
        """The assistant answering right now."""
        return self._assistant

    @property
    def rebuilding(self) -> bool:
        """True while a rebuild is running."""
        return self._rebuild_lock.locked()

    def ask(self, question: str, history: Sequence[str] = (), doc: str | None = None) -> Answer:
        """Answer with the current assistant (raises ``qa.QuestionError`` on bad input).

        ``doc`` (a plan's id or title) answers from that plan only.
        """
        return self._assistant.ask(question, history, doc)

    def rebuild_in_background(self) -> threading.Thread:
        """Start :meth:`rebuild` in a thread; the current assistant answers meanwhile."""

        def run() -> None:
            try:
                self.rebuild()
            except Exception:
                logger.exception("background rebuild failed; still serving the last good index")

        thread = threading.Thread(target=run, name="index-rebuild", daemon=True)
        thread.start()
        return thread

    def rebuild(self) -> RebuildResult:
        """Load the corpus and index again and swap them in; one rebuild at a time."""
        if not self._rebuild_lock.acquire(blocking=False):
            raise RebuildBusyError("索引正在重建,请稍候")
        try:
            started = time.perf_counter()
            assistant = self._loader()
            self._assistant = assistant
            self.last_failure = None
            for callback in self.after_rebuild:
                callback()
        except Exception as error:
            self.last_failure = f"{type(error).__name__}: {error}"[:300]
            raise
        finally:
            self._rebuild_lock.release()
        seconds = time.perf_counter() - started
        corpus = assistant.corpus
        logger.info("index rebuilt in %.1f s: %d documents", seconds, len(corpus.documents))
        return RebuildResult(len(corpus.documents), len(corpus.items()), seconds)
