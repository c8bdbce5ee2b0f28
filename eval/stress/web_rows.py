"""Attacks on a running server, each returning a :class:`~eval.stress.report.Row`."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from eval.stress.client import (
    call,
    chunked_body,
    declared_body,
    fn_index,
    gradio_event,
    post_json,
    slow_body,
)
from eval.stress.report import Row
from eval.stress.server import PASSWORD, LiveServer

MB = 1 << 20
ALL_PLANS = "全部计划"  # the chat's plan selector, as web.chat offers it
QUESTION = "谁负责厕所革命?"


def chat_input(question: str) -> list[object]:
    """The chat event's inputs: the question, an empty conversation, every plan."""
    return [question, [], ALL_PLANS]


def history_flood(server: LiveServer) -> Row:
    """20 chat calls, each a new session with a 45 MB history."""
    before = server.rss_mb()
    statuses = [
        declared_body(server.url, "/gradio_api/queue/join", 45 * MB, sent=MB)[0] for _ in range(20)
    ]
    growth = server.rss_mb() - before
    return Row(
        "20 chat calls via Gradio, each a new session with a 45 MB history",
        "413 each; RSS growth < 50 MB",
        f"{sorted(set(statuses))}; RSS {before:.0f} → {before + growth:.0f} MB",
        set(statuses) == {413} and growth < 50,
    )


def big_json_to_gradio(server: LiveServer) -> Row:
    before = server.rss_mb()
    status = chunked_body(server.url, "/gradio_api/run/chat", 200 * MB)
    growth = server.rss_mb() - before
    return Row(
        "200 MB JSON (chunked) to /gradio_api/run/chat",
        "413 at the limit; RSS growth < 50 MB",
        f"{status}; RSS +{growth:.0f} MB",
        status == 413 and growth < 50,
    )


def big_body_to_api(server: LiveServer) -> Row:
    before = server.rss_mb()
    status, seconds = declared_body(server.url, "/api/ask", 300 * MB)
    growth = server.rss_mb() - before
    return Row(
        "300 MB body to /api/ask",
        "413 before reading it",
        f"{status} after {seconds * 1000:.0f} ms; RSS +{growth:.0f} MB",
        status == 413 and growth < 50,
    )


def anonymous_upload(server: LiveServer) -> Row:
    multipart = "multipart/form-data; boundary=stressboundary"
    statuses = {
        path: declared_body(server.url, path, 250 * MB, sent=MB, content_type=multipart)[0]
        for path in ("/gradio_api/upload", "/embed/gradio_api/upload", "/admin/gradio_api/upload")
    }
    written = sum(f.stat().st_size for f in (server.data / "tmp").rglob("*") if f.is_file())
    return Row(
        "25 × 10 MB (250 MB) to the upload routes, no login, from a foreign origin",
        "refused (403/401) before reading; nothing written",
        f"{statuses}; {written} bytes under tmp/",
        all(s in (401, 403) for s in statuses.values()) and written == 0,
    )


def malformed_multipart(server: LiveServer) -> Row:
    cookie = login(server)
    headers = {"Content-Type": "multipart/form-data; boundary=zzz", "Cookie": cookie}
    statuses = [
        call(server.url, "POST", "/admin/gradio_api/upload", body, headers).status
        for body in (b"--zzz\r\nno headers", b"garbage", b"--zzz--\r\n" * 1000)
    ]
    return Row(
        "malformed multipart bodies to the admin upload (logged in)",
        "refused or empty, never a 500",
        str(statuses),
        bool(statuses) and all(s < 500 for s in statuses),
    )


def login(server: LiveServer, password: str = PASSWORD) -> str:
    """Log in; the Cookie header value for the admin session ('' if refused)."""
    body = f"password={password}".encode()
    reply = call(
        server.url,
        "POST",
        "/admin/login",
        body,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    cookie = reply.headers.get("set-cookie", "")
    return cookie.split(";", 1)[0] if reply.status == 303 else ""


def admin_flood_during_chat(server: LiveServer) -> Row:
    """256 anonymous admin calls while staff ask: all refused, the chat keeps answering."""

    def admin_call(_: int) -> int:
        return post_json(server.url, "/admin/gradio_api/queue/join", {"fn_index": 0}).status

    def ask(_: int) -> tuple[int, float]:
        started = time.monotonic()
        status = post_json(server.url, "/api/ask", {"question": QUESTION}).status
        return status, time.monotonic() - started

    with ThreadPoolExecutor(32) as pool:
        flood = pool.map(admin_call, range(256))
        asks = list(pool.map(ask, range(40)))
        statuses = sorted(set(flood))
    page = call(server.url, "GET", "/").status
    p95 = statistics.quantiles([s for _, s in asks], n=20)[-1] * 1000
    return Row(
        "256 anonymous admin calls while 40 questions are asked",
        "admin 401; every question 200; the page 200",
        f"admin {statuses}; asks {sorted({s for s, _ in asks})} (p95 {p95:.0f} ms); page {page}",
        statuses == [401] and {s for s, _ in asks} == {200} and page == 200,
    )


def unqueued_routes(server: LiveServer) -> Row:
    statuses = [
        post_json(server.url, path, {"data": []}).status
        for path in (
            "/gradio_api/run/chat",
            "/gradio_api/call/chat",
            "/admin/gradio_api/run/predict",
        )
        for _ in range(3)
    ]
    return Row(
        "/gradio_api/run/… and /call/… ×3 (chat; admin rebuild without login)",
        "no queued event answered outside the queue; admin 401",
        str(sorted(set(statuses))),
        200 not in statuses[:3] and set(statuses[6:]) == {401},
    )


def password_guessing(server: LiveServer) -> Row:
    statuses: list[int] = []
    started = time.monotonic()
    for attempt in range(300):
        statuses.append(
            call(
                server.url,
                "POST",
                "/admin/login",
                f"password=guess{attempt}".encode(),
                {"Content-Type": "application/x-www-form-urlencoded"},
            ).status
        )
    rate = len(statuses) / (time.monotonic() - started)
    logged = server.log_text().count("admin login failed")
    locked = login(server) == ""  # even the right password must now wait
    return Row(
        f"300 password guesses at {rate:.0f}/s",
        "401 for 4 (the 4th starts the wait), then 429; each failure logged; "
        "right password refused meanwhile",
        f"401×{statuses.count(401)}, 429×{statuses.count(429)}; {logged} log lines; "
        f"right password {'refused' if locked else 'accepted'}",
        statuses[:4] == [401] * 4 and statuses.count(429) >= 290 and logged >= 4 and locked,
    )


def fuzzed_questions(server: LiveServer) -> Row:
    questions = [
        "\ud800谁负责",
        "厕所\udfff",
        "\x00\x01",
        "<script>alert(1)</script>",
        "$x$ \\(y\\)",
    ]
    questions += ["问" * 600, "", " " * 50, "🚽" * 100, "\u202e谁负责"]
    api = [post_json(server.url, "/api/ask", {"question": q}).status for q in questions]
    chat = fn_index(server.url, "", "chat")
    replies = [gradio_event(server.url, "", chat, chat_input(q)) for q in questions[:2]]
    shown = [r[0] if isinstance(r, list) else r for r in replies]
    return Row(
        "10 fuzzed questions (lone surrogates, control chars, markup, 600 chars, RTL)",
        "200 or 422 from /api/ask, never 500; chat replies with a message",
        f"/api/ask {sorted(set(api))}; chat {[str(s)[:30] for s in shown]}",
        500 not in api and all(isinstance(s, str) and "⚠️" in s for s in shown),
    )


def feedback_flood(server: LiveServer) -> Row:
    status, _ = declared_body(server.url, "/gradio_api/queue/join", 14 * MB)
    return Row(
        "one 14 MB feedback call",
        "413; nothing stored",
        f"{status}",
        status == 413,
    )


def export_page_loads(server: LiveServer) -> Row:
    load = fn_index(server.url, "", "refresh_2")
    strays_before = len(list(Path(tempfile.gettempdir()).glob("policy-qa-export-*")))
    for _ in range(100):
        gradio_event(server.url, "", load, ["全部部门", "全部角色"])
    exports = server.data / "exports"
    files = sorted(p.name for p in exports.iterdir()) if exports.is_dir() else []
    strays = len(list(Path(tempfile.gettempdir()).glob("policy-qa-export-*"))) - strays_before
    return Row(
        "100 page loads of the 任务分工 tab",
        "one CSV and one .xlsx, replaced; no temp folders",
        f"{len(files)} files in exports/; {strays} new temp folders",
        len(files) == 2 and strays == 0,
    )


def url_fetch(server: LiveServer) -> Row:
    statuses = [
        call(server.url, "GET", path).status
        for path in (
            "/gradio_api/file=https://example.com/x.png",
            "/gradio_api/file=http://127.0.0.1:9/x",
            "/gradio_api/proxy=https://example.com/",
            "/embed/gradio_api/file=https://example.com/x.png",
        )
    ]
    return Row(
        "/gradio_api/file=<URL> and proxy=<URL>",
        "403: nothing fetched",
        str(statuses),
        set(statuses) == {403},
    )


def slow_bodies(server: LiveServer) -> Row:
    with ThreadPoolExecutor(20) as pool:
        slow = pool.map(lambda _: slow_body(server.url, "/api/ask", 10), range(20))
        started = time.monotonic()
        answer = post_json(server.url, "/api/ask", {"question": QUESTION}).status
        answered_in = time.monotonic() - started
        results = list(slow)
    statuses = sorted({s for s, _ in results})
    return Row(
        "20 slowloris bodies (a byte a second)",
        "408 after POLICY_QA_BODY_SECONDS (3 s here); questions still answered",
        f"{statuses} after ≤ {max(t for _, t in results):.1f} s; a question {answer} in "
        f"{answered_in * 1000:.0f} ms",
        statuses == [408] and answer == 200,
    )


def concurrent_load(server: LiveServer) -> Row:
    chat = fn_index(server.url, "", "chat")

    def ask(_: int) -> tuple[int, float]:
        started = time.monotonic()
        status = post_json(server.url, "/api/ask", {"question": QUESTION}).status
        return status, time.monotonic() - started

    def converse(_: int) -> bool:
        reply = gradio_event(server.url, "", chat, chat_input(QUESTION))
        return isinstance(reply, list) and "市农业农村局" in str(reply[0])

    with ThreadPoolExecutor(64) as pool:
        sessions = pool.map(converse, range(50))
        asks = list(pool.map(ask, range(200)))
        answered = list(sessions)
    latencies = sorted(s for _, s in asks)
    p50, p95 = latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.95)] * 1000
    errors = sum(status != 200 for status, _ in asks)
    return Row(
        "200 concurrent /api/ask + 50 chat sessions",
        "no error; every chat answered",
        f"{errors} errors, p50 {p50:.0f} ms, p95 {p95:.0f} ms; chats {sum(answered)}/50",
        errors == 0 and all(answered),
    )


def headers(server: LiveServer) -> Row:
    paths = ["/", "/api/health", "/gradio_api/upload", "/admin/config", "/widget.js"]
    missing = [
        p
        for p in paths
        if call(server.url, "GET", p).headers.get("x-content-type-options") != "nosniff"
    ]
    return Row(
        "nosniff on every response, refusals included",
        "present on all",
        f"missing on {missing}" if missing else "present on all",
        not missing,
    )


WEB_ROWS: tuple[Callable[[LiveServer], Row], ...] = (
    history_flood,
    big_json_to_gradio,
    big_body_to_api,
    anonymous_upload,
    malformed_multipart,
    admin_flood_during_chat,
    unqueued_routes,
    fuzzed_questions,
    feedback_flood,
    export_page_loads,
    url_fetch,
    slow_bodies,
    concurrent_load,
    headers,
    password_guessing,  # last: it locks this client out of the admin login
)
