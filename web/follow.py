"""Follow the index folder: when another process switches ``CURRENT``, load the new build.

Several app processes may serve one data folder. One of them builds (the store's build
lock lets one at a time); the others notice that ``CURRENT`` names a new build and load
it, without restarting, while they keep answering from the build they have.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from index.store import current_build
from web.service import AssistantService, RebuildBusyError

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL_SECONDS = 2.0


class BuildFollower:
    """Polls ``CURRENT`` of one index folder and reloads the service when it changes."""

    def __init__(
        self,
        service: AssistantService,
        folder: Path,
        interval: float = DEFAULT_INTERVAL_SECONDS,
        pointer: Callable[[Path], Path | None] = current_build,
    ) -> None:
        self.service = service
        self.folder = folder
        self.interval = interval
        self._pointer = pointer
        self.serving = pointer(folder)  # the build loaded now
        self._stop = threading.Event()
        # A rebuild in this process switches CURRENT too: that build is served already.
        service.after_rebuild.append(self._note_serving)

    def _note_serving(self) -> None:
        self.serving = self._pointer(self.folder)

    def check(self) -> bool:
        """Reload if ``CURRENT`` names another build than the one served; True if it did."""
        live = self._pointer(self.folder)
        if live is None or live == self.serving or self.service.rebuilding:
            return False
        logger.info("another process switched the index to %s: loading it", live.name)
        try:
            self.service.rebuild()
        except RebuildBusyError:
            return False
        except Exception:
            logger.exception("could not load %s; still serving the last good index", live.name)
            self.serving = live  # not again every interval; the next switch is tried
        return True

    def start(self) -> threading.Thread:
        """Check every ``interval`` seconds in a daemon thread until :meth:`stop`."""

        def run() -> None:
            while not self._stop.wait(self.interval):
                self.check()

        thread = threading.Thread(target=run, name="index-follower", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """End the polling thread."""
        self._stop.set()
