"""Run every row of the fault suite; an attack that raises is a failed row, not a crash."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from eval.stress.index_rows import (
    disk_full,
    killed_build,
    restart_during_rebuild,
    truncated_on_disk,
    two_builders,
)
from eval.stress.probe_rows import PROBE_ROWS
from eval.stress.report import Row
from eval.stress.server import LiveServer
from eval.stress.web_rows import WEB_ROWS

logger = logging.getLogger(__name__)
Target = TypeVar("Target")


def guarded(attack: Callable[[Target], Row], target: Target) -> Row:
    """Run one attack; time it; turn an exception into a failed row."""
    started = time.monotonic()
    try:
        row = attack(target)
    except Exception as error:  # one broken attack must not hide the others' rows
        logger.exception("%s raised", attack.__name__)
        row = Row(attack.__name__, "a row", f"raised {type(error).__name__}: {error}", False)
    return Row(row.attack, row.expected, row.observed, row.ok, time.monotonic() - started)


def run_all(work: Path) -> list[Row]:
    """Every attack on one server, then the index faults and the restarts."""
    server = LiveServer(work / "server")
    server.start()
    try:
        rows = [guarded(attack, server) for attack in WEB_ROWS[:-1]]
        rows.append(guarded(truncated_on_disk, server))
        rows += [guarded(attack, server) for attack in PROBE_ROWS]
        rows.append(guarded(WEB_ROWS[-1], server))  # last: it locks this client's login out
    finally:
        server.stop()
    for fault in (disk_full, two_builders, killed_build, restart_during_rebuild):
        rows.append(guarded(fault, work))
    return rows
