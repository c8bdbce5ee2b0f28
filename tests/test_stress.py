"""The fault suite (``python -m eval.stress``) run as a test: every row as expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.stress.report import render
from eval.stress.runner import run_all

pytestmark = pytest.mark.slow  # real servers and builds, about 70 s


def test_every_attack_and_fault_is_handled(tmp_path: Path) -> None:
    rows = run_all(tmp_path)
    table = render(rows)
    print(table)  # the figures, in the test log
    assert len(rows) >= 20
    assert all(row.ok for row in rows), table
