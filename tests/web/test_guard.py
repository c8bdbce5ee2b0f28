"""The gate in front of the app (body limits, closed routes) and the admin sessions."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from web.config import load_settings
from web.guard import GuardMiddleware, Limits, route_refusal
from web.login import create_login_router, session_token
from web.session_store import MemorySessionStore, SessionStore, SqliteSessionStore
from web.sessions import COOKIE, FREE_ATTEMPTS, MAX_SESSIONS, AdminSessions, LoginRefused


@pytest.mark.parametrize(
    ("path", "admin", "status"),
    [
        ("/gradio_api/queue/join", False, None),
        ("/admin/gradio_api/run/predict", False, 401),
        ("/gradio_api/file=https://example.com/x.png", False, 403),
        ("/gradio_api/file=HTTP://example.com/x.png", False, 403),
        ("/gradio_api/file=//example.com/x.png", False, 403),
        ("/gradio_api/proxy=https://example.com/", False, 403),
        ("/gradio_api/file=/srv/data/tmp/gradio/ab/x.csv", False, None),
        ("/gradio_api/upload", False, 403),
        ("/embed/gradio_api/upload", False, 403),
        ("/admin/gradio_api/upload", False, 401),
        ("/admin/gradio_api/upload", True, None),
        ("/admin/gradio_api/queue/join", False, 401),  # refused before it queues
        ("/admin/", False, 303),
        ("/admin", False, 303),
        ("/admin/", True, None),
        ("/admin/login", False, None),
        ("/api/ask", False, None),
        ("/openapi.json", False, 404),
        ("/gradio_api/openapi.json", False, 404),
        ("/embed/openapi.json", False, 404),
        ("/docs", False, 404),
        ("/gradio_api/info", False, None),  # gradio_client's description stays
    ],
)
def test_route_refusal(path: str, admin: bool, status: int | None) -> None:
    refusal = route_refusal(path, admin)
    assert (refusal.status if refusal else None) == status


def test_the_api_schema_is_served_only_when_turned_on() -> None:
    assert route_refusal("/openapi.json", False, schemas_open=True) is None
    assert load_settings({"POLICY_QA_API_SCHEMA": "on"}).api_schema
    assert not load_settings({}).api_schema


def in_own_loop(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run on a fresh event loop in a thread (Playwright's sync API keeps one running here)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


class Echo:
    """An app that reports how many body bytes it received."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        size = 0
        while True:
            message = await receive()
            size += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(size).encode()})


def run(
    app: Echo, chunks: list[bytes], headers: list[tuple[bytes, bytes]], limits: Limits
) -> list[Message]:
    """Send one POST with ``chunks`` through the gate; return what it sent back."""
    guard = GuardMiddleware(app, limits)
    sent: list[Message] = []
    queue = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]

    async def receive() -> Message:
        if not queue:
            await asyncio.sleep(10)  # a client that stops sending
        return queue.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/ask", "headers": headers}
    in_own_loop(guard(scope, receive, send))
    return sent


LIMITS = Limits(body_bytes=100, upload_bytes=1000, body_seconds=0.2)


def test_a_declared_oversized_body_is_refused_unread() -> None:
    app = Echo()
    sent = run(app, [b"x" * 10], [(b"content-length", b"5000000")], LIMITS)
    assert sent[0]["status"] == 413 and app.calls == 0
    assert "上限 0.0976562 KB" in sent[1]["body"].decode()


def test_a_chunked_body_is_cut_off_at_the_limit() -> None:
    app = Echo()
    sent = run(app, [b"x" * 60, b"x" * 60, b"x" * 60], [], LIMITS)
    assert sent[0]["status"] == 413 and app.calls == 0


def test_a_body_within_the_limit_reaches_the_app_whole() -> None:
    app = Echo()
    sent = run(app, [b"x" * 40, b"x" * 40], [(b"content-length", b"80")], LIMITS)
    assert sent[0]["status"] == 200 and sent[1]["body"] == b"80"


def test_a_body_that_stops_arriving_is_refused_with_408() -> None:
    app = Echo()
    guard = GuardMiddleware(app, LIMITS)
    sent: list[Message] = []

    async def receive() -> Message:
        await asyncio.sleep(10)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/ask", "headers": []}
    in_own_loop(guard(scope, receive, send))
    assert sent[0]["status"] == 408 and app.calls == 0


# --- admin sessions -------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> SessionStore:
    """Each session rule holds for one process's store and for the shared one."""
    if request.param == "sqlite":
        return SqliteSessionStore(tmp_path / "sessions.sqlite3")
    return MemorySessionStore()


def test_a_session_after_the_right_password_only(store: SessionStore) -> None:
    sessions = AdminSessions("s3cret", Clock(), store)
    token = sessions.login("10.0.0.1", "s3cret")
    assert sessions.valid(token) and not sessions.valid("forged") and not sessions.valid(None)
    with pytest.raises(LoginRefused, match="密码不正确"):
        sessions.login("10.0.0.1", "S3CRET")
    sessions.logout(token)
    assert not sessions.valid(token)


def test_no_password_set_means_no_login() -> None:
    sessions = AdminSessions("")
    assert not sessions.enabled
    with pytest.raises(LoginRefused):
        sessions.login("10.0.0.1", "")


def test_sessions_expire_and_are_bounded(store: SessionStore) -> None:
    clock = Clock()
    sessions = AdminSessions("pw", clock, store)
    first = sessions.login("a", "pw")
    clock.now += 8 * 3600 + 1
    assert not sessions.valid(first)
    tokens = [sessions.login("a", "pw") for _ in range(MAX_SESSIONS + 1)]
    assert not sessions.valid(tokens[0]) and sessions.valid(tokens[-1])


def test_guessing_slows_down_per_client_and_is_logged(
    caplog: pytest.LogCaptureFixture, store: SessionStore
) -> None:
    clock = Clock()
    sessions = AdminSessions("pw", clock, store)
    with caplog.at_level(logging.WARNING, logger="web.sessions"):
        for _ in range(FREE_ATTEMPTS + 1):
            with pytest.raises(LoginRefused):
                sessions.login("10.0.0.9", "guess")
    assert "10.0.0.9" in caplog.text and f"{FREE_ATTEMPTS + 1} in a row" in caplog.text
    with pytest.raises(LoginRefused) as waiting:
        sessions.login("10.0.0.9", "pw")  # even the right password must wait
    assert waiting.value.retry_after == pytest.approx(2.0)
    assert sessions.valid(sessions.login("10.0.0.8", "pw"))  # other clients are not slowed
    clock.now += 2.1
    with pytest.raises(LoginRefused):
        sessions.login("10.0.0.9", "guess")
    with pytest.raises(LoginRefused) as longer:
        sessions.login("10.0.0.9", "guess")
    assert longer.value.retry_after == pytest.approx(4.0)
    clock.now += 4.1
    assert sessions.valid(sessions.login("10.0.0.9", "pw"))  # success resets the count
    with pytest.raises(LoginRefused) as fresh:
        sessions.login("10.0.0.9", "guess")
    assert fresh.value.retry_after == 0


def test_processes_sharing_the_store_share_sessions_and_count_guesses_together(
    tmp_path: Path,
) -> None:
    clock = Clock()
    path = tmp_path / "sessions.sqlite3"
    first, second = (AdminSessions("pw", clock, SqliteSessionStore(path)) for _ in range(2))
    token = first.login("10.0.0.1", "pw")
    assert second.valid(token)  # logged in through one process, recognised by the other
    second.logout(token)
    assert not first.valid(token)
    for sessions in [first, second] * 2:  # guesses spread over both processes
        with pytest.raises(LoginRefused):
            sessions.login("10.0.0.9", "guess")
    with pytest.raises(LoginRefused) as waiting:
        first.login("10.0.0.9", "pw")
    assert waiting.value.retry_after == pytest.approx(2.0)
    stored = b"".join(f.read_bytes() for f in tmp_path.glob("sessions.sqlite3*"))
    assert token.encode() not in stored and len(stored) > 0  # only hashes are kept


# --- the login routes -------------------------------------------------------------------


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    app.include_router(create_login_router(AdminSessions("pw")))
    return TestClient(app)


def test_login_sets_an_httponly_strict_cookie(client: TestClient) -> None:
    assert "管理员密码" in client.get("/admin/login").text
    wrong = client.post("/admin/login", data={"password": "nope"}, follow_redirects=False)
    assert wrong.status_code == 401 and "密码不正确" in wrong.text
    right = client.post("/admin/login", data={"password": "pw"}, follow_redirects=False)
    assert right.status_code == 303 and right.headers["location"] == "/admin/"
    cookie = right.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie and "Path=/admin" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    # a random token, not the password (a 43-character token may hold "pw" by chance)
    assert token != "pw" and len(token) >= 40


def test_login_answers_429_while_a_client_must_wait(client: TestClient) -> None:
    for _ in range(FREE_ATTEMPTS + 1):
        client.post("/admin/login", data={"password": "nope"})
    waiting = client.post("/admin/login", data={"password": "pw"}, follow_redirects=False)
    assert waiting.status_code == 429 and int(waiting.headers["retry-after"]) >= 2


def test_session_token_reads_only_the_admin_cookie() -> None:
    scope: dict[str, Any] = {"headers": [(b"cookie", f"a=1; {COOKIE}=tok; b=2".encode())]}
    assert session_token(scope) == "tok"
    assert session_token({"headers": [(b"cookie", b"a=1")]}) is None
    assert session_token({"headers": []}) is None
