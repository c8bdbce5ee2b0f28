"""The feedback store in PostgreSQL: the same behaviour as SQLite, and concurrent writers.

Runs against ``$POLICY_QA_TEST_POSTGRES_URL`` (a database the test may write a
``feedback`` table into), which ``scripts/test.sh`` sets after starting a local server. A
plain ``pytest`` without it skips them, saying so; a URL where nothing answers fails them.
"""

from __future__ import annotations

import os
from multiprocessing import get_context

import pytest

from eval.feedback_store import PostgresFeedbackStore, open_feedback_store

URL = os.environ.get("POLICY_QA_TEST_POSTGRES_URL", "")


@pytest.fixture
def store() -> PostgresFeedbackStore:
    if not URL:
        pytest.skip("no PostgreSQL: set POLICY_QA_TEST_POSTGRES_URL=postgresql://… to run")
    import psycopg

    try:
        with psycopg.connect(URL, connect_timeout=3) as connection:
            connection.execute("DROP TABLE IF EXISTS feedback")
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at POLICY_QA_TEST_POSTGRES_URL={URL} does not answer: {error}")
    opened = open_feedback_store(URL, keep_days=30)
    assert isinstance(opened, PostgresFeedbackStore)
    return opened


def test_votes_comments_caps_and_purge(store: PostgresFeedbackStore) -> None:
    first = store.add(vote="up", question="谁负责厕所革命?", history=[], reply="r", record={})
    second = store.add(
        vote="down", question="q" * 9000, history=["h"] * 50, reply="r", record={"x": 1}
    )
    assert second > first and store.set_comment(second, "数字不对")
    assert not store.set_comment(second + 100, "x")
    up, down = store.entries()
    assert up.question == "谁负责厕所革命?" and down.comment == "数字不对"
    assert len(down.question) == 2000 and len(down.history) == 20 and down.record == {"x": 1}
    assert [e.vote for e in store.entries("down")] == ["down"]
    import psycopg

    with psycopg.connect(URL) as connection:
        connection.execute("UPDATE feedback SET created_at = '2020-01-01T00:00:00+00:00'")
    assert store.purge() == 2 and store.entries() == []


def test_a_changed_vote_replaces_the_first(store: PostgresFeedbackStore) -> None:
    kept = store.add(vote="up", question="q", history=[], reply="r", record={}, reply_key="k")
    for vote in ("down", "up", "down"):
        again = store.add(vote=vote, question="q", history=[], reply="r", record={}, reply_key="k")
        assert again == kept
    assert [(e.id, e.vote) for e in store.entries()] == [(kept, "down")]


def _write_votes(url: str, process: int, count: int) -> None:
    writer = open_feedback_store(url)
    for n in range(count):
        writer.add(vote="up", question=f"{process}-{n}", history=[], reply="r", record={})


def test_no_vote_is_lost_under_writes_from_two_processes(store: PostgresFeedbackStore) -> None:
    context = get_context("spawn")
    writers = [context.Process(target=_write_votes, args=(URL, p, 200)) for p in (1, 2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
    assert [w.exitcode for w in writers] == [0, 0]
    assert len({entry.question for entry in store.entries()}) == 400
